import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import yaml from "js-yaml";
import { expect, test } from "vitest";

const root = join(__dirname, "../..");

/** The house format (STYLE.md §3): two-space indent, case patterns indented. */
const FLAGS = ["-i", "2", "-ci"];

function files(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p, keep) : keep(p) ? [p] : [];
  });
}

const isBash = (p: string) => readFileSync(p, "utf8").startsWith("#!/usr/bin/env bash");
const rel = (p: string) => relative(root, p);

/** Every bash file of ours and every generated script; bats files parse in shfmt's bats dialect. */
const bash = [
  ...files(join(root, "generated"), (p) => p.endsWith(".sh")),
  ...files(join(root, "scripts"), (p) => p.endsWith(".sh")),
  ...files(join(root, "bench"), (p) => p.endsWith(".sh")),
  join(root, ".ci/run"),
  ...files(join(root, "bats"), (p) => p.endsWith(".bash") || (!/\.[a-z]+$/.test(p) && isBash(p))),
].map(rel);
const bats = files(join(root, "bats"), (p) => p.endsWith(".bats")).map(rel);

/** shfmt's diff of a file or of text on stdin ("" when it is formatted), whatever its exit status. */
function shfmtDiff(args: string[], input?: string): string {
  try {
    return execFileSync("shfmt", ["-d", ...FLAGS, ...args], { cwd: root, encoding: "utf8", input });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `${err.stdout ?? ""}${err.stderr ?? String(e)}`;
  }
}

test("there are generated scripts, scripts of ours and bats files to check", () => {
  expect(bash.filter((p) => p.startsWith("generated/")).length).toBeGreaterThan(0);
  expect(bash).toContain("scripts/install-deps.sh");
  expect(bash).toContain("bench/reference/reference-style.sh");
  expect(bash).toContain("bats/stubs/pruner/kubectl");
  expect(bats.length).toBeGreaterThan(0);
});

test("shfmt reports a badly formatted script (the gate can fail)", () => {
  expect(shfmtDiff([], "#!/usr/bin/env bash\nif true; then\n    echo  x\nfi\n")).toContain("+  echo x");
});

test.each(bash)("%s is shfmt -i 2 -ci clean", (file) => {
  expect(shfmtDiff([file])).toBe("");
});

test.each(bats)("%s is shfmt -ln bats -i 2 -ci clean", (file) => {
  expect(shfmtDiff(["-ln", "bats", file])).toBe("");
});

/** The bash inside the generated Kubernetes manifests: ConfigMap scripts and `bash -c` programs. */
function manifestScripts(): [string, string][] {
  const out: [string, string][] = [];
  for (const file of files(join(root, "generated"), (p) => /\/k8s\/[^/]+\.ya?ml$/.test(p))) {
    yaml.loadAll(readFileSync(file, "utf8"), (doc) => {
      const walk = (node: unknown, path: string): void => {
        if (typeof node === "string") {
          if (node.startsWith("#!/usr/bin/env bash")) out.push([`${rel(file)}: ${path}`, node]);
          return;
        }
        if (Array.isArray(node)) {
          const c = node.indexOf("-c");
          if (c > 0 && /(^|\/)bash$/.test(String(node[0])) && typeof node[c + 1] === "string") {
            out.push([`${rel(file)}: ${path}[${c + 1}]`, node[c + 1] as string]);
            return;
          }
          node.forEach((n, i) => walk(n, `${path}[${i}]`));
          return;
        }
        if (node && typeof node === "object") for (const [k, v] of Object.entries(node)) walk(v, `${path}.${k}`);
      };
      walk(doc, "");
    });
  }
  return out;
}

const embedded = manifestScripts();

test("the manifests embed the scripts (the reaper loops itself: no bash -c program)", () => {
  expect(embedded.some(([where]) => where.includes(".data."))).toBe(true);
});

test.each(embedded)("%s is shfmt -i 2 -ci clean", (_, text) => {
  expect(shfmtDiff([], text)).toBe("");
});
