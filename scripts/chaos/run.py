"""The chaos run (scripts/chaos.sh starts it as `python3 -m chaos.run`): the sandbox and N replicas on one fresh
database, a bounded storefront load through every payment flow while WooshPay's faults,
replica SIGKILLs and a PostgreSQL restart hit the service; then faults off, convergence,
the bad-input campaign, and the invariants. Prints the report; exit 1 on any violation.

Environment (all optional): CHAOS_ORDERS (1000), CHAOS_CONCURRENCY (8), CHAOS_SEED (1),
CHAOS_REPLICAS (3), CHAOS_CONVERGE_SECONDS (180), CHAOS_KILL_EVERY (3-6 s, e.g. "3,6"),
CHAOS_CHECKOUT_EXPIRY (60, seconds), CHAOS_PG_RESTART_AT (0.4: share of orders done before the
restart; "off" for none), CHAOS_FAILOVER (1: a fail-over to the synchronous standby instead of
the restart, with scripts/pg-ha.sh's pair).
Arguments: --bin DIR --work DIR [--break NAME]; DATABASE_URL names the fresh database.
"""
import argparse
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from chaos import disputes, invariants, report
from chaos.badinput import campaign
from chaos.cluster import Cluster, Failover, Killer, PostgresRestart
from chaos.requestlog import RequestLog
from chaos.state import Ours, Truth, db
from chaos.storefront import Storefront, plan
from lib import stack
from lib.http import send

FAULTS = {"webhook_drop_rate": 0.3, "webhook_duplicate_rate": 0.2, "webhook_reorder": True, "webhook_delay_ms_max": 4000,
          "api_error_rate": 0.05, "api_timeout_rate": 0.02, "api_timeout_ms": 5000}
NO_FAULTS = {"webhook_drop_rate": 0, "webhook_duplicate_rate": 0, "webhook_reorder": False, "webhook_delay_ms_max": 0,
             "api_error_rate": 0, "api_timeout_rate": 0}
STOCK = {"CHAOS-TRACKED": 100000, "CHAOS-SCARCE": 40, "CHAOS-UNTRACKED": None}


def env(name, default):
    return os.environ.get(name) or default


def setup_catalog(base, admin_key):
    for sku, stock in STOCK.items():
        body = {"sku": sku, "name": f"Chaos {sku.lower()}", "stock": stock,
                "prices": [{"currency": "USD", "unit_amount": {"CHAOS-SCARCE": 4900}.get(sku, 1250)}]}
        created = send(f"{base}/v1/admin/products", "POST", body=body, headers={"Authorization": f"Bearer {admin_key}"})
        if created.status != 201:
            raise SystemExit(f"chaos: creating {sku} answered {created!r}")


class SandboxRequests:
    """Collects the sandbox's request log (it keeps only the latest 50,000) now and then,
    so injected API errors and timeouts can be counted for the whole run."""

    def __init__(self, base):
        self.base, self.seen = base, set()

    def collect(self):
        response = send(f"{self.base}/_sandbox/requests", timeout=60)
        for r in (response.json or {}).get("data", []):
            self.seen.add((r["started_at_ms"], r["ended_at_ms"], r["method"], r["path"], r["status"]))

    def counts(self, timeout_ms):
        errors = sum(1 for r in self.seen if r[4] == 500)
        timeouts = sum(1 for r in self.seen if r[1] - r[0] >= timeout_ms)
        return len(self.seen), errors, timeouts


def unconverged(database_url, truth_base, expiring_within):
    """What still differs: orders whose state does not match WooshPay's, unfinished
    inbox rows, and unpaid orders due to expire within `expiring_within` seconds (so that
    no expiry moves state under the bad-input campaign)."""
    ours, truth = Ours(database_url, only={"orders", "attempts", "refunds"}), Truth(truth_base)
    world = invariants.World(ours, truth)
    mismatched = {o for o, _ in invariants.order_state(world)}
    open_events = db(database_url, "SELECT count(*) AS n FROM webhook_events WHERE status NOT IN ('processed', 'ignored')")[0]["n"]
    expiring = db(database_url, f"""SELECT count(*) AS n FROM orders WHERE status IN ('awaiting_payment', 'payment_failed', 'requires_action')
                                   AND expires_at < now() + make_interval(secs => {expiring_within})""")[0]["n"]
    return len(mismatched), open_events, expiring


