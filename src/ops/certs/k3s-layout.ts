/** Fixed host paths of a k3s server node (below AKOPS_ROOT in the script): k3s's default --data-dir. */
export const K3S = {
  dataDir: "/var/lib/rancher/k3s",
  tlsDir: "/var/lib/rancher/k3s/server/tls",
  dbDir: "/var/lib/rancher/k3s/server/db",
  agentDir: "/var/lib/rancher/k3s/agent",
  token: "/var/lib/rancher/k3s/server/token",
  kubeconfig: "/etc/rancher/k3s/k3s.yaml",
  configDir: "/etc/rancher/k3s",
  /** the systemd unit of a k3s server (agents run k3s-agent and hold no server PKI) */
  service: "k3s",
} as const;

/** k3s's three CAs below the TLS dir; `k3s certificate rotate` keeps them (CA rotation is `k3s certificate rotate-ca`). */
export const K3S_CAS: readonly (readonly [string, string])[] = [
  ["client-ca", "client-ca.crt"],
  ["server-ca", "server-ca.crt"],
  ["request-header-ca", "request-header-ca.crt"],
];

/** Leaf certificates every k3s server has: reported missing when absent (the others are found by `client-*.crt`, `serving-*.crt`). */
export const K3S_REQUIRED_LEAVES: readonly (readonly [string, string])[] = [
  ["client-admin", "client-admin.crt"],
  ["serving-kube-apiserver", "serving-kube-apiserver.crt"],
];

/** The SQLite datastore's files (k3s's default without --cluster-init), copied while k3s is stopped. */
export const K3S_SQLITE_FILES = ["state.db", "state.db-wal", "state.db-shm"] as const;
