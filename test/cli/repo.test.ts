// A provider repo that is safe to commit (issue 13): no secrets in the tree or in diagnostics, verify
// from anywhere, all-or-nothing writes, -o only over regular files, inputs named unambiguously.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { writeTree } from "../../src/io/write-tree.js";
import { REPO, run, tempDir } from "./package-io.js";

const EXAMPLE = (name: string) => readFileSync(join(REPO, "examples", name), "utf8");

/** Every entry below dir (links and special files included, never followed), with type, mode and bytes. */
function checksum(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string, pre: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const st = lstatSync(p);
      h.update(`${pre}${n} ${st.mode.toString(8)}\n`);
      if (st.isDirectory()) walk(p, `${pre}${n}/`);
      else if (st.isSymbolicLink()) h.update(readlinkSync(p));
      else if (st.isFile()) h.update(readFileSync(p));
    }
  };
  walk(dir, "");
  return h.digest("hex");
}

// --- secrets ---

const MARKERS = {
  key: "MARKERkeyQ7vX2pL9sWn4Rt",
  keysecret: "MARKERkeysecretH3jK8mZ1cV",
  apiToken: "MARKERapiTokenB6nD0fG5hJ",
  db_password: "MARKERdbpasswordT2yU7iO4",
  clientSecret: "MARKERclientSecretE9wQ3rA",
  sendgrid_apikey: "MARKERapikeyS1dF6gH8jK0",
  AUTH_TOKEN: "MARKERauthtokenL5zX7cV2b",
};

/** The shipped example with a marker in every secret key, nested ones included. */
function secretProvider(): string {
  return (
    EXAMPLE("provider.yaml")
      .replace(/^key: .*$/m, `key: "${MARKERS.key}"`)
      .replace(/^keysecret: .*$/m, `keysecret: "${MARKERS.keysecret}"`) +
    [
      "letsEncrypt:",
      "  enabled: true",
      "  dns:",
      "    cloudflare:",
      `      apiToken: ${MARKERS.apiToken}`,
      "database:",
      `  db_password: '${MARKERS.db_password}'`,
      `oauth: { clientId: akops, clientSecret: ${MARKERS.clientSecret} }`,
      "mail:",
      `  sendgrid_apikey: |`,
      `    ${MARKERS.sendgrid_apikey}`,
      `AUTH_TOKEN: ${MARKERS.AUTH_TOKEN}`,
    ].join("\n") +
    "\n"
  );
}

/** The marker and its base64 at the three byte alignments (the stable middle of each encoding). */
function needles(marker: string): string[] {
  const b64 = (k: number) => Buffer.concat([Buffer.alloc(k, 0x20), Buffer.from(marker)]).toString("base64");
  return [marker, b64(0).slice(0, -4), b64(1).slice(4, -4), b64(2).slice(4, -4)];
}

function leaks(text: string): string[] {
  return Object.values(MARKERS).flatMap((m) =>
    needles(m)
      .filter((n) => text.includes(n))
      .map((n) => `${m} as ${n}`),
  );
}

function treeText(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, pre: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (lstatSync(p).isDirectory()) walk(p, `${pre}${n}/`);
      else out.set(`${pre}${n}`, readFileSync(p, "latin1"));
    }
  };
  walk(dir, "");
  return out;
}

