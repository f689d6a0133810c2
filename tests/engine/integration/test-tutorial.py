#!/usr/bin/env python3
# The Docker tutorial's Food Trucks project, reproduced against a real
# engine: an Elasticsearch stand-in (busybox httpd on 9200) and a web
# service that fetches http://es:9200 by name over the project network and
# serves what it got on 5000, published to the host — up, reach it from the
# host, read both services' logs, down, and nothing of the project is left.
# Speaks TAP.
#
# usage: test-tutorial.py FLOTILLA_COMPOSE

import json
import re
import socket

from harness import Project, check, engine, http_get, main, test

ES_BODY = '{"name": "es-standin", "tagline": "You Know, for Search"}'

COMPOSE = '''\
# The tutorial's docker-compose.yml, with busybox stand-ins for its images.
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
        cp /usr/share/elasticsearch/data/index.json /www/index.html 2>/dev/null ||
          echo '%(es_body)s' > /www/index.html
        cp /www/index.html /usr/share/elasticsearch/data/index.json
        echo "es: listening on 9200"
        exec httpd -f -v -p 9200 -h /www
  web:
    image: flotilla-test/busybox
    init: true
    command:
      - sh
      - -c
      - |
        mkdir -p /www
        until wget -q -O /www/es.json http://es:9200/; do sleep 0.2; done
        echo "web: got $(cat /www/es.json) from es"
        { cat /code/hello.txt; cat /www/es.json; } > /www/index.html
        echo "web: serving on 5000"
        exec httpd -f -v -p 5000 -h /www
    depends_on:
      - es
    ports:
      - "%(port)d:5000"
    volumes:
      - .:/code
volumes:
  esdata:
    driver: local
'''


def free_port(preferred):
    for port in (preferred, 0):
        s = socket.socket()
        try:
            s.bind(('0.0.0.0', port))
            return s.getsockname()[1]
        except OSError:
            continue
        finally:
            s.close()
    raise RuntimeError('no free port')


@test
def the_tutorial_comes_up_answers_logs_and_goes_down_without_a_trace():
    port = free_port(5000)
    p = Project('tutorial', COMPOSE % {'port': port, 'es_body': ES_BODY},
                files={'hello.txt': 'Hello from the project folder\n'})
    try:
        r = p.flotilla('up', '-d', timeout=120)
        check(r.returncode == 0, 'up -d failed', r)
        for what in ('Network %s_default' % p.name, 'Volume %s_esdata' % p.name,
                     'Container %s-es-1' % p.name, 'Container %s-web-1' % p.name):
            check(re.search(r'✔ %s\s+(Created|Started)' % re.escape(what), r.stderr),
                  'progress does not report %s' % what, r)

        # The host reaches web on the published port, and web's page holds
        # what it fetched from es by name over the project network, and the
        # file of the bind-mounted project folder.
        body = http_get('http://127.0.0.1:%d/' % port, timeout=30)
        check('Hello from the project folder' in body, 'the bind mount .:/code is not in web', body)
        check(ES_BODY in body, 'web did not get es\'s answer over the network', body)

        # Both containers on the project network, with Compose's labels.
        network = engine.json('GET', '/networks/%s_default' % p.name)
        labels = network.get('Labels') or {}
        check(labels.get('com.docker.compose.project') == p.name and
              labels.get('com.docker.compose.network') == 'default', 'network labels', labels)
        members = sorted(c['Name'] for c in (network.get('Containers') or {}).values())
        check(members == ['%s-es-1' % p.name, '%s-web-1' % p.name], 'network members', members)
        for c in p.containers():
            l = c['Labels']
            check(l.get('com.docker.compose.project') == p.name and l.get('com.docker.compose.oneoff') == 'False'
                  and l.get('com.docker.compose.container-number') == '1' and l.get('com.docker.compose.config-hash'),
                  'container labels of %s' % c['Names'][0], json.dumps(l, indent=1))
        web = engine.inspect('%s-web-1' % p.name)
        bindings = web['HostConfig']['PortBindings'].get('5000/tcp')
        check(bindings and bindings[0]['HostPort'] == str(port), 'port binding', bindings)

        # ps shows both running.
        r = p.flotilla('ps', '--format', 'json')
        check(r.returncode == 0, 'ps failed', r)
        states = {c['Service']: c['State'] for c in json.loads(r.stdout)}
        check(states == {'es': 'running', 'web': 'running'}, 'ps states', states)

        # Both services' lines, with Compose's prefixes.
        r = p.flotilla('logs', '--no-color')
        check(r.returncode == 0, 'logs failed', r)
        check(re.search(r'^es-1\s+\| es: listening on 9200$', r.stdout, re.M), 'no es line in logs', r)
        check(re.search(r'^web-1\s+\| web: got .*You Know, for Search.* from es$', r.stdout, re.M),
              'no web line in logs', r)
        check(re.search(r'^es-1\s+\| .*response:200', r.stdout, re.M), 'es served no request', r)
        r = p.flotilla('logs', '--no-color', '--no-log-prefix', 'web')
        check(r.returncode == 0 and 'web: serving on 5000' in r.stdout and 'es: listening' not in r.stdout,
              'logs web: only web, without prefixes', r)

        # down -v: no container, network or volume of the project remains,
        # looked up by label and by name.
        r = p.flotilla('down', '-v', timeout=60)
        check(r.returncode == 0, 'down -v failed', r)
        check(r.elapsed < 15, 'down took %.1f s: the containers did not stop on SIGTERM' % r.elapsed)
        left = p.leftovers()
        check(left == [], 'left after down -v', left)
        check(engine.call('GET', '/networks/%s_default' % p.name)[0] == 404, 'the network is still there')
        check(engine.call('GET', '/volumes/%s_esdata' % p.name)[0] == 404, 'the volume is still there')
    finally:
        p.cleanup()


@test
def down_keeps_named_volumes_and_their_data_until_down_v():
    port = free_port(0)
    p = Project('tutvol', COMPOSE % {'port': port, 'es_body': ES_BODY},
                files={'hello.txt': 'hello\n'})
    try:
        r = p.flotilla('up', '-d', 'es')
        check(r.returncode == 0, 'up -d es failed', r)
        check(p.container_names() == ['%s-es-1' % p.name], 'up es: only es', p.container_names())
        # Leave a mark in the volume.
        r = engine.json('POST', '/containers/%s-es-1/exec' % p.name,
                        body={'Cmd': ['sh', '-c', 'echo kept > /usr/share/elasticsearch/data/mark'],
                              'AttachStdout': True})
        engine.json('POST', '/exec/%s/start' % r['Id'], body={'Detach': False})
        r = p.flotilla('down')
        check(r.returncode == 0, 'down failed', r)
        left = p.leftovers()
        check(left == ['volume %s_esdata' % p.name], 'down (without -v) keeps the named volume only', left)

        r = p.flotilla('up', '-d', 'es')
        check(r.returncode == 0, 'second up failed', r)
        r = engine.json('POST', '/containers/%s-es-1/exec' % p.name,
                        body={'Cmd': ['cat', '/usr/share/elasticsearch/data/mark'], 'AttachStdout': True})
        status, out = engine.call('POST', '/exec/%s/start' % r['Id'], body={'Detach': False})
        check(isinstance(out, str) and 'kept' in out, 'the volume\'s data did not survive down/up', out)
        r = p.flotilla('down', '-v')
        check(r.returncode == 0, 'down -v failed', r)
        check(p.leftovers() == [], 'left after down -v', p.leftovers())
    finally:
        p.cleanup()


if __name__ == '__main__':
    raise SystemExit(main())
