# engineapi.py: a small Docker Engine API client over a unix socket, with
# the standard library only, for the test tools, the integration tests and
# the benchmark.
#
#   api = Engine('/var/run/docker.sock')        # or Engine() for DOCKER_HOST
#   api.ping()                                   # True when an engine answers
#   status, body = api.call('GET', '/containers/json', query={'all': 1})
#   api.json('GET', '/networks', filters={'label': ['k=v']})

import http.client
import json
import os
import socket
import ssl
import urllib.parse

DEFAULT_SOCKET = '/var/run/docker.sock'


def socket_path(host=None):
    """The socket path of HOST (unix:///path or /path), else of DOCKER_HOST,
    else the default."""
    host = host or os.environ.get('DOCKER_HOST') or 'unix://' + DEFAULT_SOCKET
    if host.startswith('unix://'):
        return host[len('unix://'):]
    if host.startswith('/'):
        return host
    raise ValueError('only unix:// engines are supported here, not %r' % host)


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=60):
        super().__init__('localhost', timeout=timeout)
        self.socket_path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        s.connect(self.socket_path)
        self.sock = s


def tcp_address(host):
    """(host, port) of tcp://HOST[:PORT], or None for another kind."""
    if not host or not host.startswith('tcp://'):
        return None
    parsed = urllib.parse.urlsplit('http://' + host[len('tcp://'):])
    return parsed.hostname, parsed.port


def tls_context(tls):
    """An SSL context from {'ca': ..., 'cert': ..., 'key': ...}: the engine's
    certificate checked against ca, ours presented when given."""
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=tls.get('ca'))
    if tls.get('verify', True) is False:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    if tls.get('cert'):
        context.load_cert_chain(tls['cert'], tls.get('key'))
    return context


class EngineError(Exception):
    def __init__(self, status, message):
        super().__init__('%s (HTTP %d)' % (message, status))
        self.status = status
        self.message = message


