#!/usr/bin/env python3
# up and the rest against a real engine: dependency order and the three
# depends_on conditions, a failing healthcheck blocking its dependents,
# scaling, an idempotent up, recreating only what changed (and the plan that
# says so first), building from a context with build args, and orphans.
# Speaks TAP.
#
# usage: test-lifecycle.py FLOTILLA_COMPOSE

import datetime
import json
import re
import time

import signal
import subprocess

from harness import FLOTILLA, Project, base_environment, check, engine, main, read_until, test


def parse_time(text):
    """An engine timestamp (RFC 3339 with nanoseconds) as seconds."""
    m = re.match(r'(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$', text)
    check(m is not None, 'bad timestamp %r' % text)
    base = datetime.datetime.strptime(m.group(1), '%Y-%m-%dT%H:%M:%S').replace(tzinfo=datetime.timezone.utc)
    if m.group(3) != 'Z':
        sign = 1 if m.group(3)[0] == '+' else -1
        hours, minutes = map(int, m.group(3)[1:].split(':'))
        base -= sign * datetime.timedelta(hours=hours, minutes=minutes)
    return base.timestamp() + (float('0' + m.group(2)) if m.group(2) else 0.0)


def events(project, since, until):
    """The project's container events between two times (seconds)."""
    r = engine.request('GET', '/events', query={'since': '%.9f' % since, 'until': '%.9f' % until},
                       filters={'type': ['container'], 'label': ['com.docker.compose.project=' + project]})
    data = r.read().decode()
    engine.close()
    return [json.loads(line) for line in data.splitlines() if line.strip()]


SLEEPER = '''\
    image: flotilla-test/busybox
    init: true
    command: ["sleep", "3600"]
'''


@test
def services_start_in_dependency_order_and_wait_for_their_conditions():
    p = Project('order', '''\
services:
  db:
    image: flotilla-test/busybox
    init: true
    command: ["sh", "-c", "sleep 3; touch /tmp/ready; exec sleep 3600"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 250ms
      timeout: 2s
      retries: 30
  migrate:
    image: flotilla-test/busybox
    command: ["sh", "-c", "sleep 1; echo migrated"]
    depends_on:
      db:
        condition: service_healthy
  cache:
%(sleeper)s
  app:
%(sleeper)s
    depends_on:
      db:
        condition: service_healthy
      migrate:
        condition: service_completed_successfully
      cache:
        condition: service_started
''' % {'sleeper': SLEEPER.rstrip('\n')})
    try:
        since = time.time()
        r = p.flotilla('up', '-d', timeout=120)
        check(r.returncode == 0, 'up -d failed', r)
        c = {name: engine.inspect('%s-%s-1' % (p.name, name)) for name in ('db', 'migrate', 'cache', 'app')}

        # db healthy first: the engine's health_status event comes before
        # migrate and app start.
        healthy = [e['timeNano'] / 1e9 for e in events(p.name, since - 1, time.time() + 0.5)
                   if e['Action'] == 'health_status: healthy'
                   and e['Actor']['Attributes'].get('com.docker.compose.service') == 'db']
        check(healthy, 'db never became healthy', c['db']['State'].get('Health'))
        healthy_at = healthy[0]
        migrate_started = parse_time(c['migrate']['State']['StartedAt'])
        migrate_finished = parse_time(c['migrate']['State']['FinishedAt'])
        app_started = parse_time(c['app']['State']['StartedAt'])
        cache_started = parse_time(c['cache']['State']['StartedAt'])
        db_started = parse_time(c['db']['State']['StartedAt'])
        check(migrate_started >= healthy_at, 'migrate started %.3f s before db was healthy' % (healthy_at - migrate_started))
        check(c['migrate']['State']['Status'] == 'exited' and c['migrate']['State']['ExitCode'] == 0,
              'migrate did not complete successfully', c['migrate']['State'])
        check(app_started >= migrate_finished,
              'app started %.3f s before migrate completed' % (migrate_finished - app_started))
        check(app_started >= cache_started and app_started >= healthy_at, 'app started before cache or db was ready')
        check(c['app']['State']['Running'] and c['cache']['State']['Running'], 'app and cache run')
        # Independent services do not wait for each other: cache starts with
        # db, before db is healthy.
        check(cache_started < healthy_at,
              'cache waited for db though it does not depend on it (db %.3f, cache %.3f, healthy %.3f)'
              % (db_started, cache_started, healthy_at))
        check(re.search(r'Waiting for db to be healthy', r.stderr), 'no progress while waiting for db', r)
        check(re.search(r'Waiting for migrate to complete', r.stderr), 'no progress while waiting for migrate', r)

        # down stops dependents first: app has stopped before db and cache
        # are sent their signal.
        since = time.time()
        r = p.flotilla('down')
        check(r.returncode == 0, 'down failed', r)
        happened = [(e['Action'], e['Actor']['Attributes']['com.docker.compose.service'], e['timeNano'])
                    for e in events(p.name, since - 1, time.time() + 0.5)]
        app_stopped = [t for action, service, t in happened if action == 'stop' and service == 'app']
        signalled = {service: t for action, service, t in happened if action == 'kill'}
        check(app_stopped and 'db' in signalled and 'cache' in signalled, 'no stop events', happened)
        check(app_stopped[0] <= signalled['db'] and app_stopped[0] <= signalled['cache'],
              'down stopped a dependency before its dependent', happened)
        check(p.leftovers() == [], 'left after down', p.leftovers())
    finally:
        p.cleanup()


