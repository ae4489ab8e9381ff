import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { certsSettings } from "../ops/certs/settings.js";
import { installSettings } from "../ops/package/settings.js";
import { prunerSettings } from "../ops/pruner/settings.js";
import { reaperSettings } from "../ops/reaper/settings.js";
import { type ConfigCtx, readSection, type SectionOf } from "./fields.js";
import { parseYamlMapping } from "./yaml.js";

const sections = {
  install: installSettings,
  reaper: reaperSettings,
  pruner: prunerSettings,
  certs: certsSettings,
};

/** Every ops setting, typed, defaults filled in. */
export type OpsConfig = { readonly [K in keyof typeof sections]: SectionOf<(typeof sections)[K]> };

/** The ops settings with nothing configured: every default. */
export function defaultOps(): OpsConfig {
  return loadOps(undefined, []);
}

/**
 * Reads ops.yaml (all keys optional). Errors are located by path (`reaper.wait_kill`) and
 * collected; values in error keep their defaults so that checking goes on.
 */
export function loadOps(src: SourceFile | undefined, diagnostics: Diagnostic[]): OpsConfig {
  const file = src?.path ?? "ops.yaml";
  const ctx: ConfigCtx = { file, diagnostics };
  const doc = src ? parseYamlMapping(src, diagnostics) : {};
  const raw = doc ?? {};
  for (const key of Object.keys(raw)) {
    if (!(key in sections)) diagnostics.push(diag("AK332", [key, Object.keys(sections).join(", ")], { file, path: key }));
  }
  return {
    install: readSection(raw.install, "install", ctx, sections.install),
    reaper: readSection(raw.reaper, "reaper", ctx, sections.reaper),
    pruner: readSection(raw.pruner, "pruner", ctx, sections.pruner),
    certs: readSection(raw.certs, "certs", ctx, sections.certs),
  };
}
