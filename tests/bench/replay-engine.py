#!/usr/bin/env python3
# A stand-in Docker Engine that answers just enough for `logs` of one
# exited container, whose log is LINES lines ("1" to LINES) — served from
# memory, framed as dockerd frames it (an 8-byte stream header per line,
# one HTTP chunk per frame), so that a client's log reader is measured
# alone, without the engine's own cost of reading its log files.
#
# usage: replay-engine.py SOCKET PROJECT LINES
#   Listens on SOCKET until killed; prints "ready" on stdout once it does.

import json
import os
import socket
import struct
import sys
import threading

SOCKET, PROJECT, LINES = sys.argv[1], sys.argv[2], int(sys.argv[3])
ID = 'f' * 64
NAME = '%s-talker-1' % PROJECT
LABELS = {
    'com.docker.compose.project': PROJECT,
    'com.docker.compose.service': 'talker',
    'com.docker.compose.container-number': '1',
    'com.docker.compose.oneoff': 'False',
    'com.docker.compose.config-hash': 'replay',
    'com.docker.compose.version': '2.26.1',
    'com.docker.compose.project.working_dir': '/',
    'com.docker.compose.project.config_files': '/compose.yaml',
    'com.docker.compose.depends_on': '',
    'com.docker.compose.image': 'sha256:' + 'e' * 64,
}
VERSION = {'Version': '20.10.24', 'ApiVersion': '1.41', 'MinAPIVersion': '1.12', 'Os': 'linux',
           'Arch': 'amd64', 'KernelVersion': '6', 'GoVersion': 'go1.19', 'GitCommit': 'replay',
           'Components': [{'Name': 'Engine', 'Version': '20.10.24',
                           'Details': {'ApiVersion': '1.41', 'MinAPIVersion': '1.12'}}]}
SUMMARY = {'Id': ID, 'Names': ['/' + NAME], 'Image': 'flotilla-test/busybox', 'ImageID': 'sha256:' + 'e' * 64,
           'Command': 'seq 1 %d' % LINES, 'Created': 1700000000, 'Ports': [], 'Labels': LABELS,
           'State': 'exited', 'Status': 'Exited (0) 1 minute ago', 'HostConfig': {'NetworkMode': 'none'},
           'NetworkSettings': {'Networks': {}}, 'Mounts': []}
INSPECT = {'Id': ID, 'Name': '/' + NAME, 'Created': '2026-01-01T00:00:00.000000000Z', 'Path': 'seq',
           'Args': ['1', str(LINES)], 'Image': 'sha256:' + 'e' * 64, 'RestartCount': 0,
           'State': {'Status': 'exited', 'Running': False, 'Paused': False, 'Restarting': False,
                     'OOMKilled': False, 'Dead': False, 'Pid': 0, 'ExitCode': 0, 'Error': '',
                     'StartedAt': '2026-01-01T00:00:01.000000000Z', 'FinishedAt': '2026-01-01T00:00:02.000000000Z'},
           'Config': {'Tty': False, 'Labels': LABELS, 'Image': 'flotilla-test/busybox', 'Cmd': ['seq', '1', str(LINES)],
                      'Env': [], 'AttachStdout': True, 'AttachStderr': True, 'OpenStdin': False},
           'HostConfig': {'NetworkMode': 'none', 'LogConfig': {'Type': 'json-file', 'Config': {}}},
           'NetworkSettings': {'Networks': {}, 'Ports': {}}, 'Mounts': []}


def encode_logs():
    # One chunk per frame, as dockerd flushes each write; built once.
    parts = []
    for i in range(1, LINES + 1):
        payload = b'%d\n' % i
        frame = b'\x01\x00\x00\x00' + struct.pack('>I', len(payload)) + payload
        parts.append(b'%x\r\n%s\r\n' % (len(frame), frame))
    parts.append(b'0\r\n\r\n')
    return b''.join(parts)


LOGS = encode_logs()


def reply(conn, status, body, content_type='application/json', head=False):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    header = ('HTTP/1.1 %d %s\r\nContent-Type: %s\r\nApi-Version: 1.41\r\nServer: Docker/20.10.24 (linux)\r\n'
              'Content-Length: %d\r\n\r\n' % (status, 'OK' if status == 200 else 'Not Found', content_type, len(data)))
    conn.sendall(header.encode() + (b'' if head else data))


def serve(conn):
    buffer = b''
    try:
        while True:
            while b'\r\n\r\n' not in buffer:
                chunk = conn.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            head, _, buffer = buffer.partition(b'\r\n\r\n')
            lines = head.decode('latin-1').split('\r\n')
            method, target, _ = lines[0].split(' ', 2)
            length = 0
            for line in lines[1:]:
                if line.lower().startswith('content-length:'):
                    length = int(line.split(':', 1)[1])
            while len(buffer) < length:
                buffer += conn.recv(65536)
            buffer = buffer[length:]
            path = target.split('?', 1)[0]
            parts = path.strip('/').split('/')
            if parts and parts[0].startswith('v1.'):
                parts = parts[1:]
            if parts == ['_ping']:
                reply(conn, 200, b'OK', 'text/plain', head=method == 'HEAD')
            elif parts == ['version']:
                reply(conn, 200, VERSION)
            elif parts == ['info']:
                reply(conn, 200, {'ServerVersion': '20.10.24', 'OSType': 'linux'})
            elif parts == ['containers', 'json']:
                reply(conn, 200, [SUMMARY])
            elif len(parts) == 3 and parts[0] == 'containers' and parts[2] == 'json' and parts[1] in (ID, NAME, ID[:12]):
                reply(conn, 200, INSPECT)
            elif len(parts) == 3 and parts[0] == 'containers' and parts[2] == 'logs' and parts[1] in (ID, NAME, ID[:12]):
                conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.raw-stream\r\n'
                             b'Api-Version: 1.41\r\nTransfer-Encoding: chunked\r\n\r\n')
                conn.sendall(LOGS)
            elif parts in (['events'],):
                reply(conn, 200, b'')
            elif parts and parts[0] in ('networks', 'volumes'):
                reply(conn, 200, [] if parts[-1] != 'volumes' else {'Volumes': [], 'Warnings': []})
            else:
                reply(conn, 404, {'message': 'replay-engine: no %s %s' % (method, path)})
    except (BrokenPipeError, ConnectionResetError):
        pass
    finally:
        conn.close()


def main():
    if os.path.exists(SOCKET):
        os.unlink(SOCKET)
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(SOCKET)
    listener.listen(64)
    print('ready', flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn,), daemon=True).start()


if __name__ == '__main__':
    main()
