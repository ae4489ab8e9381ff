import type { DecimalText } from "./model.js";

/**
 * Normalises an operator-written number to the plain decimal text bc reads: `1.60` stays `1.60`,
 * `.5` becomes `0.5`, `1e-05` becomes `0.00001`. Returns undefined for anything else (`1,6`, `-1`, `abc`),
 * and for an exponent form longer than MAX_EXPANDED_DIGITS digits when written out (`1e999999999`).
 */
export function toDecimalText(raw: unknown): DecimalText | undefined {
  let s: string;
  if (typeof raw === "number") {
    if (!Number.isFinite(raw) || raw < 0) return undefined;
    const e = expandExponent(String(raw).replace("e+", "e"));
    if (e === undefined) return undefined;
    s = e;
  } else if (typeof raw === "string") {
    s = raw.trim();
    if (/^\+?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(s)) {
      const e = expandExponent(s.replace(/^\+/, ""));
      if (e === undefined) return undefined;
      s = e;
    }
  } else {
    return undefined;
  }
  const m = /^\+?(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) return undefined;
  const int = (m[1] ?? "").replace(/^0+(?=\d)/, "") || "0";
  const frac = m[2] ?? "";
  return (frac === "" ? int : `${int}.${frac}`) as DecimalText;
}

/**
 * Written out, an exponent form may have at most this many digits (`1e99` has 100); beyond it the
 * value is refused rather than expanded (`1e99999999` would be a 100 MB constant).
 */
export const MAX_EXPANDED_DIGITS = 100;

/** Digits of an exponent form (`1e-05`, `2.5E3`) when written out; undefined when `raw` has no exponent. */
export function expandedDigits(raw: unknown): number | undefined {
  const s = typeof raw === "number" ? String(raw) : typeof raw === "string" ? raw.trim() : "";
  const m = /^\+?(\d*)\.?(\d*)[eE]([+-]?\d+)$/.exec(s);
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  const exp = Number(m[3]);
  const point = (m[1] ?? "").length + exp;
  const digits = (m[1] ?? "").length + (m[2] ?? "").length;
  // An exponent too long for a safe integer is certainly beyond the bound.
  if (!Number.isSafeInteger(exp)) return Infinity;
  return Math.max(point, 1) + Math.max(digits - point, 0);
}

/** `1e-05` → `0.00001`, `2.5e3` → `2500`, exactly (string arithmetic, no float). */
function expandExponent(s: string): string | undefined {
  const m = /^(\d*)\.?(\d*)[eE]([+-]?\d+)$/.exec(s);
  if (!m) return s;
  if ((expandedDigits(s) ?? 0) > MAX_EXPANDED_DIGITS) return undefined;
  const digits = (m[1] ?? "") + (m[2] ?? "");
  let point = (m[1] ?? "").length + Number(m[3]);
  let d = digits;
  if (point <= 0) {
    d = "0".repeat(1 - point) + d;
    point = 1;
  } else if (point > d.length) {
    d = d + "0".repeat(point - d.length);
  }
  const int = d.slice(0, point);
  const frac = d.slice(point).replace(/0+$/, "");
  return frac ? `${int}.${frac}` : int;
}

/** Compares two non-negative decimal texts exactly (no float): -1, 0 or 1. `1.60` equals `1.6`. */
export function compareDecimal(a: string, b: string): number {
  const split = (s: string) => {
    const [int = "", frac = ""] = s.split(".");
    return [int.replace(/^0+/, ""), frac.replace(/0+$/, "")] as const;
  };
  const [ai, af] = split(a);
  const [bi, bf] = split(b);
  if (ai.length !== bi.length) return ai.length < bi.length ? -1 : 1;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const w = Math.max(af.length, bf.length);
  const [x, y] = [af.padEnd(w, "0"), bf.padEnd(w, "0")];
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Plain decimal text as bc and the bid script accept it: digits, optionally `.` and more digits. */
export const PLAIN_DECIMAL = /^[0-9]+(\.[0-9]+)?$/;
