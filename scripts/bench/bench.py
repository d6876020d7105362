#!/usr/bin/env python3
"""Helpers of make bench (scripts/bench.sh runs them as `python3 -m bench.bench CMD`): set-up through the real APIs, the open-loop
payment-start client, signed webhook events, settlement watching and the report.

Every loop here is bounded by a count and, where it waits, by a deadline. Only loopback.
"""
import argparse
import asyncio
import base64
import concurrent.futures
import json
import os
import sys
import time

from lib import db
from lib.http import KeepAlive
from lib.signing import signature

# ---------------------------------------------------------------------------------------
# Set-up work goes over one keep-alive connection per thread (lib.http.KeepAlive).

_client = KeepAlive(timeout=30)


def call(hostport, method, path, body=None, headers=None):
    """One request with a JSON body (any body is sent as JSON); returns (status, parsed JSON
    or raw text). Raises ConnectionError when no answer came, even on a fresh connection."""
    if body is not None:
        headers = {"Content-Type": "application/json", **(headers or {})}
    response = _client.send(f"http://{hostport}{path}", method, body, headers)
    if response.status is None:
        raise ConnectionError(f"{method} {hostport}{path}: {response.error}")
    return response.status, response.data


def parallel(fn, items, threads):
    """Runs fn over items on `threads` threads; returns the results in order."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=threads) as ex:
        return list(ex.map(fn, items))


def sandbox_auth(secret):
    return {"Authorization": "Basic " + base64.b64encode((secret + ":").encode()).decode()}


# ---------------------------------------------------------------------------------------
# Set-up: catalog, orders, payment starts, intents driven to succeeded.

def cmd_catalog(a):
    """The bench catalog: BENCH-100.. with a USD price each, stock not tracked."""
    def make(i):
        sku = "BENCH-%d" % (100 + i)
        st, body = call(a.base, "POST", "/v1/admin/products",
                        {"sku": sku, "name": "Bench product %d" % i, "description": "make bench",
                         "prices": [{"currency": "USD", "unit_amount": 1000 + i}]},
                        {"Authorization": "Bearer " + a.key})
        if st not in (201, 409):
            raise SystemExit("catalog: %s answered %s %s" % (sku, st, body))
        return st
    parallel(make, range(a.products), 4)


def order_body(i, products):
    third = products // 3
    skus = ["BENCH-%d" % (100 + k * third + (i * (7 + k)) % third) for k in range(3)]
    return {"currency": "USD", "items": [{"sku": s, "quantity": q} for s, q in zip(skus, (1, 2, 1))],
            "customer": {"email": "prep-%d@example.com" % i, "name": "Bench Customer"}}


def cmd_orders(a):
    """Creates --count orders (unmeasured) and appends "id token" lines to --out."""
    seed = int(time.time() * 1000) % 1000000

    def make(i):
        st, body = call(a.base, "POST", "/v1/orders", order_body(seed + i, a.products))
        if st != 201:
            raise SystemExit("orders: answered %s %s" % (st, body))
        return "%s %s\n" % (body["id"], body["client_token"])
    lines = parallel(make, range(a.count), a.threads)
    with open(a.out, "a") as f:
        f.writelines(lines)


def cmd_pay(a):
    """Checkout payment starts for the first --count orders of --orders; writes attempt ids."""
    with open(a.orders) as f:
        orders = [line.split() for line in f if line.strip()][: a.count]
    if len(orders) < a.count:
        raise SystemExit("pay: only %d orders" % len(orders))

    def start(o):
        st, body = call(a.base, "POST", "/v1/orders/%s/payments" % o[0], {"mode": "checkout"}, {"X-Order-Token": o[1]})
        if st != 201:
            raise SystemExit("pay: answered %s %s" % (st, body))
        return body["id"]
    ids = parallel(start, orders, a.threads)
    with open(a.out, "w") as f:
        f.writelines(i + "\n" for i in ids)


def cmd_succeed(a):
    """Drives each payment intent of --intents to succeeded, as the customer paying would."""
    with open(a.intents) as f:
        ids = [line.strip() for line in f if line.strip()]

    def go(pi):
        st, body = call(a.sandbox, "POST", "/_sandbox/payment_intents/%s/outcome" % pi, {"outcome": "succeeded"})
        return st == 200
    ok = sum(parallel(go, ids, a.threads))
    print(ok)


def cmd_events(a):
    """Every payment_intent.succeeded event the sandbox holds, one compact JSON per line."""
    auth = sandbox_auth(a.secret)
    out, after = [], None
    for _ in range(100000):
        # WooshPay's lists take their filters in the GET's JSON body (the strict sandbox
        # ignores a query string: with one, this loop read the first page for ever).
        filters = {"type": "payment_intent.succeeded", "limit": 100, **({"starting_after": after} if after else {})}
        st, body = call(a.sandbox, "GET", "/v1/events", filters, headers=auth)
        if st != 200:
            raise SystemExit("events: %s %s" % (st, body))
        data = body.get("data", [])
        out.extend(data)
        if not body.get("has_more") or not data:
            break
        after = data[-1]["id"]
    with open(a.out, "w") as f:
        for e in out:
            f.write(json.dumps(e, separators=(",", ":")) + "\n")
    print(len(out))


def cmd_sign(a):
    """Signed lines "<header>\\t<body>". With --synthetic N: N events with fresh unique ids
    (evt_bench_<n>) over the real events' bodies in turn (same shape, same objects)."""
    with open(a.events) as f:
        events = [json.loads(line) for line in f if line.strip()]
    if not events:
        raise SystemExit("sign: no events")
    with open(a.out, "w") as f:
        if a.synthetic:
            run = int(time.time())
            for n in range(a.synthetic):
                e = dict(events[n % len(events)])
                e["id"] = "evt_bench_%d_%d" % (run, n)
                body = json.dumps(e, separators=(",", ":"))
                f.write(signature(a.secret, body) + "\t" + body + "\n")
        else:
            for e in events:
                body = json.dumps(e, separators=(",", ":"))
                f.write(signature(a.secret, body) + "\t" + body + "\n")


