import { copyFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { REPO, run, tempDir } from "./package-io.js";

let dir: string;
beforeEach(() => {
  dir = tempDir("akops-check-");
  copyFileSync(join(REPO, "examples/provider.yaml"), join(dir, "provider.yaml"));
  copyFileSync(join(REPO, "examples/pricing.akp"), join(dir, "pricing.akp"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

describe("akops check", () => {
  test("the shipped examples pass, and every provider.yaml value the pricing file overrides is listed", async () => {
    const r = await run(dir, "check", "--config", "provider.yaml", "--pricing", "pricing.akp");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ok: provider\.yaml, pricing\.akp \(0 errors, \d+ warnings\)\n$/);
    expect(r.err).toContain(
      "provider.yaml:25:1: warning[AK231]: price_target_cpu '1.60' in provider.yaml is overridden by '1.60' from the pricing file",
    );
    expect(r.err).toContain("pricing.akp:4:1: note: set here");
    expect(r.err).not.toContain("error[");
  });

  test("provider.yaml alone: no overrides to report", async () => {
    write("provider.yaml", 'price_target_cpu: 1.60\nprice_target_gpu_mappings: "a100=120,t4=80,*=130"\n');
    const r = await run(dir, "check", "--config", "provider.yaml");
    expect([r.code, r.out, r.err]).toEqual([0, "ok: provider.yaml (0 errors, 0 warnings)\n", ""]);
  });

  test("a pricing file with three independent errors: all three, with line:col and carets, exit 1", async () => {
    write("pricing.akp", "cpu 1,6 per thread\nmemory 0.80 per GiB\nfloor abc\ntenant akash1bad multiplier 0.8\n");
    const r = await run(dir, "check", "--config", "provider.yaml", "--pricing", "pricing.akp");
    expect(r.code).toBe(1);
    expect(r.out).toBe("");
    expect(r.err).toContain(
      [
        "pricing.akp:1:5: error[AK105]: '1,6' is not a decimal: write '1.6'",
        "  |",
        "1 | cpu 1,6 per thread",
        "  |     ^^^",
      ].join("\n"),
    );
    expect(r.err).toContain("pricing.akp:3:7: error[AK103]: expected a price, found 'abc'");
    expect(r.err).toContain("pricing.akp:4:8: error[AK225]: 'akash1bad' is not an Akash account address");
    expect(r.err.match(/error\[/g)).toHaveLength(3);
    expect(r.err).toMatch(/3 errors, \d+ warnings\n$/);
  });

  test("provider.yaml errors are located by path", async () => {
    write("provider.yaml", "price_target_cpu: 1,6\n");
    const r = await run(dir, "check", "--config", "provider.yaml");
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "provider.yaml: price_target_cpu: error[AK301]: expected a non-negative decimal, got '1,6'\n",
    );
  });

  test("a YAML syntax error has a line and a column", async () => {
    write("provider.yaml", "price_target_cpu: 1.60\n  price_target_ip: 5\n");
    const r = await run(dir, "check", "--config", "provider.yaml");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^provider\.yaml:2:\d+: error\[AK330\]/);
  });

  test("a missing input is reported, exit 1", async () => {
    const r = await run(dir, "check", "--config", "nope.yaml");
    expect(r.code).toBe(1);
    expect(r.err).toContain("error[AK338]: cannot read nope.yaml: ENOENT");
  });

  test("warnings alone do not fail", async () => {
    write("pricing.akp", "gpu { a100 1200\n * 130 }\n");
    const r = await run(dir, "check", "--pricing", "pricing.akp");
    expect(r.code).toBe(0);
    expect(r.err).toContain("pricing.akp:2:2: warning[AK209]");
  });

  test("--help shows an example", async () => {
    const r = await run(dir, "check", "--help");
    expect(r.code).toBe(0);
    expect(r.out).toContain("akops check --config provider.yaml --pricing pricing.akp");
  });
});
