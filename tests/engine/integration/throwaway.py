#!/usr/bin/env python3
# throwaway.py: a Docker Engine of a test's own, to kill.
#
# The fault tests need an engine they may SIGKILL without harming the one
# everybody else uses (/var/run/docker.sock).  This one has its own socket,
# --data-root, --exec-root and --pidfile, and its own bridge interface (made
# here, removed after): `--bridge=none` would make it delete the main
# engine's docker0.  It is started, killed, started again on the same data
# (as a machine would after a crash), and purged at the end: containers,
# processes, mounts, folders and the bridge.
#
# Used two ways:
#   - from Python (test-faults.py): ThrowawayEngine().start() / .kill() / .purge()
#   - from a C test, as a child process that answers one line per command:
#       python3 throwaway.py serve
#     prints "ready unix:///…/docker.sock" once the engine answers (or
#     "skip REASON" / "error MESSAGE" and exits), then reads commands on
#     stdin: "kill" (answers "killed"), "start" (answers "ready HOST"),
#     "quit" or end of input (purges, answers "purged", exits).  When the
#     test dies, its end of the pipe closes and the engine is purged all
#     the same.

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOOLS = os.path.abspath(os.path.join(HERE, '..', '..', 'tools'))
sys.path.insert(0, TOOLS)

import engineapi  # noqa: E402

BUILD_IMAGE = os.path.join(TOOLS, 'build-test-image.py')


class Unavailable(Exception):
    """No throwaway engine can be had here (no root, no dockerd, no
    bridge): the test that needs one skips."""


class StartFailed(AssertionError):
    pass


