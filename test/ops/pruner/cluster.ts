// Builds kubectl `get deployments,replicasets,pods -A -o json` output shaped like a real Akash provider's:
// lease namespaces, the akash.network labels, ownerReferences with controller=true and uids, revision
// annotations, pod conditions with lastTransitionTime. Used for the bats fixtures, the jq unit tests and
// the benchmark, so that all three see the same shapes.
import { createHash } from "node:crypto";

/** "Now" for every fixture: 2024-05-01T12:00:00Z. */
export const NOW = 1714564800;

/** What one pod of a ReplicaSet is doing. */
export type PodState =
  | "running"
  | "creating" // scheduled, containers being created
  | "image-pull" // scheduled, ImagePullBackOff
  | { insufficient: number } // Unschedulable for lack of resources, since N seconds
  | { unschedulable: number; message: string }; // Unschedulable for another reason, since N seconds

export interface RevisionSpec {
  /** spec.replicas of the ReplicaSet (status.replicas follows the pods). */
  replicas: number;
  pods?: PodState[];
}

export interface DeploymentSpec {
  ns: string;
  name: string;
  /** undefined: the API server's default (25%); null: rollingUpdate left out entirely. */
  maxSurge?: number | string | null;
  strategy?: "RollingUpdate" | "Recreate";
  paused?: boolean;
  /** The spec changed and the controller has not seen it yet. */
  unobserved?: boolean;
  /** Oldest first; the last one is the Deployment's current revision (the new ReplicaSet). */
  revisions: RevisionSpec[];
}

const HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

function digest(seed: string): Buffer {
  return createHash("sha256").update(seed).digest();
}

