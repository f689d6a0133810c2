#!/usr/bin/env python3
# flotilla-compose as a user runs it: file discovery, options before the
# command, config and its output forms, diagnostics on stderr, exit
# status, and edits in place.  Speaks TAP.
#
# usage: test-cli.py FLOTILLA_COMPOSE SOURCE_DIR

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile

TOOL = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
FOODTRUCKS = os.path.join(SOURCE, 'data', 'examples', 'foodtrucks')
DIAGNOSTIC = re.compile(r'^[^:\n]+:\d+:\d+: (error|warning|note): .+$')

tests = []


def test(function):
    tests.append(function)
    return function


def run(*args, cwd=None, env=None, stdin=None):
    environment = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'LC_ALL': 'C.UTF-8',
                   'HOME': os.environ.get('HOME', '/tmp')}
    # A sanitizer build's options (tests/meson.build) reach the tool too.
    environment.update({k: v for k, v in os.environ.items() if k.endswith('SAN_OPTIONS')})
    environment.update(env or {})
    return subprocess.run([TOOL] + list(args), cwd=cwd, env=environment, input=stdin,
                          capture_output=True, text=True, timeout=60)


def write(folder, name, text):
    path = os.path.join(folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)
    return path


def check(condition, what):
    if not condition:
        raise AssertionError(what)


@test
def config_prints_the_example():
    r = run('config', cwd=FOODTRUCKS)
    check(r.returncode == 0, 'exit status %d: %s' % (r.returncode, r.stderr))
    check('name: foodtrucks\n' in r.stdout, 'project name from the folder')
    check('\n  es:\n' in r.stdout and '\n  web:\n' in r.stdout, 'both services')
    check('published: "5000"' in r.stdout, 'ports in the long form')
    check(re.search(r'^docker-compose\.yml:4:1: warning: .*version', r.stderr, re.M), 'version warning with position')


@test
def config_json_is_json():
    r = run('config', '--format', 'json', cwd=FOODTRUCKS)
    check(r.returncode == 0, r.stderr)
    data = json.loads(r.stdout)
    check(sorted(data['services']) == ['es', 'web'], 'services')
    check(data['services']['web']['ports'][0]['target'] == 5000, 'typed port target')
    check(data['services']['web']['command'] == ['python', 'app.py'], 'command split like a shell')


@test
def config_services_lists_names():
    r = run('config', '--services', cwd=FOODTRUCKS)
    check(r.returncode == 0 and r.stdout == 'es\nweb\n', repr(r.stdout))


@test
def quiet_prints_nothing_on_success():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'compose.yaml', 'services:\n  web:\n    image: nginx\n')
        r = run('config', '-q', cwd=d)
        check(r.returncode == 0 and r.stdout == '' and r.stderr == '', (r.stdout, r.stderr))


@test
def errors_go_to_stderr_with_position_and_status_1():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'compose.yaml', 'services:\n  web:\n    image: nginx\n    prots: ["80:80"]\n')
        r = run('config', cwd=d)
        check(r.returncode == 1, 'exit status %d' % r.returncode)
        check(r.stdout == '', 'nothing on stdout when invalid')
        lines = r.stderr.strip().splitlines()
        check(lines and all(DIAGNOSTIC.match(l) for l in lines), r.stderr)
        check(lines[0].startswith('compose.yaml:4:5: error: ') and 'ports' in lines[0], lines[0])


@test
def syntax_errors_point_at_the_line():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'compose.yaml', 'services:\n  web:\n    image: "nginx\n    ports: []\n')
        r = run('config', '-q', cwd=d)
        check(r.returncode == 1, 'status')
        check(r.stderr.startswith('compose.yaml:3:12: error: '), r.stderr)


@test
def finds_the_file_in_a_parent_folder_with_its_override():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'docker-compose.yml', 'services:\n  web:\n    image: nginx\n')
        write(d, 'docker-compose.override.yml', 'services:\n  web:\n    image: nginx:1.27\n')
        sub = os.path.join(d, 'src', 'deep')
        os.makedirs(sub)
        r = run('config', '--format', 'json', cwd=sub)
        check(r.returncode == 0, r.stderr)
        check(json.loads(r.stdout)['services']['web']['image'] == 'nginx:1.27', 'override applied')


