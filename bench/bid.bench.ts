// `npm run bench bid`: wall time and child processes per bid of the generated bid script
// (generated/example/bid/price_script.sh) for 1-, 4- and 16-service orders with a warm AKT/USD cache,
// beside the bare start-up of bash + jq + bc on the same machine (issue 2's yardstick: ≤ 1.5×); then 64
// orders at the provider's 32-way concurrency, beside a reference script in the same run. akops does not
// ship the reference (price_script_generic.sh): by default the reference row runs
// bench/reference/reference-style.sh, akops's own re-implementation of its documented arithmetic and
// process structure, after checking it against the 138 oracle orders (bench/reference-check.ts); its
// cost per bid (child processes, CPU) is printed too. AKOPS_BENCH_REFERENCE=/path/to/script runs
// another script instead (the real reference, if you have it); AKOPS_BENCH_ORACLE_CHECK=0 skips the check.
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { USDC_MAINNET } from "../src/pricing/model.js";
import { quantile, runConcurrent, type ConcurrencyResult } from "./bid-concurrency.js";
import { checkReferenceStyle, priceTargetEnv, REFERENCE_STYLE } from "./reference-check.js";
import { type BenchTable, median } from "./table.js";

const root = join(import.meta.dirname, "..");
const SCRIPT = join(root, "generated/example/bid/price_script.sh");
/** The example's provider.yaml: the reference-style script gets its price_target_* as the chart would. */
const PROVIDER_YAML = join(root, "examples/provider.yaml");
/** AKT/USD for the reference-style script: the price of the warm cache akops reads. */
const AKT_USD = "1.25";
const RUNS = Number(process.env.BENCH_RUNS ?? 31);
const LOAD_ORDERS = 64;
const LOAD_LIMIT = 32;

function order(services: number, denom: string): string {
  const resources = Array.from({ length: services }, (_, i) => ({
    memory: 2147483648 * (1 + (i % 4)),
    cpu: 1000 + 250 * i,
    gpu:
      i % 3 === 0
        ? { units: 1, attributes: { vendor: { nvidia: { model: "a100", ram: "80Gi", interface: "sxm" } } } }
        : { units: 0, attributes: {} },
    storage: [
      { class: "ephemeral", size: 10737418240 },
      ...(i % 2 === 0 ? [{ class: "beta3", size: 53687091200 }] : []),
    ],
    count: 1 + (i % 3),
    endpoint_quantity: 1,
    ip_lease_quantity: i === 0 ? 1 : 0,
  }));
  return `${JSON.stringify({ resources, price: { denom, amount: "100000000.000000000000000000" }, price_precision: 6 })}\n`;
}

/**
 * Median wall time of a command with stdin read from a file. (Not node's `input`: node hands the child a
 * socket, and `bash -c` with a socket on stdin thinks it was started by sshd and reads ~/.bashrc.)
 */
function timeRuns(cmd: string, args: string[], input: string, env: NodeJS.ProcessEnv): { ms: number; stdout: string } {
  const times: number[] = [];
  let stdout = "";
  const dir = mkdtempSync(join(tmpdir(), "akops-bench-in-"));
  writeFileSync(join(dir, "stdin"), input);
  for (let i = 0; i < RUNS; i++) {
    const fd = openSync(join(dir, "stdin"), "r");
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { stdio: [fd, "pipe", "pipe"], encoding: "utf8", env });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    closeSync(fd);
    if (r.status !== 0) throw new Error(`bench: ${cmd} ${args.join(" ")} failed: ${r.stderr}`);
    stdout = r.stdout;
  }
  rmSync(dir, { recursive: true, force: true });
  return { ms: median(times), stdout };
}

