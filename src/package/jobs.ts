import { PATHS } from "../inputs.js";
import type { OpsConfig } from "../ops/settings.js";

/** One scheduled job of the provider repo: a generated script run by cron.d, systemd or Kubernetes. */
export interface Job {
  /** cron.d file name, systemd unit name, logger tag, lock name: `^[A-Za-z0-9_-]+$`. */
  name: string;
  /** The script inside the tree (one of PATHS). */
  script: string;
  /** Arguments after the script (plain words, no quoting needed). */
  args: readonly string[];
  /** The configured schedule and where it is set in ops.yaml. */
  schedule: string;
  setting: string;
  /** One line for unit descriptions and the README. */
  description: string;
}

/** The jobs, in the order cron.d, systemd and the README list them. */
export function jobsOf(config: OpsConfig): Job[] {
  return [
    {
      name: "akash-force-new-replicasets",
      script: PATHS.pruner,
      args: [],
      schedule: config.pruner.schedule,
      setting: "pruner.schedule",
      description: "delete the old ReplicaSets of Akash deployments stuck behind an unschedulable rollout",
    },
    {
      name: "akash-delete-failed-pods",
      script: PATHS.failedPods,
      args: [],
      schedule: config.failed_pods.schedule,
      setting: "failed_pods.schedule",
      description: "delete old Failed pods in Akash lease namespaces",
    },
    {
      name: "kill-zombie-parents",
      script: PATHS.reaper,
      args: [],
      schedule: config.reaper.schedule,
      setting: "reaper.schedule",
      description: "reap zombie processes left under container processes",
    },
    {
      name: "k8s-certs-check",
      script: PATHS.certRotate,
      args: ["check"],
      schedule: config.certs.check_schedule,
      setting: "certs.check_schedule",
      description: "check the expiry of the Kubernetes control-plane certificates",
    },
  ];
}

/** Where a tree file goes on a node (install.sh and `verify --installed`), or undefined if it stays in the repo. */
export function installedPath(config: OpsConfig, treePath: string): { path: string; mode: number } | undefined {
  const base = treePath.slice(treePath.lastIndexOf("/") + 1);
  if (/^bin\/[^/]+\.sh$/.test(treePath)) return { path: `${config.install.bin_dir}/${base}`, mode: 0o755 };
  if (/^cron\.d\/[^/]+$/.test(treePath)) return { path: `${config.install.cron_dir}/${base}`, mode: 0o644 };
  if (/^systemd\/[^/]+\.(service|timer)$/.test(treePath))
    return { path: `${config.install.systemd_dir}/${base}`, mode: 0o644 };
  return undefined;
}
