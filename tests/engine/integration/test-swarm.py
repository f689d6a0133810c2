#!/usr/bin/env python3
# The tutorial's project deployed to a single-node Docker Swarm, as `docker
# stack deploy` would: an Elasticsearch stand-in and a web service at two
# replicas that fetches http://es:9200 by name over the stack's overlay
# network and serves what it got on a published port.  Deploy, read the
# services' logs, reach the published port, see the tasks with the docker
# CLI's own `docker stack ps`, scale web to 3 by editing the file and
# redeploying (the services are updated in place), remove the stack, and
# nothing of it is left.  Speaks TAP.
#
# The engine becomes a Swarm manager (`docker swarm init`) only when it is
# in no Swarm, and leaves the Swarm afterwards only then; the whole suite
# skips when it cannot.  Swarm's virtual IPs and its ingress routing mesh
# need IPVS in the kernel; where the kernel has none (some CI VMs), the
# services use DNS round robin and publish their port in host mode on a
# port Swarm picks per task, which is the same network otherwise.
#
# usage: test-swarm.py FLOTILLA_COMPOSE

import fcntl
import json
import os
import re
import shutil
import subprocess
import sys
import time

import harness
from harness import Project, Skip, check, engine, http_get, main, run, test, wait_until

ES_BODY = '{"name": "es-standin", "tagline": "You Know, for Search"}'
LOCK = os.path.join(os.environ.get('TMPDIR', '/tmp'), 'flotilla-swarm-test.lock')


def routing_mesh_possible():
    """Whether the kernel can do IPVS, which Swarm's VIPs and ingress need;
    the engine is on this machine (the tests speak to a local socket)."""
    if os.path.exists('/proc/net/ip_vs') or os.path.exists('/sys/module/ip_vs'):
        return True
    try:
        with open('/lib/modules/%s/modules.dep' % os.uname().release) as f:
            return '/ip_vs.ko' in f.read()
    except OSError:
        return False


MESH = routing_mesh_possible()

COMPOSE = '''\
# The tutorial's docker-compose.yml as a stack, with busybox stand-ins.
services:
  es:
    image: flotilla-test/busybox
    init: true
    environment:
      - discovery.type=single-node
    volumes:
      - esdata:/usr/share/elasticsearch/data
    command:
      - sh
      - -c
      - |
        mkdir -p /www
        echo '%(es_body)s' > /www/index.html
        echo "es: listening on 9200"
        exec httpd -f -v -p 9200 -h /www
    deploy:%(es_endpoint)s
      resources:
        limits:
          memory: 64M
  web:
    image: flotilla-test/busybox
    init: true
    depends_on:
      - es
    command:
      - sh
      - -c
      - |
        mkdir -p /www
        until wget -q -O /www/es.json http://es:9200/; do sleep 0.2; done
        echo "web: got $$(cat /www/es.json) from es"
        cp /www/es.json /www/index.html
        exec httpd -f -v -p 5000 -h /www
    ports:
%(ports)s
    deploy:
      replicas: 2%(web_endpoint)s
      resources:
        limits:
          cpus: '0.5'
          memory: 64M
        reservations:
          memory: 16M
      restart_policy:
        condition: on-failure
        delay: 1s
      update_config:
        parallelism: 1
        order: start-first
      placement:
        constraints:
          - node.role == manager
volumes:
  esdata:
'''

state = {}


def compose_text(port):
    if MESH:
        ports = '      - "%d:5000"' % port
        es_endpoint = web_endpoint = ''
    else:
        ports = '      - target: 5000\n        mode: host'
        es_endpoint = '\n      endpoint_mode: dnsrr'
        web_endpoint = '\n      endpoint_mode: dnsrr'
    return COMPOSE % {'es_body': ES_BODY, 'ports': ports, 'es_endpoint': es_endpoint,
                      'web_endpoint': web_endpoint}


def free_port():
    import socket
    s = socket.socket()
    try:
        s.bind(('0.0.0.0', 0))
        return s.getsockname()[1]
    finally:
        s.close()


def stack_label(name):
    return {'label': ['com.docker.stack.namespace=' + name]}


