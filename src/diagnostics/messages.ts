import type { Code, Diagnostic, Note, Severity, Span } from "./diagnostic.js";

/**
 * The one catalog of diagnostics. Codes are stable: never reuse or renumber one.
 * Ranges: AK1xx lexing/parsing, AK2xx checking, AK3xx config (AK30x–AK32x provider.yaml,
 * AK33x–AK34x ops.yaml, AK35x–AK39x per generator), AK4xx emitting and writing.
 * Messages are lowercase, without a trailing period; `{0}`, `{1}` … are replaced by arguments.
 */
export const messages = {
  // --- AK1xx: lexing and parsing (pricing DSL and provider.yaml's GPU mapping string) ---
  AK101: { severity: "error", text: "unexpected '{0}'" },
  AK102: { severity: "error", text: "unterminated string: a closing '\"' is missing on this line" },
  AK103: { severity: "error", text: "expected {0}, found {1}" },
  AK104: { severity: "error", text: "unexpected {0}: each setting starts with one of {1}" },
  AK105: { severity: "error", text: "'{0}' is not a decimal: write '{1}'" },
  AK106: {
    severity: "error",
    text: "blank pair in the GPU mapping: the reference script drops every pair after it; remove the extra ','",
  },
  AK107: { severity: "warning", text: "trailing ',' in the GPU mapping" },
  AK108: { severity: "error", text: "unknown escape '{0}' in a string: the only escapes are '\\\"' and '\\\\'" },
  AK110: { severity: "error", text: "{0} tokens: akops reads at most {1}, and stopped here" },
  AK109: {
    severity: "error",
    text: "unexpected {0}: a GPU mapping is model=price pairs separated by ',', like 'a100=120,a100.80Gi=150,*=130'",
  },

  // --- AK2xx: checking (pricing DSL and provider.yaml's GPU mapping string) ---
  AK201: { severity: "error", text: "{0} is already set" },
  AK202: { severity: "error", text: "duplicate GPU key '{0}'" },
  AK203: { severity: "warning", text: "duplicate GPU key '{0}': the later price {1} wins, as in the reference script" },
  AK204: { severity: "error", text: "expected a non-negative {0}, got '{1}'" },
  AK205: { severity: "error", text: "{0} is priced per '{1}', not per '{2}'" },
  AK206: { severity: "error", text: "unknown storage class '{0}': expected one of {1}" },
  AK207: { severity: "error", text: "unknown policy '{0}' for unmapped GPU models: expected 'max' or 'wildcard'" },
  AK208: { severity: "error", text: "'unmapped=wildcard' needs a '*' price" },
  AK209: {
    severity: "warning",
    text: "'*' costs {0}, but under 'unmapped=max' unmapped models cost {1} (the highest price, at least 100); 'gpu unmapped=wildcard' charges the '*' price",
  },
  AK210: { severity: "warning", text: "interface '{0}' never matches: providers report 'pcie' or 'sxm'" },
  AK211: { severity: "warning", text: "'{0}' in '{1}' is not a GPU ram size like '80Gi': the key never matches" },
  AK212: { severity: "warning", text: "'{0}' has more than three parts (model.ram.interface): the key never matches" },
  AK213: { severity: "warning", text: "'{0}' (model.interface) is only consulted for orders that request no GPU ram" },
  AK214: {
    severity: "warning",
    text: "GPU key '{0}' contains spaces: the reference script keeps them, so it never matches '{1}'",
  },
  AK215: {
    severity: "error",
    text: "unknown AKT price source '{0}': expected one of {1}, or a quoted URL with a path",
  },
  AK216: { severity: "error", text: "price source '{0}' needs the jq path of the price, e.g. path '.price'" },
  AK217: { severity: "error", text: "expected an http(s) URL, got '{0}'" },
  AK218: {
    severity: "error",
    text: "'{0}' is not a jq path like '.price', '.data[0].usd' or '.\"akash-network\".usd'",
  },
  AK219: {
    severity: "error",
    text: "max_age {0} is shorter than cache {1}: a cached price would be refused before it is refreshed",
  },
  AK220: { severity: "warning", text: "price source '{0}' is listed twice" },
  AK221: { severity: "error", text: "unknown denom '{0}': expected {1} or a raw 'ibc/…' denom" },
  AK222: { severity: "error", text: "'{0}' is not an IBC denom: expected 'ibc/' and 64 upper-case hex digits" },
  AK223: {
    severity: "warning",
    text: "'{0}' is not a known USDC denom: akops prices it as a USD stablecoin (1 = 1 USD)",
  },
  AK224: { severity: "warning", text: "denom '{0}' is listed twice" },
  AK225: {
    severity: "error",
    text: "'{0}' is not an Akash account address: expected 'akash1' and 38 lower-case bech32 characters",
  },
  AK226: { severity: "warning", text: "owner '{0}' is listed twice" },
  AK227: { severity: "warning", text: "owner '{0}' is both allowed and denied: it gets no bid" },
  AK228: { severity: "warning", text: "multiplier for '{0}' is never used: {1}" },
  AK229: { severity: "warning", text: "multiplier 0 prices every order from '{0}' at {1}" },
  AK230: { severity: "error", text: "the AKT price must be greater than 0, got '{0}'" },
  AK231: { severity: "warning", text: "{0} {1} in provider.yaml is overridden by {2} from the pricing file" },
  AK240: { severity: "error", text: "{0} '{1}' is larger than {2}: the bid would be absurd" },
  AK241: { severity: "error", text: "{0} '{1}' has {2} digits after the point: the provider reads at most 18" },
  AK242: { severity: "error", text: "block time '{0}' is not between {1}s and {2}s" },
  AK243: { severity: "error", text: "unknown failure mode '{0}': expected 'open' or 'closed'" },
  AK244: { severity: "error", text: "the URL has a control character at position {0}" },
  AK261: {
    severity: "error",
    text: "{0} GPU prices: at most {1} are accepted (the Helm values must fit in one Kubernetes object)",
  },
  AK260: { severity: "error", text: "{0} {1} is longer than {2}, the longest accepted" },

  // --- AK30x–AK32x: provider.yaml ---
  AK301: { severity: "error", text: "expected a non-negative decimal, got {0}" },
  AK302: { severity: "error", text: "expected a string of model=price pairs, got {0}" },
  AK303: { severity: "error", text: "expected an http(s) URL, got {0}" },
  AK304: { severity: "warning", text: "unknown price key '{0}' is ignored; did you mean '{1}'?" },
  AK310: { severity: "error", text: "price '{0}' is larger than {1} USD per unit-month: the bid would be absurd" },
  AK311: { severity: "error", text: "price '{0}' has {1} digits after the point: the provider reads at most 18" },
  AK321: { severity: "error", text: "aliases expand this YAML beyond {0} nodes and characters: write the values out" },
  AK322: { severity: "error", text: "{0} is an alias ('{1}'): write the value itself" },
  AK320: { severity: "error", text: "{0} has {1} digits when written out: at most {2} are accepted" },

  // --- AK33x–AK34x: ops settings and YAML in general ---
  AK330: { severity: "error", text: "{0}" }, // YAML syntax error (js-yaml's reason)
  AK331: { severity: "error", text: "expected a mapping at the top level, got {0}" },
  AK332: { severity: "warning", text: "unknown key '{0}'; did you mean one of: {1}" },
  AK333: { severity: "error", text: "expected {0}, got {1}" },
  AK334: { severity: "error", text: "expected {0} between {1} and {2}, got {3}" },
  AK335: { severity: "error", text: "expected one of {0}, got {1}" },
  AK336: { severity: "error", text: "invalid cron schedule '{0}': {1}" },
  AK337: {
    severity: "error",
    text: "expected an absolute path of letters, digits and _@%+=,./- (no spaces, ':', control characters or '..'), got {0}",
  },
  AK338: { severity: "error", text: "cannot read {0}: {1}" },
  AK340: { severity: "error", text: "{0} is the root directory: expected {1}, such as {2}" },

  // --- AK35x: zombie reaper ---
  AK350: { severity: "error", text: "expected a list of namespace names (RFC 1123 labels), got {0}" }, // reaper.namespaces_allow/deny

  // --- AK36x: ReplicaSet pruner ---

  // --- AK37x: certificate rotation ---
  AK370: {
    severity: "error",
    text: "backup directory '{0}' {1}; choose a persistent directory such as /var/backups/akops",
  },
  AK376: { severity: "warning", text: "{0} has no effect with cluster.distribution 'k3s': {1}" },
  AK377: {
    severity: "error",
    text: "certs.apiserver_port {0} leaves no port for k3s's kube-apiserver, which listens on the next one; use the port of k3s's --https-listen-port",
  },

  // --- AK38x–AK39x: packaging (gen all, migrate, verify) ---
  AK380: { severity: "error", text: "schedule '{0}' cannot be installed: {1}" },
  AK381: {
    severity: "warning",
    text: "schedule '{0}' is irregular: the reaper DaemonSet runs every {1}s, the shortest gap",
  },
  AK382: { severity: "error", text: "internal: {0} is not a valid Kubernetes object: {1}" },
  AK383: { severity: "error", text: "internal: the tree has no {0} for the '{1}' job" },
  AK384: {
    severity: "error",
    text: "no provider.yaml: none given, none in the current directory, and the shipped example is missing",
  },
  AK385: { severity: "error", text: "{0} holds no TARGET_* price assignments" },
  AK386: { severity: "error", text: "{0} is not a non-negative decimal: '{1}'" },
  AK387: { severity: "warning", text: "not carried over: {0}" },
  AK388: { severity: "warning", text: "priced differently by the new script: {0}" },
  AK389: { severity: "warning", text: "{0}" },
  AK390: { severity: "error", text: "{0} is not a provider repo generated by akops: {1}" },
  AK391: { severity: "error", text: "input '{0}' named in the lock is missing: {1}" },
  AK392: { severity: "warning", text: "input '{0}' changed since the tree was generated" },
  AK393: { severity: "warning", text: "the tree was generated by akops {0}; this is akops {1}" },
  AK394: { severity: "error", text: "{0} exists and is not a directory" },
  AK395: {
    severity: "error",
    text: "input '{0}' is at '{1}' per the lock, outside the tree's parent directory: not read; name it with {2}",
  },
  AK396: {
    severity: "error",
    text: "input '{0}' at '{1}' is reached through a symbolic link that leads outside the tree's parent directory: not read; name it with {2}",
  },
  AK397: {
    severity: "error",
    text: "{0} was given, but the lock has no {1} input: verify checks a tree against the inputs it was generated from",
  },

  // --- AK4xx: emitting and writing ---
  AK401: { severity: "error", text: "cannot write {0}: {1}" },
  AK402: {
    severity: "error",
    text: "refusing to write {0}: it is {1}; akops replaces only regular files (use -o - for stdout)",
  },
  AK403: { severity: "error", text: "cannot write {0}: {1} is {2}; nothing was written" },
  AK404: { severity: "error", text: "cannot write {0}: {1}" },
  AK405: {
    severity: "warning",
    text: "kept {0}: an earlier gen all wrote it and this one does not, but it has changed since",
  },
  AK406: { severity: "error", text: "-o - writes one file to stdout, but {0} writes {1}: give a directory" },
} as const satisfies Record<Code, { severity: Severity; text: string }>;

export type MessageCode = keyof typeof messages;

export interface Location {
  span?: Span;
  file?: string;
  path?: string;
  notes?: Note[];
}

/** An argument longer than this is cut (`…`): a 100 KB token or value is not repeated in a message. */
const MAX_ARG = 200;

export function formatMessage(code: MessageCode, args: readonly (string | number)[]): string {
  return messages[code].text.replace(/\{(\d+)\}/g, (_, i: string) => {
    const arg = String(args[Number(i)] ?? "");
    return arg.length > MAX_ARG ? `${arg.slice(0, MAX_ARG - 1)}…` : arg;
  });
}

/** Builds a diagnostic from the catalog; the only way code below src/cli makes one. */
export function diag(code: MessageCode, args: readonly (string | number)[], at: Location = {}): Diagnostic {
  const d: Diagnostic = { code, severity: messages[code].severity, message: formatMessage(code, args) };
  if (at.span) d.span = at.span;
  if (at.file !== undefined) d.file = at.file;
  if (at.path !== undefined) d.path = at.path;
  if (at.notes) d.notes = at.notes;
  return d;
}
