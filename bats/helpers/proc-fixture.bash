# Builds fixture host trees for the zombie reaper under $AKOPS_ROOT: proc/<pid>/stat, status (with
# NSpid), ns/pid and cgroup in the kernel's formats, and the kubelet's pod log directory
# var/log/pods/NAMESPACE_NAME_UID, so each bats case is a few lines.
# shellcheck shell=bash

# The PID namespace of the host, as readlink shows /proc/<pid>/ns/pid.
PROC_HOST_NS=4026531836
# An Akash lease namespace (base32hex of a lease ID's SHA-224) and a pod in it, the default pod of
# every container made by proc_container.
PROC_LEASE_NS=6ttlrvce0ldfrpgie6nnaqs79jr2ott3fh3gqi5drddtq
PROC_LEASE_POD=11111111-2222-4333-8444-555555555555

# Starts an empty tree at $BATS_TEST_TMPDIR/root holding only PID 1 (systemd, host namespace) and the
# lease pod, and points the script at it (AKOPS_ROOT).
proc_init() {
  export AKOPS_ROOT="$BATS_TEST_TMPDIR/root"
  PROC_ROOT="$AKOPS_ROOT/proc"
  rm -rf "$AKOPS_ROOT"
  mkdir -p "$PROC_ROOT" "$AKOPS_ROOT/ns" "$AKOPS_ROOT/var/log/pods"
  proc_add 1 0 systemd
  pod_add "$PROC_LEASE_POD" "$PROC_LEASE_NS" web-5d8f7c9b4-x2x7q
}

# pod_add UID NAMESPACE NAME — a pod the kubelet runs on this node (its log directory).
pod_add() {
  mkdir -p "$AKOPS_ROOT/var/log/pods/$2_$3_$1"
}

# proc_cgroup UID [STYLE=v2-systemd|v2-cgroupfs|v1] [CONTAINER_ID] — the cgroup file's text for a
# container of pod UID, as each cgroup layout and driver writes it.
proc_cgroup() {
  local uid="$1" style="${2:-v2-systemd}" cid="${3:-}"
  [[ -n "$cid" ]] || cid="${uid//-/}${uid//-/}"
  case "$style" in
    v2-systemd) printf '0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod%s.slice/cri-containerd-%s.scope\n' "${uid//-/_}" "$cid" ;;
    v2-cgroupfs) printf '0::/kubepods/besteffort/pod%s/%s\n' "$uid" "$cid" ;;
    v2-crio) printf '0::/kubepods.slice/kubepods-pod%s.slice/crio-%s.scope\n' "${uid//-/_}" "$cid" ;;
    v1) printf '12:pids:/kubepods/burstable/pod%s/%s\n11:memory:/kubepods/burstable/pod%s/%s\n1:name=systemd:/kubepods/burstable/pod%s/%s\n' \
      "$uid" "$cid" "$uid" "$cid" "$uid" "$cid" ;;
    *) return 1 ;;
  esac
}