def services_of(name):
    return engine.json('GET', '/services', filters=stack_label(name))


def tasks_of(name, running=False):
    filters = stack_label(name)
    if running:
        filters['desired-state'] = ['running']
    return engine.json('GET', '/tasks', filters=filters)


def running_tasks(name, service):
    """The tasks of <name>_<service> that run, by slot."""
    ids = {s['ID'] for s in services_of(name) if s['Spec']['Name'] == '%s_%s' % (name, service)}
    return sorted((t for t in tasks_of(name, running=True)
                   if t['ServiceID'] in ids and t['Status']['State'] == 'running'),
                  key=lambda t: t.get('Slot', 0))


def leftovers(name):
    found = ['service ' + s['Spec']['Name'] for s in services_of(name)]
    found += ['network ' + n['Name'] for n in engine.json('GET', '/networks', filters=stack_label(name))]
    found += ['task %s.%s' % (t['ServiceID'], t.get('Slot')) for t in tasks_of(name)]
    found += ['container ' + c['Names'][0] for c in
              engine.json('GET', '/containers/json', query={'all': 1}, filters=stack_label(name))]
    return sorted(found)


def purge_stack(name):
    """Whatever a failed test left: the services, their tasks, networks and
    the volumes Swarm made for them."""
    for s in services_of(name):
        engine.call('DELETE', '/services/' + s['ID'])
    deadline = time.monotonic() + 60
    while tasks_of(name) and time.monotonic() < deadline:
        time.sleep(0.25)
    for n in engine.json('GET', '/networks', filters=stack_label(name)):
        for _ in range(40):
            status, _ = engine.call('DELETE', '/networks/' + n['Id'])
            if status in (204, 404):
                break
            time.sleep(0.25)
    for v in (engine.json('GET', '/volumes', filters=stack_label(name)) or {}).get('Volumes') or []:
        engine.call('DELETE', '/volumes/' + v['Name'], query={'force': 1})


# Before and after

def become_manager():
    """Makes the engine a Swarm manager if it is in no Swarm; returns why it
    cannot, or None."""
    swarm = engine.json('GET', '/info').get('Swarm') or {}
    local = swarm.get('LocalNodeState', '')
    state['initialised'] = False
    if local == 'active' and swarm.get('ControlAvailable'):
        return None
    if local not in ('', 'inactive'):
        return 'the engine is in a Swarm as a %s node, not a manager' % (local if local != 'active' else 'worker')

    # Before there is a Swarm: deploying says what to do.
    p = Project('swarmnone', compose_text(free_port()))
    try:
        state['not_manager'] = p.flotilla('stack', 'deploy')
    finally:
        shutil.rmtree(p.dir, ignore_errors=True)

    # Swarm makes docker_gwbridge and keeps it after leaving: ours to take.
    state['gwbridge'] = engine.call('GET', '/networks/docker_gwbridge')[0] == 200
    attempts = [{'ListenAddr': '0.0.0.0:2377'},
                {'ListenAddr': '127.0.0.1:2377', 'AdvertiseAddr': '127.0.0.1:2377'}]
    last = None
    for body in attempts:
        status, reply = engine.call('POST', '/swarm/init', body=body)
        if status == 200:
            state['initialised'] = True
            return None
        last = reply.get('message') if isinstance(reply, dict) else reply
    return 'docker swarm init failed: %s' % last


def leave_if_ours():
    if state.get('initialised'):
        engine.call('POST', '/swarm/leave', query={'force': 1})
        if not state.get('gwbridge'):
            engine.call('DELETE', '/networks/docker_gwbridge')
        engine.close()


# The tests

@test
def deploying_without_a_swarm_says_to_run_swarm_init():
    r = state.get('not_manager')
    if r is None:
        raise Skip('the engine was a Swarm manager already')
    check(r.returncode == 1, 'stack deploy without a Swarm did not fail', r)
    check('not a Swarm manager' in r.stderr and 'docker swarm init' in r.stderr,
          'the error does not say what to do', r)


