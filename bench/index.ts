// `npm run bench`: runs every bench/*.bench.ts (or only those named on the command line) and prints tables.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { formatTable, type BenchTable } from "./table.js";

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

for (const f of files) {
  const mod = (await import(join(dir, f))) as { run: () => Promise<BenchTable[]> };
  for (const table of await mod.run()) process.stdout.write(`${formatTable(table)}\n`);
}