/** Processes created under the script (fork/vfork/clone without CLONE_THREAD), counted with strace -f. */
function childProcesses(input: string, env: NodeJS.ProcessEnv, script = SCRIPT): number | string {
  const dir = mkdtempSync(join(tmpdir(), "akops-strace-"));
  const log = join(dir, "trace");
  const r = spawnSync("strace", ["-f", "-qq", "-e", "trace=fork,vfork,clone,clone3", "-o", log, "bash", script], {
    input,
    encoding: "utf8",
    env,
  });
  if (r.error || r.status !== 0) return "n/a (strace)";
  const lines = readFileSync(log, "utf8").split("\n");
  rmSync(dir, { recursive: true, force: true });
  return lines.filter(
    (l) => /\b(v?fork|clone3?)\(/.test(l) && !/CLONE_THREAD/.test(l) && !/= -1/.test(l) && !/resumed>/.test(l),
  ).length;
}

export async function run(): Promise<BenchTable[]> {
  const cache = mkdtempSync(join(tmpdir(), "akops-bench-cache-"));
  // A warm cache: fetched now, so no source is asked.
  writeFileSync(join(cache, "akops-akt-usd.cache"), `${AKT_USD} ${Math.floor(Date.now() / 1000)}\n`);
  const env = { PATH: process.env.PATH, AKOPS_CACHE_DIR: cache, LC_ALL: "C" };
  const baseline = timeRuns("bash", ["-c", "jq -n 1 >/dev/null; bc <<<1 >/dev/null"], "", env).ms;
  const rows: (string | number)[][] = [];
  for (const services of [1, 4, 16]) {
    for (const [label, denom] of [
      ["uakt", "uakt"],
      ["usdc", USDC_MAINNET],
    ] as const) {
      const input = order(services, denom);
      const { ms, stdout } = timeRuns("bash", [SCRIPT], input, env);
      rows.push([services, label, stdout, ms.toFixed(1), childProcesses(input, env), (ms / baseline).toFixed(2)]);
    }
  }
  const reference = await pickReference(env);
  const referenceCost = referenceCostTable(reference);
  const load = await concurrencyTable(env, reference);
  rmSync(cache, { recursive: true, force: true });
  return [
    {
      title: "bid script: per bid, warm AKT/USD cache",
      columns: ["services", "denom", "bid", "median ms", "child processes", "× bash+jq+bc start-up"],
      rows,
      notes: [
        `bash + jq + bc start-up (bash -c 'jq -n 1; bc <<<1'): median ${baseline.toFixed(1)} ms over ${RUNS} runs. Goal: ≤ 3 child processes and ≤ 1.5× start-up.`,
      ],
    },
    referenceCost,
    load,
  ];
}

/** The script the reference rows run, what the tables call it, and its environment. */
interface Reference {
  script: string;
  label: string;
  env: NodeJS.ProcessEnv;
  notes: string[];
}

/**
 * AKOPS_BENCH_REFERENCE when set; else reference-style.sh, checked first against the oracle (its label
 * says how many of the 138 cases it printed byte for byte). Both get the example provider.yaml's
 * price_target_* as PRICE_TARGET_*, as the chart would set them.
 */
async function pickReference(env: NodeJS.ProcessEnv): Promise<Reference> {
  const prices = priceTargetEnv(PROVIDER_YAML);
  const given = process.env.AKOPS_BENCH_REFERENCE;
  if (given)
    return {
      script: given,
      label: `reference (${basename(given)})`,
      env: { ...env, ...prices, AKASH_DENOM: "uakt" },
      notes: [],
    };
  const refEnv = { ...env, ...prices, AKOPS_BENCH_AKT_USD: AKT_USD };
  const name = "reference-style (akops's re-implementation";
  const pinned =
    "reference-style.sh pins AKT/USD (AKOPS_BENCH_AKT_USD) where the reference looks it up for every order (cache or network), so it is if anything cheaper than the reference.";
  if (process.env.AKOPS_BENCH_ORACLE_CHECK === "0")
    return { script: REFERENCE_STYLE, label: `${name}, oracle check skipped)`, env: refEnv, notes: [pinned] };
  const check = await checkReferenceStyle(env);
  if (!check) return { script: REFERENCE_STYLE, label: `${name}, oracle not found)`, env: refEnv, notes: [pinned] };
  const mismatches = check.mismatches.map((m) => `reference-style vs the oracle: ${m}`);
  return {
    script: REFERENCE_STYLE,
    label: `${name}, ${check.matched}/${check.total} oracle matches)`,
    env: refEnv,
    notes: [pinned, ...mismatches],
  };
}

/**
 * user + sys CPU seconds of one run of `bash script` and everything it started (bash's `times` for
 * its children), and the wall time; undefined when the script fails.
 */
function cpuSeconds(script: string, input: string, env: NodeJS.ProcessEnv): { cpu: number; ms: number } | undefined {
  const dir = mkdtempSync(join(tmpdir(), "akops-bench-cpu-"));
  const file = join(dir, "stdin");
  writeFileSync(file, input);
  const t0 = process.hrtime.bigint();
  const r = spawnSync("bash", ["-c", 'bash "$1" <"$2" >/dev/null || exit; times', "_", script, file], {
    encoding: "utf8",
    env,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  rmSync(dir, { recursive: true, force: true });
  const children = r.stdout.trim().split("\n")[1] ?? "";
  const m = /^(\d+)m([\d.]+)s (\d+)m([\d.]+)s$/.exec(children);
  if (r.status !== 0 || !m) return undefined;
  return { cpu: Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]), ms };
}

/** The reference's cost per bid, alone on the machine: the yardstick behind its row in the load table. */
function referenceCostTable(ref: Reference): BenchTable {
  const runs = 3;
  const rows: (string | number)[][] = [];
  for (const services of [1, 4, 16]) {
    const input = order(services, "uakt");
    const measured = Array.from({ length: runs }, () => cpuSeconds(ref.script, input, ref.env));
    const ok = measured.filter((x): x is { cpu: number; ms: number } => x !== undefined);
    rows.push([
      services,
      ok.length ? median(ok.map((x) => x.ms)).toFixed(0) : "failed",
      ok.length ? median(ok.map((x) => x.cpu)).toFixed(2) : "failed",
      childProcesses(input, ref.env, ref.script),
    ]);
  }
  return {
    title: `bid script: the reference's cost per bid, one at a time (${ref.label})`,
    columns: ["services", "median ms", "CPU s (user+sys)", "child processes"],
    rows,
    notes: [
      `uakt orders as above, median of ${runs} runs; CPU counts the script and every process it starts.`,
      ...ref.notes,
    ],
  };
}

/** 64 orders (1-16 services; uakt, uact and USDC), as the provider would send them in a burst. */
function loadOrders(): string[] {
  const denoms = ["uakt", "uact", USDC_MAINNET];
  return Array.from({ length: LOAD_ORDERS }, (_, i) => order(1 + (i % 16), denoms[i % denoms.length]!));
}

function loadRow(name: string, r: ConcurrencyResult): (string | number)[] {
  return [
    name,
    `${LOAD_ORDERS} at ${LOAD_LIMIT}-way`,
    quantile(r.latenciesMs, 0.5).toFixed(0),
    quantile(r.latenciesMs, 0.99).toFixed(0),
    ((LOAD_ORDERS - r.failed - r.timedOut) / (r.wallMs / 1000)).toFixed(1),
    r.failed,
    r.timedOut,
  ];
}

/** The provider's burst: akops's script and the reference on the same orders in the same run. */
async function concurrencyTable(env: NodeJS.ProcessEnv, reference: Reference): Promise<BenchTable> {
  const orders = loadOrders();
  const ours = await runConcurrent(SCRIPT, orders, LOAD_LIMIT, env);
  const rows = [loadRow("akops (warm cache)", ours)];
  const notes = [
    `Latency is spawn to exit per bid, with ${LOAD_LIMIT} scripts at once on this machine's CPUs; a bid still running after 10 s is killed, as the provider does. Goal: p99 ≤ 1000 ms and no failed bid.`,
  ];
  if (ours.firstError) notes.push(`akops: first failure: ${ours.firstError}`);
  const ref = await runConcurrent(reference.script, orders, LOAD_LIMIT, reference.env);
  rows.push(loadRow(reference.label, ref));
  if (ref.firstError) notes.push(`reference: first failure: ${ref.firstError}`);
  if (ref.timedOut + ours.timedOut > 0) {
    notes.push(
      "A killed bid's latency can exceed 10 s: the bench kills only the script's own process, and the jq and bc it started run on while they hold its stdout open.",
    );
  }
  return {
    title: "bid script: the provider's burst (64 orders, 32 at once)",
    columns: ["script", "orders", "p50 ms", "p99 ms", "bids/s", "failed", "timed out"],
    rows,
    notes,
  };
}
