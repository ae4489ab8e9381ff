import upgradeTemplate from "../../../templates/bash/helm-upgrade.sh.tmpl";
import { hashHeader, shellHeader, type HeaderInfo } from "../../emit/header.js";
import { shq } from "../../emit/shell-quote.js";
import { fragment, render } from "../../emit/template.js";
import { dumpYaml } from "../../emit/yaml.js";
import { COMPONENTS, GPU_COMPONENT } from "../components.js";
import type { PricingModel } from "../model.js";

export const HELM_RELEASE = "akash-provider";
export const HELM_CHART = "akash/provider";
export const HELM_NAMESPACE = "akash-services";

/** `a100=120,a100.80Gi=150,*=130`: the chart's compact GPU mapping, in the model's order. */
export function gpuMappingString(model: PricingModel): string {
  return model.gpu.prices.map((p) => `${p.key}=${p.price}`).join(",");
}

/** Base64 on one line, as `openssl base64 -A` writes it. */
export function base64OneLine(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/**
 * The Helm values akops owns, as an overlay for `helm upgrade -f provider.yaml -f akops-values.yaml`:
 * the generated script as `bidpricescript`, the price targets as quoted decimal strings (the chart
 * drops a numeric 0, and bc cannot read 1e-05), the GPU mapping and the whitelist URL when the pricing
 * has them. Nothing of the operator's file is copied or re-serialized: its secrets (`key`,
 * `keysecret`, DNS tokens) stay out of the tree, and Helm reads it as YAML 1.1 itself (`<<` merges,
 * yes/on/off, 0644), which a YAML 1.2 round trip would change. Sorted keys: the bytes depend only on
 * the inputs.
 */
export function emitHelmValues(
  model: PricingModel,
  script: string,
  header: HeaderInfo,
): { values: string; upgrade: string } {
  const values: Record<string, unknown> = {};
  // A component the reference chart does not read (the ram and default classes) appears only when set.
  for (const c of COMPONENTS) {
    if (!("inChart" in c) || model[c.field].origin.source !== "default") values[c.key] = model[c.field].value;
  }
  const mapping = gpuMappingString(model);
  if (mapping) values[GPU_COMPONENT.key] = mapping;
  if (model.whitelistUrl) values.whitelist_url = model.whitelistUrl;
  values.bidpricescript = base64OneLine(script);
  const body = dumpYaml(values, { sortKeys: true });
  const upgrade = render(
    upgradeTemplate,
    {
      header: fragment(shellHeader(header, "upgrade.sh [--values PROVIDER_YAML] [HELM_ARGS...]")),
      release: shq(HELM_RELEASE),
      chart: shq(HELM_CHART),
      namespace: shq(HELM_NAMESPACE),
    },
    "helm-upgrade.sh",
  );
  return { values: hashHeader(header) + body, upgrade };
}

/**
 * The command printed after `gen values`: the operator's values first, the overlay last (it wins);
 * without them, the release's current values are reused.
 */
export function helmUpgradeCommand(overlayPath: string, providerPath?: string): string {
  const base = providerPath === undefined ? "--reuse-values" : `-f ${shq(providerPath)}`;
  return `helm upgrade ${HELM_RELEASE} ${HELM_CHART} -n ${HELM_NAMESPACE} ${base} -f ${shq(overlayPath)}`;
}