@test
def prefers_compose_yaml():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'compose.yaml', 'services:\n  a:\n    image: x\n')
        write(d, 'docker-compose.yml', 'services:\n  b:\n    image: x\n')
        r = run('config', '--services', cwd=d)
        check(r.stdout == 'a\n', r.stdout)


@test
def no_file_is_a_clear_error():
    with tempfile.TemporaryDirectory() as d:
        r = run('config', cwd=d)
        check(r.returncode != 0 and 'compose.yaml' in r.stderr and '-f' in r.stderr, r.stderr)


@test
def later_files_override_earlier_ones():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'a.yml', 'services:\n  web:\n    image: nginx\n    environment: [A=1]\n')
        write(d, 'b.yml', 'services:\n  web:\n    environment:\n      B: "2"\n  db:\n    image: postgres\n')
        r = run('-f', 'a.yml', '-f', 'b.yml', 'config', '--format', 'json', cwd=d)
        check(r.returncode == 0, r.stderr)
        data = json.loads(r.stdout)
        check(data['services']['web']['environment'] == {'A': '1', 'B': '2'}, data['services']['web'])
        check('db' in data['services'], 'service from the second file')


@test
def project_name_options_and_variables():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'compose.yaml', 'name: fromfile\nservices:\n  web:\n    image: nginx\n')
        r = run('-p', 'cli', 'config', '--format', 'json', cwd=d)
        check(json.loads(r.stdout)['name'] == 'cli', '-p wins')
        r = run('config', '--format', 'json', cwd=d, env={'COMPOSE_PROJECT_NAME': 'FromEnv'})
        check(json.loads(r.stdout)['name'] == 'fromenv', 'variable next, normalised')
        r = run('config', '--format', 'json', cwd=d)
        check(json.loads(r.stdout)['name'] == 'fromfile', 'then the file')
        r = run('-p', 'Bad Name', 'config', '-q', cwd=d)
        check(r.returncode == 1 and 'project name' in r.stderr, r.stderr)


@test
def env_file_and_environment_interpolate():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'compose.yaml', 'services:\n  web:\n    image: "nginx:${TAG}"\n    ports: ["${PORT:-8080}:80"]\n')
        write(d, '.env', 'TAG=from-dotenv\n')
        write(d, 'other.env', 'TAG=from-other\nPORT=9090\n')
        r = run('config', '--format', 'json', cwd=d)
        check(json.loads(r.stdout)['services']['web']['image'] == 'nginx:from-dotenv', '.env')
        r = run('config', '--format', 'json', cwd=d, env={'TAG': 'from-environment'})
        check(json.loads(r.stdout)['services']['web']['image'] == 'nginx:from-environment', 'environment wins')
        r = run('--env-file', 'other.env', 'config', '--format', 'json', cwd=d)
        data = json.loads(r.stdout)
        check(data['services']['web']['image'] == 'nginx:from-other', '--env-file replaces .env')
        check(data['services']['web']['ports'][0]['published'] == '9090', 'default overridden')


@test
def required_variable_message():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'compose.yaml', 'services:\n  web:\n    image: "nginx:${TAG:?set TAG first}"\n')
        r = run('config', '-q', cwd=d)
        check(r.returncode == 1 and 'compose.yaml:3:19: error:' in r.stderr and 'set TAG first' in r.stderr, r.stderr)


@test
def profiles_from_option_and_variable():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'compose.yaml', 'services:\n  web:\n    image: x\n  debug:\n    image: x\n    profiles: [dev]\n')
        check(run('config', '--services', cwd=d).stdout == 'web\n', 'off by default')
        check(run('--profile', 'dev', 'config', '--services', cwd=d).stdout == 'web\ndebug\n', '--profile')
        check(run('config', '--services', cwd=d, env={'COMPOSE_PROFILES': 'dev'}).stdout == 'web\ndebug\n', 'variable')


@test
def legacy_aws_file_opens_with_a_note():
    r = run('-f', 'aws-compose.yml', 'config', '--format', 'json', cwd=FOODTRUCKS)
    check(r.returncode == 0, r.stderr)
    data = json.loads(r.stdout)
    check(data['services']['web']['cpu_shares'] == 100 and data['services']['web']['mem_limit'] == 262144000, data)
    check('legacy' in r.stderr, r.stderr)


@test
def standard_input():
    r = run('-f', '-', 'config', '--services', stdin='services:\n  one:\n    image: x\n')
    check(r.returncode == 0 and r.stdout == 'one\n', (r.stdout, r.stderr))


