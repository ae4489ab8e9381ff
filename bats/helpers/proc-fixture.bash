# Builds fixture /proc trees for the zombie reaper: <pid>/stat, <pid>/status (with NSpid) and
# <pid>/ns/pid links, in the kernel's formats, so each bats case is a few lines.
# shellcheck shell=bash

# The PID namespace of the host, as readlink shows /proc/<pid>/ns/pid.
PROC_HOST_NS='pid:[4026531836]'

# Starts an empty tree at $BATS_TEST_TMPDIR/proc holding only PID 1 (systemd, host namespace) and
# points the script at it (AKOPS_PROC_ROOT).
proc_init() {
  PROC_ROOT="$BATS_TEST_TMPDIR/proc"
  export AKOPS_PROC_ROOT="$PROC_ROOT"
  rm -rf "$PROC_ROOT"
  mkdir -p "$PROC_ROOT"
  proc_add 1 0 systemd
}

# proc_add PID PPID COMM [state=S] [ns=host|NUMBER] [nspid="PID ..."] [start=PID*100] [threads=1]
# Writes one process. ns=NUMBER puts it in PID namespace pid:[NUMBER]; nspid is the NSpid list of
# status (default: PID alone on the host, "PID <last>" is up to the caller in a container).
proc_add() {
  local pid="$1" ppid="$2" comm="$3"
  shift 3
  local state=S ns=host nspid="$pid" start=$((pid * 100)) threads=1 arg
  for arg in "$@"; do
    case "$arg" in
      state=*) state="${arg#state=}" ;;
      ns=*) ns="${arg#ns=}" ;;
      nspid=*) nspid="${arg#nspid=}" ;;
      start=*) start="${arg#start=}" ;;
      threads=*) threads="${arg#threads=}" ;;
      *)
        printf 'proc_add: unknown option %s\n' "$arg" >&2
        return 1
        ;;
    esac
  done
  local dir="$PROC_ROOT/$pid" link="$PROC_HOST_NS"
  [[ "$ns" == host ]] || link="pid:[$ns]"
  mkdir -p "$dir/ns"
  # Fields 1-52 as in proc(5); 20 is num_threads, 22 is starttime.
  printf '%s (%s) %s %s %s %s 0 -1 4194560 100 0 0 0 3 1 0 0 20 0 %s 0 %s 1000000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n' \
    "$pid" "$comm" "$state" "$ppid" "$pid" "$pid" "$threads" "$start" >"$dir/stat"
  printf 'Name:\t%s\nUmask:\t0022\nState:\t%s\nTgid:\t%s\nNgid:\t0\nPid:\t%s\nPPid:\t%s\nTracerPid:\t0\nNStgid:\t%s\nNSpid:\t%s\nNSpgid:\t%s\nNSsid:\t%s\nThreads:\t%s\n' \
    "$comm" "$state" "$pid" "$pid" "$ppid" "${nspid// /$'\t'}" "${nspid// /$'\t'}" "${nspid// /$'\t'}" "${nspid// /$'\t'}" "$threads" >"$dir/status"
  ln -sfn "$link" "$dir/ns/pid"
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

# proc_container SHIM INIT NS — a containerd shim (host namespace, child of PID 1) and the
# container's init, its direct child in PID namespace NS (NSpid "INIT 1").
proc_container() {
  local shim="$1" init="$2" ns="$3"
  proc_add "$shim" 1 containerd-shim
  proc_add "$init" "$shim" pause ns="$ns" nspid="$init 1"
}
