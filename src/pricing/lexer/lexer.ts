import { Lexer, type IToken } from "chevrotain";
import type { Diagnostic, Span } from "../../diagnostics/diagnostic.js";
import { diag } from "../../diagnostics/messages.js";
import { lexerDefinition, StringLiteral, UnterminatedString } from "./tokens.js";

/**
 * Text to compile and where it lives. provider.yaml's GPU mapping string is lexed on its own but
 * reported inside provider.yaml: `offsetOf` maps an offset in `text` to an offset in `file`.
 */
export interface LexSource {
  file: string;
  text: string;
  offsetOf?: (offset: number) => number;
}

export type LexMode = "dsl" | "mapping";

/** Span of `text[start, end)` in the file. */
export function spanOf(src: LexSource, start: number, end: number): Span {
  const at = src.offsetOf ?? ((i: number) => i);
  return { file: src.file, start: at(start), end: Math.max(at(start) + (end > start ? 1 : 0), at(end)) };
}

/** Span of one token (chevrotain's endOffset is inclusive). */
export function tokenSpan(src: LexSource, t: IToken): Span {
  return spanOf(src, t.startOffset, (t.endOffset ?? t.startOffset) + 1);
}

// The token definitions are checked by a test (test/pricing/grammar-validation.test.ts); start-up skips it.
// Diagnostics locate tokens by offset (lines and columns come from the source text), so the lexer tracks
// start offsets only (tokenize() adds end offsets): that spares it analysing every token's pattern for
// line breaks at start-up.
const lexer = new Lexer(lexerDefinition, {
  positionTracking: "onlyOffset",
  ensureOptimizations: false,
  skipValidations: true,
});

/**
 * Text → tokens. Every lexing problem is reported (AK101 for each run of unexpected characters,
 * AK102 for an unterminated string); the offending characters are skipped, and an unterminated
 * string still reaches the parser as a string so that parsing can go on.
 */
export function tokenize(src: LexSource, mode: LexMode = "dsl"): LexResult {
  // A UTF-8 byte-order mark at the start is accepted (as the YAML inputs accept it): lexed as a space.
  const text = src.text.charCodeAt(0) === 0xfeff ? ` ${src.text.slice(1)}` : src.text;
  const result = lexer.tokenize(text, mode);
  const diagnostics: Diagnostic[] = [];
  const offsets: number[] = [];
  for (const e of result.errors) {
    const chars = src.text.slice(e.offset, e.offset + e.length);
    diagnostics.push(diag("AK101", [chars], { span: spanOf(src, e.offset, e.offset + e.length) }));
    offsets.push(e.offset);
  }
  const tokens = result.tokens.map((t) => {
    // What "full" position tracking would set: the offset of the token's last character.
    t.endOffset = t.startOffset + t.image.length - 1;
    if (t.tokenType === StringLiteral || t.tokenType === UnterminatedString) badEscapes(src, t, diagnostics, offsets);
    if (t.tokenType !== UnterminatedString) return t;
    diagnostics.push(diag("AK102", [], { span: tokenSpan(src, t) }));
    offsets.push(t.startOffset);
    return { ...t, tokenType: StringLiteral, tokenTypeIdx: StringLiteral.tokenTypeIdx! };
  });
  return { tokens, diagnostics, offsets };
}

/** The only escapes in a string are `\"` and `\\`; `"\n"` is neither a newline nor an `n`: AK108. */
function badEscapes(src: LexSource, t: IToken, diagnostics: Diagnostic[], offsets: number[]): void {
  for (const m of t.image.matchAll(/\\([\s\S])/g)) {
    if (m[1] === '"' || m[1] === "\\") continue;
    const at = t.startOffset + m.index;
    diagnostics.push(diag("AK108", [m[0]], { span: spanOf(src, at, at + 2) }));
    offsets.push(at);
  }
}

export interface LexResult {
  tokens: IToken[];
  diagnostics: Diagnostic[];
  /** Offset in the lexed text of each diagnostic (before mapping into the file). */
  offsets: number[];
}