@test
def edit_in_place_keeps_comments_and_mode():
    with tempfile.TemporaryDirectory() as d:
        original = ('# my app\nservices:\n  web:\n    image: nginx   # pinned later\n'
                    '    ports:\n      - "80:80"\n  # the database\n  db:\n    image: postgres\n'
                    '    depends_on: [web]\n')
        path = write(d, 'compose.yaml', original)
        os.chmod(path, 0o640)
        r = run('edit', 'set', 'services.web.image', 'nginx:1.27',
                'add', 'services.web.ports', '443:443', 'rename-service', 'web', 'front', cwd=d)
        check(r.returncode == 0, r.stderr)
        with open(path) as f:
            text = f.read()
        expected = ('# my app\nservices:\n  front:\n    image: nginx:1.27   # pinned later\n'
                    '    ports:\n      - "80:80"\n      - "443:443"\n  # the database\n  db:\n    image: postgres\n'
                    '    depends_on: [front]\n')
        check(text == expected, repr(text))
        check(stat.S_IMODE(os.stat(path).st_mode) == 0o640, 'mode kept')
        check(sorted(os.listdir(d)) == ['compose.yaml'], 'no temporary file left')


@test
def edit_stdout_without_operations_prints_the_file():
    r = run('edit', '--stdout', cwd=FOODTRUCKS)
    with open(os.path.join(FOODTRUCKS, 'docker-compose.yml')) as f:
        check(r.returncode == 0 and r.stdout == f.read(), 'unchanged bytes')


@test
def edit_stdout_leaves_the_file_alone():
    with tempfile.TemporaryDirectory() as d:
        path = write(d, 'compose.yaml', 'services:\n  web:\n    image: nginx\n')
        r = run('edit', '--stdout', 'remove', 'services.web.image', cwd=d)
        check(r.returncode == 0 and r.stdout == 'services:\n  web: {}\n', repr(r.stdout))
        with open(path) as f:
            check(f.read() == 'services:\n  web:\n    image: nginx\n', 'file untouched')


@test
def failed_edit_changes_nothing():
    with tempfile.TemporaryDirectory() as d:
        original = 'x-base: &base\n  image: nginx\nservices:\n  web: *base\n'
        path = write(d, 'compose.yaml', original)
        r = run('edit', 'set', 'services.web.user', 'nobody', 'set', 'services.web.image', 'x', cwd=d)
        check(r.returncode == 1 and 'anchor' in r.stderr, r.stderr)
        with open(path) as f:
            check(f.read() == original, 'file untouched after a refused edit')


@test
def unknown_command_and_operation():
    check(run('frobnicate').returncode == 2, 'unknown command')
    r = run('edit', '--stdout', 'frobnicate', cwd=FOODTRUCKS)
    check(r.returncode == 2 and 'frobnicate' in r.stderr, r.stderr)


AWS_FILES = ['aws-compose.yml', 'ecs-params.yml', 'task-definition.json']


@test
def export_aws_writes_the_three_files_and_warns():
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, 'new', 'aws')
        r = run('-f', os.path.join(FOODTRUCKS, 'docker-compose.yml'), 'export-aws', '-o', out, cwd=d)
        check(r.returncode == 0, 'exit status %d: %s' % (r.returncode, r.stderr))
        check(r.stdout == '', 'nothing on stdout: ' + r.stdout)
        check(sorted(os.listdir(out)) == AWS_FILES, os.listdir(out))
        for name in AWS_FILES:
            check('Wrote %s\n' % os.path.join(out, name) in r.stderr, r.stderr)
        warnings = [l for l in r.stderr.splitlines() if DIAGNOSTIC.match(l)]
        check(any(re.search(r'docker-compose\.yml:14:9: warning: .*\.:/code', l) for l in warnings), r.stderr)
        check('Exported 2 services as the task definition family foodtrucks.' in r.stderr, r.stderr)
        with open(os.path.join(out, 'task-definition.json')) as f:
            request = json.load(f)
        check(request['family'] == 'foodtrucks', request['family'])
        check([c['memory'] for c in request['containerDefinitions']] == [250, 250], 'the tutorial\'s defaults')


