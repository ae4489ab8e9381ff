import { shq, shqQuoted } from "../emit/shell-quote.js";
import { fragment, type Fragment } from "../emit/template.js";
import type { Job } from "./jobs.js";

/**
 * The node roles of a cluster, as `install.sh --role` and the Ansible role name them:
 * - `worker`: every node (the zombie reaper);
 * - `control-plane`: the certificate check and rotation script, and the reaper (a control-plane node
 *   runs containers too);
 * - `cluster-once`: jobs that act on the whole cluster through the API (the ReplicaSet pruner, the
 *   Failed-pod cleanup), which must run on exactly one node: N pruners would each delete up to the per-run cap.
 */
export const NODE_ROLES = ["control-plane", "worker", "cluster-once"] as const;
export type NodeRole = (typeof NODE_ROLES)[number];

/** Which roles run each job, by job name. A job missing here is an internal error (see rolesOf). */
const JOB_ROLES: Record<string, readonly NodeRole[]> = {
  "kill-zombie-parents": ["control-plane", "worker"],
  "k8s-certs-check": ["control-plane"],
  "akash-force-new-replicasets": ["cluster-once"],
  "akash-delete-failed-pods": ["cluster-once"],
};

/** The roles that run a job. */
export function rolesOf(job: Pick<Job, "name">): readonly NodeRole[] {
  const roles = JOB_ROLES[job.name];
  if (roles === undefined) throw new Error(`internal: job ${job.name} has no node role (src/package/roles.ts)`);
  return roles;
}

/** The jobs of one role, in jobsOf's order. */
export function jobsOfRole(jobs: readonly Job[], role: NodeRole): Job[] {
  return jobs.filter((j) => rolesOf(j).includes(role));
}

/** Where install.sh and the Ansible role list what they installed, relative to the root. */
export const MANIFEST_PATH = "/var/lib/akops/installed.manifest";

/** The first line of the installed-files manifest (install.sh and the Ansible role write the same bytes). */
export const MANIFEST_TITLE = "# akops installed these files under this root; install.sh --uninstall removes them";

/** install.sh's data for --role, the removal of unselected files and --uninstall (every value through shq). */
export function installRoleSlots(
  jobs: readonly Job[],
): Record<"job_scripts" | "roles" | "role_jobs" | "manifest" | "manifest_title", Fragment> {
  return {
    job_scripts: fragment(jobs.map((j) => `  [${shqQuoted(j.name)}]=${shq(j.script)}\n`).join("")),
    roles: fragment(NODE_ROLES.map((r) => shq(r)).join(" ")),
    role_jobs: fragment(
      NODE_ROLES.map(
        (r) =>
          `  [${shqQuoted(r)}]=${shq(
            jobsOfRole(jobs, r)
              .map((j) => j.name)
              .join(" "),
          )}\n`,
      ).join(""),
    ),
    manifest: fragment(shq(MANIFEST_PATH)),
    manifest_title: fragment(shq(MANIFEST_TITLE)),
  };
}
