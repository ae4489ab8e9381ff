import { markdownHeader, type HeaderInfo } from "../emit/header.js";
import { trimDecimal } from "../plan/plan.js";
import type { Chart } from "./charts.js";
import type { ReportData } from "./data.js";

/** One self-contained page: inline CSS and SVG, no script, no font or image from anywhere. */

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const usd = (s: string) => Number(s).toFixed(2);

type Cell = string | { num: string };

function table(caption: string, head: Cell[], rows: Cell[][]): string {
  const cell = (tag: "th" | "td", c: Cell) =>
    typeof c === "string" ? `<${tag}>${escapeHtml(c)}</${tag}>` : `<${tag} class="num">${escapeHtml(c.num)}</${tag}>`;
  return (
    `<div class="table-wrap"><table>\n<caption>${escapeHtml(caption)}</caption>\n<thead><tr>${head.map((c) => cell("th", c)).join("")}</tr></thead>\n<tbody>\n` +
    rows.map((r) => `<tr>${r.map((c) => cell("td", c)).join("")}</tr>\n`).join("") +
    `</tbody>\n</table></div>`
  );
}

function figure(chart: Chart | undefined, svg: string | undefined): string {
  if (!chart || svg === undefined) return "";
  return `<figure class="chart" id="chart-${chart.id}" role="img" aria-label="${escapeHtml(chart.label)}">\n${svg}\n</figure>`;
}

