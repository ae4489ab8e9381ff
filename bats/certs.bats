#!/usr/bin/env bats
# k8s-cert-rotate.sh on a fixture control-plane node made with openssl in each test
# (bats/helpers/pki.bash); kubeadm, crictl, systemctl, curl and s_client are stubs
# (bats/stubs/certs) that act on the fixture. The etcd backup against a real etcd is in certs-etcd.bats.

bats_require_minimum_version 1.5.0

load test_helper
load helpers/pki

SCRIPT="$GENERATED/bin/k8s-cert-rotate.sh"
GOLDEN_DRY_RUN="$AKOPS_REPO/bats/golden/certs-all-dry-run.txt"

setup() {
  ROOT="$BATS_TEST_TMPDIR/root"
  export PKI_NOW=1767225600 # 2026-01-01T00:00:00Z
  export AKOPS_NOW="$PKI_NOW"
}

# A host-etcd (kubespray) node with the default certificates, the stubs, the control plane running.
node_fixture() {
  pki_node "$ROOT" "${1:-host}"
  pki_script_env "$ROOT"
  pki_control_plane_running
  export AKOPS_ETCDCTL="$AKOPS_REPO/bats/stubs/certs/etcdctl-stub"
}

# A hardened apiserver's /readyz on a loopback port (bats/helpers/readyz-server.mjs): 401 without a
# client certificate of the cluster CA. Sets READYZ_PORT; the server stops in teardown.
readyz_server() {
  local pki="$ROOT/etc/kubernetes/pki"
  node "$AKOPS_REPO/bats/helpers/readyz-server.mjs" "$pki/apiserver.crt" "$pki/apiserver.key" "$pki/ca.crt" \
    "$BATS_TEST_TMPDIR/readyz.port" >"$BATS_TEST_TMPDIR/readyz.log" 2>&1 3>&- &
  READYZ_PID=$!
  local i
  for i in $(seq 100); do
    [[ ! -s "$BATS_TEST_TMPDIR/readyz.port" ]] || break
    sleep 0.1
  done
  READYZ_PORT=$(<"$BATS_TEST_TMPDIR/readyz.port")
  [[ "$READYZ_PORT" =~ ^[0-9]+$ ]]
}

teardown() {
  if [[ -n "${READYZ_PID:-}" ]]; then
    kill "$READYZ_PID" 2>/dev/null || true
    wait "$READYZ_PID" 2>/dev/null || true
  fi
}

# A marker for external etcd as `backup` writes it, with a PKI archive.
fake_external_backup() {
  local dir="$ROOT/var/backups/akops"
  mkdir -p "$dir"
  : >"$dir/pki-node1-test.tar.gz"
  printf 'etcd=external\nsnapshot_by=operator\narchive=%s\nnode=node1\nverified_at=%s\n' "$dir/pki-node1-test.tar.gz" "$AKOPS_NOW" >"$dir/verified-backup"
}

# A verified-backup marker as `backup` writes it, for a snapshot that is just bytes + their sha256.
fake_verified_backup() {
  local dir="$ROOT/var/backups/akops" snap
  snap="$dir/etcd-node1-test.db"
  mkdir -p "$dir"
  head -c 4096 /dev/urandom >"$snap"
  openssl dgst -sha256 -binary "$snap" >"$snap.sha"
  cat "$snap.sha" >>"$snap"
  printf 'snapshot=%s\nsha256=%s\nsize=%s\nverified_at=%s\n' "$snap" "$(tail -c 32 "$snap" | od -An -v -tx1 | tr -d ' \n')" \
    "$(stat -c %s "$snap")" "${1:-$AKOPS_NOW}" >"$dir/verified-backup"
}

# The golden files are not executable: run the script with bash, as the installer's copy runs.
rotate() {
  bash "$SCRIPT" "$@"
}

# Generates the script from ops settings given as YAML text (the golden script uses the example's).
script_with() {
  printf '%s\n' "$1" >"$BATS_TEST_TMPDIR/ops.yaml"
  "${AKOPS_CLI[@]}" gen cert-rotate --ops "$BATS_TEST_TMPDIR/ops.yaml" -o "$BATS_TEST_TMPDIR/gen" >/dev/null
  SCRIPT="$BATS_TEST_TMPDIR/gen/k8s-cert-rotate.sh"
}

