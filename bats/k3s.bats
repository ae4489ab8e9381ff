#!/usr/bin/env bats
# k3s nodes (cluster.distribution: k3s). k8s-cert-rotate.sh of the golden tree generated/k3s on a
# fixture k3s server made with openssl in each test (bats/helpers/k3s.bash); k3s, systemctl, curl,
# etcdutl and s_client are stubs (bats/stubs/k3s) that act on the fixture. Then the reaper and the
# pruner of the example tree, unchanged, on a k3s-shaped /proc and with k3s's kubectl.

bats_require_minimum_version 1.5.0

load test_helper
load helpers/pki
load helpers/k3s

SCRIPT="$AKOPS_REPO/generated/k3s/bin/k8s-cert-rotate.sh"

setup() {
  ROOT="$BATS_TEST_TMPDIR/root"
  BACKUPS="$ROOT/var/backups/akops"
  TLS="$ROOT/var/lib/rancher/k3s/server/tls"
  export PKI_NOW=1767225600 # 2026-01-01T00:00:00Z
  export AKOPS_NOW="$PKI_NOW"
}

# A k3s server with DATASTORE (default embedded etcd), the default certificates, k3s running.
node_fixture() {
  k3s_node "$ROOT" "${1:-etcd}"
  k3s_script_env "$ROOT"
}

# The golden files are not executable: run the script with bash, as the installer's copy runs.
rotate() {
  bash "$SCRIPT" "$@"
}

# The line number of the first stub call matching the regex $1 (fails when there is none).
call_at() {
  local n
  n=$(grep -n -m1 -E -- "$1" "$STUB_LOG" | cut -d: -f1)
  [[ -n "$n" ]] || {
    printf 'no stub call matches %s\n' "$1" >&2
    return 1
  }
  printf '%s\n' "$n"
}

@test "check names every k3s certificate with its days left and exits 2 when one is expired" {
  node_fixture
  run -2 rotate check
  assert_line --regexp '^NAME +EXPIRES +DAYS  STATUS$'
  assert_line --regexp '^client-ca +2035-12-30T00:00:00Z +3650  ok$'
  assert_line --regexp '^server-ca +2035-12-30T00:00:00Z +3650  ok$'
  assert_line --regexp '^request-header-ca +2035-12-30T00:00:00Z +3650  ok$'
  assert_line --regexp '^client-admin +2027-01-01T00:00:00Z +365  ok$'
  assert_line --regexp '^client-auth-proxy +2027-01-01T00:00:00Z +365  ok$'
  assert_line --regexp '^client-controller +2025-12-30T00:00:00Z +-2  expired$'
  assert_line --regexp '^serving-kube-apiserver +2026-01-11T00:00:00Z +10  warn$'
  assert_line --regexp '^etcd/server-ca +2035-12-30T00:00:00Z +3650  ok$'
  assert_line --regexp '^etcd/peer-server-client +2027-01-01T00:00:00Z +365  ok$'
  assert_line --regexp '^agent/client-kubelet +2027-01-01T00:00:00Z +365  ok$'
  assert_line --regexp '^agent/serving-kubelet +2027-01-01T00:00:00Z +365  ok$'
  assert_line --regexp '^k3s.yaml +2027-01-01T00:00:00Z +365  ok$'
  # the CA copies in the agent directory are not leaves
  refute_line --regexp '^agent/client-ca '
  assert_line --partial 'msg="certificate check" node=node1 distribution=k3s datastore=etcd warn_days=30 ok=16 warn=1 expired=1 missing=0 unreadable=0'
}

@test "check exits 1 when the worst k3s certificate expires within the warn days" {
  K3S_EXPIRED="" node_fixture
  run -1 rotate check
  assert_line --regexp '^serving-kube-apiserver +2026-01-11T00:00:00Z +10  warn$'
  refute_line --regexp ' expired$'
}

@test "check exits 0 when every k3s certificate is valid beyond the warn days" {
  K3S_EXPIRED="" K3S_SOON="" node_fixture
  run -0 rotate check
  assert_line --partial 'ok=18 warn=0 expired=0 missing=0 unreadable=0'
}

