// The reference script's outputs (../shared/fixtures/bid-oracle), loaded for tests and benchmarks.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export const ORACLE_DIR = join(__dirname, "../../../shared/fixtures/bid-oracle");

export interface OracleCase {
  config: string;
  akt_usd: string;
  order: unknown;
  stdout: string;
  exit: number;
}

export function oracleCases(): OracleCase[] {
  return readFileSync(join(ORACLE_DIR, "expected.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as OracleCase);
}

export function oracleConfig(name: string): { path: string; text: string } {
  return { path: `configs/${name}.yaml`, text: readFileSync(join(ORACLE_DIR, "configs", `${name}.yaml`), "utf8") };
}
