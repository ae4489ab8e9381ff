import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { compile } from "../../../src/compile.js";
import { PATHS } from "../../../src/inputs.js";
import { loadOps } from "../../../src/ops/settings.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { generatePruner, PRUNER_JQ, PRUNER_KEEP_JQ } from "../../../src/ops/pruner/generate.js";
import { TEST_VERSION } from "../../../src/version.js";

function pruner(opsYaml: string): string {
  const diagnostics: Diagnostic[] = [];
  const config = loadOps({ path: "ops.yaml", text: opsYaml }, diagnostics);
  expect(diagnostics).toEqual([]);
  return generatePruner({
    config,
    header: { version: TEST_VERSION, inputs: ["ops.yaml"], regenerate: "akops gen all --ops ops.yaml" },
  });
}

/** What bash makes of the script's readonly constants (everything before the functions). */
function constants(script: string, names: string[]): Record<string, string> {
  const data = script.slice(0, script.indexOf("\ndie() {"));
  const out = execFileSync("bash", ["-c", `${data}\nfor n in ${names.join(" ")}; do printf '%s\\0' "\${!n}"; done`], {
    encoding: "utf8",
  });
  return Object.fromEntries(
    out
      .split("\0")
      .slice(0, -1)
      .map((v, i) => [names[i]!, v]),
  );
}

describe("generatePruner", () => {
  test("the settings become the script's constants", () => {
    const script = pruner(
      "install:\n  run_dir: /var/run/akops-test\npruner:\n  min_pending: 5m\n  max_deletions: 3\n  request_timeout: 1m\n",
    );
    expect(constants(script, ["MIN_PENDING_SECONDS", "MAX_DELETIONS", "REQUEST_TIMEOUT", "DEFAULT_LOCK_FILE"])).toEqual(
      {
        MIN_PENDING_SECONDS: "300",
        MAX_DELETIONS: "3",
        REQUEST_TIMEOUT: "60s",
        DEFAULT_LOCK_FILE: "/var/run/akops-test/akash-force-new-replicasets.lock",
      },
    );
  });

  test("the defaults are the issue's: 2 minutes, 10 deletions, 30 s timeout, lock under /run/akops", () => {
    expect(
      constants(pruner(""), ["MIN_PENDING_SECONDS", "MAX_DELETIONS", "REQUEST_TIMEOUT", "DEFAULT_LOCK_FILE"]),
    ).toEqual({
      MIN_PENDING_SECONDS: "120",
      MAX_DELETIONS: "10",
      REQUEST_TIMEOUT: "30s",
      DEFAULT_LOCK_FILE: "/run/akops/akash-force-new-replicasets.lock",
    });
  });

  test("the embedded jq program reaches jq byte for byte, with the settings as arguments", () => {
    // Everything but the last line (main "$@"), with jq replaced by a function that shows what it got.
    const script = pruner("pruner:\n  min_pending: 5m\n").replace(/main "\$@"\n$/, "");
    const show = `jq() { printf '%s\\n' "$*"; cat /dev/fd/3; }\nkeep_jq </dev/null; plan_jq 1714564800 </dev/null`;
    const out = execFileSync("bash", ["-c", `${script}\n${show}`], { encoding: "utf8" });
    expect(out).toBe(
      `-nc --stream -f /dev/fd/3\n${PRUNER_KEEP_JQ}` +
        `-nr --argjson now 1714564800 --argjson min_pending 300 --argjson max_deletions 10 --argjson lists 2 -f /dev/fd/3\n${PRUNER_JQ}`,
    );
  });

  test("the header carries the generated-code marker and the usage line", () => {
    const lines = pruner("").split("\n");
    expect(lines[0]).toBe("#!/usr/bin/env bash");
    expect(lines[1]).toMatch(/^# Code generated .* DO NOT EDIT\.$/);
    expect(lines[3]).toBe("# Usage: akash-force-new-replicasets.sh [--dry-run] [--no-lock] [-h|--help]");
    expect(lines).toContain("set -euo pipefail");
    expect(lines.at(-2)).toBe('main "$@"');
  });

  test("bash parses the script", () => {
    expect(() => execFileSync("bash", ["-n"], { input: pruner("pruner:\n  max_deletions: 1\n") })).not.toThrow();
  });

  test("akops gen pruner produces the script alone", () => {
    const r = compile({ ops: { path: "ops.yaml", text: "" } }, { version: TEST_VERSION, target: "pruner" });
    expect([...r.files.keys()]).toEqual([PATHS.pruner]);
    expect(r.files.get(PATHS.pruner)).toBe(pruner(""));
  });
});
