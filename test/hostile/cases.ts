// Hostile inputs of issue 10, as data: each case is a set of files in an empty directory, an akops
// command line, the exit code it must end with and what stderr must say. test/hostile/hostile.test.ts
// replays them through the CLI; bench/hostile.bench.ts times the blow-ups in fresh processes.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface HostileCase {
  name: string;
  /** Files written into the run's directory. */
  files: Record<string, string>;
  argv: string[];
  stdin?: string;
  /** 1: located errors; 2: usage error; 0: accepted (hostile-looking but legal). */
  code: 0 | 1 | 2;
  /** Each must match stderr. */
  err?: RegExp[];
  /** A blow-up of the issue (CPU, memory, stack): also run in a memory-limited process, and timed by the bench. */
  blowup?: boolean;
}

const REPO = join(import.meta.dirname, "../..");
export const example = (name: string) => readFileSync(join(REPO, "examples", name), "utf8");
const ORDER = readFileSync(join(REPO, "examples/orders/web-app.uakt.json"), "utf8");

/** A "billion laughs": `levels` levels of ten aliases each to the level below. */
export function laughs(levels: number): string {
  const lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels; i++)
    lines.push(
      `a${i}: &a${i} [${Array(10)
        .fill(`*a${i - 1}`)
        .join(",")}]`,
    );
  return `${lines.join("\n")}\nprice_target_cpu: 1.60\n`;
}

const provider = "price_target_cpu: 1.60\n";
const ops = (yaml: string) => ({ files: { "ops.yaml": yaml }, argv: ["check", "--ops", "ops.yaml"] });
const pricing = (akp: string) => ({
  files: { "provider.yaml": provider, "pricing.akp": akp },
  argv: ["check", "--config", "provider.yaml", "--pricing", "pricing.akp"],
});
const values = (yaml: string) => ({ files: { "provider.yaml": yaml }, argv: ["check", "--config", "provider.yaml"] });
const order = (json: string) => ({
  files: { "provider.yaml": provider, "order.json": json },
  argv: ["price", "order.json", "--config", "provider.yaml", "--akt-usd", "1.25"],
});
const nested = (depth: number, inner: string) => "[".repeat(depth) + inner + "]".repeat(depth);

