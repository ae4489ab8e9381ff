import { absPath, type Field, cron, duration, int, oneOf, text } from "../../config/fields.js";
import { describe } from "../../config/yaml.js";
import { diag } from "../../diagnostics/messages.js";

/** A namespace name: an RFC 1123 label. */
const NAMESPACE = /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** @default [] — a list of namespace names (RFC 1123 labels), duplicates dropped; AK350 otherwise */
export function namespaceList(def: readonly string[]): Field<readonly string[]> {
  return {
    default: def,
    read(raw, path, ctx) {
      const list = raw === null ? [] : raw;
      if (!Array.isArray(list) || !list.every((n): n is string => typeof n === "string" && NAMESPACE.test(n))) {
        const bad = Array.isArray(list) ? list.find((n) => typeof n !== "string" || !NAMESPACE.test(n)) : list;
        ctx.diagnostics.push(diag("AK350", [describe(bad)], { file: ctx.file, path }));
        return undefined;
      }
      return [...new Set(list)];
    },
  };
}

/** `reaper:` in ops.yaml — kill-zombie-parents.sh. Waits and threshold are the seed's. */
export const reaperSettings = {
  /** @default "*\/5 * * * *" */
  schedule: cron("*/5 * * * *"),
  /** seconds to wait after SIGCHLD @default 15 */
  wait_chld: duration(15, 0, 600),
  /** seconds to wait after SIGTERM @default 15 */
  wait_term: duration(15, 0, 600),
  /** seconds to wait after SIGKILL @default 5 */
  wait_kill: duration(5, 0, 600),
  /** a container init is sent SIGTERM/SIGKILL only when it holds at least this many zombies @default 50 */
  init_kill_threshold: int(50, 1, 1_000_000),
  /** leases: only pods in Akash lease namespaces (and namespaces_allow); all: every pod @default "leases" */
  scope: oneOf(["leases", "all"], "leases"),
  /** namespaces acted on besides the lease namespaces (scope leases) @default [] */
  namespaces_allow: namespaceList([]),
  /** namespaces never acted on, whatever the scope @default [] */
  namespaces_deny: namespaceList([]),
  /** a container process whose pod or namespace cannot be found: skip or act @default "skip" */
  unknown_pod: oneOf(["skip", "act"], "skip"),
  /** the kubelet's pod log directory (podLogsDir): NAMESPACE_NAME_UID per pod @default "/var/log/pods" */
  pod_logs_dir: absPath("/var/log/pods"),
  /** PriorityClass of the reaper DaemonSet: it must run on full nodes @default "system-node-critical" */
  priority_class: text(
    "system-node-critical",
    /^(?=.{1,253}$)[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    "a PriorityClass name (RFC 1123 subdomain)",
  ),
};
