import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import type { Io } from "./io.js";

/** Prints diagnostics to stderr; returns the exit code they imply (1 on any error). */
export function report(io: Io, diagnostics: readonly Diagnostic[], sources: readonly SourceFile[]): number {
  if (diagnostics.length > 0) io.err(renderDiagnostics(diagnostics, sources, { color: io.color }));
  return hasErrors(diagnostics) ? 1 : 0;
}
