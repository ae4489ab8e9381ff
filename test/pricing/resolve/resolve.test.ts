import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { renderDiagnostic } from "../../../src/diagnostics/render.js";
import { DEFAULT_PRICES } from "../../../src/pricing/components.js";
import { DEFAULT_DENOMS, KNOWN_AKT_SOURCES } from "../../../src/pricing/model.js";
import { diagnose, resolveTexts } from "../front-end.js";

// The two provider.yaml files of the bid oracle (../shared/fixtures/bid-oracle/configs), inline.
const DOCS = `price_target_cpu: 1.60
price_target_memory: 0.80
price_target_hd_ephemeral: 0.02
price_target_hd_pers_hdd: 0.01
price_target_hd_pers_ssd: 0.03
price_target_hd_pers_nvme: 0.04
price_target_endpoint: 0.05
price_target_ip: 5
price_target_gpu_mappings: "a100=120,t4=80,*=130"
`;
const PREMIUM = `price_target_cpu: 2.35
price_target_memory: 0.45
price_target_hd_ephemeral: 0.015
price_target_hd_pers_hdd: 0.008
price_target_hd_pers_ssd: 0.025
price_target_hd_pers_nvme: 0.05
price_target_endpoint: 0.1
price_target_ip: 3.5
price_target_gpu_mappings: "a100=1200,a100.80Gi=1500,a100.80Gi.sxm=1650,h100=2100,h100.80Gi.sxm=2500,t4=80.5,rtx4090=310,*=130"
`;
const STUDIO = "akash1mgx64wjtz45krszf4d9ctdkshjazsu3qlkne9n";
const SPAM = "akash1fcug4vetzrwgm0r79q2y74fgxzkuw3u8hl3xt0";

const model = (pricing?: string, provider?: string) => {
  const r = resolveTexts(pricing, provider);
  if (!r.result) throw new Error("no model");
  return r.result.model;
};

describe("provider.yaml only: the reference script's inputs, exactly", () => {
  test("prices as written, GPU entries in source order, policy max, default denoms and AKT sources", () => {
    const m = model(undefined, PREMIUM);
    expect([
      m.cpu.value,
      m.memory.value,
      m.ephemeral.value,
      m.hdd.value,
      m.ssd.value,
      m.nvme.value,
      m.endpoint.value,
      m.ip.value,
    ]).toEqual(["2.35", "0.45", "0.015", "0.008", "0.025", "0.05", "0.1", "3.5"]);
    expect(m.gpu.prices.map((p) => `${p.key}=${p.price}`).join(",")).toBe(
      "a100=1200,a100.80Gi=1500,a100.80Gi.sxm=1650,h100=2100,h100.80Gi.sxm=2500,t4=80.5,rtx4090=310,*=130",
    );
    expect(m.gpu.unmapped).toBe("max");
    expect(m.denoms).toEqual(DEFAULT_DENOMS);
    expect(m.akt.sources).toEqual([KNOWN_AKT_SOURCES.diadata, KNOWN_AKT_SOURCES.coingecko]);
    expect([m.floor, m.whitelistUrl, m.tenants]).toEqual([
      undefined,
      undefined,
      { deny: [], allow: [], multipliers: [] },
    ]);
  });

  test("1.60 stays 1.60 (not 1.6), and each value names its key", () => {
    const m = model(undefined, DOCS);
    expect(m.cpu).toEqual({
      value: "1.60",
      origin: { source: "provider.yaml", path: "price_target_cpu", span: { file: "provider.yaml", start: 0, end: 16 } },
    });
  });

  test("absent keys take the reference's defaults", () => {
    const m = model(undefined, "price_target_cpu: 3\n");
    expect([m.cpu.value, m.memory.value, m.ip.value, m.ip.origin.source]).toEqual([
      "3",
      DEFAULT_PRICES.memory,
      DEFAULT_PRICES.ip,
      "default",
    ]);
    expect(m.gpu).toEqual({ prices: [], unmapped: "max", origin: { source: "default" } });
  });

  test.each<[string, string]>([
    ["0", "0"],
    ['"0"', "0"],
    ["1e-05", "0.00001"],
    [".5", "0.5"],
    ["'2.50'", "2.50"],
  ])("price_target_ip: %s reads as %s", (yaml, value) => {
    expect(model(undefined, `price_target_ip: ${yaml}\n`).ip.value).toBe(value);
  });

  test("a later duplicate key in the mapping wins, as in the reference; spaces are kept in the key", () => {
    const m = model(undefined, 'price_target_gpu_mappings: "a100=120,t4=80, t4=70,a100=125"\n');
    expect(m.gpu.prices.map((p) => [p.key, p.price])).toEqual([
      ["t4", "80"],
      [" t4", "70"],
      ["a100", "125"],
    ]);
  });

  test("every other key is kept untouched", () => {
    const r = resolveTexts(
      undefined,
      "from: akash1x\nattributes:\n  - key: region\n    value: eu\nprice_target_cpu: 1.60\nwithdrawalperiod: 12h\n",
    );
    expect(r.result?.providerValues).toEqual({
      from: "akash1x",
      attributes: [{ key: "region", value: "eu" }],
      price_target_cpu: 1.6,
      withdrawalperiod: "12h",
    });
  });

  test("whitelist_url is read", () => {
    expect(model(undefined, "whitelist_url: https://example.com/owners.txt\n").whitelistUrl).toBe(
      "https://example.com/owners.txt",
    );
  });
});

