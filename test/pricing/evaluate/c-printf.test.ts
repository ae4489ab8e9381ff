import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { printfDouble, printfLongDouble } from "../../../src/pricing/evaluate/c-printf.js";

describe("printf %.*f emulation", () => {
  test.each([
    // exact binary ties round half to even (JS toFixed would round them up)
    ["2.5", 0, "2"],
    ["3.5", 0, "4"],
    ["0.125", 2, "0.12"],
    ["0.375", 2, "0.38"],
    ["1.0000005", 6, "1.000000"], // not a tie in binary: the 64-bit value lies below the midpoint
    [".5", 0, "0"],
    ["7", 3, "7.000"],
  ])("bash printf '%%.*f' %i of %s", (text, p, want) => {
    expect(printfLongDouble(text, p as number)).toBe(want);
  });

  test("bash (64-bit) and awk (53-bit) round 1.0000005 differently, as the reference's two steps do", () => {
    // The nearest double lies above the midpoint, the nearest long double below it.
    expect(printfDouble("1.0000005", 6)).toBe("1.000001");
    expect(printfLongDouble("1.0000005", 6)).toBe("1.000000");
  });

  const decimals = fc
    .tuple(
      fc.integer({ min: 0, max: 10 ** 9 }),
      fc.integer({ min: 0, max: 22 }),
      fc.bigInt({ min: 0n, max: 10n ** 22n - 1n }),
      fc.integer({ min: 0, max: 12 }),
    )
    .map(([i, n, f, p]) => ({ text: n === 0 ? String(i) : `${i}.${f.toString().padStart(22, "0").slice(0, n)}`, p }));
  // Midpoints at the printed precision are where implementations differ: generate many of them.
  const midpoints = fc
    .tuple(
      fc.integer({ min: 0, max: 10 ** 6 }),
      fc.integer({ min: 0, max: 8 }),
      fc.integer({ min: 0, max: 10 ** 8 }),
      fc.integer({ min: 0, max: 12 }),
    )
    .map(([i, p, f, extra]) => ({ text: `${i}.${String(f).padStart(8, "0").slice(0, p)}5${"0".repeat(extra)}`, p }));
  const samples = [
    ...fc.sample(decimals, { numRuns: 1500, seed: 42 }),
    ...fc.sample(midpoints, { numRuns: 1500, seed: 43 }),
  ];

  test("matches bash's builtin printf on 3000 values (half of them midpoints)", () => {
    const script = 'while read -r p x; do printf "%.*f\\n" "$p" "$x"; done';
    const input = `${samples.map((s) => `${s.p} ${s.text}`).join("\n")}\n`;
    const real = execFileSync("bash", ["-c", script], {
      input,
      encoding: "utf8",
      env: { LC_ALL: "C", PATH: process.env.PATH },
    }).split("\n");
    samples.forEach((s, i) => expect([s.text, s.p, printfLongDouble(s.text, s.p)]).toEqual([s.text, s.p, real[i]]));
  });

  test("matches awk's printf on 3000 values (half of them midpoints)", () => {
    const input = `${samples.map((s) => `${s.p} ${s.text}`).join("\n")}\n`;
    const real = execFileSync("awk", ['{printf "%.*f\\n", $1, $2}'], {
      input,
      encoding: "utf8",
      env: { LC_ALL: "C", PATH: process.env.PATH },
    }).split("\n");
    samples.forEach((s, i) => expect([s.text, s.p, printfDouble(s.text, s.p)]).toEqual([s.text, s.p, real[i]]));
  });
});
