# harness.py: what the integration tests share — a TAP runner, projects in
# temporary folders with unique names and a cleanup that removes whatever
# they made, flotilla-compose and the reference tools, and the engine's API.
#
# The tests run against the engine of DOCKER_HOST, else /var/run/docker.sock,
# and skip (TAP "1..0 # SKIP") when none answers.  The image they run,
# flotilla-test/busybox, is built through /build when it is missing.

import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, '..', '..', '..'))
sys.path.insert(0, os.path.join(SOURCE, 'tests', 'tools'))

import engineapi  # noqa: E402

IMAGE = 'flotilla-test/busybox:latest'
BUILD_IMAGE = os.path.join(SOURCE, 'tests', 'tools', 'build-test-image.py')


class Skip(Exception):
    pass


class Failure(AssertionError):
    pass


def check(condition, what, *details):
    if not condition:
        raise Failure(what + ''.join('\n' + str(d) for d in details if d))


# The tool and the engine

def flotilla_path():
    if len(sys.argv) > 1:
        return os.path.abspath(sys.argv[1])
    build = os.environ.get('FLOTILLA_BUILD_DIR', os.path.join(SOURCE, '_build'))
    return os.path.join(build, 'app', 'cli', 'flotilla-compose')


FLOTILLA = flotilla_path()


def base_environment(extra=None):
    env = {
        'PATH': os.environ.get('PATH', '/usr/sbin:/usr/bin:/sbin:/bin'),
        'HOME': os.environ.get('HOME', '/tmp'),
        'LC_ALL': 'C.UTF-8',
    }
    # The sanitizer build's options (tests/meson.build) too.
    for key in ('DOCKER_HOST', 'DOCKER_CONFIG', 'TMPDIR', 'G_DEBUG', 'MALLOC_CHECK_', 'G_SLICE',
                'ASAN_OPTIONS', 'LSAN_OPTIONS', 'UBSAN_OPTIONS'):
        if key in os.environ:
            env[key] = os.environ[key]
    env.update(extra or {})
    return env


def have_tool(name):
    if name == 'docker compose':
        if shutil.which('docker') is None:
            return False
        r = subprocess.run(['docker', 'compose', 'version'], capture_output=True, text=True)
        return r.returncode == 0
    return shutil.which(name) is not None


engine = engineapi.Engine(timeout=120)


# Projects

class Result:
    def __init__(self, argv, returncode, stdout, stderr, elapsed):
        self.argv = argv
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.elapsed = elapsed

    def __str__(self):
        return '$ %s\n(exit %s, %.1f s)\n--- stdout\n%s--- stderr\n%s' % (
            ' '.join(self.argv), self.returncode, self.elapsed, self.stdout, self.stderr)


# What LeakSanitizer says when its own tracer crashes at exit, after the
# program's work (seen once in a CI run: "Tracer caught signal 11"); a
# leak it finds reads "detected memory leaks" instead.
LSAN_CRASH = 'LeakSanitizer has encountered a fatal error'


def run(argv, cwd=None, env=None, timeout=180, stdin=None):
    """Runs @argv with the tests' base environment plus @env."""
    return run_in(argv, base_environment(env), cwd=cwd, timeout=timeout, stdin=stdin)


def run_in(argv, env, cwd=None, timeout=180, stdin=None):
    """Runs @argv with exactly the environment @env."""
    start = time.monotonic()
    for attempt in (1, 2):
        try:
            r = subprocess.run(argv, cwd=cwd, env=env, capture_output=True,
                               text=True, timeout=timeout, stdin=subprocess.DEVNULL if stdin is None else stdin)
        except subprocess.TimeoutExpired as e:
            raise Failure('timed out after %d s: %s\n--- stdout\n%s\n--- stderr\n%s' % (
                timeout, ' '.join(argv), e.stdout or '', e.stderr or ''))
        # The sanitizer's crash hides the program's own exit status: run
        # it once more.  Commands come to the same state when run twice;
        # what a second run prints may differ (a `down` with nothing left
        # to remove), and a check of that fails as it would have anyway.
        if attempt == 1 and r.returncode != 0 and LSAN_CRASH in r.stderr and stdin is None:
            sys.stderr.write('# LeakSanitizer crashed at the exit of %s; running it again\n' % ' '.join(argv))
            continue
        break
    return Result(argv, r.returncode, r.stdout, r.stderr, time.monotonic() - start)


