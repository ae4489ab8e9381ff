import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { REPO, run, tempDir } from "./package-io.js";

/** A tree from copies of the examples, installed with install.sh ARGS under cwd/root. */
async function installed(...args: string[]): Promise<string> {
  const cwd = tempDir("akops-verify-roles-");
  copyFileSync(join(REPO, "examples/provider.yaml"), join(cwd, "provider.yaml"));
  expect((await run(cwd, "gen", "all", "--config", "provider.yaml", "--out", "repo")).code).toBe(0);
  mkdirSync(join(cwd, "root"));
  execFileSync("bash", [join(cwd, "repo/install.sh"), "--root", join(cwd, "root"), ...args], {
    env: { ...process.env, SYSTEMCTL: "true" },
  });
  return cwd;
}

test("verify --installed on a worker checks the files its manifest lists, not every job's", async () => {
  const cwd = await installed("--role", "worker");
  const r = await run(cwd, "verify", "repo", "--installed", "root");
  expect(r.out).toBe("ok: 2 files installed under root match the generator\n");
  expect(r.code).toBe(0);
  rmSync(join(cwd, "root/etc/cron.d/kill-zombie-parents"));
  const bad = await run(cwd, "verify", "repo", "--installed", "root");
  expect(bad.out).toContain("missing: /etc/cron.d/kill-zombie-parents\n");
  expect(bad.code).toBe(1);
});
