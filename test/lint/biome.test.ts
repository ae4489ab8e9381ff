import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";

const root = join(__dirname, "../..");
const biome = join(root, "node_modules/.bin/biome");

/** `biome ci`: the TypeScript lint and format gate (biome.json: recommended rules, 120 columns). */
function biomeCi(cwd: string, ...paths: string[]) {
  return spawnSync(biome, ["ci", "--colors=off", ...paths], { cwd, encoding: "utf8" });
}

test("biome reports a line over 120 columns and a lint error", () => {
  const dir = mkdtempSync(join(tmpdir(), "akops-biome-"));
  try {
    writeFileSync(join(dir, "biome.json"), '{ "formatter": { "lineWidth": 120, "indentStyle": "space" } }\n');
    writeFileSync(
      join(dir, "long.ts"),
      `export const x = [${Array.from({ length: 40 }, (_, i) => `"item${i}"`).join(", ")}];\n`,
    );
    writeFileSync(join(dir, "bad.ts"), "export function f(a: number) {\n  if (a == 1) debugger;\n}\n");
    const r = biomeCi(dir, ".");
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/long\.ts format/);
    expect(r.stdout + r.stderr).toMatch(/bad\.ts:2:\d+ lint\//);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the TypeScript sources, tests, benches and scripts are biome-clean (lint and format)", () => {
  const r = biomeCi(root);
  expect(r.stdout + r.stderr, r.stdout + r.stderr).toMatch(/Checked \d+ files/);
  expect(r.status, r.stdout + r.stderr).toBe(0);
});
