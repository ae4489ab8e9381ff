import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { compilePricing } from "../compile-pricing.js";
import { type CompileInputs, PATHS } from "../inputs.js";
import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import type { Io } from "../io/io.js";
import { type InputFlags, readInputs, shippedExample } from "../io/read-inputs.js";
import { report } from "../io/report.js";
import { PLAIN_DECIMAL } from "../pricing/decimal-text.js";
import { VERSION } from "../version.js";
import { type CorpusOrder, readOrders } from "./orders.js";
import { resolvePricing } from "../pricing/resolve.js";
import type { PricingModel } from "../pricing/model.js";
import { readDeployed, type Deployed } from "./deployed.js";

/** DEPLOYED as a file of Helm values, or an akops tree holding its overlay (helm/akops-values.yaml). */
export function readDeployedPath(path: string): Deployed | string {
  let file = path;
  try {
    if (statSync(path).isDirectory()) {
      // Trees from before the overlay held the whole values file.
      file = [PATHS.values, "helm/provider-values.yaml"].map((p) => join(path, p)).find((f) => existsSync(f)) ?? "";
      if (file === "") return `${path} is a directory without ${PATHS.values}`;
    }
    return readDeployed(readFileSync(file, "utf8"));
  } catch (e) {
    return `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`;
  }
}

export interface NewSide {
  /** What `gen values` writes now, read back exactly as the deployed values are. */
  next: Deployed;
  model: PricingModel;
}

/**
 * The new side: the values `akops gen values` would write from these inputs, so the new script runs
 * with the environment the chart would give it after `helm upgrade` (and through the same code as the
 * deployed side). Diagnostics are appended; undefined on any error.
 */
export function newSide(inputs: CompileInputs, version: string, diagnostics: Diagnostic[]): NewSide | undefined {
  const result = compilePricing(inputs, { version, target: "values" });
  diagnostics.push(...result.diagnostics);
  const values = result.files.get(PATHS.values);
  const resolved = values === undefined ? undefined : resolvePricing(inputs, []);
  if (values === undefined || resolved === undefined) return undefined;
  // After `helm upgrade -f provider.yaml -f akops-values.yaml` the chart sees both, the overlay winning.
  const next = readDeployed(values, resolved.providerValues);
  if (typeof next === "string") throw new Error(`internal: generated values do not read back: ${next}`);
  return { next, model: resolved.model };
}

/**
 * `akops plan` and `akops report`: the operator's inputs and the new side they give, with their
 * diagnostics printed (warnings too). On an error, the exit code instead.
 */
export function readNewSide(
  io: Io,
  flags: InputFlags,
): { inputs: CompileInputs; side: NewSide; sources: SourceFile[] } | number {
  const diagnostics: Diagnostic[] = [];
  const inputs = readInputs(io, flags, diagnostics);
  if (diagnostics.length > 0) return report(io, diagnostics, []) || 1;
  const side = newSide(inputs, VERSION, diagnostics);
  const sources = [inputs.provider, inputs.pricing].filter((s) => s !== undefined);
  if (!side) return report(io, diagnostics, sources) || 1;
  report(io, diagnostics, sources); // warnings
  return { inputs, side, sources };
}

/** The order corpus: `--orders` (relative to the cwd), else the shipped examples/orders/; or why not. */
export function readCorpus(io: Io, orders: string | undefined): CorpusOrder[] | string {
  const path = orders !== undefined ? resolve(io.cwd, orders) : shippedExample("orders");
  if (path === undefined) return "no --orders and the shipped examples/orders/ corpus is missing";
  const read = readOrders(path);
  return read.ok ? read.orders : `orders:\n  ${read.errors.join("\n  ")}`;
}

/** What `--akt-usd` and AKOPS_AKT_USD take: a plain decimal above zero. */
export function isAktUsd(text: string): boolean {
  return PLAIN_DECIMAL.test(text) && !/^0*(\.0*)?$/.test(text);
}
