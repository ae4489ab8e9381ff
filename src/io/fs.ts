import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, basename, join, relative, resolve, sep, posix } from "node:path";
import type { SourceFile } from "../diagnostics/diagnostic.js";

/**
 * Writes a file atomically: a temp file in the same directory, fsync, then rename over the target,
 * so a reader (or a crash) never sees half a file.
 */
export function writeFileAtomic(path: string, content: string, mode = 0o644): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.akops-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  try {
    const fd = openSync(tmp, "w", mode);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, mode);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Scripts are executable; everything else is 0644. */
export function modeFor(path: string): number {
  return path.endsWith(".sh") ? 0o755 : 0o644;
}

/**
 * Reads an input and names it by a repo-relative POSIX path (relative to cwd when inside it),
 * so headers never carry absolute paths.
 */
export function readSource(cwd: string, path: string): SourceFile {
  const abs = resolve(cwd, path);
  const rel = relative(cwd, abs);
  const name = rel.startsWith("..") || rel === "" ? basename(abs) : rel.split(sep).join(posix.sep);
  return { path: name, text: readFileSync(abs, "utf8") };
}
