import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import type { Io } from "./io.js";
import { redactYamlSecrets } from "./secrets.js";

/**
 * Prints diagnostics to stderr; returns the exit code they imply (1 on any error). Source lines are
 * shown with the values of secret keys masked (`keysecret: ******`).
 */
export function report(io: Io, diagnostics: readonly Diagnostic[], sources: readonly SourceFile[]): number {
  const shown = sources.map((s) => ({ path: s.path, text: redactYamlSecrets(s.text) }));
  if (diagnostics.length > 0) io.err(renderDiagnostics(diagnostics, shown, { color: io.color }));
  return hasErrors(diagnostics) ? 1 : 0;
}
