import { type CronExpression, CronExpressionParser } from "../config/cron.js";

/** One job schedule in every form the package needs. */
export interface Schedule {
  /** Five fields as /etc/cron.d and a Kubernetes CronJob take them (`@daily` expanded). */
  cron: string;
  /** systemd `OnCalendar=` values; two when cron's day-of-month OR day-of-week rule applies. */
  calendars: string[];
  /** Shortest gap between two runs, in seconds (the reaper DaemonSet's loop interval). */
  intervalSeconds: number;
  /** Longest gap between two runs, in seconds (how long "no run" is normal: the alert rules). */
  longestGapSeconds: number;
  /** Whether every gap is the same (otherwise a fixed-interval loop only approximates it). */
  regular: boolean;
}

const ALIASES: Record<string, string> = {
  "@hourly": "0 * * * *",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@weekly": "0 0 * * 0",
  "@monthly": "0 0 1 * *",
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
};

const MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec";
const DAYS = "sun|mon|tue|wed|thu|fri|sat";
/** `*`, `*\/N`, `A-B`, `A-B/N` or `A`; never `A/N`, which Debian's cron reads as `A` alone (see config's cronError). */
const ITEM = /^(\*(\/\d+)?|\d+-\d+(\/\d+)?|\d+)$/;
const FIELD_NAMES = ["minute", "hour", "day of month", "month", "day of week"] as const;
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/**
 * Why a (cron-parser-valid) schedule cannot be written to /etc/cron.d as it is: cron-parser accepts
 * Quartz extensions (`L`, `W`, `#`, `?`, `H`) and name ranges that Debian's cron rejects.
 */
