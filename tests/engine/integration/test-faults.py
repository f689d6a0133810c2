#!/usr/bin/env python3
# Faults, against real engines: the engine killed in the middle of `up` and
# of `logs -f` (a throwaway dockerd of the test's own, killed with SIGKILL),
# a missing image, permission denied on the socket, and no socket at all.
# Each ends in a clear error within seconds, never a hang.  Speaks TAP.
#
# usage: test-faults.py FLOTILLA_COMPOSE
#
# The throwaway engine has its own socket, --data-root, --exec-root and
# --pidfile, and its own bridge interface (made here, removed after):
# `--bridge=none` would make it delete the main engine's docker0.

import os
import pwd
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import time

from harness import BUILD_IMAGE, FLOTILLA, Project, Skip, base_environment, check, main, read_until, test
import engineapi  # noqa: E402 - harness puts tests/tools on the path

# How long a clean failure may take once the engine is gone.
PROMPT = 5.0


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
                raise Skip('cannot make a bridge for a throwaway engine (%s): %s' % (' '.join(command), r.stderr.strip()))
        self.bridge_made = True

    def start(self):
        if os.geteuid() != 0 or shutil.which('dockerd') is None:
            raise Skip('a throwaway dockerd needs root and dockerd')
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
                raise Failure_('the throwaway dockerd did not come up; its log:\n' + self.tail())
            time.sleep(0.1)
        r = subprocess.run([sys.executable, BUILD_IMAGE, '-q', '-H', self.host],
                           capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            raise Failure_('the test image cannot be built on the throwaway engine: ' + r.stderr)
        return api

    def _forget_dead_containerd(self):
        # The containerd of a killed dockerd dies too, but may linger as a
        # zombie nobody reaps; a new dockerd that finds its pid file would
        # wait for it forever.
        pidfile = os.path.join(self.dir, 'exec', 'containerd', 'containerd.pid')
        try:
            with open(pidfile) as f:
                pid = int(f.read().strip() or 0)
        except (OSError, ValueError):
            return
        try:
            with open('/proc/%d/stat' % pid) as f:
                alive = f.read().rsplit(')', 1)[1].split()[0] not in ('Z', 'X')
        except (OSError, IndexError):
            alive = False
        if not alive:
            os.unlink(pidfile)

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


class Failure_(AssertionError):
    pass


def finish(process, timeout):
    """Waits for process; returns (status, stdout, stderr, seconds) or kills
    it and fails when it hangs."""
    start = time.monotonic()
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
        out, err = out.decode(errors='replace'), err.decode(errors='replace')
        raise Failure_('flotilla-compose hung for %.0f s after the engine died\n--- stdout\n%s\n--- stderr\n%s'
                       % (timeout, out, err))
    return process.returncode, out.decode(errors='replace'), err.decode(errors='replace'), time.monotonic() - start


def check_clean_error(status, err, what):
    check(status not in (0, None) and status > 0, '%s: exit status %s (a crash is negative)' % (what, status), err)
    check(not re.search(r'CRITICAL|WARNING \*\*|Segmentation|Aborted|core dumped|assertion', err),
          '%s: not a clean error' % what, err)
    last = err.strip().splitlines()[-1] if err.strip() else ''
    check(last.startswith('flotilla-compose: '), '%s: the last line is not the error' % what, err)
    return last


@test
def the_engine_killed_during_up_gives_a_clean_error_at_once():
    d = ThrowawayEngine()
    p = Project('killup', '''\
services:
  slow:
    image: flotilla-test/busybox
    init: true
    network_mode: none
    command: ["sleep", "3600"]
    healthcheck:
      test: ["CMD", "false"]
      interval: 30s
      start_period: 60s
  app:
    image: flotilla-test/busybox
    init: true
    network_mode: none
    command: ["sleep", "3600"]
    depends_on:
      slow:
        condition: service_healthy
''')
    try:
        d.start()
        process = subprocess.Popen([FLOTILLA, '-H', d.host, '-f', p.file, '-p', p.name, 'up', '-d'],
                                   cwd=p.dir, env=base_environment(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        seen = []
        waiting = read_until(process.stderr, r'Waiting for slow to be healthy', 60, seen)
        if not waiting:
            process.kill()
            raise Failure_('up never got to wait for slow:\n' + ''.join(seen) + process.stderr.read().decode(errors='replace'))
        time.sleep(0.5)
        d.kill()
        status, out, err, seconds = finish(process, 30)
        err = ''.join(seen) + err
        last = check_clean_error(status, err, 'up')
        check(seconds < PROMPT, 'up took %.1f s to notice the engine was gone' % seconds, err)
        check(re.search(r'Docker Engine|dockerd', last), 'the error does not say the engine went away', last)
        check('app' in err, 'the error does not say which service was affected', err)
    finally:
        p.cleanup()
        problems = d.purge()
    check(not problems, 'cleaning up after the throwaway engine', *problems)


@test
def the_engine_killed_during_logs_follow_gives_a_clean_error_at_once():
    d = ThrowawayEngine()
    p = Project('killlogs', '''\
services:
  talker:
    image: flotilla-test/busybox
    init: true
    network_mode: none
    command: ["sh", "-c", "i=0; while true; do i=$$((i+1)); echo line $$i; sleep 0.1; done"]
''')
    try:
        d.start()
        r = p.flotilla('up', '-d', host=d.host)
        check(r.returncode == 0, 'up on the throwaway engine failed', r)
        process = subprocess.Popen([FLOTILLA, '-H', d.host, '-f', p.file, '-p', p.name, 'logs', '-f', '--no-color'],
                                   cwd=p.dir, env=base_environment(),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        seen = []
        started = time.monotonic()
        if not read_until(process.stdout, r'talker-1\s+\| line \d+$', 30, seen) or \
                not read_until(process.stdout, r'talker-1\s+\| line \d+$', 30, seen):
            process.kill()
            raise Failure_('logs -f printed no lines:\n' + ''.join(seen) + process.stderr.read().decode(errors='replace'))
        # Into a pipe too, each line comes out as it is written.
        check(time.monotonic() - started < PROMPT,
              'logs -f into a pipe held its lines back for %.1f s' % (time.monotonic() - started))
        d.kill()
        status, out, err, seconds = finish(process, 30)
        last = check_clean_error(status, err, 'logs -f')
        check(seconds < PROMPT, 'logs -f took %.1f s to notice the engine was gone' % seconds, err)
        check(re.search(r'Docker Engine', last), 'the error does not say the engine went away', last)
    finally:
        p.cleanup()
        problems = d.purge()
    check(not problems, 'cleaning up after the throwaway engine', *problems)


@test
def a_missing_image_names_the_service():
    p = Project('noimage', '''\
services:
  fine:
    image: flotilla-test/busybox
    init: true
    command: ["sleep", "3600"]
  broken:
    image: flotilla-test/does-not-exist
    command: ["true"]
''')
    try:
        r = p.flotilla('up', '-d', timeout=120)
        check(r.returncode == 1, 'up with a missing image should fail with status 1', r)
        last = r.stderr.strip().splitlines()[-1]
        check(last.startswith('flotilla-compose: ') and 'broken' in last and 'flotilla-test/does-not-exist' in last,
              'the error does not name the service and the image', last)
        check(r.elapsed < 60, 'up took %.1f s to give up' % r.elapsed)
        # Nothing is half made: no container was created for an image that
        # is not there.
        check(not any(c['Labels'].get('com.docker.compose.service') == 'broken' for c in p.containers()),
              'a container was made for the missing image')
        r = p.flotilla('down')
        check(r.returncode == 0 and p.leftovers() == [], 'down after the failure', r, p.leftovers())
    finally:
        p.cleanup()


def as_nobody():
    try:
        user = pwd.getpwnam('nobody')
    except KeyError:
        raise Skip('no user "nobody"')
    if os.geteuid() != 0 or shutil.which('setpriv') is None:
        raise Skip('changing to an unprivileged user needs root and setpriv')
    return ['setpriv', '--reuid=%d' % user.pw_uid, '--regid=%d' % user.pw_gid, '--clear-groups', '--']


@test
def permission_denied_on_the_socket_says_what_to_do():
    prefix = as_nobody()
    # A copy of the usual situation: a live engine socket of mode 0660 owned
    # by root, which nobody cannot open.  A listening socket of our own is
    # enough: the refusal happens before a byte is exchanged.
    folder = tempfile.mkdtemp(prefix='flt-perm-')
    os.chmod(folder, 0o755)
    path = os.path.join(folder, 'docker.sock')
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(path)
    listener.listen(1)
    os.chown(path, 0, 0)
    os.chmod(path, 0o660)
    p = Project('perm', 'services:\n  a:\n    image: flotilla-test/busybox\n')
    try:
        for command in (['ps'], ['up', '-d'], ['logs']):
            r = subprocess.run(prefix + [FLOTILLA, '-H', 'unix://' + path, '-f', p.file] + command,
                               cwd=p.dir, env=base_environment({'HOME': '/tmp'}),
                               capture_output=True, text=True, timeout=30)
            last = check_clean_error(r.returncode, r.stderr, ' '.join(command))
            check('permission denied' in last and path in last, 'not a permission message naming the socket', last)
            check('docker' in last and 'group' in last, 'the message does not say how to get access', last)
        # The real engine's socket, when nobody cannot open it either.
        real = engineapi.socket_path()
        st = os.stat(real)
        if stat.S_ISSOCK(st.st_mode) and not st.st_mode & 0o006:
            r = subprocess.run(prefix + [FLOTILLA, '-H', 'unix://' + real, '-f', p.file, 'ps'],
                               cwd=p.dir, env=base_environment({'HOME': '/tmp'}),
                               capture_output=True, text=True, timeout=30)
            last = check_clean_error(r.returncode, r.stderr, 'ps on %s' % real)
            check('permission denied' in last and real in last, 'not a permission message for %s' % real, last)
    finally:
        listener.close()
        shutil.rmtree(folder, ignore_errors=True)
        p.cleanup()


@test
def no_socket_asks_whether_dockerd_runs():
    p = Project('nosock', 'services:\n  a:\n    image: flotilla-test/busybox\n')
    missing = os.path.join(p.dir, 'no-such-dir', 'docker.sock')
    try:
        for command in (['ps'], ['up', '-d'], ['down'], ['logs', '-f']):
            r = p.flotilla(*command, host='unix://' + missing, timeout=30)
            last = check_clean_error(r.returncode, r.stderr, ' '.join(command))
            check(last == 'flotilla-compose: no Docker Engine at %s — is dockerd running?' % missing,
                  'not the no-engine message', last)
            check(r.elapsed < PROMPT, '%s took %.1f s' % (command[0], r.elapsed))
        # DOCKER_HOST is read the same way.
        r = subprocess.run([FLOTILLA, '-f', p.file, 'ps'], cwd=p.dir, capture_output=True, text=True, timeout=30,
                           env=base_environment({'DOCKER_HOST': 'unix://' + missing}))
        check(r.stderr.strip().endswith('no Docker Engine at %s — is dockerd running?' % missing),
              'DOCKER_HOST pointing nowhere', r.stderr)
    finally:
        p.cleanup()


if __name__ == '__main__':
    raise SystemExit(main())
