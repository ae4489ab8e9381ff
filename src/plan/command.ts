import { resolve } from "node:path";
import { isAktUsd, readCorpus, readDeployedPath, readNewSide } from "./inputs.js";
import { anyChange, runPlan, summarize, type PlanResult } from "./plan.js";
import type { Io } from "../io/io.js";
import type { InputFlags } from "../io/read-inputs.js";

export interface PlanFlags extends InputFlags {
  against: string;
  orders?: string;
  aktUsd?: string;
  owner?: string;
  json?: boolean;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? "").length), 0));
  return `${rows
    .map((r) =>
      r
        .map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

const pct = (c: number | null) => (c === null ? "" : `${c > 0 ? "+" : ""}${c.toFixed(2)}%`);

/** The human-readable plan: one row per order and denom, why a side made no bid, a summary. */
export function formatPlan(result: PlanResult): string {
  const rows = [["order", "denom", "old", "new", "change", "new USD/month"]];
  for (const r of result.rows) {
    const denom = r.denom.startsWith("ibc/") ? `${r.denom.slice(0, 10)}…` : r.denom;
    rows.push([
      r.order,
      denom,
      r.old ?? "no bid",
      r.new ?? "no bid",
      pct(r.change_pct),
      r.new_usd_per_month === null ? "" : Number(r.new_usd_per_month).toFixed(2),
    ]);
  }
  let out = table(rows);
  const notes = result.rows.flatMap((r, i) => {
    const why = result.reasons[i]!;
    return [
      ...(why.old !== undefined ? [`  ${r.order} ${r.denom}: old: ${why.old}`] : []),
      ...(why.new !== undefined ? [`  ${r.order} ${r.denom}: new: ${why.new}`] : []),
    ];
  });
  if (notes.length > 0) out += `\nno bid:\n${notes.join("\n")}\n`;
  const s = summarize(result.rows);
  out += `\n${result.rows.length} ${result.rows.length === 1 ? "bid" : "bids"}: ${s.rise} rise, ${s.fall} fall, ${s.same} unchanged, ${s.becomeRefused} become refused, ${s.startBidding} start bidding`;
  out += s.stillRefused > 0 ? `, ${s.stillRefused} refused by both\n` : "\n";
  return out;
}

/** `akops plan`: 0 when no bid changes, 2 when one does (like diff), 1 on errors. */
export async function runPlanCommand(io: Io, f: PlanFlags): Promise<number> {
  const fail = (msg: string) => {
    io.err(`akops plan: ${msg}\n`);
    return 1;
  };
  const deployed = readDeployedPath(resolve(io.cwd, f.against));
  if (typeof deployed === "string") return fail(`--against ${f.against}: ${deployed}`);

  const orders = readCorpus(io, f.orders);
  if (typeof orders === "string") return fail(orders);

  const read = readNewSide(io, f);
  if (typeof read === "number") return read;
  const { side } = read;

  const aktUsd = f.aktUsd ?? io.env.AKOPS_AKT_USD ?? side.model.akt.fixed;
  if (aktUsd !== undefined && !isAktUsd(aktUsd)) return fail(`--akt-usd: expected a positive decimal, got '${aktUsd}'`);
  if (aktUsd === undefined && orders.some((o) => o.denom === "uakt")) {
    return fail(
      "uakt orders need a pinned AKT/USD price: --akt-usd X, AKOPS_AKT_USD, or 'akt_price fixed' in the pricing file",
    );
  }
  const owner = f.owner ?? io.env.AKASH_OWNER;
  const result = await runPlan({
    deployed,
    next: side.next,
    model: side.model,
    orders,
    ...(aktUsd !== undefined ? { aktUsd } : {}),
    ...(owner !== undefined ? { owner } : {}),
    ...(io.env.PATH !== undefined ? { path: io.env.PATH } : {}),
  });
  if (f.json) io.out(`${JSON.stringify(result.rows, null, 2)}\n`);
  else {
    io.out(
      `old: the bidpricescript of ${f.against}; new: the script akops gen writes now. Both run with bash, the chart's environment, AKT/USD ${aktUsd ?? "(not pinned)"}, no network.\n\n`,
    );
    io.out(formatPlan(result));
  }
  return anyChange(result.rows) ? 2 : 0;
}
