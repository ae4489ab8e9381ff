#!/usr/bin/env bats
# k8s-cert-rotate.sh backup/renew/all against a REAL etcd (Debian's etcd-server) on 127.0.0.1 with
# random free ports and TLS certificates made with openssl for this file; kubeadm, crictl,
# systemctl, curl and s_client are the stubs of bats/stubs/certs.

bats_require_minimum_version 1.5.0

load test_helper
load helpers/pki

SCRIPT="$GENERATED/bin/k8s-cert-rotate.sh"

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# One etcd for the file: a kubespray-like node template whose etcd.env points etcdctl at it.
setup_file() {
  local node="$BATS_FILE_TMPDIR/node" ssl client peer i
  pki_node "$node" host
  ssl="$node/etc/ssl/etcd/ssl"
  client=$(free_port)
  peer=$(free_port)
  sed -i "s|^ETCDCTL_ENDPOINTS=.*|ETCDCTL_ENDPOINTS=https://127.0.0.1:$client|" "$node/etc/etcd.env"
  etcd --name node1 --data-dir "$BATS_FILE_TMPDIR/etcd-data" \
    --listen-client-urls "https://127.0.0.1:$client" --advertise-client-urls "https://127.0.0.1:$client" \
    --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer" \
    --initial-cluster "node1=http://127.0.0.1:$peer" \
    --cert-file "$ssl/member-node1.pem" --key-file "$ssl/member-node1-key.pem" \
    --trusted-ca-file "$ssl/ca.pem" --client-cert-auth \
    --logger zap --log-outputs "$BATS_FILE_TMPDIR/etcd.log" >/dev/null 2>&1 3>&- &
  printf '%s\n' "$!" >"$BATS_FILE_TMPDIR/etcd.pid"
  export AKOPS_TEST_ETCD_ENDPOINT="https://127.0.0.1:$client"
  for i in $(seq 50); do
    if etcdctl_test put /akops/test "$i" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  printf 'etcd did not start:\n' >&2
  cat "$BATS_FILE_TMPDIR/etcd.log" >&2
  return 1
}

