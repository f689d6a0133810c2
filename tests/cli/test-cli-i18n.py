#!/usr/bin/env python3
# flotilla-compose in Russian and in English: the language follows the
# locale (LANG, LC_ALL) and LANGUAGE; diagnostics keep their
# FILE:LINE:COLUMN: prefix in both; --help, errors, plurals and the engine
# helper's messages come from the catalogue the build made.  Speaks TAP.
#
# gettext ignores LANGUAGE under the C locale, so the Russian runs use
# ru_RU.UTF-8 (build-aux/install-deps.sh generates it); without it they
# skip and say so.
#
# usage: test-cli-i18n.py FLOTILLA_COMPOSE LOCALE_DIR
#   LOCALE_DIR: BUILD/po, where the build puts ru/LC_MESSAGES/flotilla.mo

import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile

TOOL = os.path.abspath(sys.argv[1])
LOCALE_DIR = os.path.abspath(sys.argv[2])
RUSSIAN_LOCALE = 'ru_RU.UTF-8'
CYRILLIC = re.compile('[А-Яа-яЁё]')
# FILE:LINE:COLUMN: SEVERITY: MESSAGE
DIAGNOSTIC = re.compile(r'^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<severity>[^:]+): (?P<message>.+)$')

BROKEN = 'services:\n  web:\n    image: nginx\n    restrat: always\n'

tests = []


def test(function):
    tests.append(function)
    return function


def has_locale(name):
    r = subprocess.run(['locale', '-a'], capture_output=True, text=True)
    wanted = name.lower().replace('utf-8', 'utf8')
    return any(l.strip().lower().replace('utf-8', 'utf8') == wanted for l in r.stdout.splitlines())


def catalogue():
    """The Russian catalogue the build made, to know what the program
    should print without copying translations into this test."""
    return gettext.translation('flotilla', LOCALE_DIR, languages=['ru'])


def run(*args, cwd=None, **env):
    environment = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
                   'HOME': os.environ.get('HOME', '/tmp'),
                   'FLOTILLA_LOCALEDIR': LOCALE_DIR,
                   # No engine is needed: the one asked for is never there.
                   'DOCKER_HOST': 'unix:///nonexistent/flotilla-test.sock'}
    # A sanitizer build's options (tests/meson.build) reach the tool too.
    environment.update({k: v for k, v in os.environ.items() if k.endswith('SAN_OPTIONS')})
    environment.update(env)
    return subprocess.run([TOOL] + list(args), cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=60)


FOLDERS = []


def project(text=BROKEN):
    folder = tempfile.mkdtemp(prefix='flotilla-i18n-')
    FOLDERS.append(folder)
    with open(os.path.join(folder, 'compose.yaml'), 'w') as f:
        f.write(text)
    return folder


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def diagnostics(stderr):
    return [m for m in map(DIAGNOSTIC.match, stderr.splitlines()) if m]


RUSSIAN_ENVIRONMENTS = [
    {'LC_ALL': RUSSIAN_LOCALE, 'LANGUAGE': 'ru'},
    # What a Russian desktop session sets: the locale alone.
    {'LANG': RUSSIAN_LOCALE},
]


@test
def russian_diagnostics_keep_their_position():
    folder = project()
    for env in RUSSIAN_ENVIRONMENTS:
        r = run('config', '-q', cwd=folder, **env)
        check(r.returncode == 1, '%s: exit status %d' % (env, r.returncode))
        found = diagnostics(r.stderr)
        check(found, '%s: no FILE:LINE:COLUMN: line in %r' % (env, r.stderr))
        d = found[0]
        check((d['file'], d['line'], d['column']) == ('compose.yaml', '4', '5'),
              '%s: position %s:%s:%s' % (env, d['file'], d['line'], d['column']))
        check(d['severity'] == catalogue().gettext('error'),
              '%s: severity %r is not the catalogue’s “error”' % (env, d['severity']))
        check(CYRILLIC.search(d['message']) and 'restrat' in d['message'],
              '%s: message %r' % (env, d['message']))
        check('unknown key' not in r.stderr, '%s: English left: %r' % (env, r.stderr))


