#!/usr/bin/env bats
# akash-delete-failed-pods.sh (the golden script) against kubectl fixtures replayed by a stub that
# ignores label and field selectors, so the script's own checks are what is tested. The example's
# settings: min_age 1h, max_deletions 200.
bats_require_minimum_version 1.5.0

load test_helper

SCRIPT="$GENERATED/bin/akash-delete-failed-pods.sh"

setup() {
  export AKOPS_NOW=1714564800 # 2024-05-01T12:00:00Z
  export AKOPS_LOCK_FILE="$BATS_TEST_TMPDIR/run/failed-pods.lock"
  export KUBECTL_STUB_LOG="$BATS_TEST_TMPDIR/kubectl.log"
  export KUBECTL_STUB_DELETED="$BATS_TEST_TMPDIR/deleted"
  export KUBECTL_STUB_NAMESPACES="$BATS_TEST_TMPDIR/namespaces.json"
  export KUBECTL_STUB_PODS="$BATS_TEST_TMPDIR/pods.json"
  unset AKOPS_KUBECTL KUBECONFIG KUBECTL_STUB_FAIL
  : >"$KUBECTL_STUB_LOG"
  : >"$KUBECTL_STUB_DELETED"
  PATH="$BATS_TEST_DIRNAME/stubs/failed-pods:$PATH"
  namespaces '["lease-a", "lease-b"]' '["kube-system", "monitoring"]'
}

# namespaces LEASES OTHERS: the namespace list, LEASES labelled akash.network=true, OTHERS not (both
# are printed: the stub ignores the selector).
namespaces() {
  jq -n --argjson leases "$1" --argjson others "$2" '{apiVersion: "v1", kind: "List", metadata: {resourceVersion: ""}, items: [
    ($leases[] | {apiVersion: "v1", kind: "Namespace", metadata: {name: ., labels: {"akash.network": "true", "akash.network/lease.id.provider": "akash1prov"}}}),
    ($others[] | {apiVersion: "v1", kind: "Namespace", metadata: {name: ., labels: {"kubernetes.io/metadata.name": .}}})]}' \
    >"$KUBECTL_STUB_NAMESPACES"
}

# pods SPEC: the pod list as kubectl prints it. SPEC is a JSON array of {ns, name, failed_for (seconds),
# phase (default Failed), akash (default true), deleting}; a Failed pod's containers ended failed_for ago.
pods() {
  # Through a file: 10,000 pods do not fit in one argument of jq.
  printf '%s' "$1" >"$BATS_TEST_TMPDIR/spec.json"
  jq -n --argjson now "$AKOPS_NOW" --slurpfile spec "$BATS_TEST_TMPDIR/spec.json" '
    def pod: . as $p | ($p.failed_for // 7200) as $ago | {
      apiVersion: "v1", kind: "Pod",
      metadata: ({name: $p.name, namespace: $p.ns, uid: "uid-\($p.ns)-\($p.name)",
        creationTimestamp: ($now - $ago - 600 | todate),
        labels: (if $p.akash == false then {app: "other"} else {"akash.network": "true", "akash.network/manifest-service": "web"} end)}
        + if $p.deleting then {deletionTimestamp: ($now | todate)} else {} end),
      status: (if ($p.phase // "Failed") == "Failed" then {
        phase: "Failed", reason: "Evicted", message: "The node was low on resource: memory.",
        startTime: ($now - $ago - 600 | todate),
        conditions: [{type: "Ready", status: "False", lastTransitionTime: ($now - $ago | todate)}],
        containerStatuses: [{name: "web", ready: false, restartCount: 0,
          state: {terminated: {exitCode: 137, reason: "Error", finishedAt: ($now - $ago | todate)}}}]}
      else {phase: $p.phase, startTime: ($now - $ago - 600 | todate),
        conditions: [{type: "Ready", status: "True", lastTransitionTime: ($now - $ago | todate)}],
        containerStatuses: [{name: "web", ready: true, restartCount: 0, state: {running: {startedAt: ($now - $ago | todate)}}}]} end)};
    {apiVersion: "v1", kind: "List", metadata: {resourceVersion: ""}, items: [$spec[0][] | pod]}' >"$KUBECTL_STUB_PODS"
}

