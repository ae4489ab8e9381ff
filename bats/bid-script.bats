#!/usr/bin/env bats
# The bid-price script (generated/example/bid/price_script.sh) as a black box: the provider's order on
# stdin, the bid on stdout (no newline), refusals with a non-zero exit, an empty stdout and a reason on
# stderr. AKT/USD is pinned with AKOPS_AKT_USD here; bid-akt-price.bats covers the price lookup.

bats_require_minimum_version 1.5.0

setup() {
  load test_helper
  load helpers/bid
  export AKOPS_AKT_USD=1.25
  export AKOPS_CACHE_DIR="$BATS_TEST_TMPDIR/cache"
  mkdir -p "$AKOPS_CACHE_DIR"
  unset AKASH_OWNER WHITELIST_URL AKOPS_DEBUG AKOPS_CURL
}

teardown() {
  price_server_stop
}

# bid_from TEXT: the golden script with TEXT (no newline added) on stdin.
bid_from() {
  bash "$BID_SCRIPT" < <(printf '%s' "$1")
}

# refused REASON: the last run printed nothing on stdout and a line matching REASON (an ERE) on stderr.
# Reasons are matched loosely: the jq program words them tersely (it is compiled on every bid).
refused() {
  [ -z "$output" ]
  assert_stderr --regexp "$1"
}

# an order with one service: order_with RESOURCE_JSON [PRICE_JSON] [EXTRA_JSON_MEMBERS]
order_with() {
  local price='{"denom":"uakt","amount":"1000000"}'
  printf '{"resources":[%s],"price":%s%s}' "$1" "${2:-$price}" "${3:+,$3}"
}

SERVICE='{"cpu":1000,"memory":1073741824,"storage":[{"class":"ephemeral","size":1073741824}],"count":1}'

# --- acceptance 4: malformed orders get no bid ---------------------------------------------------

@test "a valid order gets a bid on stdout without a trailing newline" {
  run -0 --separate-stderr bid_from "$(order_with "$SERVICE")"
  assert_output --regexp '^[0-9]+\.[0-9]{6}$'
  [ -z "$stderr" ]
  bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json" >"$BATS_TEST_TMPDIR/bid"
  # $(…) drops a trailing newline, so the last byte reads as empty exactly when it is one.
  [ -n "$(tail -c 1 "$BATS_TEST_TMPDIR/bid")" ]
}

@test "non-JSON input is refused with nothing on stdout" {
  run -1 --separate-stderr bid_from 'resources: [cpu: 1000]'
  refused "invalid order"
}

@test "empty stdin is refused with nothing on stdout" {
  run -1 --separate-stderr bash "$BID_SCRIPT" </dev/null
  refused "invalid order: .*(empty input|got 0)"
}

@test "an order without resources is refused with nothing on stdout" {
  run -1 --separate-stderr bid_from '{"price":{"denom":"uakt","amount":"1000000"},"price_precision":6}'
  refused "invalid order: .*resources"
}

@test "a negative cpu is refused with nothing on stdout" {
  run -1 --separate-stderr bid_from "$(order_with '{"cpu":-1000,"memory":1073741824,"count":1}')"
  refused "invalid order: .*cpu.* non-negative integer"
}

@test "an unknown denom is refused with nothing on stdout" {
  run -1 --separate-stderr bid_from "$(order_with "$SERVICE" '{"denom":"uatom","amount":"1000000"}')"
  refused "denom not supported: uatom"
}

@test "two JSON documents on stdin are refused" {
  run -1 --separate-stderr bid_from "$(order_with "$SERVICE")$(order_with "$SERVICE")"
  refused "invalid order: .*(more than one JSON document|got 2)"
}

@test "an empty resources list is refused" {
  run -1 --separate-stderr bid_from "$(order_with '')"
  refused "invalid order: .*(resources: empty list|non-empty resources list|resources: expected a non-empty list)"
}

@test "a cpu given as a string is refused" {
  run -1 --separate-stderr bid_from "$(order_with '{"cpu":"1000","memory":1073741824,"count":1}')"
  refused "invalid order: .*cpu.* non-negative integer"
}

@test "a price amount that is not a decimal is refused" {
  run -1 --separate-stderr bid_from "$(order_with "$SERVICE" '{"denom":"uakt","amount":"1e6"}')"
  refused "price.amount: expected a decimal"
}