@test "check prints every certificate and kubeconfig with its days left and exits 2 when one is expired" {
  node_fixture
  run -2 rotate check
  assert_line --regexp '^ca +2035-12-30T00:00:00Z +3650  ok$'
  assert_line --regexp '^front-proxy-ca +2035-12-30T00:00:00Z +3650  ok$'
  assert_line --regexp '^apiserver +2027-01-01T00:00:00Z +365  ok$'
  assert_line --regexp '^apiserver-kubelet-client +2025-12-30T00:00:00Z +-2  expired$'
  assert_line --regexp '^front-proxy-client +2026-01-11T00:00:00Z +10  warn$'
  assert_line --regexp '^admin.conf +2027-01-01T00:00:00Z +365  ok$'
  assert_line --regexp '^controller-manager.conf +2027-01-01T00:00:00Z +365  ok$'
  assert_line --regexp '^scheduler.conf +2027-01-01T00:00:00Z +365  ok$'
  assert_line --regexp '^host-etcd/member-node1.pem +2125-12-08T00:00:00Z +36500  ok$'
  assert_line --partial 'msg="certificate check" node=node1 etcd=host warn_days=30 ok=10 warn=1 expired=1 missing=0'
}

@test "check exits 1 when the worst certificate expires within the warn days" {
  PKI_EXPIRED="" node_fixture
  run -1 rotate check
  assert_line --regexp '^front-proxy-client +2026-01-11T00:00:00Z +10  warn$'
  refute_line --regexp ' expired$'
}

@test "check exits 0 when every certificate is valid beyond the warn days" {
  PKI_EXPIRED="" PKI_SOON="" node_fixture
  run -0 rotate check
  assert_line --partial 'ok=12 warn=0 expired=0 missing=0 unreadable=0'
}

@test "check reads the client certificate embedded in a kubeconfig" {
  PKI_EXPIRED=admin.conf PKI_SOON=scheduler.conf node_fixture
  run -2 rotate check
  assert_line --regexp '^admin.conf +2025-12-30T00:00:00Z +-2  expired$'
  assert_line --regexp '^scheduler.conf +2026-01-11T00:00:00Z +10  warn$'
}

@test "check follows a kubeconfig's client-certificate file reference" {
  PKI_EXPIRED="" node_fixture
  sed -i 's|client-certificate-data: .*|client-certificate: /etc/kubernetes/pki/front-proxy-client.crt|' "$ROOT/etc/kubernetes/scheduler.conf"
  run -1 rotate check
  assert_line --regexp '^scheduler.conf +2026-01-11T00:00:00Z +10  warn$'
}

@test "check follows the clock: a certificate past its notAfter is expired" {
  PKI_EXPIRED="" PKI_SOON="" node_fixture
  AKOPS_NOW=$((PKI_NOW + 400 * 86400)) run -2 rotate check
  assert_line --regexp '^apiserver +2027-01-01T00:00:00Z +-35  expired$'
}

@test "check reports a missing certificate as missing and exits 2" {
  PKI_EXPIRED="" PKI_SOON="" node_fixture
  rm "$ROOT/etc/kubernetes/pki/apiserver.crt" "$ROOT/etc/kubernetes/scheduler.conf"
  run -2 rotate check
  assert_line --regexp '^apiserver +- +-  missing$'
  assert_line --regexp '^scheduler.conf +- +-  missing$'
}

@test "check lists super-admin.conf only when it exists" {
  PKI_EXPIRED="" PKI_SOON="" node_fixture
  run -0 rotate check
  refute_line --partial super-admin.conf
  cp "$ROOT/etc/kubernetes/admin.conf" "$ROOT/etc/kubernetes/super-admin.conf"
  run -0 rotate check
  assert_line --regexp '^super-admin.conf +2027-01-01T00:00:00Z +365  ok$'
}

@test "check on a stacked-etcd node lists kubeadm's etcd certificates and no host etcd" {
  PKI_EXPIRED="" PKI_SOON="" node_fixture stacked
  run -0 rotate check
  assert_line --regexp '^etcd-ca +2035-12-30T00:00:00Z +3650  ok$'
  assert_line --regexp '^apiserver-etcd-client +2027-01-01T00:00:00Z +365  ok$'
  assert_line --regexp '^etcd-server +2027-01-01T00:00:00Z +365  ok$'
  assert_line --regexp '^etcd-peer +2027-01-01T00:00:00Z +365  ok$'
  assert_line --regexp '^etcd-healthcheck-client +2027-01-01T00:00:00Z +365  ok$'
  assert_line --partial 'etcd=stacked'
  refute_line --partial host-etcd
}

