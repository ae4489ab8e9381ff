import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { compile } from "../../../src/compile.js";
import { PATHS } from "../../../src/inputs.js";
import { loadOps } from "../../../src/ops/settings.js";
import type { Diagnostic } from "../../../src/diagnostics/diagnostic.js";
import { generateReaper } from "../../../src/ops/reaper/generate.js";
import { TEST_VERSION } from "../../../src/version.js";

function load(opsYaml: string): { config: ReturnType<typeof loadOps>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  return { config: loadOps({ path: "ops.yaml", text: opsYaml }, diagnostics), diagnostics };
}

function reaper(opsYaml: string): string {
  const { config, diagnostics } = load(opsYaml);
  expect(diagnostics).toEqual([]);
  return generateReaper({
    config,
    header: { version: TEST_VERSION, inputs: ["ops.yaml"], regenerate: "akops gen reaper --ops ops.yaml" },
  });
}

/** The values bash assigns to the script's `readonly NAME=…` lines. */
function readonlyValues(script: string): Record<string, string> {
  const lines = script.split("\n").filter((l) => /^readonly [A-Z_]+=/.test(l));
  const names = lines.map((l) => /^readonly ([A-Z_]+)=/.exec(l)![1]!);
  const out = execFileSync(
    "bash",
    ["-c", `${lines.join("\n")}\nfor n in ${names.join(" ")}; do printf '%s=%s\\n' "$n" "\${!n}"; done`],
    {
      encoding: "utf8",
    },
  );
  return Object.fromEntries(
    out
      .trimEnd()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
}

describe("generateReaper", () => {
  test("the defaults are the seed's: 15/15/5 s waits, init threshold 50, lock under /run/akops", () => {
    expect(readonlyValues(reaper(""))).toMatchObject({
      WAIT_CHLD: "15",
      WAIT_TERM: "15",
      WAIT_KILL: "5",
      INIT_KILL_THRESHOLD: "50",
      DEFAULT_LOCK_FILE: "/run/akops/kill-zombie-parents.lock",
    });
  });

  test("the configured settings become the script's constants, durations in seconds", () => {
    const script = reaper(
      "install:\n  run_dir: /var/run/akops-test\nreaper:\n  wait_chld: 2m\n  wait_term: 0\n  wait_kill: 7s\n  init_kill_threshold: 3\n",
    );
    expect(readonlyValues(script)).toMatchObject({
      WAIT_CHLD: "120",
      WAIT_TERM: "0",
      WAIT_KILL: "7",
      INIT_KILL_THRESHOLD: "3",
      DEFAULT_LOCK_FILE: "/var/run/akops-test/kill-zombie-parents.lock",
      LOCK_MAX_AGE: String(120 + 0 + 7 + 600),
    });
    expect(script).toContain(
      "# Per parent: SIGCHLD, wait 120s, re-check; SIGTERM, wait 0s, re-check;\n# SIGKILL, wait 7s, re-check",
    );
    expect(script).toContain("(default: /var/run/akops-test/kill-zombie-parents.lock under AKOPS_ROOT)");
  });

  test("the scope settings become the script's constants and its header says what is in scope", () => {
    const defaults = reaper("");
    expect(readonlyValues(defaults)).toMatchObject({ SCOPE: "leases", UNKNOWN_POD: "skip" });
    expect(defaults).toContain("readonly -a NAMESPACES_ALLOW=()\n");
    expect(defaults).toContain("readonly -a NAMESPACES_DENY=()\n");
    expect(defaults).toContain('readonly POD_LOGS_DIR="$ROOT"/var/log/pods\n');
    expect(defaults).toContain("its pod is in scope (Akash lease namespaces)");
    expect(defaults).toContain('"unknown pod": left alone (reaper.unknown_pod: skip)');
    const custom = reaper(
      "reaper:\n  scope: all\n  namespaces_allow: [tenant-a]\n  namespaces_deny: [kube-system, rook-ceph, kube-system]\n  unknown_pod: act\n  pod_logs_dir: /srv/pods\n",
    );
    expect(readonlyValues(custom)).toMatchObject({ SCOPE: "all", UNKNOWN_POD: "act" });
    expect(custom).toContain("readonly -a NAMESPACES_ALLOW=(tenant-a)\n");
    expect(custom).toContain("readonly -a NAMESPACES_DENY=(kube-system rook-ceph)\n");
    expect(custom).toContain('readonly POD_LOGS_DIR="$ROOT"/srv/pods\n');
    expect(custom).toContain("its pod is in scope (every namespace, never kube-system, rook-ceph)");
    expect(custom).toContain('"unknown pod": acted on (reaper.unknown_pod: act)');
  });

  test("the header carries the generated-code marker, the usage line and set -euo pipefail", () => {
    const lines = reaper("").split("\n");
    expect(lines[0]).toBe("#!/usr/bin/env bash");
    expect(lines[1]).toMatch(/^# Code generated .* DO NOT EDIT\.$/);
    expect(lines[3]).toBe("# Usage: kill-zombie-parents.sh [--dry-run] [--every SECONDS] [-h|--help]");
    expect(lines.find((l) => !l.startsWith("#"))).toBe("set -euo pipefail");
  });

  test("every AKOPS_* variable the script reads is documented in its header", () => {
    const script = reaper("");
    const header = script.slice(0, script.indexOf("\nset -euo pipefail"));
    const body = script.slice(header.length);
    const used = [...new Set([...body.matchAll(/\bAKOPS_[A-Z_]+/g)].map((m) => m[0]))].sort();
    expect(used).toEqual(["AKOPS_KILL", "AKOPS_LOCK_FILE", "AKOPS_ROOT", "AKOPS_SLEEP", "AKOPS_TEXTFILE_DIR"]);
    for (const name of used) expect(header).toContain(`#   ${name} `);
  });

  test("the script ends with a newline and has no trailing whitespace or CR", () => {
    const script = reaper("");
    expect(script.endsWith("\n")).toBe(true);
    expect(script).not.toMatch(/[ \t]$/m);
    expect(script).not.toContain("\r");
  });

  test("non-default settings still give a shellcheck -S warning clean script", () => {
    const dir = mkdtempSync(join(tmpdir(), "akops-reaper-"));
    try {
      const file = join(dir, "kill-zombie-parents.sh");
      writeFileSync(
        file,
        reaper("install:\n  run_dir: /srv/run@x\nreaper:\n  wait_chld: 1\n  init_kill_threshold: 1000000\n"),
      );
      expect(execFileSync("shellcheck", ["-S", "warning", file], { encoding: "utf8" })).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("reaper settings", () => {
  const located = (yaml: string) =>
    load(yaml).diagnostics.map((d) => `${d.severity}[${d.code}] ${d.path}: ${d.message}`);

  test.each([
    [
      "reaper:\n  wait_kill: 601\n",
      "error[AK334] reaper.wait_kill: expected a duration in seconds between 0 and 600, got '601'",
    ],
    [
      "reaper:\n  wait_chld: soon\n",
      "error[AK333] reaper.wait_chld: expected a duration in seconds or like '90s', '2m', '6h', '1d', got 'soon'",
    ],
    [
      "reaper:\n  init_kill_threshold: 0\n",
      "error[AK334] reaper.init_kill_threshold: expected an integer between 1 and 1000000, got '0'",
    ],
    [
      "reaper:\n  init_kill_threshold: lots\n",
      "error[AK333] reaper.init_kill_threshold: expected an integer, got 'lots'",
    ],
    [
      "reaper:\n  schedule: '*/5 * * *'\n",
      "error[AK336] reaper.schedule: invalid cron schedule '*/5 * * *': expected 5 fields (minute hour day month weekday), got 4",
    ],
    [
      "install:\n  run_dir: /run/../tmp\n",
      "error[AK337] install.run_dir: expected an absolute path of letters, digits and _@%+=,./- (no spaces, ':', control characters or '..'), got '/run/../tmp'",
    ],
  ])("%j is reported at its path", (yaml, expected) => {
    expect(located(yaml)).toEqual([expected]);
  });

  test("an unknown reaper key is a warning that names the known ones", () => {
    expect(located("reaper:\n  wait_sigkill: 5\n")).toEqual([
      "warning[AK332] reaper.wait_sigkill: unknown key 'wait_sigkill'; did you mean one of: schedule, wait_chld, wait_term, wait_kill, init_kill_threshold, scope, namespaces_allow, namespaces_deny, unknown_pod, pod_logs_dir, priority_class",
    ]);
  });

  test.each([
    [
      "reaper:\n  namespaces_allow: [tenant-a, Kube_System]\n",
      "error[AK350] reaper.namespaces_allow: expected a list of namespace names (RFC 1123 labels), got 'Kube_System'",
    ],
    [
      "reaper:\n  namespaces_deny: kube-system\n",
      "error[AK350] reaper.namespaces_deny: expected a list of namespace names (RFC 1123 labels), got 'kube-system'",
    ],
    ["reaper:\n  scope: tenants\n", "error[AK335] reaper.scope: expected one of 'leases', 'all', got 'tenants'"],
    ["reaper:\n  unknown_pod: kill\n", "error[AK335] reaper.unknown_pod: expected one of 'skip', 'act', got 'kill'"],
    [
      "reaper:\n  priority_class: Not_A_Class\n",
      "error[AK333] reaper.priority_class: expected a PriorityClass name (RFC 1123 subdomain), got 'Not_A_Class'",
    ],
  ])("scope settings: %j is reported at its path", (yaml, expected) => {
    expect(located(yaml)).toEqual([expected]);
  });

  test("every error in the section is reported in one run", () => {
    expect(
      load("reaper:\n  wait_chld: -1\n  wait_term: x\n  init_kill_threshold: 1.5\n").diagnostics.map((d) => d.path),
    ).toEqual(["reaper.wait_chld", "reaper.wait_term", "reaper.init_kill_threshold"]);
  });
});

describe("compile target reaper", () => {
  test("writes bin/kill-zombie-parents.sh alone", () => {
    const result = compile(
      { ops: { path: "ops.yaml", text: "reaper:\n  wait_kill: 9\n" } },
      { version: TEST_VERSION, target: "reaper" },
    );
    expect(result.diagnostics).toEqual([]);
    expect([...result.files.keys()]).toEqual([PATHS.reaper]);
    expect(result.files.get(PATHS.reaper)).toContain("readonly WAIT_KILL=9\n");
  });

  test("writes nothing when the settings have an error", () => {
    const result = compile(
      { ops: { path: "ops.yaml", text: "reaper:\n  wait_kill: forever\n" } },
      { version: TEST_VERSION, target: "reaper" },
    );
    expect(result.files.size).toBe(0);
    expect(result.diagnostics.map((d) => d.code)).toEqual(["AK333"]);
  });
});
