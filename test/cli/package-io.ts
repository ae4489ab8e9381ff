import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../../src/cli/main.js";
import type { Io } from "../../src/io/io.js";

export interface RunOptions {
  cwd: string;
  stdin?: string;
  env?: Record<string, string>;
}

/** Runs the CLI in-process; returns the exit code and what it printed. */
export async function runWith(opts: RunOptions, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: Io = {
    out: (s) => void (out += s),
    err: (s) => void (err += s),
    readStdin: async () => opts.stdin ?? "",
    cwd: opts.cwd,
    env: opts.env ?? {},
    color: false,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

/** Runs the CLI in-process in `cwd`, with no stdin and an empty environment. */
export function run(cwd: string, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  return runWith({ cwd }, argv);
}

export function tempDir(prefix = "akops-pkg-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every file under dir, tree-relative, sorted. */
export function listTree(dir: string): string[] {
  const walk = (d: string, pre: string): string[] =>
    readdirSync(d).flatMap((n) =>
      statSync(join(d, n)).isDirectory() ? walk(join(d, n), `${pre}${n}/`) : [`${pre}${n}`],
    );
  return walk(dir, "").sort();
}

export function readTree(dir: string): Map<string, string> {
  return new Map(listTree(dir).map((p) => [p, readFileSync(join(dir, p), "utf8")]));
}

export const REPO = join(__dirname, "../..");
