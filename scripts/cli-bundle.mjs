// The esbuild options of the CLI bundle (dist/akops-cli.cjs), shared by scripts/build.mjs and the tests
// that bundle the CLI themselves (test/hostile), so that both run the same code.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Every file below dir, sorted, as paths relative to it. */
function filesBelow(dir, prefix = "") {
  return readdirSync(join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? filesBelow(dir, join(prefix, e.name)) : [join(prefix, e.name)]));
}

/**
 * What a pricing report depends on besides its inputs: akops's code (src/, which evaluates and draws it)
 * and the chart libraries' versions. `gen all` keeps an existing report whose fingerprint (which
 * includes this) still matches.
 */
function reportCode(root) {
  const hash = createHash("sha256");
  for (const f of filesBelow(join(root, "src"))) hash.update(f).update(readFileSync(join(root, "src", f)));
  for (const p of ["vega", "vega-lite"]) hash.update(readFileSync(join(root, "node_modules", p, "package.json")));
  return hash.digest("hex");
}

/** esbuild options for the CLI bundle at `outfile`, built from the repository at `root`. */
export function cliBundleOptions(root, outfile) {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return {
    entryPoints: [join(root, "src/cli/bin.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    loader: { ".tmpl": "text" },
    // The sources are ESM; in the CommonJS bundle import.meta.url is this file's URL.
    banner: { js: 'const __akopsImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    define: {
      __AKOPS_VERSION__: JSON.stringify(pkg.version),
      __AKOPS_VEGA_BUNDLE__: JSON.stringify("./vega.cjs"),
      __AKOPS_REPORT_CODE__: JSON.stringify(reportCode(root)),
      "import.meta.url": "__akopsImportMetaUrl",
    },
    // The chart renderer is its own bundle (dist/vega.cjs), loaded by `report` and `gen all` only.
    plugins: [
      {
        name: "vega-apart",
        setup: (b) => b.onResolve({ filter: /vega(-entry)?\.c?js$/ }, (a) => ({ path: a.path, external: true })),
      },
    ],
    // re2-wasm loads a .wasm file from beside the bundle at start-up; a RegExp stand-in (see the stub).
    // luxon (cron-parser's dates) has an ESM and a CommonJS build; cron-parser requires the latter and
    // src/config/cron.ts imports it, so both must resolve to one copy for its locale pin to take effect.
    alias: {
      "@kubernetes-models/validate/runtime/re2": join(root, "scripts/stubs/re2.mjs"),
      luxon: join(root, "node_modules/luxon/build/node/luxon.js"),
    },
    // Less text to read and hash on every start; identifiers stay, so stack traces keep their names.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "none",
    logLevel: "warning",
  };
}
