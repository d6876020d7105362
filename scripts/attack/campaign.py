"""The attack campaign of `make test` (issue 20): three replicas on one database, each bot
of the issue played against them while legitimate customers keep buying, then one table and
a non-zero exit on any violation. Every client here is 127.0.0.1, so the replicas trust it
as a proxy (TRUSTED_PROXIES) and each simulated client sends its own X-Forwarded-For.
Standard library only; loopback only; every loop bounded in count and time."""
import argparse
import os
import socket
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from chaos.cluster import Cluster
from lib import db, stack
from lib.http import send

LIMIT_ORDERS, LIMIT_PAYMENTS, MAX_FAILURES, HOLD_S, HEADER_TIMEOUT_S = 10, 10, 5, 60, 2
ENV = {
    **stack.SECRETS, "HTTP_HOST": "127.0.0.1", "LOG_LEVEL": "notice",
    "SYNC_POLL_INTERVAL": "1", "WOOSHPAY_TIMEOUT": "5", "DATABASE_POOL_SIZE": "8",
    "TRUSTED_PROXIES": "127.0.0.1/32",
    "RATE_LIMIT_ORDERS": f"{LIMIT_ORDERS}/min", "RATE_LIMIT_PAYMENTS": f"{LIMIT_PAYMENTS}/min",
    "RATE_LIMIT_RETURNS": "1000/min", "RATE_LIMIT_READS": "100000/min",
    "MAX_PAYMENT_FAILURES_PER_ORDER": str(MAX_FAILURES), "MAX_PAYMENT_FAILURES_PER_CLIENT": "100",
    "STOCK_HOLD": f"{HOLD_S}s", "RETURN_SYNC_MIN_INTERVAL": "2s",
    "EVENT_STREAMS_PER_CLIENT": "400", "EVENT_STREAMS_MAX": "1000", "ORDER_EVENTS_MAX_SECONDS": "120",
    "HTTP_HEADER_TIMEOUT": f"{HEADER_TIMEOUT_S}s", "HTTP_MAX_CONNECTIONS": "4096",
}
ORDER = {"currency": "USD", "items": [{"sku": "MUG", "quantity": 1}], "customer": {"email": "bot@example.com"}}


def client(n):
    return {"X-Forwarded-For": f"203.0.113.{n}"}


def place(url, who, body=ORDER):
    return send(f"{url}/v1/orders", "POST", body, {**who, "Idempotency-Key": uuid.uuid4().hex}, timeout=15)


def psql(sql):
    return db.value(os.environ["DATABASE_URL"], sql)


def sandbox_log(cluster):
    return send(f"{cluster.sandbox_url}/_sandbox/requests", timeout=15).json.get("data", [])


class Legit:
    """Customers with their own addresses buying all along (an untracked product, the
    direct flow, a succeeding card); any refusal is a violation."""

    def __init__(self, urls):
        self.urls, self.done, self.refused, self.stop = urls, 0, [], threading.Event()

    def run(self, k):
        n = 0
        while not self.stop.is_set() and n < 200:
            url = self.urls[(k + n) % len(self.urls)]
            who = {"X-Forwarded-For": f"198.51.{100 + k}.{n % 250 + 1}"}
            order = place(url, who)
            if order.status != 201:
                self.refused.append(("order", order.status, order.code))
            else:
                body = order.json
                pay = send(f"{url}/v1/orders/{body['id']}/payments", "POST", {"mode": "direct", "payment_method": "pm_card_visa"},
                           {**who, "X-Order-Token": body["client_token"], "Idempotency-Key": uuid.uuid4().hex}, timeout=15)
                if pay.status not in (200, 201):
                    self.refused.append(("payment", pay.status, pay.code))
                else:
                    self.done += 1
            n += 1
            self.stop.wait(0.5)


def flood_orders(urls, who, count=40):
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda i: place(urls[i % len(urls)], who), range(count)))
    ok = sum(1 for a in answers if a.status == 201)
    bad = [a.status for a in answers if a.status != 201 and not (a.status == 429 and a.code == "rate_limited" and "retry-after" in a.headers)]
    return ok, bad


