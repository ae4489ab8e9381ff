import script from "../../../templates/bash/kill-zombie-parents.sh.tmpl";
import { shellHeader } from "../../emit/header.js";
import { shellInt, shq } from "../../emit/shell-quote.js";
import { fragment, render } from "../../emit/template.js";
import type { OpsContext } from "../context.js";
import { textfileDirSlot, textfileDirText } from "../metrics/slots.js";

/** The script's file name (the seed's, with dashes); also names its lock file and its logger tag. */
export const REAPER_NAME = "kill-zombie-parents";

/**
 * kill-zombie-parents.sh: one pass over /proc with bash builtins, zombies grouped by parent, only
 * container parents signalled (SIGCHLD, then SIGTERM and SIGKILL), every signal preceded by a re-read
 * of the parent's stat. The waits and the init threshold come from `reaper:`, the lock file
 * (`NAME.lock`) lives in `install.run_dir`.
 */
export function generateReaper(ctx: OpsContext): string {
  const r = ctx.config.reaper;
  const lockFile = `${ctx.config.install.run_dir.replace(/\/$/, "")}/${REAPER_NAME}.lock`;
  return render(
    script,
    {
      header: fragment(shellHeader(ctx.header, `${REAPER_NAME}.sh [--dry-run] [-h|--help]`)),
      wait_chld: shellInt(r.wait_chld),
      wait_term: shellInt(r.wait_term),
      wait_kill: shellInt(r.wait_kill),
      init_kill_threshold: shellInt(r.init_kill_threshold),
      // absPath() admits only [A-Za-z0-9_@%+=,./-], so the path is safe as comment text too.
      lock_file_text: fragment(lockFile),
      lock_file: shq(lockFile),
      textfile_dir_text: textfileDirText(ctx.config),
      textfile_dir: textfileDirSlot(ctx.config),
    },
    `${REAPER_NAME}.sh.tmpl`,
  );
}
