import { describe, expect, test } from "vitest";
import { parseOrder } from "../../../src/pricing/evaluate/order.js";

const svc = { cpu: 1000, memory: 1073741824, count: 1, storage: [{ class: "ephemeral", size: 1073741824 }] };
const order = (o: object) => JSON.stringify(o);

describe("parseOrder refuses what the script refuses", () => {
  test.each([
    ["not JSON", "{nope", /not JSON/],
    ["empty input", "", /empty input/],
    ["missing resources", order({ price: { denom: "uakt", amount: "1" } }), /missing resources/],
    [
      "negative cpu",
      order({ resources: [{ ...svc, cpu: -1 }], price: { denom: "uakt", amount: "1" } }),
      /resources\[0\]\.cpu: expected a non-negative integer, got -1/,
    ],
    ["a string count", order({ resources: [{ ...svc, count: "2" }], price: { denom: "uakt", amount: "1" } }), /count/],
    ["an empty resources list", order({ resources: [], price: { denom: "uakt", amount: "1" } }), /empty list/],
    ["no price", order({ resources: [svc] }), /price: expected an object/],
    [
      "a precision out of range",
      order({ resources: [svc], price: { denom: "uakt", amount: "1" }, price_precision: 99 }),
      /price_precision/,
    ],
    [
      "a non-string GPU model",
      order({
        resources: [{ ...svc, gpu: { units: 1, attributes: { vendor: { nvidia: { model: 4 } } } } }],
        price: { denom: "uakt", amount: "1" },
      }),
      /model: expected a string/,
    ],
    [
      "totals beyond 2^53",
      order({ resources: [{ ...svc, memory: 2 ** 52, count: 4 }], price: { denom: "uakt", amount: "1" } }),
      /memory: total too large/,
    ],
  ])("%s", (_, text, reason) => {
    const r = parseOrder(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  test("a service without storage is an order with no volumes, not an error", () => {
    const r = parseOrder(
      order({ resources: [{ cpu: 500, memory: 1, count: 1 }], price: { denom: "uakt", amount: "1" } }),
    );
    expect(r.ok && r.order.resources[0]?.storage).toEqual([]);
  });

  test("a bare array is the legacy format (no price, precision 6)", () => {
    const r = parseOrder(order([svc]));
    expect(r.ok && { format: r.order.format, precision: r.order.precision }).toEqual({
      format: "legacy",
      precision: 6,
    });
  });
});
