import { readFileSync } from "node:fs";
import { defineConfig, type Plugin } from "vitest/config";

/** Loads `*.tmpl` as a string, as esbuild's `--loader:.tmpl=text` does for the bundle. */
function tmplAsText(): Plugin {
  return {
    name: "akops-tmpl-text",
    enforce: "pre",
    load(id) {
      if (!id.endsWith(".tmpl")) return null;
      return `export default ${JSON.stringify(readFileSync(id, "utf8"))};`;
    },
  };
}

export default defineConfig({
  plugins: [tmplAsText()],
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
