import type { Command } from "commander";
import { compile } from "../../compile.js";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { VERSION } from "../../version.js";
import type { Io } from "../io.js";
import type { ExitBox } from "../main.js";
import { readInputs, report, type InputFlags } from "../shared.js";

export function registerCheck(program: Command, io: Io, exit: ExitBox): void {
  program
    .command("check")
    .description("diagnostics only: exit 1 on any error")
    .option("--config <file>", "provider.yaml")
    .option("--pricing <file>", "pricing DSL file")
    .option("--ops <file>", "ops settings (YAML)")
    .addHelpText("after", "\nExample:\n  akops check --config provider.yaml --pricing pricing.akp")
    .action((f: InputFlags) => {
      const diagnostics: Diagnostic[] = [];
      const inputs = readInputs(io, f, diagnostics);
      if (diagnostics.length > 0) {
        exit.code = report(io, diagnostics, []);
        return;
      }
      const result = compile(inputs, { version: VERSION, target: f.ops ? "all" : "values" });
      exit.code = report(io, result.diagnostics, result.sources);
      if (exit.code === 0) io.out(`ok: ${result.sources.map((s) => s.path).join(", ") || "defaults"}\n`);
    });
}
