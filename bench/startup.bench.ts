// `npm run bench startup`: CPU time (user + sys) of one akops run per command, from a fresh process, as a
// ratio to `node -e 0`: what an operator pays per invocation (and what `gen all` costs in a CI job).
// Measured by bash's `time` keyword (getrusage of the child, in ms); median of RUNS, commands interleaved
// so that load on the machine hits every command alike.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleGenAllArgs } from "../scripts/example.mjs";
import { median, type BenchTable } from "./table.js";

const repo = join(import.meta.dirname, "..");
const akops = join(repo, "dist/akops.cjs");
/** The bundle itself, without the launcher's code cache (what a Node that rejects the cache pays). */
const bundle = join(repo, "dist/akops-cli.cjs");
const RUNS = Number(process.env.AKOPS_BENCH_RUNS ?? 15);
/** The budget for `gen all` on the shipped example. */
const GEN_ALL_LIMIT = 3;

/** CPU milliseconds (user + sys) of one run of argv, its output discarded. */
function cpuMs(argv: string[], cwd: string): number {
  const r = spawnSync("bash", ["-c", 'TIMEFORMAT="%3U %3S"; time "$@" >/dev/null 2>&1', "_", ...argv], {
    cwd,
    encoding: "utf8",
  });
  const m = /(\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stderr);
  if (!m) throw new Error(`no timing from ${argv.join(" ")}: ${r.stderr}`);
  return (Number(m[1]) + Number(m[2])) * 1000;
}

export async function run(): Promise<BenchTable[]> {
  const out = mkdtempSync(join(tmpdir(), "akops-bench-startup-"));
  const ex = (f: string) => join(repo, "examples", f);
  const genAll = exampleGenAllArgs;
  // A command's argv for run i. The `gen all` rows differ in the tree they write into: a new one each
  // run (the pricing report's charts are rendered), or the same one (the tree is up to date, so the
  // report, whose fingerprint still matches, is kept: what re-running gen all after an ops.yaml edit costs).
  const commands: [string, (i: number) => string[]][] = [
    ["node -e 0", () => ["node", "-e", "0"]],
    ["akops --version", () => ["node", akops, "--version"]],
    [
      "akops check (provider.yaml + pricing.akp)",
      () => ["node", akops, "check", "--config", ex("provider.yaml"), "--pricing", ex("pricing.akp")],
    ],
    [
      "akops price (one order)",
      () => [
        "node",
        akops,
        "price",
        join(repo, "bats/fixtures/bid/uakt.json"),
        "--config",
        ex("provider.yaml"),
        "--akt-usd",
        "1.25",
      ],
    ],
    ["akops gen all, new tree (report rendered)", (i) => ["node", akops, ...genAll(join(out, `new-${i}`))]],
    ["akops gen all, up-to-date tree, no code cache", () => ["node", bundle, ...genAll(join(out, "repo-nocache"))]],
    ["akops gen all, up-to-date tree (shipped example)", () => ["node", akops, ...genAll(join(out, "repo"))]],
  ];
  try {
    // One run each before timing: the up-to-date rows then find their tree written.
    commands.forEach(([, argv]) => cpuMs(argv(-1), repo));
    const samples = commands.map((): number[] => []);
    for (let i = 0; i < RUNS; i++) commands.forEach(([, argv], j) => samples[j]!.push(cpuMs(argv(i), repo)));
    const medians = samples.map(median);
    const base = medians[0]!;
    const genAll = medians[medians.length - 1]! / base;
    const fresh = medians[4]! / base;
    return [
      {
        title: `start-up: CPU time per run (user + sys, median of ${RUNS}), ${process.version}`,
        columns: ["command", "CPU ms", "x node -e 0"],
        rows: commands.map(([name], j) => [name, medians[j]!.toFixed(0), (medians[j]! / base).toFixed(2)]),
        notes: [
          `gen all: ${genAll.toFixed(2)}x node -e 0 (budget ${GEN_ALL_LIMIT}x: ${genAll <= GEN_ALL_LIMIT ? "within" : "OVER"})`,
          `gen all into a new tree, rendering the report's charts with vega: ${fresh.toFixed(2)}x`,
        ],
      },
    ];
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
