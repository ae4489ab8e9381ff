import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { basename, dirname, join, posix } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { sha256 } from "../emit/sha256.js";
import { diag } from "../diagnostics/messages.js";
import { fileKind, lstatOrUndefined, modeFor, writeFileAtomic } from "./fs.js";

export interface WriteTreeOptions {
  /** How messages name the tree (the --out argument); default: the directory itself. */
  display?: string;
  /** Files an earlier `gen all` wrote (its lock: tree path → sha256); those no longer produced are removed. */
  previous?: ReadonlyMap<string, string>;
  /** The rename of the swap (a seam: tests make it fail part-way). */
  rename?: (from: string, to: string) => void;
}

export interface WriteTreeResult {
  /** Errors (nothing was changed) and warnings (files kept). */
  diagnostics: Diagnostic[];
  /** Tree paths written (new or changed) and removed. */
  written: string[];
  removed: string[];
}

/** A tree path akops may touch: relative, POSIX, no `.`/`..`/empty segments. */
export function isTreePath(p: string): boolean {
  return (
    p !== "" &&
    !p.startsWith("/") &&
    !p.includes("\\") &&
    p.split("/").every((s) => s !== "" && s !== "." && s !== "..")
  );
}

function unchanged(path: string, content: string, mode: number): boolean {
  try {
    return (statSync(path).mode & 0o777) === mode && readFileSync(path, "utf8") === content;
  } catch {
    return false;
  }
}

/**
 * Why `path` (tree-relative) cannot be a regular file written through real directories under `root`:
 * a parent that is a file, a symbolic link or a special file, or a target that is not a regular file.
 * Undefined when it can (also when parts of it do not exist yet).
 */
function obstacle(root: string, path: string): { at: string; why: string } | undefined {
  const parts = path.split("/");
  for (let i = 1; i <= parts.length; i++) {
    const at = parts.slice(0, i).join("/");
    const st = lstatOrUndefined(join(root, at));
    if (st === undefined) return undefined;
    const last = i === parts.length;
    if (!last && !st.isDirectory()) return { at, why: `${fileKind(st) ?? "a file"}, not a directory` };
    if (last && !st.isFile()) return { at, why: `${fileKind(st)}, not a regular file` };
  }
  return undefined;
}

