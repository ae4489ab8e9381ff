#!/usr/bin/env bats
# The golden tree's ansible/ with the real ansible-playbook (-c local) into temp roots, and ansible-lint.
# One playbook run takes seconds, so setup_file runs the install twice and the tests read the results.
bats_require_minimum_version 1.5.0

load test_helper

# ansible-playbook against localhost, which INVENTORY puts in the groups it names; no sudo (become off),
# HOME and Ansible's temp dirs inside the test's temp dir.
play() {
  local inventory="$1"
  shift
  HOME="$BATS_FILE_TMPDIR/home" ANSIBLE_NOCOLOR=1 ANSIBLE_LOCAL_TEMP="$BATS_FILE_TMPDIR/home/tmp" \
    ANSIBLE_REMOTE_TEMP="$BATS_FILE_TMPDIR/home/tmp" \
    ansible-playbook -i "$inventory" -e ansible_become=false -e ansible_python_interpreter=/usr/bin/python3 "$@"
}

# An inventory with localhost (local connection) in the given kubespray groups.
inventory() {
  local file="$1" group
  shift
  {
    printf 'all:\n  hosts:\n    localhost:\n      ansible_connection: local\n  children:\n'
    for group in "$@"; do
      printf '    %s:\n      hosts:\n        localhost:\n' "$group"
    done
    printf '    k8s_cluster:\n      children:\n'
    for group in "$@"; do
      printf '        %s:\n' "$group"
    done
  } >"$file"
}

# path, mode, owner and sha256 of every file under a root, without the root
snapshot() {
  (cd "$1" && find . -type f -printf '%p %m %U:%G ' -exec sha256sum {} \; | LC_ALL=C sort)
}

# the ok/changed/failed counts of the PLAY RECAP line
recap() {
  sed -n 's/^localhost *: \(ok=[0-9]* *changed=[0-9]*\) .*\(failed=[0-9]*\).*/\1 \2/p' | tr -s ' '
}

setup_file() {
  TREE="$BATS_FILE_TMPDIR/tree"
  cp -r "$GENERATED" "$TREE"
  mkdir -p "$BATS_FILE_TMPDIR/home/tmp"
  # localhost in every group: control-plane, and the first control-plane host (cluster-once)
  inventory "$BATS_FILE_TMPDIR/all.yml" kube_control_plane kube_node etcd
  ROOT="$BATS_FILE_TMPDIR/root"
  mkdir -p "$ROOT"
  play "$BATS_FILE_TMPDIR/all.yml" "$TREE/ansible/site.yml" -e "akops_root=$ROOT" >"$BATS_FILE_TMPDIR/run1.out" 2>&1
  snapshot "$ROOT" >"$BATS_FILE_TMPDIR/run1.snap"
  play "$BATS_FILE_TMPDIR/all.yml" "$TREE/ansible/site.yml" -e "akops_root=$ROOT" >"$BATS_FILE_TMPDIR/run2.out" 2>&1
  export TREE ROOT
}

setup() {
  TREE="$BATS_FILE_TMPDIR/tree"
  ROOT="$BATS_FILE_TMPDIR/root"
}

@test "the first run installs the scripts 0755 and the cron.d files 0644, root-owned" {
  run -0 recap <"$BATS_FILE_TMPDIR/run1.out"
  assert_output "ok=6 changed=4 failed=0"
  run -0 bash -c "cd '$ROOT' && find . -type f -printf '%m %u:%g %p\n' | LC_ALL=C sort -k3"
  assert_output "644 root:root ./etc/cron.d/akash-delete-failed-pods
644 root:root ./etc/cron.d/akash-force-new-replicasets
644 root:root ./etc/cron.d/k8s-certs-check
644 root:root ./etc/cron.d/kill-zombie-parents
755 root:root ./usr/local/bin/akash-delete-failed-pods.sh
755 root:root ./usr/local/bin/akash-force-new-replicasets.sh
755 root:root ./usr/local/bin/k8s-cert-rotate.sh
755 root:root ./usr/local/bin/kill-zombie-parents.sh
644 root:root ./var/lib/akops/installed.manifest"
}

@test "installed files equal the tree's bin/ and cron.d/ byte for byte" {
  local f
  for f in akash-force-new-replicasets.sh k8s-cert-rotate.sh kill-zombie-parents.sh; do
    cmp "$GENERATED/bin/$f" "$ROOT/usr/local/bin/$f"
  done
  for f in akash-force-new-replicasets k8s-certs-check kill-zombie-parents; do
    cmp "$GENERATED/cron.d/$f" "$ROOT/etc/cron.d/$f"
  done
}

@test "the second run reports changed=0 and touches nothing" {
  run -0 recap <"$BATS_FILE_TMPDIR/run2.out"
  assert_output "ok=6 changed=0 failed=0"
  [[ "$(snapshot "$ROOT")" == "$(cat "$BATS_FILE_TMPDIR/run1.snap")" ]]
}

@test "the playbook and install.sh with the same roles leave the same files and the same manifest" {
  local other="$BATS_TEST_TMPDIR/other"
  mkdir -p "$other"
  run -0 bash "$TREE/install.sh" --role control-plane,cluster-once --root "$other"
  [[ "$(snapshot "$other")" == "$(snapshot "$ROOT")" ]]
}