@test
def deploy_makes_an_overlay_network_and_a_service_per_compose_service():
    p = state['project']
    r = p.flotilla('stack', 'deploy', '--wait', '--timeout', '120', timeout=180)
    check(r.returncode == 0, 'stack deploy --wait failed', r)
    for what in ('Network %s_default' % p.name, 'Service %s_es' % p.name, 'Service %s_web' % p.name):
        check(re.search(r'✔ %s\s+Created' % re.escape(what), r.stderr), 'progress does not report %s' % what, r)
    check(re.search(r'! Service %s_web\s+.*depends_on' % p.name, r.stderr),
          'depends_on, which Swarm has no place for, is not mentioned', r)
    state['deployed'] = True

    network = engine.json('GET', '/networks/%s_default' % p.name)
    check(network['Driver'] == 'overlay' and network['Scope'] == 'swarm', 'not a Swarm overlay network', network)
    check((network.get('Labels') or {}).get('com.docker.stack.namespace') == p.name, 'network labels', network)

    services = {s['Spec']['Name']: s for s in services_of(p.name)}
    check(sorted(services) == ['%s_es' % p.name, '%s_web' % p.name], 'the stack\'s services', sorted(services))
    web = services['%s_web' % p.name]['Spec']
    check(web['Labels'].get('com.docker.stack.namespace') == p.name and
          web['Labels'].get('com.docker.stack.image') == 'flotilla-test/busybox', 'service labels', web['Labels'])
    container = web['TaskTemplate']['ContainerSpec']
    check(container['Image'] == 'flotilla-test/busybox', 'the image is passed as written, unpinned', container)
    check(container['Labels'].get('com.docker.stack.namespace') == p.name, 'container labels', container)
    check(container.get('Init') is True, 'init', container)
    check(web['Mode'] == {'Replicated': {'Replicas': 2}}, 'replicas', web['Mode'])
    resources = web['TaskTemplate']['Resources']
    check(resources['Limits'] == {'NanoCPUs': 500000000, 'MemoryBytes': 64 * 1024 * 1024} and
          resources['Reservations'] == {'MemoryBytes': 16 * 1024 * 1024}, 'resources', resources)
    policy = web['TaskTemplate']['RestartPolicy']
    check(policy.get('Condition') == 'on-failure' and policy.get('Delay') == 1000000000, 'restart policy', policy)
    check(web['UpdateConfig'].get('Parallelism') == 1 and web['UpdateConfig'].get('Order') == 'start-first',
          'update config', web['UpdateConfig'])
    check(web['TaskTemplate']['Placement'].get('Constraints') == ['node.role == manager'], 'placement',
          web['TaskTemplate']['Placement'])
    attachments = web['TaskTemplate']['Networks']
    check(len(attachments) == 1 and attachments[0]['Target'] == network['Id'] and attachments[0]['Aliases'] == ['web'],
          'web is on the stack network as "web"', attachments)
    ports = web['EndpointSpec']['Ports']
    if MESH:
        check(ports == [{'Protocol': 'tcp', 'TargetPort': 5000, 'PublishedPort': state['port'],
                         'PublishMode': 'ingress'}], 'published port (ingress)', ports)
    else:
        check(ports == [{'Protocol': 'tcp', 'TargetPort': 5000, 'PublishMode': 'host'}],
              'published port (host mode)', ports)
        check(web['EndpointSpec'].get('Mode') == 'dnsrr', 'endpoint mode', web['EndpointSpec'])
    es = services['%s_es' % p.name]['Spec']['TaskTemplate']['ContainerSpec']
    check(es['Mounts'][0]['Source'] == '%s_esdata' % p.name and es['Mounts'][0]['Type'] == 'volume',
          'the named volume', es['Mounts'])

    # --wait returned once every replica ran.
    check(len(running_tasks(p.name, 'web')) == 2 and len(running_tasks(p.name, 'es')) == 1,
          'tasks running after --wait', tasks_of(p.name))