/** The deepest existing directory on the way to `path` (absolute). */
function deepestExisting(path: string): string {
  let dir = dirname(path);
  while (lstatOrUndefined(dir) === undefined && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * Writes the whole tree or nothing. First every target is checked (a directory or FIFO where a file
 * goes, a file where a directory goes, a symbolic link, an unwritable directory): any obstacle and
 * nothing is touched. Then every changed file is staged in a directory beside the tree and swapped in,
 * the old version of each kept aside; any failure during the swap puts every old file back, so the
 * tree is byte for byte what it was. Unchanged files are left alone (mtime kept). Files that the
 * previous lock lists and this tree no longer has are removed, unless they changed since (kept, with
 * a warning); files akops never wrote are never touched. Messages name the real target, never the
 * staging directory.
 */
export function writeTree(
  outDir: string,
  files: ReadonlyMap<string, string>,
  opts: WriteTreeOptions = {},
): WriteTreeResult {
  const display = opts.display ?? outDir;
  const show = (p: string) => posix.join(display, p);
  const rename = opts.rename ?? renameSync;
  const result: WriteTreeResult = { diagnostics: [], written: [], removed: [] };
  const fail = (d: Diagnostic) => ({ ...result, diagnostics: [...result.diagnostics, d] });

  // --out itself may be a link to a directory (the operator's choice); nothing below it may.
  const isDir = (p: string) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  if (lstatOrUndefined(outDir) !== undefined && !isDir(outDir)) return fail(diag("AK394", [`--out ${display}`]));

  // 1. Check every target before touching anything.
  const obstacles: Diagnostic[] = [];
  const changed: string[] = [];
  for (const [path, content] of files) {
    if (!isTreePath(path)) throw new Error(`internal: ${path} is not a tree path`);
    const o = obstacle(outDir, path);
    if (o) {
      obstacles.push(diag("AK403", [show(path), show(o.at), o.why]));
      continue;
    }
    const target = join(outDir, path);
    if (unchanged(target, content, modeFor(path))) continue;
    changed.push(path);
    const dir = deepestExisting(target);
    try {
      accessSync(dir, constants.W_OK);
    } catch {
      obstacles.push(
        diag("AK403", [
          show(path),
          dir === outDir ? display : posix.join(display, dir.slice(outDir.length + 1)),
          "a directory akops cannot write to",
        ]),
      );
    }
  }
  if (obstacles.length > 0) return { ...result, diagnostics: obstacles };

  const obsolete: string[] = [];
  for (const [path, hash] of opts.previous ?? []) {
    if (files.has(path) || !isTreePath(path) || obstacle(outDir, path) !== undefined) continue;
    const target = join(outDir, path);
    if (lstatOrUndefined(target) === undefined) continue;
    if (sha256(readFileSync(target)) === hash) obsolete.push(path);
    else result.diagnostics.push(diag("AK405", [show(path)]));
  }
  if (changed.length === 0 && obsolete.length === 0) return result;

  // 2. Stage the changed files beside the tree (same file system, so the swap is renames).
  const parent = dirname(outDir);
  let staging: string;
  try {
    mkdirSync(parent, { recursive: true });
    staging = mkdtempSync(join(parent, `.${basename(outDir)}.akops-`));
  } catch (e) {
    return fail(diag("AK404", [display, `cannot stage beside it (${(e as NodeJS.ErrnoException).code ?? String(e)})`]));
  }
  const journal: (() => void)[] = [];
  let current = display;
  try {
    for (const path of changed) {
      current = show(path);
      writeFileAtomic(join(staging, "new", path), files.get(path)!, modeFor(path));
    }
    // 3. Swap: the lock last, so a crash mid-way leaves the old lock.
    const order = [
      ...changed.filter((p) => p !== "akops.lock.json"),
      ...changed.filter((p) => p === "akops.lock.json"),
    ];
    const aside = (path: string) => {
      const target = join(outDir, path);
      if (lstatOrUndefined(target) === undefined) return;
      const kept = join(staging, "old", path);
      mkdirSync(dirname(kept), { recursive: true });
      rename(target, kept);
      journal.push(() => renameSync(kept, target));
    };
    for (const path of order) {
      current = show(path);
      const target = join(outDir, path);
      for (const dir of ancestors(outDir, path)) {
        if (lstatOrUndefined(dir) !== undefined) continue;
        mkdirSync(dir);
        journal.push(() => rmdirSync(dir));
      }
      aside(path);
      rename(join(staging, "new", path), target);
      journal.push(() => rmSync(target, { force: true }));
    }
    for (const path of obsolete) {
      current = show(path);
      aside(path);
    }
  } catch (e) {
    for (const undo of journal.reverse()) {
      try {
        undo();
      } catch {
        // Keep undoing the rest; the first failure is what gets reported.
      }
    }
    rmSync(staging, { recursive: true, force: true });
    return fail(
      diag("AK404", [current, `${(e as NodeJS.ErrnoException).code ?? String(e)}; the tree was left as it was`]),
    );
  }
  rmSync(staging, { recursive: true, force: true });
  for (const path of obsolete) removeEmptyParents(outDir, path);
  return { ...result, written: changed, removed: obsolete };
}

/** The directories from outDir down to the file's parent (outDir included). */
function ancestors(outDir: string, path: string): string[] {
  const parts = path.split("/").slice(0, -1);
  return [outDir, ...parts.map((_, i) => join(outDir, ...parts.slice(0, i + 1)))];
}

/** After a removal: the folders it leaves empty go too (never the tree itself). */
function removeEmptyParents(outDir: string, path: string): void {
  for (const dir of ancestors(outDir, path).slice(1).reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      return;
    }
  }
}