function portabilityError(fields: readonly string[]): string | undefined {
  for (const [i, f] of fields.entries()) {
    const names = i === 3 ? MONTHS : i === 4 ? DAYS : undefined;
    if (names && new RegExp(`^(${names})$`, "i").test(f)) continue;
    if (!f.split(",").every((item) => ITEM.test(item))) {
      return `the ${FIELD_NAMES[i]} field '${f}' uses syntax /etc/cron.d does not support (only numbers, '*', ',', '-', '/' and single names)`;
    }
  }
  return undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** A systemd calendar component: `*`, `start/step` for a progression to the end, or a list. */
function component(values: readonly number[], min: number, max: number): string {
  const v = [...new Set(values)].sort((a, b) => a - b);
  if (v.length === max - min + 1) return "*";
  const first = v[0] ?? min;
  const step = v.length > 1 ? (v[1] ?? first) - first : 0;
  const progression = step > 0 && v.every((x, i) => x === first + i * step) && (v[v.length - 1] ?? 0) + step > max;
  if (progression && v.length > 2) return `${pad(first)}/${step}`;
  return v.map(pad).join(",");
}

/** The interval is measured over the first FIRES runs after START (a fixed midnight, in UTC). */
const START = Date.UTC(2024, 0, 1);
const FIRES = 64;
const DAY_MS = 86_400_000;
/** Days searched before handing over to cron-parser's iterator: 300 years, enough for 64 leap days. */
const MAX_DAYS = 300 * 366;

/**
 * The first `count` run times after `start` (a UTC midnight), in ms, from the expression's expanded
 * fields, with cron-parser's rules: the month must match; then the day of month or the day of week
 * (either, when both are restricted; the restricted one, when one is); then hour, minute and second.
 * Undefined when they are not all within MAX_DAYS. The same times as `count` calls of `expr.next()`
 * (a test compares them), without its per-step date arithmetic: this is most of `gen all`'s run time.
 */
export function fireTimes(expr: CronExpression, start: number, count: number): number[] | undefined {
  const f = expr.fields;
  const numbers = (xs: readonly unknown[]) =>
    xs.filter((x): x is number => typeof x === "number").sort((a, b) => a - b);
  const months = new Set(numbers(f.month.values));
  const doms = new Set(numbers(f.dayOfMonth.values));
  const dows = new Set(numbers(f.dayOfWeek.values));
  const [hours, minutes, seconds] = [numbers(f.hour.values), numbers(f.minute.values), numbers(f.second.values)];
  const domRestricted = !f.dayOfMonth.isWildcard;
  const dowRestricted = !f.dayOfWeek.isWildcard;
  const out: number[] = [];
  for (let day = 0; day < MAX_DAYS; day++) {
    const midnight = start + day * DAY_MS;
    const date = new Date(midnight);
    if (!months.has(date.getUTCMonth() + 1)) continue;
    const dom = doms.has(date.getUTCDate());
    const dow = dows.has(date.getUTCDay());
    const dayMatches = domRestricted && dowRestricted ? dom || dow : dowRestricted ? dow : dom;
    if (!dayMatches) continue;
    for (const h of hours) {
      for (const m of minutes) {
        for (const s of seconds) {
          const t = midnight + ((h * 60 + m) * 60 + s) * 1000;
          if (t <= start) continue;
          out.push(t);
          if (out.length === count) return out;
        }
      }
    }
  }
  return undefined;
}

/**
 * Converts a validated five-field schedule (or an `@` alias). Returns an error string for schedules
 * that cron-parser accepts but /etc/cron.d or systemd cannot express, or that never fire.
 */
export function convertSchedule(raw: string): Schedule | string {
  const cron = ALIASES[raw.trim()] ?? raw.trim().replace(/\s+/g, " ");
  const fields = cron.split(" ");
  const bad = portabilityError(fields);
  if (bad) return bad;
  const [, , domField = "*", , dowField = "*"] = fields;
  if (domField !== "*" && dowField !== "*" && (domField.startsWith("*") || dowField.startsWith("*"))) {
    // Debian cron treats a '*'-led day field as unrestricted (days must match both); Kubernetes and
    // cron-parser do not (either day). Refuse what would run on different days in different places.
    return `day of month '${domField}' with day of week '${dowField}' means different days to cron and to Kubernetes; use '*' or plain values`;
  }
  let expr: CronExpression;
  try {
    // A fixed start and UTC: the interval is a property of the schedule, not of today's date.
    expr = CronExpressionParser.parse(cron, { currentDate: new Date(START), tz: "UTC" });
  } catch (e) {
    return e instanceof Error ? e.message.toLowerCase() : "invalid";
  }
  const f = expr.fields;
  const numbers = (xs: readonly unknown[]) => xs.filter((x): x is number => typeof x === "number");
  const time = `${component(numbers(f.hour.values), 0, 23)}:${component(numbers(f.minute.values), 0, 59)}:00`;
  const dom = component(numbers(f.dayOfMonth.values), 1, 31);
  const month = component(numbers(f.month.values), 1, 12);
  const days = [...new Set(numbers(f.dayOfWeek.values).map((d) => d % 7))].sort((a, b) => a - b);
  const dow = days.length === 7 ? "" : `${days.map((d) => WEEKDAYS[d]).join(",")} `;
  const date = (d: string) => `*-${month}-${d}`;
  // cron: when both day fields are restricted, a day matching EITHER runs; systemd ANDs its
  // components, so that case needs two calendars.
  const either = domField !== "*" && dowField !== "*";
  const calendars = either ? [`${date(dom)} ${time}`, `${dow}${date("*")} ${time}`] : [`${dow}${date(dom)} ${time}`];

  let times = fireTimes(expr, START, FIRES);
  if (times === undefined) {
    // Not within the window: let cron-parser iterate (and say why when it never fires).
    times = [];
    try {
      for (let i = 0; i < FIRES; i++) times.push(expr.next().getTime());
    } catch (e) {
      return e instanceof Error ? e.message.toLowerCase() : "the schedule never fires";
    }
  }
  const gaps = times.slice(1).map((t, i) => (t - times[i]!) / 1000);
  return {
    cron,
    calendars,
    intervalSeconds: Math.min(...gaps),
    longestGapSeconds: Math.max(...gaps),
    regular: gaps.every((g) => g === gaps[0]),
  };
}
