#!/usr/bin/env bats
# The bid script's AKT/USD lookup against a loopback server (helpers/price-server.mjs): sources tried in
# order, the cache file (`PRICE EPOCH`, written by temp file + mv), stale and too-old caches, a hanging
# source, 32 concurrent bids on a cold cache. Each test generates its script from fixtures/bid/base.akp
# with the server's routes as the sources ("cache 60m max_age 6h"); uakt orders, so the bid shows which
# price was used.

bats_require_minimum_version 1.5.0

setup() {
  load test_helper
  load helpers/bid
  export AKOPS_CACHE_DIR="$BATS_TEST_TMPDIR/cache"
  mkdir -p "$AKOPS_CACHE_DIR"
  unset AKOPS_AKT_USD AKASH_OWNER WHITELIST_URL AKOPS_DEBUG AKOPS_CURL
  SCRIPT="$BATS_TEST_TMPDIR/price_script.sh"
  ORDER="$BID_FIXTURES/uakt.json"
  CACHE="$AKOPS_CACHE_DIR/akops-akt-usd.cache"
  price_server_start
}

teardown() {
  price_server_stop
}

# bid_at PRICE: the bid for ORDER with AKT/USD pinned to PRICE (no cache, no network).
bid_at() {
  AKOPS_AKT_USD="$1" bash "$SCRIPT" <"$ORDER"
}

@test "a good source gives the bid at its price and writes the cache as 'PRICE EPOCH'" {
  gen_loopback_script "$SCRIPT" good gecko
  run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 1.25)"
  [ "$(price_server_requests good)" -eq 1 ]
  [ "$(price_server_requests gecko)" -eq 0 ]
  run -0 cat "$CACHE"
  assert_output --regexp '^1\.25 [0-9]+$'
  local now
  printf -v now '%(%s)T' -1
  ((now - ${output#* } < 60))
}

@test "a jq path with quotes (CoinGecko's shape) reads the price" {
  gen_loopback_script "$SCRIPT" gecko good
  run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 2.5)"
  [ "$(price_server_requests good)" -eq 0 ]
}

@test "broken JSON from the first source means the next source is used" {
  gen_loopback_script "$SCRIPT" broken gecko
  run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 2.5)"
  [ "$(price_server_requests broken)" -eq 1 ]
  [ "$(price_server_requests gecko)" -eq 1 ]
}

@test "HTTP 500 from the first source means the next source is used, whatever its body" {
  gen_loopback_script "$SCRIPT" 500 gecko
  run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 2.5)"
  [ "$(price_server_requests 500)" -eq 1 ]
}

@test "a price of 0 or in exponent notation is not used" {
  gen_loopback_script "$SCRIPT" zero tiny gecko
  run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 2.5)"
  [ "$(price_server_requests zero)" -eq 1 ]
  [ "$(price_server_requests tiny)" -eq 1 ]
}

@test "a hanging source is given up on and the bid still finishes in time" {
  gen_loopback_script "$SCRIPT" hang good
  run -0 --separate-stderr timeout 9 bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 1.25)"
  [ "$(price_server_requests hang)" -eq 1 ]
}

@test "a fresh cache is used without any request" {
  gen_loopback_script "$SCRIPT" good gecko
  write_cache 3.5 60
  run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 3.5)"
  [ "$(price_server_requests)" -eq 0 ]
}

@test "a cache older than the cache time is refreshed from the sources" {
  gen_loopback_script "$SCRIPT" good
  write_cache 3.5 3700
  run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 1.25)"
  run -0 cat "$CACHE"
  assert_output --regexp '^1\.25 [0-9]+$'
}

@test "a cache stamped in the future is not taken as fresh" {
  gen_loopback_script "$SCRIPT" good
  write_cache 3.5 -86400
  run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 1.25)"
  [ "$(price_server_requests good)" -eq 1 ]
}

@test "when every source fails, a cache stamped in the future is refused" {
  gen_loopback_script "$SCRIPT" 500
  write_cache 3.5 -86400
  run -1 --separate-stderr bash "$SCRIPT" <"$ORDER"
  [ -z "$output" ]
  assert_stderr --partial "no AKT/USD price"
}

@test "a cache file that is not 'PRICE EPOCH' is ignored and replaced" {
  gen_loopback_script "$SCRIPT" good
  printf 'garbage\n' >"$CACHE"
  run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 1.25)"
  run -0 cat "$CACHE"
  assert_output --regexp '^1\.25 [0-9]+$'
}

@test "when every source fails, a stale cache within max_age is used" {
  gen_loopback_script "$SCRIPT" 500 broken
  write_cache 3.5 7200
  run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 3.5)"
  [ "$(price_server_requests 500)" -eq 1 ]
  [ "$(price_server_requests broken)" -eq 1 ]
}

