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

/**
 * Where the lock says an input is, so `akops verify` finds it from anywhere: a POSIX path relative to
 * the tree, or the name of one of the examples shipped with akops.
 */
export type InputLocation = { path: string } | { shipped: string };
export type InputLocations = Partial<Record<"provider" | "pricing" | "ops", InputLocation>>;

/** What to produce: one artifact, or the whole provider-repo tree. */
export type Target = "price-script" | "values" | "reaper" | "pruner" | "failed-pods" | "cert-rotate" | "all";

/** The targets the pricing half of the compiler makes on its own (src/compile-pricing.ts). */
export function isPricingTarget(target: Target): target is "price-script" | "values" {
  return target === "price-script" || target === "values";
}

/** Paths of the artifacts inside the generated tree (the one copy: generators, package, CLI and tests read them here). */
export const PATHS = {
  bidScript: "bid/price_script.sh",
  /** The overlay of what akops owns (bidpricescript, price_target_*), layered over the operator's own values. */
  values: "helm/akops-values.yaml",
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