@test
def web_reaches_es_by_name_over_the_overlay_network():
    p = state['project']
    if not state.get('deployed'):
        raise Skip('not deployed')
    last = None

    def both_replicas_said_so():
        nonlocal last
        last = p.flotilla('stack', 'logs', '--no-color', p.name, 'web')
        lines = [l for l in last.stdout.splitlines() if 'web: got' in l and 'You Know, for Search' in l]
        return {l.split('|')[0].strip() for l in lines} == {'web.1@%s' % state['node'], 'web.2@%s' % state['node']}

    wait_until(both_replicas_said_so, 60, 'both web replicas to log what they got from es', interval=1)
    check(last.returncode == 0, 'stack logs failed', last)
    r = p.flotilla('stack', 'logs', '--no-color')
    check(re.search(r'^es\.1@\S+\s+\| es: listening on 9200$', r.stdout, re.M), 'no es line in the stack\'s logs', r)
    check(re.search(r'^es\.1@\S+\s+\| .*response:200', r.stdout, re.M), 'es served no request', r)
    r = p.flotilla('stack', 'logs', '--no-color', '--no-log-prefix', '--timestamps', p.name, 'es')
    check(r.returncode == 0 and re.search(r'^\d{4}-\d\d-\d\dT\S+Z es: listening', r.stdout, re.M) and
          'web: got' not in r.stdout, 'logs of es alone, with timestamps and no prefix', r)


@test
def the_published_port_answers():
    p = state['project']
    if not state.get('deployed'):
        raise Skip('not deployed')
    if MESH:
        body = http_get('http://127.0.0.1:%d/' % state['port'], timeout=30)
        check(ES_BODY in body, 'the published port does not serve web\'s page', body)
        return
    # Host mode: each task has a port of its own.
    ports = []
    for task in running_tasks(p.name, 'web'):
        for port in (task['Status'].get('PortStatus') or {}).get('Ports') or []:
            if port.get('TargetPort') == 5000 and port.get('PublishedPort'):
                ports.append(port['PublishedPort'])
                break
    check(len(set(ports)) == 2, 'each web task publishes a port', ports)
    for port in sorted(set(ports)):
        body = http_get('http://127.0.0.1:%d/' % port, timeout=30)
        check(ES_BODY in body, 'port %d does not serve web\'s page' % port, body)


@test
def docker_stack_ps_lists_the_tasks():
    p = state['project']
    if not state.get('deployed'):
        raise Skip('not deployed')
    if not harness.have_tool('docker'):
        raise Skip('no docker CLI')
    r = run(['docker', 'stack', 'ps', p.name, '--filter', 'desired-state=running',
             '--format', '{{.Name}} {{.Node}} {{.CurrentState}}'])
    check(r.returncode == 0, 'docker stack ps failed', r)
    rows = sorted(line.split()[0] for line in r.stdout.splitlines())
    check(rows == ['%s_es.1' % p.name, '%s_web.1' % p.name, '%s_web.2' % p.name], 'docker stack ps rows', r)
    check(all(' Running ' in line for line in r.stdout.splitlines()), 'not all running', r)
    r = run(['docker', 'stack', 'ls', '--format', '{{.Name}} {{.Services}}'])
    check(r.returncode == 0 and '%s 2' % p.name in r.stdout.splitlines(), 'docker stack ls', r)

    # Ours says the same.
    r = p.flotilla('stack', 'ps', '--running', '--format', 'json')
    check(r.returncode == 0, 'stack ps failed', r)
    tasks = json.loads(r.stdout)
    check(sorted((t['Name'], t['Node'], t['CurrentState']) for t in tasks) ==
          [('%s_es.1' % p.name, state['node'], 'running'), ('%s_web.1' % p.name, state['node'], 'running'),
           ('%s_web.2' % p.name, state['node'], 'running')], 'stack ps --format json', tasks)
    r = p.flotilla('stack', 'ps')
    check(r.returncode == 0 and re.search(r'^\S+\s+%s_web\.2\s+flotilla-test/busybox\s+%s\s+Running\s+Running'
                                          % (re.escape(p.name), re.escape(state['node'])), r.stdout, re.M),
          'stack ps table', r)


