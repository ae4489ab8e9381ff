#!/usr/bin/env bats
# install.sh (the golden one) into a temp root: modes, owners, idempotence, cron vs systemd.
bats_require_minimum_version 1.5.0

load test_helper

INSTALL="$GENERATED/install.sh"

setup() {
  ROOT="$BATS_TEST_TMPDIR/root"
  mkdir -p "$ROOT"
  SYSTEMCTL_LOG="$BATS_TEST_TMPDIR/systemctl.log"
  : >"$SYSTEMCTL_LOG"
  stub_command systemctl "printf '%s\n' \"\$*\" >>'$SYSTEMCTL_LOG'"
  export AKOPS_SYSTEMCTL="$BATS_TEST_TMPDIR/stubs/systemctl"
}

# mode:owner:group of a file under the root
perms() {
  stat -c '%a:%U:%G' "$ROOT$1"
}

# checksum and mtime of every file under the root, one per line
snapshot() {
  (cd "$ROOT" && find . -type f -printf '%p %T@ %m\n' | sort && find . -type f -exec sha256sum {} + | sort)
}

@test "installs the scripts 0755 and the cron.d files 0644, root-owned" {
  run -0 --separate-stderr bash "$INSTALL" --root "$ROOT"
  [[ "$(perms /usr/local/bin/kill-zombie-parents.sh)" == "755:root:root" ]]
  [[ "$(perms /usr/local/bin/akash-force-new-replicasets.sh)" == "755:root:root" ]]
  [[ "$(perms /usr/local/bin/k8s-cert-rotate.sh)" == "755:root:root" ]]
  [[ "$(perms /etc/cron.d/kill-zombie-parents)" == "644:root:root" ]]
  [[ "$(perms /etc/cron.d/akash-force-new-replicasets)" == "644:root:root" ]]
  [[ "$(perms /etc/cron.d/k8s-certs-check)" == "644:root:root" ]]
}

@test "installed files are byte-identical to the tree" {
  run -0 bash "$INSTALL" --root "$ROOT"
  cmp "$GENERATED/bin/kill-zombie-parents.sh" "$ROOT/usr/local/bin/kill-zombie-parents.sh"
  cmp "$GENERATED/cron.d/k8s-certs-check" "$ROOT/etc/cron.d/k8s-certs-check"
}

@test "logs one logfmt line per file and a summary" {
  run -0 --separate-stderr bash "$INSTALL" --root "$ROOT"
  assert_line "action=installed file=$ROOT/etc/cron.d/kill-zombie-parents mode=644"
  assert_line "action=done mode=cron roles=control-plane,worker,cluster-once jobs=akash-force-new-replicasets,akash-delete-failed-pods,kill-zombie-parents,k8s-certs-check root=$ROOT"
}

@test "a second run changes nothing and says every file is unchanged" {
  run -0 bash "$INSTALL" --root "$ROOT"
  before="$(snapshot)"
  sleep 0.01
  run -0 --separate-stderr bash "$INSTALL" --root "$ROOT"
  refute_output --partial "action=installed"
  assert_line "action=unchanged file=$ROOT/usr/local/bin/kill-zombie-parents.sh"
  [[ "$(snapshot)" == "$before" ]]
}

@test "a changed or mis-moded installed file is put back" {
  run -0 bash "$INSTALL" --root "$ROOT"
  printf 'tampered\n' >>"$ROOT/usr/local/bin/kill-zombie-parents.sh"
  chmod 600 "$ROOT/etc/cron.d/k8s-certs-check"
  run -0 --separate-stderr bash "$INSTALL" --root "$ROOT"
  assert_line "action=installed file=$ROOT/usr/local/bin/kill-zombie-parents.sh mode=755"
  assert_line "action=installed file=$ROOT/etc/cron.d/k8s-certs-check mode=644"
  cmp "$GENERATED/bin/kill-zombie-parents.sh" "$ROOT/usr/local/bin/kill-zombie-parents.sh"
  [[ "$(perms /etc/cron.d/k8s-certs-check)" == "644:root:root" ]]
}

@test "leaves no temporary files behind" {
  run -0 bash "$INSTALL" --root "$ROOT"
  run -0 find "$ROOT" -name '.*'
  assert_output ""
}

@test "cron mode calls no systemctl when no timers are installed" {
  run -0 bash "$INSTALL" --root "$ROOT"
  [[ ! -s "$SYSTEMCTL_LOG" ]]
}