@test
def a_failing_healthcheck_blocks_its_dependents_with_an_error_naming_them():
    p = Project('unhealthy', '''\
services:
  db:
    image: flotilla-test/busybox
    init: true
    command: ["sleep", "3600"]
    healthcheck:
      test: ["CMD-SHELL", "echo db is not ready >&2; exit 1"]
      interval: 200ms
      timeout: 1s
      retries: 2
  app:
%s
    depends_on:
      db:
        condition: service_healthy
  other:
%s
''' % (SLEEPER.rstrip('\n'), SLEEPER.rstrip('\n')))
    try:
        r = p.flotilla('up', '-d', timeout=60)
        check(r.returncode == 1, 'up -d should fail with status 1', r)
        last = r.stderr.strip().splitlines()[-1]
        check(last.startswith('flotilla-compose: ') and 'unhealthy' in last and 'app' in last and 'db' in last,
              'the error does not name app, db and "unhealthy"', last)
        check('db is not ready' in r.stderr, 'the error does not quote the healthcheck output', r)
        check(r.elapsed < 20, 'up took %.1f s to give up on an unhealthy db' % r.elapsed)
        app = engine.inspect('%s-app-1' % p.name)
        check(app['State']['Status'] == 'created' and app['State']['StartedAt'].startswith('0001'),
              'app was started although db is unhealthy', app['State'])
        check(engine.inspect('%s-other-1' % p.name)['State']['Running'], 'an independent service was not started')
        # What failed is still down's to remove.
        r = p.flotilla('down')
        check(r.returncode == 0 and p.leftovers() == [], 'down after a failed up', r, p.leftovers())
    finally:
        p.cleanup()


@test
def scale_up_and_down_with_deploy_replicas_and_the_scale_option():
    p = Project('scale', '''\
services:
  web:
%s
    deploy:
      replicas: 3
  solo:
%s
''' % (SLEEPER.rstrip('\n'), SLEEPER.rstrip('\n')))
    n = p.name
    try:
        r = p.flotilla('up', '-d')
        check(r.returncode == 0, 'up failed', r)
        check(p.container_names() == sorted(['%s-web-1' % n, '%s-web-2' % n, '%s-web-3' % n, '%s-solo-1' % n]),
              'deploy.replicas: 3', p.container_names())
        ids = p.ids_by_name()

        r = p.flotilla('up', '-d', '--scale', 'web=1')
        check(r.returncode == 0, 'up --scale web=1 failed', r)
        check(p.container_names() == sorted(['%s-web-1' % n, '%s-solo-1' % n]), 'scaled down to 1', p.container_names())
        check(p.ids_by_name()['%s-web-1' % n] == ids['%s-web-1' % n], 'scaling down replaced the kept replica')

        # New replicas take numbers after the highest, as Compose's do.
        r = p.flotilla('up', '-d', '--scale', 'web=4', '--scale', 'solo=2')
        check(r.returncode == 0, 'up --scale web=4 failed', r)
        names = p.container_names()
        check(names == sorted(['%s-web-%d' % (n, i) for i in (1, 2, 3, 4)] + ['%s-solo-1' % n, '%s-solo-2' % n]),
              'scaled up', names)
        running = [c for c in p.containers(all=False)]
        check(len(running) == 6, 'not all replicas run', [c['Names'] for c in running])
        for c in p.containers():
            name = c['Names'][0].lstrip('/')
            check(c['Labels']['com.docker.compose.container-number'] == name.rsplit('-', 1)[1],
                  'container-number label of %s' % name)

        # Without --scale, solo is back to its one replica (the highest
        # number goes), and web=0 leaves none of web.
        r = p.flotilla('up', '-d', '--scale', 'web=0')
        check(r.returncode == 0, 'up --scale web=0 failed', r)
        check(p.container_names() == ['%s-solo-1' % n], 'scaled to 0 and solo back to 1', p.container_names())
        r = p.flotilla('down')
        check(r.returncode == 0 and p.leftovers() == [], 'down', r, p.leftovers())
    finally:
        p.cleanup()


