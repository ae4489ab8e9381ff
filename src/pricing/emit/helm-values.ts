import yaml from "js-yaml";
import upgradeTemplate from "../../../templates/bash/helm-upgrade.sh.tmpl";
import { hashHeader, shellHeader, type HeaderInfo } from "../../emit/header.js";
import { shq } from "../../emit/shell-quote.js";
import { fragment, render } from "../../emit/template.js";
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
 * The operator's values with every key kept, the price targets replaced by the resolved prices as
 * quoted decimal strings (the chart drops a numeric 0, and bc cannot read 1e-05), and the generated
 * script as `bidpricescript`. Emitted with sorted keys, so the bytes depend only on the inputs.
 */
export function emitHelmValues(
  provider: Record<string, unknown>,
  model: PricingModel,
  script: string,
  header: HeaderInfo,
): { values: string; upgrade: string } {
  const values: Record<string, unknown> = { ...provider };
  for (const c of COMPONENTS) {
    if (!("inChart" in c) || model[c.field].origin.source !== "default") values[c.key] = model[c.field].value;
  }
  const mapping = gpuMappingString(model);
  if (mapping) values[GPU_COMPONENT.key] = mapping;
  else delete values[GPU_COMPONENT.key];
  if (model.whitelistUrl) values.whitelist_url = model.whitelistUrl;
  values.bidpricescript = base64OneLine(script);
  const body = yaml.dump(values, { sortKeys: true, lineWidth: -1, noRefs: true });
  const upgrade = render(
    upgradeTemplate,
    {
      header: fragment(shellHeader(header, "upgrade.sh [HELM_ARGS...]")),
      release: shq(HELM_RELEASE),
      chart: shq(HELM_CHART),
      namespace: shq(HELM_NAMESPACE),
    },
    "helm-upgrade.sh",
  );
  return { values: hashHeader(header) + body, upgrade };
}

/** The command printed after `gen values`. */
export function helmUpgradeCommand(valuesPath: string): string {
  return `helm upgrade ${HELM_RELEASE} ${HELM_CHART} -n ${HELM_NAMESPACE} -f ${shq(valuesPath)}`;
}
