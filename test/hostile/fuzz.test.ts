// Property: no input makes any command crash. Random bytes and random mutations of the shipped inputs
// (provider.yaml, pricing.akp, ops.yaml, an order, an old bid script) go through check, gen
// price-script/values/reaper/pruner/cert-rotate, price and migrate, in-process: the exit code is 0, 1
// or 2, and nothing prints a stack trace. (A thrown exception fails the property by itself.)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, expect, test } from "vitest";
import { runWith } from "../cli/package-io.js";

const REPO = join(__dirname, "../..");
const read = (p: string) => readFileSync(join(REPO, p), "utf8");
const SEEDS = {
  provider: read("examples/provider.yaml"),
  pricing: read("examples/pricing.akp"),
  ops: read("examples/ops.yaml"),
  order: read("examples/orders/gpu-1x-a100-pcie.uakt.json"),
  script: read("test/fixtures/migrate/env-default.sh"),
};
type Role = keyof typeof SEEDS;

const NAMES: Record<Role, string> = {
  provider: "provider.yaml",
  pricing: "pricing.akp",
  ops: "ops.yaml",
  order: "order.json",
  script: "old.sh",
};

/** Commands and the inputs each reads. */
const COMMANDS: { argv: string[]; roles: Role[] }[] = [
  { argv: ["check", "--config", "provider.yaml", "--pricing", "pricing.akp"], roles: ["provider", "pricing"] },
  {
    argv: ["gen", "price-script", "--config", "provider.yaml", "--pricing", "pricing.akp", "-o", "price.sh"],
    roles: ["provider", "pricing"],
  },
  { argv: ["gen", "values", "--config", "provider.yaml", "-o", "values.yaml"], roles: ["provider"] },
  {
    argv: ["price", "order.json", "--config", "provider.yaml", "--pricing", "pricing.akp", "--akt-usd", "1.25"],
    roles: ["provider", "pricing", "order"],
  },
  { argv: ["check", "--ops", "ops.yaml"], roles: ["ops"] },
  { argv: ["gen", "reaper", "--ops", "ops.yaml", "-o", "reaper.sh"], roles: ["ops"] },
  { argv: ["gen", "pruner", "--ops", "ops.yaml", "-o", "pruner.sh"], roles: ["ops"] },
  { argv: ["gen", "cert-rotate", "--ops", "ops.yaml", "-o", "certs"], roles: ["ops"] },
  { argv: ["migrate", "old.sh", "--values", "provider.yaml", "-o", "new.yaml"], roles: ["script", "provider"] },
];

/** Text an attacker or a careless operator would type. */
const hostile = fc.oneof(
  fc.constantFrom(
    "\u0000",
    "\u001b[31m",
    "\n",
    "\r\n",
    "\t",
    "\ufeff",
    "\u202e",
    ":",
    "*",
    "&a ",
    "*a",
    "{",
    "}",
    "[",
    "]",
    '"',
    "'",
    "\\",
    "\\n",
    "#",
    "=",
    ",",
    ".",
    "-",
    "1e999999999",
    "1e-999999999",
    "99999999999999999999d",
    "5/15",
    "//",
    "/./",
    "..",
    "@",
    "4090.24Gi",
    "<<: *a",
    "${X}",
    "`id`",
  ),
  fc.string({ maxLength: 12 }),
  fc.string({ maxLength: 4, unit: "binary" }),
);

type Mutation =
  | { kind: "insert"; at: number; text: string }
  | { kind: "delete" | "repeat"; at: number; len: number; times: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: hostile }),
  fc.record({
    kind: fc.constantFrom("delete" as const, "repeat" as const),
    at: fc.nat(),
    len: fc.integer({ min: 1, max: 40 }),
    times: fc.integer({ min: 2, max: 50 }),
  }),
);

function mutate(text: string, ms: readonly Mutation[]): string {
  let t = text;
  for (const m of ms) {
    const at = m.at % (t.length + 1);
    if (m.kind === "insert") t = t.slice(0, at) + m.text + t.slice(at);
    else if (m.kind === "delete") t = t.slice(0, at) + t.slice(at + m.len);
    else t = t.slice(0, at) + t.slice(at, at + m.len).repeat(m.times) + t.slice(at + m.len);
  }
  return t;
}

/** One input file: the seed as is, mutated, or random bytes. */
const content = (role: Role): fc.Arbitrary<string | Uint8Array> =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant(SEEDS[role]) },
    { weight: 6, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 6 }).map((ms) => mutate(SEEDS[role], ms)) },
    { weight: 2, arbitrary: fc.uint8Array({ maxLength: 400 }) },
  );

/** A command, and its inputs: one of them fuzzed, the others as shipped (so that the fuzzed one is read deeply). */
const scenario = fc.nat({ max: COMMANDS.length - 1 }).chain((i) => {
  const cmd = COMMANDS[i]!;
  return fc
    .nat({ max: cmd.roles.length - 1 })
    .chain((j) =>
      fc.tuple(
        fc.constant(cmd),
        fc.tuple(
          ...cmd.roles.map((role, k) => (k === j ? content(role) : fc.constant<string | Uint8Array>(SEEDS[role]))),
        ),
      ),
    );
});

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test("random bytes and mutated inputs never crash a command: exit 0, 1 or 2, no stack trace", async () => {
  await fc.assert(
    fc.asyncProperty(scenario, async ([cmd, contents]) => {
      const dir = mkdtempSync(join(tmpdir(), "akops-fuzz-"));
      dirs.push(dir);
      cmd.roles.forEach((role, i) => writeFileSync(join(dir, NAMES[role]), contents[i]!));
      const r = await runWith({ cwd: dir }, cmd.argv);
      expect([0, 1, 2]).toContain(r.code);
      expect(r.err + r.out).not.toMatch(/^\s+at .+[:(]\d+/m);
      expect(r.err).not.toMatch(/internal error|RangeError|TypeError|Maximum call stack/);
    }),
    { numRuns: Number(process.env.AKOPS_FUZZ_RUNS ?? 240) },
  );
}, 600_000);
