#!/bin/bash
# Benchmark: the graph of a made-up project of 200 services on 10 networks
# (tests/bench/graph-gen.h): layout, a frame drawn into a 1920×1080 cairo
# image surface with everything in view, and applying an engine state.
# No display or engine needed.
#
# Targets (the graph issue): layout under 50 ms, a frame under 16 ms.
#
# Prints, besides the figures, `RESULT graph-layout <ms> ms`, `RESULT
# graph-frame <ms> ms` (medians) and a few more for tests/bench/run.
#
# usage: tests/bench/graph.sh [BUILD_DIR] [SERVICES] [NETWORKS] [ROUNDS]
#        (default: _build, 200, 10, 30)
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$top/_build}" && pwd)
bench="$build/tests/bench/bench-graph"

[ -x "$bench" ] || { echo "no $bench: build first (meson compile -C $build)" >&2; exit 2; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cd "$build/tests/bench"
exec "$bench" "${2:-200}" "${3:-10}" "${4:-30}"
