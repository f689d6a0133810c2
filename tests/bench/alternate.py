#!/usr/bin/env python3
# Times several commands side by side: round after round, each command runs
# once per round in turn, so that a machine that slows down or speeds up
# affects all of them alike.  Prints one JSON object: per label, the
# median, the minimum and every run in milliseconds, and the median CPU
# time (user + system) the command itself used ("cpu_median"): on a
# machine busy with other work the wall time includes waiting for a CPU,
# the CPU time does not.
#
# usage: alternate.py ROUNDS WARMUP LABEL=COMMAND [LABEL=COMMAND...]
#        (COMMAND is split like a shell would and run directly, without a
#        shell in between, in the current folder, output discarded)

import json
import os
import shlex
import shutil
import statistics
import sys
import time


def run(argv, devnull):
    # posix_spawn and waitpid: the least overhead Python can add, the same
    # for every command.
    pid = os.posix_spawn(argv[0], argv, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                       (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status, usage = os.wait4(pid, 0)
    return os.waitstatus_to_exitcode(status), (usage.ru_utime + usage.ru_stime) * 1000.0


def main():
    rounds = int(sys.argv[1])
    warmup = int(sys.argv[2])
    commands = []
    for arg in sys.argv[3:]:
        label, _, command = arg.partition('=')
        argv = shlex.split(command)
        argv[0] = shutil.which(argv[0]) or argv[0]
        commands.append((label, argv))
    devnull = os.open(os.devnull, os.O_WRONLY)

    times = {label: [] for label, _ in commands}
    cpu = {label: [] for label, _ in commands}
    for r in range(warmup + rounds):
        for label, command in commands:
            start = time.perf_counter_ns()
            status, cpu_ms = run(command, devnull)
            elapsed = (time.perf_counter_ns() - start) / 1e6
            if status != 0:
                print(json.dumps({'error': '%s failed with status %d' % (label, status)}))
                return 1
            if r >= warmup:
                times[label].append(elapsed)
                cpu[label].append(cpu_ms)

    print(json.dumps({label: {'median': statistics.median(v), 'min': min(v), 'runs': v,
                              'cpu_median': statistics.median(cpu[label])}
                      for label, v in times.items()}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
