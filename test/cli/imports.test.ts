// Each command loads only the libraries it uses (issue 9): the CLI runs from source in a child process
// with a module hook that records every module Node loads, and each command's list is checked for
// the heavy libraries it must not touch. (`npm run bench startup` measures what that is worth.)
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { REPO, tempDir } from "./package-io.js";

const dir = tempDir("akops-imports-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

writeFileSync(
  join(dir, "hooks.mjs"),
  `import { appendFileSync, readFileSync } from "node:fs";
export async function load(url, context, next) {
  appendFileSync(process.env.AKOPS_TRACE_LOADS, url + "\\n");
  // Templates are text modules, as esbuild's text loader and the vitest config make them.
  if (url.endsWith(".tmpl")) {
    const text = readFileSync(new URL(url), "utf8");
    return { format: "module", source: "export default " + JSON.stringify(text) + ";", shortCircuit: true };
  }
  return next(url, context);
}
`,
);
writeFileSync(
  join(dir, "register.mjs"),
  `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(join(dir, "hooks.mjs")).href)});\n`,
);

let runs = 0;
/** The packages (node_modules/NAME or @scope/NAME) whose modules `akops ARGS` loads, and its exit code. */
function packagesLoadedBy(...args: string[]): { code: number | null; packages: Set<string> } {
  const trace = join(dir, `trace-${runs++}`);
  writeFileSync(trace, "");
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "--import", join(dir, "register.mjs"), join(REPO, "src/cli/bin.ts"), ...args],
    { cwd: REPO, env: { ...process.env, AKOPS_TRACE_LOADS: trace, NO_COLOR: "1" }, encoding: "utf8" },
  );
  const packages = new Set(
    [...readFileSync(trace, "utf8").matchAll(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((m) => m[1]!),
  );
  return { code: r.status, packages };
}

const ex = (f: string) => join(REPO, "examples", f);
const HEAVY = ["kubernetes-models", "@kubernetes-models/prometheus-operator", "cron-parser", "vega", "vega-lite"];
const genAll = (out: string) =>
  ["gen", "all", "--config", ex("provider.yaml"), "--pricing", ex("pricing.akp"), "--ops", ex("ops.yaml")].concat(
    "--out",
    out,
  );

describe("what each command loads", () => {
  // What the others are checked against: the libraries gen all uses do show up in the trace. (Whether an
  // up-to-date tree's gen all skips vega is for the built CLI: bats/gen-all.bats.)
  test("gen all loads the manifest validators, cron-parser, the parser and vega", () => {
    const { code, packages } = packagesLoadedBy(...genAll(join(dir, "tree")));
    expect(code).toBe(0);
    for (const p of [...HEAVY, "chevrotain", "js-yaml"]) expect(packages, p).toContain(p);
  }, 60_000);

  test.each([
    ["--version", ["--version"], [...HEAVY, "js-yaml", "chevrotain"]],
    [
      "price",
      ["price", join(REPO, "bats/fixtures/bid/uakt.json"), "--config", ex("provider.yaml"), "--akt-usd", "1"],
      HEAVY,
    ],
    ["check", ["check", "--config", ex("provider.yaml"), "--pricing", ex("pricing.akp")], HEAVY],
    [
      "gen values",
      ["gen", "values", "--config", ex("provider.yaml"), "--pricing", ex("pricing.akp"), "-o", "-"],
      HEAVY,
    ],
  ])(
    "%s loads none of the libraries it does not use",
    (_, args, absent) => {
      const { code, packages } = packagesLoadedBy(...(args as string[]));
      expect(code).toBe(0);
      expect(packages).toContain("commander");
      for (const p of absent as string[]) expect(packages, p).not.toContain(p);
    },
    30_000,
  );
});
