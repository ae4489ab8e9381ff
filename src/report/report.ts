import type { HeaderInfo } from "../emit/header.js";
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

/** The pricing report as one HTML page. Deterministic: the same input gives the same bytes. */
export async function generateReport(input: ReportInput): Promise<string> {
  const aktUsd = input.aktUsd ?? input.model.akt.fixed ?? ASSUMED_AKT_USD;
  const aktSource =
    input.aktUsd !== undefined ? "as given" : input.model.akt.fixed !== undefined ? "the pricing file's fixed price" : "assumed: no fixed price; pass --akt-usd to akops report";
  const data = buildReportData({ model: input.model, orders: input.orders, aktUsd, aktSource, ...(input.plan ? { plan: input.plan } : {}) });
  const charts = reportCharts(data);
  const svgs = await renderSvgs(charts.map((c) => c.spec));
  return reportHtml({ header: input.header, data, charts, svgs });
}
