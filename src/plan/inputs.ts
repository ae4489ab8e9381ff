import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { compilePricing } from "../compile-pricing.js";
import { type CompileInputs, PATHS } from "../inputs.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
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
