// The benchmark runs the seed's kill_zombie_parents.sh as root on this machine: check that the rewritten
// seed reads only the fixture and that its kill and sleep only record.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { defangSeed, SEED_DOC, seedScript } from "../../../bench/reaper.bench.js";

const seed = existsSync(SEED_DOC) ? seedScript(readFileSync(SEED_DOC, "utf8")) : undefined;
let dir = "";

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "akops-seed-harness-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function proc(root: string, pid: number, ppid: number, comm: string, state = "S"): void {
  mkdirSync(join(root, String(pid), "ns"), { recursive: true });
  writeFileSync(
    join(root, String(pid), "stat"),
    `${pid} (${comm}) ${state} ${ppid} 0 0 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 ${pid} 0 0\n`,
  );
  symlinkSync("pid:[4026531836]", join(root, String(pid), "ns", "pid"));
}

test.skipIf(seed === undefined)("the seed document holds the script the benchmark compares with", () => {
  expect(seed).toMatch(/^#!\/bin\/bash\n/);
  expect(seed).toContain("find_zombie_and_parents()");
  expect(seed).toContain("kill $signal $pid");
});

test.skipIf(seed === undefined)(
  "the rewritten seed reads the fixture, never /proc, and its signals only reach the recorder",
  () => {
    const root = join(dir, "table");
    const log = join(dir, "kills.log");
    proc(root, 1, 0, "systemd");
    proc(root, 5000, 1, "containerd-shim");
    proc(root, 5001, 5000, "pause");
    proc(root, 5002, 5001, "worker");
    proc(root, 5100, 5002, "defunct", "Z");
    const script = defangSeed(seed!, root, log);
    expect(script).not.toContain("/proc/");
    writeFileSync(join(dir, "seed.sh"), script);
    const out = execFileSync("bash", [join(dir, "seed.sh")], { encoding: "utf8", timeout: 20_000 });
    expect(out).toContain("Found zombie process 5100 with immediate parent 5002");
    expect(readFileSync(log, "utf8")).toBe("-SIGCHLD 5002\n-SIGTERM 5002\n-SIGKILL 5002\n");
  },
);

test("a seed whose kill cannot be replaced is refused", () => {
  expect(() => defangSeed("#!/bin/bash\nkill -9 $pid\n", join(dir, "t"), join(dir, "log"))).toThrow(/still has kill/);
});
