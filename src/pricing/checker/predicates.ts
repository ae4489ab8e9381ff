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
