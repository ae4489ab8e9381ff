import planJq from "../../../templates/bash/akash-force-new-replicasets.jq.tmpl";
import keepJq from "../../../templates/bash/akash-force-new-replicasets.stream.jq.tmpl";
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

/** The streaming jq program that keeps only what PRUNER_JQ reads of kubectl's Lists (`jq -nc --stream`). */
export const PRUNER_KEEP_JQ: string = keepJq;

/**
 * akash-force-new-replicasets.sh: two kubectl list calls streamed through two jq programs, one delete per stuck old
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
      keep_jq: heredocBody(keepJq, "JQ"),
      plan_jq: heredocBody(planJq, "JQ"),
    },
    "akash-force-new-replicasets.sh.tmpl",
  );
}
