import type { Job } from "./package/jobs.js";

/**
 * The node roles of a cluster, as `install.sh --role` and the Ansible role name them:
 * - `worker`: every node (the zombie reaper);
 * - `control-plane`: the certificate check and rotation script, and the reaper (a control-plane node
 *   runs containers too);
 * - `cluster-once`: jobs that act on the whole cluster through the API (the ReplicaSet pruner), which
 *   must run on exactly one node: N pruners would each delete up to the per-run cap.
 */
export const NODE_ROLES = ["control-plane", "worker", "cluster-once"] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

/** Which roles run each job, by job name. A job missing here is an internal error (see rolesOf). */
const JOB_ROLES: Record<string, readonly NodeRole[]> = {
  "kill-zombie-parents": ["control-plane", "worker"],
  "k8s-certs-check": ["control-plane"],
  "akash-force-new-replicasets": ["cluster-once"],
};

/** The roles that run a job. */
export function rolesOf(job: Pick<Job, "name">): readonly NodeRole[] {
  const roles = JOB_ROLES[job.name];
  if (roles === undefined) throw new Error(`internal: job ${job.name} has no node role (src/ops/roles.ts)`);
  return roles;
}

/** The jobs of one role, in jobsOf's order. */
export function jobsOfRole(jobs: readonly Job[], role: NodeRole): Job[] {
  return jobs.filter((j) => rolesOf(j).includes(role));
}

/** Where install.sh and the Ansible role list what they installed, relative to the root. */
export const MANIFEST_PATH = "/var/lib/akops/installed.manifest";
