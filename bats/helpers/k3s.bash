# A fixture k3s server node made with openssl inside the test, in k3s's layout and file names:
# /var/lib/rancher/k3s/server/tls (client-ca, server-ca, request-header-ca, client-*, serving-*, etcd/),
# /var/lib/rancher/k3s/agent (the kubelet's certificates and CA copies), the datastore below
# server/db (embedded etcd or SQLite), server/token and /etc/rancher/k3s/k3s.yaml. Dates are relative
# to PKI_NOW (see helpers/pki.bash, whose pki_ca and pki_leaf it uses).
# shellcheck shell=bash

K3S_DATA=var/lib/rancher/k3s

# k3s_node ROOT DATASTORE: DATASTORE is `etcd` (embedded, server/db/etcd and tls/etcd), `sqlite`
# (server/db/state.db) or `external` (neither). K3S_EXPIRED names the certificate that is expired
# (default client-controller), K3S_SOON the one expiring in 10 days (default
# serving-kube-apiserver); "" for none. Everything else lasts a year, the CAs ten.
k3s_node() {
  local root="$1" datastore="${2:-etcd}"
  local tls="$root/$K3S_DATA/server/tls" agent="$root/$K3S_DATA/agent" db="$root/$K3S_DATA/server/db"
  local tmp="$root/.k3s-tmp" name
  mkdir -p "$tls" "$agent" "$db" "$tmp" "$root/etc/rancher/k3s" "$root/.stub"
  for name in client-ca server-ca request-header-ca; do
    pki_ca "$tmp/$name" "k3s-$name@1767139200"
    cp "$tmp/$name/ca.crt" "$tls/$name.crt"
    cp "$tmp/$name/ca.key" "$tls/$name.key"
  done
  k3s_leaf client-ca "$tls/client-admin" /O=system:masters/CN=system:admin
  k3s_leaf client-ca "$tls/client-controller" /CN=system:kube-controller-manager
  k3s_leaf client-ca "$tls/client-scheduler" /CN=system:kube-scheduler
  k3s_leaf client-ca "$tls/client-kube-apiserver" /CN=system:apiserver
  k3s_leaf client-ca "$tls/client-k3s-controller" /CN=system:k3s-controller
  k3s_leaf request-header-ca "$tls/client-auth-proxy" /CN=system:auth-proxy
  k3s_leaf server-ca "$tls/serving-kube-apiserver" /CN=kube-apiserver "DNS:kubernetes,DNS:localhost,IP:127.0.0.1"
  k3s_leaf client-ca "$agent/client-kubelet" /O=system:nodes/CN=system:node:node1
  k3s_leaf server-ca "$agent/serving-kubelet" /CN=node1 "DNS:node1,DNS:localhost,IP:127.0.0.1"
  cp "$tls/client-ca.crt" "$agent/client-ca.crt"
  cp "$tls/server-ca.crt" "$agent/server-ca.crt"
  # The k3s listener's own certificate (dynamiclistener, kept in tls/dynamic-cert.json): the stubs serve it on :6443.
  k3s_leaf server-ca "$root/.stub/listener" /O=k3s/CN=k3s "DNS:kubernetes,DNS:localhost,IP:127.0.0.1"
  case "$datastore" in
    etcd)
      mkdir -p "$tls/etcd" "$db/etcd/member/snap"
      for name in server-ca peer-ca; do
        pki_ca "$tmp/etcd-$name" "etcd-$name@1767139200"
        cp "$tmp/etcd-$name/ca.crt" "$tls/etcd/$name.crt"
        cp "$tmp/etcd-$name/ca.key" "$tls/etcd/$name.key"
      done
      k3s_leaf etcd-server-ca "$tls/etcd/server-client" /CN=etcd-server "DNS:localhost,IP:127.0.0.1"
      k3s_leaf etcd-peer-ca "$tls/etcd/peer-server-client" /CN=etcd-peer "DNS:localhost,IP:127.0.0.1"
      k3s_leaf etcd-server-ca "$tls/etcd/client" /CN=etcd-client
      ;;
    sqlite)
      printf 'SQLite format 3\0' >"$db/state.db"
      head -c 8192 /dev/urandom >>"$db/state.db"
      head -c 512 /dev/urandom >"$db/state.db-wal"
      ;;
    external) ;;
  esac
  printf 'K10fixture::server:fixture-token\n' >"$root/$K3S_DATA/server/token"
  k3s_yaml "$root/etc/rancher/k3s/k3s.yaml" "$tls"
  rm -rf "$tmp"
}

# k3s_leaf CA BASE SUBJECT [SAN]: BASE.crt/.key signed by CA (a name of the fixture's CAs), with the
# days K3S_EXPIRED / K3S_SOON give its file name.
k3s_leaf() {
  local ca="$1" out="$2" subject="$3" san="${4:-}" base days=365
  base="${out##*/}"
  [[ "$out" != */agent/* ]] || base="agent/$base"
  [[ "$out" != */tls/etcd/* ]] || base="etcd/$base"
  [[ "$base" != "${K3S_EXPIRED-client-controller}" ]] || days=-2
  [[ "$base" != "${K3S_SOON-serving-kube-apiserver}" ]] || days=10
  pki_leaf "$tmp/$ca" "$out" "$subject" "$days" "$san"
}

# k3s_yaml FILE TLS: k3s's admin kubeconfig, as k3s writes it: client-admin embedded.
k3s_yaml() {
  local file="$1" tls="$2"
  cat >"$file" <<EOF
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: $(base64 -w0 <"$tls/server-ca.crt")
    server: https://127.0.0.1:6443
  name: default
contexts:
- context:
    cluster: default
    user: default
  name: default
current-context: default
kind: Config
preferences: {}
users:
- name: default
  user:
    client-certificate-data: $(base64 -w0 <"$tls/client-admin.crt")
    client-key-data: $(base64 -w0 <"$tls/client-admin.key")
EOF
  chmod 0600 "$file"
}

# k3s_script_env ROOT: the environment every k3s certificate test runs the script in: the fixture
# root, the stubs of bats/stubs/k3s (k3s, systemctl, curl, etcdutl and s_client) through the
# script's seams, their log and state, a lock inside the test, no pause between polls, a fixed node.
# k3s is running and serves the certificates on disk.
k3s_script_env() {
  local stubs="$AKOPS_REPO/bats/stubs/k3s"
  export AKOPS_ROOT="$1"
  export STUB_STATE="$BATS_TEST_TMPDIR/stub-state"
  export STUB_LOG="$BATS_TEST_TMPDIR/stub.log"
  export AKOPS_K3S="$stubs/k3s" AKOPS_SYSTEMCTL="$stubs/systemctl" AKOPS_CURL="$stubs/curl"
  export AKOPS_ETCDUTL="$stubs/etcdutl" AKOPS_OPENSSL="$stubs/openssl-s_client"
  export AKOPS_LOCK_FILE="$BATS_TEST_TMPDIR/k8s-cert-rotate.lock"
  export AKOPS_POLL_SECONDS=0
  export HOSTNAME=node1
  mkdir -p "$STUB_STATE"
  : >"$STUB_LOG"
  "$AKOPS_SYSTEMCTL" start k3s
  : >"$STUB_LOG"
}
