import script from "../../../templates/bash/kill-zombie-parents.sh.tmpl";
import { shellHeader } from "../../emit/header.js";
import { shellInt, shq } from "../../emit/shell-quote.js";
import { fragment, render } from "../../emit/template.js";
import type { OpsContext } from "../context.js";
import { textfileDirSlot, textfileDirText } from "../metrics/slots.js";

/** The script's file name (the seed's, with dashes); also names its lock file and its logger tag. */
export const REAPER_NAME = "kill-zombie-parents";

/** The reaper's lock file: one path on the host, shared by the cron/systemd runs and the DaemonSet. */
export function reaperLockFile(ctx: OpsContext): string {
  return `${ctx.config.install.run_dir.replace(/\/$/, "")}/${REAPER_NAME}.lock`;
}

/**
 * kill-zombie-parents.sh: one pass over /proc with bash builtins, zombies grouped by parent, only
 * tenant container parents signalled (SIGCHLD, then SIGTERM and SIGKILL), every signal preceded by a
 * re-read of the parent's stat, nothing forked on the way. The waits, the threshold and the scope come
 * from `reaper:`, the lock file (`NAME.lock`) lives in `install.run_dir`.
 */
export function generateReaper(ctx: OpsContext): string {
  const r = ctx.config.reaper;
  const lockFile = reaperLockFile(ctx);
  const words = (list: readonly string[]) => fragment(list.map((n) => shq(n)).join(" "));
  const scopeText =
    r.scope === "all"
      ? "every namespace"
      : `Akash lease namespaces${r.namespaces_allow.length > 0 ? ` and ${r.namespaces_allow.join(", ")}` : ""}`;
  return render(
    script,
    {
      header: fragment(shellHeader(ctx.header, `${REAPER_NAME}.sh [--dry-run] [--every SECONDS] [-h|--help]`)),
      wait_chld: shellInt(r.wait_chld),
      wait_term: shellInt(r.wait_term),
      wait_kill: shellInt(r.wait_kill),
      init_kill_threshold: shellInt(r.init_kill_threshold),
      scope: shq(r.scope),
      // Namespace names are RFC 1123 labels and paths pass absPath(): safe as comment text too.
      scope_text: fragment(scopeText + (r.namespaces_deny.length > 0 ? `, never ${r.namespaces_deny.join(", ")}` : "")),
      namespaces_allow: words(r.namespaces_allow),
      namespaces_deny: words(r.namespaces_deny),
      unknown_pod: shq(r.unknown_pod),
      unknown_pod_text: fragment(
        r.unknown_pod === "act" ? "acted on (reaper.unknown_pod: act)" : "left alone (reaper.unknown_pod: skip)",
      ),
      pod_logs_dir: shq(r.pod_logs_dir),
      pod_logs_dir_text: fragment(r.pod_logs_dir),
      lock_file_text: fragment(lockFile),
      lock_file: shq(lockFile),
      textfile_dir_text: textfileDirText(ctx.config),
      textfile_dir: textfileDirSlot(ctx.config, "ROOT"),
    },
    `${REAPER_NAME}.sh.tmpl`,
  );
}