describe("provider.yaml errors", () => {
  test.each<[string, string[]]>([
    [
      "price_target_cpu: 1,6\n",
      ["provider.yaml: price_target_cpu: error[AK301]: expected a non-negative decimal, got '1,6'"],
    ],
    [
      "price_target_memory: -1\n",
      ["provider.yaml: price_target_memory: error[AK301]: expected a non-negative decimal, got '-1'"],
    ],
    [
      "price_target_ip: [1]\n",
      ["provider.yaml: price_target_ip: error[AK301]: expected a non-negative decimal, got a list"],
    ],
    [
      "price_target_gpu_mappings: 120\n",
      ["provider.yaml: price_target_gpu_mappings: error[AK302]: expected a string of model=price pairs, got '120'"],
    ],
    [
      "whitelist_url: not a url\n",
      ["provider.yaml: whitelist_url: error[AK303]: expected an http(s) URL, got 'not a url'"],
    ],
    [
      "price_target_gpu_mapping: a100=1\n",
      [
        "provider.yaml: price_target_gpu_mapping: warning[AK304]: unknown price key 'price_target_gpu_mapping' is ignored; did you mean 'price_target_gpu_mappings'?",
      ],
    ],
    ["a: 1\n  b: 2\n", ["provider.yaml:2:4: error[AK330]: bad indentation of a mapping entry"]],
  ])("%j", (yaml, expected) => {
    expect(diagnose(undefined, yaml)).toEqual(expected);
  });

  test("every bad key is reported, not just the first", () => {
    expect(diagnose(undefined, "price_target_cpu: x\nprice_target_memory: y\nprice_target_ip: z\n")).toHaveLength(3);
  });

  test.each<[string, string]>([
    ['price_target_gpu_mappings: "a100=120,,t4=80"', "provider.yaml:2:38: error[AK106]"],
    ["price_target_gpu_mappings: 'a100=120,,t4=80'", "provider.yaml:2:38: error[AK106]"],
    ["price_target_gpu_mappings: a100=120,,t4=80   # comment", "provider.yaml:2:37: error[AK106]"],
    ["'price_target_gpu_mappings' :  \"a100=120,,t4=80\"", "provider.yaml:2:42: error[AK106]"],
    ['price_target_gpu_mappings: "a\\u0031=1,,t4=80"', "provider.yaml: price_target_gpu_mappings: error[AK106]"],
    ["price_target_gpu_mappings: >\n  a100=120,,t4=80", "provider.yaml: price_target_gpu_mappings: error[AK106]"],
  ])("mapping errors point into provider.yaml: %j", (line, where) => {
    const [first] = diagnose(undefined, `price_target_cpu: 1\n${line}\n`);
    expect(first?.slice(0, where.length)).toBe(where);
  });

  test("the caret sits under the mapping's own text", () => {
    const { diagnostics, sources } = resolveTexts(undefined, 'price_target_gpu_mappings: "a100=120,t4=80,h1=abc"\n');
    expect(renderDiagnostic(diagnostics[0]!, sources)).toBe(
      [
        "provider.yaml:1:47: error[AK103]: expected a price, found 'abc'",
        "  |",
        '1 | price_target_gpu_mappings: "a100=120,t4=80,h1=abc"',
        "  |                                               ^^^",
        "",
      ].join("\n"),
    );
  });
});