@test "--check --diff reports a drifted file and changes nothing" {
  local copy="$BATS_TEST_TMPDIR/root"
  cp -a "$ROOT" "$copy"
  printf 'tampered\n' >>"$copy/usr/local/bin/kill-zombie-parents.sh"
  chmod 600 "$copy/etc/cron.d/k8s-certs-check"
  before="$(snapshot "$copy")"
  run -0 play "$BATS_FILE_TMPDIR/all.yml" "$TREE/ansible/site.yml" -e "akops_root=$copy" --check --diff
  assert_line "changed: [localhost] => (item=kill-zombie-parents.sh)"
  assert_line -- "-tampered"
  assert_line "changed: [localhost] => (item=k8s-certs-check)"
  assert_line "ok: [localhost] => (item=k8s-cert-rotate.sh)"
  run -0 recap <<<"$output"
  assert_output "ok=6 changed=2 failed=0"
  [[ "$(snapshot "$copy")" == "$before" ]]
}

@test "systemd, fewer jobs: the cron.d files go, the units come, a foreign cron.d file stays" {
  local copy="$BATS_TEST_TMPDIR/root"
  cp -a "$ROOT" "$copy"
  printf '* * * * * root true\n' >"$copy/etc/cron.d/someone-else"
  run -0 play "$BATS_FILE_TMPDIR/all.yml" "$TREE/ansible/site.yml" -e "akops_root=$copy" \
    -e akops_scheduler=systemd -e '{"akops_jobs": ["kill-zombie-parents", "akash-force-new-replicasets"]}'
  run -0 bash -c "cd '$copy' && find . -type f | LC_ALL=C sort"
  assert_output "./etc/cron.d/someone-else
./etc/systemd/system/akash-force-new-replicasets.service
./etc/systemd/system/akash-force-new-replicasets.timer
./etc/systemd/system/kill-zombie-parents.service
./etc/systemd/system/kill-zombie-parents.timer
./usr/local/bin/akash-delete-failed-pods.sh
./usr/local/bin/akash-force-new-replicasets.sh
./usr/local/bin/k8s-cert-rotate.sh
./usr/local/bin/kill-zombie-parents.sh
./var/lib/akops/installed.manifest"
  cmp "$GENERATED/systemd/kill-zombie-parents.timer" "$copy/etc/systemd/system/kill-zombie-parents.timer"
  cmp "$GENERATED/systemd/akash-force-new-replicasets.service" "$copy/etc/systemd/system/akash-force-new-replicasets.service"
}

@test "a worker (kube_node only) gets the reaper alone; install.sh --uninstall then empties the root" {
  local root="$BATS_TEST_TMPDIR/root"
  mkdir -p "$root"
  inventory "$BATS_TEST_TMPDIR/worker.yml" kube_node
  run -0 play "$BATS_TEST_TMPDIR/worker.yml" "$TREE/ansible/site.yml" -e "akops_root=$root"
  run -0 bash -c "cd '$root' && find . -type f | LC_ALL=C sort"
  assert_output "./etc/cron.d/kill-zombie-parents
./usr/local/bin/kill-zombie-parents.sh
./var/lib/akops/installed.manifest"
  run -0 bash "$TREE/install.sh" --uninstall --root "$root"
  run -0 find "$root" -type f
  assert_output ""
}

# An inventory with control-plane hosts cp1 and cp2 (both local), each with its own stub of
# k8s-cert-rotate.sh that logs "HOST ARGS" and fails on the argument given as its third word.
rotate_inventory() {
  local fail_host="$1" fail_arg="$2" host
  printf 'all:\n  children:\n    kube_control_plane:\n      hosts:\n' >"$BATS_TEST_TMPDIR/cp.yml"
  for host in cp1 cp2; do
    stub_command "rotate-$host" "printf '%s %s\n' $host \"\$*\" >>'$BATS_TEST_TMPDIR/rotate.log'
[[ $host != $fail_host || \"\$1\" != $fail_arg ]]"
    printf '        %s:\n          ansible_connection: local\n          akops_cert_rotate: %s\n' \
      "$host" "$BATS_TEST_TMPDIR/stubs/rotate-$host" >>"$BATS_TEST_TMPDIR/cp.yml"
  done
}

@test "rotate-certs.yml rotates and verifies one node before it starts the next" {
  rotate_inventory none none
  run -0 play "$BATS_TEST_TMPDIR/cp.yml" "$TREE/ansible/rotate-certs.yml"
  run -0 cat "$BATS_TEST_TMPDIR/rotate.log"
  assert_output "cp1 all
cp1 verify
cp2 all
cp2 verify"
}

@test "rotate-certs.yml stops at the first node whose served certificate does not verify" {
  rotate_inventory cp1 verify
  run -2 play "$BATS_TEST_TMPDIR/cp.yml" "$TREE/ansible/rotate-certs.yml"
  run -0 cat "$BATS_TEST_TMPDIR/rotate.log"
  assert_output "cp1 all
cp1 verify"
}

@test "ansible-lint (production profile) passes the playbooks and the role" {
  cd "$TREE/ansible"
  HOME="$BATS_FILE_TMPDIR/home" run -0 ansible-lint --offline -p --profile production
}
