// The TypeScript evaluator over many orders in one process, for bats/bid-contract.bats (one `akops
// price` per order would start node 150 times). One case per stdin line, tab-separated:
//   PROVIDER_YAML  PRICING_AKP_OR_-  AKT_USD_OR_-  ORDER_FILE
// prints one line per case: `bid <decimal>` or `refuse <reason>`. AKT/USD is checked as `akops price`
// checks it (a plain decimal above 0, at most 1000000).
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { LIMITS } from "../../src/pricing/checker/predicates.js";
import { compareDecimal, PLAIN_DECIMAL } from "../../src/pricing/decimal-text.js";
import { evaluate } from "../../src/pricing/evaluate/evaluate.js";
import { parseOrder } from "../../src/pricing/evaluate/order.js";
import type { PricingModel } from "../../src/pricing/model.js";
import { resolvePricing } from "../../src/pricing/resolve.js";

const models = new Map<string, PricingModel>();
function model(provider: string, pricing: string): PricingModel {
  const key = `${provider}\t${pricing}`;
  let m = models.get(key);
  if (!m) {
    const diagnostics: Diagnostic[] = [];
    const read = (path: string) => ({ path, text: readFileSync(path, "utf8") });
    const r = resolvePricing(
      { provider: read(provider), ...(pricing === "-" ? {} : { pricing: read(pricing) }) },
      diagnostics,
    );
    if (!r || diagnostics.some((d) => d.severity === "error"))
      throw new Error(`${key}: ${JSON.stringify(diagnostics)}`);
    m = r.model;
    models.set(key, m);
  }
  return m;
}

for await (const line of createInterface({ input: process.stdin })) {
  if (line === "") continue;
  const [provider = "", pricing = "-", akt = "-", orderFile = ""] = line.split("\t");
  const parsed = parseOrder(readFileSync(orderFile, "utf8"));
  if (!parsed.ok) {
    process.stdout.write(`refuse ${parsed.reason}\n`);
    continue;
  }
  if (
    akt !== "-" &&
    !(PLAIN_DECIMAL.test(akt) && compareDecimal(akt, "0") > 0 && compareDecimal(akt, LIMITS.aktUsd) <= 0)
  ) {
    process.stdout.write(`refuse AKT/USD ${akt} is not a price\n`);
    continue;
  }
  const ev = evaluate(model(provider, pricing), parsed.order, akt === "-" ? {} : { aktUsd: akt });
  process.stdout.write(ev.outcome.kind === "bid" ? `bid ${ev.outcome.bid}\n` : `refuse ${ev.outcome.reason}\n`);
}
