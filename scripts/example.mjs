// The shipped example's `akops gen all` (examples/provider.yaml, pricing.akp and ops.yaml): one argv for
// `npm run example`, the build (which runs it to make the code caches) and the start-up bench.
// Run as a script, `node scripts/example.mjs OUT` runs it with dist/akops.cjs (OUT relative to the root).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("..", import.meta.url));

/**
 * `gen all …` of the shipped example into `out` (without the node and akops words), to run from the
 * repository's root: the inputs are given as `examples/…`, so the tree names them that way.
 */
export function exampleGenAllArgs(out) {
  const ex = (f) => `examples/${f}`;
  return [
    "gen",
    "all",
    "--config",
    ex("provider.yaml"),
    "--pricing",
    ex("pricing.akp"),
    "--ops",
    ex("ops.yaml"),
    "--out",
    out,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write("usage: node scripts/example.mjs OUT\n");
    process.exit(2);
  }
  const argv = [join(repo, "dist/akops.cjs"), ...exampleGenAllArgs(out)];
  const r = spawnSync(process.execPath, argv, { cwd: repo, stdio: "inherit" });
  process.exit(r.status ?? 1);
}
