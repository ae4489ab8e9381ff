import type { Command } from "commander";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { InputFlags } from "../../io/read-inputs.js";
import type { Io } from "../../io/io.js";
import { VERSION } from "../../version.js";
import { compilerFor, type ExitBox, report } from "../shared.js";

/**
 * `akops check`: every diagnostic `gen` would give, plus (AK231) each provider.yaml value the
 * pricing file overrides. Nothing is written. Exit 1 on any error.
 */
export function registerCheck(program: Command, io: Io, exit: ExitBox): void {
  program
    .command("check")
    .description("diagnostics only: exit 1 on any error; lists provider.yaml values the pricing file overrides")
    .option("--config <file>", "provider.yaml (the operator's Helm values)")
    .option("--pricing <file>", "pricing DSL file (wins over provider.yaml)")
    .option("--ops <file>", "ops settings (YAML)")
    .addHelpText(
      "after",
      `
Examples:
  akops check --config provider.yaml
  akops check --config provider.yaml --pricing pricing.akp`,
    )
    .action(async (f: InputFlags) => {
      // Without ops settings, only the pricing half is checked (and loaded).
      const target = f.ops ? "all" : "values";
      const [{ readInputs }, compile] = await Promise.all([import("../../io/read-inputs.js"), compilerFor(target)]);
      const diagnostics: Diagnostic[] = [];
      const inputs = readInputs(io, f, diagnostics);
      if (diagnostics.length > 0) {
        exit.code = report(io, diagnostics, []);
        return;
      }
      const result = compile(inputs, { version: VERSION, target });
      const overrides = result.overrides ?? [];
      const all = [...result.diagnostics, ...overrides];
      exit.code = report(io, all, result.sources);
      const errors = all.filter((d) => d.severity === "error").length;
      const summary = `${errors} error${errors === 1 ? "" : "s"}, ${all.length - errors} warning${all.length - errors === 1 ? "" : "s"}`;
      if (exit.code === 0) io.out(`ok: ${result.sources.map((s) => s.path).join(", ") || "defaults"} (${summary})\n`);
      else io.err(`${summary}\n`);
    });
}
