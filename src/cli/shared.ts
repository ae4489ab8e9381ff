import type { CompileInputs, Target } from "../inputs.js";
import { isPricingTarget } from "../inputs.js";
import type { CompileOptions, CompileResult } from "../compile.js";

export { report } from "../io/report.js";

/** Exit status of a command action; commander usage errors are 2. */
export interface ExitBox {
  code: number;
}

/**
 * The compile() a target needs, loaded when the command runs (so that other commands do not pay for
 * the compiler's start-up): the pricing targets load the pricing half only, no ops generators and no
 * package step.
 */
export async function compilerFor(
  target: Target,
): Promise<(inputs: CompileInputs, options: CompileOptions) => CompileResult> {
  if (isPricingTarget(target)) return (await import("../compile-pricing.js")).compilePricing;
  return (await import("../compile.js")).compile;
}
