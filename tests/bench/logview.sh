#!/bin/bash
# Benchmark: the Logs room fed 1,000,000 lines as fast as it takes them,
# from a thread through the same path the engine's lines take, in a real
# window under Xvfb.  Prints lines per second, the longest main-loop stall,
# and VmRSS before and after.
#
# Targets (the logs issue): no main-loop stall over 50 ms; resident memory
# under 150 MB with the default scrollback (100,000 lines).  On a machine
# busy with other work, stalls measured in wall-clock time include waiting
# for the CPU and for the X server; the bench also prints the CPU time of
# the longest main-loop iteration, which is the part the view controls.
#
# usage: tests/bench/logview.sh [BUILD_DIR] [N_LINES]   (default: _build, 1000000)
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/_build}
lines=${2:-1000000}
bench="$build/tests/bench/bench-logview"

[ -x "$bench" ] || { echo "no $bench: build first (meson compile -C $build)" >&2; exit 2; }
command -v xvfb-run >/dev/null || { echo "xvfb-run is missing (apt-get install xvfb)" >&2; exit 2; }

# As the tests run: memory settings, no accessibility bus, no portals.
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data"
export GTK_A11Y=none NO_AT_BRIDGE=1 GDK_DEBUG=no-portals
# The renderer is the one the app picks (app/gui/flt-renderer.c: cairo
# where there is no GPU, as under Xvfb here); GSK_RENDERER=gl
# tests/bench/logview.sh measures GL on llvmpipe anyway.
echo "GSK_RENDERER=${GSK_RENDERER:-unset, the app chooses}; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exec xvfb-run -a -s "-screen 0 1280x1024x24" "$bench" "$lines"
