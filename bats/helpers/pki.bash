# A fixture control-plane node made with openssl inside the test: kubeadm's PKI, kubeconfigs with
# embedded client certificates, static-pod manifests, and kubespray's host-etcd PKI + /etc/etcd.env
# (or kubeadm's stacked etcd). Dates are relative to PKI_NOW (epoch seconds, default: the clock),
# so a test that also sets AKOPS_NOW gets the same table every time.
# shellcheck shell=bash

# UTC time DAYS days from PKI_NOW, as `openssl ca` wants it.
pki_date() {
  date -u -d "@$((${PKI_NOW:-$(date +%s)} + $1 * 86400))" +%Y%m%d%H%M%SZ
}

# pki_ca DIR CN: a CA (DIR/ca.crt, DIR/ca.key; 10 years) plus an `openssl ca` database for any dates.
pki_ca() {
  local dir="$1" cn="$2"
  mkdir -p "$dir/db"
  : >"$dir/db/index.txt"
  printf '%s\n' 1000 >"$dir/db/serial"
  cat >"$dir/db/openssl.cnf" <<EOF
[ ca ]
default_ca = fixture
[ fixture ]
database = $dir/db/index.txt
new_certs_dir = $dir/db
serial = $dir/db/serial
default_md = sha256
policy = any
unique_subject = no
copy_extensions = copy
[ any ]
organizationName = optional
commonName = supplied
[ v3_ca ]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
EOF
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$dir/ca.key" 2>/dev/null
  openssl req -new -key "$dir/ca.key" -subj "/CN=$cn" -out "$dir/db/ca.csr" 2>/dev/null
  openssl ca -batch -notext -selfsign -config "$dir/db/openssl.cnf" -keyfile "$dir/ca.key" \
    -in "$dir/db/ca.csr" -out "$dir/ca.crt" -extensions v3_ca \
    -startdate "$(pki_date -1)" -enddate "$(pki_date 3650)" 2>/dev/null
}

# pki_leaf CA_DIR OUT_BASE SUBJECT DAYS [SAN]: OUT_BASE.crt + OUT_BASE.key, expiring DAYS days
# from PKI_NOW (negative: already expired), for server and client auth.
pki_leaf() {
  local ca="$1" out="$2" subject="$3" days="$4" san="${5:-}"
  local start=-1
  if ((days <= 0)); then start=$((days - 365)); fi
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:prime256v1 -out "$out.key" 2>/dev/null
  openssl req -new -key "$out.key" -subj "$subject" -out "$out.csr" 2>/dev/null
  {
    printf 'basicConstraints = CA:FALSE\n'
    printf 'keyUsage = critical,digitalSignature,keyEncipherment\n'
    printf 'extendedKeyUsage = serverAuth,clientAuth\n'
    if [[ -n "$san" ]]; then printf 'subjectAltName = %s\n' "$san"; fi
  } >"$out.ext"
  openssl ca -batch -notext -config "$ca/db/openssl.cnf" -cert "$ca/ca.crt" -keyfile "$ca/ca.key" \
    -in "$out.csr" -out "$out.crt" -extfile "$out.ext" \
    -startdate "$(pki_date "$start")" -enddate "$(pki_date "$days")" 2>/dev/null
  rm -f "$out.csr" "$out.ext"
}

# pki_kubeconfig FILE USER CERT KEY CA: a kubeconfig with embedded certificate data, as kubeadm writes it.
pki_kubeconfig() {
  local file="$1" user="$2" cert="$3" key="$4" ca="$5"
  cat >"$file" <<EOF
apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: $(base64 -w0 <"$ca")
    server: https://127.0.0.1:6443
  name: cluster.local
contexts:
- context:
    cluster: cluster.local
    user: $user
  name: $user@cluster.local
current-context: $user@cluster.local
kind: Config
preferences: {}
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 <"$cert")
    client-key-data: $(base64 -w0 <"$key")
EOF
  chmod 0600 "$file"
}

# pki_node ROOT FLAVOUR: a whole control-plane node below ROOT. FLAVOUR is `host` (kubespray:
# /etc/etcd.env, /etc/ssl/etcd/ssl) or `stacked` (kubeadm: manifests/etcd.yaml, pki/etcd).
# apiserver-kubelet-client is expired, front-proxy-client expires in 10 days, the rest in a year
# (CAs in ten). PKI_EXPIRED / PKI_SOON name other certificates for those two roles ("" for none).
pki_node() {
  local root="$1" flavour="${2:-host}" name days
  local kube="$root/etc/kubernetes" pki="$root/etc/kubernetes/pki" tmp="$root/.pki-tmp"
  local expired="${PKI_EXPIRED-apiserver-kubelet-client}" soon="${PKI_SOON-front-proxy-client}"
  mkdir -p "$pki" "$kube/manifests" "$tmp"
  pki_ca "$pki" kubernetes
  mkdir -p "$tmp/front-proxy"
  pki_ca "$tmp/front-proxy" front-proxy-ca
  cp "$tmp/front-proxy/ca.crt" "$pki/front-proxy-ca.crt"
  cp "$tmp/front-proxy/ca.key" "$pki/front-proxy-ca.key"
  for name in apiserver apiserver-kubelet-client front-proxy-client; do
    days=365
    [[ "$name" != "$expired" ]] || days=-2
    [[ "$name" != "$soon" ]] || days=10
    case "$name" in
      apiserver) pki_leaf "$pki" "$pki/$name" /CN=kube-apiserver "$days" "DNS:kubernetes,DNS:localhost,IP:127.0.0.1" ;;
      front-proxy-client) pki_leaf "$tmp/front-proxy" "$pki/$name" "/CN=$name" "$days" ;;
      *) pki_leaf "$pki" "$pki/$name" "/O=kubeadm:cluster-admins/CN=$name" "$days" ;;
    esac
  done
  for name in admin controller-manager scheduler; do
    days=365
    [[ "$name.conf" != "$expired" ]] || days=-2
    [[ "$name.conf" != "$soon" ]] || days=10
    pki_leaf "$pki" "$tmp/$name" "/CN=system:$name" "$days"
    pki_kubeconfig "$kube/$name.conf" "system:$name" "$tmp/$name.crt" "$tmp/$name.key" "$pki/ca.crt"
  done
  for name in kube-apiserver kube-controller-manager kube-scheduler; do
    printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: %s\n  namespace: kube-system\n' "$name" >"$kube/manifests/$name.yaml"
  done
  printf 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\ncertificatesDir: /etc/kubernetes/pki\n' >"$kube/kubeadm-config.yaml"
  if [[ "$flavour" == host ]]; then
    pki_host_etcd "$root"
  else
    pki_stacked_etcd "$root"
  fi
  rm -rf "$tmp"
}

