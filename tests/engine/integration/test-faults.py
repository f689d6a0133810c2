#!/usr/bin/env python3
# Faults, against real engines: the engine killed in the middle of `up` and
# of `logs -f` (a throwaway dockerd of the test's own, killed with SIGKILL),
# and `up` again once it is back, without duplicates; a missing image; an
# `up` that fails half way (an image missing, a port taken), after which
# `down -v` still removes every container, network and volume; permission
# denied on the socket, and no socket at all.  Each ends in a clear error
# within seconds, never a hang.  Speaks TAP.
#
# usage: test-faults.py FLOTILLA_COMPOSE
#
# The throwaway engine (throwaway.py) has its own socket, --data-root,
# --exec-root and --pidfile, and its own bridge interface.

import os
import pwd
import re
import shutil
import socket
import stat
import subprocess
import tempfile
import time

from harness import FLOTILLA, Project, Skip, base_environment, check, engine, main, read_until, test
import engineapi  # noqa: E402 - harness puts tests/tools on the path
from throwaway import ThrowawayEngine, Unavailable

# How long a clean failure may take once the engine is gone.
PROMPT = 5.0


def start_engine(d):
    """Starts a throwaway engine, or skips the test where none can run."""
    try:
        return d.start()
    except Unavailable as e:
        raise Skip(str(e))


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
def the_engine_killed_during_up_gives_a_clean_error_at_once_and_up_resumes():
    d = ThrowawayEngine()
    # slow turns healthy 8 s after each start: up is still waiting for it
    # when the engine is killed, and gets past it once the engine is back.
    p = Project('killup', '''\
services:
  slow:
    image: flotilla-test/busybox
    init: true
    network_mode: none
    command: ["sh", "-c", "rm -f /tmp/ready; sleep 8; touch /tmp/ready; exec sleep 3600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      retries: 60
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
        start_engine(d)
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

        # The engine comes back on the same data, as after a crash: up again
        # finishes the job with the container it made before, not beside it.
        api = start_engine(d)
        expected = ['%s-app-1' % p.name, '%s-slow-1' % p.name]
        before = sorted(c['Names'][0].lstrip('/') for c in api.containers(p.name))
        check(set(before) <= set(expected) and '%s-slow-1' % p.name in before,
              'what the killed up had made', before)
        r = p.flotilla('up', '-d', host=d.host, timeout=120)
        check(r.returncode == 0, 'up after the engine came back failed', r)
        after = api.containers(p.name)
        check(sorted(c['Names'][0].lstrip('/') for c in after) == expected and
              all(c['Id'] in [b['Id'] for b in api.containers(p.name)] for c in after),
              'duplicate or missing containers after up again', [c['Names'] for c in after])
        check(all(c['State'] == 'running' for c in after), 'not everything runs after up again',
              [(c['Names'], c['State']) for c in after])
        api.close()
    finally:
        p.cleanup()
        problems = d.purge()
    check(not problems, 'cleaning up after the throwaway engine', *problems)


@test
def up_gets_past_a_start_the_dying_engine_left_half_done():
    # dockerd killed while it starts a container may leave the container's
    # containerd task behind: once it is back, every start of that container
    # fails with "task ID: already exists".  Up makes such a container anew
    # (same name, same count) instead of failing for good.
    d = ThrowawayEngine()
    p = Project('staletask', '''\
services:
  one:
    image: flotilla-test/busybox
    init: true
    network_mode: none
    command: ["sleep", "3600"]
''')
    try:
        api = start_engine(d)
        r = p.flotilla('up', '--no-start', host=d.host)
        check(r.returncode == 0, 'up --no-start failed', r)
        name = '%s-one-1' % p.name
        stale = False
        # How long a start takes before the engine has made the task
        # varies; a few tries find a moment that leaves one behind.
        for delay in (0.05, 0.1, 0.2, 0.3, 0.15, 0.4):
            starter = subprocess.Popen(['curl', '-s', '-m', '10', '--unix-socket', d.socket,
                                        '-X', 'POST', 'http://localhost/containers/%s/start' % name],
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            d.kill()
            starter.wait()
            api = start_engine(d)
            status, body = api.call('POST', '/containers/%s/start' % name)
            if status == 500 and 'already exists' in str(body):
                stale = True
                break
            api.call('POST', '/containers/%s/stop' % name, query={'t': 0})
        if not stale:
            raise Skip('the engine left no task behind in %d tries' % 6)
        r = p.flotilla('up', '-d', host=d.host, timeout=120)
        check(r.returncode == 0, 'up after the half-done start failed', r)
        after = api.containers(p.name)
        check([c['Names'][0].lstrip('/') for c in after] == [name] and after[0]['State'] == 'running',
              'up did not leave one running container', [(c['Names'], c['State']) for c in after])
        api.close()
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
        start_engine(d)
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


def project_resources(name):
    """What the engine holds of project name, counted by its label:
    (containers, networks, volumes)."""
    return (len(engine.containers(name)), len(engine.networks(name)), len(engine.volumes(name)))


HALF_FAILING = '''\
services:
  first:
    image: flotilla-test/busybox
    init: true
    command: ["sleep", "3600"]
    networks: [back]
    volumes: ["data:/data"]
  second:
%s
    init: true
    command: ["sleep", "3600"]
    networks: [back]
    volumes: ["data:/data"]
    depends_on: [first]
networks:
  back: {}
volumes:
  data: {}
'''


def check_half_failed_up(p, what, expect_error, expect_made):
    """Runs up, which fails at the second service, and checks what it made
    against expect_made (containers, networks, volumes); then down -v, after
    which nothing of the project is left."""
    r = p.flotilla('up', '-d', timeout=120)
    check(r.returncode == 1, 'up with %s should fail with status 1' % what, r)
    last = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ''
    check(last.startswith('flotilla-compose: ') and 'second' in last and re.search(expect_error, last),
          'the error does not name the service and the cause (%s)' % what, last)
    # What up made before it failed carries the project's label: down finds
    # it all.
    made = project_resources(p.name)
    check(made == expect_made, 'after the failed up: %d containers, %d networks, %d volumes' % made,
          'expected %d, %d, %d' % expect_made, p.leftovers())
    r = p.flotilla('down', '-v', timeout=120)
    check(r.returncode == 0, 'down -v after the failed up', r)
    check(project_resources(p.name) == (0, 0, 0), 'down -v left some of the project behind', p.leftovers())
    check(p.leftovers() == [], 'down -v left some of the project behind (by name)', p.leftovers())


@test
def an_up_failing_at_a_missing_image_leaves_nothing_down_cannot_remove():
    p = Project('halfimage', HALF_FAILING % '    image: flotilla-test/does-not-exist')
    try:
        # Images are checked before anything is made.
        check_half_failed_up(p, 'the second image missing', r'flotilla-test/does-not-exist', (0, 0, 0))
    finally:
        p.cleanup()


@test
def an_up_failing_at_a_taken_port_leaves_nothing_down_cannot_remove():
    # Someone else already listens on the port the second service publishes.
    taken = socket.socket(socket.AF_INET)
    taken.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    taken.bind(('0.0.0.0', 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    p = Project('halfport', HALF_FAILING % ('    image: flotilla-test/busybox\n'
                                            '    ports: ["%d:80"]' % port))
    try:
        # Both containers, the network and the volume were made; the second
        # container's start failed.
        check_half_failed_up(p, 'the second service\'s port taken', r'%d|port|address already in use' % port,
                             (2, 1, 1))
    finally:
        taken.close()
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
