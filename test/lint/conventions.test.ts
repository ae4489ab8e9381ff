import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "vitest";
import { PARTIALS } from "../../src/emit/template.js";

// One set of conventions for every generated bash script (issue 9): one prelude, one bash floor, one
// usage exit code, AKOPS_<TOOL> seams, one lock override, one dry-run variable.
const root = join(__dirname, "../..");

function scripts(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? scripts(p) : p.endsWith(".sh") ? [p] : [];
  });
}

const all = scripts(join(root, "generated")).map((p) => [relative(root, p), readFileSync(p, "utf8")] as const);
const strict = PARTIALS["prelude/strict"]!;
const HELPERS: [string, string][] = [
  ["die", "prelude/die"],
  ["usage_error", "prelude/usage"],
  ["print_usage", "prelude/usage"],
  ["take_lock", "prelude/lock"],
  ["log", "prelude/log"],
];

test("the generated tree has the six scripts", () => {
  expect(
    all.map(([p]) => p.slice(p.indexOf("/", "generated/".length) + 1)).filter((p) => !p.includes("/k8s/")),
  ).toEqual(
    expect.arrayContaining([
      "bid/price_script.sh",
      "bin/akash-force-new-replicasets.sh",
      "bin/k8s-cert-rotate.sh",
      "bin/kill-zombie-parents.sh",
      "helm/upgrade.sh",
      "install.sh",
    ]),
  );
});

test.each(all)("%s: strict mode and the bash 4.4 guard come first, right after the header comment", (_, text) => {
  const body = text.split("\n");
  const first = body.findIndex((l) => !l.startsWith("#"));
  expect(body.slice(first).join("\n").startsWith(strict)).toBe(true);
  expect(text.match(/BASH_VERSINFO/g)?.length).toBe(strict.match(/BASH_VERSINFO/g)?.length);
});

test.each(all)("%s: the shared helpers it has are the prelude's, defined once", (_, text) => {
  for (const [name, partial] of HELPERS) {
    const defs = text.match(new RegExp(`^${name}\\(\\) \\{$`, "gm"))?.length ?? 0;
    expect(defs, name).toBeLessThanOrEqual(1);
    if (defs === 1) expect(text, name).toContain(PARTIALS[partial]);
  }
});

test.each(all)("%s: exit 2 only for usage errors, never 64", (_, text) => {
  expect(text).not.toMatch(/\bexit 64\b/);
  const exit2 = (t: string) => t.match(/\bexit 2\b/g)?.length ?? 0;
  const usage = PARTIALS["prelude/usage"]!;
  expect(exit2(text)).toBe(text.includes(usage) ? exit2(usage) : 0);
});

test.each(all)(
  "%s: every replaceable tool is an AKOPS_<TOOL> variable, every lock override AKOPS_LOCK_FILE",
  (_, text) => {
    const seams = [...text.matchAll(/\$\{([A-Z][A-Z0-9_]*):-[a-z][a-z0-9_-]*\}/g)].map((m) => m[1]!);
    for (const name of seams) expect(name).toMatch(/^AKOPS_[A-Z0-9_]+$/);
    const locks = [...text.matchAll(/\bAKOPS_[A-Z_]*LOCK[A-Z_]*\b/g)].map((m) => m[0]);
    for (const name of locks) expect(name).toBe("AKOPS_LOCK_FILE");
    if (text.includes("take_lock() {"))
      expect(text).toContain('readonly LOCK_FILE="${AKOPS_LOCK_FILE:-$DEFAULT_LOCK_FILE}"');
  },
);

test.each(all)("%s: --dry-run sets DRY_RUN=1, the one dry-run variable", (_, text) => {
  if (!/^\s+--dry-run\)/m.test(text)) return;
  expect(text).toMatch(/^\s+--dry-run\) DRY_RUN=1 ;;$/m);
  expect(text).toMatch(/^DRY_RUN=0$/m);
  expect(text).not.toMatch(/^\s*(local )?dry_run=/m);
});

test.each(all)(
  "%s: one EXIT trap, the prelude's: anything else that must happen at exit is an on_exit handler",
  (_, text) => {
    const traps = text.match(/\btrap\b[^\n]*\bEXIT\b/g) ?? [];
    const exit = PARTIALS["prelude/exit"]!;
    if (!text.includes(exit)) {
      expect(traps).toEqual([]);
      return;
    }
    expect(traps).toEqual(exit.match(/\btrap\b[^\n]*\bEXIT\b/g));
    // What the metrics fragment relies on: it registers its writer through the registry.
    if (text.includes(PARTIALS["prelude/metrics"]!))
      expect(text.indexOf(exit)).toBeLessThan(text.indexOf("metrics_start() {"));
  },
);
