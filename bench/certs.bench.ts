// `npm run bench certs`: k8s-cert-rotate.sh check on fixture nodes (openssl PKI from bats/helpers/pki.bash),
// and the sha256-trailer check renew repeats on the snapshot, per snapshot size.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, type BenchTable } from "./table.js";

const repo = join(import.meta.dirname, "..");
const script = join(repo, "generated/example/bin/k8s-cert-rotate.sh");

function ms(f: () => void, runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    f();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

export async function run(): Promise<BenchTable[]> {
  const dir = mkdtempSync(join(tmpdir(), "akops-bench-certs-"));
  try {
    const checkRows: (string | number)[][] = [];
    for (const flavour of ["host", "stacked"]) {
      const root = join(dir, flavour);
      execFileSync(
        "bash",
        ["-c", `source bats/helpers/pki.bash && PKI_EXPIRED= PKI_SOON= pki_node "$1" "$2"`, "_", root, flavour],
        { cwd: repo },
      );
      const env = { ...process.env, AKOPS_ROOT: root, HOSTNAME: "node1", AKOPS_TEXTFILE_DIR: "" };
      const rows = execFileSync("bash", [script, "check"], { env, encoding: "utf8" })
        .split("\n")
        .filter((l) => / ok$/.test(l)).length;
      checkRows.push([flavour, rows, ms(() => execFileSync("bash", [script, "check"], { env }), 7).toFixed(0)]);
    }
    const snapRows: (string | number)[][] = [];
    for (const mb of [16, 256]) {
      const f = join(dir, `snap-${mb}.db`);
      execFileSync("bash", [
        "-c",
        `head -c $(($1 * 1048576)) /dev/urandom >"$2" && openssl dgst -sha256 -binary "$2" >"$2.sha" && cat "$2.sha" >>"$2"`,
        "_",
        String(mb),
        f,
      ]);
      const verify = `size=$(stat -c %s "$1"); want=$(tail -c 32 "$1" | od -An -v -tx1 | tr -d ' \\n'); got=$(head -c $((size - 32)) "$1" | sha256sum); [[ "$want" == "\${got%% *}" ]]`;
      snapRows.push([mb, ms(() => execFileSync("bash", ["-c", verify, "_", f]), 3).toFixed(0)]);
    }
    return [
      {
        title: "k8s-cert-rotate.sh check (fixture node, every certificate valid)",
        columns: ["etcd", "certificates", "median ms"],
        rows: checkRows,
      },
      {
        title: "snapshot sha256-trailer verification (backup, and again in renew)",
        columns: ["snapshot MB", "median ms"],
        rows: snapRows,
        notes: ["Linear in the snapshot size: sha256sum over the file, once in backup and once in renew."],
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
