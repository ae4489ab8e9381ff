import { absPath, cron, duration, type Field, int, oneOf, text } from "../../config/fields.js";
import { describe } from "../../config/yaml.js";
import { diag } from "../../diagnostics/messages.js";

/** A command as a list of words (argv), each passed to bash quoted, never evaluated (AK333). @default [] */
function argv(): Field<readonly string[]> {
  return {
    default: [],
    read(raw, path, ctx) {
      if (Array.isArray(raw) && raw.every((w) => typeof w === "string" && w !== "" && !/[\0\n\r]/.test(w)))
        return raw as string[];
      ctx.diagnostics.push(
        diag("AK333", ["a list of command words, e.g. [ssh, etcd1, /usr/local/bin/etcd-snapshot.sh]", describe(raw)], {
          file: ctx.file,
          path,
        }),
      );
      return undefined;
    },
  };
}

/** Trees the backup must not live in: archived by the backup itself, or cleared at boot. */
const FORBIDDEN_BACKUP_PARENTS: readonly [string, string][] = [
  ["/etc/kubernetes", "is inside /etc/kubernetes, which the backup archives (and where kubelet reads manifests)"],
  ["/etc/ssl/etcd", "is inside /etc/ssl/etcd, which the backup archives"],
  ["/var/lib/rancher/k3s", "is inside k3s's data directory, which k3s manages (and the backup archives)"],
  ["/etc/rancher", "is inside /etc/rancher, which the backup archives"],
  ["/run", "is on /run, which is cleared at boot"],
  ["/tmp", "is on /tmp, which is cleared at boot"],
  ["/var/tmp", "is on /var/tmp, which tmp cleaners empty"],
  ["/dev/shm", "is on /dev/shm, which is cleared at boot"],
  ["/proc", "is inside /proc"],
  ["/sys", "is inside /sys"],
];

/** Why `dir` cannot hold etcd snapshots and parked manifests, or undefined when it can. */
export function backupDirProblem(dir: string): string | undefined {
  if (dir === "/") return "is the root directory";
  for (const [parent, why] of FORBIDDEN_BACKUP_PARENTS) {
    if (dir === parent || dir.startsWith(`${parent}/`)) return why;
  }
  return undefined;
}

/** An absolute path that is also a safe, persistent place for backups (AK370). */
function backupDir(def: string): Field<string> {
  const base = absPath(def);
  return {
    default: def,
    read(raw, path, ctx) {
      const dir = base.read(raw, path, ctx);
      if (dir === undefined) return undefined;
      const why = backupDirProblem(dir);
      if (why === undefined) return dir;
      ctx.diagnostics.push(diag("AK370", [dir, why], { file: ctx.file, path }));
      return undefined;
    },
  };
}

/** `certs:` in ops.yaml — k8s-cert-rotate.sh and its runbook. */
export const certsSettings = {
  /** when the weekly `check` job runs @default "17 6 * * 1" */
  check_schedule: cron("17 6 * * 1"),
  /** certificates expiring within this many days make `check` exit 1 @default 30 */
  warn_days: int(30, 1, 3650),
  /**
   * root-only (0700) directory for etcd snapshots, PKI tarballs, the verified-backup marker and
   * manifests parked during `restart`; persistent, outside /etc/kubernetes @default "/var/backups/akops"
   */
  backup_dir: backupDir("/var/backups/akops"),
  /** `renew` accepts a verified backup at most this old @default 3600 (1h) */
  backup_max_age: duration(3600, 60, 7 * 86400),
  /** etcdctl `--command-timeout` (covers `snapshot save` of the whole database) @default 300 (5m) */
  etcd_command_timeout: duration(300, 5, 3600),
  /** `manifests`: move static-pod manifests out and back; `crictl`: crictl rmp -f the sandboxes @default "manifests" */
  restart_method: oneOf(["manifests", "crictl"] as const, "manifests"),
  /** how long `restart` waits for a container to stop, to return, and for the apiserver's /readyz @default 300 (5m) */
  restart_timeout: duration(300, 1, 3600),
  /**
   * `auto` detects kubespray host etcd (/etc/etcd.env) vs stacked etcd (manifests/etcd.yaml); `external`:
   * etcd runs on other machines, this node takes no snapshot (see etcd_snapshot_command) @default "auto"
   */
  etcd: oneOf(["auto", "host", "stacked", "external"] as const, "auto"),
  /**
   * with `etcd: external`: the command `backup` runs to snapshot the etcd cluster (words, not a shell
   * line; it gets AKOPS_BACKUP_DIR and AKOPS_BACKUP_STAMP). Empty: `backup` needs --etcd-backup-done @default []
   */
  etcd_snapshot_command: argv(),
  /** etcd snapshots and PKI archives of this node kept in backup_dir; older ones are deleted after a backup @default 5 */
  keep_backups: int(5, 1, 1000),
  /**
   * the client certificate (NAME.crt, NAME.key in pki_dir) `restart` presents to /readyz, which an apiserver
   * with --anonymous-auth=false requires; kubeadm makes apiserver-kubelet-client on every control plane
   * @default "apiserver-kubelet-client"
   */
  readyz_client: text(
    "apiserver-kubelet-client",
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    "a certificate name in pki_dir (letters, digits, '.', '_', '-')",
  ),
  /** kubeadm's certificatesDir (kubespray: /etc/kubernetes/ssl, linked from /etc/kubernetes/pki) @default "/etc/kubernetes/pki" */
  pki_dir: absPath("/etc/kubernetes/pki"),
  /** root's kubeconfig, replaced by admin.conf in `kubeconfig` @default "/root/.kube/config" */
  kubeconfig: absPath("/root/.kube/config", "file"),
  /** the local kube-apiserver's secure port (`verify` and /readyz use 127.0.0.1:PORT) @default 6443 */
  apiserver_port: int(6443, 1, 65535),
};