def cmd_post(a):
    """POSTs every signed line of --signed to the webhook route (unmeasured)."""
    with open(a.signed) as f:
        lines = [line.rstrip("\n").split("\t", 1) for line in f if line.strip()]

    def go(sb):
        st, _ = call(a.base, "POST", "/webhooks/wooshpay", sb[1], {"Wooshpay-Signature": sb[0]})
        return st == 200
    print(sum(parallel(go, lines, a.threads)))


# ---------------------------------------------------------------------------------------
# The open-loop payment-start client for the overhead run.

class Conn:
    def __init__(self, reader, writer):
        self.reader, self.writer = reader, writer


async def _request(conn, raw):
    conn.writer.write(raw)
    await conn.writer.drain()
    head = await conn.reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    length = 0
    for line in lines[1:]:
        if line.lower().startswith("content-length:"):
            length = int(line.split(":", 1)[1])
    body = await conn.reader.readexactly(length) if length else b""
    return status, body


def pct(values, p):
    if not values:
        return None
    v = sorted(values)
    k = min(len(v) - 1, max(0, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


async def _halfrate(a):
    with open(a.orders) as f:
        orders = [line.split() for line in f if line.strip()]
    host, port = a.base.rsplit(":", 1)
    total = int(a.rate * (a.warmup + a.seconds))
    if len(orders) < total:
        raise SystemExit("halfrate: %d orders for %d requests" % (len(orders), total))
    idle = asyncio.Queue()
    for _ in range(a.conns):
        r, w = await asyncio.open_connection(host, int(port))
        idle.put_nowait(Conn(r, w))
    results = []   # (scheduled, sent, done, status, attempt id, measured?)
    lag = []

    async def one(k, scheduled, measured):
        conn = await idle.get()
        oid, token = orders[k]
        body = b'{"mode":"checkout"}'
        raw = ("POST /v1/orders/%s/payments HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
               "X-Order-Token: %s\r\nContent-Length: %d\r\n\r\n" % (oid, a.base, token, len(body))).encode() + body
        sent = time.perf_counter()
        status, rbody = await _request(conn, raw)
        done = time.perf_counter()
        idle.put_nowait(conn)
        try:
            pid = json.loads(rbody).get("id")
        except ValueError:
            pid = None
        results.append((scheduled, sent, done, status, pid, measured))

    t0 = time.perf_counter() + 0.2
    tasks = []
    for k in range(total):
        scheduled = t0 + k / a.rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        lag.append(time.perf_counter() - scheduled)
        tasks.append(asyncio.ensure_future(one(k, scheduled, k >= a.rate * a.warmup)))
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=60)
    return results, lag


def cmd_halfrate(a):
    results, lag = asyncio.run(_halfrate(a))
    time.sleep(0.5)
    gw = {}
    with open(a.proxy_log) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) == 5 and p[1] == "POST" and p[2] == "/v1/checkout/sessions" and p[0].startswith("merchant-"):
                gw[p[0][len("merchant-"):]] = float(p[4])
    m = [r for r in results if r[5]]
    totals, gws, over, unmatched, bad = [], [], [], 0, 0
    for (_, sent, done, status, pid, _) in m:
        t = (done - sent) * 1000.0
        if status != 201:
            bad += 1
            continue
        totals.append(t)
        g = gw.get(pid)
        if g is None:
            unmatched += 1
            continue
        gws.append(g)
        over.append(t - g)
    span = max(r[2] for r in m) - min(r[1] for r in m) if m else 0
    out = {"target_rate": a.rate, "requests": len(m), "achieved_rps": len(m) / span if span else 0,
           "non_201": bad, "unmatched": unmatched,
           "total_p50_ms": pct(totals, 50), "total_p99_ms": pct(totals, 99),
           "gateway_p50_ms": pct(gws, 50), "gateway_p99_ms": pct(gws, 99),
           "overhead_p50_ms": pct(over, 50), "overhead_p99_ms": pct(over, 99), "overhead_max_ms": max(over) if over else None,
           "send_lag_p99_ms": pct([x * 1000 for x in lag], 99)}
    print(json.dumps(out))


