# Helpers for bats/bid-*.bats: the golden bid script, scripts generated for one test, the loopback
# price server (helpers/price-server.mjs).
# shellcheck shell=bash
# shellcheck disable=SC2034 # the BID_* constants are for the .bats files that load this one

BID_SCRIPT="$GENERATED/bid/price_script.sh"
BID_FIXTURES="$AKOPS_REPO/bats/fixtures/bid"
# The golden script's inputs (test/golden.test.ts generates it from these).
BID_EXAMPLE_ARGS=(--config "$AKOPS_REPO/examples/provider.yaml" --pricing "$AKOPS_REPO/examples/pricing.akp")

# gen_bid_script OUT ARGS...: `akops gen price-script ARGS -o OUT`, failing the test on any diagnostic error.
gen_bid_script() {
  local out="$1"
  shift
  "${AKOPS_CLI[@]}" gen price-script "$@" -o "$out" >"$BATS_TEST_TMPDIR/gen.log" 2>&1 ||
    fail "gen price-script $* failed: $(<"$BATS_TEST_TMPDIR/gen.log")"
}

# akops_bid ORDER ARGS...: the bid the TypeScript evaluator (`akops price --json`) gives ORDER.
akops_bid() {
  local order="$1"
  shift
  "${AKOPS_CLI[@]}" price "$order" "$@" --json | jq -r '.outcome.bid // error("no bid: \(.outcome)")'
}

# price_server_start: starts helpers/price-server.mjs on a free loopback port and sets PRICE_SERVER
# (http://127.0.0.1:PORT). It exits by itself after 30 s; price_server_stop (teardown) ends it earlier.
price_server_start() {
  local port_file="$BATS_TEST_TMPDIR/price-server.port" i port=""
  # 3>&-: bats waits for fd 3 to close before it finishes the test.
  node "$AKOPS_REPO/bats/helpers/price-server.mjs" "$port_file" --lifetime 30 \
    --whitelist "$BID_FIXTURES/whitelist.txt" >"$BATS_TEST_TMPDIR/price-server.log" 2>&1 3>&- &
  PRICE_SERVER_PID=$!
  for ((i = 0; i < 200; i++)); do
    if [[ -s "$port_file" ]]; then
      read -r port <"$port_file"
      break
    fi
    sleep 0.05
  done
  [[ "$port" =~ ^[0-9]+$ ]] || fail "price server did not start: $(<"$BATS_TEST_TMPDIR/price-server.log")"
  PRICE_SERVER="http://127.0.0.1:$port"
}

price_server_stop() {
  if [[ -n "${PRICE_SERVER_PID:-}" ]]; then
    kill "$PRICE_SERVER_PID" 2>/dev/null || true
    wait "$PRICE_SERVER_PID" 2>/dev/null || true
    PRICE_SERVER_PID=""
  fi
}

# price_server_requests [ROUTE]: requests the server has answered (or left hanging) on ROUTE, or on all
# routes without an argument.
price_server_requests() {
  curl --silent --fail --max-time 3 "$PRICE_SERVER/count" | jq --arg r "${1:-}" 'if $r == "" then [.[]] | add else .[$r] end'
}

# source_of ROUTE: a DSL price source on the loopback server, with the jq path that fits the route.
source_of() {
  case "$1" in
    gecko*) printf '"%s/%s" path ".\\"akash-network\\".usd"' "$PRICE_SERVER" "$1" ;;
    *) printf '"%s/%s" path ".Price"' "$PRICE_SERVER" "$1" ;;
  esac
}

# gen_loopback_script OUT ROUTE...: a bid script for fixtures/bid/base.akp whose AKT/USD sources are
# these server routes, in order, cached 60m, max age 6h.
gen_loopback_script() {
  local out="$1" pricing="$BATS_TEST_TMPDIR/loopback.akp" sources="" route
  shift
  for route in "$@"; do
    sources+="${sources:+, }$(source_of "$route")"
  done
  {
    cat "$BID_FIXTURES/base.akp"
    printf 'akt_price from %s cache 60m max_age 6h\n' "$sources"
  } >"$pricing"
  gen_bid_script "$out" --config "$BID_FIXTURES/provider.yaml" --pricing "$pricing"
}

# write_cache PRICE AGE_SECONDS: the AKT/USD cache as if PRICE had been fetched AGE_SECONDS ago.
write_cache() {
  local now
  printf -v now '%(%s)T' -1
  printf '%s %s\n' "$1" "$((now - $2))" >"$AKOPS_CACHE_DIR/akops-akt-usd.cache"
}

# minimal_path DIR TOOL...: DIR holds symlinks to bash and TOOL... only, for PATH="DIR".
minimal_path() {
  local dir="$1" tool
  shift
  mkdir -p "$dir"
  for tool in bash "$@"; do
    ln -s "$(command -v "$tool")" "$dir/$tool"
  done
}
