import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The provider's `--bid-price-script-process-timeout` default. */
export const PROVIDER_TIMEOUT_MS = 10_000;

/** A closed loopback port (discard): every proxied request fails at once, without leaving the host. */
export const NO_NETWORK_PROXY = "http://127.0.0.1:9";

export interface ScriptRun {
  stdout: string;
  stderr: string;
  /** Exit status; null when killed. */
  code: number | null;
  timedOut: boolean;
}

/** What the provider makes of a run: a bid (the trimmed stdout) or no bid, with why. */
export type BidResult = { bid: string } | { bid: null; reason: string };

/**
 * A scratch directory for running bid scripts with no network: `bin/` holds `curl` and `wget` stubs
 * that fail as curl does when it cannot connect (exit 7), and goes first on PATH.
 */
export interface Sandbox {
  dir: string;
  /** The base environment: PATH (stubs first), HOME and TMPDIR inside the sandbox, proxies at a closed port. */
  env: Record<string, string>;
  dispose(): void;
}

const NETWORK_STUB = `#!/bin/sh
printf '%s: no network during akops plan\\n' "\${0##*/}" >&2
exit 7
`;

export function createSandbox(path = process.env.PATH ?? "/usr/bin:/bin"): Sandbox {
  const dir = mkdtempSync(join(tmpdir(), "akops-plan-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  for (const tool of ["curl", "wget"]) {
    writeFileSync(join(bin, tool), NETWORK_STUB);
    chmodSync(join(bin, tool), 0o755);
  }
  const home = join(dir, "home");
  mkdirSync(home);
  const env: Record<string, string> = {
    PATH: `${bin}:${path}`,
    HOME: home,
    TMPDIR: home,
    http_proxy: NO_NETWORK_PROXY,
    https_proxy: NO_NETWORK_PROXY,
    HTTP_PROXY: NO_NETWORK_PROXY,
    HTTPS_PROXY: NO_NETWORK_PROXY,
    ALL_PROXY: NO_NETWORK_PROXY,
    all_proxy: NO_NETWORK_PROXY,
  };
  return { dir, env, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes a script into the sandbox (0755) and returns its path. */
export function placeScript(sandbox: Sandbox, name: string, script: string): string {
  const p = join(sandbox.dir, name);
  writeFileSync(p, script);
  chmodSync(p, 0o755);
  return p;
}

/**
 * Runs a bid script as the provider does: `bash SCRIPT`, the order on stdin (compact JSON and a
 * newline), the given environment only, killed with its whole process group after `timeoutMs`.
 */
export function runScript(
  scriptPath: string,
  stdin: string,
  env: Record<string, string>,
  cwd: string,
  timeoutMs = PROVIDER_TIMEOUT_MS,
): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", [scriptPath], { cwd, env, stdio: ["pipe", "pipe", "pipe"], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, timeoutMs);
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        code,
        timedOut,
      });
    });
    child.stdin.on("error", () => undefined); // a script that never reads stdin closes the pipe early
    child.stdin.end(stdin);
  });
}

/** The provider's bid parser: optional `-`, digits, at most 18 fractional digits; no exponent. */
const PROVIDER_DECIMAL = /^-?[0-9]+(\.[0-9]{1,18})?$/;

/** What the provider does with a run (bidengine/shellscript.go): bid, or no bid and why. */
export function bidOf(run: ScriptRun, timeoutMs = PROVIDER_TIMEOUT_MS): BidResult {
  const firstLine = (s: string) => s.trim().split("\n")[0]?.slice(0, 200) ?? "";
  if (run.timedOut) return { bid: null, reason: `timed out after ${timeoutMs / 1000} s` };
  if (run.code !== 0)
    return {
      bid: null,
      reason: `exit ${run.code ?? "signal"}${run.stderr.trim() ? `: ${firstLine(run.stderr)}` : ""}`,
    };
  const out = run.stdout.trim();
  if (out === "") return { bid: null, reason: "empty stdout" };
  if (!PROVIDER_DECIMAL.test(out))
    return { bid: null, reason: `not a decimal the provider accepts: '${firstLine(out)}'` };
  if (out.startsWith("-")) return { bid: null, reason: `negative bid '${out}'` };
  if (/^[0.]+$/.test(out)) return { bid: null, reason: `zero bid '${out}' (the provider rejects it)` };
  return { bid: out };
}
