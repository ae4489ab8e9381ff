/** A source file as the compiler sees it: a repo-relative POSIX path and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** UTF-16 offsets into a SourceFile's text, end exclusive. */
export interface Span {
  file: string;
  start: number;
  end: number;
}

export type Code = `AK${number}`;
export type Severity = "error" | "warning";

export interface Note {
  message: string;
  span?: Span;
}

export interface Diagnostic {
  code: Code;
  severity: Severity;
  message: string;
  /** DSL and YAML-syntax errors point into the text. */
  span?: Span;
  /** Config semantic errors name the value instead (a provider.yaml price key, `reaper.wait_kill`). */
  file?: string;
  path?: string;
  notes?: Note[];
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}
