#!/usr/bin/env bats
# kill-zombie-parents.sh (generated/example/bin) on fixture /proc trees. Signals go to a recording
# stub ($AKOPS_KILL), waits to another ($AKOPS_SLEEP): nothing real is ever signalled or waited for.
# The example's settings are the seed's: waits 15/15/5 s, init threshold 50.

bats_require_minimum_version 1.5.0

setup() {
  load test_helper
  load helpers/proc-fixture
  proc_init
  export AKOPS_LOCK_FILE="$BATS_TEST_TMPDIR/run/kill-zombie-parents.lock"
  export SIGNAL_LOG="$BATS_TEST_TMPDIR/signals" SLEEP_LOG="$BATS_TEST_TMPDIR/sleeps"
  : >"$SIGNAL_LOG"
  : >"$SLEEP_LOG"
  # The stubs call on_signal / on_sleep when a test defines and exports them (export -f), so a test
  # can make the fixture change the way the kernel would (reap a zombie, recycle a PID).
  stub_command fake-kill 'printf "%s %s\n" "$1" "$2" >>"$SIGNAL_LOG"
if declare -F on_signal >/dev/null; then on_signal "$@"; fi'
  stub_command fake-sleep 'printf "%s\n" "$1" >>"$SLEEP_LOG"
if declare -F on_sleep >/dev/null; then on_sleep "$@"; fi'
  export AKOPS_KILL="$BATS_TEST_TMPDIR/stubs/fake-kill" AKOPS_SLEEP="$BATS_TEST_TMPDIR/stubs/fake-sleep"
  export -f proc_add proc_set
  export PROC_ROOT PROC_HOST_NS
}

# The golden script (goldens are not executable in git).
reaper() {
  bash "$GENERATED/bin/kill-zombie-parents.sh" "$@"
}

# A container: shim 5000 (host namespace), its init 5001 (pid:[4026532001], NSpid "5001 1") and a
# worker 5002 under the init (NSpid "5002 7").
container_with_worker() {
  proc_container 5000 5001 4026532001
  proc_add 5002 5001 worker ns=4026532001 nspid="5002 7"
}

# zombies PARENT FIRST_PID COUNT — COUNT zombies (comm "defunct") under PARENT in PARENT's namespace.
zombies() {
  local parent="$1" first="$2" count="$3" pid ns
  ns="$(readlink "$PROC_ROOT/$parent/ns/pid")"
  ns="${ns#pid:[}"
  ns="${ns%]}"
  for ((pid = first; pid < first + count; pid++)); do
    if [[ "$ns" == 4026531836 ]]; then
      proc_add "$pid" "$parent" defunct state=Z
    else
      proc_add "$pid" "$parent" defunct state=Z ns="$ns" nspid="$pid 9$pid"
    fi
  done
}

@test "--help prints the usage header: options, environment and output" {
  run -0 --separate-stderr reaper --help
  assert_output --partial "Usage: kill-zombie-parents.sh [--dry-run] [-h|--help]"
  assert_output --partial "AKOPS_PROC_ROOT"
  assert_output --partial "AKOPS_KILL"
  assert_output --partial "action=signal pid=P signal=CHLD|TERM|KILL zombies=N shim=S"
  refute_output --partial "set -euo pipefail"
}

@test "an unknown argument is a usage error on stderr with exit status 2" {
  run -2 --separate-stderr reaper --now
  assert_equal "$stderr" "$(printf '%s\n' 'kill-zombie-parents.sh: unknown argument: --now (see --help)')"
  assert_output ""
}

@test "a proc root that does not exist is an error" {
  AKOPS_PROC_ROOT="$BATS_TEST_TMPDIR/nowhere" run -1 --separate-stderr reaper
  assert_equal "$stderr" "kill-zombie-parents.sh: $BATS_TEST_TMPDIR/nowhere is not a directory"
}

