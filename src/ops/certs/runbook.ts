import { exactDuration } from "../../emit/duration.js";
import { markdownHeader } from "../../emit/header.js";
import { fragment, render, type Fragment } from "../../emit/template.js";
import type { OpsContext } from "../context.js";
import runbookTmpl from "../../../templates/docs/cert-rotation-runbook.md.tmpl";
import {
  CONTROL_PLANE,
  HOST,
  KUBECONFIGS,
  OPTIONAL_KUBECONFIGS,
  PKI_CERTS,
  SCRIPT_NAME,
  STACKED_ETCD_CERTS,
  lockFile,
} from "./layout.js";

type Certs = OpsContext["config"]["certs"];

const EXTERNAL = "With external etcd (`certs.etcd: external`) this node has no etcd member";

const sh = (...lines: string[]) => ["```sh", ...lines, "```"].join("\n");

function wantsHost(c: Certs): boolean {
  return c.etcd === "host" || c.etcd === "auto";
}

function wantsStacked(c: Certs): boolean {
  return c.etcd === "stacked" || c.etcd === "auto";
}

/** Under `auto` both variants are shown, each under the condition the script detects; `external` has its own. */
function variants(c: Certs, host: string, stacked: string, external: string): string {
  if (c.etcd === "host") return host;
  if (c.etcd === "stacked") return stacked;
  if (c.etcd === "external") return external;
  return [
    `**kubespray host etcd** (the script uses this when \`${HOST.etcdEnv}\` exists):`,
    host,
    `**stacked etcd** (when \`${HOST.manifestDir}/etcd.yaml\` exists instead):`,
    stacked,
  ].join("\n\n");
}

function etcdDescription(c: Certs): string {
  const host = `kubespray host etcd (systemd \`etcd.service\`, \`${HOST.etcdEnv}\`, its own PKI in \`${HOST.etcdSslDir}\`)`;
  const stacked = `stacked etcd (static pod \`${HOST.manifestDir}/etcd.yaml\`, PKI in \`${c.pki_dir}/etcd\`)`;
  if (c.etcd === "host") return host;
  if (c.etcd === "stacked") return stacked;
  if (c.etcd === "external")
    return "external: etcd runs on other machines; this node takes no etcd snapshot (see step 2)";
  return `detected on the node: ${host} when \`${HOST.etcdEnv}\` exists, else ${stacked}`;
}

function checkList(c: Certs): string {
  const items = PKI_CERTS.map(([name, path]) => `- \`${name}\` — \`${c.pki_dir}/${path}\``);
  if (wantsStacked(c)) {
    const when = c.etcd === "auto" ? " (stacked etcd only)" : "";
    items.push(...STACKED_ETCD_CERTS.map(([name, path]) => `- \`${name}\` — \`${c.pki_dir}/${path}\`${when}`));
  }
  items.push(...KUBECONFIGS.map((k) => `- \`${k}\` — the client certificate embedded in \`${HOST.kubeDir}/${k}\``));
  items.push(
    ...OPTIONAL_KUBECONFIGS.map((k) => `- \`${k}\` — likewise, when the file exists (Kubernetes 1.29 and later)`),
  );
  if (wantsHost(c)) {
    const when = c.etcd === "auto" ? " (host etcd only)" : "";
    items.push(`- \`host-etcd/*.pem\` — every certificate of kubespray's etcd PKI in \`${HOST.etcdSslDir}\`${when}`);
  }
  return items.join("\n");
}

