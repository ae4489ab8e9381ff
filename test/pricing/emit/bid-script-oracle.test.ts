import { describe, expect, test } from "vitest";
import { oracleCases, oracleConfig } from "../oracle.js";
import { modelFrom, runScript, writeScript } from "../script-runner.js";

const cases = oracleCases();
const scripts = new Map<string, string>();
const scriptFor = (config: string) => {
  if (!scripts.has(config)) scripts.set(config, writeScript(modelFrom(oracleConfig(config))));
  return scripts.get(config)!;
};

describe("the generated bid script is byte-compatible with the reference", () => {
  test.each(cases.map((c, i) => [i, c.config, c] as const))("oracle case %i (%s)", (_, config, c) => {
    const run = runScript(scriptFor(config), `${JSON.stringify(c.order)}\n`, { AKOPS_AKT_USD: c.akt_usd });
    if (c.exit === 0) {
      expect({ stdout: run.stdout, status: run.status, stderr: run.stderr }).toEqual({
        stdout: c.stdout,
        status: 0,
        stderr: "",
      });
    } else {
      expect(run.status).not.toBe(0);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/requested rate is too low|denom not supported/);
    }
  });
});
