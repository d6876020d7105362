"""A small HTTP client for the chaos run (standard library only) and the log of every
request sent to the merchant service, which invariant 7 (no 5xx outside the PostgreSQL
restart) reads.

Each call opens its own loopback connection: a replica may be SIGKILLed at any moment,
and a fresh connection makes "which replica answered" and "did it answer" unambiguous.
"""
import http.client
import json
import threading
import time
import urllib.parse


class Response:
    """A status (None when no answer came back), lower-cased headers and the body."""

    def __init__(self, status, headers, body, error=None):
        self.status, self.headers, self.body, self.error = status, headers, body, error

    @property
    def json(self):
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None

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


def send(url, method="GET", body=None, headers=None, timeout=30.0):
    """One request; never raises for transport problems (they become `error`)."""
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    if isinstance(body, (dict, list)):
        body = json.dumps(body).encode()
        headers = {"Content-Type": "application/json", **(headers or {})}
    elif isinstance(body, str):
        body = body.encode()
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        answer = conn.getresponse()
        data = answer.read()
        return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, data)
    except (OSError, http.client.HTTPException) as error:
        return Response(None, {}, b"", error=f"{type(error).__name__}: {error}")
    finally:
        conn.close()


def form(fields):
    return urllib.parse.urlencode(fields)


class RequestLog:
    """Every request to the merchant service: when, where, what, and how it was answered."""

    def __init__(self):
        self.rows, self.lock = [], threading.Lock()

    def add(self, started, ended, target, method, path, response, phase):
        row = {"started": started, "ended": ended, "target": target, "method": method, "path": path,
               "status": response.status, "error": response.error, "code": response.code, "phase": phase,
               "json": response.json is not None,
               "content_type": response.headers.get("content-type", "")}
        with self.lock:
            self.rows.append(row)

    def snapshot(self):
        with self.lock:
            return list(self.rows)


def logged(log, phase, base, method, path, **kwargs):
    """`send` to `base + path`, recorded in `log`."""
    started = time.time()
    response = send(base + path, method, **kwargs)
    log.add(started, time.time(), base, method, path.split("?")[0], response, phase)
    return response
