// The provider v0.16 order contract in the TypeScript evaluator: confidential_compute, the ram class,
// block_time, USD-pegged orders without AKT/USD, and the provider's bid grammar. The generated script
// is held to the same answers by emit/seven-shapes.test.ts and bats/bid-contract.bats.
import { describe, expect, test } from "vitest";
import { BID_GRAMMAR } from "../../../src/pricing/evaluate/decide.js";
import { evaluate, type Evaluation } from "../../../src/pricing/evaluate/evaluate.js";
import { parseOrder } from "../../../src/pricing/evaluate/order.js";
import { blocksForBlockTime, BLOCKS_PER_MONTH, type PricingModel } from "../../../src/pricing/model.js";
import { resolveTexts } from "../front-end.js";

const GiB = 1073741824;
const svc = { cpu: 1000, memory: GiB, count: 1, storage: [{ class: "ephemeral", size: GiB }] };

function model(pricing?: string, provider?: string): PricingModel {
  const { result, diagnostics } = resolveTexts(pricing, provider);
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return result!.model;
}

/** aktUsd "none": no AKT/USD price at all. */
function run(m: PricingModel, order: unknown, aktUsd = "1.25"): Evaluation {
  const parsed = parseOrder(typeof order === "string" ? order : JSON.stringify(order));
  if (!parsed.ok) throw new Error(parsed.reason);
  return evaluate(m, parsed.order, aktUsd === "none" ? {} : { aktUsd });
}

const bid = (ev: Evaluation) => (ev.outcome.kind === "bid" ? ev.outcome.bid : `refused: ${ev.outcome.reason}`);

describe("confidential multiplier", () => {
  const base = { resources: [svc], price: { denom: "uact", amount: "1000000" }, price_precision: 6 };

  test("a confidential order bids 1.5x the same order without the flag", () => {
    const m = model("confidential multiplier 1.5");
    const plain = run(m, base);
    const conf = run(m, { ...base, confidential_compute: true });
    expect(conf.usdPerMonth).toBe((Number(plain.usdPerMonth) * 1.5).toFixed(conf.usdPerMonth.split(".")[1]!.length));
    expect(conf.confidentialMultiplier).toBe("1.5");
    expect(bid(conf)).toMatch(BID_GRAMMAR);
    expect(bid(conf)).not.toBe(bid(plain));
  });

  test("without the statement, confidential_compute changes nothing", () => {
    const m = model("cpu 1.60");
    expect(bid(run(m, { ...base, confidential_compute: true }))).toBe(bid(run(m, base)));
  });

  test("it is applied before the floor: a floored order stays at the floor", () => {
    const m = model("confidential multiplier 2\nfloor 100");
    expect(run(m, { ...base, confidential_compute: true }).usdPerMonth).toBe("100");
  });
});

describe("the ram storage class", () => {
  const order = {
    resources: [{ ...svc, storage: [{ class: "ram", size: GiB }] }],
    price: { denom: "uact", amount: "1000000" },
  };

  test("unset, a ram volume costs 0, as in the reference", () => {
    expect(run(model(), order).components.find((c) => c.name === "ram")?.usdPerMonth).toBe("0.000000000000");
  });

  test("`storage ram 0.5` prices a 1 GiB ram volume at 0.5 USD a month", () => {
    expect(run(model("storage ram 0.5 per GiB"), order).components.find((c) => c.name === "ram")?.usdPerMonth).toBe(
      "0.5000000000000",
    );
  });

  test("price_target_hd_ram sets it from provider.yaml", () => {
    expect(model(undefined, "price_target_hd_ram: 0.25\n").ram.value).toBe("0.25");
  });
});

describe("the default storage class (SDL `default`)", () => {
  const order = {
    resources: [{ ...svc, storage: [{ class: "default", size: GiB }] }],
    price: { denom: "uact", amount: "1000000" },
  };
  const row = (m: PricingModel, name: string) => run(m, order).components.find((c) => c.name === name)?.usdPerMonth;

  test("unset, a default-class volume costs 0, as in the reference", () => {
    expect(row(model(), "default")).toBe("0.000000000000");
  });

  test("`storage default 0.5` prices a 1 GiB default volume at 0.5 USD a month, and no other class", () => {
    const m = model("storage default 0.5 per GiB");
    expect(row(m, "default")).toBe("0.5000000000000");
    expect(row(m, "ram")).toBe("0.000000000000");
    expect(Number(bid(run(m, order)))).toBeGreaterThan(Number(bid(run(model(), order))));
  });

  test("price_target_hd_default sets it from provider.yaml; the DSL wins over it", () => {
    expect(model(undefined, "price_target_hd_default: 0.25\n").default.value).toBe("0.25");
    expect(model("storage default 0.75", "price_target_hd_default: 0.25\n").default.value).toBe("0.75");
  });
});