teardown_file() {
  local pid
  pid=$(cat "$BATS_FILE_TMPDIR/etcd.pid" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
}

etcdctl_test() {
  local ssl="$BATS_FILE_TMPDIR/node/etc/ssl/etcd/ssl"
  ETCDCTL_API=3 etcdctl --endpoints "$AKOPS_TEST_ETCD_ENDPOINT" --cacert "$ssl/ca.pem" \
    --cert "$ssl/admin-node1.pem" --key "$ssl/admin-node1-key.pem" "$@"
}

setup() {
  ROOT="$BATS_TEST_TMPDIR/root"
  cp -a "$BATS_FILE_TMPDIR/node" "$ROOT"
  pki_script_env "$ROOT"
  pki_control_plane_running
  BACKUPS="$ROOT/var/backups/akops"
  REAL_ETCDCTL=$(command -v etcdctl)
}

rotate() {
  bash "$SCRIPT" "$@"
}

# An etcdctl that runs the real one, then damages the file `snapshot save` wrote with $1
# (shell code run with the snapshot path in $f).
damaging_etcdctl() {
  cat >"$BATS_TEST_TMPDIR/etcdctl" <<EOF
#!/usr/bin/env bash
set -e
"$REAL_ETCDCTL" "\$@"
if [[ "\$*" == *"snapshot save "* ]]; then
  f="\${*: -1}"
  $1
fi
EOF
  chmod +x "$BATS_TEST_TMPDIR/etcdctl"
  export AKOPS_ETCDCTL="$BATS_TEST_TMPDIR/etcdctl"
}

marker_value() {
  sed -n "s/^$1=//p" "$BACKUPS/verified-backup"
}

@test "backup saves an etcd snapshot into a 0700 directory, verifies it and records it" {
  run -0 rotate backup
  assert_line --partial 'msg="snapshot verified"'
  local snap
  snap=$(marker_value snapshot)
  [[ "$snap" == "$BACKUPS"/etcd-node1-*.db ]]
  run -0 stat -c %a "$BACKUPS"
  assert_output 700
  run -0 stat -c %a "$snap"
  assert_output 600
  (($(stat -c %s "$snap") % 512 == 32))
  assert_equal "$(marker_value size)" "$(stat -c %s "$snap")"
  assert_equal "$(marker_value sha256)" "$(head -c "$(($(stat -c %s "$snap") - 32))" "$snap" | sha256sum | cut -c1-64)"
  (($(marker_value revision) > 0))
}

@test "the verified snapshot restores with etcdctl snapshot restore" {
  run -0 rotate backup
  run -0 "$REAL_ETCDCTL" snapshot restore "$(marker_value snapshot)" --name node1 \
    --initial-cluster node1=http://127.0.0.1:2380 --initial-advertise-peer-urls http://127.0.0.1:2380 \
    --data-dir "$BATS_TEST_TMPDIR/restored"
  run -0 test -s "$BATS_TEST_TMPDIR/restored/member/snap/db"
}

@test "backup checks member list, endpoint health and endpoint status before the snapshot" {
  run -0 rotate backup
  assert_line --regexp '\| +ID +\| +STATUS +\| +NAME +\|'
  assert_line --regexp '\| +ENDPOINT +\| +HEALTH +\|'
  assert_line --regexp '\| +ENDPOINT +\| +ID +\| +VERSION +\| +DB SIZE +\|'
  assert_line --regexp '\| https://127\.0\.0\.1:[0-9]+ \| +true \|'
}

@test "backup archives /etc/kubernetes and /etc/ssl/etcd next to the snapshot with mode 0600" {
  run -0 rotate backup
  local archive
  archive=$(marker_value archive)
  [[ "$archive" == "$BACKUPS"/pki-node1-*.tar.gz ]]
  run -0 stat -c %a "$archive"
  assert_output 600
  run -0 tar -tzf "$archive"
  assert_line etc/kubernetes/pki/ca.key
  assert_line etc/kubernetes/admin.conf
  assert_line etc/ssl/etcd/ssl/member-node1-key.pem
}

@test "backup exports only the ETCDCTL_* lines of /etc/etcd.env and evaluates nothing in it" {
  damaging_etcdctl 'true'
  cat >>"$BATS_TEST_TMPDIR/etcdctl" <<'EOF'
env | grep '^ETCD' | sort >"${STUB_STATE}/etcdctl.env"
EOF
  run -0 rotate backup
  run -1 test -e "$ROOT/pwned"
  run -0 cut -d= -f1 "$STUB_STATE/etcdctl.env"
  assert_output $'ETCDCTL_API\nETCDCTL_CACERT\nETCDCTL_CERT\nETCDCTL_ENDPOINTS\nETCDCTL_KEY'
  run -0 grep '^ETCDCTL_CACERT=' "$STUB_STATE/etcdctl.env"
  assert_output "ETCDCTL_CACERT=$ROOT/etc/ssl/etcd/ssl/ca.pem"
}

@test "a snapshot with flipped bytes is rejected and renew then refuses" {
  damaging_etcdctl 'printf "\xde\xad\xbe\xef" | dd of="$f" bs=1 seek=8192 conv=notrunc status=none'
  run -1 --separate-stderr rotate backup
  assert_stderr --partial 'msg="snapshot sha256 trailer does not match its content"'
  assert_stderr --partial "snapshot did not verify; kept as $BACKUPS/etcd-node1-"
  run -0 compgen -G "$BACKUPS/etcd-node1-*.db.rejected"
  run -1 test -e "$BACKUPS/verified-backup"
  run -1 --separate-stderr rotate renew
  assert_stderr --partial "no verified etcd backup"
  run -1 grep -c '^kubeadm' "$STUB_LOG"
}

@test "a truncated snapshot is rejected for its size" {
  damaging_etcdctl 'truncate -s -100 "$f"'
  run -1 --separate-stderr rotate backup
  assert_stderr --partial 'msg="snapshot size is not a bolt database plus a sha256 trailer"'
  run -1 test -e "$BACKUPS/verified-backup"
}

@test "a failed backup withdraws the previous verified backup" {
  run -0 rotate backup
  run -0 test -e "$BACKUPS/verified-backup"
  damaging_etcdctl 'truncate -s -100 "$f"'
  run -1 rotate backup
  run -1 --separate-stderr rotate renew
  assert_stderr --partial "no verified etcd backup"
}

# Generates the script from ops settings given as YAML text (the golden script uses the example's).
script_with() {
  printf '%s\n' "$1" >"$BATS_TEST_TMPDIR/ops.yaml"
  "${AKOPS_CLI[@]}" gen cert-rotate --ops "$BATS_TEST_TMPDIR/ops.yaml" -o "$BATS_TEST_TMPDIR/gen" >/dev/null
  SCRIPT="$BATS_TEST_TMPDIR/gen/k8s-cert-rotate.sh"
}

@test "all stops at a failing backup without renewing and says how to resume" {
  script_with $'certs:\n  etcd_command_timeout: 5'
  sed -i 's|^ETCDCTL_ENDPOINTS=.*|ETCDCTL_ENDPOINTS=https://127.0.0.1:9|' "$ROOT/etc/etcd.env"
  run -1 --separate-stderr rotate all
  assert_line 'step 2/6 backup'
  refute_line 'step 3/6 renew'
  assert_stderr --partial 'step 2/6 backup failed'
  assert_stderr --partial 'Nothing was changed.'
  assert_stderr --partial 'resume with: k8s-cert-rotate.sh all --from backup'
  run -1 grep -c '^kubeadm' "$STUB_LOG"
}

@test "all rotates the node end to end: verified backup, renew, kubeconfig, restart, verify" {
  run -0 rotate all
  assert_line 'step 6/6 verify'
  assert_line --partial 'msg="snapshot verified"'
  assert_line --partial 'msg="apiserver serves the renewed certificate"'
  assert_line --partial 'msg="certificate rotation done on this node; go on with the next control-plane node"'
  run -0 rotate check
  run -0 cmp "$ROOT/etc/kubernetes/admin.conf" "$ROOT/root/.kube/config"
  run -0 grep '^kubeadm' "$STUB_LOG"
  assert_output "kubeadm certs renew all --config $ROOT/etc/kubernetes/kubeadm-config.yaml"
}
