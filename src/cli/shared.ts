import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { renderDiagnostics } from "../diagnostics/render.js";
import { readSource } from "./fs.js";
import type { Io } from "./io.js";
import type { CompileInputs } from "../compile.js";

export interface InputFlags {
  config?: string;
  pricing?: string;
  ops?: string;
}

/** Reads the input files named by flags; an unreadable file is AK338. */
export function readInputs(io: Io, flags: InputFlags, diagnostics: Diagnostic[]): CompileInputs {
  const inputs: CompileInputs = {};
  const read = (path: string | undefined): SourceFile | undefined => {
    if (path === undefined) return undefined;
    try {
      return readSource(io.cwd, path);
    } catch (e) {
      diagnostics.push(diag("AK338", [path, (e as NodeJS.ErrnoException).code ?? String(e)]));
      return undefined;
    }
  };
  const provider = read(flags.config);
  const pricing = read(flags.pricing);
  const ops = read(flags.ops);
  if (provider) inputs.provider = provider;
  if (pricing) inputs.pricing = pricing;
  if (ops) inputs.ops = ops;
  return inputs;
}

/** Prints diagnostics to stderr; returns the exit code they imply (1 on any error). */
export function report(io: Io, diagnostics: readonly Diagnostic[], sources: readonly SourceFile[]): number {
  if (diagnostics.length > 0) io.err(renderDiagnostics(diagnostics, sources, { color: io.color }));
  return hasErrors(diagnostics) ? 1 : 0;
}
