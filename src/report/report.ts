import type { HeaderInfo } from "../emit/header.js";
import { sha256 } from "../emit/sha256.js";
import type { CorpusOrder } from "../plan/orders.js";
import type { PlanRow } from "../plan/plan.js";
import type { PricingModel } from "../pricing/model.js";
import { reportCharts } from "./charts.js";
import { buildReportData } from "./data.js";
import { reportHtml } from "./html.js";
import { renderSvgs } from "./render-svg.js";

/** Where `gen all` puts the report in the tree. */
export const REPORT_PATH = "docs/pricing-report.html";

/** AKT/USD used by the report when neither --akt-usd nor `akt_price fixed` gives one. */
export const ASSUMED_AKT_USD = "1.00";

export interface ReportInput {
  model: PricingModel;
  orders: readonly CorpusOrder[];
  /** AKT/USD for uakt numbers; undefined: the DSL's fixed price, else ASSUMED_AKT_USD (said so on the page). */
  aktUsd?: string;
  header: HeaderInfo;
  plan?: { against: string; rows: PlanRow[] };
}

/**
 * Set by scripts/build.mjs: a hash of akops's code (src/) and of the vega/vega-lite versions. Running
 * from source it is undefined, and every report is rendered.
 */
declare const __AKOPS_REPORT_CODE__: string | undefined;

/** The fingerprint meta tag of a page made from `fingerprint`. */
const fingerprintTag = (fingerprint: string) => `<meta name="akops-report" content="${fingerprint}">`;

/**
 * The pricing report as one HTML page. Deterministic: the same input gives the same bytes.
 *
 * The page is a pure function of its inputs (pricing model, orders, AKT/USD, header) and of the code
 * that evaluates and draws it; the fingerprint hashes all of them. Rendering the charts is most of `gen all`'s time, so when `previous`
 * (the tree's current report, checked against its lock by the caller) carries the same fingerprint, it
 * is returned as it is: the bytes rendering would give again.
 */
export async function generateReport(input: ReportInput, previous?: string): Promise<string> {
  const aktUsd = input.aktUsd ?? input.model.akt.fixed ?? ASSUMED_AKT_USD;
  const aktSource =
    input.aktUsd !== undefined
      ? "as given"
      : input.model.akt.fixed !== undefined
        ? "the pricing file's fixed price"
        : "assumed: no fixed price; pass --akt-usd to akops report";
  // The fingerprint hashes what the page is made from (the inputs, not the evaluated data, so that
  // checking it costs no evaluation) and the code that makes it (__AKOPS_REPORT_CODE__ covers src/).
  const code = typeof __AKOPS_REPORT_CODE__ === "string" ? __AKOPS_REPORT_CODE__ : undefined;
  const fingerprint = sha256(
    JSON.stringify({
      code: code ?? "source",
      header: input.header,
      model: input.model,
      orders: input.orders,
      aktUsd,
      aktSource,
      plan: input.plan ?? null,
    }),
  );
  if (code !== undefined && previous?.includes(fingerprintTag(fingerprint))) return previous;
  const data = buildReportData({
    model: input.model,
    orders: input.orders,
    aktUsd,
    aktSource,
    ...(input.plan ? { plan: input.plan } : {}),
  });
  const charts = reportCharts(data);
  const svgs = await renderSvgs(charts.map((c) => c.spec));
  return reportHtml({ header: input.header, data, charts, svgs, fingerprint });
}
