#!/bin/bash
# Benchmark: `flotilla-compose config -q` against `docker compose config -q`
# (2.26) and `docker-compose config -q` (1.29.2), run side by side in
# alternating rounds, on the Food Trucks example and on a generated
# 1,000-service project.
#
# Targets (issue 2): at least 20 times faster than the faster reference on
# both files, and the 1,000-service file validated in under 100 ms.
#
# usage: tests/bench/config.sh [BUILD_DIR]   (default: _build)
#
# Besides the table it prints one line per figure for tests/bench/run:
# `RESULT config-<file>-<tool> <median> ms`, file being foodtrucks or big
# and tool flotilla, compose2 or compose1, and the same with `-cpu` after
# the tool for the median CPU time (user + system).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/_build}
flotilla="$build/app/cli/flotilla-compose"
rounds_small=${ROUNDS_SMALL:-30}
rounds_big=${ROUNDS_BIG:-8}

[ -x "$flotilla" ] || { echo "no $flotilla: build first (make build)" >&2; exit 2; }
sh "$top/tests/tools/install-compose-v2.sh" >/dev/null
command -v docker-compose >/dev/null || { echo "docker-compose 1.29.2 is missing (apt-get install docker-compose)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/foodtrucks" "$work/big"
cp "$top/data/examples/foodtrucks/docker-compose.yml" "$work/foodtrucks/"
python3 "$top/tests/bench/gen-services.py" 1000 > "$work/big/compose.yaml"

# A clean environment: no COMPOSE_* variables from the caller.
export -n COMPOSE_FILE COMPOSE_PROJECT_NAME COMPOSE_PROFILES 2>/dev/null || true

measure () {
  local dir=$1 file=$2 rounds=$3
  (cd "$dir" && python3 "$top/tests/bench/alternate.py" "$rounds" 2 \
      "flotilla=$flotilla -f $file config -q" \
      "compose2=docker compose -f $file config -q" \
      "compose1=docker-compose -f $file config -q")
}

echo "Timing config -q: $rounds_small rounds on Food Trucks, $rounds_big on 1,000 services (alternating)..." >&2
small=$(measure "$work/foodtrucks" docker-compose.yml "$rounds_small")
big=$(measure "$work/big" compose.yaml "$rounds_big")

python3 - "$small" "$big" <<'PY'
import json, sys
rows = []
met_all = True
results = []
for key, name, raw, limit in (("foodtrucks", "Food Trucks (2 services)", sys.argv[1], None),
                              ("big", "generated, 1,000 services", sys.argv[2], 100.0)):
    data = json.loads(raw)
    if 'error' in data:
        print(data['error']); sys.exit(1)
    f = data['flotilla']['median']
    c2 = data['compose2']['median']
    c1 = data['compose1']['median']
    results += [("config-%s-%s" % (key, tool), data[tool]['median']) for tool in ('flotilla', 'compose2', 'compose1')]
    # CPU time (user + system): on a busy machine the wall time is mostly
    # the wait for a CPU.
    results += [("config-%s-%s-cpu" % (key, tool), data[tool]['cpu_median'])
                for tool in ('flotilla', 'compose2', 'compose1') if 'cpu_median' in data[tool]]
    faster = min(c2, c1)
    ratio = faster / f
    ok = ratio >= 20 and (limit is None or f < limit)
    met_all = met_all and ok
    target = ">= 20x" + (", < %d ms" % limit if limit else "")
    rows.append((name, f, c2, c1, ratio, target, "met" if ok else "NOT met"))

print("| file | flotilla-compose | docker compose 2.26 | docker-compose 1.29.2 | ratio (faster reference / Flotilla) | target | |")
print("|---|---|---|---|---|---|---|")
for name, f, c2, c1, ratio, target, verdict in rows:
    print("| %s | %.1f ms | %.1f ms | %.1f ms | %.1fx | %s | %s |" % (name, f, c2, c1, ratio, target, verdict))
print()
print("Medians of alternating runs of `config -q`.")
for name, value in results:
    print("RESULT %s %.2f ms" % (name, value))
PY