@test
def a_second_up_changes_nothing():
    p = Project('idem', '''\
services:
  a:
%s
    environment:
      GREETING: hello
    ports:
      - "127.0.0.1::8080"
    volumes:
      - data:/data
    healthcheck:
      test: ["CMD", "true"]
      interval: 1s
  b:
%s
    depends_on: [a]
    networks: [default, back]
networks:
  back: {}
volumes:
  data: {}
''' % (SLEEPER.rstrip('\n'), SLEEPER.rstrip('\n')))
    try:
        r = p.flotilla('up', '-d')
        check(r.returncode == 0, 'first up failed', r)
        before = {c['Id']: c['Created'] for c in p.containers()}
        networks = sorted(x['Id'] for x in engine.networks(p.name))
        time.sleep(1.1)   # events have one-second "since" resolution on some engines
        since = time.time()
        r = p.flotilla('up', '-d')
        until = time.time()
        check(r.returncode == 0, 'second up failed', r)
        after = {c['Id']: c['Created'] for c in p.containers()}
        check(after == before, 'the second up replaced containers', before, after)
        check(sorted(x['Id'] for x in engine.networks(p.name)) == networks, 'the second up touched the networks')
        check(not re.search(r'Created|Recreated|Started|Removed', r.stderr), 'the second up reports changes', r)
        happened = [(e['Action'], e['Actor']['Attributes'].get('name')) for e in events(p.name, since, until + 0.5)
                    if not e['Action'].startswith(('exec_', 'health_status'))]
        check(happened == [], 'the second up made the engine act', happened)

        r = p.flotilla('up', '--dry-run')
        check(r.returncode == 0, 'dry run failed', r)
        check(re.search(r'^keep\s+%s-a-1$' % p.name, r.stdout, re.M) and
              re.search(r'^keep\s+%s-b-1$' % p.name, r.stdout, re.M), 'the plan should keep both', r)
    finally:
        p.cleanup()


@test
def a_changed_service_alone_is_recreated_and_the_plan_says_why_first():
    compose = '''\
services:
  a:
%s
    environment:
      GREETING: %s
  b:
%s
    depends_on: [a]
'''
    p = Project('recreate', compose % (SLEEPER.rstrip('\n'), 'hello', SLEEPER.rstrip('\n')))
    try:
        r = p.flotilla('up', '-d')
        check(r.returncode == 0, 'up failed', r)
        before = p.ids_by_name()

        p.write('compose.yaml', compose % (SLEEPER.rstrip('\n'), 'bonjour', SLEEPER.rstrip('\n')))
        r = p.flotilla('up', '--dry-run')
        check(r.returncode == 0, 'dry run failed', r)
        line = re.search(r'^recreate\s+%s-a-1\b.*$' % p.name, r.stdout, re.M)
        check(line and 'environment' in line.group(0), 'the plan does not name the changed key of a', r)
        check(re.search(r'^keep\s+%s-b-1$' % p.name, r.stdout, re.M), 'the plan should keep b', r)
        check(p.ids_by_name() == before, 'the dry run changed something')

        r = p.flotilla('up', '-d')
        check(r.returncode == 0, 'up after the change failed', r)
        after = p.ids_by_name()
        check(sorted(after) == sorted(before), 'container names changed', before, after)
        check(after['%s-a-1' % p.name] != before['%s-a-1' % p.name], 'a was not recreated')
        check(after['%s-b-1' % p.name] == before['%s-b-1' % p.name], 'b was recreated though it did not change')
        a = engine.inspect('%s-a-1' % p.name)
        check('GREETING=bonjour' in a['Config']['Env'] and a['State']['Running'], 'the new a', a['Config']['Env'])
        check(re.search(r'Container %s-a-1\s+Recreated' % p.name, r.stderr), 'no "Recreated" progress', r)
        check(len(p.containers()) == 2, 'the old a is left behind', p.container_names())
    finally:
        p.cleanup()