@test "check writes every k3s certificate's notAfter to akops-k8s-certs-check.prom, which promtool accepts" {
  node_fixture
  local tf="$BATS_TEST_TMPDIR/textfile"
  mkdir -p "$tf"
  AKOPS_TEXTFILE_DIR="$tf" run -2 rotate check
  run -0 promtool check metrics <"$tf/akops-k8s-certs-check.prom"
  # client-controller expires on 2025-12-30T00:00:00Z (1767052800); an expired check is a completed run
  run -0 grep -Fx 'akops_cert_not_after_timestamp_seconds{cert="client-controller"} 1767052800' "$tf/akops-k8s-certs-check.prom"
  run -0 grep -Fx 'akops_cert_missing{cert="k3s.yaml"} 0' "$tf/akops-k8s-certs-check.prom"
  run -0 grep -Fx 'akops_job_last_exit_code{akops_job="k8s-certs-check"} 2' "$tf/akops-k8s-certs-check.prom"
  run -0 grep -c '^akops_cert_not_after_timestamp_seconds{' "$tf/akops-k8s-certs-check.prom"
  assert_output 18
}

@test "check reads the client certificate embedded in k3s.yaml and names an expired etcd or agent certificate" {
  K3S_EXPIRED=client-admin K3S_SOON=etcd/client node_fixture
  run -2 rotate check
  assert_line --regexp '^client-admin +2025-12-30T00:00:00Z +-2  expired$'
  assert_line --regexp '^k3s.yaml +2025-12-30T00:00:00Z +-2  expired$'
  assert_line --regexp '^etcd/client +2026-01-11T00:00:00Z +10  warn$'
  K3S_EXPIRED=agent/client-kubelet K3S_SOON="" ROOT="$BATS_TEST_TMPDIR/root2" node_fixture
  run -2 rotate check
  assert_line --regexp '^agent/client-kubelet +2025-12-30T00:00:00Z +-2  expired$'
}

@test "check on a SQLite server lists no etcd certificates; on a node without k3s's PKI everything is missing" {
  K3S_EXPIRED="" K3S_SOON="" node_fixture sqlite
  run -0 rotate check
  refute_output --partial 'etcd/'
  assert_line --partial 'datastore=sqlite'
  AKOPS_ROOT="$BATS_TEST_TMPDIR/empty" run -2 rotate check
  assert_line --regexp '^client-ca +- +-  missing$'
  assert_line --regexp '^client-admin +- +-  missing$'
  assert_line --regexp '^serving-kube-apiserver +- +-  missing$'
  assert_line --regexp '^k3s.yaml +- +-  missing$'
  assert_line --partial 'missing=6'
}

@test "--dry-run all with embedded etcd shows the k3s steps and runs nothing" {
  node_fixture
  run -0 rotate --dry-run all
  assert_line 'step 1/5 check'
  assert_line 'step 2/5 backup'
  assert_line 'step 3/5 rotate'
  assert_line 'step 4/5 kubeconfig'
  assert_line 'step 5/5 verify'
  assert_line "dry-run: k3s etcd-snapshot save --name akops-20260101T000000Z --etcd-snapshot-dir $BACKUPS"
  assert_line "dry-run: k3s etcd-snapshot ls --etcd-snapshot-dir $BACKUPS"
  assert_line "dry-run: tar -czf $BACKUPS/k3s-pki-node1-20260101T000000Z.tar.gz -C $ROOT/ var/lib/rancher/k3s/server/tls var/lib/rancher/k3s/server/token etc/rancher/k3s"
  assert_line 'dry-run: systemctl stop k3s'
  assert_line 'dry-run: k3s certificate rotate'
  assert_line 'dry-run: systemctl start k3s'
  assert_line 'dry-run: openssl s_client -connect 127.0.0.1:6444'
  assert_line 'dry-run: openssl s_client -connect 127.0.0.1:6443'
  # stop, rotate, start in this order
  local stop rot start
  stop=$(grep -n -m1 '^dry-run: systemctl stop k3s$' <<<"$output" | cut -d: -f1)
  rot=$(grep -n -m1 '^dry-run: k3s certificate rotate$' <<<"$output" | cut -d: -f1)
  start=$(grep -n -m1 '^dry-run: systemctl start k3s$' <<<"$output" | cut -d: -f1)
  ((stop < rot && rot < start))
  refute_output --partial kubeadm
  assert_line --partial 'msg="dry run done; nothing was changed"'
  # nothing ran: no stub was called, nothing was written
  assert_equal "$(cat "$STUB_LOG")" ""
  [[ ! -e "$BACKUPS" ]]
}

