// `npm run bench reaper`: scan time and child processes of kill-zombie-parents.sh on fixture process
// tables of 1k, 2k, 10k and 50k processes with no zombies (tmpfs, and 2k on disk too), beside the seed's
// kill_zombie_parents.sh on the same fixture; where a 2k run's time goes; and tables of 20k and 100k
// zombies under one container process.
//
// The seed's script is cut out of the seed document at run time (never committed), pointed at the
// fixture instead of /proc, and its `kill` and `sleep` are replaced by functions that only record, so it
// can never signal a real process. Ours runs for real (lock taken) with AKOPS_KILL set to a recorder.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchTable, median } from "./table.js";

const root = join(import.meta.dirname, "..");
const GOLDEN = join(root, "generated/example/bin/kill-zombie-parents.sh");
/** The seed document: in shared/ beside the clone (CI), else the workplace's. */
export const SEED_DOC =
  [join(root, "../shared/seed/000_6eb104a16290d7b6.txt"), "/work/shared/seed/000_6eb104a16290d7b6.txt"].find((p) =>
    existsSync(p),
  ) ?? "../shared/seed/000_6eb104a16290d7b6.txt";
/** Process tables without zombies: size and where the fixture lives. */
const SIZES: [number, Storage][] = [
  [1000, "tmpfs"],
  [2000, "tmpfs"],
  [2000, "disk"],
  [10_000, "tmpfs"],
  [50_000, "tmpfs"],
];
/** Zombies under one container process. */
const ZOMBIES = [20_000, 100_000];
/** The seed forks twice per process: 50k processes would take minutes, so it is timed up to here. */
const SEED_MAX = 10_000;
const HOST_NS = "pid:[4026531836]";

/** The seed's script: the heredoc after `cat > /usr/local/bin/kill_zombie_parents.sh <<'EOF'`, unindented. */
export function seedScript(doc: string): string | undefined {
  const lines = doc.split("\n");
  const start = lines.findIndex((l) => l.trim() === "cat > /usr/local/bin/kill_zombie_parents.sh <<'EOF'");
  if (start < 0) return undefined;
  const indent = /^\s*/.exec(lines[start]!)![0];
  const end = lines.findIndex((l, i) => i > start && l.trim() === "EOF");
  if (end < 0) return undefined;
  return `${lines
    .slice(start + 1, end)
    .map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l))
    .join("\n")}\n`;
}

/**
 * The seed pointed at `procRoot`, with every `kill` and `sleep` going to recorders. Fails (throws, an
 * internal error of the bench) if a kill or sleep command would be left in place.
 */
