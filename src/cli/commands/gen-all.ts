import { resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { CompileInputs, InputLocations } from "../../inputs.js";
import type { InputFlags } from "../../io/read-inputs.js";
import type { Io } from "../../io/io.js";
import { VERSION } from "../../version.js";
import { report } from "../shared.js";

/** `akops gen all`: compile everything in memory, then write the tree (nothing on any error). */
export async function runGenAll(io: Io, flags: InputFlags & { out: string }): Promise<number> {
  const [
    { resolveGenAllInputs, shippedExample },
    { compileTree, previousReport },
    { writeTree },
    { posixRelative },
    { previousFiles },
  ] = await Promise.all([
    import("../../io/read-inputs.js"),
    import("../../compile-tree.js"),
    import("../../io/write-tree.js"),
    import("../../io/fs.js"),
    import("../../package/lock.js"),
  ]);
  const diagnostics: Diagnostic[] = [];
  const shipped = new Set<keyof CompileInputs>();
  const inputs = resolveGenAllInputs(io, flags, diagnostics, shippedExample, shipped);
  if (diagnostics.length > 0) return report(io, diagnostics, []);
  const outDir = resolve(io.cwd, flags.out);
  // The lock locates each input relative to the tree, so `akops verify` finds it from any cwd.
  const inputLocations: InputLocations = {};
  for (const key of ["provider", "pricing", "ops"] as const) {
    const src = inputs[key];
    if (src === undefined) continue;
    inputLocations[key] = shipped.has(key)
      ? { shipped: src.path.replace(/^examples\//, "") }
      : { path: posixRelative(outDir, resolve(io.cwd, src.path)) };
  }
  const result = await compileTree(
    inputs,
    { version: VERSION, target: "all", inputLocations },
    shippedExample("orders"),
    previousReport(outDir),
  );
  const code = report(io, result.diagnostics, result.sources);
  if (code !== 0) return code;
  const written = writeTree(outDir, result.files, { display: flags.out, previous: previousFiles(outDir) });
  const writeCode = report(io, written.diagnostics, []);
  if (writeCode !== 0) return writeCode;
  for (const p of written.removed) io.err(`akops: removed ${p}: no longer generated\n`);
  io.out(`wrote ${result.files.size} files to ${flags.out}\n`);
  return 0;
}
