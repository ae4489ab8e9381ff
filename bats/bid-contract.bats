#!/usr/bin/env bats
# The provider's side of the contract (../shared/research/akash-provider-contract.md): USD-pegged
# orders never need the AKT/USD feed, every stdout is a decimal the provider parses (or nothing), and
# the generated script and the TypeScript evaluator give the same answer on every order.

bats_require_minimum_version 1.5.0

ORACLE="$BATS_TEST_DIRNAME/../../shared/fixtures/bid-oracle"
# What the provider parses as a bid: no sign, exponent or bare `.5`, at most 18 fractional digits.
BID_GRAMMAR='^[0-9]+(\.[0-9]{1,18})?$'

setup() {
  load test_helper
  load helpers/bid
  export AKOPS_CACHE_DIR="$BATS_TEST_TMPDIR/cache"
  mkdir -p "$AKOPS_CACHE_DIR"
  unset AKOPS_AKT_USD AKASH_OWNER WHITELIST_URL AKOPS_DEBUG AKOPS_CURL
  [[ -f "$ORACLE/expected.jsonl" ]] || fail "no oracle fixtures at $ORACLE"
}

# gen_oracle_scripts: one script per oracle config, as $BATS_TEST_TMPDIR/NAME.sh.
gen_oracle_scripts() {
  local config
  for config in "$ORACLE"/configs/*.yaml; do
    gen_bid_script "$BATS_TEST_TMPDIR/$(basename "$config" .yaml).sh" --config "$config"
  done
}

# usd_cases: "config|exit|stdout" and then the order, for every uact and USDC case of the oracle.
usd_cases() {
  jq -r 'select(.order.price.denom != "uakt") | "\(.config)|\(.exit)|\(.stdout)", (.order | tojson)' "$ORACLE/expected.jsonl"
}

# positive DECIMAL: succeeds when DECIMAL is above zero.
positive() {
  [[ "$1" =~ [1-9] ]]
}

@test "with no price source, no cache and no pinned price, every uact and USDC oracle order bids as the reference" {
  local config want_exit want_out line got rc n=0 mismatches=0
  gen_oracle_scripts
  while IFS='|' read -r config want_exit want_out && IFS= read -r line; do
    n=$((n + 1))
    rc=0
    got="$(AKOPS_CURL=false bash "$BATS_TEST_TMPDIR/$config.sh" 2>"$BATS_TEST_TMPDIR/err" <<<"$line")" || rc=$?
    if [[ "$got" != "$want_out" ]] || { [[ "$want_exit" == 0 ]] && ((rc != 0)); } || { [[ "$want_exit" != 0 ]] && ((rc == 0)); }; then
      printf 'case %d (%s): want exit %s %q, got exit %d %q: %s\n' "$n" "$config" "$want_exit" "$want_out" "$rc" "$got" "$(<"$BATS_TEST_TMPDIR/err")" >&3
      mismatches=$((mismatches + 1))
    fi
  done < <(usd_cases)
  ((n > 60))
  [ "$mismatches" -eq 0 ]
  # Nothing was cached either: the feed was never asked.
  run -0 ls -A "$AKOPS_CACHE_DIR"
  assert_output ""
}

@test "strace: no uact or USDC oracle order starts curl or reads the AKT/USD cache" {
  command -v strace >/dev/null || skip "strace not installed"
  local config want_exit want_out line n=0
  gen_oracle_scripts
  stub_command curl 'echo "curl ran" >>"$AKOPS_CACHE_DIR/curl.log"; exit 7'
  # A cache that would be used if it were read: the trace must not open it.
  printf '9.99 %s\n' "$(printf '%(%s)T' -1)" >"$AKOPS_CACHE_DIR/akops-akt-usd.cache"
  while IFS='|' read -r config want_exit want_out && IFS= read -r line; do
    n=$((n + 1))
    strace -f -qq -e trace=execve,open,openat -o "$BATS_TEST_TMPDIR/trace.$n" \
      bash "$BATS_TEST_TMPDIR/$config.sh" <<<"$line" >/dev/null 2>&1 || true
  done < <(usd_cases)
  ((n > 60))
  run grep -l -e 'execve("[^"]*curl' -e 'akops-akt-usd' "$BATS_TEST_TMPDIR"/trace.*
  assert_output ""
  [ ! -e "$AKOPS_CACHE_DIR/curl.log" ]
  # The trace does see what the script starts (jq, at least), so an empty grep means something.
  grep -q 'execve("[^"]*jq' "$BATS_TEST_TMPDIR/trace.1"
}

@test "a uakt order still needs the feed: with no source it is refused, with nothing on stdout" {
  gen_oracle_scripts
  AKOPS_CURL=false run -1 --separate-stderr bash "$BATS_TEST_TMPDIR/docs.sh" <"$BID_FIXTURES/uakt.json"
  [ -z "$output" ]
  assert_stderr --partial "no AKT/USD price"
}

# write_shapes DIR: the seven orders issue 12 found the script and the evaluator disagreeing on, one
# file each (SHAPE.json), and their AKT/USD (SHAPE.akt).
write_shapes() {
  local dir="$1" svc='{"cpu":1000,"memory":1073741824,"count":1,"storage":[{"class":"ephemeral","size":1073741824}]'
  local price='"price":{"denom":"uact","amount":"1000000"}'
  mkdir -p "$dir"
  printf '{"resources":[%s,"gpu":{"units":1,"attributes":{"vendor":{"nvidia":{"model":"a100","ram":"","interface":"sxm"}}}}}],%s}\n' "$svc" "$price" >"$dir/empty-ram.json"
  printf '{"resources":[%s,"gpu":{"units":1,"attributes":{"vendor":{"nvidia":{"model":""}}}}}],%s}\n' "$svc" "$price" >"$dir/empty-model.json"
  printf '{"resources":[%s,"endpoint_quantity":9007199254740991},%s,"endpoint_quantity":9007199254740991},%s,"endpoint_quantity":9007199254740991}],%s}\n' "$svc" "$svc" "$svc" "$price" >"$dir/endpoints-2p53.json"
  printf '{"resources":[%s}],"price":{"denom":"uakt","amount":"1000000"},"price_precision":"6"}\n' "$svc" >"$dir/precision-string.json"
  printf '{"resources":[%s}],"price":{"denom":"uakt","amount":1e20}}\n' "$svc" >"$dir/amount-1e20.json"
  printf '\xef\xbb\xbf{"resources":[%s}],"price":{"denom":"uakt","amount":"1000000"}}\n' "$svc" >"$dir/bom.json"
  printf '{"resources":[%s}],"price":{"denom":"uakt","amount":"1000000"}}\n' "$svc" >"$dir/akt-usd-2000000.json"
  local f
  for f in "$dir"/*.json; do printf '1.25\n' >"${f%.json}.akt"; done
  printf '2000000\n' >"$dir/akt-usd-2000000.akt"
}

@test "every oracle order and the seven shapes: the script and the evaluator agree, and every bid is a decimal above 0" {
  local shapes="$BATS_TEST_TMPDIR/shapes" cases="$BATS_TEST_TMPDIR/cases" provider akt file i=0 line
  local -a scripts=() orders=() akts=()
  gen_oracle_scripts
  gen_bid_script "$BATS_TEST_TMPDIR/shapes.sh" --config "$BID_FIXTURES/provider.yaml" --pricing "$BID_FIXTURES/shapes.akp"
  write_shapes "$shapes"
  mkdir -p "$BATS_TEST_TMPDIR/orders"
  : >"$cases"
  # The oracle's orders, each as the provider writes it (compact JSON and a newline).
  while IFS='|' read -r provider akt && IFS= read -r line; do
    file="$BATS_TEST_TMPDIR/orders/$i.json"
    printf '%s\n' "$line" >"$file"
    scripts+=("$BATS_TEST_TMPDIR/$provider.sh") orders+=("$file") akts+=("$akt")
    printf '%s\t-\t%s\t%s\n' "$ORACLE/configs/$provider.yaml" "$akt" "$file" >>"$cases"
    i=$((i + 1))
  done < <(jq -r '"\(.config)|\(.akt_usd)", (.order | tojson)' "$ORACLE/expected.jsonl")
  for file in "$shapes"/*.json; do
    scripts+=("$BATS_TEST_TMPDIR/shapes.sh") orders+=("$file") akts+=("$(<"${file%.json}.akt")")
    printf '%s\t%s\t%s\t%s\n' "$BID_FIXTURES/provider.yaml" "$BID_FIXTURES/shapes.akp" "${akts[-1]}" "$file" >>"$cases"
  done
  ((${#orders[@]} == 138 + 7))
  local -a evaluated
  mapfile -t evaluated < <("$AKOPS_REPO/node_modules/.bin/tsx" "$AKOPS_REPO/bats/helpers/evaluate-orders.ts" <"$cases")
  ((${#evaluated[@]} == ${#orders[@]}))
  local got rc mismatches=0 bids=0
  for i in "${!orders[@]}"; do
    rc=0
    got="$(AKOPS_AKT_USD="${akts[$i]}" bash "${scripts[$i]}" 2>/dev/null <"${orders[$i]}")" || rc=$?
    if [[ "${evaluated[$i]}" == "bid "* ]]; then
      bids=$((bids + 1))
      if ((rc != 0)) || [[ "$got" != "${evaluated[$i]#bid }" ]] || [[ ! "$got" =~ $BID_GRAMMAR ]] || ! positive "$got"; then
        printf '%s: evaluator %q, script exit %d %q\n' "${orders[$i]##*/}" "${evaluated[$i]}" "$rc" "$got" >&3
        mismatches=$((mismatches + 1))
      fi
    elif ((rc == 0)) || [[ -n "$got" ]]; then
      printf '%s: evaluator %q, script exit %d %q\n' "${orders[$i]##*/}" "${evaluated[$i]}" "$rc" "$got" >&3
      mismatches=$((mismatches + 1))
    fi
  done
  [ "$mismatches" -eq 0 ]
  ((bids > 100))
}

