import { compile, type CompileOptions, type CompileResult } from "./compile.js";
import { type CompileInputs, regenerateCommand } from "./inputs.js";
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
 */
export async function compileTree(inputs: CompileInputs, options: CompileOptions, ordersDir?: string): Promise<CompileResult> {
  if (options.target !== "all") return compile(inputs, options);
  const resolved = resolvePricing({ provider: inputs.provider, pricing: inputs.pricing }, []);
  // With errors there is nothing to report on: compile() reports them and writes no tree.
  if (!resolved) return compile(inputs, options);
  let orders: CorpusOrder[] = [];
  if (ordersDir !== undefined) {
    const read = readOrders(ordersDir);
    if (read.ok) orders = read.orders;
  }
  const inputPaths = [inputs.provider, inputs.pricing].filter((s) => s !== undefined).map((s) => s.path);
  const html = await generateReport({ model: resolved.model, orders, header: { version: options.version, inputs: inputPaths, regenerate: regenerateCommand(inputs) } });
  return compile(inputs, { ...options, extraFiles: new Map([[REPORT_PATH, html]]) });
}