export function defangSeed(script: string, procRoot: string, killLog: string): string {
  if (!/^[A-Za-z0-9_./-]+$/.test(procRoot + killLog)) throw new Error(`bench: unsafe fixture path ${procRoot}`);
  const body = script
    .replace(/\/proc(?=[/ ])/g, procRoot)
    .replace(/^(\s*)kill (?=\$signal \$pid$)/m, "$1akops_fake_kill ")
    .replace(/^(\s*)sleep (?=\$wait_time$)/m, "$1akops_fake_sleep ");
  const left = body
    .split("\n")
    .filter((l) => /(^|[;&|(]\s*|^\s*)(kill|sleep)\s/.test(l) || l.split(procRoot).join("").includes("/proc"));
  if (left.length > 0) throw new Error(`bench: seed still has kill/sleep//proc: ${left.join(" | ")}`);
  const [shebang, ...rest] = body.split("\n");
  const fakes = [
    `akops_fake_kill() { printf '%s\\n' "$*" >>${killLog}; }`,
    "akops_fake_sleep() { :; }",
    'kill() { akops_fake_kill "$@"; }',
    "sleep() { :; }",
  ];
  return [shebang, ...fakes, ...rest].join("\n");
}

/** One /proc/<pid>/stat line, 52 fields as in proc(5): 20 is num_threads, 22 starttime. */
function statLine(pid: number, ppid: number, comm: string, start: number, state = "S"): string {
  return `${pid} (${comm}) ${state} ${ppid} ${pid} ${pid} 0 -1 4194560 1000 0 0 0 30 10 0 0 20 0 1 0 ${start} 10240000 2000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n`;
}

type Storage = "tmpfs" | "disk";

/** A lease pod (Akash lease namespace) and its cgroup line, for the containers of the zombie tables. */
const LEASE_UID = "11111111-2222-4333-8444-555555555555";
const LEASE_NS = "6ttlrvce0ldfrpgie6nnaqs79jr2ott3fh3gqi5drddtq";
const LEASE_CGROUP = `0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${LEASE_UID.replaceAll("-", "_")}.slice/cri-containerd-${"ab".repeat(32)}.scope\n`;

/**
 * A fixture host under `root` (AKOPS_ROOT): proc/<pid>/{stat,status,cgroup,ns/pid}, ns/pid links to one
 * file per namespace (so that `-ef` compares them as on /proc), and the kubelet's pod log directory.
 */
function host(root: string) {
  const proc = join(root, "proc");
  mkdirSync(join(root, "ns"), { recursive: true });
  mkdirSync(join(root, "var/log/pods", `${LEASE_NS}_web-0_${LEASE_UID}`), { recursive: true });
  const nsFiles = new Map<string, string>();
  const nsFile = (ns: string) => {
    let f = nsFiles.get(ns);
    if (f === undefined) {
      f = join(root, "ns", ns);
      writeFileSync(f, "");
      nsFiles.set(ns, f);
    }
    return f;
  };
  return {
    proc,
    add(
      pid: number,
      ppid: number,
      comm: string,
      ns: string,
      nspid: string,
      cgroup = "0::/system.slice/host.service\n",
    ) {
      const p = join(proc, String(pid));
      mkdirSync(join(p, "ns"), { recursive: true });
      writeFileSync(join(p, "stat"), statLine(pid, ppid, comm, pid * 7));
      writeFileSync(
        join(p, "status"),
        `Name:\t${comm}\nState:\tS (sleeping)\nTgid:\t${pid}\nPid:\t${pid}\nPPid:\t${ppid}\nNSpid:\t${nspid}\nThreads:\t1\n`,
      );
      writeFileSync(join(p, "cgroup"), cgroup);
      symlinkSync(nsFile(ns), join(p, "ns", "pid"));
    },
    /** A zombie: its stat is all a scan reads. */
    zombie(pid: number, ppid: number) {
      const p = join(proc, String(pid));
      mkdirSync(p, { recursive: true });
      writeFileSync(join(p, "stat"), statLine(pid, ppid, "defunct", pid * 7, "Z"));
    },
  };
}

/**
 * A process table of `n` processes and no zombie: PID 1, kernel threads, host daemons (some with spaces
 * and parentheses in comm), and containers of ten (a containerd shim, its init, eight workers in the
 * container's PID namespace).
 */
function writeTable(root: string, n: number): void {
  const h = host(root);
  h.add(1, 0, "systemd", HOST_NS, "1");
  let pid = 2;
  let made = 1;
  while (made < n) {
    const kind = pid % 100;
    if (kind < 10) {
      h.add(pid, 2, `kworker/${pid % 8}:1`, HOST_NS, String(pid));
      pid++, made++;
    } else if (kind < 20) {
      h.add(pid, 1, pid % 3 === 0 ? "(sd-pam)" : pid % 3 === 1 ? "Web Content" : "sshd", HOST_NS, String(pid));
      pid++, made++;
    } else {
      const shim = pid;
      const ns = `pid:[${4026532000 + shim}]`;
      h.add(shim, 1, "containerd-shim", HOST_NS, String(shim));
      made++;
      for (let i = 1; i < 10 && made < n; i++, made++)
        h.add(
          shim + i,
          i === 1 ? shim : shim + 1,
          i === 1 ? "pause" : "app worker",
          ns,
          `${shim + i}\t${i}`,
          LEASE_CGROUP,
        );
      pid += 10;
    }
  }
}

/** One lease container (shim 100, init 101, worker 102) whose worker holds `zombies` zombies. */
function writeZombieTable(root: string, zombies: number): void {
  const h = host(root);
  const ns = "pid:[4026532100]";
  h.add(1, 0, "systemd", HOST_NS, "1");
  h.add(100, 1, "containerd-shim", HOST_NS, "100");
  h.add(101, 100, "pause", ns, "101\t1", LEASE_CGROUP);
  h.add(102, 101, "app", ns, "102\t2", LEASE_CGROUP);
  for (let i = 0; i < zombies; i++) h.zombie(1000 + i, 102);
}

interface Timed {
  /** Wall time of the run. */
  ms: number;
  /** User + system CPU time of the run and everything it started. */
  cpuMs: number;
  stdout: string;
}

/** Runs `bash script args…` under bash's `time` keyword, which reports the run alone (not the wrapper). */
function timeRun(script: string, env: Record<string, string>, out: string, args: string[] = []): Timed {
  const r = spawnSync(
    "bash",
    [
      "-c",
      'TIMEFORMAT="%3R %3U %3S"; out="$1"; shift; { time bash "$@" >"$out"; } 2>&1',
      "bench",
      out,
      script,
      ...args,
    ],
    {
      env: { ...process.env, ...env },
      encoding: "utf8",
    },
  );
  const times = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stdout);
  if (r.status !== 0 || !times) throw new Error(`bench: ${script} failed (${r.status}): ${r.stdout}${r.stderr}`);
  const [real, user, sys] = times.slice(1).map(Number) as [number, number, number];
  return { ms: real * 1000, cpuMs: (user + sys) * 1000, stdout: readFileSync(out, "utf8") };
}

