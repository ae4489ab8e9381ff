import { absPath, text } from "../../config/fields.js";

/** `install:` in ops.yaml — where artifacts land on a node and in the cluster. */
export const installSettings = {
  /** @default "/usr/local/bin" */
  bin_dir: absPath("/usr/local/bin"),
  /** lock files of the jobs @default "/run/akops" */
  run_dir: absPath("/run/akops"),
  /** the cron.d user field @default "root" */
  user: text("root", /^[a-z_][a-z0-9_-]*$/, "a user name"),
};
