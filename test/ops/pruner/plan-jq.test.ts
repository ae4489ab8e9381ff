// The pruner's jq program, run by jq on kubectl-shaped input: every rule of issue 4, one case each.
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { PRUNER_JQ, PRUNER_KEEP_JQ } from "../../../src/ops/pruner/generate.js";
import { clusterList, type DeploymentSpec, leaseNs, NOW, rsName } from "./cluster.js";
import { scenarios, steady, stuck } from "./scenarios.js";

interface Item {
  kind: string;
  metadata: Record<string, unknown> & {
    name: string;
    namespace: string;
    uid: string;
    ownerReferences?: Record<string, unknown>[];
  };
  spec: Record<string, unknown>;
  status: Record<string, unknown>;
}
type List = { items: Item[] };

interface Record_ {
  action: string;
  ns: string;
  rs: string;
  body: string;
  fields: Record<string, string>;
}

/** What the script's two list calls print for this cluster: Deployments and ReplicaSets; then Pods (all of them, the jq must filter). */
function kubectlOutput(list: unknown): string {
  const l = list as { items: { kind: string }[] };
  const of = (kinds: string[]) =>
    JSON.stringify({ ...l, items: l.items.filter((i) => kinds.includes(i.kind)) }, null, 4);
  return `${of(["Deployment", "ReplicaSet"])}\n${of(["Pod"])}\n`;
}

/** The script's pipeline: the streaming jq, then the decision. */
function runJq(input: string, opts: { now?: number; minPending?: number; max?: number } = {}) {
  const kept = spawnSync("jq", ["-nc", "--stream", PRUNER_KEEP_JQ], { input, encoding: "utf8" });
  if (kept.status !== 0) return kept;
  return spawnSync(
    "jq",
    [
      "-nr",
      "--argjson",
      "now",
      String(opts.now ?? NOW),
      "--argjson",
      "min_pending",
      String(opts.minPending ?? 120),
      "--argjson",
      "max_deletions",
      String(opts.max ?? 10),
      "--argjson",
      "lists",
      "2",
      PRUNER_JQ,
    ],
    { input: kept.stdout, encoding: "utf8" },
  );
}

function plan(list: unknown, opts: { now?: number; minPending?: number; max?: number } = {}): Record_[] {
  const r = runJq(kubectlOutput(list), opts);
  if (r.status !== 0) throw new Error(`jq failed: ${r.stderr}`);
  const out = r.stdout;
  return out
    .trimEnd()
    .split("\n")
    .map((line) => {
      const [action = "", ns = "", rs = "", body = "", logfmt = ""] = line.split("\t");
      const fields = Object.fromEntries(logfmt.split(" ").map((kv) => kv.split("=") as [string, string]));
      return { action, ns, rs, body, fields };
    });
}

const deletions = (records: Record_[]) => records.filter((r) => r.action === "delete").map((r) => `${r.ns}/${r.rs}`);
const reasonOf = (records: Record_[], deployment: string) =>
  records.find((r) => r.fields.deployment === deployment)?.fields.reason;
const list = (specs: DeploymentSpec[]) => clusterList(specs) as unknown as List;
const NS = leaseNs("unit");
const oldRs = (name: string, revision = 1, ns = NS) => `${ns}/${rsName(ns, name, revision)}`;

describe("the scenarios behind the bats fixtures", () => {
  test.each(Object.entries(scenarios))("%s", (_, s) => {
    expect(deletions(plan(clusterList(s.specs)))).toEqual(s.deleted);
  });
});

describe("maxSurge and strategy", () => {
  test.each([
    [0, "max-surge-zero"],
    ["0", "max-surge-zero"],
    ["0%", "max-surge-zero"],
    [1, "unschedulable-insufficient"],
    ["1%", "unschedulable-insufficient"],
    ["25%", "unschedulable-insufficient"],
    ["10", "unschedulable-insufficient"],
    [null, "unschedulable-insufficient"], // rollingUpdate left out: Kubernetes' default 25%
  ] as const)("maxSurge %j → %s", (maxSurge, reason) => {
    expect(reasonOf(plan(clusterList([stuck(NS, "web", { maxSurge })])), "web")).toBe(reason);
  });

  test("a strategy with no rollingUpdate block at all surges by the default", () => {
    const l = list([stuck(NS, "web")]);
    for (const i of l.items) if (i.kind === "Deployment") i.spec.strategy = {};
    expect(deletions(plan(l))).toEqual([oldRs("web")]);
  });

  test("Recreate never surges", () => {
    expect(reasonOf(plan(clusterList([stuck(NS, "web", { strategy: "Recreate" })])), "web")).toBe("recreate-strategy");
  });
});

