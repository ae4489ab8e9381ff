import yaml from "js-yaml";

/**
 * The one way akops writes YAML (Helm values, manifests, alert rules): js-yaml's `dump` with
 * `lineWidth: -1` (no folding) and `noRefs: true` (no anchors), byte for byte.
 *
 * The generated YAML embeds whole scripts (ConfigMaps) and the base64 bid script (Helm values), and
 * js-yaml decides the style of a string by looking at it one character at a time: on a fresh
 * process, before V8 has optimised that loop, about 15 ms of every `gen all`. For the two kinds of long
 * string akops embeds the choice is known from one regular expression, so they go through js-yaml as
 * short placeholders and are written in afterwards, as js-yaml itself writes them:
 * - one line of base64 that starts with a letter: a plain scalar (nothing in it needs quoting, and no
 *   YAML type reads it as anything but a string);
 * - printable text with line breaks that starts with neither a space nor a line break: a literal block
 *   (`|`, `|-` or `|+` after its final line breaks), each non-empty line indented to the node's level.
 * Anything else, or a placeholder that does not land where expected, is left to js-yaml whole.
 * test/emit/yaml.test.ts checks the result against `yaml.dump` on random documents.
 */
export function dumpYaml(doc: unknown, options: { sortKeys?: boolean } = {}): string {
  const dumpOptions = { sortKeys: options.sortKeys ?? false, lineWidth: -1, noRefs: true };
  const long: string[] = [];
  const salt = freeSalt(doc);
  const swapped = swapLong(doc, long, salt);
  if (long.length === 0) return yaml.dump(doc, dumpOptions);
  const text = yaml.dump(swapped, dumpOptions);
  const lines = text.split("\n");
  let found = 0;
  for (const [i, line] of lines.entries()) {
    const m = PLACEHOLDER_LINE.exec(line);
    if (!m || m[3] !== salt) continue;
    const s = long[Number(m[4])];
    if (s === undefined) return yaml.dump(doc, dumpOptions);
    // One level (2 spaces) past the key of a mapping value, or past the dash of a sequence item.
    const indent = m[1]!.length + 2;
    lines[i] = `${m[1]}${m[2]}${BASE64_LINE.test(s) ? s : literal(s, indent)}`;
    found++;
  }
  // Every placeholder exactly once, each on a line of its own: otherwise js-yaml decides it all.
  if (found !== long.length || lines.join("\n").includes(`akops-yaml-${salt}-`)) return yaml.dump(doc, dumpOptions);
  return lines.join("\n");
}

/** Strings at least this long are worth the swap. */
const LONG = 256;
const BASE64_LINE = /^[A-Za-z][A-Za-z0-9+/]*={0,2}$/;
/** Line breaks and what js-yaml counts as printable, not starting with a space or a line break. */
const TEXT = /^(?![ \n])[\n\x20-\x7e\xa1-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]*$/u;
/**
 * `PREFIX KEY: PLACEHOLDER` or `PREFIX- PLACEHOLDER`, PREFIX being indentation and sequence dashes
 * (group 1), the key as js-yaml wrote it or the item's dash (group 2).
 */
const PLACEHOLDER_LINE = /^((?: |- )*)([^ \n][^\n]*?: |- )akops-yaml-(\d+)-(\d+)$/;

/** The first of 0, 1, 2, … for which no key or string in doc contains `akops-yaml-SALT-`. */
function freeSalt(doc: unknown): string {
  const json = JSON.stringify(doc);
  let n = 0;
  while (json.includes(`akops-yaml-${n}-`)) n++;
  return String(n);
}

/** A copy of doc with each long base64 line or text replaced by `akops-yaml-SALT-N` (long[N]). */
function swapLong(value: unknown, long: string[], salt: string): unknown {
  if (typeof value === "string") {
    if (value.length < LONG || !(BASE64_LINE.test(value) || (value.includes("\n") && TEXT.test(value)))) return value;
    long.push(value);
    return `akops-yaml-${salt}-${long.length - 1}`;
  }
  if (Array.isArray(value)) return value.map((v) => swapLong(v, long, salt));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = swapLong(v, long, salt);
    return out;
  }
  return value;
}

/** js-yaml's literal block for s at `indent` spaces: header (chomping indicator) and indented lines. */
function literal(s: string, indent: number): string {
  const clip = s.endsWith("\n");
  const keep = clip && s.endsWith("\n\n");
  const chomp = keep ? "+" : clip ? "" : "-";
  const body = s.replace(/^(?=[^\n])/gm, " ".repeat(indent));
  return `|${chomp}\n${clip ? body.slice(0, -1) : body}`;
}
