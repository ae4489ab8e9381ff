import type { ReportData } from "./data.js";
import type { ChartSpec } from "./render-svg.js";

/** Vega-Lite specs for the report's charts: data in, spec out (no rendering here). */

const WIDTH = 440;
const FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif";
const CONFIG = {
  font: FONT,
  background: "#ffffff",
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, labelLimit: 180 },
  legend: { labelFontSize: 11, titleFontSize: 12, orient: "bottom", columns: 3 },
};
const COMPONENT_COLORS = {
  domain: ["cpu", "memory", "ephemeral", "hdd", "ssd", "nvme", "endpoints", "ips", "gpu"],
  range: ["#4c78a8", "#f58518", "#54a24b", "#b79a20", "#439894", "#83bcb6", "#e45756", "#ff9d98", "#79706e"],
};

export interface Chart {
  id: string;
  /** Short description for assistive technology (the figure's aria-label). */
  label: string;
  spec: ChartSpec;
}

const num = (s: string) => Number(s);

function componentsChart(d: ReportData): Chart {
  return {
    id: "components",
    label: "Bar chart: USD per unit and month for each priced component",
    spec: {
      width: WIDTH,
      config: CONFIG,
      data: { values: d.components.map((c) => ({ component: c.component, unit: c.unit, usd: num(c.price) })) },
      mark: { type: "bar", tooltip: false },
      encoding: {
        y: { field: "component", type: "nominal", sort: null, title: null },
        x: { field: "usd", type: "quantitative", title: "USD per unit-month" },
        color: { field: "component", type: "nominal", scale: COMPONENT_COLORS, legend: null },
      },
    },
  };
}

function gpuChart(d: ReportData): Chart {
  return {
    id: "gpu",
    label: "Bar chart: the GPU price ladder, USD per GPU-month for every mapping key and for unmapped models",
    spec: {
      width: WIDTH,
      config: CONFIG,
      data: { values: d.gpu.map((r) => ({ key: r.key, usd: num(r.price), kind: r.kind })) },
      mark: { type: "bar" },
      encoding: {
        y: { field: "key", type: "nominal", sort: null, title: null },
        x: { field: "usd", type: "quantitative", title: "USD per GPU-month" },
        color: {
          field: "kind",
          type: "nominal",
          title: null,
          scale: { domain: ["mapped", "wildcard *", "unmapped models"], range: ["#4c78a8", "#b279a2", "#e45756"] },
        },
      },
    },
  };
}

function monthlyChart(d: ReportData): Chart {
  const values = d.monthly.flatMap((o) =>
    o.parts.filter((p) => num(p.usd) > 0).map((p) => ({ order: o.order, component: p.component, usd: num(p.usd) })),
  );
  return {
    id: "monthly",
    label: "Stacked bar charts: monthly USD of each corpus order by component, each order on its own scale",
    spec: {
      config: CONFIG,
      data: { values },
      facet: {
        row: {
          field: "order",
          type: "nominal",
          sort: d.monthly.map((o) => o.order),
          title: null,
          header: { labelAngle: 0, labelAlign: "left", labelFontSize: 12, labelFontWeight: "bold" },
        },
      },
      spec: {
        width: WIDTH - 40,
        height: 22,
        mark: { type: "bar" },
        encoding: {
          x: { field: "usd", type: "quantitative", title: "USD per month", stack: "zero" },
          color: { field: "component", type: "nominal", title: "component", scale: COMPONENT_COLORS },
          order: { field: "component", sort: "ascending" },
        },
      },
      resolve: { scale: { x: "independent" }, axis: { x: "independent" } },
    },
  };
}

function aktChart(d: ReportData): Chart {
  const values = d.akt.points
    .filter((p) => p.bid !== null)
    .map((p) => ({ order: p.order, akt: num(p.aktUsd), bid: num(p.bid!) }));
  return {
    id: "akt",
    label: "Line chart: uakt bid per block of each corpus order against the AKT/USD price, logarithmic bid axis",
    spec: {
      width: WIDTH,
      height: 260,
      config: CONFIG,
      layer: [
        {
          data: { values },
          mark: { type: "line", point: true },
          encoding: {
            x: { field: "akt", type: "quantitative", title: "AKT/USD", scale: { zero: false } },
            y: { field: "bid", type: "quantitative", title: "bid, uakt per block (log)", scale: { type: "log" } },
            color: { field: "order", type: "nominal", title: "order" },
          },
        },
        {
          data: { values: [{ akt: num(d.akt.current) }] },
          mark: { type: "rule", strokeDash: [4, 3], color: "#555" },
          encoding: { x: { field: "akt", type: "quantitative" } },
        },
      ],
    },
  };
}

function tenantChart(d: ReportData): Chart {
  const values = [
    { who: "everyone else", factor: 1 },
    ...d.tenants.multipliers.map((m) => ({ who: m.owner, factor: num(m.factor) })),
  ];
  return {
    id: "tenants",
    label: "Bar chart: price multiplier per tenant, 1 for everyone without a rule",
    spec: {
      width: WIDTH,
      config: CONFIG,
      data: { values },
      mark: { type: "bar" },
      encoding: {
        y: { field: "who", type: "nominal", sort: null, title: null, axis: { labelLimit: 320 } },
        x: { field: "factor", type: "quantitative", title: "price multiplier" },
        color: { condition: { test: "datum.factor === 1", value: "#9d9d9d" }, value: "#4c78a8" },
      },
    },
  };
}

function planCharts(d: ReportData): Chart[] {
  if (!d.plan) return [];
  const denoms = [...new Set(d.plan.rows.map((r) => r.denom))];
  return denoms.map((denom, i) => {
    const values = d
      .plan!.rows.filter((r) => r.denom === denom)
      .flatMap((r) => [
        ...(r.old !== null ? [{ order: r.order, side: "deployed", bid: num(r.old) }] : []),
        ...(r.new !== null ? [{ order: r.order, side: "new", bid: num(r.new) }] : []),
      ]);
    return {
      id: `plan-${i + 1}`,
      label: `Grouped bar chart: deployed and new bid per block for each order in ${denom}, logarithmic axis`,
      spec: {
        width: WIDTH,
        config: CONFIG,
        data: { values },
        mark: { type: "bar" },
        encoding: {
          y: { field: "order", type: "nominal", sort: null, title: null },
          yOffset: { field: "side", sort: ["deployed", "new"] },
          x: {
            field: "bid",
            type: "quantitative",
            title: `bid per block (${denom.length > 12 ? `${denom.slice(0, 12)}…` : denom}, log)`,
            scale: { type: "log" },
          },
          color: {
            field: "side",
            type: "nominal",
            title: null,
            scale: { domain: ["deployed", "new"], range: ["#9d9d9d", "#4c78a8"] },
          },
        },
      },
    };
  });
}

/** Every chart of the report, in page order. */
export function reportCharts(d: ReportData): Chart[] {
  const charts = [componentsChart(d), gpuChart(d)];
  if (d.monthly.length > 0) charts.push(monthlyChart(d));
  if (d.akt.points.some((p) => p.bid !== null)) charts.push(aktChart(d));
  charts.push(tenantChart(d), ...planCharts(d));
  return charts;
}