describe("which deployments are acted on", () => {
  test("a paused deployment is skipped", () => {
    expect(reasonOf(plan(clusterList([stuck(NS, "web", { paused: true })])), "web")).toBe("paused");
  });

  test("a spec change the controller has not observed yet is skipped", () => {
    expect(reasonOf(plan(clusterList([stuck(NS, "web", { unobserved: true })])), "web")).toBe("not-observed");
  });

  test("a deployment being deleted is skipped", () => {
    const l = list([stuck(NS, "web")]);
    for (const i of l.items) if (i.kind === "Deployment") i.metadata.deletionTimestamp = "2024-05-01T11:59:00Z";
    expect(reasonOf(plan(l), "web")).toBe("deployment-deleting");
  });

  test("without a revision annotation there is no new ReplicaSet to trust", () => {
    const l = list([stuck(NS, "web")]);
    for (const i of l.items)
      if (i.kind === "Deployment")
        delete (i.metadata.annotations as Record<string, string>)["deployment.kubernetes.io/revision"];
    expect(deletions(plan(l))).toEqual([]);
    expect(reasonOf(plan(l), "web")).toBe("no-new-replicaset");
  });

  test("a stuck pod with nothing old to free is logged, not acted on", () => {
    const records = plan(
      clusterList([
        { ns: NS, name: "web", revisions: [{ replicas: 0 }, { replicas: 1, pods: [{ insufficient: 600 }] }] },
      ]),
    );
    expect(reasonOf(records, "web")).toBe("no-old-replicas");
    expect(deletions(records)).toEqual([]);
  });

  test("steady deployments produce no record, only the summary", () => {
    expect(plan(clusterList([steady(NS, "web"), steady(NS, "db")])).map((r) => r.action)).toEqual(["summary"]);
  });

  test("an empty cluster is a summary of nothing", () => {
    expect(plan({ apiVersion: "v1", items: [], kind: "List", metadata: { resourceVersion: "" } })).toEqual([
      {
        action: "summary",
        ns: "-",
        rs: "-",
        body: "-",
        fields: { action: "summary", deployments: "0", decisions: "0", planned: "0", capped: "0" },
      },
    ]);
  });
});

describe("which pods count as stuck", () => {
  const withPod = (mutate: (pod: Item) => void) => {
    const l = list([stuck(NS, "web")]);
    for (const i of l.items) if (i.kind === "Pod" && i.status.phase === "Pending") mutate(i);
    return l;
  };
  const condition = (pod: Item) => (pod.status.conditions as Record<string, unknown>[])[0]!;

  test("exactly min_pending old counts; one second younger does not", () => {
    expect(deletions(plan(list([stuck(NS, "web")]), { minPending: 600 }))).toEqual([oldRs("web")]);
    expect(deletions(plan(list([stuck(NS, "web")]), { minPending: 601 }))).toEqual([]);
  });

  test("fractional seconds in lastTransitionTime are read", () => {
    expect(deletions(plan(withPod((p) => (condition(p).lastTransitionTime = "2024-05-01T11:50:00.123456Z"))))).toEqual([
      oldRs("web"),
    ]);
  });

  test("an unreadable lastTransitionTime counts as just now", () => {
    const records = plan(withPod((p) => (condition(p).lastTransitionTime = "yesterday")));
    expect(deletions(records)).toEqual([]);
    expect(reasonOf(records, "web")).toBe("pending-too-young");
  });

  test("a message without 'Insufficient' does not count", () => {
    const records = plan(
      withPod(
        (p) => (condition(p).message = "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector."),
      ),
    );
    expect(reasonOf(records, "web")).toBe("pending-other");
  });

  test("a reason other than Unschedulable does not count", () => {
    expect(deletions(plan(withPod((p) => (condition(p).reason = "SchedulerError"))))).toEqual([]);
  });

  test("a pod that is no longer Pending does not count", () => {
    expect(deletions(plan(withPod((p) => (p.status.phase = "Running"))))).toEqual([]);
  });

  test("a stuck pod of an OLD ReplicaSet does not count", () => {
    const records = plan(
      clusterList([
        { ns: NS, name: "web", revisions: [{ replicas: 1, pods: [{ insufficient: 600 }] }, { replicas: 1 }] },
      ]),
    );
    expect(deletions(records)).toEqual([]);
  });

  test("a pod whose owner is not the controller does not count", () => {
    expect(deletions(plan(withPod((p) => (p.metadata.ownerReferences![0]!.controller = false))))).toEqual([]);
  });
});

