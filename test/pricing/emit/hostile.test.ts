import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { evaluate } from "../../../src/pricing/evaluate/evaluate.js";
import { parseOrder } from "../../../src/pricing/evaluate/order.js";
import { DEFAULT_DENOMS, type DecimalText, type PricingModel } from "../../../src/pricing/model.js";
import { runScript, writeScript } from "../script-runner.js";

// Values no checker would let through, straight into the emitter: quoting alone must keep them data.
const marker = join(mkdtempSync(join(tmpdir(), "akops-hostile-")), "pwned");
const evil = `'"$(touch ${marker})\`touch ${marker}\`%s%n\n-x`;

const d = (s: string) => s as DecimalText;
const origin = { source: "pricing" as const };
const model: PricingModel = {
  cpu: { value: d("1.60"), origin },
  memory: { value: d("0.80"), origin },
  ephemeral: { value: d("0.02"), origin },
  hdd: { value: d("0.01"), origin },
  ssd: { value: d("0.03"), origin },
  nvme: { value: d("0.04"), origin },
  ram: { value: d("0"), origin },
  default: { value: d("0"), origin },
  endpoint: { value: d("0.05"), origin },
  ip: { value: d("5"), origin },
  gpu: {
    prices: [
      { key: evil, price: d("120"), origin },
      { key: "t4", price: d("80"), origin },
    ],
    unmapped: "max",
    origin,
  },
  akt: {
    sources: [{ name: evil, url: `http://127.0.0.1:9/${evil}`, jqPath: ".price" }],
    cacheSeconds: 60,
    maxAgeSeconds: 120,
  },
  denoms: [...DEFAULT_DENOMS, { denom: evil, kind: "usd" }],
  tenants: { deny: [evil], allow: [], multipliers: [{ owner: `-${evil}`, factor: d("2"), origin }] },
  whitelistUrl: "",
};

test("hostile strings in every data slot stay data: the script parses, bids, and runs nothing", () => {
  const script = writeScript(model);
  const order = {
    resources: [
      {
        cpu: 1000,
        memory: 1073741824,
        count: 1,
        storage: [{ class: "ephemeral", size: 1073741824 }],
        gpu: { units: 1, attributes: { vendor: { nvidia: { model: "t4" } } } },
      },
    ],
    price: { denom: "uakt", amount: "1000000" },
  };
  const text = `${JSON.stringify(order)}\n`;
  const run = runScript(script, text, { AKOPS_AKT_USD: "1.25", AKASH_OWNER: "akash1someone" });
  const parsed = parseOrder(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  const ev = evaluate(model, parsed.order, { aktUsd: "1.25", owner: "akash1someone" });
  expect(ev.outcome.kind).toBe("bid");
  expect({ stdout: run.stdout, status: run.status }).toEqual({
    stdout: ev.outcome.kind === "bid" ? ev.outcome.bid : "",
    status: 0,
  });
  // The hostile owner is denied by exact match, not by pattern.
  const denied = runScript(script, text, { AKOPS_AKT_USD: "1.25", AKASH_OWNER: evil });
  expect({ stdout: denied.stdout, status: denied.status }).toEqual({ stdout: "", status: 1 });
  expect(existsSync(marker)).toBe(false);
});