@test
def export_aws_formats():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'compose.yaml', 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n')
        for fmt, name in zip(['compose', 'params', 'taskdef'], AWS_FILES):
            out = os.path.join(d, fmt)
            r = run('export-aws', '--format', fmt, '-o', out, cwd=d)
            check(r.returncode == 0, r.stderr)
            check(os.listdir(out) == [name], (fmt, os.listdir(out)))
            printed = run('export-aws', '--format', fmt, '-o', '-', cwd=d)
            with open(os.path.join(out, name)) as f:
                check(printed.returncode == 0 and printed.stdout == f.read(), 'the same text on stdout')
        r = run('export-aws', '--format', 'all', '-o', os.path.join(d, 'all'), cwd=d)
        check(sorted(os.listdir(os.path.join(d, 'all'))) == AWS_FILES, 'all three')
        r = run('export-aws', '-o', '-', cwd=d)
        check(r.returncode == 2 and '--format' in r.stderr, 'one file at a time on stdout: ' + r.stderr)
        r = run('export-aws', '--format', 'xml', cwd=d)
        check(r.returncode == 2 and 'xml' in r.stderr, r.stderr)


@test
def export_aws_defaults_and_host_ports():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'compose.yaml', 'services:\n  es:\n    image: elasticsearch\n    mem_limit: 1g\n'
              '  web:\n    image: app\n    ports: ["5000:5000"]\n    depends_on: [es]\n')
        r = run('export-aws', '--cpu-shares', '256', '--mem-limit', '512m', '--publish', 'web:80:5000',
                '--family', 'shop', '--format', 'taskdef', '-o', '-', cwd=d)
        check(r.returncode == 0, r.stderr)
        request = json.loads(r.stdout)
        es, web = request['containerDefinitions']
        check(request['family'] == 'shop', 'family')
        check(es['memory'] == 1024 and es['cpu'] == 256, 'the service\'s own memory wins over the default')
        check(web['memory'] == 512 and web['cpu'] == 256, 'the defaults from the flags')
        check(web['portMappings'][0]['hostPort'] == 80, web['portMappings'])
        check(web['links'] == ['es'], 'depends_on became a link')
        r = run('export-aws', '--mem-limit', '262144000', '--format', 'compose', '-o', '-', cwd=d)
        check('  mem_limit: 262144000\n' in r.stdout and '  cpu_shares: 100\n' in r.stdout, r.stdout)
        for bad in (['--cpu-shares', 'lots'], ['--mem-limit', 'big'], ['--publish', 'web:80']):
            r = run('export-aws', *bad, cwd=d)
            check(r.returncode == 2 and bad[0] in r.stderr, (bad, r.stderr))


@test
def export_aws_strict_and_errors():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'compose.yaml', 'services:\n  web:\n    build: .\n    restart: always\n')
        r = run('export-aws', '--strict', '-o', 'out', cwd=d)
        check(r.returncode == 1 and not os.path.exists(os.path.join(d, 'out')), 'nothing written with --strict')
        check(re.search(r'^compose\.yaml:3:12: warning: .*build', r.stderr, re.M), r.stderr)
        check(re.search(r'^compose\.yaml:4:14: warning: .*restart', r.stderr, re.M), r.stderr)
        blocker = write(d, 'a-file', 'x')
        target = os.path.join(blocker, 'aws')
        r = run('export-aws', '-o', target, cwd=d)
        check(r.returncode == 1 and target in r.stderr and 'folder' in r.stderr, r.stderr)
        write(d, 'compose.yaml', 'services:\n  web:\n    image: nginx\n    prots: []\n')
        r = run('export-aws', '-o', 'out', cwd=d)
        check(r.returncode == 1 and 'compose.yaml:4:5: error:' in r.stderr, r.stderr)
        check(not os.path.exists(os.path.join(d, 'out')), 'nothing written for an invalid project')


@test
def export_aws_never_replaces_its_own_source():
    with tempfile.TemporaryDirectory() as d:
        shutil.copy(os.path.join(FOODTRUCKS, 'aws-compose.yml'), d)
        with open(os.path.join(d, 'aws-compose.yml')) as f:
            original = f.read()
        r = run('-f', 'aws-compose.yml', 'export-aws', cwd=d)
        check(r.returncode == 1 and os.path.join(d, 'aws-compose.yml') in r.stderr, r.stderr)
        with open(os.path.join(d, 'aws-compose.yml')) as f:
            check(f.read() == original, 'the source file is untouched')
        check(sorted(os.listdir(d)) == ['aws-compose.yml'], 'and nothing else was written')


