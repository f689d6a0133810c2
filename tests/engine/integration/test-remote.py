#!/usr/bin/env python3
# Remote engines, against a real one: a second dockerd that speaks only TLS
# (--tlsverify, on 127.0.0.1:2376) with certificates made here, in a network
# namespace of its own, reached by flotilla-compose with -H and the TLS
# options, with DOCKER_HOST and DOCKER_TLS_VERIFY, through a Docker context
# the docker CLI made, over plain tcp://, and over ssh:// through an sshd in
# the same namespace.  The tutorial's project goes up, answers, logs and
# goes down each way; a wrong CA, a wrong or missing client certificate and
# the ways ssh fails each give an error that says what to fix.  Speaks TAP.
#
# usage: test-remote.py FLOTILLA_COMPOSE
#
# Why a namespace: a second dockerd in the main one would tear down the main
# engine's docker0 and fight over its iptables chains.  `ip netns exec`
# remounts /sys and hides the cgroup mounts dockerd needs, so dockerd and
# sshd are started with `nsenter --net=/var/run/netns/NAME`, and this
# process enters the namespace itself (setns) before it runs any client.
# The engine has its own socket, --data-root, --exec-root, --pidfile and
# containerd namespace; the main engine at /var/run/docker.sock is never
# touched.  Whatever happens, dockerd, sshd and what they started are
# stopped, their mounts undone, the namespace deleted and the folder
# removed.  The namespace and ports are fixed, so the suite runs alone.

import ctypes
import hashlib
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import traceback

from harness import BUILD_IMAGE, FLOTILLA, Failure, Skip, base_environment, check, http_get, run, run_in  # noqa: F401
import engineapi  # noqa: E402 - harness puts tests/tools on the path

HERE = os.path.dirname(os.path.abspath(__file__))
NETNS = 'flt-remote-%d' % (os.getpid() % 100000)
NETNS_PATH = '/var/run/netns/' + NETNS
TLS_PORT = 2376
PLAIN_PORT = 2375
SSH_PORT = 2222
SSH_NO_DOCKER_PORT = 2223
CLONE_NEWNET = 0x40000000