# proc_add PID PPID COMM [state=S] [ns=host|NUMBER] [nspid="PID ..."] [start=PID*100] [threads=1]
#          [pod=UID|none] [cgroup=v2-systemd|v2-cgroupfs|v2-crio|v1]
# Writes one process. ns=NUMBER puts it in PID namespace pid:[NUMBER]; nspid is the NSpid list of
# status (default: PID alone on the host, "PID <last>" is up to the caller in a container). Without
# pod= a process inherits its parent's cgroup file, as a forked process does.
proc_add() {
  local pid="$1" ppid="$2" comm="$3"
  shift 3
  local state=S ns=host nspid="$pid" start=$((pid * 100)) threads=1 pod="" style=v2-systemd arg
  for arg in "$@"; do
    case "$arg" in
      state=*) state="${arg#state=}" ;;
      ns=*) ns="${arg#ns=}" ;;
      nspid=*) nspid="${arg#nspid=}" ;;
      start=*) start="${arg#start=}" ;;
      threads=*) threads="${arg#threads=}" ;;
      pod=*) pod="${arg#pod=}" ;;
      cgroup=*) style="${arg#cgroup=}" ;;
      *)
        printf 'proc_add: unknown option %s\n' "$arg" >&2
        return 1
        ;;
    esac
  done
  local dir="$PROC_ROOT/$pid" number="$PROC_HOST_NS"
  [[ "$ns" == host ]] || number="$ns"
  mkdir -p "$dir/ns"
  # Fields 1-52 as in proc(5); 20 is num_threads, 22 is starttime.
  printf '%s (%s) %s %s %s %s 0 -1 4194560 100 0 0 0 3 1 0 0 20 0 %s 0 %s 1000000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n' \
    "$pid" "$comm" "$state" "$ppid" "$pid" "$pid" "$threads" "$start" >"$dir/stat"
  printf 'Name:\t%s\nUmask:\t0022\nState:\t%s\nTgid:\t%s\nNgid:\t0\nPid:\t%s\nPPid:\t%s\nTracerPid:\t0\nNStgid:\t%s\nNSpid:\t%s\nNSpgid:\t%s\nNSsid:\t%s\nThreads:\t%s\n' \
    "$comm" "$state" "$pid" "$pid" "$ppid" "${nspid// /$'\t'}" "${nspid// /$'\t'}" "${nspid// /$'\t'}" "${nspid// /$'\t'}" "$threads" >"$dir/status"
  # The link's target is a file per namespace, so that `-ef` compares namespaces as on /proc.
  [[ -e "$AKOPS_ROOT/ns/pid:[$number]" ]] || : >"$AKOPS_ROOT/ns/pid:[$number]"
  ln -sfn "$AKOPS_ROOT/ns/pid:[$number]" "$dir/ns/pid"
  if [[ -n "$pod" && "$pod" != none ]]; then
    proc_cgroup "$pod" "$style" >"$dir/cgroup"
  elif [[ -z "$pod" && -e "$PROC_ROOT/$ppid/cgroup" ]]; then
    cp "$PROC_ROOT/$ppid/cgroup" "$dir/cgroup"
  else
    printf '0::/system.slice/%s.service\n' "${comm//[^a-z0-9-]/_}" >"$dir/cgroup"
  fi
}

# proc_set PID FIELD=VALUE... — rewrites fields of an existing process (e.g. start=… for PID reuse,
# state=X), keeping the others.
proc_set() {
  local pid="$1"
  shift
  local line head tail
  local -a f
  IFS= read -r line <"$PROC_ROOT/$pid/stat"
  head="${line%)*}"
  tail="${line:${#head}+2}"
  read -r -a f <<<"$tail"
  local arg
  for arg in "$@"; do
    case "$arg" in
      state=*) f[0]="${arg#state=}" ;;
      ppid=*) f[1]="${arg#ppid=}" ;;
      start=*) f[19]="${arg#start=}" ;;
      *)
        printf 'proc_set: unknown field %s\n' "$arg" >&2
        return 1
        ;;
    esac
  done
  printf '%s) %s\n' "$head" "${f[*]}" >"$PROC_ROOT/$pid/stat"
}

# proc_container SHIM INIT NS [SHIM_COMM] [pod=UID] [cgroup=STYLE] — a runtime shim (host namespace,
# child of PID 1, comm containerd-shim unless given) and the container's init, its direct child in PID
# namespace NS (NSpid "INIT 1"), in the lease pod unless pod= says otherwise.
proc_container() {
  local shim="$1" init="$2" ns="$3" comm=containerd-shim
  shift 3
  if [[ $# -gt 0 && "$1" != *=* ]]; then
    comm="$1"
    shift
  fi
  local pod="pod=$PROC_LEASE_POD" style=cgroup=v2-systemd arg
  for arg in "$@"; do
    case "$arg" in
      pod=*) pod="$arg" ;;
      cgroup=*) style="$arg" ;;
    esac
  done
  proc_add "$shim" 1 "$comm"
  proc_add "$init" "$shim" pause ns="$ns" nspid="$init 1" "$pod" "$style"
}
