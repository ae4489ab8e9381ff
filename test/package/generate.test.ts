import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import yaml from "js-yaml";
import { DaemonSet } from "kubernetes-models/apps/v1/DaemonSet";
import { CronJob } from "kubernetes-models/batch/v1/CronJob";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { describe, expect, test } from "vitest";
import { compile } from "../../src/compile.js";
import { PATHS, type CompileInputs } from "../../src/inputs.js";
import { defaultOps } from "../../src/ops/settings.js";
import { renderDiagnostics } from "../../src/diagnostics/render.js";
import { jobsOf } from "../../src/package/jobs.js";
import { sha256 } from "../../src/emit/sha256.js";
import { DEFAULT_IMAGE } from "../../src/ops/install-settings.js";

const PROVIDER = { path: "provider.yaml", text: "price_target_cpu: 1.60\n" };

function tree(ops?: string, extra: Partial<CompileInputs> = {}) {
  const inputs: CompileInputs = { provider: PROVIDER, ...extra };
  if (ops !== undefined) inputs.ops = { path: "ops.yaml", text: ops };
  return compile(inputs, { version: "0.0.0-test", target: "all" });
}

function ok(ops?: string) {
  const r = tree(ops);
  expect(
    renderDiagnostics(
      r.diagnostics.filter((d) => d.severity === "error"),
      r.sources,
    ),
  ).toBe("");
  return r.files;
}

type Doc = { kind: string; metadata: { name: string; namespace?: string }; [k: string]: unknown };
const docs = (text: string) => yaml.loadAll(text) as Doc[];
const find = (ds: Doc[], kind: string) => ds.find((d) => d.kind === kind)!;

function shellcheck(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "akops-sc-"));
  writeFileSync(join(dir, "x.sh"), text);
  try {
    execFileSync("shellcheck", ["-S", "warning", "-s", "bash", join(dir, "x.sh")], { encoding: "utf8" });
    return "";
  } catch (e) {
    return String((e as { stdout?: string }).stdout ?? e);
  }
}

describe("jobs", () => {
  test("every job runs a script of the compiled tree", () => {
    const files = ok();
    for (const j of jobsOf(defaultOps())) expect(files.has(j.script), j.script).toBe(true);
  });
});

