#!/usr/bin/env bats
# The metrics every job writes for node_exporter's textfile collector (prelude/metrics): each run, on
# success and on failure, leaves an akops-JOB.prom that the real promtool accepts, with the documented
# names; a missing or read-only directory never changes a job's exit status. The jobs run as in their
# own bats files (stubs, fixture /proc trees, a fixture PKI).
bats_require_minimum_version 1.5.0

setup() {
  load test_helper
  load helpers/proc-fixture
  load helpers/pki
  TF="$BATS_TEST_TMPDIR/textfile"
  mkdir -p "$TF"
  export AKOPS_TEXTFILE_DIR="$TF"
  export AKOPS_LOCK_FILE="$BATS_TEST_TMPDIR/run/job.lock"
  export KUBECTL_STUB_LOG="$BATS_TEST_TMPDIR/kubectl.log"
  : >"$KUBECTL_STUB_LOG"
  unset KUBECTL_STUB_FAIL AKOPS_KUBECTL KUBECONFIG
}

# promtool's verdict on a .prom file: it must parse and pass the lint with nothing to say.
prom_ok() {
  run promtool check metrics <"$1"
  assert_success
  assert_output ""
}

# sample FILE SERIES: the value of one series (name with its labels, exactly as written).
sample() {
  awk -v series="$2" '$1 == series { print $2; found = 1 } END { exit !found }' "$1"
}

# Every named metric has its # HELP and # TYPE gauge lines.
has_families() {
  local file="$1" name
  shift
  for name in "$@"; do
    grep -q "^# HELP $name " "$file" || fail "no HELP for $name"
    grep -qx "# TYPE $name gauge" "$file" || fail "no TYPE for $name"
  done
}

job_families() {
  has_families "$1" akops_job_last_run_timestamp_seconds akops_job_last_success_timestamp_seconds \
    akops_job_last_exit_code akops_job_last_duration_seconds
}

# A .prom as an earlier successful run left it, with its last success at epoch 1000.
earlier_success() {
  printf '# HELP akops_job_last_success_timestamp_seconds x\n# TYPE akops_job_last_success_timestamp_seconds gauge\nakops_job_last_success_timestamp_seconds{akops_job="%s"} 1000\n' "$1" >"$TF/akops-$1.prom"
}

# Runs the command with $TF mounted read-only (a private mount namespace); skips where that is refused.
read_only_run() {
  unshare -m true 2>/dev/null || skip "no mount namespace here (needs root)"
  run --separate-stderr unshare -m bash -c 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" "$1" && shift && exec "$@"' _ "$TF" "$@"
}

pruner() {
  export AKOPS_NOW=1714564800 KUBECTL_STUB_FIXTURE="$BATS_TEST_DIRNAME/fixtures/pruner/$1.json"
  shift
  PATH="$BATS_TEST_DIRNAME/stubs/pruner:$PATH" run --separate-stderr bash "$GENERATED/bin/akash-force-new-replicasets.sh" "$@"
}

@test "pruner: a successful run writes its job and decision series, and promtool accepts them" {
  local before
  before="$(date +%s)"
  pruner acceptance
  assert_success
  local f="$TF/akops-akash-force-new-replicasets.prom"
  prom_ok "$f"
  job_families "$f"
  has_families "$f" akops_cleanup_candidates akops_cleanup_deleted akops_cleanup_skipped
  local run_at
  run_at="$(sample "$f" 'akops_job_last_run_timestamp_seconds{akops_job="akash-force-new-replicasets"}')"
  ((run_at >= before && run_at <= $(date +%s)))
  assert_equal "$(sample "$f" 'akops_job_last_success_timestamp_seconds{akops_job="akash-force-new-replicasets"}')" "$run_at"
  assert_equal "$(sample "$f" 'akops_job_last_exit_code{akops_job="akash-force-new-replicasets"}')" 0
  assert_equal "$(sample "$f" 'akops_cleanup_candidates{akops_job="akash-force-new-replicasets"}')" 1
  assert_equal "$(sample "$f" 'akops_cleanup_deleted{akops_job="akash-force-new-replicasets"}')" 1
  assert_equal "$(sample "$f" 'akops_cleanup_skipped{akops_job="akash-force-new-replicasets",reason="max-surge-zero"}')" 1
  assert_equal "$(sample "$f" 'akops_cleanup_skipped{akops_job="akash-force-new-replicasets",reason="max-deletions"}')" 0
  # Written through a temp file in the same directory, which is gone.
  run ls -A "$TF"
  assert_output "akops-akash-force-new-replicasets.prom"
  [[ "$(stat -c %a "$f")" == 644 ]]
}