@test "check runs no external tool: no kubeadm, kubectl, crictl or etcdctl" {
  node_fixture
  run -2 rotate check
  run -0 cat "$STUB_LOG"
  assert_output ""
}

@test "renew refuses without a verified backup and does not run kubeadm" {
  node_fixture
  run -1 --separate-stderr rotate renew
  assert_stderr --partial "no verified etcd backup"
  assert_stderr --partial "run 'k8s-cert-rotate.sh backup' first"
  run -1 grep -c kubeadm "$STUB_LOG"
}

@test "renew refuses a verified backup older than the configured age" {
  node_fixture
  fake_verified_backup $((AKOPS_NOW - 3601))
  run -1 --separate-stderr rotate renew
  assert_stderr --partial "the verified backup is 3601s old (at most 3600s)"
  run -1 grep -c kubeadm "$STUB_LOG"
}

@test "renew runs kubeadm certs renew all with the kubeadm config after a verified backup" {
  node_fixture
  fake_verified_backup
  run -0 rotate renew
  assert_line --partial 'msg="verified backup found"'
  run -0 cat "$STUB_LOG"
  assert_output "kubeadm certs renew all --config $ROOT/etc/kubernetes/kubeadm-config.yaml"
  run -0 pki_not_after "$ROOT/etc/kubernetes/pki/apiserver-kubelet-client.crt"
  refute_output "notAfter=Dec 30 00:00:00 2025 GMT"
}

@test "renew refuses when the verified snapshot changed since it was verified" {
  node_fixture
  fake_verified_backup
  printf '\xff\xfe' | dd of="$ROOT/var/backups/akops/etcd-node1-test.db" bs=1 seek=100 conv=notrunc status=none
  run -1 --separate-stderr rotate renew
  assert_stderr --partial "no longer matches its sha256 trailer"
  run -1 grep -c kubeadm "$STUB_LOG"
}

@test "kubeconfig keeps the old config and installs admin.conf with mode 0600" {
  node_fixture
  mkdir -p "$ROOT/root/.kube"
  printf 'old config\n' >"$ROOT/root/.kube/config"
  run -0 rotate kubeconfig
  run -0 cmp "$ROOT/etc/kubernetes/admin.conf" "$ROOT/root/.kube/config"
  run -0 stat -c %a "$ROOT/root/.kube/config"
  assert_output 600
  run -0 cat "$ROOT/root/.kube/config.old-20260101T000000Z"
  assert_output "old config"
}

@test "restart moves each manifest out of the manifests directory and back, one component at a time" {
  node_fixture
  run -0 rotate restart
  run -0 grep -v '^systemctl\|^curl' "$STUB_LOG"
  assert_output - <<'EOF'
crictl ps --state running --name ^kube-apiserver$ -q
crictl ps --state running --name ^kube-apiserver$ -q
crictl ps --state running --name ^kube-controller-manager$ -q
crictl ps --state running --name ^kube-controller-manager$ -q
crictl ps --state running --name ^kube-scheduler$ -q
crictl ps --state running --name ^kube-scheduler$ -q
EOF
  run -0 ls "$ROOT/etc/kubernetes/manifests"
  assert_output $'kube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml'
  run -0 ls -A "$ROOT/var/backups/akops/parked-manifests"
  assert_output ""
  run -0 cat "$STUB_STATE/kube-apiserver.generation"
  assert_output 2
}

@test "restart waits for the apiserver's /readyz with the cluster CA and the client certificate" {
  node_fixture
  run -0 rotate restart
  run -0 grep '^curl' "$STUB_LOG"
  assert_output "curl -fsS --max-time 5 --cacert $ROOT/etc/kubernetes/pki/ca.crt --cert $ROOT/etc/kubernetes/pki/apiserver-kubelet-client.crt --key $ROOT/etc/kubernetes/pki/apiserver-kubelet-client.key https://127.0.0.1:6443/readyz"
}