function backupEnv(c: Certs): string {
  const host = [
    `etcdctl reads its endpoints and client certificate from the \`ETCDCTL_*\` lines of \`${HOST.etcdEnv}\`.`,
    "Load only those lines, and never with `export $(grep -v '^#' /etc/etcd.env | xargs)`: that exports",
    "every etcd server setting too and word-splits and expands the values.",
    "",
    sh(
      "while IFS= read -r line; do",
      `  [[ $line =~ ^(ETCDCTL_[A-Z0-9_]+)=(.*)$ ]] && export "\${BASH_REMATCH[1]}=\${BASH_REMATCH[2]}"`,
      `done < ${HOST.etcdEnv}`,
    ),
  ].join("\n");
  const stacked = [
    "etcdctl talks to the local member with kubeadm's healthcheck client certificate:",
    "",
    sh(
      "export ETCDCTL_API=3 ETCDCTL_ENDPOINTS=https://127.0.0.1:2379",
      `export ETCDCTL_CACERT=${c.pki_dir}/etcd/ca.crt`,
      `export ETCDCTL_CERT=${c.pki_dir}/etcd/healthcheck-client.crt ETCDCTL_KEY=${c.pki_dir}/etcd/healthcheck-client.key`,
    ),
  ].join("\n");
  const command = c.etcd_snapshot_command.length > 0 ? `\`${c.etcd_snapshot_command.join(" ")}\`` : "";
  const external = [
    `${EXTERNAL}: \`backup\` skips member list, endpoint health, endpoint status, the snapshot and its`,
    "verification, and says so in its log. The etcd cluster's snapshot is taken where etcd runs:",
    command
      ? `\`backup\` runs ${command} (certs.etcd_snapshot_command; it gets \`AKOPS_BACKUP_DIR\` and \`AKOPS_BACKUP_STAMP\` in its environment) and fails when it fails.`
      : "take it there yourself (`etcdctl snapshot save` on an etcd member, verified as below), then run `backup` (or `all`) with `--etcd-backup-done`; without it `backup` stops. Or set `certs.etcd_snapshot_command` in ops.yaml to a command that takes it.",
    "The PKI archive below is made all the same, and the record says who took the snapshot (`snapshot_by=command` or `operator`).",
  ].join("\n");
  return variants(c, host, stacked, external);
}

function renewEtcdNote(c: Certs): string {
  const host = ` With kubespray's host etcd, kubeadm does not touch etcd's own certificates in \`${HOST.etcdSslDir}\` (\`check\` lists them; kubespray issues them for \`certificates_duration\` days, 36500 by default, so check their dates rather than assume 100 years), so etcd is not restarted.`;
  const stacked = ` With stacked etcd it renews the etcd certificates in \`${c.pki_dir}/etcd\` as well, so etcd restarts in step 5.`;
  if (c.etcd === "host") return host;
  if (c.etcd === "stacked") return stacked;
  if (c.etcd === "external")
    return " With external etcd kubeadm manages neither the etcd certificates nor `apiserver-etcd-client` (you provided them): renew those with whatever issued them, etcd is not restarted here.";
  return `${host}${stacked}`;
}

function restartOrder(c: Certs): string {
  const names = CONTROL_PLANE.map((n) => `\`${n}\``);
  if (c.etcd === "stacked") names.unshift("`etcd`");
  if (c.etcd === "auto") names.unshift("`etcd` (stacked etcd only)");
  return names.join(", then ");
}

