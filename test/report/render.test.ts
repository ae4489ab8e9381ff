import { describe, expect, test } from "vitest";
import { renderSvgs, renumberIds } from "../../src/report/render-svg.js";

describe("renumberIds", () => {
  test('ids and their url(#…) / href="#…" references get per-chart names in first-seen order', () => {
    const svg =
      '<svg><clipPath id="clip7"><rect/></clipPath><g clip-path="url(#clip7)"/><linearGradient id="gradient_3"/><use href="#gradient_3"/><g id="clip70"/></svg>';
    expect(renumberIds(svg, "c2")).toBe(
      '<svg><clipPath id="c2-1"><rect/></clipPath><g clip-path="url(#c2-1)"/><linearGradient id="c2-2"/><use href="#c2-2"/><g id="c2-3"/></svg>',
    );
  });

  test("an svg without ids is unchanged", () => {
    expect(renumberIds("<svg><rect/></svg>", "c1")).toBe("<svg><rect/></svg>");
  });
});

describe("renderSvgs (vega-lite → vega → SVG, in Node)", () => {
  const clipped = {
    data: {
      values: [
        { x: 1, y: 2 },
        { x: 2, y: 5 },
        { x: 3, y: 1 },
      ],
    },
    mark: { type: "line", clip: true, point: true },
    encoding: {
      x: { field: "x", type: "quantitative", scale: { domain: [1, 2] } },
      y: { field: "y", type: "quantitative" },
    },
  };

  test("the same specs render to the same bytes twice in one process (vega's id counter does not leak)", async () => {
    const a = await renderSvgs([clipped, clipped]);
    const b = await renderSvgs([clipped, clipped]);
    expect(a).toEqual(b);
    expect(a[0]).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(a[0]).toContain('id="chart1-1"');
    expect(a[1]).toContain('id="chart2-1"');
    expect(a[0]).toContain("url(#chart1-1)");
  });

  test("output refers to nothing outside itself", async () => {
    const [svg] = await renderSvgs([clipped]);
    const refs = [...svg!.matchAll(/(?:href|src)="([^"]*)"|url\(([^)]*)\)/g)].map((m) => m[1] ?? m[2]);
    expect(refs.every((r) => r!.startsWith("#"))).toBe(true);
  });
});
