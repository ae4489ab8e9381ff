import yaml from "js-yaml";
import { isDeepStrictEqual } from "node:util";

/** Lines [start, end) of a top-level key: its line and the indented or blank lines after it. */
function extent(lines: readonly string[], key: string): [number, number] | undefined {
  const re = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*:`);
  const start = lines.findIndex((l) => re.test(l));
  if (start < 0) return undefined;
  let end = start + 1;
  while (end < lines.length && (lines[end] === "" || /^[\s#]/.test(lines[end]!))) end++;
  while (end > start + 1 && (lines[end - 1] === "" || /^#/.test(lines[end - 1]!))) end--;
  return [start, end];
}

function load(text: string): unknown {
  return yaml.load(text, { schema: yaml.CORE_SCHEMA });
}

/**
 * Sets top-level keys to double-quoted strings and removes others, editing the text line by line so
 * that every other key, comment and the key order stay as the operator wrote them. The result is
 * parsed back and compared with the intended mapping; when the line edit cannot be trusted (flow
 * style, anchors, …) the mapping is dumped instead and `reformatted` is true.
 */
export function setTopLevelKeys(
  text: string,
  set: ReadonlyMap<string, string>,
  remove: readonly string[],
): { text: string; reformatted: boolean } {
  const original = (text.trim() === "" ? {} : load(text)) as Record<string, unknown>;
  const intended: Record<string, unknown> = { ...original };
  for (const k of remove) delete intended[k];
  for (const [k, v] of set) intended[k] = v;

  const lines = text.replace(/\n$/, "").split("\n");
  if (lines.length === 1 && lines[0] === "") lines.pop();
  for (const k of remove) {
    const e = extent(lines, k);
    if (e) lines.splice(e[0], e[1] - e[0]);
  }
  for (const [k, v] of set) {
    const line = `${k}: ${JSON.stringify(v)}`;
    const e = extent(lines, k);
    if (e) lines.splice(e[0], e[1] - e[0], line);
    else lines.push(line);
  }
  const edited = `${lines.join("\n")}\n`;
  try {
    if (isDeepStrictEqual(load(edited), intended)) return { text: edited, reformatted: false };
  } catch {
    // fall through to the dump
  }
  return { text: yaml.dump(intended, { lineWidth: -1, noRefs: true, quotingType: '"' }), reformatted: true };
}