@test "--dry-run all with SQLite stops k3s to copy the datastore, then rotates" {
  node_fixture sqlite
  run -0 rotate --dry-run all
  local db="$ROOT/var/lib/rancher/k3s/server/db" dest="$BACKUPS/k3s-sqlite-node1-20260101T000000Z"
  assert_line "dry-run: cp -p -- $db/state.db $dest/state.db"
  assert_line "dry-run: cp -p -- $db/state.db-wal $dest/state.db-wal"
  refute_line --partial 'state.db-shm'
  refute_output --partial 'etcd-snapshot'
  assert_equal "$(grep -c '^dry-run: systemctl stop k3s$' <<<"$output")" 2
  assert_equal "$(cat "$STUB_LOG")" ""
}

@test "all with embedded etcd: verified snapshot, rotate with k3s stopped, started, served certificate verified" {
  node_fixture
  local old_fp
  old_fp=$(openssl x509 -noout -fingerprint -sha256 -in "$TLS/serving-kube-apiserver.crt")
  run -0 rotate all
  assert_line 'step 5/5 verify'
  assert_line --partial 'msg="snapshot status"'
  assert_line --partial 'msg="kube-apiserver serves the rotated certificate" port=6444'
  assert_line --partial 'msg="k3s listener serves a certificate of server-ca" port=6443'
  assert_line --partial 'msg="certificate rotation done on this node'
  # the snapshot: saved while k3s ran, listed, read by etcdutl, 0600 in a 0700 directory
  local snap="$BACKUPS/akops-20260101T000000Z-node1-1767225600"
  [[ -s "$snap" ]]
  assert_equal "$(stat -c %a "$snap")" 600
  assert_equal "$(stat -c %a "$BACKUPS")" 700
  grep -qx "etcdutl snapshot status $snap -w json" "$STUB_LOG"
  run -0 grep -E '^(backup|sha256|datastore)=' "$BACKUPS/verified-backup"
  assert_line "backup=$snap"
  assert_line "sha256=$(sha256sum "$snap" | cut -d' ' -f1)"
  assert_line 'datastore=etcd'
  # the archive holds the PKI, the token and /etc/rancher/k3s
  run -0 tar -tzf "$BACKUPS/k3s-pki-node1-20260101T000000Z.tar.gz"
  assert_line 'var/lib/rancher/k3s/server/tls/server-ca.key'
  assert_line 'var/lib/rancher/k3s/server/token'
  assert_line 'etc/rancher/k3s/k3s.yaml'
  # order: snapshot, stop, rotate (the stub refuses while k3s runs), start, readyz with a client certificate
  (($(call_at '^k3s etcd-snapshot save') < $(call_at '^systemctl stop k3s$')))
  (($(call_at '^systemctl stop k3s$') < $(call_at '^k3s certificate rotate$')))
  (($(call_at '^k3s certificate rotate$') < $(call_at '^systemctl start k3s$')))
  grep -q -- "--cert $TLS/client-admin.crt --key $TLS/client-admin.key https://127.0.0.1:6443/readyz" "$STUB_LOG"
  # new certificates, the old ones kept aside by k3s, k3s running, everything fine now
  [[ -f "$ROOT/var/lib/rancher/k3s/server/tls-1767225600/serving-kube-apiserver.crt" ]]
  [[ "$(openssl x509 -noout -fingerprint -sha256 -in "$TLS/serving-kube-apiserver.crt")" != "$old_fp" ]]
  [[ -f "$STUB_STATE/k3s.active" ]]
  run -0 rotate check
  assert_line --partial 'expired=0 missing=0'
}

