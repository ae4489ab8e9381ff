import { describe, expect, test } from "vitest";
import { compareDecimal } from "../../../src/pricing/decimal-text.js";
import { isJqPath } from "../../../src/pricing/checker/predicates.js";
import { maxPolicyPrice } from "../../../src/pricing/gpu-policy.js";
import { codes, diagnose, resolveTexts } from "../front-end.js";

const STUDIO = "akash1mgx64wjtz45krszf4d9ctdkshjazsu3qlkne9n";
const SPAM = "akash1fcug4vetzrwgm0r79q2y74fgxzkuw3u8hl3xt0";
const USDC = "ibc/170C677610AC31DF0904FFE09CD3B5C657492170E7E52372E48756B71E56F2F1";
const OTHER_IBC = "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2";

describe("check: pricing files", () => {
  test("the shipped example has no diagnostics of its own", async () => {
    const { readFileSync } = await import("node:fs");
    expect(codes(readFileSync(new URL("../../../examples/pricing.akp", import.meta.url), "utf8"))).toEqual([]);
  });

  test.each<[string, string, string[]]>([
    ["a setting given twice", "cpu 1\nmemory 1\ncpu 2", ["AK201"]],
    ["a storage class given twice, through an alias", "storage hdd 0.01\nstorage beta1 0.02", ["AK201"]],
    ["negative prices", "cpu -1\nstorage ssd -0.5\nfloor -1\ngpu { a100 -5 }", ["AK204", "AK204", "AK204", "AK204"]],
    ["a wrong unit", "cpu 1 per core\nmemory 1 per GB\nstorage hdd 1 per GiB", ["AK205", "AK205"]],
    ["an unknown storage class", "storage hdd 0.01, beta4 0.02", ["AK206"]],
    ["an unknown unmapped policy", "gpu unmapped=maximum { a100 120 }", ["AK207"]],
    ["wildcard without '*'", "gpu unmapped=wildcard { a100 120 }", ["AK208"]],
    ["a duplicate GPU key is an error in a pricing file", "gpu { a100 120\n a100 130 }", ["AK202"]],
    ["'*' not the highest under max", "gpu { a100 1200\n * 130 }", ["AK209"]],
    ["'*' below the floor of 100 under max", "gpu { t4 80\n * 90 }", ["AK209"]],
    ["'*' the highest under max is fine", "gpu { a100 120\n * 130 }", []],
    ["'*' equal to the highest, written differently", "gpu { a100 130.00\n * 130 }", []],
    ["'*' under wildcard is what it says", "gpu unmapped=wildcard { a100 1200\n * 130 }", []],
    [
      "an interface providers never send",
      "gpu { a100.80Gi.sxm4 1\n a100.pcie4 2\n a100.80Gi.sxm 3 }",
      ["AK210", "AK210"],
    ],
    ["a ram segment that is no size", "gpu { a100.80GB 1\n a100.big.sxm 2 }", ["AK211", "AK211"]],
    ["four parts", "gpu { a100.80Gi.sxm.x 1 }", ["AK212"]],
    ["model.interface is only for orders without ram", "gpu { a100.sxm 1 }", ["AK213"]],
    ["an unknown AKT source", "akt_price from diadata, binance", ["AK215"]],
    ["a URL without a path", 'akt_price from "https://x/p"', ["AK216"]],
    ["a URL that is not http(s)", 'akt_price from "ftp://x/p" path ".p"', ["AK217"]],
    ["a path that is not a jq path", 'akt_price from "https://x/p" path "price | tonumber"', ["AK218"]],
    ["max_age below cache", "akt_price from diadata cache 2h max_age 1h", ["AK219"]],
    ["cache above the default max_age", "akt_price from diadata cache 12h", ["AK219"]],
    ["cache given twice", "akt_price from diadata cache 1m cache 2m", ["AK201"]],
    ["a source listed twice", "akt_price from diadata, coingecko, diadata", ["AK220"]],
    ["akt_price twice", "akt_price fixed 1\nakt_price from diadata", ["AK201"]],
    ["a zero fixed price", "akt_price fixed 0.00", ["AK230"]],
    ["a negative fixed price", "akt_price fixed -1", ["AK230"]],
    ["an unknown denom", "denoms uakt, usdt", ["AK221"]],
    ["a malformed ibc denom", "denoms ibc/170c677610", ["AK222"]],
    ["an ibc denom that is not USDC", `denoms uakt, ${OTHER_IBC}`, ["AK223"]],
    ["usdc and its raw denom", `denoms usdc, ${USDC}`, ["AK224"]],
    [
      "an owner that is no address",
      "deny akash1xyz, cosmos1mgx64wjtz45krszf4d9ctdkshjazsu3qlkne9n",
      ["AK225", "AK225"],
    ],
    ["an owner listed twice", `deny ${SPAM}\ndeny ${SPAM}`, ["AK226"]],
    ["an owner allowed and denied", `allow ${SPAM}\ndeny ${SPAM}`, ["AK227"]],
    ["a multiplier for a denied owner", `deny ${SPAM}\ntenant ${SPAM} multiplier 2`, ["AK228"]],
    ["a multiplier for an owner off the allow list", `allow ${STUDIO}\ntenant ${SPAM} multiplier 2`, ["AK228"]],
    ["two multipliers for one owner", `tenant ${STUDIO} multiplier 0.8\ntenant ${STUDIO} multiplier 0.9`, ["AK201"]],
    ["a zero multiplier", `tenant ${STUDIO} multiplier 0`, ["AK229"]],
    ["a negative multiplier", `tenant ${STUDIO} multiplier -1`, ["AK204"]],
    ["allow from a non-URL", 'allow from "list.txt"', ["AK217"]],
    ["allow from twice", 'allow from "https://a"\nallow from "https://b"', ["AK201"]],
  ])("%s", (_name, text, expected) => {
    expect(codes(text)).toEqual(expected);
  });

  test("a duplicate points at the second one and notes the first", () => {
    const { diagnostics } = resolveTexts("gpu {\n  a100 120\n  a100 130\n}");
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect([d?.span?.start, d?.notes?.[0]?.message, d?.notes?.[0]?.span?.start]).toEqual([19, "first defined here", 8]);
  });

  test("messages say what to do", () => {
    expect(diagnose("gpu { a100 1200\n * 130 }")).toEqual([
      "p.akp:2:2: warning[AK209]: '*' costs 130, but under 'unmapped=max' unmapped models cost 1200 (the highest price, at least 100); 'gpu unmapped=wildcard' charges the '*' price",
    ]);
    expect(diagnose("akt_price from diadata cache 12h")).toEqual([
      "p.akp:1:30: error[AK219]: max_age 6h (the default) is shorter than cache 12h: a cached price would be refused before it is refreshed",
    ]);
  });
});

