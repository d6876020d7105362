"""One HTTP client for the scripts (standard library only; every address they use is
loopback).

`send` opens its own connection for each request: under the chaos run a replica may be
SIGKILLed at any moment, and a fresh connection makes "which replica answered" and "did it
answer" unambiguous. `KeepAlive` reuses one connection per thread and host, for set-up
work that sends many requests in a row (make bench). Neither raises for transport problems:
they come back as a Response whose status is None.
"""
import http.client
import json
import threading
import urllib.parse


class Response:
    """A status (None when no answer came back), lower-cased headers and the body."""

    def __init__(self, status, headers, body, error=None):
        self.status, self.headers, self.body, self.error = status, headers, body, error

    @property
    def json(self):
        """The body parsed as JSON, or None when it is not JSON."""
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None

    @property
    def data(self):
        """The body parsed as JSON, or as text when it is not JSON."""
        try:
            return json.loads(self.body)
        except ValueError:
            return self.body.decode("utf-8", "replace")

    @property
    def code(self):
        """The error code of our (and WooshPay's) error body, if any."""
        body = self.json
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            return body["error"].get("code")
        return None

    @property
    def transient(self):
        """No answer, or a 5xx: a storefront sends the same request again."""
        return self.status is None or self.status >= 500

    def __repr__(self):
        return f"<{self.status or self.error} {self.code or ''}>"


def _prepared(url, body, headers):
    """(host, port, target, body bytes, headers): a dict or list body goes as JSON."""
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        headers = {"Content-Type": "application/json", **(headers or {})}
    elif isinstance(body, str):
        body = body.encode()
    return parts.hostname, parts.port, target, body, headers or {}


def _exchange(conn, method, target, body, headers):
    conn.request(method, target, body=body, headers=headers)
    answer = conn.getresponse()
    data = answer.read()
    return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, data)


def _failed(error):
    return Response(None, {}, b"", error=f"{type(error).__name__}: {error}")


def send(url, method="GET", body=None, headers=None, timeout=30.0):
    """One request on a fresh connection; never raises for transport problems."""
    host, port, target, body, headers = _prepared(url, body, headers)
    conn = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        return _exchange(conn, method, target, body, headers)
    except (OSError, http.client.HTTPException) as error:
        return _failed(error)
    finally:
        conn.close()


def form(fields):
    return urllib.parse.urlencode(fields)


class KeepAlive:
    """One keep-alive connection per thread and host. A request that fails is sent once more
    on a fresh connection (the server may have closed the idle one)."""

    def __init__(self, timeout=30.0):
        self.timeout, self.local = timeout, threading.local()

    def send(self, url, method="GET", body=None, headers=None):
        host, port, target, body, headers = _prepared(url, body, headers)
        pool = self.local.__dict__.setdefault("pool", {})
        for attempt in (1, 2):
            conn = pool.get((host, port))
            if conn is None:
                conn = pool[(host, port)] = http.client.HTTPConnection(host, port, timeout=self.timeout)
            try:
                return _exchange(conn, method, target, body, headers)
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                pool.pop((host, port), None)
                if attempt == 2:
                    return _failed(error)
        raise AssertionError("unreachable")
