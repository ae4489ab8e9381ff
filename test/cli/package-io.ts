import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/cli/io.js";

/** Runs the CLI in-process in `cwd`; returns the exit code and what it printed. */
export async function run(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: Io = {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    readStdin: async () => "",
    cwd,
    env: {},
    color: false,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

export function tempDir(prefix = "akops-pkg-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every file under dir, tree-relative, sorted. */
export function listTree(dir: string): string[] {
  const walk = (d: string, pre: string): string[] =>
    readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n), `${pre}${n}/`) : [`${pre}${n}`]));
  return walk(dir, "").sort();
}

export function readTree(dir: string): Map<string, string> {
  return new Map(listTree(dir).map((p) => [p, readFileSync(join(dir, p), "utf8")]));
}

export const REPO = join(__dirname, "../..");
