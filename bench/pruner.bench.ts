// `npm run bench pruner`: kubectl calls, wall time and peak memory of akash-force-new-replicasets.sh for
// 10, 100, 1000 and 10,000 deployments, beside the seed's script on the same stub kubectl (50 ms per call;
// the seed only up to 1000, where it already makes thousands of calls).
//
// Memory: while the script runs, its process tree is sampled every 10 ms from /proc (bash, its subshells,
// both jq processes; the stub kubectl and its children are left out, as it only stands in for kubectl,
// whose own memory cannot be measured without a cluster). "peak RSS" is the largest sum of VmRSS over one
// sample; "sum of peaks" adds every process's own VmHWM, an upper bound that sampling cannot miss.
//
// The cluster: lease namespaces with two services each (web and db); in every tenth namespace web is
// stuck (old ReplicaSet running, new pod Unschedulable for lack of cpu for ten minutes). The seed's script
// is cut out of the seed document at run time (never committed) and run unchanged.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clusterList, type DeploymentSpec, leaseNs, NOW, rsName, toKubectlJson } from "../test/ops/pruner/cluster.js";
import { steady, stuck } from "../test/ops/pruner/scenarios.js";
import { type BenchTable, median } from "./table.js";

const root = join(import.meta.dirname, "..");
const GOLDEN = join(root, "generated/example/bin/akash-force-new-replicasets.sh");
const STUB = join(root, "bats/stubs/pruner/kubectl");
const SEED_DOC = "/work/shared/seed/000_6eb104a16290d7b6.txt";
const SLEEP = "0.05";
const SIZES = [10, 100, 1000, 10_000];
/** The seed's script is run up to this size (at 10,000 it would make ~25,000 stub calls). */
const SEED_MAX = 1000;

/** The seed's script, from its heredoc in the seed document. */
function seedScript(): string | undefined {
  let doc: string;
  try {
    doc = readFileSync(SEED_DOC, "utf8");
  } catch {
    return undefined;
  }
  const m = /cat > \/usr\/local\/bin\/akash-force-new-replicasets\.sh <<'EOF'\n([\s\S]*?)\nEOF\n/.exec(doc);
  return m?.[1] === undefined ? undefined : `${m[1]}\n`;
}

/**
 * A stub kubectl for the seed's call pattern, answering from files precomputed from the same cluster:
 * the jsonpath deployment list, `rollout status` (fails for deployments that are not rolled out),
 * `describe pods` (mentions Insufficient where a pod is stuck), namespaced ReplicaSet lists, deletes.
 */
const SEED_STUB = `#!/usr/bin/env bash
set -euo pipefail
printf '%s\\n' "$*" >>"$KUBECTL_STUB_LOG"
sleep "$KUBECTL_STUB_SLEEP"
d="$SEED_STUB_DIR" ns=""
if [[ "$1" == -n ]]; then ns="$2"; shift 2; fi
case "$1" in
  get)
    if [[ -z "$ns" ]]; then cat "$d/deployments.txt"; else cat "$d/rs/$ns.json"; fi ;;
  rollout)
    ! grep -qxF "$ns/\${4#deployment/}" "$d/not-ready.txt" ;;
  describe)
    if [[ -f "$d/describe/$ns.txt" ]]; then cat "$d/describe/$ns.txt"; fi ;;
  delete)
    printf 'replicaset.apps "%s" deleted\\n' "$3" ;;
  *) exit 1 ;;
esac
`;

function clusterOf(deployments: number): DeploymentSpec[] {
  const specs: DeploymentSpec[] = [];
  for (let i = 0; i < deployments / 2; i++) {
    const ns = leaseNs(`bench-${i}`);
    specs.push(i % 10 === 0 ? stuck(ns, "web") : steady(ns, "web"), { ns, name: "db", revisions: [{ replicas: 1 }] });
  }
  return specs;
}

/** The ReplicaSets a correct run may delete: the running old ones of the stuck deployments. */
function stuckOld(specs: DeploymentSpec[]): Set<string> {
  return new Set(
    specs
      .filter((s) => s.revisions.at(-1)!.pods?.some((p) => typeof p === "object"))
      .map((s) => `${s.ns}/${rsName(s.ns, s.name, 1)}`),
  );
}

