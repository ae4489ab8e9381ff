import pc from "picocolors";
import type { Diagnostic, SourceFile } from "./diagnostic.js";
import { LineMap } from "./source-text.js";

export interface RenderOptions {
  color: boolean;
}

/**
 * clang/esbuild style: `file:line:col: error[AK101]: message`, then the source line with a caret
 * under the whole span (only its first line when it spans several). Path-located diagnostics print
 * `file: path: message`.
 */
export function renderDiagnostic(d: Diagnostic, sources: readonly SourceFile[], opts: RenderOptions = { color: false }): string {
  const c = opts.color ? pc : pc.createColors(false);
  const sev = d.severity === "error" ? c.bold(c.red(`error[${d.code}]`)) : c.bold(c.yellow(`warning[${d.code}]`));
  const out: string[] = [];
  const src = d.span ? sources.find((s) => s.path === d.span?.file) : undefined;
  if (d.span && src) {
    const map = new LineMap(src.text);
    const { line, column } = map.position(d.span.start);
    out.push(`${c.bold(`${d.span.file}:${line}:${column}:`)} ${sev}: ${c.bold(d.message)}`);
    out.push(...snippet(map, d.span.start, d.span.end, c));
  } else {
    const where = [d.span?.file ?? d.file, d.path].filter((x) => x !== undefined && x !== "").join(": ");
    out.push(`${where ? c.bold(`${where}:`) + " " : ""}${sev}: ${c.bold(d.message)}`);
  }
  for (const note of d.notes ?? []) {
    const nsrc = note.span ? sources.find((s) => s.path === note.span?.file) : undefined;
    if (note.span && nsrc) {
      const map = new LineMap(nsrc.text);
      const { line, column } = map.position(note.span.start);
      out.push(`${note.span.file}:${line}:${column}: note: ${note.message}`);
      out.push(...snippet(map, note.span.start, note.span.end, c));
    } else {
      out.push(`note: ${note.message}`);
    }
  }
  return out.join("\n") + "\n";
}

function snippet(map: LineMap, start: number, end: number, c: ReturnType<typeof pc.createColors>): string[] {
  const { line, column } = map.position(start);
  const text = map.lineText(line);
  const width = Math.max(1, Math.min(end - start, text.length - column + 1));
  const gutter = String(line);
  const pad = " ".repeat(gutter.length);
  // Keep tabs before the column so the caret lines up in any tab width.
  const lead = text.slice(0, column - 1).replace(/[^\t]/g, " ");
  return [`${pad} |`, `${gutter} | ${text}`, `${pad} | ${lead}${c.green("^".repeat(width))}`];
}

export function renderDiagnostics(ds: readonly Diagnostic[], sources: readonly SourceFile[], opts?: RenderOptions): string {
  return ds.map((d) => renderDiagnostic(d, sources, opts)).join("");
}
