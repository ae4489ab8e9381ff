import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import { visible } from "../../diagnostics/render.js";
import { hasErrors } from "../../diagnostics/diagnostic.js";
import type { InputFlags } from "../../io/read-inputs.js";
import type { Io } from "../../io/io.js";
import type { Evaluation } from "../../pricing/evaluate/evaluate.js";
import { type ExitBox, report } from "../shared.js";

interface PriceFlags extends InputFlags {
  json?: boolean;
  aktUsd?: string;
  owner?: string;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => rows.reduce((w, r) => Math.max(w, (r[i] ?? "").length), 0));
  return `${rows
    .map((r) =>
      r
        .map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}

/** The human-readable breakdown: one row per component, GPU lines with the key that matched, the bid. */
export function formatEvaluation(ev: Evaluation): string {
  const perBlock = ev.unit === "usd" ? "per block (usd e-6)" : "per block (uakt)";
  const rows = [["component", "quantity", "USD/unit-month", "USD/month", perBlock]];
  for (const c of ev.components) rows.push([c.name, c.quantity, c.price, c.usdPerMonth, c.perBlock]);
  let out = table(rows);
  if (ev.gpu.length > 0) {
    out += "\n";
    const g = [["gpu (service)", "requested", "matched", "USD/unit-month", "units x count", "USD/month"]];
    for (const l of ev.gpu)
      g.push([
        `service ${l.service}`,
        visible(l.requested),
        l.matched ?? "(unmapped)",
        l.price,
        `${l.units} x ${l.count}`,
        l.usd,
      ]);
    out += table(g);
  }
  out += `\ntotal USD/month: ${ev.baseUsdPerMonth}`;
  if (ev.multiplier !== undefined) out += ` x ${ev.multiplier} (tenant)`;
  if (ev.confidentialMultiplier !== undefined) out += ` x ${ev.confidentialMultiplier} (confidential)`;
  if (ev.floorApplied) out += ` -> floor ${ev.usdPerMonth}`;
  out += `\nAKT/USD: ${ev.aktUsd ?? "(not needed)"}\n`;
  out +=
    ev.outcome.kind === "bid"
      ? `bid: ${ev.outcome.bid} ${ev.denom ?? "uakt"} per block\n`
      : `no bid: ${ev.outcome.reason}\n`;
  return out;
}

export function registerPrice(program: Command, io: Io, exit: ExitBox): void {
  program
    .command("price")
    .description("price an order with the TypeScript evaluator: the script's number, with a breakdown")
    .argument("[order]", "order JSON as the provider writes it to the bid script ('-' or omitted: stdin)")
    .option("--config <file>", "provider.yaml")
    .option("--pricing <file>", "pricing DSL file")
    .option("--akt-usd <price>", "AKT/USD price (default: $AKOPS_AKT_USD, or the DSL's fixed price)")
    .option("--owner <address>", "tenant address for tenant rules (default: $AKASH_OWNER)")
    .option("--json", "machine-readable output")
    .addHelpText(
      "after",
      "\nExamples:\n  akops price order.json --config provider.yaml --akt-usd 1.25\n  AKOPS_AKT_USD=1.25 akops price --config provider.yaml --json < order.json",
    )
    .action(async (orderPath: string | undefined, f: PriceFlags) => {
      const [
        { readInputs },
        { resolvePricing },
        { evaluate },
        { parseOrder },
        { compareDecimal, PLAIN_DECIMAL },
        { LIMITS },
      ] = await Promise.all([
        import("../../io/read-inputs.js"),
        import("../../pricing/resolve.js"),
        import("../../pricing/evaluate/evaluate.js"),
        import("../../pricing/evaluate/order.js"),
        import("../../pricing/decimal-text.js"),
        import("../../pricing/checker/predicates.js"),
      ]);
      // What the script's ak_valid_akt_usd accepts: a plain decimal above 0, at most LIMITS.aktUsd.
      const validAktUsd = (s: string) =>
        PLAIN_DECIMAL.test(s) && compareDecimal(s, "0") > 0 && compareDecimal(s, LIMITS.aktUsd) <= 0;
      const diagnostics: Diagnostic[] = [];
      const inputs = readInputs(io, f, diagnostics);
      const resolved = diagnostics.length === 0 ? resolvePricing(inputs, diagnostics) : undefined;
      if (!resolved || hasErrors(diagnostics)) {
        exit.code =
          report(
            io,
            diagnostics,
            [inputs.provider, inputs.pricing].filter((s) => s !== undefined),
          ) || 1;
        return;
      }
      let text: string;
      try {
        text =
          orderPath === undefined || orderPath === "-"
            ? await io.readStdin()
            : readFileSync(resolve(io.cwd, orderPath), "utf8");
      } catch (e) {
        io.err(`akops price: cannot read ${orderPath}: ${(e as NodeJS.ErrnoException).code ?? String(e)}\n`);
        exit.code = 1;
        return;
      }
      const aktUsd = f.aktUsd ?? io.env.AKOPS_AKT_USD ?? resolved.model.akt.fixed;
      const parsed = parseOrder(text);
      // Only uakt orders (and legacy ones) need AKT/USD, as in the script; a given price is always checked.
      const needsAkt =
        !parsed.ok ||
        parsed.order.format === "legacy" ||
        resolved.model.denoms.find((d) => d.denom === parsed.order.denom)?.kind !== "usd";
      if (aktUsd === undefined ? needsAkt : !validAktUsd(aktUsd)) {
        io.err(
          `akops price: need an AKT/USD price above 0 and at most ${LIMITS.aktUsd}: --akt-usd, AKOPS_AKT_USD or 'akt_price fixed' in the pricing file${aktUsd ? ` (got '${aktUsd}')` : ""}\n`,
        );
        exit.code = 2;
        return;
      }
      if (!parsed.ok) {
        io.err(`akops price: ${parsed.reason}\n`);
        exit.code = 1;
        return;
      }
      const owner = f.owner ?? io.env.AKASH_OWNER;
      const env = aktUsd === undefined ? {} : { aktUsd };
      const ev = evaluate(resolved.model, parsed.order, owner === undefined ? env : { ...env, owner });
      if (f.json) io.out(`${JSON.stringify(ev, null, 2)}\n`);
      else io.out(formatEvaluation(ev));
      exit.code = ev.outcome.kind === "bid" ? 0 : 1;
    });
}
