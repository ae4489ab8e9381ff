import { compareDecimal } from "../decimal-text.js";
import { KNOWN_DENOMS, type Denom } from "../model.js";

/**
 * What a well-formed value looks like. The checker reports values that fail these; lowering the
 * checked AST (lower.ts) uses them again to skip those values.
 */

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** The longest AKT cache setting: a year (longer ones are refused, AK260, not turned into huge shell numbers). */
export const MAX_DURATION_SECONDS = 366 * 86400;
export const MAX_DURATION_TEXT = "366d";

/** `60m` → 3600; undefined for anything the lexer would not call a duration, and beyond MAX_DURATION_SECONDS. */
export function durationSeconds(text: string): number | undefined {
  const m = /^(\d+)([smhd])$/.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]) * UNIT_SECONDS[m[2]!]!;
  return n <= MAX_DURATION_SECONDS ? n : undefined;
}

/** Bech32 account address as AKASH_OWNER carries it: `akash1` + 32 data + 6 checksum characters. */
export function isOwnerAddress(s: string): boolean {
  return /^akash1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{38}$/.test(s);
}

const IBC_DENOM = /^ibc\/[0-9A-F]{64}$/;

/** A denom name (`usdc`) or raw `ibc/<hash>` → the denoms it accepts; undefined when unknown or malformed. */
export function denomsOf(text: string): Denom[] | undefined {
  const known = Object.hasOwn(KNOWN_DENOMS, text) ? KNOWN_DENOMS[text] : undefined;
  if (known) return known;
  // A raw IBC denom can only be priced if it is a USD stablecoin: there is no price source for anything else.
  return IBC_DENOM.test(text) ? [{ denom: text, kind: "usd" }] : undefined;
}

const HTTP_URL = /^https?:\/\/[^\s"'`\\\u0000-\u001f\u007f-\u009f]+$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** `.price`, `.data[0].usd`, `."akash-network".usd`, `.["x"]`: paths only, no jq programs. */
const JQ_PATH = /^(?:\.(?:[A-Za-z_][A-Za-z0-9_]*|"[^"\\]*")?(?:\[(?:\d+|"[^"\\]*")\])*)+$/;

export function isHttpUrl(s: string): boolean {
  return HTTP_URL.test(s);
}

export function isJqPath(s: string): boolean {
  return JQ_PATH.test(s) && s !== "" && !CONTROL.test(s);
}

/** A C0 control character or DEL: never in a URL the script hands to curl. */
export function controlCharAt(s: string): number {
  return s.search(/[\x00-\x1f\x7f]/);
}

/**
 * Bounds on what the operator writes, so that no configured value can make the script print a
 * number the provider cannot read (an exponent, `inf`, more than 18 fractional digits).
 */
export const LIMITS = {
  /** USD per unit-month (and the floor): a billion is a typo, not a price. */
  price: "1000000000",
  /** A tenant or confidential multiplier. */
  multiplier: "1000",
  /** The AKT/USD price the script accepts (its ak_valid_akt_usd). */
  aktUsd: "1000000",
  /** The provider reads at most 18 fractional digits (sdk.Dec). */
  fractionDigits: 18,
  /** block_time, in seconds. */
  blockTime: { min: "1", max: "60" },
} as const;

/** Digits after the point of a plain decimal text (`-1.250` → 3). */
export function fractionDigits(text: string): number {
  const i = text.indexOf(".");
  return i === -1 ? 0 : text.length - i - 1;
}

/** `6.174s`, `6s`, `1m` → plain decimal seconds; undefined otherwise. */
export function blockTimeSeconds(text: string): string | undefined {
  const frac = /^(\d+\.\d+)s$/.exec(text);
  if (frac) return frac[1];
  const n = durationSeconds(text);
  return n === undefined ? undefined : String(n);
}

/** min ≤ x ≤ max, for non-negative decimal texts. */
export function compareWithin(x: string, min: string, max: string): boolean {
  return compareDecimal(x, min) >= 0 && compareDecimal(x, max) <= 0;
}
