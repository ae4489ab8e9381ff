import { describe, expect, test } from "vitest";
import { buildAst, buildGpuMapping } from "../../../src/pricing/ast/build-ast.js";
import type { Node } from "../../../src/pricing/ast/nodes.js";
import { parseGpuMapping, parsePricingFile } from "../../../src/pricing/parser/parse.js";

const ast = (text: string) => {
  const src = { file: "p.akp", text };
  return buildAst(parsePricingFile(src).cst, src);
};
const mapping = (text: string) => {
  const src = { file: "provider.yaml", text };
  return buildGpuMapping(parseGpuMapping(src).cst, src);
};
/** The source text a node covers. */
const cover = (text: string, n: Node | undefined) => (n ? text.slice(n.span.start, n.span.end) : undefined);

describe("buildAst", () => {
  test("statements keep source order, and every node's span covers its text", () => {
    const text = "cpu 1.60 per thread\nstorage ephemeral 0.02, beta3 0.04 per GiB\nfloor 0.50";
    const file = ast(text);
    expect(file.statements.map((s) => s.kind)).toEqual(["component", "storage", "floor"]);
    const [cpu, storage] = file.statements;
    if (cpu?.kind !== "component" || storage?.kind !== "storage") throw new Error("unexpected shape");
    expect([cpu.component, cpu.price?.text, cpu.unit?.text, cover(text, cpu)]).toEqual([
      "cpu",
      "1.60",
      "thread",
      "cpu 1.60 per thread",
    ]);
    expect(storage.prices.map((p) => [p.storageClass?.text, p.price?.text, cover(text, p)])).toEqual([
      ["ephemeral", "0.02", "ephemeral 0.02"],
      ["beta3", "0.04", "beta3 0.04"],
    ]);
  });

  test("a GPU block gives keys as segments joined by '.', and '*' as a wildcard", () => {
    const text = "gpu unmapped=wildcard {\n  a100.80Gi.sxm 165\n  * = 130\n}";
    const [gpu] = ast(text).statements;
    if (gpu?.kind !== "gpu") throw new Error("unexpected shape");
    expect(gpu.policy?.text).toBe("wildcard");
    expect(
      gpu.entries.map((e) => [e.key.text, e.key.wildcard, e.key.segments.length, e.price?.text, cover(text, e.key)]),
    ).toEqual([
      ["a100.80Gi.sxm", false, 3, "165", "a100.80Gi.sxm"],
      ["*", true, 0, "130", "*"],
    ]);
  });

  test("akt_price sources, strings unquoted, and cache settings", () => {
    const [akt] = ast('akt_price from diadata, "http://h/p?a=\\"b\\"" path ".price" max_age 6h cache 60m').statements;
    if (akt?.kind !== "akt_price") throw new Error("unexpected shape");
    expect(akt.sources.map((s) => [s.name?.text, s.url?.text, s.path?.text])).toEqual([
      ["diadata", undefined, undefined],
      [undefined, 'http://h/p?a="b"', ".price"],
    ]);
    expect(akt.settings.map((s) => [s.setting, s.duration?.text])).toEqual([
      ["max_age", "6h"],
      ["cache", "60m"],
    ]);
  });

  test("allow lists and allow from are different statements; owners keep order", () => {
    const kinds = ast('allow a, b\nallow from "https://x"\ndeny c').statements.map((s) => [
      s.kind,
      "owners" in s ? s.owners.map((o) => o.text) : [],
    ]);
    expect(kinds).toEqual([
      ["allow", ["a", "b"]],
      ["allow_from", []],
      ["deny", ["c"]],
    ]);
  });

  test("a statement that error recovery cut short keeps what it has, the rest is undefined", () => {
    const file = ast("cpu per thread\nmemory 0.80");
    const [cpu, memory] = file.statements;
    expect(cpu?.kind === "component" && [cpu.price, cpu.unit?.text]).toEqual([undefined, "thread"]);
    expect(memory?.kind === "component" && memory.price?.text).toBe("0.80");
  });
});

describe("buildGpuMapping", () => {
  test("entries in source order with prices as written", () => {
    expect(mapping("a100=120,a100.80Gi=150.50,t4=80,*=130").entries.map((e) => [e.key.text, e.price?.text])).toEqual([
      ["a100", "120"],
      ["a100.80Gi", "150.50"],
      ["t4", "80"],
      ["*", "130"],
    ]);
  });

  test("a key with spaces keeps its raw text, as the reference splits it", () => {
    expect(mapping("a100=120, t4 =80").entries.map((e) => [e.key.text, e.key.raw])).toEqual([
      ["a100", undefined],
      ["t4", " t4 "],
    ]);
  });

  test.each<[string, number[], number | undefined]>([
    ["a100=120,,t4=80", [9], undefined],
    [",a100=120", [0], undefined],
    ["a100=120,", [], 8],
    ["a100=120,,", [9], undefined],
    ["a100=120,t4=80", [], undefined],
  ])("%j: blank pairs at %j, trailing comma at %j", (text, blanks, trailing) => {
    const m = mapping(text);
    expect([m.blankPairs.map((s) => s.start), m.trailingComma?.start]).toEqual([blanks, trailing]);
  });
});