describe("no secret ever lands in the tree or a diagnostic", () => {
  test("the needles find a marker in base64 at every alignment (the check itself can fail)", () => {
    const m = MARKERS.apiToken;
    for (const k of [0, 1, 2]) {
      const encoded = Buffer.concat([Buffer.alloc(k, 0x41), Buffer.from(m), Buffer.from("tail")]).toString("base64");
      expect(leaks(encoded), `alignment ${k}`).not.toEqual([]);
    }
  });

  test("gen all with a marker in every secret key: no marker, plain or base64, anywhere under the tree, nor on stdout/stderr", async () => {
    const base = tempDir("akops-secrets-");
    mkdirSync(join(base, "A"));
    mkdirSync(join(base, "C"));
    writeFileSync(join(base, "A/provider.yaml"), secretProvider());
    copyFileSync(join(REPO, "examples/pricing.akp"), join(base, "A/pricing.akp"));
    copyFileSync(join(REPO, "examples/ops.yaml"), join(base, "A/ops.yaml"));
    const gen = await run(
      join(base, "C"),
      "gen",
      "all",
      "--config",
      "../A/provider.yaml",
      "--pricing",
      "../A/pricing.akp",
      "--ops",
      "../A/ops.yaml",
      "--out",
      "../B",
    );
    expect(gen.code).toBe(0);
    const tree = treeText(join(base, "B"));
    expect(tree.size).toBeGreaterThan(20);
    for (const [path, text] of tree) expect(leaks(text), path).toEqual([]);
    const check = await run(
      join(base, "C"),
      "check",
      "--config",
      "../A/provider.yaml",
      "--pricing",
      "../A/pricing.akp",
    );
    const verify = await run(join(base, "C"), "verify", "../B");
    expect(verify.code).toBe(0);
    for (const r of [gen, check, verify]) expect(leaks(r.out + r.err)).toEqual([]);
  });

  test("diagnostics that show provider.yaml's lines mask the values of secret keys", async () => {
    const cwd = tempDir("akops-secrets-");
    // A YAML error on the keysecret line, and a bad value two lines after the nested token.
    const broken = secretProvider().replace(
      `keysecret: "${MARKERS.keysecret}"`,
      `keysecret: "${MARKERS.keysecret}" x: y`,
    );
    writeFileSync(join(cwd, "broken.yaml"), broken);
    const gpu = secretProvider().replace(
      /^price_target_gpu_mappings: .*$/m,
      'price_target_gpu_mappings: "a100=120,,t4=80"',
    );
    writeFileSync(join(cwd, "gpu.yaml"), gpu);
    const results = [
      await run(cwd, "check", "--config", "broken.yaml"),
      await run(cwd, "gen", "all", "--config", "broken.yaml", "--out", "out"),
      await run(cwd, "check", "--config", "gpu.yaml"),
    ];
    expect(results[0]!.code).toBe(1);
    expect(results[0]!.err).toMatch(/broken\.yaml:4:\d+: error\[AK330\]/);
    expect(results[0]!.err).toContain("4 | keysecret: ****");
    expect(results[2]!.err).toContain("error[AK106]");
    for (const r of results) expect(leaks(r.out + r.err)).toEqual([]);
  });
});

// --- verify wherever the inputs are ---

/** Inputs in base/A, tree in base/B, cwd base/C. */
async function spread(): Promise<string> {
  const base = tempDir("akops-anywhere-");
  for (const d of ["A", "C"]) mkdirSync(join(base, d));
  copyFileSync(join(REPO, "examples/provider.yaml"), join(base, "A/provider.yaml"));
  writeFileSync(join(base, "A/ops.yaml"), `${EXAMPLE("ops.yaml")}# mine\n`);
  const r = await run(base, "gen", "all", "--config", "A/provider.yaml", "--ops", "A/ops.yaml", "--out", "B");
  expect(r.code).toBe(0);
  return base;
}

const lockOf = (tree: string) => JSON.parse(readFileSync(join(tree, "akops.lock.json"), "utf8"));
const writeLock = (tree: string, lock: unknown) =>
  writeFileSync(join(tree, "akops.lock.json"), `${JSON.stringify(lock, null, 2)}\n`);

