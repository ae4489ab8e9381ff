import { compareDecimal } from "./decimal-text.js";
import type { PricingModel } from "./model.js";

/** What unmapped GPU models cost at least under the `max` policy: the reference's floor. */
export const GPU_MAX_POLICY_FLOOR = "100";

/** The price unmapped models get under `max`: the highest mapped price, floored at 100 (reference). */
export function maxPolicyPrice(prices: readonly string[]): string {
  return prices.reduce((hi, p) => (compareDecimal(p, hi) > 0 ? p : hi), GPU_MAX_POLICY_FLOOR);
}

/** `max`: the highest mapped price, at least 100 (the reference); `wildcard`: the `*` price. */
export function unmappedGpuPrice(model: PricingModel): string {
  if (model.gpu.unmapped === "wildcard") {
    const star = model.gpu.prices.find((p) => p.key === "*");
    if (star) return star.price;
  }
  return maxPolicyPrice(model.gpu.prices.map((p) => p.price));
}

/**
 * The reference's mapping lookup for a requested key (`model[.ram][.interface]`): the exact key,
 * then without its last `.part`, then its first part; else the unmapped price (no `matched`).
 */
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
