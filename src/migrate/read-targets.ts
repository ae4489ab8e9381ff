import type { Diagnostic, SourceFile, Span } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { COMPONENTS, GPU_COMPONENT } from "../pricing/components.js";
import { toDecimalText } from "../pricing/decimal-text.js";
import type { DecimalText } from "../pricing/model.js";

/** TARGET_* variables of the reference bid scripts → provider.yaml keys (GPU_UNIT becomes a `*=` mapping). */
export const TARGET_KEYS: Readonly<Record<string, string>> = Object.fromEntries([
  ...COMPONENTS.map((c) => [c.target, c.key]),
  [GPU_COMPONENT.target, GPU_COMPONENT.key],
]);

export interface Target {
  /** `CPU` for TARGET_CPU. */
  name: string;
  value: DecimalText;
  /** `literal`: TARGET_CPU="1.60" (the script's own price); `env-default`: "${PRICE_TARGET_CPU:-1.60}" (the chart's value wins). */
  form: "literal" | "env-default";
  span: Span;
}

export interface OldScript {
  targets: Map<string, Target>;
  /** WHITELIST_URL="https://…" as a literal. */
  whitelistUrl?: { value: string; span: Span };
  /** The first line of whitelist logic, if any (carried only through whitelist_url). */
  whitelistLogic?: Span;
}

// Known AKT price sources of the reference scripts; other URLs are custom.
const KNOWN_HOSTS = /(api\.diadata\.org|api\.coingecko\.com|api-osmosis\.imperator\.co)/;
const ASSIGN =
  /^(\s*)(?:export\s+|readonly\s+|declare\s+(?:-[a-zA-Z]+\s+)*)?(TARGET_[A-Za-z0-9_]+|WHITELIST_URL)=(.*)$/;
const VALUE = /^(?:"([^"]*)"|'([^']*)'|([^\s;#"']*))\s*(?:[;#].*)?$/;
const ENV_DEFAULT = /^\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)\}$/;

/**
 * Reads the TARGET_* assignments of an old bid script (both the literal and the `${PRICE_TARGET_X:-d}`
 * forms) and reports, as warnings located at their lines, what cannot be carried: computed or
 * conditional prices, unknown targets, tenant logic on AKASH_OWNER, custom URLs, whitelist logic.
 * These are heuristics: the warnings say where to look, they do not prove the rest is standard.
 */
export function readOldScript(src: SourceFile, diagnostics: Diagnostic[]): OldScript {
  const out: OldScript = { targets: new Map() };
  const warn = (what: string, span: Span) => diagnostics.push(diag("AK387", [what], { span }));
  let offset = 0;
  for (const line of src.text.split("\n")) {
    const span: Span = { file: src.path, start: offset, end: offset + Math.max(1, line.length) };
    offset += line.length + 1;
    const code = line.replace(/^\s*#.*$/, "");
    if (code.trim() === "") continue;
    const url = /\b(?:curl|wget)\b.*?(https?:\/\/[^\s"')]+)/.exec(code);
    if (url && !KNOWN_HOSTS.test(url[1]!))
      warn(`a request to ${url[1]}; the new script only fetches AKT prices and the whitelist`, span);
    const m = ASSIGN.exec(code);
    if (m) {
      const [, indent = "", variable = "", rest = ""] = m;
      const v = VALUE.exec(rest.trim());
      const inner = v ? (v[1] ?? v[2] ?? v[3] ?? "") : undefined;
      if (variable === "WHITELIST_URL") {
        // Single quotes keep `$` literal; anywhere else `$`, a backtick or a backslash computes the URL.
        const literal = v?.[2] !== undefined || (inner !== undefined && !/[$`\\]/.test(inner));
        if (inner !== undefined && literal && /^https?:\/\/\S+$/.test(inner)) out.whitelistUrl = { value: inner, span };
        else if (inner !== undefined && inner !== "" && !ENV_DEFAULT.test(inner))
          warn(`WHITELIST_URL is computed ('${rest.trim()}'); set whitelist_url yourself`, span);
        continue;
      }
      const name = variable.slice("TARGET_".length);
      if (!(name in TARGET_KEYS)) {
        warn(`${variable} has no provider.yaml key; price it in a pricing file`, span);
        continue;
      }
      if (indent !== "") {
        warn(`${variable} is assigned inside a block (conditional pricing); only top-level assignments are read`, span);
        continue;
      }
      const env = inner === undefined || v?.[2] !== undefined ? undefined : ENV_DEFAULT.exec(inner);
      const text = env ? env[2] : inner;
      if (text === undefined || /[$`\\]/.test(text)) {
        warn(`${variable} is computed ('${rest.trim()}'), not a price`, span);
        continue;
      }
      if (env && env[1] !== `PRICE_${variable}`) {
        // The chart sets PRICE_TARGET_X for TARGET_X: a default read from another variable is a computed price.
        warn(
          `${variable} reads ${env[1]}, not PRICE_${variable} ('${rest.trim()}'); set ${TARGET_KEYS[name]} yourself`,
          span,
        );
        continue;
      }
      const value = toDecimalText(text);
      if (value === undefined) {
        diagnostics.push(diag("AK386", [variable, text], { span }));
        continue;
      }
      if (out.targets.has(name)) warn(`${variable} is assigned more than once; the last assignment is used`, span);
      out.targets.set(name, { name, value, form: env ? "env-default" : "literal", span });
      continue;
    }
    if (/AKASH_OWNER/.test(code) && /(==|!=|=~|\bcase\b|grep)/.test(code)) {
      if (/whitelist/i.test(code)) out.whitelistLogic ??= span;
      else
        warn(
          "tenant-specific logic on AKASH_OWNER; express it with the pricing file's tenant rules (allow, deny, multiplier)",
          span,
        );
    } else if (/whitelist/i.test(code)) {
      out.whitelistLogic ??= span;
    }
  }
  return out;
}
