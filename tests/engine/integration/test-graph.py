#!/usr/bin/env python3
# The live graph against a real engine: a project shaped like the tutorial
# (es and web on a network of their own, web depending on es, a published
# port, a named volume) is brought up, and `flotilla-compose graph --live`
# must show each container's address as the engine's /networks/{id} has it,
# the network's subnet, every service running; then es is stopped and the
# graph must say so; a container of a service the file does not have shows
# as an orphan.  Speaks TAP.
#
# usage: test-graph.py FLOTILLA_COMPOSE

import re

from harness import FLOTILLA, Project, check, engine, main, run, test

COMPOSE = '''\
services:
  es:
    image: flotilla-test/busybox
    init: true
    command: ["sh", "-c", "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 9200 -h /www"]
    volumes:
      - esdata:/usr/share/elasticsearch/data
    networks:
      foodtrucks-net:
        aliases: [search]
  web:
    image: flotilla-test/busybox
    init: true
    command: ["sh", "-c", "mkdir -p /www && echo hi > /www/index.html && exec httpd -f -p 5000 -h /www"]
    depends_on:
      - es
    ports:
      - "5000"
    networks:
      - foodtrucks-net
volumes:
  esdata: {}
networks:
  foodtrucks-net: {}
'''

# An older file of the same project, with a service since taken out.
OLD = '''\
services:
  old:
    image: flotilla-test/busybox
    init: true
    command: ["sleep", "3600"]
'''

RUNNING = '#8ff0a4'
STOPPED = '#deddda'
FAILED = '#f66151'

NODE = re.compile(r'^  "(?P<id>[^"]+)" \[label="(?P<label>(?:[^"\\]|\\.)*)"(?P<rest>.*)\];$', re.M)
EDGE = re.compile(r'^  "(?P<source>[^"]+)" -> "(?P<target>[^"]+)" \[(?P<attrs>.*)\];$', re.M)


def parse_dot(text):
    check(text.startswith('digraph ') and text.rstrip().endswith('}'), 'not a DOT graph', text[:200])
    nodes = {m.group('id'): m.group('label') + m.group('rest') for m in NODE.finditer(text)}
    edges = [(m.group('source'), m.group('target'), m.group('attrs')) for m in EDGE.finditer(text)]
    return nodes, edges


def edge_label(edges, source, target):
    for s, t, attrs in edges:
        if s == source and t == target:
            m = re.search(r'label="((?:[^"\\]|\\.)*)"', attrs)
            return m.group(1) if m else None
    raise AssertionError('no edge %s -> %s in %r' % (source, target, edges))


def live_dot(p):
    r = p.flotilla('graph', '--live', '--format', 'dot', timeout=60)
    check(r.returncode == 0, 'graph --live failed', r)
    return parse_dot(r.stdout)


@test
def the_live_graph_shows_the_engines_addresses_and_states():
    p = Project('graph', COMPOSE)
    try:
        r = p.flotilla('up', '-d', timeout=120)
        check(r.returncode == 0, 'up -d failed', r)

        nodes, edges = live_dot(p)
        check(set(nodes) >= {'host', 'service:es', 'service:web', 'network:foodtrucks-net', 'volume:esdata'},
              'nodes', sorted(nodes))
        for service in ('es', 'web'):
            check(RUNNING in nodes['service:' + service], '%s is not drawn running' % service,
                  nodes['service:' + service])

        # Each container's address on the network, as the engine has it.
        network = engine.json('GET', '/networks/%s_foodtrucks-net' % p.name)
        members = {c['Name']: c['IPv4Address'].split('/')[0] for c in (network.get('Containers') or {}).values()}
        check(len(members) == 2, 'the engine lists both members', members)
        es_ip = members['%s-es-1' % p.name]
        web_ip = members['%s-web-1' % p.name]
        check(edge_label(edges, 'service:es', 'network:foodtrucks-net') == es_ip + ' · search',
              'es\'s address and alias on its edge', edges)
        check(edge_label(edges, 'service:web', 'network:foodtrucks-net') == web_ip,
              'web\'s address on its edge', edges)

        # The subnet the engine picked, on the network's node.
        subnet = network['IPAM']['Config'][0]['Subnet']
        check(subnet in nodes['network:foodtrucks-net'], 'the subnet on the network', nodes['network:foodtrucks-net'])

        # From the file: the dependency, the port, the mount.
        check(any(s == 'service:web' and t == 'service:es' and 'depends_on' in a for s, t, a in edges),
              'web depends on es', edges)
        check(edge_label(edges, 'host', 'service:web') == 'any → 5000/tcp', 'the published port', edges)
        check(edge_label(edges, 'service:es', 'volume:esdata') == '/usr/share/elasticsearch/data',
              'the mount', edges)

        # es stopped: no longer green, grey or red by its exit code, and
        # its address gone from the edge.
        r = p.flotilla('stop', 'es', timeout=60)
        check(r.returncode == 0, 'stop es failed', r)
        exit_code = engine.inspect('%s-es-1' % p.name)['State']['ExitCode']
        nodes, edges = live_dot(p)
        expected = STOPPED if exit_code == 0 else FAILED
        check(expected in nodes['service:es'], 'es after stop (exit code %d)' % exit_code, nodes['service:es'])
        check(RUNNING in nodes['service:web'], 'web still running', nodes['service:web'])
        check(edge_label(edges, 'service:es', 'network:foodtrucks-net') == 'search',
              'only the alias is left on es\'s edge', edges)

        # The SVG says the same in words.
        r = p.flotilla('graph', '--live', timeout=60)
        check(r.returncode == 0 and '<svg' in r.stdout, 'graph --live as SVG', r)
        check(re.search(r'service:es \([^)]*\) (Stopped|Failed)', r.stdout), 'es stopped in the SVG', r.stdout[:2000])
        check(re.search(r'service:web \([^)]*\) Running', r.stdout), 'web running in the SVG', r.stdout[:2000])

        # A container of a service the file no longer has: an orphan.
        old = p.write('old.yaml', OLD)
        r = run([FLOTILLA, '-f', old, '-p', p.name, 'up', '-d'], cwd=p.dir, timeout=120)
        check(r.returncode == 0, 'up of the old file failed', r)
        nodes, edges = live_dot(p)
        check('service:old' in nodes and 'dashed' in nodes['service:old'], 'the orphan', nodes.get('service:old'))

        r = p.flotilla('down', '-v', '--remove-orphans', timeout=60)
        check(r.returncode == 0, 'down failed', r)
        nodes, edges = live_dot(p)
        check('service:old' not in nodes, 'the orphan is gone after down', sorted(nodes))
        check(STOPPED in nodes['service:es'] and STOPPED in nodes['service:web'],
              'nothing runs after down', nodes)
        # The old file's default network is the old file's to take down.
        r = run([FLOTILLA, '-f', old, '-p', p.name, 'down'], cwd=p.dir, timeout=60)
        check(r.returncode == 0, 'down of the old file failed', r)
        check(p.leftovers() == [], 'left after down -v', p.leftovers())
    finally:
        p.cleanup()


if __name__ == '__main__':
    raise SystemExit(main())