@test "pruner: a failed run records its exit status and keeps the last success of the previous file" {
  earlier_success akash-force-new-replicasets
  KUBECTL_STUB_FAIL=get pruner acceptance
  assert_failure 1
  local f="$TF/akops-akash-force-new-replicasets.prom"
  prom_ok "$f"
  job_families "$f"
  assert_equal "$(sample "$f" 'akops_job_last_exit_code{akops_job="akash-force-new-replicasets"}')" 1
  assert_equal "$(sample "$f" 'akops_job_last_success_timestamp_seconds{akops_job="akash-force-new-replicasets"}')" 1000
  assert_equal "$(sample "$f" 'akops_cleanup_deleted{akops_job="akash-force-new-replicasets"}')" 0
}

@test "pruner: a first run that fails records no success (0)" {
  KUBECTL_STUB_FAIL=get pruner acceptance
  assert_failure 1
  assert_equal "$(sample "$TF/akops-akash-force-new-replicasets.prom" 'akops_job_last_success_timestamp_seconds{akops_job="akash-force-new-replicasets"}')" 0
}

@test "pruner: the deletion cap shows as skips with reason max-deletions" {
  jq '.items as $items | .items = [range(12) as $k | $items[]
    | .metadata.namespace += "-\($k)" | .metadata.uid += "-\($k)"
    | if .metadata.ownerReferences then .metadata.ownerReferences |= map(.uid += "-\($k)") else . end]' \
    "$BATS_TEST_DIRNAME/fixtures/pruner/stuck-rollout.json" >"$BATS_TEST_TMPDIR/twelve.json"
  export KUBECTL_STUB_FIXTURE="$BATS_TEST_TMPDIR/twelve.json" AKOPS_NOW=1714564800
  PATH="$BATS_TEST_DIRNAME/stubs/pruner:$PATH" run --separate-stderr bash "$GENERATED/bin/akash-force-new-replicasets.sh"
  assert_success
  local f="$TF/akops-akash-force-new-replicasets.prom"
  prom_ok "$f"
  assert_equal "$(sample "$f" 'akops_cleanup_candidates{akops_job="akash-force-new-replicasets"}')" 12
  assert_equal "$(sample "$f" 'akops_cleanup_deleted{akops_job="akash-force-new-replicasets"}')" 10
  assert_equal "$(sample "$f" 'akops_cleanup_skipped{akops_job="akash-force-new-replicasets",reason="max-deletions"}')" 2
}

@test "no file for --dry-run, --help, a usage error or a run that finds the lock held" {
  pruner acceptance --dry-run
  assert_success
  pruner acceptance --help
  assert_success
  pruner acceptance --bogus
  assert_failure 2
  mkdir -p "$BATS_TEST_TMPDIR/run"
  exec 8>>"$AKOPS_LOCK_FILE"
  flock -n 8
  pruner acceptance
  exec 8>&-
  assert_success
  run ls -A "$TF"
  assert_output ""
}

@test "AKOPS_TEXTFILE_DIR empty turns metrics off" {
  AKOPS_TEXTFILE_DIR="" pruner acceptance
  assert_success
  assert_equal "$stderr" ""
  run ls -A "$TF"
  assert_output ""
}

@test "a missing textfile directory costs a warning on stderr, not the exit status" {
  AKOPS_TEXTFILE_DIR="$BATS_TEST_TMPDIR/nowhere" pruner acceptance
  assert_success
  assert_output --partial "action=summary"
  [[ "$stderr" == *'level=warn msg="cannot write the metrics file; the job goes on" file='"$BATS_TEST_TMPDIR/nowhere/akops-akash-force-new-replicasets.prom"* ]]
  AKOPS_TEXTFILE_DIR="$BATS_TEST_TMPDIR/nowhere" KUBECTL_STUB_FAIL=get pruner acceptance
  assert_failure 1
  [[ ! -e "$BATS_TEST_TMPDIR/nowhere" ]]
}

