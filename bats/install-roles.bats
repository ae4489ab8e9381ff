#!/usr/bin/env bats
# install.sh --role, the removal of files no longer selected, the manifest and --uninstall (golden tree).
bats_require_minimum_version 1.5.0

load test_helper

INSTALL="$GENERATED/install.sh"
MANIFEST=/var/lib/akops/installed.manifest

setup() {
  ROOT="$BATS_TEST_TMPDIR/root"
  mkdir -p "$ROOT"
  SYSTEMCTL_LOG="$BATS_TEST_TMPDIR/systemctl.log"
  : >"$SYSTEMCTL_LOG"
  stub_command systemctl "printf '%s\n' \"\$*\" >>'$SYSTEMCTL_LOG'"
  export SYSTEMCTL="$BATS_TEST_TMPDIR/stubs/systemctl"
}

# every regular file under the root, sorted, without the root
files() {
  (cd "$ROOT" && find . -type f | sed 's|^\.||' | LC_ALL=C sort)
}

# path, mode and sha256 of every file under the root
snapshot() {
  (cd "$ROOT" && find . -type f -printf '%p %m ' -exec sha256sum {} \; | LC_ALL=C sort)
}

@test "--role worker installs only the reaper and its cron.d file" {
  run -0 --separate-stderr bash "$INSTALL" --role worker --root "$ROOT"
  run -0 files
  assert_output "/etc/cron.d/kill-zombie-parents
/usr/local/bin/kill-zombie-parents.sh
$MANIFEST"
  cmp "$GENERATED/cron.d/kill-zombie-parents" "$ROOT/etc/cron.d/kill-zombie-parents"
}

@test "--role control-plane adds the certificate script and its check, not the pruner" {
  run -0 --separate-stderr bash "$INSTALL" --role control-plane --root "$ROOT"
  run -0 files
  assert_output "/etc/cron.d/k8s-certs-check
/etc/cron.d/kill-zombie-parents
/usr/local/bin/k8s-cert-rotate.sh
/usr/local/bin/kill-zombie-parents.sh
$MANIFEST"
}

@test "--role cluster-once installs only the pruner and the Failed-pod cleanup; roles combine with a comma" {
  run -0 --separate-stderr bash "$INSTALL" --role cluster-once --root "$ROOT"
  run -0 files
  assert_output "/etc/cron.d/akash-delete-failed-pods
/etc/cron.d/akash-force-new-replicasets
/usr/local/bin/akash-delete-failed-pods.sh
/usr/local/bin/akash-force-new-replicasets.sh
$MANIFEST"
  run -0 --separate-stderr bash "$INSTALL" --role worker,cluster-once --root "$ROOT"
  assert_line "action=done mode=cron roles=worker,cluster-once jobs=akash-force-new-replicasets,akash-delete-failed-pods,kill-zombie-parents root=$ROOT"
}

@test "the manifest lists every installed path, sorted, under a title line" {
  run -0 --separate-stderr bash "$INSTALL" --role control-plane --systemd --root "$ROOT"
  run -0 cat "$ROOT$MANIFEST"
  assert_output "# akops installed these files under this root; install.sh --uninstall removes them
/etc/systemd/system/k8s-certs-check.service
/etc/systemd/system/k8s-certs-check.timer
/etc/systemd/system/kill-zombie-parents.service
/etc/systemd/system/kill-zombie-parents.timer
/usr/local/bin/k8s-cert-rotate.sh
/usr/local/bin/kill-zombie-parents.sh"
  [[ "$(stat -c %a "$ROOT$MANIFEST")" == 644 ]]
}

@test "re-running with fewer --jobs removes the old cron.d files and keeps the scripts" {
  run -0 bash "$INSTALL" --root "$ROOT"
  run -0 --separate-stderr bash "$INSTALL" --jobs kill-zombie-parents --root "$ROOT"
  assert_line "action=removed file=$ROOT/etc/cron.d/akash-force-new-replicasets"
  assert_line "action=removed file=$ROOT/etc/cron.d/k8s-certs-check"
  [[ -e "$ROOT/etc/cron.d/kill-zombie-parents" ]]
  [[ ! -e "$ROOT/etc/cron.d/k8s-certs-check" ]]
  [[ -x "$ROOT/usr/local/bin/k8s-cert-rotate.sh" ]]
  run -0 grep -c '^/' "$ROOT$MANIFEST"
  assert_output 5
}

@test "fewer --jobs under systemd disables the dropped timer before removing its units" {
  run -0 bash "$INSTALL" --systemd --root "$ROOT"
  : >"$SYSTEMCTL_LOG"
  run -0 --separate-stderr bash "$INSTALL" --systemd --jobs kill-zombie-parents,k8s-certs-check --root "$ROOT"
  [[ ! -e "$ROOT/etc/systemd/system/akash-force-new-replicasets.timer" ]]
  [[ ! -e "$ROOT/etc/systemd/system/akash-force-new-replicasets.service" ]]
  run -0 cat "$SYSTEMCTL_LOG"
  assert_line "--root=$ROOT disable akash-force-new-replicasets.timer"
  refute_line --partial "disable kill-zombie-parents"
}

