/**
 * Vega-Lite → inline SVG, in Node, without a browser or canvas. vega and vega-lite are loaded here
 * only (dynamic import, a separate chunk of the bundle), so commands that draw no chart start as fast
 * as before.
 */

/** A Vega-Lite spec (kept loose: the specs are written in charts.ts and checked by rendering them). */
export type ChartSpec = Record<string, unknown>;

/**
 * Vega numbers clip paths and gradients from a process-wide counter (`clip1`, `clip2`, …), so the same
 * chart rendered twice gets other ids. Renumber them per chart, with a chart prefix: the same bytes
 * every time, and no id shared by two charts of one page.
 */
export function renumberIds(svg: string, prefix: string): string {
  const ids = [...svg.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!);
  const map = new Map<string, string>();
  ids.forEach((id) => map.has(id) || map.set(id, `${prefix}-${map.size + 1}`));
  if (map.size === 0) return svg;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`(\\bid="|url\\(#|href="#)(${[...map.keys()].map(esc).join("|")})(?=[")])`, "g");
  return svg.replace(re, (_m, lead: string, id: string) => `${lead}${map.get(id)!}`);
}

/** Set by scripts/build.mjs: the bundled vega beside the CLI bundle. Undefined when running from source. */
declare const __AKOPS_VEGA_BUNDLE__: string | undefined;

function loadVega(): Promise<typeof import("./vega-entry.js")> {
  // In the CommonJS bundle, require() resolves beside dist/akops-cli.cjs.
  if (typeof __AKOPS_VEGA_BUNDLE__ === "string") return Promise.resolve(require(__AKOPS_VEGA_BUNDLE__));
  return import("./vega-entry.js");
}

/** Renders each spec to an SVG string, in order. */
export async function renderSvgs(specs: readonly ChartSpec[], idPrefix = "chart"): Promise<string[]> {
  const { vega, vl } = await loadVega();
  const out: string[] = [];
  for (const [i, spec] of specs.entries()) {
    const compiled = vl.compile(spec as never).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: "none" });
    try {
      const svg = await view.toSVG();
      out.push(renumberIds(svg, `${idPrefix}${i + 1}`));
    } finally {
      view.finalize();
    }
  }
  return out;
}
