import type { SourceFile } from "./diagnostics/diagnostic.js";

/** The three inputs of a compile, by role. */
export interface CompileInputs {
  /** The operator's Helm values (provider.yaml). Without it every price takes the reference's default. */
  provider?: SourceFile;
  /** The pricing DSL file. */
  pricing?: SourceFile;
  /** ops.yaml: schedules, waits, thresholds, paths. */
  ops?: SourceFile;
}

/** What to produce: one artifact, or the whole provider-repo tree. */
export type Target = "price-script" | "values" | "reaper" | "pruner" | "failed-pods" | "cert-rotate" | "all";

/** Paths of the artifacts inside the generated tree (the one copy: generators, package, CLI and tests read them here). */
export const PATHS = {
  bidScript: "bid/price_script.sh",
  values: "helm/provider-values.yaml",
  upgrade: "helm/upgrade.sh",
  reaper: "bin/kill-zombie-parents.sh",
  pruner: "bin/akash-force-new-replicasets.sh",
  failedPods: "bin/akash-delete-failed-pods.sh",
  certRotate: "bin/k8s-cert-rotate.sh",
  runbook: "docs/cert-rotation-runbook.md",
  rules: "prometheus/akops-rules.yaml",
  install: "install.sh",
  readme: "README.md",
  lock: "akops.lock.json",
} as const;

/** The command that regenerates the tree from the same inputs, written into every header. */
export function regenerateCommand(inputs: CompileInputs): string {
  const parts = ["akops gen all"];
  if (inputs.provider) parts.push(`--config ${inputs.provider.path}`);
  if (inputs.pricing) parts.push(`--pricing ${inputs.pricing.path}`);
  if (inputs.ops) parts.push(`--ops ${inputs.ops.path}`);
  return parts.join(" ");
}