describe("k8s manifests", () => {
  const files = ok();
  const pruner = docs(files.get("k8s/akash-force-new-replicasets.yaml")!);
  const reaper = docs(files.get("k8s/kill-zombie-parents.yaml")!);

  test("the ConfigMaps hold the very bytes of bin/*.sh", () => {
    expect((find(pruner, "ConfigMap") as unknown as { data: Record<string, string> }).data).toEqual({
      "akash-force-new-replicasets.sh": files.get(PATHS.pruner),
    });
    expect((find(reaper, "ConfigMap") as unknown as { data: Record<string, string> }).data).toEqual({
      "kill-zombie-parents.sh": files.get(PATHS.reaper),
    });
  });

  test("every object validates against the Kubernetes schema after a YAML round trip", () => {
    expect(() => new CronJob(find(pruner, "CronJob") as never).validate()).not.toThrow();
    expect(() => new ClusterRole(find(pruner, "ClusterRole") as never).validate()).not.toThrow();
    expect(() => new DaemonSet(find(reaper, "DaemonSet") as never).validate()).not.toThrow();
  });

  test("the pruner's ClusterRole can list deployments, replicasets and pods and delete replicasets, nothing else", () => {
    expect((find(pruner, "ClusterRole") as unknown as { rules: unknown }).rules).toEqual([
      { apiGroups: ["apps"], resources: ["deployments"], verbs: ["list"] },
      { apiGroups: ["apps"], resources: ["replicasets"], verbs: ["list", "delete"] },
      { apiGroups: [""], resources: ["pods"], verbs: ["list"] },
    ]);
    const binding = find(pruner, "ClusterRoleBinding") as unknown as { subjects: unknown; roleRef: { name: string } };
    expect(binding.subjects).toEqual([
      { kind: "ServiceAccount", name: "akash-force-new-replicasets", namespace: "akash-services" },
    ]);
    expect(binding.roleRef.name).toBe(find(pruner, "ClusterRole").metadata.name);
  });

  test("the pruner CronJob forbids overlapping runs and uses its own ServiceAccount", () => {
    const cj = find(pruner, "CronJob") as unknown as {
      spec: {
        schedule: string;
        concurrencyPolicy: string;
        jobTemplate: { spec: { template: { spec: { serviceAccountName: string } } } };
      };
    };
    expect(cj.spec.concurrencyPolicy).toBe("Forbid");
    expect(cj.spec.schedule).toBe("*/5 * * * *");
    expect(cj.spec.jobTemplate.spec.template.spec.serviceAccountName).toBe(
      find(pruner, "ServiceAccount").metadata.name,
    );
  });

  test("the reaper DaemonSet sees the host's processes, may signal them and runs on every node, full ones too", () => {
    const spec = (find(reaper, "DaemonSet") as unknown as { spec: { template: { spec: Record<string, unknown> } } })
      .spec.template.spec;
    expect(spec.hostPID).toBe(true);
    expect((spec.containers as { securityContext: unknown }[])[0]!.securityContext).toMatchObject({ privileged: true });
    // One toleration without a key tolerates every NoSchedule taint (control planes, cordons, custom taints).
    expect(spec.tolerations).toEqual([{ operator: "Exists", effect: "NoSchedule" }]);
    expect(spec.priorityClassName).toBe("system-node-critical");
  });

  test("the reaper DaemonSet shares the host's lock directory and reads the pod log directory", () => {
    const spec = (find(reaper, "DaemonSet") as unknown as { spec: { template: { spec: Record<string, unknown> } } })
      .spec.template.spec;
    expect(spec.volumes).toContainEqual({ name: "run", hostPath: { path: "/run/akops", type: "DirectoryOrCreate" } });
    expect(spec.volumes).toContainEqual({
      name: "pod-logs",
      hostPath: { path: "/var/log/pods", type: "DirectoryOrCreate" },
    });
    const mounts = (spec.containers as { volumeMounts: unknown[] }[])[0]!.volumeMounts;
    expect(mounts).toContainEqual({ name: "run", mountPath: "/run/akops" });
    expect(mounts).toContainEqual({ name: "pod-logs", mountPath: "/var/log/pods", readOnly: true });
    // The script's default lock file is in that directory: the DaemonSet and a cron reaper exclude each other.
    expect(files.get(PATHS.reaper)).toContain(
      'readonly DEFAULT_LOCK_FILE="$ROOT"/run/akops/kill-zombie-parents.lock\n',
    );
  });

  test("the reaper DaemonSet writes its metrics into the node's textfile directory, and none when metrics are off", () => {
    type Pod = { volumes: unknown[]; containers: { env: unknown[]; volumeMounts: unknown[] }[] };
    const podOf = (f: Map<string, string>) =>
      (
        find(docs(f.get("k8s/kill-zombie-parents.yaml")!), "DaemonSet") as unknown as {
          spec: { template: { spec: Pod } };
        }
      ).spec.template.spec;
    const on = podOf(ok("metrics:\n  textfile_dir: /srv/textfile\n"));
    expect(on.containers[0]!.env).toEqual([{ name: "AKOPS_TEXTFILE_DIR", value: "/srv/textfile" }]);
    expect(on.containers[0]!.volumeMounts).toContainEqual({ name: "textfile", mountPath: "/srv/textfile" });
    expect(on.volumes).toContainEqual({
      name: "textfile",
      hostPath: { path: "/srv/textfile", type: "DirectoryOrCreate" },
    });
    const off = podOf(ok("metrics:\n  textfile_dir: ''\n"));
    expect(off.containers[0]!.env).toEqual([{ name: "AKOPS_TEXTFILE_DIR", value: "" }]);
    expect(JSON.stringify(off)).not.toContain("textfile");
  });

  test("the reaper loops itself every schedule interval; priority class and pod log directory are configurable", () => {
    const f = ok(
      "reaper:\n  schedule: '*/15 * * * *'\n  priority_class: akops-critical\n  pod_logs_dir: /srv/kubelet/pod-logs\ninstall:\n  run_dir: /var/run/ak\n",
    );
    const ds = find(docs(f.get("k8s/kill-zombie-parents.yaml")!), "DaemonSet") as unknown as {
      spec: {
        template: { spec: { priorityClassName: string; volumes: unknown[]; containers: { command: string[] }[] } };
      };
    };
    expect(ds.spec.template.spec.containers[0]!.command).toEqual([
      "/bin/bash",
      "/opt/akops/bin/kill-zombie-parents.sh",
      "--every",
      "900",
    ]);
    expect(ds.spec.template.spec.priorityClassName).toBe("akops-critical");
    expect(ds.spec.template.spec.volumes).toContainEqual({
      name: "pod-logs",
      hostPath: { path: "/srv/kubelet/pod-logs", type: "DirectoryOrCreate" },
    });
    expect(ds.spec.template.spec.volumes).toContainEqual({
      name: "run",
      hostPath: { path: "/var/run/ak", type: "DirectoryOrCreate" },
    });
  });

  test("namespace and image come from install settings", () => {
    const f = ok("install:\n  namespace: ops\n  image: registry.example.com/tools:1.2\n");
    const ds = docs(f.get("k8s/kill-zombie-parents.yaml")!);
    expect(ds.every((d) => d.metadata.namespace === "ops")).toBe(true);
    expect(f.get("k8s/kill-zombie-parents.yaml")).toContain("image: registry.example.com/tools:1.2\n");
    expect(files.get("k8s/kill-zombie-parents.yaml")).toContain(`image: ${DEFAULT_IMAGE}\n`);
  });

  test("the image may be pinned by digest; a malformed digest is an error at install.image", () => {
    const digest = `sha256:${"0123456789abcdef".repeat(4)}`;
    const f = ok(`install:\n  image: registry.example.com/ops/kubectl:1.31@${digest}\n`);
    expect(f.get("k8s/akash-force-new-replicasets.yaml")).toContain(
      `image: registry.example.com/ops/kubectl:1.31@${digest}\n`,
    );
    for (const bad of [
      "alpine/k8s@sha256:abc",
      `alpine/k8s@sha256:${"A".repeat(64)}`,
      "alpine/k8s@md5:0123",
      "Alpine/K8s",
      "alpine k8s",
    ]) {
      const r = tree(`install:\n  image: "${bad}"\n`);
      expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.path])).toEqual([
        ["AK333", "install.image"],
      ]);
    }
  });

  test("the pruner's Job stops at the next run's time (activeDeadlineSeconds), at least 60 s, at most an hour", () => {
    const deadline = (ops?: string) => {
      const cj = find(docs(ok(ops).get("k8s/akash-force-new-replicasets.yaml")!), "CronJob") as unknown as {
        spec: { jobTemplate: { spec: { activeDeadlineSeconds: number } } };
      };
      return cj.spec.jobTemplate.spec.activeDeadlineSeconds;
    };
    expect(deadline()).toBe(300);
    expect(deadline('pruner:\n  schedule: "* * * * *"\n')).toBe(60);
    expect(deadline('pruner:\n  schedule: "0 */6 * * *"\n')).toBe(3600);
  });
});

