#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine (run as root). The single source of set-up:
# .ci/run calls it, and `npm test` calls it when a tool is missing.
set -euo pipefail

# command → Debian package
declare -A want=(
  [shellcheck]=shellcheck
  [shfmt]=shfmt
  [jq]=jq
  [bc]=bc
  [curl]=curl
  [mawk]=mawk
  [strace]=strace
  [openssl]=openssl
  [flock]=util-linux
  [etcd]=etcd-server
  [etcdctl]=etcd-client
  [python3]=python3
  [hyperfine]=hyperfine
  [chromium]=chromium
  ['ansible-playbook']=ansible-core
  ['ansible-lint']=ansible-lint
  ['systemd-analyze']=systemd
  [promtool]=prometheus
)
missing=()
for cmd in "${!want[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${want[$cmd]}")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
if ((EUID != 0)); then
  printf 'missing tools: %s\ninstall them with: sudo bash scripts/install-deps.sh\n' "${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
