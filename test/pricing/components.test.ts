import yaml from "js-yaml";
import { describe, expect, test } from "vitest";
import bcPrelude from "../../templates/bc/bid.bc.tmpl";
import bcTotal from "../../templates/bc/bid-total.bc.tmpl";
import orderJq from "../../templates/jq/order.jq.tmpl";
import { compile } from "../../src/compile.js";
import {
  COMPONENTS,
  GPU_COMPONENT,
  PRICE_KEYS,
  STORAGE_CLASSES,
  STORAGE_COMPONENTS,
  UNITS,
} from "../../src/pricing/components.js";
import { bcFormula } from "../../src/pricing/emit/bash.js";
import { evaluate } from "../../src/pricing/evaluate/evaluate.js";
import { parseOrder } from "../../src/pricing/evaluate/order.js";
import { TEST_VERSION } from "../../src/version.js";
import { resolveTexts } from "./front-end.js";

const GiB = 1073741824;
/** A distinct price per row, so a row wired to another row's field shows. */
const priceOf = (i: number) => `${i + 11}.25`;
const PROVIDER = `${COMPONENTS.map((c, i) => `${c.key}: "${priceOf(i)}"`).join("\n")}\n`;

describe("the component table", () => {
  test("no two rows share a field, key, TARGET_* name, breakdown name or storage class", () => {
    for (const column of ["field", "key", "target", "breakdown"] as const) {
      const values = COMPONENTS.map((c) => c[column]);
      expect(new Set(values).size, column).toBe(values.length);
    }
    expect(new Set(PRICE_KEYS).size).toBe(COMPONENTS.length + 1);
    expect(PRICE_KEYS).toContain(GPU_COMPONENT.key);
    const classes = STORAGE_COMPONENTS.map((c) => c.storageClass);
    expect(new Set(classes).size).toBe(classes.length);
  });

  test("one storage statement prices every class, so the storage rows share one unit", () => {
    expect(new Set(STORAGE_COMPONENTS.map((c) => c.unit))).toEqual(new Set([UNITS.storage]));
  });

  test("the DSL accepts each storage row under its field and under the order's class name", () => {
    for (const c of STORAGE_COMPONENTS) {
      expect(STORAGE_CLASSES[c.field]).toBe(c.field);
      expect(STORAGE_CLASSES[c.storageClass]).toBe(c.field);
    }
  });

  test("each provider.yaml key sets its field, and reaches the Helm values and the bc formula", () => {
    const { result, diagnostics } = resolveTexts(undefined, PROVIDER);
    expect(diagnostics).toEqual([]);
    const model = result!.model;
    const r = compile(
      { provider: { path: "provider.yaml", text: PROVIDER } },
      { version: TEST_VERSION, target: "values" },
    );
    const values = yaml.load(r.files.get("helm/akops-values.yaml")!) as Record<string, unknown>;
    const formula = bcFormula(model);
    COMPONENTS.forEach((c, i) => {
      expect(model[c.field].value, c.field).toBe(priceOf(i));
      expect(model[c.field].origin.path).toBe(c.key);
      expect(values[c.key], c.key).toBe(priceOf(i));
      expect(formula).toContain(` * ${priceOf(i)})`);
    });
  });

  test("each keyword component and storage class of the DSL sets its field", () => {
    const keywords = COMPONENTS.filter((c) => !("storageClass" in c));
    const dsl = [
      ...keywords.map((c) => `${c.field} ${priceOf(COMPONENTS.indexOf(c))} per ${c.unit}`),
      `storage ${STORAGE_COMPONENTS.map((c) => `${c.storageClass} ${priceOf(COMPONENTS.indexOf(c))}`).join(", ")} per ${UNITS.storage}`,
    ].join("\n");
    const { result, diagnostics } = resolveTexts(`${dsl}\n`);
    expect(diagnostics).toEqual([]);
    COMPONENTS.forEach((c, i) =>
      expect(result!.model[c.field]).toMatchObject({ value: priceOf(i), origin: { source: "pricing" } }),
    );
  });

  test("the evaluator measures each row from its own part of the order and prints it under its breakdown name", () => {
    // Quantity n (threads, GiB or a count) for the n-th row.
    const n = (field: string) => COMPONENTS.findIndex((c) => c.field === field) + 1;
    const service = {
      count: 1,
      cpu: 1000 * n("cpu"),
      memory: GiB * n("memory"),
      endpoint_quantity: n("endpoint"),
      ip_lease_quantity: n("ip"),
      storage: STORAGE_COMPONENTS.map((c) => ({ class: c.storageClass, size: GiB * n(c.field) })),
    };
    const parsed = parseOrder(JSON.stringify({ resources: [service], price: { denom: "uakt", amount: "999999999" } }));
    if (!parsed.ok) throw new Error(parsed.reason);
    const model = resolveTexts(undefined, PROVIDER).result!.model;
    const ev = evaluate(model, parsed.order, { aktUsd: "1" });
    expect(ev.components.map((c) => c.name)).toEqual([...COMPONENTS.map((c) => c.breakdown), GPU_COMPONENT.breakdown]);
    COMPONENTS.forEach((c, i) => {
      const row = ev.components[i]!;
      expect(Number(row.quantity), c.breakdown).toBe(i + 1);
      expect(row.price, c.breakdown).toBe(priceOf(i));
    });
  });

  test("the bid script's jq numbers the storage classes in table order, and bc prices each number's sum at its row's price", () => {
    const codes = /\{((?:[a-z0-9_]+: \d+, )*[a-z0-9_]+: \d+)\}\[\.class\]/.exec(orderJq)?.[1];
    expect(codes).toBe(STORAGE_COMPONENTS.map((c, i) => `${c.storageClass}: ${i + 1}`).join(", "));
    STORAGE_COMPONENTS.forEach((c, i) => {
      const sum = new RegExp(`^  if \\(k == ${i + 1}\\) ([a-z]+) = \\1 \\+ b \\* c$`, "m").exec(bcPrelude)?.[1];
      expect(sum, `bc v() has no sum for class ${i + 1}`).toBeDefined();
      const gib = new RegExp(`^([a-z]+) = r\\(${sum}\\)$`, "m").exec(bcTotal)?.[1];
      expect(gib, `bid-total.bc turns ${sum} into GiB`).toBeDefined();
      expect(bcTotal).toContain(`(${gib} * {{${c.field}}})`);
    });
  });
});
