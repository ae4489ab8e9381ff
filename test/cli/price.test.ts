import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { oracleCases, ORACLE_DIR } from "../pricing/oracle.js";
import { REPO, runWith, tempDir } from "./package-io.js";

const cli = (argv: string[], stdin = "", env: Record<string, string> = {}) => runWith({ cwd: REPO, stdin, env }, argv);

const first = oracleCases().find((c) => c.exit === 0 && c.config === "docs")!;
const refused = oracleCases().find((c) => c.exit === 1)!;
const docs = join(ORACLE_DIR, "configs/docs.yaml");

describe("akops price", () => {
  test("prints the reference's bid on its last line, with a per-component breakdown", async () => {
    const r = await cli(["price", "-", "--config", docs, "--akt-usd", first.akt_usd], JSON.stringify(first.order) + "\n");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^bid: ${first.stdout.replace(".", "\\.")} \\S+ per block$`, "m"));
    for (const c of ["cpu", "memory", "ephemeral", "hdd", "ssd", "nvme", "endpoints", "ips", "gpu"]) expect(r.out).toMatch(new RegExp(`^${c} `, "m"));
  });

  test("--json gives the bid and the GPU lines with the mapping key that matched", async () => {
    const gpuCase = oracleCases().find((c) => c.exit === 0 && JSON.stringify(c.order).includes('"model":"t4"'))!;
    const r = await cli(["price", "--json", "--config", join(ORACLE_DIR, `configs/${gpuCase.config}.yaml`), "--akt-usd", gpuCase.akt_usd], JSON.stringify(gpuCase.order));
    const ev = JSON.parse(r.out);
    expect(ev.outcome).toEqual({ kind: "bid", bid: gpuCase.stdout });
    expect(ev.gpu.some((g: { matched?: string }) => g.matched === "t4")).toBe(true);
  });

  test("reads the order from a file and the price from AKOPS_AKT_USD", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "order.json"), JSON.stringify(first.order));
    const r = await cli(["price", join(dir, "order.json"), "--config", docs], "", { AKOPS_AKT_USD: first.akt_usd });
    expect(r.out).toContain(`bid: ${first.stdout} `);
  });

  test("a refused order exits 1 and says why", async () => {
    const r = await cli(["price", "--config", join(ORACLE_DIR, `configs/${refused.config}.yaml`), "--akt-usd", refused.akt_usd], JSON.stringify(refused.order));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^no bid: (requested rate is too low|denom not supported)/m);
  });

  test("a malformed order exits 1 with the reason on stderr", async () => {
    const r = await cli(["price", "--config", docs, "--akt-usd", "1"], '{"resources":[{"cpu":-5,"memory":1,"count":1}],"price":{"denom":"uakt","amount":"1"}}');
    expect(r).toMatchObject({ code: 1, out: "" });
    expect(r.err).toMatch(/invalid order: resources\[0\]\.cpu/);
  });

  test("without an AKT/USD price a uakt order is a usage error", async () => {
    const uakt = oracleCases().find((c) => c.exit === 0 && c.config === "docs" && JSON.stringify(c.order).includes('"denom":"uakt"'))!;
    const r = await cli(["price", "--config", docs], JSON.stringify(uakt.order));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/AKT\/USD/);
  });

  test("a USD-pegged order needs no AKT/USD price, as in the script", async () => {
    const usd = oracleCases().find((c) => c.exit === 0 && c.config === "docs" && JSON.stringify(c.order).includes('"denom":"uact"'))!;
    const r = await cli(["price", "--config", docs], JSON.stringify(usd.order));
    expect(r.code).toBe(0);
    expect(r.out).toContain(`bid: ${usd.stdout} `);
    expect(r.out).toContain("AKT/USD: (not needed)");
  });

  test("an AKT/USD price above 1000000 is refused, as the script refuses it", async () => {
    const r = await cli(["price", "--config", docs, "--akt-usd", "2000000"], JSON.stringify(first.order));
    expect(r.code).toBe(2);
  });
});

describe("akops gen price-script / gen values", () => {
  test("gen values writes the file and prints the helm upgrade command", async () => {
    const dir = tempDir();
    const out = join(dir, "values.yaml");
    const r = await cli(["gen", "values", "--config", docs, "-o", out]);
    expect(r.code).toBe(0);
    expect(r.out).toBe(`helm upgrade akash-provider akash/provider -n akash-services -f ${out}\n`);
  });

  test("a broken provider.yaml writes nothing and exits 1 with the key named", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "provider.yaml"), "price_target_cpu: '1,6'\n");
    const r = await cli(["gen", "price-script", "--config", join(dir, "provider.yaml"), "-o", join(dir, "out.sh")]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/price_target_cpu: error\[AK\d+\]: .*'1,6'/);
    expect(() => statSync(join(dir, "out.sh"))).toThrow();
  });
});
