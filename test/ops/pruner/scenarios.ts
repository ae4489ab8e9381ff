// The clusters behind bats/fixtures/pruner/*.json (written by fixtures.test.ts) and what the pruner must
// delete in each, as "namespace/replicaset".
import { type DeploymentSpec, leaseNs, type PodState, rsName } from "./cluster.js";

/** Unschedulable for lack of cpu for ten minutes: past the default min_pending of two minutes. */
export const STUCK: PodState = { insufficient: 600 };
const TOO_MANY_PODS =
  "0/3 nodes are available: 3 Too many pods. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod..";

/** Old revision running, new revision's pod stuck: the shape the pruner exists for. */
export function stuck(ns: string, name: string, extra: Partial<DeploymentSpec> = {}): DeploymentSpec {
  return { ns, name, revisions: [{ replicas: 1 }, { replicas: 1, pods: [STUCK] }], ...extra };
}

export function steady(ns: string, name: string): DeploymentSpec {
  return { ns, name, revisions: [{ replicas: 0 }, { replicas: 1 }] };
}

export interface Scenario {
  specs: DeploymentSpec[];
  deleted: string[];
}

const A = leaseNs("tenant-a");
const B = leaseNs("tenant-b");
const C = leaseNs("tenant-c");
const D = leaseNs("tenant-d");
const E = leaseNs("tenant-e");

const old = (ns: string, name: string, revision = 1) => `${ns}/${rsName(ns, name, revision)}`;

export const scenarios: Record<string, Scenario> = {
  // One lease, three services: web is stuck, db and cache are fine. The seed deletes db's and cache's
  // live ReplicaSets here, because it keeps only the newest ReplicaSet of the whole namespace.
  "multi-service": {
    specs: [stuck(A, "web"), { ns: A, name: "db", revisions: [{ replicas: 1 }] }, steady(A, "cache")],
    deleted: [old(A, "web")],
  },
  // Three revisions: the first is scaled to 0 (history kept for rollback), the second still runs.
  "stuck-rollout": {
    specs: [{ ns: B, name: "app", revisions: [{ replicas: 0 }, { replicas: 1 }, { replicas: 1, pods: [STUCK] }] }],
    deleted: [old(B, "app", 2)],
  },
  "healthy-rollout": {
    specs: [{ ns: C, name: "api", revisions: [{ replicas: 2 }, { replicas: 1, pods: ["creating"] }] }],
    deleted: [],
  },
  "pending-other": {
    specs: [
      {
        ns: D,
        name: "web",
        revisions: [{ replicas: 1 }, { replicas: 1, pods: [{ unschedulable: 600, message: TOO_MANY_PODS }] }],
      },
      { ns: E, name: "app", revisions: [{ replicas: 1 }, { replicas: 1, pods: ["image-pull"] }] },
    ],
    deleted: [],
  },
  "young-pending": {
    specs: [{ ns: A, name: "web", revisions: [{ replicas: 1 }, { replicas: 1, pods: [{ insufficient: 60 }] }] }],
    deleted: [],
  },
  "max-surge-zero": {
    specs: [
      stuck(A, "int-zero", { maxSurge: 0 }),
      stuck(B, "percent-zero", { maxSurge: "0%" }),
      stuck(C, "recreate", { strategy: "Recreate" }),
    ],
    deleted: [],
  },
  "two-stuck": {
    specs: [stuck(A, "web"), stuck(A, "worker"), steady(A, "db")],
    deleted: [old(A, "web"), old(A, "worker")],
  },
  // Twelve stuck leases; the cap (10) leaves the last two for the next run.
  cap: {
    specs: Array.from({ length: 12 }, (_, i) => stuck(leaseNs(`cap-${String(i).padStart(2, "0")}`), "web")),
    deleted: [],
  },
  // Acceptance 1: multi-service namespace with one stuck service, a healthy rollout, a maxSurge-0
  // deployment in the stuck shape, a pod pending for another reason.
  acceptance: {
    specs: [
      stuck(A, "web"),
      { ns: A, name: "db", revisions: [{ replicas: 1 }] },
      { ns: B, name: "api", revisions: [{ replicas: 2 }, { replicas: 1, pods: ["creating"] }] },
      stuck(C, "frontend", { maxSurge: 0 }),
      {
        ns: D,
        name: "worker",
        revisions: [{ replicas: 1 }, { replicas: 1, pods: [{ unschedulable: 600, message: TOO_MANY_PODS }] }],
      },
    ],
    deleted: [old(A, "web")],
  },
};

// The cap's expected deletions: the first ten in (namespace, deployment) order.
scenarios.cap!.deleted = scenarios
  .cap!.specs.map((s) => old(s.ns, s.name))
  .sort()
  .slice(0, 10);
