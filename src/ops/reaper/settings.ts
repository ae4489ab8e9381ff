import { cron, duration, int } from "../../config/fields.js";

/** `reaper:` in ops.yaml — kill-zombie-parents.sh. Defaults are the seed's. */
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
};
