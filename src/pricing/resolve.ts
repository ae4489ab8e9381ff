import yaml from "js-yaml";
import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { parseYamlMapping } from "../config/yaml.js";
import { describe } from "../config/yaml.js";
import { toDecimalText } from "./decimal-text.js";
import {
  DEFAULT_CACHE_SECONDS,
  DEFAULT_DENOMS,
  DEFAULT_MAX_AGE_SECONDS,
  DEFAULT_PRICES,
  KNOWN_AKT_SOURCES,
  type DecimalText,
  type GpuPrice,
  type Priced,
  type PricingModel,
} from "./model.js";

export interface PricingInputs {
  provider?: SourceFile;
  pricing?: SourceFile;
}

export interface ResolvedPricing {
  model: PricingModel;
  /** provider.yaml as loaded (every key the operator had), for `gen values`. */
  providerValues: Record<string, unknown>;
}

const PRICE_KEYS = {
  cpu: "price_target_cpu",
  memory: "price_target_memory",
  ephemeral: "price_target_hd_ephemeral",
  hdd: "price_target_hd_pers_hdd",
  ssd: "price_target_hd_pers_ssd",
  nvme: "price_target_hd_pers_nvme",
  endpoint: "price_target_endpoint",
  ip: "price_target_ip",
} as const;

/**
 * provider.yaml + the pricing DSL → one PricingModel (the DSL wins where both set a value).
 * Returns undefined only when provider.yaml cannot be parsed at all.
 */
export function resolvePricing(inputs: PricingInputs, diagnostics: Diagnostic[]): ResolvedPricing | undefined {
  const doc = inputs.provider ? parseYamlMapping(inputs.provider, diagnostics) : {};
  if (doc === undefined) return undefined;
  const file = inputs.provider?.path ?? "provider.yaml";
  // The failsafe schema keeps every scalar as written, so `1.60` stays "1.60" and not 1.6.
  const raw = inputs.provider ? rawScalars(inputs.provider.text) : {};

  const priced = (k: keyof typeof PRICE_KEYS): Priced => {
    const key = PRICE_KEYS[k];
    if (!(key in doc) || doc[key] === null) return { value: DEFAULT_PRICES[k] as DecimalText, origin: { source: "default" } };
    const value = toDecimalText(typeof raw[key] === "string" ? raw[key] : doc[key]);
    if (value === undefined) {
      diagnostics.push(diag("AK301", [describe(doc[key])], { file, path: key }));
      return { value: DEFAULT_PRICES[k] as DecimalText, origin: { source: "default" } };
    }
    return { value, origin: { source: "provider.yaml", path: key } };
  };

  const gpuPrices: GpuPrice[] = [];
  const mapping = doc.price_target_gpu_mappings;
  if (mapping !== undefined && mapping !== null) {
    if (typeof mapping !== "string") {
      diagnostics.push(diag("AK302", [describe(mapping)], { file, path: "price_target_gpu_mappings" }));
    } else {
      for (const pair of mapping.split(",")) {
        const [key = "", price = ""] = pair.split("=");
        const value = toDecimalText(price);
        if (key === "" || value === undefined) {
          diagnostics.push(diag("AK302", [describe(mapping)], { file, path: "price_target_gpu_mappings" }));
          break;
        }
        gpuPrices.push({ key, price: value, origin: { source: "provider.yaml", path: "price_target_gpu_mappings" } });
      }
    }
  }

  let whitelistUrl: string | undefined;
  const wl = doc.whitelist_url;
  if (wl !== undefined && wl !== null && wl !== "") {
    if (typeof wl === "string" && /^https?:\/\/\S+$/.test(wl)) whitelistUrl = wl;
    else diagnostics.push(diag("AK303", [describe(wl)], { file, path: "whitelist_url" }));
  }

  const model: PricingModel = {
    cpu: priced("cpu"),
    memory: priced("memory"),
    ephemeral: priced("ephemeral"),
    hdd: priced("hdd"),
    ssd: priced("ssd"),
    nvme: priced("nvme"),
    endpoint: priced("endpoint"),
    ip: priced("ip"),
    gpu: { prices: gpuPrices, unmapped: "max", origin: { source: mapping ? "provider.yaml" : "default" } },
    akt: {
      sources: [KNOWN_AKT_SOURCES.diadata!, KNOWN_AKT_SOURCES.coingecko!],
      cacheSeconds: DEFAULT_CACHE_SECONDS,
      maxAgeSeconds: DEFAULT_MAX_AGE_SECONDS,
    },
    denoms: [...DEFAULT_DENOMS],
    tenants: { deny: [], allow: [], multipliers: [] },
  };
  if (whitelistUrl) model.whitelistUrl = whitelistUrl;
  return { model, providerValues: doc };
}

function rawScalars(text: string): Record<string, unknown> {
  try {
    const d = yaml.load(text, { schema: yaml.FAILSAFE_SCHEMA });
    return d && typeof d === "object" && !Array.isArray(d) ? (d as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
