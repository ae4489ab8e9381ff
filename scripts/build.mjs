// Bundles the CLI into one file that runs with plain `node` (dist/akops.mjs).
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));

await build({
  entryPoints: ["src/cli/bin.ts"],
  outfile: "dist/akops.mjs",
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