function section(id: string, title: string, intro: string, body: string): string {
  return `<section id="${id}">\n<h2>${escapeHtml(title)}</h2>\n${intro ? `<p>${intro}</p>\n` : ""}<div class="pair">\n${body}\n</div>\n</section>\n`;
}

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; color: #1b1b1b; background: #fff; line-height: 1.45; }
main { max-width: 1120px; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; margin: 0.5rem 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.5rem; border-bottom: 1px solid #ddd; padding-bottom: 0.25rem; }
p, li { max-width: 70ch; }
.meta { color: #555; font-size: 0.9rem; }
.pair { display: flex; flex-wrap: wrap; gap: 1.25rem; align-items: flex-start; }
.chart { flex: 1 1 440px; margin: 0; min-width: 0; }
.chart svg { display: block; max-width: 100%; height: auto; }
.table-wrap { flex: 1 1 300px; overflow-x: auto; min-width: 0; }
table { border-collapse: collapse; font-size: 0.875rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.2rem 0.5rem; text-align: left; vertical-align: top; }
th.num, td.num { text-align: right; white-space: nowrap; }
code, .addr { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85em; word-break: break-all; }
@media print { main { max-width: none; padding: 0; } section { break-inside: avoid; } .table-wrap { overflow: visible; } }
`;

export interface PageInput {
  header: HeaderInfo;
  data: ReportData;
  charts: readonly Chart[];
  svgs: readonly string[];
  /** What the page was made from (see report.ts): lets `gen all` keep an up-to-date report as it is. */
  fingerprint: string;
}

export function reportHtml({ header, data: d, charts, svgs, fingerprint }: PageInput): string {
  const at = (id: string) => {
    const i = charts.findIndex((c) => c.id === id);
    return figure(charts[i], svgs[i]);
  };
  const parts: string[] = [];

  parts.push(
    section(
      "components",
      "Price per component",
      "USD per unit and month, as the bid script adds them up; the source says which input set each price.",
      at("components") +
        table(
          "Component prices",
          ["component", "per", { num: "USD/month" }, "set by"],
          d.components.map((c) => [c.component, c.unit, { num: c.price }, c.source]),
        ),
    ),
  );

  parts.push(
    section(
      "gpu",
      "GPU price ladder",
      `Every mapping key, most expensive first. The provider sends <code>model</code>, <code>model.ram</code> and <code>model.ram.interface</code>; the most specific key wins. ${escapeHtml(d.gpuRule)}.`,
      at("gpu") +
        table(
          "GPU prices",
          ["key", { num: "USD/GPU-month" }, "kind"],
          d.gpu.map((r) => [r.key, { num: r.price }, r.kind]),
        ),
    ),
  );

  if (d.monthly.length > 0) {
    const comps = ["cpu", "memory", "ephemeral", "hdd", "ssd", "nvme", "endpoints", "ips", "gpu"] as const;
    const used = comps.filter((c) =>
      d.monthly.some((o) => Number(o.parts.find((p) => p.component === c)?.usd ?? "0") > 0),
    );
    parts.push(
      section(
        "orders",
        "Monthly price of the corpus orders",
        "USD per month for each order of the corpus, by component, before any tenant multiplier. Each bar has its own scale; the table has the numbers.",
        at("monthly") +
          table(
            "USD per month by component",
            ["order", ...used.map((c) => ({ num: c })), { num: "total" }, { num: "charged" }],
            d.monthly.map((o) => [
              o.order,
              ...used.map((c) => ({ num: usd(o.parts.find((p) => p.component === c)?.usd ?? "0") })),
              { num: usd(o.total) },
              { num: `${usd(o.charged)}${o.floorApplied ? " (floor)" : ""}` },
            ]),
          ),
      ),
    );
  }

  if (d.akt.points.length > 0) {
    const orders = [...new Set(d.akt.points.map((p) => p.order))];
    const shown = [0.5, 0.8, 1, 1.2, 1.5, 2];
    const prices = [...new Set(d.akt.points.map((p) => p.aktUsd))].filter((_, i) => shown.includes(d.akt.factors[i]!));
    parts.push(
      section(
        "akt",
        "uakt bids against AKT/USD",
        `The bid per block in uakt for each corpus order as AKT/USD moves from half to twice ${escapeHtml(d.akt.current)} (${escapeHtml(d.akt.source)}; the dashed line). USD-pegged denoms do not move with it.`,
        at("akt") +
          table(
            "uakt per block",
            ["order", ...prices.map((p) => ({ num: `AKT ${trimDecimal(p)}` }))],
            orders.map((o) => [
              o,
              ...prices.map((p) => ({
                num: d.akt.points.find((x) => x.order === o && x.aktUsd === p)?.bid ?? "no bid",
              })),
            ]),
          ),
      ),
    );
  } else if (!d.akt.acceptsUakt) {
    parts.push(
      section(
        "akt",
        "uakt bids against AKT/USD",
        "This pricing accepts no uakt orders, so no bid depends on AKT/USD.",
        "",
      ),
    );
  }

  const rules: Cell[][] = [
    ...d.tenants.multipliers.map((m): Cell[] => [`tenant ${m.owner}`, { num: `× ${m.factor}` }]),
    ["everyone else", { num: "× 1" }],
    ["confidential compute", { num: "× 1" }],
    ["floor (USD/month, after any multiplier)", { num: d.tenants.floor ?? "none" }],
    ...d.tenants.deny.map((a): Cell[] => [`deny ${a}`, { num: "no bid" }]),
    ...(d.tenants.allow.length > 0 ? [["owners not in the allow list", { num: "no bid" }] as Cell[]] : []),
    ...(d.tenants.whitelistUrl ? [[`whitelist ${d.tenants.whitelistUrl}`, { num: "others: no bid" }] as Cell[]] : []),
  ];
  parts.push(
    section(
      "tenants",
      "Tenants, confidential compute and the floor",
      "Multipliers apply to the monthly price by the order's owner (AKASH_OWNER). This pricing has no multiplier for confidential-compute orders: they pay the same. The floor is the smallest monthly price bid.",
      at("tenants") + table("Rules", ["rule", { num: "effect" }], rules),
    ),
  );

  if (d.plan) {
    const figures = charts.map((c, i) => (c.id.startsWith("plan-") ? figure(c, svgs[i]) : "")).join("");
    parts.push(
      section(
        "plan",
        "Deployed vs new bids",
        `Bids per block of the script deployed in <code>${escapeHtml(d.plan.against)}</code> and of the script <code>akops gen</code> writes now, both run with bash on each order as the provider would (see <code>akops plan</code>).`,
        figures +
          table(
            "Deployed and new bid per order",
            ["order", "denom", { num: "deployed" }, { num: "new" }, { num: "change" }],
            d.plan.rows.map((r) => [
              r.order,
              r.denom,
              { num: r.old ?? "no bid" },
              { num: r.new ?? "no bid" },
              { num: r.change_pct === null ? "" : `${r.change_pct > 0 ? "+" : ""}${r.change_pct.toFixed(2)}%` },
            ]),
          ),
      ),
    );
  }

  return (
    `<!doctype html>\n${markdownHeader(header)}<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta name="akops-report" content="${fingerprint}">\n` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">\n` +
    `<title>Pricing report</title>\n<style>${CSS}</style>\n</head>\n<body>\n<main>\n<h1>Pricing report</h1>\n` +
    `<p class="meta">From ${escapeHtml(header.inputs.length === 0 ? "built-in defaults" : header.inputs.join(" and "))}, by akops ${escapeHtml(header.version)}. Every number is computed with the bid script's own arithmetic. AKT/USD ${escapeHtml(d.akt.current)} (${escapeHtml(d.akt.source)}).</p>\n` +
    parts.join("") +
    `</main>\n</body>\n</html>\n`
  );
}
