import fc from "fast-check";
import { expect, test } from "vitest";
import { evaluate } from "../../../src/pricing/evaluate/evaluate.js";
import { parseOrder } from "../../../src/pricing/evaluate/order.js";
import { BID_GRAMMAR } from "../../../src/pricing/evaluate/decide.js";
import { arbAktUsd, arbModel, arbOrderText, arbOwner } from "../arbitraries.js";
import { runScript, writeScript } from "../script-runner.js";

const MODELS = 20;
const ORDERS_PER_MODEL = 50; // 1000 orders in all

test(`the TS evaluator and the generated bash agree on ${MODELS * ORDERS_PER_MODEL} random orders`, () => {
  const models = fc.sample(arbModel, { numRuns: MODELS, seed: 20261125 });
  let compared = 0;
  let bids = 0;
  models.forEach((model, mi) => {
    const script = writeScript(model);
    fc.assert(
      fc.property(arbOrderText, arbAktUsd, arbOwner, (text, aktUsd, owner) => {
        const parsed = parseOrder(text);
        const ev = parsed.ok ? evaluate(model, parsed.order, owner ? { aktUsd, owner } : { aktUsd }) : undefined;
        const run = runScript(script, text, { AKOPS_AKT_USD: aktUsd, ...(owner ? { AKASH_OWNER: owner } : {}) });
        compared++;
        if (ev?.outcome.kind === "bid") {
          bids++;
          expect({ stdout: run.stdout, status: run.status }).toEqual({ stdout: ev.outcome.bid, status: 0 });
          expect(run.stdout).toMatch(BID_GRAMMAR);
        } else {
          expect({ stdout: run.stdout, failed: run.status !== 0 }).toEqual({ stdout: "", failed: true });
        }
      }),
      { numRuns: ORDERS_PER_MODEL, seed: 1000 + mi, endOnFailure: true },
    );
  });
  expect(compared).toBe(MODELS * ORDERS_PER_MODEL);
  // Both outcomes must be exercised, or the property says little.
  expect(bids).toBeGreaterThan(compared / 4);
  expect(bids).toBeLessThan(compared);
}, 600_000);
