import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { heredocBody, shq, shqPairs, shqQuoted } from "../../src/emit/shell-quote.js";
import { fragment, PARTIALS, render } from "../../src/emit/template.js";

describe("render: {{>include}} of the bash prelude", () => {
  test("an include is replaced by the fragment, its line end included, and slots still fill", () => {
    const out = render("{{a}}{{>prelude/die}}\nx={{b}}\n", { a: fragment("# head\n"), b: shq("1 2") }, "t");
    expect(out).toBe(`# head\n${PARTIALS["prelude/die"]}x='1 2'\n`);
  });

  test("an unknown include is an internal error", () => {
    expect(() => render("{{>prelude/nope}}\n", {}, "t")).toThrow("internal: t: unknown include {{>prelude/nope}}");
  });

  test("an include that does not end its line is an internal error", () => {
    expect(() => render("{{>prelude/die}} x\n", {}, "t")).toThrow("internal: t: an include must end its line");
  });

  test("unknown and unused slots are still errors, inside an included template too", () => {
    expect(() => render("{{>prelude/log}}\n{{x}}\n", {}, "t")).toThrow("unknown slot {{x}}");
    expect(() => render("{{>prelude/log}}\n", { x: fragment("") }, "t")).toThrow("unused slot(s) x");
  });

  test("the fragments are fixed bash text: no slots, no includes, each ends with a newline", () => {
    for (const [name, text] of Object.entries(PARTIALS)) {
      expect(text, name).not.toContain("{{");
      expect(text.endsWith("}\n") || text.endsWith("fi\n"), name).toBe(true);
    }
  });

  test("strict stops a bash older than 4.4 with exit 1 and a reason, and lets a newer one through", () => {
    // BASH_VERSINFO is read-only, so the guard runs on a copy named V for the older versions.
    const guard = PARTIALS["prelude/strict"]!.replace(/BASH_VERSINFO/g, "V");
    const check = (major: number, minor: number) => {
      try {
        return execFileSync("bash", ["-c", `V=(${major} ${minor}); ${guard}echo ok`, "akops-test"], {
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        });
      } catch (e) {
        const err = e as { status: number; stderr: string };
        return `exit ${err.status}: ${err.stderr}`;
      }
    };
    expect(check(4, 3)).toBe("exit 1: akops-test: bash 4.4 or newer is required\n");
    expect(check(3, 2)).toBe("exit 1: akops-test: bash 4.4 or newer is required\n");
    expect(check(4, 4)).toBe("ok\n");
    expect(check(5, 0)).toBe("ok\n");
    expect(execFileSync("bash", ["-c", `${PARTIALS["prelude/strict"]}echo ok`], { encoding: "utf8" })).toBe("ok\n");
  });
});