@test "all with SQLite: the datastore is copied while k3s is stopped, then rotated" {
  K3S_EXPIRED="" node_fixture sqlite
  run -0 rotate all
  local db="$ROOT/var/lib/rancher/k3s/server/db" dest="$BACKUPS/k3s-sqlite-node1-20260101T000000Z"
  cmp "$db/state.db" "$dest/state.db"
  cmp "$db/state.db-wal" "$dest/state.db-wal"
  assert_equal "$(stat -c %a "$dest")" 700
  run -0 grep -E '^(backup|datastore)=' "$BACKUPS/verified-backup"
  assert_line "backup=$dest/state.db"
  assert_line 'datastore=sqlite'
  # stopped for the copy and started again, then stopped for the rotation
  assert_equal "$(grep -c '^systemctl stop k3s$' "$STUB_LOG")" 2
  assert_equal "$(grep -c '^systemctl start k3s$' "$STUB_LOG")" 2
  refute_output --partial 'etcd-snapshot'
  [[ -f "$STUB_STATE/k3s.active" ]]
}

@test "all with SQLite records its run in akops-k8s-cert-rotate.prom although its steps trap EXIT themselves" {
  K3S_EXPIRED="" node_fixture sqlite
  local tf="$BATS_TEST_TMPDIR/textfile"
  mkdir -p "$tf"
  AKOPS_TEXTFILE_DIR="$tf" run -0 rotate all
  run -0 promtool check metrics <"$tf/akops-k8s-cert-rotate.prom"
  run -0 grep -Fx 'akops_job_last_exit_code{akops_job="k8s-cert-rotate"} 0' "$tf/akops-k8s-cert-rotate.prom"
  [[ -f "$STUB_STATE/k3s.active" ]]
}

@test "rotate refuses without a verified backup and never stops k3s" {
  node_fixture
  run -1 --separate-stderr rotate rotate
  assert_equal "$(grep -c 'no verified backup' <<<"$stderr")" 1
  refute grep -q '^systemctl stop' "$STUB_LOG"
  refute grep -q '^k3s certificate' "$STUB_LOG"
}

@test "rotate refuses a backup older than certs.backup_max_age, or one whose bytes changed" {
  node_fixture
  run -0 rotate backup
  AKOPS_NOW=$((PKI_NOW + 3601)) run -1 --separate-stderr rotate rotate
  assert_equal "$(grep -c 'old (at most 3600s)' <<<"$stderr")" 1
  printf 'x' >>"$BACKUPS/akops-20260101T000000Z-node1-1767225600"
  run -1 --separate-stderr rotate rotate
  assert_equal "$(grep -c 'changed size' <<<"$stderr")" 1
  refute grep -q '^k3s certificate' "$STUB_LOG"
}

