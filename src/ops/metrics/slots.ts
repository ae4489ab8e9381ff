import { shq } from "../../emit/shell-quote.js";
import { type Fragment, fragment } from "../../emit/template.js";
import type { OpsConfig } from "../settings.js";

/**
 * The `DEFAULT_TEXTFILE_DIR` value of a script that includes prelude/metrics: the configured
 * directory quoted, or '' (off). `rootVar` prefixes it with a host-root variable (the cert script's
 * `$ROOT`), only when metrics are on.
 */
export function textfileDirSlot(config: OpsConfig, rootVar?: string): Fragment {
  const dir = config.metrics.textfile_dir;
  if (dir === "") return fragment("''");
  return fragment(rootVar ? `"$${rootVar}"${shq(dir)}` : shq(dir));
}

/** The directory for a script's comments: the configured path (absPath()-checked, safe as text) or "off". */
export function textfileDirText(config: OpsConfig): Fragment {
  return fragment(config.metrics.textfile_dir === "" ? "off" : config.metrics.textfile_dir);
}
