import yaml from "js-yaml";
import type { Diagnostic, SourceFile, Span } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { describe, parseYamlMapping } from "../config/yaml.js";
import { buildAst, buildGpuMapping } from "./ast/build-ast.js";
import type * as A from "./ast/nodes.js";
import { check, checkGpuMapping, denomsOf, durationSeconds, isHttpUrl, isJqPath, isOwnerAddress, STORAGE_CLASSES } from "./checker/check.js";
import { toDecimalText } from "./decimal-text.js";
import type { LexSource } from "./lexer/lexer.js";
import {
  DEFAULT_CACHE_SECONDS,
  DEFAULT_DENOMS,
  DEFAULT_MAX_AGE_SECONDS,
  DEFAULT_PRICES,
  KNOWN_AKT_SOURCES,
  type AktSource,
  type DecimalText,
  type Denom,
  type GpuPrice,
  type GpuUnmappedPolicy,
  type Origin,
  type Priced,
  type PricingModel,
} from "./model.js";
import { onePerPosition, parseGpuMapping, parsePricingFile } from "./parser/parse.js";

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

type PriceField = keyof typeof DEFAULT_PRICES;

/** provider.yaml keys of the component prices (the reference's PRICE_TARGET_* variables). */
export const PRICE_KEYS = {
  cpu: "price_target_cpu",
  memory: "price_target_memory",
  ephemeral: "price_target_hd_ephemeral",
  hdd: "price_target_hd_pers_hdd",
  ssd: "price_target_hd_pers_ssd",
  nvme: "price_target_hd_pers_nvme",
  endpoint: "price_target_endpoint",
  ip: "price_target_ip",
} as const satisfies Record<PriceField, string>;

const GPU_KEY = "price_target_gpu_mappings";
const WHITELIST_KEY = "whitelist_url";
const KNOWN_PRICE_KEYS = [...Object.values(PRICE_KEYS), GPU_KEY];

/** What one input says; absent fields are not set by that input. */
interface Settings {
  prices: Partial<Record<PriceField, Priced>>;
  gpu?: PricingModel["gpu"];
  whitelistUrl?: { value: string; origin: Origin };
}

interface DslSettings extends Settings {
  akt: PricingModel["akt"];
  denoms?: Denom[];
  floor?: DecimalText;
  tenants: PricingModel["tenants"];
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
  const replaced = (d: Diagnostic) => dsl?.gpu !== undefined && d.severity === "warning" && (d.path === GPU_KEY || /^AK[12]/.test(d.code));
  diagnostics.push(...fromYaml.filter((d) => !replaced(d)), ...fromDsl);

  const overrides: Diagnostic[] = [];
  const pick = <T extends { origin: Origin }>(fromDsl: T | undefined, fromYaml: T | undefined, key: string, show: (v: T) => string): T | undefined => {
    if (fromDsl && fromYaml) {
      const at = fromYaml.origin.span ? { span: fromYaml.origin.span } : { file: inputs.provider?.path, path: key };
      const notes = [{ message: "set here", span: fromDsl.origin.span }];
      overrides.push(diag("AK231", [key, show(fromYaml), show(fromDsl)], { ...at, notes }));
    }
    return fromDsl ?? fromYaml;
  };
  const price = (k: PriceField): Priced =>
    pick(dsl?.prices[k], yamlSettings.prices[k], PRICE_KEYS[k], (p) => `'${p.value}'`) ?? {
      value: DEFAULT_PRICES[k] as DecimalText,
      origin: { source: "default" },
    };
  const showGpu = (g: PricingModel["gpu"]) =>
    g.origin.source === "pricing" ? "the gpu block" : `'${g.prices.map((p) => `${p.key}=${p.price}`).join(",")}'`;

