import type { Diagnostic, Span } from "../../diagnostics/diagnostic.js";
import { diag, type MessageCode } from "../../diagnostics/messages.js";
import type * as A from "../ast/nodes.js";
import { STORAGE_CLASSES, UNITS } from "../components.js";
import { compareDecimal } from "../decimal-text.js";
import { maxPolicyPrice } from "../gpu-policy.js";
import {
  DEFAULT_CACHE_SECONDS,
  DEFAULT_MAX_AGE_SECONDS,
  KNOWN_AKT_SOURCES,
  KNOWN_DENOMS,
  USDC_MAINNET,
  USDC_SANDBOX,
  type GpuUnmappedPolicy,
} from "../model.js";
import {
  blockTimeSeconds,
  controlCharAt,
  denomsOf,
  durationSeconds,
  fractionDigits,
  isHttpUrl,
  isJqPath,
  isOwnerAddress,
  LIMITS,
  MAX_DURATION_TEXT,
} from "./predicates.js";

/**
 * GPU prices per file: far more GPU models than exist. The mapping becomes part of the Helm values,
 * which Kubernetes stores in one Secret (at most 1 MiB), so a longer list could not be deployed anyway.
 */
export const MAX_GPU_PRICES = 1000;

const RAM = /^\d+(?:\.\d+)?(?:Ki|Mi|Gi|Ti|Pi)$/;
const INTERFACES = new Set(["pcie", "sxm"]);
const INTERFACE_LIKE = /^(?:pci|sxm|nvl|nvlink)/i;

/**
 * Semantic rules for a pricing file. Returns every problem found; never throws. Parts that are
 * missing after a parse error are skipped (the parse error says what is wrong).
 */
export function check(file: A.PricingFile): Diagnostic[] {
  return new Checker().file(file);
}

/** The same GPU rules for provider.yaml's mapping string (policy `max`; duplicates warn, later wins). */
export function checkGpuMapping(mapping: A.GpuMapping): Diagnostic[] {
  const c = new Checker();
  for (const s of mapping.blankPairs) c.report("AK106", [], s);
  if (mapping.trailingComma) c.report("AK107", [], mapping.trailingComma);
  c.gpuEntries(mapping.entries, "max", "mapping");
  return c.out;
}

class Checker {
  readonly out: Diagnostic[] = [];
  /** First definition of each single-valued setting, for "already set" with a note. */
  private readonly seen = new Map<string, Span>();

  report(
    code: MessageCode,
    args: readonly (string | number)[],
    span: Span,
    first?: { message: string; span: Span },
  ): void {
    this.out.push(diag(code, args, first ? { span, notes: [first] } : { span }));
  }

  /** Reports AK201 when `what` was set before; returns true when this is the first time. */
  once(what: string, span: Span): boolean {
    const prev = this.seen.get(what);
    if (prev) {
      this.report("AK201", [what], span, { message: "first set here", span: prev });
      return false;
    }
    this.seen.set(what, span);
    return true;
  }

  /** A non-negative decimal no larger than `max`, with at most 18 fractional digits. */
  nonNegative(what: string, t: A.Text | undefined, max: string = LIMITS.price): void {
    if (!t) return;
    if (t.text.startsWith("-")) this.report("AK204", [what, t.text], t.span);
    else if (compareDecimal(t.text, max) > 0) this.report("AK240", [what, t.text, max], t.span);
    else if (fractionDigits(t.text) > LIMITS.fractionDigits)
      this.report("AK241", [what, t.text, fractionDigits(t.text)], t.span);
  }

  /** `allow from`/`deny from`: a clean http(s) URL and a known failure mode. */
  ownerUrl(s: A.OwnerUrlStatement): void {
    this.once(s.kind === "allow_from" ? "allow from" : "deny from", s.keyword.span);
    if (s.url) {
      const at = controlCharAt(s.url.text);
      if (at !== -1) this.report("AK244", [at + 1], s.url.span);
      else if (!isHttpUrl(s.url.text)) this.report("AK217", [s.url.text], s.url.span);
    }
    if (s.onFailure && s.onFailure.text !== "open" && s.onFailure.text !== "closed")
      this.report("AK243", [s.onFailure.text], s.onFailure.span);
  }

  blockTime(s: A.BlockTimeStatement): void {
    if (!this.once("block_time", s.keyword.span) || !s.time) return;
    const seconds = blockTimeSeconds(s.time.text);
    const { min, max } = LIMITS.blockTime;
    if (seconds === undefined || compareDecimal(seconds, min) < 0 || compareDecimal(seconds, max) > 0)
      this.report("AK242", [s.time.text, min, max], s.time.span);
  }

  unit(component: A.Component | "storage", unit: A.Text | undefined): void {
    if (unit && unit.text !== UNITS[component])
      this.report("AK205", [component, UNITS[component], unit.text], unit.span);
  }

