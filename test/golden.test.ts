import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, test } from "vitest";
import { compileTree } from "../src/compile-tree.js";
import { TEST_VERSION } from "../src/version.js";
import { renderDiagnostics } from "../src/diagnostics/render.js";

const root = join(__dirname, "..");
const read = (p: string) => ({ path: p, text: readFileSync(join(root, p), "utf8") });

/** The shipped example: the golden tree under generated/example (with the pricing report, as gen all writes it). */
export function compileExample() {
  return compileTree(
    { provider: read("examples/provider.yaml"), pricing: read("examples/pricing.akp"), ops: read("examples/ops.yaml") },
    // examples/ are the examples shipped with akops: the lock names them so (as gen all without inputs does).
    {
      version: TEST_VERSION,
      target: "all",
      inputLocations: { provider: { shipped: "provider.yaml" }, pricing: { shipped: "pricing.akp" }, ops: { shipped: "ops.yaml" } },
    },
    join(root, "examples/orders"),
  );
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe("generated/example is what the shipped example compiles to", async () => {
  const result = await compileExample();

  test("the example compiles without errors", () => {
    expect(renderDiagnostics(result.diagnostics.filter((d) => d.severity === "error"), result.sources)).toBe("");
  });

  test.each([...result.files.keys()])("%s matches its golden file", async (path) => {
    await expect(result.files.get(path)).toMatchFileSnapshot(join(root, "generated/example", path));
  });

  test("generated/example holds no file the compiler no longer produces", () => {
    const onDisk = walk(join(root, "generated/example")).map((p) => relative(join(root, "generated/example"), p));
    expect(onDisk.filter((p) => !result.files.has(p))).toEqual([]);
  });

  test("compiling twice gives identical bytes", async () => {
    expect((await compileExample()).files).toEqual(result.files);
  });
});
