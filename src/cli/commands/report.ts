import type { Command } from "commander";
import type { Io } from "../../io/io.js";
import type { ReportFlags } from "../../report/command.js";
import type { ExitBox } from "../shared.js";

export function registerReport(program: Command, io: Io, exit: ExitBox): void {
  program
    .command("report")
    .description(
      "an HTML pricing report (self-contained, charts as inline SVG): prices, GPU ladder, orders, uakt vs AKT/USD, tenants",
    )
    .option("--config <file>", "provider.yaml")
    .option("--pricing <file>", "pricing DSL file")
    .option("--against <deployed>", "also compare with the deployed values' bid script (as akops plan does)")
    .option(
      "--orders <dir|jsonl>",
      "a directory of order JSON files or a JSONL file (default: the shipped examples/orders/)",
    )
    .option(
      "--akt-usd <price>",
      "AKT/USD for uakt numbers (default: $AKOPS_AKT_USD, the DSL's fixed price, else 1.00, said so in the report)",
    )
    .requiredOption("-o, --output <file>", "where to write the HTML file")
    .addHelpText(
      "after",
      "\nExamples:\n  akops report --config provider.yaml --pricing pricing.akp --akt-usd 1.25 -o report.html\n  akops report --config provider.yaml --against deployed.yaml --akt-usd 1.25 -o report.html",
    )
    .action(async (f: ReportFlags) => {
      const { runReport } = await import("../../report/command.js");
      exit.code = await runReport(io, f);
    });
}