def main():
    args = argparse.ArgumentParser()
    args.add_argument("--bin", required=True)
    args.add_argument("--work", required=True)
    args.add_argument("--table", required=True)
    args = args.parse_args()
    cluster = Cluster(args.bin, args.work, 3, {**ENV, "DATABASE_URL": os.environ["DATABASE_URL"]}, [])
    cluster.env["PUBLIC_BASE_URL"] = cluster.balancer.url
    rows, failed = [], False

    def row(name, measured, limit, ok):
        nonlocal failed
        failed |= not ok
        rows.append((name, measured, limit, "PASS" if ok else "FAIL"))
        print(f"attack: {name}: {measured} (limit {limit}) {'PASS' if ok else 'FAIL'}", flush=True)

    try:
        cluster.migrate()
        psql("""INSERT INTO products (sku, name, description, active, stock) VALUES
                  ('MUG', 'Mug', '', true, NULL), ('SCALP', 'Limited sneaker', '', true, 5);
                INSERT INTO product_prices (sku, currency, unit_amount) VALUES ('MUG', 'USD', 1200), ('SCALP', 'USD', 9900)""")
        cluster.start_sandbox()
        for i in range(3):
            if not cluster.start_replica(i):
                raise SystemExit(f"attack: replica {i} did not start (see {args.work}/replica-{i}.log)")
        urls = cluster.replica_urls
        legit = Legit(urls)
        threads = [threading.Thread(target=legit.run, args=(k,), daemon=True) for k in range(3)]
        for t in threads:
            t.start()

        # Scalper: all five sneakers in one order; the hold must lapse and give them back.
        scalp = place(urls[0], client(50), {**ORDER, "items": [{"sku": "SCALP", "quantity": 5}]})
        scalped_at = time.monotonic()
        held = psql("SELECT stock FROM products WHERE sku = 'SCALP'")

        # Order flood: one client on one replica, another spread over three.
        one, bad_one = flood_orders(urls[:1], client(1))
        spread, bad_spread = flood_orders(urls, client(2))
        row("orders accepted, one client on 1 replica", one, f"{LIMIT_ORDERS} (RATE_LIMIT_ORDERS)", one <= LIMIT_ORDERS + 1 and not bad_one)
        row("orders accepted, one client over 3 replicas", spread, f"{LIMIT_ORDERS}, within 10% of 1 replica",
            spread <= LIMIT_ORDERS + 1 and abs(spread - one) <= max(1, LIMIT_ORDERS // 10) and not bad_spread)

        # Payment-start flood on one order, spread over the replicas.
        target = place(urls[0], client(3)).json
        with ThreadPoolExecutor(8) as pool:
            starts = list(pool.map(lambda i: send(f"{urls[i % 3]}/v1/orders/{target['id']}/payments", "POST", {"mode": "sdk"},
                                                  {**client(3), "X-Order-Token": target["client_token"]}, timeout=15), range(40)))
        accepted = sum(1 for a in starts if a.status in (200, 201))
        row("payment starts accepted, one client and order over 3 replicas", accepted, f"{LIMIT_PAYMENTS} (RATE_LIMIT_PAYMENTS)",
            accepted <= LIMIT_PAYMENTS + 1 and all(a.status in (200, 201, 429) for a in starts))

        # Card tester: declined cards looped through one order.
        tester = place(urls[0], client(4)).json
        answers = []
        for i in range(20):
            card = "pm_card_insufficientFunds" if i % 2 else "pm_card_chargeDeclined"
            answers.append(send(f"{urls[i % 3]}/v1/orders/{tester['id']}/payments", "POST", {"mode": "direct", "payment_method": card},
                                {**client(4), "X-Order-Token": tester["client_token"]}, timeout=15))
        intents = psql(f"SELECT string_agg(payment_intent_id, ',') FROM payment_attempts WHERE order_id = '{tester['id']}'").split(",")
        # Each intent's creating call (its path names no id) and every confirm of it.
        calls = len([p for p in intents if p]) + sum(1 for e in sandbox_log(cluster)
                                                    if e["method"] == "POST" and any(p and p in e["path"] for p in intents))
        leaked = [a.body for a in answers if b"insufficient_funds" in (a.body or b"") or b"generic_decline" in (a.body or b"")]
        row("WooshPay confirmations for a card-testing order (sandbox log)", calls, f"{MAX_FAILURES} (MAX_PAYMENT_FAILURES_PER_ORDER)",
            1 <= calls <= MAX_FAILURES and any(a.code == "too_many_attempts" for a in answers))
        row("issuer decline codes shown to the card tester", len(leaked), "0", not leaked)

        # Return flood: 40 concurrent hits of one checkout payment's return URL over 3 replicas.
        buyer = place(urls[0], client(5)).json
        send(f"{urls[0]}/v1/orders/{buyer['id']}/payments", "POST", {"mode": "checkout"},
             {**client(5), "X-Order-Token": buyer["client_token"]}, timeout=15)
        time.sleep(2.5)
        objects = [o for o in psql(f"SELECT concat_ws(',', payment_intent_id, checkout_session_id) FROM payment_attempts "
                                   f"WHERE order_id = '{buyer['id']}'").split(",") if o]

        def buyer_reads():
            return sum(1 for e in sandbox_log(cluster) if e["method"] == "GET" and any(o in e["path"] for o in objects))
        before = buyer_reads()
        with ThreadPoolExecutor(40) as pool:
            hits = list(pool.map(lambda i: send(f"{urls[i % 3]}/v1/orders/{buyer['id']}/return", headers=client(6), timeout=15), range(40)))
        reads = buyer_reads() - before
        # One sync reads the intent and the session.
        row("WooshPay reads for 40 return hits of one payment", reads, "2 (one sync: intent and session)",
            objects and reads <= 2 and all(h.status == 303 for h in hits))

        # Slow headers: one byte every 0.5 s after a partial request head.
        sock = socket.create_connection(("127.0.0.1", cluster.ports[0]), timeout=5)
        sock.sendall(b"GET /health/live HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        opened, closed_after = time.monotonic(), None
        while time.monotonic() - opened < 20:
            try:
                sock.sendall(b"a")
                sock.settimeout(0.5)
                if sock.recv(1024) == b"":
                    closed_after = time.monotonic() - opened
                    break
            except socket.timeout:
                continue
            except OSError:
                closed_after = time.monotonic() - opened
                break
        sock.close()
        row("seconds until a slow-header connection is closed", f"{closed_after:.1f}" if closed_after else "not closed in 20 s",
            f"{HEADER_TIMEOUT_S} (HTTP_HEADER_TIMEOUT) + 1.5", closed_after is not None and closed_after <= HEADER_TIMEOUT_S + 1.5)

        # Streams: database commits per second without streams and with 1,000 open.
        def commits():
            psql("SELECT pg_stat_force_next_flush()")
            return int(psql("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"))

        def rate(seconds=5.0):
            a = commits()
            time.sleep(seconds)
            return (commits() - a) / seconds

        legit.stop.set()
        for t in threads:
            t.join(30)
        # A backend reports its counts up to 10 s after going idle (PostgreSQL's stats
        # flush): wait that out so earlier work is not counted in the window.
        time.sleep(11)
        quiet = rate()
        owners = [place(urls[0], client(60 + k)).json for k in range(5)]
        sockets = []
        for n in range(1000):
            owner = owners[n % 5]
            s = socket.create_connection(("127.0.0.1", cluster.ports[n % 3]), timeout=10)
            s.sendall((f"GET /v1/orders/{owner['id']}/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                       f"X-Order-Token: {owner['client_token']}\r\nX-Forwarded-For: 203.0.113.{60 + n % 5}\r\n\r\n").encode())
            sockets.append(s)
        time.sleep(2)
        opened = 0
        for s in sockets:
            try:
                s.settimeout(2)
                if b" 200 " in s.recv(4096).split(b"\r\n")[0]:
                    opened += 1
            except OSError:
                pass
        time.sleep(11)  # the openings' own commits (token check, limiter, snapshot) reported
        busy = rate()
        for s in sockets:
            s.close()
        row("database commits/s with 1,000 open streams vs none", f"{busy:.1f} vs {quiet:.1f} ({opened} streams open)",
            "none + 15 (one feed query a second per replica; one query per stream would be ~1,000)",
            opened >= 990 and busy - quiet <= 15)

        # The scalper's hold: back on sale within the hold and a few poll rounds.
        deadline = scalped_at + HOLD_S + 30
        while time.monotonic() < deadline and psql("SELECT stock FROM products WHERE sku = 'SCALP'") != "5":
            time.sleep(1)
        back = psql("SELECT stock FROM products WHERE sku = 'SCALP'")
        row("scalped stock back on sale after STOCK_HOLD", f"stock {held} -> {back} after {time.monotonic() - scalped_at:.0f} s",
            f"5 within {HOLD_S} s + 30", scalp.status == 201 and held == "0" and back == "5")
        row("legitimate customers refused", f"{len(legit.refused)} of {legit.done + len(legit.refused)}", "0",
            not legit.refused and legit.done > 0)
        if legit.refused:
            print("attack: legitimate refusals:", legit.refused[:10])
    finally:
        cluster.stop()
    table = ["| bot | measured | limit | verdict |", "|---|---|---|---|"] + [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows]
    text = "\n".join(table)
    print(text)
    with open(args.table, "w") as f:
        f.write(text + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
