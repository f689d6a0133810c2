#!/bin/bash
# Benchmark: `up -d` then `down` of the tutorial project (es + web) and of a
# generated 20-service project (chains of five), flotilla-compose against
# docker-compose 1.29.2, docker compose 2.26 and "the limit" (limit.py: only
# the Engine API calls the project needs, made directly), on the same
# engine, in alternating rounds; then the log reader's throughput: `logs`
# (not following) of a container that printed LOG_LINES lines as fast as it
# could and exited, against both reference tools and the engine itself
# (curl reading the raw /logs stream).
#
# Targets (issue 3): up and down each at most half of docker-compose 1.29's
# time, no slower than docker compose 2.26, within 1.2x of the limit; the
# log reader at least 200,000 lines per second.
#
# usage: tests/bench/updown.sh [BUILD_DIR]      (default: _build)
# environment: ROUNDS_TUTORIAL (12), ROUNDS_MANY (6), LOG_LINES (2000000),
#              LOG_ROUNDS (3; 0 skips the logs), DOCKER_HOST (unix sockets only)
#
# Besides the tables it prints one line per figure for tests/bench/run:
# `RESULT updown-<tut|many>-<up|down>-<tool> <median> ms` (tool: flotilla,
# compose2, compose1, limit) and `RESULT logs-<engine|replay>-<tool> <rate>
# lines/s` (tool: flotilla, compose2, compose1, and engine for curl), and
# `RESULT logs-replay-<tool>-cpu <rate> lines/s`: lines per second of the
# reader's own CPU time (user + system).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/_build}
build=$(cd "$build" && pwd)
flotilla="$build/app/cli/flotilla-compose"
rounds_tutorial=${ROUNDS_TUTORIAL:-12}
rounds_many=${ROUNDS_MANY:-6}
log_lines=${LOG_LINES:-2000000}
log_rounds=${LOG_ROUNDS:-3}
bench="$top/tests/bench"
socket=$(python3 -c "import sys; sys.path.insert(0, '$top/tests/tools'); import engineapi; print(engineapi.socket_path())")

[ -x "$flotilla" ] || { echo "no $flotilla: build first (make build)" >&2; exit 2; }
sh "$top/tests/tools/install-compose-v2.sh" >/dev/null
command -v docker-compose >/dev/null || { echo "docker-compose 1.29.2 is missing (apt-get install docker-compose)" >&2; exit 2; }
curl -sf --unix-socket "$socket" http://localhost/_ping >/dev/null ||
  { echo "no Docker Engine answers at $socket (tests/tools/ensure-dockerd.sh start)" >&2; exit 2; }
python3 "$top/tests/tools/build-test-image.py" -q

export -n COMPOSE_FILE COMPOSE_PROJECT_NAME COMPOSE_PROFILES 2>/dev/null || true

work=$(mktemp -d)
projects="bench-tut-flt bench-tut-c2 bench_tut_c1 bench-tut-lim bench-many-flt bench-many-c2 bench_many_c1 bench-many-lim bench-logs"
purge () {
  python3 - "$top" $projects <<'PY' || true
import sys
sys.path.insert(0, sys.argv[1] + '/tests/tools')
import engineapi
api = engineapi.Engine()
for project in sys.argv[2:]:
    api.purge_project(project)
PY
}
trap 'purge; rm -rf "$work"' EXIT
purge

python3 "$bench/gen-updown.py" tutorial "$work/tutorial"
python3 "$bench/gen-updown.py" many 20 "$work/many"
python3 "$bench/gen-updown.py" logs "$log_lines" "$work/logs"

if ! python3 -c "import socket; s = socket.socket(); s.bind(('0.0.0.0', 5000))" 2>/dev/null; then
  echo "port 5000 is taken; the tutorial project publishes it" >&2
  exit 2
fi

