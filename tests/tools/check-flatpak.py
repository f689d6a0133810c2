#!/usr/bin/env python3
# The Flatpak manifest (flatpak/io.github.flotilla.Flotilla.json), checked
# without the runtime, which cannot be downloaded here: flatpak-builder reads
# it; its app ID, command and meson options are the project's; it builds
# the local tree with meson and runs the tests; its sandbox is the minimal
# one README.md ("Flatpak") explains; every library meson.build asks for is
# in the GNOME runtime or a module of its own; and the files Flatpak exports
# are the ones `meson install` makes, named as Flatpak wants them.  Speaks TAP.
#
# usage: check-flatpak.py BUILD_DIR SOURCE_DIR

import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

BUILD = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
MANIFEST = os.path.join(SOURCE, 'flatpak', 'io.github.flotilla.Flotilla.json')

# What the sandbox may have, and why (README.md, "Flatpak").
FINISH_ARGS = {
    '--socket=wayland', '--socket=fallback-x11', '--share=ipc', '--device=dri',
    # The engine's socket, system and rootless: Flotilla speaks the Engine API itself.
    '--filesystem=/run/docker.sock', '--filesystem=xdg-run/docker.sock',
}
# Never: each would undo the sandbox or make the network a default.
FORBIDDEN = [
    r'^--filesystem=(host|host-os|host-etc|home|/|~)(:.*)?$',
    r'^--talk-name=org\.freedesktop\.Flatpak$',
    r'^--share=network$',            # only remote engines need it: a user override
    r'^--socket=(session-bus|system-bus|x11)$',
    r'^--device=all$',
]
# pkg-config names the GNOME runtime (org.gnome.Platform 49) has.
IN_RUNTIME = {
    'glib-2.0', 'gobject-2.0', 'gio-2.0', 'gio-unix-2.0', 'gtk4', 'libadwaita-1',
    'gtksourceview-5', 'json-glib-1.0', 'libsoup-3.0', 'cairo', 'pangocairo',
}
# The modules that bring the rest.
MODULE_FOR = {'yaml-0.1': 'libyaml'}
MINIMUM_RUNTIME = 48

tests = []


def test(function):
    tests.append(function)
    return function


def check(condition, what):
    if not condition:
        raise AssertionError(what)


class Skip(Exception):
    pass


def load():
    with open(MANIFEST, encoding='utf-8') as f:
        return json.load(f)


def app_module(manifest):
    return manifest['modules'][-1]


def meson_text(path):
    with open(os.path.join(SOURCE, path), encoding='utf-8') as f:
        return f.read()


def project_app_id():
    m = re.search(r"^app_id\s*=\s*'([^']+)'", meson_text('meson.build'), re.M)
    return m.group(1)


def project_options():
    """meson_options.txt as {name: (type, choices)}."""
    options = {}
    for m in re.finditer(r"option\(\s*'([^']+)'\s*,\s*type\s*:\s*'(\w+)'(.*?)\)\s*$",
                         meson_text('meson_options.txt'), re.S | re.M):
        choices = re.search(r"choices\s*:\s*\[([^\]]*)\]", m.group(3))
        options[m.group(1)] = (m.group(2), re.findall(r"'([^']*)'", choices.group(1)) if choices else None)
    return options


def installed_executables():
    """Executables meson installs into bindir, by name."""
    with open(os.path.join(BUILD, 'meson-info', 'intro-targets.json')) as f:
        targets = json.load(f)
    names = set()
    for t in targets:
        if t['type'] == 'executable' and t.get('installed'):
            for path in t.get('install_filename', []):
                if os.path.basename(os.path.dirname(path)) == 'bin':
                    names.add(os.path.basename(path))
    return names


@test
def flatpak_builder_reads_it():
    tool = shutil.which('flatpak-builder')
    if tool is None:
        raise Skip('flatpak-builder is not installed (build-aux/install-deps.sh installs it)')
    # It makes its state folder (.flatpak-builder) where it runs: not here.
    with tempfile.TemporaryDirectory() as scratch:
        r = subprocess.run([tool, '--show-manifest', MANIFEST], capture_output=True, text=True,
                           timeout=60, cwd=scratch)
    check(r.returncode == 0, 'flatpak-builder --show-manifest: ' + r.stderr)
    shown = json.loads(r.stdout)
    manifest = load()
    for key in ('id', 'runtime', 'runtime-version', 'sdk', 'command', 'finish-args'):
        check(shown.get(key) == manifest.get(key), '%s: flatpak-builder read %r' % (key, shown.get(key)))
    check([m['name'] for m in shown['modules']] == [m['name'] for m in manifest['modules']], 'modules')