@test "--systemd installs the units 0644 and enables the timers against the root" {
  run -0 --separate-stderr bash "$INSTALL" --systemd --root "$ROOT"
  [[ "$(perms /etc/systemd/system/kill-zombie-parents.service)" == "644:root:root" ]]
  [[ "$(perms /etc/systemd/system/kill-zombie-parents.timer)" == "644:root:root" ]]
  [[ ! -e "$ROOT/etc/cron.d/kill-zombie-parents" ]]
  run -0 cat "$SYSTEMCTL_LOG"
  assert_line "--root=$ROOT enable kill-zombie-parents.timer"
  assert_line "--root=$ROOT enable akash-force-new-replicasets.timer"
  assert_line "--root=$ROOT enable k8s-certs-check.timer"
}

@test "switching to systemd removes the akops cron.d files and keeps foreign ones" {
  run -0 bash "$INSTALL" --root "$ROOT"
  printf '* * * * * root true\n' >"$ROOT/etc/cron.d/someone-else"
  run -0 --separate-stderr bash "$INSTALL" --systemd --root "$ROOT"
  assert_line "action=removed file=$ROOT/etc/cron.d/kill-zombie-parents"
  [[ ! -e "$ROOT/etc/cron.d/kill-zombie-parents" ]]
  [[ -e "$ROOT/etc/cron.d/someone-else" ]]
}

@test "a same-named cron.d file akops did not write is kept and reported" {
  mkdir -p "$ROOT/etc/cron.d"
  printf '*/5 * * * * root /usr/local/bin/kill-zombie-parents.sh\n' >"$ROOT/etc/cron.d/kill-zombie-parents"
  run -0 --separate-stderr bash "$INSTALL" --systemd --root "$ROOT"
  assert_line "action=kept file=$ROOT/etc/cron.d/kill-zombie-parents reason=not-generated-by-akops"
  [[ -e "$ROOT/etc/cron.d/kill-zombie-parents" ]]
}

@test "switching back to cron disables the timers and removes the units" {
  run -0 bash "$INSTALL" --systemd --root "$ROOT"
  : >"$SYSTEMCTL_LOG"
  run -0 --separate-stderr bash "$INSTALL" --cron --root "$ROOT"
  [[ ! -e "$ROOT/etc/systemd/system/kill-zombie-parents.timer" ]]
  [[ ! -e "$ROOT/etc/systemd/system/kill-zombie-parents.service" ]]
  [[ -e "$ROOT/etc/cron.d/kill-zombie-parents" ]]
  run -0 cat "$SYSTEMCTL_LOG"
  assert_line "--root=$ROOT disable kill-zombie-parents.timer"
}

@test "--jobs schedules only the named jobs but installs every script" {
  run -0 --separate-stderr bash "$INSTALL" --jobs k8s-certs-check --root "$ROOT"
  [[ -e "$ROOT/etc/cron.d/k8s-certs-check" ]]
  [[ ! -e "$ROOT/etc/cron.d/kill-zombie-parents" ]]
  [[ ! -e "$ROOT/etc/cron.d/akash-force-new-replicasets" ]]
  [[ -x "$ROOT/usr/local/bin/kill-zombie-parents.sh" ]]
  assert_line "action=done mode=cron roles=control-plane,worker,cluster-once jobs=k8s-certs-check root=$ROOT"
}

@test "an unknown job is a usage error, refused before anything is installed" {
  run -2 --separate-stderr bash "$INSTALL" --jobs k8s-certs-check,nope --root "$ROOT"
  [[ "$stderr" == "install.sh: unknown job: nope (known: akash-force-new-replicasets akash-delete-failed-pods kill-zombie-parents k8s-certs-check) (see --help)" ]]
  run -0 find "$ROOT" -type f
  assert_output ""
}

@test "an unknown argument is a usage error" {
  run -2 --separate-stderr bash "$INSTALL" --frobnicate
  [[ "$stderr" == "install.sh: unknown argument: --frobnicate (see --help)" ]]
}

@test "--root must be an existing directory" {
  run -1 --separate-stderr bash "$INSTALL" --root "$BATS_TEST_TMPDIR/nope"
  [[ "$stderr" == "install.sh: --root $BATS_TEST_TMPDIR/nope is not a directory" ]]
}

@test "--help prints the usage and installs nothing" {
  run -0 bash "$INSTALL" --help
  assert_line --index 0 "Usage: install.sh [--cron | --systemd] [--role ROLE[,ROLE...]] [--jobs NAME[,NAME...]] [--root DIR] | --uninstall"
  run -0 find "$ROOT" -type f
  assert_output ""
}

@test "refuses to run from a copy missing its scripts" {
  mkdir -p "$BATS_TEST_TMPDIR/partial"
  cp "$INSTALL" "$BATS_TEST_TMPDIR/partial/install.sh"
  run -1 --separate-stderr bash "$BATS_TEST_TMPDIR/partial/install.sh" --root "$ROOT"
  [[ "$stderr" == *"missing $BATS_TEST_TMPDIR/partial/bin/akash-delete-failed-pods.sh: run install.sh from the generated tree" ]]
}
