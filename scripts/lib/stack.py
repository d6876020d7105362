"""The one stack launcher: the private PostgreSQL's address, a fresh database, free loopback
ports, the service's configuration, and the WooshPay sandbox and `merchant serve` processes
started, waited for until ready, and stopped. The chaos run and the attack campaign
(chaos/cluster.py) use it from Python; run.sh, fuzz.sh, browser-test.sh, chaos.sh, attack.sh
and bench.sh reach it through scripts/stack.sh:

    python3 -m lib.stack free-port                   a free loopback port
    python3 -m lib.stack env [--bare] HTTP SANDBOX   export lines of the service's configuration
                                                     on those ports (values already set win;
                                                     --bare: without the development extras)
    python3 -m lib.stack database NAME               create database NAME in the private
                                                     cluster; export lines for it
    python3 -m lib.stack drop-database URL           drop it (sessions still on it are ended)
    python3 -m lib.stack wait-ready URL [--pid PID] [--seconds S]
                                                     exit 0 once URL answers 200, 1 if PID
                                                     exits or S (30) seconds pass first
    python3 -m lib.stack up --bin DIR --ready FILE   from the environment: migrate, seed the demo
                                                     catalog, start the sandbox and the service,
                                                     wait until ready, create FILE; then hold
                                                     both until SIGTERM (stops them, exit 0) or
                                                     until one exits (stops the other, exit 1)

Every address is loopback; every wait is bounded.
"""
import argparse
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time

from lib import db
from lib.http import send

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HOST = "127.0.0.1"
# The sandbox's keys and the service's copies of them: test values, never real ones.
SECRETS = {"WOOSHPAY_SECRET_KEY": "sk_test_sandbox", "WOOSHPAY_PUBLISHABLE_KEY": "pk_test_sandbox",
           "WOOSHPAY_WEBHOOK_SECRET": "whsec_sandbox"}


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def wait_ready(url, process=None, seconds=30.0):
    """True once `url` answers 200; False when `process` (a Popen or a pid) exits first or
    `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(process):
            return False
        if send(url, timeout=2).status == 200:
            return True
        time.sleep(0.2)
    return False


def _alive(process):
    if process is None:
        return True
    if isinstance(process, int):
        try:
            os.kill(process, 0)
        except ProcessLookupError:
            return False
        # A zombie (exited, not yet reaped by its parent shell) still has a pid.
        try:
            with open(f"/proc/{process}/stat") as stat:
                return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
        except OSError:
            return False
    return process.poll() is None


def pg_env():
    """The private cluster's PGHOST, PGPORT, PGUSER and DATABASE_URL (`scripts/pg.sh env`)."""
    lines = subprocess.run(["bash", os.path.join(ROOT, "scripts/pg.sh"), "env"], capture_output=True, text=True,
                           check=True).stdout
    env = {}
    for line in lines.splitlines():
        for word in shlex.split(line.removeprefix("export ")):
            name, _, value = word.partition("=")
            env[name] = value
    return env


def create_database(name):
    """Database `name` in the private cluster: the cluster's variables and its DATABASE_URL.
    STACK_ADMIN_URL (a database to run CREATE DATABASE in) and STACK_DATABASE_URL (the
    service's URL with `{db}` for the name) point it elsewhere: through PgBouncer
    (scripts/pgbouncer-test.sh), or at a primary and its standby (scripts/failover-test.sh)."""
    env = pg_env()
    db.value(os.environ.get("STACK_ADMIN_URL") or env["DATABASE_URL"], f"CREATE DATABASE {name}")
    template = os.environ.get("STACK_DATABASE_URL") or env["DATABASE_URL"].rsplit("/", 1)[0] + "/{db}"
    return {**env, "DATABASE_URL": template.replace("{db}", name)}


def _split(database_url):
    """(everything before the database name, the name, `?query` or '')."""
    base, tail = database_url.rsplit("/", 1)
    name, mark, query = tail.partition("?")
    return base, name, mark + query


def admin_url(database_url):
    base, _, query = _split(database_url)
    return base + "/postgres" + query