@test
def build_from_a_context_with_build_args():
    p = Project('build', '''\
services:
  app:
    build:
      context: ./app
      args:
        GREETING: hello-from-build-args
    init: true
    command: ["sh", "-c", "cat /greeting; cat /kept 2>&1; exec sleep 3600"]
''', files={
        'app/Dockerfile': 'FROM flotilla-test/busybox\n'
                          'ARG GREETING=no-args\n'
                          'RUN echo "$GREETING" > /greeting\n'
                          'COPY . /ctx/\n'
                          'RUN ls /ctx > /kept\n',
        'app/.dockerignore': 'secret.txt\n',
        'app/secret.txt': 'must not reach the engine\n',
        'app/file.txt': 'in the context\n',
    })
    image = '%s-app' % p.name
    p.images.append(image)
    try:
        r = p.flotilla('up', '-d', timeout=180)
        check(r.returncode == 0, 'up with a build failed', r)
        check(engine.image_exists(image), 'no image %s' % image)
        c = engine.inspect('%s-app-1' % p.name)
        check(c['Config']['Image'] == image, 'the container does not run the built image', c['Config']['Image'])
        check(c['Config']['Labels'].get('com.docker.compose.image', '').startswith('sha256:'), 'image label')
        r = p.flotilla('logs', '--no-log-prefix', '--no-color')
        lines = r.stdout.split()
        check(lines[0] == 'hello-from-build-args', 'the build arg did not reach the build', r)
        check('file.txt' in lines and 'Dockerfile' in lines and 'secret.txt' not in lines,
              '.dockerignore not honoured', lines)

        # An up with nothing changed does not build again.
        r = p.flotilla('up', '-d')
        check(r.returncode == 0 and 'Built' not in r.stderr and 'Building' not in r.stderr, 'rebuilt needlessly', r)
    finally:
        p.cleanup()


@test
def orphans_are_warned_about_then_removed_with_remove_orphans():
    both = '''\
services:
  a:
%s
  b:
%s
''' % (SLEEPER.rstrip('\n'), SLEEPER.rstrip('\n'))
    only_a = '''\
services:
  a:
%s
''' % SLEEPER.rstrip('\n')
    p = Project('orphans', both)
    try:
        r = p.flotilla('up', '-d')
        check(r.returncode == 0, 'up failed', r)
        a_id = p.ids_by_name()['%s-a-1' % p.name]
        p.write('compose.yaml', only_a)

        r = p.flotilla('up', '-d')
        check(r.returncode == 0, 'up with an orphan failed', r)
        check(re.search(r'%s-b-1.*(?i:orphan)' % p.name, r.stderr) and '--remove-orphans' in r.stderr,
              'no orphan warning naming b', r)
        check('%s-b-1' % p.name in p.container_names(), 'the orphan was removed without --remove-orphans')

        r = p.flotilla('up', '--dry-run', '--remove-orphans')
        check(re.search(r'^remove orphan\s+%s-b-1$' % p.name, r.stdout, re.M), 'the plan does not list the orphan', r)

        r = p.flotilla('up', '-d', '--remove-orphans')
        check(r.returncode == 0, 'up --remove-orphans failed', r)
        check(p.container_names() == ['%s-a-1' % p.name], 'the orphan is still there', p.container_names())
        check(p.ids_by_name()['%s-a-1' % p.name] == a_id, 'a was replaced')
        r = p.flotilla('down')
        check(r.returncode == 0 and p.leftovers() == [], 'down', r, p.leftovers())
    finally:
        p.cleanup()


