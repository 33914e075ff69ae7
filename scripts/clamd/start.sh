#!/usr/bin/env bash
# Starts a throwaway clamd for tests and benchmarks: its own config in a temp directory and a
# signature database of one signature, the EICAR test file. No signature download is needed
# (these machines cannot reach ClamAV's mirrors), and the real virus database is never loaded.
#
#   scripts/clamd/start.sh [--port N | --socket PATH] [--dir DIR]
#
# Needs Debian's clamav-daemon:  apt-get install -y --no-install-recommends clamav-daemon
# Prints the environment to use (CLAMAV_HOST or CLAMAV_SOCKET) and how to stop it; the last
# line is machine-readable: `CLAMD_READY pid=<pid> dir=<dir> target=<host:port|socket>`.
set -euo pipefail

port=""
socket=""
dir=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) port="$2"; shift 2 ;;
    --socket) socket="$2"; shift 2 ;;
    --dir) dir="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

clamd_bin="${CLAMD_BIN:-$(command -v clamd || true)}"
[[ -z "$clamd_bin" && -x /usr/sbin/clamd ]] && clamd_bin=/usr/sbin/clamd
if [[ -z "$clamd_bin" ]]; then
  echo "clamd is not installed: apt-get install -y --no-install-recommends clamav-daemon" >&2
  exit 3
fi

dir="${dir:-$(mktemp -d "${TMPDIR:-/tmp}/sb-clamd-XXXXXX")}"
mkdir -p "$dir/db"
if [[ -z "$socket" && -z "$port" ]]; then port=3310; fi

# The EICAR string, assembled from two halves so this script is not itself a detection.
eicar_head='X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD'
eicar_tail='-ANTIVIRUS-TEST-FILE!$H+H*'
eicar="${eicar_head}${eicar_tail}"
# .hdb: the whole 68-byte file by MD5; .ndb: the marker anywhere in any file (EICAR inside
# a text or PDF, or a file with trailing bytes).
printf '%s:%s:Eicar-Test-Signature\n' "$(printf '%s' "$eicar" | md5sum | cut -d' ' -f1)" "${#eicar}" >"$dir/db/switchboard-test.hdb"
printf 'Eicar-Test-Signature.Embedded:0:*:%s\n' "$(printf '%s' "$eicar" | od -An -tx1 -v | tr -d ' \n')" >"$dir/db/switchboard-test.ndb"

{
  echo "DatabaseDirectory $dir/db"
  echo "PidFile $dir/clamd.pid"
  echo "LogFile $dir/clamd.log"
  echo "LogTime yes"
  echo "Foreground yes"
  echo "MaxThreads 4"
  # Above the largest upload limit (20 MB), so a full upload is scanned, not cut short.
  echo "StreamMaxLength 32M"
  echo "ReadTimeout 30"
  echo "CommandReadTimeout 10"
  echo "SelfCheck 0"
  if [[ -n "$socket" ]]; then
    echo "LocalSocket $socket"
    echo "LocalSocketMode 660"
  else
    echo "TCPSocket $port"
    echo "TCPAddr 127.0.0.1"
  fi
  # Running as root: stay root rather than switching to a `clamav` user who cannot read $dir.
  if [[ "$(id -u)" == 0 ]]; then echo "User root"; fi
} >"$dir/clamd.conf"

nohup "$clamd_bin" --config-file="$dir/clamd.conf" >"$dir/clamd.out" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$dir/clamd.launcher.pid"

ping_clamd() {
  if [[ -n "$socket" ]]; then
    python3 - "$socket" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_UNIX); s.settimeout(1); s.connect(sys.argv[1]); s.sendall(b"zPING\0")
sys.exit(0 if s.recv(16).startswith(b"PONG") else 1)
PY
  else
    # bash's /dev/tcp: no netcat needed.
    exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null || return 1
    printf 'zPING\0' >&3
    local reply
    reply="$(timeout 1 head -c 4 <&3 || true)"
    exec 3>&-
    [[ "$reply" == "PONG" ]]
  fi
}

for _ in $(seq 1 150); do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "clamd exited during start-up; its output:" >&2
    cat "$dir/clamd.out" "$dir/clamd.log" >&2 2>/dev/null || true
    exit 1
  fi
  if ping_clamd 2>/dev/null; then
    target="${socket:-127.0.0.1:$port}"
    if [[ -n "$socket" ]]; then echo "export CLAMAV_SOCKET=$socket"; else echo "export CLAMAV_HOST=127.0.0.1:$port"; fi
    echo "# clamd (pid $pid) answers PING; config, log and signatures in $dir"
    echo "# stop it with: kill $pid"
    echo "CLAMD_READY pid=$pid dir=$dir target=$target"
    exit 0
  fi
  sleep 0.2
done

echo "clamd did not answer PING within 30 s; log in $dir/clamd.log" >&2
kill "$pid" 2>/dev/null || true
exit 1
