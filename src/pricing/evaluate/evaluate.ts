import { maxPolicyPrice } from "../checker/check.js";
import { compareDecimal, PLAIN_DECIMAL } from "../decimal-text.js";
import { BLOCKS_PER_MONTH, type DecimalText, type PricingModel } from "../model.js";
import { Bc, gibFromBytes } from "./bc.js";
import { printfDouble, printfLongDouble } from "./c-printf.js";
import type { Order, OrderResource } from "./order.js";

/** bc's `scale`, as `bc -l` sets it in the reference. */
const SCALE = 20;

export interface GpuLine {
  service: number;
  /** The key the order asked for (`model[.ram][.interface]`), as the reference builds it. */
  requested: string;
  /** The mapping key that priced it, or undefined when the unmapped price applied. */
  matched?: string;
  price: string;
  units: number;
  count: number;
  usd: string;
}

export interface Component {
  name: "cpu" | "memory" | "ephemeral" | "hdd" | "ssd" | "nvme" | "endpoints" | "ips" | "gpu";
  /** Quantity as the formula sees it: threads, GiB (12 decimals), count. */
  quantity: string;
  /** USD per unit-month (for gpu: the GPU lines carry their own prices). */
  price: string;
  usdPerMonth: string;
  /** Share of this component per block in the bid's unit. */
  perBlock: string;
}

export interface ServiceBreakdown {
  service: number;
  count: number;
  cpu: string;
  memoryGiB: string;
  storageGiB: Record<string, string>;
  gpu?: GpuLine;
}

export type Outcome =
  | { kind: "bid"; bid: string }
  | { kind: "refuse"; reason: string };

export interface Evaluation {
  outcome: Outcome;
  /** Monthly USD before tenant multiplier and floor, exactly as bc computes it. */
  baseUsdPerMonth: string;
  usdPerMonth: string;
  aktUsd: string;
  denom?: string;
  unit: "uakt" | "usd" | "uakt (legacy)";
  components: Component[];
  gpu: GpuLine[];
  services: ServiceBreakdown[];
  multiplier?: string;
  floorApplied: boolean;
}

/** Everything the script takes from its environment. */
export interface Environment {
  /** AKT/USD, as the cache or AKOPS_AKT_USD gives it. */
  aktUsd: string;
  /** AKASH_OWNER. */
  owner?: string;
}

const STORAGE_CLASS = { ephemeral: "ephemeral", hdd: "beta1", ssd: "beta2", nvme: "beta3" } as const;

/** jq's text for a number (shortest round-trip digits; exponent below 1e-4 — never reached for bids). */
function jqNumber(n: number): string {
  return String(n);
}

/** The mapping lookup of the reference: exact key, then without its last `.part`, then its first part. */
export function gpuKey(vendor: OrderResource["gpuVendor"]): string {
  const first = vendor?.nvidia ?? vendor?.amd ?? undefined;
  const model = first?.model ?? "0";
  // The reference looks ram and interface up under .nvidia only (its jq falls through for .amd).
  const nv = vendor?.nvidia;
  const matchesNv = nv !== undefined && nv !== null && nv.model === model;
  const ram = matchesNv && nv.ram ? nv.ram : "0";
  const iface = matchesNv && nv.interface ? nv.interface : "0";
  let key = model;
  if (ram !== "0") key += `.${ram}`;
  if (iface !== "0") key += `.${iface}`;
  return key;
}

export function lookupGpu(model: PricingModel, key: string): { price: string; matched?: string } {
  const prices = new Map(model.gpu.prices.map((p) => [p.key, p.price as string]));
  const parts = key.split(".");
  const candidates = [key, parts.length > 1 ? parts.slice(0, -1).join(".") : key, parts[0] ?? ""];
  for (const c of candidates) {
    const p = prices.get(c);
    if (c !== "" && p !== undefined && p !== "") return { price: p, matched: c };
  }
  return { price: unmappedGpuPrice(model) };
}