describe("which ReplicaSets are deleted", () => {
  test("an old ReplicaSet whose status still shows pods counts, even at spec.replicas 0", () => {
    const l = list([stuck(NS, "web")]);
    for (const i of l.items)
      if (i.kind === "ReplicaSet" && i.metadata.name === rsName(NS, "web", 1)) i.spec.replicas = 0;
    expect(deletions(plan(l))).toEqual([oldRs("web")]);
  });

  test("an old ReplicaSet already being deleted is not deleted again", () => {
    const l = list([stuck(NS, "web")]);
    for (const i of l.items)
      if (i.kind === "ReplicaSet" && i.metadata.name === rsName(NS, "web", 1))
        i.metadata.deletionTimestamp = "2024-05-01T11:59:00Z";
    expect(deletions(plan(l))).toEqual([]);
  });

  test("ReplicaSets are matched by owner uid, not by name: a same-named deployment elsewhere is untouched", () => {
    const other = leaseNs("other");
    const l = list([stuck(NS, "web"), { ns: other, name: "web", revisions: [{ replicas: 1 }, { replicas: 1 }] }]);
    expect(deletions(plan(l))).toEqual([oldRs("web")]);
  });

  test("a ReplicaSet without a controller owner is never deleted", () => {
    const l = list([stuck(NS, "web")]);
    const orphan = structuredClone(l.items.find((i) => i.kind === "ReplicaSet")!);
    orphan.metadata.name = "web-orphan";
    orphan.metadata.uid = "orphan-uid";
    delete orphan.metadata.ownerReferences;
    l.items.push(orphan);
    expect(deletions(plan(l))).toEqual([oldRs("web")]);
  });

  test("the cap counts ReplicaSets, in namespace then deployment order, the rest logged as max-deletions", () => {
    const specs = ["c", "a", "b"].map((n) => stuck(NS, n));
    const records = plan(clusterList(specs), { max: 2 });
    expect(deletions(records)).toEqual([oldRs("a"), oldRs("b")]);
    expect(records.filter((r) => r.fields.reason === "max-deletions").map((r) => `${r.ns}/${r.rs}`)).toEqual([
      oldRs("c"),
    ]);
    expect(records.at(-1)!.fields).toMatchObject({ planned: "2", capped: "1" });
  });

  test("a name kubectl could take for an option is refused", () => {
    const l = list([stuck(NS, "web")]);
    for (const i of l.items)
      if (i.kind === "ReplicaSet" && i.metadata.name === rsName(NS, "web", 1)) i.metadata.name = "--all";
    expect(reasonOf(plan(l), "web")).toBe("invalid-name");
    expect(deletions(plan(l))).toEqual([]);
  });
});

