import { hashHeader } from "../emit/header.js";
import { shq } from "../emit/shell-quote.js";
import { fragment, render } from "../emit/template.js";
import type { OpsContext } from "../ops/context.js";
import type { Job } from "./jobs.js";
import type { Schedule } from "./schedule.js";
import cronTmpl from "../../templates/cron/job.tmpl";
import serviceTmpl from "../../templates/systemd/job.service.tmpl";
import timerTmpl from "../../templates/systemd/job.timer.tmpl";

const BASE_PATH = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

/** A shell word inside a cron command: quoted by shq(), then `%` escaped (cron turns a bare `%` into a newline). */
function cronWord(value: string): string {
  return shq(value).replace(/%/g, "\\%");
}

/** Settings values are validated absolute paths of the shq safe set; systemd only needs `%` doubled. */
function unitWord(value: string): string {
  return value.replace(/%/g, "%%");
}

function lockPath(ctx: OpsContext, job: Job): string {
  // Not the script's own lock file: flock(1) holding it would make the script's own flock fail.
  return `${ctx.config.install.run_dir}/${job.name}.cron.lock`;
}

export function scriptPath(ctx: OpsContext, job: Job): string {
  return `${ctx.config.install.bin_dir}/${job.script.slice(job.script.lastIndexOf("/") + 1)}`;
}

/**
 * How long one run may take: the gap to the next run (a run never outlives its schedule), at least a
 * minute and at most an hour. systemd's TimeoutStartSec (a oneshot service otherwise waits forever) and
 * the pruner CronJob's activeDeadlineSeconds.
 */
export function runDeadlineSeconds(schedule: Schedule): number {
  return Math.max(60, Math.min(schedule.intervalSeconds, 3600));
}

/** `/etc/cron.d/NAME`: SHELL and PATH set, a user field, flock -n, output to `logger -t NAME`. */
export function emitCronFile(ctx: OpsContext, job: Job, schedule: Schedule): string {
  const { install } = ctx.config;
  const path = BASE_PATH.includes(install.bin_dir) ? BASE_PATH : [install.bin_dir, ...BASE_PATH];
  const run = [scriptPath(ctx, job), ...job.args].map(cronWord).join(" ");
  const command = `mkdir -p ${cronWord(install.run_dir)} && flock -n ${cronWord(lockPath(ctx, job))} ${run} 2>&1 | logger -t ${cronWord(job.name)}`;
  return render(
    cronTmpl,
    {
      header: fragment(hashHeader(ctx.header)),
      description: fragment(job.description),
      installed: fragment(`${install.cron_dir}/${job.name}`),
      script: fragment(job.script),
      path: fragment(path.join(":")),
      schedule: fragment(schedule.cron),
      user: fragment(install.user),
      command: fragment(command),
    },
    "cron/job.tmpl",
  );
}

/** `systemd/NAME.service` and `systemd/NAME.timer`: the alternative to cron.d. */
export function emitSystemdUnits(ctx: OpsContext, job: Job, schedule: Schedule): { service: string; timer: string } {
  const { install } = ctx.config;
  const header = fragment(hashHeader(ctx.header));
  const service = render(
    serviceTmpl,
    {
      header,
      description: fragment(job.description),
      user: fragment(install.user === "root" ? "" : `User=${install.user}\n`),
      run_dir: fragment(unitWord(install.run_dir)),
      exec: fragment([scriptPath(ctx, job), ...job.args].map(unitWord).join(" ")),
      timeout: fragment(`${runDeadlineSeconds(schedule)}s`),
      name: fragment(job.name),
    },
    "systemd/job.service.tmpl",
  );
  const timer = render(
    timerTmpl,
    {
      header,
      name: fragment(job.name),
      cron: fragment(schedule.cron),
      calendars: fragment(schedule.calendars.map((c) => `OnCalendar=${c}\n`).join("")),
    },
    "systemd/job.timer.tmpl",
  );
  return { service, timer };
}