@test "the seven shapes: the reference's answer where it has one, else both refuse" {
  local shapes="$BATS_TEST_TMPDIR/shapes" script="$BATS_TEST_TMPDIR/shapes.sh" plain
  gen_bid_script "$script" --config "$BID_FIXTURES/provider.yaml" --pricing "$BID_FIXTURES/shapes.akp"
  write_shapes "$shapes"
  export AKOPS_AKT_USD=1.25
  # a100..sxm falls back to a100 (100), not a100.sxm (999): the same bid as a plain a100.
  plain="$(sed 's/"ram":"","interface":"sxm"//; s/,}/}/' "$shapes/empty-ram.json" | bash "$script")"
  run -0 --separate-stderr bash "$script" <"$shapes/empty-ram.json"
  assert_output "$plain"
  run -1 --separate-stderr bash "$script" <"$shapes/empty-model.json"
  [ -z "$output" ]
  assert_stderr --partial "model"
  run -1 --separate-stderr bash "$script" <"$shapes/endpoints-2p53.json"
  [ -z "$output" ]
  run -0 --separate-stderr bash "$script" <"$shapes/precision-string.json"
  assert_output --regexp '^[0-9]+\.[0-9]{6}$'
  run -1 --separate-stderr bash "$script" <"$shapes/amount-1e20.json"
  [ -z "$output" ]
  run -0 --separate-stderr bash "$script" <"$shapes/bom.json"
  assert_output "$(bash "$script" <"$shapes/precision-string.json")"
  AKOPS_AKT_USD=2000000 run -1 --separate-stderr bash "$script" <"$shapes/akt-usd-2000000.json"
  [ -z "$output" ]
}