@test "a price amount with a newline in it is refused, not fed to bc" {
  # The amount "1\n5" once split the jq header and bc printed 5 as the bid's first line.
  run -1 --separate-stderr bid_from "$(order_with "$SERVICE" '{"denom":"uakt","amount":"1000000\n5"}')"
  refused "invalid order"
}

@test "a huge price_precision is refused" {
  run -1 --separate-stderr bid_from "$(order_with "$SERVICE" '' '"price_precision":1000000')"
  refused "price_precision: expected an integer from 0 to 18"
}

@test "a truncated order is refused" {
  run -1 --separate-stderr bid_from "$(order_with "$SERVICE" | head -c 40)"
  refused "invalid order"
}

@test "a rate above the order's max amount is refused, as the reference does" {
  run -1 --separate-stderr bid_from "$(order_with "$SERVICE" '{"denom":"uakt","amount":"0.5"}')"
  refused "requested rate is too low"
}

# --- pricing -------------------------------------------------------------------------------------

@test "an order whose services have no storage volume gets the bid akops price computes" {
  local expected
  expected="$(akops_bid "$BID_FIXTURES/no-storage.json" "${BID_EXAMPLE_ARGS[@]}" --akt-usd 1.25)"
  run -0 --separate-stderr bash "$BID_SCRIPT" <"$BID_FIXTURES/no-storage.json"
  assert_output "$expected"
  [[ "$output" != 0.000000 ]]
}

