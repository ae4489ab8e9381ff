import planJq from "../../../templates/bash/akash-delete-failed-pods.jq.tmpl";
import script from "../../../templates/bash/akash-delete-failed-pods.sh.tmpl";
import { shellHeader } from "../../emit/header.js";
import { heredocBody, shellInt, shq } from "../../emit/shell-quote.js";
import { fragment, render } from "../../emit/template.js";
import type { OpsContext } from "../context.js";
import { textfileDirSlot, textfileDirText } from "../metrics/slots.js";

/** The script's file name; also names its lock file, its job and its logger tag. */
export const FAILED_PODS_NAME = "akash-delete-failed-pods";

/** The jq program that makes every decision (exported for the unit tests). */
export const FAILED_PODS_JQ: string = planJq;

/**
 * akash-delete-failed-pods.sh (akash-network/support#275): two list calls (lease namespaces, Failed
 * pods), one jq program, one delete call per namespace batch. Settings from `failed_pods:`, the lock
 * file from `install.run_dir`.
 */
export function generateFailedPods(ctx: OpsContext): string {
  const f = ctx.config.failed_pods;
  const lockFile = `${ctx.config.install.run_dir.replace(/\/$/, "")}/${FAILED_PODS_NAME}.lock`;
  return render(
    script,
    {
      header: fragment(shellHeader(ctx.header, `${FAILED_PODS_NAME}.sh [--dry-run] [--no-lock] [-h|--help]`)),
      min_age_text: fragment(`${f.min_age} seconds`),
      max_deletions: shellInt(f.max_deletions),
      // absPath() admits only [A-Za-z0-9_@%+=:,./-], so the path is safe as comment text too.
      lock_file_text: fragment(lockFile),
      textfile_dir_text: textfileDirText(ctx.config),
      min_age: shellInt(f.min_age),
      request_timeout: shq(`${f.request_timeout}s`),
      lock_file: shq(lockFile),
      textfile_dir: textfileDirSlot(ctx.config),
      plan_jq: heredocBody(planJq, "JQ"),
    },
    `${FAILED_PODS_NAME}.sh.tmpl`,
  );
}
