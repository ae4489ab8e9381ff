import { createToken, Lexer, type IMultiModeLexerDefinition, type TokenType } from "chevrotain";

/**
 * The pricing DSL's vocabulary. Order matters: chevrotain tries patterns in the order of the mode's
 * list, and `longer_alt` lets a longer identifier win over a keyword or number prefix
 * (`cpux`, `80Gi`, `1e-5` are identifiers, so the parser can say "expected a price, found '1e-5'").
 *
 * LABELs are what error messages call a token ("expected a price, found ','").
 */

/** Anything that reads as a name: identifiers, keywords, durations (`gpuKey` segments, owners, classes). */
export const Word = createToken({ name: "Word", pattern: Lexer.NA, label: "a name" });

/** Names start with a letter or digit so that `80Gi` (GPU ram) is one name, not a number and a name. */
export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z0-9_][A-Za-z0-9_-]*/,
  categories: [Word],
  label: "a name",
});

export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n]+/, group: Lexer.SKIPPED });
/** The mapping string is one line: a newline (or any other control character) in it is AK101. */
export const Blank = createToken({ name: "Blank", pattern: /[ \t]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: "Comment", pattern: /#[^\n]*/, group: Lexer.SKIPPED });

export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\n]|\\.)*"/,
  label: "a quoted string",
});
/** Reported by tokenize() and then handed to the parser as a StringLiteral, so parsing goes on. */
export const UnterminatedString = createToken({ name: "UnterminatedString", pattern: /"(?:[^"\\\n]|\\.)*/ });

/** A raw IBC denom, `ibc/<hash>`; its shape is checked later. */
export const IbcDenom = createToken({ name: "IbcDenom", pattern: /ibc\/[A-Za-z0-9]*/, label: "an ibc/… denom" });

/** `90s`, `60m`, `6h`, `1d` — only when the unit ends the word (`6hours` is a name). */
export const Duration = createToken({
  name: "Duration",
  pattern: /\d+[smhd](?![A-Za-z0-9_-])/,
  categories: [Word],
  label: "a duration like '60m'",
});

/** `6.174s`: a block time with a fractional part (whole seconds are a Duration). */
export const Seconds = createToken({
  name: "Seconds",
  pattern: /\d+\.\d+s(?![A-Za-z0-9_-])/,
  label: "a time like '6.174s'",
});

/**
 * A name that starts with a decimal: the GPU key `4090.24Gi` (model `4090`, ram `24Gi`), which would
 * otherwise lex as the number `4090.24` and the name `Gi`. The AST builder splits it at its dots.
 */
export const DottedName = createToken({
  name: "DottedName",
  pattern: /\d+\.\d+[A-Za-z_][A-Za-z0-9_-]*/,
  categories: [Word],
  label: "a name",
});

/** A sign is lexed so that `-1` is a "negative price" error rather than an unexpected '-'. */
export const NumberLiteral = createToken({
  name: "NumberLiteral",
  pattern: /-?\d+(?:\.\d+)?/,
  longer_alt: Identifier,
  label: "a price",
});

function keyword(word: string, name: string): TokenType {
  return createToken({
    name,
    pattern: new RegExp(word),
    longer_alt: Identifier,
    categories: [Word],
    label: `'${word}'`,
  });
}

export const Cpu = keyword("cpu", "Cpu");
export const Memory = keyword("memory", "Memory");
export const Storage = keyword("storage", "Storage");
export const Endpoint = keyword("endpoint", "Endpoint");
export const Ip = keyword("ip", "Ip");
export const Gpu = keyword("gpu", "Gpu");
export const Per = keyword("per", "Per");
export const Unmapped = keyword("unmapped", "Unmapped");
export const AktPrice = keyword("akt_price", "AktPrice");
export const From = keyword("from", "From");
export const Path = keyword("path", "Path");
export const Cache = keyword("cache", "Cache");
export const MaxAge = keyword("max_age", "MaxAge");
export const Fixed = keyword("fixed", "Fixed");
export const Denoms = keyword("denoms", "Denoms");
export const Floor = keyword("floor", "Floor");
export const Tenant = keyword("tenant", "Tenant");
export const Multiplier = keyword("multiplier", "Multiplier");
export const Deny = keyword("deny", "Deny");
export const Allow = keyword("allow", "Allow");
export const Confidential = keyword("confidential", "Confidential");
export const BlockTime = keyword("block_time", "BlockTime");
export const OnFailure = keyword("on_failure", "OnFailure");

export const Dot = createToken({ name: "Dot", pattern: /\./, label: "'.'" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "','" });
export const Equals = createToken({ name: "Equals", pattern: /=/, label: "'='" });
export const Star = createToken({ name: "Star", pattern: /\*/, label: "'*'" });
export const LCurly = createToken({ name: "LCurly", pattern: /\{/, label: "'{'" });
export const RCurly = createToken({ name: "RCurly", pattern: /\}/, label: "'}'" });

/** Keywords that start a statement, in the order error messages list them. */
export const STATEMENT_KEYWORDS = [
  Cpu,
  Memory,
  Storage,
  Endpoint,
  Ip,
  Gpu,
  AktPrice,
  Denoms,
  Floor,
  Tenant,
  Deny,
  Allow,
  Confidential,
  BlockTime,
];

const keywords = [...STATEMENT_KEYWORDS, Per, Unmapped, From, Path, Cache, MaxAge, Fixed, Multiplier, OnFailure];

/**
 * Two modes over one vocabulary: `dsl` for pricing files, `mapping` for provider.yaml's
 * GPU mapping string (no comments, strings, keywords or durations there, so
 * `a100=120,cpu=5` means a GPU model named `cpu`).
 */
export const lexerDefinition: IMultiModeLexerDefinition = {
  modes: {
    dsl: [
      WhiteSpace,
      Comment,
      StringLiteral,
      UnterminatedString,
      IbcDenom,
      Seconds,
      Duration,
      DottedName,
      NumberLiteral,
      ...keywords,
      Identifier,
      Dot,
      Comma,
      Equals,
      Star,
      LCurly,
      RCurly,
    ],
    mapping: [Blank, DottedName, NumberLiteral, Identifier, Dot, Comma, Equals, Star],
  },
  defaultMode: "dsl",
};

/** Every token type, for the parser (the category first). */
export const allTokens: TokenType[] = [Word, ...new Set(Object.values(lexerDefinition.modes).flat())];
