import type { Diagnostic, SourceFile } from "./diagnostics/diagnostic.js";
import { hasErrors } from "./diagnostics/diagnostic.js";
import type { HeaderInfo } from "./emit/header.js";
import { type CompileInputs, type InputLocations, PATHS, regenerateCommand, type Target } from "./inputs.js";
import type { OpsContext } from "./ops/context.js";
import { generateCertRotate } from "./ops/certs/generate.js";
import { generateFailedPods } from "./ops/failed-pods/generate.js";
import { loadOps } from "./ops/settings.js";
import { generatePackage } from "./package/generate.js";
import { generatePruner } from "./ops/pruner/generate.js";
import { generateReaper } from "./ops/reaper/generate.js";
import { emitBidScript } from "./pricing/emit/bash.js";
import { emitHelmValues } from "./pricing/emit/helm-values.js";
import { resolvePricing } from "./pricing/resolve.js";

export interface CompileOptions {
  /** Written into headers and the lock file; golden tests use TEST_VERSION. */
  version: string;
  target: Target;
  /**
   * Files made outside compile() and added to an `all` tree before its README and lock are written:
   * the pricing report, whose charts render asynchronously (see compile-tree.ts).
   */
  extraFiles?: ReadonlyMap<string, string>;
  /**
   * The pricing already resolved from these very inputs, with the diagnostics that gave (compileTree
   * resolves it for the report first): used instead of resolving a second time.
   */
  resolvedPricing?: { result: ReturnType<typeof resolvePricing>; diagnostics: readonly Diagnostic[] };
  /** Where the lock of an `all` tree says each input is (relative to the tree); by default, its name. */
  inputLocations?: InputLocations;
}

export interface CompileResult {
  /** Tree-relative POSIX path → content, in sorted path order. Empty when any error was found. */
  files: Map<string, string>;
  diagnostics: Diagnostic[];
  /** The inputs, for rendering diagnostics with source lines. */
  sources: SourceFile[];
  /** AK231: provider.yaml values the pricing file overrides (`akops check` lists them). */
  overrides?: Diagnostic[];
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
  const wantsOps = t === "reaper" || t === "pruner" || t === "failed-pods" || t === "cert-rotate" || t === "all";

  const pricingInputs = [inputs.provider?.path, inputs.pricing?.path].filter((p): p is string => p !== undefined);
  const opsInputs = inputs.ops ? [inputs.ops.path] : [];
  const regenerate = regenerateCommand(inputs);

  const resolve = (): ReturnType<typeof resolvePricing> => {
    if (!options.resolvedPricing)
      return resolvePricing({ provider: inputs.provider, pricing: inputs.pricing }, diagnostics);
    diagnostics.push(...options.resolvedPricing.diagnostics);
    return options.resolvedPricing.result;
  };
  const pricing = wantsPricing ? resolve() : undefined;
  const ops = wantsOps ? loadOps(inputs.ops, diagnostics) : undefined;
  const overrides = pricing?.overrides ?? [];
  if (hasErrors(diagnostics)) return { files, diagnostics, sources, overrides };

  if (pricing) {
    const header: HeaderInfo = { version: options.version, inputs: pricingInputs, regenerate };
    const script = emitBidScript(pricing.model, header);
    files.set(PATHS.bidScript, script);
    if (t !== "price-script") {
      const helm = emitHelmValues(pricing.model, script, header);
      files.set(PATHS.values, helm.values);
      files.set(PATHS.upgrade, helm.upgrade);
    }
  }
  if (ops) {
    const ctx: OpsContext = { config: ops, header: { version: options.version, inputs: opsInputs, regenerate } };
    if (t === "reaper" || t === "all") files.set(PATHS.reaper, generateReaper(ctx));
    if (t === "pruner" || t === "all") files.set(PATHS.pruner, generatePruner(ctx));
    if (t === "failed-pods" || t === "all") files.set(PATHS.failedPods, generateFailedPods(ctx));
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
      { files, sources, diagnostics, inputs, locations: options.inputLocations ?? {} },
    );
    for (const [p, c] of extra) files.set(p, c);
    if (hasErrors(diagnostics)) return { files: new Map(), diagnostics, sources, overrides };
  }
  return {
    files: new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    diagnostics,
    sources,
    overrides,
  };
}
