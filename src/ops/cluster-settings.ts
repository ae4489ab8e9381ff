import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { oneOf } from "../config/fields.js";

/** The Kubernetes distributions akops knows: kubespray and kubeadm share kubeadm's PKI; k3s keeps its own. */
export const DISTRIBUTIONS = ["kubespray", "kubeadm", "k3s"] as const;
export type Distribution = (typeof DISTRIBUTIONS)[number];

/** `cluster:` in ops.yaml — what the nodes run, which decides the certificate script and its runbook. */
export const clusterSettings = {
  /**
   * `kubespray` and `kubeadm`: kubeadm's PKI (/etc/kubernetes/pki), `kubeadm certs renew`, static pods;
   * `k3s`: /var/lib/rancher/k3s/server/tls, `k3s certificate rotate`, the k3s service @default "kubespray"
   */
  distribution: oneOf(DISTRIBUTIONS, "kubespray"),
};

/** certs.* settings that only kubeadm's script reads: under k3s they are ignored, with the reason. */
const KUBEADM_ONLY_CERTS: readonly (readonly [string, string])[] = [
  ["etcd", "k3s's datastore (embedded etcd or SQLite) is detected below /var/lib/rancher/k3s/server/db"],
  ["restart_method", "k3s restarts as one systemd service"],
  ["pki_dir", "k3s's PKI is /var/lib/rancher/k3s/server/tls"],
  ["etcd_command_timeout", "k3s etcd-snapshot save takes the snapshot"],
];

/**
 * AK377: k3s's kube-apiserver listens on the port after certs.apiserver_port, so that port must not be the last one.
 * AK376: a kubeadm-only certs setting changed from its default while the cluster is k3s. The values are
 * compared with the defaults, so a file that spells out a default is not warned about.
 */
export function checkClusterFit(
  distribution: Distribution,
  certs: Readonly<Record<string, unknown>>,
  defaults: Readonly<Record<string, unknown>>,
  file: string,
  diagnostics: Diagnostic[],
): void {
  if (distribution !== "k3s") return;
  if (certs.apiserver_port === 65535) diagnostics.push(diag("AK377", [65535], { file, path: "certs.apiserver_port" }));
  for (const [key, why] of KUBEADM_ONLY_CERTS) {
    if (certs[key] !== defaults[key])
      diagnostics.push(diag("AK376", [`certs.${key}`, why], { file, path: `certs.${key}` }));
  }
}
