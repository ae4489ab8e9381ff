import { COMPONENTS, type ComponentSpec, type PriceField } from "../components.js";
import { Bc, gibFromBytes } from "./bc.js";
import { jqNumberText, type Order, type OrderResource } from "./order.js";

/** One service's share, for the breakdown. */
export interface ServiceShare {
  service: number;
  count: number;
  cpu: string;
  memoryGiB: string;
  storageGiB: Record<string, string>;
}

/** GPUs one service asks for, before a price is looked up. */
export interface GpuRequest {
  service: number;
  /** The key the order asked for (`model[.ram][.interface]`), as the reference builds it. */
  requested: string;
  units: number;
  count: number;
}

/** What the order asks for, as the formula sees it: threads, GiB (12 decimals), counts. */
export interface Quantities {
  components: Record<PriceField, Bc>;
  gpu: GpuRequest[];
  services: ServiceShare[];
}

/** jq's text for a number (an exponent below 1e-4 is never reached: CPU is whole millicores). */
const jqNumber = jqNumberText;

/** The mapping key the reference builds from an order's GPU attributes: `model[.ram][.interface]`. */
export function gpuKey(vendor: OrderResource["gpuVendor"]): string {
  const first = vendor?.nvidia ?? vendor?.amd ?? undefined;
  const model = first?.model ?? "0";
  // The reference looks ram and interface up under .nvidia only (its jq falls through for .amd).
  const nv = vendor?.nvidia;
  const matchesNv = nv !== undefined && nv !== null && nv.model === model;
  // Only a missing value or "0" is left out: an empty ram makes `a100..sxm`, as the reference's key.
  const ram = matchesNv && nv.ram !== undefined ? nv.ram : "0";
  const iface = matchesNv && nv.interface !== undefined ? nv.interface : "0";
  let key = model;
  if (ram !== "0") key += `.${ram}`;
  if (iface !== "0") key += `.${iface}`;
  return key;
}

/** One component's quantity over every service, summed as the reference's jq sums it. */
function measureComponent(rs: readonly OrderResource[], c: ComponentSpec): Bc {
  const sum = (f: (r: OrderResource) => number) => rs.reduce((a, r) => a + f(r), 0);
  switch (c.measure) {
    case "threads":
      return Bc.parse(jqNumber(sum((r) => r.cpu * r.count) / 1000));
    case "memory":
      return gibFromBytes(BigInt(sum((r) => r.memory * r.count)));
    case "storage":
      return gibFromBytes(
        BigInt(sum((r) => r.storage.reduce((b, s) => b + (s.class === c.storageClass ? s.size : 0), 0) * r.count)),
      );
    // The reference's jq reads `.ip_lease_quantity//0 * .count` as `.ip_lease_quantity // (0 * .count)`:
    // IPs and endpoints are NOT multiplied by count. Kept for byte compatibility (see README).
    case "endpoints":
      return Bc.int(sum((r) => r.endpoints));
    case "ips":
      return Bc.int(sum((r) => r.ips));
  }
}

/** The order's quantities: per component, the GPUs each service asks for, and each service's share. */
export function measure(order: Order): Quantities {
  const rs = order.resources;
  const components = Object.fromEntries(COMPONENTS.map((c) => [c.field, measureComponent(rs, c)])) as Record<
    PriceField,
    Bc
  >;
  const gpu = rs.map(
    (r, i): GpuRequest => ({ service: i, requested: gpuKey(r.gpuVendor), units: r.gpuUnits, count: r.count }),
  );
  const services = rs.map(
    (r, i): ServiceShare => ({
      service: i,
      count: r.count,
      cpu: jqNumber((r.cpu * r.count) / 1000),
      memoryGiB: gibFromBytes(BigInt(r.memory * r.count)).toPlain(),
      storageGiB: Object.fromEntries(r.storage.map((s) => [s.class, gibFromBytes(BigInt(s.size * r.count)).toPlain()])),
    }),
  );
  return { components, gpu, services };
}
