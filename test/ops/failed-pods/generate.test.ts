import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { compile } from "../../../src/compile.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { PATHS } from "../../../src/inputs.js";
import { FAILED_PODS_JQ, generateFailedPods } from "../../../src/ops/failed-pods/generate.js";
import { loadOps } from "../../../src/ops/settings.js";
import { TEST_VERSION } from "../../../src/version.js";

function script(opsYaml: string): string {
  const diagnostics: Diagnostic[] = [];
  const config = loadOps({ path: "ops.yaml", text: opsYaml }, diagnostics);
  expect(diagnostics).toEqual([]);
  return generateFailedPods({
    config,
    header: { version: TEST_VERSION, inputs: ["ops.yaml"], regenerate: "akops gen all --ops ops.yaml" },
  });
}

/** What bash makes of the script's readonly constants (everything before the functions). */
function constants(text: string, names: string[]): Record<string, string> {
  const data = text.slice(0, text.indexOf("\ndie() {"));
  const out = execFileSync("bash", ["-c", `${data}\nfor n in ${names.join(" ")}; do printf '%s\\0' "\${!n}"; done`], {
    encoding: "utf8",
    env: { ...process.env, AKOPS_ROOT: "" },
  });
  return Object.fromEntries(
    out
      .split("\0")
      .slice(0, -1)
      .map((v, i) => [names[i]!, v]),
  );
}

const NAMES = ["MIN_AGE_SECONDS", "MAX_DELETIONS", "REQUEST_TIMEOUT", "DEFAULT_LOCK_FILE", "DEFAULT_TEXTFILE_DIR"];

describe("generateFailedPods", () => {
  test("the defaults: 1 hour, 200 pods per run, 30 s timeout, lock under /run/akops, node_exporter's textfile directory", () => {
    expect(constants(script(""), NAMES)).toEqual({
      MIN_AGE_SECONDS: "3600",
      MAX_DELETIONS: "200",
      REQUEST_TIMEOUT: "30s",
      DEFAULT_LOCK_FILE: "/run/akops/akash-delete-failed-pods.lock",
      DEFAULT_TEXTFILE_DIR: "/var/lib/node_exporter/textfile_collector",
    });
  });

  test("the settings become the script's constants; an empty textfile_dir turns metrics off", () => {
    const text = script(
      'install:\n  run_dir: /var/run/x\nfailed_pods:\n  min_age: 6h\n  max_deletions: 5\n  request_timeout: 1m\nmetrics:\n  textfile_dir: ""\n',
    );
    expect(constants(text, NAMES)).toEqual({
      MIN_AGE_SECONDS: "21600",
      MAX_DELETIONS: "5",
      REQUEST_TIMEOUT: "60s",
      DEFAULT_LOCK_FILE: "/var/run/x/akash-delete-failed-pods.lock",
      DEFAULT_TEXTFILE_DIR: "",
    });
  });

  test("the embedded jq program reaches jq byte for byte, with the settings as arguments", () => {
    const text = script("failed_pods:\n  min_age: 2h\n").replace(/main "\$@"\n$/, "");
    const show = `jq() { printf '%s\\n' "$*"; cat /dev/fd/3; }\nplan_jq 1714564800 </dev/null`;
    const out = execFileSync("bash", ["-c", `${text}\n${show}`], { encoding: "utf8" });
    expect(out).toBe(
      `-nr --argjson now 1714564800 --argjson min_age 7200 --argjson max_deletions 200 -f /dev/fd/3\n${FAILED_PODS_JQ}`,
    );
  });

  test("a bad setting is an error located by path", () => {
    const diagnostics: Diagnostic[] = [];
    loadOps(
      { path: "ops.yaml", text: "failed_pods:\n  max_deletions: 0\nmetrics:\n  textfile_dir: relative/dir\n" },
      diagnostics,
    );
    expect(diagnostics.map((d) => `${d.code} ${d.path}`)).toEqual([
      "AK334 failed_pods.max_deletions",
      "AK337 metrics.textfile_dir",
    ]);
  });

  test("`gen failed-pods` compiles just the script", () => {
    const result = compile({}, { version: TEST_VERSION, target: "failed-pods" });
    expect([...result.files.keys()]).toEqual([PATHS.failedPods]);
    expect(result.files.get(PATHS.failedPods)).toContain(
      "# Usage: akash-delete-failed-pods.sh [--dry-run] [--no-lock] [-h|--help]",
    );
  });
});