@test "a read-only textfile directory changes no exit status: 0 stays 0, 1 stays 1" {
  export AKOPS_NOW=1714564800 KUBECTL_STUB_FIXTURE="$BATS_TEST_DIRNAME/fixtures/pruner/acceptance.json"
  export PATH="$BATS_TEST_DIRNAME/stubs/pruner:$PATH"
  read_only_run bash "$GENERATED/bin/akash-force-new-replicasets.sh"
  assert_success
  assert_output --partial "action=delete"
  [[ "$stderr" == *"cannot write the metrics file"* ]]
  KUBECTL_STUB_FAIL=get read_only_run bash "$GENERATED/bin/akash-force-new-replicasets.sh"
  assert_failure 1
  [[ "$stderr" == *"cannot write the metrics file"* ]]
  run ls -A "$TF"
  assert_output ""
}

@test "failed-pods: success and failure runs both leave a valid file" {
  export AKOPS_NOW=1714564800 KUBECTL_STUB_NAMESPACES="$BATS_TEST_TMPDIR/ns.json" KUBECTL_STUB_PODS="$BATS_TEST_TMPDIR/pods.json"
  export KUBECTL_STUB_DELETED="$BATS_TEST_TMPDIR/deleted"
  jq -n '{kind: "List", items: [{metadata: {name: "lease-a", labels: {"akash.network": "true"}}}]}' >"$KUBECTL_STUB_NAMESPACES"
  jq -n --argjson now "$AKOPS_NOW" '{kind: "List", items: [
    {metadata: {name: "old", namespace: "lease-a", labels: {"akash.network": "true"}}, status: {phase: "Failed", startTime: ($now - 7200 | todate)}},
    {metadata: {name: "young", namespace: "lease-a", labels: {"akash.network": "true"}}, status: {phase: "Failed", startTime: ($now - 60 | todate)}},
    {metadata: {name: "sys", namespace: "kube-system", labels: {"akash.network": "true"}}, status: {phase: "Failed", startTime: ($now - 7200 | todate)}}]}' \
    >"$KUBECTL_STUB_PODS"
  local f="$TF/akops-akash-delete-failed-pods.prom"
  PATH="$BATS_TEST_DIRNAME/stubs/failed-pods:$PATH" run --separate-stderr bash "$GENERATED/bin/akash-delete-failed-pods.sh"
  assert_success
  prom_ok "$f"
  job_families "$f"
  has_families "$f" akops_cleanup_candidates akops_cleanup_deleted akops_cleanup_skipped
  assert_equal "$(sample "$f" 'akops_cleanup_candidates{akops_job="akash-delete-failed-pods"}')" 1
  assert_equal "$(sample "$f" 'akops_cleanup_deleted{akops_job="akash-delete-failed-pods"}')" 1
  assert_equal "$(sample "$f" 'akops_cleanup_skipped{akops_job="akash-delete-failed-pods",reason="too-young"}')" 1
  assert_equal "$(sample "$f" 'akops_cleanup_skipped{akops_job="akash-delete-failed-pods",reason="not-lease-namespace"}')" 1
  local success
  success="$(sample "$f" 'akops_job_last_success_timestamp_seconds{akops_job="akash-delete-failed-pods"}')"
  KUBECTL_STUB_FAIL=pods PATH="$BATS_TEST_DIRNAME/stubs/failed-pods:$PATH" run --separate-stderr bash "$GENERATED/bin/akash-delete-failed-pods.sh"
  assert_failure 1
  prom_ok "$f"
  assert_equal "$(sample "$f" 'akops_job_last_exit_code{akops_job="akash-delete-failed-pods"}')" 1
  assert_equal "$(sample "$f" 'akops_job_last_success_timestamp_seconds{akops_job="akash-delete-failed-pods"}')" "$success"
}

reaper_env() {
  proc_init
  stub_command fake-kill 'printf "%s %s\n" "$1" "$2" >>"$BATS_TEST_TMPDIR/signals"'
  stub_command fake-sleep ':'
  export AKOPS_KILL="$BATS_TEST_TMPDIR/stubs/fake-kill" AKOPS_SLEEP="$BATS_TEST_TMPDIR/stubs/fake-sleep"
}