describe("prelude helpers, run in bash", () => {
  const bash = (body: string, args: string[] = []) => {
    try {
      const stdout = execFileSync("bash", ["-c", `set -euo pipefail\n${body}`, "tool.sh", ...args], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
      return { status: 0, stdout, stderr: "" };
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      return { status: err.status, stdout: err.stdout, stderr: err.stderr };
    }
  };

  test('log writes logfmt: safe values bare, others double-quoted with \\ " and newlines escaped', () => {
    const r = bash(
      `${PARTIALS["prelude/log"]}log action=x "file=/a b" "msg=say \\"hi\\"" "path=C:\\\\x" "two=1"$'\\n'"2" empty= k=a=b`,
    );
    expect(r.stdout).toBe('action=x file="/a b" msg="say \\"hi\\"" path="C:\\\\x" two="1\\n2" empty="" k="a=b"\n');
  });

  test("on_exit: handlers run at exit, last registered first, once each, errexit off, status unchanged", () => {
    const exit = PARTIALS["prelude/exit"]!;
    const handlers = 'a() { echo "a $1"; }\nb() { false; echo "b $1"; }\nc() { echo "c $1"; return 7; }\n';
    // A failing handler (b, c) neither stops the others nor changes the status; a repeat registration is dropped.
    expect(bash(`${exit}${handlers}on_exit a\non_exit b\non_exit c\non_exit a\nexit 3`)).toEqual({
      status: 3,
      stdout: "c 3\nb 3\na 3\n",
      stderr: "",
    });
    // A failure under errexit still runs them, with its status; a normal end runs them with 0.
    expect(bash(`${exit}${handlers}on_exit a\nfalse\necho never`)).toEqual({ status: 1, stdout: "a 1\n", stderr: "" });
    expect(bash(`${exit}${handlers}on_exit c\necho done`)).toEqual({ status: 0, stdout: "done\nc 0\n", stderr: "" });
    // Called mid-run (a pass that ends in exec): they run once, are forgotten, and errexit is on again.
    expect(bash(`${exit}${handlers}on_exit a\nrun_exit_handlers 0\nfalse\necho never`)).toEqual({
      status: 1,
      stdout: "a 0\n",
      stderr: "",
    });
  });

  test("usage_error: the message and a pointer to --help on stderr, exit 2", () => {
    expect(bash(`${PARTIALS["prelude/usage"]}usage_error "unknown argument: --x"`)).toEqual({
      status: 2,
      stdout: "",
      stderr: "tool.sh: unknown argument: --x (see --help)\n",
    });
  });

  test("take_lock creates the lock's directory, holds the lock, and fails while another process holds it", () => {
    const dir = mkdtempSync(join(tmpdir(), "akops-lock-"));
    try {
      const lock = join(dir, "run/x.lock");
      const prelude = `${PARTIALS["prelude/die"]}${PARTIALS["prelude/lock"]}LOCK_FILE=${shq(lock)}\n`;
      const inner = `bash -c ${shq(`${prelude}take_lock && echo second || echo busy`)}`;
      // `echo done` keeps the holder alive: bash would exec a last command in place of itself.
      const r = bash(`${prelude}take_lock && echo first\n${inner}\necho done`);
      expect(r).toEqual({ status: 0, stdout: "first\nbusy\ndone\n", stderr: "" });
      expect(bash(`${prelude}take_lock && echo again`).stdout).toBe("again\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("die: the message on stderr, exit 1", () => {
    expect(bash(`${PARTIALS["prelude/die"]}die "no such file"`)).toEqual({
      status: 1,
      stdout: "",
      stderr: "tool.sh: no such file\n",
    });
  });
});

describe("heredocBody, shqQuoted and shqPairs", () => {
  test("a here-document body keeps every character, ' and $ and \\ included, minus one final newline", () => {
    const text = 'def f: "it\'s $x \\(.a)"; # `x`\n';
    const body = heredocBody(text, "JQ");
    expect(body).toBe(text.slice(0, -1));
    expect(execFileSync("bash", ["-c", `cat <<'JQ'\n${body}\nJQ`], { encoding: "utf8" })).toBe(text);
  });

  test("a line equal to the delimiter is refused (it would end the document early)", () => {
    expect(() => heredocBody("a\nJQ\nb\n", "JQ")).toThrow("internal: a line of the here-document is its delimiter JQ");
    expect(heredocBody("a\n JQ\nJQ x\n", "JQ")).toBe("a\n JQ\nJQ x");
  });

  test("shqQuoted always quotes, and bash reads the key of an associative array back exactly", () => {
    expect(shqQuoted("uakt")).toBe("'uakt'");
    for (const key of ["ibc/12C6A0", "it's", "a b", "$(id)", "-x"]) {
      const out = execFileSync("bash", ["-c", `declare -A t=([${shqQuoted(key)}]=1); printf '%s' "\${!t[@]}"`], {
        encoding: "utf8",
      });
      expect(out).toBe(key);
    }
  });

  test("shqPairs: one quoted name=value word per entry, read back by bash as an array", () => {
    const entries = [
      ["ca", "ca.crt"],
      ["it's", "a b/$(id).crt"],
    ] as const;
    expect(shqPairs(entries)).toBe(`ca=ca.crt 'it'"'"'s=a b/$(id).crt'`);
    const out = execFileSync("bash", ["-c", `a=(${shqPairs(entries)}); printf '%s\n' "\${a[@]}"`], {
      encoding: "utf8",
    });
    expect(out).toBe("ca=ca.crt\nit's=a b/$(id).crt\n");
  });
});