  file(file: A.PricingFile): Diagnostic[] {
    const tenants: A.TenantStatement[] = [];
    const lists = { deny: [] as A.Text[], allow: [] as A.Text[] };
    for (const s of file.statements) {
      switch (s.kind) {
        case "component":
          this.once(s.component, s.keyword.span);
          this.nonNegative("price", s.price);
          this.unit(s.component, s.unit);
          break;
        case "storage":
          this.storage(s);
          break;
        case "gpu":
          this.gpuBlock(s);
          break;
        case "akt_price":
          if (this.once("akt_price", s.keyword.span)) this.aktPrice(s);
          break;
        case "denoms":
          if (this.once("denoms", s.keyword.span)) this.denoms(s);
          break;
        case "floor":
          this.once("floor", s.keyword.span);
          this.nonNegative("floor", s.price);
          break;
        case "tenant":
          tenants.push(s);
          break;
        case "deny":
        case "allow":
          lists[s.kind].push(...s.owners);
          break;
        case "allow_from":
        case "deny_from":
          this.ownerUrl(s);
          break;
        case "confidential":
          this.once("confidential multiplier", s.keyword.span);
          this.nonNegative("multiplier", s.multiplier, LIMITS.multiplier);
          break;
        case "block_time":
          this.blockTime(s);
          break;
      }
    }
    this.tenants(tenants, lists.deny, lists.allow);
    return this.out;
  }

  storage(s: A.StorageStatement): void {
    for (const p of s.prices) {
      if (!p.storageClass) continue;
      const cls = p.storageClass.text;
      if (!Object.hasOwn(STORAGE_CLASSES, cls)) {
        this.report("AK206", [cls, Object.keys(STORAGE_CLASSES).join(", ")], p.storageClass.span);
        continue;
      }
      this.once(`storage ${STORAGE_CLASSES[cls]}`, p.storageClass.span);
      this.nonNegative("price", p.price);
    }
    this.unit("storage", s.unit);
  }

  gpuBlock(s: A.GpuBlock): void {
    if (!this.once("gpu", s.keyword.span)) return;
    let policy: GpuUnmappedPolicy = "max";
    if (s.policy) {
      if (s.policy.text === "max" || s.policy.text === "wildcard") policy = s.policy.text;
      else this.report("AK207", [s.policy.text], s.policy.span);
    }
    this.gpuEntries(s.entries, policy, "pricing");
    if (policy === "wildcard" && !s.entries.some((e) => e.key.wildcard))
      this.report("AK208", [], s.policy?.span ?? s.keyword.span);
  }

  gpuEntries(entries: readonly A.GpuEntry[], policy: GpuUnmappedPolicy, from: "pricing" | "mapping"): void {
    const over = entries[MAX_GPU_PRICES];
    if (over) this.report("AK261", [entries.length, MAX_GPU_PRICES], over.key.span);
    const byKey = new Map<string, A.GpuEntry>();
    for (const e of entries) {
      this.nonNegative("price", e.price);
      const key = e.key.raw ?? e.key.text;
      const prev = byKey.get(key);
      if (prev) {
        if (from === "pricing")
          this.report("AK202", [key], e.key.span, { message: "first defined here", span: prev.key.span });
        else
          this.report("AK203", [key, e.price?.text ?? "?"], e.key.span, {
            message: "first defined here",
            span: prev.key.span,
          });
      }
      byKey.set(key, e);
      if (e.key.raw !== undefined && /\s/.test(e.key.raw)) this.report("AK214", [e.key.raw, e.key.text], e.key.span);
      else this.gpuKey(e.key);
    }
    const star = byKey.get("*");
    const prices = [...byKey.values()].flatMap((e) => (e.price && !e.price.text.startsWith("-") ? [e.price.text] : []));
    if (policy === "max" && star?.price) {
      const max = maxPolicyPrice(prices);
      if (compareDecimal(star.price.text, max) !== 0) this.report("AK209", [star.price.text, max], star.key.span);
    }
  }

  /** Keys are `model`, `model.ram`, `model.interface` or `model.ram.interface`; warn on the rest. */
  gpuKey(key: A.GpuKey): void {
    const [, second, third, fourth] = key.segments;
    if (fourth) {
      this.report("AK212", [key.text], key.span);
      return;
    }
    const iface = (seg: A.Text) => {
      if (!INTERFACES.has(seg.text)) this.report("AK210", [seg.text], seg.span);
    };
    if (third && second) {
      if (!RAM.test(second.text)) this.report("AK211", [second.text, key.text], second.span);
      iface(third);
    } else if (second) {
      if (INTERFACES.has(second.text)) this.report("AK213", [key.text], key.span);
      else if (INTERFACE_LIKE.test(second.text)) iface(second);
      else if (!RAM.test(second.text)) this.report("AK211", [second.text, key.text], second.span);
    }
  }