/** Processes created by one run (clone, clone3, fork, vfork), counted with strace -f. */
function childProcesses(script: string, env: Record<string, string>, out: string, args: string[] = []): number {
  execFileSync("strace", ["-f", "-qq", "-e", "trace=clone,clone3,fork,vfork", "-o", out, "bash", script, ...args], {
    env: { ...process.env, ...env },
    stdio: "ignore",
    maxBuffer: 1 << 26,
  });
  return readFileSync(out, "utf8")
    .split("\n")
    .filter((l) => /\b(clone3?|v?fork)\(/.test(l) && !/= -\d/.test(l)).length;
}

const round = (ms: number) => (ms < 100 ? Math.round(ms * 10) / 10 : Math.round(ms));

/** tmpfs when there is one: /proc lives in memory too, and a disk makes 50k directories slow to write. */
const tmpfs = () => (existsSync("/dev/shm") ? "/dev/shm" : tmpdir());
/** A directory on a disk-backed file system (not tmpfs), for the plain-disk row. */
function diskDir(): string {
  for (const d of [tmpdir(), "/var/tmp", root]) {
    const fs = spawnSync("stat", ["-f", "-c", "%T", d], { encoding: "utf8" }).stdout.trim();
    if (fs !== "" && fs !== "tmpfs" && fs !== "ramfs") return d;
  }
  return tmpdir();
}

export async function run(): Promise<BenchTable[]> {
  const work = mkdtempSync(join(tmpfs(), "akops-bench-reaper-"));
  const disk = mkdtempSync(join(diskDir(), "akops-bench-reaper-"));
  const rows: (string | number)[][] = [];
  const where: (string | number)[][] = [];
  const zombieRows: (string | number)[][] = [];
  const notes: string[] = [];
  let seedDoc: string | undefined;
  try {
    seedDoc = readFileSync(SEED_DOC, "utf8");
  } catch {
    notes.push(`The seed document (${SEED_DOC}) was not found: seed columns left empty.`);
  }
  const seed = seedDoc === undefined ? undefined : seedScript(seedDoc);
  try {
    const kills = join(work, "kills.log");
    writeFileSync(join(work, "record-kill"), `#!/bin/sh\nprintf '%s\\n' "$*" >>${kills}\nexit 1\n`, { mode: 0o755 });
    const out = join(work, "stdout");
    for (const [n, storage] of SIZES) {
      const hostRoot = join(storage === "disk" ? disk : work, `table-${n}`);
      writeTable(hostRoot, n);
      // Metrics off: the numbers are the scan's (writing the .prom adds one mv at exit).
      const env = {
        AKOPS_ROOT: hostRoot,
        AKOPS_LOCK_FILE: join(work, "run/kill-zombie-parents.lock"),
        AKOPS_KILL: join(work, "record-kill"),
        AKOPS_SLEEP: "true",
        AKOPS_TEXTFILE_DIR: "",
      };
      const seedPath = join(work, `seed-${n}-${storage}.sh`);
      const withSeed = seed !== undefined && n <= SEED_MAX;
      if (withSeed) writeFileSync(seedPath, defangSeed(seed, join(hostRoot, "proc"), kills));

      // Interleaved, so that load from elsewhere on the machine falls on both alike.
      const seedRuns = withSeed ? (n <= 2000 ? 3 : 1) : 0;
      const oursRuns = n >= 50_000 ? 3 : 7;
      const ours: Timed[] = [];
      const theirs: Timed[] = [];
      for (let i = 0; i < Math.max(seedRuns, oursRuns); i++) {
        if (i < oursRuns) ours.push(timeRun(GOLDEN, env, out));
        if (i < seedRuns) theirs.push(timeRun(seedPath, {}, out));
      }
      const scanLine = ours[0]!.stdout.trimEnd();
      if (scanLine !== `action=scan processes=${n} zombies=0 parents=0`)
        throw new Error(`bench: unexpected output at ${n}: ${scanLine}`);

      const oursKids = childProcesses(GOLDEN, env, join(work, "strace.out"));
      const seedKids = withSeed && n <= 2000 ? childProcesses(seedPath, {}, join(work, "strace.out")) : undefined;
      const [wall, cpu] = [median(ours.map((t) => t.ms)), median(ours.map((t) => t.cpuMs))];
      const seedWall = theirs.length > 0 ? median(theirs.map((t) => t.ms)) : undefined;
      const seedCpu = theirs.length > 0 ? median(theirs.map((t) => t.cpuMs)) : undefined;
      const dash = (v: number | undefined, f: (x: number) => string | number) => (v === undefined ? "—" : f(v));
      rows.push([
        n,
        storage,
        round(wall),
        round(cpu),
        Math.round((wall * 1000) / n),
        oursKids,
        dash(seedWall, round),
        dash(seedCpu, round),
        seedKids ?? "—",
        dash(seedWall, (s) => `${Math.round(s / wall)}×`),
        dash(seedCpu, (s) => `${Math.round(s / Math.max(cpu, 1))}×`),
      ]);

      if (n === 2000 && storage === "disk") {
        // Where a 2k run's time goes: bash itself, the script with no process to read, then the table.
        const empty = join(disk, "empty");
        mkdirSync(join(empty, "proc"), { recursive: true });
        const bare: Timed[] = [];
        const start: Timed[] = [];
        for (let i = 0; i < 7; i++) {
          bare.push(timeRun("/dev/null", {}, out));
          start.push(timeRun(GOLDEN, { ...env, AKOPS_ROOT: empty }, out));
        }
        const [bareWall, bareCpu] = [median(bare.map((t) => t.ms)), median(bare.map((t) => t.cpuMs))];
        const [startWall, startCpu] = [median(start.map((t) => t.ms)), median(start.map((t) => t.cpuMs))];
        where.push(["bash start-up (an empty script)", round(bareWall), round(bareCpu), "—"]);
        where.push([
          "+ reading and setting up kill-zombie-parents.sh (no process)",
          round(startWall - bareWall),
          round(startCpu - bareCpu),
          "—",
        ]);
        where.push([
          "+ the scan: one open and read per stat file, one match",
          round(wall - startWall),
          round(cpu - startCpu),
          Math.round(((cpu - startCpu) * 1000) / n),
        ]);
        where.push(["= the whole run", round(wall), round(cpu), "—"]);
      }
      rmSync(hostRoot, { recursive: true, force: true });
    }
    if (existsSync(kills)) throw new Error(`bench: something was signalled: ${readFileSync(kills, "utf8")}`);

    // Zombies under one parent: the scan and the decisions (--dry-run: the whole ladder, no wait), and a
    // full run whose parent never reaps (the recorder signals nothing: CHLD, TERM and KILL, a re-check
    // after each, the worst case).
    const record = join(work, "record-ok");
    writeFileSync(record, `#!/bin/sh\nprintf '%s\\n' "$*" >>${join(work, "zombie-kills.log")}\n`, { mode: 0o755 });
    for (const z of ZOMBIES) {
      const hostRoot = join(work, `zombies-${z}`);
      writeZombieTable(hostRoot, z);
      const env = {
        AKOPS_ROOT: hostRoot,
        AKOPS_LOCK_FILE: join(work, "run/kill-zombie-parents.lock"),
        AKOPS_KILL: record,
        AKOPS_SLEEP: "true",
      };
      const runs = z >= 100_000 ? 1 : 3;
      const dry: Timed[] = [];
      const full: Timed[] = [];
      for (let i = 0; i < runs; i++) {
        dry.push(timeRun(GOLDEN, env, out, ["--dry-run"]));
        full.push(timeRun(GOLDEN, env, out));
      }
      const expect = [
        `action=scan processes=${z + 4} zombies=${z} parents=1`,
        ...["CHLD", "TERM", "KILL"].map((sig) => `action=signal pid=102 signal=${sig} zombies=${z} shim=100 `),
        `action=failed pid=102 zombies=${z} shim=100 `,
      ];
      const got = full[0]!.stdout.split("\n");
      if (!expect.every((e, i) => got[i]?.startsWith(e)))
        throw new Error(`bench: unexpected decisions at ${z} zombies: ${got.slice(0, 5).join(" | ")}`);
      const kids = childProcesses(GOLDEN, { ...env, AKOPS_KILL: "kill", AKOPS_SLEEP: ":" }, join(work, "strace.out"), [
        "--dry-run",
      ]);
      const [dryWall, dryCpu] = [median(dry.map((t) => t.ms)), median(dry.map((t) => t.cpuMs))];
      const [fullWall, fullCpu] = [median(full.map((t) => t.ms)), median(full.map((t) => t.cpuMs))];
      zombieRows.push([
        z,
        round(dryWall),
        round(dryCpu),
        Math.round((dryCpu * 1000) / z),
        kids,
        round(fullWall),
        round(fullCpu),
      ]);
      rmSync(hostRoot, { recursive: true, force: true });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(disk, { recursive: true, force: true });
  }
  return [
    {
      title: "reaper: kill-zombie-parents.sh vs the seed's script, fixture process tables without zombies",
      columns: [
        "processes",
        "fixture on",
        "akops ms",
        "akops CPU ms",
        "akops µs/process",
        "akops child processes",
        "seed ms",
        "seed CPU ms",
        "seed child processes",
        "speedup",
        "CPU speedup",
      ],
      rows,
      notes: [
        "ms: wall time of one whole run (bash start-up, scan, decision), median of 7 runs (3 at 50k) for akops and of 3 (1 at 10k) for the seed, interleaved in one bench run; speedup is seed ms / akops ms.",
        "CPU ms: user + system time of the run and its children (bash's `time`). Wall times swing with the load on the machine; CPU times swing less.",
        "Fixture: PID 1, kernel threads, host daemons (comm with spaces and parentheses), containers of ten (shim, init, workers in their own PID namespace); stat lines with all 52 fields; on tmpfs, and the 2k table also on a disk-backed file system.",
        `Seed: not run above ${SEED_MAX} processes (a child process per process scanned); its child processes counted up to 2,000.`,
        "Child processes: clone/clone3/fork/vfork seen by strace -f. akops starts none, whatever the size of the table.",
        ...notes,
      ],
    },
    {
      title: "reaper: where a run's time goes (2,000 processes, fixture on disk)",
      columns: ["part", "ms", "CPU ms", "CPU µs/process"],
      rows: where,
      notes: [
        "Medians of 7 runs each: `bash /dev/null`, the script on a table with no process, the script on the 2,000-process table; each part is the difference to the line above.",
        "The scan's cost per process is bash's: the glob entry, opening, reading (mapfile -d '') and closing the stat file onto fd 3, and one `case` match; the kernel's part (open/read/close) is about half.",
      ],
    },
    {
      title: "reaper: zombies under one container process (tmpfs)",
      columns: [
        "zombies",
        "scan + decisions ms",
        "CPU ms",
        "CPU µs/zombie",
        "child processes",
        "full run ms",
        "full run CPU ms",
      ],
      rows: zombieRows,
      notes: [
        "scan + decisions: `--dry-run`, which reads every stat once and walks the whole ladder (CHLD, TERM, KILL) without sending or waiting. Median of 3 runs (1 at 100k).",
        "full run: the recorder signals nothing, so the parent never reaps: CHLD, TERM, KILL and a re-check after each (each zombie's stat read again, 3 times); waits skipped (AKOPS_SLEEP=true). A parent that reaps or exits costs no re-read of its zombies (an exited parent is seen from its own stat).",
        "child processes: strace -f of the dry run with the builtin kill and `:` for the waits.",
      ],
    },
  ];
}
