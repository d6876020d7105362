"""What the two sides hold: WooshPay's truth (the sandbox's `/_sandbox/...` listings, and
its `/v1` lists for the metadata that ties an intent to our payment attempt) and our
database (read with psql as JSON)."""
import base64
import hashlib
import json

from lib.db import rows as db
from lib.http import send

QUERIES = {
    "orders": """SELECT id, status, total_amount, refunded_amount, stock_reserved, needs_review, review_reason,
                        metadata, extract(epoch FROM created_at) AS created FROM orders""",
    "attempts": """SELECT id, order_id, mode, status, payment_intent_id, checkout_session_id, amount, amount_received,
                          amount_capturable, capture_method, extract(epoch FROM succeeded_at) AS succeeded_at,
                          extract(epoch FROM created_at) AS created FROM payment_attempts ORDER BY created_at, id""",
    "refunds": """SELECT id, order_id, attempt_id, payment_intent_id, amount, status, reason, source, gateway_refund_id
                  FROM refunds""",
    "webhooks": """SELECT event_id, type, object_id, status, attempts, processed_at IS NOT NULL AS closed,
                          lease_until IS NOT NULL AS leased FROM webhook_events""",
    "events": "SELECT id, order_id, type, cause, data FROM order_events ORDER BY id",
    "items": "SELECT order_id, sku, quantity, stock_tracked FROM order_items",
    "products": "SELECT sku, stock FROM products",
}


class Ours:
    """Our database, read in one go (each query on its own; the run is quiet by then)."""

    def __init__(self, database_url, only=None):
        for name, sql in QUERIES.items():
            if only is None or name in only:
                setattr(self, name, db(database_url, sql))


def sandbox_json(base, path):
    response = send(base + path, timeout=60)
    if response.status != 200:
        raise RuntimeError(f"sandbox {path}: {response!r}")
    return response.json


def listed(base, path, secret_key):
    """Every object of a `/v1` list, page by page (the secret key, as the merchant calls it)."""
    auth = {"Authorization": "Basic " + base64.b64encode(f"{secret_key}:".encode()).decode()}
    objects, after = [], None
    while True:
        # WooshPay's specs put a list's filters in the GET's JSON body.
        filters = {"limit": 100, **({"starting_after": after} if after else {})}
        response = send(f"{base}{path}", body=filters, headers=auth, timeout=60)
        if response.status != 200:
            raise RuntimeError(f"sandbox {path}: {response!r}")
        page = response.json
        objects += page["data"]
        if not page.get("has_more") or not page["data"]:
            return objects
        after = page["data"][-1]["id"]


class Truth:
    """WooshPay's side, from the sandbox."""

    def __init__(self, base, secret_key=None):
        self.intents = sandbox_json(base, "/_sandbox/payment_intents")["data"]
        self.refunds = sandbox_json(base, "/_sandbox/refunds")["data"]
        self.sessions = sandbox_json(base, "/_sandbox/checkout_sessions")["data"]
        self.events = sandbox_json(base, "/_sandbox/events")["data"]
        self.disputes = sandbox_json(base, "/_sandbox/disputes")["data"]
        self.session_of = {s["id"]: s for s in self.sessions}
        self.attempt_of_intent, self.attempt_of_session = {}, {}
        if secret_key:
            # The attempt each object was created for (our metadata), so "one intent per
            # attempt" can be checked even for intents no attempt of ours links to.
            for s in listed(base, "/v1/checkout/sessions", secret_key):
                self.attempt_of_session[s["id"]] = (s.get("metadata") or {}).get("attempt_id")
            for i in listed(base, "/v1/payment_intents", secret_key):
                metadata = i.get("metadata") or {}
                if isinstance(metadata, str):
                    metadata = json.loads(metadata or "{}")
                self.attempt_of_intent[i["id"]] = metadata.get("attempt_id")

    def order_of(self, intent):
        """The order an intent was made for: its merchant_order_id, or its session's reference."""
        if intent.get("merchant_order_id"):
            return intent["merchant_order_id"]
        session = self.session_of.get(intent.get("checkout_session") or "")
        return session.get("client_reference_id") if session else None

    def attempt_of(self, intent):
        session = intent.get("checkout_session")
        if session:
            return self.attempt_of_session.get(session)
        return self.attempt_of_intent.get(intent["id"])


def state_hash(database_url):
    """A digest of everything a request could change (statuses, amounts, stock, inbox,
    audit trail), and the row counts, for the bad-input campaign's before/after."""
    counts = db(database_url, """
        SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM payment_attempts) AS attempts,
               (SELECT count(*) FROM refunds) AS refunds, (SELECT count(*) FROM webhook_events) AS webhooks,
               (SELECT count(*) FROM order_events) AS order_events, (SELECT count(*) FROM idempotency_keys) AS keys""")[0]
    rows = db(database_url, """
        SELECT 'o' AS k, id || ':' || status || ':' || refunded_amount || ':' || stock_reserved AS v FROM orders
        UNION ALL SELECT 'a', id || ':' || status || ':' || amount_received FROM payment_attempts
        UNION ALL SELECT 'r', id || ':' || status || ':' || amount FROM refunds
        UNION ALL SELECT 'w', event_id || ':' || status FROM webhook_events
        UNION ALL SELECT 'p', sku || ':' || coalesce(stock::text, '-') FROM products
        ORDER BY 1, 2""")
    digest = hashlib.sha256("\n".join(f"{r['k']} {r['v']}" for r in rows).encode()).hexdigest()
    return counts, digest, {f"{r['k']} {r['v'].split(':')[0]}": r["v"] for r in rows}
