import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { exactDuration } from "../emit/duration.js";
import { hashHeader } from "../emit/header.js";
import { dumpYaml } from "../emit/yaml.js";
import type { OpsContext } from "../ops/context.js";
import type { Job } from "./jobs.js";
import type { Schedule } from "./schedule.js";

/** The plain rule file (Prometheus `rule_files:`) and the same rules for prometheus-operator. */
export const RULES_PATH = "prometheus/akops-rules.yaml";
export const PROMETHEUS_RULE_PATH = "k8s/monitoring/akops-rules.yaml";

/**
 * The label that names the job in the scripts' metrics. Not `job`: Prometheus attaches its own `job`
 * (the scrape job of node_exporter) and, without honor_labels, renames ours to `exported_job`.
 */
export const JOB_LABEL = "akops_job";

/** Critical certificate alerts start this many days before notAfter (warning from `certs.warn_days`). */
export const CRITICAL_DAYS = 7;

/** A job has not succeeded for this many of its longest gaps between runs: alert. */
export const STALE_RUNS = 3;

/** The in-cluster variants (k8s/): CronJobs watched through kube-state-metrics, and the reaper DaemonSet. */
const CRONJOBS = ["akash-force-new-replicasets", "akash-delete-failed-pods"] as const;
const DAEMONSETS = ["kill-zombie-parents"] as const;

export interface Rule {
  alert: string;
  expr: string;
  for?: string;
  /** severity, and for per-job rules the job (promtool refuses two rules with the same name and labels) */
  labels: { severity: "warning" | "critical"; [label: string]: string };
  annotations: { summary: string; description: string };
}

export interface RuleGroup {
  name: string;
  rules: Rule[];
}

export interface ScheduledJob {
  job: Job;
  schedule: Schedule;
}

function certificateRules(warnDays: number): Rule[] {
  const left = "akops_cert_not_after_timestamp_seconds - time()";
  const critical = CRITICAL_DAYS * 86400;
  const where = "{{ $labels.cert }} on {{ $labels.instance }}";
  const rules: Rule[] = [];
  if (warnDays > CRITICAL_DAYS) {
    rules.push({
      alert: "AkopsCertificateExpiringSoon",
      expr: `${left} < ${warnDays * 86400} and ${left} >= ${critical}`,
      labels: { severity: "warning" },
      annotations: {
        summary: `A Kubernetes certificate expires within ${warnDays} days`,
        description: `${where} expires in {{ $value | humanizeDuration }}. Rotate it: k8s-cert-rotate.sh all (docs/cert-rotation-runbook.md).`,
      },
    });
  }
  rules.push(
    {
      alert: "AkopsCertificateExpiringCritical",
      expr: `${left} < ${critical} and ${left} > 0`,
      labels: { severity: "critical" },
      annotations: {
        summary: `A Kubernetes certificate expires within ${CRITICAL_DAYS} days`,
        description: `${where} expires in {{ $value | humanizeDuration }}. Rotate it now: k8s-cert-rotate.sh all (docs/cert-rotation-runbook.md).`,
      },
    },
    {
      alert: "AkopsCertificateExpired",
      expr: `${left} <= 0`,
      labels: { severity: "critical" },
      annotations: {
        summary: "A Kubernetes certificate has expired",
        description: `${where} has expired. See docs/cert-rotation-runbook.md.`,
      },
    },
    {
      alert: "AkopsCertificateMissing",
      expr: "akops_cert_missing == 1",
      labels: { severity: "critical" },
      annotations: {
        summary: "A Kubernetes certificate or kubeconfig is missing or unreadable",
        description: `${where} is missing or unreadable (k8s-cert-rotate.sh check).`,
      },
    },
  );
  return rules;
}

/** `absent()` of a job's metrics, unless its in-cluster variant runs (then kube-state-metrics watches it). */
function neverRanExpr(name: string, namespace: string): string {
  const absent = `absent(akops_job_last_run_timestamp_seconds{${JOB_LABEL}="${name}"})`;
  if ((CRONJOBS as readonly string[]).includes(name))
    return `${absent} unless on () kube_cronjob_info{namespace="${namespace}", cronjob="${name}"}`;
  if ((DAEMONSETS as readonly string[]).includes(name)) {
    return `${absent} unless on () kube_daemonset_status_number_ready{namespace="${namespace}", daemonset="${name}"}`;
  }
  return absent;
}

function jobRules(jobs: readonly ScheduledJob[], namespace: string): Rule[] {
  return jobs.flatMap(({ job, schedule }) => {
    const stale = STALE_RUNS * schedule.longestGapSeconds;
    return [
      {
        alert: "AkopsJobNotSucceeding",
        expr: `time() - akops_job_last_success_timestamp_seconds{${JOB_LABEL}="${job.name}"} > ${stale}`,
        labels: { severity: "warning", [JOB_LABEL]: job.name },
        annotations: {
          summary: `${job.name} has not succeeded for ${exactDuration(stale)} (${STALE_RUNS} runs of '${schedule.cron}')`,
          description: `${job.name} on {{ $labels.instance }} last succeeded {{ $value | humanizeDuration }} ago; its last exit status is akops_job_last_exit_code. Look at its syslog lines (logger tag ${job.name}).`,
        },
      },
      {
        alert: "AkopsJobNeverRan",
        expr: neverRanExpr(job.name, namespace),
        for: exactDuration(stale),
        labels: { severity: "warning", [JOB_LABEL]: job.name },
        annotations: {
          summary: `${job.name} has reported no run for ${exactDuration(stale)}`,
          description: `No node reports akops_job_last_run_timestamp_seconds for ${job.name}: the job is not installed or not scheduled (install.sh, cron.d, systemd), or node_exporter does not read the textfile directory.`,
        },
      },
    ] satisfies Rule[];
  });
}

