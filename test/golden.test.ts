import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { compileTree } from "../src/compile-tree.js";
import type { CompileInputs, InputLocations } from "../src/inputs.js";
import { TEST_VERSION } from "../src/version.js";
import { renderDiagnostics } from "../src/diagnostics/render.js";

const root = join(__dirname, "..");
const read = (p: string) => ({ path: p, text: readFileSync(join(root, p), "utf8") });

/**
 * The golden cases: each compiles, as `gen all` does, into generated/<name>/.
 * - example: the shipped examples/ (what the README's quick start writes);
 * - defaults: a provider.yaml without any price key, no pricing file, no ops.yaml (every default);
 * - full-dsl: every DSL statement (tenants, raw IBC denom, floor, every storage class, URL price source,
 *   allow list from a URL) over a provider.yaml it overrides;
 * - ops-custom: every ops.yaml section with non-default values (host etcd, crictl restarts, other paths);
 * - k3s: `cluster.distribution: k3s` (the k3s certificate script and runbook), defaults otherwise.
 */
function inputsOf(dir: string): CompileInputs {
  const inputs: CompileInputs = {};
  const at = (f: string) => (existsSync(join(root, dir, f)) ? read(`${dir}/${f}`) : undefined);
  const provider = at("provider.yaml");
  const pricing = at("pricing.akp");
  const ops = at("ops.yaml");
  if (provider) inputs.provider = provider;
  if (pricing) inputs.pricing = pricing;
  if (ops) inputs.ops = ops;
  return inputs;
}

const GOLDEN_CASES: Record<string, string> = {
  example: "examples",
  defaults: "test/fixtures/golden/defaults",
  "full-dsl": "test/fixtures/golden/full-dsl",
  "ops-custom": "test/fixtures/golden/ops-custom",
  k3s: "test/fixtures/golden/k3s",
};

/**
 * Where each case's lock says its inputs are: examples/ are the examples shipped with akops (named so,
 * as `gen all` without inputs does); the fixtures relative to generated/<name>/, as `gen all` records them.
 */
function locationsOf(name: string): InputLocations {
  const inputs = inputsOf(GOLDEN_CASES[name]!);
  const out: InputLocations = {};
  for (const key of ["provider", "pricing", "ops"] as const) {
    const src = inputs[key];
    if (src === undefined) continue;
    out[key] =
      name === "example"
        ? { shipped: posix.basename(src.path) }
        : { path: posix.relative(`generated/${name}`, src.path) };
  }
  return out;
}

function compileCase(name: string) {
  return compileTree(
    inputsOf(GOLDEN_CASES[name]!),
    { version: TEST_VERSION, target: "all", inputLocations: locationsOf(name) },
    join(root, "examples/orders"),
  );
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe.each(Object.keys(GOLDEN_CASES))("generated/%s is what its inputs compile to", async (name) => {
  const result = await compileCase(name);
  const dir = join(root, "generated", name);

  test("the inputs compile without errors", () => {
    expect(
      renderDiagnostics(
        result.diagnostics.filter((d) => d.severity === "error"),
        result.sources,
      ),
    ).toBe("");
  });

  test.each([...result.files.keys()])("%s matches its golden file", async (path) => {
    await expect(result.files.get(path)).toMatchFileSnapshot(join(dir, path));
  });

  test(`generated/${name} holds no file the compiler no longer produces`, () => {
    const onDisk = existsSync(dir) ? walk(dir).map((p) => relative(dir, p)) : [];
    expect(onDisk.filter((p) => !result.files.has(p))).toEqual([]);
  });

  test("compiling twice gives identical bytes", async () => {
    expect((await compileCase(name)).files).toEqual(result.files);
  });
});
