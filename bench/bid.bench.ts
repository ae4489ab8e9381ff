// `npm run bench bid`: wall time and child processes per bid of the generated bid script
// (generated/example/bid/price_script.sh) for 1-, 4- and 16-service orders with a warm AKT/USD cache,
// beside the bare start-up of bash + jq + bc on the same machine (issue 2's yardstick: ≤ 1.5×); then 64
// orders at the provider's 32-way concurrency, beside the reference script when one is given
// (AKOPS_BENCH_REFERENCE=/path/to/price_script_generic.sh: akops does not ship a copy of it).
import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { USDC_MAINNET } from "../src/pricing/model.js";
import { quantile, runConcurrent, type ConcurrencyResult } from "./bid-concurrency.js";
import { type BenchTable, median } from "./table.js";

const root = join(import.meta.dirname, "..");
const SCRIPT = join(root, "generated/example/bid/price_script.sh");
const RUNS = Number(process.env.BENCH_RUNS ?? 31);
const LOAD_ORDERS = 64;
const LOAD_LIMIT = 32;

function order(services: number, denom: string): string {
  const resources = Array.from({ length: services }, (_, i) => ({
    memory: 2147483648 * (1 + (i % 4)),
    cpu: 1000 + 250 * i,
    gpu: i % 3 === 0 ? { units: 1, attributes: { vendor: { nvidia: { model: "a100", ram: "80Gi", interface: "sxm" } } } } : { units: 0, attributes: {} },
    storage: [
      { class: "ephemeral", size: 10737418240 },
      ...(i % 2 === 0 ? [{ class: "beta3", size: 53687091200 }] : []),
    ],
    count: 1 + (i % 3),
    endpoint_quantity: 1,
    ip_lease_quantity: i === 0 ? 1 : 0,
  }));
  return JSON.stringify({ resources, price: { denom, amount: "100000000.000000000000000000" }, price_precision: 6 }) + "\n";
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
function childProcesses(input: string, env: NodeJS.ProcessEnv): number | string {
  const dir = mkdtempSync(join(tmpdir(), "akops-strace-"));
  const log = join(dir, "trace");
  const r = spawnSync("strace", ["-f", "-qq", "-e", "trace=fork,vfork,clone,clone3", "-o", log, "bash", SCRIPT], { input, encoding: "utf8", env });
  if (r.error || r.status !== 0) return "n/a (strace)";
  const lines = readFileSync(log, "utf8").split("\n");
  rmSync(dir, { recursive: true, force: true });
  return lines.filter((l) => /\b(v?fork|clone3?)\(/.test(l) && !/CLONE_THREAD/.test(l) && !/= -1/.test(l) && !/resumed>/.test(l)).length;
}

export async function run(): Promise<BenchTable[]> {
  const cache = mkdtempSync(join(tmpdir(), "akops-bench-cache-"));
  // A warm cache: fetched now, so no source is asked.
  writeFileSync(join(cache, "akops-akt-usd.cache"), `1.25 ${Math.floor(Date.now() / 1000)}\n`);
  const env = { PATH: process.env.PATH, AKOPS_CACHE_DIR: cache, LC_ALL: "C" };
  const baseline = timeRuns("bash", ["-c", "jq -n 1 >/dev/null; bc <<<1 >/dev/null"], "", env).ms;
  const rows: (string | number)[][] = [];
  for (const services of [1, 4, 16]) {
    for (const [label, denom] of [["uakt", "uakt"], ["usdc", USDC_MAINNET]] as const) {
      const input = order(services, denom);
      const { ms, stdout } = timeRuns("bash", [SCRIPT], input, env);
      rows.push([services, label, stdout, ms.toFixed(1), childProcesses(input, env), (ms / baseline).toFixed(2)]);
    }
  }
  const load = await concurrencyTable(env);
  rmSync(cache, { recursive: true, force: true });
  return [
    {
      title: "bid script: per bid, warm AKT/USD cache",
      columns: ["services", "denom", "bid", "median ms", "child processes", "× bash+jq+bc start-up"],
      rows,
      notes: [`bash + jq + bc start-up (bash -c 'jq -n 1; bc <<<1'): median ${baseline.toFixed(1)} ms over ${RUNS} runs. Goal: ≤ 3 child processes and ≤ 1.5× start-up.`],
    },
    load,
  ];
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

/** The provider's burst: akops's script and, when given, the reference on the same orders in the same run. */
async function concurrencyTable(env: NodeJS.ProcessEnv): Promise<BenchTable> {
  const orders = loadOrders();
  const ours = await runConcurrent(SCRIPT, orders, LOAD_LIMIT, env);
  const rows = [loadRow("akops (warm cache)", ours)];
  const notes = [
    `Latency is spawn to exit per bid, with ${LOAD_LIMIT} scripts at once on this machine's CPUs; a bid still running after 10 s is killed, as the provider does. Goal: p99 ≤ 1000 ms and no failed bid.`,
  ];
  if (ours.firstError) notes.push(`akops: first failure: ${ours.firstError}`);
  const reference = process.env.AKOPS_BENCH_REFERENCE;
  if (reference) {
    const ref = await runConcurrent(reference, orders, LOAD_LIMIT, { ...env, AKASH_DENOM: "uakt" });
    rows.push(loadRow(`reference (${reference.split("/").pop()})`, ref));
    if (ref.firstError) notes.push(`reference: first failure: ${ref.firstError}`);
  } else {
    rows.push(["reference", `${LOAD_ORDERS} at ${LOAD_LIMIT}-way`, "n/a", "n/a", "n/a", "n/a", "n/a"]);
    notes.push(
      "reference not available: akops does not ship price_script_generic.sh; set AKOPS_BENCH_REFERENCE=/path/to/price_script_generic.sh to run it on the same orders in this run.",
    );
  }
  return { title: "bid script: the provider's burst (64 orders, 32 at once)", columns: ["script", "orders", "p50 ms", "p99 ms", "bids/s", "failed", "timed out"], rows, notes };
}
