import { describe, expect, test } from "vitest";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { evaluate } from "../../../src/pricing/evaluate/evaluate.js";
import { parseOrder } from "../../../src/pricing/evaluate/order.js";
import { resolvePricing } from "../../../src/pricing/resolve.js";
import { oracleCases, oracleConfig } from "../oracle.js";

const cases = oracleCases();

describe("the TypeScript evaluator reproduces the reference script", () => {
  test("the oracle has cases", () => {
    expect(cases.length).toBeGreaterThan(100);
  });

  test.each(cases.map((c, i) => [i, c] as const))("oracle case %i", (_, c) => {
    const diagnostics: Diagnostic[] = [];
    const resolved = resolvePricing({ provider: oracleConfig(c.config) }, diagnostics);
    expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const parsed = parseOrder(`${JSON.stringify(c.order)}\n`);
    if (!parsed.ok) throw new Error(parsed.reason);
    const ev = evaluate(resolved!.model, parsed.order, { aktUsd: c.akt_usd });
    if (c.exit === 0) expect(ev.outcome).toEqual({ kind: "bid", bid: c.stdout });
    else expect(ev.outcome.kind).toBe("refuse");
  });
});
