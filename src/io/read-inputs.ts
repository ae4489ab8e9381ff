import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import type { CompileInputs } from "../inputs.js";
import { readSource } from "./fs.js";
import type { Io } from "./io.js";

/** The input files a command names by flag. */
export interface InputFlags {
  config?: string;
  pricing?: string;
  ops?: string;
}

/** Reads one input; an unreadable file is AK338. `name` renames it (the shipped example keeps a repo path). */
function readOrReport(io: Io, path: string, diagnostics: Diagnostic[], name = path): SourceFile | undefined {
  try {
    const src = readSource(io.cwd, path);
    return name === path ? src : { path: name, text: src.text };
  } catch (e) {
    diagnostics.push(diag("AK338", [path, (e as NodeJS.ErrnoException).code ?? String(e)]));
    return undefined;
  }
}

function byRole(
  provider: SourceFile | undefined,
  pricing: SourceFile | undefined,
  ops: SourceFile | undefined,
): CompileInputs {
  const inputs: CompileInputs = {};
  if (provider) inputs.provider = provider;
  if (pricing) inputs.pricing = pricing;
  if (ops) inputs.ops = ops;
  return inputs;
}

/** Reads the input files named by flags; an unreadable file is AK338. */
export function readInputs(io: Io, flags: InputFlags, diagnostics: Diagnostic[]): CompileInputs {
  const read = (path: string | undefined) => (path === undefined ? undefined : readOrReport(io, path, diagnostics));
  const provider = read(flags.config);
  const pricing = read(flags.pricing);
  const ops = read(flags.ops);
  return byRole(provider, pricing, ops);
}

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

/**
 * Inputs of `gen all`. Flags win: when any of --config/--pricing/--ops is given, exactly those files
 * are read (nothing is picked up from the cwd behind the operator's back). Only with no input flag at
 * all are ./provider.yaml, ./pricing.akp and ./ops.yaml used when present, else the shipped provider.yaml.
 * `shipped` lists the roles read from the shipped examples (the lock records them as such).
 */
export function resolveGenAllInputs(
  io: Io,
  flags: InputFlags,
  diagnostics: Diagnostic[],
  findShipped: (name: string) => string | undefined = shippedExample,
  shipped: Set<keyof CompileInputs> = new Set(),
): CompileInputs {
  if (flags.config !== undefined || flags.pricing !== undefined || flags.ops !== undefined)
    return readInputs(io, flags, diagnostics);
  const read = (path: string, name = path) => readOrReport(io, path, diagnostics, name);
  const implicit = (file: string) => existsSync(resolve(io.cwd, file));

  let provider: SourceFile | undefined;
  if (implicit("provider.yaml")) {
    io.err("akops: using ./provider.yaml\n");
    provider = read("provider.yaml");
  } else {
    const path = findShipped("provider.yaml");
    if (path === undefined) diagnostics.push(diag("AK384", []));
    else {
      io.err("akops: no --config and no ./provider.yaml: using the shipped examples/provider.yaml\n");
      provider = read(path, "examples/provider.yaml");
      shipped.add("provider");
    }
  }
  const optional = (file: string): SourceFile | undefined => {
    if (!implicit(file)) return undefined;
    io.err(`akops: using ./${file}\n`);
    return read(file);
  };
  const pricing = optional("pricing.akp");
  const ops = optional("ops.yaml");
  return byRole(provider, pricing, ops);
}
