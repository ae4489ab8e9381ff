import type { Command } from "commander";
import type { Io } from "../../io/io.js";
import type { ExitBox } from "../shared.js";
import type { PlanFlags } from "../../plan/command.js";

export function registerPlan(program: Command, io: Io, exit: ExitBox): void {
  program
    .command("plan")
    .description(
      "run the deployed bid script and the one gen writes now on a corpus of orders; show how each bid changes",
    )
    .requiredOption(
      "--against <deployed>",
      "the deployed values (helm -n akash-services get values akash-provider -o yaml), or an akops tree",
    )
    .option("--config <file>", "provider.yaml (the new values)")
    .option("--pricing <file>", "pricing DSL file")
    .option(
      "--orders <dir|jsonl>",
      "a directory of order JSON files or a JSONL file (default: the shipped examples/orders/)",
    )
    .option(
      "--akt-usd <price>",
      "AKT/USD for every script (default: $AKOPS_AKT_USD, or the DSL's fixed price; needed for uakt orders)",
    )
    .option("--owner <address>", "AKASH_OWNER for every order (default: $AKASH_OWNER, else empty)")
    .option("--json", "rows {order, denom, old, new, change_pct, new_usd_per_month}")
    .addHelpText(
      "after",
      `
Exit codes: 0 no bid changes, 2 a bid changes (like diff), 1 errors. Commander's usage errors
(an unknown option, a missing --against) are also 2: check stderr, or use --json (stdout is empty then).

Examples:
  helm -n akash-services get values akash-provider -o yaml > deployed.yaml
  akops plan --against deployed.yaml --config provider.yaml --pricing pricing.akp --akt-usd 1.25
  akops plan --against provider-repo --config provider.yaml --orders my-orders.jsonl --json`,
    )
    .action(async (f: PlanFlags) => {
      const { runPlanCommand } = await import("../../plan/command.js");
      exit.code = await runPlanCommand(io, f);
    });
}
