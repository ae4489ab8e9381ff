import { compareDecimal, PLAIN_DECIMAL } from "../decimal-text.js";
import type { PricingModel } from "../model.js";
import { Bc } from "./bc.js";
import { printfDouble, printfLongDouble } from "./c-printf.js";
import type { Order } from "./order.js";
import type { Cost } from "./price.js";

export type Outcome = { kind: "bid"; bid: string } | { kind: "refuse"; reason: string };

/** What the bid is in: uakt per block, or USD-pegged micro units per block. */
export type BidUnit = "uakt" | "usd" | "uakt (legacy)";

/**
 * What the provider parses as a bid (`sdk.NewDecFromStr` on the trimmed stdout): a plain decimal with
 * at most 18 fractional digits, no sign, exponent, `inf` or bare `.5`. It must also be above zero.
 */
export const BID_GRAMMAR = /^[0-9]+(\.[0-9]{1,18})?$/;

/** `bc <<< "a > b"` for non-negative decimal texts. */
const decimalGreater = (a: string, b: string): boolean => compareDecimal(a, b) > 0;

/** The bid as printed, or the reason the provider would reject it (the script's last check). */
export function checkBid(bid: string, precision: number): Outcome {
  if (!BID_GRAMMAR.test(bid))
    return { kind: "refuse", reason: `the bid '${bid}' is not a decimal the provider can read` };
  if (/^[0.]+$/.test(bid))
    return {
      kind: "refuse",
      reason: `the bid rounds to 0 at price_precision ${precision}: the provider rejects a zero bid`,
    };
  return { kind: "bid", bid };
}

/**
 * Bid or refuse, as the generated script does: tenant rules first (list URLs cannot be evaluated
 * offline and are ignored here), then the order's amount and denom, then the rate against the amount,
 * printed with the script's printf rounding, then the provider's grammar and zero check.
 */
export function decide(
  model: PricingModel,
  order: Order,
  owner: string | undefined,
  cost: Pick<Cost, "rateUakt" | "normalized" | "usd">,
): { outcome: Outcome; unit: BidUnit } {
  const denomKind = order.denom === undefined ? "akt" : model.denoms.find((d) => d.denom === order.denom)?.kind;
  const unit: BidUnit = order.format === "legacy" ? "uakt (legacy)" : denomKind === "usd" ? "usd" : "uakt";
  const refuse = (reason: string): Outcome => ({ kind: "refuse", reason });
  const outcome = ((): Outcome => {
    const who = owner ?? "";
    if (model.tenants.deny.includes(who)) return refuse(`owner ${who} is denied`);
    if (model.tenants.allow.length > 0 && !model.tenants.allow.includes(who))
      return refuse(`owner ${who || "(none)"} is not in the allow list`);
    const amount = order.amount ?? "";
    if (order.format !== "legacy") {
      if (!PLAIN_DECIMAL.test(amount))
        return refuse(`invalid order: price.amount: expected a decimal, got '${amount}'`);
      if (denomKind === undefined) return refuse(`denom not supported: ${order.denom}`);
    }
    if (cost.usd.cmp(Bc.int(0)) === 0)
      return refuse("the order costs nothing at these prices: the provider rejects a zero bid");
    if (denomKind === "usd") {
      const norm = printfDouble(cost.normalized.toString(), order.precision);
      if (decimalGreater(norm, amount)) return refuse(`requested rate is too low: min expected ${norm}${order.denom}`);
      return checkBid(printfLongDouble(norm, order.precision), order.precision);
    }
    if (cost.rateUakt === undefined) return refuse("no AKT/USD price");
    const rateUakt = cost.rateUakt.toString();
    if (order.format === "legacy") return checkBid(printfLongDouble(printfLongDouble(rateUakt, order.precision), 0), 0);
    if (decimalGreater(rateUakt, amount)) {
      return refuse(
        `requested rate is too low: min expected ${printfLongDouble(rateUakt, order.precision)}${order.denom}`,
      );
    }
    return checkBid(printfLongDouble(printfLongDouble(rateUakt, order.precision), order.precision), order.precision);
  })();
  return { outcome, unit };
}