@test "hardened apiserver: /readyz answers 401 to anonymous requests; restart authenticates and passes" {
  PKI_EXPIRED="" node_fixture
  readyz_server
  # The server really refuses anonymous requests (so the pass below is the client certificate's doing).
  local real_curl
  real_curl="$(PATH=/usr/local/bin:/usr/bin:/bin command -v curl)"
  run -22 "$real_curl" -fsS --max-time 5 --cacert "$ROOT/etc/kubernetes/pki/ca.crt" "https://127.0.0.1:$READYZ_PORT/readyz"
  assert_output --partial "401"
  script_with "$(printf 'certs:\n  apiserver_port: %s\n  restart_timeout: 5' "$READYZ_PORT")"
  AKOPS_CURL="$real_curl" run -0 rotate restart
  assert_line --partial 'msg="done waiting" for="https://127.0.0.1:'"$READYZ_PORT"'/readyz answers ok"'
  run -0 cat "$BATS_TEST_TMPDIR/readyz.log"
  assert_line "GET /readyz client=anonymous"
  assert_line "GET /readyz client=apiserver-kubelet-client"
}

@test "hardened apiserver: without the client certificate restart warns and times out on the 401" {
  PKI_EXPIRED="" node_fixture
  readyz_server
  script_with "$(printf 'certs:\n  apiserver_port: %s\n  restart_timeout: 2\n  readyz_client: no-such-client' "$READYZ_PORT")"
  AKOPS_CURL="$(PATH=/usr/local/bin:/usr/bin:/bin command -v curl)" run -1 --separate-stderr rotate restart
  assert_line --partial 'level=warn step=restart msg="no client certificate for /readyz'
  assert_stderr --partial "kube-apiserver is not ready"
  run -0 grep -c 'client=anonymous' "$BATS_TEST_TMPDIR/readyz.log"
  run -1 grep -c 'client=apiserver-kubelet-client' "$BATS_TEST_TMPDIR/readyz.log"
}

@test "restart fails without moving anything when kubelet is not active" {
  node_fixture
  STUB_KUBELET=inactive run -1 --separate-stderr rotate restart
  assert_stderr --partial "kubelet is not active"
  run -0 ls "$ROOT/etc/kubernetes/manifests"
  assert_output $'kube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml'
}

@test "restart puts the manifest back and fails when a container does not stop" {
  node_fixture
  script_with $'certs:\n  restart_timeout: 1'
  STUB_CRICTL_STUCK=kube-controller-manager run -1 --separate-stderr rotate restart
  assert_stderr --partial "kube-controller-manager did not stop within 1s"
  assert_stderr --partial "then run: k8s-cert-rotate.sh restart"
  run -0 ls "$ROOT/etc/kubernetes/manifests"
  assert_output $'kube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml'
}

@test "restart with restart_method crictl removes the pod sandboxes instead of moving manifests" {
  node_fixture
  script_with $'certs:\n  restart_method: crictl'
  run -0 rotate restart
  run -0 grep -c '^crictl rmp -f pod-kube-' "$STUB_LOG"
  assert_output 3
  run -0 grep '^crictl rmp' "$STUB_LOG"
  assert_output $'crictl rmp -f pod-kube-apiserver-1\ncrictl rmp -f pod-kube-controller-manager-1\ncrictl rmp -f pod-kube-scheduler-1'
}

@test "restart on a stacked-etcd node restarts etcd first and waits for its endpoint health" {
  node_fixture stacked
  run -0 rotate restart
  assert_line --partial 'msg="done waiting" for="etcdctl endpoint health of the local member"'
  run -0 grep -m1 '^crictl' "$STUB_LOG"
  assert_output 'crictl ps --state running --name ^etcd$ -q'
  run -0 grep '^etcdctl' "$STUB_LOG"
  assert_output "etcdctl --command-timeout=30s endpoint health"
}

@test "after an etcd restart a running container is not enough: without endpoint health restart stops before the apiserver" {
  node_fixture stacked
  script_with $'certs:\n  restart_timeout: 1'
  STUB_ETCD_UNHEALTHY=1 run -1 --separate-stderr rotate restart
  assert_stderr --partial "etcd does not answer endpoint health"
  run -1 grep -- '--name ^kube-apiserver' "$STUB_LOG"
  run -0 ls "$ROOT/etc/kubernetes/manifests"
  assert_output $'etcd.yaml\nkube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml'
}

@test "verify fails while the apiserver still serves the certificate from before the renewal" {
  node_fixture
  fake_verified_backup
  run -0 rotate renew
  run -1 --separate-stderr rotate verify
  assert_stderr --partial "kube-apiserver still serves the old certificate"
}

@test "verify passes once the restarted apiserver serves the renewed certificate" {
  node_fixture
  fake_verified_backup
  run -0 rotate renew
  run -0 rotate restart
  run -0 rotate verify
  assert_line --partial 'msg="apiserver serves the renewed certificate"'
  assert_line --partial 'ok=12 warn=0 expired=0 missing=0 unreadable=0'
}

