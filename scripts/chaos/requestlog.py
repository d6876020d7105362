"""The log of every request the chaos run sends to the merchant service, which invariant 7
(no 5xx outside the PostgreSQL restart) reads. Requests go through lib.http.send (a fresh
loopback connection each)."""
import threading
import time

from lib.http import send


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
