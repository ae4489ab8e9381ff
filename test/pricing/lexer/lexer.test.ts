import { describe, expect, test } from "vitest";
import { tokenize, type LexMode } from "../../../src/pricing/lexer/lexer.js";

const names = (text: string, mode: LexMode = "dsl") =>
  tokenize({ file: "t.akp", text }, mode).tokens.map((t) => t.tokenType.name);

describe("tokenize", () => {
  test.each<[string, string[]]>([
    ["cpu 1.60 per thread", ["Cpu", "NumberLiteral", "Per", "Identifier"]],
    ["cpux cpu_1 percent", ["Identifier", "Identifier", "Identifier"]],
    ["a100.80Gi.sxm 150", ["Identifier", "Dot", "Identifier", "Dot", "Identifier", "NumberLiteral"]],
    ["4090 4090ti", ["NumberLiteral", "Identifier"]],
    ["1e-5", ["Identifier"]],
    ["-1 -0.5", ["NumberLiteral", "NumberLiteral"]],
    ["cache 60m max_age 6h 6hours", ["Cache", "Duration", "MaxAge", "Duration", "Identifier"]],
    ['akt_price from "http://x/p" path ".price"', ["AktPrice", "From", "StringLiteral", "Path", "StringLiteral"]],
    ["denoms uakt, ibc/12C6A0", ["Denoms", "Identifier", "Comma", "IbcDenom"]],
    [
      "gpu unmapped=max { * 130 }",
      ["Gpu", "Unmapped", "Equals", "Identifier", "LCurly", "Star", "NumberLiteral", "RCurly"],
    ],
    [
      "floor 0.50 # a comment\ntenant akash1abc multiplier 0.8",
      ["Floor", "NumberLiteral", "Tenant", "Identifier", "Multiplier", "NumberLiteral"],
    ],
  ])("%j", (input, expected) => {
    expect(names(input)).toEqual(expected);
  });

  test("the mapping mode has no keywords, comments or durations", () => {
    expect(names("cpu=5,a#1=2,1d=3", "mapping")).toEqual([
      "Identifier",
      "Equals",
      "NumberLiteral",
      "Comma",
      "Identifier",
      "NumberLiteral",
      "Equals",
      "NumberLiteral",
      "Comma",
      "Identifier",
      "Equals",
      "NumberLiteral",
    ]);
  });

  test("every run of unexpected characters is one AK101 at its offset", () => {
    const r = tokenize({ file: "t.akp", text: "cpu $1.60 €€ per" });
    expect(r.diagnostics.map((d) => [d.code, d.message, d.span?.start, d.span?.end])).toEqual([
      ["AK101", "unexpected '$'", 4, 5],
      ["AK101", "unexpected '€€'", 10, 12],
    ]);
    expect(r.tokens.map((t) => t.image)).toEqual(["cpu", "1.60", "per"]);
  });

  test("an unterminated string is AK102 and still reaches the parser as a string", () => {
    const r = tokenize({ file: "t.akp", text: 'allow from "https://x\nfloor 1' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(["AK102"]);
    expect(r.tokens.map((t) => t.tokenType.name)).toEqual(["Allow", "From", "StringLiteral", "Floor", "NumberLiteral"]);
  });

  test("offsets of a string lexed out of another file are mapped into that file", () => {
    const r = tokenize({ file: "provider.yaml", text: "a100=$", offsetOf: (i) => i + 100 }, "mapping");
    expect(r.diagnostics[0]?.span).toEqual({ file: "provider.yaml", start: 105, end: 106 });
  });
});
