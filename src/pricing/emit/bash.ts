import bcPrelude from "../../../templates/bc/bid.bc.tmpl";
import bcTotal from "../../../templates/bc/bid-total.bc.tmpl";
import script from "../../../templates/bash/price-script.sh.tmpl";
import orderCheckJq from "../../../templates/jq/order-check.jq.tmpl";
import orderJq from "../../../templates/jq/order.jq.tmpl";
import { shellHeader, type HeaderInfo } from "../../emit/header.js";
import { heredocBody, shq, shqQuoted, shellInt } from "../../emit/shell-quote.js";
import { fragment, render } from "../../emit/template.js";
import { COMPONENTS } from "../components.js";
import { unmappedGpuPrice } from "../gpu-policy.js";
import { blocksPerMonth, type PricingModel } from "../model.js";

const USAGE = "price_script.sh < order.json   (the provider writes the order on stdin and reads the bid from stdout)";

/**
 * The bc statements that turn the order's quantities into the bid, with the configured prices: one
 * `{{field}}` slot per component (prices are validated decimals, which bc reads as they are).
 */
export function bcFormula(model: PricingModel): string {
  const floor = model.floor === undefined ? "" : `if (u < ${model.floor}) u = ${model.floor}\n`;
  const prices = Object.fromEntries(COMPONENTS.map((c) => [c.field, fragment(model[c.field].value)]));
  return render(
    bcTotal,
    {
      ...prices,
      floor: fragment(floor),
      blocks: shellInt(blocksPerMonth(model)),
    },
    "bid-total.bc",
  );
}

/** GPU prices as the JSON object the script's jq program looks models up in (later keys win, as in bash). */
export function gpuPricesJson(model: PricingModel): string {
  const o: Record<string, string> = {};
  for (const p of model.gpu.prices) o[p.key] = p.price;
  return JSON.stringify(o);
}

/** Emits the bid-price script: data first (all quoted by shq), the fixed logic from the template. */
export function emitBidScript(model: PricingModel, header: HeaderInfo): string {
  const list = (xs: readonly string[]) => fragment(xs.map(shq).join(" "));
  const table = (rows: readonly [string, string][]) =>
    fragment(rows.map(([k, v]) => `  [${shqQuoted(k)}]=${shq(v)}`).join("\n"));
  return render(
    script,
    {
      header: fragment(shellHeader(header, USAGE)),
      gpu_prices: shq(gpuPricesJson(model)),
      gpu_unmapped: shq(unmappedGpuPrice(model)),
      denoms: table(model.denoms.map((d) => [d.denom, d.kind])),
      akt_urls: list(model.akt.sources.map((s) => s.url)),
      akt_paths: list(model.akt.sources.map((s) => s.jqPath)),
      akt_fixed: shq(model.akt.fixed ?? ""),
      akt_cache_seconds: shellInt(model.akt.cacheSeconds),
      akt_max_age_seconds: shellInt(model.akt.maxAgeSeconds),
      whitelist_url: shq(model.whitelistUrl ?? ""),
      whitelist_on_failure: shq(model.whitelistOnFailure ?? "closed"),
      denylist_url: shq(model.denyList?.url ?? ""),
      denylist_on_failure: shq(model.denyList?.onFailure ?? "open"),
      confidential: shq(model.confidentialMultiplier ?? "1"),
      deny: list(model.tenants.deny),
      allow: list(model.tenants.allow),
      multipliers: table(model.tenants.multipliers.map((m) => [m.owner, m.factor])),
      order_jq: heredocBody(orderJq, "JQ"),
      order_check_jq: heredocBody(orderCheckJq, "JQ"),
      bc_prelude: heredocBody(bcPrelude, "BC"),
      bc_total: heredocBody(bcFormula(model), "BC_TOTAL"),
    },
    "price-script.sh",
  );
}