@test "a table without zombies logs one scan line and signals nothing" {
  container_with_worker
  proc_add 7000 1 sshd
  run -0 --separate-stderr reaper
  assert_output "action=scan processes=5 zombies=0 parents=0"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a forged comm 'a) Z 6004 (b' does not make process 6004 a zombie's parent" {
  container_with_worker
  proc_add 6004 5001 victim ns=4026532001 nspid="6004 8"
  proc_add 6005 5001 'a) Z 6004 (b' ns=4026532001 nspid="6005 9"
  run -0 --separate-stderr reaper
  assert_output "action=scan processes=6 zombies=0 parents=0"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a real zombie with a forged comm is charged to its real parent" {
  container_with_worker
  proc_add 6004 5001 victim ns=4026532001 nspid="6004 8"
  proc_add 6005 5002 'a) S 6004 (b' state=Z ns=4026532001 nspid="6005 9"
  run -0 --separate-stderr reaper --dry-run
  assert_line "action=signal pid=5002 signal=CHLD zombies=1 shim=5000"
  refute_output --partial "pid=6004"
}

@test "a newline in comm cannot forge a zombie line" {
  container_with_worker
  proc_add 6004 5001 victim ns=4026532001 nspid="6004 8"
  proc_add 6005 5001 $'x\n6005 (y) Z 6004 (z' ns=4026532001 nspid="6005 9"
  run -0 --separate-stderr reaper
  assert_output "action=scan processes=6 zombies=0 parents=0"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a zombie whose comm has spaces and parentheses is found under its parent" {
  container_with_worker
  proc_add 5003 5002 'my (odd) proc)' state=Z ns=4026532001 nspid="5003 8"
  run -0 --separate-stderr reaper --dry-run
  assert_output "$(printf '%s\n' 'action=scan processes=5 zombies=1 parents=1' 'action=signal pid=5002 signal=CHLD zombies=1 shim=5000')"
}

@test "a zombie with a 63-byte comm (the longest the kernel prints) and a 7-digit PID is found" {
  container_with_worker
  proc_add 4194303 5002 "$(printf 'c%.0s' {1..63})" state=Z ns=4026532001 nspid="4194303 8"
  run -0 --separate-stderr reaper --dry-run
  assert_line "action=signal pid=5002 signal=CHLD zombies=1 shim=5000"
}

@test "a container init below the threshold gets SIGCHLD only, then the run stops for it" {
  container_with_worker
  zombies 5001 5100 2
  run -0 --separate-stderr reaper
  assert_output "$(printf '%s\n' \
    'action=scan processes=6 zombies=2 parents=1' \
    'action=signal pid=5001 signal=CHLD zombies=2 shim=5000' \
    'action=stop pid=5001 reason=init-below-threshold zombies=2 threshold=50 shim=5000')"
  assert_equal "$(cat "$SIGNAL_LOG")" "-CHLD 5001"
  assert_equal "$(cat "$SLEEP_LOG")" "15"
}

@test "a container init known only by NSpid ending in 1 is treated as an init" {
  proc_add 5000 1 containerd-shim-runc-v2
  proc_add 5001 5000 sh ns=4026532001 nspid="5001 1"
  # An intermediate process in the host namespace (e.g. runc's) between the shim and the init.
  proc_add 5002 5000 runc-init ns=host
  proc_set 5001 ppid=5002
  zombies 5001 5100 1
  run -0 --separate-stderr reaper
  assert_line "action=stop pid=5001 reason=init-below-threshold zombies=1 threshold=50 shim=5000"
  assert_equal "$(cat "$SIGNAL_LOG")" "-CHLD 5001"
}

@test "a container init holding at least the threshold of zombies gets SIGCHLD, SIGTERM and SIGKILL" {
  container_with_worker
  zombies 5001 5100 50
  run -0 --separate-stderr reaper
  assert_equal "$(cat "$SIGNAL_LOG")" "$(printf '%s\n' '-CHLD 5001' '-TERM 5001' '-KILL 5001')"
  assert_line "action=signal pid=5001 signal=KILL zombies=50 shim=5000"
  assert_line "action=failed pid=5001 zombies=50 shim=5000"
}