@test
def redeploying_an_unchanged_file_restarts_nothing():
    p = state['project']
    if not state.get('deployed'):
        raise Skip('not deployed')
    before = sorted(t['ID'] for t in tasks_of(p.name, running=True))
    r = p.flotilla('stack', 'deploy', '--wait', '--timeout', '120', timeout=180)
    check(r.returncode == 0, 'second deploy failed', r)
    check(re.search(r'✔ Service %s_web\s+Updated' % re.escape(p.name), r.stderr), 'web was not updated in place', r)
    time.sleep(2)
    after = sorted(t['ID'] for t in tasks_of(p.name, running=True))
    check(before == after, 'an unchanged redeploy replaced tasks', before, after)


@test
def scaling_to_3_in_the_file_updates_the_service_in_place():
    p = state['project']
    if not state.get('deployed'):
        raise Skip('not deployed')
    with open(p.file) as f:
        old = f.read()
    r = run([harness.FLOTILLA, '-f', p.file, 'edit', 'set', 'services.web.deploy.replicas', '3'], cwd=p.dir)
    check(r.returncode == 0, 'edit failed', r)
    with open(p.file) as f:
        new = f.read()
    changed = [(a, b) for a, b in zip(old.splitlines(), new.splitlines()) if a != b]
    check(changed == [('      replicas: 2', '      replicas: 3')], 'the edit changed more than the replicas', changed)

    web = [s for s in services_of(p.name) if s['Spec']['Name'] == '%s_web' % p.name][0]
    kept = sorted(t['ID'] for t in running_tasks(p.name, 'web'))
    r = p.flotilla('stack', 'deploy', '--wait', '--timeout', '120', timeout=180)
    check(r.returncode == 0, 'deploy after scaling failed', r)
    after = [s for s in services_of(p.name) if s['Spec']['Name'] == '%s_web' % p.name][0]
    check(after['ID'] == web['ID'], 'the service was replaced, not updated', web['ID'], after['ID'])
    check(after['Version']['Index'] > web['Version']['Index'], 'the version did not move', after['Version'])
    check(after['Spec']['Mode'] == {'Replicated': {'Replicas': 3}}, 'replicas on the engine', after['Spec']['Mode'])
    tasks = running_tasks(p.name, 'web')
    check([t['Slot'] for t in tasks] == [1, 2, 3], '3 running web tasks', tasks)
    check(set(kept) <= {t['ID'] for t in tasks}, 'scaling restarted the running replicas', kept)
    if harness.have_tool('docker'):
        r = run(['docker', 'stack', 'ps', p.name, '--filter', 'desired-state=running', '--format', '{{.Name}}'])
        check(sorted(r.stdout.split()) == ['%s_es.1' % p.name] + ['%s_web.%d' % (p.name, i) for i in (1, 2, 3)],
              'docker stack ps after scaling', r)


@test
def a_service_gone_from_the_file_stays_unless_pruned():
    p = state['project']
    if not state.get('deployed'):
        raise Skip('not deployed')
    extra = '%s_extra' % p.name
    for args in (['add-service', 'extra', 'flotilla-test/busybox'],
                 ['set', 'services.extra.command', 'sleep 600'],
                 ['set', 'services.extra.init', 'true']):
        r = run([harness.FLOTILLA, '-f', p.file, 'edit'] + args, cwd=p.dir)
        check(r.returncode == 0, 'edit failed', r)
    r = p.flotilla('stack', 'deploy', '--wait', '--timeout', '120', timeout=180)
    check(r.returncode == 0 and extra in [s['Spec']['Name'] for s in services_of(p.name)],
          'the added service was not deployed', r)

    # As docker stack deploy does: what the file dropped keeps running...
    r = run([harness.FLOTILLA, '-f', p.file, 'edit', 'remove-service', 'extra'], cwd=p.dir)
    check(r.returncode == 0, 'edit remove-service failed', r)
    r = p.flotilla('stack', 'deploy', timeout=180)
    check(r.returncode == 0, 'deploy without the service failed', r)
    check(re.search(r'! Service %s\s+No longer in the file' % re.escape(extra), r.stderr), 'no word about extra', r)
    check(extra in [s['Spec']['Name'] for s in services_of(p.name)], 'extra was removed without --prune', r)

    # ... until deployed with --prune.
    r = p.flotilla('stack', 'deploy', '--prune', timeout=180)
    check(r.returncode == 0 and re.search(r'✔ Service %s\s+Removed' % re.escape(extra), r.stderr),
          'deploy --prune did not remove extra', r)
    check(sorted(s['Spec']['Name'] for s in services_of(p.name)) == ['%s_es' % p.name, '%s_web' % p.name],
          'services after --prune', services_of(p.name))


