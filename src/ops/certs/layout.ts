/** Fixed host paths of kubeadm and kubespray control-plane nodes (below AKOPS_ROOT in the script). */
export const HOST = {
  kubeDir: "/etc/kubernetes",
  manifestDir: "/etc/kubernetes/manifests",
  kubeadmConfig: "/etc/kubernetes/kubeadm-config.yaml",
  etcdEnv: "/etc/etcd.env",
  etcdSslDir: "/etc/ssl/etcd/ssl",
} as const;

/** kubeadm's certificate names (as `kubeadm certs check-expiration` prints them) → path below the PKI dir. */
export const PKI_CERTS: readonly (readonly [string, string])[] = [
  ["ca", "ca.crt"],
  ["front-proxy-ca", "front-proxy-ca.crt"],
  ["apiserver", "apiserver.crt"],
  ["apiserver-kubelet-client", "apiserver-kubelet-client.crt"],
  ["front-proxy-client", "front-proxy-client.crt"],
];

/** Only with stacked etcd: kubeadm made them. kubespray's host etcd keeps its own PKI in /etc/ssl/etcd/ssl. */
export const STACKED_ETCD_CERTS: readonly (readonly [string, string])[] = [
  ["etcd-ca", "etcd/ca.crt"],
  ["apiserver-etcd-client", "apiserver-etcd-client.crt"],
  ["etcd-healthcheck-client", "etcd/healthcheck-client.crt"],
  ["etcd-peer", "etcd/peer.crt"],
  ["etcd-server", "etcd/server.crt"],
];

/** Kubeconfigs below /etc/kubernetes whose embedded client certificate kubeadm renews. */
export const KUBECONFIGS = ["admin.conf", "controller-manager.conf", "scheduler.conf"] as const;
/** Present from Kubernetes 1.29 on. */
export const OPTIONAL_KUBECONFIGS = ["super-admin.conf"] as const;

/** The static pods restarted after renewal, in order (etcd first as well when it is stacked). */
export const CONTROL_PLANE = ["kube-apiserver", "kube-controller-manager", "kube-scheduler"] as const;

/** The script's file name, as the runbook and its messages call it. */
export const SCRIPT_NAME = "k8s-cert-rotate.sh";

/** The lock the script takes (and the runbook names), under install.run_dir. */
export function lockFile(runDir: string): string {
  return `${runDir}/k8s-cert-rotate.lock`;
}
