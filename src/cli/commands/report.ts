import type { Command } from "commander";
import { resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { PLAIN_DECIMAL } from "../../pricing/decimal-text.js";
import { newSide, readDeployedPath } from "../../plan/inputs.js";
import { readOrders } from "../../plan/orders.js";
import { runPlan } from "../../plan/plan.js";
import { generateReport } from "../../report/report.js";
import { regenerateCommand } from "../../compile.js";
import { VERSION } from "../../version.js";
import { writeFileAtomic } from "../fs.js";
import type { Io } from "../io.js";
import type { ExitBox } from "../main.js";
import { readInputs, report, type InputFlags } from "../shared.js";
import { shippedExample } from "./gen-all.js";

interface ReportFlags extends InputFlags {
  against?: string;
  orders?: string;
  aktUsd?: string;
  output: string;
}

/** `akops report`: one self-contained HTML page; exit 0, or 1 on errors. */
export async function runReport(io: Io, f: ReportFlags): Promise<number> {
  const fail = (msg: string) => {
    io.err(`akops report: ${msg}\n`);
    return 1;
  };
  const diagnostics: Diagnostic[] = [];
  const inputs = readInputs(io, f, diagnostics);
  if (diagnostics.length > 0) return report(io, diagnostics, []) || 1;
  const side = newSide(inputs, VERSION, diagnostics);
  const sources = [inputs.provider, inputs.pricing].filter((s) => s !== undefined);
  if (!side) return report(io, diagnostics, sources) || 1;
  report(io, diagnostics, sources);

  const ordersPath = f.orders !== undefined ? resolve(io.cwd, f.orders) : shippedExample("orders");
  if (ordersPath === undefined) return fail("no --orders and the shipped examples/orders/ corpus is missing");
  const read = readOrders(ordersPath);
  if (!read.ok) return fail(`orders:\n  ${read.errors.join("\n  ")}`);

  const aktUsd = f.aktUsd ?? io.env.AKOPS_AKT_USD;
  if (aktUsd !== undefined && (!PLAIN_DECIMAL.test(aktUsd) || /^0*(\.0*)?$/.test(aktUsd))) return fail(`--akt-usd: expected a positive decimal, got '${aktUsd}'`);

  let plan: { against: string; rows: Awaited<ReturnType<typeof runPlan>>["rows"] } | undefined;
  if (f.against !== undefined) {
    const deployed = readDeployedPath(resolve(io.cwd, f.against));
    if (typeof deployed === "string") return fail(`--against ${f.against}: ${deployed}`);
    const pinned = aktUsd ?? side.model.akt.fixed;
    if (pinned === undefined && read.orders.some((o) => o.denom === "uakt")) {
      return fail("--against with uakt orders needs a pinned AKT/USD price: --akt-usd X, AKOPS_AKT_USD, or 'akt_price fixed' in the pricing file");
    }
    const result = await runPlan({
      deployed,
      next: side.next,
      model: side.model,
      orders: read.orders,
      ...(pinned !== undefined ? { aktUsd: pinned } : {}),
      ...(io.env.PATH !== undefined ? { path: io.env.PATH } : {}),
    });
    plan = { against: f.against, rows: result.rows };
  }

  const html = await generateReport({
    model: side.model,
    orders: read.orders,
    ...(aktUsd !== undefined ? { aktUsd } : {}),
    header: { version: VERSION, inputs: sources.map((s) => s.path), regenerate: regenerateCommand(inputs).replace("gen all", "report") },
    ...(plan ? { plan } : {}),
  });
  try {
    writeFileAtomic(resolve(io.cwd, f.output), html);
  } catch (e) {
    return fail(`cannot write ${f.output}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  io.out(`wrote ${f.output}\n`);
  return 0;
}

export function registerReport(program: Command, io: Io, exit: ExitBox): void {
  program
    .command("report")
    .description("an HTML pricing report (self-contained, charts as inline SVG): prices, GPU ladder, orders, uakt vs AKT/USD, tenants")
    .option("--config <file>", "provider.yaml")
    .option("--pricing <file>", "pricing DSL file")
    .option("--against <deployed>", "also compare with the deployed values' bid script (as akops plan does)")
    .option("--orders <dir|jsonl>", "a directory of order JSON files or a JSONL file (default: the shipped examples/orders/)")
    .option("--akt-usd <price>", "AKT/USD for uakt numbers (default: $AKOPS_AKT_USD, the DSL's fixed price, else 1.00, said so in the report)")
    .requiredOption("-o, --output <file>", "where to write the HTML file")
    .addHelpText("after", "\nExamples:\n  akops report --config provider.yaml --pricing pricing.akp --akt-usd 1.25 -o report.html\n  akops report --config provider.yaml --against deployed.yaml --akt-usd 1.25 -o report.html")
    .action(async (f: ReportFlags) => {
      exit.code = await runReport(io, f);
    });
}
