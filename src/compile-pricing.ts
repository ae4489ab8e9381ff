import type { Diagnostic, SourceFile } from "./diagnostics/diagnostic.js";
import { hasErrors } from "./diagnostics/diagnostic.js";
import type { HeaderInfo } from "./emit/header.js";
import { type CompileInputs, type InputLocations, PATHS, regenerateCommand, type Target } from "./inputs.js";
import { emitBidScript } from "./pricing/emit/bash.js";
import { emitHelmValues } from "./pricing/emit/helm-values.js";
import type { PricingModel } from "./pricing/model.js";
import { resolvePricing } from "./pricing/resolve.js";

// The pricing half of compile(): what `gen price-script`, `gen values`, `check` without ops settings
// and `plan` run. A module of its own so that those commands never load the ops generators, the package
// step and their libraries (kubernetes-models, cron-parser); compile() uses it for its pricing files.

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

/** The pricing of these inputs: resolved here, or taken as compileTree() already resolved it. */
export function resolveWith(
  inputs: CompileInputs,
  options: CompileOptions,
  diagnostics: Diagnostic[],
): ReturnType<typeof resolvePricing> {
  if (!options.resolvedPricing)
    return resolvePricing({ provider: inputs.provider, pricing: inputs.pricing }, diagnostics);
  diagnostics.push(...options.resolvedPricing.diagnostics);
  return options.resolvedPricing.result;
}

/** The inputs that were given, for rendering diagnostics with their source lines. */
export function sourcesOf(inputs: CompileInputs): SourceFile[] {
  return [inputs.provider, inputs.pricing, inputs.ops].filter((s): s is SourceFile => s !== undefined);
}

/** Files in tree-path order, as every CompileResult holds them. */
export function sortedByPath(files: Iterable<[string, string]>): Map<string, string> {
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The header of the pricing files: made from provider.yaml and the pricing file. */
export function pricingHeader(inputs: CompileInputs, version: string): HeaderInfo {
  const paths = [inputs.provider?.path, inputs.pricing?.path].filter((p): p is string => p !== undefined);
  return { version, inputs: paths, regenerate: regenerateCommand(inputs) };
}

/** The bid script, and (unless only the script is asked for) the Helm values overlay and upgrade.sh. */
export function emitPricing(model: PricingModel, header: HeaderInfo, target: Target): [string, string][] {
  const script = emitBidScript(model, header);
  if (target === "price-script") return [[PATHS.bidScript, script]];
  const helm = emitHelmValues(model, script, header);
  return [
    [PATHS.bidScript, script],
    [PATHS.values, helm.values],
    [PATHS.upgrade, helm.upgrade],
  ];
}

/** compile() for the targets `price-script` and `values`: the same result, from the pricing half alone. */
export function compilePricing(inputs: CompileInputs, options: CompileOptions): CompileResult {
  const diagnostics: Diagnostic[] = [];
  const sources = sourcesOf(inputs);
  const pricing = resolveWith(inputs, options, diagnostics);
  const overrides = pricing?.overrides ?? [];
  if (!pricing || hasErrors(diagnostics)) return { files: new Map(), diagnostics, sources, overrides };
  const files = emitPricing(pricing.model, pricingHeader(inputs, options.version), options.target);
  return { files: sortedByPath(files), diagnostics, sources, overrides };
}