describe("cron.d and systemd", () => {
  test("a '%' in a configured path is escaped for cron and doubled for systemd", () => {
    const f = ok("install:\n  bin_dir: /opt/a%b\n");
    expect(f.get("cron.d/kill-zombie-parents")).toContain(
      " /opt/a\\%b/kill-zombie-parents.sh 2>&1 | logger -t kill-zombie-parents\n",
    );
    expect(f.get("cron.d/kill-zombie-parents")).toContain("PATH=/opt/a%b:/usr/local/sbin:");
    expect(f.get("systemd/kill-zombie-parents.service")).toContain("ExecStart=/opt/a%%b/kill-zombie-parents.sh\n");
  });

  test("every service has a TimeoutStartSec: the gap to its next run, within 60 s and an hour", () => {
    const f = ok('pruner:\n  schedule: "*/2 * * * *"\n');
    expect(f.get("systemd/akash-force-new-replicasets.service")).toMatch(/^TimeoutStartSec=120s$/m);
    expect(f.get("systemd/kill-zombie-parents.service")).toMatch(/^TimeoutStartSec=300s$/m);
    expect(f.get("systemd/k8s-certs-check.service")).toMatch(/^TimeoutStartSec=3600s$/m);
  });

  test("the certs check job runs the rotation script's check command", () => {
    const f = ok();
    expect(f.get("cron.d/k8s-certs-check")).toMatch(
      /^17 6 \* \* 1 root .* \/usr\/local\/bin\/k8s-cert-rotate\.sh check 2>&1 \| logger -t k8s-certs-check$/m,
    );
    expect(f.get("systemd/k8s-certs-check.service")).toContain("ExecStart=/usr/local/bin/k8s-cert-rotate.sh check\n");
  });

  test("services are oneshot, timers persistent, and a non-root user is set on the service", () => {
    const f = ok("install:\n  user: akops\n");
    expect(f.get("systemd/akash-force-new-replicasets.service")).toMatch(/^Type=oneshot$/m);
    expect(f.get("systemd/akash-force-new-replicasets.service")).toMatch(/^User=akops$/m);
    expect(f.get("systemd/akash-force-new-replicasets.timer")).toMatch(/^Persistent=true$/m);
    expect(f.get("cron.d/akash-force-new-replicasets")).toMatch(/^\*\/5 \* \* \* \* akops /m);
  });

  test("an irregular reaper schedule warns that the DaemonSet only approximates it", () => {
    const r = tree("reaper:\n  schedule: '0,10 * * * *'\n");
    expect(renderDiagnostics(r.diagnostics, r.sources)).toContain(
      "ops.yaml: reaper.schedule: warning[AK381]: schedule '0,10 * * * *' is irregular: the reaper DaemonSet runs every 600s",
    );
    expect(r.files.size).toBeGreaterThan(0);
  });

  test("an invalid install setting is an error at its path and no tree is produced", () => {
    const r = tree("install:\n  namespace: Not_A_Namespace\n");
    expect(renderDiagnostics(r.diagnostics, r.sources)).toContain("ops.yaml: install.namespace: error[AK333]");
    expect(r.files.size).toBe(0);
  });
});

