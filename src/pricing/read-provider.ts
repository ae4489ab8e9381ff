import yaml from "js-yaml";
import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { describe } from "../config/yaml.js";
import { buildGpuMapping } from "./ast/build-ast.js";
import { checkGpuMapping } from "./checker/check.js";
import { fractionDigits, isHttpUrl, LIMITS } from "./checker/predicates.js";
import { COMPONENTS, GPU_COMPONENT, PRICE_KEYS } from "./components.js";
import { compareDecimal, expandedDigits, MAX_EXPANDED_DIGITS, toDecimalText } from "./decimal-text.js";
import type { LexSource } from "./lexer/lexer.js";
import type { GpuPrice, InputSettings, Origin } from "./model.js";
import { onePerPosition, parseGpuMapping } from "./parser/parse.js";

const GPU_KEY = GPU_COMPONENT.key;
export const WHITELIST_KEY = "whitelist_url";
/** A key with this prefix that is no price key is probably a typo (AK304). */
const PRICE_KEY_PREFIX = "price_target_";

/**
 * provider.yaml's price keys, GPU mapping string and whitelist URL → settings, each value with its
 * origin (the key's span when it can be found in the text). `doc` is the parsed mapping; problems
 * land in `diagnostics`, located by span or by key.
 */
export function readProvider(src: SourceFile, doc: Record<string, unknown>, diagnostics: Diagnostic[]): InputSettings {
  const file = src.path;
  // The failsafe schema keeps every scalar as written, so `1.60` stays "1.60" and not 1.6.
  const raw = rawScalars(src.text);
  const origin = (key: string): Origin => {
    const at = locateKey(src.text, key);
    return at
      ? { source: "provider.yaml", path: key, span: { file, start: at.start, end: at.end } }
      : { source: "provider.yaml", path: key };
  };
  const settings: InputSettings = { prices: {} };

  // A price is written where it is read: an alias would make the value (and its errors) live elsewhere.
  const aliased = new Set<string>();
  for (const key of PRICE_KEYS) {
    const at = locateKey(src.text, key);
    const alias = at && /^\*[^\s,[\]{}]*/.exec(src.text.slice(at.valueStart, at.valueStart + 200));
    if (!at || !alias) continue;
    aliased.add(key);
    const start = at.valueStart;
    diagnostics.push(diag("AK322", [key, alias[0]], { span: { file, start, end: start + alias[0].length } }));
  }

  for (const { field, key } of COMPONENTS) {
    if (!(key in doc) || doc[key] === null || aliased.has(key)) continue;
    const written = typeof raw[key] === "string" ? raw[key] : doc[key];
    const value = toDecimalText(written);
    const digits = expandedDigits(written);
    if (value === undefined && digits !== undefined && digits > MAX_EXPANDED_DIGITS) {
      // Too long to write out: with a positive exponent it is certainly a price beyond the bound.
      if (/[eE]\+?\d/.test(String(written).trim()))
        diagnostics.push(diag("AK310", [shorten(String(written)), LIMITS.price], { file, path: key }));
      else
        diagnostics.push(
          diag("AK320", [describe(written), digits === Infinity ? "too many" : digits, MAX_EXPANDED_DIGITS], {
            file,
            path: key,
          }),
        );
    } else if (value === undefined) diagnostics.push(diag("AK301", [describe(written)], { file, path: key }));
    else if (compareDecimal(value, LIMITS.price) > 0)
      diagnostics.push(diag("AK310", [shorten(String(written)), LIMITS.price], { file, path: key }));
    else if (fractionDigits(value) > LIMITS.fractionDigits)
      diagnostics.push(diag("AK311", [shorten(String(written)), fractionDigits(value)], { file, path: key }));
    else settings.prices[field] = { value, origin: origin(key) };
  }

  for (const key of Object.keys(doc)) {
    if (key.startsWith(PRICE_KEY_PREFIX) && !PRICE_KEYS.includes(key)) {
      diagnostics.push(diag("AK304", [key, closest(key, PRICE_KEYS)], { file, path: key }));
    }
  }

  const mapping = doc[GPU_KEY];
  if (mapping !== undefined && mapping !== null && !aliased.has(GPU_KEY)) {
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

/** A value as written, cut to 40 characters for a message (`1e400` stays, 400 zeros do not). */
function shorten(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
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
      for (let j = 1; j <= b.length; j++)
        cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
    return prev[b.length]!;
  };
  return [...candidates].sort((x, y) => dist(word, x) - dist(word, y))[0] ?? "";
}
