#!/usr/bin/env python3
# `meson install` into a staging folder (DESTDIR), and the tree it leaves
# checked the way a desktop reads it: the programs, the desktop file and its
# icon, the AppStream metadata, the settings schema, the MIME type that
# sends compose files to Flotilla, and the Russian catalogue.  Speaks TAP.
#
# usage: check-install.py BUILD_DIR SOURCE_DIR

import gettext
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

BUILD = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
APP_ID = 'io.github.flotilla.Flotilla'
COMPOSE_TYPE = 'application/x-docker-compose+yaml'
MIME_NS = '{http://www.freedesktop.org/standards/shared-mime-info}'
XML_LANG = '{http://www.w3.org/XML/1998/namespace}lang'

tests = []


def test(function):
    tests.append(function)
    return function


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def options():
    with open(os.path.join(BUILD, 'meson-info', 'intro-buildoptions.json')) as f:
        return {o['name']: o['value'] for o in json.load(f)}


OPTIONS = options()
STAGE = tempfile.mkdtemp(prefix='flotilla-install-')
PREFIX = os.path.join(STAGE, OPTIONS['prefix'].lstrip('/'))


def under(option, *parts):
    """A path in the staged tree, from a meson directory option."""
    value = OPTIONS[option]
    base = value if os.path.isabs(value) else os.path.join(OPTIONS['prefix'], value)
    return os.path.join(STAGE, base.lstrip('/'), *parts)


def share(*parts):
    return under('datadir', *parts)


def desktop_entry(path):
    entry = {}
    with open(path, encoding='utf-8') as f:
        group = None
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('['):
                group = line
            elif group == '[Desktop Entry]' and '=' in line and not line.startswith('#'):
                key, value = line.split('=', 1)
                entry[key] = value
    return entry


def tool(name):
    return shutil.which(name)


def check_merged(english, russian, what):
    """The Russian text i18n.merge_file() put in, when po/ru.po has one.
    (Whether it has one is the i18n test's business, not this one's.)"""
    catalogue = gettext.translation('flotilla', os.path.join(BUILD, 'po'), languages=['ru'],
                                    fallback=True)
    wanted = catalogue.gettext(english) if english else None
    if wanted and wanted != english:
        check(russian == wanted, '%s in Russian is %r, the catalogue says %r' % (what, russian, wanted))
    else:
        print('# %s is not translated yet: its merge is not checked' % what)


@test
def meson_install_into_a_staging_folder():
    r = subprocess.run(['meson', 'install', '-C', BUILD, '--no-rebuild', '--destdir', STAGE],
                       capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, 'meson install failed:\n' + r.stdout[-2000:] + r.stderr[-2000:])
    outside = []
    for folder, _, files in os.walk(STAGE):
        for name in files:
            path = os.path.join(folder, name)
            if not path.startswith(PREFIX + os.sep):
                outside.append(os.path.relpath(path, STAGE))
    check(not outside, 'installed outside the prefix: %s' % outside)


@test
def programs():
    for path in (under('bindir', 'flotilla'), under('bindir', 'flotilla-compose'),
                 under('libexecdir', 'flotilla', 'flotilla-compose-engine')):
        check(os.path.isfile(path) and os.access(path, os.X_OK), '%s is not an executable' % path)
    r = subprocess.run([under('bindir', 'flotilla-compose'), '--version'],
                       capture_output=True, text=True, timeout=30)
    check(r.returncode == 0 and r.stdout.startswith('flotilla-compose '), r.stdout + r.stderr)


