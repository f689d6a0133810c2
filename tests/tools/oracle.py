#!/usr/bin/env python3
# oracle.py: compares `flotilla-compose config` with `docker compose` 2.26
#
# Copyright 2026 The Flotilla authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# For every compose file of the corpus (kind "compose" in MANIFEST.tsv) both
# tools run `-f FILE config --format json` the same way: in the file's folder,
# with the same minimal environment (no COMPOSE_* or DOCKER_* variables, an
# empty temporary HOME, the C.UTF-8 locale).  The verdicts (exit status zero
# or not) must agree, and when both accept, so must
#
#   - the set of service names (services disabled by profiles left out),
#   - each service's image (present in both or in neither: Compose leaves it
#     out for services that only build),
#   - each service's ports (host IP, published port, target, protocol),
#   - each service's dependencies (the service names under depends_on).
#
# Where Flotilla differs on purpose, tests/data/oracle-differences.tsv says
# so, one line per corpus file: the path, the verdict Flotilla must give
# (accept or reject) and the reason in a sentence.  Such a file passes when
# Flotilla gives that verdict; an entry whose difference has gone away fails,
# so the table cannot go stale.
#
# docker compose is the CLI plugin run on its own (what `docker compose` runs,
# without needing the docker CLI): $FLOTILLA_DOCKER_COMPOSE or --compose, else
# the usual cli-plugins folders.  Prints TAP, one line per corpus compose
# file; skips when the corpus or the docker compose 2.26 plugin is absent.
#
# usage: oracle.py [--flotilla PATH] [--compose PATH] [--corpus DIR]
#                  [--differences TSV] [--jobs N] [--verbose] [SUBSTRING...]

import argparse
import concurrent.futures
import json
import os
import shutil
import subprocess
import sys
import tempfile

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WANT_VERSION = '2.26.'
TIMEOUT = 60
PLUGIN_DIRS = [
    '/usr/local/lib/docker/cli-plugins',
    '/usr/local/libexec/docker/cli-plugins',
    '/usr/lib/docker/cli-plugins',
    '/usr/libexec/docker/cli-plugins',
]


def tap_skip(reason):
    print('1..1')
    print('ok 1 # SKIP ' + reason)
    return 0


def find_compose(explicit):
    candidates = []
    if explicit:
        candidates.append(explicit)
    elif os.environ.get('FLOTILLA_DOCKER_COMPOSE'):
        candidates.append(os.environ['FLOTILLA_DOCKER_COMPOSE'])
    else:
        candidates += [os.path.join(d, 'docker-compose') for d in PLUGIN_DIRS]
    for path in candidates:
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def compose_version(path, env):
    try:
        out = subprocess.run([path, 'version', '--short'], env=env, capture_output=True,
                             text=True, timeout=TIMEOUT).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return out.lstrip('v') or None


def read_manifest(corpus):
    files = []
    with open(os.path.join(corpus, 'MANIFEST.tsv'), encoding='utf-8') as f:
        header = f.readline().rstrip('\n').split('\t')
        col_path, col_kind = header.index('path'), header.index('kind')
        for line in f:
            fields = line.rstrip('\n').split('\t')
            if len(fields) > col_kind and fields[col_kind] == 'compose':
                files.append(fields[col_path])
    return files


def read_differences(path, known):
    """Returns {corpus path: (verdict, reason)} and a list of problems."""
    table, problems = {}, []
    if not os.path.exists(path):
        return table, problems
    with open(path, encoding='utf-8') as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            fields = line.split('\t')
            where = '%s:%d' % (os.path.basename(path), number)
            if len(fields) != 3:
                problems.append('%s: want 3 tab-separated columns, found %d' % (where, len(fields)))
                continue
            corpus_path, verdict, reason = (x.strip() for x in fields)
            if corpus_path == 'path' and verdict == 'verdict':
                continue  # the header line
            if corpus_path not in known:
                problems.append('%s: %s is not a compose file of the corpus' % (where, corpus_path))
            if verdict not in ('accept', 'reject'):
                problems.append('%s: verdict must be accept or reject, not "%s"' % (where, verdict))
            if len(reason.split()) < 5 or not reason.endswith('.'):
                problems.append('%s: the reason must be a sentence, not "%s"' % (where, reason))
            if corpus_path in table:
                problems.append('%s: %s is listed twice' % (where, corpus_path))
            table[corpus_path] = (verdict, reason)
    return table, problems


def run(argv, cwd, env):
    """Returns (status, stdout, stderr); status None when it timed out."""
    try:
        p = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, '', 'timed out after %d s' % TIMEOUT
    return (p.returncode, p.stdout.decode('utf-8', 'replace'),
            p.stderr.decode('utf-8', 'replace'))


