import type { Diagnostic } from "./diagnostics/diagnostic.js";
import { hasErrors } from "./diagnostics/diagnostic.js";
import {
  type CompileOptions,
  type CompileResult,
  compilePricing,
  emitPricing,
  pricingHeader,
  resolveWith,
  sortedByPath,
  sourcesOf,
} from "./compile-pricing.js";
import { type CompileInputs, isPricingTarget, PATHS, regenerateCommand } from "./inputs.js";
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
  const t = options.target;
  // The pricing targets have a module of their own, which commands that need only them load instead.
  if (isPricingTarget(t)) return compilePricing(inputs, options);

  const diagnostics: Diagnostic[] = [];
  const sources = sourcesOf(inputs);
  const files = new Map<string, string>();
  const regenerate = regenerateCommand(inputs);
  const pricing = t === "all" ? resolveWith(inputs, options, diagnostics) : undefined;
  const ops = loadOps(inputs.ops, diagnostics);
  const overrides = pricing?.overrides ?? [];
  if (hasErrors(diagnostics)) return { files, diagnostics, sources, overrides };

  if (pricing) {
    for (const [path, text] of emitPricing(pricing.model, pricingHeader(inputs, options.version), t))
      files.set(path, text);
  }
  const opsInputs = inputs.ops ? [inputs.ops.path] : [];
  const ctx: OpsContext = { config: ops, header: { version: options.version, inputs: opsInputs, regenerate } };
  if (t === "reaper" || t === "all") files.set(PATHS.reaper, generateReaper(ctx));
  if (t === "pruner" || t === "all") files.set(PATHS.pruner, generatePruner(ctx));
  if (t === "failed-pods" || t === "all") files.set(PATHS.failedPods, generateFailedPods(ctx));
  if (t === "cert-rotate" || t === "all") {
    const certs = generateCertRotate(ctx);
    files.set(PATHS.certRotate, certs.script);
    files.set(PATHS.runbook, certs.runbook);
  }
  if (t === "all") {
    for (const [p, c] of options.extraFiles ?? []) files.set(p, c);
    const allInputs = sources.map((s) => s.path);
    const extra = generatePackage(
      { config: ops, header: { version: options.version, inputs: allInputs, regenerate } },
      { files, sources, diagnostics, inputs, locations: options.inputLocations ?? {} },
    );
    for (const [p, c] of extra) files.set(p, c);
    if (hasErrors(diagnostics)) return { files: new Map(), diagnostics, sources, overrides };
  }
  return { files: sortedByPath(files), diagnostics, sources, overrides };
}
