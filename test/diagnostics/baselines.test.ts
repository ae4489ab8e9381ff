// Diagnostic baselines (TypeScript's .errors.txt): each <case>.akp and/or <case>.yaml here is
// compiled, and the rendered diagnostics (with carets, and the overrides `akops check` adds) must
// equal <case>.errors.txt. Accept changes with `npx vitest run -u test/diagnostics` and review the diff.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { Diagnostic, SourceFile } from "../../src/diagnostics/diagnostic.js";
import { messages } from "../../src/diagnostics/messages.js";
import { renderDiagnostics } from "../../src/diagnostics/render.js";
import { resolvePricing } from "../../src/pricing/resolve.js";

const dir = __dirname;
const cases = [
  ...new Set(
    readdirSync(dir)
      .filter((f) => /\.(akp|yaml)$/.test(f))
      .map((f) => f.replace(/\.(akp|yaml)$/, "")),
  ),
].sort();

function render(name: string): string {
  const read = (ext: string): SourceFile | undefined => {
    const path = `${name}.${ext}`;
    return existsSync(join(dir, path)) ? { path, text: readFileSync(join(dir, path), "utf8") } : undefined;
  };
  const provider = read("yaml");
  const pricing = read("akp");
  const diagnostics: Diagnostic[] = [];
  const result = resolvePricing({ provider, pricing }, diagnostics);
  const sources = [provider, pricing].filter((s): s is SourceFile => s !== undefined);
  return renderDiagnostics([...diagnostics, ...(result?.overrides ?? [])], sources);
}

describe("diagnostic baselines", () => {
  test.each(cases)("%s", async (name) => {
    await expect(render(name)).toMatchFileSnapshot(join(dir, `${name}.errors.txt`));
  });

  test("the acceptance case reports all three errors with line:col", () => {
    const lines = render("acceptance-three-errors")
      .split("\n")
      .filter((l) => l.includes("error["));
    expect(lines.map((l) => l.split(": ")[0])).toEqual([
      "acceptance-three-errors.akp:2:10",
      "acceptance-three-errors.akp:4:51",
      "acceptance-three-errors.akp:9:1",
    ]);
  });

  test("every front-end code (AK100–AK329) has a baseline that shows it", () => {
    const shown = new Set<string>();
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".errors.txt"))) {
      for (const m of readFileSync(join(dir, f), "utf8").matchAll(/(?:error|warning)\[(AK\d+)\]/g)) shown.add(m[1]!);
    }
    const mine = Object.keys(messages).filter((c) => Number(c.slice(2)) >= 100 && Number(c.slice(2)) <= 329);
    expect(mine.filter((c) => !shown.has(c))).toEqual([]);
  });
});
