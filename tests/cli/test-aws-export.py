#!/usr/bin/env python3
# test-aws-export.py: flotilla-compose export-aws checked against AWS's own
# model of the ECS API, and against the tutorial
#
# Copyright 2026 The Flotilla authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every task-definition.json the export writes must be a request that
# `aws ecs register-task-definition --cli-input-json` sends: it is checked
# with botocore's ParamValidator against the RegisterTaskDefinition input
# shape of the `ecs` service model that python3-botocore ships (types,
# required members), then against that model's enums, which ParamValidator
# leaves to the service, and against the rules the ECS API documents but the
# model cannot say (names, ranges, references between containers).
#
# Projects: the tutorial's (its aws-compose.yml must come out key by key),
# the Food Trucks example as it is, a project that uses every mapping, and
# every valid compose file of ../shared/corpus (skipped when absent).
# Speaks TAP, one line per project.
#
# usage: test-aws-export.py FLOTILLA_COMPOSE SOURCE_DIR

import json
import os
import re
import subprocess
import sys
import tempfile

TOOL = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
FOODTRUCKS = os.path.join(SOURCE, 'data', 'examples', 'foodtrucks')
SHARED = os.path.join(os.path.dirname(SOURCE), 'shared')
CORPUS = os.environ.get('FLOTILLA_CORPUS_DIR') or os.path.join(SHARED, 'corpus')
SEED = os.path.join(SHARED, 'seed', 'docker-curriculum-part2.ru.md')


def import_modules():
    """botocore and yaml from Debian's python3-botocore and python3-yaml,
    also when the python3 on PATH is another interpreter."""
    try:
        import botocore.session  # noqa: F401
        import yaml  # noqa: F401
    except ImportError:
        sys.path.append('/usr/lib/python3/dist-packages')
    import botocore.session
    import botocore.validate
    import yaml
    return botocore, yaml


try:
    botocore, yaml = import_modules()
except ImportError as e:
    print('Bail out! %s: install python3-botocore and python3-yaml (build-aux/install-deps.sh)' % e)
    sys.exit(1)

MODEL = botocore.session.get_session().get_service_model('ecs')
SHAPE = MODEL.operation_model('RegisterTaskDefinition').input_shape
NAME = re.compile(r'^[A-Za-z0-9_-]{1,255}$')


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def run(*args, cwd=None):
    environment = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'LC_ALL': 'C.UTF-8',
                   'HOME': os.environ.get('HOME', '/tmp')}
    # A sanitizer build's options (tests/meson.build) reach the tool too.
    environment.update({k: v for k, v in os.environ.items() if k.endswith('SAN_OPTIONS')})
    return subprocess.run([TOOL] + list(args), cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=60)


def enum_errors(shape, value, path):
    """What ParamValidator does not check: values outside the model's enums."""
    errors = []
    if shape.type_name == 'structure' and isinstance(value, dict):
        for key, member in shape.members.items():
            if key in value:
                errors += enum_errors(member, value[key], '%s.%s' % (path, key))
    elif shape.type_name == 'list' and isinstance(value, list):
        for i, item in enumerate(value):
            errors += enum_errors(shape.member, item, '%s[%d]' % (path, i))
    elif shape.type_name == 'map' and isinstance(value, dict):
        for key, item in value.items():
            errors += enum_errors(shape.value, item, '%s.%s' % (path, key))
    elif shape.type_name == 'string' and getattr(shape, 'enum', None):
        if value not in shape.enum:
            errors.append('%s: %r is not one of %s' % (path, value, ', '.join(shape.enum)))
    return errors


