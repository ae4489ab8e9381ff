export { report } from "../io/report.js";

/** Exit status of a command action; commander usage errors are 2. */
export interface ExitBox {
  code: number;
}
