#!/usr/bin/env bats
# kill-zombie-parents.sh (generated/example/bin) on fixture host trees (proc, the kubelet's pod log
# directory) under AKOPS_ROOT. Signals go to a recording stub ($AKOPS_KILL), waits to another
# ($AKOPS_SLEEP): nothing real is ever signalled or waited for, except in the PID-exhaustion case, which
# signals a sleep process of its own. The example's settings are the seed's: waits 15/15/5 s, init
# threshold 50; scope: Akash lease namespaces, unknown pods skipped.

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
  export -f proc_add proc_set proc_cgroup
  export PROC_ROOT PROC_HOST_NS
  # The pod fields that end every line about a parent: the lease pod of proc_container, and none.
  LEASE="pod=$PROC_LEASE_NS/web-5d8f7c9b4-x2x7q pod_uid=$PROC_LEASE_POD container=111111112222"
  HOST="pod=- pod_uid=- container=-"
  SCRIPT="$GENERATED/bin/kill-zombie-parents.sh"
}

teardown() {
  if [[ -n "${SANDBOX:-}" ]]; then rm -rf "$SANDBOX"; fi
  if [[ -n "${TARGET:-}" ]]; then kill -KILL "$TARGET" 2>/dev/null || :; fi
}

# The golden script (goldens are not executable in git), or the one script_with generated.
reaper() {
  bash "$SCRIPT" "$@"
}

# script_with OPS_YAML — generates the reaper with these ops settings (akops gen reaper) for the test.
script_with() {
  printf '%s\n' "$1" >"$BATS_TEST_TMPDIR/ops.yaml"
  "${AKOPS_CLI[@]}" gen reaper --ops "$BATS_TEST_TMPDIR/ops.yaml" -o "$BATS_TEST_TMPDIR/kill-zombie-parents.sh" >/dev/null
  SCRIPT="$BATS_TEST_TMPDIR/kill-zombie-parents.sh"
}

# A container: shim 5000 (host namespace), its init 5001 (pid:[4026532001], NSpid "5001 1", the lease
# pod) and a worker 5002 under the init (NSpid "5002 7").
container_with_worker() {
  proc_container 5000 5001 4026532001
  proc_add 5002 5001 worker ns=4026532001 nspid="5002 7"
}

# zombies PARENT FIRST_PID COUNT — COUNT zombies (comm "defunct") under PARENT in PARENT's namespace.
zombies() {
  local parent="$1" first="$2" count="$3" pid ns
  ns="$(readlink "$PROC_ROOT/$parent/ns/pid")"
  ns="${ns##*pid:[}"
  ns="${ns%]}"
  for ((pid = first; pid < first + count; pid++)); do
    if [[ "$ns" == "$PROC_HOST_NS" ]]; then
      proc_add "$pid" "$parent" defunct state=Z
    else
      proc_add "$pid" "$parent" defunct state=Z ns="$ns" nspid="$pid 9$pid"
    fi
  done
}

@test "--help prints the usage header: options, environment and output" {
  run -0 --separate-stderr reaper --help
  assert_output --partial "Usage: kill-zombie-parents.sh [--dry-run] [--every SECONDS] [-h|--help]"
  assert_output --partial "AKOPS_ROOT"
  assert_output --partial "AKOPS_KILL"
  assert_output --partial "action=signal pid=P signal=CHLD|TERM|KILL zombies=N shim=S [dry_run=1] pod=POD pod_uid=U container=C"
  refute_output --partial "set -euo pipefail"
}

@test "an unknown argument, or --every without seconds, is a usage error on stderr with exit status 2" {
  run -2 --separate-stderr reaper --now
  assert_equal "$stderr" "kill-zombie-parents.sh: unknown argument: --now (see --help)"
  assert_output ""
  run -2 --separate-stderr reaper --every soon
  assert_equal "$stderr" "kill-zombie-parents.sh: --every needs a number of seconds (1-999999) (see --help)"
}

@test "a root without proc is an error" {
  AKOPS_ROOT="$BATS_TEST_TMPDIR/nowhere" run -1 --separate-stderr reaper
  assert_equal "$stderr" "kill-zombie-parents.sh: $BATS_TEST_TMPDIR/nowhere/proc is not a directory"
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
  assert_line "action=signal pid=5002 signal=CHLD zombies=1 shim=5000 dry_run=1 $LEASE"
  refute_output --partial "pid=6004"
}

