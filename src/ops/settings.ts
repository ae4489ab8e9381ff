import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import { loadSections, type SettingsOf } from "../config/sections.js";
import { certsSettings } from "./certs/settings.js";
import { checkClusterFit, clusterSettings } from "./cluster-settings.js";
import { failedPodsSettings } from "./failed-pods/settings.js";
import { installSettings } from "./install-settings.js";
import { metricsSettings } from "./metrics/settings.js";
import { prunerSettings } from "./pruner/settings.js";
import { reaperSettings } from "./reaper/settings.js";

/** ops.yaml's sections, in the order they are read and reported: each generator's settings live beside it. */
const sections = {
  install: installSettings,
  reaper: reaperSettings,
  pruner: prunerSettings,
  certs: certsSettings,
  cluster: clusterSettings,
  failed_pods: failedPodsSettings,
  metrics: metricsSettings,
};

/** Every ops setting, typed, defaults filled in. */
export type OpsConfig = SettingsOf<typeof sections>;

/** The ops settings with nothing configured: every default. */
export function defaultOps(): OpsConfig {
  return loadOps(undefined, []);
}

/**
 * Reads ops.yaml (all keys optional). Errors are located by path (`reaper.wait_kill`) and
 * collected; values in error keep their defaults so that checking goes on.
 */
export function loadOps(src: SourceFile | undefined, diagnostics: Diagnostic[]): OpsConfig {
  const ops = loadSections(src, diagnostics, sections, "ops.yaml");
  const defaults = Object.fromEntries(Object.entries(certsSettings).map(([k, f]) => [k, f.default]));
  checkClusterFit(ops.cluster.distribution, ops.certs, defaults, src?.path ?? "ops.yaml", diagnostics);
  return ops;
}