@test
def desktop_file():
    path = share('applications', APP_ID + '.desktop')
    check(os.path.isfile(path), 'no %s' % path)
    r = subprocess.run(['desktop-file-validate', path], capture_output=True, text=True)
    check(r.returncode == 0 and not r.stdout.strip(), 'desktop-file-validate: ' + r.stdout + r.stderr)
    entry = desktop_entry(path)
    program = entry.get('Exec', '').split()[0]
    check(os.path.isfile(under('bindir', program)), 'Exec runs %s, which is not installed' % program)
    check(entry.get('Icon') == APP_ID, 'Icon=%s' % entry.get('Icon'))
    check(COMPOSE_TYPE in entry.get('MimeType', '').split(';'), 'MimeType=%s' % entry.get('MimeType'))
    check_merged(entry.get('Comment'), entry.get('Comment[ru]'), 'the desktop file’s Comment')


@test
def icons():
    for folder, name in (('scalable', APP_ID + '.svg'), ('symbolic', APP_ID + '-symbolic.svg')):
        path = share('icons', 'hicolor', folder, 'apps', name)
        check(os.path.isfile(path), 'no %s' % path)
        root = ET.parse(path).getroot()
        check(root.tag == '{http://www.w3.org/2000/svg}svg', '%s is not an SVG' % path)
        if folder == 'symbolic':
            check(root.get('width') == '16' and root.get('height') == '16',
                  'a symbolic icon is 16×16 (%s×%s)' % (root.get('width'), root.get('height')))


@test
def metainfo():
    path = share('metainfo', APP_ID + '.metainfo.xml')
    check(os.path.isfile(path), 'no %s' % path)
    r = subprocess.run(['appstreamcli', 'validate', '--no-net', path], capture_output=True, text=True)
    check(r.returncode == 0, 'appstreamcli validate: ' + r.stdout + r.stderr)
    root = ET.parse(path).getroot()
    check(root.findtext('id') == APP_ID, 'id %s' % root.findtext('id'))
    launchable = root.find('launchable')
    check(launchable is not None and launchable.text == APP_ID + '.desktop'
          and os.path.isfile(share('applications', launchable.text)), 'launchable')
    for binary in root.iter('binary'):
        check(os.path.isfile(under('bindir', binary.text)), 'provides %s, not installed' % binary.text)
    check(COMPOSE_TYPE in [m.text for m in root.iter('mediatype')], 'mediatype %s' % COMPOSE_TYPE)
    check(root.find('content_rating') is not None, 'content rating')
    check(root.find('releases/release') is not None, 'releases')
    description = ET.tostring(root.find('description'), encoding='unicode')
    check('docker.sock' in description, 'the description explains the Docker socket')
    # One screenshot in each language, the files kept in data/screenshots.
    images = list(root.iter('image'))
    languages = sorted(i.get(XML_LANG) or 'en' for i in images)
    check(languages == ['en', 'ru'], 'screenshots in %s' % languages)
    for image in images:
        name = image.text.rsplit('/', 1)[-1]
        local = os.path.join(SOURCE, 'data', 'screenshots', name)
        check(os.path.isfile(local), '%s is not in data/screenshots' % name)
        with open(local, 'rb') as f:
            header = f.read(24)
        check(header[:8] == b'\x89PNG\r\n\x1a\n', '%s is not a PNG' % name)
        width, height = int.from_bytes(header[16:20], 'big'), int.from_bytes(header[20:24], 'big')
        check((str(width), str(height)) == (image.get('width'), image.get('height')),
              '%s is %d×%d, the metadata says %s×%s' % (name, width, height,
                                                       image.get('width'), image.get('height')))
    russian = root.find('summary[@%s="ru"]' % XML_LANG)
    check_merged(root.findtext('summary'), russian.text if russian is not None else None,
                 'the metainfo’s summary')


@test
def settings_schema():
    path = share('glib-2.0', 'schemas', APP_ID + '.gschema.xml')
    check(os.path.isfile(path), 'no %s' % path)
    root = ET.parse(path).getroot()
    check(root.get('gettext-domain') == 'flotilla', 'gettext-domain %s' % root.get('gettext-domain'))
    check([s.get('id') for s in root.iter('schema')] == [APP_ID], 'schema ids')
    with tempfile.TemporaryDirectory() as target:
        r = subprocess.run(['glib-compile-schemas', '--strict', '--targetdir', target,
                            os.path.dirname(path)], capture_output=True, text=True)
        check(r.returncode == 0 and os.path.isfile(os.path.join(target, 'gschemas.compiled')),
              'glib-compile-schemas: ' + r.stderr)