def port_key(port):
    if not isinstance(port, dict):
        return ('?', repr(port))
    published = port.get('published')
    return (str(port.get('host_ip') or ''),
            '' if published in (None, '', 0) else str(published),
            str(port.get('target', '')),
            str(port.get('protocol') or 'tcp').lower())


def summarise(project):
    """The part of `config --format json` the two tools must agree on."""
    services = {}
    for name, service in (project.get('services') or {}).items():
        service = service or {}
        depends_on = service.get('depends_on') or {}
        if isinstance(depends_on, list):
            depends_on = dict.fromkeys(depends_on)
        services[name] = {
            'image': service.get('image'),
            'ports': sorted(port_key(p) for p in service.get('ports') or []),
            'depends_on': sorted(depends_on),
        }
    return services


def show_port(key):
    host_ip, published, target, protocol = key
    text = '%s:%s' % (published, target) if published else target
    if host_ip:
        text = host_ip + ':' + text
    return text + '/' + protocol


def compare(ours, theirs):
    """Lists the differences, Flotilla's side first."""
    diffs = []
    only_ours = sorted(set(ours) - set(theirs))
    only_theirs = sorted(set(theirs) - set(ours))
    if only_ours:
        diffs.append('services only Flotilla has: ' + ', '.join(only_ours))
    if only_theirs:
        diffs.append('services only docker compose has: ' + ', '.join(only_theirs))
    for name in sorted(set(ours) & set(theirs)):
        a, b = ours[name], theirs[name]
        if a['image'] != b['image']:
            diffs.append('services.%s.image: Flotilla %s, docker compose %s'
                         % (name, json.dumps(a['image']), json.dumps(b['image'])))
        if a['ports'] != b['ports']:
            diffs.append('services.%s.ports: Flotilla [%s], docker compose [%s]'
                         % (name, ', '.join(map(show_port, a['ports'])),
                            ', '.join(map(show_port, b['ports']))))
        if a['depends_on'] != b['depends_on']:
            diffs.append('services.%s.depends_on: Flotilla [%s], docker compose [%s]'
                         % (name, ', '.join(a['depends_on']), ', '.join(b['depends_on'])))
    return diffs


def first_lines(text, n=3):
    """The first lines of an error output, without Compose's warnings."""
    lines = [l for l in text.strip().splitlines()
             if l.strip() and 'level=warning' not in l and ': warning: ' not in l]
    return lines[:n]


def check(path, corpus, flotilla, compose, env):
    """Runs both tools on one file.  Returns a dict: fatal (problems that
    fail the file whatever the table says), diffs (differences from docker
    compose), ours and theirs (the verdicts) and notes (their messages)."""
    full = os.path.join(corpus, path)
    cwd = os.path.dirname(full)
    name = os.path.basename(full)
    ours = run([flotilla, '-f', name, 'config', '--format', 'json'], cwd, env)
    theirs = run([compose, '-f', name, 'config', '--format', 'json'], cwd, env)
    result = dict(fatal=[], diffs=[], ours=None, theirs=None, notes=[])

    if ours[0] is None:
        result['fatal'].append('flotilla-compose ' + ours[2])
    elif ours[0] < 0 or ours[0] > 2:
        result['fatal'].append('flotilla-compose died with status %d' % ours[0])
        result['notes'] += first_lines(ours[2])
    if theirs[0] is None:
        result['fatal'].append('docker compose ' + theirs[2])
    if result['fatal']:
        return result

    result['ours'] = 'accept' if ours[0] == 0 else 'reject'
    result['theirs'] = 'accept' if theirs[0] == 0 else 'reject'
    if result['ours'] != result['theirs']:
        result['diffs'].append('Flotilla %ss, docker compose %ss' % (result['ours'], result['theirs']))
        if result['ours'] == 'reject':
            result['notes'] += ['flotilla-compose: ' + l for l in first_lines(ours[2])]
        else:
            result['notes'] += ['docker compose: ' + l for l in first_lines(theirs[2])]
    elif result['ours'] == 'accept':
        for tool, output in (('flotilla-compose', ours[1]), ('docker compose', theirs[1])):
            try:
                json.loads(output)
            except ValueError as e:
                result['fatal'].append('%s printed invalid JSON: %s' % (tool, e))
        if not result['fatal']:
            result['diffs'] += compare(summarise(json.loads(ours[1])), summarise(json.loads(theirs[1])))
    return result


