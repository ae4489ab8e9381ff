import type { Command } from "commander";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { diag } from "../../diagnostics/messages.js";
import { PATHS, type Target } from "../../inputs.js";
import { modeFor, NotRegularFileError, writeFileAtomic } from "../../io/fs.js";
import type { InputFlags } from "../../io/read-inputs.js";
import type { Io } from "../../io/io.js";
import { VERSION } from "../../version.js";
import { compilerFor, type ExitBox, report } from "../shared.js";
import { runGenAll } from "./gen-all.js";

interface GenFlags extends InputFlags {
  output: string;
}

/** A failed write as a diagnostic: a refused non-regular file is AK402, anything else AK401. */
function writeError(out: string, e: unknown): Diagnostic {
  if (e instanceof NotRegularFileError) return diag("AK402", [out, e.what]);
  return diag("AK401", [out, (e as NodeJS.ErrnoException).code ?? String(e)]);
}

/**
 * Compiles one target and writes the chosen files (tree path → output path), atomically; `-` is
 * stdout when a single file is produced. Only regular files are ever replaced.
 */
async function genTo(
  io: Io,
  target: Target,
  flags: InputFlags,
  outputs: (files: Map<string, string>) => [string, string][],
): Promise<number> {
  const [{ readInputs }, compile] = await Promise.all([import("../../io/read-inputs.js"), compilerFor(target)]);
  const diagnostics: Diagnostic[] = [];
  const inputs = readInputs(io, flags, diagnostics);
  if (diagnostics.length > 0) return report(io, diagnostics, []);
  const result = compile(inputs, { version: VERSION, target });
  const code = report(io, result.diagnostics, result.sources);
  if (code !== 0) return code;
  for (const [treePath, out] of outputs(result.files)) {
    const content = result.files.get(treePath) ?? "";
    if (out === "-") {
      io.out(content);
      continue;
    }
    try {
      writeFileAtomic(resolve(io.cwd, out), content, modeFor(treePath));
    } catch (e) {
      return report(io, [writeError(out, e)], []);
    }
  }
  return 0;
}

export function registerGen(program: Command, io: Io, exit: ExitBox): void {
  const gen = program.command("gen").description("generate artifacts");

  gen
    .command("price-script")
    .description("the bash bid-price script for the provider's bidpricescript")
    .option("--config <file>", "provider.yaml (the operator's Helm values)")
    .option("--pricing <file>", "pricing DSL file (wins over provider.yaml)")
    .requiredOption("-o, --output <file>", "where to write the script (- for stdout)")
    .addHelpText(
      "after",
      "\nExample:\n  akops gen price-script --config provider.yaml --pricing pricing.akp -o price_script.sh",
    )
    .action(async (f: GenFlags) => {
      exit.code = await genTo(io, "price-script", f, () => [[PATHS.bidScript, f.output]]);
    });

  gen
    .command("values")
    .description(
      "the Helm values akops owns, as an overlay for your own: bidpricescript (base64) and price_target_* as strings",
    )
    .option("--config <file>", "provider.yaml (the operator's Helm values)")
    .option("--pricing <file>", "pricing DSL file (wins over provider.yaml)")
    .requiredOption("-o, --output <file>", "where to write the overlay (- for stdout)")
    .addHelpText(
      "after",
      "\nExample:\n  akops gen values --config provider.yaml -o akops-values.yaml\n  helm upgrade akash-provider akash/provider -n akash-services -f provider.yaml -f akops-values.yaml",
    )
    .action(async (f: GenFlags) => {
      exit.code = await genTo(io, "values", f, () => [[PATHS.values, f.output]]);
      if (exit.code === 0) {
        const { helmUpgradeCommand } = await import("../../pricing/emit/helm-values.js");
        // With -o - stdout is the overlay itself: the hint goes to stderr.
        const line = `${helmUpgradeCommand(f.output === "-" ? "akops-values.yaml" : f.output, f.config)}\n`;
        if (f.output === "-") io.err(line);
        else io.out(line);
      }
    });

  const opsCommand = (name: "reaper" | "pruner" | "failed-pods", path: string, what: string) =>
    gen
      .command(name)
      .description(what)
      .option("--ops <file>", "ops settings (YAML); defaults when omitted")
      .requiredOption("-o, --output <file>", "where to write the script (- for stdout)")
      .addHelpText("after", `\nExample:\n  akops gen ${name} --ops ops.yaml -o ${path.split("/").pop()}`)
      .action(async (f: GenFlags) => {
        exit.code = await genTo(io, name, f, () => [[path, f.output]]);
      });
  opsCommand("reaper", PATHS.reaper, "kill-zombie-parents.sh: reaps zombies under container processes, safely");
  opsCommand(
    "pruner",
    PATHS.pruner,
    "akash-force-new-replicasets.sh: deletes only ReplicaSets stuck behind an unschedulable rollout",
  );
  opsCommand(
    "failed-pods",
    PATHS.failedPods,
    "akash-delete-failed-pods.sh: deletes old Failed pods in Akash lease namespaces (support#275)",
  );

  gen
    .command("cert-rotate")
    .description("k8s-cert-rotate.sh and cert-rotation-runbook.md")
    .option("--ops <file>", "ops settings (YAML); defaults when omitted")
    .requiredOption("-o, --output <dir>", "directory for the script and the runbook")
    .addHelpText("after", "\nExample:\n  akops gen cert-rotate --ops ops.yaml -o out/")
    .action(async (f: GenFlags) => {
      if (f.output === "-") {
        report(io, [diag("AK406", ["gen cert-rotate", "two files (the script and the runbook)"])], []);
        exit.code = 2;
        return;
      }
      const dir = resolve(io.cwd, f.output);
      if (existsSync(dir) && !statSync(dir).isDirectory()) {
        // -o names a directory (the script and the runbook go into it), not a file.
        exit.code = report(io, [diag("AK394", [`-o ${f.output}`])], []);
        return;
      }
      exit.code = await genTo(io, "cert-rotate", f, () => [
        [PATHS.certRotate, join(f.output, "k8s-cert-rotate.sh")],
        [PATHS.runbook, join(f.output, "cert-rotation-runbook.md")],
      ]);
    });

  gen
    .command("all")
    .description("the whole provider-repo tree: bid script, Helm values, ops scripts, cron.d, systemd, k8s, install.sh")
    .option("--config <file>", "provider.yaml (default: ./provider.yaml if present, else the shipped example)")
    .option("--pricing <file>", "pricing DSL file")
    .option("--ops <file>", "ops settings (YAML)")
    .option("--out <dir>", "output directory", "provider-repo")
    .addHelpText(
      "after",
      "\nExample:\n  akops gen all --config provider.yaml --pricing pricing.akp --ops ops.yaml --out provider-repo",
    )
    .action(async (f: InputFlags & { out: string }) => {
      exit.code = await runGenAll(io, f);
    });
}
