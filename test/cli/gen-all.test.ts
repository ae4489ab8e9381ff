import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CronExpressionParser } from "cron-parser";
import yaml from "js-yaml";
import { beforeAll, describe, expect, test } from "vitest";
import { listTree, readTree, REPO, run, tempDir } from "./package-io.js";

/** A provider.yaml that is not in the repo: the example with other prices. */
function writeProvider(dir: string): string {
  const text = readFileSync(join(REPO, "examples/provider.yaml"), "utf8").replace(
    "price_target_cpu: 1.60",
    "price_target_cpu: 2.25",
  );
  writeFileSync(join(dir, "my-provider.yaml"), text);
  return "my-provider.yaml";
}

describe("akops gen all --config X --out D", () => {
  let cwd = "";
  let first = new Map<string, string>();
  beforeAll(async () => {
    cwd = tempDir();
    const r = await run(cwd, "gen", "all", "--config", writeProvider(cwd), "--out", "D");
    expect(r.err).not.toMatch(/error/);
    expect(r.code).toBe(0);
    first = readTree(join(cwd, "D"));
  });

  test("writes the whole provider-repo tree", () => {
    expect([...first.keys()]).toEqual(
      expect.arrayContaining([
        "README.md",
        "akops.lock.json",
        "bid/price_script.sh",
        "bin/akash-force-new-replicasets.sh",
        "bin/k8s-cert-rotate.sh",
        "bin/kill-zombie-parents.sh",
        "cron.d/akash-force-new-replicasets",
        "cron.d/k8s-certs-check",
        "cron.d/kill-zombie-parents",
        "docs/cert-rotation-runbook.md",
        "helm/akops-values.yaml",
        "helm/upgrade.sh",
        "install.sh",
        "k8s/akash-force-new-replicasets.yaml",
        "k8s/kill-zombie-parents.yaml",
        "systemd/kill-zombie-parents.service",
        "systemd/kill-zombie-parents.timer",
      ]),
    );
  });

  test("scripts are executable and everything else is 0644", () => {
    for (const p of first.keys()) {
      expect((statSync(join(cwd, "D", p)).mode & 0o777).toString(8), p).toBe(p.endsWith(".sh") ? "755" : "644");
    }
  });

  test("running it twice gives identical bytes and leaves unchanged files alone", async () => {
    const mtime = statSync(join(cwd, "D/install.sh")).mtimeMs;
    expect((await run(cwd, "gen", "all", "--config", "my-provider.yaml", "--out", "D")).code).toBe(0);
    expect(readTree(join(cwd, "D"))).toEqual(first);
    expect(statSync(join(cwd, "D/install.sh")).mtimeMs).toBe(mtime);
  });

  test("headers name the input by its cwd-relative path", () => {
    expect(first.get("cron.d/kill-zombie-parents")).toContain("from my-provider.yaml. DO NOT EDIT.");
  });

  test("bidpricescript in helm/akops-values.yaml decodes to bid/price_script.sh byte for byte", () => {
    const values = yaml.load(first.get("helm/akops-values.yaml")!) as { bidpricescript: string };
    expect(
      Buffer.from(values.bidpricescript, "base64").equals(Buffer.from(first.get("bid/price_script.sh")!, "utf8")),
    ).toBe(true);
  });

  test("the tree holds no copy of provider.yaml: the overlay has only the keys akops owns", () => {
    expect(first.has("helm/provider-values.yaml")).toBe(false);
    const values = yaml.load(first.get("helm/akops-values.yaml")!) as Record<string, unknown>;
    for (const k of Object.keys(values)) expect(k, k).toMatch(/^(bidpricescript|price_target_[a-z_]+|whitelist_url)$/);
  });

  test("every cron.d file has a run-parts name and six time/user fields before the command", () => {
    const cron = [...first].filter(([p]) => p.startsWith("cron.d/"));
    expect(cron).toHaveLength(4);
    for (const [path, text] of cron) {
      expect(path.slice("cron.d/".length)).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(text.endsWith("\n")).toBe(true);
      expect(text).toMatch(/^SHELL=\/bin\/bash$/m);
      expect(text).toMatch(/^PATH=\/\S+$/m);
      const jobs = text.split("\n").filter((l) => l !== "" && !l.startsWith("#") && !/^[A-Z]+=/.test(l));
      expect(jobs).toHaveLength(1);
      const fields = jobs[0]!.split(/\s+/);
      expect(() => CronExpressionParser.parse(fields.slice(0, 5).join(" "))).not.toThrow();
      expect(fields[5]).toBe("root");
      expect(fields[6]).toBe("mkdir");
      expect(jobs[0]).toMatch(/flock -n \/run\/akops\/[a-z0-9-]+\.cron\.lock \/usr\/local\/bin\/[a-z0-9-]+\.sh/);
      expect(jobs[0]).toMatch(/\| logger -t [a-z0-9-]+$/);
      expect(jobs[0]!.replace(/\\%/g, "")).not.toContain("%");
    }
  });

  test("every shell script passes shellcheck -S warning", () => {
    const scripts = [...first.keys()].filter((p) => p.endsWith(".sh"));
    expect(scripts.length).toBeGreaterThanOrEqual(5);
    for (const p of scripts) {
      let out = "";
      try {
        execFileSync("shellcheck", ["-S", "warning", p], { cwd: join(cwd, "D"), encoding: "utf8" });
      } catch (e) {
        out = String((e as { stdout?: string }).stdout ?? e);
      }
      expect(out, p).toBe("");
    }
  });
});