@test
def the_graph_shows_the_stacks_tasks():
    p = state['project']
    if not state.get('deployed'):
        raise Skip('not deployed')
    r = p.flotilla('graph', '--stack', '--format', 'dot')
    check(r.returncode == 0, 'graph --stack failed', r)
    # Running services are filled green; the stack's network is an overlay.
    for service in ('es', 'web'):
        check(re.search(r'^\s*"service:%s" \[[^\n]*fillcolor="#8ff0a4"' % service, r.stdout, re.M),
              '%s is not shown running' % service, r)
    check(re.search(r'^\s*"network:default" \[label="default\\noverlay"', r.stdout, re.M),
          'the network is not shown as an overlay', r)
    r = p.flotilla('graph', '--stack', '--format', 'svg')
    check(r.returncode == 0 and '<svg' in r.stdout, 'graph --stack as SVG', r)


@test
def rm_removes_services_then_networks_and_nothing_is_left():
    p = state['project']
    if not state.get('deployed'):
        raise Skip('not deployed')
    r = p.flotilla('stack', 'rm', timeout=180)
    check(r.returncode == 0, 'stack rm failed', r)
    lines = r.stderr.splitlines()
    removed = [i for i, l in enumerate(lines) if 'Removed' in l]
    check(len(removed) == 3, 'two services and one network removed', r)
    check(all('Service' in lines[i] for i in removed[:2]) and 'Network %s_default' % p.name in lines[removed[2]],
          'services first, then the network', r)
    state['deployed'] = False
    check(leftovers(p.name) == [], 'left after stack rm', leftovers(p.name))
    check(engine.call('GET', '/networks/%s_default' % p.name)[0] == 404, 'the network is still there')
    # As with docker stack rm, the volume Swarm made for es stays.
    check(engine.call('GET', '/volumes/%s_esdata' % p.name)[0] == 200, 'the named volume should stay')
    r = p.flotilla('stack', 'ps')
    check(r.returncode == 0 and 'Nothing found in stack' in r.stderr, 'stack ps after rm', r)
    r = p.flotilla('graph', '--stack', '--format', 'dot')
    check(r.returncode == 1 and 'no stack called %s' % p.name in r.stderr and 'stack deploy' in r.stderr,
          'graph --stack after rm says there is no stack', r)


def suite():
    with open(LOCK, 'w') as lock:
        # The GUI test deploys to a Swarm too; one at a time.
        fcntl.flock(lock, fcntl.LOCK_EX)
        problem = become_manager()
        try:
            if problem:
                print('1..0 # SKIP %s' % problem)
                return 0
            port = free_port()
            state['port'] = port
            state['project'] = Project('swarm', compose_text(port))
            state['node'] = engine.json('GET', '/info').get('Name') or ''
            for node in engine.json('GET', '/nodes'):
                if node['ID'] == engine.json('GET', '/info')['Swarm']['NodeID']:
                    state['node'] = node['Description']['Hostname']
            if not MESH:
                print('# this kernel has no IPVS: services use DNS round robin and host-mode ports')
            try:
                return main()
            finally:
                try:
                    purge_stack(state['project'].name)
                finally:
                    state['project'].cleanup()
        finally:
            leave_if_ours()


if __name__ == '__main__':
    sys.stdout.reconfigure(line_buffering=True)
    if not os.access(harness.FLOTILLA, os.X_OK) or not engine.ping():
        raise SystemExit(main())   # says why it skips
    if harness.ensure_image():
        raise SystemExit(main())   # reports the image problem
    raise SystemExit(suite())
