import { Command, CommanderError } from "commander";
import { visibleLines } from "../diagnostics/render.js";
import { VERSION } from "../version.js";
import { registerCheck } from "./commands/check.js";
import { registerGen } from "./commands/gen.js";
import { registerMigrate } from "./commands/migrate.js";
import { registerPlan } from "./commands/plan.js";
import { registerReport } from "./commands/report.js";
import { registerPrice } from "./commands/price.js";
import { registerVerify } from "./commands/verify.js";
import type { Io } from "../io/io.js";
import type { ExitBox } from "./shared.js";

/**
 * The whole CLI: parses argv, runs one command, returns its exit code (0 ok, 1 diagnostics with an
 * error or a failed check, 2 usage). Never calls process.exit.
 */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const exit: ExitBox = { code: 0 };
  const program = new Command("akops")
    .description("Compile Akash provider pricing and ops artifacts: bid script, Helm values, cron jobs, manifests")
    .version(VERSION, "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(visibleLines(s)) })
    .showHelpAfterError()
    .addHelpText(
      "after",
      `
Examples:
  akops gen all --config provider.yaml --pricing pricing.akp --out provider-repo
  akops price order.json --config provider.yaml
  akops check --config provider.yaml --pricing pricing.akp`,
    );

  registerGen(program, io, exit);
  registerPrice(program, io, exit);
  registerCheck(program, io, exit);
  registerMigrate(program, io, exit);
  registerVerify(program, io, exit);
  registerPlan(program, io, exit);
  registerReport(program, io, exit);

  for (const cmd of program.commands)
    cmd.exitOverride().configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(visibleLines(s)) });

  try {
    await program.parseAsync(argv as string[], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help")
        return 0;
      return 2;
    }
    throw e;
  }
  return exit.code;
}
