import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import bcPrelude from "../../../templates/bc/bid.bc.tmpl";
import orderCheckJq from "../../../templates/jq/order-check.jq.tmpl";
import orderJq from "../../../templates/jq/order.jq.tmpl";
import { bcFormula, emitBidScript, gpuPricesJson } from "../../../src/pricing/emit/bash.js";
import { TEST_VERSION } from "../../../src/version.js";
import { modelFrom } from "../script-runner.js";

const root = join(__dirname, "../../..");
const model = modelFrom(
  { path: "examples/provider.yaml", text: readFileSync(join(root, "examples/provider.yaml"), "utf8") },
  { path: "examples/pricing.akp", text: readFileSync(join(root, "examples/pricing.akp"), "utf8") },
);
const script = emitBidScript(model, { version: TEST_VERSION, inputs: ["test"], regenerate: "test" });

// jq and bc stand-ins that print their arguments and every program they are handed, fd by fd.
const bin = mkdtempSync(join(tmpdir(), "akops-bid-tools-"));
afterAll(() => rmSync(bin, { recursive: true, force: true }));
for (const tool of ["jq", "bc"]) {
  // (stdin with a plain `cat`: node may hand the child a socket, which /dev/stdin cannot reopen)
  const body = `#!/usr/bin/env bash\nprintf 'args: %s\\n' "$*"\nfor f in /dev/fd/3 /dev/fd/4; do [[ -e $f ]] && { printf -- '-- %s\\n' "$f"; cat "$f"; }; done\nprintf -- '-- stdin\\n'\ncat\n`;
  writeFileSync(join(bin, tool), body);
  chmodSync(join(bin, tool), 0o755);
}

/** Runs CALL after the script's definitions (everything but `main "$@"`), with the stand-ins first on PATH. */
function call(what: string, stdin = ""): string {
  const defs = script.replace(/main "\$@"\n$/, "");
  expect(defs).not.toBe(script);
  return execFileSync("bash", ["-c", `${defs}\n${what}`], {
    encoding: "utf8",
    input: stdin,
    env: { PATH: `${bin}:${process.env.PATH}` },
  });
}

// The unmapped-GPU price as the script's data block holds it (a plain decimal, so bash reads it as written).
const unmapped = /^readonly AK_GPU_UNMAPPED=([0-9.]+)$/m.exec(script)![1];

test("the order program reaches jq byte for byte from fd 3, the order on stdin, the GPU prices as arguments", () => {
  expect(call("out=$(ak_order_jq); printf '%s' \"$out\"", "{}\n")).toBe(
    `args: -n -r --argjson gpu ${gpuPricesJson(model)} --arg unmapped ${unmapped} -f /dev/fd/3\n-- /dev/fd/3\n${orderJq}-- stdin\n{}`,
  );
});

test("the order-check program reaches jq byte for byte", () => {
  expect(call("out=$(ak_order_check_jq <<<'[1]'); printf '%s' \"$out\"")).toBe(
    `args: -r -f /dev/fd/3\n-- /dev/fd/3\n${orderCheckJq}-- stdin\n[1]`,
  );
});

test("bc gets its functions, then the order's numbers, then the totals with the configured prices", () => {
  expect(call("out=$(ak_bc $'c=1\\nk=1\\na=1.25'); printf '%s' \"$out\"")).toBe(
    `args: /dev/fd/3 /dev/fd/4\n-- /dev/fd/3\n${bcPrelude}-- /dev/fd/4\nc=1\nk=1\na=1.25\n-- stdin\n${bcFormula(model).trimEnd()}`,
  );
});

test("the embedded programs are written as they are, with no quoting of ' inside them", () => {
  expect(orderJq).toContain("'");
  for (const program of [orderJq, orderCheckJq, bcPrelude, bcFormula(model)]) expect(script).toContain(program);
  expect(script).not.toContain(`'"'"'`);
});
