import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { type ConfigCtx, type Field, readSection, type SectionOf } from "./fields.js";
import { parseYamlMapping } from "./yaml.js";

/** A settings file's table: top-level key → its section's fields. */
export type SectionTable = Record<string, Record<string, Field<unknown>>>;

/** Every setting of a table, typed, defaults filled in. */
export type SettingsOf<T extends SectionTable> = { readonly [K in keyof T]: SectionOf<T[K]> };

/**
 * Reads a YAML file made of the table's sections (all keys optional). Errors are located by path
 * (`reaper.wait_kill`) and collected; values in error keep their defaults so that checking goes on.
 * The table is the caller's: config/ knows how to read settings, not which ones exist.
 */
export function loadSections<T extends SectionTable>(
  src: SourceFile | undefined,
  diagnostics: Diagnostic[],
  table: T,
  defaultName: string,
): SettingsOf<T> {
  const file = src?.path ?? defaultName;
  const ctx: ConfigCtx = { file, diagnostics };
  const doc = src ? parseYamlMapping(src, diagnostics) : {};
  const raw = doc ?? {};
  for (const key of Object.keys(raw)) {
    if (!(key in table)) diagnostics.push(diag("AK332", [key, Object.keys(table).join(", ")], { file, path: key }));
  }
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(table)) out[key] = readSection(raw[key], key, ctx, spec);
  return out as SettingsOf<T>;
}