describe("akops verify works wherever the inputs are", () => {
  test("the lock records the inputs relative to the tree, and the names the headers use", async () => {
    const base = await spread();
    expect(lockOf(join(base, "B")).inputs).toEqual([
      {
        role: "config",
        name: "A/provider.yaml",
        path: "../A/provider.yaml",
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
      { role: "ops", name: "A/ops.yaml", path: "../A/ops.yaml", sha256: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
  });

  test("gen all with inputs in A and the tree in B; verify B from a third directory: 0, then 1 naming a changed file", async () => {
    const base = await spread();
    let r = await run(join(base, "C"), "verify", "../B");
    expect(r.err).toBe("");
    expect(r.out).toMatch(/^ok: \d+ files in \.\.\/B match the generator\n$/);
    expect(r.code).toBe(0);
    const file = join(base, "B/bin/kill-zombie-parents.sh");
    const bytes = readFileSync(file);
    bytes[bytes.length - 2] = bytes[bytes.length - 2]! ^ 1;
    writeFileSync(file, bytes);
    r = await run(join(base, "C"), "verify", join(base, "B"));
    expect(r.code).toBe(1);
    expect(r.out).toContain("drifted: bin/kill-zombie-parents.sh (content)\n");
  });

  test("--config/--ops point verify at inputs that moved", async () => {
    const base = await spread();
    renameSync(join(base, "A"), join(base, "moved"));
    let r = await run(join(base, "C"), "verify", "../B");
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "error[AK391]: input 'A/provider.yaml' named in the lock is missing: nothing at ../A/provider.yaml (from the tree); name it with --config",
    );
    r = await run(
      join(base, "C"),
      "verify",
      "../B",
      "--config",
      "../moved/provider.yaml",
      "--ops",
      "../moved/ops.yaml",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });

  test("AK395: a lock path that is absolute or climbs above the tree's parent is not read unless named", async () => {
    const base = await spread();
    const tree = join(base, "B");
    const lock = lockOf(tree);
    lock.inputs[0].path = join(base, "A/provider.yaml");
    lock.inputs[1].path = "../../etc/../x/ops.yaml";
    writeLock(tree, lock);
    let r = await run(base, "verify", "B");
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      `error[AK395]: input 'A/provider.yaml' is at '${join(base, "A/provider.yaml")}' per the lock, outside the tree's parent directory: not read; name it with --config`,
    );
    expect(r.err).toContain("error[AK395]: input 'A/ops.yaml' is at '../../etc/../x/ops.yaml'");
    r = await run(base, "verify", "B", "--config", "A/provider.yaml", "--ops", "A/ops.yaml");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });

  test("AK396: an input reached through a symbolic link out of the tree's parent is not read", async () => {
    const base = await spread();
    const outside = tempDir("akops-outside-");
    writeFileSync(join(outside, "ops.yaml"), "reaper:\n  wait_kill: [oops\n");
    rmSync(join(base, "A/ops.yaml"));
    symlinkSync(join(outside, "ops.yaml"), join(base, "A/ops.yaml"));
    const r = await run(base, "verify", "B");
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "error[AK396]: input 'A/ops.yaml' at '../A/ops.yaml' is reached through a symbolic link that leads outside the tree's parent directory",
    );
    expect(r.err).not.toContain("oops");
  });

  test("AK397: an input flag for a role the lock does not have is refused", async () => {
    const base = await spread();
    writeFileSync(join(base, "pricing.akp"), EXAMPLE("pricing.akp"));
    const r = await run(base, "verify", "B", "--pricing", "pricing.akp");
    expect(r.code).toBe(1);
    expect(r.err).toContain("error[AK397]: --pricing pricing.akp was given, but the lock has no pricing input");
  });

  test("verify never shows lines of an input it was not asked to read", async () => {
    const base = await spread();
    // Within reach, but changed since the lock (its bytes are not what the lock's author saw).
    writeFileSync(join(base, "A/ops.yaml"), "reaper:\n  wait_kill: 'PRIVATE-LINE-CONTENT' [\n");
    let r = await run(base, "verify", "B");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/A\/ops\.yaml: error\[AK330\]|A\/ops\.yaml:\d+:\d+/);
    expect(r.err).not.toContain("PRIVATE-LINE-CONTENT");
    // Named on the command line, its lines are shown.
    r = await run(base, "verify", "B", "--ops", "A/ops.yaml");
    expect(r.err).toContain("PRIVATE-LINE-CONTENT");
  });

  test("a lock that is a symbolic link is not followed", async () => {
    const base = await spread();
    const tree = join(base, "B");
    renameSync(join(tree, "akops.lock.json"), join(base, "elsewhere.json"));
    symlinkSync(join(base, "elsewhere.json"), join(tree, "akops.lock.json"));
    const r = await run(base, "verify", "B");
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "error[AK390]: B is not a provider repo generated by akops: akops.lock.json is a symbolic link",
    );
  });

  test("dangling links and link loops in the tree are reported, never followed", async () => {
    const base = await spread();
    const tree = join(base, "B");
    symlinkSync("nowhere", join(tree, "k8s/dangling.yaml"));
    symlinkSync("loop-b", join(tree, "k8s/loop-a"));
    symlinkSync("loop-a", join(tree, "k8s/loop-b"));
    rmSync(join(tree, "bin/kill-zombie-parents.sh"));
    symlinkSync("/etc/passwd", join(tree, "bin/kill-zombie-parents.sh"));
    rmSync(join(tree, "cron.d"), { recursive: true });
    symlinkSync("cron.d", join(tree, "cron.d"));
    const r = await run(base, "verify", "B");
    expect(r.code).toBe(1);
    expect(r.out).toContain("extra: k8s/dangling.yaml\n");
    expect(r.out).toContain("extra: k8s/loop-a\n");
    expect(r.out).toContain("drifted: bin/kill-zombie-parents.sh (a symbolic link)\n");
    expect(r.out).toContain("drifted: cron.d/kill-zombie-parents (cron.d is a symbolic link loop)\n");
    expect(r.out).not.toContain("root:");
  });

  test("dangling links, loops and links out of ROOT under --installed are reported, never followed", async () => {
    const base = await spread();
    const root = join(base, "root");
    mkdirSync(root);
    execFileSync("bash", [join(base, "B/install.sh"), "--root", root], {
      env: { ...process.env, SYSTEMCTL: "true", AKOPS_SYSTEMCTL: "true" },
    });
    expect((await run(base, "verify", "B", "--installed", "root")).code).toBe(0);
    const bin = join(root, "usr/local/bin");
    symlinkSync("gone", join(bin, "dangling.sh"));
    symlinkSync("loop2", join(bin, "loop1"));
    symlinkSync("loop1", join(bin, "loop2"));
    rmSync(join(bin, "kill-zombie-parents.sh"));
    symlinkSync(join(base, "B/bin/kill-zombie-parents.sh"), join(bin, "kill-zombie-parents.sh"));
    rmSync(join(root, "etc/cron.d"), { recursive: true });
    const outside = tempDir("akops-outside-");
    symlinkSync(outside, join(root, "etc/cron.d"));
    writeFileSync(join(outside, "k8s-certs-check"), "# Code generated by akops\n");
    const r = await run(base, "verify", "B", "--installed", "root");
    expect(r.code).toBe(1);
    expect(r.out).toContain("drifted: /usr/local/bin/kill-zombie-parents.sh (a symbolic link)\n");
    expect(r.out).toContain(
      "drifted: /etc/cron.d/k8s-certs-check (etc/cron.d is a symbolic link out of the checked directory)\n",
    );
    expect(r.out).not.toContain("dangling");
  });
});

