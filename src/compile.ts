import type { Diagnostic, SourceFile } from "./diagnostics/diagnostic.js";
import { hasErrors } from "./diagnostics/diagnostic.js";
import { loadOps } from "./config/ops.js";
import type { HeaderInfo } from "./emit/header.js";
import type { OpsContext } from "./ops/context.js";
import { generateCertRotate } from "./ops/certs/generate.js";
import { generatePackage } from "./ops/package/generate.js";
import { generatePruner } from "./ops/pruner/generate.js";
import { generateReaper } from "./ops/reaper/generate.js";
import { emitBidScript } from "./pricing/emit/bash.js";
import { emitHelmValues } from "./pricing/emit/helm-values.js";
import { resolvePricing } from "./pricing/resolve.js";

export interface CompileInputs {
  /** The operator's Helm values (provider.yaml). Without it every price takes the reference's default. */
  provider?: SourceFile;
  /** The pricing DSL file. */
  pricing?: SourceFile;
  /** ops.yaml: schedules, waits, thresholds, paths. */
  ops?: SourceFile;
}

/** What to produce: one artifact, or the whole provider-repo tree. */
export type Target = "price-script" | "values" | "reaper" | "pruner" | "cert-rotate" | "all";

export interface CompileOptions {
  /** Written into headers and the lock file; golden tests use TEST_VERSION. */
  version: string;
  target: Target;
  /**
   * Files made outside compile() and added to an `all` tree before its README and lock are written:
   * the pricing report, whose charts render asynchronously (see report/tree.ts compileTree).
   */
  extraFiles?: ReadonlyMap<string, string>;
}

export interface CompileResult {
  /** Tree-relative POSIX path → content, in sorted path order. Empty when any error was found. */
  files: Map<string, string>;
  diagnostics: Diagnostic[];
  /** The inputs, for rendering diagnostics with source lines. */
  sources: SourceFile[];
}

/** Paths of the artifacts inside the generated tree. */
export const PATHS = {
  bidScript: "bid/price_script.sh",
  values: "helm/provider-values.yaml",
  upgrade: "helm/upgrade.sh",
  reaper: "bin/kill-zombie-parents.sh",
  pruner: "bin/akash-force-new-replicasets.sh",
  certRotate: "bin/k8s-cert-rotate.sh",
  runbook: "docs/cert-rotation-runbook.md",
} as const;

/** The command that regenerates the tree from the same inputs, written into every header. */
export function regenerateCommand(inputs: CompileInputs): string {
  const parts = ["akops gen all"];
  if (inputs.provider) parts.push(`--config ${inputs.provider.path}`);
  if (inputs.pricing) parts.push(`--pricing ${inputs.pricing.path}`);
  if (inputs.ops) parts.push(`--ops ${inputs.ops.path}`);
  return parts.join(" ");
}

/**
 * The one pure entry point shared by the CLI, the tests and the golden check: inputs in, files and
 * diagnostics out. No file system, no clock, no environment. Nothing is produced when any input has
 * an error, so a caller can never write half a tree.
 */
export function compile(inputs: CompileInputs, options: CompileOptions): CompileResult {
  const diagnostics: Diagnostic[] = [];
  const sources = [inputs.provider, inputs.pricing, inputs.ops].filter((s): s is SourceFile => s !== undefined);
  const files = new Map<string, string>();
  const t = options.target;
  const wantsPricing = t === "price-script" || t === "values" || t === "all";
  const wantsOps = t === "reaper" || t === "pruner" || t === "cert-rotate" || t === "all";

  const pricingInputs = [inputs.provider?.path, inputs.pricing?.path].filter((p): p is string => p !== undefined);
  const opsInputs = inputs.ops ? [inputs.ops.path] : [];
  const regenerate = regenerateCommand(inputs);

  const pricing = wantsPricing ? resolvePricing({ provider: inputs.provider, pricing: inputs.pricing }, diagnostics) : undefined;
  const ops = wantsOps ? loadOps(inputs.ops, diagnostics) : undefined;
  if (hasErrors(diagnostics)) return { files, diagnostics, sources };

  if (pricing) {
    const header: HeaderInfo = { version: options.version, inputs: pricingInputs, regenerate };
    const script = emitBidScript(pricing.model, header);
    files.set(PATHS.bidScript, script);
    if (t !== "price-script") {
      const helm = emitHelmValues(pricing.providerValues, pricing.model, script, header);
      files.set(PATHS.values, helm.values);
      files.set(PATHS.upgrade, helm.upgrade);
    }
  }
  if (ops) {
    const ctx: OpsContext = { config: ops, header: { version: options.version, inputs: opsInputs, regenerate } };
    if (t === "reaper" || t === "all") files.set(PATHS.reaper, generateReaper(ctx));
    if (t === "pruner" || t === "all") files.set(PATHS.pruner, generatePruner(ctx));
    if (t === "cert-rotate" || t === "all") {
      const certs = generateCertRotate(ctx);
      files.set(PATHS.certRotate, certs.script);
      files.set(PATHS.runbook, certs.runbook);
    }
  }
  if (t === "all") {
    for (const [p, c] of options.extraFiles ?? []) files.set(p, c);
    const allInputs = sources.map((s) => s.path);
    const extra = generatePackage(
      { config: ops!, header: { version: options.version, inputs: allInputs, regenerate } },
      { files, sources, diagnostics, inputs },
    );
    for (const [p, c] of extra) files.set(p, c);
    if (hasErrors(diagnostics)) return { files: new Map(), diagnostics, sources };
  }
  return { files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), diagnostics, sources };
}
