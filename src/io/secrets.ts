/**
 * Secrets in the operator's files: the provider's `key` (private key, base64) and `keysecret` (its
 * passphrase), and any key whose name holds token, secret, password or apikey (a Let's Encrypt DNS
 * API token, …), at any depth. None of them may reach the tree or a diagnostic.
 */
export function isSecretKey(name: string): boolean {
  const n = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return n === "key" || n === "keysecret" || /token|secret|password|passwd|passphrase|apikey|privatekey/.test(n);
}

/** Same length, same line breaks: positions in the text (line:col of a diagnostic) stay valid. */
const mask = (s: string) => s.replace(/\S/g, "*");

const BLOCK_PAIR = /^(\s*(?:-\s+)*)(["']?)([^\s"':#{}[\],]+)\2[ \t]*:(?=\s|$)(.*)$/;
const FLOW_PAIR = /([{,][ \t]*)(["']?)([^\s"':#{}[\],]+)\2[ \t]*:[ \t]*("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,}\]]*)/g;

/**
 * YAML text with the value of every secret key replaced by `*` (block and flow style, block scalars
 * and nested mappings under such a key included), for showing source lines in diagnostics. A line-based
 * reading, so it also works on a file that does not parse.
 */
export function redactYamlSecrets(text: string): string {
  const lines = text.split("\n");
  let under = -1; // inside the value of a secret key whose key starts at this column
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const indent = line.length - line.trimStart().length;
    if (under >= 0) {
      if (line.trim() === "" || indent > under) {
        lines[i] = mask(line);
        continue;
      }
      under = -1;
    }
    const m = BLOCK_PAIR.exec(line);
    if (m && isSecretKey(m[3]!)) {
      const value = m[4]!;
      line = line.slice(0, line.length - value.length) + mask(value);
      // `key: |`, `key: >-`, `key:` (a nested value or a value on the next lines), `key: &anchor`
      if (/^\s*(?:[|>][-+0-9]*|&\S+)?\s*(?:#.*)?$/.test(value) || /^\s*["']/.test(value)) under = m[1]!.length;
    }
    line = line.replace(FLOW_PAIR, (all, _lead: string, _q: string, key: string, value: string) =>
      isSecretKey(key) ? all.slice(0, all.length - value.length) + mask(value) : all,
    );
    lines[i] = line;
  }
  return lines.join("\n");
}
