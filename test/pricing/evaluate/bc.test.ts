import { execFileSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Bc, gibFromBytes } from "../../../src/pricing/evaluate/bc.js";

const bc = (program: string) =>
  execFileSync("bc", [], { input: program, encoding: "utf8", env: { BC_LINE_LENGTH: "0", PATH: process.env.PATH } })
    .trimEnd()
    .split("\n");

const dec = fc
  .tuple(
    fc.integer({ min: 0, max: 10 ** 7 }),
    fc.integer({ min: 0, max: 14 }),
    fc.bigInt({ min: 0n, max: 10n ** 14n - 1n }),
  )
  .map(([i, n, f]) => (n === 0 ? String(i) : `${i}.${f.toString().padStart(14, "0").slice(0, n)}`));

describe("Bc follows GNU bc's scale rules", () => {
  test.each([
    ["1.60", "2", "mul", "3.20"],
    ["19.902", "1.60", "mul", "31.84320"],
    ["1", "3", "div", ".33333333333333333333"],
    ["0.5", "0.25", "add", ".75"],
  ])("%s %s %s", (a, b, op, want) => {
    const x = Bc.parse(a);
    const y = Bc.parse(b);
    const r = op === "mul" ? x.mul(y, 20) : op === "div" ? x.div(y, 20) : x.add(y);
    expect(r.toString()).toBe(want);
  });

  test("products, quotients and sums agree with bc on 600 random operand pairs", () => {
    const pairs = fc.sample(fc.tuple(dec, dec), { numRuns: 600, seed: 7 }).filter(([, b]) => !/^[0.]+$/.test(b));
    const program = `scale=20\n${pairs.map(([a, b]) => `${a}*${b}\n${a}/${b}\n${a}+${b}\n(${a}*${b})*0.8\n`).join("")}`;
    const real = bc(program);
    const ours = pairs.flatMap(([a, b]) => {
      const x = Bc.parse(a);
      const y = Bc.parse(b);
      return [x.mul(y, 20), x.div(y, 20), x.add(y), x.mul(y, 20).mul(Bc.parse("0.8"), 20)].map(String);
    });
    expect(ours).toEqual(real);
  });

  test("comparison is exact across scales", () => {
    expect(Bc.parse("1000000.000000000000000000").cmp(Bc.parse("1000000"))).toBe(0);
    expect(Bc.parse(".00000000000000000001").cmp(Bc.parse("0"))).toBe(1);
  });
});

describe("GiB rounding (awk printf %.12f of bytes / 2^30)", () => {
  test("ties round to even: 2^17 bytes is 0.0001220703125 GiB", () => {
    expect(gibFromBytes(131072n).toString()).toBe(".000122070312");
    expect(gibFromBytes(3n * 131072n).toString()).toBe(".000366210938");
  });

  test("agrees with awk on 2000 sizes, half of them exact ties", () => {
    const sizes = [
      ...fc.sample(fc.integer({ min: 0, max: 2 ** 50 }), { numRuns: 1000, seed: 3 }),
      ...fc.sample(
        fc.integer({ min: 0, max: 2 ** 30 }).map((k) => (2 * k + 1) * 2 ** 17),
        { numRuns: 1000, seed: 4 },
      ),
    ];
    // jq prints bytes / 2^30 with shortest round-trip digits; awk reads that and prints %.12f.
    const input = `${sizes.map((s) => String(s / 2 ** 30)).join("\n")}\n`;
    const real = execFileSync("awk", ['{printf "%.12f\\n", $0}'], {
      input,
      encoding: "utf8",
      env: { LC_ALL: "C", PATH: process.env.PATH },
    })
      .trimEnd()
      .split("\n");
    expect(sizes.map((s) => gibFromBytes(BigInt(s)).toPlain())).toEqual(real);
  });
});
