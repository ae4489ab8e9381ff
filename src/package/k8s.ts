import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { hashHeader } from "../emit/header.js";
import { sha256 } from "../emit/sha256.js";
import { dumpYaml } from "../emit/yaml.js";
import type { OpsContext } from "../ops/context.js";
import type { Job } from "./jobs.js";
import type { Schedule } from "./schedule.js";
import { runDeadlineSeconds } from "./units.js";

/** Where the ConfigMap-mounted scripts appear inside the containers. */
export const MOUNT_DIR = "/opt/akops/bin";

interface Validatable {
  validate(): void;
  toJSON(): unknown;
}

/** The script as a ConfigMap: the very bytes of bin/NAME.sh, plus a hash for the pod template. */
function scriptConfigMap(ctx: OpsContext, job: Job, script: string, labels: Record<string, string>) {
  const key = job.script.slice(job.script.lastIndexOf("/") + 1);
  const configMap = new ConfigMap({
    metadata: { name: `${job.name}-script`, namespace: ctx.config.install.namespace, labels },
    data: { [key]: script },
  });
  const volume = { name: "script", configMap: { name: `${job.name}-script`, defaultMode: 0o555 } };
  const sha = sha256(script);
  return { configMap, volume, key, sha };
}

function labelsOf(job: Job): Record<string, string> {
  return {
    "app.kubernetes.io/managed-by": "akops",
    "app.kubernetes.io/name": job.name,
    "app.kubernetes.io/part-of": "akops",
  };
}

const RUN_VOLUME = { name: "run", emptyDir: {} };
const TMP_VOLUME = { name: "tmp", emptyDir: {} };

type Rules = NonNullable<ConstructorParameters<typeof ClusterRole>[0]>["rules"];

/** The pruner's API access: list what it reads, delete only ReplicaSets. */
const PRUNER_RULES: Rules = [
  { apiGroups: ["apps"], resources: ["deployments"], verbs: ["list"] },
  { apiGroups: ["apps"], resources: ["replicasets"], verbs: ["list", "delete"] },
  { apiGroups: [""], resources: ["pods"], verbs: ["list"] },
];

/** The Failed-pod cleanup's API access: list the lease namespaces, list and delete pods. */
const FAILED_PODS_RULES: Rules = [
  { apiGroups: [""], resources: ["namespaces"], verbs: ["list"] },
  { apiGroups: [""], resources: ["pods"], verbs: ["list", "delete"] },
];

/**
 * A cluster-wide job (the pruner, the Failed-pod cleanup) as a CronJob with its own ServiceAccount and
 * a ClusterRole limited to what it does. Metrics are off (AKOPS_TEXTFILE_DIR empty): in the cluster,
 * kube-state-metrics reports the Jobs.
 */
function prunerObjects(
  ctx: OpsContext,
  job: Job,
  schedule: Schedule,
  script: string,
  rules: Rules = PRUNER_RULES,
): Validatable[] {
  const { namespace, image, run_dir } = ctx.config.install;
  const labels = labelsOf(job);
  const { configMap, volume, key, sha } = scriptConfigMap(ctx, job, script, labels);
  const account = new ServiceAccount({ metadata: { name: job.name, namespace, labels } });
  const role = new ClusterRole({
    metadata: { name: `akops:${job.name}`, labels },
    rules,
  });
  const binding = new ClusterRoleBinding({
    metadata: { name: `akops:${job.name}`, labels },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `akops:${job.name}` },
    subjects: [{ kind: "ServiceAccount", name: job.name, namespace }],
  });
  const cronJob = new CronJob({
    metadata: { name: job.name, namespace, labels },
    spec: {
      schedule: schedule.cron,
      concurrencyPolicy: "Forbid",
      startingDeadlineSeconds: Math.min(schedule.intervalSeconds, 3600),
      successfulJobsHistoryLimit: 1,
      failedJobsHistoryLimit: 3,
      jobTemplate: {
        metadata: { labels },
        spec: {
          backoffLimit: 0,
          // A hung kubectl must not hold the next runs off (concurrencyPolicy: Forbid): stop at the next run's time.
          activeDeadlineSeconds: runDeadlineSeconds(schedule),
          template: {
            metadata: { labels, annotations: { "akops/script-sha256": sha } },
            spec: {
              serviceAccountName: job.name,
              restartPolicy: "Never",
              securityContext: {
                runAsNonRoot: true,
                runAsUser: 65534,
                runAsGroup: 65534,
                seccompProfile: { type: "RuntimeDefault" },
              },
              containers: [
                {
                  name: job.name,
                  image,
                  command: [`${MOUNT_DIR}/${key}`, ...job.args],
                  env: [
                    { name: "HOME", value: "/tmp" },
                    { name: "AKOPS_TEXTFILE_DIR", value: "" },
                  ],
                  resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "512Mi" } },
                  securityContext: {
                    allowPrivilegeEscalation: false,
                    readOnlyRootFilesystem: true,
                    capabilities: { drop: ["ALL"] },
                  },
                  volumeMounts: [
                    { name: "script", mountPath: MOUNT_DIR, readOnly: true },
                    { name: "run", mountPath: run_dir },
                    { name: "tmp", mountPath: "/tmp" },
                  ],
                },
              ],
              volumes: [volume, RUN_VOLUME, TMP_VOLUME],
            },
          },
        },
      },
    },
  });
  return [account, role, binding, configMap, cronJob];
}

