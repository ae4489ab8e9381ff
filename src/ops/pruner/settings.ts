import { cron, duration, int } from "../../config/fields.js";

/** `pruner:` in ops.yaml — akash-force-new-replicasets.sh. */
export const prunerSettings = {
  /** @default "*\/5 * * * *" (the seed's) */
  schedule: cron("*/5 * * * *"),
  /** how long a pod must have been Unschedulable for lack of resources @default 120 */
  min_pending: duration(120, 0, 86400),
  /** ReplicaSets deleted at most per run @default 10 */
  max_deletions: int(10, 1, 10_000),
  /** kubectl --request-timeout, seconds @default 30 */
  request_timeout: duration(30, 1, 600),
};
