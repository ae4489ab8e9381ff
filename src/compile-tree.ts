import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { compile, type CompileOptions, type CompileResult } from "./compile.js";
import { sha256 } from "./emit/sha256.js";
import { parseLock } from "./package/lock.js";
import { type CompileInputs, PATHS, regenerateCommand } from "./inputs.js";
import { readOrders, type CorpusOrder } from "./plan/orders.js";
import { resolvePricing } from "./pricing/resolve.js";
import { generateReport, REPORT_PATH } from "./report/report.js";

/**
 * compile() plus the pricing report for `all` trees. compile() stays pure and synchronous; the
 * report's charts render asynchronously (vega), so they are made first and handed to compile() as an
 * extra file, which puts it into the README and the lock like any other. The one function `gen all`,
 * `verify` and the golden test share.
 *
 * @param ordersDir the order corpus (examples/orders); without it the report has no per-order sections.
 * @param previousReport the tree's current report, when its lock vouches for it (see previousReport()):
 *   kept as it is when nothing it depends on changed.
 */
export async function compileTree(
  inputs: CompileInputs,
  options: CompileOptions,
  ordersDir?: string,
  previousReport?: string,
): Promise<CompileResult> {
  if (options.target !== "all") return compile(inputs, options);
  const pricingDiagnostics: Diagnostic[] = [];
  const resolved = resolvePricing({ provider: inputs.provider, pricing: inputs.pricing }, pricingDiagnostics);
  // With errors there is nothing to report on: compile() reports them and writes no tree.
  if (!resolved) return compile(inputs, options);
  let orders: CorpusOrder[] = [];
  if (ordersDir !== undefined) {
    const read = readOrders(ordersDir);
    if (read.ok) orders = read.orders;
  }
  const inputPaths = [inputs.provider, inputs.pricing].filter((s) => s !== undefined).map((s) => s.path);
  const header = { version: options.version, inputs: inputPaths, regenerate: regenerateCommand(inputs) };
  const html = await generateReport({ model: resolved.model, orders, header }, previousReport);
  return compile(inputs, {
    ...options,
    extraFiles: new Map([[REPORT_PATH, html]]),
    resolvedPricing: { result: resolved, diagnostics: pricingDiagnostics },
  });
}

/** The report in an earlier `gen all` tree at `dir`, if its lock names it with these very bytes. */
export function previousReport(dir: string): string | undefined {
  try {
    const lock = parseLock(readFileSync(join(dir, PATHS.lock), "utf8"));
    const html = readFileSync(join(dir, REPORT_PATH), "utf8");
    if (typeof lock === "string" || lock.files[REPORT_PATH] !== sha256(html)) return undefined;
    return html;
  } catch {
    return undefined;
  }
}