def load_tutorial():
    spec = importlib.util.spec_from_file_location('tutorial', os.path.join(HERE, 'test-tutorial.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tutorial = load_tutorial()


def sh(argv, what, **kw):
    r = subprocess.run(argv, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise Failure('%s failed: %s\n%s%s' % (what, ' '.join(argv), r.stdout, r.stderr))
    return r.stdout


def enter_netns(path):
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, 'setns %s: %s' % (path, os.strerror(errno)))
    finally:
        os.close(fd)


class RemoteEngine:
    """The TLS engine in its namespace, its certificates, an sshd in front
    of it and a plain-TCP forwarder to its socket."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix='fltr-', dir='/tmp')
        os.chmod(self.dir, 0o755)
        self.certs = os.path.join(self.dir, 'certs')
        self.socket = os.path.join(self.dir, 'docker.sock')
        self.tls_host = 'tcp://127.0.0.1:%d' % TLS_PORT
        self.dockerd = None
        self.sshd = None
        self.netns_made = False
        self.home_ns = None
        self.forwarder = None
        self.logs = []

    # Certificates: a CA, the engine's (IP SAN 127.0.0.1), a client's; and
    # a wrong CA with a client certificate it signed.

    def cert(self, name):
        return os.path.join(self.certs, name)

    def make_certs(self):
        os.makedirs(self.certs)

        def openssl(*args):
            sh(['openssl'] + list(args), 'openssl ' + args[0], cwd=self.certs)

        for ca in ('ca', 'wrong-ca'):
            openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', ca + '-key.pem', '-out', ca + '.pem',
                    '-days', '2', '-subj', '/CN=flotilla test %s' % ca)
        for name, ca, subject, extensions in (
                ('server', 'ca', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1,DNS:localhost\n'
                                                  'extendedKeyUsage=serverAuth\n'),
                ('client', 'ca', '/CN=flotilla client', 'extendedKeyUsage=clientAuth\n'),
                ('wrong-client', 'wrong-ca', '/CN=flotilla stranger', 'extendedKeyUsage=clientAuth\n')):
            with open(self.cert(name + '.ext'), 'w') as f:
                f.write(extensions)
            openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', name + '-key.pem', '-out', name + '.csr',
                    '-subj', subject)
            openssl('x509', '-req', '-in', name + '.csr', '-CA', ca + '.pem', '-CAkey', ca + '-key.pem',
                    '-CAcreateserial', '-out', name + '-cert.pem', '-days', '2', '-extfile', name + '.ext')
        # DOCKER_CERT_PATH's names.
        self.cert_path = os.path.join(self.dir, 'cert-path')
        os.makedirs(self.cert_path)
        for source, target in (('ca.pem', 'ca.pem'), ('client-cert.pem', 'cert.pem'), ('client-key.pem', 'key.pem')):
            shutil.copy(self.cert(source), os.path.join(self.cert_path, target))

    def tls_options(self, ca='ca.pem', cert='client-cert.pem', key='client-key.pem'):
        options = ['--tlsverify', '--tlscacert', self.cert(ca)]
        if cert:
            options += ['--tlscert', self.cert(cert), '--tlskey', self.cert(key)]
        return options

    def api(self):
        """The engine through its socket, for checks and cleanup."""
        return engineapi.Engine('unix://' + self.socket, timeout=120)

    def tls_api(self):
        return engineapi.Engine(self.tls_host, timeout=120,
                                tls={'ca': self.cert('ca.pem'), 'cert': self.cert('client-cert.pem'),
                                     'key': self.cert('client-key.pem')})

    # The namespace and dockerd

    def make_netns(self):
        r = subprocess.run(['ip', 'netns', 'add', NETNS], capture_output=True, text=True)
        if r.returncode != 0:
            raise Skip('cannot make a network namespace (ip netns add): %s' % r.stderr.strip())
        self.netns_made = True
        sh(['nsenter', '--net=' + NETNS_PATH, 'ip', 'link', 'set', 'lo', 'up'], 'bringing lo up')

    def log(self, name):
        f = open(os.path.join(self.dir, name + '.log'), 'a')
        self.logs.append(f)
        return f

    def tail(self, name, lines=25):
        try:
            with open(os.path.join(self.dir, name + '.log')) as f:
                return ''.join(f.readlines()[-lines:])
        except OSError:
            return ''

    def start_dockerd(self):
        log = self.log('dockerd')
        self.dockerd = subprocess.Popen(
            ['nsenter', '--net=' + NETNS_PATH, 'dockerd',
             '--tlsverify', '--tlscacert', self.cert('ca.pem'),
             '--tlscert', self.cert('server-cert.pem'), '--tlskey', self.cert('server-key.pem'),
             '-H', self.tls_host, '-H', 'unix://' + self.socket,
             '--data-root', os.path.join(self.dir, 'data'),
             '--exec-root', os.path.join(self.dir, 'exec'),
             '--pidfile', os.path.join(self.dir, 'dockerd.pid'),
             '--containerd-namespace', 'flt-remote', '--containerd-plugins-namespace', 'flt-remote-plugins'],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
        api = self.api()
        deadline = time.monotonic() + 60
        while not api.ping():
            if self.dockerd.poll() is not None or time.monotonic() > deadline:
                raise Failure('the TLS dockerd did not come up; its log:\n' + self.tail('dockerd'))
            time.sleep(0.2)

    def build_image(self):
        """The test image, built through the TLS port, from this namespace."""
        r = subprocess.run([sys.executable, BUILD_IMAGE, '-q', '-H', self.tls_host,
                            '--tlsverify', '--tlscacert', self.cert('ca.pem'),
                            '--tlscert', self.cert('client-cert.pem'), '--tlskey', self.cert('client-key.pem')],
                           capture_output=True, text=True, timeout=300)
        if r.returncode != 0:
            raise Failure('the test image cannot be built on the TLS engine: %s%s' % (r.stdout, r.stderr))

    # Plain tcp://: a forwarder from 127.0.0.1:2375 to the socket (dockerd
    # itself has TLS on every TCP address once --tlsverify is given).

    def start_forwarder(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(('127.0.0.1', PLAIN_PORT))
        listener.listen(64)
        self.forwarder = listener

        def pump(source, target):
            try:
                while True:
                    data = source.recv(65536)
                    if not data:
                        break
                    target.sendall(data)
            except OSError:
                pass
            finally:
                for s in (source, target):
                    try:
                        s.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass

        def serve():
            while True:
                try:
                    client, _ = listener.accept()
                except OSError:
                    return
                upstream = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                upstream.connect(self.socket)
                threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
                threading.Thread(target=pump, args=(upstream, client), daemon=True).start()

        threading.Thread(target=serve, daemon=True).start()

    # sshd: key login as root; DOCKER_HOST points `docker system
    # dial-stdio` at this engine; on a second port docker is off the PATH.

    def start_sshd(self):
        sshd = shutil.which('sshd') or '/usr/sbin/sshd'
        if not os.access(sshd, os.X_OK) or shutil.which('ssh') is None or shutil.which('docker') is None:
            return 'needs sshd, ssh and the docker CLI (apt-get install openssh-server openssh-client docker.io)'
        self.ssh_dir = d = os.path.join(self.dir, 'ssh')
        os.makedirs(d, mode=0o700)
        for key in ('host_key', 'client_key', 'wrong_key'):
            sh(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-f', os.path.join(d, key)], 'ssh-keygen')
        shutil.copy(os.path.join(d, 'client_key.pub'), os.path.join(d, 'authorized_keys'))
        with open(os.path.join(d, 'host_key.pub')) as f:
            host_key = ' '.join(f.read().split()[:2])
        with open(os.path.join(d, 'known_hosts'), 'w') as f:
            for port in (SSH_PORT, SSH_NO_DOCKER_PORT):
                f.write('[127.0.0.1]:%d %s\n' % (port, host_key))
        open(os.path.join(d, 'empty_known_hosts'), 'w').close()
        with open(os.path.join(d, 'sshd_config'), 'w') as f:
            f.write('Port %d\nPort %d\nListenAddress 127.0.0.1\n' % (SSH_PORT, SSH_NO_DOCKER_PORT))
            f.write('HostKey %s\nPidFile %s\nAuthorizedKeysFile %s\n' % (
                os.path.join(d, 'host_key'), os.path.join(d, 'sshd.pid'), os.path.join(d, 'authorized_keys')))
            f.write('PermitRootLogin prohibit-password\nPasswordAuthentication no\n'
                    'KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n')
            f.write('SetEnv DOCKER_HOST=unix://%s\n' % self.socket)
            f.write('Match LocalPort %d\n  SetEnv PATH=/nonexistent DOCKER_HOST=unix://%s\n'
                    % (SSH_NO_DOCKER_PORT, self.socket))
        os.makedirs('/run/sshd', mode=0o755, exist_ok=True)
        sh([sshd, '-t', '-f', os.path.join(d, 'sshd_config')], 'sshd -t')
        log = self.log('sshd')
        self.sshd = subprocess.Popen(['nsenter', '--net=' + NETNS_PATH, sshd, '-D', '-e',
                                      '-f', os.path.join(d, 'sshd_config')],
                                     stdout=log, stderr=log, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 15
        while True:
            try:
                socket.create_connection(('127.0.0.1', SSH_PORT), timeout=1).close()
                break
            except OSError:
                if self.sshd.poll() is not None or time.monotonic() > deadline:
                    return 'sshd did not start: ' + self.tail('sshd')
                time.sleep(0.1)
        return None

    def ssh_program(self, key='client_key', known_hosts='known_hosts'):
        """An ssh that reads our configuration (ssh takes ~ from the
        password database, not HOME), for FLOTILLA_SSH."""
        d = self.ssh_dir
        config = os.path.join(d, 'config-%s-%s' % (key, known_hosts))
        with open(config, 'w') as f:
            f.write('Host *\n  IdentityFile %s\n  IdentitiesOnly yes\n  UserKnownHostsFile %s\n'
                    '  GlobalKnownHostsFile /dev/null\n  StrictHostKeyChecking yes\n'
                    % (os.path.join(d, key), os.path.join(d, known_hosts)))
        return 'ssh -F %s' % config

    # Cleanup, whatever state things are in

    def cleanup(self):
        if self.forwarder is not None:
            self.forwarder.close()
        if self.dockerd is not None and self.dockerd.poll() is None:
            try:
                api = self.api()
                for c in api.containers():
                    api.call('DELETE', '/containers/' + c['Id'], query={'force': 1, 'v': 1})
                api.close()
            except Exception:   # noqa: BLE001 - stopping below still runs
                pass
        for process in (self.sshd, self.dockerd):
            if process is not None and process.poll() is None:
                # nsenter execs, so the pid is the daemon's.
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(45)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        self.reap()
        for f in self.logs:
            f.close()
        if self.home_ns is not None:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.setns(self.home_ns, CLONE_NEWNET)
            os.close(self.home_ns)
            self.home_ns = None
        if self.netns_made:
            subprocess.run(['ip', 'netns', 'del', NETNS], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)

    def reap(self):
        """containerd, the shims and the containers' processes (their
        command lines name our folder, or they descend from those), then
        the mounts a killed engine leaves."""
        def children(pid):
            try:
                with open('/proc/%d/task/%d/children' % (pid, pid)) as f:
                    return [int(x) for x in f.read().split()]
            except OSError:
                return []
        doomed = []
        for entry in os.listdir('/proc'):
            if not entry.isdigit() or int(entry) == os.getpid():
                continue
            try:
                with open('/proc/%s/cmdline' % entry, 'rb') as f:
                    if self.dir.encode() in f.read():
                        doomed.append(int(entry))
            except OSError:
                continue
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
        with open('/proc/mounts') as f:
            mounts = [line.split()[1] for line in f if line.split()[1].startswith(self.dir)]
        for mount in sorted(mounts, key=len, reverse=True):
            subprocess.run(['umount', '-l', mount], capture_output=True)

    def setup(self):
        for tool in ('dockerd', 'openssl', 'nsenter', 'ip'):
            if shutil.which(tool) is None:
                raise Skip('needs %s' % tool)
        if os.geteuid() != 0:
            raise Skip('a second dockerd in a network namespace needs root')
        self.make_netns()
        self.make_certs()
        self.home_ns = os.open('/proc/self/ns/net', os.O_RDONLY)
        enter_netns(NETNS_PATH)
        self.start_dockerd()
        self.build_image()
        self.start_forwarder()
        self.ssh_problem = self.start_sshd()


remote = RemoteEngine()


# Projects on the remote engine

def client_environment(extra=None):
    """What the clients see: a HOME of our own (no ~/.docker of the person
    running the tests), no DOCKER_* from outside."""
    env = base_environment()
    for key in list(env):
        if key.startswith('DOCKER_'):
            del env[key]
    env['HOME'] = os.path.join(remote.dir, 'home')
    os.makedirs(env['HOME'], exist_ok=True)
    env.update(extra or {})
    return env


class RemoteProject:
    def __init__(self, tag, compose, files=None):
        self.name = 'fltrm%s%d' % (tag, os.getpid())
        self.dir = tempfile.mkdtemp(prefix='flt-remote-%s-' % tag)
        os.chmod(self.dir, 0o755)
        for path, text in dict(files or {}, **{'compose.yaml': compose}).items():
            with open(os.path.join(self.dir, path), 'w') as f:
                f.write(text)

    def flotilla(self, *args, options=(), env=None, timeout=180):
        argv = [FLOTILLA] + list(options) + ['-f', os.path.join(self.dir, 'compose.yaml'), '-p', self.name]
        return run_in(argv + list(args), client_environment(env), cwd=self.dir, timeout=timeout)

    def leftovers(self):
        api = remote.api()
        try:
            found = ['container ' + c['Names'][0] for c in api.containers(self.name)]
            found += ['network ' + n['Name'] for n in api.networks(self.name)]
            found += ['volume ' + v['Name'] for v in api.volumes(self.name)]
            return found
        finally:
            api.close()

    def cleanup(self):
        try:
            api = remote.api()
            api.purge_project(self.name)
            api.close()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


def small_project(tag):
    return RemoteProject(tag, 'services:\n  one:\n    image: flotilla-test/busybox\n'
                              '    command: ["sh", "-c", "echo remote-one-says-hi; exec sleep 600"]\n'
                              '    init: true\n')


def tutorial_round_trip(tag, options=(), env=None):
    """The tutorial up, reached, its logs read, down -v, nothing left."""
    port = tutorial.free_port(5000)
    p = RemoteProject(tag, tutorial.COMPOSE % {'port': port, 'es_body': tutorial.ES_BODY},
                      files={'hello.txt': 'Hello from the project folder\n'})
    try:
        r = p.flotilla('up', '-d', options=options, env=env, timeout=180)
        check(r.returncode == 0, 'up -d failed', r)
        check(re.search(r'✔ .*%s-web-1' % re.escape(p.name), r.stderr), 'up does not report web', r)

        body = http_get('http://127.0.0.1:%d/' % port, timeout=60)
        check(tutorial.ES_BODY in body, 'web did not get es\'s answer over the network', body)
        check('Hello from the project folder' in body, 'the bind mount .:/code is not in web', body)

        api = remote.api()
        names = sorted(c['Names'][0].lstrip('/') for c in api.containers(p.name))
        api.close()
        check(names == ['%s-es-1' % p.name, '%s-web-1' % p.name], 'the containers are on the remote engine', names)

        r = p.flotilla('ps', '--format', 'json', options=options, env=env)
        check(r.returncode == 0, 'ps failed', r)
        states = {c['Service']: c['State'] for c in json.loads(r.stdout)}
        check(states == {'es': 'running', 'web': 'running'}, 'ps states', states)

        r = p.flotilla('logs', '--no-color', options=options, env=env)
        check(r.returncode == 0, 'logs failed', r)
        check(re.search(r'^es-1\s+\| es: listening on 9200$', r.stdout, re.M), 'no es line in logs', r)
        check(re.search(r'^web-1\s+\| web: got .*You Know, for Search.* from es$', r.stdout, re.M),
              'no web line in logs', r)

        r = p.flotilla('down', '-v', options=options, env=env, timeout=90)
        check(r.returncode == 0, 'down -v failed', r)
        left = p.leftovers()
        check(left == [], 'left after down -v', left)
    finally:
        p.cleanup()


def expect_failure(r, *patterns):
    check(r.returncode != 0, 'it should have failed', r)
    for pattern in patterns:
        check(re.search(pattern, r.stderr), 'the error does not say %r' % pattern, r)
    check(len(r.stderr.strip().split('\n')) <= 3, 'the error is not short', r)
    check('Traceback' not in r.stderr and 'CRITICAL' not in r.stderr, 'a crash', r)


# The tests

tests = []


def test(function):
    tests.append(function)
    return function


def needs_ssh():
    if remote.ssh_problem:
        raise Skip(remote.ssh_problem)


@test
def tls_with_options_up_logs_and_down_of_the_tutorial():
    tutorial_round_trip('tlsopt', options=['-H', remote.tls_host] + remote.tls_options())


@test
def tls_from_docker_host_docker_tls_verify_and_docker_cert_path():
    p = small_project('tlsenv')
    env = {'DOCKER_HOST': remote.tls_host, 'DOCKER_TLS_VERIFY': '1', 'DOCKER_CERT_PATH': remote.cert_path}
    try:
        r = p.flotilla('up', '-d', env=env)
        check(r.returncode == 0, 'up -d failed', r)
        r = p.flotilla('logs', '--no-color', env=env)
        check(r.returncode == 0 and 'remote-one-says-hi' in r.stdout, 'logs', r)
        r = p.flotilla('down', env=env)
        check(r.returncode == 0, 'down failed', r)
        check(p.leftovers() == [], 'left after down', p.leftovers())
    finally:
        p.cleanup()


@test
def a_wrong_ca_says_the_engine_certificate_is_not_signed_by_it():
    p = small_project('wrongca')
    try:
        r = p.flotilla('ps', options=['-H', remote.tls_host] + remote.tls_options(ca='wrong-ca.pem'))
        expect_failure(r, r'127\.0\.0\.1:2376', r'did not sign', re.escape(remote.cert('wrong-ca.pem')))
    finally:
        p.cleanup()


@test
def a_client_certificate_of_another_ca_is_refused_with_its_name():
    p = small_project('wrongcert')
    try:
        r = p.flotilla('ps', options=['-H', remote.tls_host] +
                       remote.tls_options(cert='wrong-client-cert.pem', key='wrong-client-key.pem'))
        expect_failure(r, r'127\.0\.0\.1:2376', r'refused the client certificate',
                       re.escape(remote.cert('wrong-client-cert.pem')))
    finally:
        p.cleanup()


@test
def no_client_certificate_says_one_is_wanted():
    p = small_project('nocert')
    try:
        r = p.flotilla('ps', options=['-H', remote.tls_host] + remote.tls_options(cert=None))
        expect_failure(r, r'wants a client certificate', r'--tlscert')
    finally:
        p.cleanup()


@test
def plain_tcp_without_tls():
    p = small_project('plain')
    options = ['-H', 'tcp://127.0.0.1:%d' % PLAIN_PORT]
    try:
        r = p.flotilla('up', '-d', options=options)
        check(r.returncode == 0, 'up -d over plain tcp:// failed', r)
        r = p.flotilla('ps', '--format', 'json', options=options)
        check(r.returncode == 0 and json.loads(r.stdout)[0]['State'] == 'running', 'ps', r)
        # TLS to a port without it.
        r = p.flotilla('ps', options=options + remote.tls_options())
        expect_failure(r, r'does not speak TLS', r'DOCKER_TLS_VERIFY')
        r = p.flotilla('down', options=options)
        check(r.returncode == 0, 'down failed', r)
        check(p.leftovers() == [], 'left after down', p.leftovers())
    finally:
        p.cleanup()


def make_context(config):
    """A context for the TLS engine, made by the docker CLI when there is
    one (so that it is what docker writes), else by hand."""
    os.makedirs(config, exist_ok=True)
    name = 'remote-tls'
    if shutil.which('docker'):
        r = subprocess.run(['docker', 'context', 'create', name, '--description', 'The TLS engine in the namespace',
                            '--docker', 'host=%s,ca=%s,cert=%s,key=%s' % (
                                remote.tls_host, remote.cert('ca.pem'), remote.cert('client-cert.pem'),
                                remote.cert('client-key.pem'))],
                           env=client_environment({'DOCKER_CONFIG': config}), capture_output=True, text=True)
        check(r.returncode == 0, 'docker context create failed', r.stdout, r.stderr)
        return name
    digest = hashlib.sha256(name.encode()).hexdigest()
    meta = os.path.join(config, 'contexts', 'meta', digest)
    tls = os.path.join(config, 'contexts', 'tls', digest, 'docker')
    os.makedirs(meta)
    os.makedirs(tls)
    with open(os.path.join(meta, 'meta.json'), 'w') as f:
        json.dump({'Name': name, 'Metadata': {'Description': 'The TLS engine in the namespace'},
                   'Endpoints': {'docker': {'Host': remote.tls_host, 'SkipTLSVerify': False}}}, f)
    for source, target in (('ca.pem', 'ca.pem'), ('client-cert.pem', 'cert.pem'), ('client-key.pem', 'key.pem')):
        shutil.copy(remote.cert(source), os.path.join(tls, target))
    return name


@test
def a_docker_context_by_option_by_environment_and_as_current():
    config = os.path.join(remote.dir, 'docker-config')
    name = make_context(config)
    p = small_project('context')
    try:
        r = p.flotilla('up', '-d', options=['--context', name], env={'DOCKER_CONFIG': config})
        check(r.returncode == 0, 'up -d --context failed', r)
        r = p.flotilla('ps', '--format', 'json', env={'DOCKER_CONFIG': config, 'DOCKER_CONTEXT': name})
        check(r.returncode == 0 and len(json.loads(r.stdout)) == 1, 'ps with DOCKER_CONTEXT', r)
        try:
            with open(os.path.join(config, 'config.json')) as f:
                settings = json.load(f)
        except FileNotFoundError:
            settings = {}
        settings['currentContext'] = name
        with open(os.path.join(config, 'config.json'), 'w') as f:
            json.dump(settings, f)
        r = p.flotilla('logs', '--no-color', env={'DOCKER_CONFIG': config})
        check(r.returncode == 0 and 'remote-one-says-hi' in r.stdout, 'logs with the current context', r)
        # --context default is the local socket again: not this engine.
        r = p.flotilla('ps', options=['--context', 'default'],
                       env={'DOCKER_CONFIG': config, 'DOCKER_HOST': 'unix:///nonexistent/flotilla.sock'})
        expect_failure(r, r'/nonexistent/flotilla\.sock')
        r = p.flotilla('down', options=['--context', name], env={'DOCKER_CONFIG': config})
        check(r.returncode == 0, 'down --context failed', r)
        check(p.leftovers() == [], 'left after down', p.leftovers())
    finally:
        p.cleanup()


@test
def ssh_up_logs_and_down_of_the_tutorial():
    needs_ssh()
    tutorial_round_trip('ssh', options=['-H', 'ssh://root@127.0.0.1:%d' % SSH_PORT],
                        env={'FLOTILLA_SSH': remote.ssh_program()})


@test
def ssh_failures_say_what_to_fix():
    needs_ssh()
    p = small_project('sshfail')
    try:
        cases = [
            ('wrong key', 'ssh://root@127.0.0.1:%d' % SSH_PORT, remote.ssh_program(key='wrong_key'),
             [r'could not log in to root@127\.0\.0\.1 with ssh', r'ssh-copy-id']),
            ('unknown host key', 'ssh://root@127.0.0.1:%d' % SSH_PORT,
             remote.ssh_program(known_hosts='empty_known_hosts'), [r'host key of root@127\.0\.0\.1 is not one ssh knows and trusts']),
            ('no such host', 'ssh://root@flotilla-no-such-host.invalid', remote.ssh_program(),
             [r'cannot find the host of root@flotilla-no-such-host\.invalid']),
            ('no sshd', 'ssh://root@127.0.0.1:2299', remote.ssh_program(), [r'no ssh server answers']),
            ('no docker there', 'ssh://root@127.0.0.1:%d' % SSH_NO_DOCKER_PORT, remote.ssh_program(),
             [r'no docker command on root@127\.0\.0\.1']),
        ]
        for what, host, program, patterns in cases:
            r = p.flotilla('ps', options=['-H', host], env={'FLOTILLA_SSH': program}, timeout=60)
            try:
                expect_failure(r, *patterns)
            except Failure as e:
                raise Failure('%s: %s' % (what, e))
    finally:
        p.cleanup()


def main():
    sys.stdout.reconfigure(line_buffering=True)
    if not os.access(FLOTILLA, os.X_OK):
        print('1..0 # SKIP no flotilla-compose at %s (build first)' % FLOTILLA)
        return 0

    def stop(signum, frame):
        raise KeyboardInterrupt('signal %d' % signum)
    signal.signal(signal.SIGTERM, stop)

    try:
        try:
            remote.setup()
        except Skip as e:
            print('1..0 # SKIP %s' % e)
            return 0
        except Exception as e:   # noqa: BLE001 - every test fails with the reason
            text = str(e) if isinstance(e, Failure) else traceback.format_exc()
            print('1..%d' % len(tests))
            for i, function in enumerate(tests, 1):
                print('not ok %d - %s' % (i, function.__name__.replace('_', ' ')))
            for line in text.rstrip('\n').split('\n'):
                print('# ' + line)
            return 1

        print('1..%d' % len(tests))
        failed = 0
        only = os.environ.get('FLOTILLA_IT_ONLY')
        for i, function in enumerate(tests, 1):
            name = function.__name__.replace('_', ' ')
            if only and only not in function.__name__:
                print('ok %d - %s # SKIP not selected by FLOTILLA_IT_ONLY' % (i, name))
                continue
            start = time.monotonic()
            try:
                function()
            except Skip as e:
                print('ok %d - %s # SKIP %s' % (i, name, e))
                continue
            except Exception as e:   # noqa: BLE001 - every failure is reported
                failed += 1
                print('not ok %d - %s' % (i, name))
                text = str(e) if isinstance(e, Failure) else traceback.format_exc()
                for line in text.rstrip('\n').split('\n'):
                    print('# ' + line)
                continue
            print('ok %d - %s (%.1f s)' % (i, name, time.monotonic() - start))
        return 1 if failed else 0
    finally:
        remote.cleanup()


if __name__ == '__main__':
    raise SystemExit(main())
