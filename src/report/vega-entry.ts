// vega and vega-lite, the report's chart renderer: bundled on their own (dist/vega.cjs), so commands
// that draw no chart never load or parse them.
export * as vega from "vega";
export * as vl from "vega-lite";