function restartSteps(c: Certs): string {
  const park = `${c.backup_dir}/parked-manifests`;
  const wait = (cond: string) => `while ${cond}; do sleep 2; done`;
  const readyz = `until curl -fsS --cacert ${c.pki_dir}/ca.crt --cert ${c.pki_dir}/${c.readyz_client}.crt --key ${c.pki_dir}/${c.readyz_client}.key https://127.0.0.1:${c.apiserver_port}/readyz; do sleep 2; done   # kube-apiserver only`;
  if (c.restart_method === "crictl") {
    return [
      "Method `crictl` (kubespray's way): remove the component's pod sandbox; kubelet recreates it from the",
      "manifest, with the new certificates. For each component, e.g. kube-apiserver:",
      "",
      sh(
        "crictl pods --namespace kube-system --state ready --name '^kube-apiserver-' -q   # the old sandbox IDs",
        "crictl rmp -f POD_ID",
        "crictl pods --namespace kube-system --state ready --name '^kube-apiserver-' -q   # wait for a new ID",
        wait(`[ -z "$(crictl ps --state running --name '^kube-apiserver$' -q)" ]`),
        readyz,
      ),
      "",
      `Each wait gives up after ${c.restart_timeout}s.`,
    ].join("\n");
  }
  return [
    "Method `manifests`: move the component's static-pod manifest **out of** the manifests directory,",
    "wait until kubelet has stopped the container, move it back, wait until it runs again. Never rename",
    "it inside the directory (`kube-apiserver.yaml.bak`): kubelet reads every file there and would run",
    `both. The manifests wait in \`${park}\` (root only, persistent). For each component, e.g. kube-apiserver:`,
    "",
    sh(
      `install -d -m 0700 ${park}`,
      `mv ${HOST.manifestDir}/kube-apiserver.yaml ${park}/`,
      `${wait(`[ -n "$(crictl ps --state running --name '^kube-apiserver$' -q)" ]`)}   # kubelet looks every 20s`,
      `mv ${park}/kube-apiserver.yaml ${HOST.manifestDir}/`,
      wait(`[ -z "$(crictl ps --state running --name '^kube-apiserver$' -q)" ]`),
      readyz,
    ),
    "",
    `Each wait gives up after ${c.restart_timeout}s; the script then moves the manifest back itself (also when interrupted).`,
  ].join("\n");
}

function restartFailure(c: Certs): string {
  if (c.restart_method === "crictl")
    return "kubelet recreates removed sandboxes; when it does not, `systemctl restart kubelet`.";
  const park = `${c.backup_dir}/parked-manifests`;
  return `A manifest left in \`${park}\` goes back with \`mv ${park}/NAME.yaml ${HOST.manifestDir}/\`.`;
}

function restoreSteps(c: Certs): string {
  const park = `${c.backup_dir}/parked-manifests`;
  const snap = `${c.backup_dir}/etcd-NODE-STAMP.db`;
  const restore = (name: string, cluster: string, token: string, peer: string, dir: string) => [
    `etcdutl snapshot restore ${snap} \\`,
    `  --name ${name} --initial-cluster ${cluster} \\`,
    `  --initial-cluster-token ${token} --initial-advertise-peer-urls ${peer} \\`,
    `  --data-dir ${dir}`,
    "# etcd 3.4 has no etcdutl: etcdctl snapshot restore with the same flags",
  ];
  const host = [
    "1. On every control-plane node, stop the apiserver so that nothing writes while etcd is rolled back:",
    "",
    sh(`install -d -m 0700 ${park}`, `mv ${HOST.manifestDir}/kube-apiserver.yaml ${park}/`),
    "",
    "2. Copy the snapshot to every etcd member. On each one, stop etcd, read the member's identity from",
    `   \`${HOST.etcdEnv}\` (only those lines, without evaluating the file) and restore into a fresh data`,
    "   directory; the restore checks the sha256 trailer itself:",
    "",
    sh(
      "systemctl stop etcd",
      "while IFS= read -r line; do",
      "  [[ $line =~ ^(ETCD_(NAME|DATA_DIR|INITIAL_CLUSTER|INITIAL_CLUSTER_TOKEN|INITIAL_ADVERTISE_PEER_URLS))=(.*)$ ]] &&",
      '    declare "${BASH_REMATCH[1]}=${BASH_REMATCH[3]}"',
      `done < ${HOST.etcdEnv}`,
      'mv "$ETCD_DATA_DIR" "$ETCD_DATA_DIR.before-restore"',
      ...restore(
        '"$ETCD_NAME"',
        '"$ETCD_INITIAL_CLUSTER"',
        '"$ETCD_INITIAL_CLUSTER_TOKEN"',
        '"$ETCD_INITIAL_ADVERTISE_PEER_URLS"',
        '"$ETCD_DATA_DIR"',
      ),
      'chown -R --reference="$ETCD_DATA_DIR.before-restore" "$ETCD_DATA_DIR"',
      "systemctl start etcd",
    ),
    "",
    "3. When every member runs again (`etcdctl endpoint health --cluster -w table`), put the apiservers back,",
    "   on every control-plane node:",
    "",
    sh(`mv ${park}/kube-apiserver.yaml ${HOST.manifestDir}/`),
  ].join("\n");
  const stacked = [
    "1. On every control-plane node, stop the apiserver and etcd by moving their manifests out:",
    "",
    sh(
      `install -d -m 0700 ${park}`,
      `mv ${HOST.manifestDir}/kube-apiserver.yaml ${HOST.manifestDir}/etcd.yaml ${park}/`,
    ),
    "",
    "2. Copy the snapshot to every control-plane node. On each one, take the member's flags from",
    `   \`${park}/etcd.yaml\` (\`--name\`, \`--initial-cluster\`, \`--initial-advertise-peer-urls\`, \`--data-dir\`)`,
    "   and restore (the restore checks the sha256 trailer itself):",
    "",
    sh(
      "mv /var/lib/etcd /var/lib/etcd.before-restore      # the --data-dir of etcd.yaml",
      ...restore(
        "NODE",
        "NODE=https://IP:2380,OTHER=https://IP2:2380",
        "etcd-cluster",
        "https://IP:2380",
        "/var/lib/etcd",
      ),
    ),
    "",
    `3. Move \`etcd.yaml\` back into \`${HOST.manifestDir}\` on every node, wait for \`etcdctl endpoint health --cluster\`,`,
    "   then move `kube-apiserver.yaml` back.",
  ].join("\n");
  const external = `${EXTERNAL}: restore the etcd cluster where it runs, with its own procedure (the same \`etcdutl snapshot restore\` on every member, from one snapshot), with every kube-apiserver stopped as in step 1 of the host procedure.`;
  return variants(c, host, stacked, external);
}

