#!/usr/bin/env bats
# akash-force-new-replicasets.sh (the golden script) against kubectl fixtures replayed by a stub.
bats_require_minimum_version 1.5.0

load test_helper

PRUNER="$GENERATED/bin/akash-force-new-replicasets.sh"
FIXTURES="$BATS_TEST_DIRNAME/fixtures/pruner"

setup() {
  export AKOPS_NOW=1714564800 # 2024-05-01T12:00:00Z, the fixtures' "now"
  export AKOPS_LOCK_FILE="$BATS_TEST_TMPDIR/run/pruner.lock"
  export KUBECTL_STUB_LOG="$BATS_TEST_TMPDIR/kubectl.log"
  unset AKOPS_KUBECTL KUBECONFIG KUBECTL_STUB_FAIL KUBECTL_STUB_SLEEP KUBECTL_STUB_CHANGED KUBECTL_STUB_WORKLOADS KUBECTL_STUB_PODS
  : >"$KUBECTL_STUB_LOG"
  PATH="$BATS_TEST_DIRNAME/stubs/pruner:$PATH"
}

# Runs the pruner on fixture $1 (a path, or a name under bats/fixtures/pruner) with the remaining arguments.
prune() {
  local fixture="$1"
  shift
  [[ "$fixture" == */* ]] || fixture="$FIXTURES/$fixture.json"
  export KUBECTL_STUB_FIXTURE="$fixture"
  run --separate-stderr bash "$PRUNER" "$@"
}

# "deployment@revision" of every ReplicaSet the stub was asked to delete, in call order.
deleted_replicasets() {
  local ns rs
  while read -r ns rs; do
    jq -r --arg ns "$ns" --arg rs "$rs" '.items[]
      | select(.kind == "ReplicaSet" and .metadata.namespace == $ns and .metadata.name == $rs)
      | "\(.metadata.ownerReferences[0].name)@\(.metadata.annotations["deployment.kubernetes.io/revision"])"' \
      "$KUBECTL_STUB_FIXTURE"
  done < <(delete_calls)
}

# "namespace replicaset" of every delete call, from its --raw path.
delete_calls() {
  awk '$1 == "delete" && $2 == "--raw" { split($3, p, "/"); print p[6], p[8] }' "$KUBECTL_STUB_LOG"
}

calls_of() {
  local verb="$1"
  awk -v verb="$verb" '$1 == verb || $3 == verb' "$KUBECTL_STUB_LOG" | wc -l | tr -d ' '
}

# Writes $2 copies of fixture $1 (each in its own namespace, with its own uids) to $3.
replicate() {
  jq --argjson n "$2" '.items as $items | .items = [range($n) as $k | $items[]
    | .metadata.namespace += "-\($k)" | .metadata.uid += "-\($k)"
    | if .metadata.ownerReferences then .metadata.ownerReferences |= map(.uid += "-\($k)") else . end]' \
    "$FIXTURES/$1.json" >"$3"
}

@test "in a multi-service namespace only the stuck service's old ReplicaSet is deleted" {
  prune multi-service
  assert_success
  assert_equal "$(deleted_replicasets)" "web@1"
  assert_output --partial "action=delete namespace=ahhp7h8bcprh2p3ed85lmkq2sq8vt154hpupj3v59rmvn deployment=web replicaset=web-jc65fhz2hz reason=unschedulable-insufficient"
}

@test "a stuck rollout loses its running old ReplicaSet, not the new one nor the scaled-down history" {
  prune stuck-rollout
  assert_success
  assert_equal "$(deleted_replicasets)" "app@2"
}

@test "each deletion is one DELETE of that ReplicaSet with its uid and resourceVersion as preconditions" {
  prune stuck-rollout
  assert_success
  run grep '^delete ' "$KUBECTL_STUB_LOG"
  assert_output "delete --raw /apis/apps/v1/namespaces/9lk9dof40p6tgtvjghmcbdb74rt5ggkct0o8ppj5sklvp/replicasets/app-xnp65w4mf9 -f - --wait=false --request-timeout=30s body="'{"apiVersion":"v1","kind":"DeleteOptions","preconditions":{"uid":"73922fc8-8c48-44ea-a16f-69f05c82376e","resourceVersion":"100002"},"propagationPolicy":"Background"}'
  # The preconditions are the fixture's own: the uid and resourceVersion of the ReplicaSet that was listed.
  assert_equal "$(jq -r '.items[] | select(.metadata.name == "app-xnp65w4mf9") | "\(.metadata.uid) \(.metadata.resourceVersion)"' "$FIXTURES/stuck-rollout.json")" "73922fc8-8c48-44ea-a16f-69f05c82376e 100002"
}

@test "a ReplicaSet changed since it was listed (e.g. a rollback) is not deleted: 409 is logged and the run goes on" {
  export KUBECTL_STUB_CHANGED=ahhp7h8bcprh2p3ed85lmkq2sq8vt154hpupj3v59rmvn/web-jc65fhz2hz
  prune two-stuck
  assert_success
  assert_equal "$(calls_of delete)" 2
  assert_line "action=skip namespace=ahhp7h8bcprh2p3ed85lmkq2sq8vt154hpupj3v59rmvn replicaset=web-jc65fhz2hz reason=changed-since-listed"
  refute_output --partial "replicaset=web-jc65fhz2hz reason=unschedulable-insufficient"
  assert_output --partial "deployment=worker replicaset="
  assert_line --partial "deleted=1 dry_run=false"
}

@test "a ReplicaSet that is already gone is logged, not an error" {
  export KUBECTL_STUB_FAIL=delete-notfound
  prune stuck-rollout
  assert_success
  assert_line "action=skip namespace=9lk9dof40p6tgtvjghmcbdb74rt5ggkct0o8ppj5sklvp replicaset=app-xnp65w4mf9 reason=already-gone"
  assert_line --partial "deleted=0 dry_run=false"
}

@test "a healthy rolling update in progress is left alone" {
  prune healthy-rollout
  assert_success
  assert_equal "$(calls_of delete)" 0
  assert_output --partial "deployment=api reason=rollout-in-progress"
}

@test "a pod unschedulable for another reason (Too many pods) deletes nothing" {
  prune pending-other
  assert_success
  assert_equal "$(calls_of delete)" 0
  assert_output --partial "deployment=web reason=pending-other pod=web-rkq59lmqgg-sxtp9"
}

@test "a pod pending on an image pull deletes nothing" {
  prune pending-other
  assert_success
  assert_equal "$(calls_of delete)" 0
  assert_output --partial "deployment=app reason=pending-other pod=app-"
}

@test "a pod unschedulable for less than min_pending deletes nothing yet" {
  prune young-pending
  assert_success
  assert_equal "$(calls_of delete)" 0
  assert_output --partial "deployment=web reason=pending-too-young pod=web-94snzzjvsq-wqtgd pending_for=60s"
}

@test "the same pod is acted on once it has been unschedulable for min_pending" {
  AKOPS_NOW=$((1714564800 + 60)) prune young-pending
  assert_success
  assert_equal "$(deleted_replicasets)" "web@1"
  assert_output --partial "pending_for=120s"
}

@test "maxSurge 0, as an integer or as 0%, deletes nothing" {
  prune max-surge-zero
  assert_success
  assert_equal "$(calls_of delete)" 0
  assert_output --partial "deployment=int-zero reason=max-surge-zero"
  assert_output --partial "deployment=percent-zero reason=max-surge-zero"
}

@test "a Recreate deployment deletes nothing" {
  prune max-surge-zero
  assert_success
  assert_output --partial "deployment=recreate reason=recreate-strategy"
}

@test "two stuck deployments in one namespace each lose their own old ReplicaSet" {
  prune two-stuck
  assert_success
  assert_equal "$(deleted_replicasets)" $'web@1\nworker@1'
}

@test "no more than max_deletions ReplicaSets are deleted in one run" {
  replicate stuck-rollout 12 "$BATS_TEST_TMPDIR/twelve.json"
  prune "$BATS_TEST_TMPDIR/twelve.json"
  assert_success
  assert_equal "$(calls_of delete)" 10
  assert_equal "$(grep -c 'reason=max-deletions' <<<"$output")" 2
  assert_line --partial "action=summary deployments=12 decisions=12 planned=10 capped=2 deleted=10 dry_run=false"
}

@test "--dry-run logs the deletion and calls no delete" {
  prune stuck-rollout --dry-run
  assert_success
  assert_equal "$(calls_of delete)" 0
  assert_output --partial "deployment=app replicaset=app-xnp65w4mf9 reason=unschedulable-insufficient pod=app-bvw42cn2pz-mp562 pending_for=600s dry_run=true"
}

@test "when the list call fails nothing is deleted and the exit status is non-zero" {
  export KUBECTL_STUB_FAIL=get
  prune acceptance
  assert_failure 1
  assert_equal "$(calls_of delete)" 0
  assert_equal "$output" ""
  [[ "$stderr" == *"listing deployments, replicasets and pods failed; nothing deleted"* ]]
}

@test "when the pods list call fails (after the other succeeded) nothing is deleted" {
  export KUBECTL_STUB_FAIL=get-pods
  prune acceptance
  assert_failure 1
  assert_equal "$(calls_of get)" 2
  assert_equal "$(calls_of delete)" 0
  [[ "$stderr" == *"listing deployments, replicasets and pods failed; nothing deleted"* ]]
}

@test "when kubectl prints its List twice (two JSON documents) nothing is deleted" {
  export KUBECTL_STUB_FAIL=get-twice
  replicate stuck-rollout 12 "$BATS_TEST_TMPDIR/twelve.json"
  prune "$BATS_TEST_TMPDIR/twelve.json"
  assert_failure 1
  assert_equal "$(calls_of delete)" 0
  [[ "$stderr" == *"expected 2 kubectl Lists, got 3"* ]]
}

@test "the cap is counted by the script: a plan with more deletions than max_deletions deletes max_deletions" {
  # A jq that answers the decision with 20 deletions (as a doubled kubectl output once made it do).
  local plan="$BATS_TEST_TMPDIR/plan.tsv" i
  for ((i = 0; i < 20; i++)); do
    printf 'delete\tns%s\trs%s\t{}\taction=delete namespace=ns%s replicaset=rs%s\n' "$i" "$i" "$i" "$i"
  done >"$plan"
  printf 'summary\t-\t-\t-\taction=summary deployments=20 decisions=20 planned=10 capped=10\n' >>"$plan"
  local real_jq
  real_jq="$(command -v jq)"
  stub_command jq 'if [[ "$*" == *"--argjson lists"* ]]; then cat >/dev/null; cat "'"$plan"'"; else exec "'"$real_jq"'" "$@"; fi'
  prune stuck-rollout
  assert_success
  assert_equal "$(calls_of delete)" 10
  assert_equal "$(delete_calls | tr '\n' ' ')" "ns0 rs0 ns1 rs1 ns2 rs2 ns3 rs3 ns4 rs4 ns5 rs5 ns6 rs6 ns7 rs7 ns8 rs8 ns9 rs9 "
  assert_equal "$(grep -c 'reason=max-deletions' <<<"$output")" 10
  assert_line "action=summary deployments=20 decisions=20 planned=10 capped=10 deleted=0 dry_run=false"
}

@test "when the list call fails half-way nothing is deleted" {
  export KUBECTL_STUB_FAIL=get-truncated
  prune acceptance
  assert_failure 1
  assert_equal "$(calls_of delete)" 0
}

@test "when jq cannot read the kubectl output nothing is deleted" {
  printf 'No resources found\n' >"$BATS_TEST_TMPDIR/garbage.json"
  export KUBECTL_STUB_WORKLOADS="$BATS_TEST_TMPDIR/garbage.json"
  prune stuck-rollout
  assert_failure 1
  assert_equal "$(calls_of delete)" 0
  [[ "$stderr" == *"jq could not read the kubectl output; nothing deleted"* ]]
}

@test "when jq itself fails nothing is deleted" {
  stub_command jq 'cat >/dev/null; printf "%s\n" "delete	ns	rs	{}	action=delete" "summary	-	-	-	action=summary"; exit 5'
  prune stuck-rollout
  assert_failure 1
  assert_equal "$(calls_of delete)" 0
}

@test "a failing delete stops the run with a non-zero status" {
  export KUBECTL_STUB_FAIL=delete
  prune two-stuck
  assert_failure 1
  assert_equal "$(calls_of delete)" 1
  [[ "$stderr" == *"deleting replicaset web-jc65fhz2hz in namespace ahhp7h8bcprh2p3ed85lmkq2sq8vt154hpupj3v59rmvn failed"* ]]
}

@test "acceptance: only the stuck deployment's old ReplicaSet is deleted" {
  prune acceptance
  assert_success
  assert_equal "$(deleted_replicasets)" "web@1"
  assert_output --partial "deployment=frontend reason=max-surge-zero"
  assert_output --partial "deployment=worker reason=pending-other"
  assert_output --partial "deployment=api reason=rollout-in-progress"
  refute_output --partial "deployment=db"
}

@test "the cluster is read with two list calls for 10 and for 1000 deployments" {
  replicate stuck-rollout 10 "$BATS_TEST_TMPDIR/ten.json"
  prune "$BATS_TEST_TMPDIR/ten.json"
  assert_success
  local ten
  ten="$(calls_of get)"
  : >"$KUBECTL_STUB_LOG"
  replicate stuck-rollout 1000 "$BATS_TEST_TMPDIR/thousand.json"
  prune "$BATS_TEST_TMPDIR/thousand.json"
  assert_success
  assert_equal "$ten" 2
  assert_equal "$(calls_of get)" 2
  assert_equal "$(calls_of delete)" 10
  assert_line --partial "action=summary deployments=1000 "
}

@test "the list calls cover all namespaces, the Akash label, JSON and the request timeout; pods only Pending ones" {
  prune healthy-rollout
  assert_success
  run cat "$KUBECTL_STUB_LOG"
  assert_output "get deployments.apps,replicasets.apps --all-namespaces -l akash.network/manifest-service -o json --request-timeout=30s
get pods --all-namespaces -l akash.network/manifest-service --field-selector=status.phase=Pending -o json --request-timeout=30s"
}

@test "kubectl is the command named by \$AKOPS_KUBECTL" {
  stub_command my-kubectl 'printf "my-kubectl %s\n" "$*" >>"$KUBECTL_STUB_LOG"; exec kubectl "$@"'
  export AKOPS_KUBECTL=my-kubectl
  prune stuck-rollout
  assert_success
  assert_equal "$(grep -c '^my-kubectl ' "$KUBECTL_STUB_LOG")" 3
}

@test "KUBECONFIG reaches kubectl unchanged" {
  stub_command kubectl 'printf "%s\n" "${KUBECONFIG-unset}" >"$BATS_TEST_TMPDIR/kubeconfig.seen"; exec "'"$BATS_TEST_DIRNAME"'/stubs/pruner/kubectl" "$@"'
  KUBECONFIG=/etc/kubernetes/admin.conf prune healthy-rollout
  assert_success
  assert_equal "$(cat "$BATS_TEST_TMPDIR/kubeconfig.seen")" /etc/kubernetes/admin.conf
}

@test "without KUBECONFIG kubectl gets none, so it can use the pod's service account" {
  stub_command kubectl 'printf "%s\n" "${KUBECONFIG-unset}" >"$BATS_TEST_TMPDIR/kubeconfig.seen"; exec "'"$BATS_TEST_DIRNAME"'/stubs/pruner/kubectl" "$@"'
  prune healthy-rollout
  assert_success
  assert_equal "$(cat "$BATS_TEST_TMPDIR/kubeconfig.seen")" unset
}

@test "a run that finds the lock held does nothing and exits 0" {
  mkdir -p "$BATS_TEST_TMPDIR/run"
  exec 8>>"$AKOPS_LOCK_FILE"
  flock -n 8
  prune stuck-rollout
  exec 8>&-
  assert_success
  assert_output "action=skip reason=locked lock=$AKOPS_LOCK_FILE"
  assert_equal "$(calls_of get)" 0
}

@test "--no-lock runs even when the lock is held" {
  mkdir -p "$BATS_TEST_TMPDIR/run"
  exec 8>>"$AKOPS_LOCK_FILE"
  flock -n 8
  prune stuck-rollout --no-lock
  exec 8>&-
  assert_success
  assert_equal "$(calls_of delete)" 1
}

@test "an unknown argument is a usage error" {
  prune stuck-rollout --force
  assert_failure 2
  [[ "$stderr" == *"unknown argument: --force"* ]]
  assert_equal "$(calls_of get)" 0
}

@test "--help prints the usage header" {
  prune stuck-rollout --help
  assert_success
  assert_line --index 0 "Usage: akash-force-new-replicasets.sh [--dry-run] [--no-lock] [-h|--help]"
  assert_output --partial "KUBECONFIG"
}

@test "a malformed AKOPS_NOW is refused before anything is deleted" {
  AKOPS_NOW=yesterday prune stuck-rollout
  assert_failure 1
  assert_equal "$(calls_of delete)" 0
  [[ "$stderr" == *"AKOPS_NOW must be epoch seconds"* ]]
}

@test "every decision line is logfmt" {
  prune acceptance
  assert_success
  run grep -Evc '^action=[a-z-]+( [a-z_]+=[A-Za-z0-9._-]+)+$' <<<"$output"
  assert_output 0
}