describe("check: provider.yaml's mapping string", () => {
  const mapping = (m: string) => codes(undefined, `price_target_gpu_mappings: "${m}"\n`);

  test.each<[string, string[]]>([
    ["a100=120,t4=80,*=130", []],
    ["a100=120,a100.80Gi=150,t4=80,*=130", ["AK209"]],
    ["a100=120,,t4=80", ["AK106"]],
    ["a100=120,", ["AK107"]],
    ["a100=120,t4=80,t4=90", ["AK203"]],
    ["a100=120, t4=80", ["AK214"]],
    ["a100=120,a100.80Gi.sxm4=150", ["AK210"]],
    ["a100=1200,*=130", ["AK209"]],
    ["a100=,t4=80", ["AK103"]],
  ])("%j", (m, expected) => {
    expect(mapping(m)).toEqual(expected);
  });
});

describe("helpers", () => {
  test.each<[string, string, number]>([
    ["1.60", "1.6", 0],
    ["10", "9.99", 1],
    ["0.5", "0.50001", -1],
    ["007", "7", 0],
    ["130", "130.000", 0],
  ])("compareDecimal(%s, %s) = %d", (a, b, r) => {
    expect(compareDecimal(a, b)).toBe(r);
  });

  test("the max policy price is the highest price, at least 100", () => {
    expect([maxPolicyPrice([]), maxPolicyPrice(["80", "99.9"]), maxPolicyPrice(["120", "150.5", "130"])]).toEqual([
      "100",
      "100",
      "150.5",
    ]);
  });

  test.each<[string, boolean]>([
    [".price", true],
    [".Price", true],
    ['."akash-network".usd', true],
    [".data[0].usd", true],
    ['.["a b"]', true],
    [".", true],
    ["price", false],
    [".price | tonumber", false],
    ["", false],
  ])("isJqPath(%j) = %s", (p, ok) => {
    expect(isJqPath(p)).toBe(ok);
  });
});