run_job() {
  run --separate-stderr bash "$SCRIPT" "$@"
}

# "namespace/pod" of every pod the stub was asked to delete, sorted.
deleted() {
  awk -F '\t' '{ print $1 "/" $2 }' "$KUBECTL_STUB_DELETED" | sort
}

calls_of() {
  local verb="$1"
  awk -v verb="$verb" '$1 == verb || $3 == verb' "$KUBECTL_STUB_LOG" | wc -l | tr -d ' '
}

@test "deletes exactly the old Failed pods in lease namespaces" {
  pods '[
    {"ns": "lease-a", "name": "web-old-1", "failed_for": 7200},
    {"ns": "lease-b", "name": "db-old-2", "failed_for": 86400},
    {"ns": "lease-a", "name": "web-young", "failed_for": 600},
    {"ns": "kube-system", "name": "coredns-failed", "failed_for": 86400},
    {"ns": "monitoring", "name": "exporter-failed", "failed_for": 86400},
    {"ns": "lease-a", "name": "web-running", "phase": "Running", "failed_for": 86400},
    {"ns": "lease-b", "name": "db-pending", "phase": "Pending", "failed_for": 86400}
  ]'
  run_job
  assert_success
  assert_equal "$(deleted)" $'lease-a/web-old-1\nlease-b/db-old-2'
  assert_line "action=delete namespace=lease-a pod=web-old-1 failed_for=7200s pod_reason=Evicted"
  assert_line "action=skip namespace=kube-system pod=coredns-failed reason=not-lease-namespace failed_for=86400s"
  assert_line "action=skip namespace=lease-a pod=web-running reason=not-failed failed_for=86400s"
  assert_line "action=skip reason=too-young pods=1"
  assert_line "action=summary pods=7 lease_namespaces=2 candidates=2 capped=0 deleted=2 dry_run=false"
}

@test "a Failed pod outside the lease namespaces is kept, even when it carries the Akash label" {
  pods '[{"ns": "kube-system", "name": "web-1", "failed_for": 86400}, {"ns": "default", "name": "web-2", "failed_for": 86400}]'
  run_job
  assert_success
  assert_equal "$(calls_of delete)" 0
  assert_line "action=skip namespace=default pod=web-2 reason=not-lease-namespace failed_for=86400s"
}

@test "a Failed pod without the Akash label is kept, even in a lease namespace" {
  pods '[{"ns": "lease-a", "name": "sidecar-1", "akash": false, "failed_for": 86400}]'
  run_job
  assert_success
  assert_equal "$(calls_of delete)" 0
  assert_line "action=skip namespace=lease-a pod=sidecar-1 reason=not-akash failed_for=86400s"
}

@test "a namespace that is not labelled as a lease is not one, whatever its name" {
  namespaces '["lease-a"]' '["lease-b"]'
  pods '[{"ns": "lease-b", "name": "web-1", "failed_for": 86400}]'
  run_job
  assert_success
  assert_equal "$(calls_of delete)" 0
  assert_line "action=skip namespace=lease-b pod=web-1 reason=not-lease-namespace failed_for=86400s"
}

@test "a pod Failed for less than min_age is kept until it is old enough" {
  pods '[{"ns": "lease-a", "name": "web-1", "failed_for": 3599}]'
  run_job
  assert_success
  assert_equal "$(calls_of delete)" 0
  AKOPS_NOW=$((AKOPS_NOW + 1)) run_job
  assert_success
  assert_equal "$(deleted)" "lease-a/web-1"
}

@test "a pod already being deleted is left to Kubernetes" {
  pods '[{"ns": "lease-a", "name": "web-1", "deleting": true}]'
  run_job
  assert_success
  assert_equal "$(calls_of delete)" 0
  assert_line "action=skip reason=deleting pods=1"
}

