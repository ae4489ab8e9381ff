import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { describe, expect, test } from "vitest";
import { jobsOf } from "../../src/package/jobs.js";
import { alertRules, JOB_LABEL, type RuleGroup } from "../../src/package/prometheus.js";
import { convertSchedule, type Schedule } from "../../src/package/schedule.js";
import { defaultOps, loadOps, type OpsConfig } from "../../src/ops/settings.js";

const root = join(__dirname, "../..");
/** The golden trees (test/golden.test.ts keeps them current). */
const cases = readdirSync(join(root, "generated")).sort();

/** promtool's output and exit status (it exits non-zero on a failed check or test). */
function promtool(...args: string[]): { code: number; out: string } {
  try {
    return {
      code: 0,
      out: execFileSync("promtool", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }),
    };
  } catch (e) {
    const err = e as { status?: number; stdout?: string; stderr?: string };
    return { code: err.status ?? -1, out: `${err.stdout ?? ""}${err.stderr ?? ""}` };
  }
}

const rulesOf = (name: string) =>
  yaml.load(readFileSync(join(root, "generated", name, "prometheus/akops-rules.yaml"), "utf8")) as {
    groups: RuleGroup[];
  };

function ctxOf(config: OpsConfig) {
  const jobs = jobsOf(config).map((job) => ({ job, schedule: convertSchedule(job.schedule) as Schedule }));
  return { ctx: { config, header: { version: "0.0.0-test", inputs: [], regenerate: "akops gen all" } }, jobs };
}

function opsFrom(text: string): OpsConfig {
  const diagnostics: never[] = [];
  const config = loadOps({ path: "ops.yaml", text }, diagnostics);
  expect(diagnostics).toEqual([]);
  return config;
}

describe("the tree's rule files", () => {
  test.each(cases)("promtool check rules accepts generated/%s/prometheus/akops-rules.yaml", (name) => {
    const r = promtool("check", "rules", `generated/${name}/prometheus/akops-rules.yaml`);
    expect(r.out).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.code).toBe(0);
  });

  test("promtool check rules refuses a broken rule (the gate can fail)", () => {
    const dir = mkdtempSync(join(tmpdir(), "akops-rules-"));
    try {
      writeFileSync(
        join(dir, "bad.yaml"),
        "groups:\n  - name: x\n    rules:\n      - alert: A\n        expr: time( -\n",
      );
      const r = promtool("check", "rules", join(dir, "bad.yaml"));
      expect(r.code).not.toBe(0);
      expect(r.out).toContain("FAILED");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each(cases)(
    "generated/%s: the PrometheusRule holds the same groups and passes the prometheus-operator model",
    (name) => {
      const text = readFileSync(join(root, "generated", name, "k8s/monitoring/akops-rules.yaml"), "utf8");
      const docs = yaml.loadAll(text).filter((d) => d !== null);
      expect(docs).toHaveLength(1);
      const rule = new PrometheusRule(docs[0] as ConstructorParameters<typeof PrometheusRule>[0]);
      expect(() => rule.validate()).not.toThrow();
      expect(rule.spec.groups).toEqual(rulesOf(name).groups);
    },
  );

  test("the PrometheusRule model refuses a malformed rule (so validation means something)", () => {
    const bad = new PrometheusRule({
      spec: { groups: [{ name: "x", rules: [{ alert: "A", expr: "up", for: "ten minutes" }] }] },
    });
    expect(() => bad.validate()).toThrow();
  });
});

describe("promtool test rules", () => {
  const file = "test/prometheus/example-rules.test.yml";

  test(`${file} passes against generated/example`, () => {
    const r = promtool("test", "rules", file);
    expect(r.out).toContain("SUCCESS");
    expect(r.code).toBe(0);
  });

  test("every alert of the example has a case where it fires and one where it does not", () => {
    const spec = yaml.load(readFileSync(join(root, file), "utf8")) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const cases = spec.tests.flatMap((t) => t.alert_rule_test);
    const alerts = new Set(rulesOf("example").groups.flatMap((g) => g.rules.map((r) => r.alert)));
    expect(alerts.size).toBe(10);
    for (const alert of alerts) {
      const mine = cases.filter((c) => c.alertname === alert);
      expect(
        mine.some((c) => c.exp_alerts.length > 0),
        `${alert} fires somewhere`,
      ).toBe(true);
      expect(
        mine.some((c) => c.exp_alerts.length === 0),
        `${alert} stays silent somewhere`,
      ).toBe(true);
    }
  });
});

describe("alertRules", () => {
  const exprOf = (groups: RuleGroup[], alert: string, job?: string) =>
    groups
      .flatMap((g) => g.rules)
      .find((r) => r.alert === alert && (job === undefined || r.labels[JOB_LABEL] === job || r.labels.cronjob === job))
      ?.expr;

  test("a job is stale after three of its longest gaps: weekly is 21 days, every 5 minutes is 15", () => {
    const { ctx, jobs } = ctxOf(defaultOps());
    const groups = alertRules(ctx, jobs);
    expect(exprOf(groups, "AkopsJobNotSucceeding", "k8s-certs-check")).toContain("> 1814400");
    expect(exprOf(groups, "AkopsJobNotSucceeding", "kill-zombie-parents")).toContain("> 900");
    expect(exprOf(groups, "AkopsCronJobNotSucceeding", "akash-delete-failed-pods")).toContain("> 1800");
  });

  test("an irregular schedule uses its longest gap, not its shortest", () => {
    // Weekdays at 06:00: the weekend gap is 3 days.
    const { ctx, jobs } = ctxOf(opsFrom('pruner:\n  schedule: "0 6 * * 1-5"\n'));
    expect(exprOf(alertRules(ctx, jobs), "AkopsJobNotSucceeding", "akash-force-new-replicasets")).toContain(
      `> ${3 * 3 * 86400}`,
    );
  });

  test("the warning follows certs.warn_days; with warn_days within the critical week there is no warning", () => {
    const at45 = ctxOf(opsFrom("certs:\n  warn_days: 45\n"));
    expect(exprOf(alertRules(at45.ctx, at45.jobs), "AkopsCertificateExpiringSoon")).toContain(`< ${45 * 86400} and`);
    const at5 = ctxOf(opsFrom("certs:\n  warn_days: 5\n"));
    expect(exprOf(alertRules(at5.ctx, at5.jobs), "AkopsCertificateExpiringSoon")).toBeUndefined();
    expect(exprOf(alertRules(at5.ctx, at5.jobs), "AkopsCertificateExpiringCritical")).toBeDefined();
  });

  test("the namespace of the in-cluster variants is install.namespace", () => {
    const { ctx, jobs } = ctxOf(opsFrom("install:\n  namespace: provider-ops\n"));
    expect(exprOf(alertRules(ctx, jobs), "AkopsCronJobFailed", "akash-force-new-replicasets")).toContain(
      'namespace="provider-ops"',
    );
  });

  test("with metrics off only the kube-state-metrics rules remain", () => {
    const { ctx, jobs } = ctxOf(opsFrom('metrics:\n  textfile_dir: ""\n'));
    expect(alertRules(ctx, jobs).map((g) => g.name)).toEqual(["akops-cronjobs"]);
  });

  test("the job label is not `job`, which Prometheus renames to exported_job on scrape", () => {
    expect(JOB_LABEL).not.toBe("job");
    const prelude = readFileSync(join(root, "templates/bash/prelude/metrics.sh.tmpl"), "utf8");
    expect(prelude).toContain(`${JOB_LABEL} "$METRICS_JOB"`);
    expect(prelude).not.toMatch(/ job "\$METRICS_JOB"/);
  });
});
