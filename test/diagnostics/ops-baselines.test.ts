// Baselines for ops.yaml diagnostics (AK330–AK349): each ops/<case>.yaml is loaded and its rendered
// diagnostics must equal ops/<case>.errors.txt. Accept changes with `npx vitest run -u test/diagnostics`.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { run } from "../cli/package-io.js";
import { loadOps } from "../../src/ops/settings.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { messages } from "../../src/diagnostics/messages.js";
import { renderDiagnostics } from "../../src/diagnostics/render.js";

const dir = join(__dirname, "ops");
const cases = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.replace(/\.yaml$/, ""))
  .sort();

function render(name: string): string {
  const src = { path: `${name}.yaml`, text: readFileSync(join(dir, `${name}.yaml`), "utf8") };
  const diagnostics: Diagnostic[] = [];
  loadOps(src, diagnostics);
  return renderDiagnostics(diagnostics, [src]);
}

async function cli(cwd: string, ...argv: string[]) {
  const { code, err } = await run(cwd, ...argv);
  return { code, err };
}

describe("ops.yaml diagnostic baselines", () => {
  test.each(cases)("%s", async (name) => {
    await expect(render(name)).toMatchFileSnapshot(join(dir, `${name}.errors.txt`));
  });

  test("every ops-settings code (AK330–AK349, and the reaper's AK350–AK354) is shown by a baseline or the CLI tests below", () => {
    const shown = new Set(["AK338"]);
    for (const f of readdirSync(dir).filter((f) => f.endsWith(".errors.txt"))) {
      for (const m of readFileSync(join(dir, f), "utf8").matchAll(/(?:error|warning)\[(AK\d+)\]/g)) shown.add(m[1]!);
    }
    const codes = Object.keys(messages).filter((c) => Number(c.slice(2)) >= 330 && Number(c.slice(2)) <= 354);
    expect(codes.filter((c) => !shown.has(c))).toEqual([]);
  });

  test("AK338: an input that cannot be read is named, and the exit is 1", async () => {
    const r = await cli(
      mkdtempSync(join(tmpdir(), "akops-")),
      "gen",
      "reaper",
      "--ops",
      "missing.yaml",
      "-o",
      "out.sh",
    );
    expect(r).toEqual({ code: 1, err: "error[AK338]: cannot read missing.yaml: ENOENT\n" });
  });

  test("AK401: an output that cannot be written is named, and the exit is 1", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "akops-"));
    writeFileSync(join(cwd, "file"), "");
    const r = await cli(cwd, "gen", "reaper", "-o", "file/reaper.sh");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error\[AK401\]: cannot write file\/reaper\.sh: (ENOTDIR|EEXIST)/);
  });
});