@test "names with odd characters are never passed to kubectl, and their log lines stay one line each" {
  pods '[
    {"ns": "lease-a", "name": "web-$(touch pwned)"},
    {"ns": "lease-a", "name": "-n kube-system"},
    {"ns": "lease-a", "name": "a\tb\nc"},
    {"ns": "lease-a", "name": "Web-Upper"},
    {"ns": "lease-a", "name": "web-ok"}
  ]'
  cd "$BATS_TEST_TMPDIR"
  run_job
  assert_success
  assert_equal "$(deleted)" "lease-a/web-ok"
  [[ ! -e "$BATS_TEST_TMPDIR/pwned" ]]
  assert_line 'action=skip namespace=lease-a pod="web-$(touch pwned)" reason=invalid-name failed_for=7200s'
  assert_line 'action=skip namespace=lease-a pod="-n kube-system" reason=invalid-name failed_for=7200s'
  assert_line 'action=skip namespace=lease-a pod="a\\tb\\nc" reason=invalid-name failed_for=7200s'
  assert_equal "$(grep -c 'reason=invalid-name' <<<"$output")" 4
}

@test "no more than max_deletions pods per run, the longest-failed first, one delete call per namespace batch" {
  pods "$(jq -n '[range(250) as $i | {ns: (if $i % 2 == 0 then "lease-a" else "lease-b" end), name: "web-\($i)", failed_for: (3600 + $i)}]')"
  run_job
  assert_success
  assert_equal "$(deleted | wc -l)" 200
  # The 50 most recently failed (web-0 … web-49) wait for the next run.
  assert_equal "$(deleted | grep -cE '/web-[1-4]?[0-9]$' || :)" 0
  assert_line "action=skip reason=max-deletions pods=50"
  assert_line --partial "action=summary pods=250 lease_namespaces=2 candidates=250 capped=50 deleted=200 "
  # 100 pods in each namespace, at most 50 per call: 4 calls.
  assert_equal "$(calls_of delete)" 4
}

@test "each delete call names one namespace, the pods, no wait and the request timeout" {
  pods '[{"ns": "lease-a", "name": "web-1"}, {"ns": "lease-a", "name": "web-2"}, {"ns": "lease-b", "name": "db-1"}]'
  run_job
  assert_success
  run grep ' delete ' "$KUBECTL_STUB_LOG"
  assert_output "-n lease-a delete pods web-1 web-2 --ignore-not-found --wait=false --request-timeout=30s
-n lease-b delete pods db-1 --ignore-not-found --wait=false --request-timeout=30s"
}

@test "the cluster is read with one pod list and one namespace list for 10 and for 10,000 Failed pods" {
  pods "$(jq -n '[range(10) as $i | {ns: "lease-a", name: "web-\($i)"}]')"
  run_job
  assert_success
  assert_equal "$(calls_of get)" 2
  assert_equal "$(grep -c '^get pods ' "$KUBECTL_STUB_LOG")" 1
  : >"$KUBECTL_STUB_LOG"
  : >"$KUBECTL_STUB_DELETED"
  pods "$(jq -n '[range(10000) as $i | {ns: (if $i % 2 == 0 then "lease-a" else "lease-b" end), name: "web-\($i)", failed_for: (3600 + $i)}]')"
  run_job
  assert_success
  assert_equal "$(calls_of get)" 2
  assert_equal "$(grep -c '^get pods ' "$KUBECTL_STUB_LOG")" 1
  assert_equal "$(grep -c '^get namespaces ' "$KUBECTL_STUB_LOG")" 1
  assert_equal "$(deleted | wc -l)" 200
  assert_line --partial "action=summary pods=10000 lease_namespaces=2 candidates=10000 capped=9800 deleted=200 "
}

@test "the list calls ask for Failed Akash pods in all namespaces and labelled namespaces, as JSON, with the timeout" {
  pods '[]'
  run_job
  assert_success
  run cat "$KUBECTL_STUB_LOG"
  assert_output "get namespaces -l akash.network=true -o json --request-timeout=30s
get pods --all-namespaces -l akash.network=true --field-selector status.phase=Failed -o json --request-timeout=30s"
}

@test "--dry-run logs the deletions and calls no delete" {
  pods '[{"ns": "lease-a", "name": "web-1"}]'
  run_job --dry-run
  assert_success
  assert_equal "$(calls_of delete)" 0
  assert_line "action=delete namespace=lease-a pod=web-1 failed_for=7200s pod_reason=Evicted dry_run=true"
  assert_line --partial "deleted=0 dry_run=true"
}

