// node zombie-tree.mjs ROOT FIRST_PID PARENT COUNT — adds COUNT zombies (PIDs FIRST_PID…) under
// PARENT to the fixture host tree ROOT built by proc-fixture.bash: a stat file each (all the scan reads
// of a zombie), in the same format. Bash would need a process per directory; this writes 100k in seconds.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [root, first, parent, count] = [
  process.argv[2],
  Number(process.argv[3]),
  Number(process.argv[4]),
  Number(process.argv[5]),
];
if (!root || ![first, parent, count].every(Number.isSafeInteger)) {
  process.stderr.write("usage: zombie-tree.mjs ROOT FIRST_PID PARENT COUNT\n");
  process.exit(2);
}
for (let pid = first; pid < first + count; pid++) {
  const dir = join(root, "proc", String(pid));
  mkdirSync(dir, { recursive: true });
  // Fields 1-52 as in proc(5) and as proc_add writes them; 20 is num_threads, 22 is starttime.
  writeFileSync(
    join(dir, "stat"),
    `${pid} (defunct) Z ${parent} ${pid} ${pid} 0 -1 4194560 100 0 0 0 3 1 0 0 20 0 1 0 ${pid * 100} 1000000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n`,
  );
}
