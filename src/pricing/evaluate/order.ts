/**
 * The order the provider writes to the bid script's stdin, validated the way the generated script's jq
 * program validates it (same rules, same messages), so `akops price` and the script refuse the same
 * orders. Numbers stay JS numbers: jq 1.6 reads JSON numbers as doubles too.
 */

export interface GpuAttributes {
  vendor?: Record<string, { model?: string; ram?: string; interface?: string } | null> | null;
}

export interface OrderResource {
  cpu: number;
  memory: number;
  count: number;
  storage: { class: string; size: number }[];
  gpuUnits: number;
  gpuVendor: Record<string, { model?: string; ram?: string; interface?: string } | null> | null;
  endpoints: number;
  ips: number;
}

export interface Order {
  /** `price`: the current stdin contract; `legacy`: a bare array of resources (providers before price). */
  format: "price" | "legacy";
  resources: OrderResource[];
  denom?: string;
  amount?: string;
  precision: number;
  /** Top-level `confidential_compute: true` (provider v0.16): the placement needs confidential compute. */
  confidential: boolean;
}

/** The provider reads a bid with at most 18 fractional digits, so no precision above it can be bid. */
export const MAX_PRECISION = 18;

/**
 * jq 1.6's text for a number (its jvp_dtoa_fmt): the shortest digits that round-trip, written with
 * an exponent when the decimal point falls 4 or more places before the first digit, or more than
 * 15 places after the last one (`1e-05`, `1e+20`, `1.5e+17`), else plainly (`0.0001`, `1000000`).
 */
