import planJq from "../../../templates/bash/akash-force-new-replicasets.jq.tmpl";
import script from "../../../templates/bash/akash-force-new-replicasets.sh.tmpl";
import { shellHeader } from "../../emit/header.js";
import { heredocBody, shellInt, shq } from "../../emit/shell-quote.js";
import { fragment, render } from "../../emit/template.js";
import type { OpsContext } from "../context.js";
import { textfileDirSlot, textfileDirText } from "../metrics/slots.js";

/** The script's file name; also names its lock file. */
export const PRUNER_NAME = "akash-force-new-replicasets";

/** The jq program that makes every decision (exported for the unit tests, which run it on fixtures). */
export const PRUNER_JQ: string = planJq;

/**
 * akash-force-new-replicasets.sh: one kubectl list call, one jq program, one delete per stuck old
 * ReplicaSet. The settings come from `pruner:` and the lock file from `install.run_dir`.
 */
export function generatePruner(ctx: OpsContext): string {
  const p = ctx.config.pruner;
  const lockFile = `${ctx.config.install.run_dir.replace(/\/$/, "")}/${PRUNER_NAME}.lock`;
  return render(
    script,
    {
      header: fragment(shellHeader(ctx.header, `${PRUNER_NAME}.sh [--dry-run] [--no-lock] [-h|--help]`)),
      min_pending_text: fragment(`${p.min_pending} seconds`),
      max_deletions: shellInt(p.max_deletions),
      lock_file_text: fragment(lockFile),
      min_pending: shellInt(p.min_pending),
      request_timeout: shq(`${p.request_timeout}s`),
      lock_file: shq(lockFile),
      textfile_dir_text: textfileDirText(ctx.config),
      textfile_dir: textfileDirSlot(ctx.config),
      plan_jq: heredocBody(planJq, "JQ"),
    },
    "akash-force-new-replicasets.sh.tmpl",
  );
}