// --- all-or-nothing writes ---

async function generated(): Promise<{ cwd: string; tree: string }> {
  const cwd = tempDir("akops-write-");
  writeFileSync(join(cwd, "provider.yaml"), EXAMPLE("provider.yaml"));
  expect((await run(cwd, "gen", "all", "--config", "provider.yaml", "--out", "out")).code).toBe(0);
  return { cwd, tree: join(cwd, "out") };
}

/** A change that touches every file's header, so a second gen all rewrites the whole tree. */
const otherPrices = (cwd: string) =>
  writeFileSync(
    join(cwd, "provider.yaml"),
    EXAMPLE("provider.yaml").replace("price_target_cpu: 1.60", "price_target_cpu: 1.70"),
  );

describe("gen all is all-or-nothing", () => {
  test.each([
    [
      "a directory where a file goes",
      (t: string) => (rmSync(join(t, "install.sh")), mkdirSync(join(t, "install.sh"))),
      "out/install.sh: out/install.sh is a directory, not a regular file",
    ],
    [
      "a file where a directory goes",
      (t: string) => (rmSync(join(t, "k8s"), { recursive: true }), writeFileSync(join(t, "k8s"), "mine\n")),
      "out/k8s/akash-force-new-replicasets.yaml: out/k8s is a file, not a directory",
    ],
    [
      "a FIFO where a file goes",
      (t: string) => (rmSync(join(t, "helm/upgrade.sh")), execFileSync("mkfifo", [join(t, "helm/upgrade.sh")])),
      "out/helm/upgrade.sh: out/helm/upgrade.sh is a FIFO, not a regular file",
    ],
    [
      "a symbolic link where a file goes",
      (t: string) => (rmSync(join(t, "README.md")), symlinkSync("/etc/hostname", join(t, "README.md"))),
      "out/README.md: out/README.md is a symbolic link",
    ],
    [
      "a symbolic link where a directory goes",
      (t: string) => (rmSync(join(t, "systemd"), { recursive: true }), symlinkSync(tempDir(), join(t, "systemd"))),
      "out/systemd/akash-force-new-replicasets.service: out/systemd is a symbolic link, not a directory",
    ],
  ])("an obstacle (%s): exit 1 naming the real target, the old tree unchanged", async (_, place, named) => {
    const { cwd, tree } = await generated();
    place(tree);
    const before = checksum(tree);
    otherPrices(cwd);
    const r = await run(cwd, "gen", "all", "--config", "provider.yaml", "--out", "out");
    expect(r.code).toBe(1);
    expect(r.err).toContain(`error[AK403]: cannot write ${named}`);
    expect(r.err).not.toContain(".akops-");
    expect(r.out).toBe("");
    expect(checksum(tree)).toBe(before);
    expect(readdirSync(cwd).filter((n) => n.includes(".akops-"))).toEqual([]);
  });

  test("AK404: a failure in the middle of the swap puts every old file back", async () => {
    const { cwd, tree } = await generated();
    const before = checksum(tree);
    const old = new Map([["k8s/old.yaml", createHash("sha256").update("x").digest("hex")]]);
    writeFileSync(join(tree, "k8s/old.yaml"), "x");
    const files = new Map([
      ...readdirSync(join(tree, "bin")).map((n): [string, string] => [`bin/${n}`, "new\n"]),
      ["new/dir/file.txt", "n\n"],
      ["README.md", "r\n"],
    ]);
    let calls = 0;
    const r = writeTree(tree, files, {
      display: "out",
      previous: old,
      rename: (a, b) => {
        if (++calls === 6) throw Object.assign(new Error("injected"), { code: "EIO" });
        renameSync(a, b);
      },
    });
    expect(r.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([
      expect.stringMatching(/^AK404: cannot write out\/\S+: EIO; the tree was left as it was$/),
    ]);
    rmSync(join(tree, "k8s/old.yaml"));
    expect(checksum(tree)).toBe(before);
    expect(readdirSync(cwd).filter((n) => n.includes(".akops-"))).toEqual([]);
  });

  test("files an earlier gen all wrote and this one no longer makes are removed; changed ones and others are kept", async () => {
    const { cwd, tree } = await generated();
    const lock = lockOf(tree);
    const sha = (t: string) => createHash("sha256").update(t).digest("hex");
    writeFileSync(join(tree, "k8s/retired.yaml"), "retired\n");
    writeFileSync(join(tree, "k8s/edited.yaml"), "edited by hand\n");
    mkdirSync(join(tree, "old"));
    writeFileSync(join(tree, "old/gone.txt"), "gone\n");
    writeFileSync(join(tree, "k8s/mine.yaml"), "mine\n");
    writeFileSync(join(cwd, "outside.txt"), "outside\n");
    lock.files["k8s/retired.yaml"] = sha("retired\n");
    lock.files["k8s/edited.yaml"] = sha("as written\n");
    lock.files["old/gone.txt"] = sha("gone\n");
    lock.files["../outside.txt"] = sha("outside\n");
    writeLock(tree, lock);
    const r = await run(cwd, "gen", "all", "--config", "provider.yaml", "--out", "out");
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      "warning[AK405]: kept out/k8s/edited.yaml: an earlier gen all wrote it and this one does not, but it has changed since",
    );
    expect(r.err).toContain("akops: removed k8s/retired.yaml: no longer generated\n");
    expect(() => lstatSync(join(tree, "k8s/retired.yaml"))).toThrow();
    expect(() => lstatSync(join(tree, "old"))).toThrow(); // emptied by the removal
    expect(readFileSync(join(tree, "k8s/edited.yaml"), "utf8")).toBe("edited by hand\n");
    expect(readFileSync(join(tree, "k8s/mine.yaml"), "utf8")).toBe("mine\n");
    expect(readFileSync(join(cwd, "outside.txt"), "utf8")).toBe("outside\n");
    expect(lockOf(tree).files["k8s/retired.yaml"]).toBeUndefined();
  });
});