@test "when every source fails, a cache older than max_age is refused" {
  gen_loopback_script "$SCRIPT" 500 broken
  write_cache 3.5 $((6 * 3600 + 60))
  run -1 --separate-stderr bash "$SCRIPT" <"$ORDER"
  [ -z "$output" ]
  assert_stderr --partial "no AKT/USD price"
}

@test "when every source fails and nothing is cached, there is no bid" {
  gen_loopback_script "$SCRIPT" 500 broken
  run -1 --separate-stderr bash "$SCRIPT" <"$ORDER"
  [ -z "$output" ]
  assert_stderr --partial "no AKT/USD price"
  [ ! -e "$CACHE" ]
}

@test "a cache directory that cannot be written still gives the bid at the fetched price" {
  gen_loopback_script "$SCRIPT" good
  AKOPS_CACHE_DIR="$BATS_TEST_TMPDIR/missing/dir" run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 1.25)"
}

@test "AKOPS_AKT_USD pinned means no request and no cache" {
  gen_loopback_script "$SCRIPT" good
  AKOPS_AKT_USD=4 run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  [ "$(price_server_requests)" -eq 0 ]
  [ ! -e "$CACHE" ]
}

@test "AKOPS_DEBUG=1 names the source on stderr and stdout stays exactly the bid" {
  gen_loopback_script "$SCRIPT" broken good
  AKOPS_DEBUG=1 run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 1.25)"
  assert_stderr --partial "akt_usd source failed: $PRICE_SERVER/broken"
  assert_stderr --partial "akt_usd=1.25 source=$PRICE_SERVER/good"
}

@test "32 concurrent bids on a cold cache all succeed with the same bid, fetch the price once and leave a whole cache line" {
  gen_loopback_script "$SCRIPT" good
  local i expected
  local -a pids=()
  expected="$(bid_at 1.25)"
  for ((i = 0; i < 32; i++)); do
    bash "$SCRIPT" <"$ORDER" >"$BATS_TEST_TMPDIR/bid.$i" 2>"$BATS_TEST_TMPDIR/err.$i" 3>&- &
    pids+=("$!")
  done
  for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || fail "bid $i failed: $(<"$BATS_TEST_TMPDIR/err.$i")"
  done
  for ((i = 0; i < 32; i++)); do
    [ "$(<"$BATS_TEST_TMPDIR/bid.$i")" = "$expected" ] || fail "bid $i: '$(<"$BATS_TEST_TMPDIR/bid.$i")', want '$expected'"
  done
  run -0 cat "$CACHE"
  assert_output --regexp '^1\.25 [0-9]+$'
  # No temp file or lock left behind, and one bid fetched for all 32.
  run -0 ls -A "$AKOPS_CACHE_DIR"
  assert_output akops-akt-usd.cache
  [ "$(price_server_requests good)" -eq 1 ]
}

@test "with only bash, jq, bc, awk, curl, mv and rm on PATH, a fetched price bids" {
  gen_loopback_script "$SCRIPT" good
  local expected bin="$BATS_TEST_TMPDIR/bin"
  expected="$(bid_at 1.25)"
  minimal_path "$bin" jq bc awk curl mv rm
  run -0 --separate-stderr env -i PATH="$bin" AKOPS_CACHE_DIR="$AKOPS_CACHE_DIR" "$bin/bash" "$SCRIPT" <"$ORDER"
  assert_output "$expected"
  [ -s "$CACHE" ]
}

@test "a lock left by a bid killed mid-fetch (older than 10 s) does not stop the next bid from fetching" {
  gen_loopback_script "$SCRIPT" good
  local now
  printf -v now '%(%s)T' -1
  printf '%s\n' "$((now - 60))" >"$AKOPS_CACHE_DIR/akops-akt-usd.cache.lock"
  run -0 --separate-stderr bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 1.25)"
  [ "$(price_server_requests good)" -eq 1 ]
  [ ! -e "$AKOPS_CACHE_DIR/akops-akt-usd.cache.lock" ]
}

@test "while another bid holds a fresh lock and every source is down, a bid uses the stale cache" {
  gen_loopback_script "$SCRIPT" 500
  local now
  printf -v now '%(%s)T' -1
  write_cache 3.5 7200
  printf '%s\n' "$now" >"$AKOPS_CACHE_DIR/akops-akt-usd.cache.lock"
  run -0 --separate-stderr timeout 9 bash "$SCRIPT" <"$ORDER"
  assert_output "$(bid_at 3.5)"
  # It waited for the other bid's price instead of asking the sources itself.
  [ "$(price_server_requests 500)" -eq 0 ]
}
