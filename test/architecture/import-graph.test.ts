import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, test } from "vitest";
import { findCycles, importGraph, type ImportGraph, type Layer, layerViolations } from "./import-graph.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * The stage graph of src/, top to bottom: a file may import its own layer and the layers below,
 * never one above. cli → plan/report → compile → package/migrate → ops/pricing → config → io → base → templates.
 */
const LAYERS: Layer[] = [
  { prefix: "src/cli/", rank: 8 },
  // What-if tools on top of the compiler: they run compile() and the scripts it writes.
  { prefix: "src/plan/", rank: 7 },
  { prefix: "src/report/", rank: 7 },
  { prefix: "src/compile-tree.ts", rank: 7 },
  { prefix: "src/compile.ts", rank: 6 },
  { prefix: "src/compile-pricing.ts", rank: 6 },
  // The package step runs after every generator and packs what they made.
  { prefix: "src/package/", rank: 5 },
  { prefix: "src/migrate/", rank: 5 },
  { prefix: "src/ops/", rank: 4 },
  { prefix: "src/pricing/", rank: 4 },
  { prefix: "src/config/", rank: 3 },
  { prefix: "src/io/", rank: 2 },
  { prefix: "src/diagnostics/", rank: 1 },
  { prefix: "src/emit/", rank: 1 },
  { prefix: "src/inputs.ts", rank: 1 },
  { prefix: "src/version.ts", rank: 1 },
  { prefix: "src/tmpl.d.ts", rank: 1 },
  { prefix: "templates/", rank: 0 },
];

describe("src/ import graph", () => {
  const graph = importGraph(join(ROOT, "src"), ROOT);

  test("sees the imports (static, type-only and dynamic)", () => {
    const edges = (f: string) => (graph.get(f) ?? []).map((e) => e.to);
    expect(edges("src/cli/main.ts")).toContain("src/cli/commands/gen.ts");
    expect(edges("src/compile.ts")).toContain("src/inputs.ts");
    expect(edges("src/cli/commands/gen-all.ts")).toContain("src/compile-tree.ts"); // a dynamic import()
    expect(edges("src/package/generate.ts")).toContain("templates/bash/install.sh.tmpl");
  });

  test("has no cycle", () => {
    expect(findCycles(graph).map((c) => c.join(" → "))).toEqual([]);
  });

  test("never imports from a lower layer to a higher one", () => {
    expect(layerViolations(graph, LAYERS)).toEqual([]);
  });
});

describe("the checker itself", () => {
  const g = (edges: [string, string][]): ImportGraph => {
    const graph: ImportGraph = new Map();
    for (const [a, b] of edges) {
      graph.set(a, [...(graph.get(a) ?? []), { to: b, line: 1 }]);
      if (!graph.has(b)) graph.set(b, []);
    }
    return graph;
  };

  test("finds a cycle and names it", () => {
    const cycles = findCycles(
      g([
        ["src/cli/main.ts", "src/cli/commands/gen.ts"],
        ["src/cli/commands/gen.ts", "src/cli/main.ts"],
        ["src/cli/main.ts", "src/version.ts"],
      ]),
    );
    expect(cycles.map((c) => c.join(" → "))).toEqual([
      "src/cli/commands/gen.ts → src/cli/main.ts → src/cli/commands/gen.ts",
    ]);
  });

  test("finds a three-file cycle and a self-import, and no cycle in a diamond", () => {
    expect(
      findCycles(
        g([
          ["a", "b"],
          ["b", "c"],
          ["c", "a"],
          ["d", "d"],
        ]),
      )
        .map((c) => c.join(" → "))
        .sort(),
    ).toEqual(["a → b → c → a", "d → d"]);
    expect(
      findCycles(
        g([
          ["a", "b"],
          ["a", "c"],
          ["b", "d"],
          ["c", "d"],
        ]),
      ),
    ).toEqual([]);
  });

  test("names an upward import, and a file outside every layer", () => {
    const v = layerViolations(
      g([
        ["src/config/ops.ts", "src/ops/certs/settings.ts"],
        ["src/compile.ts", "src/config/ops.ts"],
        ["src/nowhere.ts", "src/inputs.ts"],
      ]),
      LAYERS,
    );
    expect(v).toEqual([
      "src/nowhere.ts is in no layer: add it to LAYERS",
      "src/config/ops.ts:1 imports src/ops/certs/settings.ts: src/config/ (rank 3) must not import src/ops/ (rank 4)",
    ]);
  });

  describe("on files", () => {
    const dir = mkdtempSync(join(tmpdir(), "akops-graph-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    test("reads dynamic import(), export … from and import type, and ignores imports in comments and strings", () => {
      const put = (p: string, text: string) => {
        mkdirSync(dirname(join(dir, p)), { recursive: true });
        writeFileSync(join(dir, p), text);
      };
      put(
        "src/a.ts",
        'import type { B } from "./b.js";\nexport { c } from "./c.js";\n// import "./d.js";\nconst s = "import(\'./d.js\')";\n',
      );
      put("src/b.ts", 'export type B = 1;\nexport async function f() {\n  return import("./a.js");\n}\n');
      put("src/c.ts", 'import "node:fs";\nimport x from "some-package";\nexport const c = 1;\n');
      put("src/d.ts", "export const d = 1;\n");
      const graph = importGraph(join(dir, "src"), dir);
      expect(Object.fromEntries([...graph].map(([k, v]) => [k, v.map((e) => `${e.to}:${e.line}`)]))).toEqual({
        "src/a.ts": ["src/b.ts:1", "src/c.ts:2"],
        "src/b.ts": ["src/a.ts:3"],
        "src/c.ts": [],
        "src/d.ts": [],
      });
      expect(findCycles(graph).map((c) => c.join(" → "))).toEqual(["src/a.ts → src/b.ts → src/a.ts"]);
    });
  });
});