@test "reaper: zombies, signals by signal, the init threshold and failures are counted" {
  reaper_env
  # A container init holding 50 zombies (the example's threshold) that never reaps them.
  proc_container 5000 5001 4026532001
  local pid
  for ((pid = 6000; pid < 6050; pid++)); do proc_add "$pid" 5001 defunct state=Z ns=4026532001 nspid="$pid 9$pid"; done
  # A zombie of a host process: left alone.
  proc_add 700 1 cron
  proc_add 701 700 defunct state=Z
  run --separate-stderr bash "$GENERATED/bin/kill-zombie-parents.sh"
  assert_success
  local f="$TF/akops-kill-zombie-parents.prom"
  prom_ok "$f"
  job_families "$f"
  has_families "$f" akops_reaper_zombies akops_reaper_parents_signalled akops_reaper_parents_skipped \
    akops_reaper_init_threshold_reached akops_reaper_parents_failed
  assert_equal "$(sample "$f" akops_reaper_zombies)" 51
  assert_equal "$(sample "$f" 'akops_reaper_parents_signalled{signal="CHLD"}')" 1
  assert_equal "$(sample "$f" 'akops_reaper_parents_signalled{signal="TERM"}')" 1
  assert_equal "$(sample "$f" 'akops_reaper_parents_signalled{signal="KILL"}')" 1
  assert_equal "$(sample "$f" 'akops_reaper_parents_skipped{reason="not-in-container"}')" 1
  assert_equal "$(sample "$f" akops_reaper_init_threshold_reached)" 1
  assert_equal "$(sample "$f" akops_reaper_parents_failed)" 1
  assert_equal "$(sample "$f" 'akops_job_last_exit_code{akops_job="kill-zombie-parents"}')" 0
}

@test "reaper: an init below the threshold is a skip, not a threshold hit" {
  reaper_env
  proc_container 5000 5001 4026532001
  proc_add 6000 5001 defunct state=Z ns=4026532001 nspid="6000 96000"
  run --separate-stderr bash "$GENERATED/bin/kill-zombie-parents.sh"
  assert_success
  local f="$TF/akops-kill-zombie-parents.prom"
  prom_ok "$f"
  assert_equal "$(sample "$f" 'akops_reaper_parents_skipped{reason="init-below-threshold"}')" 1
  assert_equal "$(sample "$f" akops_reaper_init_threshold_reached)" 0
  assert_equal "$(sample "$f" 'akops_reaper_parents_signalled{signal="TERM"}')" 0
}

@test "reaper --every (the DaemonSet): each pass writes its metrics before it waits for the next" {
  reaper_env
  proc_container 5000 5001 4026532001
  proc_add 6000 5001 defunct state=Z ns=4026532001 nspid="6000 96000"
  # The wait between passes (300 s) keeps a copy of the .prom as it is then; the second one ends the
  # loop as the kubelet would.
  stub_command fake-sleep '[[ "$1" == 300 ]] || exit 0
n=$(find "$BATS_TEST_TMPDIR" -maxdepth 1 -name "pass.*" | wc -l)
cp "$AKOPS_TEXTFILE_DIR/akops-kill-zombie-parents.prom" "$BATS_TEST_TMPDIR/pass.$n" || : >"$BATS_TEST_TMPDIR/pass.$n"
if ((n >= 1)); then kill -TERM "$PPID"; fi'
  run --separate-stderr bash "$GENERATED/bin/kill-zombie-parents.sh" --every 300
  assert_success
  local pass
  for pass in "$BATS_TEST_TMPDIR/pass.0" "$BATS_TEST_TMPDIR/pass.1"; do
    prom_ok "$pass"
    job_families "$pass"
    assert_equal "$(sample "$pass" akops_reaper_zombies)" 1
    assert_equal "$(sample "$pass" 'akops_reaper_parents_skipped{reason="init-below-threshold"}')" 1
    assert_equal "$(sample "$pass" 'akops_job_last_exit_code{akops_job="kill-zombie-parents"}')" 0
  done
  prom_ok "$TF/akops-kill-zombie-parents.prom"
}

@test "reaper: a failed run (no /proc under the root) records exit 1 and keeps the last success" {
  earlier_success kill-zombie-parents
  AKOPS_ROOT="$BATS_TEST_TMPDIR/no-root" run --separate-stderr bash "$GENERATED/bin/kill-zombie-parents.sh"
  assert_failure 1
  local f="$TF/akops-kill-zombie-parents.prom"
  prom_ok "$f"
  assert_equal "$(sample "$f" 'akops_job_last_exit_code{akops_job="kill-zombie-parents"}')" 1
  assert_equal "$(sample "$f" 'akops_job_last_success_timestamp_seconds{akops_job="kill-zombie-parents"}')" 1000
  assert_equal "$(sample "$f" akops_reaper_zombies)" 0
}

