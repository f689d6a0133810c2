#!/usr/bin/env python3
# Time from starting `flotilla FILE` to the first frame that shows the
# loaded project, under the X server this runs in (use xvfb-run -a).
#
# usage: xvfb-run -a python3 tests/bench/startup.py BUILDDIR [FILE] [RUNS]
#
# The app, run with FLOTILLA_BENCH_STARTUP=1, prints the wall-clock time of
# that frame and quits; this script takes the time just before it spawns
# the process.  Prints the median and the spread over RUNS runs (after one
# warm-up run that fills the page cache), and for tests/bench/run a line
# `RESULT startup-<renderer> <median> ms`, renderer being the GSK renderer
# that drew the frame (gl, ngl, cairo, vulkan): the app picks cairo where
# there is no GPU (app/gui/flt-renderer.c), GTK picks otherwise, and
# GSK_RENDERER=gl forces GL (on llvmpipe, without a GPU).

import os
import statistics
import subprocess
import sys
import time


def one_run(app, path, env):
    """Returns the milliseconds to the first project frame and the name of
    the renderer that drew it."""
    start = time.time_ns() // 1000
    proc = subprocess.run([app, path], env=env, capture_output=True, text=True, timeout=60)
    elapsed = None
    renderer = "unknown"
    for line in proc.stderr.splitlines():
        if line.startswith("flotilla-first-project-frame "):
            elapsed = (int(line.split()[1]) - start) / 1000.0
        elif line.startswith("flotilla-renderer "):
            renderer = line.split()[1]
    if elapsed is None:
        sys.exit("flotilla printed no frame time; its stderr:\n" + proc.stderr)
    return elapsed, renderer


def renderer_key(type_name):
    # GskGLRenderer -> gl, GskCairoRenderer -> cairo
    name = type_name
    if name.startswith("Gsk"):
        name = name[3:]
    if name.endswith("Renderer"):
        name = name[:-len("Renderer")]
    return name.lower() or "unknown"


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "_build"
    source = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
        source, "data", "examples", "foodtrucks", "docker-compose.yml")
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    app = os.path.join(build, "app", "flotilla")

    env = dict(os.environ)
    env["FLOTILLA_BENCH_STARTUP"] = "1"
    env["GSETTINGS_SCHEMA_DIR"] = os.path.join(build, "data")
    env["GSETTINGS_BACKEND"] = "memory"
    env.setdefault("GTK_A11Y", "none")
    env.setdefault("NO_AT_BRIDGE", "1")

    one_run(app, path, env)
    samples = [one_run(app, path, env) for _ in range(runs)]
    times = sorted(t for t, _ in samples)
    renderer = renderer_key(samples[-1][1])
    median = statistics.median(times)
    print(f"startup to first project frame: median {median:.0f} ms, "
          f"min {times[0]:.0f} ms, max {times[-1]:.0f} ms over {runs} runs ({os.path.basename(path)}, "
          f"renderer {samples[-1][1]})")
    print(f"target: under 500 ms: {'met' if median < 500 else 'NOT met'}")
    print(f"RESULT startup-{renderer} {median:.1f} ms")


if __name__ == "__main__":
    main()
