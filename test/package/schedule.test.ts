import { execFileSync, spawnSync } from "node:child_process";
import { CronExpressionParser } from "cron-parser";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { cronError } from "../../src/config/fields.js";
import { convertSchedule, fireTimes, type Schedule } from "../../src/package/schedule.js";

const hasSystemdAnalyze = spawnSync("systemd-analyze", ["--version"]).status === 0;

describe("convertSchedule", () => {
  test.each<[string, string, string[], number]>([
    ["*/5 * * * *", "*/5 * * * *", ["*-*-* *:00/5:00"], 300],
    ["17 6 * * 1", "17 6 * * 1", ["Mon *-*-* 06:17:00"], 7 * 86400],
    ["0 */6 * * *", "0 */6 * * *", ["*-*-* 00/6:00:00"], 6 * 3600],
    ["30 2 * * mon", "30 2 * * mon", ["Mon *-*-* 02:30:00"], 7 * 86400],
    ["0 0 * * 7", "0 0 * * 7", ["Sun *-*-* 00:00:00"], 7 * 86400],
    ["@weekly", "0 0 * * 0", ["Sun *-*-* 00:00:00"], 7 * 86400],
    ["@hourly", "0 * * * *", ["*-*-* *:00:00"], 3600],
    ["15 3 1 */3 *", "15 3 1 */3 *", ["*-01/3-01 03:15:00"], 90 * 86400],
  ])("%s → cron '%s', OnCalendar %j, shortest gap %is", (raw, cron, calendars, interval) => {
    const s = convertSchedule(raw) as Schedule;
    expect(s.cron).toBe(cron);
    expect(s.calendars).toEqual(calendars);
    expect(s.intervalSeconds).toBe(interval);
  });

  test("both day fields restricted means either day (cron), so systemd gets two calendars", () => {
    expect((convertSchedule("0 0 1,15 * 1-5") as Schedule).calendars).toEqual([
      "*-*-01,15 00:00:00",
      "Mon,Tue,Wed,Thu,Fri *-*-* 00:00:00",
    ]);
  });

  test("a star-led day field beside a restricted one is refused: cron and Kubernetes disagree on it", () => {
    expect(convertSchedule("0 0 */2 * 1")).toMatch(/means different days to cron and to Kubernetes/);
    expect(convertSchedule("0 0 1 * */2")).toMatch(/means different days/);
  });

  test("a star-led day field alone is fine", () => {
    expect((convertSchedule("0 0 */2 * *") as Schedule).calendars).toEqual(["*-*-01/2 00:00:00"]);
  });

  test("uneven gaps are flagged irregular", () => {
    expect(convertSchedule("5,10 * * * *")).toMatchObject({ regular: false, intervalSeconds: 300 });
    expect(convertSchedule("*/5 * * * *")).toMatchObject({ regular: true });
  });

  test.each(["0 0 L * *", "0 0 * * 5#2", "0 0 ? * *", "0 0 * jan-mar *", "0 0 15W * *"])(
    "%s is refused: /etc/cron.d cannot run it",
    (raw) => {
      expect(convertSchedule(raw)).toMatch(/\/etc\/cron\.d does not support/);
    },
  );

  // Debian's cron reads '5/15' as minute 5 alone; cron-parser, Kubernetes and systemd's *:05/15 as 5, 20, 35, 50.
  test.each(["5/15 * * * *", "0 3/6 * * *", "0 0 1/2 * *"])(
    "%s (a step on a single value) is refused: cron and systemd read it differently",
    (raw) => {
      expect(convertSchedule(raw)).toMatch(/\/etc\/cron\.d does not support/);
      expect(cronError(raw)).toMatch(/alone to Debian's cron .*: write '\d+-\d+\/\d+'/);
    },
  );

  test("the range form it suggests means the same to cron-parser as the single value does to cron-parser", () => {
    const next = (cron: string) => {
      const expr = CronExpressionParser.parse(cron, { currentDate: new Date(Date.UTC(2024, 0, 1)), tz: "UTC" });
      return Array.from({ length: 8 }, () => expr.next().getTime());
    };
    expect(next("5-59/15 * * * *")).toEqual(next("5/15 * * * *"));
    expect(next("0 3-23/6 * * *")).toEqual(next("0 3/6 * * *"));
  });

  test("a schedule that never fires is refused", () => {
    expect(typeof convertSchedule("0 0 31 2 *")).toBe("string");
  });

  // The strongest check of the conversion: systemd's own calendar engine fires at exactly the times cron-parser does.
  test
    .skipIf(!hasSystemdAnalyze)
    .each([
      "*/5 * * * *",
      "17 6 * * 1",
      "0 0 1,15 * 1-5",
      "0 */6 * * *",
      "15 3 1 */3 *",
      "7,37 9-17 * * 1-5",
      "0 0 */2 * *",
      "0 12 13 * 5",
      "5-59/15 * * * *",
      "0 3-23/6 * * *",
    ])("systemd-analyze fires %s at the same times as cron", (raw) => {
    const n = 12;
    const base = "2024-01-01 00:00:00 UTC";
    const s = convertSchedule(raw) as Schedule;
    const out = execFileSync(
      "systemd-analyze",
      ["calendar", `--iterations=${n}`, `--base-time=${base}`, ...s.calendars],
      {
        encoding: "utf8",
        env: { ...process.env, TZ: "UTC" },
      },
    );
    const fired = [...out.matchAll(/(?:Next elapse|Iter\. #\d+): \w+ (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC/g)].map(
      (m) => `${m[1]}`,
    );
    const systemd = [...new Set(fired)].sort().slice(0, n);
    const expr = CronExpressionParser.parse(s.cron, { currentDate: new Date(Date.UTC(2024, 0, 1)), tz: "UTC" });
    const cron = Array.from({ length: n }, () => (expr.next().toISOString() ?? "").replace("T", " ").slice(0, 19));
    expect(systemd).toEqual(cron);
  });
});

describe("fireTimes: the run times cron-parser's iterator gives, computed from the fields", () => {
  const START = Date.UTC(2024, 0, 1);
  const byIteration = (cron: string, n: number) => {
    const expr = CronExpressionParser.parse(cron, { currentDate: new Date(START), tz: "UTC" });
    return Array.from({ length: n }, () => expr.next().getTime());
  };
  const fast = (cron: string, n: number) =>
    fireTimes(CronExpressionParser.parse(cron, { currentDate: new Date(START), tz: "UTC" }), START, n);

  test.each([
    "*/5 * * * *",
    "17 6 * * 1",
    "0 0 1,15 * 1-5",
    "0 0 29 2 *",
    "0 0 31 * *",
    "30 23 * * 0",
    "0 0 * * 7",
    "5,10 * * * *",
    "0 0 1 1 *",
    "0 12 13 * 5",
    "0 0 1-31 * 1",
    "0 0 * * 0-6",
    "0 0 * jan *",
  ])("%s", (cron) => {
    expect(fast(cron, 64)).toEqual(byIteration(cron, 64));
  });

  test("random plain schedules (numbers, ranges, steps, lists) agree", () => {
    const item = (min: number, max: number) =>
      fc.oneof(
        fc.constant("*"),
        fc.integer({ min, max }).map(String),
        fc
          .tuple(fc.integer({ min, max }), fc.integer({ min, max }))
          .map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
        fc.integer({ min: 1, max: Math.max(1, max - min) }).map((s) => `*/${s}`),
      );
    const field = (min: number, max: number) =>
      fc.array(item(min, max), { minLength: 1, maxLength: 3 }).map((xs) => (xs.includes("*") ? "*" : xs.join(",")));
    const schedule = fc
      .tuple(field(0, 59), field(0, 23), field(1, 28), field(1, 12), field(0, 6))
      .map((f) => f.join(" "));
    fc.assert(
      fc.property(schedule, (cron) => {
        let parses = true;
        try {
          CronExpressionParser.parse(cron);
        } catch {
          parses = false;
        }
        fc.pre(parses);
        expect(fast(cron, 16)).toEqual(byIteration(cron, 16));
      }),
      { numRuns: 60 },
    );
  });

  test("a schedule that fires nowhere in the window is left to the iterator", () => {
    // 31 February parses in neither cron-parser nor fireTimes; 30 April does parse, and fires.
    expect(fast("0 0 30 4 *", 3)).toEqual(byIteration("0 0 30 4 *", 3));
    expect(
      fireTimes(CronExpressionParser.parse("0 0 1 1 *", { currentDate: new Date(START), tz: "UTC" }), START, 100_000),
    ).toBeUndefined();
  });
});