@test "a non-init container process is escalated CHLD, TERM, KILL with the configured waits" {
  container_with_worker
  zombies 5002 5100 2
  run -0 --separate-stderr reaper
  assert_output "$(printf '%s\n' \
    'action=scan processes=6 zombies=2 parents=1' \
    'action=signal pid=5002 signal=CHLD zombies=2 shim=5000' \
    'action=signal pid=5002 signal=TERM zombies=2 shim=5000' \
    'action=signal pid=5002 signal=KILL zombies=2 shim=5000' \
    'action=failed pid=5002 zombies=2 shim=5000')"
  assert_equal "$(cat "$SIGNAL_LOG")" "$(printf '%s\n' '-CHLD 5002' '-TERM 5002' '-KILL 5002')"
  assert_equal "$(cat "$SLEEP_LOG")" "$(printf '%s\n' 15 15 5)"
}

@test "a parent that reaps its zombies after SIGTERM gets no SIGKILL" {
  container_with_worker
  zombies 5002 5100 2
  on_signal() {
    [[ "$1" == -TERM && "$2" == 5002 ]] && rm -rf "$PROC_ROOT/5100" "$PROC_ROOT/5101"
    return 0
  }
  export -f on_signal
  run -0 --separate-stderr reaper
  assert_equal "$(cat "$SIGNAL_LOG")" "$(printf '%s\n' '-CHLD 5002' '-TERM 5002')"
  assert_line "action=reaped pid=5002 after=TERM"
  assert_equal "$(cat "$SLEEP_LOG")" "$(printf '%s\n' 15 15)"
}