class ThrowawayEngine:
    """A dockerd of our own, to kill."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='fltd-', dir='/tmp')
        self.socket = os.path.join(self.dir, 'docker.sock')
        self.host = 'unix://' + self.socket
        self.bridge = 'fltitbr%d' % (os.getpid() % 100000)
        self.process = None
        self.log = None
        self.bridge_made = False

    def _make_bridge(self):
        if self.bridge_made:
            return
        subnet_byte = 200 + os.getpid() % 50
        for command in (['ip', 'link', 'add', self.bridge, 'type', 'bridge'],
                        ['ip', 'addr', 'add', '10.%d.0.1/24' % subnet_byte, 'dev', self.bridge],
                        ['ip', 'link', 'set', self.bridge, 'up']):
            r = subprocess.run(command, capture_output=True, text=True)
            if r.returncode != 0:
                raise Unavailable('cannot make a bridge for a throwaway engine (%s): %s'
                                  % (' '.join(command), r.stderr.strip()))
        self.bridge_made = True

    def start(self):
        if os.geteuid() != 0 or shutil.which('dockerd') is None:
            raise Unavailable('a throwaway dockerd needs root and dockerd')
        self._make_bridge()
        self._forget_dead_containerd()
        self.log = open(os.path.join(self.dir, 'dockerd.log'), 'a')
        self.process = subprocess.Popen(
            ['dockerd', '-H', self.host,
             '--data-root', os.path.join(self.dir, 'data'),
             '--exec-root', os.path.join(self.dir, 'exec'),
             '--pidfile', os.path.join(self.dir, 'dockerd.pid'),
             '--bridge', self.bridge, '--iptables=false', '--ip-masq=false',
             '--userland-proxy=false'],
            stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL, start_new_session=True)
        api = engineapi.Engine(self.host)
        deadline = time.monotonic() + 30
        while not api.ping():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise StartFailed('the throwaway dockerd did not come up; its log:\n' + self.tail())
            time.sleep(0.1)
        r = subprocess.run([sys.executable, BUILD_IMAGE, '-q', '-H', self.host],
                           capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            raise StartFailed('the test image cannot be built on the throwaway engine: ' + r.stderr)
        return api

    def _forget_dead_containerd(self):
        # The containerd of a killed dockerd dies too, but takes a moment,
        # and may linger as a zombie nobody reaps.  A new dockerd that finds
        # its pid file would wait for it, or talk to the dying one and give
        # up ("timeout waiting for containerd to start"): wait for it to go,
        # end it if it does not, then forget it.
        pidfile = os.path.join(self.dir, 'exec', 'containerd', 'containerd.pid')
        try:
            with open(pidfile) as f:
                pid = int(f.read().strip() or 0)
        except (OSError, ValueError):
            return

        def alive():
            try:
                with open('/proc/%d/stat' % pid) as f:
                    return f.read().rsplit(')', 1)[1].split()[0] not in ('Z', 'X')
            except (OSError, IndexError):
                return False

        deadline = time.monotonic() + 10
        while pid > 0 and alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        if pid > 0 and alive():
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
            while alive() and time.monotonic() < deadline + 5:
                time.sleep(0.1)
        try:
            os.unlink(pidfile)
        except OSError:
            pass

    def tail(self, lines=20):
        try:
            with open(os.path.join(self.dir, 'dockerd.log')) as f:
                return ''.join(f.readlines()[-lines:])
        except OSError:
            return ''

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        """A graceful stop: the engine stops its containers and its
        containerd, and unmounts what it mounted."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.kill()

    def purge(self):
        """Removes every container the engine has and stops it — bringing it
        back up first when it was killed — then whatever a killed engine
        leaves behind: processes, mounts, its folders and the bridge."""
        problems = []
        try:
            if self.process is not None:
                if self.process.poll() is not None:
                    time.sleep(0.5)
                    api = self.start()
                else:
                    api = engineapi.Engine(self.host)
                for c in api.containers():
                    api.call('DELETE', '/containers/' + c['Id'], query={'force': 1, 'v': 1})
                api.close()
        except Exception as e:   # noqa: BLE001 - the reaping below still runs
            problems.append('the throwaway engine could not be brought back to clean up: %s' % e)
        finally:
            self.stop()
            if self.log:
                self.log.close()
            self._reap()
            shutil.rmtree(self.dir, ignore_errors=True)
            if self.bridge_made:
                subprocess.run(['ip', 'link', 'del', self.bridge], capture_output=True)
        return problems

    def _reap(self):
        # Its containerd and shims (their cmdlines name our folder), and the
        # containers' processes under the shims.
        def children(pid):
            try:
                with open('/proc/%d/task/%d/children' % (pid, pid)) as f:
                    return [int(x) for x in f.read().split()]
            except OSError:
                return []
        doomed = []
        for entry in os.listdir('/proc'):
            if not entry.isdigit():
                continue
            try:
                with open('/proc/%s/cmdline' % entry, 'rb') as f:
                    cmdline = f.read().decode(errors='replace')
            except OSError:
                continue
            if self.dir in cmdline:
                doomed.append(int(entry))
        stack = list(doomed)
        while stack:
            for child in children(stack.pop()):
                if child not in doomed:
                    doomed.append(child)
                    stack.append(child)
        for pid in reversed(doomed):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        # dockerd bind-mounts its data root, and a killed one leaves
        # overlays and network namespaces mounted.
        with open('/proc/mounts') as f:
            mounts = [line.split()[1] for line in f if self.dir in line.split()[1]]
        for mount in sorted(mounts, key=len, reverse=True):
            subprocess.run(['umount', '-l', mount], capture_output=True)


def serve():
    """The line protocol described at the top, for a test in another
    language."""
    def say(*words):
        try:
            sys.stdout.write(' '.join(words).replace('\n', ' ') + '\n')
            sys.stdout.flush()
        except OSError:
            pass   # the test is gone; the purge still happens

    # A test killed by a signal closes our stdin; its terminal's signals
    # are not ours to die of before purging.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    engine = ThrowawayEngine()
    try:
        try:
            engine.start()
        except Unavailable as e:
            say('skip', str(e))
            return 0
        except Exception as e:   # noqa: BLE001 - told to the test, which fails
            say('error', str(e))
            return 1
        say('ready', engine.host)
        for line in sys.stdin:
            command = line.strip()
            if command == 'kill':
                engine.kill()
                say('killed')
            elif command == 'start':
                try:
                    engine.start()
                except Exception as e:   # noqa: BLE001
                    say('error', str(e))
                    continue
                say('ready', engine.host)
            elif command == 'quit':
                break
            elif command:
                say('error', 'unknown command ' + command)
    finally:
        problems = engine.purge()
        for problem in problems:
            sys.stderr.write('throwaway.py: %s\n' % problem)
    say('purged')
    return 0


if __name__ == '__main__':
    if sys.argv[1:] != ['serve']:
        sys.stderr.write('usage: throwaway.py serve\n')
        sys.exit(2)
    sys.exit(serve())