function decisionRules(threshold: number): Rule[] {
  return [
    {
      alert: "AkopsReaperInitThresholdReached",
      expr: "akops_reaper_init_threshold_reached > 0",
      labels: { severity: "warning" },
      annotations: {
        summary: `The zombie reaper signalled a container init holding at least ${threshold} zombies`,
        description:
          "kill-zombie-parents on {{ $labels.instance }} sent SIGTERM to {{ $value }} container init(s) in its last run: those tenants' containers restart. Find the leaking image in the reaper's syslog lines (shim=…).",
      },
    },
    {
      alert: "AkopsDeletionCapReached",
      expr: `akops_cleanup_skipped{reason="max-deletions"} > 0`,
      labels: { severity: "warning" },
      annotations: {
        summary: "A cleanup job reached its per-run deletion cap",
        description: `{{ $labels.${JOB_LABEL} }} on {{ $labels.instance }} left {{ $value }} object(s) for later runs because of its max_deletions. Check that the deletions are right, then raise the cap in ops.yaml if needed.`,
      },
    },
  ];
}

/** kube-state-metrics rules for the CronJob variants in k8s/. */
function cronJobRules(jobs: readonly ScheduledJob[], namespace: string): Rule[] {
  return CRONJOBS.flatMap((name) => {
    const scheduled = jobs.find((j) => j.job.name === name);
    if (!scheduled) return [];
    const stale = STALE_RUNS * scheduled.schedule.longestGapSeconds;
    const sel = `namespace="${namespace}", job_name=~"${name}-[0-9]+"`;
    return [
      {
        alert: "AkopsCronJobFailed",
        expr: `(kube_job_status_failed{${sel}} > 0) and on (namespace, job_name) (time() - kube_job_status_start_time{${sel}} < ${stale})`,
        labels: { severity: "warning", cronjob: name },
        annotations: {
          summary: `A Job of the ${name} CronJob failed`,
          description: `Job {{ $labels.namespace }}/{{ $labels.job_name }} failed: kubectl -n ${namespace} logs job/{{ $labels.job_name }}.`,
        },
      },
      {
        alert: "AkopsCronJobNotSucceeding",
        expr: `time() - kube_cronjob_status_last_successful_time{namespace="${namespace}", cronjob="${name}"} > ${stale}`,
        labels: { severity: "warning", cronjob: name },
        annotations: {
          summary: `The ${name} CronJob has not succeeded for ${exactDuration(stale)} (${STALE_RUNS} runs of '${scheduled.schedule.cron}')`,
          description: `CronJob ${namespace}/${name} last succeeded {{ $value | humanizeDuration }} ago.`,
        },
      },
    ] satisfies Rule[];
  });
}

/**
 * The alert rules for the tree: certificates, job health and decisions from the scripts' textfile
 * metrics (left out when `metrics.textfile_dir` is off), and kube-state-metrics rules for the CronJobs.
 * Thresholds come from the settings and the schedules, so a weekly job is not stale after a day.
 */
export function alertRules(ctx: OpsContext, jobs: readonly ScheduledJob[]): RuleGroup[] {
  const { config } = ctx;
  const namespace = config.install.namespace;
  const groups: RuleGroup[] = [];
  if (config.metrics.textfile_dir !== "") {
    groups.push(
      { name: "akops-certificates", rules: certificateRules(config.certs.warn_days) },
      { name: "akops-jobs", rules: jobRules(jobs, namespace) },
      { name: "akops-decisions", rules: decisionRules(config.reaper.init_kill_threshold) },
    );
  }
  groups.push({ name: "akops-cronjobs", rules: cronJobRules(jobs, namespace) });
  return groups;
}

/** prometheus/akops-rules.yaml and k8s/monitoring/akops-rules.yaml (a PrometheusRule, validated). */
export function emitRules(
  ctx: OpsContext,
  jobs: readonly ScheduledJob[],
  diagnostics: Diagnostic[],
): Map<string, string> {
  const groups = alertRules(ctx, jobs);
  const rule = new PrometheusRule({
    metadata: {
      name: "akops",
      namespace: ctx.config.install.namespace,
      labels: {
        "app.kubernetes.io/managed-by": "akops",
        "app.kubernetes.io/name": "akops-rules",
        "app.kubernetes.io/part-of": "akops",
      },
    },
    spec: { groups },
  });
  try {
    rule.validate();
  } catch (e) {
    diagnostics.push(diag("AK382", ["PrometheusRule/akops", e instanceof Error ? e.message : String(e)]));
  }
  const header = hashHeader(ctx.header);
  return new Map([
    [RULES_PATH, header + dumpYaml({ groups })],
    [PROMETHEUS_RULE_PATH, `${header}---\n${dumpYaml(rule.toJSON())}`],
  ]);
}