/** cert-rotation-runbook.md: the script's steps in prose, with the exact commands for this configuration. */
export function renderRunbook(ctx: OpsContext): string {
  const c = ctx.config.certs;
  const f = (s: string | number): Fragment => fragment(String(s));
  return render(
    runbookTmpl,
    {
      header: f(markdownHeader(ctx.header)),
      script: f(SCRIPT_NAME),
      pki_dir: f(c.pki_dir),
      etcd_desc: f(etcdDescription(c)),
      backup_dir: f(c.backup_dir),
      backup_max_age: f(exactDuration(c.backup_max_age)),
      restart_desc: f(
        c.restart_method === "crictl"
          ? "`crictl` — `crictl rmp -f` of the pod sandboxes"
          : "`manifests` — move each static-pod manifest out and back",
      ),
      warn_days: f(c.warn_days),
      apiserver_port: f(c.apiserver_port),
      kubeconfig: f(c.kubeconfig),
      lock_file: f(lockFile(ctx.config.install.run_dir)),
      check_list: f(checkList(c)),
      backup_env: f(backupEnv(c)),
      etcd_command_timeout: f(c.etcd_command_timeout),
      renew_etcd_note: f(renewEtcdNote(c)),
      restart_order: f(restartOrder(c)),
      restart_steps: f(restartSteps(c)),
      restart_timeout: f(c.restart_timeout),
      restart_failure: f(restartFailure(c)),
      restore_steps: f(restoreSteps(c)),
      keep_backups: f(c.keep_backups),
      readyz_client: f(c.readyz_client),
      backup_failure: f(
        c.etcd === "host"
          ? ""
          : c.etcd === "external"
            ? " With external etcd: snapshot the etcd cluster where it runs, then `all --from backup --etcd-backup-done` (or set `certs.etcd_snapshot_command`)."
            : ` With stacked etcd and an expired \`etcd-healthcheck-client\` certificate etcd refuses the client: \`kubeadm certs renew etcd-healthcheck-client\` renews only that certificate (nothing running uses it), then back up again.`,
      ),
    },
    "cert-rotation-runbook.md.tmpl",
  );
}
