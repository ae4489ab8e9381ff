// `npm run bench startup`: CPU time (user + sys) of one akops run per command, from a fresh process, as a
// ratio to `node -e 0`: what an operator pays per invocation (and what `gen all` costs in a CI job).
// Measured by bash's `time` keyword (getrusage of the child, in ms); median of RUNS, commands interleaved
// so that load on the machine hits every command alike.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, type BenchTable } from "./table.js";

const repo = join(import.meta.dirname, "..");
const akops = join(repo, "dist/akops.mjs");
/** The bundle itself, without the launcher's code cache (what a Node that rejects the cache pays). */
const bundle = join(repo, "dist/akops.cjs");
const RUNS = Number(process.env.AKOPS_BENCH_RUNS ?? 15);
/** The budget for `gen all` on the shipped example. */
const GEN_ALL_LIMIT = 3;

/** CPU milliseconds (user + sys) of one run of argv, its output discarded. */
function cpuMs(argv: string[], cwd: string): number {
  const r = spawnSync("bash", ["-c", 'TIMEFORMAT="%3U %3S"; time "$@" >/dev/null 2>&1', "_", ...argv], { cwd, encoding: "utf8" });
  const m = /(\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr);
  if (!m) throw new Error(`no timing from ${argv.join(" ")}: ${r.stderr}`);
  return (Number(m[1]) + Number(m[2])) * 1000;
}

export async function run(): Promise<BenchTable[]> {
  const out = mkdtempSync(join(tmpdir(), "akops-bench-startup-"));
  const ex = (f: string) => join(repo, "examples", f);
  const genAll = (dir: string) => ["gen", "all", "--config", ex("provider.yaml"), "--pricing", ex("pricing.akp"), "--ops", ex("ops.yaml"), "--out", dir];
  const commands: [string, string[]][] = [
    ["node -e 0", ["node", "-e", "0"]],
    ["akops --version", ["node", akops, "--version"]],
    ["akops check (provider.yaml + pricing.akp)", ["node", akops, "check", "--config", ex("provider.yaml"), "--pricing", ex("pricing.akp")]],
    ["akops price (one order)", ["node", akops, "price", join(repo, "bats/fixtures/bid/uakt.json"), "--config", ex("provider.yaml"), "--akt-usd", "1.25"]],
    ["akops gen all, no code cache", ["node", bundle, ...genAll(join(out, "repo-nocache"))]],
    ["akops gen all (shipped example)", ["node", akops, ...genAll(join(out, "repo"))]],
  ];
  try {
    const samples = commands.map((): number[] => []);
    for (let i = 0; i < RUNS; i++) commands.forEach(([, argv], j) => samples[j]!.push(cpuMs(argv, out)));
    const medians = samples.map(median);
    const base = medians[0]!;
    const genAll = medians[medians.length - 1]! / base;
    return [
      {
        title: `start-up: CPU time per run (user + sys, median of ${RUNS}), ${process.version}`,
        columns: ["command", "CPU ms", "x node -e 0"],
        rows: commands.map(([name], j) => [name, medians[j]!.toFixed(0), (medians[j]! / base).toFixed(2)]),
        notes: [`gen all: ${genAll.toFixed(2)}x node -e 0 (budget ${GEN_ALL_LIMIT}x: ${genAll <= GEN_ALL_LIMIT ? "within" : "OVER"})`],
      },
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