def service_rule_errors(request):
    """Rules of the RegisterTaskDefinition reference that the model omits."""
    errors = []
    containers = request['containerDefinitions']
    names = [c['name'] for c in containers]
    volumes = [v['name'] for v in request.get('volumes', [])]

    if not NAME.match(request['family']):
        errors.append('family %r: up to 255 letters, digits, hyphens and underscores' % request['family'])
    if len(set(names)) != len(names):
        errors.append('container names are not unique: %s' % names)
    if not any(c.get('essential', True) for c in containers):
        errors.append('no essential container')
    if len(set(volumes)) != len(volumes):
        errors.append('volume names are not unique: %s' % volumes)
    for v in volumes:
        if not NAME.match(v):
            errors.append('volume name %r' % v)
    if request.get('networkMode') not in (None, 'bridge') and any('links' in c for c in containers):
        errors.append('links are only allowed in bridge mode')

    for c in containers:
        where = 'container %s' % c['name']
        if not NAME.match(c['name']):
            errors.append('%s: the name allows letters, digits, hyphens and underscores' % where)
        if 'memory' not in c and 'memoryReservation' not in c and 'memory' not in request:
            errors.append('%s: neither memory nor memoryReservation' % where)
        if c.get('memory', 6) < 6:
            errors.append('%s: memory %d MiB is below the 6 MiB minimum' % (where, c['memory']))
        if 'memoryReservation' in c and 'memory' in c and c['memoryReservation'] > c['memory']:
            errors.append('%s: memoryReservation above memory' % where)
        for p in c.get('portMappings', []):
            if not 1 <= p['containerPort'] <= 65535 or not 0 <= p.get('hostPort', 0) <= 65535:
                errors.append('%s: port out of range: %s' % (where, p))
        for link in c.get('links', []):
            if link.split(':')[0] not in names:
                errors.append('%s: link to unknown container %s' % (where, link))
        for d in c.get('dependsOn', []):
            if d['containerName'] not in names or d['containerName'] == c['name']:
                errors.append('%s: depends on %s' % (where, d['containerName']))
            if d['condition'] == 'HEALTHY':
                target = containers[names.index(d['containerName'])]
                if 'healthCheck' not in target:
                    errors.append('%s: HEALTHY needs a health check on %s' % (where, d['containerName']))
        for m in c.get('mountPoints', []):
            if m['sourceVolume'] not in volumes:
                errors.append('%s: mount of undeclared volume %s' % (where, m['sourceVolume']))
        for v in c.get('volumesFrom', []):
            if v['sourceContainer'] not in names:
                errors.append('%s: volumesFrom unknown container %s' % (where, v['sourceContainer']))
        h = c.get('healthCheck')
        if h is not None:
            if h['command'][0] not in ('CMD', 'CMD-SHELL'):
                errors.append('%s: health check command must start with CMD or CMD-SHELL' % where)
            for key, low, high in (('interval', 5, 300), ('timeout', 2, 60), ('retries', 1, 10),
                                   ('startPeriod', 0, 300)):
                if key in h and not low <= h[key] <= high:
                    errors.append('%s: healthCheck.%s %d is outside %d..%d' % (where, key, h[key], low, high))
    return errors


def validate_task_definition(text):
    request = json.loads(text)
    report = botocore.validate.ParamValidator().validate(request, SHAPE)
    errors = [report.generate_report()] if report.has_errors() else []
    errors += enum_errors(SHAPE, request, 'request')
    errors += service_rule_errors(request)
    check(not errors, '\n'.join(errors))
    return request


def validate_params(text, request):
    params = yaml.safe_load(text)
    check(params['version'] == 1, 'ecs-params version')
    definition = params['task_definition']
    check(definition['ecs_network_mode'] == request['networkMode'], 'network mode')
    check(str(definition['task_size']['mem_limit']) == request['memory'], 'task memory')
    check(str(definition['task_size']['cpu_limit']) == request['cpu'], 'task cpu')
    services = definition['services']
    check(len(services) == len(request['containerDefinitions']), 'one entry per container')
    for name, service in services.items():
        check(isinstance(service['essential'], bool), 'essential of %s is a boolean' % name)
    return params


def export(folder, options=(), command_options=()):
    """Runs export-aws into a temporary folder; returns the three texts and
    the standard error."""
    with tempfile.TemporaryDirectory() as out:
        r = run(*(list(options) + ['export-aws', '-o', out] + list(command_options)), cwd=folder)
        check(r.returncode == 0, 'exit status %d: %s' % (r.returncode, r.stderr))
        texts = {}
        for name in ('aws-compose.yml', 'ecs-params.yml', 'task-definition.json'):
            with open(os.path.join(out, name)) as f:
                texts[name] = f.read()
        return texts, r.stderr