export const CASES: HostileCase[] = [
  // --- Escalation: paths in ops.yaml ---
  {
    name: "a ':' in bin_dir (a PATH separator in root's cron.d)",
    ...ops('install:\n  bin_dir: "/usr/local/bin:/tmp/x/evil"\n'),
    code: 1,
    err: [/install\.bin_dir: error\[AK337\]/],
  },
  {
    name: "bin_dir '//' (the root directory)",
    ...ops('install:\n  bin_dir: "//"\n'),
    code: 1,
    err: [/install\.bin_dir: error\[AK340\]: '\/\/' is the root directory/],
  },
  {
    name: "run_dir '/.' (the root directory)",
    ...ops('install:\n  run_dir: "/."\n'),
    code: 1,
    err: [/install\.run_dir: error\[AK340\]/],
  },
  {
    name: "backup_dir '//' does not bypass AK370",
    ...ops('certs:\n  backup_dir: "//"\n'),
    code: 1,
    err: [/certs\.backup_dir: error\[AK340\]/],
  },
  {
    name: "backup_dir '//tmp/./x' is /tmp/x (AK370)",
    ...ops('certs:\n  backup_dir: "//tmp/./x"\n'),
    code: 1,
    err: [/certs\.backup_dir: error\[AK370\]: backup directory '\/tmp\/x' is on \/tmp/],
  },
  {
    name: "backup_dir '/etc//kubernetes/b' is inside /etc/kubernetes",
    ...ops('certs:\n  backup_dir: "/etc//kubernetes/b"\n'),
    code: 1,
    err: [/error\[AK370\]: backup directory '\/etc\/kubernetes\/b'/],
  },
  { name: "pki_dir '//'", ...ops('certs:\n  pki_dir: "//"\n'), code: 1, err: [/certs\.pki_dir: error\[AK340\]/] },
  {
    name: "kubeconfig '/'",
    ...ops('certs:\n  kubeconfig: "/"\n'),
    code: 1,
    err: [/certs\.kubeconfig: error\[AK340\]: '\/' is the root directory: expected a file/],
  },
  {
    name: "a newline in cron_dir",
    ...ops('install:\n  cron_dir: "/etc/cron.d\\n* * * * * root id"\n'),
    code: 1,
    err: [/install\.cron_dir: error\[AK337\].*\\n\* \* \* \* \* root id'/],
  },
  {
    name: "'..' in systemd_dir",
    ...ops('install:\n  systemd_dir: "/etc/systemd/../../tmp"\n'),
    code: 1,
    err: [/install\.systemd_dir: error\[AK337\]/],
  },

  // --- Crashes and blow-ups ---
  {
    name: "price_target_cpu: 1e999999999",
    ...values("price_target_cpu: 1e999999999\n"),
    code: 1,
    err: [/price_target_cpu: error\[AK310\]/],
    blowup: true,
  },
  {
    name: "price_target_cpu: 1e-999999999",
    ...values("price_target_cpu: 1e-999999999\n"),
    code: 1,
    err: [/price_target_cpu: error\[AK320\]/],
    blowup: true,
  },
  {
    name: "price_target_ip: 1e99999999 (gen values)",
    files: { "provider.yaml": "price_target_ip: 1e99999999\n" },
    argv: ["gen", "values", "--config", "provider.yaml", "-o", "values.yaml"],
    code: 1,
    err: [/price_target_ip: error\[AK310\]: price '1e99999999' is larger than/],
    blowup: true,
  },
  {
    name: "migrate TARGET_CPU=1e999999999",
    files: { "old.sh": 'TARGET_CPU="1e999999999"\nTARGET_MEMORY="1e99999999"\n' },
    argv: ["migrate", "old.sh", "-o", "provider.yaml"],
    code: 1,
    err: [/old\.sh:1:1: error\[AK386\]: TARGET_CPU is not a non-negative decimal/, /old\.sh:2:1: error\[AK386\]/],
    blowup: true,
  },
  {
    name: "akt_price cache 99999999999999999999d",
    ...pricing("akt_price from diadata cache 99999999999999999999d\n"),
    code: 1,
    err: [/pricing\.akp:1:30: error\[AK260\]: cache 99999999999999999999d is longer than 366d/],
  },
  {
    name: "akt_price max_age 9999999999999999s (gen price-script)",
    files: {
      "provider.yaml": provider,
      "pricing.akp": "akt_price from diadata cache 9999999999999999s max_age 9999999999999999s\n",
    },
    argv: ["gen", "price-script", "--config", "provider.yaml", "--pricing", "pricing.akp", "-o", "price.sh"],
    code: 1,
    err: [/error\[AK260\]: cache 9999999999999999s/, /error\[AK260\]: max_age 9999999999999999s/],
  },
  {
    name: "a gpu block with 100k entries",
    ...pricing(`gpu {\n${Array.from({ length: 100_000 }, (_, i) => `  m${i} ${i % 500}`).join("\n")}\n}\n`),
    code: 1,
    err: [
      /pricing\.akp:1002:3: error\[AK261\]: \d+ GPU prices: at most 1000/,
      /pricing\.akp:25001:3: error\[AK110\]: 200003 tokens: akops reads at most 50000/,
    ],
    blowup: true,
  },
  {
    name: "a GPU mapping of 100k pairs",
    ...values(
      `price_target_gpu_mappings: "${Array.from({ length: 100_000 }, (_, i) => `m${i}=${i % 500}`).join(",")}"\n`,
    ),
    code: 1,
    err: [/error\[AK261\]/],
    blowup: true,
  },
  {
    name: "a 9-level billion laughs (check)",
    ...values(laughs(9)),
    code: 1,
    err: [/provider\.yaml:2:10: error\[AK321\]/],
    blowup: true,
  },
  {
    name: "a 7-level billion laughs (gen values)",
    files: { "provider.yaml": laughs(7) },
    argv: ["gen", "values", "--config", "provider.yaml", "-o", "values.yaml"],
    code: 1,
    err: [/error\[AK321\]/],
    blowup: true,
  },
  {
    name: "a 9-level billion laughs as ops.yaml",
    ...ops(laughs(9).replace("price_target_cpu: 1.60\n", "")),
    code: 1,
    err: [/error\[AK321\]/],
    blowup: true,
  },
  {
    name: "migrate --values with a billion laughs",
    files: { "old.sh": 'TARGET_CPU="1.60"\n', "provider.yaml": laughs(9) },
    argv: ["migrate", "old.sh", "--values", "provider.yaml", "-o", "out.yaml"],
    code: 1,
    err: [/error\[AK321\]/],
    blowup: true,
  },
  {
    name: "plan --against Helm values that are a billion laughs",
    files: {
      "provider.yaml": provider,
      "deployed.yaml": `${laughs(9).replace("price_target_cpu: 1.60", "price_target_cpu: *a8")}bidpricescript: ZWNobyAxCg==\n`,
    },
    argv: ["plan", "--against", "deployed.yaml", "--config", "provider.yaml"],
    code: 1,
    err: [/^akops plan: --against deployed\.yaml: its YAML aliases expand far beyond its size/],
    blowup: true,
  },
  {
    name: "a price key that is an alias",
    ...values("base: &p 1.60\nprice_target_cpu: *p\n"),
    code: 1,
    err: [/provider\.yaml:2:19: error\[AK322\]: price_target_cpu is an alias \('\*p'\)/],
  },
  { name: "a self-referencing alias", ...values("a: &a [*a]\n"), code: 1, err: [/error\[AK321\]/] },
  {
    name: "an order nested 10,000 deep in resources",
    ...order(`{"resources":${nested(10_000, "1")},"price":{"denom":"uakt","amount":"1"}}`),
    code: 1,
    err: [/^akops price: invalid order: nested deeper than 256 levels/],
    blowup: true,
  },
  {
    name: "an order with a 100,000-deep price.amount",
    ...order(ORDER.replace(/"amount": *"[^"]*"/, `"amount":${nested(100_000, "1")}`)),
    code: 1,
    err: [/^akops price: invalid order: nested deeper than 256 levels/],
    blowup: true,
  },
  {
    name: "a 40 KB one-line pricing file of '@ @ @'",
    ...pricing("@ ".repeat(20_000)),
    code: 1,
    err: [/pricing\.akp:1:1: error\[AK101\]: unexpected '@'/, /… and 19900 more \(19900 errors, 0 warnings\)/],
    blowup: true,
  },
  {
    name: "a 100 KB one-line pricing file of '@ @ @'",
    ...pricing("@ ".repeat(50_000)),
    code: 1,
    err: [/… and 49900 more/],
    blowup: true,
  },
  { name: "100 KB of '}'", ...pricing("}".repeat(100_000)), code: 1, err: [/error\[AK10\d\]/], blowup: true },
  { name: "100 KB of 'cpu '", ...pricing("cpu ".repeat(25_000)), code: 1, err: [/error\[AK103\]/], blowup: true },
  { name: "a UTF-8 BOM at the start of a pricing file", ...pricing("\ufeffcpu 1.60 per thread\n"), code: 0 },

  // --- Schedules that mean different things in different places ---
  {
    name: "'5/15 * * * *'",
    ...ops('reaper:\n  schedule: "5/15 * * * *"\n'),
    code: 1,
    err: [/reaper\.schedule: error\[AK336\].*'5\/15' in the minute field .* write '5-59\/15'/],
  },
  {
    name: "'0 3/6 * * *'",
    ...ops('pruner:\n  schedule: "0 3/6 * * *"\n'),
    code: 1,
    err: [/pruner\.schedule: error\[AK336\].*write '3-23\/6'/],
  },

  // --- Smaller ---
  {
    name: "migrate: a computed WHITELIST_URL is reported, not carried",
    files: { "old.sh": 'TARGET_CPU="1.60"\nWHITELIST_URL="https://${WL_HOST}/list"\n' },
    argv: ["migrate", "old.sh", "-o", "provider.yaml"],
    code: 0,
    err: [/old\.sh:2:1: warning\[AK387\]: not carried over: WHITELIST_URL is computed/],
  },
  {
    name: "migrate: TARGET_MEMORY reading PRICE_TARGET_CPU is reported, not carried",
    files: { "old.sh": 'TARGET_CPU="1.60"\nTARGET_MEMORY="${PRICE_TARGET_CPU:-0.80}"\n' },
    argv: ["migrate", "old.sh", "-o", "provider.yaml"],
    code: 0,
    err: [
      /old\.sh:2:1: warning\[AK387\]: not carried over: TARGET_MEMORY reads PRICE_TARGET_CPU, not PRICE_TARGET_MEMORY/,
    ],
  },
  {
    name: "ESC in install.user",
    ...ops('install:\n  user: "root\\e[31m"\n'),
    code: 1,
    err: [/install\.user: error\[AK333\]: expected a user name, got 'root\\x1b\[31m'/],
  },
  {
    name: "NUL in install.image",
    ...ops('install:\n  image: "alpine\\0"\n'),
    code: 1,
    err: [/install\.image: error\[AK333\].*'alpine\\x00'/],
  },
  {
    name: "a newline in install.namespace",
    ...ops('install:\n  namespace: "akash\\nservices"\n'),
    code: 1,
    err: [/install\.namespace: error\[AK333\].*'akash\\nservices'/],
  },
  {
    name: "ESC in a schedule",
    ...ops('reaper:\n  schedule: "*/5 * * * *\\e"\n'),
    code: 1,
    err: [/reaper\.schedule: error\[AK336\].*control characters/],
  },
  {
    name: "ESC in whitelist_url",
    ...values('whitelist_url: "https://x.example/\\e]0;owned\\a"\n'),
    code: 1,
    err: [/whitelist_url: error\[AK303\].*\\x1b\]0;owned\\x07/],
  },
  {
    name: "ESC in the GPU mapping string",
    ...values('price_target_gpu_mappings: "a100\\e=1"\n'),
    code: 1,
    err: [/error\[AK101\]: unexpected '\\x1b'/],
  },
  {
    name: "a newline in the GPU mapping string",
    ...values('price_target_gpu_mappings: "a100=1,\\nt4=2"\n'),
    code: 1,
    err: [/error\[AK101\]: unexpected '\\n'/],
  },
  {
    name: "an RTL override in a pricing file",
    ...pricing("cpu 1.60 per thread \u202e\n"),
    code: 1,
    err: [/unexpected '\\u\{202e\}'/],
  },
  {
    name: "price_target_gpu_mappings: '='",
    ...values('price_target_gpu_mappings: "="\n'),
    code: 1,
    err: [/provider\.yaml:1:29: error\[AK109\]: unexpected '=': a GPU mapping is model=price pairs/],
  },
  { name: "a GPU key whose model is all digits", ...pricing("gpu {\n  4090.24Gi 150\n  4090 120\n}\n"), code: 0 },
  {
    name: "a GPU mapping key whose model is all digits",
    ...values('price_target_gpu_mappings: "4090.24Gi=150,4090=120"\n'),
    code: 0,
  },
  {
    name: "'\\n' in a DSL string",
    ...pricing('akt_price from "https://prices.example/akt\\n" path ".price"\n'),
    code: 1,
    err: [/pricing\.akp:1:43: error\[AK108\]: unknown escape '\\n' in a string/],
  },
  {
    name: "an unknown option holding ESC (usage error)",
    files: {},
    argv: ["check", "--\u001b[31mx"],
    code: 2,
    err: [/unknown option '--\\x1b\[31mx'/],
  },
  {
    name: "gen cert-rotate -o FILE",
    files: { "out.txt": "" },
    argv: ["gen", "cert-rotate", "-o", "out.txt"],
    code: 1,
    err: [/^error\[AK394\]: -o out\.txt exists and is not a directory/],
  },
];
