// Bundles the CLI into one file that runs with plain `node` (dist/akops.mjs).
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

await build({
  entryPoints: ["src/cli/bin.ts"],
  // vega and vega-lite (charts for `akops report` and `gen all`) are imported dynamically: splitting
  // puts them in a chunk of their own, so other commands load and parse only dist/akops.mjs.
  outdir: "dist",
  entryNames: "akops",
  chunkNames: "chunks/[name]-[hash]",
  outExtension: { ".js": ".mjs" },
  splitting: true,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  loader: { ".tmpl": "text" },
  banner: {
    // Some CommonJS dependencies call require(); give the ESM bundle one.
    js: "#!/usr/bin/env node\nimport { createRequire as __akopsCreateRequire } from 'node:module';\nconst require = __akopsCreateRequire(import.meta.url);",
  },
  define: { __AKOPS_VERSION__: JSON.stringify(pkg.version) },
  legalComments: "none",
  logLevel: "warning",
});
