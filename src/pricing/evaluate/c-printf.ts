/**
 * Exact emulation of C's `printf("%.*f")` as the reference script meets it:
 * - bash's builtin printf parses its argument with strtold (x87 80-bit: 64-bit significand) and prints
 *   the exact binary value rounded half-to-even;
 * - awk (mawk) parses with strtod (a 53-bit double) and does the same.
 * A value like 2.0000005 is not representable, so which way it rounds depends on the binary value
 * nearest to it — and that differs between the two precisions. No JS toFixed (it rounds ties up).
 */

interface Fraction {
  num: bigint;
  den: bigint;
}

/** Parses plain decimal text (`12.5`, `.5`, `7`) into an exact fraction. */
function decimalFraction(text: string): Fraction {
  const m = /^\+?(\d*)(?:\.(\d*))?$/.exec(text.trim());
  if (!m || (m[1] === "" && (m[2] ?? "") === "")) throw new Error(`internal: not a decimal: '${text}'`);
  const frac = m[2] ?? "";
  return { num: BigInt((m[1] || "0") + frac), den: 10n ** BigInt(frac.length) };
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Divides with round half to even. */
function divRound(num: bigint, den: bigint): bigint {
  const q = num / den;
  const r2 = (num % den) * 2n;
  return r2 > den || (r2 === den && q % 2n === 1n) ? q + 1n : q;
}

/**
 * The binary floating-point value nearest to a non-negative decimal, with `bits` significand bits
 * (53 for double, 64 for x87 long double), round half to even — as correctly rounding strtod/strtold do.
 * Returned as an exact fraction. (Subnormals and overflow cannot occur for bid-sized values.)
 */
function nearestBinary(f: Fraction, bits: number): Fraction {
  if (f.num === 0n) return { num: 0n, den: 1n };
  // Choose e so that num/den / 2^e has exactly `bits` integer bits.
  let e = bitLength(f.num) - bitLength(f.den) - bits;
  const scaled = (e2: number): Fraction =>
    e2 >= 0 ? { num: f.num, den: f.den << BigInt(e2) } : { num: f.num << BigInt(-e2), den: f.den };
  let s = scaled(e);
  let mant = s.num / s.den;
  if (bitLength(mant) > bits) e += 1;
  else if (bitLength(mant) < bits) e -= 1;
  s = scaled(e);
  mant = divRound(s.num, s.den);
  if (bitLength(mant) > bits) {
    mant >>= 1n; // rounding carried into a new bit: the value is exactly a power of two
    e += 1;
  }
  return e >= 0 ? { num: mant << BigInt(e), den: 1n } : { num: mant, den: 1n << BigInt(-e) };
}

function formatFraction(v: Fraction, precision: number): string {
  const units = divRound(v.num * 10n ** BigInt(precision), v.den);
  const digits = units.toString().padStart(precision + 1, "0");
  const int = digits.slice(0, digits.length - precision);
  return precision > 0 ? `${int}.${digits.slice(digits.length - precision)}` : int;
}

/** bash: `printf '%.*f' P TEXT` (strtold, 64-bit significand). */
export function printfLongDouble(text: string, precision: number): string {
  return formatFraction(nearestBinary(decimalFraction(text), 64), precision);
}

/** awk: `printf "%.*f", P, TEXT` (strtod, 53-bit significand). */
export function printfDouble(text: string, precision: number): string {
  return formatFraction(nearestBinary(decimalFraction(text), 53), precision);
}
