import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { loadOps } from "../../../src/ops/settings.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { renderDiagnostics } from "../../../src/diagnostics/render.js";
import { generateCertRotate } from "../../../src/ops/certs/generate.js";
import { TEST_VERSION } from "../../../src/version.js";

const HEADER = { version: TEST_VERSION, inputs: ["ops.yaml"], regenerate: "akops gen cert-rotate --ops ops.yaml" };

function load(opsYaml: string) {
  const diagnostics: Diagnostic[] = [];
  const src = { path: "ops.yaml", text: opsYaml };
  const config = loadOps(src, diagnostics);
  return { config, diagnostics, rendered: renderDiagnostics(diagnostics, [src]) };
}

function generate(opsYaml: string) {
  const { config, diagnostics } = load(opsYaml);
  expect(diagnostics).toEqual([]);
  return generateCertRotate({ config, header: HEADER });
}

/** What bash assigns to the script's plain `readonly NAME=…` constants (AKOPS_ROOT as given). */
function constants(script: string, root = ""): Record<string, string> {
  const lines = script.split("\n").filter((l) => /^readonly [A-Z_0-9]+=/.test(l));
  const names = lines.map((l) => /^readonly ([A-Z_0-9]+)=/.exec(l)![1]!);
  const out = execFileSync(
    "bash",
    ["-c", `${lines.join("\n")}\nfor n in ${names.join(" ")}; do printf '%s=%s\\n' "$n" "\${!n}"; done`],
    {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", AKOPS_ROOT: root },
    },
  );
  return Object.fromEntries(
    out
      .trimEnd()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

const K3S = "cluster:\n  distribution: k3s\n";

describe("cluster.distribution", () => {
  test("defaults to kubespray; kubeadm and kubespray give the same kubeadm script and runbook", () => {
    expect(load("").config.cluster.distribution).toBe("kubespray");
    const byDefault = generate("");
    for (const d of ["kubespray", "kubeadm"]) {
      const out = generate(`cluster:\n  distribution: ${d}\n`);
      expect(out).toEqual(byDefault);
      expect(out.script).toContain("kubeadm certs renew all");
      expect(out.script).not.toContain("k3s certificate rotate");
    }
  });

  test("an unknown distribution is AK335 at its path, and the kubespray script is written", () => {
    const { rendered, config } = load("cluster:\n  distribution: rke2\n");
    expect(rendered).toContain("error[AK335]");
    expect(rendered).toContain("'kubespray', 'kubeadm', 'k3s'");
    expect(config.cluster.distribution).toBe("kubespray");
  });

  test("k3s: kubeadm-only certs settings that were changed warn (AK376), the shared ones do not", () => {
    const { diagnostics } = load(
      `${K3S}certs:\n  pki_dir: /etc/kubernetes/ssl\n  restart_method: crictl\n  warn_days: 45\n  etcd: auto\n`,
    );
    expect(diagnostics.map((d) => [d.code, d.severity, d.path])).toEqual([
      ["AK376", "warning", "certs.restart_method"],
      ["AK376", "warning", "certs.pki_dir"],
    ]);
    expect(load("certs:\n  pki_dir: /etc/kubernetes/ssl\n").diagnostics).toEqual([]);
  });

  test("k3s backups may not live in k3s's data directory or /etc/rancher (AK370)", () => {
    for (const dir of ["/var/lib/rancher/k3s/backups", "/etc/rancher/k3s/backup"]) {
      expect(load(`${K3S}certs:\n  backup_dir: ${dir}\n`).diagnostics.map((d) => d.code)).toEqual(["AK370"]);
    }
  });
});

describe("the k3s certificate script", () => {
  test("reads k3s's layout below AKOPS_ROOT and takes the shared certs settings", () => {
    const { script } = generate(
      `${K3S}certs:\n  warn_days: 45\n  backup_dir: /srv/k3s-backups\n  backup_max_age: 30m\n  apiserver_port: 7443\n  restart_timeout: 2m\n  kubeconfig: /root/.kube/k3s\ninstall:\n  run_dir: /var/run/x\n`,
    );
    expect(constants(script, "/fx")).toMatchObject({
      ROOT: "/fx",
      WARN_DAYS: "45",
      BACKUP_MAX_AGE: "1800",
      RESTART_TIMEOUT: "120",
      APISERVER_PORT: "7443",
      KUBE_APISERVER_PORT: "7444",
      SERVICE: "k3s",
      TLS_DIR: "/fx/var/lib/rancher/k3s/server/tls",
      DB_DIR: "/fx/var/lib/rancher/k3s/server/db",
      AGENT_DIR: "/fx/var/lib/rancher/k3s/agent",
      TOKEN_FILE: "/fx/var/lib/rancher/k3s/server/token",
      K3S_KUBECONFIG: "/fx/etc/rancher/k3s/k3s.yaml",
      BACKUP_DIR: "/fx/srv/k3s-backups",
      KUBECONFIG_FILE: "/fx/root/.kube/k3s",
      DEFAULT_LOCK_FILE: "/fx/var/run/x/k8s-cert-rotate.lock",
    });
  });

  test("every k3s, systemctl, curl, etcdutl and s_client call goes through ak_run (the seams)", () => {
    const { script } = generate(K3S);
    // the code without comments and string literals: what bash would run as commands
    const body = script
      .split("\n")
      .filter((l) => !l.trim().startsWith("#"))
      .map((l) => l.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/'[^']*'/g, "''"));
    for (const tool of ["k3s", "systemctl", "curl", "etcdutl", "openssl s_client"]) {
      const direct = body.filter((l) => new RegExp(`(^|[;&|(]|\\$\\()\\s*${tool}( |$)`).test(l.trim()));
      expect(direct, tool).toEqual([]);
    }
    expect(body.filter((l) => /\bak_run (k3s|systemctl|curl|etcdutl|s_client) /.test(l)).length).toBeGreaterThan(8);
    expect(script).toContain('k3s) cmd=("${AKOPS_K3S:-k3s}") ;;');
  });

  test("has the kubeadm script's path, commands and exit codes, with k3s steps", () => {
    const { script } = generate(K3S);
    expect(script).toContain("readonly -a STEPS=(check backup rotate kubeconfig verify)");
    expect(script).toContain("ak_run k3s certificate rotate");
    expect(script).toContain('ak_run k3s etcd-snapshot save --name "$name" --etcd-snapshot-dir "$BACKUP_DIR"');
    expect(script).not.toMatch(/kubeadm|crictl|etcdctl/);
  });

  test("passes shellcheck -S warning", () => {
    const { script } = generate(`${K3S}certs:\n  backup_dir: /srv/b@k,1=x\n`);
    execFileSync("shellcheck", ["-S", "warning", "-s", "bash", "-"], { input: script, encoding: "utf8" });
  });
});

describe("the k3s runbook", () => {
  test("has the five steps in the script's order, then failures and restore", () => {
    const titles = [...generate(K3S).runbook.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    expect(titles).toEqual([
      "Before you start",
      "All steps at once",
      "1. check",
      "2. backup: verified datastore backup and PKI archive",
      "3. rotate",
      "4. kubeconfig",
      "5. verify",
      "When a step fails",
      "Restore the datastore from the backup",
    ]);
  });

  test("gives this configuration's values and never kubeadm's commands", () => {
    const { runbook } = generate(`${K3S}certs:\n  backup_dir: /srv/k3s-backups\n  apiserver_port: 7443\n`);
    expect(runbook).toContain(
      "k3s etcd-snapshot save --name akops-$(date -u +%Y%m%dT%H%M%SZ) --etcd-snapshot-dir /srv/k3s-backups",
    );
    expect(runbook).toContain("openssl s_client -connect 127.0.0.1:7444");
    expect(runbook).toContain("systemctl stop k3s\nk3s certificate rotate\nsystemctl start k3s");
    expect(runbook).not.toMatch(/kubeadm|crictl|\/etc\/kubernetes/);
  });
});