@test
def app_id_and_command_are_the_projects():
    manifest = load()
    check(manifest['id'] == project_app_id(), 'id %s, meson.build says %s' % (manifest['id'], project_app_id()))
    check(os.path.basename(MANIFEST) == manifest['id'] + '.json', 'the file is named after the app ID')
    check(manifest['command'] in installed_executables(),
          'command %s is not an executable meson installs (%s)' % (manifest['command'], sorted(installed_executables())))


@test
def current_gnome_runtime():
    manifest = load()
    check(manifest['runtime'] == 'org.gnome.Platform' and manifest['sdk'] == 'org.gnome.Sdk',
          'runtime %s, sdk %s' % (manifest['runtime'], manifest['sdk']))
    version = manifest['runtime-version']
    check(re.fullmatch(r'\d+', version) and int(version) >= MINIMUM_RUNTIME,
          'runtime-version %s: a stable GNOME release, %d or newer' % (version, MINIMUM_RUNTIME))


@test
def builds_the_local_tree_with_meson_and_runs_the_tests():
    app = app_module(load())
    check(app['buildsystem'] == 'meson', 'buildsystem %s' % app['buildsystem'])
    check(app.get('run-tests') is True, 'run-tests')
    sources = app['sources']
    check(len(sources) == 1 and sources[0]['type'] == 'dir', 'one dir source')
    path = os.path.realpath(os.path.join(os.path.dirname(MANIFEST), sources[0]['path']))
    check(path == os.path.realpath(SOURCE), 'the dir source is %s, not this checkout' % path)
    for skipped in ('_build', '.flatpak-builder', '_flatpak'):
        check(skipped in sources[0].get('skip', []), '%s is copied into the build' % skipped)
    # The GUI tests need a display in the build sandbox, else they skip.
    test_args = app.get('build-options', {}).get('test-args', [])
    check('--socket=x11' in test_args, 'test-args %s' % test_args)


@test
def meson_options_exist():
    options = project_options()
    app = app_module(load())
    for opt in app.get('config-opts', []):
        m = re.fullmatch(r'-D([\w-]+)=(.*)', opt)
        check(m, '%s is not -Dname=value' % opt)
        name, value = m.groups()
        check(name in options, '-D%s: meson_options.txt has %s' % (name, sorted(options)))
        kind, choices = options[name]
        if kind == 'boolean':
            check(value in ('true', 'false'), '-D%s=%s is not a boolean' % (name, value))
        elif kind == 'combo':
            check(value in choices, '-D%s=%s is not one of %s' % (name, value, choices))
    check('-Dgui=true' in app.get('config-opts', []), 'the GUI is built')


@test
def minimal_sandbox():
    args = load().get('finish-args', [])
    for arg in args:
        for pattern in FORBIDDEN:
            check(not re.match(pattern, arg), '%s is not allowed (README.md, “Flatpak”)' % arg)
    check(set(args) == FINISH_ARGS,
          'finish-args differ: extra %s, missing %s' % (sorted(set(args) - FINISH_ARGS),
                                                      sorted(FINISH_ARGS - set(args))))


@test
def every_dependency_is_in_the_runtime_or_a_module():
    manifest = load()
    modules = {m['name']: m for m in manifest['modules'][:-1]}
    wanted = set()
    for folder, dirs, files in os.walk(SOURCE):
        dirs[:] = [d for d in dirs if not d.startswith(('_', '.')) and d != 'tests']
        if 'meson.build' in files:
            wanted |= set(re.findall(r"\bdependency\(\s*'([^']+)'",
                                     meson_text(os.path.relpath(os.path.join(folder, 'meson.build'), SOURCE))))
    for name in sorted(wanted):
        if name in IN_RUNTIME:
            continue
        check(name in MODULE_FOR, '%s is neither in the GNOME runtime nor built by a module' % name)
        check(MODULE_FOR[name] in modules, 'no module %s for %s' % (MODULE_FOR[name], name))
    for name in modules:
        check(name in MODULE_FOR.values(), 'module %s builds nothing meson.build asks for' % name)
    # Third-party sources are pinned.
    for module in modules.values():
        for source in module.get('sources', []):
            if source['type'] in ('archive', 'file'):
                check(re.fullmatch(r'[0-9a-f]{64}', source.get('sha256', '')), '%s: no sha256' % module['name'])
                check(source.get('url', '').startswith('https://'), '%s: not https' % module['name'])
            elif source['type'] == 'git':
                check('commit' in source or 'tag' in source, '%s: not pinned' % module['name'])


