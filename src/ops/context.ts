import type { OpsConfig } from "./settings.js";
import type { HeaderInfo } from "../emit/header.js";

/** What every ops generator gets: the typed settings and the header facts for its files. */
export interface OpsContext {
  config: OpsConfig;
  header: HeaderInfo;
}