/**
 * The reaper as a DaemonSet on every node, tainted ones included (it tolerates every NoSchedule
 * taint) and at a priority that lets it run on a full node: hostPID so that the container's /proc is
 * the host's process table, privileged so that it may signal any process, the kubelet's pod log
 * directory (read-only) for the pods' namespaces, the host's run directory so that it and a
 * cron/systemd reaper on the same node share one lock file, and the host's textfile directory for
 * node_exporter (when metrics are on). The script loops itself (`--every`, by
 * exec), so that a run needs no new process even when none can be created.
 */
function reaperObjects(ctx: OpsContext, job: Job, schedule: Schedule, script: string): Validatable[] {
  const { namespace, image, run_dir } = ctx.config.install;
  const { pod_logs_dir, priority_class } = ctx.config.reaper;
  const { textfile_dir } = ctx.config.metrics;
  const labels = labelsOf(job);
  const { configMap, volume, key, sha } = scriptConfigMap(ctx, job, script, labels);
  const daemonSet = new DaemonSet({
    metadata: { name: job.name, namespace, labels },
    spec: {
      selector: { matchLabels: { "app.kubernetes.io/name": job.name } },
      updateStrategy: { type: "RollingUpdate" },
      template: {
        metadata: { labels, annotations: { "akops/script-sha256": sha } },
        spec: {
          hostPID: true,
          automountServiceAccountToken: false,
          terminationGracePeriodSeconds: 10,
          nodeSelector: { "kubernetes.io/os": "linux" },
          priorityClassName: priority_class,
          tolerations: [{ operator: "Exists", effect: "NoSchedule" }],
          containers: [
            {
              name: job.name,
              image,
              command: ["/bin/bash", `${MOUNT_DIR}/${key}`, "--every", String(schedule.intervalSeconds)],
              // Each pass writes its metrics into the node's textfile directory, where node_exporter reads
              // them as it reads those of a cron or systemd reaper (empty: metrics off).
              env: [{ name: "AKOPS_TEXTFILE_DIR", value: textfile_dir }],
              resources: { requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "256Mi" } },
              securityContext: { privileged: true, runAsUser: 0 },
              volumeMounts: [
                { name: "script", mountPath: MOUNT_DIR, readOnly: true },
                { name: "run", mountPath: run_dir },
                { name: "pod-logs", mountPath: pod_logs_dir, readOnly: true },
                ...(textfile_dir === "" ? [] : [{ name: "textfile", mountPath: textfile_dir }]),
              ],
            },
          ],
          volumes: [
            volume,
            { name: "run", hostPath: { path: run_dir, type: "DirectoryOrCreate" } },
            { name: "pod-logs", hostPath: { path: pod_logs_dir, type: "DirectoryOrCreate" } },
            ...(textfile_dir === ""
              ? []
              : [{ name: "textfile", hostPath: { path: textfile_dir, type: "DirectoryOrCreate" as const } }]),
          ],
        },
      },
    },
  });
  return [configMap, daemonSet];
}

/** Validates every object with kubernetes-models and dumps them as one multi-document YAML file. */
function manifest(ctx: OpsContext, objects: Validatable[], diagnostics: Diagnostic[]): string {
  const docs: string[] = [];
  for (const o of objects) {
    const json = o.toJSON() as { kind?: string; metadata?: { name?: string } };
    try {
      o.validate();
    } catch (e) {
      diagnostics.push(
        diag("AK382", [`${json.kind}/${json.metadata?.name}`, e instanceof Error ? e.message : String(e)]),
      );
    }
    docs.push(dumpYaml(json, { sortKeys: true }));
  }
  return hashHeader(ctx.header) + docs.map((d) => `---\n${d}`).join("");
}

export interface K8sJobs {
  pruner: { job: Job; schedule: Schedule; script: string };
  reaper: { job: Job; schedule: Schedule; script: string };
  failedPods?: { job: Job; schedule: Schedule; script: string };
}

/** `k8s/NAME.yaml` for the pruner, the reaper and the Failed-pod cleanup. */
export function emitK8s(ctx: OpsContext, jobs: K8sJobs, diagnostics: Diagnostic[]): Map<string, string> {
  const { pruner, reaper, failedPods } = jobs;
  const out = new Map([
    [
      `k8s/${pruner.job.name}.yaml`,
      manifest(ctx, prunerObjects(ctx, pruner.job, pruner.schedule, pruner.script), diagnostics),
    ],
    [
      `k8s/${reaper.job.name}.yaml`,
      manifest(ctx, reaperObjects(ctx, reaper.job, reaper.schedule, reaper.script), diagnostics),
    ],
  ]);
  if (failedPods) {
    const objects = prunerObjects(ctx, failedPods.job, failedPods.schedule, failedPods.script, FAILED_PODS_RULES);
    out.set(`k8s/${failedPods.job.name}.yaml`, manifest(ctx, objects, diagnostics));
  }
  return out;
}
