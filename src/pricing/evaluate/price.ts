import { COMPONENTS, type ComponentSpec } from "../components.js";
import { lookupGpu } from "../gpu-policy.js";
import { blocksPerMonth, type DecimalText, type PricingModel } from "../model.js";
import { Bc } from "./bc.js";
import type { Quantities } from "./quantities.js";

/** bc's `scale`, as `bc -l` sets it in the reference. */
export const SCALE = 20;

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

/** One component: quantity × price per unit-month = USD per month. */
export interface ComponentCost {
  spec: ComponentSpec;
  quantity: Bc;
  price: Bc;
  usd: Bc;
}

/** The order's cost, every number as bc computes it in the generated script. */
export interface Cost {
  components: ComponentCost[];
  /** GPU lines of the services that ask for GPUs. */
  gpu: GpuLine[];
  gpuTotal: Bc;
  /** Monthly USD before tenant multiplier and floor. */
  base: Bc;
  multiplier?: DecimalText;
  /** The confidential multiplier, when the order asks for confidential compute and one is configured. */
  confidential?: DecimalText;
  /** Monthly USD after them. */
  usd: Bc;
  floorApplied: boolean;
  /** AKT/USD; undefined when none was given (USD-pegged orders need none). */
  akt?: Bc;
  /** uakt per block (when AKT/USD is known). */
  rateUakt?: Bc;
  /** USD-pegged micro units per block. */
  normalized: Bc;
}

/** The tenant's multiplier, or undefined when none applies. */
export function tenantMultiplier(model: PricingModel, owner: string | undefined): DecimalText | undefined {
  if (!owner) return undefined;
  return model.tenants.multipliers.find((m) => m.owner === owner)?.factor;
}

/**
 * Prices the quantities: components, GPUs, tenant multiplier, confidential multiplier, floor, then the
 * per-block rates (in uakt only when AKT/USD is given).
 */
export function price(
  model: PricingModel,
  q: Quantities,
  aktUsd: string | undefined,
  owner: string | undefined,
  confidential = false,
): Cost {
  const gpu: GpuLine[] = [];
  let gpuTotal = Bc.int(0);
  for (const r of q.gpu) {
    const { price, matched } = lookupGpu(model, r.requested);
    const usd = Bc.int(r.count).mul(Bc.int(r.units), SCALE).mul(Bc.parse(price), SCALE);
    gpuTotal = gpuTotal.add(usd);
    if (r.units > 0) {
      const line: GpuLine = {
        service: r.service,
        requested: r.requested,
        price,
        units: r.units,
        count: r.count,
        usd: usd.toPlain(),
      };
      if (matched !== undefined) line.matched = matched;
      gpu.push(line);
    }
  }

  let base = Bc.int(0);
  const components = COMPONENTS.map((spec): ComponentCost => {
    const quantity = q.components[spec.field];
    const p = Bc.parse(model[spec.field].value);
    const usd = quantity.mul(p, SCALE);
    base = base.add(usd);
    return { spec, quantity, price: p, usd };
  });
  base = base.add(gpuTotal);

  const multiplier = tenantMultiplier(model, owner);
  // bc multiplies by k and then by q, both 1 when they do not apply (x * 1 keeps x's digits).
  const conf = confidential ? model.confidentialMultiplier : undefined;
  let usd = base.mul(Bc.parse(multiplier ?? "1"), SCALE).mul(Bc.parse(conf ?? "1"), SCALE);
  let floorApplied = false;
  if (model.floor !== undefined && usd.cmp(Bc.parse(model.floor)) < 0) {
    usd = Bc.parse(model.floor);
    floorApplied = true;
  }

  const blocks = Bc.int(blocksPerMonth(model));
  const normalized = usd.div(blocks, SCALE).mul(Bc.int(1_000_000), SCALE);
  const cost: Cost = { components, gpu, gpuTotal, base, usd, floorApplied, normalized };
  if (aktUsd !== undefined) {
    cost.akt = Bc.parse(aktUsd);
    cost.rateUakt = usd.div(cost.akt, SCALE).mul(Bc.int(1_000_000), SCALE).div(blocks, SCALE);
  }
  if (multiplier !== undefined) cost.multiplier = multiplier;
  if (conf !== undefined) cost.confidential = conf;
  return cost;
}