# --- every stdout is a bid the provider accepts, or nothing ----------------------------------------

@test "an order that costs nothing is refused, and stderr says so" {
  # A provider.yaml-only script: no floor to lift the bid.
  gen_bid_script "$BATS_TEST_TMPDIR/plain.sh" --config "$BID_FIXTURES/provider.yaml"
  local order='{"resources":[{"cpu":0,"memory":0,"count":1,"storage":[]}],"price":{"denom":"uact","amount":"1000000"}}'
  run -1 --separate-stderr bash "$BATS_TEST_TMPDIR/plain.sh" <<<"$order"
  [ -z "$output" ]
  assert_stderr --partial "costs nothing"
}

@test "price_precision 0 on a tiny order rounds to 0 and is refused" {
  # A provider.yaml-only script: no floor to lift the bid.
  gen_bid_script "$BATS_TEST_TMPDIR/plain.sh" --config "$BID_FIXTURES/provider.yaml"
  local order='{"resources":[{"cpu":10,"memory":0,"count":1,"storage":[]}],"price":{"denom":"uact","amount":"1000000"},"price_precision":0}'
  run -1 --separate-stderr bash "$BATS_TEST_TMPDIR/plain.sh" <<<"$order"
  [ -z "$output" ]
  assert_stderr --partial "rounds to 0"
}