@test "a newline in comm cannot forge a zombie line, and a zombie with one is still found" {
  container_with_worker
  proc_add 6004 5001 victim ns=4026532001 nspid="6004 8"
  proc_add 6005 5001 $'x\n6005 (y) Z 6004 (z' ns=4026532001 nspid="6005 9"
  run -0 --separate-stderr reaper
  assert_output "action=scan processes=6 zombies=0 parents=0"
  proc_add 6006 5002 $'x) Z 1\n(y' state=Z ns=4026532001 nspid="6006 9"
  run -0 --separate-stderr reaper --dry-run
  assert_line "action=scan processes=7 zombies=1 parents=1"
  assert_line "action=signal pid=5002 signal=CHLD zombies=1 shim=5000 dry_run=1 $LEASE"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a zombie whose comm has spaces and parentheses is found under its parent" {
  container_with_worker
  proc_add 5003 5002 'my (odd) proc)' state=Z ns=4026532001 nspid="5003 8"
  run -0 --separate-stderr reaper --dry-run
  assert_line "action=scan processes=5 zombies=1 parents=1"
  assert_line "action=signal pid=5002 signal=CHLD zombies=1 shim=5000 dry_run=1 $LEASE"
}

@test "a zombie with a 63-byte comm (the longest the kernel prints) and a 7-digit PID is found" {
  container_with_worker
  proc_add 4194303 5002 "$(printf 'c%.0s' {1..63})" state=Z ns=4026532001 nspid="4194303 8"
  run -0 --separate-stderr reaper --dry-run
  assert_line "action=signal pid=5002 signal=CHLD zombies=1 shim=5000 dry_run=1 $LEASE"
}

@test "a container init below the threshold gets SIGCHLD only, then the run stops for it" {
  container_with_worker
  zombies 5001 5100 2
  run -0 --separate-stderr reaper
  assert_output "$(printf '%s\n' \
    'action=scan processes=6 zombies=2 parents=1' \
    "action=signal pid=5001 signal=CHLD zombies=2 shim=5000 $LEASE" \
    "action=stop pid=5001 reason=init-below-threshold zombies=2 threshold=50 shim=5000 $LEASE")"
  assert_equal "$(cat "$SIGNAL_LOG")" "-CHLD 5001"
  assert_equal "$(cat "$SLEEP_LOG")" "15"
}

@test "a container init known only by NSpid ending in 1 is treated as an init" {
  proc_add 5000 1 containerd-shim-runc-v2
  proc_add 5001 5000 sh ns=4026532001 nspid="5001 1" pod="$PROC_LEASE_POD"
  # An intermediate process in the host namespace (e.g. runc's) between the shim and the init.
  proc_add 5002 5000 runc-init ns=host
  proc_set 5001 ppid=5002
  zombies 5001 5100 1
  run -0 --separate-stderr reaper
  assert_line "action=stop pid=5001 reason=init-below-threshold zombies=1 threshold=50 shim=5000 $LEASE"
  assert_equal "$(cat "$SIGNAL_LOG")" "-CHLD 5001"
}

@test "a container init holding at least the threshold of zombies gets SIGCHLD, SIGTERM and SIGKILL" {
  container_with_worker
  zombies 5001 5100 50
  run -0 --separate-stderr reaper
  assert_equal "$(cat "$SIGNAL_LOG")" "$(printf '%s\n' '-CHLD 5001' '-TERM 5001' '-KILL 5001')"
  assert_line "action=signal pid=5001 signal=KILL zombies=50 shim=5000 $LEASE"
  assert_line "action=failed pid=5001 zombies=50 shim=5000 $LEASE"
}

@test "a non-init container process is escalated CHLD, TERM, KILL with the configured waits" {
  container_with_worker
  zombies 5002 5100 2
  run -0 --separate-stderr reaper
  assert_output "$(printf '%s\n' \
    'action=scan processes=6 zombies=2 parents=1' \
    "action=signal pid=5002 signal=CHLD zombies=2 shim=5000 $LEASE" \
    "action=signal pid=5002 signal=TERM zombies=2 shim=5000 $LEASE" \
    "action=signal pid=5002 signal=KILL zombies=2 shim=5000 $LEASE" \
    "action=failed pid=5002 zombies=2 shim=5000 $LEASE")"
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
  assert_line "action=reaped pid=5002 after=TERM $LEASE"
  assert_equal "$(cat "$SLEEP_LOG")" "$(printf '%s\n' 15 15)"
}