@test
def stack_usage_and_errors_before_any_engine():
    r = run('stack')
    check(r.returncode == 2 and 'deploy' in r.stderr and 'rm' in r.stderr and 'ps' in r.stderr,
          'stack without a command prints its usage: %r' % r.stderr)
    r = run('stack', 'frob')
    check(r.returncode == 2 and 'unknown stack command' in r.stderr, 'unknown stack command: %r' % r.stderr)
    r = run('stack', 'ps', 'one', 'two')
    check(r.returncode == 2 and 'too many arguments' in r.stderr, 'two stack names: %r' % r.stderr)
    with tempfile.TemporaryDirectory() as empty:
        r = run('stack', 'ps', cwd=empty)
        check(r.returncode == 1 and 'no compose file' in r.stderr and 'stack ps STACK' in r.stderr,
              'ps without a file or a name says how to name the stack: %r' % r.stderr)
    r = run('stack', 'deploy', 'bad name', cwd=FOODTRUCKS)
    check(r.returncode == 1 and 'cannot name a stack' in r.stderr, 'invalid stack name: %r' % r.stderr)
    r = run('stack', 'rm', 'demo', env={'DOCKER_HOST': 'unix:///nonexistent/docker.sock'})
    check(r.returncode == 1 and 'no Docker Engine at /nonexistent/docker.sock' in r.stderr,
          'no engine: %r' % r.stderr)


def run_bytes(*args, cwd=None, env=None):
    environment = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'LC_ALL': 'C.UTF-8',
                   'HOME': os.environ.get('HOME', '/tmp')}
    # A sanitizer build's options (tests/meson.build) reach the tool too.
    environment.update({k: v for k, v in os.environ.items() if k.endswith('SAN_OPTIONS')})
    environment.update(env or {})
    return subprocess.run([TOOL] + list(args), cwd=cwd, env=environment,
                          capture_output=True, timeout=60)


@test
def graph_draws_the_tutorial_as_svg_on_stdout():
    r = run('graph', cwd=FOODTRUCKS)
    check(r.returncode == 0, 'exit status %d: %s' % (r.returncode, r.stderr))
    check(r.stdout.startswith('<?xml') and '<svg' in r.stdout and r.stdout.rstrip().endswith('</svg>'),
          'an SVG document: %r' % r.stdout[:80])
    check('<title>foodtrucks</title>' in r.stdout, 'titled with the project')
    for words in ('service:web (prakhar1989/foodtrucks-web)', 'service:es (elasticsearch)', 'network:default',
                  'host → service:web [Published port: 5000 → 5000/tcp]'):
        check(words in r.stdout, 'the picture says %r' % words)
    again = run('graph', cwd=FOODTRUCKS)
    check(again.stdout == r.stdout, 'the same file, the same bytes')
    dark = run('graph', '--dark', cwd=FOODTRUCKS)
    check(dark.returncode == 0 and dark.stdout != r.stdout and '11.764706%' in dark.stdout,
          'a dark picture on a dark background')


@test
def graph_format_from_the_output_name_or_the_option():
    with tempfile.TemporaryDirectory() as d:
        for name, magic in (('g.svg', b'<?xml'), ('g.png', b'\x89PNG\r\n\x1a\n'), ('g.dot', b'digraph "foodtrucks" {'),
                            ('G.PNG', b'\x89PNG\r\n\x1a\n')):
            path = os.path.join(d, name)
            r = run('graph', '-o', path, cwd=FOODTRUCKS)
            check(r.returncode == 0 and r.stdout == '', '%s: %s' % (name, r.stderr))
            with open(path, 'rb') as f:
                check(f.read().startswith(magic), '%s starts with %r' % (name, magic))
        path = os.path.join(d, 'graph.out')
        r = run('graph', '--format', 'dot', '-o', path, cwd=FOODTRUCKS)
        check(r.returncode == 0, r.stderr)
        with open(path) as f:
            dot = f.read()
        check('"host" -> "service:web" [class="port"' in dot, 'the port edge in DOT')
    r = run('graph', '--format', 'dot', cwd=FOODTRUCKS)
    check(r.returncode == 0 and r.stdout.startswith('digraph "foodtrucks" {'), 'DOT on stdout')
    r = run_bytes('graph', '--format', 'png', '--scale', '1', cwd=FOODTRUCKS)
    check(r.returncode == 0 and r.stdout.startswith(b'\x89PNG\r\n\x1a\n'), 'PNG piped on stdout')
    if shutil.which('dot'):
        r = run('graph', '--format', 'dot', cwd=FOODTRUCKS)
        checked = subprocess.run(['dot', '-Tsvg'], input=r.stdout, capture_output=True, text=True, timeout=60)
        check(checked.returncode == 0 and '<svg' in checked.stdout, 'Graphviz reads it: %s' % checked.stderr)