@test "backup rejects an empty or unlisted snapshot and records no verified backup" {
  node_fixture
  STUB_SNAPSHOT_EMPTY=1 run -1 --separate-stderr rotate backup
  assert_equal "$(grep -c 'snapshot did not verify' <<<"$stderr")" 1
  [[ -f "$BACKUPS/akops-20260101T000000Z-node1-1767225600.rejected" ]]
  [[ ! -f "$BACKUPS/verified-backup" ]]
  rm -f "$BACKUPS"/*.rejected
  STUB_SNAPSHOT_UNLISTED=1 run -1 --separate-stderr rotate backup
  assert_equal "$(grep -c 'does not list the snapshot' <<<"$stderr")" 1
  [[ ! -f "$BACKUPS/verified-backup" ]]
}

@test "backup on a server with an external datastore fails and says why" {
  node_fixture external
  run -1 --separate-stderr rotate backup
  assert_equal "$(grep -c 'k3s uses an external datastore' <<<"$stderr")" 1
  refute grep -q '^systemctl stop' "$STUB_LOG"
}

@test "a failing k3s certificate rotate starts k3s again and says how to resume" {
  node_fixture
  STUB_ROTATE_FAIL=1 run -1 --separate-stderr rotate all
  assert_equal "$(grep -c 'k3s certificate rotate failed' <<<"$stderr")" 1
  assert_equal "$(grep -c 'resume with: k8s-cert-rotate.sh all --from rotate' <<<"$stderr")" 1
  assert_equal "$(grep -c 'k3s started again after a failure' <<<"$stderr")" 1
  (($(call_at '^k3s certificate rotate$') < $(call_at '^systemctl start k3s$')))
  [[ -f "$STUB_STATE/k3s.active" ]]
}

@test "a SQLite backup that fails while k3s is stopped starts k3s again" {
  node_fixture sqlite
  # k3s does not come back: the step fails, and the EXIT trap starts it once more
  STUB_K3S_START_FAIL=1 run -1 --separate-stderr rotate backup
  assert_equal "$(grep -c 'systemctl start k3s failed' <<<"$stderr")" 1
  assert_equal "$(grep -c '^systemctl start k3s$' "$STUB_LOG")" 2
  [[ ! -f "$BACKUPS/verified-backup" ]]
}

@test "verify fails while k3s's kube-apiserver serves the old certificate" {
  node_fixture
  run -0 rotate backup
  STUB_K3S_STALE=1 run -0 rotate rotate
  run -1 --separate-stderr rotate verify
  assert_equal "$(grep -c 'still serves the old certificate' <<<"$stderr")" 1
  run -0 "$AKOPS_SYSTEMCTL" restart k3s
  run -0 rotate verify
}

@test "kubeconfig replaces root's stale copy of k3s.yaml and keeps the old one; without a copy it does nothing" {
  node_fixture
  run -0 rotate kubeconfig
  assert_line --partial 'msg="no kubeconfig to refresh; kubectl on this node reads k3s.yaml"'
  [[ ! -e "$ROOT/root/.kube/config" ]]
  mkdir -p "$ROOT/root/.kube"
  printf 'old\n' >"$ROOT/root/.kube/config"
  run -0 rotate kubeconfig
  cmp "$ROOT/etc/rancher/k3s/k3s.yaml" "$ROOT/root/.kube/config"
  assert_equal "$(stat -c %a "$ROOT/root/.kube/config")" 600
  assert_equal "$(cat "$ROOT/root/.kube/config.old-20260101T000000Z")" old
}

@test "usage errors exit 2; --help names the k3s commands and seams" {
  run -2 --separate-stderr rotate renew
  assert_equal "$stderr" "k8s-cert-rotate.sh: unknown command 'renew' (see --help)"
  run -2 --separate-stderr rotate check --from rotate
  run -0 rotate --help
  assert_output --partial 'Usage: k8s-cert-rotate.sh [--dry-run] [--from STEP] check|backup|rotate|kubeconfig|verify|all'
  assert_output --partial 'AKOPS_K3S AKOPS_SYSTEMCTL AKOPS_CURL AKOPS_ETCDUTL'
}

@test "gen cert-rotate with cluster.distribution k3s writes this script; kubeadm and kubespray write kubeadm's" {
  printf 'cluster:\n  distribution: k3s\n' >"$BATS_TEST_TMPDIR/ops.yaml"
  "${AKOPS_CLI[@]}" gen cert-rotate --ops "$BATS_TEST_TMPDIR/ops.yaml" -o "$BATS_TEST_TMPDIR/k3s" >/dev/null
  run -0 grep -c 'k3s certificate rotate' "$BATS_TEST_TMPDIR/k3s/k8s-cert-rotate.sh"
  run -0 grep -c '^# k3s certificate rotation runbook$' "$BATS_TEST_TMPDIR/k3s/cert-rotation-runbook.md"
  for d in kubeadm kubespray; do
    printf 'cluster:\n  distribution: %s\n' "$d" >"$BATS_TEST_TMPDIR/ops.yaml"
    "${AKOPS_CLI[@]}" gen cert-rotate --ops "$BATS_TEST_TMPDIR/ops.yaml" -o "$BATS_TEST_TMPDIR/$d" >/dev/null
    cmp <(sed 1,3d "$BATS_TEST_TMPDIR/$d/k8s-cert-rotate.sh") <(sed 1,3d "$AKOPS_REPO/generated/defaults/bin/k8s-cert-rotate.sh")
  done
}

# --- the reaper and the pruner on k3s nodes, unchanged (the example tree's scripts) ---

# The reaper's set-up of bats/reaper.bats: a fixture /proc, recording kill and sleep stubs.
reaper_env() {
  load helpers/proc-fixture
  proc_init
  export AKOPS_LOCK_FILE="$BATS_TEST_TMPDIR/run/kill-zombie-parents.lock"
  export SIGNAL_LOG="$BATS_TEST_TMPDIR/signals"
  : >"$SIGNAL_LOG"
  stub_command fake-kill 'printf "%s %s\n" "$1" "$2" >>"$SIGNAL_LOG"'
  stub_command fake-sleep ':'
  export AKOPS_KILL="$BATS_TEST_TMPDIR/stubs/fake-kill" AKOPS_SLEEP="$BATS_TEST_TMPDIR/stubs/fake-sleep"
}

# A k3s server's process tree: systemd, `k3s server` (comm k3s-server) and the containerd it runs,
# with containerd-shim-runc-v2 shims (comm truncated by the kernel to 15 bytes, "containerd-shim"):
# shim 5000 under containerd in the k3s tree, shim 6000 re-parented to PID 1, each in the lease pod.
k3s_process_tree() {
  proc_add 900 1 k3s-server
  proc_add 910 900 containerd
  proc_add 5000 910 containerd-shim
  proc_add 5001 5000 pause ns=4026532001 nspid="5001 1" pod="$PROC_LEASE_POD"
  proc_add 5002 5000 node ns=4026532001 nspid="5002 1" pod="$PROC_LEASE_POD"
  proc_add 5003 5002 worker ns=4026532001 nspid="5003 7"
  proc_add 6000 1 containerd-shim
  proc_add 6001 6000 pause ns=4026532002 nspid="6001 1" pod="$PROC_LEASE_POD"
}

@test "the reaper reaps a container's zombie parent under k3s's containerd-shim-runc-v2 and leaves k3s's own zombies" {
  reaper_env
  k3s_process_tree
  local pid
  for pid in 5101 5102 5103; do proc_add "$pid" 5003 defunct state=Z ns=4026532001 nspid="$pid 9$pid"; done
  proc_add 920 900 defunct state=Z
  run -0 --separate-stderr bash "$GENERATED/bin/kill-zombie-parents.sh"
  assert_line --regexp "^action=signal pid=5003 signal=CHLD zombies=3 shim=5000 pod=$PROC_LEASE_NS/"
  assert_line --regexp '^action=skip pid=900 reason=not-in-container'
  # the zombies stay (the fixture does not reap them): CHLD, then TERM and KILL, to 5003 only
  assert_equal "$(cat "$SIGNAL_LOG")" "$(printf '%s\n' '-CHLD 5003' '-TERM 5003' '-KILL 5003')"
}

@test "the reaper finds the shim also when it is re-parented to PID 1 and named in full" {
  reaper_env
  k3s_process_tree
  proc_add 6002 6001 app ns=4026532002 nspid="6002 5"
  proc_add 6003 6002 defunct state=Z ns=4026532002 nspid="6003 6"
  proc_add 7000 1 containerd-shim-runc-v2
  proc_add 7001 7000 pause ns=4026532003 nspid="7001 1" pod="$PROC_LEASE_POD"
  proc_add 7002 7001 app ns=4026532003 nspid="7002 5"
  proc_add 7003 7002 defunct state=Z ns=4026532003 nspid="7003 6"
  run -0 --separate-stderr bash "$GENERATED/bin/kill-zombie-parents.sh" --dry-run
  assert_line --regexp "^action=signal pid=6002 signal=CHLD zombies=1 shim=6000 dry_run=1 pod=$PROC_LEASE_NS/"
  assert_line --regexp "^action=signal pid=7002 signal=CHLD zombies=1 shim=7000 dry_run=1 pod=$PROC_LEASE_NS/"
  assert_equal "$(cat "$SIGNAL_LOG")" ""
}

# The pruner's set-up of bats/pruner.bats, with kubectl being k3s (k3s installs /usr/local/bin/kubectl
# as a link to itself) and KUBECONFIG k3s's admin kubeconfig.
pruner_on_k3s() {
  export AKOPS_NOW=1714564800 # the pruner fixtures' "now"
  export AKOPS_LOCK_FILE="$BATS_TEST_TMPDIR/run/pruner.lock"
  export KUBECTL_STUB_LOG="$BATS_TEST_TMPDIR/kubectl.log" K3S_KUBECTL_LOG="$BATS_TEST_TMPDIR/k3s-kubectl.log"
  export KUBECTL_STUB_FIXTURE="$BATS_TEST_DIRNAME/fixtures/pruner/stuck-rollout.json"
  export KUBECONFIG=/etc/rancher/k3s/k3s.yaml
  unset AKOPS_KUBECTL
  : >"$KUBECTL_STUB_LOG"
  : >"$K3S_KUBECTL_LOG"
  mkdir -p "$BATS_TEST_TMPDIR/k3s-bin"
  ln -s "$AKOPS_REPO/bats/stubs/k3s/k3s" "$BATS_TEST_TMPDIR/k3s-bin/k3s"
  ln -s "$AKOPS_REPO/bats/stubs/k3s/k3s" "$BATS_TEST_TMPDIR/k3s-bin/kubectl"
  PATH="$BATS_TEST_TMPDIR/k3s-bin:$PATH"
}

@test "the pruner works with kubectl being k3s and KUBECONFIG=/etc/rancher/k3s/k3s.yaml" {
  pruner_on_k3s
  run -0 --separate-stderr bash "$GENERATED/bin/akash-force-new-replicasets.sh"
  assert_output --partial "action=delete namespace=9lk9dof40p6tgtvjghmcbdb74rt5ggkct0o8ppj5sklvp deployment=app replicaset=app-xnp65w4mf9"
  run -0 grep -c '^delete --raw /apis/apps/v1/namespaces/[a-z0-9]*/replicasets/app-xnp65w4mf9 ' "$KUBECTL_STUB_LOG"
  assert_output 1
  # every call went through k3s's kubectl with k3s's kubeconfig
  assert_equal "$(wc -l <"$K3S_KUBECTL_LOG")" "$(wc -l <"$KUBECTL_STUB_LOG")"
  [[ -s "$K3S_KUBECTL_LOG" ]]
  refute grep -qv '^argv0=kubectl KUBECONFIG=/etc/rancher/k3s/k3s.yaml args=' "$K3S_KUBECTL_LOG"
}

@test "the pruner works with AKOPS_KUBECTL running 'k3s kubectl'" {
  pruner_on_k3s
  stub_command k3s-kubectl 'exec k3s kubectl "$@"'
  AKOPS_KUBECTL="$BATS_TEST_TMPDIR/stubs/k3s-kubectl" run -0 --separate-stderr bash "$GENERATED/bin/akash-force-new-replicasets.sh"
  assert_output --partial "deployment=app replicaset=app-xnp65w4mf9"
  run -0 grep -c '^argv0=k3s KUBECONFIG=/etc/rancher/k3s/k3s.yaml args=delete --raw /apis/apps/v1/namespaces/[a-z0-9]*/replicasets/app-xnp65w4mf9 ' "$K3S_KUBECTL_LOG"
  assert_output 1
}
