# Shared set-up for every bats file: bats-support + bats-assert, the generated tree, a sandboxed PATH.
# shellcheck shell=bash

AKOPS_REPO="$(cd "$BATS_TEST_DIRNAME/.." && pwd)"
load "$AKOPS_REPO/node_modules/bats-support/load"
load "$AKOPS_REPO/node_modules/bats-assert/load"

# The golden tree: bats runs exactly what is committed (and what test/golden.test.ts keeps current).
GENERATED="$AKOPS_REPO/generated/example"
AKOPS_CLI=(node "$AKOPS_REPO/dist/akops.cjs")

# Puts an executable stub named $1 with body $2 first on PATH (inside this test's temp dir).
stub_command() {
  local name="$1" body="$2"
  mkdir -p "$BATS_TEST_TMPDIR/stubs"
  printf '#!/usr/bin/env bash\n%s\n' "$body" >"$BATS_TEST_TMPDIR/stubs/$name"
  chmod +x "$BATS_TEST_TMPDIR/stubs/$name"
  case ":$PATH:" in
    *":$BATS_TEST_TMPDIR/stubs:"*) ;;
    *) PATH="$BATS_TEST_TMPDIR/stubs:$PATH" ;;
  esac
}

# Metrics off unless a test turns them on: a job must never write into the host's textfile directory.
export AKOPS_TEXTFILE_DIR=""
