import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { REPO, run, tempDir } from "../cli/package-io.js";

/** The report as a person sees it: Debian's Chromium, from file://, offline. */
describe("the pricing report in Chromium", () => {
  let browser: Browser;
  let url = "";
  const results = join(REPO, ".test-results");

  beforeAll(async () => {
    const dir = tempDir("akops-report-browser-");
    const r = await run(
      dir,
      "report",
      "--config",
      join(REPO, "examples/provider.yaml"),
      "--pricing",
      join(REPO, "examples/pricing.akp"),
      "--against",
      join(REPO, "generated/example"),
      "--akt-usd",
      "1.25",
      "-o",
      "report.html",
    );
    expect(r.code, r.err).toBe(0);
    url = pathToFileURL(join(dir, "report.html")).href;
    mkdirSync(results, { recursive: true });
    browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox"] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  test.each([
    ["desktop, JavaScript on", { width: 1200, height: 900 }, true],
    ["phone, JavaScript off", { width: 390, height: 844 }, false],
  ])(
    "%s: no console error, no request but the page, every chart has a size",
    async (_name, viewport, javaScriptEnabled) => {
      const context = await browser.newContext({ viewport, javaScriptEnabled });
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(e.message));
      page.on("request", (r) => requests.push(r.url()));
      await page.goto(url, { waitUntil: "load" });

      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);
      const charts = page.locator("figure.chart > svg");
      const count = await charts.count();
      expect(count).toBe(7); // components, gpu, orders, akt, tenants, deployed vs new ×2 denoms
      for (let i = 0; i < count; i++) {
        const box = await charts.nth(i).boundingBox();
        expect(box, `chart ${i}`).not.toBeNull();
        expect(box!.width).toBeGreaterThan(50);
        expect(box!.height).toBeGreaterThan(20);
        expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width); // fits the screen, also on a phone
      }
      // No sideways scrolling of the page itself (wide tables scroll inside their own box).
      const overflow = await page
        .evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        .catch(() => 0);
      if (javaScriptEnabled) expect(overflow).toBe(0);
      await page.screenshot({ path: join(results, `pricing-report-${viewport.width}.png`), fullPage: true });
      await context.close();
    },
  );
});
