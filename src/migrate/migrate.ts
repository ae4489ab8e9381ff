import type { Diagnostic, SourceFile } from "../diagnostics/diagnostic.js";
import { hasErrors } from "../diagnostics/diagnostic.js";
import { diag } from "../diagnostics/messages.js";
import { parseYamlMapping } from "../config/yaml.js";
import { COMPONENTS, GPU_COMPONENT } from "../pricing/components.js";
import { toDecimalText } from "../pricing/decimal-text.js";
import { GPU_MAX_POLICY_FLOOR } from "../pricing/gpu-policy.js";
import { rawScalars } from "../pricing/read-provider.js";
import { resolvePricing } from "../pricing/resolve.js";
import { readOldScript, TARGET_KEYS } from "./read-targets.js";
import { setTopLevelKeys } from "./yaml-edit.js";

export interface MigrateInputs {
  /** The old bid script, as `helm get values … | jq -r '.bidpricescript | @base64d'` gives it. */
  script: SourceFile;
  /** The current provider.yaml (every key is kept). */
  values?: SourceFile;
  /** Where a pricing file would go, and whether one is already there (never overwritten). */
  pricingPath: string;
  pricingExists: boolean;
}

export interface MigrateResult {
  /** The new provider.yaml; undefined on errors. */
  provider?: string;
  /** A pricing file to write beside it (only for prices provider.yaml cannot express). */
  pricing?: string;
  diagnostics: Diagnostic[];
  /** Plain information for stderr (what was kept and why). */
  notes: string[];
}

const GPU_FLOOR = GPU_MAX_POLICY_FLOOR;

/** TARGET_* name → its default in the new script. */
const DEFAULT_OF: Readonly<Record<string, string>> = Object.fromEntries(COMPONENTS.map((c) => [c.target, c.default]));
const HELM_HEADER = /^USER-SUPPLIED VALUES:[^\n]*\n/;

function gpuFile(script: string, price: string): string {
  return [
    `# Written by akops migrate from ${script}: the old script priced every GPU model at a flat ${price}.`,
    `# The wildcard policy keeps that price for every model; the max policy would raise it to ${GPU_FLOOR}.`,
    "gpu unmapped=wildcard {",
    `  * ${price}`,
    "}",
    "",
  ].join("\n");
}

/** The price text a provider.yaml value stands for (`1.60` and "1.60" alike), for comparisons. */
function valueText(raw: unknown): string | undefined {
  return typeof raw === "string" && raw.includes("=") ? raw : toDecimalText(raw);
}

/**
 * The seed's migration steps 1–4 in one pure function: the old script's TARGET_* prices become
 * provider.yaml's price_target_* keys (quoted decimal strings), everything else in provider.yaml stays,
 * and every price the new script would compute differently is reported.
 */
export function migrate(inputs: MigrateInputs): MigrateResult {
  const diagnostics: Diagnostic[] = [];
  const notes: string[] = [];
  const script = readOldScript(inputs.script, diagnostics);
  const file = inputs.script.path;
  if (script.targets.size === 0 && !hasErrors(diagnostics)) diagnostics.push(diag("AK385", [file]));

  let valuesText = inputs.values?.text ?? "";
  if (HELM_HEADER.test(valuesText)) {
    valuesText = valuesText.replace(HELM_HEADER, "");
    notes.push("dropped the 'USER-SUPPLIED VALUES:' line of helm get values");
  }
  const values = inputs.values ? parseYamlMapping({ path: inputs.values.path, text: valuesText }, diagnostics) : {};
  if (hasErrors(diagnostics) || values === undefined) return { diagnostics, notes };
  const valuesName = inputs.values?.path ?? "provider.yaml";
  const raw = rawScalars(valuesText);

  const set = new Map<string, string>();
  for (const t of script.targets.values()) {
    const key = TARGET_KEYS[t.name]!;
    const value = t.name === GPU_COMPONENT.target ? `*=${t.value}` : t.value;
    const had = values[key] === undefined || values[key] === null ? undefined : valueText(raw[key] ?? values[key]);
    if (t.form === "env-default" && had !== undefined) {
      // The newer script read PRICE_TARGET_* from the chart, i.e. from provider.yaml: that value ran.
      set.set(key, had);
      notes.push(`kept ${key} '${had}' from ${valuesName} (the old script used it over its default ${t.value})`);
      continue;
    }
    if (had !== undefined && had !== value) {
      diagnostics.push(
        diag("AK389", [`${valuesName} had ${key} '${had}', but the old script used '${value}': writing '${value}'`], {
          span: t.span,
        }),
      );
    }
    set.set(key, value);
  }

  if (script.whitelistUrl) set.set("whitelist_url", script.whitelistUrl.value);
  else if (script.whitelistLogic && !values.whitelist_url) {
    diagnostics.push(
      diag(
        "AK387",
        [
          "whitelist logic without a literal WHITELIST_URL; set whitelist_url in provider.yaml or use allow rules in a pricing file",
        ],
        {
          span: script.whitelistLogic,
        },
      ),
    );
  }

  for (const [name, key] of Object.entries(TARGET_KEYS)) {
    if (set.has(key) || (values[key] !== undefined && values[key] !== null)) continue;
    const what =
      name === GPU_COMPONENT.target
        ? `the old script sets no TARGET_${name} and ${valuesName} has no ${key}: the new script prices every GPU model at ${GPU_FLOOR}`
        : `the old script sets no TARGET_${name} and ${valuesName} has no ${key}: the new script uses the default ${DEFAULT_OF[name]}`;
    diagnostics.push(diag("AK388", [what], { file }));
  }

  const edited = setTopLevelKeys(valuesText, set, ["bidpricescript"]);
  if ("bidpricescript" in values) notes.push("dropped bidpricescript (akops gen all embeds the new script)");
  if (edited.reformatted)
    diagnostics.push(
      diag("AK389", [`could not edit ${valuesName} line by line: rewrote it (comments and formatting are lost)`], {
        file,
      }),
    );
  const result: MigrateResult = { provider: edited.text, diagnostics, notes };

  const gpu = script.targets.get(GPU_COMPONENT.target);
  if (gpu && Number(gpu.value) < Number(GPU_FLOOR)) {
    const pricing = gpuFile(file, gpu.value);
    const check: Diagnostic[] = [];
    const resolved = resolvePricing(
      { provider: { path: "provider.yaml", text: edited.text }, pricing: { path: inputs.pricingPath, text: pricing } },
      check,
    );
    const star = resolved?.model.gpu.prices.find((p) => p.key === "*");
    const ok = !hasErrors(check) && resolved?.model.gpu.unmapped === "wildcard" && star?.price === gpu.value;
    const differs = `TARGET_${gpu.name}=${gpu.value}: under the max policy unmapped GPU models cost at least ${GPU_FLOOR}`;
    if (!ok)
      diagnostics.push(
        diag("AK388", [`${differs}, and no pricing file could express the flat price`], { span: gpu.span }),
      );
    else if (inputs.pricingExists) {
      diagnostics.push(
        diag("AK388", [`${differs}; ${inputs.pricingPath} exists, so add: gpu unmapped=wildcard { * ${gpu.value} }`], {
          span: gpu.span,
        }),
      );
    } else {
      result.pricing = pricing;
      notes.push(
        `wrote ${inputs.pricingPath} with the wildcard GPU policy, so that every GPU model keeps the flat ${gpu.value} (use --pricing ${inputs.pricingPath})`,
      );
    }
  }
  return result;
}