class Project:
    """A compose project in a temporary folder, named uniquely; cleanup()
    removes every container, network, volume and image it made."""

    def __init__(self, tag, compose=None, files=None):
        self.name = 'fltit%s%d' % (tag.replace('_', '').replace('-', '').lower()[:12], os.getpid())
        self.dir = tempfile.mkdtemp(prefix='flt-it-%s-' % tag)
        os.chmod(self.dir, 0o755)
        self.images = []
        if compose is not None:
            self.write('compose.yaml', compose)
        for path, text in (files or {}).items():
            self.write(path, text)

    def write(self, path, text):
        full = os.path.join(self.dir, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, 'w') as f:
            f.write(text)
        return full

    @property
    def file(self):
        return os.path.join(self.dir, 'compose.yaml')

    def flotilla(self, *args, timeout=180, env=None, host=None):
        argv = [FLOTILLA, '-f', self.file, '-p', self.name]
        if host is not None:
            argv += ['-H', host]
        return run(argv + list(args), cwd=self.dir, env=env, timeout=timeout)

    def compose2(self, *args, timeout=180):
        return run(['docker', 'compose', '-f', self.file, '-p', self.name] + list(args),
                   cwd=self.dir, timeout=timeout)

    def compose1(self, *args, timeout=180):
        return run(['docker-compose', '-f', self.file, '-p', self.name] + list(args),
                   cwd=self.dir, timeout=timeout)

    # What the engine has of the project

    def containers(self, all=True):
        return engine.containers(self.name, all=all)

    def container_names(self, all=True):
        return sorted(c['Names'][0].lstrip('/') for c in self.containers(all))

    def ids_by_name(self):
        return {c['Names'][0].lstrip('/'): c['Id'] for c in self.containers()}

    def leftovers(self):
        """Everything of the project still on the engine, found by label and
        by name."""
        found = []
        for c in engine.containers(self.name) + engine.containers(name='^/?%s[-_]' % self.name):
            found.append('container ' + c['Names'][0].lstrip('/'))
        for n in engine.networks(self.name) + engine.networks(name=self.name + '_'):
            if n['Name'].startswith(self.name + '_') or \
                    (n.get('Labels') or {}).get('com.docker.compose.project') == self.name:
                found.append('network ' + n['Name'])
        for v in engine.volumes(self.name) + engine.volumes(name=self.name + '_'):
            if v['Name'].startswith(self.name + '_') or \
                    (v.get('Labels') or {}).get('com.docker.compose.project') == self.name:
                found.append('volume ' + v['Name'])
        return sorted(set(found))

    def cleanup(self):
        try:
            engine.purge_project(self.name)
            for image in self.images:
                engine.call('DELETE', '/images/' + image, query={'force': 1})
        finally:
            engine.close()
            shutil.rmtree(self.dir, ignore_errors=True)


def http_get(url, timeout=30.0):
    """The body of url, retried until it answers or timeout passes."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                return r.read().decode('utf-8', 'replace')
        except Exception as e:   # noqa: BLE001 - any failure is retried
            last = e
            time.sleep(0.25)
    raise Failure('%s did not answer within %d s: %s' % (url, timeout, last))


def wait_until(predicate, timeout, what, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise Failure('gave up waiting %d s for %s' % (timeout, what))


def read_until(stream, pattern, timeout, collected):
    """Reads stream (a binary pipe) line by line into collected until a
    line matches; unbuffered, so that select() sees what is pending."""
    fd = stream.fileno()
    pending = b''
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        pending += chunk
        *lines, pending = pending.split(b'\n')
        for line in lines:
            text = line.decode('utf-8', 'replace') + '\n'
            collected.append(text)
            if re.search(pattern, text):
                return True
    return False


# TAP

_tests = []


def test(function):
    _tests.append(function)
    return function


def todo(reason):
    """Marks a test of a known bug: it runs, and TAP says TODO either way, so
    that its failure does not fail the suite and its passing is noticed."""
    def mark(function):
        function.todo = reason
        return function
    return mark


def ensure_image():
    # A no-op when the image is there and current.
    r = subprocess.run([sys.executable, BUILD_IMAGE, '-q'], capture_output=True, text=True, timeout=300)
    engine.close()
    if r.returncode != 0 or not engine.image_exists(IMAGE):
        return 'the test image %s cannot be built: %s' % (IMAGE, r.stderr.strip())
    return None


def main(requires=()):
    """Runs the registered tests as TAP; skips them all when no engine
    answers or a required tool is missing."""
    sys.stdout.reconfigure(line_buffering=True)
    if not os.access(FLOTILLA, os.X_OK):
        print('1..0 # SKIP no flotilla-compose at %s (build first)' % FLOTILLA)
        return 0
    if not engine.ping():
        print('1..0 # SKIP no Docker Engine answers at %s (tests/tools/ensure-dockerd.sh start)' % engine.path)
        return 0
    problem = ensure_image()
    if problem:
        print('1..%d' % len(_tests))
        for i, function in enumerate(_tests, 1):
            print('not ok %d - %s' % (i, function.__name__))
            print('# ' + problem)
        return 1

    print('1..%d' % len(_tests))
    failed = 0
    only = os.environ.get('FLOTILLA_IT_ONLY')
    for i, function in enumerate(_tests, 1):
        name = function.__name__.replace('_', ' ')
        if only and only not in function.__name__:
            print('ok %d - %s # SKIP not selected by FLOTILLA_IT_ONLY' % (i, name))
            continue
        start = time.monotonic()
        directive = ' # TODO %s' % function.todo if getattr(function, 'todo', None) else ''
        try:
            function()
        except Skip as e:
            print('ok %d - %s # SKIP %s' % (i, name, e))
            continue
        except Exception as e:   # noqa: BLE001 - every failure is reported
            if not directive:
                failed += 1
            print('not ok %d - %s%s' % (i, name, directive))
            text = str(e) if isinstance(e, Failure) else traceback.format_exc()
            for line in text.rstrip('\n').split('\n'):
                print('# ' + line)
            continue
        finally:
            engine.close()
        print('ok %d - %s (%.1f s)%s' % (i, name, time.monotonic() - start, directive))
    return 1 if failed else 0
