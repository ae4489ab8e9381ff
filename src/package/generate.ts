import { type CompileInputs, type InputLocations, PATHS } from "../inputs.js";
import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { markdownHeader, shellHeader } from "../emit/header.js";
import { shq } from "../emit/shell-quote.js";
import { fragment, render } from "../emit/template.js";
import type { OpsContext } from "../ops/context.js";
import { installedPath, jobsOf, type Job } from "./jobs.js";
import { generateAnsible } from "./ansible.js";
import { installRoleSlots, MANIFEST_PATH } from "./roles.js";
import { emitK8s } from "./k8s.js";
import { emitLock } from "./lock.js";
import { emitRules } from "./prometheus.js";
import { convertSchedule, type Schedule } from "./schedule.js";
import { emitCronFile, emitSystemdUnits } from "./units.js";
import installTmpl from "../../templates/bash/install.sh.tmpl";
import readmeTmpl from "../../templates/docs/provider-readme.md.tmpl";

export interface PackageInputs {
  /** Everything generated so far (scripts, values), tree-relative paths. */
  files: ReadonlyMap<string, string>;
  sources: readonly SourceFile[];
  diagnostics: Diagnostic[];
  /** The inputs by role, for the lock file. */
  inputs: CompileInputs;
  /** Where the lock says each input is; by default, its name. */
  locations?: InputLocations;
}

