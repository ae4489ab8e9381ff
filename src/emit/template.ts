import certsCheckOneTmpl from "../../templates/bash/certs/check-one.sh.tmpl";
import certsMetricsTmpl from "../../templates/bash/certs/metrics.sh.tmpl";
import certsNotAfterTmpl from "../../templates/bash/certs/not-after.sh.tmpl";
import dieTmpl from "../../templates/bash/prelude/die.sh.tmpl";
import lockTmpl from "../../templates/bash/prelude/lock.sh.tmpl";
import logTmpl from "../../templates/bash/prelude/log.sh.tmpl";
import exitTmpl from "../../templates/bash/prelude/exit.sh.tmpl";
import metricsTmpl from "../../templates/bash/prelude/metrics.sh.tmpl";
import strictTmpl from "../../templates/bash/prelude/strict.sh.tmpl";
import usageTmpl from "../../templates/bash/prelude/usage.sh.tmpl";
import type { HeredocBody, ShellIdent, ShellInt, ShellWord } from "./shell-quote.js";

/** Text produced by a TS emitter from already-quoted parts (a data block, a list of lines). */
export type Fragment = string & { readonly __brand: "Fragment" };

export type Slot = ShellWord | ShellInt | ShellIdent | HeredocBody | Fragment;

/** Marks emitter-built text as a fragment. Callers must have quoted every value inside it. */
export function fragment(text: string): Fragment {
  return text as Fragment;
}

/**
 * The shared bash prelude (templates/bash/prelude/), which script templates include line by line with
 * `{{>prelude/NAME}}`, each only the parts it uses: `strict` (set -euo pipefail and the bash floor),
 * `die`, `usage` (usage_error, print_usage), `lock` (take_lock on $LOCK_FILE), `log` (logfmt) and
 * `metrics` (the node_exporter textfile written by an EXIT trap; needs `log` and $DEFAULT_TEXTFILE_DIR).
 * Beside it, the parts the kubeadm and k3s certificate scripts share (templates/bash/certs/):
 * `not-after` (notAfter read in bash), `check-one` (kubeconfig_cert, check_row, check_one) and
 * `metrics` (each certificate's notAfter and missing flag).
 * Fragments are fixed text: no slots, no includes of their own.
 */
export const PARTIALS: Readonly<Record<string, string>> = {
  "prelude/strict": strictTmpl,
  "prelude/die": dieTmpl,
  "prelude/usage": usageTmpl,
  "prelude/lock": lockTmpl,
  "prelude/log": logTmpl,
  "prelude/exit": exitTmpl,
  "prelude/metrics": metricsTmpl,
  "certs/not-after": certsNotAfterTmpl,
  "certs/check-one": certsCheckOneTmpl,
  "certs/metrics": certsMetricsTmpl,
};

const SLOT = /\{\{([a-z][a-z0-9_]*)\}\}/g;
const INCLUDE = /\{\{>([a-z][a-z0-9_/-]*)\}\}\n/g;

/**
 * Replaces every `{{>name}}` with that fragment. An include ends its line (the fragment brings its own
 * newline; `{{header}}{{>prelude/strict}}` is fine); an unknown name is an internal error.
 */
function expandIncludes(template: string, name: string): string {
  const out = template.replace(INCLUDE, (_, key: string) => {
    const text = PARTIALS[key];
    if (text === undefined) throw new Error(`internal: ${name}: unknown include {{>${key}}}`);
    return text;
  });
  if (out.includes("{{>")) throw new Error(`internal: ${name}: an include must end its line`);
  return out;
}

/**
 * Fills a logic-less template's `{{slot}}`s, after putting in the prelude fragments it includes. A slot
 * the template names but the caller did not give, or one the caller gave but the template does not use,
 * is an internal error: templates and emitters must change together.
 */
export function render(template: string, slots: Record<string, Slot>, name = "template"): string {
  const used = new Set<string>();
  const out = expandIncludes(template, name).replace(SLOT, (_, key: string) => {
    const value = slots[key];
    if (value === undefined) throw new Error(`internal: ${name}: unknown slot {{${key}}}`);
    used.add(key);
    return value;
  });
  const unused = Object.keys(slots).filter((k) => !used.has(k));
  if (unused.length > 0) throw new Error(`internal: ${name}: unused slot(s) ${unused.join(", ")}`);
  return out;
}