# ---------------------------------------------------------------------------------------
# Settlement: how fast received events turn orders paid.

def psql(url, sql):
    return db.value(url, sql)


def cmd_settle(a):
    """Samples the number of paid orders until --expect more are paid or --seconds pass."""
    q = "SELECT count(*) FROM orders WHERE status = 'paid'"
    # The count before the service started (its processor starts before it answers ready).
    base = a.base if a.base is not None else int(psql(a.db, q))
    start = time.perf_counter()
    samples = [(0.0, 0)]
    deadline = start + a.seconds
    while time.perf_counter() < deadline:
        time.sleep(0.1)
        n = int(psql(a.db, q)) - base
        samples.append((time.perf_counter() - start, n))
        if n >= a.expect:
            break
    # Steady state: from the first sample that saw paid orders to the sample that saw the
    # last one (the service's start-up and its first tick's wait are not counted). When one
    # tick settled everything, the rate is over the time from the start instead.
    settled = samples[-1][1]
    first = next(((t, n) for (t, n) in samples if n > 0), None)
    last_t = next((t for (t, n) in samples if n == settled), samples[-1][0])
    if first and last_t > first[0]:
        rate = (settled - first[1]) / (last_t - first[0])
    else:
        rate = settled / last_t if last_t > 0 else 0.0
    print(json.dumps({"settled": settled, "expected": a.expect, "seconds": round(samples[-1][0], 3),
                      "first_paid_s": first[0] if first else None,
                      "all_paid_s": round(last_t, 3) if settled >= a.expect else None,
                      "events_per_s": round(rate, 1)}))


# ---------------------------------------------------------------------------------------
# CPU accounting: where the machine's CPU went during a measured run.

def _ticks(pid, reaped=False):
    """utime + stime of every thread of pid; with reaped, plus its exited children's."""
    try:
        f = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
        return int(f[11]) + int(f[12]) + ((int(f[13]) + int(f[14])) if reaped else 0)
    except (OSError, IndexError, ValueError):
        return 0


def _children_of(ppid):
    out = []
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                f = open("/proc/%s/stat" % d).read().rsplit(")", 1)[1].split()
                if int(f[1]) == ppid:
                    out.append(int(d))
            except (OSError, IndexError, ValueError):
                pass
    return out


def cmd_cpu(a):
    """A snapshot (JSON) of CPU ticks: the machine, the service, the sandbox and the
    PostgreSQL cluster (postmaster and its children)."""
    total = [int(x) for x in open("/proc/stat").readline().split()[1:]]
    idle = total[3] + total[4]
    # Backends that exited (pgbench's) are in the postmaster's reaped-children time.
    print(json.dumps({"t": time.time(), "busy": sum(total) - idle, "all": sum(total),
                      "service": _ticks(a.service) if a.service else 0, "sandbox": _ticks(a.sandbox),
                      "postgres": _ticks(a.postmaster, reaped=True) + sum(_ticks(p) for p in _children_of(a.postmaster))}))


