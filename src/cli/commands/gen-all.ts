import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CompileInputs } from "../../compile.js";
import { compileTree } from "../../report/tree.js";
import type { Diagnostic, SourceFile } from "../../diagnostics/diagnostic.js";
import { diag } from "../../diagnostics/messages.js";
import { VERSION } from "../../version.js";
import { modeFor, readSource, writeFileAtomic } from "../fs.js";
import type { Io } from "../io.js";
import { report, type InputFlags } from "../shared.js";

/** The examples shipped with akops (examples/ beside dist/ or src/), found by walking up from this module. */
export function shippedExample(name: string): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, "examples", name);
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  return undefined;
}

/** Default inputs of `gen all`: ./provider.yaml, ./pricing.akp and ./ops.yaml when present; else the shipped provider.yaml. */
export function resolveGenAllInputs(
  io: Io,
  flags: InputFlags,
  diagnostics: Diagnostic[],
  findShipped: (name: string) => string | undefined = shippedExample,
): CompileInputs {
  const read = (path: string, name = path): SourceFile | undefined => {
    try {
      const src = readSource(io.cwd, path);
      return name === path ? src : { path: name, text: src.text };
    } catch (e) {
      diagnostics.push(diag("AK338", [path, (e as NodeJS.ErrnoException).code ?? String(e)]));
      return undefined;
    }
  };
  const implicit = (file: string) => (existsSync(resolve(io.cwd, file)) ? file : undefined);
  const inputs: CompileInputs = {};

  let provider: SourceFile | undefined;
  if (flags.config !== undefined) provider = read(flags.config);
  else if (implicit("provider.yaml")) {
    io.err("akops: using ./provider.yaml\n");
    provider = read("provider.yaml");
  } else {
    const shipped = findShipped("provider.yaml");
    if (shipped === undefined) diagnostics.push(diag("AK384", []));
    else {
      io.err("akops: no --config and no ./provider.yaml: using the shipped examples/provider.yaml\n");
      provider = read(shipped, "examples/provider.yaml");
    }
  }
  const optional = (flag: string | undefined, file: string): SourceFile | undefined => {
    if (flag !== undefined) return read(flag);
    if (!implicit(file)) return undefined;
    io.err(`akops: using ./${file}\n`);
    return read(file);
  };
  const pricing = optional(flags.pricing, "pricing.akp");
  const ops = optional(flags.ops, "ops.yaml");
  if (provider) inputs.provider = provider;
  if (pricing) inputs.pricing = pricing;
  if (ops) inputs.ops = ops;
  return inputs;
}

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
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) return [diag("AK394", [outDir])];
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

/** `akops gen all`: compile everything in memory, then write the tree (nothing on any error). */
export async function runGenAll(io: Io, flags: InputFlags & { out: string }): Promise<number> {
  const diagnostics: Diagnostic[] = [];
  const inputs = resolveGenAllInputs(io, flags, diagnostics);
  if (diagnostics.length > 0) return report(io, diagnostics, []);
  const result = await compileTree(inputs, { version: VERSION, target: "all" }, shippedExample("orders"));
  const code = report(io, result.diagnostics, result.sources);
  if (code !== 0) return code;
  const outDir = resolve(io.cwd, flags.out);
  const written = writeTree(outDir, result.files);
  if (written.length > 0) return report(io, written, []);
  io.out(`wrote ${result.files.size} files to ${flags.out}\n`);
  return 0;
}
