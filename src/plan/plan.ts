import { compareDecimal } from "../pricing/decimal-text.js";
import { evaluate } from "../pricing/evaluate/evaluate.js";
import { parseOrder } from "../pricing/evaluate/order.js";
import type { PricingModel } from "../pricing/model.js";
import type { CorpusOrder } from "./orders.js";
import type { Deployed } from "./deployed.js";
import { bidOf, createSandbox, placeScript, PROVIDER_TIMEOUT_MS, runScript, type BidResult } from "./run.js";

/** One row of `akops plan --json`. */
export interface PlanRow {
  order: string;
  denom: string;
  /** The deployed script's bid (its trimmed stdout), or null when it made no bid. */
  old: string | null;
  /** The bid of the script `gen` writes now, or null. */
  new: string | null;
  /** (new - old) / old in %, to 2 decimals; null when either side made no bid. */
  change_pct: number | null;
  /** What the new pricing charges for the order in USD per month (the evaluator's number), before any tenant rule. */
  new_usd_per_month: string | null;
}

export interface PlanResult {
  rows: PlanRow[];
  /** Why a side made no bid, per row index. */
  reasons: { old?: string; new?: string }[];
}

export interface PlanOptions {
  deployed: Deployed;
  /** The values `gen values` writes now (script + chart environment). */
  next: Deployed;
  /** The new model, for the USD/month column. */
  model: PricingModel;
  orders: readonly CorpusOrder[];
  /** Pinned AKT/USD (AKOPS_AKT_USD for akops scripts); undefined when no uakt order needs it. */
  aktUsd?: string;
  /** AKASH_OWNER for every order ("" when not given). */
  owner?: string;
  timeoutMs?: number;
  /** How many scripts run at once. */
  jobs?: number;
  /** PATH for the scripts (before the network stubs are put first). */
  path?: string;
}

/** Exact change in percent of two plain decimals, rounded half away from zero to 2 places. */
export function changePct(oldBid: string, newBid: string): number | null {
  const scaled = (s: string) => {
    const [i = "0", f = ""] = s.split(".");
    return BigInt(i + f.padEnd(18, "0"));
  };
  const a = scaled(oldBid);
  const b = scaled(newBid);
  if (a === 0n) return null;
  // (b - a) * 100 / a in hundredths of a percent, rounded half away from zero.
  const num = (b - a) * 10000n;
  const q = num / a;
  const r = num % a;
  const rounded = 2n * (r < 0n ? -r : r) >= a ? q + (num < 0n ? -1n : 1n) : q;
  return Number(rounded) / 100;
}

function usdPerMonth(model: PricingModel, order: CorpusOrder): string | null {
  const parsed = parseOrder(order.text);
  if (!parsed.ok) return null;
  // USD/month does not depend on AKT/USD; "1" only satisfies the evaluator's signature.
  const usd = evaluate(model, parsed.order, { aktUsd: "1" }).baseUsdPerMonth;
  return trimDecimal(usd);
}

/** `12.3400000` → `12.34`, `5.000` → `5`. */
export function trimDecimal(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

async function pool<T>(items: readonly T[], jobs: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, worker));
}

/** The environment one side's script gets for one order, as the provider and the chart give it. */
export function scriptEnv(
  base: Record<string, string>,
  chart: Record<string, string>,
  order: CorpusOrder,
  opts: { aktUsd?: string; owner?: string; cacheDir: string },
) {
  const env: Record<string, string> = {
    ...base,
    ...chart,
    AKASH_OWNER: opts.owner ?? "",
    AKASH_DENOM: order.denom,
    AKOPS_CACHE_DIR: opts.cacheDir,
  };
  if (opts.aktUsd !== undefined) env.AKOPS_AKT_USD = opts.aktUsd;
  return env;
}

/**
 * Runs the deployed script and the new one on every order (each as the provider would: bash, stdin =
 * the order and a newline, the chart's environment, the provider's timeout, no network) and compares
 * the bids.
 */
export async function runPlan(o: PlanOptions): Promise<PlanResult> {
  const sandbox = createSandbox(o.path);
  const timeoutMs = o.timeoutMs ?? PROVIDER_TIMEOUT_MS;
  try {
    const sides = {
      old: {
        script: placeScript(sandbox, "deployed_price_script.sh", o.deployed.script),
        env: o.deployed.env,
        cache: `${sandbox.dir}/home`,
      },
      new: {
        script: placeScript(sandbox, "new_price_script.sh", o.next.script),
        env: o.next.env,
        cache: `${sandbox.dir}/home`,
      },
    };
    const results: { old?: BidResult; new?: BidResult }[] = o.orders.map(() => ({}));
    const tasks = o.orders.flatMap((order, i) => (["old", "new"] as const).map((side) => ({ order, i, side })));
    await pool(tasks, o.jobs ?? 2, async ({ order, i, side }) => {
      const s = sides[side];
      const env = scriptEnv(sandbox.env, s.env, order, {
        ...(o.aktUsd !== undefined ? { aktUsd: o.aktUsd } : {}),
        ...(o.owner !== undefined ? { owner: o.owner } : {}),
        cacheDir: s.cache,
      });
      const run = await runScript(s.script, `${order.text}\n`, env, sandbox.dir, timeoutMs);
      results[i]![side] = bidOf(run, timeoutMs);
    });
    const rows: PlanRow[] = [];
    const reasons: PlanResult["reasons"] = [];
    o.orders.forEach((order, i) => {
      const r = results[i]!;
      const oldBid = r.old!.bid;
      const newBid = r.new!.bid;
      rows.push({
        order: order.name,
        denom: order.denom,
        old: oldBid,
        new: newBid,
        change_pct: oldBid !== null && newBid !== null ? changePct(oldBid, newBid) : null,
        new_usd_per_month: usdPerMonth(o.model, order),
      });
      const why: { old?: string; new?: string } = {};
      if (r.old!.bid === null) why.old = r.old!.reason;
      if (r.new!.bid === null) why.new = r.new!.reason;
      reasons.push(why);
    });
    return { rows, reasons };
  } finally {
    sandbox.dispose();
  }
}

export interface PlanSummary {
  rise: number;
  fall: number;
  same: number;
  becomeRefused: number;
  startBidding: number;
  stillRefused: number;
}

export function summarize(rows: readonly PlanRow[]): PlanSummary {
  const s: PlanSummary = { rise: 0, fall: 0, same: 0, becomeRefused: 0, startBidding: 0, stillRefused: 0 };
  for (const r of rows) {
    if (r.old === null && r.new === null) s.stillRefused++;
    else if (r.old === null) s.startBidding++;
    else if (r.new === null) s.becomeRefused++;
    else {
      const c = compareDecimal(r.old, r.new);
      if (c < 0) s.rise++;
      else if (c > 0) s.fall++;
      else s.same++;
    }
  }
  return s;
}

/** True when any bid changes value, or a side starts or stops bidding. */
export function anyChange(rows: readonly PlanRow[]): boolean {
  const s = summarize(rows);
  return s.rise + s.fall + s.becomeRefused + s.startBidding > 0;
}
