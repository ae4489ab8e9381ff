import { describe, expect, test } from "vitest";
import { renderDiagnostics } from "../../../src/diagnostics/render.js";
import { parseGpuMapping, parsePricingFile } from "../../../src/pricing/parser/parse.js";
import { diagnose } from "../front-end.js";

const parseErrors = (text: string) => {
  const r = parsePricingFile({ file: "p.akp", text });
  return r.diagnostics.map((d) => `${d.code}@${d.span?.start}`);
};

describe("parsePricingFile", () => {
  test.each([
    "",
    "# only a comment\n",
    "cpu 1.60 per thread\nmemory 0.80 per GiB\nendpoint 0.05\nip 5",
    "storage ephemeral 0.02, hdd 0.01, ssd 0.03, nvme 0.04 per GiB",
    "gpu { }",
    "gpu unmapped=wildcard {\n  a100 120\n  a100.80Gi = 150\n  h100.80Gi.sxm 300\n  * 130\n}",
    'akt_price from diadata, coingecko, "http://127.0.0.1:8080/p" path ".price" cache 60m max_age 6h',
    "akt_price fixed 1.25",
    "denoms uakt, uact, usdc, ibc/170C677610AC31DF0904FFE09CD3B5C657492170E7E52372E48756B71E56F2F1",
    "floor 0.50",
    'tenant akash1abc multiplier 0.8\ndeny akash1a, akash1b\nallow akash1c\nallow from "https://example.com/list"',
    "cpu 1 memory 2 floor 3", // newlines are not significant
  ])("parses %j without errors", (text) => {
    expect(parseErrors(text)).toEqual([]);
  });

  test.each<[string, string[]]>([
    ["cpu", ["p.akp:1:4: error[AK103]: expected a price, found end of file"]],
    ["cpu 1.60 per", ["p.akp:1:13: error[AK103]: expected a name, found end of file"]],
    ["memory abc per GiB", ["p.akp:1:8: error[AK103]: expected a price, found 'abc'"]],
    ["cpu 1e-5", ["p.akp:1:5: error[AK103]: expected a price, found '1e-5'"]],
    ["cpu 1,6 per thread", ["p.akp:1:5: error[AK105]: '1,6' is not a decimal: write '1.6'"]],
    ["storage hdd 0,01 per GiB", ["p.akp:1:13: error[AK105]: '0,01' is not a decimal: write '0.01'"]],
    ["gpu { a100 120", ["p.akp:1:15: error[AK103]: expected '}', found end of file"]],
    ["akt_price coingecko", ["p.akp:1:11: error[AK103]: expected 'fixed' or 'from', found 'coingecko'"]],
    ["akt_price from diadata cache 60", ["p.akp:1:30: error[AK103]: expected a duration like '60m', found '60'"]],
    [
      "} cpu 1",
      [
        "p.akp:1:1: error[AK104]: unexpected '}': each setting starts with one of 'cpu', 'memory', 'storage', 'endpoint', 'ip', 'gpu', 'akt_price', 'denoms', 'floor', 'tenant', 'deny', 'allow', 'confidential', 'block_time'",
      ],
    ],
    ["floor 0.50 €", ["p.akp:1:12: error[AK101]: unexpected '€'"]],
    [
      'allow from "https://x',
      ["p.akp:1:12: error[AK102]: unterminated string: a closing '\"' is missing on this line"],
    ],
  ])("%j", (text, expected) => {
    expect(diagnose(text)).toEqual(expected);
  });

  test("an error at the end of the file points just after the last token, not at NaN", () => {
    expect(diagnose("tenant akash1mgx64wjtz45krszf4d9ctdkshjazsu3qlkne9n multiplier\n\n# trailing comment\n")).toEqual([
      "p.akp:1:63: error[AK103]: expected a price, found end of file",
    ]);
  });

  test("three independent errors are all reported, each with line:col and a caret (acceptance 4)", () => {
    const text = [
      "cpu 1,6 per thread",
      "memory 0.80 per GiB",
      "storage ephemeral 0.02, hdd abc",
      "gpu unmapped=max {",
      "  a100 120",
      "  t4 = ",
      "}",
      "floor 0.50",
    ].join("\n");
    const r = parsePricingFile({ file: "p.akp", text });
    expect(renderDiagnostics(r.diagnostics, [{ path: "p.akp", text }])).toBe(
      [
        "p.akp:1:5: error[AK105]: '1,6' is not a decimal: write '1.6'",
        "  |",
        "1 | cpu 1,6 per thread",
        "  |     ^^^",
        "p.akp:3:29: error[AK103]: expected a price, found 'abc'",
        "  |",
        "3 | storage ephemeral 0.02, hdd abc",
        "  |                             ^^^",
        "p.akp:7:1: error[AK103]: expected a price, found '}'",
        "  |",
        "7 | }",
        "  | ^",
        "",
      ].join("\n"),
    );
  });

  test("at most one error per position", () => {
    const r = parsePricingFile({ file: "p.akp", text: "cpu $ memory" });
    const starts = r.diagnostics.map((d) => d.span?.start);
    expect(new Set(starts).size).toBe(starts.length);
  });
});

describe("parseGpuMapping (the same grammar for provider.yaml's string)", () => {
  const mappingErrors = (text: string) =>
    parseGpuMapping({ file: "provider.yaml", text }).diagnostics.map((d) => `${d.code} ${d.message} @${d.span?.start}`);

  test.each(["", "a100=120", "a100=120,a100.80Gi=150,t4=80,*=130", "a100=120,,t4=80", "a100=120,", "a100 =120, t4=80"])(
    "%j parses (blank pairs and spaces are the checker's business)",
    (text) => {
      expect(mappingErrors(text)).toEqual([]);
    },
  );

  test.each<[string, string[]]>([
    ["a100=,t4=80", ["AK103 expected a price, found ',' @5"]],
    ["a100=", ["AK103 expected a price, found the end of the mapping @5"]],
    ["a100=120 t4=80", ["AK103 expected ',' or the end of the mapping, found 't4' @9"]],
    ["a100=1,5", ["AK105 '1,5' is not a decimal: write '1.5' @5"]],
    ["a100=120=5", ["AK103 expected ',' or the end of the mapping, found '=' @8"]],
    ["a100/80=5", ["AK101 unexpected '/' @4"]],
    ["a100=1e2", ["AK103 expected a price, found '1e2' @5"]],
  ])("%j", (text, expected) => {
    expect(mappingErrors(text)).toEqual(expected);
  });
});

describe("cst.generated.d.ts", () => {
  test("is what scripts/gen-cst-dts.ts makes of the current grammar (regenerate with: npx tsx scripts/gen-cst-dts.ts)", async () => {
    const { generateCstDts } = await import("chevrotain");
    const { readFileSync } = await import("node:fs");
    const { parser } = await import("../../../src/pricing/parser/parser.js");
    const onDisk = readFileSync(new URL("../../../src/pricing/parser/cst.generated.d.ts", import.meta.url), "utf8");
    expect(onDisk.slice(onDisk.indexOf("\n") + 1)).toBe(generateCstDts(parser.getGAstProductions()));
  });
});
