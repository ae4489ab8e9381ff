import type { Diagnostic, SourceFile } from "../../diagnostics/diagnostic.js";
import type { OpsContext } from "../context.js";

export interface PackageInputs {
  /** Everything generated so far (scripts, values), tree-relative paths. */
  files: ReadonlyMap<string, string>;
  sources: readonly SourceFile[];
  diagnostics: Diagnostic[];
}

/** Placeholder until packaging lands: the provider-repo extras (cron.d, systemd, k8s, install.sh, README, lock). */
export function generatePackage(_ctx: OpsContext, _inputs: PackageInputs): Map<string, string> {
  return new Map();
}
