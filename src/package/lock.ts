import { createHash } from "node:crypto";
import { type CompileInputs, PATHS } from "../inputs.js";

/** Which `gen all` flag each input came from; verify reads them back the same way. */
export const INPUT_ROLES = ["config", "pricing", "ops"] as const;
export type InputRole = (typeof INPUT_ROLES)[number];

export interface LockInput {
  role: InputRole;
  path: string;
  sha256: string;
}

export interface Lock {
  generator: { name: "akops"; version: string };
  inputs: LockInput[];
  /** Tree path → sha256, sorted by path; the lock itself is not listed. */
  files: Record<string, string>;
}

export function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

export function inputByRole(inputs: CompileInputs, role: InputRole) {
  return role === "config" ? inputs.provider : role === "pricing" ? inputs.pricing : inputs.ops;
}

/** akops.lock.json: deterministic (fixed key order, sorted paths, no timestamps), LF, final newline. */
export function emitLock(version: string, inputs: CompileInputs, files: ReadonlyMap<string, string>): string {
  const lock: Lock = {
    generator: { name: "akops", version },
    inputs: INPUT_ROLES.flatMap((role) => {
      const src = inputByRole(inputs, role);
      return src ? [{ role, path: src.path, sha256: sha256(src.text) }] : [];
    }),
    files: Object.fromEntries([...files.keys()].filter((p) => p !== PATHS.lock).sort().map((p) => [p, sha256(files.get(p)!)])),
  };
  return JSON.stringify(lock, null, 2) + "\n";
}

/** Reads a lock back; returns a reason string when it is not one. */
export function parseLock(text: string): Lock | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return `invalid JSON (${e instanceof Error ? e.message : String(e)})`;
  }
  const l = raw as Partial<Lock> | null;
  if (!l || typeof l !== "object" || l.generator?.name !== "akops" || typeof l.generator.version !== "string") return "no akops generator entry";
  if (!Array.isArray(l.inputs) || !l.inputs.every((i) => INPUT_ROLES.includes(i?.role) && typeof i.path === "string" && typeof i.sha256 === "string")) {
    return "malformed inputs";
  }
  if (!l.files || typeof l.files !== "object") return "malformed files";
  return l as Lock;
}
