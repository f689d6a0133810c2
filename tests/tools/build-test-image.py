#!/usr/bin/env python3
# Builds the image the engine tests run, flotilla-test/busybox:latest, through
# the Engine API's /build when the engine lacks it: a FROM scratch context
# holding Debian's static busybox (package busybox-static), which installs its
# applets as symlinks in /bin.  Nothing is fetched from the network.
#
# usage: build-test-image.py [-H unix:///path/docker.sock | -H tcp://HOST:PORT
#            [--tlsverify --tlscacert CA --tlscert CERT --tlskey KEY]] [--tag NAME] [--force] [-q]
#
# Exit status: 0 when the image is there (built now or before), 1 when it
# cannot be built, 2 when no engine answers.

import argparse
import io
import json
import os
import struct
import sys
import tarfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import engineapi  # noqa: E402

TAG = 'flotilla-test/busybox:latest'
# Raised when the Dockerfile below changes, so that an older image is rebuilt.
RECIPE = '2'
RECIPE_LABEL = 'io.github.flotilla.test.recipe'
BUSYBOX_CANDIDATES = ('/bin/busybox', '/usr/bin/busybox')

DOCKERFILE = '''\
FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "--install", "-s", "/bin"]
RUN mkdir -p /tmp /root /etc && chmod 1777 /tmp && \\
    echo 'root:x:0:0:root:/root:/bin/sh' > /etc/passwd && \\
    echo 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >> /etc/passwd && \\
    printf 'root:x:0:\\nnogroup:x:65534:\\n' > /etc/group
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
CMD ["/bin/sh"]
'''


def is_static_elf(path):
    """True for an ELF executable without a program interpreter: a
    dynamically linked busybox would not run in a FROM scratch image."""
    try:
        with open(path, 'rb') as f:
            header = f.read(64)
            if header[:4] != b'\x7fELF' or header[4] != 2:   # 64-bit only
                return False
            endian = '<' if header[5] == 1 else '>'
            phoff, = struct.unpack(endian + 'Q', header[32:40])
            phentsize, phnum = struct.unpack(endian + 'HH', header[54:58])
            f.seek(phoff)
            for _ in range(phnum):
                entry = f.read(phentsize)
                if struct.unpack(endian + 'I', entry[:4])[0] == 3:   # PT_INTERP
                    return False
            return True
    except OSError:
        return False


def find_busybox():
    for path in BUSYBOX_CANDIDATES:
        if os.path.exists(path) and is_static_elf(path):
            return path
    return None


def context_tar(busybox):
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode='w') as tar:
        def add(name, content, mode):
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mode = mode
            info.uid = info.gid = 0
            info.mtime = int(time.time())
            tar.addfile(info, io.BytesIO(content))
        add('Dockerfile', DOCKERFILE.encode(), 0o644)
        with open(busybox, 'rb') as f:
            add('busybox', f.read(), 0o755)
    return data.getvalue()


def build(api, tag, quiet):
    busybox = find_busybox()
    if busybox is None:
        print('build-test-image: no static busybox (%s); install the busybox-static package'
              % ' or '.join(BUSYBOX_CANDIDATES), file=sys.stderr)
        return 1
    body = context_tar(busybox)
    # networkmode=none: RUN needs no network, and an engine started with
    # --bridge=none has no default bridge to give it.
    response = api.request('POST', '/build', body=body, content_type='application/x-tar',
                           query={'t': tag, 'rm': 1, 'forcerm': 1, 'networkmode': 'none',
                                  'labels': json.dumps({RECIPE_LABEL: RECIPE})})
    if response.status != 200:
        print('build-test-image: the engine refused the build: %s' % response.read().decode(errors='replace'),
              file=sys.stderr)
        return 1
    image_id = None
    buffer = b''
    decoder = json.JSONDecoder()
    while True:
        chunk = response.read1(65536) if hasattr(response, 'read1') else response.read(65536)
        if not chunk:
            break
        buffer += chunk
        text = buffer.decode('utf-8', 'replace')
        position = 0
        while True:
            while position < len(text) and text[position] in ' \r\n\t':
                position += 1
            try:
                message, end = decoder.raw_decode(text, position)
            except ValueError:
                break
            position = end
            if 'error' in message:
                print('build-test-image: %s' % message['error'].strip(), file=sys.stderr)
                return 1
            if 'stream' in message and not quiet:
                sys.stderr.write(message['stream'])
            if isinstance(message.get('aux'), dict) and 'ID' in message['aux']:
                image_id = message['aux']['ID']
        buffer = text[position:].encode()
    api.close()
    if not api.image_exists(tag):
        print('build-test-image: the build ended but %s is not there' % tag, file=sys.stderr)
        return 1
    if not quiet:
        print('build-test-image: built %s (%s)' % (tag, image_id or '?'), file=sys.stderr)
    return 0


def current(api, tag):
    """Whether the engine has the image, built from this recipe."""
    status, image = api.call('GET', '/images/%s/json' % tag)
    if status != 200 or not isinstance(image, dict):
        return False
    labels = (image.get('Config') or {}).get('Labels') or {}
    return labels.get(RECIPE_LABEL) == RECIPE


def main():
    parser = argparse.ArgumentParser(description='Build the test image through the Engine API.')
    parser.add_argument('-H', '--host', help='engine address (unix:///path or tcp://HOST:PORT); '
                        'default DOCKER_HOST or the default socket')
    parser.add_argument('--tlsverify', action='store_true', help='speak TLS to a tcp:// engine, checking its certificate')
    parser.add_argument('--tlscacert', help='the CA that signed the engine\'s certificate')
    parser.add_argument('--tlscert', help='client certificate')
    parser.add_argument('--tlskey', help='client certificate\'s key')
    parser.add_argument('--tag', default=TAG)
    parser.add_argument('--force', action='store_true', help='build even when the image exists')
    parser.add_argument('-q', '--quiet', action='store_true')
    args = parser.parse_args()

    tls = None
    if args.tlsverify:
        tls = {'ca': args.tlscacert, 'cert': args.tlscert, 'key': args.tlskey}
    api = engineapi.Engine(args.host, timeout=300, tls=tls)
    if not api.ping():
        print('build-test-image: no Docker Engine answers at %s' % api.path, file=sys.stderr)
        return 2
    if not args.force and current(api, args.tag):
        return 0
    return build(api, args.tag, args.quiet)


if __name__ == '__main__':
    sys.exit(main())
