import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "vitest";

const root = join(__dirname, "../..");

function scripts(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? scripts(p) : p.endsWith(".sh") ? [p] : [];
  });
}

/** Every generated script, and the bash of ours under bench/ (the benchmark's reference-style script). */
const all = [...scripts(join(root, "generated")), ...scripts(join(root, "bench"))].map((p) => relative(root, p));

test("there are generated scripts to lint", () => {
  expect(all.filter((p) => p.startsWith("generated/")).length).toBeGreaterThan(0);
  expect(all).toContain("bench/reference/reference-style.sh");
});

test.each(all)("%s is shellcheck -S warning clean", (file) => {
  let out = "";
  try {
    execFileSync("shellcheck", ["-S", "warning", "-x", file], { cwd: root, encoding: "utf8" });
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(out).toBe("");
});