# Each tool works on a project of its own, up then down in the same round.
# docker-compose 1.29.2 drops "-" from project names, so its get "_".
measure () {
  local name=$1 dir=$2 rounds=$3
  (cd "$dir" && python3 "$bench/alternate.py" "$rounds" 1 \
      "flotilla up=$flotilla -f compose.yaml -p bench-$name-flt up -d" \
      "flotilla down=$flotilla -f compose.yaml -p bench-$name-flt down" \
      "compose2 up=docker compose -f compose.yaml -p bench-$name-c2 up -d" \
      "compose2 down=docker compose -f compose.yaml -p bench-$name-c2 down" \
      "compose1 up=docker-compose -f compose.yaml -p bench_${name}_c1 up -d" \
      "compose1 down=docker-compose -f compose.yaml -p bench_${name}_c1 down" \
      "limit up=python3 $bench/limit.py up . bench-$name-lim" \
      "limit down=python3 $bench/limit.py down . bench-$name-lim")
}

echo "Timing up -d and down: $rounds_tutorial rounds on the tutorial, $rounds_many on 20 services (alternating)..." >&2
tutorial=$(measure tut "$work/tutorial" "$rounds_tutorial")
many=$(measure many "$work/many" "$rounds_many")

logs='{}'
replay='{}'
if [ "$log_rounds" -gt 0 ]; then
echo "Printing $log_lines lines into the log..." >&2
(cd "$work/logs" && "$flotilla" -f compose.yaml -p bench-logs up -d 2>/dev/null)
python3 - "$top" <<'PY'
import sys, time
sys.path.insert(0, sys.argv[1] + '/tests/tools')
import engineapi
api = engineapi.Engine()
deadline = time.monotonic() + 600
while api.inspect('bench-logs-talker-1')['State']['Status'] != 'exited':
    if time.monotonic() > deadline:
        sys.exit('the talker did not finish in 10 minutes')
    time.sleep(0.5)
PY
counted=$(cd "$work/logs" && "$flotilla" -f compose.yaml -p bench-logs logs --no-color | wc -l)
if [ "$counted" -ne "$log_lines" ]; then
  echo "flotilla-compose logs printed $counted lines, not $log_lines" >&2
  exit 1
fi
echo "Timing logs of $log_lines lines: $log_rounds rounds (alternating)..." >&2
logs=$(cd "$work/logs" && python3 "$bench/alternate.py" "$log_rounds" 0 \
    "flotilla=$flotilla -f compose.yaml -p bench-logs logs" \
    "compose2=docker compose -f compose.yaml -p bench-logs logs" \
    "compose1=docker-compose -f compose.yaml -p bench-logs logs" \
    "engine=curl -sf --unix-socket $socket -o /dev/null http://localhost/containers/bench-logs-talker-1/logs?stdout=1&stderr=1")

# The readers alone: the same lines, framed as dockerd frames them, from a
# stand-in engine that serves them from memory.
echo "Timing logs of $log_lines lines from a replayed stream: $log_rounds rounds (alternating)..." >&2
replay_socket="$work/replay.sock"
python3 "$bench/replay-engine.py" "$replay_socket" bench-replay "$log_lines" > "$work/replay.out" &
replay_pid=$!
trap 'kill $replay_pid 2>/dev/null || true; purge; rm -rf "$work"' EXIT
for _ in $(seq 600); do
  grep -q ready "$work/replay.out" 2>/dev/null && break
  kill -0 $replay_pid 2>/dev/null || { echo "replay-engine.py failed" >&2; exit 1; }
  sleep 0.1
done
counted=$(cd "$work/logs" && "$flotilla" -H "unix://$replay_socket" -f compose.yaml -p bench-replay logs --no-color | wc -l)
if [ "$counted" -ne "$log_lines" ]; then
  echo "flotilla-compose logs printed $counted lines from the replayed stream, not $log_lines" >&2
  exit 1
fi
replay=$(cd "$work/logs" && python3 "$bench/alternate.py" "$log_rounds" 0 \
    "flotilla=$flotilla -H unix://$replay_socket -f compose.yaml -p bench-replay logs" \
    "compose2=docker -H unix://$replay_socket compose -f compose.yaml -p bench-replay logs" \
    "compose1=docker-compose -H unix://$replay_socket -f compose.yaml -p bench-replay logs")
kill $replay_pid 2>/dev/null || true
fi

