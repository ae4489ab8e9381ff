/**
 * The price components, one row each. Every other list of components is derived from this table:
 * the model's fields, provider.yaml's keys, the reference scripts' TARGET_* variables (`akops
 * migrate`), the DSL's units and storage classes (checker), the `akops price` breakdown, the bid
 * script's bc slots and the defaults. Adding a component means a row here, the DSL grammar (for a
 * keyword component) and the bid script's templates (its bc and jq), nothing else.
 */
interface ComponentRow {
  /** The PricingModel field, and the `{{slot}}` of its price in templates/bc/bid-total.bc.tmpl. */
  readonly field: string;
  /** provider.yaml key (the akash-provider chart's value). */
  readonly key: string;
  /** The reference bid scripts' variable, without `TARGET_` (`TARGET_CPU`, set from `PRICE_TARGET_CPU`). */
  readonly target: string;
  /** The unit the price is per, as the DSL writes it (`cpu 1.60 per thread`). */
  readonly unit: string;
  /** How the order's quantity is summed (evaluate/quantities.ts; the bid script's jq and bc sum it alike). */
  readonly measure: "threads" | "memory" | "storage" | "endpoints" | "ips";
  /**
   * Storage components only: the order's `storage[].class` it prices. The DSL accepts that name
   * and the field (`storage hdd 0.01` = `storage beta1 0.01`).
   */
  readonly storageClass?: string;
  /** The row's name in `akops price` (plural for the counted ones, as printed since the first release). */
  readonly breakdown: string;
  /** USD per unit-month when neither input sets it: price_script_generic.sh's default. */
  readonly default: string;
  /**
   * false when the akash-provider chart does not read the key (the reference prices that class at
   * 0): the Helm values carry it only when an input sets it.
   */
  readonly inChart?: false;
}

export const COMPONENTS = [
  {
    field: "cpu",
    key: "price_target_cpu",
    target: "CPU",
    unit: "thread",
    measure: "threads",
    breakdown: "cpu",
    default: "1.60",
  },
  {
    field: "memory",
    key: "price_target_memory",
    target: "MEMORY",
    unit: "GiB",
    measure: "memory",
    breakdown: "memory",
    default: "0.80",
  },
  {
    field: "ephemeral",
    key: "price_target_hd_ephemeral",
    target: "HD_EPHEMERAL",
    unit: "GiB",
    measure: "storage",
    storageClass: "ephemeral",
    breakdown: "ephemeral",
    default: "0.02",
  },
  {
    field: "hdd",
    key: "price_target_hd_pers_hdd",
    target: "HD_PERS_HDD",
    unit: "GiB",
    measure: "storage",
    storageClass: "beta1",
    breakdown: "hdd",
    default: "0.01",
  },
  {
    field: "ssd",
    key: "price_target_hd_pers_ssd",
    target: "HD_PERS_SSD",
    unit: "GiB",
    measure: "storage",
    storageClass: "beta2",
    breakdown: "ssd",
    default: "0.03",
  },
  {
    field: "nvme",
    key: "price_target_hd_pers_nvme",
    target: "HD_PERS_NVME",
    unit: "GiB",
    measure: "storage",
    storageClass: "beta3",
    breakdown: "nvme",
    default: "0.04",
  },
  {
    field: "ram",
    key: "price_target_hd_ram",
    target: "HD_RAM",
    unit: "GiB",
    measure: "storage",
    storageClass: "ram",
    breakdown: "ram",
    default: "0",
    inChart: false,
  },
  {
    field: "default",
    key: "price_target_hd_default",
    target: "HD_DEFAULT",
    unit: "GiB",
    measure: "storage",
    storageClass: "default",
    breakdown: "default",
    default: "0",
    inChart: false,
  },
  {
    field: "endpoint",
    key: "price_target_endpoint",
    target: "ENDPOINT",
    unit: "endpoint",
    measure: "endpoints",
    breakdown: "endpoints",
    default: "0.05",
  },
  { field: "ip", key: "price_target_ip", target: "IP", unit: "ip", measure: "ips", breakdown: "ips", default: "5" },
] as const satisfies readonly ComponentRow[];

export type ComponentSpec = (typeof COMPONENTS)[number];
/** A PricingModel field that holds a component price. */
export type PriceField = ComponentSpec["field"];
/** Components priced by a statement of their own (`cpu 1.60`); the others are `storage` classes. */
export type KeywordComponent = Exclude<ComponentSpec, { storageClass: string }>["field"];
export type StorageComponent = Extract<ComponentSpec, { storageClass: string }>["field"];
export type BreakdownName = ComponentSpec["breakdown"];

/**
 * GPUs are priced per model, not by one number: provider.yaml's mapping string (`a100=120,*=130`),
 * the reference's flat TARGET_GPU_UNIT (which `akops migrate` turns into `*=price`).
 */
export const GPU_COMPONENT = { key: "price_target_gpu_mappings", target: "GPU_UNIT", breakdown: "gpu" } as const;

/** Every provider.yaml price key, the GPU mapping last. */
export const PRICE_KEYS: readonly string[] = [...COMPONENTS.map((c) => c.key), GPU_COMPONENT.key];

/** The defaults by field. */
export const DEFAULT_PRICES = Object.fromEntries(COMPONENTS.map((c) => [c.field, c.default])) as {
  readonly [F in PriceField]: string;
};

export const STORAGE_COMPONENTS = COMPONENTS.filter(
  (c): c is Extract<ComponentSpec, { storageClass: string }> => "storageClass" in c,
);

/**
 * Storage class names an operator may write, and the field each one prices: the fields first, then
 * the order's class names (this order is the one AK206 lists them in).
 */
export const STORAGE_CLASSES: Readonly<Record<string, StorageComponent>> = Object.fromEntries([
  ...STORAGE_COMPONENTS.map((c) => [c.field, c.field]),
  ...STORAGE_COMPONENTS.filter((c) => c.storageClass !== c.field).map((c) => [c.storageClass, c.field]),
]);

/**
 * The unit each keyword component, and storage, is priced per (optional in the DSL, checked when
 * written). One `storage` statement prices every class, so the storage rows share one unit.
 */
export const UNITS: Readonly<Record<KeywordComponent | "storage", string>> = {
  ...(Object.fromEntries(COMPONENTS.filter((c) => !("storageClass" in c)).map((c) => [c.field, c.unit])) as Record<
    KeywordComponent,
    string
  >),
  storage: STORAGE_COMPONENTS[0]!.unit,
};