/** What each file of the tree is, for the README (by exact path, then by folder). */
const DESCRIPTIONS: [RegExp, string][] = [
  [/^bid\/price_script\.sh$/, "the bid-price script akash-provider runs for every order (embedded in the Helm values)"],
  [
    /^helm\/akops-values\.yaml$/,
    "what akops owns in the Helm values, as an overlay: `bidpricescript` (base64) and `price_target_*` as strings",
  ],
  [
    /^helm\/upgrade\.sh$/,
    "runs `helm upgrade` of akash-provider with your values (`--values FILE`), then `-f helm/akops-values.yaml`",
  ],
  [
    /^bin\/akash-force-new-replicasets\.sh$/,
    "the ReplicaSet pruner: deletes only ReplicaSets stuck behind an unschedulable rollout",
  ],
  [
    /^bin\/akash-delete-failed-pods\.sh$/,
    "the Failed-pod cleanup: deletes old Failed pods in Akash lease namespaces (support#275)",
  ],
  [
    /^bin\/kill-zombie-parents\.sh$/,
    "the zombie reaper: signals the parents of zombie processes inside containers, safely",
  ],
  [/^bin\/k8s-cert-rotate\.sh$/, "checks and rotates the Kubernetes control-plane certificates"],
  [/^docs\/cert-rotation-runbook\.md$/, "the certificate rotation runbook"],
  [
    /^docs\/pricing-report\.html$/,
    "the pricing report: prices, GPU ladder, corpus orders, uakt bids against AKT/USD, tenant rules (open in a browser)",
  ],
  [/^cron\.d\//, "a cron.d job (installed by install.sh into the cron directory)"],
  [/^systemd\/.*\.service$/, "a systemd oneshot service (install.sh --systemd)"],
  [/^systemd\/.*\.timer$/, "the systemd timer that schedules it (install.sh --systemd)"],
  [/^k8s\/monitoring\//, "the alert rules as a prometheus-operator PrometheusRule (kubectl apply -f k8s/monitoring/)"],
  [/^k8s\//, "Kubernetes manifests (kubectl apply -f k8s/)"],
  [/^prometheus\/akops-rules\.yaml$/, "Prometheus alert rules for the jobs' metrics and the CronJobs (rule_files)"],
  [
    /^ansible\/site\.yml$/,
    "Ansible playbook: installs the scripts and jobs on every node of a kubespray inventory, per group",
  ],
  [/^ansible\/rotate-certs\.yml$/, "Ansible playbook: rotates the certificates on one control-plane node at a time"],
  [/^ansible\/inventory\.example\.yml$/, "an example inventory with kubespray's group names"],
  [/^ansible\/roles\/akops\//, "the akops Ansible role (site.yml)"],
  [/^install\.sh$/, "installs scripts and cron.d files or systemd units on a node"],
  [/^README\.md$/, "this file"],
  [/^akops\.lock\.json$/, "generator version, sha256 of the inputs and of every file (used by akops verify)"],
];

function describeFile(path: string): string {
  return DESCRIPTIONS.find(([re]) => re.test(path))?.[1] ?? "generated file";
}

/** Markdown table cells: no `|` or newlines from paths (ours are fixed names). */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

interface Scheduled {
  job: Job;
  schedule: Schedule;
  script: string;
}

/** Converts every job's schedule; errors are located at the ops.yaml setting. */
function scheduleJobs(ctx: OpsContext, inputs: PackageInputs): Scheduled[] {
  const file = inputs.inputs.ops?.path ?? "ops.yaml";
  const out: Scheduled[] = [];
  for (const job of jobsOf(ctx.config)) {
    const schedule = convertSchedule(job.schedule);
    const script = inputs.files.get(job.script);
    if (typeof schedule === "string")
      inputs.diagnostics.push(diag("AK380", [job.schedule, schedule], { file, path: job.setting }));
    if (script === undefined) inputs.diagnostics.push(diag("AK383", [job.script, job.name]));
    if (typeof schedule !== "string" && script !== undefined) out.push({ job, schedule, script });
  }
  return out;
}

function emitInstall(ctx: OpsContext, files: ReadonlyMap<string, string>, jobs: readonly Scheduled[]): string {
  const { install } = ctx.config;
  const scripts = [...files.keys()].filter((p) => installedPath(ctx.config, p)?.mode === 0o755).sort();
  return render(
    installTmpl,
    {
      header: fragment(
        shellHeader(
          ctx.header,
          "install.sh [--cron | --systemd] [--role ROLE[,ROLE...]] [--jobs NAME[,NAME...]] [--root DIR] | --uninstall",
        ),
      ),
      // absPath() admits only [A-Za-z0-9_@%+=:,./-] and job names are [A-Za-z0-9_-]: safe as comment text.
      bin_dir_text: fragment(install.bin_dir),
      cron_dir_text: fragment(install.cron_dir),
      systemd_dir_text: fragment(install.systemd_dir),
      jobs_text: fragment(jobs.map((j) => j.job.name).join(" ")),
      manifest_text: fragment(MANIFEST_PATH),
      bin_dir: shq(install.bin_dir),
      cron_dir: shq(install.cron_dir),
      systemd_dir: shq(install.systemd_dir),
      scripts: fragment(scripts.map((s) => `  ${shq(s)}\n`).join("")),
      jobs: fragment(jobs.map((j) => `  ${shq(j.job.name)}\n`).join("")),
      ...installRoleSlots(jobs.map((j) => j.job)),
    },
    "bash/install.sh.tmpl",
  );
}

function emitReadme(ctx: OpsContext, paths: readonly string[], jobs: readonly Scheduled[]): string {
  const { install } = ctx.config;
  const inputs =
    ctx.header.inputs.length === 0 ? "built-in defaults" : ctx.header.inputs.map((p) => `\`${p}\``).join(", ");
  const table = paths.map((p) => `| \`${cell(p)}\` | ${cell(describeFile(p))} |\n`).join("");
  const jobRows = jobs
    .map(
      (j) =>
        `| \`${j.job.name}\` | \`${j.schedule.cron}\` | \`${j.schedule.calendars.join("`, `")}\` | ${cell(j.job.description)} |\n`,
    )
    .join("");
  const jobTable = `| job | cron schedule | systemd OnCalendar | what it does |\n|---|---|---|---|\n${jobRows}`;
  return render(
    readmeTmpl,
    {
      header: fragment(markdownHeader(ctx.header)),
      inputs: fragment(inputs),
      regenerate: fragment(ctx.header.regenerate),
      files: fragment(table),
      jobs: fragment(jobTable),
      namespace: fragment(install.namespace),
      bin_dir: fragment(install.bin_dir),
      cron_dir: fragment(install.cron_dir),
      systemd_dir: fragment(install.systemd_dir),
      image: fragment(install.image),
      // absPath() admits only [A-Za-z0-9_@%+=:,./-]: safe as Markdown text.
      textfile_dir: fragment(
        ctx.config.metrics.textfile_dir === ""
          ? "(off: metrics.textfile_dir is empty)"
          : `\`${ctx.config.metrics.textfile_dir}\``,
      ),
    },
    "docs/provider-readme.md.tmpl",
  );
}

/**
 * The provider-repo extras around the generated scripts: cron.d files, systemd units, Kubernetes
 * manifests, install.sh, README.md and akops.lock.json. Scripts are taken as bytes from `files`, so
 * whatever the other generators produce is what gets scheduled, mounted and hashed.
 */
export function generatePackage(ctx: OpsContext, inputs: PackageInputs): Map<string, string> {
  const out = new Map<string, string>();
  const jobs = scheduleJobs(ctx, inputs);
  if (jobs.length !== jobsOf(ctx.config).length) return out;

  for (const j of jobs) {
    out.set(`cron.d/${j.job.name}`, emitCronFile(ctx, j.job, j.schedule));
    const units = emitSystemdUnits(ctx, j.job, j.schedule);
    out.set(`systemd/${j.job.name}.service`, units.service);
    out.set(`systemd/${j.job.name}.timer`, units.timer);
  }
  const byName = (name: string) => jobs.find((j) => j.job.name === name)!;
  const reaper = byName("kill-zombie-parents");
  if (!reaper.schedule.regular) {
    inputs.diagnostics.push(
      diag("AK381", [reaper.job.schedule, reaper.schedule.intervalSeconds], {
        file: inputs.inputs.ops?.path ?? "ops.yaml",
        path: reaper.job.setting,
      }),
    );
  }
  for (const [p, c] of emitK8s(
    ctx,
    { pruner: byName("akash-force-new-replicasets"), reaper, failedPods: byName("akash-delete-failed-pods") },
    inputs.diagnostics,
  ))
    out.set(p, c);
  for (const [p, c] of emitRules(ctx, jobs, inputs.diagnostics)) out.set(p, c);
  for (const [p, c] of generateAnsible(ctx)) out.set(p, c);

  const all = new Map([...inputs.files, ...out]);
  out.set(PATHS.install, emitInstall(ctx, all, jobs));
  const paths = [...all.keys(), PATHS.install, PATHS.readme, PATHS.lock].sort();
  out.set(PATHS.readme, emitReadme(ctx, paths, jobs));
  out.set(PATHS.lock, emitLock(ctx.header.version, inputs.inputs, new Map([...all, ...out]), inputs.locations));
  return out;
}
