import type { Span } from "../diagnostics/diagnostic.js";
import type { PriceField } from "./components.js";

/**
 * The resolved pricing: what provider.yaml and the pricing DSL say together (the DSL wins).
 * Prices are kept as the operator wrote them — validated non-negative decimal strings such as
 * "1.60" — because the bid script hands them to bc as text, and "1.60" and "1.6" must stay exact.
 */
export type DecimalText = string & { readonly __brand: "DecimalText" };

/** Where a setting came from: shown by `akops check` when both inputs set it. */
export interface Origin {
  source: "default" | "provider.yaml" | "pricing";
  span?: Span;
  /** provider.yaml key the value was read from (see components.ts). */
  path?: string;
}

export interface Priced {
  value: DecimalText;
  origin: Origin;
}

export type GpuUnmappedPolicy = "max" | "wildcard";

export interface GpuPrice {
  /** `model`, `model.ram`, `model.ram.interface`, `model.interface` or `*`. */
  key: string;
  price: DecimalText;
  origin: Origin;
}

export interface TenantMultiplier {
  owner: string;
  factor: DecimalText;
  origin: Origin;
}

/**
 * The component prices (one field per row of components.ts: USD per thread-month, per GiB-month, …
 * as the reference's TARGET_* values) and everything else a bid depends on.
 */
export interface PricingModel extends Record<PriceField, Priced> {
  gpu: {
    /** Source order; keys are unique after checking. */
    prices: GpuPrice[];
    /** `max`: unmapped models cost the highest mapped price, floored at 100 (reference); `wildcard`: the `*` price. */
    unmapped: GpuUnmappedPolicy;
    origin: Origin;
  };
  akt: {
    /** Price sources tried in order: well-known names (`diadata`, `coingecko`) resolve to URLs + jq paths. */
    sources: AktSource[];
    /** Seconds a fetched price is reused before the next lookup is tried. */
    cacheSeconds: number;
    /** Seconds after which a cached price is refused (when every source fails). */
    maxAgeSeconds: number;
    /** A pinned AKT/USD price: no network at all. */
    fixed?: DecimalText;
  };
  /** Accepted payment denoms (names such as `uakt`, `uact`, `usdc` or raw `ibc/…` denoms). */
  denoms: Denom[];
  /** Monthly minimum in USD: an order priced below it is bid at the floor. */
  floor?: DecimalText;
  tenants: {
    deny: string[];
    /** When non-empty only these owners get a bid. */
    allow: string[];
    multipliers: TenantMultiplier[];
  };
  /** The reference's WHITELIST_URL: a list of owners fetched over HTTP (refreshed every 10 min). */
  whitelistUrl?: string;
  /** What a whitelist that cannot be fetched (none cached) means; absent = `closed` (no bid, as the reference). */
  whitelistOnFailure?: OnFailure;
  /** `deny from "URL"`: owners never bid for, fetched and cached like the whitelist. */
  denyList?: OwnerListUrl;
  /** `confidential multiplier X`: the factor for orders with `confidential_compute: true` (absent = 1). */
  confidentialMultiplier?: DecimalText;
  /** `block_time 6.174s`; absent = the reference's 6.117 s (BLOCKS_PER_MONTH). */
  blockTime?: { seconds: DecimalText; blocksPerMonth: number };
}

/** `open`: a list that cannot be fetched (and none cached) is ignored; `closed`: no bid. */
export type OnFailure = "open" | "closed";

export interface OwnerListUrl {
  url: string;
  onFailure: OnFailure;
}

/** The blocks per month the bid is divided by. */
export function blocksPerMonth(model: Pick<PricingModel, "blockTime">): number {
  return model.blockTime?.blocksPerMonth ?? BLOCKS_PER_MONTH;
}

/** Seconds in the reference's month (30.437 days), in tenths: 2629756.8 s. */
const MONTH_TENTHS_OF_SECONDS = 26297568n;