/** `max`: the highest mapped price, at least 100 (the reference); `wildcard`: the `*` price. */
export function unmappedGpuPrice(model: PricingModel): string {
  if (model.gpu.unmapped === "wildcard") {
    const star = model.gpu.prices.find((p) => p.key === "*");
    if (star) return star.price;
  }
  return maxPolicyPrice(model.gpu.prices.map((p) => p.price));
}

/** The tenant's multiplier, or undefined when none applies. */
export function tenantMultiplier(model: PricingModel, owner: string | undefined): DecimalText | undefined {
  if (!owner) return undefined;
  return model.tenants.multipliers.find((m) => m.owner === owner)?.factor;
}

/** `bc <<< "a > b"` for non-negative decimal texts. */
const decimalGreater = (a: string, b: string): boolean => compareDecimal(a, b) > 0;

/**
 * Prices an order exactly as the generated script does (and, for provider.yaml-only models, as the
 * reference price_script_generic.sh does): the same operands, the same bc arithmetic, the same printf
 * rounding. Tenant rules (deny/allow) are checked first; a whitelist URL cannot be evaluated offline
 * and is ignored here.
 */
export function evaluate(model: PricingModel, order: Order, env: Environment): Evaluation {
  const refuse = (reason: string): Outcome => ({ kind: "refuse", reason });
  const rs = order.resources;

  const cpuMillis = rs.reduce((a, r) => a + r.cpu * r.count, 0);
  const cpu = Bc.parse(jqNumber(cpuMillis / 1000));
  const memBytes = rs.reduce((a, r) => a + r.memory * r.count, 0);
  const mem = gibFromBytes(BigInt(memBytes));
  const storage = (cls: string) => gibFromBytes(BigInt(rs.reduce((a, r) => a + r.storage.reduce((b, s) => b + (s.class === cls ? s.size : 0), 0) * r.count, 0)));
  const eph = storage(STORAGE_CLASS.ephemeral);
  const hdd = storage(STORAGE_CLASS.hdd);
  const ssd = storage(STORAGE_CLASS.ssd);
  const nvme = storage(STORAGE_CLASS.nvme);
  // The reference's jq reads `.ip_lease_quantity//0 * .count` as `.ip_lease_quantity // (0 * .count)`:
  // IPs and endpoints are NOT multiplied by count. Kept for byte compatibility (see README).
  const ips = Bc.int(rs.reduce((a, r) => a + r.ips, 0));
  const endpoints = Bc.int(rs.reduce((a, r) => a + r.endpoints, 0));

  const gpu: GpuLine[] = [];
  let gpuTotal = Bc.int(0);
  rs.forEach((r, i) => {
    const requested = gpuKey(r.gpuVendor);
    const { price, matched } = lookupGpu(model, requested);
    const usd = Bc.int(r.count).mul(Bc.int(r.gpuUnits), SCALE).mul(Bc.parse(price), SCALE);
    gpuTotal = gpuTotal.add(usd);
    if (r.gpuUnits > 0) {
      const line: GpuLine = { service: i, requested, price, units: r.gpuUnits, count: r.count, usd: usd.toPlain() };
      if (matched !== undefined) line.matched = matched;
      gpu.push(line);
    }
  });

  const P = (k: "cpu" | "memory" | "ephemeral" | "hdd" | "ssd" | "nvme" | "endpoint" | "ip") => Bc.parse(model[k].value);
  const parts: [Component["name"], Bc, Bc][] = [
    ["cpu", cpu, P("cpu")],
    ["memory", mem, P("memory")],
    ["ephemeral", eph, P("ephemeral")],
    ["hdd", hdd, P("hdd")],
    ["ssd", ssd, P("ssd")],
    ["nvme", nvme, P("nvme")],
    ["endpoints", endpoints, P("endpoint")],
    ["ips", ips, P("ip")],
  ];
  let base = Bc.int(0);
  const products: [Component["name"], Bc, Bc, Bc][] = [];
  for (const [name, q, p] of parts) {
    const v = q.mul(p, SCALE);
    products.push([name, q, p, v]);
    base = base.add(v);
  }
  base = base.add(gpuTotal);

  const multiplier = tenantMultiplier(model, env.owner);
  let usd = base.mul(Bc.parse(multiplier ?? "1"), SCALE);
  let floorApplied = false;
  if (model.floor !== undefined && usd.cmp(Bc.parse(model.floor)) < 0) {
    usd = Bc.parse(model.floor);
    floorApplied = true;
  }

  const akt = Bc.parse(env.aktUsd);
  const rateUakt = usd.div(akt, SCALE).mul(Bc.int(1_000_000), SCALE).div(Bc.int(BLOCKS_PER_MONTH), SCALE);
  const rateUsd = usd.div(Bc.int(BLOCKS_PER_MONTH), SCALE);
  const normalized = rateUsd.mul(Bc.int(1_000_000), SCALE);

  const denomKind = order.denom === undefined ? "akt" : model.denoms.find((d) => d.denom === order.denom)?.kind;
  const unit: Evaluation["unit"] = order.format === "legacy" ? "uakt (legacy)" : denomKind === "usd" ? "usd" : "uakt";
  const perBlock = (v: Bc) => {
    const x = unit === "usd" ? v.div(Bc.int(BLOCKS_PER_MONTH), SCALE).mul(Bc.int(1_000_000), SCALE) : v.div(akt, SCALE).mul(Bc.int(1_000_000), SCALE).div(Bc.int(BLOCKS_PER_MONTH), SCALE);
    return x.toPlain();
  };
  const components: Component[] = products.map(([name, q, p, v]) => ({ name, quantity: q.toPlain(), price: p.toPlain(), usdPerMonth: v.toPlain(), perBlock: perBlock(v) }));
  components.push({ name: "gpu", quantity: String(gpu.reduce((a, g) => a + g.units * g.count, 0)), price: "", usdPerMonth: gpuTotal.toPlain(), perBlock: perBlock(gpuTotal) });

  const services: ServiceBreakdown[] = rs.map((r, i) => {
    const sb: ServiceBreakdown = {
      service: i,
      count: r.count,
      cpu: jqNumber((r.cpu * r.count) / 1000),
      memoryGiB: gibFromBytes(BigInt(r.memory * r.count)).toPlain(),
      storageGiB: Object.fromEntries(r.storage.map((s) => [s.class, gibFromBytes(BigInt(s.size * r.count)).toPlain()])),
    };
    const g = gpu.find((x) => x.service === i);
    if (g) sb.gpu = g;
    return sb;
  });

  const outcome = ((): Outcome => {
    const owner = env.owner ?? "";
    if (model.tenants.deny.includes(owner)) return refuse(`owner ${owner} is denied`);
    if (model.tenants.allow.length > 0 && !model.tenants.allow.includes(owner)) return refuse(`owner ${owner || "(none)"} is not in the allow list`);
    if (order.format === "legacy") {
      return { kind: "bid", bid: printfLongDouble(printfLongDouble(rateUakt.toString(), order.precision), 0) };
    }
    const amount = order.amount ?? "";
    if (!PLAIN_DECIMAL.test(amount)) return refuse(`invalid order: price.amount: expected a decimal, got '${amount}'`);
    if (denomKind === undefined) return refuse(`denom not supported: ${order.denom}`);
    if (denomKind === "akt") {
      if (decimalGreater(rateUakt.toString(), amount)) {
        return refuse(`requested rate is too low: min expected ${printfLongDouble(rateUakt.toString(), order.precision)}${order.denom}`);
      }
      return { kind: "bid", bid: printfLongDouble(printfLongDouble(rateUakt.toString(), order.precision), order.precision) };
    }
    const norm = printfDouble(normalized.toString(), order.precision);
    if (decimalGreater(norm, amount)) return refuse(`requested rate is too low: min expected ${norm}${order.denom}`);
    return { kind: "bid", bid: printfLongDouble(norm, order.precision) };
  })();

  const ev: Evaluation = {
    outcome,
    baseUsdPerMonth: base.toPlain(),
    usdPerMonth: usd.toPlain(),
    aktUsd: env.aktUsd,
    unit,
    components,
    gpu,
    services,
    floorApplied,
  };
  if (order.denom !== undefined) ev.denom = order.denom;
  if (multiplier !== undefined) ev.multiplier = multiplier;
  return ev;
}