@test "certificate check: every certificate's notAfter, missing ones flagged, exit 2 recorded as a completed check" {
  local root="$BATS_TEST_TMPDIR/root"
  export PKI_NOW=1767225600 AKOPS_NOW=1767225600
  pki_node "$root" host
  pki_script_env "$root"
  rm "$root/etc/kubernetes/scheduler.conf"
  run --separate-stderr bash "$GENERATED/bin/k8s-cert-rotate.sh" check
  assert_failure 2
  local f="$TF/akops-k8s-certs-check.prom"
  prom_ok "$f"
  job_families "$f"
  has_families "$f" akops_cert_not_after_timestamp_seconds akops_cert_missing
  assert_equal "$(sample "$f" 'akops_job_last_exit_code{akops_job="k8s-certs-check"}')" 2
  assert_equal "$(sample "$f" 'akops_job_last_success_timestamp_seconds{akops_job="k8s-certs-check"}')" \
    "$(sample "$f" 'akops_job_last_run_timestamp_seconds{akops_job="k8s-certs-check"}')"
  local expected
  expected="$(date -u -d "$(pki_not_after "$root/etc/kubernetes/pki/apiserver.crt" | sed 's/^notAfter=//')" +%s)"
  assert_equal "$(sample "$f" 'akops_cert_not_after_timestamp_seconds{cert="apiserver"}')" "$expected"
  expected="$(date -u -d "$(pki_not_after "$root/etc/kubernetes/admin.conf" | sed 's/^notAfter=//')" +%s)"
  assert_equal "$(sample "$f" 'akops_cert_not_after_timestamp_seconds{cert="admin.conf"}')" "$expected"
  assert_equal "$(sample "$f" 'akops_cert_missing{cert="scheduler.conf"}')" 1
  assert_equal "$(sample "$f" 'akops_cert_missing{cert="apiserver"}')" 0
  run -1 sample "$f" 'akops_cert_not_after_timestamp_seconds{cert="scheduler.conf"}'
  # Every row of the table is a series: one per certificate the check read.
  run --separate-stderr bash "$GENERATED/bin/k8s-cert-rotate.sh" check
  local rows
  rows="$(grep -cE ' (ok|warn|expired|missing|unreadable)$' <<<"$output")"
  assert_equal "$(grep -c '^akops_cert_missing{' "$f")" "$rows"
}

@test "certificate rotation: a failed step leaves akops-k8s-cert-rotate.prom with its exit status" {
  local root="$BATS_TEST_TMPDIR/root"
  export PKI_NOW=1767225600 AKOPS_NOW=1767225600
  pki_node "$root" host
  pki_script_env "$root"
  # renew refuses without a verified backup.
  run --separate-stderr bash "$GENERATED/bin/k8s-cert-rotate.sh" renew
  assert_failure 1
  local f="$TF/akops-k8s-cert-rotate.prom"
  prom_ok "$f"
  job_families "$f"
  assert_equal "$(sample "$f" 'akops_job_last_exit_code{akops_job="k8s-cert-rotate"}')" 1
  assert_equal "$(sample "$f" 'akops_job_last_success_timestamp_seconds{akops_job="k8s-cert-rotate"}')" 0
  run -1 grep -q '^akops_cert_' "$f"
}

@test "certificate check: the default directory is under AKOPS_ROOT" {
  local root="$BATS_TEST_TMPDIR/root"
  export PKI_NOW=1767225600 AKOPS_NOW=1767225600
  PKI_EXPIRED="" PKI_SOON="" pki_node "$root" host
  pki_script_env "$root"
  mkdir -p "$root/var/lib/node_exporter/textfile_collector"
  unset AKOPS_TEXTFILE_DIR
  run --separate-stderr bash "$GENERATED/bin/k8s-cert-rotate.sh" check
  assert_success
  prom_ok "$root/var/lib/node_exporter/textfile_collector/akops-k8s-certs-check.prom"
}

@test "label values are escaped: a certificate file name with a quote and a backslash" {
  local root="$BATS_TEST_TMPDIR/root"
  export PKI_NOW=1767225600 AKOPS_NOW=1767225600
  PKI_EXPIRED="" PKI_SOON="" pki_node "$root" host
  pki_script_env "$root"
  cp "$root/etc/ssl/etcd/ssl/ca.pem" "$root/etc/ssl/etcd/ssl/od\"d\\name.pem"
  run --separate-stderr bash "$GENERATED/bin/k8s-cert-rotate.sh" check
  assert_success
  local f="$TF/akops-k8s-certs-check.prom"
  prom_ok "$f"
  grep -qF 'akops_cert_missing{cert="host-etcd/od\"d\\name.pem"} 0' "$f"
}
