import type { Command } from "commander";
import { resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diag } from "../../diagnostics/messages.js";
import type { Io } from "../../io/io.js";
import { VERSION } from "../../version.js";
import { type ExitBox, report } from "../shared.js";

/** `akops verify DIR [--installed ROOT]`: exit 0 when everything matches, 1 on drift or error. */
export async function runVerify(
  io: Io,
  dirArg: string,
  flags: { installed?: string; config?: string; pricing?: string; ops?: string },
): Promise<number> {
  const [{ compileTree }, drift, { loadOps }, { shippedExample }] = await Promise.all([
    import("../../compile-tree.js"),
    import("../../package/drift.js"),
    import("../../ops/settings.js"),
    import("../../io/read-inputs.js"),
  ]);
  const dir = resolve(io.cwd, dirArg);
  const lock = drift.readLock(dir, dirArg);
  if ("code" in lock) return report(io, [lock], []);
  const diagnostics: Diagnostic[] = [];
  const explicit = Object.fromEntries(
    (["config", "pricing", "ops"] as const).flatMap((r) => (flags[r] === undefined ? [] : [[r, flags[r]]])),
  );
  const { inputs, echo } = drift.lockInputs(dir, io.cwd, lock, explicit, diagnostics, shippedExample);
  if (lock.generator.version !== VERSION) diagnostics.push(diag("AK393", [lock.generator.version, VERSION]));
  // The lock's version goes into the headers, so that only real changes count as drift.
  // The lock's own locations, so that an unchanged tree regenerates an identical lock.
  const inputLocations = drift.lockLocations(lock);
  const result = await compileTree(
    inputs,
    { version: lock.generator.version, target: "all", inputLocations },
    shippedExample("orders"),
  );
  // Warnings about the inputs themselves are `akops check`'s business; verify reports errors only.
  // Source lines only of the files verify was asked to read (or that are what the lock says they are).
  const code = report(
    io,
    [...diagnostics, ...result.diagnostics.filter((d) => d.severity === "error")],
    result.sources.filter((s) => echo.has(s.path)),
  );
  if (code !== 0) return code;

  const installed = flags.installed !== undefined ? resolve(io.cwd, flags.installed) : undefined;
  const target = installed !== undefined ? { installed, config: loadOps(inputs.ops, []) } : { tree: dir };
  const { expected, findings } = drift.findDrift(target, result.files);
  for (const f of findings) io.out(`${f.kind}: ${f.name}${f.why ? ` (${f.why})` : ""}\n`);
  const count = (k: (typeof findings)[number]["kind"]) => findings.filter((f) => f.kind === k).length;
  const where = installed ? `installed under ${flags.installed}` : `in ${dirArg}`;
  if (findings.length === 0) {
    io.out(`ok: ${expected} files ${where} match the generator\n`);
    return 0;
  }
  io.out(`drift ${where}: ${count("drifted")} drifted, ${count("missing")} missing, ${count("extra")} extra\n`);
  return 1;
}

export function registerVerify(program: Command, io: Io, exit: ExitBox): void {
  program
    .command("verify")
    .description("compare a provider repo (or what install.sh put on a node) with what the lock's inputs generate now")
    .argument("<dir>", "the provider repo (holds akops.lock.json)")
    .option("--installed <root>", "check the files installed under ROOT (/ on a node) instead of the repo")
    .option("--config <file>", "provider.yaml, when it is not where the lock says (relative to the tree)")
    .option("--pricing <file>", "the pricing file, when it is not where the lock says")
    .option("--ops <file>", "ops.yaml, when it is not where the lock says")
    .addHelpText(
      "after",
      "\nExamples:\n  akops verify provider-repo\n  akops verify provider-repo --installed /\n  akops verify /srv/provider-repo --config ~/secrets/provider.yaml",
    )
    .action(async (dir: string, f: { installed?: string; config?: string; pricing?: string; ops?: string }) => {
      exit.code = await runVerify(io, dir, f);
    });
}