// --- -o only over regular files ---

describe("-o never replaces what is not a regular file", () => {
  test("AK402: a FIFO and a symbolic link are refused and stay what they were", async () => {
    const cwd = tempDir("akops-o-");
    execFileSync("mkfifo", [join(cwd, "fifo")]);
    writeFileSync(join(cwd, "target"), "mine\n");
    symlinkSync("target", join(cwd, "link"));
    let r = await run(cwd, "gen", "reaper", "-o", "fifo");
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      "error[AK402]: refusing to write fifo: it is a FIFO; akops replaces only regular files (use -o - for stdout)\n",
    );
    expect(lstatSync(join(cwd, "fifo")).isFIFO()).toBe(true);
    r = await run(cwd, "gen", "pruner", "-o", "link");
    expect(r.err).toContain("error[AK402]: refusing to write link: it is a symbolic link");
    expect(lstatSync(join(cwd, "link")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(cwd, "target"), "utf8")).toBe("mine\n");
  });

  test("-o /dev/null is refused and /dev/null stays a character device", async () => {
    const r = await run(tempDir(), "gen", "reaper", "-o", "/dev/null");
    expect(r.code).toBe(1);
    expect(r.err).toContain("error[AK402]: refusing to write /dev/null: it is a character device");
    expect(statSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  test("-o - writes the single file to stdout; cert-rotate (two files) refuses it with exit 2", async () => {
    const cwd = tempDir("akops-o-");
    const r = await run(cwd, "gen", "reaper", "-o", "-");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^#!\/usr\/bin\/env bash\n# Code generated by akops /);
    expect(readdirSync(cwd)).toEqual([]);
    const c = await run(cwd, "gen", "cert-rotate", "-o", "-");
    expect(c.code).toBe(2);
    expect(c.err).toContain("error[AK406]: -o - writes one file to stdout, but gen cert-rotate writes two files");
  });
});

// --- inputs named unambiguously ---

describe("inputs are named unambiguously", () => {
  test("two inputs with the same basename outside the cwd: an ops.yaml error is shown against ops.yaml's own lines", async () => {
    const base = tempDir("akops-names-");
    for (const d of ["x", "y", "cwd"]) mkdirSync(join(base, d));
    writeFileSync(join(base, "x/conf.yaml"), EXAMPLE("provider.yaml"));
    writeFileSync(join(base, "y/conf.yaml"), "# ops\nreaper:\n  wait_kill: 3 x: y\n");
    const r = await run(join(base, "cwd"), "check", "--config", "../x/conf.yaml", "--ops", "../y/conf.yaml");
    expect(r.code).toBe(1);
    // The error is located in ../y/conf.yaml and shows its own line, not line 3 of ../x/conf.yaml.
    expect(r.err).toMatch(/^\.\.\/y\/conf\.yaml:\d+:\d+: error\[AK330\]/m);
    expect(r.err).toMatch(/^3 \| {3}wait_kill: 3 x: y$/m);
    expect(r.err).not.toMatch(/^3 \| key:/m);
  });

  test("gen all --config X does not pick up ./pricing.akp or ./ops.yaml", async () => {
    const cwd = tempDir("akops-names-");
    writeFileSync(join(cwd, "mine.yaml"), EXAMPLE("provider.yaml"));
    writeFileSync(join(cwd, "pricing.akp"), "this is not pricing\n");
    writeFileSync(join(cwd, "ops.yaml"), "reaper: [\n");
    const r = await run(cwd, "gen", "all", "--config", "mine.yaml", "--out", "out");
    expect(r.err).not.toMatch(/error|using|pricing\.akp|ops\.yaml/);
    expect(r.code).toBe(0);
    expect(lockOf(join(cwd, "out")).inputs.map((i: { role: string }) => i.role)).toEqual(["config"]);
  });
});
