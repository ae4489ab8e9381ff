import { absPath, type Field } from "../../config/fields.js";

/** node_exporter's default `--collector.textfile.directory` on Debian and in most guides. */
export const DEFAULT_TEXTFILE_DIR = "/var/lib/node_exporter/textfile_collector";

/** An absolute path, or "" (metrics off). */
function dirOrOff(def: string): Field<string> {
  const base = absPath(def);
  return {
    default: def,
    read(raw, path, ctx) {
      return raw === "" || raw === null ? "" : base.read(raw, path, ctx);
    },
  };
}

/** `metrics:` in ops.yaml — what every job reports to Prometheus. */
export const metricsSettings = {
  /**
   * node_exporter's textfile collector directory: each job writes akops-JOB.prom there at the end of
   * every run; "" turns metrics off @default DEFAULT_TEXTFILE_DIR
   */
  textfile_dir: dirOrOff(DEFAULT_TEXTFILE_DIR),
};
