// fast-check generators for orders and pricing models, shared by property tests and the benchmark.
import fc from "fast-check";
import {
  blocksForBlockTime,
  DEFAULT_DENOMS,
  KNOWN_AKT_SOURCES,
  type DecimalText,
  type PricingModel,
  type Priced,
} from "../../src/pricing/model.js";

const decimal = (maxInt: number, maxFrac: number) =>
  fc
    .tuple(
      fc.integer({ min: 0, max: maxInt }),
      fc.integer({ min: 0, max: maxFrac }),
      fc.integer({ min: 0, max: 10 ** maxFrac - 1 }),
    )
    .map(([i, n, f]) => (n === 0 ? String(i) : `${i}.${String(f).padStart(maxFrac, "0").slice(0, n)}`) as DecimalText);

const priced = (maxInt: number, maxFrac: number) =>
  decimal(maxInt, maxFrac).map((value): Priced => ({ value, origin: { source: "default" } }));

const MODELS = ["a100", "h100", "t4", "rtx4090", "h200", "mi300x"];
const OWNERS = ["akash1alice", "akash1bob", "akash1carol", ""];

/** Sizes that often land exactly on a rounding tie of printf("%.12f") (odd multiples of 2^17). */
const bytes = (max: number) =>
  fc.oneof(
    fc.integer({ min: 0, max }),
    fc.integer({ min: 0, max: Math.floor(max / 2 ** 17) }).map((k) => (2 * k + 1) * 2 ** 17),
  );

export const arbModel: fc.Arbitrary<PricingModel> = fc
  .record({
    cpu: priced(20, 3),
    memory: priced(10, 3),
    ephemeral: priced(1, 4),
    hdd: priced(1, 4),
    ssd: priced(1, 4),
    nvme: priced(1, 4),
    ram: fc.oneof(fc.constant({ value: "0" as DecimalText, origin: { source: "default" as const } }), priced(1, 3)),
    default: fc.oneof(fc.constant({ value: "0" as DecimalText, origin: { source: "default" as const } }), priced(1, 3)),
    endpoint: priced(2, 3),
    ip: priced(10, 2),
    gpu: fc.uniqueArray(
      fc.record({
        key: fc.oneof(
          fc.constantFrom(...MODELS, "*"),
          fc.tuple(fc.constantFrom(...MODELS), fc.constantFrom("40Gi", "80Gi", "24Gi")).map(([m, r]) => `${m}.${r}`),
          fc
            .tuple(fc.constantFrom(...MODELS), fc.constantFrom("80Gi", "24Gi"), fc.constantFrom("pcie", "sxm"))
            .map(([m, r, i]) => `${m}.${r}.${i}`),
          fc.tuple(fc.constantFrom(...MODELS), fc.constantFrom("pcie", "sxm")).map(([m, i]) => `${m}.${i}`),
        ),
        price: decimal(3000, 2),
      }),
      { selector: (p) => p.key, maxLength: 6 },
    ),
    unmapped: fc.constantFrom("max" as const, "wildcard" as const),
    floor: fc.option(decimal(50, 2), { nil: undefined }),
    multiplier: fc.option(decimal(2, 2), { nil: undefined }),
    confidential: fc.option(decimal(3, 2), { nil: undefined }),
    blockTime: fc.option(fc.constantFrom("6.174", "6", "5.5"), { nil: undefined }),
    deny: fc.boolean(),
  })
  .map((r): PricingModel => {
    const m: PricingModel = {
      cpu: r.cpu,
      memory: r.memory,
      ephemeral: r.ephemeral,
      hdd: r.hdd,
      ssd: r.ssd,
      nvme: r.nvme,
      ram: r.ram,
      default: r.default,
      endpoint: r.endpoint,
      ip: r.ip,
      gpu: {
        prices: r.gpu.map((g) => ({ ...g, origin: { source: "pricing" } })),
        unmapped: r.unmapped,
        origin: { source: "pricing" },
      },
      akt: { sources: [KNOWN_AKT_SOURCES.diadata!], cacheSeconds: 3600, maxAgeSeconds: 21600 },
      denoms: [...DEFAULT_DENOMS],
      tenants: {
        deny: r.deny ? ["akash1carol"] : [],
        allow: [],
        multipliers: r.multiplier
          ? [{ owner: "akash1alice", factor: r.multiplier, origin: { source: "pricing" } }]
          : [],
      },
    };
    if (r.floor) m.floor = r.floor;
    if (r.confidential) m.confidentialMultiplier = r.confidential;
    if (r.blockTime)
      m.blockTime = { seconds: r.blockTime as DecimalText, blocksPerMonth: blocksForBlockTime(r.blockTime) };
    return m;
  });

