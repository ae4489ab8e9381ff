import type { Diagnostic, SourceFile, Span } from "../diagnostics/diagnostic.js";
import { buildAst } from "./ast/build-ast.js";
import type * as A from "./ast/nodes.js";
import { check } from "./checker/check.js";
import {
  blockTimeSeconds,
  compareWithin,
  denomsOf,
  durationSeconds,
  isHttpUrl,
  isJqPath,
  isOwnerAddress,
  LIMITS,
} from "./checker/predicates.js";
import { STORAGE_CLASSES, type PriceField } from "./components.js";
import { toDecimalText } from "./decimal-text.js";
import type { LexSource } from "./lexer/lexer.js";
import {
  blocksForBlockTime,
  defaultAkt,
  KNOWN_AKT_SOURCES,
  type AktSource,
  type DecimalText,
  type Denom,
  type DslSettings,
  type GpuPrice,
  type GpuUnmappedPolicy,
  type Origin,
  type PricingModel,
} from "./model.js";
import { onePerPosition, parsePricingFile } from "./parser/parse.js";

/** A pricing file → its settings: parse, build the AST, check it, lower it. Problems land in `diagnostics`. */
export function readPricingFile(src: SourceFile, diagnostics: Diagnostic[]): DslSettings {
  const lex: LexSource = { file: src.path, text: src.text };
  const parsed = parsePricingFile(lex);
  const ast = buildAst(parsed.cst, lex);
  diagnostics.push(...onePerPosition([...parsed.diagnostics, ...check(ast)]));
  return lower(ast);
}

const at = (span: Span): Origin => ({ source: "pricing", span });

/** The checked AST → settings. Invalid values were reported by the checker; here they are skipped. */
export function lower(file: A.PricingFile): DslSettings {
  const out: DslSettings = { prices: {}, akt: defaultAkt(), tenants: { deny: [], allow: [], multipliers: [] } };
  const setPrice = (k: PriceField, t: A.Text | undefined, span: Span) => {
    const value = t && toDecimalText(t.text);
    if (value && !(k in out.prices)) out.prices[k] = { value, origin: at(span) };
  };
  const deny = new Set<string>();
  const allow = new Set<string>();
  const multiplied = new Set<string>();
  for (const s of file.statements) {
    switch (s.kind) {
      case "component":
        setPrice(s.component, s.price, s.span);
        break;
      case "storage":
        for (const p of s.prices) {
          const cls = p.storageClass?.text;
          if (cls && Object.hasOwn(STORAGE_CLASSES, cls)) setPrice(STORAGE_CLASSES[cls]!, p.price, p.span);
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
        if (owner && factor && isOwnerAddress(owner) && !multiplied.has(owner)) {
          multiplied.add(owner);
          out.tenants.multipliers.push({ owner, factor, origin: at(s.span) });
        }
        break;
      }
      case "deny":
      case "allow":
        for (const o of s.owners) if (isOwnerAddress(o.text)) (s.kind === "deny" ? deny : allow).add(o.text);
        break;
      case "allow_from":
        if (s.url && isHttpUrl(s.url.text) && !out.whitelistUrl) {
          out.whitelistUrl = { value: s.url.text, origin: at(s.span) };
          if (s.onFailure?.text === "open") out.whitelistOnFailure = "open";
        }
        break;
      case "deny_from":
        if (s.url && isHttpUrl(s.url.text))
          out.denyList ??= { url: s.url.text, onFailure: s.onFailure?.text === "closed" ? "closed" : "open" };
        break;
      case "confidential":
        out.confidentialMultiplier ??= s.multiplier && toDecimalText(s.multiplier.text);
        break;
      case "block_time": {
        const seconds = s.time && blockTimeSeconds(s.time.text);
        if (seconds && !out.blockTime && compareWithin(seconds, LIMITS.blockTime.min, LIMITS.blockTime.max)) {
          out.blockTime = { seconds: seconds as DecimalText, blocksPerMonth: blocksForBlockTime(seconds) };
        }
        break;
      }
    }
  }
  out.tenants.deny = [...deny];
  out.tenants.allow = [...allow];
  if (out.floor === undefined) delete out.floor;
  if (out.confidentialMultiplier === undefined) delete out.confidentialMultiplier;
  return out;
}

function gpuBlock(s: A.GpuBlock): PricingModel["gpu"] {
  const unmapped: GpuUnmappedPolicy = s.policy?.text === "wildcard" ? "wildcard" : "max";
  // The first price of a key wins (a repeat is AK202); a map keeps this linear in the number of entries.
  const prices = new Map<string, GpuPrice>();
  for (const e of s.entries) {
    const price = e.price && toDecimalText(e.price.text);
    if (price && !prices.has(e.key.text)) prices.set(e.key.text, { key: e.key.text, price, origin: at(e.span) });
  }
  return { prices: [...prices.values()], unmapped, origin: at(s.span) };
}

function aktPrice(s: A.AktPriceStatement, akt: PricingModel["akt"]): void {
  const fixed = s.fixed && toDecimalText(s.fixed.text);
  if (fixed) akt.fixed = fixed;
  const sources: AktSource[] = [];
  for (const src of s.sources) {
    const known =
      src.name && Object.hasOwn(KNOWN_AKT_SOURCES, src.name.text) ? KNOWN_AKT_SOURCES[src.name.text] : undefined;
    const url = src.url?.text;
    const jqPath = src.path?.text;
    const source =
      known ??
      (url && jqPath && isHttpUrl(url) && isJqPath(jqPath) ? { name: new URL(url).host, url, jqPath } : undefined);
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
  for (const d of s.denoms)
    for (const denom of denomsOf(d.text) ?? []) if (!out.some((x) => x.denom === denom.denom)) out.push(denom);
  return out;
}
