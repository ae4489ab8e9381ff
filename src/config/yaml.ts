import yaml from "js-yaml";
import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { LineMap } from "../diagnostics/source-text.js";

/**
 * Parses YAML text. Syntax errors become AK330 at js-yaml's mark (0-based line/column, converted
 * once here into an offset); the top level must be a mapping (AK331). Never throws for user input.
 */
export function parseYamlMapping(src: SourceFile, diagnostics: Diagnostic[]): Record<string, unknown> | undefined {
  let doc: unknown;
  try {
    doc = yaml.load(src.text, { filename: src.path, schema: yaml.CORE_SCHEMA });
  } catch (e) {
    if (e instanceof yaml.YAMLException) {
      const mark = e.mark as { line: number; column: number } | undefined;
      const map = new LineMap(src.text);
      const start = mark ? map.offset(mark.line + 1, mark.column + 1) : 0;
      diagnostics.push(
        diag("AK330", [e.reason || "invalid YAML"], { span: { file: src.path, start, end: start + 1 } }),
      );
      return undefined;
    }
    throw e;
  }
  if (doc === undefined || doc === null) return {};
  const budget = aliasBudget(src.text);
  if (expandedSize(doc, budget) > budget) {
    // A "billion laughs": aliases that expand far beyond the text. Refused before anything walks it.
    const at = firstAlias(src.text);
    const where = at === undefined ? { file: src.path } : { span: { file: src.path, start: at.start, end: at.end } };
    diagnostics.push(diag("AK321", [budget], where));
    return undefined;
  }
  if (typeof doc !== "object" || Array.isArray(doc)) {
    diagnostics.push(diag("AK331", [describe(doc)], { file: src.path }));
    return undefined;
  }
  return doc as Record<string, unknown>;
}

/** How a value is quoted back in messages: `'1,6'`, `a list`, `a mapping`. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return `'${String(value)}'`;
}

/**
 * How big a document may be once its aliases are expanded: ten times its text, plus some room.
 * A file without aliases is always within it (every node costs at least a character of text).
 */
export function aliasBudget(text: string): number {
  return 10 * text.length + 100_000;
}

/**
 * The size of `root` with every alias expanded (nodes plus string lengths), counted once per
 * distinct node (memoised), so a 400-byte document of nested aliases costs microseconds, not 10⁹
 * steps. Stops counting past `limit`; a cycle (`&a [*a]`) counts as beyond it.
 */
export function expandedSize(root: unknown, limit: number): number {
  const leaf = (v: unknown) => (typeof v === "string" ? v.length + 1 : 1);
  if (typeof root !== "object" || root === null) return leaf(root);
  const size = new Map<object, number>();
  const open = new Set<object>();
  const stack: [object, boolean][] = [[root, false]];
  const children = (o: object): unknown[] => (Array.isArray(o) ? o : Object.entries(o).flat());
  while (stack.length > 0) {
    const [node, done] = stack.pop()!;
    if (done) {
      let n = 1;
      for (const c of children(node)) n += typeof c === "object" && c !== null ? (size.get(c) ?? 0) : leaf(c);
      size.set(node, Math.min(n, limit + 1));
      open.delete(node);
      continue;
    }
    if (size.has(node)) continue;
    if (open.has(node)) return limit + 1;
    open.add(node);
    stack.push([node, true]);
    for (const c of children(node)) {
      if (typeof c !== "object" || c === null) continue;
      if (open.has(c)) return limit + 1;
      if (!size.has(c)) stack.push([c, false]);
    }
  }
  return size.get(root) ?? 0;
}

/** Where the first alias (`*name` of an `&name` anchor) is written, for AK321's caret. */
function firstAlias(text: string): { start: number; end: number } | undefined {
  const anchors = new Set([...text.matchAll(/(?:^|[\s[{,:-])&([^\s,[\]{}]+)/g)].map((m) => m[1]));
  for (const m of text.matchAll(/(?:^|[\s[{,:-])\*([^\s,[\]{}]+)/g)) {
    if (!anchors.has(m[1])) continue;
    const start = m.index + m[0].indexOf("*");
    return { start, end: start + 1 + m[1]!.length };
  }
  return undefined;
}
