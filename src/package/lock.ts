import { lstatSync, readFileSync } from "node:fs";
import { sha256 } from "../emit/sha256.js";
import { join } from "node:path";
import { type CompileInputs, type InputLocations, PATHS } from "../inputs.js";

/** Which `gen all` flag each input came from; verify reads them back the same way. */
export const INPUT_ROLES = ["config", "pricing", "ops"] as const;
export type InputRole = (typeof INPUT_ROLES)[number];

export interface LockInput {
  role: InputRole;
  /** The name the headers and diagnostics use (relative to the cwd of `gen all`). */
  name: string;
  /** Where the input is, relative to the tree (POSIX); absent for a shipped example. */
  path?: string;
  /** The shipped example it was (`provider.yaml`), instead of a path. */
  shipped?: string;
  sha256: string;
}

export interface Lock {
  generator: { name: "akops"; version: string };
  inputs: LockInput[];
  /** Tree path → sha256, sorted by path; the lock itself is not listed. */
  files: Record<string, string>;
}

/** The CompileInputs key of a lock role. */
export function inputKey(role: InputRole): "provider" | "pricing" | "ops" {
  return role === "config" ? "provider" : role;
}

export function inputByRole(inputs: CompileInputs, role: InputRole) {
  return inputs[inputKey(role)];
}

/**
 * akops.lock.json: deterministic (fixed key order, sorted paths, no timestamps), LF, final newline.
 * Inputs are located relative to the tree (`locations`; without one, by their name).
 */
export function emitLock(
  version: string,
  inputs: CompileInputs,
  files: ReadonlyMap<string, string>,
  locations: InputLocations = {},
): string {
  const lock: Lock = {
    generator: { name: "akops", version },
    inputs: INPUT_ROLES.flatMap((role): LockInput[] => {
      const src = inputByRole(inputs, role);
      if (!src) return [];
      const at = locations[inputKey(role)] ?? { path: src.path };
      return [{ role, name: src.path, ...at, sha256: sha256(src.text) }];
    }),
    files: Object.fromEntries(
      [...files.keys()]
        .filter((p) => p !== PATHS.lock)
        .sort()
        .map((p) => [p, sha256(files.get(p)!)]),
    ),
  };
  return `${JSON.stringify(lock, null, 2)}\n`;
}

/** Reads a lock back; returns a reason string when it is not one. */
export function parseLock(text: string): Lock | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text; say nothing of it.
    return "invalid JSON";
  }
  const l = raw as Partial<Lock> | null;
  if (!l || typeof l !== "object" || l.generator?.name !== "akops" || typeof l.generator.version !== "string")
    return "no akops generator entry";
  const str = (v: unknown) => v === undefined || typeof v === "string";
  const okInput = (i: LockInput) =>
    INPUT_ROLES.includes(i?.role) &&
    str(i.name) &&
    str(i.path) &&
    str(i.shipped) &&
    (i.path ?? i.shipped) !== undefined &&
    typeof i.sha256 === "string";
  if (!Array.isArray(l.inputs) || !l.inputs.every(okInput)) return "malformed inputs";
  // A lock from before `name`: the path was the name.
  for (const i of l.inputs) i.name ??= (i.path ?? i.shipped)!;
  if (!l.files || typeof l.files !== "object" || Array.isArray(l.files)) return "malformed files";
  return l as Lock;
}

/**
 * The files an earlier `gen all` wrote into `dir` (its lock: tree path → sha256), so that the next one
 * removes those it no longer produces. Undefined when there is no readable lock (a symbolic link is
 * not one).
 */
export function previousFiles(dir: string): Map<string, string> | undefined {
  const path = join(dir, PATHS.lock);
  try {
    if (!lstatSync(path).isFile()) return undefined;
    const lock = parseLock(readFileSync(path, "utf8"));
    if (typeof lock === "string") return undefined;
    return new Map(Object.entries(lock.files).filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch {
    return undefined;
  }
}