const arbGpu = fc.oneof(
  fc.constant({ units: 0, attributes: {} }),
  fc.record({
    units: fc.integer({ min: 0, max: 8 }),
    attributes: fc.record({
      vendor: fc.oneof(
        fc.record({
          nvidia: fc.record(
            {
              // "" and "0" too: the reference leaves out "0", keeps "" (`a100..sxm`), and no model can be "".
              model: fc.constantFrom(...MODELS, ...MODELS, "", "0"),
              ram: fc.option(fc.constantFrom("40Gi", "80Gi", "24Gi", "141Gi", "", "0"), { nil: undefined }),
              interface: fc.option(fc.constantFrom("pcie", "sxm", "sxm4", "", "0"), { nil: undefined }),
            },
            { requiredKeys: ["model"] },
          ),
        }),
        fc.record({
          amd: fc.record(
            {
              model: fc.constantFrom(...MODELS, "0"),
              ram: fc.option(fc.constantFrom("80Gi", "192Gi", ""), { nil: undefined }),
            },
            { requiredKeys: ["model"] },
          ),
        }),
      ),
    }),
  }),
);

export const arbResource = fc.record({
  memory: bytes(2 ** 40),
  cpu: fc.integer({ min: 0, max: 128_000 }),
  gpu: arbGpu,
  storage: fc.array(
    fc.record({
      class: fc.constantFrom("ephemeral", "beta1", "beta2", "beta3", "ram", "default"),
      size: bytes(2 ** 42),
    }),
    { minLength: 0, maxLength: 4 },
  ),
  count: fc.integer({ min: 0, max: 6 }),
  // Now and then a count near 2^53: three of them overflow a double's exact sum.
  endpoint_quantity: fc.oneof(
    { weight: 9, arbitrary: fc.integer({ min: 0, max: 5 }) },
    { weight: 1, arbitrary: fc.constant(2 ** 53 - 1) },
  ),
  ip_lease_quantity: fc.integer({ min: 0, max: 3 }),
});

const USDC = DEFAULT_DENOMS.filter((d) => d.kind === "usd").map((d) => d.denom);

export const arbOrder = fc.record(
  {
    resources: fc.array(arbResource, { minLength: 1, maxLength: 5 }),
    price: fc.record({
      denom: fc.constantFrom("uakt", "uakt", "uact", ...USDC, "uusdt"),
      // Mostly the provider's decimal strings; sometimes a JSON number, as jq prints it or not (1e20).
      amount: fc.oneof(
        { weight: 8, arbitrary: fc.oneof(decimal(2_000_000, 18), fc.constant("1000000.000000000000000000")) },
        { weight: 1, arbitrary: fc.constantFrom<string | number>(1000000, 2.5, 1e20, 1e-7, "1e6", "") },
      ),
    }),
    // Numbers and digit strings (jq -r prints "6" as 6), up to beyond the provider's 18 digits.
    price_precision: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0, max: 9 }) },
      { weight: 1, arbitrary: fc.constantFrom<number | string>(18, 19, 20, "6", "0", "06", "x") },
    ),
    confidential_compute: fc.boolean(),
  },
  { requiredKeys: ["resources", "price"] },
);

/** The order as the provider writes it (compact JSON and a newline), now and then after a UTF-8 BOM. */
export const arbOrderText = fc
  .tuple(arbOrder, fc.integer({ min: 0, max: 19 }))
  .map(([o, n]) => `${(n === 0 ? "\uFEFF" : "") + JSON.stringify(o)}\n`);

export const arbAktUsd = fc
  .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 999_999 }))
  .map(([i, f]) => `${i}.${String(f).padStart(6, "0")}`);
export const arbOwner = fc.constantFrom(...OWNERS);