def check_export(folder, options=(), command_options=()):
    texts, stderr = export(folder, options, command_options)
    request = validate_task_definition(texts['task-definition.json'])
    validate_params(texts['ecs-params.yml'], request)
    compose = yaml.safe_load(texts['aws-compose.yml'])
    check(len(compose) == len(request['containerDefinitions']), 'one service per container')
    return texts, stderr, request


def tutorial_files():
    """The tutorial's aws-compose.yml: our copy, and the tutorial's own text
    when the seed is there."""
    with open(os.path.join(FOODTRUCKS, 'aws-compose.yml')) as f:
        files = [('data/examples/foodtrucks/aws-compose.yml', f.read())]
    if os.path.exists(SEED):
        with open(SEED, encoding='utf-8') as f:
            blocks = re.findall(r'```\n(.*?)```', f.read(), re.S)
        wanted = [b for b in blocks if 'cpu_shares' in b and 'mem_limit' in b and 'version' not in b]
        check(len(wanted) == 1, 'the tutorial has one aws-compose.yml block')
        files.append(('the tutorial (seed)', wanted[0]))
    return files


def same_keys(a, b, where='aws-compose.yml'):
    """Equal key by key, and in the same order."""
    check(type(a) is type(b), '%s: %r against %r' % (where, a, b))
    if isinstance(a, dict):
        check(list(a) == list(b), '%s: keys %s against %s' % (where, list(a), list(b)))
        for key in a:
            same_keys(a[key], b[key], '%s.%s' % (where, key))
    elif isinstance(a, list):
        check(len(a) == len(b), '%s: %d items against %d' % (where, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            same_keys(x, y, '%s[%d]' % (where, i))
    else:
        check(a == b, '%s: %r against %r' % (where, a, b))


TUTORIAL = '''services:
  es:
    image: elasticsearch
  web:
    image: prakhar1989/foodtrucks-web
    ports:
      - "80:5000"
    depends_on:
      - es
'''

EVERYTHING = '''name: shop
services:
  db:
    image: postgres:16
    environment:
      POSTGRES_PASSWORD: "s3cr$$t"
    env_file: [db.env]
    volumes:
      - dbdata:/var/lib/postgresql/data
      - /srv/backups:/backups:ro
      - /tmp
    healthcheck:
      test: ["CMD-SHELL", "pg_isready"]
      interval: 2s
      timeout: 90s
      retries: 20
      start_period: 30s
    ulimits:
      nofile: {soft: 1024, hard: 4096}
      nproc: 512
    restart: always
    networks: [back]
  migrate:
    build: ./migrate
    depends_on:
      db: {condition: service_healthy}
  web.front:
    image: example/web:1.0
    build: .
    command: ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]
    entrypoint: /docker-entrypoint.sh
    working_dir: /app
    user: "1000"
    hostname: web1
    ports:
      - "8000"
      - "127.0.0.1:8443:443"
      - "53:53/udp"
      - "9000-9002:9000-9002"
    depends_on:
      db: {condition: service_healthy}
      migrate: {condition: service_completed_successfully}
    links: ["db:database"]
    extra_hosts: ["api.local:10.0.0.5"]
    logging:
      driver: awslogs
      options: {awslogs-group: /ecs/shop, awslogs-region: eu-west-1}
    labels: {com.example.tier: front}
    deploy:
      resources:
        limits: {cpus: "0.5", memory: 512M}
        reservations: {memory: 128M}
    cap_add: [NET_ADMIN]
    cap_drop: [MKNOD]
    dns: [8.8.8.8]
    security_opt: ["no-new-privileges:true"]
    privileged: false
    read_only: true
    tty: true
    stdin_open: true
    init: true
    volumes:
      - ./src:/app/src
      - /var/run/docker.sock:/var/run/docker.sock:ro
    volumes_from: ["db:ro"]
  tiny:
    image: busybox
    mem_limit: 2m
    depends_on: [web.front]
networks:
  back: {}
volumes:
  dbdata:
    labels: {keep: "yes"}
'''

tests = []


def test(function):
    tests.append((function.__name__.replace('_', ' '), function))
    return function


@test
def tutorial_case_is_the_tutorials_aws_compose_yml():
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, 'docker-compose.yml'), 'w') as f:
            f.write(TUTORIAL)
        texts, stderr, request = check_export(d, ['-p', 'foodtrucks'])
        got = yaml.safe_load(texts['aws-compose.yml'])
        for where, text in tutorial_files():
            same_keys(yaml.safe_load(text), got, where)
        check('warning' not in stderr, stderr)
        web = request['containerDefinitions'][1]
        check(web['memory'] == 250 and web['cpu'] == 100, 'the tutorial\'s 250 MiB and 100 units')
        check(web['portMappings'] == [{'containerPort': 5000, 'hostPort': 80, 'protocol': 'tcp'}], web)
        check(web['links'] == ['es'], 'depends_on became a link')