/**
 * Blocks per month for a block time (plain decimal seconds > 0): the month over the block time,
 * truncated, as 429909 is for 6.117 s. Computed exactly.
 */
export function blocksForBlockTime(seconds: string): number {
  const [int = "0", frac = ""] = seconds.split(".");
  const units = BigInt(int + frac);
  if (units === 0n) throw new Error("internal: block time 0");
  return Number((MONTH_TENTHS_OF_SECONDS * 10n ** BigInt(frac.length)) / (units * 10n));
}

export interface AktSource {
  name: string;
  url: string;
  /** jq path of the price in the response. */
  jqPath: string;
}

export type DenomKind = "akt" | "usd";

export interface Denom {
  /** Denom as it arrives in the order's `price.denom`. */
  denom: string;
  /** `akt`: the bid is in uakt per block; `usd`: USD-pegged micro units per block. */
  kind: DenomKind;
}

export const USDC_SANDBOX = "ibc/12C6A0C374171B595A0A9E18B83FA09D295FB1F2D8C6DAA3AC28683471752D84";
export const USDC_MAINNET = "ibc/170C677610AC31DF0904FFE09CD3B5C657492170E7E52372E48756B71E56F2F1";

/** Denom names the DSL accepts, and the denoms they stand for. */
export const KNOWN_DENOMS: Record<string, Denom[]> = {
  uakt: [{ denom: "uakt", kind: "akt" }],
  uact: [{ denom: "uact", kind: "usd" }],
  usdc: [
    { denom: USDC_SANDBOX, kind: "usd" },
    { denom: USDC_MAINNET, kind: "usd" },
  ],
};

/** The reference accepts these four. */
export const DEFAULT_DENOMS: Denom[] = [...KNOWN_DENOMS.uakt!, ...KNOWN_DENOMS.uact!, ...KNOWN_DENOMS.usdc!];

export const KNOWN_AKT_SOURCES: Record<string, AktSource> = {
  diadata: {
    name: "diadata",
    url: "https://api.diadata.org/v1/assetQuotation/Osmosis/ibc-C2CFB1C37C146CF95B0784FD518F8030FEFC76C5800105B1742FB65FFE65F873",
    jqPath: ".Price",
  },
  coingecko: {
    name: "coingecko",
    url: "https://api.coingecko.com/api/v3/simple/price?ids=akash-network&vs_currencies=usd",
    jqPath: '."akash-network".usd',
  },
};

/** 60 minutes, as the reference caches. */
export const DEFAULT_CACHE_SECONDS = 3600;
/** A price older than this is never used. */
export const DEFAULT_MAX_AGE_SECONDS = 6 * 3600;
/** (60/6.117)*24*60*30.437, the reference's blocks per month. */
export const BLOCKS_PER_MONTH = 429909;

/** The AKT/USD lookup when the pricing file says nothing: the reference's two sources, its cache times. */
export function defaultAkt(): PricingModel["akt"] {
  return {
    sources: [KNOWN_AKT_SOURCES.diadata!, KNOWN_AKT_SOURCES.coingecko!],
    cacheSeconds: DEFAULT_CACHE_SECONDS,
    maxAgeSeconds: DEFAULT_MAX_AGE_SECONDS,
  };
}

/** What one input (provider.yaml or the pricing file) says; absent fields are not set by that input. */
export interface InputSettings {
  prices: Partial<Record<PriceField, Priced>>;
  gpu?: PricingModel["gpu"];
  whitelistUrl?: { value: string; origin: Origin };
}

/** What only the pricing file can say, besides the InputSettings. */
export interface DslSettings extends InputSettings {
  akt: PricingModel["akt"];
  denoms?: Denom[];
  floor?: DecimalText;
  tenants: PricingModel["tenants"];
  whitelistOnFailure?: OnFailure;
  denyList?: OwnerListUrl;
  confidentialMultiplier?: DecimalText;
  blockTime?: PricingModel["blockTime"];
}
