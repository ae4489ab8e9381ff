import type { Span } from "../../diagnostics/diagnostic.js";
import type { KeywordComponent } from "../components.js";

/**
 * The pricing AST. Every node has a span. Parts that error recovery could not find are
 * `undefined` (the parse error has been reported already, so the checker skips them).
 */
export interface Node {
  span: Span;
}

/** A token as written: a name, a number's digits, a string's value (quotes and escapes removed). */
export interface Text extends Node {
  text: string;
}

export interface PricingFile extends Node {
  statements: Statement[];
}

export type Statement =
  | ComponentStatement
  | StorageStatement
  | GpuBlock
  | AktPriceStatement
  | DenomsStatement
  | FloorStatement
  | TenantStatement
  | OwnerListStatement
  | OwnerUrlStatement
  | ConfidentialStatement
  | BlockTimeStatement;

/** A component priced by a statement of its own (the others are storage classes). */
export type Component = KeywordComponent;

/** `cpu 1.60 per thread` */
export interface ComponentStatement extends Node {
  kind: "component";
  component: Component;
  keyword: Text;
  price?: Text;
  unit?: Text;
}

/** `storage ephemeral 0.02, hdd 0.01 per GiB` */
export interface StorageStatement extends Node {
  kind: "storage";
  keyword: Text;
  prices: StoragePrice[];
  unit?: Text;
}

export interface StoragePrice extends Node {
  storageClass?: Text;
  price?: Text;
}

/** `gpu unmapped=max { … }` */
export interface GpuBlock extends Node {
  kind: "gpu";
  keyword: Text;
  policy?: Text;
  entries: GpuEntry[];
}

export interface GpuEntry extends Node {
  key: GpuKey;
  price?: Text;
}

export interface GpuKey extends Node {
  /** `*` or the segments joined by `.`: `a100.80Gi.sxm`. */
  text: string;
  wildcard: boolean;
  segments: Text[];
  /**
   * Mapping strings only: the key exactly as the reference script splits it out of the string
   * (`' t4'` for `a100=120, t4=80`). Set only when it differs from `text`.
   */
  raw?: string;
}

/** provider.yaml's GPU mapping string (`a100=120,*=130`), parsed with the GPU block's key grammar. */
export interface GpuMapping extends Node {
  entries: GpuEntry[];
  /** Commas that follow nothing (`a100=120,,t4=80`, or a leading comma). */
  blankPairs: Span[];
  trailingComma?: Span;
}

/** `akt_price fixed 1.25` or `akt_price from diadata, "URL" path ".price" cache 60m max_age 6h` */
export interface AktPriceStatement extends Node {
  kind: "akt_price";
  keyword: Text;
  fixed?: Text;
  sources: AktSourceNode[];
  settings: AktCacheSetting[];
}

export interface AktSourceNode extends Node {
  /** A well-known source (`diadata`, `coingecko`) … */
  name?: Text;
  /** … or a URL with the jq path of the price in its JSON. */
  url?: Text;
  path?: Text;
}

export interface AktCacheSetting extends Node {
  setting: "cache" | "max_age";
  keyword: Text;
  duration?: Text;
}

/** `denoms uakt, usdc, ibc/…` */
export interface DenomsStatement extends Node {
  kind: "denoms";
  keyword: Text;
  denoms: Text[];
}

/** `floor 0.50` */
export interface FloorStatement extends Node {
  kind: "floor";
  keyword: Text;
  price?: Text;
}

/** `tenant akash1… multiplier 0.8` */
export interface TenantStatement extends Node {
  kind: "tenant";
  keyword: Text;
  owner?: Text;
  multiplier?: Text;
}

/** `deny akash1…, akash1…` and `allow akash1…` */
export interface OwnerListStatement extends Node {
  kind: "deny" | "allow";
  keyword: Text;
  owners: Text[];
}

/**
 * `allow from "https://…"` (provider.yaml's whitelist_url) and `deny from "https://…"`, each with an
 * optional `on_failure open|closed`.
 */
export interface OwnerUrlStatement extends Node {
  kind: "allow_from" | "deny_from";
  keyword: Text;
  url?: Text;
  /** The word after `on_failure`. */
  onFailure?: Text;
}

/** `confidential multiplier 1.5` */
export interface ConfidentialStatement extends Node {
  kind: "confidential";
  keyword: Text;
  multiplier?: Text;
}

/** `block_time 6.174s` (the text keeps its `s`) */
export interface BlockTimeStatement extends Node {
  kind: "block_time";
  keyword: Text;
  time?: Text;
}