@test
def links_volumes_from_and_service_modes_find_their_containers():
    # Containers are made at once, except where a create call names another
    # service's container: those come after it.
    p = Project('createdeps', '''\
services:
  app:
    image: flotilla-test/busybox
    init: true
    command: ["sh", "-c", "echo shared > /data/from-app; exec sleep 3600"]
    volumes:
      - /data
  reader:
%s
    volumes_from:
      - app:ro
    links:
      - app:backend
  sidecar:
    image: flotilla-test/busybox
    init: true
    command: ["sleep", "3600"]
    network_mode: service:app
  plain:
%s
    depends_on: [sidecar]
''' % (SLEEPER.rstrip('\n'), SLEEPER.rstrip('\n')))
    try:
        r = p.flotilla('up', '-d')
        check(r.returncode == 0, 'up failed', r)
        app = engine.inspect('%s-app-1' % p.name)
        reader = engine.inspect('%s-reader-1' % p.name)
        sidecar = engine.inspect('%s-sidecar-1' % p.name)
        check(reader['HostConfig']['VolumesFrom'] in ([app['Id'] + ':ro'], [app['Name'].lstrip('/') + ':ro']),
              'volumes_from does not name app\'s container', reader['HostConfig']['VolumesFrom'])
        # On a user-defined network the engine honours links in the
        # endpoint only, and resolves the alias by its DNS.
        links = reader['NetworkSettings']['Networks']['%s_default' % p.name]['Links'] or []
        check('%s-app-1:backend' % p.name in links, 'the link to app is missing from the endpoint', links)
        exec_id = engine.json('POST', '/containers/%s/exec' % reader['Id'],
                              body={'Cmd': ['sh', '-c', 'ping -c1 -W2 backend >/dev/null && echo reached; '
                                                        'cat /data/from-app'],
                                    'AttachStdout': True, 'AttachStderr': True})['Id']
        status, out = engine.call('POST', '/exec/%s/start' % exec_id, body={'Detach': False})
        check(isinstance(out, str) and 'reached' in out, 'the link alias backend does not resolve', out)
        check('shared' in out, 'volumes_from: app\'s volume is not in reader', out)
        check(sidecar['HostConfig']['NetworkMode'] == 'container:' + app['Id'],
              'network_mode service:app does not name app\'s container', sidecar['HostConfig']['NetworkMode'])
        for c in (app, reader, sidecar):
            check(c['State']['Running'], '%s does not run' % c['Name'])
        # Idempotent with them too.
        ids = p.ids_by_name()
        r = p.flotilla('up', '-d')
        check(r.returncode == 0 and p.ids_by_name() == ids, 'the second up replaced containers', r)
    finally:
        p.cleanup()


@test
def no_start_creates_everything_and_starts_nothing():
    p = Project('nostart', '''\
services:
  a:
%s
  b:
%s
    depends_on: [a]
    links: [a]
''' % (SLEEPER.rstrip('\n'), SLEEPER.rstrip('\n')))
    try:
        r = p.flotilla('up', '--no-start')
        check(r.returncode == 0, 'up --no-start failed', r)
        states = {c['Labels']['com.docker.compose.service']: c['State'] for c in p.containers()}
        check(states == {'a': 'created', 'b': 'created'}, 'up --no-start', states)
        r = p.flotilla('start')
        check(r.returncode == 0, 'start failed', r)
        states = {c['Labels']['com.docker.compose.service']: c['State'] for c in p.containers()}
        check(states == {'a': 'running', 'b': 'running'}, 'start after up --no-start', states)
    finally:
        p.cleanup()


@test
def a_container_the_engine_refuses_names_the_service_and_stops_its_dependents():
    p = Project('refused', '''\
services:
  bad:
%s
    mem_limit: 1k
  dependent:
%s
    depends_on: [bad]
  fine:
%s
''' % (SLEEPER.rstrip('\n'), SLEEPER.rstrip('\n'), SLEEPER.rstrip('\n')))
    try:
        r = p.flotilla('up', '-d', timeout=60)
        check(r.returncode == 1, 'up should fail', r)
        last = r.stderr.strip().splitlines()[-1]
        check(last.startswith('flotilla-compose: ') and 'bad' in last and 'created' in last and 'memory' in last.lower(),
              'the error does not name the service, the step and the engine\'s reason', last)
        running = sorted(c['Labels']['com.docker.compose.service'] for c in p.containers(all=False))
        check('dependent' not in running, 'a dependent of the failed service was started', running)
        check(not any(c['Labels']['com.docker.compose.service'] == 'bad' for c in p.containers()),
              'a container of bad exists')
        r = p.flotilla('down')
        check(r.returncode == 0 and p.leftovers() == [], 'down after the failure', r, p.leftovers())
    finally:
        p.cleanup()


