import { EOF, type CstNode, type IRecognitionException, type IToken } from "chevrotain";
import type { Diagnostic, Span } from "../../diagnostics/diagnostic.js";
import { diag } from "../../diagnostics/messages.js";
import { spanOf, tokenize, tokenSpan, type LexMode, type LexSource } from "../lexer/lexer.js";
import { Comma, NumberLiteral, STATEMENT_KEYWORDS } from "../lexer/tokens.js";
import type { GpuMappingListCstNode, PricingFileCstNode } from "./cst.generated.js";
import { parser, tokenLabel } from "./parser.js";

export interface ParseResult<N extends CstNode> {
  cst: N;
  tokens: IToken[];
  /** Lexing and parsing errors, at most one per position, in source order. */
  diagnostics: Diagnostic[];
}

/**
 * The most tokens a pricing file (or mapping string) may have: a thousand GPU prices and thousands
 * of owners fit many times over; a hostile file stops here instead of costing seconds and gigabytes.
 */
export const MAX_TOKENS = 50_000;

const STATEMENT_LIST = STATEMENT_KEYWORDS.map(tokenLabel).join(", ");

/** Parses a pricing DSL file. Never throws for user input; chevrotain's recovery finds every error. */
export function parsePricingFile(src: LexSource): ParseResult<PricingFileCstNode> {
  return run(src, "dsl", () => parser.pricingFile() as PricingFileCstNode);
}

/** Parses provider.yaml's GPU mapping string with the same grammar as GPU blocks. */
export function parseGpuMapping(src: LexSource): ParseResult<GpuMappingListCstNode> {
  return run(src, "mapping", () => parser.gpuMappingList() as GpuMappingListCstNode);
}

function run<N extends CstNode>(src: LexSource, mode: LexMode, rule: () => N): ParseResult<N> {
  const lexed = tokenize(src, mode);
  const over = lexed.tokens[MAX_TOKENS];
  if (over) {
    // Far beyond any real pricing file: parse what fits, and say where reading stopped.
    lexed.diagnostics.push(diag("AK110", [lexed.tokens.length, MAX_TOKENS], { span: tokenSpan(src, over) }));
    lexed.tokens.length = MAX_TOKENS;
  }
  parser.input = lexed.tokens;
  // Chevrotain's recognition exceptions are Errors: without a stack trace each costs far less, which
  // matters when a hostile file makes tens of thousands of them.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  let cst: N;
  try {
    cst = rule();
  } finally {
    Error.stackTraceLimit = limit;
  }
  const index = new Map(lexed.tokens.map((t, i) => [t.startOffset, i]));
  // A parse error on a line (a pair, in a mapping) that already has an error is a cascade of it: drop it.
  const part = partOf(src.text, mode === "dsl" ? "\n" : ",");
  const failed = new Set(lexed.offsets.map(part));
  const parsed: Diagnostic[] = [];
  for (const e of parser.errors) {
    // Where reading stopped (AK110), an unfinished statement is not the file's error.
    if (over && (e.token.tokenType === EOF || Number.isNaN(e.token.startOffset))) continue;
    const at = Number.isNaN(e.token.startOffset) ? lastEnd(e, lexed.tokens) : e.token.startOffset;
    if (failed.has(part(at))) continue;
    failed.add(part(at));
    parsed.push(convert(e, src, mode, lexed.tokens, index));
  }
  return { cst, tokens: lexed.tokens, diagnostics: onePerPosition([...lexed.diagnostics, ...parsed]) };
}

/** offset → the number of its line (its pair, in a mapping), by binary search over separators found once. */
function partOf(text: string, separator: string): (offset: number) => number {
  const at: number[] = [];
  for (let i = text.indexOf(separator); i !== -1; i = text.indexOf(separator, i + 1)) at.push(i);
  return (offset) => {
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (at[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

/** The EOF token has no position: an error there points just after the last real token. */
function lastEnd(e: IRecognitionException, tokens: IToken[]): number {
  const prev = (e as IRecognitionException & { previousToken?: IToken }).previousToken;
  if (prev && !Number.isNaN(prev.endOffset ?? NaN)) return prev.endOffset! + 1;
  const last = tokens[tokens.length - 1];
  return last ? last.endOffset! + 1 : 0;
}

function convert(
  e: IRecognitionException,
  src: LexSource,
  mode: LexMode,
  tokens: IToken[],
  index: Map<number, number>,
): Diagnostic {
  const tok = e.token;
  const atEnd = tok.tokenType === EOF || Number.isNaN(tok.startOffset);
  const comma = decimalComma(tokens, atEnd ? tokens.length : index.get(tok.startOffset));
  if (comma) {
    const text = src.text.slice(comma[0].startOffset, comma[1].endOffset! + 1);
    return diag("AK105", [text, text.replace(",", ".")], {
      span: spanOf(src, comma[0].startOffset, comma[1].endOffset! + 1),
    });
  }
  if (atEnd) {
    const after = lastEnd(e, tokens);
    const found = mode === "mapping" ? "the end of the mapping" : "end of file";
    return diag("AK103", [e.message, found], { span: spanOf(src, after, after) });
  }
  const found = `'${tok.image}'`;
  if (e.message === "EOF") {
    if (mode === "mapping") return diag("AK109", [found], { span: tokenSpan(src, tok) });
    return diag("AK104", [found, STATEMENT_LIST], { span: tokenSpan(src, tok) });
  }
  return diag("AK103", [e.message, found], { span: tokenSpan(src, tok) });
}

/** `1,6` written for `1.6`: the error token is the comma, the digits after it or the token after those. */
function decimalComma(tokens: IToken[], i: number | undefined): [IToken, IToken] | undefined {
  if (i === undefined) return undefined;
  const adjacent = (a: IToken | undefined, b: IToken | undefined) => a && b && a.endOffset! + 1 === b.startOffset;
  for (const start of [i - 1, i - 2, i - 3]) {
    const [a, c, b] = [tokens[start], tokens[start + 1], tokens[start + 2]];
    if (
      a?.tokenType === NumberLiteral &&
      c?.tokenType === Comma &&
      b?.tokenType === NumberLiteral &&
      adjacent(a, c) &&
      adjacent(c, b)
    ) {
      return [a, b];
    }
  }
  return undefined;
}

/**
 * TypeScript's parseErrorAtPosition: the first error at a position wins (a parse error over a
 * checker error on what recovery made of it). Warnings are kept. Sorted by position, stably.
 */
export function onePerPosition(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const key = (s: Span | undefined) => (s ? `${s.file}:${s.start}` : undefined);
  return ds
    .filter((d) => {
      const k = key(d.span);
      if (k === undefined || d.severity !== "error") return true;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0));
}