@test "zombies of host processes are logged and left alone" {
  proc_add 7000 1 cron
  zombies 7000 7100 2
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=7000 reason=not-in-container zombies=2"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "zombies of PID 1 are left alone" {
  zombies 1 7100 1
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=1 reason=parent-is-host-init zombies=1"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a zombie whose parent is the shim is left alone" {
  container_with_worker
  zombies 5000 5100 1
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=5000 reason=parent-is-shim zombies=1"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a process named containerd-shim inside a container is not trusted as a shim" {
  proc_add 8000 1 bash
  proc_add 8001 8000 containerd-shim ns=4026532002 nspid="8001 1"
  proc_add 8002 8001 app ns=4026532002 nspid="8002 2"
  zombies 8002 8100 1
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=8002 reason=not-in-container zombies=1"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a shim outside the host PID namespace is not trusted" {
  proc_add 8000 1 containerd-shim ns=4026532002 nspid="8000 1"
  proc_add 8001 8000 app ns=4026532003 nspid="8001 5 1"
  zombies 8001 8100 1
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=8001 reason=not-in-container zombies=1"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a process under the shim but in the host PID namespace (hostPID) is left alone" {
  proc_add 5000 1 containerd-shim
  proc_add 5001 5000 agent
  zombies 5001 5100 1
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=5001 reason=host-pid-namespace zombies=1"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a parent whose start time changes before its first signal (PID reuse) is not signalled" {
  container_with_worker
  proc_container 6000 6001 4026532002
  proc_add 6002 6001 worker ns=4026532002 nspid="6002 3"
  zombies 5002 5100 1
  zombies 6002 6100 1
  # Signalling 5002 happens after both were detected; meanwhile 6002 exits and its PID is reused.
  on_signal() {
    [[ "$2" == 5002 ]] && proc_set 6002 start=999999
    return 0
  }
  export -f on_signal
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=6002 reason=parent-changed zombies=1"
  refute_line --partial "action=signal pid=6002"
  assert_equal "$(cat "$SIGNAL_LOG")" "$(printf '%s\n' '-CHLD 5002' '-TERM 5002' '-KILL 5002')"
}

@test "a parent whose start time changes during a wait gets no further signal" {
  container_with_worker
  zombies 5002 5100 1
  on_sleep() {
    proc_set 5002 start=999999
  }
  export -f on_sleep
  run -0 --separate-stderr reaper
  assert_equal "$(cat "$SIGNAL_LOG")" "-CHLD 5002"
  assert_line "action=skip pid=5002 reason=parent-changed zombies=1"
}

@test "a zombie re-parented during a wait no longer counts for its old parent" {
  container_with_worker
  zombies 5002 5100 1
  on_sleep() {
    proc_set 5100 ppid=5001
  }
  export -f on_sleep
  run -0 --separate-stderr reaper
  assert_equal "$(cat "$SIGNAL_LOG")" "-CHLD 5002"
  assert_line "action=reaped pid=5002 after=CHLD"
}

@test "processes whose stat vanished during the scan are skipped silently" {
  container_with_worker
  zombies 5002 5100 1
  mkdir -p "$PROC_ROOT/5200" "$PROC_ROOT/5201"
  : >"$PROC_ROOT/5201/stat"
  run -0 --separate-stderr reaper --dry-run
  assert_equal "$stderr" ""
  assert_output "$(printf '%s\n' 'action=scan processes=7 zombies=1 parents=1' 'action=signal pid=5002 signal=CHLD zombies=1 shim=5000')"
}

@test "a zombie whose parent vanished is logged as parent-gone" {
  container_with_worker
  zombies 5002 5100 1
  proc_set 5100 ppid=5003
  run -0 --separate-stderr reaper
  assert_equal "$stderr" ""
  assert_line "action=skip pid=5003 reason=parent-gone zombies=1"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a zombie leader whose other threads still run is not counted" {
  container_with_worker
  proc_add 5100 5002 java state=Z threads=3 ns=4026532001 nspid="5100 8"
  run -0 --separate-stderr reaper
  assert_output "action=scan processes=5 zombies=0 parents=0"
}

@test "--dry-run on a hostile table names exactly the container parents and signals nothing" {
  container_with_worker
  zombies 5001 5100 2 # init, below threshold: CHLD first
  zombies 5002 5110 3 # non-init container process
  zombies 5000 5120 1 # the shim itself
  proc_add 7000 1 cron
  zombies 7000 7100 2 # host process
  proc_add 6004 5001 victim ns=4026532001 nspid="6004 8"
  proc_add 6005 5001 'a) Z 6004 (b' ns=4026532001 nspid="6005 9" # forged comm
  run -0 --separate-stderr reaper --dry-run
  assert_equal "$(grep '^action=signal' <<<"$output")" "$(printf '%s\n' \
    'action=signal pid=5001 signal=CHLD zombies=2 shim=5000' \
    'action=signal pid=5002 signal=CHLD zombies=3 shim=5000')"
  assert_line "action=skip pid=5000 reason=parent-is-shim zombies=1"
  assert_line "action=skip pid=7000 reason=not-in-container zombies=2"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
  assert_equal "$(cat "$SLEEP_LOG")" ""
}

@test "a run signals nothing while another run holds the lock" {
  container_with_worker
  zombies 5002 5100 1
  mkdir -p "${AKOPS_LOCK_FILE%/*}"
  exec 7>>"$AKOPS_LOCK_FILE"
  flock -n 7
  run -0 --separate-stderr reaper
  exec 7>&-
  assert_output "$(printf '%s\n' 'action=scan processes=5 zombies=1 parents=1' "action=skip reason=locked lock=$AKOPS_LOCK_FILE")"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "the lock (AKOPS_LOCK_FILE) is taken before the first signal" {
  container_with_worker
  zombies 5002 5100 1
  on_signal() {
    flock -n "$AKOPS_LOCK_FILE" true || printf 'locked\n' >>"$SIGNAL_LOG"
  }
  export -f on_signal
  run -0 --separate-stderr reaper
  assert_equal "$(sed -n 2p "$SIGNAL_LOG")" "locked"
}

@test "a run with nothing to signal takes no lock and forks nothing for it" {
  proc_add 7000 1 cron
  zombies 7000 7100 1
  run -0 --separate-stderr reaper
  assert [ ! -e "${AKOPS_LOCK_FILE%/*}" ]
}

@test "a failed signal is logged and the parent is not escalated further" {
  container_with_worker
  zombies 5002 5100 1
  stub_command fake-kill 'printf "%s %s\n" "$1" "$2" >>"$SIGNAL_LOG"; exit 1'
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=5002 reason=signal-failed zombies=1"
  assert_equal "$(cat "$SIGNAL_LOG")" "-CHLD 5002"
  assert_equal "$(cat "$SLEEP_LOG")" ""
}

@test "an empty proc root is a table of no processes" {
  rm -rf "${PROC_ROOT:?}"/*
  run -0 --separate-stderr reaper
  assert_output "action=scan processes=0 zombies=0 parents=0"
}
