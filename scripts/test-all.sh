#!/usr/bin/env bash
# The whole suite: type check, build, vitest (incl. shellcheck and shfmt of every generated script), bats.
# Ends with one line `N passed, M failed` (vitest + bats totals); also kept in .test-results/summary.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh || exit 1
mkdir -p .test-results
rm -f .test-results/*

status=0
npx tsc -p . || status=1
node scripts/build.mjs || status=1

npx vitest run --reporter=default --reporter=json --outputFile.json=.test-results/vitest.json || status=1

bats_files=(bats/*.bats)
if [[ -e "${bats_files[0]}" ]]; then
  node_modules/bats/bin/bats --tap "${bats_files[@]}" | tee .test-results/bats.tap
  ((PIPESTATUS[0] == 0)) || status=1
fi

summary=$(node -e '
  const fs = require("fs");
  let p = 0, f = 0;
  try {
    const v = JSON.parse(fs.readFileSync(".test-results/vitest.json", "utf8"));
    p += v.numPassedTests; f += v.numFailedTests;
    if (v.numTotalTests === 0 || !v.success && v.numFailedTests === 0) f += 1;
  } catch { f += 1; }
  try {
    for (const line of fs.readFileSync(".test-results/bats.tap", "utf8").split("\n")) {
      if (/^ok \d+/.test(line) && !/# skip/.test(line)) p++;
      else if (/^not ok \d+/.test(line)) f++;
    }
  } catch {}
  process.stdout.write(`${p} passed, ${f} failed`);
')
if [[ "$summary" != *", 0 failed" ]]; then status=1; fi
printf '%s\n' "$summary" >.test-results/summary
printf '%s\n' "$summary"
exit "$status"
