import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { modeFor, writeFileAtomic } from "./fs.js";

function unchanged(path: string, content: string, mode: number): boolean {
  try {
    return (statSync(path).mode & 0o777) === mode && readFileSync(path, "utf8") === content;
  } catch {
    return false;
  }
}

/**
 * Writes the whole tree or nothing, as far as a file system allows: every file is first written
 * (atomically) into a staging directory beside the target, then renamed into place. Unchanged files are
 * left alone; files in the target that the tree does not name are never touched.
 */
export function writeTree(outDir: string, files: ReadonlyMap<string, string>): Diagnostic[] {
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) return [diag("AK394", [`--out ${outDir}`])];
  let staging: string | undefined;
  try {
    mkdirSync(dirname(outDir), { recursive: true });
    staging = mkdtempSync(join(dirname(outDir), `.${basename(outDir)}.akops-`));
    for (const [path, content] of files) writeFileAtomic(join(staging, path), content, modeFor(path));
    for (const [path, content] of files) {
      const target = join(outDir, path);
      if (unchanged(target, content, modeFor(path))) continue;
      mkdirSync(dirname(target), { recursive: true });
      renameSync(join(staging, path), target);
    }
    return [];
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return [diag("AK401", [err.path ?? outDir, err.code ?? String(e)])];
  } finally {
    if (staging) rmSync(staging, { recursive: true, force: true });
  }
}