# kubespray's host etcd: its own CA and certificates, and an etcd.env whose ETCDCTL_* lines point
# at them. Other lines are hostile on purpose: evaluating them creates ROOT/pwned.
pki_host_etcd() {
  local root="$1" ssl="$1/etc/ssl/etcd/ssl" name
  mkdir -p "$ssl/ca"
  pki_ca "$ssl/ca" etcd-ca
  cp "$ssl/ca/ca.crt" "$ssl/ca.pem"
  cp "$ssl/ca/ca.key" "$ssl/ca-key.pem"
  for name in admin-node1 member-node1 node-node1; do
    pki_leaf "$ssl/ca" "$ssl/$name" "/CN=etcd-$name" 36500 "DNS:localhost,IP:127.0.0.1"
    mv "$ssl/$name.crt" "$ssl/$name.pem"
    mv "$ssl/$name.key" "$ssl/$name-key.pem"
  done
  rm -rf "$ssl/ca"
  cat >"$root/etc/etcd.env" <<EOF
# Environment file for etcd v3.4.23
ETCD_DATA_DIR=/var/lib/etcd
ETCD_NAME=etcd1
ETCD_INITIAL_CLUSTER=etcd1=https://10.0.0.1:2380
ETCD_PROXY=\$(touch $root/pwned)
ETCD_NOTE=two words \`touch $root/pwned\`
ETCDCTL_BAD NAME=\$(touch $root/pwned)

# CLI settings
ETCDCTL_ENDPOINTS=https://127.0.0.1:2379
ETCDCTL_CACERT=/etc/ssl/etcd/ssl/ca.pem
ETCDCTL_KEY=/etc/ssl/etcd/ssl/admin-node1-key.pem
ETCDCTL_CERT=/etc/ssl/etcd/ssl/admin-node1.pem
EOF
}

# kubeadm's stacked etcd: pki/etcd, apiserver-etcd-client and the etcd static pod.
pki_stacked_etcd() {
  local root="$1" pki="$1/etc/kubernetes/pki" name
  mkdir -p "$pki/etcd"
  pki_ca "$pki/etcd" etcd-ca
  for name in server peer healthcheck-client; do
    pki_leaf "$pki/etcd" "$pki/etcd/$name" "/CN=kube-etcd-$name" 365 "DNS:localhost,IP:127.0.0.1"
  done
  pki_leaf "$pki/etcd" "$pki/apiserver-etcd-client" /CN=kube-apiserver-etcd-client 365
  printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n  namespace: kube-system\n' >"$root/etc/kubernetes/manifests/etcd.yaml"
}

# Prints the notAfter of a PEM certificate file, or of a kubeconfig's embedded client certificate.
pki_not_after() {
  if [[ "$1" == *.conf ]]; then
    awk '/client-certificate-data:/ { print $2; exit }' "$1" | base64 -d | openssl x509 -noout -enddate
  else
    openssl x509 -noout -enddate -in "$1"
  fi
}

# pki_script_env ROOT: the environment every certs test runs the script in: the fixture root, the
# stubs of bats/stubs/certs first on PATH (kubeadm, crictl, systemctl, curl) and for s_client,
# their log and state, a lock inside the test, no pause between polls, a fixed node name.
pki_script_env() {
  export AKOPS_ROOT="$1"
  export STUB_STATE="$BATS_TEST_TMPDIR/stub-state"
  export STUB_LOG="$BATS_TEST_TMPDIR/stub.log"
  export AKOPS_OPENSSL="$AKOPS_REPO/bats/stubs/certs/openssl-s_client"
  export AKOPS_LOCK_FILE="$BATS_TEST_TMPDIR/k8s-cert-rotate.lock"
  export AKOPS_POLL_SECONDS=0
  export HOSTNAME=node1
  PATH="$AKOPS_REPO/bats/stubs/certs:$PATH"
  mkdir -p "$STUB_STATE"
  : >"$STUB_LOG"
}

# The control plane has been running since before the renewal: every container started and the
# apiserver serves the apiserver.crt on disk now.
pki_control_plane_running() {
  local name
  for name in kube-apiserver kube-controller-manager kube-scheduler etcd; do
    printf '1\n' >"$STUB_STATE/$name.generation"
    : >"$STUB_STATE/$name.running"
  done
  cp "$AKOPS_ROOT/etc/kubernetes/pki/apiserver.crt" "$STUB_STATE/served.crt"
}
