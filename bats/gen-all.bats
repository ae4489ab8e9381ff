#!/usr/bin/env bats
# akops gen all from the built CLI (dist/): the pricing report is drawn again only when what it shows
# can have changed. Drawing it loads the chart bundle (dist/vega.cjs); strace shows whether a run opened it.

load test_helper

setup() {
  cp "$AKOPS_REPO/examples/provider.yaml" "$AKOPS_REPO/examples/pricing.akp" "$AKOPS_REPO/examples/ops.yaml" \
    "$BATS_TEST_TMPDIR/"
}

# gen_all: gen all of the copied inputs into $BATS_TEST_TMPDIR/tree; the files it opened in opened.txt.
gen_all() {
  (cd "$BATS_TEST_TMPDIR" && strace -f -qq -e trace=openat -o opened.txt "${AKOPS_CLI[@]}" gen all \
    --config provider.yaml --pricing pricing.akp --ops ops.yaml --out tree)
}

drew_charts() {
  grep -q 'dist/vega\.cjs"' "$BATS_TEST_TMPDIR/opened.txt"
}

report() {
  cat "$BATS_TEST_TMPDIR/tree/docs/pricing-report.html"
}

@test "a new tree gets a report with its charts drawn" {
  run gen_all
  assert_success
  drew_charts
  assert_equal "$(report | grep -c '<svg')" 5
}

@test "gen all into an up-to-date tree keeps the report as it is, without drawing a chart" {
  gen_all
  local before
  before="$(report)"
  run gen_all
  assert_success
  run drew_charts
  assert_failure
  assert_equal "$(report)" "$before"
}

@test "an ops.yaml change keeps the report; a price change draws it again with the new price" {
  gen_all
  local before
  before="$(report)"
  sed -i 's/^  wait_chld: 15 /  wait_chld: 7 /' "$BATS_TEST_TMPDIR/ops.yaml"
  grep -q '^  wait_chld: 7 ' "$BATS_TEST_TMPDIR/ops.yaml"
  gen_all
  run drew_charts
  assert_failure
  assert_equal "$(report)" "$before"

  sed -i 's/^cpu .*/cpu 9.99 per thread/' "$BATS_TEST_TMPDIR/pricing.akp"
  grep -q '^cpu 9.99 per thread$' "$BATS_TEST_TMPDIR/pricing.akp"
  gen_all
  drew_charts
  [[ "$(report)" != "$before" ]]
  report | grep -q '9\.99'
}

@test "a report edited by hand (no longer the bytes its lock names) is drawn again" {
  gen_all
  local before
  before="$(report)"
  sed -i 's/<h1>/<h1>edited /' "$BATS_TEST_TMPDIR/tree/docs/pricing-report.html"
  gen_all
  drew_charts
  assert_equal "$(report)" "$before"
}

@test "gen all never sets up ICU date formatting (luxon's locale is pinned, in the one luxon of the bundle)" {
  # A preload that records every Intl constructor the run calls.
  cat >"$BATS_TEST_TMPDIR/intl-trap.cjs" <<'JS'
const { appendFileSync } = require("node:fs");
for (const name of Object.getOwnPropertyNames(Intl)) {
  const real = Intl[name];
  if (typeof real !== "function") continue;
  Intl[name] = new Proxy(real, {
    construct(target, args, newTarget) {
      appendFileSync(process.env.INTL_LOG, `${name}\n`);
      return Reflect.construct(target, args, newTarget);
    },
  });
}
JS
  export INTL_LOG="$BATS_TEST_TMPDIR/intl.log"
  : >"$INTL_LOG"
  run node -r "$BATS_TEST_TMPDIR/intl-trap.cjs" "$AKOPS_REPO/dist/akops.cjs" gen all --config "$BATS_TEST_TMPDIR/provider.yaml" \
    --pricing "$BATS_TEST_TMPDIR/pricing.akp" --ops "$BATS_TEST_TMPDIR/ops.yaml" --out "$BATS_TEST_TMPDIR/tree"
  assert_success
  assert_equal "$(cat "$INTL_LOG")" ""
  # The trap does record: the same preload around a date format.
  node -r "$BATS_TEST_TMPDIR/intl-trap.cjs" -e 'new Intl.DateTimeFormat().resolvedOptions()'
  assert_equal "$(cat "$INTL_LOG")" "DateTimeFormat"
}
