#!/usr/bin/env python3
# Writes the projects tests/bench/updown.sh brings up and down, twice: as a
# compose file for the tools, and as JSON for limit.py, which makes the
# Engine API calls directly and reads no YAML.
#
#   gen-updown.py tutorial DIR      the Food Trucks pair: es (httpd on 9200)
#                                   and web (publishes 5000, depends on es)
#   gen-updown.py many N DIR        N services in chains of five (each
#                                   depends on the one before it)
#   gen-updown.py logs LINES DIR    one service printing LINES lines and exiting
#
# Every long-running service runs under an init (init: true), so that it
# stops on SIGTERM at once and down measures the tools, not a stop timeout.

import json
import os
import sys

IMAGE = 'flotilla-test/busybox'


def write(folder, services):
    """services: name → dict(command, depends_on, ports, environment, init)"""
    os.makedirs(folder, exist_ok=True)
    lines = ['services:']
    for name, s in services.items():
        lines.append('  %s:' % name)
        lines.append('    image: %s' % IMAGE)
        if s.get('init'):
            lines.append('    init: true')
        lines.append('    command: %s' % json.dumps(s['command']))
        if s.get('environment'):
            lines.append('    environment:')
            for key, value in s['environment'].items():
                lines.append('      %s: %s' % (key, json.dumps(value)))
        if s.get('ports'):
            lines.append('    ports:')
            for host, container in s['ports']:
                lines.append('      - "%d:%d"' % (host, container))
        if s.get('depends_on'):
            lines.append('    depends_on:')
            for dep in s['depends_on']:
                lines.append('      - %s' % dep)
    with open(os.path.join(folder, 'compose.yaml'), 'w') as f:
        f.write('\n'.join(lines) + '\n')
    with open(os.path.join(folder, 'project.json'), 'w') as f:
        json.dump({'image': IMAGE, 'services': services}, f, indent=1)


def tutorial(folder):
    write(folder, {
        'es': {
            'init': True,
            'environment': {'discovery.type': 'single-node'},
            'command': ['sh', '-c', 'mkdir -p /www && echo "{\\"tagline\\": \\"You Know, for Search\\"}" '
                                    '> /www/index.html && exec httpd -f -p 9200 -h /www'],
        },
        'web': {
            'init': True,
            'depends_on': ['es'],
            'ports': [(5000, 5000)],
            'command': ['sh', '-c', 'mkdir -p /www; until wget -q -O /www/index.html http://es:9200/; '
                                    'do sleep 0.2; done; exec httpd -f -p 5000 -h /www'],
        },
    })


def many(n, folder):
    services = {}
    for i in range(n):
        s = {'init': True, 'command': ['sleep', '86400'],
             'environment': {'SERVICE_INDEX': str(i), 'LOG_LEVEL': 'info'}}
        if i % 5:
            s['depends_on'] = ['svc%d' % (i - 1)]
        services['svc%d' % i] = s
    write(folder, services)


def logs(count, folder):
    write(folder, {'talker': {'command': ['seq', '1', str(count)]}})


def main():
    kind = sys.argv[1]
    if kind == 'tutorial':
        tutorial(sys.argv[2])
    elif kind == 'many':
        many(int(sys.argv[2]), sys.argv[3])
    elif kind == 'logs':
        logs(int(sys.argv[2]), sys.argv[3])
    else:
        print('usage: gen-updown.py tutorial DIR | many N DIR | logs LINES DIR', file=sys.stderr)
        return 2
    return 0


if __name__ == '__main__':
    sys.exit(main())