@test "price_precision 18 bids 18 digits; 19 and 20 are refused" {
  local svc='{"cpu":1000,"memory":1073741824,"count":1,"storage":[]}' p
  run -0 --separate-stderr bash "$BID_SCRIPT" <<<"{\"resources\":[$svc],\"price\":{\"denom\":\"uact\",\"amount\":\"1000000\"},\"price_precision\":18}"
  assert_output --regexp '^[0-9]+\.[0-9]{18}$'
  for p in 19 20; do
    run -1 --separate-stderr bash "$BID_SCRIPT" <<<"{\"resources\":[$svc],\"price\":{\"denom\":\"uact\",\"amount\":\"1000000\"},\"price_precision\":$p}"
    [ -z "$output" ]
    assert_stderr --partial "price_precision"
  done
}

@test "akops check refuses price_target_cpu: 1e400 with a located error, and writes nothing" {
  printf 'price_target_cpu: 1e400\n' >"$BATS_TEST_TMPDIR/provider.yaml"
  run -1 --separate-stderr "${AKOPS_CLI[@]}" check --config "$BATS_TEST_TMPDIR/provider.yaml"
  assert_stderr --partial "provider.yaml: price_target_cpu: error[AK310]"
}

# --- provider v0.16: confidential compute, the ram class, block time --------------------------------

@test "confidential multiplier 1.5: a confidential order bids 1.5x the same order without the flag" {
  local svc='{"cpu":1000,"memory":1073741824,"count":1,"storage":[]}' plain conf
  printf 'confidential multiplier 1.5\n' >"$BATS_TEST_TMPDIR/c.akp"
  gen_bid_script "$BATS_TEST_TMPDIR/c.sh" --config "$BID_FIXTURES/provider.yaml" --pricing "$BATS_TEST_TMPDIR/c.akp"
  plain="$(bash "$BATS_TEST_TMPDIR/c.sh" <<<"{\"resources\":[$svc],\"price\":{\"denom\":\"uact\",\"amount\":\"1000000\"}}")"
  conf="$(bash "$BATS_TEST_TMPDIR/c.sh" <<<"{\"resources\":[$svc],\"price\":{\"denom\":\"uact\",\"amount\":\"1000000\"},\"confidential_compute\":true}")"
  [[ "$conf" =~ $BID_GRAMMAR ]]
  [ "$(bc <<<"$plain * 1.5 - $conf")" = "0" ] || fail "plain $plain x 1.5 != confidential $conf"
}