python3 - "$tutorial" "$many" "$logs" "$replay" "$log_lines" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
met_all = True
results = []
print("| project | step | flotilla-compose | docker compose 2.26 | docker-compose 1.29.2 | limit | 1.29 / Flotilla (>= 2) | 2.26 / Flotilla (>= 1) | Flotilla / limit (<= 1.2) | |")
print("|---|---|---|---|---|---|---|---|---|---|")
for key, name, raw in (("tut", "tutorial (2 services)", sys.argv[1]), ("many", "generated, 20 services", sys.argv[2])):
    data = json.loads(raw)
    if 'error' in data:
        print(data['error']); sys.exit(1)
    for step in ('up', 'down'):
        for tool in ('flotilla', 'compose2', 'compose1', 'limit'):
            results.append(("updown-%s-%s-%s" % (key, step, tool), data[tool + ' ' + step]['median'], 'ms'))
        f = data['flotilla ' + step]['median']
        c2 = data['compose2 ' + step]['median']
        c1 = data['compose1 ' + step]['median']
        lim = data['limit ' + step]['median']
        ok = c1 / f >= 2 and c2 / f >= 1 and f / lim <= 1.2
        met_all = met_all and ok
        print("| %s | %s | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.2fx | %.2fx | %.2fx | %s |" % (
            name, 'up -d' if step == 'up' else 'down', f, c2, c1, lim, c1 / f, c2 / f, f / lim,
            "met" if ok else "NOT met"))
print()
lines = int(sys.argv[5])
data = json.loads(sys.argv[3])
replay = json.loads(sys.argv[4])
if not data:
    print("Medians of alternating runs on the same engine (%s CPUs, load average %s at the end)." % (sys.argv[6], sys.argv[7]))
    for name, value, unit in results:
        print("RESULT %s %.2f %s" % (name, value, unit))
    sys.exit(0)
for d in (data, replay):
    if 'error' in d:
        print(d['error']); sys.exit(1)
rate = {k: lines / (v['median'] / 1000.0) for k, v in data.items()}
alone = {k: lines / (v['median'] / 1000.0) for k, v in replay.items()}
ok = alone['flotilla'] >= 200000
met_all = met_all and ok
print("| logs of %s lines | flotilla-compose | docker compose 2.26 | docker-compose 1.29.2 | the engine alone (curl) | target | |" % format(lines, ','))
print("|---|---|---|---|---|---|---|")
print("| from the engine: lines per second (wall time) | %s (%.1f s) | %s (%.1f s) | %s (%.1f s) | %s (%.1f s) | | |" % tuple(
    x for k in ('flotilla', 'compose2', 'compose1', 'engine')
    for x in (format(int(rate[k]), ','), data[k]['median'] / 1000.0)))
print("| the reader alone, from a replayed stream: lines per second (wall time) | %s (%.1f s) | %s (%.1f s) | %s (%.1f s) | | >= 200,000 | %s |" % tuple(
    [x for k in ('flotilla', 'compose2', 'compose1')
     for x in (format(int(alone[k]), ','), replay[k]['median'] / 1000.0)] + ["met" if ok else "NOT met"]))
print()
print("Medians of alternating runs on the same engine (%s CPUs, load average %s at the end)." % (sys.argv[6], sys.argv[7]))
print("From the engine, every reader waits on dockerd reading its json-file log: the curl column is that ceiling.")
print("The replayed stream (tests/bench/replay-engine.py) serves the same frames, one HTTP chunk each as dockerd sends them, from memory.")
results += [("logs-engine-%s" % k, v, 'lines/s') for k, v in rate.items()]
results += [("logs-replay-%s" % k, v, 'lines/s') for k, v in alone.items()]
# Per second of the reader's own CPU time: what it would reach with a CPU to
# itself, on a machine busy with other work.
results += [("logs-replay-%s-cpu" % k, lines / (v['cpu_median'] / 1000.0), 'lines/s')
            for k, v in replay.items() if v.get('cpu_median')]
for name, value, unit in results:
    print("RESULT %s %.2f %s" % (name, value, unit))
PY