def main():
    parser = argparse.ArgumentParser(description='Compare flotilla-compose config with docker compose 2.26.')
    parser.add_argument('--flotilla', help='the flotilla-compose executable')
    parser.add_argument('--compose', help='the docker compose 2.26 CLI plugin (run standalone)')
    parser.add_argument('--corpus', help='the corpus folder (default: $FLOTILLA_CORPUS_DIR or ../shared/corpus)')
    parser.add_argument('--differences', default=os.path.join(SOURCE_DIR, 'tests', 'data', 'oracle-differences.tsv'),
                        help='the table of deliberate differences')
    parser.add_argument('--jobs', type=int, default=os.cpu_count() or 1)
    parser.add_argument('--verbose', action='store_true', help='also show the differences the table explains')
    parser.add_argument('only', nargs='*', help='check only the corpus paths containing one of these')
    args = parser.parse_args()

    corpus = args.corpus or os.environ.get('FLOTILLA_CORPUS_DIR') or os.path.join(SOURCE_DIR, '..', 'shared', 'corpus')
    corpus = os.path.normpath(corpus)
    if not os.path.isfile(os.path.join(corpus, 'MANIFEST.tsv')):
        return tap_skip('no corpus at %s' % corpus)

    flotilla = args.flotilla
    if not flotilla:
        build = os.environ.get('FLOTILLA_BUILD_DIR', os.path.join(SOURCE_DIR, '_build'))
        flotilla = os.path.join(build, 'app', 'cli', 'flotilla-compose')
    flotilla = os.path.abspath(flotilla)
    if not os.access(flotilla, os.X_OK):
        print('Bail out! no flotilla-compose at %s' % flotilla)
        return 1

    home = tempfile.mkdtemp(prefix='flotilla-oracle-')
    try:
        # Nothing from the caller's environment: no COMPOSE_*, DOCKER_*,
        # COMPOSE_PROFILES or variables a compose file could interpolate.
        env = {
            'PATH': '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
            'HOME': home,
            'TMPDIR': home,
            'LC_ALL': 'C.UTF-8',
        }
        # A sanitizer build's options (tests/meson.build) reach the tool too.
        env.update({k: v for k, v in os.environ.items() if k.endswith('SAN_OPTIONS')})
        compose = find_compose(args.compose)
        if compose is None:
            return tap_skip('the docker compose CLI plugin is not installed (tests/tools/install-compose-v2.sh)')
        version = compose_version(compose, env)
        if version is None or not version.startswith(WANT_VERSION):
            return tap_skip('%s is docker compose %s, not %sx' % (compose, version, WANT_VERSION))
        return run_all(args, corpus, flotilla, compose, env)
    finally:
        shutil.rmtree(home, ignore_errors=True)


def run_all(args, corpus, flotilla, compose, env):
    all_files = read_manifest(corpus)
    table, problems = read_differences(args.differences, set(all_files))
    if problems:
        for p in problems:
            print('# ' + p)
        print('Bail out! %s is malformed' % args.differences)
        return 1

    files = [f for f in all_files if not args.only or any(s in f for s in args.only)]
    print('1..%d' % len(files))
    counts = dict(failed=0, both_accept=0, same_content=0, both_reject=0, recorded=0)
    table_name = os.path.basename(args.differences)
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(check, f, corpus, flotilla, compose, env) for f in files]
        for number, (path, future) in enumerate(zip(files, futures), 1):
            r = future.result()
            entry = table.get(path)
            comments = []
            if r['ours'] == r['theirs'] == 'accept':
                counts['both_accept'] += 1
                if not r['diffs'] and not r['fatal']:
                    counts['same_content'] += 1
            elif r['ours'] == r['theirs'] == 'reject':
                counts['both_reject'] += 1

            if r['fatal']:
                comments = r['fatal'] + r['notes']
            elif not r['diffs']:
                if entry is not None:
                    comments = ['stale entry in %s: Flotilla and docker compose now agree; remove it'
                                % table_name]
            elif entry is None:
                comments = r['diffs'] + r['notes']
            elif entry[0] != r['ours']:
                comments = (['%s says Flotilla should %s, but it %ss' % (table_name, entry[0], r['ours'])]
                            + r['diffs'] + r['notes'])
            else:
                counts['recorded'] += 1
                if args.verbose:
                    print('ok %d %s' % (number, path))
                    for c in ['deliberate: ' + entry[1]] + r['diffs'] + r['notes']:
                        print('#   ' + c)
                    continue
            ok = not comments
            if not ok:
                counts['failed'] += 1
            print('%s %d %s' % ('ok' if ok else 'not ok', number, path))
            for c in comments:
                print('#   ' + c)
            sys.stdout.flush()

    print('# %d files: %d accepted by both (%d with the same services, images, ports and '
          'dependencies), %d rejected by both, %d deliberate differences, %d failed'
          % (len(files), counts['both_accept'], counts['same_content'], counts['both_reject'],
             counts['recorded'], counts['failed']))
    return 1 if counts['failed'] else 0


if __name__ == '__main__':
    sys.exit(main())
