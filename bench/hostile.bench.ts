// `npm run bench hostile`: the blow-ups of issue 10 (test/hostile/cases.ts), each in a fresh
// `node dist/akops.cjs` process: CPU time (user + sys), wall time and peak RSS, read by the child itself
// (process.resourceUsage() at exit, through a preloaded module) so no external `time` is needed.
// Budget per case: under 2 s of CPU and 300 MB. CPU rather than wall time, because the bench machine is
// shared; the median of RUNS runs.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CASES } from "../test/hostile/cases.js";
import { median, type BenchTable } from "./table.js";

const repo = join(import.meta.dirname, "..");
const akops = join(repo, "dist/akops.cjs");
const RUNS = Number(process.env.AKOPS_BENCH_RUNS ?? 3);
const CPU_LIMIT_S = 2;
const RSS_LIMIT_MB = 300;

const PRELOAD = `process.on("exit", () => {
  const u = process.resourceUsage();
  require("node:fs").writeSync(3, JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, rssMb: u.maxRSS / 1024 }));
});
`;

interface Sample {
  cpu: number;
  wall: number;
  rssMb: number;
  code: number | null;
}

function once(preload: string, dir: string, argv: string[], stdin: string): Sample {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", preload, akops, ...argv], {
    cwd: dir,
    input: stdin,
    stdio: ["pipe", "pipe", "pipe", "pipe"],
    maxBuffer: 1 << 30,
    timeout: 600_000,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const usage = JSON.parse(String(r.output[3] ?? "{}")) as { cpu?: number; rssMb?: number };
  return { cpu: usage.cpu ?? NaN, wall, rssMb: usage.rssMb ?? NaN, code: r.status };
}

export async function run(): Promise<BenchTable[]> {
  const work = mkdtempSync(join(tmpdir(), "akops-bench-hostile-"));
  const preload = join(work, "usage.cjs");
  writeFileSync(preload, PRELOAD);
  const rows: (string | number)[][] = [];
  let over = 0;
  try {
    for (const c of CASES.filter((x) => x.blowup)) {
      const dir = mkdtempSync(join(work, "case-"));
      for (const [name, text] of Object.entries(c.files)) writeFileSync(join(dir, name), text);
      const samples = Array.from({ length: RUNS }, () => once(preload, dir, c.argv, c.stdin ?? ""));
      const cpu = median(samples.map((s) => s.cpu));
      const rss = median(samples.map((s) => s.rssMb));
      const ok = cpu < CPU_LIMIT_S && rss < RSS_LIMIT_MB && samples.every((s) => s.code === c.code);
      if (!ok) over++;
      rows.push([
        c.name,
        samples.map((s) => s.code).join(","),
        cpu.toFixed(2),
        median(samples.map((s) => s.wall)).toFixed(2),
        rss.toFixed(0),
        ok ? "yes" : "NO",
      ]);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return [
    {
      title: `Hostile input (issue 10): each blow-up in a fresh process, median of ${RUNS}`,
      columns: ["case", "exit", "CPU s", "wall s", "peak RSS MB", `within ${CPU_LIMIT_S} s CPU and ${RSS_LIMIT_MB} MB`],
      rows,
      notes: [
        over === 0
          ? "Every case ends within the budget, with its expected exit code."
          : `${over} case(s) over the budget or with another exit code.`,
      ],
    },
  ];
}