describe("bad input fails jq, so the script deletes nothing", () => {
  const good = kubectlOutput(clusterList([stuck(NS, "web")]));
  const [workloads = "", pods = ""] = good.split(/\n(?=\{)/);
  test("the good input deletes (so the cases below fail for their own reason)", () => {
    expect(runJq(good).stdout).toMatch(/^delete/m);
  });
  test.each([
    ["not JSON", "No resources found\n"],
    ["not a List", '{"kind":"Deployment"}\n{"kind":"Deployment"}'],
    ["items not a list", '{"items":{"a":{"kind":"Deployment"}},"kind":"List"}\n{"items":[],"kind":"List"}'],
    ["one List only", workloads],
    ["the first List twice", `${workloads}\n${workloads}\n${pods}`],
    ["truncated", good.slice(0, good.length / 2)],
    [
      "a List of another kind",
      `${workloads}\n${pods.replace(/"kind": "List"\s*,?\s*("metadata"[^}]*\})?\s*\}\s*$/, '"kind": "Status"}')}`,
    ],
  ])("%s", (_, input) => {
    const r = runJq(input);
    expect(r.status).not.toBe(0);
    expect(r.stdout).not.toMatch(/^delete/m);
  });
});

describe("the streaming jq keeps only what the decision reads", () => {
  test("an item's spec.template, labels, managedFields and container specs are not kept", () => {
    const l = list([stuck(NS, "web")]);
    for (const i of l.items)
      i.metadata.managedFields = [{ manager: "kube-controller-manager", fieldsV1: { "f:status": {} } }];
    const r = spawnSync("jq", ["-nc", "--stream", PRUNER_KEEP_JQ], { input: kubectlOutput(l), encoding: "utf8" });
    expect(r.status).toBe(0);
    const kept = r.stdout
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(kept.filter((k) => "list" in k)).toEqual([{ list: "List" }, { list: "List" }]);
    expect(kept.filter((k) => "kind" in k)).toHaveLength(l.items.length);
    for (const k of kept) {
      expect(JSON.stringify(k)).not.toMatch(/"template"|"labels"|"managedFields"|"containers"|"image"|"selector"/);
    }
    expect(r.stdout.length * 5).toBeLessThan(kubectlOutput(l).length);
  });

  test("a one-item List followed by another one-item List gives two objects, not one merged", () => {
    const input =
      '{"items":[{"kind":"Deployment","metadata":{"name":"a"}}],"kind":"List"}\n{"items":[{"kind":"Pod","metadata":{"name":"b"}}],"kind":"List"}';
    const r = spawnSync("jq", ["-nc", "--stream", PRUNER_KEEP_JQ], { input, encoding: "utf8" });
    expect(r.stdout).toBe(
      '{"kind":"Deployment","metadata":{"name":"a"}}\n{"list":"List"}\n{"kind":"Pod","metadata":{"name":"b"}}\n{"list":"List"}\n',
    );
  });
});

describe("the delete's preconditions", () => {
  test("each delete carries the listed uid and resourceVersion of that ReplicaSet, and Background propagation", () => {
    const l = list([stuck(NS, "web")]);
    const rs = l.items.find((i) => i.kind === "ReplicaSet" && i.metadata.name === rsName(NS, "web", 1))!;
    rs.metadata.resourceVersion = "987654";
    const [d] = plan(l).filter((r) => r.action === "delete");
    expect(JSON.parse(d!.body)).toEqual({
      apiVersion: "v1",
      kind: "DeleteOptions",
      preconditions: { uid: rs.metadata.uid, resourceVersion: "987654" },
      propagationPolicy: "Background",
    });
  });

  test("a ReplicaSet without a usable uid or resourceVersion is not deleted", () => {
    for (const bad of [undefined, "", "a b", "x\ty"]) {
      const l = list([stuck(NS, "web")]);
      const rs = l.items.find((i) => i.kind === "ReplicaSet" && i.metadata.name === rsName(NS, "web", 1))!;
      rs.metadata.resourceVersion = bad;
      expect(reasonOf(plan(l), "web")).toBe("invalid-uid");
    }
  });
});

describe("invariants on random clusters", () => {
  const pod = fc.oneof(
    fc.constant("running" as const),
    fc.constant("creating" as const),
    fc.constant("image-pull" as const),
    fc.record({ insufficient: fc.integer({ min: 0, max: 3600 }) }),
    fc.record({
      unschedulable: fc.integer({ min: 0, max: 3600 }),
      message: fc.constant("0/3 nodes are available: 3 Too many pods."),
    }),
  );
  const revision = fc.record({ replicas: fc.integer({ min: 0, max: 2 }), pods: fc.array(pod, { maxLength: 2 }) });
  const deployment = fc.record({
    ns: fc.constantFrom(leaseNs("p1"), leaseNs("p2")),
    name: fc.constantFrom("web", "db", "api", "worker"),
    maxSurge: fc.constantFrom(undefined, 0, "0%", 1, "25%"),
    strategy: fc.constantFrom("RollingUpdate" as const, "Recreate" as const),
    revisions: fc.array(revision, { minLength: 1, maxLength: 3 }),
  });
  const cluster = fc.uniqueArray(deployment, { maxLength: 6, selector: (d) => `${d.ns}/${d.name}` });

  test("only older ReplicaSets of deployments with a long-stuck new pod are deleted, at most the cap", () => {
    fc.assert(
      fc.property(cluster, fc.integer({ min: 1, max: 4 }), (specs, max) => {
        const deleted = deletions(plan(clusterList(specs), { max }));
        expect(deleted.length).toBeLessThanOrEqual(max);
        const allowed = new Set(
          specs.flatMap((s) => {
            const surges = s.strategy !== "Recreate" && s.maxSurge !== 0 && s.maxSurge !== "0%";
            const newest = s.revisions.at(-1)!;
            const stuckLongEnough = newest.pods.some(
              (p) => typeof p === "object" && "insufficient" in p && p.insufficient >= 120,
            );
            if (!surges || !stuckLongEnough) return [];
            return s.revisions
              .slice(0, -1)
              .map((r, i) => ({ r, i }))
              .filter(({ r }) => r.replicas > 0 || r.pods.length > 0)
              .map(({ i }) => `${s.ns}/${rsName(s.ns, s.name, i + 1)}`);
          }),
        );
        for (const d of deleted) expect(allowed.has(d)).toBe(true);
        expect(deleted.length).toBe(Math.min(max, allowed.size));
      }),
      { numRuns: 60 },
    );
  });
});
