import { compareDecimal } from "../pricing/decimal-text.js";
import { evaluate, type Component } from "../pricing/evaluate/evaluate.js";
import { unmappedGpuPrice } from "../pricing/gpu-policy.js";
import { parseOrder } from "../pricing/evaluate/order.js";
import type { PricingModel } from "../pricing/model.js";
import type { CorpusOrder } from "../plan/orders.js";
import type { PlanRow } from "../plan/plan.js";

/**
 * The numbers of the pricing report, computed with the evaluator (the script's own arithmetic). Pure:
 * the same model, orders and AKT/USD give the same data.
 */

/** The priced components in the order the bid formula adds them, with what one unit is. */
export const COMPONENT_UNITS: readonly (readonly [
  keyof Pick<PricingModel, "cpu" | "memory" | "ephemeral" | "hdd" | "ssd" | "nvme" | "endpoint" | "ip">,
  string,
])[] = [
  ["cpu", "thread"],
  ["memory", "GiB of memory"],
  ["ephemeral", "GiB of ephemeral storage"],
  ["hdd", "GiB of beta1 (hdd) storage"],
  ["ssd", "GiB of beta2 (ssd) storage"],
  ["nvme", "GiB of beta3 (nvme) storage"],
  ["endpoint", "endpoint"],
  ["ip", "leased IP"],
];

export interface ComponentPrice {
  component: string;
  unit: string;
  price: string;
  source: string;
}

export interface GpuRung {
  key: string;
  price: string;
  kind: "mapped" | "wildcard *" | "unmapped models";
}

export interface OrderMonthly {
  order: string;
  /** Component → USD per month (before tenant multiplier and floor). */
  parts: { component: Component["name"]; usd: string }[];
  total: string;
  /** Total after the floor (no tenant). */
  charged: string;
  floorApplied: boolean;
}

export interface AktPoint {
  order: string;
  aktUsd: string;
  /** uakt per block, as the script prints it; null when the order's max refuses it. */
  bid: string | null;
}

export interface ReportData {
  components: ComponentPrice[];
  gpu: GpuRung[];
  gpuRule: string;
  monthly: OrderMonthly[];
  akt: { current: string; source: string; points: AktPoint[]; factors: readonly number[]; acceptsUakt: boolean };
  tenants: {
    multipliers: { owner: string; factor: string }[];
    deny: string[];
    allow: string[];
    floor?: string;
    whitelistUrl?: string;
  };
  plan?: { against: string; rows: PlanRow[] };
}

/** AKT/USD multiples plotted around the current price. */
export const AKT_FACTORS = [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.8, 2] as const;

/** `x` × a small factor as a plain decimal with 6 places (bc reads it; no float digits leak out). */
export function scaleDecimal(x: string, factor: number): string {
  const [i = "0", f = ""] = x.split(".");
  const micros = BigInt(i + f.padEnd(6, "0").slice(0, 6));
  const scaled = (micros * BigInt(Math.round(factor * 100))) / 100n;
  const s = scaled.toString().padStart(7, "0");
  return `${s.slice(0, -6)}.${s.slice(-6)}`;
}

function sourceOf(o: { source: string; path?: string }): string {
  return o.source === "provider.yaml" && o.path
    ? `provider.yaml ${o.path}`
    : o.source === "pricing"
      ? "pricing file"
      : o.source;
}

export function gpuLadder(model: PricingModel): { rungs: GpuRung[]; rule: string } {
  const rungs: GpuRung[] = model.gpu.prices.map((p) => ({
    key: p.key,
    price: p.price,
    kind: p.key === "*" ? "wildcard *" : "mapped",
  }));
  const unmapped = unmappedGpuPrice(model);
  const star = model.gpu.prices.some((p) => p.key === "*");
  const rule =
    model.gpu.unmapped === "wildcard" && star
      ? `unmapped=wildcard: a model with no key of its own pays the * price (${unmapped})`
      : `unmapped=max: a model with no key of its own pays the highest listed price, at least 100 (${unmapped})${star ? "; the * price is not used" : ""}`;
  rungs.push({ key: "(unmapped model)", price: unmapped, kind: "unmapped models" });
  rungs.sort((a, b) => compareDecimal(b.price, a.price) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { rungs, rule };
}

export interface ReportDataInput {
  model: PricingModel;
  orders: readonly CorpusOrder[];
  aktUsd: string;
  aktSource: string;
  plan?: { against: string; rows: PlanRow[] };
}

export function buildReportData(input: ReportDataInput): ReportData {
  const { model } = input;
  const components = COMPONENT_UNITS.map(([k, unit]) => ({
    component: k,
    unit,
    price: model[k].value as string,
    source: sourceOf(model[k].origin),
  }));
  const { rungs, rule } = gpuLadder(model);

  const seen = new Set<string>();
  const monthly: OrderMonthly[] = [];
  for (const o of input.orders) {
    if (seen.has(o.name)) continue;
    const parsed = parseOrder(o.text);
    if (!parsed.ok) continue;
    seen.add(o.name);
    const ev = evaluate(model, parsed.order, { aktUsd: input.aktUsd });
    monthly.push({
      order: o.name,
      parts: ev.components.map((c) => ({ component: c.name, usd: c.usdPerMonth })),
      total: ev.baseUsdPerMonth,
      charged: ev.usdPerMonth,
      floorApplied: ev.floorApplied,
    });
  }

  const acceptsUakt = model.denoms.some((d) => d.kind === "akt");
  const points: AktPoint[] = [];
  if (acceptsUakt) {
    for (const o of input.orders) {
      if (o.denom !== "uakt") continue;
      const parsed = parseOrder(o.text);
      if (!parsed.ok) continue;
      for (const f of AKT_FACTORS) {
        const aktUsd = scaleDecimal(input.aktUsd, f);
        if (/^0\.0+$/.test(aktUsd)) continue; // a price this small has no bid to draw
        const ev = evaluate(model, parsed.order, { aktUsd });
        points.push({ order: o.name, aktUsd, bid: ev.outcome.kind === "bid" ? ev.outcome.bid : null });
      }
    }
  }

  const tenants: ReportData["tenants"] = {
    multipliers: model.tenants.multipliers.map((m) => ({ owner: m.owner, factor: m.factor })),
    deny: [...model.tenants.deny],
    allow: [...model.tenants.allow],
  };
  if (model.floor !== undefined) tenants.floor = model.floor;
  if (model.whitelistUrl !== undefined) tenants.whitelistUrl = model.whitelistUrl;

  const data: ReportData = {
    components,
    gpu: rungs,
    gpuRule: rule,
    monthly,
    akt: { current: input.aktUsd, source: input.aktSource, points, factors: AKT_FACTORS, acceptsUakt },
    tenants,
  };
  if (input.plan) data.plan = input.plan;
  return data;
}