def drop_database(database_url):
    name = _split(database_url)[1]
    db.value(admin_url(database_url), f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def service_env(http_port, sandbox_port, environ=None, development=True):
    """The service's configuration on those ports, `environ`'s values winning: the sandbox as
    WooshPay and its test keys; with `development`, also the demo storefront on, its return
    page, card and a local method of each family with their currencies, and storefront requests allowed to ask for manual capture
    (the chaos run and the browser tests exercise both; production keeps the defaults: no demo,
    only CAPTURE_METHOD)."""
    environ = os.environ if environ is None else environ
    env = {"HTTP_HOST": environ.get("HTTP_HOST") or HOST, "HTTP_PORT": str(http_port), "SANDBOX_PORT": str(sandbox_port)}

    def default(name, value):
        env[name] = environ.get(name) or value

    default("WOOSHPAY_API_BASE", f"http://{HOST}:{sandbox_port}")
    for name, value in SECRETS.items():
        default(name, value)
    default("PUBLIC_BASE_URL", f"http://{HOST}:{http_port}")
    if development:
        # The return endpoint sends customers back to the demo storefront's status view.
        default("STOREFRONT_RETURN_URL", env["PUBLIC_BASE_URL"] + "/demo")
        default("PAYMENT_METHOD_TYPES", "card,alipay,wechat_pay,promptpay,paynow,pix,bank_transfer_id")
        default("CURRENCIES", "USD,EUR,GBP,JPY,KWD,CNY,THB,SGD,BRL,IDR")
        default("DEMO_ENABLED", "true")
        default("ALLOWED_CAPTURE_METHODS", "automatic,manual")
    return env


def migrate(bin_dir, env, log=None):
    subprocess.run([os.path.join(bin_dir, "merchant"), "migrate"], env=env, check=True, stdout=log,
                   stderr=subprocess.STDOUT if log else None)


def seed_demo(database_url):
    """The demo catalog (scripts/seed-demo.sql, idempotent)."""
    with open(os.path.join(ROOT, "scripts/seed-demo.sql")) as seed:
        db.value(database_url, seed.read())


def start_sandbox(bin_dir, port, env, webhook_url, log=None, args=()):
    """The WooshPay sandbox on `port` with the keys of `env`, sending webhooks to
    `webhook_url`; returns its process once it answers (None if it did not)."""
    command = [os.path.join(bin_dir, "wooshpay-sandbox"), "--port", str(port),
               "--secret-key", env["WOOSHPAY_SECRET_KEY"], "--publishable-key", env["WOOSHPAY_PUBLISHABLE_KEY"],
               "--webhook-secret", env["WOOSHPAY_WEBHOOK_SECRET"], "--webhook-url", webhook_url, *args]
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT if log else None)
    if wait_ready(f"http://{HOST}:{port}/_sandbox/health", process):
        return process
    stop([process])
    return None


def start_service(bin_dir, env, log=None):
    """`merchant serve` with the configuration `env` (not waited for: see wait_ready)."""
    return subprocess.Popen([os.path.join(bin_dir, "merchant"), "serve"], env=env, stdout=log,
                            stderr=subprocess.STDOUT if log else None)


def stop(processes, seconds=15):
    """SIGTERM to each that still runs, then waits; SIGKILL to any still there after `seconds`."""
    processes = [p for p in processes if p is not None]
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def up(bin_dir, ready_file):
    """`make run`'s stack (and that of the fuzz run and the browser tests), from the
    environment that `env` printed; see the module's doc."""
    env = dict(os.environ)
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    migrate(bin_dir, env)
    seed_demo(env["DATABASE_URL"])
    sandbox = start_sandbox(bin_dir, env["SANDBOX_PORT"], env, env["PUBLIC_BASE_URL"] + "/webhooks/wooshpay")
    if sandbox is None:
        print(f"stack: the sandbox did not start on port {env['SANDBOX_PORT']}", file=sys.stderr)
        return 1
    service = start_service(bin_dir, env)
    processes = [sandbox, service]
    try:
        if not wait_ready(f"http://{env['HTTP_HOST']}:{env['HTTP_PORT']}/health/ready", service, seconds=20):
            print(f"stack: the service did not become ready on port {env['HTTP_PORT']}", file=sys.stderr)
            return 1
        open(ready_file, "w").close()
        while not stopping.wait(0.5):
            if any(p.poll() is not None for p in processes):
                return 1
        return 0
    finally:
        stop(processes)


def _exports(env):
    return "\n".join(f"export {name}={shlex.quote(value)}" for name, value in env.items())


def main():
    parser = argparse.ArgumentParser(prog="python3 -m lib.stack", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("free-port")
    p = commands.add_parser("env")
    p.add_argument("--bare", action="store_true")
    p.add_argument("http_port")
    p.add_argument("sandbox_port")
    commands.add_parser("database").add_argument("name")
    commands.add_parser("drop-database").add_argument("url")
    p = commands.add_parser("wait-ready")
    p.add_argument("url")
    p.add_argument("--pid", type=int)
    p.add_argument("--seconds", type=float, default=30.0)
    p = commands.add_parser("up")
    p.add_argument("--bin", required=True)
    p.add_argument("--ready", required=True)
    a = parser.parse_args()
    if a.command == "free-port":
        print(free_port())
    elif a.command == "env":
        print(_exports(service_env(a.http_port, a.sandbox_port, development=not a.bare)))
    elif a.command == "database":
        print(_exports(create_database(a.name)))
    elif a.command == "drop-database":
        drop_database(a.url)
    elif a.command == "wait-ready":
        return 0 if wait_ready(a.url, a.pid, a.seconds) else 1
    elif a.command == "up":
        return up(a.bin, a.ready)
    return 0


if __name__ == "__main__":
    sys.exit(main())
