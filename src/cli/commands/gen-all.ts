import { resolve } from "node:path";
import { compile } from "../../compile.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { VERSION } from "../../version.js";
import { modeFor, writeFileAtomic } from "../fs.js";
import type { Io } from "../io.js";
import { readInputs, report, type InputFlags } from "../shared.js";

/** `akops gen all`: compile everything in memory, then write the tree (nothing on any error). */
export async function runGenAll(io: Io, flags: InputFlags & { out: string }): Promise<number> {
  const diagnostics: Diagnostic[] = [];
  const inputs = readInputs(io, flags, diagnostics);
  if (diagnostics.length > 0) return report(io, diagnostics, []);
  const result = compile(inputs, { version: VERSION, target: "all" });
  const code = report(io, result.diagnostics, result.sources);
  if (code !== 0) return code;
  for (const [path, content] of result.files) writeFileAtomic(resolve(io.cwd, flags.out, path), content, modeFor(path));
  return 0;
}