def cpu_note(work, name, requests, parts=("service", "postgres", "sandbox"), unit="request", extra_cpu_s=0.0):
    """'orders: CPU per request: service 210 us, PostgreSQL 150 us...; the machine was N% busy,
    M% of it outside the measured processes (the load generator and anything else)'."""
    try:
        a = json.loads(open(os.path.join(work, "cpu-%s-a.json" % name)).read())
        b = json.loads(open(os.path.join(work, "cpu-%s-b.json" % name)).read())
    except (OSError, ValueError):
        return None
    hz = os.sysconf("SC_CLK_TCK")
    secs = b["t"] - a["t"]
    ncpu = os.cpu_count() or 1
    d = {k: (b[k] - a[k]) / hz for k in ("service", "sandbox", "postgres")}
    busy = (b["busy"] - a["busy"]) / hz
    label = {"service": "service", "postgres": "PostgreSQL", "sandbox": "sandbox"}
    per = ", ".join("%s %.0f us" % (label[k], 1e6 * d[k] / requests) for k in parts) if requests else "n/a"
    return ("%s: CPU per %s: %s; the machine was %.0f%% busy, %.0f%% of its CPU outside those "
            "(the load generator and anything else running)"
            % (name, unit, per, 100 * busy / (secs * ncpu), 100 * max(0.0, busy - sum(d.values()) - extra_cpu_s) / (secs * ncpu)))


# ---------------------------------------------------------------------------------------
# pgbench output and the report.

def cmd_pgbench(a):
    """pgbench summaries as JSON: tps per run (without connection time) and their mean, and
    latency percentiles over every run's per-transaction log. With -R the logged time counts
    from the scheduled start, so the schedule lag is taken off (latency of the work itself)."""
    runs = []
    for path in a.file:
        r = {}
        for line in open(path).read().splitlines():
            line = line.strip()
            if line.startswith("tps =") and ("without" in line or "tps" not in r):
                r["tps"] = float(line.split("=")[1].split()[0])
            elif line.startswith("number of transactions actually processed"):
                r["transactions"] = int(line.split(":")[1].split("/")[0])
            elif line.startswith("number of failed transactions"):
                r["failed"] = int(line.split(":")[1].split()[0])
        runs.append(r)
    tps = [r["tps"] for r in runs if "tps" in r]
    out = {"tps": sum(tps) / len(tps) if tps else None, "tps_runs": tps,
           "failed": sum(r.get("failed", 0) for r in runs)}
    lat = []
    for name in os.listdir(a.log_dir):
        if any(name.startswith(p + ".") for p in a.log_prefix):
            with open(os.path.join(a.log_dir, name)) as f:
                for line in f:
                    p = line.split()
                    if len(p) >= 6:
                        us = int(p[2]) - (int(p[6]) if len(p) >= 7 else 0)
                        lat.append(us / 1000.0)
    out["p50_ms"] = pct(lat, 50)
    out["p99_ms"] = pct(lat, 99)
    out["logged"] = len(lat)
    print(json.dumps(out))


def load(work, name):
    path = os.path.join(work, name + ".json")
    if not os.path.exists(path):
        return {}
    with open(path) as f:
        text = f.read().strip()
    return json.loads(text) if text else {}


def f1(x, nd=0):
    if x is None:
        return "n/a"
    return ("{:,.%df}" % nd).format(x)


