// The bench's stand-in for the reference bid script, and its self-check. akops does not ship the
// reference (price_script_generic.sh, third-party code), so `npm run bench bid` runs
// bench/reference/reference-style.sh, akops's own re-implementation of its documented arithmetic and
// process structure. Before it is used as a yardstick, checkReferenceStyle() runs it on the 138 orders
// of ../shared/fixtures/bid-oracle/ (what the real reference printed) and counts the byte-for-byte
// matches; the load table's label carries that count.
import { spawn } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";

const root = join(import.meta.dirname, "..");
export const REFERENCE_STYLE = join(import.meta.dirname, "reference/reference-style.sh");
export const ORACLE_DIR = join(root, "../shared/fixtures/bid-oracle");

interface OracleCase {
  config: string;
  akt_usd: string;
  order: unknown;
  stdout: string;
  exit: number;
}

export interface SelfCheck {
  /** Cases whose stdout and exit (0, or non-zero with nothing on stdout) match the oracle. */
  matched: number;
  total: number;
  /** The first few mismatches, for the notes. */
  mismatches: string[];
}

/**
 * provider.yaml's `price_target_*` keys as the chart's PRICE_TARGET_* variables, values as written
 * (the failsafe schema keeps `1.60` as the text `1.60`).
 */
export function priceTargetEnv(providerYaml: string): Record<string, string> {
  const doc = yaml.load(readFileSync(providerYaml, "utf8"), { schema: yaml.FAILSAFE_SCHEMA }) as Record<
    string,
    unknown
  > | null;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(doc ?? {})) {
    if (key.startsWith("price_target_") && typeof value === "string") env[key.toUpperCase()] = value;
  }
  return env;
}

/** Runs `bash script` with stdin from a file (not a socket: see bid.bench.ts) and collects its output. */
function runOnce(
  script: string,
  stdinFile: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const fd = openSync(stdinFile, "r");
    const child = spawn("bash", [script], { stdio: [fd, "pipe", "pipe"], env });
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (b: Buffer) => (stdout += b.toString()));
    child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
    child.on("close", (code) => {
      closeSync(fd);
      done({ code, stdout, stderr });
    });
  });
}

/**
 * Runs the reference-style script on every oracle case (the case's config as PRICE_TARGET_*, its
 * AKT/USD pinned), a few at a time, and counts the cases where it prints exactly what the reference
 * printed. Undefined when the oracle is not there.
 */
export async function checkReferenceStyle(baseEnv: NodeJS.ProcessEnv): Promise<SelfCheck | undefined> {
  const expected = join(ORACLE_DIR, "expected.jsonl");
  if (!existsSync(expected)) return undefined;
  const cases = readFileSync(expected, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as OracleCase);
  const configs = new Map<string, Record<string, string>>();
  const dir = mkdtempSync(join(tmpdir(), "akops-bench-oracle-"));
  const result: SelfCheck = { matched: 0, total: cases.length, mismatches: [] };
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      const c = cases[i]!;
      if (!configs.has(c.config))
        configs.set(c.config, priceTargetEnv(join(ORACLE_DIR, "configs", `${c.config}.yaml`)));
      const file = join(dir, `order.${i}`);
      // What the provider writes: the compact order JSON and a newline.
      writeFileSync(file, `${JSON.stringify(c.order)}\n`);
      const env = { ...baseEnv, ...configs.get(c.config), AKOPS_BENCH_AKT_USD: c.akt_usd };
      const r = await runOnce(REFERENCE_STYLE, file, env);
      const ok = c.exit === 0 ? r.code === 0 && r.stdout === c.stdout : r.code !== 0 && r.stdout === "";
      if (ok) result.matched++;
      else if (result.mismatches.length < 3) {
        result.mismatches.push(
          `case ${i + 1}: expected exit ${c.exit} '${c.stdout}', got exit ${r.code} '${r.stdout}' ${r.stderr.trim().split("\n")[0] ?? ""}`,
        );
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, availableParallelism()) }, worker));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return result;
}
