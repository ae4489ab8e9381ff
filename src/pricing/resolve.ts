import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { parseYamlMapping } from "../config/yaml.js";
import { COMPONENTS, GPU_COMPONENT, type ComponentSpec, type PriceField } from "./components.js";
import { readPricingFile } from "./lower.js";
import { DEFAULT_DENOMS, defaultAkt, type DecimalText, type Origin, type Priced, type PricingModel } from "./model.js";
import { readProvider, WHITELIST_KEY } from "./read-provider.js";

// Resolving is three steps, one file each: read provider.yaml (read-provider.ts), lower the checked
// pricing file (lower.ts), and merge the two here.

const GPU_KEY = GPU_COMPONENT.key;

export interface PricingInputs {
  provider?: SourceFile;
  pricing?: SourceFile;
}

export interface ResolvedPricing {
  model: PricingModel;
  /** provider.yaml as loaded (every key the operator had), for `gen values`. */
  providerValues: Record<string, unknown>;
  /**
   * AK231 warnings: provider.yaml values the pricing file overrides. Kept apart from the
   * diagnostics because overriding is the documented design; `akops check` prints them.
   */
  overrides: Diagnostic[];
}

/**
 * provider.yaml + the pricing DSL → one PricingModel. The DSL wins where both set a value (each
 * value keeps its Origin, and `overrides` says which provider.yaml keys lost). Every problem in
 * either input lands in `diagnostics`. Returns undefined only when provider.yaml cannot be parsed.
 */
export function resolvePricing(inputs: PricingInputs, diagnostics: Diagnostic[]): ResolvedPricing | undefined {
  const doc = inputs.provider ? parseYamlMapping(inputs.provider, diagnostics) : {};
  if (doc === undefined) return undefined;
  const fromYaml: Diagnostic[] = [];
  const fromDsl: Diagnostic[] = [];
  const yamlSettings = inputs.provider ? readProvider(inputs.provider, doc, fromYaml) : { prices: {} };
  const dsl = inputs.pricing ? readPricingFile(inputs.pricing, fromDsl) : undefined;
  // Warnings about a mapping string the pricing file replaces are noise; its errors still count.
  // (In provider.yaml only the mapping string yields AK1xx/AK2xx codes.)
  const replaced = (d: Diagnostic) =>
    dsl?.gpu !== undefined && d.severity === "warning" && (d.path === GPU_KEY || /^AK[12]/.test(d.code));
  diagnostics.push(...fromYaml.filter((d) => !replaced(d)), ...fromDsl);

  const overrides: Diagnostic[] = [];
  const pick = <T extends { origin: Origin }>(
    fromDsl: T | undefined,
    fromYaml: T | undefined,
    key: string,
    show: (v: T) => string,
  ): T | undefined => {
    if (fromDsl && fromYaml) {
      const at = fromYaml.origin.span ? { span: fromYaml.origin.span } : { file: inputs.provider?.path, path: key };
      const notes = [{ message: "set here", span: fromDsl.origin.span }];
      overrides.push(diag("AK231", [key, show(fromYaml), show(fromDsl)], { ...at, notes }));
    }
    return fromDsl ?? fromYaml;
  };
  const price = ({ field, key, default: value }: ComponentSpec): [PriceField, Priced] => [
    field,
    pick(dsl?.prices[field], yamlSettings.prices[field], key, (p) => `'${p.value}'`) ?? {
      value: value as DecimalText,
      origin: { source: "default" },
    },
  ];
  const showGpu = (g: PricingModel["gpu"]) =>
    g.origin.source === "pricing" ? "the gpu block" : `'${g.prices.map((p) => `${p.key}=${p.price}`).join(",")}'`;

  const model: PricingModel = {
    ...(Object.fromEntries(COMPONENTS.map(price)) as Record<PriceField, Priced>),
    gpu: pick(dsl?.gpu, yamlSettings.gpu, GPU_KEY, showGpu) ?? {
      prices: [],
      unmapped: "max",
      origin: { source: "default" },
    },
    akt: dsl?.akt ?? defaultAkt(),
    denoms: dsl?.denoms ?? [...DEFAULT_DENOMS],
    tenants: dsl?.tenants ?? { deny: [], allow: [], multipliers: [] },
  };
  if (dsl?.floor !== undefined) model.floor = dsl.floor;
  const whitelist = pick(dsl?.whitelistUrl, yamlSettings.whitelistUrl, WHITELIST_KEY, (w) => `'${w.value}'`);
  if (whitelist) model.whitelistUrl = whitelist.value;
  if (whitelist && dsl?.whitelistOnFailure && whitelist === dsl.whitelistUrl)
    model.whitelistOnFailure = dsl.whitelistOnFailure;
  if (dsl?.denyList) model.denyList = dsl.denyList;
  if (dsl?.confidentialMultiplier !== undefined) model.confidentialMultiplier = dsl.confidentialMultiplier;
  if (dsl?.blockTime) model.blockTime = dsl.blockTime;
  return { model, providerValues: doc, overrides };
}