class Engine:
    """host: unix:///path, a path, or tcp://HOST:PORT (plain HTTP, or TLS
    with tls={'ca': ..., 'cert': ..., 'key': ...})."""

    def __init__(self, host=None, version=None, timeout=60, tls=None):
        host = host or os.environ.get('DOCKER_HOST')
        self.tcp = tcp_address(host)
        self.tls = tls
        self.path = host if self.tcp else socket_path(host)
        self.timeout = timeout
        self.version = version
        self._conn = None

    # Transport

    def _connection(self):
        if self._conn is None:
            if self.tcp and self.tls:
                self._conn = http.client.HTTPSConnection(self.tcp[0], self.tcp[1] or 2376, timeout=self.timeout,
                                                         context=tls_context(self.tls))
            elif self.tcp:
                self._conn = http.client.HTTPConnection(self.tcp[0], self.tcp[1] or 2375, timeout=self.timeout)
            else:
                self._conn = UnixConnection(self.path, self.timeout)
        return self._conn

    def close(self):
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def url(self, path, query=None, filters=None, versioned=True):
        q = dict(query or {})
        if filters is not None:
            q['filters'] = json.dumps(filters)
        if versioned and self.version is None and path not in ('/_ping', '/version'):
            self.negotiate()
        prefix = '/v' + self.version if versioned and self.version and path not in ('/_ping', '/version') else ''
        text = prefix + path
        if q:
            text += '?' + urllib.parse.urlencode(q, doseq=True)
        return text

    def request(self, method, path, body=None, query=None, filters=None,
                headers=None, content_type='application/json', versioned=True):
        """Sends a request and returns the open response (to stream from)."""
        url = self.url(path, query, filters, versioned)
        h = dict(headers or {})
        if body is not None and not isinstance(body, (bytes, bytearray)) and not hasattr(body, 'read'):
            body = json.dumps(body).encode()
        if body is not None:
            h['Content-Type'] = content_type
        elif method in ('POST', 'PUT'):
            h['Content-Length'] = '0'
        for attempt in (1, 2):
            conn = self._connection()
            try:
                conn.request(method, url, body=body, headers=h)
                return conn.getresponse()
            except (BrokenPipeError, ConnectionResetError, http.client.RemoteDisconnected):
                # A kept-alive connection the engine closed: once more on a new one.
                self.close()
                if attempt == 2 or hasattr(body, 'read'):
                    raise

    def call(self, method, path, body=None, query=None, filters=None, **kw):
        """Returns (status, parsed JSON body or None)."""
        r = self.request(method, path, body, query, filters, **kw)
        data = r.read()
        if r.getheader('Connection', '').lower() == 'close':
            self.close()
        parsed = None
        if data:
            try:
                parsed = json.loads(data)
            except ValueError:
                parsed = data.decode('utf-8', 'replace')
        return r.status, parsed

    def json(self, method, path, body=None, query=None, filters=None, ok=(200, 201, 204, 304), **kw):
        status, parsed = self.call(method, path, body, query, filters, **kw)
        if status not in ok:
            message = parsed.get('message') if isinstance(parsed, dict) else parsed
            raise EngineError(status, message or 'error')
        return parsed

    # Conveniences

    def ping(self):
        try:
            status, body = self.call('GET', '/_ping', versioned=False)
            return status == 200
        except OSError:
            return False
        finally:
            self.close()

    def negotiate(self):
        status, body = self.call('GET', '/version', versioned=False)
        if status != 200 or not isinstance(body, dict):
            raise EngineError(status, 'no /version')
        self.version = body.get('ApiVersion', '1.41')
        return body

    def image_exists(self, name):
        status, _ = self.call('GET', '/images/%s/json' % urllib.parse.quote(name, safe=''))
        return status == 200

    def containers(self, project=None, all=True, labels=(), name=None):
        filters = {}
        label = list(labels)
        if project is not None:
            label.append('com.docker.compose.project=' + project)
        if label:
            filters['label'] = label
        if name is not None:
            filters['name'] = [name]
        return self.json('GET', '/containers/json', query={'all': 1 if all else 0}, filters=filters)

    def networks(self, project=None, name=None):
        filters = {}
        if project is not None:
            filters['label'] = ['com.docker.compose.project=' + project]
        if name is not None:
            filters['name'] = [name]
        return self.json('GET', '/networks', filters=filters)

    def volumes(self, project=None, name=None):
        filters = {}
        if project is not None:
            filters['label'] = ['com.docker.compose.project=' + project]
        if name is not None:
            filters['name'] = [name]
        return self.json('GET', '/volumes', filters=filters).get('Volumes') or []

    def inspect(self, container):
        return self.json('GET', '/containers/%s/json' % container)

    def purge_project(self, project):
        """Removes every container, network and volume that carries the
        project's label or its name prefix; returns what was removed."""
        removed = []
        seen = set()
        for c in self.containers(project) + self.containers(name='^/?%s[-_]' % project):
            if c['Id'] in seen:
                continue
            seen.add(c['Id'])
            self.call('DELETE', '/containers/' + c['Id'], query={'force': 1, 'v': 1})
            removed.append(c['Names'][0].lstrip('/'))
        for n in self.networks(project) + self.networks(name=project + '_'):
            if n['Id'] in seen:
                continue
            seen.add(n['Id'])
            if n['Name'].startswith(project + '_') or (n.get('Labels') or {}).get('com.docker.compose.project') == project:
                self.call('DELETE', '/networks/' + n['Id'])
                removed.append(n['Name'])
        for v in self.volumes(project) + self.volumes(name=project + '_'):
            if v['Name'] in seen:
                continue
            seen.add(v['Name'])
            if v['Name'].startswith(project + '_') or (v.get('Labels') or {}).get('com.docker.compose.project') == project:
                self.call('DELETE', '/volumes/' + v['Name'], query={'force': 1})
                removed.append(v['Name'])
        return removed
