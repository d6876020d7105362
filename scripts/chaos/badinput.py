"""The bad-input campaign: forged, replayed, tampered, oversized and malformed webhooks
and API requests, wrong order tokens and wrong admin keys, sent to every replica. Each
must be refused with a 4xx (an exact redelivery of a real event is a 200 no-op), and
together they must change nothing (state hash and row counts before and after)."""
import json
import time

from chaos.requestlog import logged
from chaos.state import db, state_hash
from lib.signing import signature


def campaign(replicas, log, database_url, webhook_secret, admin_key, orders):
    """Runs the campaign; returns (cases, violations). `orders` are (id, token) pairs of
    real orders (two at least), one of them paid."""
    cases, found = [], []
    events = db(database_url, "SELECT event_id, raw_body FROM webhook_events WHERE status = 'processed' ORDER BY received_at LIMIT 1")
    real = events[0]["raw_body"].encode() if events else None
    (first, token), (second, other_token) = orders[0], orders[1]
    now = int(time.time())
    fake = json.dumps({"id": "evt_chaos_forged", "object": "event", "type": "payment_intent.succeeded", "created": now,
                       "data": {"object": {"id": "pi_chaos_forged", "object": "payment_intent", "status": "succeeded"}}}).encode()
    hook = {"Content-Type": "application/json"}

    def webhook(name, body, header, expect):
        headers = {**hook, **({"Wooshpay-Signature": header} if header else {})}
        return name, "POST", "/webhooks/wooshpay", body, headers, expect

    tests = [
        webhook("forged webhook (wrong secret)", fake, signature("whsec_not_the_secret", fake, now), {400}),
        webhook("webhook without signature", fake, None, {400}),
        webhook("webhook with a malformed signature header", fake, "v1=deadbeef", {400}),
        webhook("signed webhook, malformed JSON", b'{"id": "evt_x", "type": ', signature(webhook_secret, b'{"id": "evt_x", "type": ', now), {400}),
        webhook("oversized webhook (300 KiB)", b"{" + b" " * (300 * 1024) + b"}", signature(webhook_secret, b"{}", now), {413}),
        ("oversized API body (70 KiB)", "POST", "/v1/orders", b'{"currency":"USD","pad":"' + b"x" * (70 * 1024) + b'"}',
         {"Content-Type": "application/json"}, {413}),
        ("malformed JSON order", "POST", "/v1/orders", b'{"currency": "USD", "items": [', {"Content-Type": "application/json"}, {400}),
        ("order read, wrong token", "GET", f"/v1/orders/{first}", None, {"X-Order-Token": other_token}, {404}),
        ("order read, no token", "GET", f"/v1/orders/{first}", None, {}, {401}),
        ("payment start, wrong token", "POST", f"/v1/orders/{first}/payments", b'{"mode":"direct","payment_method":"pm_card_visa"}',
         {"Content-Type": "application/json", "X-Order-Token": "otok_wrong"}, {404}),
        ("payment start, another order's token", "POST", f"/v1/orders/{first}/payments", b'{"mode":"checkout"}',
         {"Content-Type": "application/json", "X-Order-Token": other_token}, {404}),
        ("refund, wrong admin key", "POST", f"/v1/admin/orders/{first}/refunds", b"{}",
         {"Content-Type": "application/json", "Authorization": "Bearer mk_0000000000000000_" + "0" * 64}, {401}),
        ("refund, order token as admin key", "POST", f"/v1/admin/orders/{first}/refunds", b"{}",
         {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}, {401}),
        ("capture, no admin key", "POST", f"/v1/admin/orders/{second}/capture", b"{}", {"Content-Type": "application/json"}, {401}),
        ("cancel, malformed admin key", "POST", f"/v1/admin/orders/{second}/cancel", b"{}",
         {"Content-Type": "application/json", "Authorization": "Bearer nope"}, {401}),
        ("webhook replay, wrong admin key", "POST", "/v1/admin/webhook-events/evt_x/replay", b"",
         {"Authorization": f"Bearer {admin_key[:-4]}0000"}, {401}),
        ("product change, wrong admin key", "PATCH", "/v1/admin/products/CHAOS-TRACKED", b'{"stock": 5}',
         {"Content-Type": "application/json", "Authorization": "Bearer mk_1111111111111111_" + "1" * 64}, {401}),
    ]
    if real is not None:
        stale = now - 74 * 3600
        tampered = real.replace(b'"amount":', b'"amount":1', 1) if b'"amount":' in real else real + b" "
        tests += [
            webhook("replayed webhook re-signed 74 h ago", real, signature(webhook_secret, real, stale), {400}),
            webhook("replayed webhook signed 74 h ahead", real, signature(webhook_secret, real, now + 74 * 3600), {400}),
            webhook("tampered webhook (valid header, changed body)", tampered, signature(webhook_secret, real, now), {400}),
            webhook("exact redelivery of a real event", real, signature(webhook_secret, real, now), {200}),
        ]
    before = state_hash(database_url)
    for name, method, path, body, headers, expect in tests:
        for base in replicas:
            response = logged(log, "bad-input", base, method, path, body=body, headers=headers)
            # A refusal carries our error body; the one 200 (a redelivery) must say it was a duplicate.
            ok = response.status in expect and (response.code is not None if response.status != 200
                                                else (response.json or {}).get("duplicate") is True)
            cases.append((name, base, response.status, response.code, ok))
            if not ok:
                found.append((name, f"{base} answered {response.status} {response.code}, expected {sorted(expect)}"))
    time.sleep(3)  # let the processors pick up anything a request might have stored
    after = state_hash(database_url)
    if before[0] != after[0]:
        found.append(("row counts", f"before {before[0]}, after {after[0]}"))
    if before[1] != after[1]:
        changed = sorted(k for k in set(before[2]) | set(after[2]) if before[2].get(k) != after[2].get(k))
        found.append(("state hash", f"{len(changed)} rows changed: " +
                      ", ".join(f"{k}: {before[2].get(k)} -> {after[2].get(k)}" for k in changed[:5])))
    return cases, found