function writeSeedAnswers(
  dir: string,
  list: { items: Array<{ kind: string; metadata: { namespace: string; name: string; creationTimestamp: string } }> },
  specs: DeploymentSpec[],
): void {
  mkdirSync(join(dir, "rs"), { recursive: true });
  mkdirSync(join(dir, "describe"), { recursive: true });
  const deployments = list.items
    .filter((i) => i.kind === "Deployment")
    .map((i) => `${i.metadata.namespace} ${i.metadata.name}\n`);
  writeFileSync(join(dir, "deployments.txt"), deployments.join(""));
  const stuckSpecs = specs.filter((s) => s.revisions.at(-1)!.pods?.some((p) => typeof p === "object"));
  writeFileSync(join(dir, "not-ready.txt"), stuckSpecs.map((s) => `${s.ns}/${s.name}\n`).join(""));
  for (const s of stuckSpecs) {
    writeFileSync(
      join(dir, "describe", `${s.ns}.txt`),
      "  Warning  FailedScheduling  10m  default-scheduler  0/3 nodes are available: 2 Insufficient cpu.\n",
    );
  }
  const byNs = new Map<string, typeof list.items>();
  for (const i of list.items)
    if (i.kind === "ReplicaSet") byNs.set(i.metadata.namespace, [...(byNs.get(i.metadata.namespace) ?? []), i]);
  for (const [ns, items] of byNs) {
    const sorted = [...items].sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? -1 : 1));
    writeFileSync(
      join(dir, "rs", `${ns}.json`),
      toKubectlJson({ apiVersion: "v1", items: sorted, kind: "List", metadata: { resourceVersion: "" } }),
    );
  }
}

interface Outcome {
  calls: number;
  lists: number;
  deleted: string[];
  ms: number;
  /** Largest sampled sum of VmRSS over the script's processes (stub kubectl excluded), KiB. */
  peakKiB: number;
  /** Sum of every such process's own VmHWM, KiB: an upper bound of the concurrent peak. */
  sumOfPeaksKiB: number;
}

function readText(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

/** The pid and every descendant of it, skipping the subtree of any process whose command line names `skip`. */
function tree(pid: number, skip: string): number[] {
  if (readText(`/proc/${pid}/cmdline`).includes(skip)) return [];
  const children = readText(`/proc/${pid}/task/${pid}/children`).trim().split(/\s+/).filter(Boolean).map(Number);
  return [pid, ...children.flatMap((c) => tree(c, skip))];
}

function statusKiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readText(`/proc/${pid}/status`));
  return m ? Number(m[1]) : 0;
}

async function runScript(script: string, args: string[], env: Record<string, string>, log: string): Promise<Outcome> {
  writeFileSync(log, "");
  const t0 = performance.now();
  const child = spawn("bash", [script, ...args], {
    env: { ...process.env, ...env, KUBECTL_STUB_LOG: log, KUBECTL_STUB_SLEEP: SLEEP },
    stdio: ["ignore", "ignore", "inherit"],
  });
  let peakKiB = 0;
  const hwm = new Map<string, number>(); // pid:starttime → VmHWM
  const sample = () => {
    let sum = 0;
    for (const pid of child.pid === undefined ? [] : tree(child.pid, STUB)) {
      sum += statusKiB(pid, "VmRSS");
      const start = readText(`/proc/${pid}/stat`).split(") ")[1]?.split(" ")[19] ?? "";
      const key = `${pid}:${start}`;
      hwm.set(key, Math.max(hwm.get(key) ?? 0, statusKiB(pid, "VmHWM")));
    }
    peakKiB = Math.max(peakKiB, sum);
  };
  const timer = setInterval(sample, 10);
  const status = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  clearInterval(timer);
  const ms = performance.now() - t0;
  if (status !== 0) throw new Error(`${script} exited with ${status}`);
  const calls = readFileSync(log, "utf8").trimEnd().split("\n").filter(Boolean);
  const deleted = calls
    .map((c) => c.split(" "))
    .flatMap((w) => {
      if (w[0] === "delete" && w[1] === "--raw") {
        const p = (w[2] ?? "").split("/");
        return [`${p[5]}/${p[7]}`];
      }
      return w[2] === "delete" ? [`${w[1]}/${w[4]}`] : [];
    });
  const lists = calls.filter((c) => /(^| )get /.test(c)).length;
  return {
    calls: calls.length,
    lists,
    deleted,
    ms,
    peakKiB,
    sumOfPeaksKiB: [...hwm.values()].reduce((a, b) => a + b, 0),
  };
}

const mib = (kib: number) => (kib / 1024).toFixed(1);

