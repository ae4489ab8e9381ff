import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { newSide } from "../../src/plan/inputs.js";
import { TEST_VERSION } from "../../src/version.js";
import { describe, expect, test } from "vitest";
import { chartEnv, goFloatText, readDeployed } from "../../src/plan/deployed.js";

describe("goFloatText prints YAML numbers as Helm (Go %v of a float64) does", () => {
  test.each([
    [1.6, "1.6"],
    [0.8, "0.8"],
    [5, "5"],
    [120, "120"],
    [123456, "123456"],
    [1000000, "1e+06"],
    [12345678, "1.2345678e+07"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [0.000015, "1.5e-05"],
  ])("%s → %s", (n, text) => {
    expect(goFloatText(n)).toBe(text);
  });
});

describe("chartEnv gives the environment configmap-pricing.yaml would", () => {
  test("keys become PRICE_TARGET_* / WHITELIST_URL / DEBUG_BID_SCRIPT; strings are kept as written", () => {
    expect(
      chartEnv({
        price_target_cpu: "1.60",
        price_target_memory: 0.8,
        price_target_gpu_mappings: "a100=120,*=130",
        whitelist_url: "http://x/y",
        debug_bid_script: true,
        other: 1,
      }),
    ).toEqual({
      PRICE_TARGET_CPU: "1.60",
      PRICE_TARGET_MEMORY: "0.8",
      PRICE_TARGET_GPU_MAPPINGS: "a100=120,*=130",
      WHITELIST_URL: "http://x/y",
      DEBUG_BID_SCRIPT: "true",
    });
  });

  test("a numeric 0, an empty string, false and null are dropped ({{ if }}), a quoted '0' is kept", () => {
    expect(
      chartEnv({
        price_target_ip: 0,
        price_target_cpu: "",
        price_target_memory: false,
        price_target_endpoint: null,
        price_target_hd_pers_hdd: "0",
      }),
    ).toEqual({
      PRICE_TARGET_HD_PERS_HDD: "0",
    });
  });
});

describe("readDeployed", () => {
  const b64 = Buffer.from("#!/usr/bin/env bash\necho 1\n").toString("base64");

  test("decodes bidpricescript from helm get values output, with its USER-SUPPLIED VALUES line", () => {
    const d = readDeployed(`USER-SUPPLIED VALUES:\nbidpricescript: ${b64}\nprice_target_cpu: 2\n`);
    expect(d).toEqual({ script: "#!/usr/bin/env bash\necho 1\n", env: { PRICE_TARGET_CPU: "2" } });
  });

  test("base64 folded over several lines decodes", () => {
    const folded = `${b64.slice(0, 10)}\n  ${b64.slice(10)}`;
    const d = readDeployed(`bidpricescript: |\n  ${folded}\n`);
    expect(typeof d === "string" ? d : d.script).toBe("#!/usr/bin/env bash\necho 1\n");
  });

  test.each([
    ["price_target_cpu: 1\n", /no bidpricescript/],
    ["bidpricescript: 'not base64!'\n", /not base64/],
    ["- a\n- b\n", /not a mapping/],
    ["a: [\n", /not YAML/],
  ])("%j is refused with a reason", (text, reason) => {
    expect(readDeployed(text)).toMatch(reason);
  });
});

describe("the new side: the overlay over the operator's values, as helm upgrade -f provider.yaml -f akops-values.yaml", () => {
  test("keys only provider.yaml has (debug_bid_script) reach the environment; the overlay's prices win", () => {
    const provider = { path: "provider.yaml", text: 'debug_bid_script: "1"\nprice_target_cpu: 1.60\n' };
    const diagnostics: Diagnostic[] = [];
    const side = newSide({ provider }, TEST_VERSION, diagnostics);
    expect(side?.next.env.DEBUG_BID_SCRIPT).toBe("1");
    // provider.yaml alone would give Helm's "1.6"; the overlay's quoted string wins.
    expect(side?.next.env.PRICE_TARGET_CPU).toBe("1.60");
  });
});
