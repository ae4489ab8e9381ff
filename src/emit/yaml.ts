import yaml from "js-yaml";

/**
 * The one way akops writes YAML (Helm values, manifests, alert rules): exactly what js-yaml's `dump`
 * gives with `lineWidth: -1` (no folding), `noRefs: true` (no anchors) and, when asked, sorted keys.
 *
 * Why not call `yaml.dump` directly: on a fresh process js-yaml runs unoptimised, and it looks at every
 * string one character at a time to choose its style (the embedded scripts and the base64 bid script
 * are tens of kilobytes): about 20 ms of every `gen all`. So the block layout is written here, with
 * js-yaml's rules for JSON-like data (2-space indent, `- ` items, `{}`/`[]` when empty, values
 * that are undefined left out of mappings and written as null in sequences), and so are the strings
 * whose style one regular expression decides: identifier-like words and sentences (plain), base64
 * lines (plain) and printable text with line breaks (a literal block). Every other scalar is
 * written by js-yaml itself, on its own: with no line width its form does not depend on where it
 * sits. Anything outside JSON, or a key too long for an implicit pair, goes to js-yaml whole.
 * test/emit/yaml.test.ts compares the result with `yaml.dump` on random documents.
 */
export function dumpYaml(doc: unknown, options: { sortKeys?: boolean } = {}): string {
  const sortKeys = options.sortKeys ?? false;
  try {
    const out = node(doc, 0, true, sortKeys);
    return out === undefined ? "" : `${out}\n`;
  } catch (e) {
    if (e !== NOT_JSON) throw e;
    return yaml.dump(doc, { sortKeys, lineWidth: -1, noRefs: true });
  }
}

/** Thrown (and caught by dumpYaml) for what only js-yaml itself should write. */
const NOT_JSON = Symbol("not JSON");

/** What js-yaml's writeNode leaves in `state.dump` (undefined: nothing, the pair is skipped). */
function node(value: unknown, level: number, compact: boolean, sortKeys: boolean): string | undefined {
  switch (typeof value) {
    case "string":
      return scalar(value, level, false);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return Number.isSafeInteger(value) && !Object.is(value, -0) ? String(value) : alone(value);
    case "undefined":
      return undefined;
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) return value.length === 0 ? "[]" : sequence(value, level, compact, sortKeys);
      if (Object.getPrototypeOf(value) !== Object.prototype) throw NOT_JSON;
      const keys = Object.keys(value);
      return keys.length === 0 ? "{}" : mapping(value as Record<string, unknown>, keys, level, compact, sortKeys);
    }
    default:
      throw NOT_JSON;
  }
}

function mapping(
  object: Record<string, unknown>,
  keys: string[],
  level: number,
  compact: boolean,
  sortKeys: boolean,
): string {
  if (sortKeys) keys.sort();
  let out = "";
  for (const key of keys) {
    const k = scalar(key, level + 1, true);
    if (k.length > 1024) throw NOT_JSON; // an explicit `? key` pair
    const v = node(object[key], level + 1, false, sortKeys);
    if (v === undefined) continue;
    out += `${!compact || out !== "" ? newline(level) : ""}${k}${v.startsWith("\n") ? ":" : ": "}${v}`;
  }
  return out || "{}";
}

function sequence(items: readonly unknown[], level: number, compact: boolean, sortKeys: boolean): string {
  let out = "";
  for (const item of items) {
    const v = node(item, level + 1, true, sortKeys) ?? "null";
    out += `${!compact || out !== "" ? newline(level) : ""}${v.startsWith("\n") ? "-" : "- "}${v}`;
  }
  return out;
}

function newline(level: number): string {
  return `\n${"  ".repeat(level)}`;
}

/** Words YAML reads as null or a boolean, or that js-yaml quotes for YAML 1.1 readers (`yes`, `off`, …). */
const RESERVED = new Set(
  "null Null NULL true True TRUE false False FALSE y Y yes Yes YES on On ON n N no No NO off Off OFF".split(" "),
);
/** A letter, then letters, digits, ` _./-`, not ending in a space: plain, unless a reserved word. */
const WORDS = /^[A-Za-z](?:[A-Za-z0-9 _./-]*[A-Za-z0-9_./-])?$/;
/** One line of base64 that starts with a letter: plain (no character of it needs quoting). */
const BASE64_LINE = /^[A-Za-z][A-Za-z0-9+/]*={0,2}$/;
/** Line breaks and what js-yaml counts as printable, not starting with a space or a line break. */
const TEXT = /^(?![ \n])[\n\x20-\x7e\xa1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]*$/u;

/** A string as js-yaml writes it at `level` (keys are single-line only). */
function scalar(s: string, level: number, isKey: boolean): string {
  if (RESERVED.has(s)) return alone(s);
  if (WORDS.test(s) || BASE64_LINE.test(s)) return s;
  if (!s.includes("\n")) return alone(s);
  if (isKey || !TEXT.test(s)) throw NOT_JSON;
  return literal(s, 2 * Math.max(1, level));
}

/** A single-line scalar as js-yaml writes it anywhere (with no line width, its place does not matter). */
function alone(value: string | number): string {
  return yaml.dump(value, { lineWidth: -1, noRefs: true }).slice(0, -1);
}

/** js-yaml's literal block for s at `indent` spaces: header (chomping indicator) and indented lines. */
function literal(s: string, indent: number): string {
  const clip = s.endsWith("\n");
  const keep = clip && s.endsWith("\n\n");
  const chomp = keep ? "+" : clip ? "" : "-";
  const body = s.replace(/^(?=[^\n])/gm, " ".repeat(indent));
  return `|${chomp}\n${clip ? body.slice(0, -1) : body}`;
}
