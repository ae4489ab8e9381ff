// Issue 10's hostile inputs, replayed through the CLI (in-process, as test/cli does): each ends in a
// located error (exit 1) or a usage error (exit 2), never a stack trace. The blow-ups also run in a
// fresh process with a 300 MB heap (a hang guard only: their time is measured by `npm run bench hostile`).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { cliBundleOptions } from "../../scripts/cli-bundle.mjs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runWith } from "../cli/package-io.js";
import { CASES, type HostileCase } from "./cases.js";

const REPO = join(__dirname, "../..");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function setUp(c: HostileCase): string {
  const dir = mkdtempSync(join(tmpdir(), "akops-hostile-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(c.files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** No raw control character but the newlines that end lines (escapes like `\x1b` are fine). */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function expectClean(c: HostileCase, r: { code: number | null; err: string; out: string }): void {
  expect(r.err).not.toMatch(/^\s+at /m);
  expect(r.err).not.toMatch(/internal error|RangeError|Maximum call stack/);
  expect(r.err).not.toMatch(RAW_CONTROL);
  for (const re of c.err ?? []) expect(r.err).toMatch(re);
  expect(r.code).toBe(c.code);
}

describe("hostile input through the CLI", () => {
  test.each(CASES.map((c) => [c.name, c] as const))("%s", async (_, c) => {
    const dir = setUp(c);
    const r = await runWith({ cwd: dir, stdin: c.stdin ?? "" }, c.argv);
    expectClean(c, r);
    if (c.code === 1 || c.code === 2) {
      // An error writes nothing.
      for (const out of ["values.yaml", "price.sh", "out.yaml"]) expect(existsSync(join(dir, out))).toBe(false);
    }
  });

  test("diagnostics stop at 100, and a long line is cut around the caret", async () => {
    const c = CASES.find((x) => x.name.startsWith("a 40 KB"))!;
    const r = await runWith({ cwd: setUp(c) }, c.argv);
    expect(r.err.match(/error\[AK101\]/g)).toHaveLength(100);
    expect(Math.max(...r.err.split("\n").map((l) => l.length))).toBeLessThan(200);
    expect(r.err).toContain("1 | @ @ @");
    // The 100th error is at column 199: shown with context and '…' on both sides, caret under it.
    expect(r.err).toContain(
      [
        "pricing.akp:1:199: error[AK101]: unexpected '@'",
        "  |",
        `1 | …${"@ ".repeat(60)}…`,
        `  |  ${" ".repeat(40)}^`,
      ].join("\n"),
    );
  });

  test("paths are rendered normalised: '//opt/./akops//bin/' is /opt/akops/bin in root's cron.d PATH", async () => {
    const dir = setUp({
      name: "",
      files: { "ops.yaml": 'install:\n  bin_dir: "//opt/./akops//bin/"\n  run_dir: "/run//akops/."\n' },
      argv: [],
      code: 0,
    });
    const r = await runWith({ cwd: dir }, [
      "gen",
      "all",
      "--config",
      join(REPO, "examples/provider.yaml"),
      "--ops",
      "ops.yaml",
      "--out",
      "repo",
    ]);
    expect(r.code).toBe(0);
    const cron = readFileSync(join(dir, "repo/cron.d/kill-zombie-parents"), "utf8");
    expect(cron).toMatch(/^PATH=\/opt\/akops\/bin:\/usr\/local\/sbin:/m);
    expect(cron).toContain(
      " mkdir -p /run/akops && flock -n /run/akops/kill-zombie-parents.cron.lock /opt/akops/bin/kill-zombie-parents.sh ",
    );
    expect(cron).not.toMatch(/\/\/|\/\.\//);
  });

  test("the all-digits GPU key prices the order's model 4090 with 24Gi", async () => {
    const dir = setUp({
      name: "",
      files: { "provider.yaml": "price_target_cpu: 1.60\n", "pricing.akp": "gpu {\n  4090.24Gi 150\n  4090 120\n}\n" },
      argv: [],
      code: 0,
    });
    const order = JSON.parse(readFileSync(join(REPO, "examples/orders/gpu-1x-a100-pcie.uakt.json"), "utf8"));
    order.resources[0].gpu.attributes.vendor.nvidia = { model: "4090", ram: "24Gi" };
    const r = await runWith({ cwd: dir, stdin: JSON.stringify(order) }, [
      "price",
      "--config",
      "provider.yaml",
      "--pricing",
      "pricing.akp",
      "--akt-usd",
      "1.25",
      "--json",
    ]);
    expect(r.err).toBe("");
    expect(JSON.parse(r.out).gpu[0]).toMatchObject({ requested: "4090.24Gi", matched: "4090.24Gi", price: "150" });
  });
});

// --- The blow-ups in a fresh, memory-limited process ---

let bundle: string;
beforeAll(async () => {
  const out = mkdtempSync(join(tmpdir(), "akops-hostile-bundle-"));
  dirs.push(out);
  bundle = join(out, "akops.cjs");
  await build(cliBundleOptions(REPO, bundle));
}, 120_000);

describe("blow-ups in a process with a 300 MB heap", () => {
  test.each(CASES.filter((c) => c.blowup).map((c) => [c.name, c] as const))("%s", (_, c) => {
    const dir = setUp(c);
    // The timeout only guards against a hang; speed is the bench's business (npm run bench hostile).
    const r = spawnSync(process.execPath, ["--max-old-space-size=300", bundle, ...c.argv], {
      cwd: dir,
      input: c.stdin ?? "",
      encoding: "utf8",
      timeout: 120_000,
      env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" },
    });
    expect(r.signal).toBeNull();
    expectClean(c, { code: r.status, err: r.stderr, out: r.stdout });
  });
});
