import type { Code, Diagnostic, Note, Severity, Span } from "./diagnostic.js";

/**
 * The one catalog of diagnostics. Codes are stable: never reuse or renumber one.
 * Ranges: AK1xx lexing/parsing, AK2xx checking, AK3xx config (AK30x–AK32x provider.yaml,
 * AK33x–AK34x ops.yaml, AK35x–AK39x per generator), AK4xx emitting and writing.
 * Messages are lowercase, without a trailing period; `{0}`, `{1}` … are replaced by arguments.
 */
export const messages = {
  // --- AK1xx: lexing and parsing (pricing DSL) ---

  // --- AK2xx: checking (pricing DSL) ---

  // --- AK30x–AK32x: provider.yaml ---
  AK301: { severity: "error", text: "expected a non-negative decimal, got {0}" },
  AK302: { severity: "error", text: "expected a string of model=price pairs, got {0}" },
  AK303: { severity: "error", text: "expected an http(s) URL, got {0}" },

  // --- AK33x–AK34x: ops settings and YAML in general ---
  AK330: { severity: "error", text: "{0}" }, // YAML syntax error (js-yaml's reason)
  AK331: { severity: "error", text: "expected a mapping at the top level, got {0}" },
  AK332: { severity: "warning", text: "unknown key '{0}'; did you mean one of: {1}" },
  AK333: { severity: "error", text: "expected {0}, got {1}" },
  AK334: { severity: "error", text: "expected {0} between {1} and {2}, got {3}" },
  AK335: { severity: "error", text: "expected one of {0}, got {1}" },
  AK336: { severity: "error", text: "invalid cron schedule '{0}': {1}" },
  AK337: { severity: "error", text: "expected an absolute path without spaces or '..', got {0}" },
  AK338: { severity: "error", text: "cannot read {0}: {1}" },

  // --- AK35x: zombie reaper ---

  // --- AK36x: ReplicaSet pruner ---

  // --- AK37x: certificate rotation ---
  AK370: { severity: "error", text: "backup directory '{0}' {1}; choose a persistent directory such as /var/backups/akops" },

  // --- AK38x–AK39x: packaging (gen all, migrate, verify) ---

  // --- AK4xx: emitting and writing ---
  AK401: { severity: "error", text: "cannot write {0}: {1}" },
} as const satisfies Record<Code, { severity: Severity; text: string }>;

export type MessageCode = keyof typeof messages;

export interface Location {
  span?: Span;
  file?: string;
  path?: string;
  notes?: Note[];
}

export function formatMessage(code: MessageCode, args: readonly (string | number)[]): string {
  return messages[code].text.replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ""));
}

/** Builds a diagnostic from the catalog; the only way code below src/cli makes one. */
export function diag(code: MessageCode, args: readonly (string | number)[], at: Location = {}): Diagnostic {
  const d: Diagnostic = { code, severity: messages[code].severity, message: formatMessage(code, args) };
  if (at.span) d.span = at.span;
  if (at.file !== undefined) d.file = at.file;
  if (at.path !== undefined) d.path = at.path;
  if (at.notes) d.notes = at.notes;
  return d;
}