@test "all --dry-run prints every step's commands and matches the golden file" {
  node_fixture
  run -0 rotate all --dry-run
  local got="${output//"$ROOT"/}"
  if [[ -n "${AKOPS_UPDATE_GOLDEN:-}" ]]; then
    mkdir -p "${GOLDEN_DRY_RUN%/*}"
    printf '%s\n' "$got" >"$GOLDEN_DRY_RUN"
  fi
  assert_equal "$got" "$(<"$GOLDEN_DRY_RUN")"
  run -0 cat "$STUB_LOG"
  assert_output ""
}

@test "all --dry-run shows the verified backup before kubeadm certs renew all and no kubectl delete pod" {
  node_fixture
  run -0 rotate all --dry-run
  local verified renew
  verified=$(grep -n 'verify .*sha256' <<<"$output" | cut -d: -f1)
  renew=$(grep -n 'dry-run: kubeadm certs renew all' <<<"$output" | cut -d: -f1)
  ((verified > 0 && renew > verified))
  assert_line --regexp '^dry-run: mv -f -- .*/etc/kubernetes/manifests/kube-apiserver.yaml .*/var/backups/akops/parked-manifests/kube-apiserver.yaml$'
  refute_output --partial kubectl
}

@test "all --from resumes at the named step" {
  node_fixture
  run -0 rotate all --from restart --dry-run
  assert_line 'step 5/6 restart'
  assert_line 'step 6/6 verify'
  refute_line 'step 3/6 renew'
}

@test "renew refused for want of a backup says nothing was renewed, not 'partly renewed'" {
  node_fixture
  run -1 --separate-stderr rotate renew
  assert_stderr --partial "Nothing was renewed: kubeadm did not run."
  [[ "$stderr" != *"partly renewed"* ]]
}

@test "renew where kubeadm itself fails says certificates may be partly renewed" {
  node_fixture
  fake_verified_backup
  stub_command kubeadm 'printf "kubeadm %s\n" "$*" >>"$STUB_LOG"; exit 1'
  run -1 --separate-stderr rotate renew
  assert_stderr --partial "step 1/1 renew failed (exit 3)"
  assert_stderr --partial "Certificates may be partly renewed"
}

@test "external etcd: all skips the snapshot, says so, and stops without --etcd-backup-done" {
  node_fixture
  script_with $'certs:\n  etcd: external'
  run -1 --separate-stderr rotate all
  assert_line --partial 'msg=k8s-cert-rotate node=node1 command=all etcd=external'
  assert_line --partial 'msg="etcd snapshot skipped: etcd is external (certs.etcd: external), no member on this node" skipped="member list, endpoint health, endpoint status, snapshot save, snapshot verify"'
  assert_stderr --partial "etcd is external: snapshot the etcd cluster on its own machines, then run with --etcd-backup-done, or set certs.etcd_snapshot_command in ops.yaml"
  assert_stderr --partial "resume with: k8s-cert-rotate.sh all --from backup"
  refute_line 'step 3/6 renew'
  run -1 grep -c '^kubeadm\|^etcdctl' "$STUB_LOG"
}

@test "external etcd: all --etcd-backup-done backs up the PKI, renews, restarts (no etcd) and verifies" {
  node_fixture
  script_with $'certs:\n  etcd: external'
  run -0 rotate all --etcd-backup-done
  assert_line --partial 'msg="etcd snapshot taken outside this script, as --etcd-backup-done states"'
  assert_line --partial 'msg="backup found; etcd is external, its snapshot was taken outside this node"'
  assert_line 'step 6/6 verify'
  assert_line --partial 'msg="apiserver serves the renewed certificate"'
  run -0 grep -c '^kubeadm certs renew all' "$STUB_LOG"
  run -1 grep -c -- '--name ^etcd' "$STUB_LOG"
  run -0 grep -c '^etcd=external$' "$ROOT/var/backups/akops/verified-backup"
  run -0 sh -c "ls '$ROOT'/var/backups/akops/pki-node1-*.tar.gz | wc -l"
  assert_output 1
  run -0 sh -c "ls '$ROOT'/var/backups/akops/ | grep -c '^etcd-' || true"
  assert_output 0
}

