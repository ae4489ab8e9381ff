import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { escapeHtml } from "../../src/report/html.js";
import { scaleDecimal } from "../../src/report/data.js";
import { REPO, run, tempDir } from "../cli/package-io.js";

const example = ["--config", join(REPO, "examples/provider.yaml"), "--pricing", join(REPO, "examples/pricing.akp")];

describe("akops report", () => {
  test("writes one self-contained page: every section, no script, no external reference", async () => {
    const dir = tempDir("akops-report-");
    const r = await run(dir, "report", ...example, "--akt-usd", "1.25", "-o", "report.html");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    for (const id of ["components", "gpu", "orders", "akt", "tenants"]) expect(html).toContain(`<section id="${id}">`);
    expect(html).not.toContain('<section id="plan">');
    expect(html).not.toMatch(/<script|<link|<img|@import|@font-face/i);
    expect(html.match(/<svg /g)?.length).toBe(5);
    // Every table cell of the GPU ladder, including the unmapped rule made visible.
    expect(html).toContain('<td>(unmapped model)</td><td class="num">130</td><td>unmapped models</td>');
    expect(html).toContain("unmapped=wildcard: a model with no key of its own pays the * price (130)");
    expect(html).toContain("AKT/USD 1.25 (as given)");
    // The uakt table has the current price's column with the script's own bid for web-app (see plan tests: 2.363291 at 1.25).
    expect(html).toMatch(/<tr><td>web-app<\/td>(<td class="num">[^<]*<\/td>){2}<td class="num">2\.363291<\/td>/);
  });

  test("--against adds deployed vs new bids", async () => {
    const dir = tempDir("akops-report-");
    const r = await run(
      dir,
      "report",
      ...example,
      "--against",
      join(REPO, "generated/example"),
      "--akt-usd",
      "1.25",
      "-o",
      "report.html",
    );
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain('<section id="plan">');
    expect(html).toMatch(
      /<tr><td>web-app<\/td><td>uakt<\/td><td class="num">2\.363291<\/td><td class="num">2\.363291<\/td><td class="num">0\.00%<\/td><\/tr>/,
    );
  });

  test("order names from file names are escaped", async () => {
    const dir = tempDir("akops-report-");
    const order = readFileSync(join(REPO, "examples/orders/web-app.uact.json"), "utf8");
    writeFileSync(join(dir, "<b>x&y.uact.json"), order);
    const r = await run(dir, "report", ...example, "--orders", ".", "-o", "report.html");
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toContain("<td>&lt;b&gt;x&amp;y</td>");
    expect(html).not.toContain("<b>x");
  });

  test("bad input is exit 1 and writes nothing", async () => {
    const dir = tempDir("akops-report-");
    writeFileSync(join(dir, "provider.yaml"), "price_target_cpu: '1,6'\n");
    const r = await run(dir, "report", "--config", "provider.yaml", "-o", "report.html");
    expect(r.code).toBe(1);
    expect(r.err).toContain("error[AK301]");
    expect(() => readFileSync(join(dir, "report.html"))).toThrow();
  });
});

describe("helpers", () => {
  test.each([
    ["1.25", 0.5, "0.625000"],
    ["1.25", 2, "2.500000"],
    ["0.4", 1.1, "0.440000"],
    ["3", 0.7, "2.100000"],
  ])("scaleDecimal(%s, %s) = %s", (x, f, out) => {
    expect(scaleDecimal(x, f)).toBe(out);
  });

  test("escapeHtml", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });
});
