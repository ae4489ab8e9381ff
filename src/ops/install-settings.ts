import { absPath, text } from "../config/fields.js";

/**
 * The default image for the in-cluster jobs (pruner CronJob, reaper DaemonSet). It must provide
 * bash, jq and kubectl; alpine/k8s ships all three. A tag, because akops cannot look a digest up
 * offline: pin it (or your own mirror) by digest with `install.image: NAME:TAG@sha256:…`.
 */
export const DEFAULT_IMAGE = "docker.io/alpine/k8s:1.31.4";

/**
 * An image reference: [registry[:port]/]path[:tag][@sha256:64 hex digits]. A digest pins the exact
 * image bytes; with a digest the tag is only a label (the runtime pulls by digest).
 */
export const IMAGE_REFERENCE =
  /^(?=.{1,255}$)(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]{1,5})?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** `install:` in ops.yaml — where artifacts land on a node and in the cluster (shared by every ops generator and the package). */
export const installSettings = {
  /** @default "/usr/local/bin" */
  bin_dir: absPath("/usr/local/bin"),
  /** lock files of the jobs @default "/run/akops" */
  run_dir: absPath("/run/akops"),
  /** the cron.d user field (and systemd `User=` when not root) @default "root" */
  user: text("root", /^[a-z_][a-z0-9_-]*$/, "a user name"),
  /** where install.sh puts the cron.d files @default "/etc/cron.d" */
  cron_dir: absPath("/etc/cron.d"),
  /** where install.sh puts the systemd units @default "/etc/systemd/system" */
  systemd_dir: absPath("/etc/systemd/system"),
  /** namespace of the k8s/ manifests (must exist; akash-provider's own) @default "akash-services" */
  namespace: text("akash-services", /^(?=.{1,63}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, "a namespace name (RFC 1123 label)"),
  /**
   * container image of the pruner CronJob and reaper DaemonSet: needs bash, jq and kubectl; pin it by
   * digest (`NAME:TAG@sha256:64 hex digits`) @default DEFAULT_IMAGE
   */
  image: text(DEFAULT_IMAGE, IMAGE_REFERENCE, "a container image reference (NAME[:TAG][@sha256:64 hex digits])"),
};