@test "every bid-oracle case prints the reference's stdout, or fails where the reference failed" {
  local oracle="$AKOPS_REPO/../shared/fixtures/bid-oracle" config line want_exit want_out got rc mismatches=0 n=0
  [[ -f "$oracle/expected.jsonl" ]] || fail "no oracle fixtures at $oracle"
  for config in "$oracle"/configs/*.yaml; do
    gen_bid_script "$BATS_TEST_TMPDIR/$(basename "$config" .yaml).sh" --config "$config"
  done
  # Two lines per case: "config|akt_usd|exit|stdout", then the order as the provider writes it.
  while IFS='|' read -r config akt want_exit want_out && IFS= read -r line; do
    n=$((n + 1))
    rc=0
    got="$(AKOPS_AKT_USD="$akt" bash "$BATS_TEST_TMPDIR/$config.sh" 2>/dev/null <<<"$line")" || rc=$?
    if [[ "$got" != "$want_out" ]] || { [[ "$want_exit" == 0 ]] && ((rc != 0)); } || { [[ "$want_exit" != 0 ]] && ((rc == 0)); }; then
      printf 'case %d (%s): want exit %s stdout %q, got exit %d stdout %q\n' "$n" "$config" "$want_exit" "$want_out" "$rc" "$got" >&3
      mismatches=$((mismatches + 1))
    fi
  done < <(jq -r '"\(.config)|\(.akt_usd)|\(.exit)|\(.stdout)", (.order | tojson)' "$oracle/expected.jsonl")
  ((n > 100))
  [ "$mismatches" -eq 0 ]
}

@test "AKOPS_DEBUG=1 writes debug lines to stderr and leaves stdout exactly the bid" {
  local plain
  plain="$(bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json")"
  AKOPS_DEBUG=1 run -0 --separate-stderr bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json"
  assert_output "$plain"
  assert_stderr --partial "debug: usd_per_month="
}

@test "AKOPS_AKT_USD that is not a price is refused" {
  AKOPS_AKT_USD=0 run -1 --separate-stderr bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json"
  refused "AKOPS_AKT_USD is not a price: 0$"
}

# --- tenant rules (examples/pricing.akp: two denied owners, multipliers 0.8 and 1.25) -----------

@test "a denied owner gets no bid" {
  AKASH_OWNER=akash1fcug4vetzrwgm0r79q2y74fgxzkuw3u8hl3xt0 run -1 --separate-stderr bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json"
  refused "is denied"
}

@test "a tenant multiplier changes the bid as akops price --owner says" {
  local owner=akash1mgx64wjtz45krszf4d9ctdkshjazsu3qlkne9n plain expected
  plain="$(bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json")"
  expected="$(akops_bid "$BID_FIXTURES/uakt.json" "${BID_EXAMPLE_ARGS[@]}" --akt-usd 1.25 --owner "$owner")"
  AKASH_OWNER="$owner" run -0 --separate-stderr bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json"
  assert_output "$expected"
  [[ "$output" != "$plain" ]]
}

@test "with an allow list, a listed owner bids and any other owner is refused" {
  gen_bid_script "$BATS_TEST_TMPDIR/allow.sh" --config "$BID_FIXTURES/provider.yaml" --pricing "$BID_FIXTURES/allow.akp"
  AKASH_OWNER=akash1tcz80f85vdx93zqqrrl62wg9y0f6p2qh5s8mkd run -0 --separate-stderr bash "$BATS_TEST_TMPDIR/allow.sh" <"$BID_FIXTURES/uakt.json"
  assert_output --regexp '^[0-9]+\.[0-9]{6}$'
  AKASH_OWNER=akash1cnhz2c8c3j54sqf72yph4zssrvpzpvd7apwgze run -1 --separate-stderr bash "$BATS_TEST_TMPDIR/allow.sh" <"$BID_FIXTURES/uakt.json"
  refused "is not in the allow list"
}

@test "with WHITELIST_URL, a listed owner bids and an unlisted one is refused" {
  local plain
  plain="$(bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json")"
  price_server_start
  export WHITELIST_URL="$PRICE_SERVER/whitelist"
  AKASH_OWNER=akash1cnhz2c8c3j54sqf72yph4zssrvpzpvd7apwgze run -0 --separate-stderr bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json"
  assert_output "$plain"
  AKASH_OWNER=akash1a7eeulharl8gsd43xge8utx6u6n403457c5nuf run -1 --separate-stderr bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json"
  refused "is not whitelisted"
}

@test "a whitelist served with CRLF line ends still lists its owners" {
  price_server_start
  export WHITELIST_URL="$PRICE_SERVER/whitelist-crlf" AKASH_OWNER=akash19yq55y83jt8tqvyyy2twqc68esqu6hv9gxtu7e
  run -0 --separate-stderr bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json"
  assert_output --regexp '^[0-9]+\.[0-9]{6}$'
}

@test "a cached whitelist stamped in the future is fetched again" {
  local now
  price_server_start
  export WHITELIST_URL="$PRICE_SERVER/whitelist" AKASH_OWNER=akash19yq55y83jt8tqvyyy2twqc68esqu6hv9gxtu7e
  printf -v now '%(%s)T' -1
  printf 'akash1a7eeulharl8gsd43xge8utx6u6n403457c5nuf\n' >"$AKOPS_CACHE_DIR/akops-whitelist"
  printf '%s\n' "$((now + 86400))" >"$AKOPS_CACHE_DIR/akops-whitelist.time"
  run -0 --separate-stderr bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json"
  [ "$(price_server_requests whitelist)" -eq 1 ]
}

@test "the whitelist is fetched once and reused from the cache" {
  price_server_start
  export WHITELIST_URL="$PRICE_SERVER/whitelist" AKASH_OWNER=akash19yq55y83jt8tqvyyy2twqc68esqu6hv9gxtu7e
  run -0 bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json"
  run -0 bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json"
  [ "$(price_server_requests whitelist)" -eq 1 ]
}

@test "a whitelist that cannot be fetched, with none cached, means no bid" {
  price_server_start
  export WHITELIST_URL="$PRICE_SERVER/500" AKASH_OWNER=akash19yq55y83jt8tqvyyy2twqc68esqu6hv9gxtu7e
  run -1 --separate-stderr bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json"
  refused "cannot be fetched"
}

# gen_list_script OUT STATEMENT...: a script for fixtures/bid/provider.yaml with these DSL lines.
gen_list_script() {
  local out="$1"
  shift
  printf '%s\n' "$@" >"$BATS_TEST_TMPDIR/lists.akp"
  gen_bid_script "$out" --config "$BID_FIXTURES/provider.yaml" --pricing "$BATS_TEST_TMPDIR/lists.akp"
}

@test "deny from URL: a listed owner gets no bid, an unlisted one bids; the list is fetched once" {
  price_server_start
  gen_list_script "$BATS_TEST_TMPDIR/deny.sh" "deny from \"$PRICE_SERVER/whitelist\""
  AKASH_OWNER=akash1cnhz2c8c3j54sqf72yph4zssrvpzpvd7apwgze run -1 --separate-stderr bash "$BATS_TEST_TMPDIR/deny.sh" <"$BID_FIXTURES/uakt.json"
  refused "is on the deny list"
  AKASH_OWNER=akash1a7eeulharl8gsd43xge8utx6u6n403457c5nuf run -0 --separate-stderr bash "$BATS_TEST_TMPDIR/deny.sh" <"$BID_FIXTURES/uakt.json"
  assert_output --regexp '^[0-9]+\.[0-9]{6}$'
  [ "$(price_server_requests whitelist)" -eq 1 ]
  [ -f "$AKOPS_CACHE_DIR/akops-denylist" ]
}

@test "deny from URL that cannot be fetched: on_failure open (the default) bids, closed refuses" {
  price_server_start
  export AKASH_OWNER=akash1a7eeulharl8gsd43xge8utx6u6n403457c5nuf
  gen_list_script "$BATS_TEST_TMPDIR/open.sh" "deny from \"$PRICE_SERVER/500\""
  run -0 --separate-stderr bash "$BATS_TEST_TMPDIR/open.sh" <"$BID_FIXTURES/uakt.json"
  assert_output --regexp '^[0-9]+\.[0-9]{6}$'
  gen_list_script "$BATS_TEST_TMPDIR/closed.sh" "deny from \"$PRICE_SERVER/500\" on_failure closed"
  run -1 --separate-stderr bash "$BATS_TEST_TMPDIR/closed.sh" <"$BID_FIXTURES/uakt.json"
  refused "deny list .* cannot be fetched"
}

@test "allow from URL that cannot be fetched: closed (the default) refuses, on_failure open bids" {
  price_server_start
  export AKASH_OWNER=akash1a7eeulharl8gsd43xge8utx6u6n403457c5nuf
  gen_list_script "$BATS_TEST_TMPDIR/closed.sh" "allow from \"$PRICE_SERVER/500\""
  run -1 --separate-stderr bash "$BATS_TEST_TMPDIR/closed.sh" <"$BID_FIXTURES/uakt.json"
  refused "cannot be fetched"
  gen_list_script "$BATS_TEST_TMPDIR/open.sh" "allow from \"$PRICE_SERVER/500\" on_failure open"
  run -0 --separate-stderr bash "$BATS_TEST_TMPDIR/open.sh" <"$BID_FIXTURES/uakt.json"
  assert_output --regexp '^[0-9]+\.[0-9]{6}$'
}

@test "curl is asked never to glob and to speak only http(s); a list URL with a control character is refused" {
  # A curl that writes the owner as the whole list to --output, and keeps its arguments.
  stub_command curl 'out=""; prev=""; for a; do [[ "$prev" == --output ]] && out="$a"; prev="$a"; done; printf "%s\n" "$@" >"$AKOPS_CACHE_DIR/curl.args"; printf "%s\n" "$AKASH_OWNER" >"$out"'
  export AKASH_OWNER=akash19yq55y83jt8tqvyyy2twqc68esqu6hv9gxtu7e
  WHITELIST_URL='http://127.0.0.1:9/list[1-2]' run -0 --separate-stderr bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json"
  run -0 cat "$AKOPS_CACHE_DIR/curl.args"
  assert_line --index 0 --regexp '^(--silent)$'
  assert_line --partial -- "--globoff"
  assert_output --regexp $'--proto\n=http,https'
  assert_output --regexp $'--proto-redir\n=http,https'
  rm -f "$AKOPS_CACHE_DIR"/akops-whitelist*
  WHITELIST_URL=$'http://127.0.0.1:9/list\x01' run -1 --separate-stderr bash "$BID_SCRIPT" <"$BID_FIXTURES/uakt.json"
  refused "control character"
}

# --- what the provider image has ----------------------------------------------------------------

# bids_with_minimal_path ORDER: with a pinned price, the script bids ORDER with only bash, jq, bc and
# awk on PATH (no coreutils, no curl), and the bid is the one it gives with the full PATH.
bids_with_minimal_path() {
  local order="$1" expected bin="$BATS_TEST_TMPDIR/bin"
  expected="$(bash "$BID_SCRIPT" <"$order")"
  minimal_path "$bin" jq bc awk
  run -0 --separate-stderr env -i PATH="$bin" AKOPS_AKT_USD=1.25 "$bin/bash" "$BID_SCRIPT" <"$order"
  assert_output "$expected"
}

@test "with only bash, jq, bc and awk on PATH, a pinned price bids in uakt" {
  bids_with_minimal_path "$BID_FIXTURES/uakt.json"
}

@test "with only bash, jq, bc and awk on PATH, a pinned price bids in a USD denom (awk's path)" {
  bids_with_minimal_path "$BID_FIXTURES/uact.json"
}
