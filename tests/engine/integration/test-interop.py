#!/usr/bin/env python3
# Interop both ways with both reference implementations, on a real engine:
# what flotilla-compose brings up, `docker compose` 2.26 and `docker-compose`
# 1.29.2 list and take down; what they bring up, flotilla-compose lists,
# stops and takes down, networks too.  Speaks TAP.
#
# usage: test-interop.py FLOTILLA_COMPOSE

import json

from harness import Project, Skip, check, engine, have_tool, main, test

# A file all three accept: docker-compose 1.29.2 reads it as the Compose
# specification (no version key).
COMPOSE = '''\
services:
  db:
    image: flotilla-test/busybox
    init: true
    command: ["sleep", "3600"]
    volumes:
      - data:/data
  web:
    image: flotilla-test/busybox
    init: true
    command: ["sleep", "3600"]
    depends_on:
      - db
    networks:
      - default
      - back
networks:
  back: {}
volumes:
  data: {}
'''


def require(tool):
    if not have_tool(tool):
        raise Skip('%s is not installed' % tool)


def names_from_ps_json(text):
    """docker compose 2.26 ps --format json: one JSON object a line (older
    versions: an array)."""
    text = text.strip()
    if not text:
        return []
    if text.startswith('['):
        items = json.loads(text)
    else:
        items = [json.loads(line) for line in text.splitlines() if line.strip()]
    return sorted(item['Name'] for item in items)


def flotilla_up(p):
    r = p.flotilla('up', '-d')
    check(r.returncode == 0, 'flotilla-compose up failed', r)
    names = p.container_names()
    check(names == ['%s-db-1' % p.name, '%s-web-1' % p.name], 'flotilla-compose up made', names)
    return names


@test
def docker_compose_v2_lists_and_takes_down_what_flotilla_made():
    require('docker compose')
    p = Project('f2v2', COMPOSE)
    try:
        names = flotilla_up(p)
        r = p.compose2('ps', '--format', 'json')
        check(r.returncode == 0, 'docker compose ps failed', r)
        check(names_from_ps_json(r.stdout) == names, 'docker compose ps does not list them', r)
        r = p.compose2('ps', '--services')
        check(sorted(r.stdout.split()) == ['db', 'web'], 'docker compose ps --services', r)
        # Without the file: from the labels alone.
        r = p.compose2('ls', '--all', '--format', 'json')
        check(r.returncode == 0 and any(x['Name'] == p.name for x in json.loads(r.stdout or '[]')),
              'docker compose ls does not show the project', r)

        r = p.compose2('down', '-v')
        check(r.returncode == 0, 'docker compose down failed', r)
        check(r.elapsed < 15, 'docker compose down waited for stop timeouts (%.1f s)' % r.elapsed)
        check(p.leftovers() == [], 'docker compose down left', p.leftovers(), r)
    finally:
        p.cleanup()


@test
def docker_compose_v1_lists_and_takes_down_what_flotilla_made():
    require('docker-compose')
    p = Project('f2v1', COMPOSE)
    try:
        names = flotilla_up(p)
        r = p.compose1('ps')
        check(r.returncode == 0, 'docker-compose ps failed', r)
        listed = sorted(line.split()[0] for line in r.stdout.splitlines()[2:] if line.strip())
        check(listed == names, 'docker-compose ps does not list them', r)
        check(all('Up' in line for line in r.stdout.splitlines()[2:] if line.strip()), 'docker-compose ps: not Up', r)
        r = p.compose1('ps', '--services')
        check(sorted(r.stdout.split()) == ['db', 'web'], 'docker-compose ps --services', r)

        r = p.compose1('down', '-v')
        check(r.returncode == 0, 'docker-compose down failed', r)
        check(r.elapsed < 20, 'docker-compose down waited for stop timeouts (%.1f s)' % r.elapsed)
        check(p.leftovers() == [], 'docker-compose down left', p.leftovers(), r)
    finally:
        p.cleanup()


def flotilla_adopts(p, made_by, expected):
    names = p.container_names()
    check(names == expected, '%s up made' % made_by, names)

    r = p.flotilla('ps', '--format', 'json')
    check(r.returncode == 0, 'flotilla-compose ps failed', r)
    listed = json.loads(r.stdout)
    check(sorted(c['Name'] for c in listed) == expected, 'flotilla-compose ps does not list them', r)
    check(sorted(c['Service'] for c in listed) == ['db', 'web'] and all(c['State'] == 'running' for c in listed),
          'flotilla-compose ps services and states', r)

    r = p.flotilla('stop')
    check(r.returncode == 0, 'flotilla-compose stop failed', r)
    check(r.elapsed < 10, 'stop took %.1f s' % r.elapsed)
    states = {c['Names'][0].lstrip('/'): c['State'] for c in p.containers()}
    check(set(states.values()) == {'exited'}, 'flotilla-compose stop did not stop them', states)

    r = p.flotilla('ps', '-a', '--format', 'json')
    check(sorted(c['Name'] for c in json.loads(r.stdout)) == expected, 'ps -a after stop', r)

    r = p.flotilla('down', '-v')
    check(r.returncode == 0, 'flotilla-compose down failed', r)
    check(p.leftovers() == [], 'flotilla-compose down left', p.leftovers(), r)


@test
def flotilla_lists_stops_and_takes_down_what_docker_compose_v2_made():
    require('docker compose')
    p = Project('v22f', COMPOSE)
    try:
        r = p.compose2('up', '-d')
        check(r.returncode == 0, 'docker compose up failed', r)
        flotilla_adopts(p, 'docker compose', ['%s-db-1' % p.name, '%s-web-1' % p.name])
    finally:
        p.cleanup()


@test
def flotilla_lists_stops_and_takes_down_what_docker_compose_v1_made():
    require('docker-compose')
    p = Project('v12f', COMPOSE)
    try:
        r = p.compose1('up', '-d')
        check(r.returncode == 0, 'docker-compose up failed', r)
        check(engine.call('GET', '/networks/%s_back' % p.name)[0] == 200, 'docker-compose made no network')
        flotilla_adopts(p, 'docker-compose', ['%s_db_1' % p.name, '%s_web_1' % p.name])
    finally:
        p.cleanup()


@test
def an_up_over_another_tools_containers_recreates_them_once():
    require('docker compose')
    p = Project('v2up', COMPOSE)
    try:
        r = p.compose2('up', '-d')
        check(r.returncode == 0, 'docker compose up failed', r)
        before = p.ids_by_name()
        r = p.flotilla('up', '--dry-run')
        check(r.returncode == 0 and r.stdout.count('recreate') == 2, 'the plan should recreate both', r)
        r = p.flotilla('up', '-d')
        check(r.returncode == 0, 'flotilla-compose up over docker compose\'s containers failed', r)
        middle = p.ids_by_name()
        check(sorted(middle) == sorted(before) and not set(middle.values()) & set(before.values()),
              'the containers were not recreated under the same names', before, middle)
        r = p.flotilla('up', '-d')
        check(r.returncode == 0 and p.ids_by_name() == middle, 'the second up recreated them again', r)
        r = p.compose2('down')
        check(r.returncode == 0, 'docker compose down failed', r)
        r = p.flotilla('down', '-v')
        check(r.returncode == 0 and p.leftovers() == [], 'leftovers', p.leftovers())
    finally:
        p.cleanup()


if __name__ == '__main__':
    raise SystemExit(main())
