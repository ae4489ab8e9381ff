import { absPath, cron, int, oneOf } from "../../config/fields.js";

/** `certs:` in ops.yaml — k8s-cert-rotate.sh and its runbook. */
export const certsSettings = {
  /** when the weekly `check` job runs @default "17 6 * * 1" */
  check_schedule: cron("17 6 * * 1"),
  /** certificates expiring within this many days make `check` exit 1 @default 30 */
  warn_days: int(30, 1, 3650),
  /** root-only directory for etcd snapshots and PKI tarballs @default "/var/backups/akops" */
  backup_dir: absPath("/var/backups/akops"),
  /** `manifests`: move static-pod manifests out and back; `crictl`: crictl rmp -f the sandboxes @default "manifests" */
  restart_method: oneOf(["manifests", "crictl"] as const, "manifests"),
  /** `auto` detects kubespray host etcd (/etc/etcd.env) vs stacked etcd @default "auto" */
  etcd: oneOf(["auto", "host", "stacked"] as const, "auto"),
};
