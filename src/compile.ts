import type { Diagnostic, SourceFile } from "./diagnostics/diagnostic.js";
import { hasErrors } from "./diagnostics/diagnostic.js";
import type { HeaderInfo } from "./emit/header.js";
import {
  type CompileOptions,
  type CompileResult,
  compilePricing,
  emitPricing,
  resolveWith,
} from "./compile-pricing.js";
import { type CompileInputs, PATHS, regenerateCommand } from "./inputs.js";
import type { OpsContext } from "./ops/context.js";
import { generateCertRotate } from "./ops/certs/generate.js";
import { generateFailedPods } from "./ops/failed-pods/generate.js";
import { loadOps } from "./ops/settings.js";
import { generatePackage } from "./package/generate.js";
import { generatePruner } from "./ops/pruner/generate.js";
import { generateReaper } from "./ops/reaper/generate.js";

export type { CompileOptions, CompileResult } from "./compile-pricing.js";

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
  // The pricing targets have a module of their own, which commands that need only them load instead.
  if (t === "price-script" || t === "values") return compilePricing(inputs, options);

  const pricingInputs = [inputs.provider?.path, inputs.pricing?.path].filter((p): p is string => p !== undefined);
  const opsInputs = inputs.ops ? [inputs.ops.path] : [];
  const regenerate = regenerateCommand(inputs);

  const pricing = t === "all" ? resolveWith(inputs, options, diagnostics) : undefined;
  const ops = loadOps(inputs.ops, diagnostics);
  const overrides = pricing?.overrides ?? [];
  if (hasErrors(diagnostics)) return { files, diagnostics, sources, overrides };

  if (pricing) {
    const header: HeaderInfo = { version: options.version, inputs: pricingInputs, regenerate };
    for (const [path, text] of emitPricing(pricing.model, header, t)) files.set(path, text);
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
