import yaml from "js-yaml";
import { COMPONENTS, GPU_COMPONENT } from "../pricing/components.js";
import { aliasBudget, expandedSize } from "../config/yaml.js";

/** What the chart deploys from a values file: the bid script and the environment it gets. */
export interface Deployed {
  /** The decoded `bidpricescript`. */
  script: string;
  /** PRICE_TARGET_*, WHITELIST_URL and DEBUG_BID_SCRIPT as the chart's pricing ConfigMap sets them. */
  env: Record<string, string>;
}

/**
 * Values keys the akash-provider chart (configmap-pricing.yaml, 19.x) turns into the bid script's
 * environment, each under `{{ if .Values.KEY }}` and written as `"{{ .Values.KEY }}"`.
 */
export const CHART_ENV: readonly (readonly [string, string])[] = [
  ["whitelist_url", "WHITELIST_URL"],
  ["debug_bid_script", "DEBUG_BID_SCRIPT"],
  // The price keys the chart knows (not the ones only akops reads, such as the ram class), upper-cased.
  ...[...COMPONENTS.filter((c) => !("inChart" in c)), GPU_COMPONENT].map((c) => [c.key, c.key.toUpperCase()] as const),
];

/**
 * Go's `%v` of a float64, which is what Helm prints for every YAML number (values are decoded through
 * JSON, so integers are float64 too): shortest digits, and exponent form when the exponent is below
 * -4 or at least 6 — `1.60` → `1.6`, `0.00001` → `1e-05`, `2000000` → `2e+06`.
 */
export function goFloatText(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? "+Inf" : n < 0 ? "-Inf" : "NaN";
  if (n === 0) return Object.is(n, -0) ? "-0" : "0";
  const [mant, expText] = n.toExponential().split("e") as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  // Shortest round-trip digits in plain notation (JS switches to exponents only below 1e-6).
  return String(n);
}

/** Go template truthiness (`{{ if }}`): false, 0, nil and empty strings, maps and lists are false. */
function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.keys(v).length > 0;
  return true;
}

function goText(v: unknown): string {
  if (typeof v === "number") return goFloatText(v);
  return String(v);
}

/** The environment the chart gives the bid script from these values. */
export function chartEnv(values: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, name] of CHART_ENV) {
    const v = values[key];
    if (truthy(v)) env[name] = goText(v);
  }
  return env;
}

/**
 * Reads `helm get values` output (with or without its `USER-SUPPLIED VALUES:` line) or an akops
 * overlay (helm/akops-values.yaml): the script from `bidpricescript` (base64) and the chart's
 * environment. `under` are values the file is layered over (`helm upgrade -f under -f text`).
 * Returns a reason when there is no script to run.
 */
export function readDeployed(text: string, under: Record<string, unknown> = {}): Deployed | string {
  let values: unknown;
  try {
    values = yaml.load(text.replace(/^USER-SUPPLIED VALUES:[ \t]*\r?\n/, ""));
  } catch (e) {
    return `not YAML (${e instanceof Error ? e.message.split("\n")[0] : String(e)})`;
  }
  if (typeof values !== "object" || values === null || Array.isArray(values)) return "not a mapping of Helm values";
  if (expandedSize(values, aliasBudget(text)) > aliasBudget(text))
    return "its YAML aliases expand far beyond its size (a billion laughs)";
  const v = { ...under, ...(values as Record<string, unknown>) };
  const b64 = v.bidpricescript;
  if (typeof b64 !== "string" || b64.trim() === "")
    return "no bidpricescript: the provider does not run a bid script with these values";
  const compact = b64.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return "bidpricescript is not base64";
  const script = Buffer.from(compact, "base64").toString("utf8");
  if (script.trim() === "") return "bidpricescript decodes to an empty script";
  return { script, env: chartEnv(v) };
}