def converge_disputes(database_url, cluster, admin_key, began, seconds=60):
    """Waits for every dispute on our payments to be recorded as WooshPay has it. The
    webhooks and the dispute poller come first; after 10 s, reconciliation of the run's
    window (the product's net for a dispute whose every event was dropped) runs each 10 s.
    Returns the disputes still differing and how many reconciliation recorded."""
    intents = {r["intent"] for r in db(database_url, "SELECT payment_intent_id AS intent FROM payment_attempts WHERE payment_intent_id IS NOT NULL")}
    started, reconciled, last_run = time.time(), 0, 0.0
    while True:
        gaps = disputes.mismatched(database_url, cluster.sandbox_url, intents)
        if not gaps or time.time() - started > seconds:
            print(f"chaos: disputes {'converged' if not gaps else 'NOT converged'} after {time.time() - started:.0f} s", flush=True)
            return gaps, reconciled
        if time.time() - started > 10 and time.time() - last_run > 10:
            last_run = time.time()
            report_ = disputes.admin(cluster.replica_url(0), admin_key, "POST", "/reconciliations", {"since": int(began) - 60})
            reconciled += ((report_.json or {}).get("counts") or {}).get("dispute_missing", 0)
        time.sleep(2)


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--bin", required=True)
    args.add_argument("--work", required=True)
    args.add_argument("--break", dest="broken")
    args = args.parse_args()
    orders = int(env("CHAOS_ORDERS", "1000"))
    concurrency = int(env("CHAOS_CONCURRENCY", "8"))
    seed = env("CHAOS_SEED", "1")
    converge_seconds = float(env("CHAOS_CONVERGE_SECONDS", "180"))
    kill_every = tuple(float(x) for x in env("CHAOS_KILL_EVERY", "3,6").split(","))
    restart_at = env("CHAOS_PG_RESTART_AT", "0.4")
    database_url = os.environ["DATABASE_URL"]
    secrets = stack.SECRETS
    began = time.time()

    cluster = Cluster(args.bin, args.work, int(env("CHAOS_REPLICAS", "3")), {
        **secrets, "DATABASE_URL": database_url, "HTTP_HOST": "127.0.0.1", "LOG_LEVEL": "notice",
        "SYNC_SCHEDULE": "2s,2s,5s", "SYNC_POLL_INTERVAL": "1", "WOOSHPAY_TIMEOUT": "3", "RETURN_SYNC_TIMEOUT": "3",
        "CHECKOUT_EXPIRY": env("CHAOS_CHECKOUT_EXPIRY", "60"), "PAYMENT_METHOD_TYPES": "card,alipay,wechat_pay",
        "DATABASE_POOL_SIZE": "8", "ALLOWED_CAPTURE_METHODS": "automatic,manual",
        # Every customer here is 127.0.0.1: limits out of reach (the attack campaign tests them).
        **{f"RATE_LIMIT_{c}": "1000000/s" for c in ("ORDERS", "PAYMENTS", "RETURNS", "READS", "ADMIN")},
        "MAX_PAYMENT_FAILURES_PER_CLIENT": "100000", "EVENT_STREAMS_PER_CLIENT": "100000",
        **({"CHAOS_BREAK": args.broken} if args.broken else {})},
        ["--webhook-retry-schedule", "1s,2s,5s,10s,30s,1m", "--api-timeout-ms", str(FAULTS["api_timeout_ms"])])
    cluster.env["PUBLIC_BASE_URL"] = cluster.balancer.url
    cluster.env["STOREFRONT_RETURN_URL"] = f"{cluster.balancer.url}/demo"
    killer = Killer(cluster, every=kill_every, seed=int(seed) if seed.isdigit() else 0)
    # CHAOS_FAILOVER=1 (scripts/failover-test.sh): the primary is killed and its synchronous
    # standby promoted instead of a restart; DATABASE_URL then names both (multi-host).
    failover = env("CHAOS_FAILOVER", "") == "1"
    restart = Failover(killer, cluster.balancer.url, "CHAOS-UNTRACKED") if failover else PostgresRestart(killer)
    log = RequestLog()
    try:
        cluster.migrate()
        admin_key = subprocess.run([os.path.join(args.bin, "merchant"), "keys", "create", "--name", "chaos", "--role", "admin"],
                                   env=cluster.replica_env(0), capture_output=True, text=True, check=True).stdout.strip()
        cluster.start_sandbox()
        for i in range(len(cluster.ports)):
            if not cluster.start_replica(i):
                raise SystemExit(f"chaos: replica {i} did not become ready (see replica-{i}.log)")
        setup_catalog(cluster.replica_url(0), admin_key)
        print(f"chaos: {orders} orders, concurrency {concurrency}, seed {seed}, {len(cluster.ports)} replicas "
              f"{cluster.ports}, balancer {cluster.balancer.port}, sandbox {cluster.sandbox_port}"
              f"{', BREAK ' + args.broken if args.broken else ''}; logs in {args.work}", flush=True)

        # -- load under faults -------------------------------------------------------------
        faults = send(f"{cluster.sandbox_url}/_sandbox/faults", "POST", body=FAULTS)
        if faults.status != 200:
            raise SystemExit(f"chaos: setting faults answered {faults!r}")
        sandbox_requests = SandboxRequests(cluster.sandbox_url)
        shop = Storefront(cluster.replica_urls, cluster.balancer.url, cluster.sandbox_url, admin_key,
                          secrets["WOOSHPAY_PUBLISHABLE_KEY"], log,
                          # Order creation takes keys of 20+ characters (the key is its only secret).
                          f"chaos{seed}-{os.getpid()}-{uuid.uuid4().hex[:12]}")
        killer.start()
        done, records, lock = [0], [], threading.Lock()
        restart_after = None if restart_at == "off" else max(1, int(orders * float(restart_at)))
        load_began = time.time()

        def one(n):
            record = shop.run(plan(seed, n))
            with lock:
                records.append(record)
                done[0] += 1
                count = done[0]
            if count == restart_after:
                threading.Thread(target=restart.run, name="pg-restart").start()
            if count % max(1, orders // 10) == 0:
                sandbox_requests.collect()
                print(f"chaos: {count}/{orders} orders driven ({time.time() - load_began:.0f} s, "
                      f"{len(killer.kills)} kills)", flush=True)

        with ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(one, range(orders)))
        load_seconds = time.time() - load_began
        killer.stop()
        while restart.window is None and restart_after is not None and restart.error is None:
            time.sleep(0.5)

        # -- chargebacks on some paid orders, still under the faults ----------------------------
        opened, early_refunds = disputes.open_disputes(database_url, cluster.sandbox_url, cluster.balancer.url, admin_key)
        print(f"chaos: {len(opened)} disputes opened under faults ({sum(1 for d in opened if d['outcome'])} decided), "
              f"refunds asked meanwhile answered {sorted({(s, c) for _, s, c in early_refunds}, key=str)}", flush=True)
        time.sleep(3)

        # -- faults off, every replica up, convergence ----------------------------------------
        sandbox_requests.collect()
        send(f"{cluster.sandbox_url}/_sandbox/faults", "POST", body=NO_FAULTS)
        for i, process in enumerate(cluster.processes):
            if process is None or process.poll() is not None:
                cluster.start_replica(i)
        converge_began = time.time()
        converged = None
        # A short expiry (the default) is waited out, so abandoned orders end expired with
        # their stock back; a long one only keeps expiries away from the campaign.
        expiry = int(cluster.env["CHECKOUT_EXPIRY"].rstrip("s"))
        expiring_within = expiry + 5 if expiry <= converge_seconds / 2 else 30
        while time.time() - converge_began < converge_seconds:
            mismatched, open_events, expiring = unconverged(database_url, cluster.sandbox_url, expiring_within)
            if mismatched == 0 and open_events == 0 and expiring == 0:
                converged = time.time() - converge_began
                break
            time.sleep(3)
        waited = time.time() - converge_began
        print(f"chaos: {'converged' if converged is not None else 'NOT converged'} after {waited:.0f} s "
              f"(last: {mismatched} orders differ, {open_events} inbox rows open, {expiring} orders about to expire)", flush=True)
        dispute_gaps, reconciled = converge_disputes(database_url, cluster, admin_key, began)
        if dispute_gaps:
            converged = None

        # -- bad input, then the invariants -------------------------------------------------------
        pairs = [(r["order_id"], r["token"]) for r in records if r.get("token")]
        bad_cases, bad_found = campaign(cluster.replica_urls, log, database_url, secrets["WOOSHPAY_WEBHOOK_SECRET"],
                                        admin_key, pairs[:2]) if len(pairs) >= 2 else ([], [("campaign", "fewer than two orders")])
        truth = Truth(cluster.sandbox_url, secrets["WOOSHPAY_SECRET_KEY"])
        with open(os.path.join(args.work, "truth.json"), "w") as saved:  # the sandbox's side, for a post-mortem
            json.dump({"intents": truth.intents, "refunds": truth.refunds, "sessions": truth.sessions, "events": truth.events,
                       "disputes": truth.disputes,
                       "attempt_of_intent": truth.attempt_of_intent, "attempt_of_session": truth.attempt_of_session}, saved)
        world = invariants.World(Ours(database_url), truth)
        windows = [restart.window] if restart.window else []
        server_errors, gateway_503, during_503 = invariants.no_server_errors(log.snapshot(), windows, grace=5.0)
        checks = [
            ("1 order state matches WooshPay", invariants.order_state(world)),
            ("2 no order paid that WooshPay says unpaid", invariants.paid_only_if_paid(world)),
            ("3 one intent per attempt, one kept payment", invariants.charged_once(world)),
            ("4 refunds never exceed captures", invariants.refunds_within_captures(world)),
            ("5 webhook events processed once", invariants.webhooks_once(world)),
            ("6 stock consistent", invariants.stock_consistent(world, STOCK)),
            ("7 no 5xx outside the PostgreSQL " + ("fail-over" if failover else "restart"), server_errors),
            ("8 bad input refused, state unchanged", bad_found),
            ("9 each request took effect once", invariants.effects_once(world, records)),
            ("10 each dispute recorded once, as WooshPay's", dispute_gaps),
            ("11 disputed orders' net is WooshPay's", disputes.net_matches(cluster.balancer.url, admin_key, opened, world)),
            ("12 no refund of disputed money",
             disputes.no_refund_of_disputed(database_url, world, cluster.sandbox_url, cluster.balancer.url, admin_key)),
            ("13 nothing acknowledged lost", invariants.acknowledged_kept(world, records)),
        ]
        print(f"chaos: disputes {len(opened)}; recorded by reconciliation (every event of theirs dropped): {reconciled}", flush=True)
        total, errors, timeouts = sandbox_requests.counts(FAULTS["api_timeout_ms"])
        unanswered = db(database_url, """SELECT scope, key, to_char(created_at, 'HH24:MI:SS') AS created FROM idempotency_keys
                                         WHERE response_status IS NULL ORDER BY created_at""")
        ok = report.print_report(
            records=records, truth=truth, world=world, checks=checks, killer=killer, restart=restart,
            load_seconds=load_seconds, converged=converged, waited=waited, faults=FAULTS,
            sandbox_requests=(total, errors, timeouts), requests=log.snapshot(), gateway_503=gateway_503,
            during_503=during_503, stuck_keys=shop.stuck_keys, unanswered_keys=unanswered, bad_cases=bad_cases, broken=args.broken,
            seconds=time.time() - began)
        return 0 if ok else 1
    finally:
        killer.stopping.set()
        cluster.stop()


if __name__ == "__main__":
    sys.exit(main())
