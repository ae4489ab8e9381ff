// `npm run bench reaper`: scan time and child processes of kill-zombie-parents.sh on fixture process
// tables of 1k, 2k, 10k and 50k processes with no zombies, beside the seed's kill_zombie_parents.sh on
// the same fixture.
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
export const SEED_DOC = [join(root, "../shared/seed/000_6eb104a16290d7b6.txt"), "/work/shared/seed/000_6eb104a16290d7b6.txt"].find((p) => existsSync(p)) ?? "../shared/seed/000_6eb104a16290d7b6.txt";
const SIZES = [1000, 2000, 10_000, 50_000];
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
  return lines.slice(start + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l)).join("\n") + "\n";
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
  const left = body.split("\n").filter((l) => /(^|[;&|(]\s*|^\s*)(kill|sleep)\s/.test(l) || l.includes("/proc"));
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
function statLine(pid: number, ppid: number, comm: string, start: number): string {
  return `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 1000 0 0 0 30 10 0 0 20 0 1 0 ${start} 10240000 2000 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0 0 0 0 0 0 0 0 0\n`;
}

/**
 * A process table of `n` processes and no zombie: PID 1, kernel threads, host daemons (some with spaces
 * and parentheses in comm), and containers of ten (a containerd shim, its init, eight workers in the
 * container's PID namespace).
 */
function writeTable(dir: string, n: number): void {
  const add = (pid: number, ppid: number, comm: string, ns: string, nspid: string) => {
    const p = join(dir, String(pid));
    mkdirSync(join(p, "ns"), { recursive: true });
    writeFileSync(join(p, "stat"), statLine(pid, ppid, comm, pid * 7));
    writeFileSync(join(p, "status"), `Name:\t${comm}\nState:\tS (sleeping)\nTgid:\t${pid}\nPid:\t${pid}\nPPid:\t${ppid}\nNSpid:\t${nspid}\nThreads:\t1\n`);
    symlinkSync(ns, join(p, "ns", "pid"));
  };
  add(1, 0, "systemd", HOST_NS, "1");
  let pid = 2;
  let made = 1;
  while (made < n) {
    const kind = pid % 100;
    if (kind < 10) {
      add(pid, 2, `kworker/${pid % 8}:1`, HOST_NS, String(pid));
      pid++, made++;
    } else if (kind < 20) {
      add(pid, 1, pid % 3 === 0 ? "(sd-pam)" : pid % 3 === 1 ? "Web Content" : "sshd", HOST_NS, String(pid));
      pid++, made++;
    } else {
      const shim = pid;
      const ns = `pid:[${4026532000 + shim}]`;
      add(shim, 1, "containerd-shim", HOST_NS, String(shim));
      made++;
      for (let i = 1; i < 10 && made < n; i++, made++) add(shim + i, i === 1 ? shim : shim + 1, i === 1 ? "pause" : "app worker", ns, `${shim + i}\t${i}`);
      pid += 10;
    }
  }
}

interface Timed {
  /** Wall time of the run. */
  ms: number;
  /** User + system CPU time of the run and everything it started. */
  cpuMs: number;
  stdout: string;
}

/** Runs `bash script` under bash's `time` keyword, which reports the run alone (not the wrapper). */
function timeRun(script: string, env: Record<string, string>, out: string): Timed {
  const r = spawnSync("bash", ["-c", 'TIMEFORMAT="%3R %3U %3S"; { time bash "$1" >"$2"; } 2>&1', "bench", script, out], {
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  const times = /(\d+\.\d+) (\d+\.\d+) (\d+\.\d+)\s*$/.exec(r.stdout);
  if (r.status !== 0 || !times) throw new Error(`bench: ${script} failed (${r.status}): ${r.stdout}${r.stderr}`);
  const [real, user, sys] = times.slice(1).map(Number) as [number, number, number];
  return { ms: real * 1000, cpuMs: (user + sys) * 1000, stdout: readFileSync(out, "utf8") };
}

/** Processes created by one run (clone, clone3, fork, vfork), counted with strace -f. */
function childProcesses(script: string, env: Record<string, string>, out: string): number {
  execFileSync("strace", ["-f", "-qq", "-e", "trace=clone,clone3,fork,vfork", "-o", out, "bash", script], {
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
const scratch = () => (existsSync("/dev/shm") ? "/dev/shm" : tmpdir());

export async function run(): Promise<BenchTable[]> {
  const work = mkdtempSync(join(scratch(), "akops-bench-reaper-"));
  const rows: (string | number)[][] = [];
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
    for (const n of SIZES) {
      const proc = join(work, `table-${n}`);
      writeTable(proc, n);
      // Metrics off: the numbers are the scan's (writing the .prom adds one mv at exit).
      const env = { AKOPS_PROC_ROOT: proc, AKOPS_LOCK_FILE: join(work, "run/kill-zombie-parents.lock"), AKOPS_KILL: join(work, "record-kill"), AKOPS_SLEEP: "true", AKOPS_TEXTFILE_DIR: "" };
      const seedPath = join(work, `seed-${n}.sh`);
      const withSeed = seed !== undefined && n <= SEED_MAX;
      if (withSeed) writeFileSync(seedPath, defangSeed(seed, proc, kills));

      // Interleaved, so that load from elsewhere on the machine falls on both alike.
      const seedRuns = withSeed ? (n <= 2000 ? 3 : 1) : 0;
      const oursRuns = n >= 50_000 ? 3 : 7;
      const ours: Timed[] = [];
      const theirs: Timed[] = [];
      const out = join(work, "stdout");
      for (let i = 0; i < Math.max(seedRuns, oursRuns); i++) {
        if (i < oursRuns) ours.push(timeRun(GOLDEN, env, out));
        if (i < seedRuns) theirs.push(timeRun(seedPath, {}, out));
      }
      const scanLine = ours[0]!.stdout.trimEnd();
      if (scanLine !== `action=scan processes=${n} zombies=0 parents=0`) throw new Error(`bench: unexpected output at ${n}: ${scanLine}`);

      const oursKids = childProcesses(GOLDEN, env, join(work, "strace.out"));
      const seedKids = withSeed && n <= 2000 ? childProcesses(seedPath, {}, join(work, "strace.out")) : undefined;
      const [wall, cpu] = [median(ours.map((t) => t.ms)), median(ours.map((t) => t.cpuMs))];
      const seedWall = theirs.length > 0 ? median(theirs.map((t) => t.ms)) : undefined;
      const seedCpu = theirs.length > 0 ? median(theirs.map((t) => t.cpuMs)) : undefined;
      const dash = (v: number | undefined, f: (x: number) => string | number) => (v === undefined ? "—" : f(v));
      rows.push([
        n,
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
      rmSync(proc, { recursive: true, force: true });
    }
    if (existsSync(kills)) throw new Error(`bench: something was signalled: ${readFileSync(kills, "utf8")}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return [
    {
      title: "reaper: kill-zombie-parents.sh vs the seed's script, fixture process tables without zombies",
      columns: [
        "processes",
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
        "Fixture: PID 1, kernel threads, host daemons (comm with spaces and parentheses), containers of ten (shim, init, workers in their own PID namespace); stat lines with all 52 fields; on tmpfs.",
        `Seed: not run above ${SEED_MAX} processes (a child process per process scanned); its child processes counted up to 2,000.`,
        "Child processes: clone/clone3/fork/vfork seen by strace -f. akops forks nothing when it finds nothing to signal (flock runs only before a first signal), whatever the size of the table.",
        ...notes,
      ],
    },
  ];
}
