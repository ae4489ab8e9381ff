import type { HeaderInfo } from "../../emit/header.js";
import { shellHeader } from "../../emit/header.js";
import type { PricingModel } from "../model.js";

/** Placeholder: the bid script emitter. */
export function emitBidScript(_model: PricingModel, header: HeaderInfo): string {
  return shellHeader(header, "price_script.sh < order.json") + "set -euo pipefail\nexit 1\n";
}