@test
def english_with_language_en_under_a_russian_locale():
    r = run('config', '-q', cwd=project(), LC_ALL=RUSSIAN_LOCALE, LANGUAGE='en')
    found = diagnostics(r.stderr)
    check(found and found[0]['severity'] == 'error', r.stderr)
    check(found[0]['message'].startswith('unknown key “restrat”'), found[0]['message'])
    check(not CYRILLIC.search(r.stderr), 'Russian left: %r' % r.stderr)


@test
def russian_help_and_usage():
    ru = catalogue()
    r = run('--help', LC_ALL=RUSSIAN_LOCALE, LANGUAGE='ru')
    check(r.returncode == 0, r.stderr)
    lines = r.stdout.splitlines()
    usage = [l for l in lines if ru.gettext('COMMAND [OPTIONS…]') in l]
    check(usage and usage[0].strip().startswith('flotilla-compose '), 'usage line in %r' % r.stdout)
    check(CYRILLIC.search(usage[0]), 'usage line %r' % usage[0])
    summary = ru.gettext('Work with Docker Compose projects without a window.')
    check(summary != 'Work with Docker Compose projects without a window.', 'summary untranslated')
    check(summary in lines, 'summary %r in %r' % (summary, r.stdout))
    check(ru.gettext('Project name') in r.stdout, 'option descriptions')
    check('Work with Docker' not in r.stdout and 'Project name' not in r.stdout,
          'English left in %r' % r.stdout)


@test
def russian_command_help():
    ru = catalogue()
    r = run('config', '--help', LC_ALL=RUSSIAN_LOCALE, LANGUAGE='ru')
    check(r.returncode == 0, r.stderr)
    wanted = ru.gettext('Only validate; print nothing but problems')
    check(wanted in r.stdout, '%r in %r' % (wanted, r.stdout))


@test
def russian_errors_and_plurals():
    ru = catalogue()
    folder = project('services:\n  web:\n    image: nginx\n')
    r = run('edit', 'set', 'services.web.image', LC_ALL=RUSSIAN_LOCALE, LANGUAGE='ru', cwd=folder)
    check(r.returncode == 2, 'exit status %d' % r.returncode)
    wanted = ru.ngettext('%s needs %d argument', '%s needs %d arguments', 2) % ('set', 2)
    check(r.stderr.strip() == ru.gettext('flotilla-compose: %s\n').strip() % wanted,
          '%r is not %r' % (r.stderr, wanted))
    r = run('frobnicate', LC_ALL=RUSSIAN_LOCALE, LANGUAGE='ru', cwd=folder)
    check(CYRILLIC.search(r.stderr) and 'frobnicate' in r.stderr, r.stderr)


@test
def russian_from_the_engine_helper():
    # ps runs in flotilla-compose-engine; the socket does not exist.
    folder = project('services:\n  web:\n    image: nginx\n')
    r = run('ps', LC_ALL=RUSSIAN_LOCALE, LANGUAGE='ru', cwd=folder)
    check(r.returncode != 0, 'ps without an engine succeeded')
    check(r.stderr.startswith('flotilla-compose: ') and CYRILLIC.search(r.stderr),
          'engine error %r' % r.stderr)
    check('/nonexistent/flotilla-test.sock' in r.stderr, 'the address is named: %r' % r.stderr)


def main():
    print('1..%d' % len(tests))
    skip = None
    if not has_locale(RUSSIAN_LOCALE):
        skip = 'the %s locale is missing (build-aux/install-deps.sh generates it)' % RUSSIAN_LOCALE
    elif not os.path.exists(os.path.join(LOCALE_DIR, 'ru', 'LC_MESSAGES', 'flotilla.mo')):
        skip = 'no catalogue in %s' % LOCALE_DIR
    failed = 0
    for number, function in enumerate(tests, 1):
        name = function.__name__.replace('_', ' ')
        if skip:
            print('ok %d %s # SKIP %s' % (number, name, skip))
            continue
        try:
            function()
            print('ok %d %s' % (number, name))
        except Exception as e:
            failed += 1
            print('not ok %d %s' % (number, name))
            for line in str(e).splitlines() or [type(e).__name__]:
                print('# ' + line)
    for folder in FOLDERS:
        shutil.rmtree(folder, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
