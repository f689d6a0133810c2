#!/usr/bin/env python3
# run-fuzzer.py: runs one libFuzzer target of a -Dfuzzing=true build
#
# Copyright 2026 The Flotilla authors
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   tests/fuzz/run-fuzzer.py BUILD_DIR TARGET [--seconds N] [-- LIBFUZZER_OPTION...]
#
# Makes a working corpus in BUILD_DIR/tests/fuzz/work/TARGET/corpus from the
# committed seeds and regression inputs and from the shared corpus
# ($FLOTILLA_CORPUS_DIR, else ../shared/corpus beside the checkout), which
# is copied at run time and never committed; then runs the target on one
# core (-jobs=1) for N seconds (600 by default) and prints libFuzzer's last
# lines.  Crash, leak and timeout inputs land in .../work/TARGET/artifacts:
# fix the bug, then copy the input to tests/fuzz/regressions/TARGET/.

import argparse
import hashlib
import os
import random
import shutil
import struct
import subprocess
import sys

SOURCE = os.path.dirname(os.path.abspath(__file__))
TARGETS = ('document', 'interpolate', 'dotenv', 'log-demuxer', 'json-stream')


def shared_corpus():
    default = os.path.join(SOURCE, '..', '..', '..', 'shared', 'corpus')
    path = os.environ.get('FLOTILLA_CORPUS_DIR', default)
    manifest = os.path.join(path, 'MANIFEST.tsv')
    if not os.path.exists(manifest):
        return []
    files = []
    with open(manifest, encoding='utf-8') as f:
        next(f)
        for line in f:
            fields = line.rstrip('\n').split('\t')
            if len(fields) >= 6:
                files.append((fields[5], os.path.join(path, fields[0])))
    return files


def add(corpus, data):
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(corpus, name), 'wb') as f:
        f.write(data)


def frames(text, rng):
    """A multiplexed log stream carrying @text, cut at random places."""
    out = bytearray()
    pos = 0
    while pos < len(text):
        n = rng.randint(1, 200)
        stream = rng.choice((1, 1, 2))
        out += struct.pack('>BxxxI', stream, len(text[pos:pos + n])) + text[pos:pos + n]
        pos += n
    return bytes(out)


def seed_from_shared(target, corpus):
    rng = random.Random(20261128)
    count = 0
    for kind, path in shared_corpus():
        try:
            with open(path, 'rb') as f:
                data = f.read()
        except OSError:
            continue
        if target == 'document' and kind == 'compose':
            add(corpus, data)
        elif target == 'dotenv' and kind == 'env':
            add(corpus, b'\x03' + data)
        elif target == 'interpolate' and kind in ('compose', 'env'):
            # Every line that refers to a variable, on its own.
            for line in data.splitlines():
                if b'$' in line:
                    add(corpus, b'\x03' + line.strip())
        elif target == 'log-demuxer' and kind in ('compose', 'env'):
            add(corpus, bytes([rng.randrange(0, 256) & 0xf1]) + frames(data, rng))
        elif target == 'json-stream' and kind == 'schema':
            add(corpus, b'\x00' + data)
        else:
            continue
        count += 1
    return count


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('build_dir')
    parser.add_argument('target', choices=TARGETS)
    parser.add_argument('--seconds', type=int, default=600)
    parser.add_argument('options', nargs='*', help='more libFuzzer options, after --')
    args = parser.parse_args()

    binary = os.path.abspath(os.path.join(args.build_dir, 'tests', 'fuzz', 'fuzz-' + args.target))
    if not os.path.exists(binary):
        sys.exit('%s is missing: set the build up with CC=clang meson setup BUILD_DIR -Dfuzzing=true'
                 % binary)

    work = os.path.abspath(os.path.join(args.build_dir, 'tests', 'fuzz', 'work', args.target))
    corpus = os.path.join(work, 'corpus')
    artifacts = os.path.join(work, 'artifacts')
    os.makedirs(corpus, exist_ok=True)
    os.makedirs(artifacts, exist_ok=True)

    for sub in ('seeds', 'regressions'):
        folder = os.path.join(SOURCE, sub, args.target)
        if os.path.isdir(folder):
            for name in sorted(os.listdir(folder)):
                if not name.startswith('.') and name != 'README.md':
                    shutil.copy(os.path.join(folder, name), os.path.join(corpus, sub + '-' + name))
    shared = seed_from_shared(args.target, corpus)
    print('# %s: %d inputs in the corpus (%d from the shared corpus)'
          % (args.target, len(os.listdir(corpus)), shared), flush=True)

    command = [binary, corpus,
               '-jobs=1',
               '-max_total_time=%d' % args.seconds,
               '-print_final_stats=1',
               '-timeout=10',
               '-rss_limit_mb=2048',
               '-artifact_prefix=' + artifacts + '/']
    # The JSON schema among the seeds is 74 KB: libFuzzer would grow every
    # input to that, a hundred times slower for nothing.
    if args.target == 'json-stream':
        command.append('-max_len=8192')
    dictionary = os.path.join(SOURCE, args.target + '.dict')
    if os.path.exists(dictionary):
        command.append('-dict=' + dictionary)
    command += args.options

    env = dict(os.environ)
    env.setdefault('G_SLICE', 'always-malloc')
    env.setdefault('ASAN_OPTIONS', 'detect_leaks=1:abort_on_error=1')
    env.setdefault('UBSAN_OPTIONS', 'print_stacktrace=1:halt_on_error=1')

    print('# ' + ' '.join(command), flush=True)
    status = subprocess.call(command, cwd=work, env=env)

    log = os.path.join(work, 'fuzz-0.log')
    if os.path.exists(log):
        with open(log, errors='replace') as f:
            lines = f.readlines()
        sys.stdout.writelines(lines[-40:])
    found = sorted(os.listdir(artifacts))
    if found:
        print('# inputs that failed (in %s):' % artifacts)
        for name in found:
            print('#   ' + name)
    return status


if __name__ == '__main__':
    sys.exit(main())