describe("install.sh, README and lock", () => {
  test("install.sh is shellcheck clean with hostile but valid paths", () => {
    // (':' is not among them: a bin_dir is an entry of root's PATH in cron.d.)
    const f = ok("install:\n  bin_dir: /opt/a%b@c+d=e,f_g\n");
    expect(f.get("install.sh")).toContain("readonly BIN_DIR=/opt/a%b@c+d=e,f_g\n");
    expect(shellcheck(f.get("install.sh")!)).toBe("");
  });

  test("the README names every file of the tree", () => {
    const f = ok();
    for (const p of f.keys()) expect(f.get("README.md")).toContain(`| \`${p}\` |`);
  });

  test("the lock holds the version, the inputs' hashes and the hash of every other file", () => {
    const r = tree("", { pricing: { path: "pricing.akp", text: "" } });
    const lock = JSON.parse(r.files.get("akops.lock.json")!);
    expect(lock.generator).toEqual({ name: "akops", version: "0.0.0-test" });
    expect(lock.inputs).toEqual([
      { role: "config", name: "provider.yaml", path: "provider.yaml", sha256: sha256(PROVIDER.text) },
      { role: "pricing", name: "pricing.akp", path: "pricing.akp", sha256: sha256("") },
      { role: "ops", name: "ops.yaml", path: "ops.yaml", sha256: sha256("") },
    ]);
    const others = [...r.files.keys()].filter((p) => p !== "akops.lock.json");
    expect(Object.keys(lock.files)).toEqual(others.sort());
    for (const p of others) expect(lock.files[p]).toBe(sha256(r.files.get(p)!));
  });

  test("the same inputs give the same bytes", () => {
    expect(tree("reaper:\n  wait_kill: 3\n").files).toEqual(tree("reaper:\n  wait_kill: 3\n").files);
  });
});
