// Helpers for the front-end tests: compile text through resolvePricing and show diagnostics as
// their first rendered line (`p.akp:1:5: error[AK103]: …`), esbuild's one-liner style.
import type { Diagnostic, SourceFile } from "../../src/diagnostics/diagnostic.js";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import { resolvePricing, type ResolvedPricing } from "../../src/pricing/resolve.js";

export function resolveTexts(
  pricing?: string,
  provider?: string,
): { result: ResolvedPricing | undefined; diagnostics: Diagnostic[]; sources: SourceFile[] } {
  const sources: SourceFile[] = [];
  const inputs: { provider?: SourceFile; pricing?: SourceFile } = {};
  if (provider !== undefined) sources.push((inputs.provider = { path: "provider.yaml", text: provider }));
  if (pricing !== undefined) sources.push((inputs.pricing = { path: "p.akp", text: pricing }));
  const diagnostics: Diagnostic[] = [];
  const result = resolvePricing(inputs, diagnostics);
  return { result, diagnostics, sources };
}

/** First lines of the rendered diagnostics of a pricing file (and optional provider.yaml). */
export function diagnose(pricing?: string, provider?: string): string[] {
  const { diagnostics, sources } = resolveTexts(pricing, provider);
  return diagnostics.map((d) => renderDiagnostic(d, sources).split("\n")[0]!);
}

/** Just the codes. */
export function codes(pricing?: string, provider?: string): string[] {
  return resolveTexts(pricing, provider).diagnostics.map((d) => d.code);
}