@test
def foodtrucks_example_with_host_port_80():
    texts, stderr, request = check_export(FOODTRUCKS, ['-f', 'docker-compose.yml'], ['--publish', 'web:80:5000'])
    compose = yaml.safe_load(texts['aws-compose.yml'])
    check(compose['web']['ports'] == ['80:5000'], compose)
    check('volumes' not in compose['web'], 'the source-code bind mount is left out')
    check(re.search(r'^docker-compose\.yml:14:9: warning: .*\.:/code', stderr, re.M), stderr)
    check(request['family'] == 'foodtrucks', request['family'])


@test
def every_mapping_at_once():
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, 'compose.yaml'), 'w') as f:
            f.write(EVERYTHING)
        with open(os.path.join(d, 'db.env'), 'w') as f:
            f.write('POSTGRES_USER=app\nPOSTGRES_DB=${DBNAME:-shop}\n')
        texts, stderr, request = check_export(d)
        containers = {c['name']: c for c in request['containerDefinitions']}
        check(sorted(containers) == ['db', 'migrate', 'tiny', 'web_front'], sorted(containers))
        check(containers['migrate']['essential'] is False, 'a one-shot job is not essential')
        check(containers['db']['healthCheck']['interval'] == 5, 'interval raised to ECS\'s minimum')
        check({'name': 'POSTGRES_DB', 'value': 'shop'} in containers['db']['environment'], 'env_file folded in')
        check(containers['web_front']['memoryReservation'] == 128, 'reservation in MiB')
        for warning in ('port ranges', 'bind mount ./src', 'restart: always', 'user-defined networks',
                        'ECS does not build images', 'has build: and no image:', 'ECS container names',
                        'at least 6 MiB'):
            check(warning in stderr, 'no warning about %s:\n%s' % (warning, stderr))


def corpus_files():
    manifest = os.path.join(CORPUS, 'MANIFEST.tsv')
    exceptions = os.path.join(SOURCE, 'tests', 'data', 'corpus-exceptions.tsv')
    skipped = set()
    with open(exceptions) as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                skipped.add(line.split('\t')[0])
    with open(manifest) as f:
        next(f)
        for line in f:
            cols = line.rstrip('\n').split('\t')
            if cols[5] == 'compose' and not cols[6].startswith('INVALID') and cols[0] not in skipped:
                yield cols[0]


def corpus_test(path):
    def function():
        full = os.path.join(CORPUS, path)
        folder = os.path.dirname(full)
        with tempfile.TemporaryDirectory() as out:
            r = run('-f', full, 'export-aws', '--format', 'taskdef', '-o', out, cwd=folder)
            if r.returncode != 0 and 'no service to export' in r.stderr:
                return 'SKIP every service is in a profile'
            check(r.returncode == 0, 'exit status %d: %s' % (r.returncode, r.stderr))
            with open(os.path.join(out, 'task-definition.json')) as f:
                validate_task_definition(f.read())
        return None
    return function


def main():
    cases = list(tests)
    if os.path.isdir(CORPUS):
        cases += [('corpus ' + p, corpus_test(p)) for p in corpus_files()]
    print('1..%d' % (len(cases) + (0 if os.path.isdir(CORPUS) else 1)))
    failed = 0
    for number, (name, function) in enumerate(cases, 1):
        try:
            skip = function()
            print('ok %d %s%s' % (number, name, ' # ' + skip if skip else ''))
        except Exception as e:
            failed += 1
            print('not ok %d %s' % (number, name))
            for line in str(e).splitlines() or ['(no message)']:
                print('# ' + line)
    if not os.path.isdir(CORPUS):
        print('ok %d corpus # SKIP %s is absent' % (len(cases) + 1, CORPUS))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
