// The provider's load (bidengine/shellscript.go): up to 32 bid scripts at once
// (--bid-price-script-process-limit), each killed after 10 s (--bid-price-script-process-timeout).
// runConcurrent() starts one process per order, at most `limit` at a time, and reports per-bid
// latency (spawn to exit), failures and bids per second over the whole run.
import { spawn } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const PROVIDER_TIMEOUT_MS = 10_000;

export interface ConcurrencyResult {
  latenciesMs: number[];
  failed: number;
  timedOut: number;
  wallMs: number;
  /** stderr of the first failure, for the table's notes. */
  firstError?: string;
}

/** The q-quantile (0..1) of a non-empty list, nearest-rank. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
}

/** Runs `bash SCRIPT` once per order, `limit` at a time; stdin from a file (not a socket: see bid.bench.ts). */
export async function runConcurrent(
  script: string,
  orders: readonly string[],
  limit: number,
  env: NodeJS.ProcessEnv,
): Promise<ConcurrencyResult> {
  const dir = mkdtempSync(join(tmpdir(), "akops-bench-load-"));
  const files = orders.map((o, i) => {
    const f = join(dir, `order.${i}`);
    writeFileSync(f, o);
    return f;
  });
  const result: ConcurrencyResult = { latenciesMs: [], failed: 0, timedOut: 0, wallMs: 0 };
  let next = 0;
  const one = (i: number) =>
    new Promise<void>((done) => {
      const fd = openSync(files[i]!, "r");
      const t0 = process.hrtime.bigint();
      const child = spawn("bash", [script], { stdio: [fd, "pipe", "pipe"], env });
      let stdout = "";
      let stderr = "";
      child.stdout?.on("data", (b: Buffer) => (stdout += b.toString()));
      child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
      const timer = setTimeout(() => child.kill("SIGKILL"), PROVIDER_TIMEOUT_MS);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        closeSync(fd);
        const ms = Number(process.hrtime.bigint() - t0) / 1e6;
        result.latenciesMs.push(ms);
        if (signal === "SIGKILL") result.timedOut++;
        else if (code !== 0 || stdout.trim() === "") {
          result.failed++;
          result.firstError ??= stderr.trim().split("\n")[0];
        }
        done();
      });
    });
  const worker = async () => {
    while (next < files.length) await one(next++);
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(limit, files.length) }, worker));
  result.wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  rmSync(dir, { recursive: true, force: true });
  return result;
}
