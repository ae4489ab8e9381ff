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
