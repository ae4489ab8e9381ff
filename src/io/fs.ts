import {
  chmodSync,
  closeSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  type Stats,
  writeSync,
} from "node:fs";
import { dirname, basename, join, relative, resolve, sep, posix } from "node:path";
import type { SourceFile } from "../diagnostics/diagnostic.js";

/** What a non-regular file is, in words (`a directory`, `a FIFO` …); undefined for a regular file. */
export function fileKind(st: Stats): string | undefined {
  if (st.isFile()) return undefined;
  if (st.isSymbolicLink()) return "a symbolic link";
  if (st.isDirectory()) return "a directory";
  if (st.isFIFO()) return "a FIFO";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/** lstat that says "nothing there" with undefined instead of throwing (other errors still throw). */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/**
 * Thrown instead of replacing something that is not a regular file (a device node, FIFO, socket,
 * symbolic link or directory). `code` reads as a reason, so callers that print `e.code` say why.
 */
export class NotRegularFileError extends Error {
  readonly code: string;
  constructor(
    readonly path: string,
    readonly what: string,
  ) {
    super(`${path} is ${what}, not a regular file`);
    this.code = `it is ${what}, not a regular file`;
  }
}

/**
 * Writes a file atomically: a temp file in the same directory, fsync, then rename over the target,
 * so a reader (or a crash) never sees half a file. Only a regular file (or nothing) is ever replaced:
 * a device node, FIFO, socket, symbolic link or directory at `path` is refused (NotRegularFileError).
 */
export function writeFileAtomic(path: string, content: string, mode = 0o644): void {
  const existing = lstatOrUndefined(path);
  const what = existing && fileKind(existing);
  if (what !== undefined) throw new NotRegularFileError(path, what);
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.akops-${process.pid}-${Math.random().toString(36).slice(2)}.tmp`);
  try {
    const fd = openSync(tmp, "wx", mode);
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

/** `path` relative to `from`, with POSIX separators ("" when they are the same). */
export function posixRelative(from: string, path: string): string {
  return relative(from, path).split(sep).join(posix.sep);
}

/**
 * Reads an input and names it by its path relative to cwd (POSIX), `../elsewhere/p.yaml` included,
 * so two inputs never share a name (diagnostics are rendered against the file they came from) and
 * headers never carry absolute paths.
 */
export function readSource(cwd: string, path: string): SourceFile {
  const abs = resolve(cwd, path);
  const name = posixRelative(cwd, abs) || basename(abs);
  return { path: name, text: readFileSync(abs, "utf8") };
}
