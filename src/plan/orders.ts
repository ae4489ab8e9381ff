import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";

/** One order as the provider writes it to the bid script's stdin (compact JSON, no trailing newline). */
export interface CorpusOrder {
  /** The file name without `.json` and without a trailing `.<denom>` (`web-app` for `web-app.uakt.json`); `FILE:LINE` for JSONL. */
  name: string;
  denom: string;
  text: string;
}

export type OrdersResult = { ok: true; orders: CorpusOrder[] } | { ok: false; errors: string[] };

/** The order as one line: a one-line file is kept byte for byte, a pretty-printed one is compacted. */
function compact(raw: string): string {
  const t = raw.trim();
  return t.includes("\n") ? JSON.stringify(JSON.parse(t)) : t;
}

function denomOf(json: unknown): string | undefined {
  if (Array.isArray(json)) return "uakt"; // the legacy stdin: a bare resources array, always uakt
  if (typeof json !== "object" || json === null) return undefined;
  const price = (json as Record<string, unknown>).price;
  const denom = typeof price === "object" && price !== null ? (price as Record<string, unknown>).denom : undefined;
  return typeof denom === "string" ? denom : undefined;
}

function one(raw: string, where: string, name: (denom: string) => string, errors: string[]): CorpusOrder | undefined {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    errors.push(`${where}: not JSON (${e instanceof Error ? e.message : String(e)})`);
    return undefined;
  }
  const denom = denomOf(json);
  if (denom === undefined) {
    errors.push(`${where}: no price.denom (expected the order JSON the provider writes to the bid script)`);
    return undefined;
  }
  return { name: name(denom), denom, text: compact(raw) };
}

/**
 * Reads the orders to plan against: a directory of `*.json` files (one order each, in name order) or a
 * JSONL file (one order per line). Every error is collected, none is thrown.
 */
export function readOrders(path: string): OrdersResult {
  const errors: string[] = [];
  const orders: CorpusOrder[] = [];
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch (e) {
    return { ok: false, errors: [`${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`] };
  }
  if (isDir) {
    const names = readdirSync(path)
      .filter((n) => n.endsWith(".json"))
      .sort();
    for (const n of names) {
      const stem = n.slice(0, -".json".length);
      const o = one(
        readFileSync(join(path, n), "utf8"),
        n,
        (denom) => (stem.endsWith(`.${denom}`) ? stem.slice(0, -denom.length - 1) : stem),
        errors,
      );
      if (o) orders.push(o);
    }
    if (names.length === 0) errors.push(`${path}: no *.json order files`);
  } else {
    const lines = readFileSync(path, "utf8").split("\n");
    lines.forEach((line, i) => {
      if (line.trim() === "") return;
      const o = one(line, `${basename(path)}:${i + 1}`, () => `${basename(path)}:${i + 1}`, errors);
      if (o) orders.push(o);
    });
    if (orders.length === 0 && errors.length === 0) errors.push(`${path}: no orders`);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, orders };
}