  const model: PricingModel = {
    cpu: price("cpu"),
    memory: price("memory"),
    ephemeral: price("ephemeral"),
    hdd: price("hdd"),
    ssd: price("ssd"),
    nvme: price("nvme"),
    endpoint: price("endpoint"),
    ip: price("ip"),
    gpu: pick(dsl?.gpu, yamlSettings.gpu, GPU_KEY, showGpu) ?? { prices: [], unmapped: "max", origin: { source: "default" } },
    akt: dsl?.akt ?? defaultAkt(),
    denoms: dsl?.denoms ?? [...DEFAULT_DENOMS],
    tenants: dsl?.tenants ?? { deny: [], allow: [], multipliers: [] },
  };
  if (dsl?.floor !== undefined) model.floor = dsl.floor;
  const whitelist = pick(dsl?.whitelistUrl, yamlSettings.whitelistUrl, WHITELIST_KEY, (w) => `'${w.value}'`);
  if (whitelist) model.whitelistUrl = whitelist.value;
  return { model, providerValues: doc, overrides };
}

function defaultAkt(): PricingModel["akt"] {
  return {
    sources: [KNOWN_AKT_SOURCES.diadata!, KNOWN_AKT_SOURCES.coingecko!],
    cacheSeconds: DEFAULT_CACHE_SECONDS,
    maxAgeSeconds: DEFAULT_MAX_AGE_SECONDS,
  };
}

// --- provider.yaml ---

function readProvider(src: SourceFile, doc: Record<string, unknown>, diagnostics: Diagnostic[]): Settings {
  const file = src.path;
  // The failsafe schema keeps every scalar as written, so `1.60` stays "1.60" and not 1.6.
  const raw = rawScalars(src.text);
  const origin = (key: string): Origin => {
    const at = locateKey(src.text, key);
    return at ? { source: "provider.yaml", path: key, span: { file, start: at.start, end: at.end } } : { source: "provider.yaml", path: key };
  };
  const settings: Settings = { prices: {} };

  for (const [k, key] of Object.entries(PRICE_KEYS) as [PriceField, string][]) {
    if (!(key in doc) || doc[key] === null) continue;
    const written = typeof raw[key] === "string" ? raw[key] : doc[key];
    const value = toDecimalText(written);
    if (value === undefined) diagnostics.push(diag("AK301", [describe(written)], { file, path: key }));
    else settings.prices[k] = { value, origin: origin(key) };
  }

  for (const key of Object.keys(doc)) {
    if (key.startsWith("price_target_") && !KNOWN_PRICE_KEYS.includes(key)) {
      diagnostics.push(diag("AK304", [key, closest(key, KNOWN_PRICE_KEYS)], { file, path: key }));
    }
  }

  const mapping = doc[GPU_KEY];
  if (mapping !== undefined && mapping !== null) {
    if (typeof mapping !== "string") diagnostics.push(diag("AK302", [describe(mapping)], { file, path: GPU_KEY }));
    else settings.gpu = { prices: readGpuMapping(src, mapping, diagnostics), unmapped: "max", origin: origin(GPU_KEY) };
  }

  const wl = doc[WHITELIST_KEY];
  if (wl !== undefined && wl !== null && wl !== "") {
    if (typeof wl === "string" && isHttpUrl(wl)) settings.whitelistUrl = { value: wl, origin: origin(WHITELIST_KEY) };
    else diagnostics.push(diag("AK303", [describe(wl)], { file, path: WHITELIST_KEY }));
  }
  return settings;
}

/**
 * Parses the mapping string with the DSL's grammar. Its diagnostics point into provider.yaml when
 * the scalar can be found in the text; otherwise they are located by path.
 */
function readGpuMapping(src: SourceFile, value: string, diagnostics: Diagnostic[]): GpuPrice[] {
  const located = locateScalar(src.text, GPU_KEY, value);
  const lex: LexSource = { file: src.path, text: value };
  if (located) lex.offsetOf = (i) => located[Math.min(i, located.length - 1)]!;
  const parsed = parseGpuMapping(lex);
  const ast = buildGpuMapping(parsed.cst, lex);
  const found = onePerPosition([...parsed.diagnostics, ...checkGpuMapping(ast)]);
  diagnostics.push(...(located ? found : found.map((d) => byPath(d, src.path, GPU_KEY))));

  // The reference keeps the last price of a repeated key, and keys exactly as split (spaces kept).
  const byKey = new Map<string, GpuPrice>();
  for (const e of ast.entries) {
    const price = e.price && toDecimalText(e.price.text);
    if (!price) continue;
    const key = e.key.raw ?? e.key.text;
    byKey.delete(key);
    byKey.set(key, { key, price, origin: { source: "provider.yaml", path: GPU_KEY, span: e.span } });
  }
  return [...byKey.values()];
}