@test
def graph_refuses_what_it_cannot_write():
    r = run('graph', '--format', 'jpeg', cwd=FOODTRUCKS)
    check(r.returncode == 2 and 'unknown format “jpeg”; use svg, png or dot' in r.stderr, r.stderr)
    r = run('graph', '-o', 'graph.jpg', cwd=FOODTRUCKS)
    check(r.returncode == 2 and 'cannot tell the format from “graph.jpg”' in r.stderr and '--format' in r.stderr,
          r.stderr)
    r = run('graph', 'web', cwd=FOODTRUCKS)
    check(r.returncode == 2 and 'takes no arguments' in r.stderr, r.stderr)
    r = run('graph', '--scale', '0', '--format', 'png', cwd=FOODTRUCKS)
    check(r.returncode == 2 and '--scale' in r.stderr, r.stderr)
    r = run('graph', '-o', '/nonexistent/folder/graph.svg', cwd=FOODTRUCKS)
    check(r.returncode == 1 and '/nonexistent/folder/graph.svg' in r.stderr and 'folder exists' in r.stderr,
          r.stderr)
    with tempfile.TemporaryDirectory() as empty:
        r = run('graph', cwd=empty)
        check(r.returncode == 1 and 'no compose file' in r.stderr, r.stderr)


@test
def graph_of_a_file_with_mistakes_still_draws():
    with tempfile.TemporaryDirectory() as d:
        write(d, 'compose.yaml', 'services:\n  web:\n    image: nginx\n    depends_on: [db]\n'
                                 '    ports: ["8080:80"]\n')
        r = run('graph', '--format', 'dot', cwd=d)
        check(DIAGNOSTIC.search(r.stderr) and 'db' in r.stderr, 'the mistake is reported: %r' % r.stderr)
        check(r.returncode == 0 and '"host" -> "service:web"' in r.stdout, 'and the rest is drawn: %r' % r.stdout)


@test
def graph_live_without_an_engine_says_what_to_do():
    r = run('graph', '--live', cwd=FOODTRUCKS, env={'DOCKER_HOST': 'unix:///nonexistent/docker.sock'})
    check(r.returncode == 1, 'exit status %d' % r.returncode)
    check('no Docker Engine at /nonexistent/docker.sock' in r.stderr, 'where it looked: %r' % r.stderr)
    check('Start the Docker Engine' in r.stderr and 'without --live' in r.stderr, 'what to do: %r' % r.stderr)
    check(r.stdout == '', 'nothing drawn')


# Hostile input, as the user sees it: an error that says where and what to
# do, an exit status of 1, and no hang (run() gives up after 60 s).

def write_bytes(folder, name, data):
    path = os.path.join(folder, name)
    with open(path, 'wb') as f:
        f.write(data)
    return path


@test
def hostile_bytes_and_tabs_say_where():
    cases = [
        (b'services:\n  web:\n    image: caf\xe9\n', 'bad.yml:3:15: error:', 'UTF-8'),
        (b'services:\n  web:\n    image: x\x00y\n', 'bad.yml:3:13: error:', 'NUL byte'),
        (b'services:\n  web:\n\timage: nginx\n', 'bad.yml:3:1: error:', 'indent with spaces'),
        (b'services:\n  web:\n    image: x\n    labels: ' + b'[' * 10000 + b']' * 10000 + b'\n',
         'bad.yml:4:522: error:', 'deeper than 512'),
    ]
    with tempfile.TemporaryDirectory() as d:
        for data, where, words in cases:
            write_bytes(d, 'bad.yml', data)
            r = run('-f', 'bad.yml', 'config', '-q', cwd=d)
            check(r.returncode == 1, 'exit status %d for %r' % (r.returncode, data[:40]))
            lines = r.stderr.splitlines()
            check(lines and all(DIAGNOSTIC.match(l) for l in lines), r.stderr)
            check(r.stderr.startswith(where) and words in r.stderr, '%s / %s: %r' % (where, words, r.stderr))


