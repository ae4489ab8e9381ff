import type { HeaderInfo } from "../../emit/header.js";
import type { PricingModel } from "../model.js";

/** Placeholder: the Helm values emitter. */
export function emitHelmValues(_provider: Record<string, unknown>, _model: PricingModel, _script: string, _header: HeaderInfo): { values: string; upgrade: string } {
  return { values: "", upgrade: "" };
}