@test "when the namespace list fails nothing is deleted and the exit status is non-zero" {
  pods '[{"ns": "lease-a", "name": "web-1"}]'
  KUBECTL_STUB_FAIL=namespaces run_job
  assert_failure 1
  assert_equal "$(calls_of delete)" 0
  [[ "$stderr" == *"listing the lease namespaces failed; nothing deleted"* ]]
}

@test "when the pod list fails, or fails half-way, nothing is deleted" {
  pods '[{"ns": "lease-a", "name": "web-1"}]'
  KUBECTL_STUB_FAIL=pods run_job
  assert_failure 1
  [[ "$stderr" == *"listing the Failed pods failed; nothing deleted"* ]]
  pods "$(jq -n '[range(100) as $i | {ns: "lease-a", name: "web-\($i)"}]')"
  KUBECTL_STUB_FAIL=pods-truncated run_job
  assert_failure 1
  assert_equal "$(calls_of delete)" 0
}

@test "when jq cannot read the kubectl output nothing is deleted" {
  printf 'No resources found\n' >"$KUBECTL_STUB_PODS"
  run_job
  assert_failure 1
  assert_equal "$(calls_of delete)" 0
  [[ "$stderr" == *"jq could not read the kubectl output; nothing deleted"* ]]
}

@test "when jq itself fails nothing is deleted, whatever it printed" {
  pods '[{"ns": "lease-a", "name": "web-1"}]'
  stub_command jq 'printf "%s\n" "delete	lease-a	web-1	7200	Evicted" "summary	1	1	1	0"; exit 5'
  run_job
  assert_failure 1
  assert_equal "$(calls_of delete)" 0
}

@test "a failing delete stops the run with a non-zero status" {
  pods '[{"ns": "lease-a", "name": "web-1"}, {"ns": "lease-b", "name": "db-1"}]'
  KUBECTL_STUB_FAIL=delete run_job
  assert_failure 1
  assert_equal "$(calls_of delete)" 1
  [[ "$stderr" == *"deleting 1 pods in namespace lease-a failed; 0 deleted this run, stopping"* ]]
}

@test "kubectl is the command named by \$AKOPS_KUBECTL" {
  pods '[{"ns": "lease-a", "name": "web-1"}]'
  stub_command my-kubectl 'printf "my-kubectl %s\n" "$*" >>"$KUBECTL_STUB_LOG"; exec kubectl "$@"'
  AKOPS_KUBECTL=my-kubectl run_job
  assert_success
  assert_equal "$(grep -c '^my-kubectl ' "$KUBECTL_STUB_LOG")" 3
}

@test "a run that finds the lock held does nothing and exits 0; --no-lock runs anyway" {
  pods '[{"ns": "lease-a", "name": "web-1"}]'
  mkdir -p "$BATS_TEST_TMPDIR/run"
  exec 8>>"$AKOPS_LOCK_FILE"
  flock -n 8
  run_job
  assert_success
  assert_output "action=skip reason=locked lock=$AKOPS_LOCK_FILE"
  assert_equal "$(calls_of get)" 0
  run_job --no-lock
  exec 8>&-
  assert_success
  assert_equal "$(deleted)" "lease-a/web-1"
}

@test "an unknown argument is a usage error; --help prints the header" {
  run_job --force
  assert_failure 2
  [[ "$stderr" == *"unknown argument: --force"* ]]
  run_job --help
  assert_success
  assert_line --index 0 "Usage: akash-delete-failed-pods.sh [--dry-run] [--no-lock] [-h|--help]"
  assert_output --partial "RBAC: list namespaces; list and delete pods in all namespaces."
}

@test "every decision line is logfmt" {
  pods '[{"ns": "lease-a", "name": "web-1"}, {"ns": "kube-system", "name": "x"}, {"ns": "lease-a", "name": "y", "failed_for": 5}]'
  run_job
  assert_success
  run grep -Evc '^action=[a-z-]+( [a-z_]+=[A-Za-z0-9._-]+)+$' <<<"$output"
  assert_output 0
}