describe("block_time", () => {
  test("the default is the reference's 429909 blocks a month (6.117 s)", () => {
    expect(blocksForBlockTime("6.117")).toBe(BLOCKS_PER_MONTH);
    expect(model().blockTime).toBeUndefined();
  });

  test("`block_time 6.174s` spreads the month over fewer blocks, so a block costs more", () => {
    const m = model("block_time 6.174s");
    expect(m.blockTime?.blocksPerMonth).toBe(425940);
    const order = { resources: [svc], price: { denom: "uact", amount: "1000000" } };
    expect(Number(bid(run(m, order)))).toBeGreaterThan(Number(bid(run(model(), order))));
  });
});

describe("USD-pegged orders need no AKT/USD price; uakt orders do", () => {
  test.each(["uact", "ibc/12C6A0C374171B595A0A9E18B83FA09D295FB1F2D8C6DAA3AC28683471752D84"])(
    "%s bids without one",
    (denom) => {
      expect(bid(run(model(), { resources: [svc], price: { denom, amount: "1000000" } }, "none"))).toMatch(BID_GRAMMAR);
    },
  );

  test("uakt is refused without one", () => {
    expect(bid(run(model(), { resources: [svc], price: { denom: "uakt", amount: "1000000" } }, "none"))).toMatch(
      /no AKT\/USD price/,
    );
  });
});

describe("every bid is a decimal the provider accepts, or a refusal", () => {
  test("an order that costs nothing is refused, and says so", () => {
    const ev = run(model("cpu 0\nmemory 0\nstorage ephemeral 0"), {
      resources: [svc],
      price: { denom: "uact", amount: "1000000" },
    });
    expect(bid(ev)).toMatch(/costs nothing/);
  });

  test("price_precision 0 on a tiny order rounds to 0 and is refused", () => {
    const ev = run(model(), {
      resources: [{ ...svc, cpu: 10, memory: 0, storage: [] }],
      price: { denom: "uact", amount: "1000000" },
      price_precision: 0,
    });
    expect(bid(ev)).toMatch(/rounds to 0/);
  });

  test.each([19, 20, "19"])("price_precision %j (beyond the provider's 18 digits) is refused", (p) => {
    expect(
      parseOrder(JSON.stringify({ resources: [svc], price: { denom: "uakt", amount: "1" }, price_precision: p })).ok,
    ).toBe(false);
  });

  test("price_precision 18 bids 18 digits", () => {
    expect(
      bid(run(model(), { resources: [svc], price: { denom: "uact", amount: "1000000" }, price_precision: 18 })),
    ).toMatch(/^\d+\.\d{18}$/);
  });
});

describe("the seven shapes the script and the evaluator disagreed on", () => {
  const gpu = (nvidia: object) => ({ ...svc, gpu: { units: 1, attributes: { vendor: { nvidia } } } });
  const m = () => model("gpu unmapped=wildcard {\n a100 100\n a100.sxm 999\n * 130\n}");

  test("an empty ram builds `a100..sxm`, as the reference: priced at a100, not a100.sxm", () => {
    const ev = run(m(), {
      resources: [gpu({ model: "a100", ram: "", interface: "sxm" })],
      price: { denom: "uact", amount: "1000000" },
    });
    expect(ev.gpu[0]).toMatchObject({ requested: "a100..sxm", matched: "a100" });
  });

  test("an empty model is refused", () => {
    const r = parseOrder(
      JSON.stringify({ resources: [gpu({ model: "" })], price: { denom: "uact", amount: "1000000" } }),
    );
    expect(r.ok ? "ok" : r.reason).toMatch(/model: empty/);
  });

  test("three services of 2^53-1 endpoints are refused (their sum is no exact double)", () => {
    const r = parseOrder(
      JSON.stringify({
        resources: [1, 2, 3].map(() => ({ ...svc, endpoint_quantity: 2 ** 53 - 1 })),
        price: { denom: "uact", amount: "1" },
      }),
    );
    expect(r.ok ? "ok" : r.reason).toMatch(/endpoints: total too large/);
  });

  test('price_precision "6" is read as jq -r prints it: 6', () => {
    const r = parseOrder(
      JSON.stringify({ resources: [svc], price: { denom: "uakt", amount: "1" }, price_precision: "6" }),
    );
    expect(r.ok && r.order.precision).toBe(6);
  });

  test("amount 1e20 as a JSON number is jq's `1e+20`: no decimal, refused", () => {
    expect(bid(run(model(), `{"resources":[${JSON.stringify(svc)}],"price":{"denom":"uakt","amount":1e20}}`))).toMatch(
      /price\.amount/,
    );
  });

  test("a UTF-8 BOM before the order is skipped, as jq does", () => {
    const text = JSON.stringify({ resources: [svc], price: { denom: "uakt", amount: "1000000" } });
    expect(bid(run(model(), `\uFEFF${text}`))).toBe(bid(run(model(), text)));
  });
});
