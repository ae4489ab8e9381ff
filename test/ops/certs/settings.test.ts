import { describe, expect, test } from "vitest";
import { loadOps } from "../../../src/ops/settings.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { backupDirProblem } from "../../../src/ops/certs/settings.js";

function load(opsYaml: string) {
  const diagnostics: Diagnostic[] = [];
  const config = loadOps({ path: "ops.yaml", text: opsYaml }, diagnostics);
  return { certs: config.certs, diagnostics };
}

describe("certs settings", () => {
  test("the defaults", () => {
    const { certs, diagnostics } = load("");
    expect(diagnostics).toEqual([]);
    expect(certs).toEqual({
      check_schedule: "17 6 * * 1",
      warn_days: 30,
      backup_dir: "/var/backups/akops",
      backup_max_age: 3600,
      etcd_command_timeout: 300,
      restart_method: "manifests",
      restart_timeout: 300,
      etcd: "auto",
      etcd_snapshot_command: [],
      keep_backups: 5,
      readyz_client: "apiserver-kubelet-client",
      pki_dir: "/etc/kubernetes/pki",
      kubeconfig: "/root/.kube/config",
      apiserver_port: 6443,
    });
  });

  test("durations take units and paths lose a trailing slash", () => {
    const { certs, diagnostics } = load(
      "certs:\n  backup_max_age: 2h\n  etcd_command_timeout: 10m\n  restart_timeout: 90s\n  backup_dir: /srv/backups/\n  pki_dir: /etc/kubernetes/ssl\n",
    );
    expect(diagnostics).toEqual([]);
    expect(certs).toMatchObject({
      backup_max_age: 7200,
      etcd_command_timeout: 600,
      restart_timeout: 90,
      backup_dir: "/srv/backups",
      pki_dir: "/etc/kubernetes/ssl",
    });
  });

  test.each([
    [
      "/etc/kubernetes/backups",
      "is inside /etc/kubernetes, which the backup archives (and where kubelet reads manifests)",
    ],
    ["/etc/kubernetes", "is inside /etc/kubernetes, which the backup archives (and where kubelet reads manifests)"],
    ["/etc/ssl/etcd/backup", "is inside /etc/ssl/etcd, which the backup archives"],
    ["/tmp/akops", "is on /tmp, which is cleared at boot"],
    ["/run/akops", "is on /run, which is cleared at boot"],
    ["//tmp/./akops/", "is on /tmp, which is cleared at boot", "/tmp/akops"],
    [
      "/etc//kubernetes",
      "is inside /etc/kubernetes, which the backup archives (and where kubelet reads manifests)",
      "/etc/kubernetes",
    ],
  ])("backup_dir %s is refused with AK370 at certs.backup_dir", (dir, why, normalised = dir) => {
    const { certs, diagnostics } = load(`certs:\n  backup_dir: ${dir}\n`);
    expect(diagnostics).toEqual([
      {
        code: "AK370",
        severity: "error",
        message: `backup directory '${normalised}' ${why}; choose a persistent directory such as /var/backups/akops`,
        file: "ops.yaml",
        path: "certs.backup_dir",
      },
    ]);
    expect(certs.backup_dir).toBe("/var/backups/akops");
  });

  test.each(["/", "//", "/./", "/.//."])(
    "backup_dir %j is the root directory: AK340 before AK370 could be bypassed",
    (dir) => {
      const { certs, diagnostics } = load(`certs:\n  backup_dir: "${dir}"\n`);
      expect(diagnostics.map((d) => [d.code, d.path, d.message])).toEqual([
        [
          "AK340",
          "certs.backup_dir",
          `'${dir}' is the root directory: expected a directory of akops's own, such as /var/backups/akops`,
        ],
      ]);
      expect(certs.backup_dir).toBe("/var/backups/akops");
    },
  );

  test.each(["/var/backups/akops", "/srv/etcd-backups", "/etc/kubernetes-backups", "/running"])(
    "backup_dir %s is fine",
    (dir) => {
      expect(backupDirProblem(dir)).toBeUndefined();
    },
  );

  test.each([
    ["restart_method: kubectl", "certs.restart_method", "AK335"],
    ["etcd: outside", "certs.etcd", "AK335"],
    ["etcd_snapshot_command: snapshot.sh --all", "certs.etcd_snapshot_command", "AK333"],
    ["etcd_snapshot_command: [snapshot.sh, 3]", "certs.etcd_snapshot_command", "AK333"],
    ["keep_backups: 0", "certs.keep_backups", "AK334"],
    ["readyz_client: ../admin", "certs.readyz_client", "AK333"],
    ["warn_days: 0", "certs.warn_days", "AK334"],
    ["apiserver_port: 70000", "certs.apiserver_port", "AK334"],
    ["backup_max_age: 30", "certs.backup_max_age", "AK334"],
    ["kubeconfig: root/.kube/config", "certs.kubeconfig", "AK337"],
  ])("%s is an error at its path", (line, path, code) => {
    const { diagnostics } = load(`certs:\n  ${line}\n`);
    expect(diagnostics.map((d) => [d.code, d.path])).toEqual([[code, path]]);
  });
});