function byPath(d: Diagnostic, file: string, path: string): Diagnostic {
  const { span: _span, notes, ...rest } = d;
  const out: Diagnostic = { ...rest, file, path };
  if (notes) out.notes = notes.map((n) => ({ message: n.message }));
  return out;
}

/** provider.yaml with every scalar as written (`1.60` stays "1.60"); {} when it does not parse. */
export function rawScalars(text: string): Record<string, unknown> {
  try {
    const d = yaml.load(text, { schema: yaml.FAILSAFE_SCHEMA });
    return d && typeof d === "object" && !Array.isArray(d) ? (d as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The top-level block-mapping key `key:` (plain or quoted) at the start of a line. */
function locateKey(text: string, key: string): { start: number; end: number; valueStart: number } | undefined {
  const k = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const m = new RegExp(`^(?:${k}|"${k}"|'${k}')[ \\t]*:[ \\t]*`, "m").exec(text);
  if (!m) return undefined;
  const keyLen = m[0].replace(/[ \t]*:[ \t]*$/, "").length;
  return { start: m.index, end: m.index + keyLen, valueStart: m.index + m[0].length };
}

/**
 * Offsets in `text` of each character of the scalar value of top-level `key` (one more for its
 * end), for a single-line plain, single- or double-quoted scalar; undefined when the text does
 * not decode to `expected` (a folded or multi-line scalar, a flow mapping …).
 */
function locateScalar(text: string, key: string, expected: string): number[] | undefined {
  const at = locateKey(text, key);
  if (!at) return undefined;
  let i = at.valueStart;
  const offsets: number[] = [];
  let value = "";
  const q = text[i];
  if (q === '"' || q === "'") {
    i++;
    for (;;) {
      const c = text[i];
      if (c === undefined || c === "\n") return undefined;
      if (c === q) {
        if (q === "'" && text[i + 1] === "'") {
          offsets.push(i);
          value += "'";
          i += 2;
          continue;
        }
        break;
      }
      if (q === '"' && c === "\\") {
        const e = text[i + 1] ?? "";
        const simple: Record<string, string> = { "\\": "\\", '"': '"', "/": "/", t: "\t", " ": " " };
        if (!(e in simple)) return undefined;
        offsets.push(i);
        value += simple[e];
        i += 2;
        continue;
      }
      offsets.push(i);
      value += c;
      i++;
    }
    offsets.push(i);
  } else {
    const eol = text.indexOf("\n", i);
    let line = text.slice(i, eol === -1 ? text.length : eol).replace(/\r$/, "");
    const comment = line.search(/[ \t]#/);
    if (comment !== -1) line = line.slice(0, comment);
    line = line.replace(/[ \t]+$/, "");
    for (let j = 0; j < line.length; j++) offsets.push(i + j);
    offsets.push(i + line.length);
    value = line;
  }
  return value === expected ? offsets : undefined;
}

/** The known key nearest to a mistyped one (edit distance). */
function closest(word: string, candidates: readonly string[]): string {
  const dist = (a: string, b: string) => {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const cur = [i];
      for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
    return prev[b.length]!;
  };
  return [...candidates].sort((x, y) => dist(word, x) - dist(word, y))[0] ?? "";
}

// --- pricing DSL ---

function readPricingFile(src: SourceFile, diagnostics: Diagnostic[]): DslSettings {
  const lex: LexSource = { file: src.path, text: src.text };
  const parsed = parsePricingFile(lex);
  const ast = buildAst(parsed.cst, lex);
  diagnostics.push(...onePerPosition([...parsed.diagnostics, ...check(ast)]));
  return collect(ast);
}

const at = (span: Span): Origin => ({ source: "pricing", span });

/** The checked AST → settings. Invalid values were reported by the checker; here they are skipped. */
function collect(file: A.PricingFile): DslSettings {
  const out: DslSettings = { prices: {}, akt: defaultAkt(), tenants: { deny: [], allow: [], multipliers: [] } };
  const setPrice = (k: PriceField, t: A.Text | undefined, span: Span) => {
    const value = t && toDecimalText(t.text);
    if (value && !(k in out.prices)) out.prices[k] = { value, origin: at(span) };
  };
  const deny = new Set<string>();
  const allow = new Set<string>();
  for (const s of file.statements) {
    switch (s.kind) {
      case "component":
        setPrice(s.component, s.price, s.span);
        break;
      case "storage":
        for (const p of s.prices) {
          const cls = p.storageClass?.text;
          if (cls && Object.hasOwn(STORAGE_CLASSES, cls)) setPrice(STORAGE_CLASSES[cls as keyof typeof STORAGE_CLASSES], p.price, p.span);
        }
        break;
      case "gpu":
        out.gpu ??= gpuBlock(s);
        break;
      case "akt_price":
        aktPrice(s, out.akt);
        break;
      case "denoms":
        out.denoms ??= denoms(s);
        break;
      case "floor":
        out.floor ??= s.price && toDecimalText(s.price.text);
        break;
      case "tenant": {
        const factor = s.multiplier && toDecimalText(s.multiplier.text);
        const owner = s.owner?.text;
        if (owner && factor && isOwnerAddress(owner) && !out.tenants.multipliers.some((m) => m.owner === owner)) {
          out.tenants.multipliers.push({ owner, factor, origin: at(s.span) });
        }
        break;
      }
      case "deny":
      case "allow":
        for (const o of s.owners) if (isOwnerAddress(o.text)) (s.kind === "deny" ? deny : allow).add(o.text);
        break;
      case "allow_from":
        if (s.url && isHttpUrl(s.url.text)) out.whitelistUrl ??= { value: s.url.text, origin: at(s.span) };
        break;
    }
  }
  out.tenants.deny = [...deny];
  out.tenants.allow = [...allow];
  if (out.floor === undefined) delete out.floor;
  return out;
}

function gpuBlock(s: A.GpuBlock): PricingModel["gpu"] {
  const unmapped: GpuUnmappedPolicy = s.policy?.text === "wildcard" ? "wildcard" : "max";
  const prices: GpuPrice[] = [];
  for (const e of s.entries) {
    const price = e.price && toDecimalText(e.price.text);
    if (price && !prices.some((p) => p.key === e.key.text)) prices.push({ key: e.key.text, price, origin: at(e.span) });
  }
  return { prices, unmapped, origin: at(s.span) };
}

function aktPrice(s: A.AktPriceStatement, akt: PricingModel["akt"]): void {
  const fixed = s.fixed && toDecimalText(s.fixed.text);
  if (fixed) akt.fixed = fixed;
  const sources: AktSource[] = [];
  for (const src of s.sources) {
    const known = src.name && Object.hasOwn(KNOWN_AKT_SOURCES, src.name.text) ? KNOWN_AKT_SOURCES[src.name.text] : undefined;
    const url = src.url?.text;
    const jqPath = src.path?.text;
    const source = known ?? (url && jqPath && isHttpUrl(url) && isJqPath(jqPath) ? { name: new URL(url).host, url, jqPath } : undefined);
    if (source && !sources.some((x) => x.url === source.url && x.jqPath === source.jqPath)) sources.push(source);
  }
  if (sources.length > 0) akt.sources = sources;
  for (const set of s.settings) {
    const n = set.duration && durationSeconds(set.duration.text);
    if (n === undefined) continue;
    if (set.setting === "cache") akt.cacheSeconds = n;
    else akt.maxAgeSeconds = n;
  }
}

function denoms(s: A.DenomsStatement): Denom[] {
  const out: Denom[] = [];
  for (const d of s.denoms) for (const denom of denomsOf(d.text) ?? []) if (!out.some((x) => x.denom === denom.denom)) out.push(denom);
  return out;
}
