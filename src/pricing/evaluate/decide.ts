import { compareDecimal, PLAIN_DECIMAL } from "../decimal-text.js";
import type { PricingModel } from "../model.js";
import { printfDouble, printfLongDouble } from "./c-printf.js";
import type { Order } from "./order.js";
import type { Cost } from "./price.js";

export type Outcome = { kind: "bid"; bid: string } | { kind: "refuse"; reason: string };

/** What the bid is in: uakt per block, or USD-pegged micro units per block. */
export type BidUnit = "uakt" | "usd" | "uakt (legacy)";

/** `bc <<< "a > b"` for non-negative decimal texts. */
const decimalGreater = (a: string, b: string): boolean => compareDecimal(a, b) > 0;

/**
 * Bid or refuse, as the generated script does: tenant rules first (a whitelist URL cannot be
 * evaluated offline and is ignored here), then the order's amount and denom, then the rate against
 * the amount, printed with the script's printf rounding.
 */
export function decide(model: PricingModel, order: Order, owner: string | undefined, cost: Pick<Cost, "rateUakt" | "normalized">): { outcome: Outcome; unit: BidUnit } {
  const denomKind = order.denom === undefined ? "akt" : model.denoms.find((d) => d.denom === order.denom)?.kind;
  const unit: BidUnit = order.format === "legacy" ? "uakt (legacy)" : denomKind === "usd" ? "usd" : "uakt";
  const refuse = (reason: string): Outcome => ({ kind: "refuse", reason });
  const outcome = ((): Outcome => {
    const who = owner ?? "";
    if (model.tenants.deny.includes(who)) return refuse(`owner ${who} is denied`);
    if (model.tenants.allow.length > 0 && !model.tenants.allow.includes(who)) return refuse(`owner ${who || "(none)"} is not in the allow list`);
    const rateUakt = cost.rateUakt.toString();
    if (order.format === "legacy") {
      return { kind: "bid", bid: printfLongDouble(printfLongDouble(rateUakt, order.precision), 0) };
    }
    const amount = order.amount ?? "";
    if (!PLAIN_DECIMAL.test(amount)) return refuse(`invalid order: price.amount: expected a decimal, got '${amount}'`);
    if (denomKind === undefined) return refuse(`denom not supported: ${order.denom}`);
    if (denomKind === "akt") {
      if (decimalGreater(rateUakt, amount)) {
        return refuse(`requested rate is too low: min expected ${printfLongDouble(rateUakt, order.precision)}${order.denom}`);
      }
      return { kind: "bid", bid: printfLongDouble(printfLongDouble(rateUakt, order.precision), order.precision) };
    }
    const norm = printfDouble(cost.normalized.toString(), order.precision);
    if (decimalGreater(norm, amount)) return refuse(`requested rate is too low: min expected ${norm}${order.denom}`);
    return { kind: "bid", bid: printfLongDouble(norm, order.precision) };
  })();
  return { outcome, unit };
}
