// bats/fixtures/pruner/*.json are golden files of the scenarios: `vitest run -u test/ops/pruner` rewrites them.
import { join } from "node:path";
import { expect, test } from "vitest";
import { clusterList, toKubectlJson } from "./cluster.js";
import { scenarios } from "./scenarios.js";

const dir = join(__dirname, "../../../bats/fixtures/pruner");
/** The cap's fixture is built in bats by replicating stuck-rollout.json; no need to commit 12 leases. */
const committed = Object.keys(scenarios).filter((name) => name !== "cap");

test.each(committed)("bats/fixtures/pruner/%s.json is the scenario's kubectl output", async (name) => {
  await expect(toKubectlJson(clusterList(scenarios[name]!.specs))).toMatchFileSnapshot(join(dir, `${name}.json`));
});
