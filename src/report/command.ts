import { resolve } from "node:path";
import { isAktUsd, readCorpus, readDeployedPath, readNewSide } from "../plan/inputs.js";
import { runPlan } from "../plan/plan.js";
import { generateReport } from "./report.js";
import { regenerateCommand } from "../inputs.js";
import { VERSION } from "../version.js";
import { writeFileAtomic } from "../io/fs.js";
import type { Io } from "../io/io.js";
import type { InputFlags } from "../io/read-inputs.js";

export interface ReportFlags extends InputFlags {
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
  const read = readNewSide(io, f);
  if (typeof read === "number") return read;
  const { inputs, side, sources } = read;

  const orders = readCorpus(io, f.orders);
  if (typeof orders === "string") return fail(orders);

  const aktUsd = f.aktUsd ?? io.env.AKOPS_AKT_USD;
  if (aktUsd !== undefined && !isAktUsd(aktUsd)) return fail(`--akt-usd: expected a positive decimal, got '${aktUsd}'`);

  let plan: { against: string; rows: Awaited<ReturnType<typeof runPlan>>["rows"] } | undefined;
  if (f.against !== undefined) {
    const deployed = readDeployedPath(resolve(io.cwd, f.against));
    if (typeof deployed === "string") return fail(`--against ${f.against}: ${deployed}`);
    const pinned = aktUsd ?? side.model.akt.fixed;
    if (pinned === undefined && orders.some((o) => o.denom === "uakt")) {
      return fail(
        "--against with uakt orders needs a pinned AKT/USD price: --akt-usd X, AKOPS_AKT_USD, or 'akt_price fixed' in the pricing file",
      );
    }
    const result = await runPlan({
      deployed,
      next: side.next,
      model: side.model,
      orders,
      ...(pinned !== undefined ? { aktUsd: pinned } : {}),
      ...(io.env.PATH !== undefined ? { path: io.env.PATH } : {}),
    });
    plan = { against: f.against, rows: result.rows };
  }

  const html = await generateReport({
    model: side.model,
    orders,
    ...(aktUsd !== undefined ? { aktUsd } : {}),
    header: {
      version: VERSION,
      inputs: sources.map((s) => s.path),
      regenerate: regenerateCommand(inputs).replace("gen all", "report"),
    },
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