export async function run(): Promise<BenchTable[]> {
  const seed = seedScript();
  const work = mkdtempSync(join(tmpdir(), "akops-bench-pruner-"));
  const rows: (string | number)[][] = [];
  try {
    const stubDir = join(work, "bin");
    mkdirSync(stubDir);
    writeFileSync(join(stubDir, "kubectl"), SEED_STUB, { mode: 0o755 });
    const seedPath = join(work, "seed.sh");
    if (seed) writeFileSync(seedPath, seed, { mode: 0o755 });

    for (const n of SIZES) {
      const specs = clusterOf(n);
      const list = clusterList(specs) as Parameters<typeof writeSeedAnswers>[1];
      const dir = join(work, `n${n}`);
      mkdirSync(dir);
      // The whole cluster (the stub's delete looks ReplicaSets up in it) and what each list call prints.
      type Obj = { kind: string; status?: { phase?: string } };
      const items = (list as unknown as { items: Obj[] }).items;
      const fixture = join(dir, "cluster.json");
      const workloads = join(dir, "workloads.json");
      const pods = join(dir, "pods.json");
      writeFileSync(fixture, toKubectlJson(list));
      writeFileSync(workloads, toKubectlJson({ ...list, items: items.filter((i) => i.kind !== "Pod") }));
      writeFileSync(
        pods,
        toKubectlJson({ ...list, items: items.filter((i) => i.kind === "Pod" && i.status?.phase === "Pending") }),
      );
      const jsonMB = (statSync(fixture).size / 1e6).toFixed(1);
      const allowed = stuckOld(specs);
      const wrong = (o: Outcome) => o.deleted.filter((d) => !allowed.has(d)).length;

      const akopsEnv = {
        AKOPS_KUBECTL: STUB,
        KUBECTL_STUB_FIXTURE: fixture,
        KUBECTL_STUB_WORKLOADS: workloads,
        KUBECTL_STUB_PODS: pods,
        AKOPS_NOW: String(NOW),
        AKOPS_LOCK_FILE: join(dir, "pruner.lock"),
        AKOPS_TEXTFILE_DIR: "",
      };
      const runs: Outcome[] = [];
      for (let i = 0; i < (n >= 10_000 ? 1 : 3); i++)
        runs.push(await runScript(GOLDEN, [], akopsEnv, join(dir, "akops.log")));
      const a = runs[0]!;
      const peak = Math.max(...runs.map((r) => r.peakKiB));
      const bound = Math.max(...runs.map((r) => r.sumOfPeaksKiB));
      rows.push([
        n,
        n / 2,
        jsonMB,
        "akops",
        a.calls,
        a.lists,
        a.deleted.length,
        wrong(a),
        Math.round(median(runs.map((r) => r.ms))),
        mib(peak),
        mib(bound),
      ]);

      if (seed && n <= SEED_MAX) {
        writeSeedAnswers(join(dir, "seed"), list, specs);
        const s = await runScript(
          seedPath,
          [],
          { PATH: `${stubDir}:${process.env.PATH ?? ""}`, SEED_STUB_DIR: join(dir, "seed") },
          join(dir, "seed.log"),
        );
        rows.push([
          n,
          n / 2,
          jsonMB,
          "seed",
          s.calls,
          s.lists,
          s.deleted.length,
          wrong(s),
          Math.round(s.ms),
          mib(s.peakKiB),
          "-",
        ]);
      }
      rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return [
    {
      title: "pruner: akash-force-new-replicasets.sh vs the seed, stub kubectl sleeping 50 ms per call",
      columns: [
        "deployments",
        "lease namespaces",
        "kubectl JSON MB",
        "script",
        "kubectl calls",
        "list calls",
        "deletions",
        "wrong deletions",
        "wall ms",
        "peak RSS MiB",
        "sum of peaks MiB",
      ],
      rows,
      notes: [
        "Two services per lease namespace (web, db); web is stuck in every tenth namespace. akops: median of 3 runs (one run at 10,000), at most 10 deletions per run (the cap). Seed: one run, up to 1000 deployments.",
        "kubectl JSON MB: one `get deployments,replicasets,pods -o json` of the whole cluster as kubectl prints it (4-space indent); akops lists Deployments and ReplicaSets, then only the Pending Pods.",
        "peak RSS: the largest sum of VmRSS over the script's processes in one 10 ms sample (bash, subshells, jq); sum of peaks: every such process's own VmHWM added up, an upper bound. The stub kubectl is left out: it stands in for kubectl, whose own memory (it builds each List before printing it) is not measured here. Seed: the same sampling of its own processes; its sum of peaks is left out, as it runs thousands of short processes one after another.",
        "Wrong deletions: ReplicaSets that are not a stuck deployment's running old one; the seed deletes db's only (live) ReplicaSet in every namespace where web is stuck.",
        "On a real cluster the seed's `rollout status --timeout=10s` waits the full 10 s for each deployment that is not rolled out; the stub answers in 50 ms, so the seed's real wall time is higher still.",
        ...(seed ? [] : [`The seed document (${SEED_DOC}) was not found: seed rows left out.`]),
      ],
    },
  ];
}
