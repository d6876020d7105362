"""The system under test of the chaos run and the attack campaign: the WooshPay sandbox, N
`merchant serve` replicas on one database, a round-robin TCP balancer in front of them (the
URL WooshPay and customers' browsers use), the replica killer and the PostgreSQL restart.
The processes are started and stopped by the stack launcher (lib.stack).
"""
import asyncio
import os
import random
import signal
import subprocess
import threading
import time

from lib import stack
from lib.http import send
from lib.stack import free_port, wait_ready


class Balancer:
    """A TCP round-robin balancer on its own event-loop thread. A backend that refuses the
    connection (killed) is skipped, as a load balancer's health check would."""

    def __init__(self, backends):
        self.backends, self.port, self.turn = backends, free_port(), 0
        self.loop = asyncio.new_event_loop()
        self.started = threading.Event()
        threading.Thread(target=self._run, name="balancer", daemon=True).start()
        self.started.wait(10)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def _run(self):
        asyncio.set_event_loop(self.loop)
        self.server = self.loop.run_until_complete(asyncio.start_server(self._serve, "127.0.0.1", self.port))
        self.started.set()
        self.loop.run_forever()

    async def _serve(self, client_reader, client_writer):
        upstream = None
        for _ in range(len(self.backends)):
            self.turn = (self.turn + 1) % len(self.backends)
            try:
                upstream = await asyncio.open_connection("127.0.0.1", self.backends[self.turn])
                break
            except OSError:
                continue
        if upstream is None:
            client_writer.close()
            return
        reader, writer = upstream
        await asyncio.gather(self._pipe(client_reader, writer), self._pipe(reader, client_writer))

    @staticmethod
    async def _pipe(reader, writer):
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            try:
                writer.close()
            except OSError:
                pass


class Cluster:
    """Starts and stops the sandbox and the replicas; kills and restarts replicas."""

    def __init__(self, bin_dir, work, replicas, environment, sandbox_args):
        self.bin, self.work, self.env = bin_dir, work, environment
        self.ports = [free_port() for _ in range(replicas)]
        self.processes = [None] * replicas
        self.sandbox_port = free_port()
        self.sandbox_args = sandbox_args
        self.sandbox = None
        self.balancer = Balancer(self.ports)
        self.replica_lock = threading.Lock()

    @property
    def sandbox_url(self):
        return f"http://127.0.0.1:{self.sandbox_port}"

    def replica_url(self, i):
        return f"http://127.0.0.1:{self.ports[i]}"

    @property
    def replica_urls(self):
        return [self.replica_url(i) for i in range(len(self.ports))]

    def log(self, name):
        return open(os.path.join(self.work, f"{name}.log"), "ab")

    def start_sandbox(self):
        self.sandbox = stack.start_sandbox(self.bin, self.sandbox_port, self.env, f"{self.balancer.url}/webhooks/wooshpay",
                                           self.log("sandbox"), self.sandbox_args)
        if self.sandbox is None:
            raise SystemExit("chaos: the sandbox did not start (see sandbox.log)")

    def migrate(self):
        stack.migrate(self.bin, self.replica_env(0), self.log("migrate"))

    def replica_env(self, i):
        return {**os.environ, **self.env, "HTTP_PORT": str(self.ports[i]), "WOOSHPAY_API_BASE": self.sandbox_url,
                "WOOSHPAY_JS_URL": f"{self.sandbox_url}/js/wooshpay.js"}

    def start_replica(self, i, seconds=30.0):
        """Starts replica i and waits until it is ready; tries again while it exits at once
        (the database may be restarting)."""
        deadline = time.monotonic() + seconds
        while True:
            process = stack.start_service(self.bin, self.replica_env(i), self.log(f"replica-{i}"))
            self.processes[i] = process
            if wait_ready(f"{self.replica_url(i)}/health/ready", process, max(1.0, deadline - time.monotonic())):
                return True
            if time.monotonic() >= deadline:
                return False
            if process.poll() is None:
                process.kill()
                process.wait()
            time.sleep(0.5)

    def kill_replica(self, i):
        process = self.processes[i]
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()

    def stop(self):
        stack.stop([*self.processes, self.sandbox])


class Killer:
    """Every few seconds SIGKILLs one replica, waits a moment and starts it again; never
    two at once, and not while PostgreSQL is restarting."""

    def __init__(self, cluster, every=(3.0, 6.0), down=(0.5, 2.0), seed=0):
        self.cluster, self.every, self.down = cluster, every, down
        self.random = random.Random(seed)
        self.stopping, self.paused = threading.Event(), threading.Event()
        self.kills, self.failed_restarts = [], 0
        self.thread = threading.Thread(target=self._run, name="killer", daemon=True)

    def start(self):
        self.thread.start()

    def stop(self):
        self.stopping.set()
        self.thread.join()

    def _run(self):
        while not self.stopping.wait(self.random.uniform(*self.every)):
            if self.paused.is_set():
                continue
            i = self.random.randrange(len(self.cluster.ports))
            self.cluster.kill_replica(i)
            self.kills.append((time.time(), i))
            with self.cluster.log("kills") as log:
                log.write(f"{time.strftime('%H:%M:%S', time.gmtime())}.{int(time.time() * 1000) % 1000:03d} "
                          f"SIGKILL replica {i} (port {self.cluster.ports[i]})\n".encode())
            time.sleep(self.random.uniform(*self.down))
            if not self.cluster.start_replica(i, seconds=60):
                self.failed_restarts += 1


class PostgresRestart:
    """Restarts the private cluster once (`scripts/pg.sh restart`) and records the window."""

    def __init__(self, killer):
        self.killer, self.window, self.error = killer, None, None

    def run(self):
        self.killer.paused.set()
        try:
            started = time.time()
            done = subprocess.run(["bash", "scripts/pg.sh", "restart"], capture_output=True, text=True)
            self.window = (started, time.time())
            if done.returncode != 0:
                self.error = done.stderr.strip() or f"exit {done.returncode}"
        finally:
            self.killer.paused.clear()


class Failover:
    """Kills the primary and promotes its synchronous standby once (`scripts/pg-ha.sh
    failover`), records the window from the kill to the promotion's end, then measures how
    long until the service writes again: an order placed through the balancer every 100 ms
    until one is answered 201 (`writes_again`, seconds after the promotion)."""

    def __init__(self, killer, base, sku):
        self.killer, self.base, self.sku = killer, base, sku
        self.window, self.error, self.writes_again = None, None, None

    def run(self):
        self.killer.paused.set()
        try:
            done = subprocess.run(["bash", "scripts/pg-ha.sh", "failover"], capture_output=True, text=True)
            if done.returncode != 0:
                self.error = done.stderr.strip() or f"exit {done.returncode}"
                return
            killed, promoted = (float(x) for x in done.stdout.split())
            self.window = (killed, promoted)
            deadline = promoted + 60
            while time.time() < deadline:
                probe = send(f"{self.base}/v1/orders", "POST", timeout=5, body={
                    "currency": "USD", "items": [{"sku": self.sku, "quantity": 1}],
                    "customer": {"email": "probe@example.com"}, "metadata": {"chaos": "failover-probe"}},
                    headers={"Idempotency-Key": f"failover-probe-{time.time_ns()}"})
                if probe.status == 201:
                    self.writes_again = time.time() - promoted
                    return
                time.sleep(0.1)
            self.error = "the service did not write within 60 s of the promotion"
        finally:
            self.killer.paused.clear()