@test "storage ram 0.5 prices a 1 GiB ram volume; without it a ram volume is free, as in the reference" {
  local order='{"resources":[{"cpu":1000,"memory":1073741824,"count":1,"storage":[{"class":"ram","size":1073741824}]}],"price":{"denom":"uact","amount":"1000000"}}'
  local free priced
  printf 'storage ram 0.5 per GiB\n' >"$BATS_TEST_TMPDIR/r.akp"
  gen_bid_script "$BATS_TEST_TMPDIR/r.sh" --config "$BID_FIXTURES/provider.yaml" --pricing "$BATS_TEST_TMPDIR/r.akp"
  gen_bid_script "$BATS_TEST_TMPDIR/free.sh" --config "$BID_FIXTURES/provider.yaml"
  free="$(bash "$BATS_TEST_TMPDIR/free.sh" <<<"$order")"
  priced="$(bash "$BATS_TEST_TMPDIR/r.sh" <<<"$order")"
  # 0.5 USD a month over 429909 blocks, in micro-USD per block: 1.163036…
  [ "$(bc -l <<<"scale=6; ($priced - $free) * 429909 / 1000000 > 0.4999 && ($priced - $free) * 429909 / 1000000 < 0.5001")" = 1 ]
}

@test "storage default 0.5 or price_target_hd_default prices a 1 GiB default-class volume, as the evaluator; unset it is free" {
  local order='{"resources":[{"cpu":1000,"memory":1073741824,"count":1,"storage":[{"class":"default","size":1073741824}]}],"price":{"denom":"uact","amount":"1000000"}}'
  local free priced keyed evaluated
  printf 'storage default 0.5 per GiB\n' >"$BATS_TEST_TMPDIR/d.akp"
  { cat "$BID_FIXTURES/provider.yaml" && printf 'price_target_hd_default: "0.5"\n'; } >"$BATS_TEST_TMPDIR/d.yaml"
  gen_bid_script "$BATS_TEST_TMPDIR/d.sh" --config "$BID_FIXTURES/provider.yaml" --pricing "$BATS_TEST_TMPDIR/d.akp"
  gen_bid_script "$BATS_TEST_TMPDIR/dk.sh" --config "$BATS_TEST_TMPDIR/d.yaml"
  gen_bid_script "$BATS_TEST_TMPDIR/free.sh" --config "$BID_FIXTURES/provider.yaml"
  free="$(bash "$BATS_TEST_TMPDIR/free.sh" <<<"$order")"
  priced="$(bash "$BATS_TEST_TMPDIR/d.sh" <<<"$order")"
  keyed="$(bash "$BATS_TEST_TMPDIR/dk.sh" <<<"$order")"
  [[ "$priced" =~ $BID_GRAMMAR ]]
  [ "$keyed" = "$priced" ] || fail "price_target_hd_default bid $keyed != storage default bid $priced"
  # 0.5 USD a month over 429909 blocks, in micro-USD per block
  [ "$(bc -l <<<"scale=6; ($priced - $free) * 429909 / 1000000 > 0.4999 && ($priced - $free) * 429909 / 1000000 < 0.5001")" = 1 ]
  evaluated="$("${AKOPS_CLI[@]}" price --json --config "$BID_FIXTURES/provider.yaml" --pricing "$BATS_TEST_TMPDIR/d.akp" - <<<"$order" | jq -r .outcome.bid)"
  [ "$evaluated" = "$priced" ] || fail "evaluator $evaluated != script $priced"
}

@test "block_time 6.174s raises the per-block bid by 6.174/6.117; no block_time keeps the reference's" {
  local order='{"resources":[{"cpu":1000,"memory":1073741824,"count":1,"storage":[]}],"price":{"denom":"uact","amount":"1000000"}}'
  local base slow
  printf 'block_time 6.174s\n' >"$BATS_TEST_TMPDIR/b.akp"
  gen_bid_script "$BATS_TEST_TMPDIR/b.sh" --config "$BID_FIXTURES/provider.yaml" --pricing "$BATS_TEST_TMPDIR/b.akp"
  gen_bid_script "$BATS_TEST_TMPDIR/base.sh" --config "$BID_FIXTURES/provider.yaml"
  base="$(bash "$BATS_TEST_TMPDIR/base.sh" <<<"$order")"
  slow="$(bash "$BATS_TEST_TMPDIR/b.sh" <<<"$order")"
  grep -q '429909' "$BATS_TEST_TMPDIR/base.sh"
  grep -q '425940' "$BATS_TEST_TMPDIR/b.sh"
  [ "$(bc -l <<<"r = $slow / $base; r > 1.0092 && r < 1.0094")" = 1 ]
}
