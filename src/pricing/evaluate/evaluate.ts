import { GPU_COMPONENT, type BreakdownName } from "../components.js";
import { blocksPerMonth, type PricingModel } from "../model.js";
import { Bc } from "./bc.js";
import { decide, type BidUnit, type Outcome } from "./decide.js";
import type { Order } from "./order.js";
import { price, SCALE, type GpuLine } from "./price.js";
import { measure, type ServiceShare } from "./quantities.js";

export type { GpuLine } from "./price.js";
export type { Outcome } from "./decide.js";

export interface Component {
  name: BreakdownName | typeof GPU_COMPONENT.breakdown;
  /** Quantity as the formula sees it: threads, GiB (12 decimals), count. */
  quantity: string;
  /** USD per unit-month (for gpu: the GPU lines carry their own prices). */
  price: string;
  usdPerMonth: string;
  /** Share of this component per block in the bid's unit. */
  perBlock: string;
}

export interface ServiceBreakdown extends ServiceShare {
  gpu?: GpuLine;
}

export interface Evaluation {
  outcome: Outcome;
  /** Monthly USD before tenant multiplier and floor, exactly as bc computes it. */
  baseUsdPerMonth: string;
  usdPerMonth: string;
  /** Absent when none was given (a USD-pegged order needs none). */
  aktUsd?: string;
  denom?: string;
  unit: BidUnit;
  components: Component[];
  gpu: GpuLine[];
  services: ServiceBreakdown[];
  multiplier?: string;
  /** The confidential multiplier applied (a `confidential_compute: true` order, `confidential multiplier X`). */
  confidentialMultiplier?: string;
  floorApplied: boolean;
}

/** Everything the script takes from its environment. */
export interface Environment {
  /** AKT/USD, as the cache or AKOPS_AKT_USD gives it; only uakt orders need it. */
  aktUsd?: string;
  /** AKASH_OWNER. */
  owner?: string;
}

/**
 * Prices an order exactly as the generated script does (and, for provider.yaml-only models, as the
 * reference price_script_generic.sh does): the same operands, the same bc arithmetic, the same printf
 * rounding. Three steps: the order's quantities, their price, then bid or refuse.
 */
export function evaluate(model: PricingModel, order: Order, env: Environment): Evaluation {
  const quantities = measure(order);
  const cost = price(model, quantities, env.aktUsd, env.owner, order.confidential);
  const blocks = Bc.int(blocksPerMonth(model));
  const { outcome, unit } = decide(model, order, env.owner, cost);

  const perBlock = (v: Bc) => {
    if (unit === "usd") return v.div(blocks, SCALE).mul(Bc.int(1_000_000), SCALE).toPlain();
    return cost.akt ? v.div(cost.akt, SCALE).mul(Bc.int(1_000_000), SCALE).div(blocks, SCALE).toPlain() : "";
  };
  const components: Component[] = cost.components.map((c) => ({
    name: c.spec.breakdown,
    quantity: c.quantity.toPlain(),
    price: c.price.toPlain(),
    usdPerMonth: c.usd.toPlain(),
    perBlock: perBlock(c.usd),
  }));
  components.push({
    name: GPU_COMPONENT.breakdown,
    quantity: String(cost.gpu.reduce((a, g) => a + g.units * g.count, 0)),
    price: "",
    usdPerMonth: cost.gpuTotal.toPlain(),
    perBlock: perBlock(cost.gpuTotal),
  });
  const gpuOf = new Map(cost.gpu.map((g) => [g.service, g]));
  const services = quantities.services.map((s): ServiceBreakdown => {
    const g = gpuOf.get(s.service);
    return g ? { ...s, gpu: g } : { ...s };
  });

  const ev: Evaluation = {
    outcome,
    baseUsdPerMonth: cost.base.toPlain(),
    usdPerMonth: cost.usd.toPlain(),
    unit,
    components,
    gpu: cost.gpu,
    services,
    floorApplied: cost.floorApplied,
  };
  if (env.aktUsd !== undefined) ev.aktUsd = env.aktUsd;
  if (order.denom !== undefined) ev.denom = order.denom;
  if (cost.confidential !== undefined) ev.confidentialMultiplier = cost.confidential;
  if (cost.multiplier !== undefined) ev.multiplier = cost.multiplier;
  return ev;
}
