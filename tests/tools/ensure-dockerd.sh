#!/bin/sh
# Makes sure a Docker Engine answers on the socket the engine tests use, and
# takes down afterwards only what it brought up itself.
#
#   start  if nothing answers GET /_ping on the socket, starts dockerd in the
#          background (its log in $STATE_DIR/dockerd.log), waits up to 30 s
#          for /_ping, and records that it started it ($STATE_DIR/dockerd.pid)
#   stop   stops that dockerd, only if this script started it
#
# usage: tests/tools/ensure-dockerd.sh start|stop
#
# Environment: FLOTILLA_TEST_SOCKET (default /var/run/docker.sock),
# FLOTILLA_TEST_STATE (default /tmp/flotilla-test-dockerd) and
# FLOTILLA_TEST_DOCKERD_ARGS (more dockerd options, e.g. --data-root).  start exits 0
# when an engine answers (whoever started it), 1 when none could be started;
# stop is silent on success, so that it can follow the test summary.
set -u

socket=${FLOTILLA_TEST_SOCKET:-/var/run/docker.sock}
state=${FLOTILLA_TEST_STATE:-/tmp/flotilla-test-dockerd}
pidfile="$state/dockerd.pid"
log="$state/dockerd.log"
wait_seconds=30

ping () {
  [ -S "$socket" ] || return 1
  if command -v curl >/dev/null 2>&1; then
    [ "$(curl -s -m 2 --unix-socket "$socket" http://localhost/_ping 2>/dev/null)" = OK ]
  else
    python3 - "$socket" <<'PY' 2>/dev/null
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.settimeout(2)
s.connect(sys.argv[1])
s.sendall(b'GET /_ping HTTP/1.0\r\nHost: localhost\r\n\r\n')
data = b''
while True:
    chunk = s.recv(4096)
    if not chunk:
        break
    data += chunk
sys.exit(0 if data.endswith(b'OK') else 1)
PY
  fi
}

ours () {
  # The recorded process, if it is still a dockerd.
  [ -f "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null &&
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q dockerd
}

start () {
  if ping; then
    return 0
  fi
  if ours; then
    echo "ensure-dockerd: the dockerd started earlier (pid $pid) does not answer on $socket" >&2
    return 1
  fi
  rm -f "$pidfile"
  if ! command -v dockerd >/dev/null 2>&1; then
    echo "ensure-dockerd: no engine on $socket and no dockerd to start (install docker.io); engine tests will skip" >&2
    return 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "ensure-dockerd: no engine on $socket, and starting dockerd needs root; engine tests will skip" >&2
    return 1
  fi
  mkdir -p "$state"
  echo "ensure-dockerd: starting dockerd (log: $log)" >&2
  # setsid: it outlives this shell and make's process group, and Ctrl+C in
  # the terminal does not reach it.
  # shellcheck disable=SC2086
  setsid dockerd -H "unix://$socket" ${FLOTILLA_TEST_DOCKERD_ARGS:-} > "$log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  pid=$(cat "$pidfile")
  i=0
  while [ $i -lt $((wait_seconds * 5)) ]; do
    if ping; then
      echo "ensure-dockerd: dockerd (pid $pid) answers on $socket" >&2
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "ensure-dockerd: dockerd exited at once; the end of its log:" >&2
      tail -n 15 "$log" >&2
      rm -f "$pidfile"
      return 1
    fi
    sleep 0.2
    i=$((i + 1))
  done
  echo "ensure-dockerd: dockerd (pid $pid) did not answer on $socket within ${wait_seconds} s; stopping it" >&2
  stop
  return 1
}

stop () {
  if ! ours; then
    rm -f "$pidfile"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null
  # dockerd stops its containers first (up to their stop timeouts).
  i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 300 ]; do
    sleep 0.1
    i=$((i + 1))
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "ensure-dockerd: dockerd (pid $pid) did not stop in 30 s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$pidfile"
  return 0
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