@test
def hostile_alias_bomb_stops_at_the_alias():
    text = 'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    previous = 'a'
    for name in 'bcdefghi':
        text += 'x-%s: &%s [%s]\n' % (name, name, ','.join(['*' + previous] * 9))
        previous = name
    text += 'services:\n  web:\n    image: x\n    command: *i\n'
    with tempfile.TemporaryDirectory() as d:
        write(d, 'compose.yaml', text)
        r = run('config', '-q', cwd=d)
        check(r.returncode == 1 and re.match(r'compose\.yaml:2:\d+: error: aliases expand', r.stderr), r.stderr)


@test
def hostile_crlf_file_stays_crlf():
    with tempfile.TemporaryDirectory() as d:
        path = write_bytes(d, 'compose.yaml', b'services:\r\n  web:\r\n    image: nginx\r\n'
                                              b'    ports:\r\n      - "80:80"\r\n')
        r = run('config', '--format', 'json', cwd=d)
        check(r.returncode == 0 and json.loads(r.stdout)['services']['web']['image'] == 'nginx', r.stderr)
        r = run('edit', 'set', 'services.web.image', 'nginx:1.27', 'add', 'services.web.ports', '443:443',
                'set', 'services.web.restart', 'always', 'remove', 'services.web.ports[0]', cwd=d)
        check(r.returncode == 0, r.stderr)
        with open(path, 'rb') as f:
            data = f.read()
        check(data == b'services:\r\n  web:\r\n    image: nginx:1.27\r\n    ports:\r\n'
                      b'      - "443:443"\r\n    restart: always\r\n', repr(data))


@test
def hostile_paths_that_are_not_compose_files():
    with tempfile.TemporaryDirectory() as d:
        os.mkdir(os.path.join(d, 'compose.yaml'))
        r = run('-f', 'compose.yaml', 'config', '-q', cwd=d)
        check(r.returncode == 1 and 'compose.yaml is a folder' in r.stderr and
              'open the compose file inside it' in r.stderr, r.stderr)

        # Refused on its size before anything is read: a sparse 16 MB + 1.
        with open(os.path.join(d, 'huge.yml'), 'wb') as f:
            f.truncate(16 * 1024 * 1024 + 1)
        r = run('-f', 'huge.yml', 'config', '-q', cwd=d)
        check(r.returncode == 1 and 'huge.yml' in r.stderr and '16 MB' in r.stderr, r.stderr)

        # An env file that never ends, or is not a file.
        write(d, 'ok.yml', 'services:\n  web:\n    image: x\n')
        r = run('-f', 'ok.yml', '--env-file', '/dev/zero', 'config', '-q', cwd=d)
        check(r.returncode == 1 and '/dev/zero is not a regular file' in r.stderr, r.stderr)
        os.symlink('/dev/zero', os.path.join(d, '.env'))
        r = run('-f', 'ok.yml', 'config', '-q', cwd=d)
        check(r.returncode == 1 and '.env is not a regular file' in r.stderr, r.stderr)


@test
def hostile_unreadable_file():
    # Root reads everything: become "nobody" for this one.
    def drop():
        if os.geteuid() == 0:
            os.setgid(65534)
            os.setuid(65534)
    with tempfile.TemporaryDirectory() as d:
        os.chmod(d, 0o755)
        path = write(d, 'compose.yaml', 'services:\n  web:\n    image: x\n')
        os.chmod(path, 0)
        environment = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'), 'LC_ALL': 'C.UTF-8', 'HOME': d}
        environment.update({k: v for k, v in os.environ.items() if k.endswith('SAN_OPTIONS')})
        r = subprocess.run([TOOL, 'config', '-q'], cwd=d, env=environment, preexec_fn=drop,
                           capture_output=True, text=True, timeout=60)
        check(r.returncode == 1 and 'cannot read compose.yaml: permission denied' in r.stderr and
              'check the file' in r.stderr, r.stderr)


def main():
    print('1..%d' % len(tests))
    failed = 0
    for number, function in enumerate(tests, 1):
        name = function.__name__.replace('_', ' ')
        try:
            function()
            print('ok %d %s' % (number, name))
        except Exception as e:
            failed += 1
            print('not ok %d %s' % (number, name))
            for line in str(e).splitlines() or ['(no message)']:
                print('# ' + line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