export function jqNumberText(n: number): string {
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  const sign = n < 0 ? "-" : "";
  const [mant = "", expText = "0"] = Math.abs(n).toExponential().split("e");
  const digits = mant.replace(".", "");
  const decpt = Number(expText) + 1;
  if (decpt <= -4 || decpt > digits.length + 15) {
    const e = decpt - 1;
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${body}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  if (decpt <= 0) return `${sign}0.${"0".repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${"0".repeat(decpt - digits.length)}`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

export type OrderResult = { ok: true; order: Order } | { ok: false; reason: string };

const MAX_SAFE = 2 ** 53;

class OrderError extends Error {}

function fail(message: string): never {
  throw new OrderError(`invalid order: ${message}`);
}

function nonNegInt(v: unknown, what: string): number {
  if (typeof v === "number" && v >= 0 && Number.isInteger(v) && v < MAX_SAFE) return v;
  return fail(`${what}: expected a non-negative integer, got ${JSON.stringify(v)}`);
}

function optNonNegInt(v: unknown, what: string): number {
  return v === undefined || v === null ? 0 : nonNegInt(v, what);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function optString(v: unknown, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  return fail(`${what}: expected a string, got ${JSON.stringify(v)}`);
}

function resource(r: unknown, i: number): OrderResource {
  const at = `resources[${i}]`;
  if (!isObject(r)) fail(`${at}: expected an object, got ${JSON.stringify(r)}`);
  const storageRaw = r.storage ?? [];
  if (!Array.isArray(storageRaw)) fail(`${at}.storage: expected a list, got ${JSON.stringify(storageRaw)}`);
  const storage = storageRaw.map((s, j) => {
    if (!isObject(s)) fail(`${at}.storage[${j}]: expected an object, got ${JSON.stringify(s)}`);
    const cls = s.class;
    if (typeof cls !== "string")
      fail(`${at}.storage[${j}].class: expected a string, got ${JSON.stringify(cls ?? null)}`);
    return { class: cls, size: optNonNegInt(s.size, `${at}.storage[${j}].size`) };
  });
  const gpu = r.gpu ?? null;
  if (gpu !== null && !isObject(gpu)) fail(`${at}.gpu: expected an object, got ${JSON.stringify(gpu)}`);
  const attrs = gpu?.attributes ?? null;
  if (attrs !== null && !isObject(attrs))
    fail(`${at}.gpu.attributes: expected an object, got ${JSON.stringify(attrs)}`);
  const vendor = attrs?.vendor ?? null;
  if (vendor !== null && !isObject(vendor))
    fail(`${at}.gpu.attributes.vendor: expected an object, got ${JSON.stringify(vendor)}`);
  // As the script's jq: the first of nvidia/amd that is set names the model; ram and interface are
  // read from nvidia only, when it is that first one. Other vendors are never looked at.
  const gpuVendor: OrderResource["gpuVendor"] = vendor === null ? null : {};
  const first = (["nvidia", "amd"] as const).find((n) => vendor?.[n] !== undefined && vendor?.[n] !== null);
  if (first !== undefined) {
    const v = vendor![first];
    if (!isObject(v)) fail(`${at}.gpu.attributes.vendor.${first}: expected an object, got ${JSON.stringify(v)}`);
    const model = optString(v.model, `${at}.gpu.attributes.vendor.${first}.model`);
    // The reference builds a mapping key from an empty model that no mapping can hold.
    if (model === "") fail(`${at}.gpu.attributes.vendor.${first}.model: empty`);
    const entry: { model?: string; ram?: string; interface?: string } = {};
    if (model !== undefined) entry.model = model;
    if (first === "nvidia" && (model ?? "0") === v.model) {
      const ram = optString(v.ram, `${at}.gpu.attributes.vendor.nvidia.ram`);
      const iface = optString(v.interface, `${at}.gpu.attributes.vendor.nvidia.interface`);
      if (ram !== undefined) entry.ram = ram;
      if (iface !== undefined) entry.interface = iface;
    }
    gpuVendor![first] = entry;
  }
  return {
    cpu: nonNegInt(r.cpu, `${at}.cpu`),
    memory: nonNegInt(r.memory, `${at}.memory`),
    count: nonNegInt(r.count, `${at}.count`),
    storage,
    gpuUnits: optNonNegInt(gpu?.units, `${at}.gpu.units`),
    gpuVendor,
    endpoints: optNonNegInt(r.endpoint_quantity, `${at}.endpoint_quantity`),
    ips: optNonNegInt(r.ip_lease_quantity, `${at}.ip_lease_quantity`),
  };
}

/** jq 1.6 refuses a document nested deeper than this ("Exceeds depth limit for parsing"); so does akops. */
const MAX_DEPTH = 256;

/** The deepest `[`/`{` nesting in JSON text (brackets inside strings skipped), in one pass and no recursion. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

/** Validates an order document (the text on the script's stdin). */
export function parseOrder(text: string): OrderResult {
  try {
    if (text.trim() === "") fail("empty input");
    if (nestingDepth(text) > MAX_DEPTH) fail(`nested deeper than ${MAX_DEPTH} levels (jq's limit)`);
    let doc: unknown;
    try {
      // jq (the script's and the reference's parser) skips a UTF-8 byte order mark.
      doc = JSON.parse(text.startsWith("\uFEFF") ? text.slice(1) : text);
    } catch {
      return { ok: false, reason: "invalid order: not JSON" };
    }
    return { ok: true, order: orderFromJson(doc) };
  } catch (e) {
    if (e instanceof OrderError) return { ok: false, reason: e.message };
    throw e;
  }
}

function orderFromJson(doc: unknown): Order {
  let format: Order["format"];
  let list: unknown;
  let denom: string | undefined;
  let amount: string | undefined;
  let precision = 6;
  let confidential = false;
  if (Array.isArray(doc)) {
    format = "legacy";
    list = doc;
  } else if (isObject(doc)) {
    format = "price";
    if (!("resources" in doc)) fail("missing resources");
    list = doc.resources;
    const price = doc.price;
    if (!isObject(price)) fail(`price: expected an object with denom and amount, got ${JSON.stringify(price ?? null)}`);
    if (typeof price.denom !== "string" || price.denom === "")
      fail(`price.denom: expected a string, got ${JSON.stringify(price.denom ?? null)}`);
    denom = price.denom;
    if (typeof price.amount !== "string" && typeof price.amount !== "number") {
      fail(`price.amount: expected a decimal, got ${JSON.stringify(price.amount ?? null)}`);
    }
    // A number is read as jq prints it (the reference reads `jq -r .price.amount`): `1e+20` is no decimal.
    amount = typeof price.amount === "number" ? jqNumberText(price.amount) : price.amount;
    const p = doc.price_precision;
    // `.price_precision // 6`, as the reference: null and false mean 6; jq -r prints "6" as 6.
    if (p !== undefined && p !== null && p !== false) {
      const n = typeof p === "number" ? p : typeof p === "string" && /^(?:0|[1-9][0-9]?)$/.test(p) ? Number(p) : NaN;
      if (!(Number.isInteger(n) && n >= 0 && n <= MAX_PRECISION)) {
        fail(`price_precision: expected an integer from 0 to ${MAX_PRECISION}, got ${JSON.stringify(p)}`);
      }
      precision = n;
    }
    confidential = doc.confidential_compute === true;
  } else {
    fail(`expected an object with resources, got ${JSON.stringify(doc)}`);
  }
  if (!Array.isArray(list)) fail(`resources: expected a list, got ${JSON.stringify(list ?? null)}`);
  if (hasBoolean(list)) fail("resources: unexpected true/false");
  if (list.length === 0) fail("resources: empty list");
  const resources = list.map(resource);
  const sums: [string, number][] = [
    ["cpu", sum(resources, (r) => r.cpu * r.count)],
    ["memory", sum(resources, (r) => r.memory * r.count)],
    ["storage", sum(resources, (r) => r.storage.reduce((a, s) => a + s.size * r.count, 0))],
    ["gpu units", sum(resources, (r) => r.gpuUnits * r.count)],
    // Not times count (the reference's quirk, see quantities.ts), but summed over the services.
    ["endpoints", sum(resources, (r) => r.endpoints)],
    ["ips", sum(resources, (r) => r.ips)],
  ];
  for (const [what, total] of sums) if (!(total < MAX_SAFE)) fail(`${what}: total too large`);
  const order: Order = { format, resources, precision, confidential };
  if (denom !== undefined) order.denom = denom;
  if (amount !== undefined) order.amount = amount;
  return order;
}

function hasBoolean(v: unknown): boolean {
  if (typeof v === "boolean") return true;
  if (Array.isArray(v)) return v.some(hasBoolean);
  if (isObject(v)) return Object.values(v).some(hasBoolean);
  return false;
}

function sum(rs: OrderResource[], f: (r: OrderResource) => number): number {
  return rs.reduce((a, r) => a + f(r), 0);
}