describe("provider.yaml + pricing file: the pricing file wins", () => {
  test("each value keeps its origin", () => {
    const m = model("cpu 2.00 per thread\nstorage beta3 0.05", DOCS);
    expect([m.cpu.value, m.cpu.origin.source, m.cpu.origin.span?.start]).toEqual(["2.00", "pricing", 0]);
    expect([m.nvme.value, m.nvme.origin.source, m.memory.value, m.memory.origin.source]).toEqual([
      "0.05",
      "pricing",
      "0.80",
      "provider.yaml",
    ]);
  });

  test("a GPU block replaces the whole mapping string", () => {
    const m = model("gpu unmapped=wildcard {\n  h100 300\n  * 150\n}", DOCS);
    expect([m.gpu.prices.map((p) => p.key), m.gpu.unmapped, m.gpu.origin.source]).toEqual([
      ["h100", "*"],
      "wildcard",
      "pricing",
    ]);
  });

  test("overrides are listed apart from the diagnostics, each pointing at both places", () => {
    const r = resolveTexts("cpu 2.00\ngpu { a100 150 }", DOCS);
    expect(r.diagnostics).toEqual([]);
    expect(
      r.result?.overrides.map((d) =>
        renderDiagnostic(d, r.sources)
          .split("\n")
          .filter((l) => /warning\[|note:/.test(l)),
      ),
    ).toEqual([
      [
        "provider.yaml:1:1: warning[AK231]: price_target_cpu '1.60' in provider.yaml is overridden by '2.00' from the pricing file",
        "p.akp:1:1: note: set here",
      ],
      [
        "provider.yaml:9:1: warning[AK231]: price_target_gpu_mappings 'a100=120,t4=80,*=130' in provider.yaml is overridden by the gpu block from the pricing file",
        "p.akp:2:1: note: set here",
      ],
    ]);
  });

  test("warnings about a replaced mapping string are dropped, its errors are not", () => {
    const yaml = 'price_target_gpu_mappings: "a100=1200,*=130,t4=1,5"\n';
    expect(resolveTexts(undefined, yaml).diagnostics.map((d) => d.code)).toEqual(["AK209", "AK105"]);
    expect(resolveTexts("gpu { a100 1 }", yaml).diagnostics.map((d) => d.code)).toEqual(["AK105"]);
  });

  test("allow from wins over whitelist_url", () => {
    const r = resolveTexts('allow from "https://new.example/list"', "whitelist_url: https://old.example/list\n");
    expect([r.result?.model.whitelistUrl, r.result?.overrides.map((d) => d.code)]).toEqual([
      "https://new.example/list",
      ["AK231"],
    ]);
  });
});

describe("pricing-file-only settings", () => {
  test("AKT sources: well-known names and URLs with jq paths, in order; cache and max age", () => {
    const m = model('akt_price from "http://127.0.0.1:8080/p" path ".price", coingecko cache 5m max_age 2h');
    expect(m.akt).toEqual({
      sources: [
        { name: "127.0.0.1:8080", url: "http://127.0.0.1:8080/p", jqPath: ".price" },
        KNOWN_AKT_SOURCES.coingecko,
      ],
      cacheSeconds: 300,
      maxAgeSeconds: 7200,
    });
  });

  test("a fixed AKT price", () => {
    expect(model("akt_price fixed 1.25").akt.fixed).toBe("1.25");
  });

  test("denoms: names expand, raw ibc denoms are USD stablecoins", () => {
    const other = "ibc/27394FB092D2ECCD56123C74F36E4C1F926001CEADA9CA97EA622B25F41E5EB2";
    expect(model(`denoms uakt, ${other}`).denoms).toEqual([
      { denom: "uakt", kind: "akt" },
      { denom: other, kind: "usd" },
    ]);
    expect(model("denoms usdc").denoms.map((d) => d.denom)).toEqual(DEFAULT_DENOMS.slice(2).map((d) => d.denom));
  });

  test("floor and tenant rules", () => {
    const m = model(`floor 0.50\ntenant ${STUDIO} multiplier 0.8\ndeny ${SPAM}\nallow ${STUDIO}`);
    expect([m.floor, m.tenants.deny, m.tenants.allow, m.tenants.multipliers.map((t) => [t.owner, t.factor])]).toEqual([
      "0.50",
      [SPAM],
      [STUDIO],
      [[STUDIO, "0.8"]],
    ]);
  });
});

describe("robustness", () => {
  const pieces = [
    "cpu",
    "gpu",
    "{",
    "}",
    "*",
    "a100",
    ".",
    "80Gi",
    "=",
    ",",
    "1.5",
    "-2",
    '"http://x"',
    "path",
    "akt_price",
    "from",
    "\n",
    " ",
    "#",
    "€",
    "tenant",
    "deny",
  ];

  test("any sequence of tokens and junk: no exception, every span inside its file", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join(" ");
        const r = resolveTexts(text, `price_target_gpu_mappings: "${parts.join("").replace(/["\\\n]/g, "")}"\n`);
        for (const d of r.diagnostics) {
          if (!d.span) continue;
          const len = r.sources.find((s) => s.path === d.span?.file)!.text.length;
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(len);
        }
        // one error per position
        const starts = r.diagnostics
          .filter((d) => d.span && d.severity === "error")
          .map((d) => `${d.span!.file}:${d.span!.start}`);
        expect(new Set(starts).size).toBe(starts.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe("owner lists from URLs, confidential multiplier, block time", () => {
  const model = (pricing: string, provider?: string) => {
    const { result, diagnostics } = resolveTexts(pricing, provider);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    return result!.model;
  };

  test("allow from is closed and deny from is open unless on_failure says otherwise", () => {
    const m = model('allow from "https://a.example/l"\ndeny from "https://d.example/l"');
    expect([m.whitelistUrl, m.whitelistOnFailure ?? "closed", m.denyList]).toEqual([
      "https://a.example/l",
      "closed",
      { url: "https://d.example/l", onFailure: "open" },
    ]);
    const n = model(
      'allow from "https://a.example/l" on_failure open\ndeny from "https://d.example/l" on_failure closed',
    );
    expect([n.whitelistOnFailure, n.denyList?.onFailure]).toEqual(["open", "closed"]);
  });

  test("provider.yaml's whitelist_url keeps the reference's closed failure mode", () => {
    expect(model("", "whitelist_url: https://w.example/l\n").whitelistOnFailure).toBeUndefined();
  });

  test("without the statements the model has no confidential multiplier and no block time", () => {
    const m = model("cpu 1");
    expect([m.confidentialMultiplier, m.blockTime]).toEqual([undefined, undefined]);
    expect(model("confidential multiplier 1.5\nblock_time 6s").blockTime).toEqual({
      seconds: "6",
      blocksPerMonth: 438292,
    });
  });

  test.each([
    ["deny from twice", 'deny from "https://a.example/1"\ndeny from "https://a.example/2"', "AK201"],
    ["a second confidential multiplier", "confidential multiplier 1\nconfidential multiplier 2", "AK201"],
    ["a negative confidential multiplier", "confidential multiplier -1", "AK204"],
    ["block_time beyond 60s", "block_time 2m", "AK242"],
  ])("%s is reported", (_, text, code) => {
    expect(resolveTexts(text).diagnostics.map((d) => d.code)).toContain(code);
  });
});
