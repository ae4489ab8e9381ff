import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import yaml from "js-yaml";
import { describe, expect, test } from "vitest";
import { REPO, run, tempDir } from "./package-io.js";

const FIXTURES = join(REPO, "test/fixtures/migrate");

/** A temp dir holding the migrate fixtures. */
function workdir(): string {
  const dir = tempDir("akops-migrate-");
  for (const f of ["literal.sh", "env-default.sh", "custom.sh", "provider.yaml"])
    copyFileSync(join(FIXTURES, f), join(dir, f));
  return dir;
}

function targets(script: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of script.matchAll(/^TARGET_([A-Z_]+)="([0-9.]+)"$/gm)) out[m[1]!] = m[2]!;
  return out;
}

describe("akops migrate", () => {
  test("an old literal-form script yields the same price_target_* values as its TARGET_* lines", async () => {
    const dir = workdir();
    const r = await run(dir, "migrate", "literal.sh", "-o", "new.yaml");
    expect(r.code).toBe(0);
    const doc = yaml.load(readFileSync(join(dir, "new.yaml"), "utf8"), { schema: yaml.FAILSAFE_SCHEMA }) as Record<
      string,
      string
    >;
    const t = targets(readFileSync(join(dir, "literal.sh"), "utf8"));
    expect(Object.keys(t)).toHaveLength(9);
    expect(doc).toEqual({
      price_target_cpu: t.CPU,
      price_target_memory: t.MEMORY,
      price_target_hd_ephemeral: t.HD_EPHEMERAL,
      price_target_hd_pers_hdd: t.HD_PERS_HDD,
      price_target_hd_pers_ssd: t.HD_PERS_SSD,
      price_target_hd_pers_nvme: t.HD_PERS_NVME,
      price_target_endpoint: t.ENDPOINT,
      price_target_ip: t.IP,
      price_target_gpu_mappings: `*=${t.GPU_UNIT}`,
    });
  });

  test("prices are written as quoted decimal strings", async () => {
    const dir = workdir();
    await run(dir, "migrate", "literal.sh", "-o", "new.yaml");
    expect(readFileSync(join(dir, "new.yaml"), "utf8")).toContain('price_target_cpu: "1.75"\n');
    const doc = yaml.load(readFileSync(join(dir, "new.yaml"), "utf8")) as Record<string, unknown>;
    expect(doc.price_target_memory).toBe("0.90");
  });

  test("every other key of --values is kept, comments too; the helm header line and bidpricescript go", async () => {
    const dir = workdir();
    const r = await run(dir, "migrate", "literal.sh", "--values", "provider.yaml", "-o", "new.yaml");
    expect(r.code).toBe(0);
    const text = readFileSync(join(dir, "new.yaml"), "utf8");
    expect(text.startsWith("# provider settings (comments stay)\n")).toBe(true);
    const doc = yaml.load(text) as Record<string, unknown>;
    const before = yaml.load(
      readFileSync(join(dir, "provider.yaml"), "utf8").replace(/^USER-SUPPLIED VALUES:\n/, ""),
    ) as Record<string, unknown>;
    for (const k of ["from", "domain", "attributes", "email"]) expect(doc[k]).toEqual(before[k]);
    expect(doc).not.toHaveProperty("bidpricescript");
    expect(doc.price_target_cpu).toBe("1.75");
    expect(r.err).toContain(
      "literal.sh:5:1: warning[AK389]: provider.yaml had price_target_cpu '2.00', but the old script used '1.75': writing '1.75'",
    );
    expect(r.err).toContain("dropped bidpricescript");
  });

  test("the env-default form takes the default unless provider.yaml sets the key, which then wins", async () => {
    const dir = workdir();
    const r = await run(dir, "migrate", "env-default.sh", "--values", "provider.yaml", "-o", "new.yaml");
    expect(r.code).toBe(0);
    const doc = yaml.load(readFileSync(join(dir, "new.yaml"), "utf8")) as Record<string, unknown>;
    expect(doc.price_target_cpu).toBe("2.00");
    expect(doc.price_target_memory).toBe("0.80");
    expect(doc.price_target_ip).toBe("5");
    expect(r.err).toContain("kept price_target_cpu '2.00' from provider.yaml");
  });

  test("a key neither the script nor provider.yaml sets is reported with the new default", async () => {
    const dir = workdir();
    const r = await run(dir, "migrate", "env-default.sh", "-o", "new.yaml");
    expect(r.err).toContain(
      "warning[AK388]: priced differently by the new script: the old script sets no TARGET_GPU_UNIT",
    );
  });

  test("custom code is reported at its lines and not carried; the literal whitelist URL is", async () => {
    const dir = workdir();
    const r = await run(dir, "migrate", "custom.sh", "-o", "new.yaml");
    expect(r.code).toBe(0);
    expect(r.err).toMatch(
      /custom\.sh:12:1: warning\[AK387\]: not carried over: TARGET_GPU_H100 has no provider\.yaml key/,
    );
    expect(r.err).toMatch(/custom\.sh:15:1: warning\[AK387\]: not carried over: tenant-specific logic on AKASH_OWNER/);
    expect(r.err).toMatch(/custom\.sh:16:1: warning\[AK387\]: not carried over: TARGET_CPU is assigned inside a block/);
    expect(r.err).toMatch(/custom\.sh:18:1: warning\[AK387\]: not carried over: TARGET_MEMORY is computed/);
    expect(r.err).toMatch(
      /custom\.sh:18:1: warning\[AK387\]: not carried over: a request to https:\/\/prices\.example\.net\/memory/,
    );
    const doc = yaml.load(readFileSync(join(dir, "new.yaml"), "utf8")) as Record<string, unknown>;
    expect(doc.price_target_cpu).toBe("1.20");
    expect(doc.price_target_memory).toBe("0.50");
    expect(doc.whitelist_url).toBe("https://example.com/tenants.txt");
  });

  test("whitelist logic without a literal URL is reported unless provider.yaml has whitelist_url", async () => {
    const dir = workdir();
    writeFileSync(
      join(dir, "wl.sh"),
      'TARGET_CPU="1.60"\nif ! grep -qw "$AKASH_OWNER" /tmp/whitelist; then exit 1; fi\n',
    );
    let r = await run(dir, "migrate", "wl.sh", "-o", "new.yaml");
    expect(r.err).toContain(
      "wl.sh:2:1: warning[AK387]: not carried over: whitelist logic without a literal WHITELIST_URL",
    );
    writeFileSync(join(dir, "values.yaml"), "whitelist_url: https://example.com/list\n");
    r = await run(dir, "migrate", "wl.sh", "--values", "values.yaml", "-o", "new.yaml");
    expect(r.err).not.toContain("whitelist logic");
  });

  test("a flat GPU price under 100 is reported and kept with a wildcard pricing file beside the output", async () => {
    const dir = workdir();
    const r = await run(dir, "migrate", "custom.sh", "-o", "new.yaml");
    expect(r.code).toBe(0);
    const doc = yaml.load(readFileSync(join(dir, "new.yaml"), "utf8")) as Record<string, unknown>;
    expect(doc.price_target_gpu_mappings).toBe("*=60");
    const pricing = join(dir, "pricing.akp");
    if (existsSync(pricing)) {
      expect(readFileSync(pricing, "utf8")).toContain("gpu unmapped=wildcard {\n  * 60\n}\n");
      expect(r.err).toContain("wrote pricing.akp with the wildcard GPU policy");
    } else {
      expect(r.err).toContain("warning[AK388]: priced differently by the new script: TARGET_GPU_UNIT=60");
    }
  });

  test("an existing pricing file is never overwritten", async () => {
    const dir = workdir();
    writeFileSync(join(dir, "pricing.akp"), "cpu 1.00 per thread\n");
    const r = await run(dir, "migrate", "custom.sh", "-o", "new.yaml");
    expect(readFileSync(join(dir, "pricing.akp"), "utf8")).toBe("cpu 1.00 per thread\n");
    expect(r.err).toContain("TARGET_GPU_UNIT=60");
  });

  test("a script without TARGET_* lines is an error and nothing is written", async () => {
    const dir = workdir();
    writeFileSync(join(dir, "empty.sh"), "#!/bin/bash\necho 1\n");
    const r = await run(dir, "migrate", "empty.sh", "-o", "new.yaml");
    expect(r.code).toBe(1);
    expect(r.err).toContain("error[AK385]: empty.sh holds no TARGET_* price assignments");
    expect(existsSync(join(dir, "new.yaml"))).toBe(false);
  });

  test("a TARGET_* value that is not a decimal is an error located at its line", async () => {
    const dir = workdir();
    writeFileSync(join(dir, "bad.sh"), 'TARGET_CPU="1,60"\n');
    const r = await run(dir, "migrate", "bad.sh", "-o", "new.yaml");
    expect(r.code).toBe(1);
    expect(r.err).toContain("bad.sh:1:1: error[AK386]: TARGET_CPU is not a non-negative decimal: '1,60'");
    expect(existsSync(join(dir, "new.yaml"))).toBe(false);
  });

  test("the result is a provider.yaml that gen all accepts", async () => {
    const dir = workdir();
    await run(dir, "migrate", "literal.sh", "--values", "provider.yaml", "-o", "new.yaml");
    const r = await run(dir, "gen", "all", "--config", "new.yaml", "--out", "repo");
    expect(r.err).not.toContain("error");
    expect(r.code).toBe(0);
  });
});
