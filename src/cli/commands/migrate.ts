import type { Command } from "commander";
import { existsSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { Diagnostic, SourceFile } from "../../diagnostics/diagnostic.js";
import { diag } from "../../diagnostics/messages.js";
import { readSource, writeFileAtomic } from "../../io/fs.js";
import type { Io } from "../../io/io.js";
import { type ExitBox, report } from "../shared.js";

interface MigrateFlags {
  values?: string;
  output: string;
}

/** `akops migrate OLD_SCRIPT [--values provider.yaml] -o provider.yaml` */
export async function runMigrate(io: Io, scriptPath: string, flags: MigrateFlags): Promise<number> {
  const { migrate } = await import("../../migrate/migrate.js");
  const diagnostics: Diagnostic[] = [];
  const read = (p: string): SourceFile | undefined => {
    try {
      return readSource(io.cwd, p);
    } catch (e) {
      diagnostics.push(diag("AK338", [p, (e as NodeJS.ErrnoException).code ?? String(e)]));
      return undefined;
    }
  };
  const script = read(scriptPath);
  const values = flags.values === undefined ? undefined : read(flags.values);
  if (!script || diagnostics.length > 0) return report(io, diagnostics, []);

  const output = resolve(io.cwd, flags.output);
  const pricingAbs = join(dirname(output), "pricing.akp");
  const pricingPath = relative(io.cwd, pricingAbs) || "pricing.akp";
  const result = migrate({ script, ...(values ? { values } : {}), pricingPath, pricingExists: existsSync(pricingAbs) });
  const code = report(io, result.diagnostics, [script, ...(values ? [values] : [])]);
  if (code !== 0 || result.provider === undefined) return code || 1;
  try {
    if (result.pricing !== undefined) writeFileAtomic(pricingAbs, result.pricing);
    writeFileAtomic(output, result.provider);
  } catch (e) {
    return report(io, [diag("AK401", [flags.output, (e as NodeJS.ErrnoException).code ?? String(e)])], []);
  }
  for (const n of result.notes) io.err(`akops: ${n}\n`);
  io.out(`wrote ${flags.output}${result.pricing !== undefined ? ` and ${pricingPath}` : ""}\n`);
  return 0;
}

export function registerMigrate(program: Command, io: Io, exit: ExitBox): void {
  program
    .command("migrate")
    .description("old bid script's TARGET_* prices → provider.yaml price_target_* keys (every other key kept)")
    .argument("<old-script>", "the old bid script (helm get values … | jq -r '.bidpricescript | @base64d')")
    .option("--values <file>", "the current provider.yaml (helm get values akash-provider)")
    .requiredOption("-o, --output <file>", "where to write the new provider.yaml")
    .addHelpText(
      "after",
      `
Example:
  helm -n akash-services get values akash-provider -o json | jq -r '.bidpricescript | @base64d' > old-bid-price-script.sh
  helm -n akash-services get values akash-provider > provider.yaml
  akops migrate old-bid-price-script.sh --values provider.yaml -o provider.yaml`,
    )
    .action(async (script: string, f: MigrateFlags) => {
      exit.code = await runMigrate(io, script, f);
    });
}
