import { cron, duration, int } from "../../config/fields.js";

/** `failed_pods:` in ops.yaml — akash-delete-failed-pods.sh (akash-network/support#275). */
export const failedPodsSettings = {
  /** @default "*\/10 * * * *" */
  schedule: cron("*/10 * * * *"),
  /** a Failed pod is deleted once it has been Failed at least this long @default 3600 (1h) */
  min_age: duration(3600, 0, 366 * 86400),
  /** pods deleted at most per run @default 200 */
  max_deletions: int(200, 1, 10_000),
  /** kubectl --request-timeout, seconds @default 30 */
  request_timeout: duration(30, 1, 600),
};
