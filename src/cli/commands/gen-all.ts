import { resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { InputFlags } from "../../io/read-inputs.js";
import type { Io } from "../../io/io.js";
import { VERSION } from "../../version.js";
import { report } from "../shared.js";

/** `akops gen all`: compile everything in memory, then write the tree (nothing on any error). */
export async function runGenAll(io: Io, flags: InputFlags & { out: string }): Promise<number> {
  const [{ resolveGenAllInputs, shippedExample }, { compileTree }, { writeTree }] = await Promise.all([
    import("../../io/read-inputs.js"),
    import("../../compile-tree.js"),
    import("../../io/write-tree.js"),
  ]);
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