describe("gen all inputs and defaults", () => {
  test("with no --config it uses ./provider.yaml, ./ops.yaml and ./pricing.akp when present", async () => {
    const cwd = tempDir();
    for (const f of ["provider.yaml", "ops.yaml", "pricing.akp"]) copyFileSync(join(REPO, "examples", f), join(cwd, f));
    const r = await run(cwd, "gen", "all", "--out", "out");
    expect(r.code).toBe(0);
    expect(r.err).toContain("using ./provider.yaml");
    expect(readFileSync(join(cwd, "out/install.sh"), "utf8")).toContain(
      "# Regenerate with: akops gen all --config provider.yaml --pricing pricing.akp --ops ops.yaml\n",
    );
  });

  test("with no --config and no ./provider.yaml it uses the shipped example", async () => {
    const cwd = tempDir();
    const r = await run(cwd, "gen", "all", "--out", "out");
    expect(r.code).toBe(0);
    expect(r.err).toContain("shipped examples/provider.yaml");
    const lock = JSON.parse(readFileSync(join(cwd, "out/akops.lock.json"), "utf8"));
    expect(lock.inputs).toEqual([
      {
        role: "config",
        name: "examples/provider.yaml",
        shipped: "provider.yaml",
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
  });

  test("a missing input is reported and nothing is written", async () => {
    const cwd = tempDir();
    const r = await run(cwd, "gen", "all", "--config", "nope.yaml", "--out", "out");
    expect(r.code).toBe(1);
    expect(r.err).toContain("error[AK338]: cannot read nope.yaml: ENOENT");
    expect(existsSync(join(cwd, "out"))).toBe(false);
  });

  test("an invalid schedule is reported at its ops.yaml path and nothing is written", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "ops.yaml"), "reaper:\n  schedule: '0 0 L * *'\n");
    const r = await run(cwd, "gen", "all", "--config", writeProvider(cwd), "--ops", "ops.yaml", "--out", "out");
    expect(r.code).toBe(1);
    expect(r.err).toContain("ops.yaml: reaper.schedule: error[AK380]: schedule '0 0 L * *' cannot be installed");
    expect(existsSync(join(cwd, "out"))).toBe(false);
  });

  test("files in the target that the tree does not name are kept", async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "out/bin"), { recursive: true });
    writeFileSync(join(cwd, "out/notes.txt"), "mine\n");
    writeFileSync(join(cwd, "out/bin/custom.sh"), "mine\n");
    expect((await run(cwd, "gen", "all", "--config", writeProvider(cwd), "--out", "out")).code).toBe(0);
    expect(readFileSync(join(cwd, "out/notes.txt"), "utf8")).toBe("mine\n");
    expect(readFileSync(join(cwd, "out/bin/custom.sh"), "utf8")).toBe("mine\n");
    expect(listTree(cwd).filter((p) => p.includes(".akops-"))).toEqual([]);
  });

  test("--out naming a file is refused", async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, "out"), "");
    const r = await run(cwd, "gen", "all", "--config", writeProvider(cwd), "--out", "out");
    expect(r.code).toBe(1);
    expect(r.err).toContain("error[AK394]");
  });
});