@test "moving a node from every role to worker removes the pruner and the certificate files" {
  run -0 bash "$INSTALL" --root "$ROOT"
  run -0 --separate-stderr bash "$INSTALL" --role worker --root "$ROOT"
  assert_line "action=removed file=$ROOT/usr/local/bin/akash-force-new-replicasets.sh"
  assert_line "action=removed file=$ROOT/usr/local/bin/k8s-cert-rotate.sh"
  run -0 files
  assert_output "/etc/cron.d/kill-zombie-parents
/usr/local/bin/kill-zombie-parents.sh
$MANIFEST"
}

@test "a second run with the same role changes nothing, the manifest included" {
  run -0 bash "$INSTALL" --role worker --root "$ROOT"
  before="$(snapshot)"
  run -0 --separate-stderr bash "$INSTALL" --role worker --root "$ROOT"
  assert_line "action=unchanged file=$ROOT$MANIFEST"
  refute_output --partial "action=installed"
  refute_output --partial "action=removed"
  [[ "$(snapshot)" == "$before" ]]
}

@test "--uninstall leaves exactly the files akops did not write" {
  mkdir -p "$ROOT/etc/cron.d" "$ROOT/usr/local/bin" "$ROOT/etc/systemd/system"
  printf '* * * * * root true\n' >"$ROOT/etc/cron.d/someone-else"
  printf '#!/bin/sh\n' >"$ROOT/usr/local/bin/helm"
  printf '[Unit]\n' >"$ROOT/etc/systemd/system/other.service"
  before="$(snapshot)"
  run -0 bash "$INSTALL" --root "$ROOT"
  run -0 --separate-stderr bash "$INSTALL" --uninstall --root "$ROOT"
  assert_line "action=removed file=$ROOT/usr/local/bin/kill-zombie-parents.sh"
  assert_line "action=done mode=uninstall root=$ROOT"
  [[ "$(snapshot)" == "$before" ]]
  [[ ! -e "$ROOT/var/lib/akops" ]]
}

@test "--uninstall of systemd units disables the timers first" {
  run -0 bash "$INSTALL" --systemd --role worker --root "$ROOT"
  : >"$SYSTEMCTL_LOG"
  run -0 --separate-stderr bash "$INSTALL" --uninstall --root "$ROOT"
  run -0 cat "$SYSTEMCTL_LOG"
  assert_output "--root=$ROOT disable kill-zombie-parents.timer"
  run -0 files
  assert_output ""
}

@test "--uninstall keeps a listed file that akops no longer wrote (replaced by hand)" {
  run -0 bash "$INSTALL" --role worker --root "$ROOT"
  printf '*/5 * * * * root /opt/mine.sh\n' >"$ROOT/etc/cron.d/kill-zombie-parents"
  run -0 --separate-stderr bash "$INSTALL" --uninstall --root "$ROOT"
  assert_line "action=kept file=$ROOT/etc/cron.d/kill-zombie-parents reason=not-generated-by-akops"
  run -0 files
  assert_output "/etc/cron.d/kill-zombie-parents"
}

@test "--uninstall without a manifest removes nothing and fails" {
  mkdir -p "$ROOT/etc/cron.d"
  cp "$GENERATED/cron.d/kill-zombie-parents" "$ROOT/etc/cron.d/"
  run -1 --separate-stderr bash "$INSTALL" --uninstall --root "$ROOT"
  [[ "$stderr" == "install.sh: no $ROOT$MANIFEST: nothing to uninstall"* ]]
  [[ -e "$ROOT/etc/cron.d/kill-zombie-parents" ]]
}

@test "a manifest line that is not a clean absolute path is refused before anything is removed" {
  run -0 bash "$INSTALL" --role worker --root "$ROOT"
  printf '/usr/local/bin/../../../outside\n' >>"$ROOT$MANIFEST"
  run -1 --separate-stderr bash "$INSTALL" --uninstall --root "$ROOT"
  [[ "$stderr" == "install.sh: $ROOT$MANIFEST: not an absolute path: /usr/local/bin/../../../outside" ]]
  [[ -e "$ROOT/usr/local/bin/kill-zombie-parents.sh" ]]
}

@test "an unknown role, or a job the roles do not run, is refused before anything is installed" {
  run -2 --separate-stderr bash "$INSTALL" --role worker,boss --root "$ROOT"
  [[ "$stderr" == "install.sh: unknown role: boss (known: control-plane worker cluster-once) (see --help)" ]]
  run -2 --separate-stderr bash "$INSTALL" --role worker --jobs k8s-certs-check --root "$ROOT"
  [[ "$stderr" == "install.sh: job k8s-certs-check is not run by role worker (its jobs: kill-zombie-parents) (see --help)" ]]
  run -0 files
  assert_output ""
}