@test "a parent that exits after SIGTERM is logged as exited, not reaped" {
  container_with_worker
  zombies 5002 5100 2
  # The kernel hands the zombies of an exiting process to a reaper, which reaps them.
  on_signal() {
    [[ "$1" == -TERM && "$2" == 5002 ]] && rm -rf "$PROC_ROOT/5002" "$PROC_ROOT/5100" "$PROC_ROOT/5101"
    return 0
  }
  export -f on_signal
  run -0 --separate-stderr reaper
  assert_equal "$(cat "$SIGNAL_LOG")" "$(printf '%s\n' '-CHLD 5002' '-TERM 5002')"
  assert_line "action=exited pid=5002 after=TERM $LEASE"
  refute_output --partial "action=reaped"
}

@test "zombies of host processes are logged and left alone" {
  proc_add 7000 1 cron
  zombies 7000 7100 2
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=7000 reason=not-in-container zombies=2 $HOST"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "zombies of PID 1 are left alone" {
  zombies 1 7100 1
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=1 reason=parent-is-host-init zombies=1 $HOST"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a zombie whose parent is the shim is left alone" {
  container_with_worker
  zombies 5000 5100 1
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=5000 reason=parent-is-shim zombies=1 $HOST"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a process named containerd-shim or conmon inside a container is not trusted as a shim" {
  proc_add 8000 1 bash
  proc_add 8001 8000 containerd-shim ns=4026532002 nspid="8001 1"
  proc_add 8002 8001 app ns=4026532002 nspid="8002 2"
  proc_add 8003 8000 conmon ns=4026532003 nspid="8003 1"
  proc_add 8004 8003 app ns=4026532003 nspid="8004 2"
  zombies 8002 8100 1
  zombies 8004 8200 1
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=8002 reason=not-in-container zombies=1 $HOST"
  assert_line "action=skip pid=8004 reason=not-in-container zombies=1 $HOST"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a shim outside the host PID namespace is not trusted" {
  proc_add 8000 1 containerd-shim ns=4026532002 nspid="8000 1"
  proc_add 8001 8000 app ns=4026532003 nspid="8001 5 1"
  zombies 8001 8100 1
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=8001 reason=not-in-container zombies=1 $HOST"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a process under the shim but in the host PID namespace (hostPID) is left alone" {
  proc_add 5000 1 containerd-shim
  proc_add 5001 5000 agent pod="$PROC_LEASE_POD"
  zombies 5001 5100 1
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=5001 reason=host-pid-namespace zombies=1 $LEASE"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "CRI-O: a container process under conmon is reaped (cgroup crio-ID.scope)" {
  proc_container 5000 5001 4026532001 conmon cgroup=v2-crio
  proc_add 5002 5001 worker ns=4026532001 nspid="5002 7"
  zombies 5002 5100 2
  on_signal() {
    [[ "$1" == -CHLD ]] && rm -rf "$PROC_ROOT/5100" "$PROC_ROOT/5101"
    return 0
  }
  export -f on_signal
  run -0 --separate-stderr reaper
  assert_output "$(printf '%s\n' \
    'action=scan processes=6 zombies=2 parents=1' \
    "action=signal pid=5002 signal=CHLD zombies=2 shim=5000 $LEASE" \
    "action=reaped pid=5002 after=CHLD $LEASE")"
  assert_equal "$(cat "$SIGNAL_LOG")" "-CHLD 5002"
}

@test "Docker's legacy docker-containerd-shim (comm docker-containe) is a shim" {
  proc_container 5000 5001 4026532001 docker-containe
  proc_add 5002 5001 worker ns=4026532001 nspid="5002 7"
  zombies 5002 5100 1
  run -0 --separate-stderr reaper --dry-run
  assert_line "action=signal pid=5002 signal=CHLD zombies=1 shim=5000 dry_run=1 $LEASE"
}

@test "a pod's process under an unknown runtime is skipped, with one warning per run" {
  proc_container 5000 5001 4026532001 runsc-sandbox
  proc_add 5002 5001 worker ns=4026532001 nspid="5002 7"
  zombies 5001 5100 1
  zombies 5002 5110 1
  run -0 --separate-stderr reaper
  assert_output "$(printf '%s\n' \
    'action=scan processes=6 zombies=2 parents=2' \
    'level=warn reason=unknown-runtime pid=5000 comm=runsc-sandbox' \
    "action=skip pid=5001 reason=unknown-runtime zombies=1 $LEASE" \
    "action=skip pid=5002 reason=unknown-runtime zombies=1 $LEASE")"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a kube-system pod's process is left alone by default, and the log names the pod" {
  pod_add 22222222-3333-4444-8555-666666666666 kube-system coredns-7db6d8ff4d-abcde
  proc_container 5000 5001 4026532001 pod=22222222-3333-4444-8555-666666666666
  proc_add 5002 5001 coredns ns=4026532001 nspid="5002 7"
  zombies 5002 5100 3
  run -0 --separate-stderr reaper
  assert_output "$(printf '%s\n' \
    'action=scan processes=7 zombies=3 parents=1' \
    'action=skip pid=5002 reason=out-of-scope zombies=3 pod=kube-system/coredns-7db6d8ff4d-abcde pod_uid=22222222-3333-4444-8555-666666666666 container=222222223333')"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a container process whose pod the kubelet does not list is an unknown pod, skipped by default" {
  proc_container 5000 5001 4026532001 pod=99999999-3333-4444-8555-666666666666
  proc_add 5002 5001 app ns=4026532001 nspid="5002 7"
  proc_container 6000 6001 4026532002 pod=none
  proc_add 6002 6001 app ns=4026532002 nspid="6002 7"
  zombies 5002 5100 1
  zombies 6002 6100 1
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=5002 reason=unknown-pod zombies=1 pod=- pod_uid=99999999-3333-4444-8555-666666666666 container=999999993333"
  assert_line "action=skip pid=6002 reason=unknown-pod zombies=1 $HOST"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "the pod is read from cgroup v1 and from the cgroupfs driver's layout" {
  proc_container 5000 5001 4026532001 cgroup=v1
  proc_add 5002 5001 worker ns=4026532001 nspid="5002 7"
  proc_container 6000 6001 4026532002 cgroup=v2-cgroupfs
  proc_add 6002 6001 worker ns=4026532002 nspid="6002 7"
  zombies 5002 5100 1
  zombies 6002 6100 1
  run -0 --separate-stderr reaper --dry-run
  assert_line "action=signal pid=5002 signal=CHLD zombies=1 shim=5000 dry_run=1 $LEASE"
  assert_line "action=signal pid=6002 signal=CHLD zombies=1 shim=6000 dry_run=1 $LEASE"
}

@test "scope all acts in every namespace but the denied ones, and on unknown pods when told to (ops-custom)" {
  SCRIPT="$AKOPS_REPO/generated/ops-custom/bin/kill-zombie-parents.sh"
  mkdir -p "$AKOPS_ROOT/var/lib/kubelet/pod-logs"
  mv "$AKOPS_ROOT/var/log/pods"/* "$AKOPS_ROOT/var/lib/kubelet/pod-logs/"
  pod_add() { mkdir -p "$AKOPS_ROOT/var/lib/kubelet/pod-logs/$2_$3_$1"; }
  pod_add 33333333-3333-4444-8555-666666666666 monitoring prometheus-0
  pod_add 44444444-3333-4444-8555-666666666666 rook-ceph osd-0
  proc_container 5000 5001 4026532001 pod=33333333-3333-4444-8555-666666666666
  proc_add 5002 5001 app ns=4026532001 nspid="5002 7"
  proc_container 6000 6001 4026532002 pod=44444444-3333-4444-8555-666666666666
  proc_add 6002 6001 app ns=4026532002 nspid="6002 7"
  proc_container 7000 7001 4026532003 pod=55555555-3333-4444-8555-666666666666
  proc_add 7002 7001 app ns=4026532003 nspid="7002 7"
  zombies 5002 5100 1
  zombies 6002 6100 1
  zombies 7002 7100 1
  run -0 --separate-stderr reaper --dry-run
  assert_line "action=signal pid=5002 signal=CHLD zombies=1 shim=5000 dry_run=1 pod=monitoring/prometheus-0 pod_uid=33333333-3333-4444-8555-666666666666 container=333333333333"
  assert_line "action=skip pid=6002 reason=namespace-denied zombies=1 pod=rook-ceph/osd-0 pod_uid=44444444-3333-4444-8555-666666666666 container=444444443333"
  assert_line "action=signal pid=7002 signal=CHLD zombies=1 shim=7000 dry_run=1 pod=- pod_uid=55555555-3333-4444-8555-666666666666 container=555555553333"
}

@test "reaper.namespaces_allow adds a namespace to the lease namespaces" {
  script_with $'reaper:\n  namespaces_allow: [tenant-gpu]'
  pod_add 66666666-3333-4444-8555-666666666666 tenant-gpu job-0
  proc_container 5000 5001 4026532001 pod=66666666-3333-4444-8555-666666666666
  proc_add 5002 5001 app ns=4026532001 nspid="5002 7"
  zombies 5002 5100 1
  run -0 --separate-stderr reaper --dry-run
  assert_line "action=signal pid=5002 signal=CHLD zombies=1 shim=5000 dry_run=1 pod=tenant-gpu/job-0 pod_uid=66666666-3333-4444-8555-666666666666 container=666666663333"
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
  assert_line "action=skip pid=6002 reason=parent-changed zombies=1 $LEASE"
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
  assert_line "action=skip pid=5002 reason=parent-changed zombies=1 $LEASE"
}

@test "a truncated stat line (start time missing) is never acted on" {
  container_with_worker
  zombies 5002 5100 1
  proc_container 6000 6001 4026532002
  proc_add 6002 6001 worker ns=4026532002 nspid="6002 3"
  zombies 6002 6100 1
  # 6002 is cut short before its start time at detection; 5002 during the wait after SIGCHLD.
  printf '6002 (worker) S 6001 6002 6002 0 -1 4194560 100 0 0 0 3 1 0 0 20 0 1\n' >"$PROC_ROOT/6002/stat"
  on_sleep() {
    printf '5002 (worker) S 5001 5002 5002 0 -1 4194560 100 0 0 0 3 1 0 0 20 0 1 0\n' >"$PROC_ROOT/5002/stat"
  }
  export -f on_sleep
  run -0 --separate-stderr reaper
  assert_line "action=skip pid=6002 reason=stat-truncated zombies=1 $HOST"
  assert_line "action=skip pid=5002 reason=stat-truncated zombies=1 $LEASE"
  assert_equal "$(cat "$SIGNAL_LOG")" "-CHLD 5002"
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
  assert_line "action=reaped pid=5002 after=CHLD $LEASE"
}

@test "processes whose stat vanished during the scan are skipped silently" {
  container_with_worker
  zombies 5002 5100 1
  mkdir -p "$PROC_ROOT/5200" "$PROC_ROOT/5201"
  : >"$PROC_ROOT/5201/stat"
  run -0 --separate-stderr reaper --dry-run
  assert_equal "$stderr" ""
  assert_line "action=scan processes=7 zombies=1 parents=1"
  assert_line "action=signal pid=5002 signal=CHLD zombies=1 shim=5000 dry_run=1 $LEASE"
}

@test "a zombie whose parent vanished is logged as parent-gone" {
  container_with_worker
  zombies 5002 5100 1
  proc_set 5100 ppid=5003
  run -0 --separate-stderr reaper
  assert_equal "$stderr" ""
  assert_line "action=skip pid=5003 reason=parent-gone zombies=1 $HOST"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a zombie leader whose other threads still run is not counted" {
  container_with_worker
  proc_add 5100 5002 java state=Z threads=3 ns=4026532001 nspid="5100 8"
  run -0 --separate-stderr reaper
  assert_output "action=scan processes=5 zombies=0 parents=0"
}

@test "--dry-run shows the whole ladder: TERM and KILL for a worker, SIGCHLD then stop for a small init" {
  container_with_worker
  zombies 5001 5100 2 # init, below threshold: CHLD, then stop
  zombies 5002 5110 3 # non-init container process: CHLD, TERM, KILL
  zombies 5000 5120 1 # the shim itself
  proc_add 7000 1 cron
  zombies 7000 7100 2 # host process
  proc_add 6004 5001 victim ns=4026532001 nspid="6004 8"
  proc_add 6005 5001 'a) Z 6004 (b' ns=4026532001 nspid="6005 9" # forged comm
  run -0 --separate-stderr reaper --dry-run
  assert_equal "$(grep -E '^action=(signal|stop)' <<<"$output")" "$(printf '%s\n' \
    "action=signal pid=5001 signal=CHLD zombies=2 shim=5000 dry_run=1 $LEASE" \
    "action=signal pid=5002 signal=CHLD zombies=3 shim=5000 dry_run=1 $LEASE" \
    "action=stop pid=5001 reason=init-below-threshold zombies=2 threshold=50 shim=5000 $LEASE" \
    "action=signal pid=5002 signal=TERM zombies=3 shim=5000 dry_run=1 $LEASE" \
    "action=signal pid=5002 signal=KILL zombies=3 shim=5000 dry_run=1 $LEASE")"
  assert_line "action=skip pid=5000 reason=parent-is-shim zombies=1 $HOST"
  assert_line "action=skip pid=7000 reason=not-in-container zombies=2 $HOST"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
  assert_equal "$(cat "$SLEEP_LOG")" ""
  assert [ ! -e "$AKOPS_LOCK_FILE" ]
}

@test "a run signals nothing while another live run holds the lock" {
  container_with_worker
  zombies 5002 5100 1
  mkdir -p "${AKOPS_LOCK_FILE%/*}"
  printf '%s %s holder\n' "$$" "$(date +%s)" >"$AKOPS_LOCK_FILE"
  run -0 --separate-stderr reaper
  assert_output "$(printf '%s\n' 'action=scan processes=5 zombies=1 parents=1' "action=skip reason=locked lock=$AKOPS_LOCK_FILE")"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

@test "a stale lock line (its run is gone, or older than the longest run) is passed over, and the holder empties the file" {
  container_with_worker
  zombies 5002 5100 1
  mkdir -p "${AKOPS_LOCK_FILE%/*}"
  sh -c 'exit 0' &
  local dead=$!
  wait "$dead"
  printf '%s %s crashed\n%s %s ancient\n' "$dead" "$(date +%s)" "$$" 1000 >"$AKOPS_LOCK_FILE"
  run -0 --separate-stderr reaper
  assert_line "action=signal pid=5002 signal=CHLD zombies=1 shim=5000 $LEASE"
  assert_equal "$(cat "$AKOPS_LOCK_FILE")" ""
}

@test "the lock is taken before the first signal, by the run that signals" {
  container_with_worker
  zombies 5002 5100 1
  # The stub is the reaper's child: the lock file's first line must name its parent.
  on_signal() {
    local pid rest
    read -r pid rest <"$AKOPS_LOCK_FILE"
    [[ "$pid" == "$PPID" ]] && printf 'locked by %s\n' "$pid" >>"$SIGNAL_LOG"
    return 0
  }
  export -f on_signal
  run -0 --separate-stderr reaper
  assert_equal "$(sed -n 1p "$SIGNAL_LOG")" "-CHLD 5002"
  assert_regex "$(sed -n 2p "$SIGNAL_LOG")" '^locked by [0-9]+$'
  # …and empties the lock file when it is done.
  assert_equal "$(cat "$AKOPS_LOCK_FILE")" ""
}

@test "a run with nothing to signal takes no lock" {
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
  assert_line "action=skip pid=5002 reason=signal-failed zombies=1 $LEASE"
  assert_equal "$(cat "$SIGNAL_LOG")" "-CHLD 5002"
  assert_equal "$(cat "$SLEEP_LOG")" ""
}

@test "an empty proc root is a table of no processes" {
  rm -rf "${PROC_ROOT:?}"/*
  run -0 --separate-stderr reaper
  assert_output "action=scan processes=0 zombies=0 parents=0"
}

@test "--every runs again by replacing itself, and stops cleanly on SIGTERM" {
  container_with_worker
  proc_add 7000 1 cron
  zombies 7000 7100 1
  # The second wait (after the second run) ends the loop as the kubelet would.
  on_sleep() {
    [[ "$(wc -l <"$SLEEP_LOG")" -lt 2 ]] || kill -TERM "$PPID"
  }
  export -f on_sleep
  run -0 --separate-stderr reaper --every 300
  assert_equal "$(grep -c '^action=scan' <<<"$output")" 2
  assert_equal "$(cat "$SLEEP_LOG")" "$(printf '%s\n' 300 300)"
}

@test "under PID exhaustion (ulimit -u 1) the parent is still signalled: no process is started" {
  command -v setpriv >/dev/null || skip "setpriv (util-linux) not installed"
  # Everything the unprivileged user reads lives in a world-readable sandbox (bats' own is 0700).
  SANDBOX="$(mktemp -d /tmp/akops-reaper-XXXXXX)"
  chmod 755 "$SANDBOX"
  script_with $'reaper:\n  wait_chld: 1\n  wait_term: 1\n  wait_kill: 0'
  cp "$SCRIPT" "$AKOPS_REPO/bats/helpers/proc-fixture.bash" "$SANDBOX/"
  chown 65534:65534 "$SANDBOX"
  # As nobody: a sleep to signal (our own process), a fixture naming it as a container process with a
  # zombie, then the limit, then the reaper in place of the shell (exec: no fork), with the builtin
  # kill and the builtin wait (no AKOPS_KILL, no AKOPS_SLEEP).
  run --separate-stderr setpriv --reuid=65534 --regid=65534 --clear-groups env -u AKOPS_KILL -u AKOPS_SLEEP \
    SANDBOX="$SANDBOX" AKOPS_LOCK_FILE="$SANDBOX/run/kill-zombie-parents.lock" bash -c '
    set -e
    sleep 300 &
    target=$!
    printf "%s\n" "$target" >"$SANDBOX/target"
    BATS_TEST_TMPDIR="$SANDBOX"
    source "$SANDBOX/proc-fixture.bash"
    proc_init
    proc_container 5000 5001 4026532001
    proc_add "$target" 5001 worker ns=4026532001 nspid="$target 7"
    proc_add 99999 "$target" defunct state=Z ns=4026532001 nspid="99999 8"
    mkdir -p "$SANDBOX/run"
    ulimit -u 1
    exec bash "$SANDBOX/kill-zombie-parents.sh"'
  TARGET="$(cat "$SANDBOX/target")"
  assert_equal "$status" 0
  assert_equal "$stderr" ""
  assert_line --regexp "^action=signal pid=$TARGET signal=CHLD zombies=1 shim=5000 "
  assert_line --regexp "^action=signal pid=$TARGET signal=TERM zombies=1 shim=5000 "
  # The sleep died of the SIGTERM: it is gone or a zombie.
  local state=gone
  if [[ -r "/proc/$TARGET/stat" ]]; then state="$(cut -d' ' -f3 "/proc/$TARGET/stat")"; fi
  assert [ "$state" = gone -o "$state" = Z ]
}

@test "100k zombies: every parent's decision is right (speed is measured by npm run bench reaper)" {
  # A lease worker with 99,980 zombies, a kube-system pod with 10, a host daemon with 10: 100,000.
  pod_add 22222222-3333-4444-8555-666666666666 kube-system coredns-7db6d8ff4d-abcde
  container_with_worker
  proc_container 6000 6001 4026532002 pod=22222222-3333-4444-8555-666666666666
  proc_add 6002 6001 coredns ns=4026532002 nspid="6002 7"
  proc_add 7000 1 cron
  proc_add 6005 6002 'a) Z 5001 (b' ns=4026532002 nspid="6005 9" # forged comm
  node "$AKOPS_REPO/bats/helpers/zombie-tree.mjs" "$AKOPS_ROOT" 100000 5002 99980
  node "$AKOPS_REPO/bats/helpers/zombie-tree.mjs" "$AKOPS_ROOT" 300000 6002 10
  node "$AKOPS_REPO/bats/helpers/zombie-tree.mjs" "$AKOPS_ROOT" 400000 7000 10
  # The worker exits on SIGTERM; its zombies go to another reaper.
  on_signal() {
    [[ "$1" == -TERM && "$2" == 5002 ]] && rm -rf "$PROC_ROOT/5002"
    return 0
  }
  export -f on_signal
  # A generous guard only: the time it takes is the bench's business.
  run -0 --separate-stderr timeout 900 bash "$SCRIPT"
  assert_equal "$stderr" ""
  assert_output "$(printf '%s\n' \
    'action=scan processes=100009 zombies=100000 parents=3' \
    "action=skip pid=6002 reason=out-of-scope zombies=10 pod=kube-system/coredns-7db6d8ff4d-abcde pod_uid=22222222-3333-4444-8555-666666666666 container=222222223333" \
    "action=skip pid=7000 reason=not-in-container zombies=10 $HOST" \
    "action=signal pid=5002 signal=CHLD zombies=99980 shim=5000 $LEASE" \
    "action=signal pid=5002 signal=TERM zombies=99980 shim=5000 $LEASE" \
    "action=exited pid=5002 after=TERM $LEASE")"
  assert_equal "$(cat "$SIGNAL_LOG")" "$(printf '%s\n' '-CHLD 5002' '-TERM 5002')"
}
