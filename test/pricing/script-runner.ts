// Helpers to emit a bid script into a temp dir and run it with bash, as the provider does.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Diagnostic, SourceFile } from "../../src/diagnostics/diagnostic.js";
import { emitBidScript } from "../../src/pricing/emit/bash.js";
import type { PricingModel } from "../../src/pricing/model.js";
import { resolvePricing } from "../../src/pricing/resolve.js";
import { TEST_VERSION } from "../../src/version.js";

export function modelFrom(provider?: SourceFile, pricing?: SourceFile): PricingModel {
  const diagnostics: Diagnostic[] = [];
  const r = resolvePricing({ provider, pricing }, diagnostics);
  const errors = diagnostics.filter((d) => d.severity === "error");
  if (!r || errors.length > 0) throw new Error(`model has errors: ${JSON.stringify(errors)}`);
  return r.model;
}

/** Writes the script for a model into a fresh temp dir; returns its path. */
export function writeScript(model: PricingModel): string {
  const dir = mkdtempSync(join(tmpdir(), "akops-bid-"));
  const path = join(dir, "price_script.sh");
  writeFileSync(path, emitBidScript(model, { version: TEST_VERSION, inputs: ["test"], regenerate: "test" }), {
    mode: 0o755,
  });
  return path;
}

export interface Run {
  stdout: string;
  stderr: string;
  status: number;
}

/** Runs a bid script on an order (stdin = compact JSON + newline, as the provider writes it). */
export function runScript(script: string, stdin: string, env: Record<string, string> = {}): Run {
  const r = spawnSync("bash", [script], {
    input: stdin,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", AKOPS_CACHE_DIR: join(script, ".."), ...env },
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}