  aktPrice(s: A.AktPriceStatement): void {
    if (s.fixed && (s.fixed.text.startsWith("-") || compareDecimal(s.fixed.text, "0") === 0)) {
      this.report("AK230", [s.fixed.text], s.fixed.span);
    } else if (s.fixed) {
      this.nonNegative("AKT price", s.fixed, LIMITS.aktUsd);
    }
    const sources = new Map<string, Span>();
    for (const src of s.sources) {
      let id: string | undefined;
      if (src.name) {
        if (Object.hasOwn(KNOWN_AKT_SOURCES, src.name.text)) id = src.name.text;
        else this.report("AK215", [src.name.text, Object.keys(KNOWN_AKT_SOURCES).join(", ")], src.name.span);
      } else if (src.url) {
        if (!isHttpUrl(src.url.text)) this.report("AK217", [src.url.text], src.url.span);
        else if (!src.path) this.report("AK216", [src.url.text], src.url.span);
        else if (!isJqPath(src.path.text)) this.report("AK218", [src.path.text], src.path.span);
        else id = `${src.url.text} path ${src.path.text}`;
      }
      if (id === undefined) continue;
      const prev = sources.get(id);
      if (prev)
        this.report("AK220", [src.name?.text ?? src.url?.text ?? id], src.span, {
          message: "first listed here",
          span: prev,
        });
      else sources.set(id, src.span);
    }
    const seconds = { cache: DEFAULT_CACHE_SECONDS, max_age: DEFAULT_MAX_AGE_SECONDS };
    const written: Partial<Record<keyof typeof seconds, A.Text>> = {};
    const local = new Map<string, Span>();
    for (const set of s.settings) {
      const prev = local.get(set.setting);
      if (prev) {
        this.report("AK201", [set.setting], set.keyword.span, { message: "first set here", span: prev });
        continue;
      }
      local.set(set.setting, set.keyword.span);
      const n = set.duration && durationSeconds(set.duration.text);
      if (set.duration && n === undefined)
        this.report("AK260", [set.setting, set.duration.text, MAX_DURATION_TEXT], set.duration.span);
      if (set.duration && n !== undefined) {
        seconds[set.setting] = n;
        written[set.setting] = set.duration;
      }
    }
    if (seconds.max_age < seconds.cache) {
      const label = (k: keyof typeof seconds, def: string) => written[k]?.text ?? `${def} (the default)`;
      const at = written.max_age ?? written.cache!;
      this.report("AK219", [label("max_age", "6h"), label("cache", "60m")], at.span);
    }
  }

  denoms(s: A.DenomsStatement): void {
    const seen = new Map<string, Span>();
    for (const d of s.denoms) {
      const denoms = denomsOf(d.text);
      if (!denoms) {
        if (d.text.startsWith("ibc/")) this.report("AK222", [d.text], d.span);
        else this.report("AK221", [d.text, Object.keys(KNOWN_DENOMS).join(", ")], d.span);
        continue;
      }
      if (d.text.startsWith("ibc/") && d.text !== USDC_SANDBOX && d.text !== USDC_MAINNET)
        this.report("AK223", [d.text], d.span);
      for (const { denom } of denoms) {
        const prev = seen.get(denom);
        if (prev) this.report("AK224", [denom], d.span, { message: "first listed here", span: prev });
        else seen.set(denom, d.span);
      }
    }
  }

  tenants(tenants: A.TenantStatement[], deny: A.Text[], allow: A.Text[]): void {
    const valid = (o: A.Text) => {
      if (isOwnerAddress(o.text)) return true;
      this.report("AK225", [o.text], o.span);
      return false;
    };
    const unique = (owners: A.Text[]) => {
      const seen = new Map<string, Span>();
      for (const o of owners) {
        if (!valid(o)) continue;
        const prev = seen.get(o.text);
        if (prev) this.report("AK226", [o.text], o.span, { message: "first listed here", span: prev });
        else seen.set(o.text, o.span);
      }
      return seen;
    };
    const denied = unique(deny);
    const allowed = unique(allow);
    for (const [owner, span] of allowed) {
      const d = denied.get(owner);
      if (d) this.report("AK227", [owner], span, { message: "denied here", span: d });
    }
    for (const t of tenants) {
      if (!t.owner || !valid(t.owner)) continue;
      if (!this.once(`multiplier for '${t.owner.text}'`, t.owner.span)) continue;
      this.nonNegative("multiplier", t.multiplier, LIMITS.multiplier);
      if (denied.has(t.owner.text)) this.report("AK228", [t.owner.text, "the owner is denied"], t.owner.span);
      else if (allowed.size > 0 && !allowed.has(t.owner.text))
        this.report("AK228", [t.owner.text, "the owner is not on the allow list"], t.owner.span);
      else if (t.multiplier && compareDecimal(t.multiplier.text.replace(/^-/, ""), "0") === 0) {
        this.report("AK229", [t.owner.text, this.seen.has("floor") ? "the floor" : "0"], t.multiplier.span);
      }
    }
  }
}