def staged_install():
    stage = tempfile.mkdtemp(prefix='flotilla-flatpak-')
    r = subprocess.run(['meson', 'install', '-C', BUILD, '--no-rebuild', '--destdir', stage, '--quiet'],
                       capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        shutil.rmtree(stage, ignore_errors=True)
        raise AssertionError('meson install: ' + r.stdout[-1500:] + r.stderr[-1500:])
    with open(os.path.join(BUILD, 'meson-info', 'intro-buildoptions.json')) as f:
        prefix = next(o['value'] for o in json.load(f) if o['name'] == 'prefix')
    root = os.path.join(stage, prefix.lstrip('/'))
    files = set()
    for folder, _, names in os.walk(root):
        for name in names:
            files.add(os.path.relpath(os.path.join(folder, name), root))
    return stage, root, files


@test
def what_flatpak_exports_is_what_meson_installs():
    manifest = load()
    app_id = manifest['id']
    stage, root, files = staged_install()
    try:
        # What /app must hold for the manifest's command and for the
        # desktop integration Flatpak exports (meson's prefix stands for /app).
        expected = {
            'bin/' + manifest['command'],
            'share/applications/%s.desktop' % app_id,
            'share/metainfo/%s.metainfo.xml' % app_id,
            'share/icons/hicolor/scalable/apps/%s.svg' % app_id,
            'share/icons/hicolor/symbolic/apps/%s-symbolic.svg' % app_id,
            'share/mime/packages/%s.xml' % app_id,
            'share/glib-2.0/schemas/%s.gschema.xml' % app_id,
            'share/locale/ru/LC_MESSAGES/flotilla.mo',
        }
        missing = sorted(expected - files)
        check(not missing, 'meson install does not make %s' % missing)
        # Flatpak exports only files named after the app ID from these
        # folders; anything else there would silently not reach the desktop.
        for f in sorted(files):
            if re.match(r'share/(applications|metainfo|mime/packages|icons|dbus-1/services)/', f):
                check(os.path.basename(f).startswith(app_id), '%s is not named after %s: Flatpak drops it' % (f, app_id))
        # The desktop file's Exec runs the manifest's command (Flatpak
        # rewrites Exec into `flatpak run --command=…` of the same program).
        with open(os.path.join(root, 'share/applications/%s.desktop' % app_id), encoding='utf-8') as f:
            execs = re.findall(r'^Exec=(\S+)', f.read(), re.M)
        check(execs and all(e == manifest['command'] for e in execs), 'Exec=%s' % execs)
        # cleanup removes nothing the app needs at run time.
        removed = [f for f in files
                   if any(fnmatch.fnmatch(os.path.basename(f), p) if not p.startswith('/')
                          else ('/' + f).startswith(p.rstrip('/') + '/')
                          for p in manifest.get('cleanup', []))]
        check(not removed, 'cleanup would remove %s' % removed)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


@test
def readme_gives_the_commands():
    with open(os.path.join(SOURCE, 'README.md'), encoding='utf-8') as f:
        readme = f.read()
    section = re.search(r'^## Flatpak\n(.*?)(?=^## |\Z)', readme, re.M | re.S)
    check(section, 'README.md has no “## Flatpak” section')
    text = section.group(1)
    manifest_path = os.path.relpath(MANIFEST, SOURCE)
    check('flatpak-builder' in text and manifest_path in text, 'the build command with %s' % manifest_path)
    check('flatpak run %s' % load()['id'] in text, 'the run command')
    check('document portal' in text.lower(), 'the bind mount decision')


def main():
    print('1..%d' % len(tests))
    failed = 0
    for number, function in enumerate(tests, 1):
        name = function.__name__.replace('_', ' ')
        try:
            function()
            print('ok %d %s' % (number, name))
        except Skip as e:
            print('ok %d %s # SKIP %s' % (number, name, e))
        except Exception as e:
            failed += 1
            print('not ok %d %s' % (number, name))
            for line in str(e).splitlines() or [type(e).__name__]:
                print('# ' + line)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
