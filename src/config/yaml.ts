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
      diagnostics.push(diag("AK330", [e.reason || "invalid YAML"], { span: { file: src.path, start, end: start + 1 } }));
      return undefined;
    }
    throw e;
  }
  if (doc === undefined || doc === null) return {};
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