@test
def stop_start_and_restart_keep_the_containers():
    p = Project('ssr', '''\
services:
  a:
%s
  b:
%s
    depends_on: [a]
''' % (SLEEPER.rstrip('\n'), SLEEPER.rstrip('\n')))
    try:
        r = p.flotilla('up', '-d')
        check(r.returncode == 0, 'up failed', r)
        ids = p.ids_by_name()
        r = p.flotilla('stop')
        check(r.returncode == 0 and r.elapsed < 10, 'stop failed or waited for the stop timeout', r)
        check(all(c['State'] == 'exited' for c in p.containers()), 'not all stopped', p.containers())
        r = p.flotilla('ps')
        check(r.returncode == 0 and p.name not in r.stdout, 'ps (without -a) lists stopped containers', r)
        r = p.flotilla('ps', '-a', '--format', 'json')
        check(len(json.loads(r.stdout)) == 2, 'ps -a', r)
        r = p.flotilla('start')
        check(r.returncode == 0 and all(c['State'] == 'running' for c in p.containers()), 'start', r)
        started = {c['Id']: engine.inspect(c['Id'])['State']['StartedAt'] for c in p.containers()}
        r = p.flotilla('restart', 'b')
        check(r.returncode == 0, 'restart b failed', r)
        for c in p.containers():
            now = engine.inspect(c['Id'])['State']['StartedAt']
            service = c['Labels']['com.docker.compose.service']
            check((now != started[c['Id']]) == (service == 'b'), 'restart b restarted %s' % service)
        check(p.ids_by_name() == ids, 'stop/start/restart replaced containers')
    finally:
        p.cleanup()



def interrupt(p, args, pattern):
    """Runs flotilla-compose ARGS, waits for a stdout line matching pattern,
    sends SIGINT as Ctrl+C does, and returns (status, stdout, stderr,
    seconds after the signal)."""
    process = subprocess.Popen([FLOTILLA, '-f', p.file, '-p', p.name] + args, cwd=p.dir,
                               env=base_environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen = []
    try:
        check(read_until(process.stdout, pattern, 60, seen), 'no output matching %r' % pattern, ''.join(seen))
        process.send_signal(signal.SIGINT)
        start = time.monotonic()
        hung = False
        try:
            out, err = process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            hung = True
            process.kill()
            out, err = process.communicate()
        check(not hung, '%s ignored Ctrl+C for 10 s' % ' '.join(args), err.decode(errors='replace'))
        return process.returncode, ''.join(seen) + out.decode(errors='replace'), err.decode(errors='replace'), \
            time.monotonic() - start
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


TALKER = '''\
services:
  talker:
    image: flotilla-test/busybox
    init: true
    command: ["sh", "-c", "i=0; while true; do i=$$((i+1)); echo tick $$i; sleep 0.2; done"]
'''


@test
def ctrl_c_ends_logs_follow():
    p = Project('ctrlclogs', TALKER)
    try:
        r = p.flotilla('up', '-d')
        check(r.returncode == 0, 'up failed', r)
        status, out, err, seconds = interrupt(p, ['logs', '-f', '--no-color'], r'talker-1\s+\| tick \d+$')
        check(status == 0 and seconds < 5, 'logs -f: status %s %.1f s after Ctrl+C' % (status, seconds), err)
    finally:
        p.cleanup()


@test
def ctrl_c_stops_an_attached_up():
    p = Project('ctrlcup', TALKER)
    try:
        status, out, err, seconds = interrupt(p, ['up'], r'talker-1\s+\| tick \d+$')
        check(status == 0 and seconds < 10, 'up: status %s %.1f s after Ctrl+C' % (status, seconds), err)
        check('Gracefully stopping' in err, 'no word of stopping', err)
        states = [c['State'] for c in p.containers()]
        check(states == ['exited'], 'the container was not stopped', states)
    finally:
        p.cleanup()


if __name__ == '__main__':
    raise SystemExit(main())
