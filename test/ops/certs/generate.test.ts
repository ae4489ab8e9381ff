import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compile } from "../../../src/compile.js";
import { PATHS } from "../../../src/inputs.js";
import { loadOps } from "../../../src/ops/settings.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { generateCertRotate } from "../../../src/ops/certs/generate.js";
import { TEST_VERSION } from "../../../src/version.js";
import { run } from "../../cli/package-io.js";

function generate(opsYaml: string) {
  const diagnostics: Diagnostic[] = [];
  const config = loadOps({ path: "ops.yaml", text: opsYaml }, diagnostics);
  expect(diagnostics).toEqual([]);
  return generateCertRotate({
    config,
    header: { version: TEST_VERSION, inputs: ["ops.yaml"], regenerate: "akops gen cert-rotate --ops ops.yaml" },
  });
}

/** What bash assigns to the script's plain `readonly NAME=…` constants (AKOPS_ROOT empty). */
function constants(script: string): Record<string, string> {
  const lines = script.split("\n").filter((l) => /^readonly [A-Z_]+=/.test(l));
  const names = lines.map((l) => /^readonly ([A-Z_]+)=/.exec(l)![1]!);
  const out = execFileSync(
    "bash",
    ["-c", `${lines.join("\n")}\nfor n in ${names.join(" ")}; do printf '%s=%s\\n' "$n" "\${!n}"; done`],
    {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "" },
    },
  );
  return Object.fromEntries(
    out
      .trimEnd()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

/** The words of a `readonly -a NAME=(…)` array, as bash reads them. */
function array(script: string, name: string): string[] {
  const line = script.split("\n").find((l) => l.startsWith(`readonly -a ${name}=(`));
  expect(line).toBeDefined();
  const out = execFileSync("bash", ["-c", `${line}\nprintf '%s\\n' "\${${name}[@]}"`], { encoding: "utf8" });
  return out.trimEnd().split("\n");
}

const OPTIONS = [
  "",
  "certs:\n  restart_method: crictl\n  etcd: stacked\n",
  "certs:\n  etcd: host\n  warn_days: 14\n  backup_dir: /srv/etcd-backups\n  pki_dir: /etc/kubernetes/ssl\n  apiserver_port: 8443\n",
];

describe("generateCertRotate: the script", () => {
  test("the settings become the script's constants, every host path below AKOPS_ROOT", () => {
    const script = generate(
      "install:\n  run_dir: /var/run/ak\ncerts:\n  warn_days: 14\n  backup_dir: /srv/etcd-backups\n  backup_max_age: 2h\n  etcd_command_timeout: 10m\n  restart_method: crictl\n  restart_timeout: 2m\n  etcd: stacked\n  pki_dir: /etc/kubernetes/ssl\n  kubeconfig: /home/ops/.kube/config\n  apiserver_port: 8443\n",
    ).script;
    expect(constants(script)).toMatchObject({
      ROOT: "",
      WARN_DAYS: "14",
      BACKUP_MAX_AGE: "7200",
      ETCD_COMMAND_TIMEOUT: "600",
      ETCD_PROBE_TIMEOUT: "30",
      RESTART_TIMEOUT: "120",
      RESTART_METHOD: "crictl",
      ETCD_MODE: "stacked",
      APISERVER_PORT: "8443",
      KUBE_DIR: "/etc/kubernetes",
      PKI_DIR: "/etc/kubernetes/ssl",
      MANIFEST_DIR: "/etc/kubernetes/manifests",
      KUBEADM_CONFIG: "/etc/kubernetes/kubeadm-config.yaml",
      ETCD_ENV_FILE: "/etc/etcd.env",
      ETCD_SSL_DIR: "/etc/ssl/etcd/ssl",
      BACKUP_DIR: "/srv/etcd-backups",
      KUBECONFIG_FILE: "/home/ops/.kube/config",
      DEFAULT_LOCK_FILE: "/var/run/ak/k8s-cert-rotate.lock",
    });
    for (const name of [
      "KUBE_DIR",
      "PKI_DIR",
      "MANIFEST_DIR",
      "ETCD_ENV_FILE",
      "ETCD_SSL_DIR",
      "BACKUP_DIR",
      "KUBECONFIG_FILE",
      "DEFAULT_LOCK_FILE",
    ]) {
      expect(script).toMatch(new RegExp(`^readonly ${name}="\\$ROOT"/`, "m"));
    }
  });

  test("a short etcd command timeout also bounds the probes", () => {
    expect(constants(generate("certs:\n  etcd_command_timeout: 5\n").script).ETCD_PROBE_TIMEOUT).toBe("5");
  });

  test("the certificate lists are kubeadm's names and paths", () => {
    const { script } = generate("");
    expect(array(script, "PKI_CERTS")).toEqual([
      "ca=ca.crt",
      "front-proxy-ca=front-proxy-ca.crt",
      "apiserver=apiserver.crt",
      "apiserver-kubelet-client=apiserver-kubelet-client.crt",
      "front-proxy-client=front-proxy-client.crt",
    ]);
    expect(array(script, "STACKED_ETCD_CERTS")).toEqual([
      "etcd-ca=etcd/ca.crt",
      "apiserver-etcd-client=apiserver-etcd-client.crt",
      "etcd-healthcheck-client=etcd/healthcheck-client.crt",
      "etcd-peer=etcd/peer.crt",
      "etcd-server=etcd/server.crt",
    ]);
    expect(array(script, "KUBECONFIGS")).toEqual([
      "admin.conf=admin.conf",
      "controller-manager.conf=controller-manager.conf",
      "scheduler.conf=scheduler.conf",
    ]);
    expect(array(script, "OPTIONAL_KUBECONFIGS")).toEqual(["super-admin.conf=super-admin.conf"]);
    expect(array(script, "CONTROL_PLANE")).toEqual(["kube-apiserver", "kube-controller-manager", "kube-scheduler"]);
  });

  test("the header: generated-code marker, usage, the CLI documented, then set -euo pipefail", () => {
    const lines = generate("").script.split("\n");
    expect(lines[0]).toBe("#!/usr/bin/env bash");
    expect(lines[1]).toMatch(/^# Code generated by akops .* DO NOT EDIT\.$/);
    expect(lines[3]).toBe(
      "# Usage: k8s-cert-rotate.sh [--dry-run] [--from STEP] check|backup|renew|kubeconfig|restart|verify|all",
    );
    const body = lines.indexOf("set -euo pipefail");
    const usage = lines.slice(3, body).join("\n");
    for (const word of [
      "check",
      "backup",
      "renew",
      "kubeconfig",
      "restart",
      "verify",
      "all",
      "--dry-run",
      "--from STEP",
      "AKOPS_ROOT",
      "AKOPS_KUBEADM",
    ]) {
      expect(usage).toContain(word);
    }
    expect(lines.slice(4, body).every((l) => l.startsWith("#"))).toBe(true);
  });

  test("no kubectl anywhere: static pods restart through kubelet", () => {
    for (const ops of OPTIONS) expect(generate(ops).script).not.toMatch(/kubectl (-n \S+ )?delete/);
  });

  test("external tools run only through ak_run", () => {
    const { script } = generate("");
    const direct = script
      .split("\n")
      .filter((l) => !l.trimStart().startsWith("#"))
      .filter((l) => /(^|[\s;(|&]|\$\()(kubeadm|crictl|etcdctl|etcdutl|systemctl|curl)\s/.test(l))
      .filter((l) => !/ak_run (kubeadm|crictl|etcdctl|etcdutl|systemctl|curl)\b/.test(l))
      .filter((l) => !/^\s+(kubeadm|crictl|etcdctl|etcdutl|systemctl|curl)\) cmd=/.test(l))
      .filter((l) => !/(ak_log|ak_plan|die|printf|ak_wait_until) /.test(l));
    expect(direct).toEqual([]);
    const sClient = script.split("\n").filter((l) => !l.trimStart().startsWith("#") && /openssl s_client/.test(l));
    expect(sClient).toEqual(['      ak_show openssl s_client "$@"']);
  });

  test.each(OPTIONS)("is deterministic, LF-only, ends with a newline and has no trailing spaces (%j)", (ops) => {
    const { script } = generate(ops);
    expect(generate(ops).script).toBe(script);
    expect(script.endsWith("\n")).toBe(true);
    expect(script).not.toMatch(/\r|[ \t]+$/m);
  });

  test.each(OPTIONS)("is shellcheck -S warning clean and parses (%j)", (ops) => {
    const { script } = generate(ops);
    expect(execFileSync("shellcheck", ["-S", "warning", "-s", "bash", "-"], { input: script, encoding: "utf8" })).toBe(
      "",
    );
    execFileSync("bash", ["-n"], { input: script });
  });

  test("no eval and no data in printf formats", () => {
    const { script } = generate("");
    expect(script).not.toMatch(/\beval\b/);
    for (const m of script.matchAll(/printf (-v \w+ )?([^\s]+)/g)) expect(m[2]).toMatch(/^'/);
  });
});

describe("akops gen cert-rotate", () => {
  test("writes the script (executable) and the runbook into the directory", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "akops-certs-"));
    try {
      const r = await run(cwd, "gen", "cert-rotate", "-o", "out");
      expect(r.err).toBe("");
      expect(r.code).toBe(0);
      const script = readFileSync(join(cwd, "out/k8s-cert-rotate.sh"), "utf8");
      expect(statSync(join(cwd, "out/k8s-cert-rotate.sh")).mode & 0o777).toBe(0o755);
      expect(script).toMatch(/^# Code generated by akops .* from built-in defaults\. DO NOT EDIT\.$/m);
      expect(readFileSync(join(cwd, "out/cert-rotation-runbook.md"), "utf8")).toMatch(
        /^# Kubernetes certificate rotation runbook$/m,
      );
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  test("an unsafe backup_dir stops generation with AK370 located by path", () => {
    const result = compile(
      { ops: { path: "ops.yaml", text: "certs:\n  backup_dir: /etc/kubernetes/bak\n" } },
      { version: TEST_VERSION, target: "cert-rotate" },
    );
    expect(result.files.has(PATHS.certRotate)).toBe(false);
    expect(result.diagnostics.map((d) => [d.code, d.path])).toEqual([["AK370", "certs.backup_dir"]]);
  });
});

/** The text of one bash function of the script. */
function bashFunction(script: string, name: string): string {
  const start = script.indexOf(`\n${name}() {\n`);
  expect(start).toBeGreaterThan(-1);
  return script.slice(start + 1, script.indexOf("\n}\n", start) + 3);
}

describe("parse_not_after: openssl's notAfter in bash, without date(1)", () => {
  const fn = bashFunction(generate("").script, "parse_not_after");
  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  /** As OpenSSL's ASN1_TIME_print writes it: day padded with a space. */
  const opensslDate = (d: Date) =>
    `notAfter=${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()} GMT`;
  const parse = (lines: string[]) =>
    execFileSync(
      "bash",
      [
        "-c",
        `${fn}\nwhile IFS= read -r l; do if parse_not_after "$l"; then printf '%s %s\\n' "$NOT_AFTER_EPOCH" "$NOT_AFTER_ISO"; else printf 'error\\n'; fi; done`,
      ],
      {
        input: `${lines.join("\n")}\n`,
        encoding: "utf8",
      },
    )
      .trimEnd()
      .split("\n");

  test("agrees with the calendar for any second from 1970 to 2299", () => {
    const seconds = fc.sample(fc.integer({ min: 0, max: Date.UTC(2299, 11, 31, 23, 59, 59) / 1000 }), {
      numRuns: 300,
      seed: 42,
    });
    const edges = [0, 951782400, 951868799, 4107542400, Date.UTC(2100, 1, 28, 12) / 1000, Date.UTC(2000, 1, 29) / 1000];
    const all = [...edges, ...seconds];
    const out = parse(all.map((s) => opensslDate(new Date(s * 1000))));
    expect(out).toEqual(all.map((s) => `${s} ${new Date(s * 1000).toISOString().slice(0, 19)}Z`));
  });

  test.each([
    "notAfter=Foo  1 00:00:00 2030 GMT",
    "notAfter=an  1 00:00:00 2030 GMT",
    "notAfter=Jan  1 00:00:00 2030 UTC",
    "notAfter=Jan  1 00:00 2030 GMT",
    "",
    "notAfter=",
  ])("rejects %j", (line) => {
    expect(parse([line])).toEqual(["error"]);
  });
});
