#!/usr/bin/env python3
# "The limit" of tests/bench/updown.sh: up and down of a project made of only
# the Engine API calls it needs, sent directly, as fast as a small program
# can — what a Compose implementation could approach but not beat.
#
#   limit.py up DIR PROJECT     create the network; create every container
#                               at once; start each as soon as what it
#                               depends on has started
#   limit.py down DIR PROJECT   list the project's containers; stop each
#                               once its dependents have stopped, then
#                               remove it; remove the network
#
# DIR holds project.json from gen-updown.py.  The engine is DOCKER_HOST's or
# /var/run/docker.sock.  Standard library only.

import json
import os
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tools'))
import engineapi  # noqa: E402

LABEL = 'com.docker.compose.'


class Local(threading.local):
    """One connection per thread: requests in parallel, as the tools do."""

    def api(self):
        if not hasattr(self, 'engine'):
            self.engine = engineapi.Engine(version=VERSION)
        return self.engine


local = Local()
VERSION = None


def run_all(jobs):
    """Runs each callable in a thread of its own; re-raises the first
    failure."""
    errors = []

    def wrap(job):
        try:
            job()
        except Exception as e:   # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=wrap, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def create_body(project, folder, name, service, network, image):
    ports = service.get('ports') or []
    labels = {
        LABEL + 'project': project,
        LABEL + 'service': name,
        LABEL + 'container-number': '1',
        LABEL + 'oneoff': 'False',
        LABEL + 'config-hash': 'limit',
        LABEL + 'version': 'limit',
        LABEL + 'project.working_dir': folder,
    }
    return {
        'Image': image,
        'Cmd': service['command'],
        'Env': ['%s=%s' % kv for kv in (service.get('environment') or {}).items()],
        'Labels': labels,
        'AttachStdout': True,
        'AttachStderr': True,
        'ExposedPorts': {'%d/tcp' % c: {} for _, c in ports},
        'HostConfig': {
            'Init': bool(service.get('init')),
            'NetworkMode': network,
            'PortBindings': {'%d/tcp' % c: [{'HostIp': '', 'HostPort': str(h)}] for h, c in ports},
            'RestartPolicy': {'Name': 'no'},
        },
        'NetworkingConfig': {
            'EndpointsConfig': {network: {'Aliases': ['%s-%s-1' % (project, name), name]}},
        },
    }


def up(folder, project):
    spec = json.load(open(os.path.join(folder, 'project.json')))
    services = spec['services']
    network = project + '_default'
    api = local.api()
    api.json('POST', '/networks/create', body={
        'Name': network, 'Driver': 'bridge', 'CheckDuplicate': True,
        'Labels': {LABEL + 'project': project, LABEL + 'network': 'default', LABEL + 'version': 'limit'}})

    ids = {}

    def create(name):
        def job():
            reply = local.api().json('POST', '/containers/create',
                                     query={'name': '%s-%s-1' % (project, name)},
                                     body=create_body(project, folder, name, services[name], network, spec['image']))
            ids[name] = reply['Id']
        return job

    run_all([create(name) for name in services])

    started = {name: threading.Event() for name in services}

    def start(name):
        def job():
            for dep in services[name].get('depends_on') or []:
                started[dep].wait()
            local.api().json('POST', '/containers/%s/start' % ids[name])
            started[name].set()
        return job

    run_all([start(name) for name in services])


def down(folder, project):
    spec = json.load(open(os.path.join(folder, 'project.json')))
    services = spec['services']
    api = local.api()
    containers = api.json('GET', '/containers/json', query={'all': 1},
                          filters={'label': [LABEL + 'project=' + project]})
    by_service = {}
    for c in containers:
        by_service.setdefault(c['Labels'].get(LABEL + 'service'), []).append(c['Id'])
    dependents = {name: [] for name in services}
    for name, s in services.items():
        for dep in s.get('depends_on') or []:
            dependents[dep].append(name)
    stopped = {name: threading.Event() for name in services}

    def remove(name):
        # Stopped once its dependents are; removed while its dependencies
        # stop.
        def job():
            try:
                for other in dependents[name]:
                    stopped[other].wait()
                for cid in by_service.get(name, []):
                    local.api().json('POST', '/containers/%s/stop' % cid, ok=(204, 304, 404))
            finally:
                stopped[name].set()
            for cid in by_service.get(name, []):
                local.api().json('DELETE', '/containers/%s' % cid, query={'force': 1}, ok=(204, 404))
        return job

    run_all([remove(name) for name in services])
    api.json('DELETE', '/networks/%s_default' % project, ok=(204, 404))


def main():
    global VERSION
    if len(sys.argv) != 4 or sys.argv[1] not in ('up', 'down'):
        print('usage: limit.py up|down DIR PROJECT', file=sys.stderr)
        return 2
    # One /version for the whole run, as any client negotiates once.
    VERSION = local.api().negotiate()['ApiVersion']
    (up if sys.argv[1] == 'up' else down)(os.path.abspath(sys.argv[2]), sys.argv[3])
    return 0


if __name__ == '__main__':
    sys.exit(main())