def cmd_report(a):
    w = a.work
    facts = load(w, "facts")
    health, orders, pg_orders = load(w, "health"), load(w, "orders"), load(w, "pg_orders")
    pay, half, pg_pay = load(w, "payments"), load(w, "halfrate"), load(w, "pg_payments")
    pg_paymax = load(w, "pg_payments_max")
    hooks, pg_inbox = load(w, "webhooks"), load(w, "pg_inbox")
    settle16, settle500 = load(w, "settle_default"), load(w, "settle_500")
    t10k, t1m = load(w, "tick_10k"), load(w, "tick_1m")
    rss = load(w, "rss")

    def ratio(x, c):
        return "%.0f%%" % (100.0 * x / c) if x and c else "n/a"

    def mark(ok):
        return "n/a" if ok is None else ("met" if ok else "**missed**")

    rows = []
    o_rps, o_ceil = orders.get("rps"), pg_orders.get("tps")
    rows.append(("order creation (POST /v1/orders, 3 items)",
                 "%s req/s, p50 %s ms, p99 %s ms" % (f1(o_rps), f1(orders.get("p50_ms"), 2), f1(orders.get("p99_ms"), 2)),
                 "pgbench, same transaction: %s tx/s (runs before/after: %s), p50 %s, p99 %s ms"
                 % (f1(o_ceil), " / ".join(f1(x) for x in pg_orders.get("tps_runs", [])), f1(pg_orders.get("p50_ms"), 2), f1(pg_orders.get("p99_ms"), 2)),
                 ratio(o_rps, o_ceil), ">= 60% of ceiling", mark(o_rps / o_ceil >= 0.6 if o_rps and o_ceil else None)))
    r2 = [load(w, "orders_r2a"), load(w, "orders_r2b")]
    if all(r.get("rps") for r in r2):
        r2_rps = sum(r["rps"] for r in r2)
        rows.append(("order creation, two replicas on one PostgreSQL (4 of the 8 connections each)",
                     "%s req/s (%s + %s), p50 %s / %s ms, p99 %s / %s ms"
                     % (f1(r2_rps), f1(r2[0]["rps"]), f1(r2[1]["rps"]), f1(r2[0].get("p50_ms"), 2), f1(r2[1].get("p50_ms"), 2),
                        f1(r2[0].get("p99_ms"), 2), f1(r2[1].get("p99_ms"), 2)),
                     "one replica, the same 8 connections (above): %s req/s" % f1(o_rps),
                     "%.2fx one replica" % (r2_rps / o_rps) if o_rps else "n/a",
                     "2-core figure: both replicas, PostgreSQL and wrk share 2 cores", ""))
    lim = load(w, "pg_limiter")
    rows.append(("rate limiter (rate_limit_take, once per limited request)",
                 "%s calls/s, p50 %s ms, p99 %s ms" % (f1(lim.get("tps")), f1(lim.get("p50_ms"), 3), f1(lim.get("p99_ms"), 3)),
                 "pgbench at the same concurrency, 1,000 client keys; order creation above includes one call",
                 ratio(lim.get("p50_ms"), orders.get("p50_ms")) + " of order creation's p50" if lim.get("p50_ms") else "n/a",
                 "", ""))
    h_rps = health.get("rps")
    rows.append(("HTTP ceiling (GET /health/live, no DB)",
                 "%s req/s, p50 %s ms, p99 %s ms" % (f1(h_rps), f1(health.get("p50_ms"), 2), f1(health.get("p99_ms"), 2)),
                 "(is the ceiling)", "", "", ""))
    p_rps = pay.get("rps")
    rows.append(("payment start, max rate (checkout)",
                 "%s req/s, p50 %s ms, p99 %s ms" % (f1(p_rps), f1(pay.get("p50_ms"), 2), f1(pay.get("p99_ms"), 2)),
                 "pgbench, its two transactions without the gateway call: %s tx/s, p50 %s, p99 %s ms"
                 % (f1(pg_paymax.get("tps")), f1(pg_paymax.get("p50_ms"), 2), f1(pg_paymax.get("p99_ms"), 2)),
                 ratio(p_rps, pg_paymax.get("tps")), "", ""))
    ov = half.get("overhead_p99_ms")
    rows.append(("payment start overhead at half max rate (excl. gateway call)",
                 "p99 %s ms (p50 %s, max %s) at %s req/s; whole request p99 %s ms, gateway p99 %s ms"
                 % (f1(ov, 2), f1(half.get("overhead_p50_ms"), 2), f1(half.get("overhead_max_ms"), 2),
                    f1(half.get("achieved_rps")), f1(half.get("total_p99_ms"), 2), f1(half.get("gateway_p99_ms"), 2)),
                 "pgbench, its two transactions at the same rate: p50 %s, p99 %s ms (%s tx/s)"
                 % (f1(pg_pay.get("p50_ms"), 2), f1(pg_pay.get("p99_ms"), 2), f1(pg_pay.get("tps"))),
                 "%.1fx the floor's p99" % (ov / pg_pay["p99_ms"]) if ov and pg_pay.get("p99_ms") else "n/a",
                 "p99 <= 1.5x the floor's", mark(ov <= 1.5 * pg_pay["p99_ms"] if ov is not None and pg_pay.get("p99_ms") else None)))
    k_rps, k_ceil = hooks.get("rps"), pg_inbox.get("tps")
    rows.append(("webhook acknowledgement (signed payment_intent.succeeded)",
                 "%s events/s, p50 %s ms, p99 %s ms" % (f1(k_rps), f1(hooks.get("p50_ms"), 2), f1(hooks.get("p99_ms"), 2)),
                 "pgbench, same insert: %s tx/s (runs before/after: %s), p50 %s, p99 %s ms"
                 % (f1(k_ceil), " / ".join(f1(x) for x in pg_inbox.get("tps_runs", [])), f1(pg_inbox.get("p50_ms"), 2), f1(pg_inbox.get("p99_ms"), 2)),
                 ratio(k_rps, k_ceil), ">= 60% of ceiling", mark(k_rps / k_ceil >= 0.6 if k_rps and k_ceil else None)))
    for label, s in (("defaults: SYNC_BATCH=16, SYNC_POLL_INTERVAL=1", settle16), ("SYNC_BATCH=500 (the allowed maximum)", settle500)):
        r = s.get("events_per_s")
        rows.append(("settlement to paid, %s" % label,
                     "%s events/s (%s of %s paid in %s s)" % (f1(r, 1), f1(s.get("settled")), f1(s.get("expected")), f1(s.get("seconds"), 1)),
                     "", "", ">= 1,000 events/s", mark(r >= 1000 if r is not None else None)))
    a10, a1m = t10k.get("min_s"), t1m.get("min_s")
    rows.append(("poller tick, %s due attempts" % f1(facts.get("due")),
                 "%s s at %s settled orders; %s s at %s (fastest of %d; medians %s s and %s s)"
                 % (f1(a10, 3), f1(t10k.get("orders")), f1(a1m, 3), f1(t1m.get("orders")), len(t1m.get("runs", [])),
                    f1(t10k.get("median_s"), 3), f1(t1m.get("median_s"), 3)),
                 "tick at %s" % f1(t10k.get("orders")), "%.2fx" % (a1m / a10) if a10 and a1m else "n/a", "<= 1.5x",
                 mark(a1m / a10 <= 1.5 if a10 and a1m else None)))
    mb = rss.get("peak_mb")
    rows.append(("resident memory of the service under load (peak VmRSS)",
                 "%s MB (idle after start %s MB)" % (f1(mb, 1), f1(rss.get("idle_mb"), 1)), "", "", "<= 150 MB",
                 mark(mb <= 150 if mb is not None else None)))

    lines = []
    lines.append("# make bench results\n")
    lines.append("Run %s, `make bench` (scripts/bench.sh), git %s%s.\n" % (facts.get("date"), facts.get("commit"),
                 " with uncommitted changes in the working tree" if facts.get("dirty") else ""))
    lines.append("Machine: %s cores (%s), %s memory, %s; PostgreSQL %s (private cluster, fsync on, "
                 "synchronous_commit on); %s.\n" % (facts.get("cores"), facts.get("cpu"), facts.get("memory"),
                                                    facts.get("kernel"), facts.get("pg_version"), facts.get("wrk")))
    lines.append("Load: %s connections (wrk -t%s; pgbench -c%s -j%s), service pool %s connections, %s s warm-up then %s s "
                 "measured per figure; service, sandbox, PostgreSQL and the load generator share the machine.\n"
                 % (facts.get("conns"), facts.get("threads"), facts.get("conns"), facts.get("threads"), facts.get("pool"),
                    facts.get("warmup"), facts.get("seconds")))
    lines.append("| measure | figure | ceiling | ratio | target | |")
    lines.append("|---|---|---|---|---|---|")
    for r in rows:
        lines.append("| " + " | ".join(r) + " |")
    lines.append("")
    notes = facts.get("notes", [])
    for key, d in (("orders", orders), ("payments", pay), ("webhooks", hooks), ("health", health)):
        if d.get("wrapped"):
            notes.append("%s: %d requests reused an input line (ran out of prepared input): the figure is not clean." % (key, d["wrapped"]))
        errs = d.get("errors", {})
        if any(errs.values()):
            notes.append("%s: wrk errors %s, statuses %s." % (key, errs, d.get("status")))
    for name, d in (("orders", orders), ("payments", pay), ("webhooks", hooks), ("health", health)):
        n = cpu_note(w, name, d.get("requests"))
        if n:
            notes.append(n + ".")
    for name, d in (("pg_orders", pg_orders), ("pg_inbox", pg_inbox), ("pg_limiter", load(w, "pg_limiter"))):
        first = (d.get("tps_runs") or [0])[0]   # the snapshots bracket the first run
        n = cpu_note(w, name, first * float(facts.get("seconds", 0) or 0), parts=("postgres",), unit="transaction")
        if n:
            notes.append(n + ".")
    if half.get("non_201") or half.get("unmatched"):
        notes.append("overhead run: %s non-201 answers, %s requests without a matching gateway record."
                     % (half.get("non_201"), half.get("unmatched")))
    for key, t in (("tick_10k", t10k), ("tick_1m", t1m)):
        if t:
            notes.append("%s: ticks %s s (claimed %s each); fill took %s s." % (key, t.get("runs"), t.get("claimed"), t.get("fill_s")))
            for i in range(1, len(t.get("runs", [])) + 1):
                try:
                    u, sy = open(os.path.join(w, "%s-%d.time" % (key, i))).read().split()[-2:]
                    tick_cpu = float(u) + float(sy)
                except (OSError, ValueError):
                    tick_cpu = 0.0
                claimed = (t.get("claimed") or [0])[i - 1] or 0
                n = cpu_note(w, "%s-%d" % (key, i), claimed, parts=("postgres", "sandbox"), unit="attempt", extra_cpu_s=tick_cpu)
                if n and claimed:
                    n = n.replace("CPU per attempt: ", "CPU per attempt: merchant bench-tick %.0f us (start-up included), "
                                  % (1e6 * tick_cpu / claimed))
                if n:
                    notes.append(n + ".")
    if notes:
        lines.append("Notes:\n")
        for n in notes:
            lines.append("- " + n)
        lines.append("")
    lines.append("Phase timings: %s.\n" % facts.get("phases", ""))
    text = "\n".join(lines) + "\n"
    with open(a.out, "w") as f:
        f.write(text)
    sys.stdout.write(text)