@test
def russian_catalogue():
    localedir = under('localedir')
    path = os.path.join(localedir, 'ru', 'LC_MESSAGES', 'flotilla.mo')
    check(os.path.isfile(path), 'no %s' % path)
    ru = gettext.translation('flotilla', localedir, languages=['ru'])
    message = 'Work with Docker Compose projects without a window.'
    check(re.search('[А-Яа-яЁё]', ru.gettext(message)), 'not translated: %s' % message)
    check(ru.ngettext('%s needs %d argument', '%s needs %d arguments', 5) !=
          ru.ngettext('%s needs %d argument', '%s needs %d arguments', 2), 'three plural forms')


@test
def compose_files_open_with_flotilla():
    path = share('mime', 'packages', APP_ID + '.xml')
    check(os.path.isfile(path), 'no %s' % path)
    root = ET.parse(path).getroot()
    types = root.findall(MIME_NS + 'mime-type')
    check([t.get('type') for t in types] == [COMPOSE_TYPE], 'types %s' % [t.get('type') for t in types])
    check(types[0].find(MIME_NS + 'sub-class-of').get('type') == 'application/x-yaml', 'a kind of YAML')
    russian = types[0].find(MIME_NS + 'comment[@%s="ru"]' % XML_LANG)
    check_merged(types[0].findtext(MIME_NS + 'comment'), russian.text if russian is not None else None,
                 'the MIME type’s comment')
    system = '/usr/share/mime/packages/freedesktop.org.xml'
    if not (tool('update-mime-database') and tool('gio') and os.path.isfile(system)):
        print('# shared-mime-info or gio missing: the lookup is not checked')
        return
    # The type as a desktop sees it: the system database plus ours, asked
    # through GIO the way a file manager asks.
    with tempfile.TemporaryDirectory() as home:
        packages = os.path.join(home, 'mime', 'packages')
        os.makedirs(packages)
        shutil.copy(system, packages)
        shutil.copy(path, packages)
        r = subprocess.run(['update-mime-database', os.path.join(home, 'mime')],
                           capture_output=True, text=True)
        check(r.returncode == 0 and 'Error' not in r.stderr, 'update-mime-database: ' + r.stderr)
        env = dict(os.environ, XDG_DATA_HOME=home, XDG_DATA_DIRS=os.path.join(home, 'none'))
        expected = {'compose.yaml': COMPOSE_TYPE, 'docker-compose.yml': COMPOSE_TYPE,
                    'docker-compose.override.yml': COMPOSE_TYPE, 'aws-compose.yml': COMPOSE_TYPE,
                    'values.yaml': 'application/x-yaml'}
        for name, wanted in expected.items():
            file = os.path.join(home, name)
            with open(file, 'w') as f:
                f.write('services: {}\n')
            r = subprocess.run(['gio', 'info', '-a', 'standard::content-type', file],
                               capture_output=True, text=True, env=env)
            got = re.search(r'standard::content-type: (\S+)', r.stdout)
            check(got and got.group(1) in (wanted, wanted.replace('/x-', '/')),
                  '%s is %s, not %s' % (name, got.group(1) if got else r.stderr, wanted))


def main():
    print('1..%d' % len(tests))
    failed = 0
    try:
        for number, function in enumerate(tests, 1):
            name = function.__name__.replace('_', ' ')
            try:
                function()
                print('ok %d %s' % (number, name))
            except Exception as e:
                failed += 1
                print('not ok %d %s' % (number, name))
                for line in str(e).splitlines() or [type(e).__name__]:
                    print('# ' + line)
    finally:
        shutil.rmtree(STAGE, ignore_errors=True)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