/** Deterministic, uuid-shaped. */
export function uid(seed: string): string {
  const h = digest(seed).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function hashName(seed: string, length: number): string {
  return [...digest(seed).subarray(0, length)].map((b) => HASH_ALPHABET[b % HASH_ALPHABET.length]).join("");
}

/** A lease namespace as the provider names it (45 lowercase base32 characters). */
export function leaseNs(seed: string): string {
  const alphabet = "abcdefghijklmnopqrstuv0123456789";
  const bytes = Buffer.concat([digest(seed), digest(`${seed}+`)]);
  return [...bytes.subarray(0, 45)].map((b) => alphabet[b % alphabet.length]).join("");
}

function iso(epoch: number): string {
  return new Date(epoch * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function akashLabels(ns: string, service: string): Record<string, string> {
  return { "akash.network": "true", "akash.network/manifest-service": service, "akash.network/namespace": ns };
}

function container(service: string): object {
  return {
    image: "nginx:1.25",
    imagePullPolicy: "IfNotPresent",
    name: service,
    ports: [{ containerPort: 80, protocol: "TCP" }],
    resources: {
      limits: { cpu: "1", memory: "512Mi", "ephemeral-storage": "1Gi" },
      requests: { cpu: "1", memory: "512Mi", "ephemeral-storage": "1Gi" },
    },
  };
}

function podStatus(state: PodState, created: number, service: string): object {
  const cond = (type: string, status: string, at: number, extra: object = {}) => ({
    lastProbeTime: null,
    lastTransitionTime: iso(at),
    ...extra,
    status,
    type,
  });
  if (state === "running") {
    return {
      conditions: [
        cond("Initialized", "True", created),
        cond("Ready", "True", created + 9),
        cond("ContainersReady", "True", created + 9),
        cond("PodScheduled", "True", created),
      ],
      containerStatuses: [
        {
          name: service,
          ready: true,
          restartCount: 0,
          started: true,
          state: { running: { startedAt: iso(created + 8) } },
        },
      ],
      hostIP: "10.0.0.11",
      phase: "Running",
      podIP: "10.233.70.12",
      qosClass: "Guaranteed",
      startTime: iso(created),
    };
  }
  if (state === "creating" || state === "image-pull") {
    const waiting =
      state === "creating"
        ? { reason: "ContainerCreating" }
        : { message: 'Back-off pulling image "nginx:1.25"', reason: "ImagePullBackOff" };
    return {
      conditions: [
        cond("Initialized", "True", created),
        cond("Ready", "False", created, {
          reason: "ContainersNotReady",
          message: `containers with unready status: [${service}]`,
        }),
        cond("ContainersReady", "False", created, {
          reason: "ContainersNotReady",
          message: `containers with unready status: [${service}]`,
        }),
        cond("PodScheduled", "True", created),
      ],
      containerStatuses: [
        {
          image: "nginx:1.25",
          imageID: "",
          lastState: {},
          name: service,
          ready: false,
          restartCount: 0,
          started: false,
          state: { waiting },
        },
      ],
      hostIP: "10.0.0.12",
      phase: "Pending",
      qosClass: "Guaranteed",
      startTime: iso(created),
    };
  }
  const since = "insufficient" in state ? state.insufficient : state.unschedulable;
  const message =
    "insufficient" in state
      ? "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.."
      : state.message;
  return {
    conditions: [cond("PodScheduled", "False", NOW - since, { message, reason: "Unschedulable" })],
    phase: "Pending",
    qosClass: "Guaranteed",
  };
}

/** The Deployment, its ReplicaSets and their pods, as separate API objects. */
export function deploymentObjects(spec: DeploymentSpec): {
  deployments: object[];
  replicaSets: object[];
  pods: object[];
} {
  const { ns, name } = spec;
  const labels = akashLabels(ns, name);
  const depUid = uid(`deployment/${ns}/${name}`);
  const revs = spec.revisions;
  const current = revs.length;
  const desired = revs[revs.length - 1]?.replicas ?? 1;
  const created = NOW - 30 * 86400;
  const strategy =
    spec.strategy === "Recreate"
      ? { type: "Recreate" }
      : spec.maxSurge === null
        ? { type: "RollingUpdate" }
        : {
            rollingUpdate: {
              maxSurge: spec.maxSurge ?? "25%",
              maxUnavailable: spec.maxSurge === 0 || spec.maxSurge === "0" || spec.maxSurge === "0%" ? 1 : "25%",
            },
            type: "RollingUpdate",
          };
  const generation = current + (spec.unobserved ? 1 : 0);

  const replicaSets: object[] = [];
  const pods: object[] = [];
  let total = 0;
  let updated = 0;
  let ready = 0;
  revs.forEach((r, i) => {
    const revision = i + 1;
    const hash = hashName(`${ns}/${name}/${revision}`, 10);
    const rsName = `${name}-${hash}`;
    const rsUid = uid(`replicaset/${ns}/${rsName}`);
    const rsCreated = created + i * 86400;
    const states = r.pods ?? Array.from({ length: r.replicas }, () => "running" as const);
    const running = states.filter((s) => s === "running").length;
    total += states.length;
    ready += running;
    if (revision === current) updated += states.length;
    replicaSets.push({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: {
        annotations: {
          "deployment.kubernetes.io/desired-replicas": String(desired),
          "deployment.kubernetes.io/max-replicas": String(desired + 1),
          "deployment.kubernetes.io/revision": String(revision),
        },
        creationTimestamp: iso(rsCreated),
        generation: 1,
        labels: { ...labels, "pod-template-hash": hash },
        name: rsName,
        namespace: ns,
        ownerReferences: [
          { apiVersion: "apps/v1", blockOwnerDeletion: true, controller: true, kind: "Deployment", name, uid: depUid },
        ],
        resourceVersion: String(100000 + revision),
        uid: rsUid,
      },
      spec: {
        replicas: r.replicas,
        selector: { matchLabels: { ...labels, "pod-template-hash": hash } },
        template: {
          metadata: { labels: { ...labels, "pod-template-hash": hash } },
          spec: { containers: [container(name)] },
        },
      },
      status: {
        ...(running > 0 ? { availableReplicas: running, readyReplicas: running } : {}),
        fullyLabeledReplicas: states.length,
        observedGeneration: 1,
        replicas: states.length,
      },
    });
    states.forEach((state, j) => {
      const podCreated = rsCreated + 60 + j;
      const podName = `${rsName}-${hashName(`${rsName}/${j}`, 5)}`;
      pods.push({
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          creationTimestamp: iso(
            typeof state === "object"
              ? NOW - ("insufficient" in state ? state.insufficient : state.unschedulable)
              : podCreated,
          ),
          generateName: `${rsName}-`,
          labels: { ...labels, "pod-template-hash": hash },
          name: podName,
          namespace: ns,
          ownerReferences: [
            {
              apiVersion: "apps/v1",
              blockOwnerDeletion: true,
              controller: true,
              kind: "ReplicaSet",
              name: rsName,
              uid: rsUid,
            },
          ],
          resourceVersion: String(200000 + revision * 10 + j),
          uid: uid(`pod/${ns}/${podName}`),
        },
        spec: {
          automountServiceAccountToken: false,
          containers: [container(name)],
          dnsPolicy: "ClusterFirst",
          ...(typeof state === "object" ? {} : { nodeName: "node2" }),
          restartPolicy: "Always",
          schedulerName: "default-scheduler",
        },
        status: podStatus(state, podCreated, name),
      });
    });
  });

  const deployment = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      annotations: { "deployment.kubernetes.io/revision": String(current) },
      creationTimestamp: iso(created),
      generation,
      labels,
      name,
      namespace: ns,
      resourceVersion: String(300000 + current),
      uid: depUid,
    },
    spec: {
      ...(spec.paused ? { paused: true } : {}),
      progressDeadlineSeconds: 600,
      replicas: desired,
      revisionHistoryLimit: 10,
      selector: { matchLabels: labels },
      strategy,
      template: { metadata: { labels }, spec: { containers: [container(name)] } },
    },
    status: {
      ...(ready > 0 ? { availableReplicas: ready, readyReplicas: ready } : {}),
      observedGeneration: current,
      replicas: total,
      ...(total - ready > 0 ? { unavailableReplicas: total - ready } : {}),
      updatedReplicas: updated,
    },
  };
  return { deployments: [deployment], replicaSets, pods };
}

type Meta = { metadata: { namespace: string; name: string } };
const byNsName = (a: object, b: object) => {
  const x = (a as Meta).metadata;
  const y = (b as Meta).metadata;
  return x.namespace === y.namespace ? (x.name < y.name ? -1 : 1) : x.namespace < y.namespace ? -1 : 1;
};

/** One kubectl List holding every object, grouped by kind as `kubectl get a,b,c` prints them. */
export function clusterList(specs: DeploymentSpec[]): object {
  const parts = specs.map(deploymentObjects);
  const items = [
    ...parts.flatMap((p) => p.deployments).sort(byNsName),
    ...parts.flatMap((p) => p.replicaSets).sort(byNsName),
    ...parts.flatMap((p) => p.pods).sort(byNsName),
  ];
  return { apiVersion: "v1", items, kind: "List", metadata: { resourceVersion: "" } };
}

/** kubectl's own layout: 4-space indent, final newline. */
export function toKubectlJson(list: object): string {
  return `${JSON.stringify(list, null, 4)}\n`;
}

/** The name of the ReplicaSet of revision `revision` (1-based) of a deployment. */
export function rsName(ns: string, name: string, revision: number): string {
  return `${name}-${hashName(`${ns}/${name}/${revision}`, 10)}`;
}