# Each subcommand's options: (flag, type, default); None means a string without default.
OPTIONS = {
    "catalog": [("--base", None, None), ("--key", None, None), ("--products", int, 99)],
    "orders": [("--base", None, None), ("--count", int, None), ("--out", None, None), ("--products", int, 99),
               ("--threads", int, 8)],
    "pay": [("--base", None, None), ("--orders", None, None), ("--count", int, None), ("--out", None, None),
            ("--threads", int, 8)],
    "succeed": [("--sandbox", None, None), ("--intents", None, None), ("--threads", int, 8)],
    "events": [("--sandbox", None, None), ("--secret", None, None), ("--out", None, None)],
    "sign": [("--events", None, None), ("--secret", None, None), ("--out", None, None), ("--synthetic", int, 0)],
    "post": [("--base", None, None), ("--signed", None, None), ("--threads", int, 8)],
    "halfrate": [("--base", None, None), ("--orders", None, None), ("--rate", float, None), ("--warmup", float, None),
                 ("--seconds", float, None), ("--conns", int, 8), ("--proxy-log", None, None)],
    "settle": [("--db", None, None), ("--expect", int, None), ("--seconds", float, None), ("--base", int, None)],
    "report": [("--work", None, None), ("--out", None, None)],
    "cpu": [("--service", int, 0), ("--sandbox", int, 0), ("--postmaster", int, None)],
}


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    for name, options in OPTIONS.items():
        s = sub.add_parser(name)
        for flag, kind, default in options:
            s.add_argument(flag, type=kind, default=default)
    s = sub.add_parser("pgbench")
    s.add_argument("--file", action="append")
    s.add_argument("--log-dir")
    s.add_argument("--log-prefix", action="append")
    a = p.parse_args()
    globals()["cmd_" + a.cmd](a)


if __name__ == "__main__":
    main()
