/**
 * Decimal arithmetic with the exact rules of POSIX/GNU bc, so the TypeScript evaluator and the
 * generated script (which hands the same expression to bc) agree to the last digit:
 * - a number keeps the scale it was written or computed with (`1.60` has scale 2);
 * - a + b, a - b: exact, scale max(a, b);
 * - a * b: scale min(a + b, max(scale, a, b)), truncated toward zero;
 * - a / b: scale `scale`, truncated toward zero.
 */
export class Bc {
  private constructor(
    /** value × 10^scale */
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static parse(text: string): Bc {
    const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
    if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new Error(`internal: not a bc number: '${text}'`);
    const frac = m[3] ?? "";
    const units = BigInt((m[2] || "0") + frac);
    return new Bc(m[1] === "-" ? -units : units, frac.length);
  }

  static int(n: number | bigint): Bc {
    return new Bc(BigInt(n), 0);
  }

  private rescale(scale: number): bigint {
    if (scale >= this.scale) return this.units * 10n ** BigInt(scale - this.scale);
    return this.units / 10n ** BigInt(this.scale - scale); // BigInt division truncates toward zero, as bc
  }

  add(o: Bc): Bc {
    const s = Math.max(this.scale, o.scale);
    return new Bc(this.rescale(s) + o.rescale(s), s);
  }

  sub(o: Bc): Bc {
    const s = Math.max(this.scale, o.scale);
    return new Bc(this.rescale(s) - o.rescale(s), s);
  }

  mul(o: Bc, scale: number): Bc {
    const full = new Bc(this.units * o.units, this.scale + o.scale);
    const s = Math.min(this.scale + o.scale, Math.max(scale, this.scale, o.scale));
    return new Bc(full.rescale(s), s);
  }

  div(o: Bc, scale: number): Bc {
    if (o.units === 0n) throw new Error("internal: bc division by zero");
    // (a / 10^sa) / (b / 10^sb) × 10^scale = a × 10^(sb + scale) / (b × 10^sa)
    const num = this.units * 10n ** BigInt(o.scale + scale);
    const den = o.units * 10n ** BigInt(this.scale);
    return new Bc(num / den, scale);
  }

  cmp(o: Bc): number {
    const s = Math.max(this.scale, o.scale);
    const a = this.rescale(s);
    const b = o.rescale(s);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** bc's own output: no leading zero before the point (`.5`), trailing zeros kept to the scale. */
  toString(): string {
    const neg = this.units < 0n;
    const digits = (neg ? -this.units : this.units).toString().padStart(this.scale + 1, "0");
    const int = digits.slice(0, digits.length - this.scale);
    const frac = digits.slice(digits.length - this.scale);
    const intText = int === "0" && this.scale > 0 ? "" : int;
    const body = this.scale > 0 ? `${intText}.${frac}` : int;
    return neg && this.units !== 0n ? `-${body}` : body;
  }

  /** Plain decimal text with a leading zero, for people (`0.5`). */
  toPlain(): string {
    const s = this.toString();
    return s.startsWith(".") ? `0${s}` : s.startsWith("-.") ? `-0${s.slice(1)}` : s;
  }
}

/**
 * `printf "%.12f"` of the exact double m / 2^30 (m an integer below 2^53, so the double is exact):
 * round half to even at 12 decimals, as glibc does. This is what the reference gets from
 * `jq '… / pow(1024; 3)' | awk '{printf "%.12f\n", $0}'`. The bash side does the same in bc (`r()`).
 */
export function gibFromBytes(bytes: bigint): Bc {
  const den = 1n << 30n;
  const scaled = bytes * 10n ** 12n;
  let q = scaled / den;
  const r2 = (scaled % den) * 2n;
  if (r2 > den || (r2 === den && q % 2n === 1n)) q += 1n;
  return Bc.parse(fixed(q, 12));
}

/** An integer of 10^-scale units as plain decimal text. */
export function fixed(units: bigint, scale: number): string {
  const neg = units < 0n;
  const digits = (neg ? -units : units).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return `${neg ? "-" : ""}${int}${scale > 0 ? `.${frac}` : ""}`;
}