@test "external etcd: backup runs the configured snapshot command with the backup dir and stamp" {
  node_fixture
  script_with $'certs:\n  etcd: external\n  etcd_snapshot_command: [snap-cluster, "two words", --to]'
  stub_command snap-cluster 'printf "%s|" "$@" >"$BATS_TEST_TMPDIR/snap.args"; printf "%s %s\n" "$AKOPS_BACKUP_DIR" "$AKOPS_BACKUP_STAMP" >"$BATS_TEST_TMPDIR/snap.env"'
  run -0 rotate backup
  assert_equal "$(cat "$BATS_TEST_TMPDIR/snap.args")" "two words|--to|"
  assert_equal "$(cat "$BATS_TEST_TMPDIR/snap.env")" "$ROOT/var/backups/akops 20260101T000000Z"
  run -0 grep '^snapshot_by=command$' "$ROOT/var/backups/akops/verified-backup"
  stub_command snap-cluster 'exit 4'
  run -1 --separate-stderr rotate backup
  assert_stderr --partial "the etcd snapshot command (certs.etcd_snapshot_command) failed"
  run -1 test -e "$ROOT/var/backups/akops/verified-backup"
}

@test "external etcd: --etcd-backup-done is refused where etcd is on this node, and renew refuses an external record there" {
  node_fixture
  run -2 --separate-stderr rotate backup --etcd-backup-done
  assert_stderr --partial "--etcd-backup-done is for external etcd (certs.etcd: external); this node's etcd is host"
  fake_external_backup
  run -1 --separate-stderr rotate renew
  assert_stderr --partial "was recorded for another etcd setup"
}

@test "no etcd found under auto: the message names the certs.etcd values that exist" {
  node_fixture
  rm "$ROOT/etc/etcd.env"
  run -1 --separate-stderr rotate backup
  assert_stderr --partial "set certs.etcd: external in ops.yaml, else certs.etcd: host or stacked"
}

@test "backup keeps the newest keep_backups archives of this node, in a 0700 directory" {
  node_fixture
  script_with $'certs:\n  etcd: external\n  keep_backups: 2'
  local dir="$ROOT/var/backups/akops" day
  mkdir -p "$dir"
  chmod 0755 "$dir"
  for day in 1 2 3; do
    : >"$dir/pki-node1-2025120${day}T000000Z.tar.gz"
    : >"$dir/etcd-node1-2025120${day}T000000Z.db"
  done
  : >"$dir/pki-node2-20251201T000000Z.tar.gz"
  run -0 rotate backup --etcd-backup-done
  assert_line --partial 'msg="old backup deleted (certs.keep_backups: 2)" file='
  run -0 ls "$dir"
  assert_output "etcd-node1-20251202T000000Z.db
etcd-node1-20251203T000000Z.db
pki-node1-20251203T000000Z.tar.gz
pki-node1-20260101T000000Z.tar.gz
pki-node2-20251201T000000Z.tar.gz
verified-backup"
  run -0 stat -c %a "$dir"
  assert_output 700
}

@test "all stops at the first failing step and says how to resume" {
  node_fixture
  run -1 --separate-stderr rotate all --from renew
  assert_line 'step 3/6 renew'
  refute_line 'step 4/6 kubeconfig'
  assert_stderr --partial 'step 3/6 renew failed (exit 1)'
  assert_stderr --partial 'resume with: k8s-cert-rotate.sh all --from renew'
}

@test "the script prints the node it runs on" {
  node_fixture
  run -0 rotate all --from verify --dry-run
  assert_line --index 0 'level=info msg=k8s-cert-rotate node=node1 command=all etcd=host dry_run=1'
}

@test "a second run on the same node is refused while the first holds the lock" {
  node_fixture
  exec {held}>>"$AKOPS_LOCK_FILE"
  flock -n "$held"
  run -1 --separate-stderr rotate kubeconfig
  exec {held}>&-
  assert_stderr --partial "another k8s-cert-rotate.sh holds $AKOPS_LOCK_FILE"
  run -1 test -e "$ROOT/root/.kube/config"
}

@test "an unknown command or option is a usage error" {
  node_fixture
  run -2 --separate-stderr rotate rotate
  assert_stderr --partial "unknown command 'rotate'"
  run -2 --separate-stderr rotate check --from backup
  assert_stderr --partial "--from goes with all"
}

@test "--help prints the usage header" {
  run -0 rotate --help
  assert_line --index 0 'Usage: k8s-cert-rotate.sh [--dry-run] [--from STEP] check|backup|renew|kubeconfig|restart|verify|all'
  assert_line --partial 'AKOPS_ROOT'
}
