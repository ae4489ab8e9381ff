import pc from "picocolors";
import type { Diagnostic, SourceFile } from "./diagnostic.js";
import { LineMap } from "./source-text.js";

export interface RenderOptions {
  color: boolean;
}

/** At most this many diagnostics are printed; the rest are counted ("… and N more"). */
export const MAX_RENDERED = 100;
/** A source line longer than this (after escaping) is cut around the caret. */
const MAX_LINE = 120;
/** Characters of context kept before the caret when a line is cut. */
const CONTEXT = 40;

/**
 * Control characters, C1 controls, line and paragraph separators, bidirectional overrides and the
 * byte-order mark: never printed raw (a terminal would act on them, or a reader would not see them).
 */
const UNSAFE = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/;
const UNSAFE_ALL = new RegExp(UNSAFE.source, "g");

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** One character as it is printed: itself, or an escape like `\n`, `\x1b` or `\u{202e}`. */
function escapeChar(ch: string, keepTab: boolean): string {
  if (ch === "\t" && keepTab) return ch;
  if (NAMED[ch]) return NAMED[ch];
  if (!UNSAFE.test(ch)) return ch;
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u{${code.toString(16)}}`;
}

/** Text with every control character escaped (`\x1b`, `\t`, `\u{202e}`), for messages. */
export function visible(text: string): string {
  return text.replace(UNSAFE_ALL, (ch) => escapeChar(ch, false)).replace(/\t/g, "\\t");
}

/** Text of several lines with every control character but the line breaks escaped (usage errors echo argv). */
export function visibleLines(text: string): string {
  return text.split("\n").map(visible).join("\n");
}

/**
 * clang/esbuild style: `file:line:col: error[AK101]: message`, then the source line with a caret
 * under the whole span (only its first line when it spans several). Path-located diagnostics print
 * `file: path: message`. Control characters from the input are printed escaped.
 */
export function renderDiagnostic(
  d: Diagnostic,
  sources: readonly SourceFile[],
  opts: RenderOptions = { color: false },
  maps: Map<SourceFile, LineMap> = new Map(),
): string {
  const c = opts.color ? pc : pc.createColors(false);
  const mapOf = (s: SourceFile) => {
    let m = maps.get(s);
    if (!m) maps.set(s, (m = new LineMap(s.text)));
    return m;
  };
  const sev = d.severity === "error" ? c.bold(c.red(`error[${d.code}]`)) : c.bold(c.yellow(`warning[${d.code}]`));
  const out: string[] = [];
  const src = d.span ? sources.find((s) => s.path === d.span?.file) : undefined;
  if (d.span && src) {
    const map = mapOf(src);
    const { line, column } = map.position(d.span.start);
    out.push(`${c.bold(visible(`${d.span.file}:${line}:${column}:`))} ${sev}: ${c.bold(visible(d.message))}`);
    out.push(...snippet(map, d.span.start, d.span.end, c));
  } else {
    const where = [d.span?.file ?? d.file, d.path].filter((x) => x !== undefined && x !== "").join(": ");
    out.push(`${where ? `${c.bold(`${visible(where)}:`)} ` : ""}${sev}: ${c.bold(visible(d.message))}`);
  }
  for (const note of d.notes ?? []) {
    const nsrc = note.span ? sources.find((s) => s.path === note.span?.file) : undefined;
    if (note.span && nsrc) {
      const map = mapOf(nsrc);
      const { line, column } = map.position(note.span.start);
      out.push(`${visible(`${note.span.file}:${line}:${column}:`)} note: ${visible(note.message)}`);
      out.push(...snippet(map, note.span.start, note.span.end, c));
    } else {
      out.push(`note: ${visible(note.message)}`);
    }
  }
  return `${out.join("\n")}\n`;
}

/**
 * The source line and the caret. Tabs before the column are kept so the caret lines up in any tab
 * width; other control characters are escaped (and the caret moves with them); a long line is cut
 * to a window around the caret, with `…` where text was left out.
 */
function snippet(map: LineMap, start: number, end: number, c: ReturnType<typeof pc.createColors>): string[] {
  const { line, column } = map.position(start);
  const text = map.lineText(line);
  const from = column - 1;
  const to = Math.max(from + 1, Math.min(from + Math.max(1, end - start), text.length));
  // Escape at most the window we may show: a 100 KB line costs the same as a short one.
  const whole = text.length <= MAX_LINE;
  const lo = whole ? 0 : Math.max(0, from - CONTEXT - 8);
  const hi = whole ? text.length : Math.min(text.length, Math.max(to, from + MAX_LINE) + 8);
  const pieces: string[] = [];
  for (let i = lo; i < hi; i++) pieces.push(escapeChar(text[i]!, true));
  const width = (a: number, b: number) => pieces.slice(a - lo, b - lo).reduce((n, p) => n + p.length, 0);
  let shown = pieces.join("");
  let caretAt = width(lo, from);
  let caretLen = Math.max(1, width(from, Math.min(to, hi)));
  let prefix = lo > 0 ? "…" : "";
  let suffix = hi < text.length ? "…" : "";
  if (prefix === "" && suffix === "" && shown.length <= MAX_LINE) {
    // Short enough: the whole line.
  } else {
    const cutStart = Math.max(0, caretAt - CONTEXT);
    if (cutStart > 0) prefix = "…";
    caretAt -= cutStart;
    const cutEnd = Math.min(shown.length, cutStart + MAX_LINE);
    if (cutEnd < shown.length) suffix = "…";
    shown = shown.slice(cutStart, cutEnd);
    caretLen = Math.max(1, Math.min(caretLen, shown.length - caretAt));
  }
  const gutter = String(line);
  const pad = " ".repeat(gutter.length);
  const lead = (prefix ? " " : "") + shown.slice(0, caretAt).replace(/[^\t]/g, " ");
  return [`${pad} |`, `${gutter} | ${prefix}${shown}${suffix}`, `${pad} | ${lead}${c.green("^".repeat(caretLen))}`];
}

/** Every diagnostic, up to MAX_RENDERED; one line counts the rest. Each file's line map is built once. */
export function renderDiagnostics(
  ds: readonly Diagnostic[],
  sources: readonly SourceFile[],
  opts?: RenderOptions,
): string {
  const maps = new Map<SourceFile, LineMap>();
  const shown = ds.slice(0, MAX_RENDERED).map((d) => renderDiagnostic(d, sources, opts, maps));
  const rest = ds.slice(MAX_RENDERED);
  if (rest.length > 0) {
    const errors = rest.filter((d) => d.severity === "error").length;
    shown.push(`… and ${rest.length} more (${errors} errors, ${rest.length - errors} warnings)\n`);
  }
  return shown.join("");
}
