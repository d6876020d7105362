"""Disputes in the chaos run. Under the same webhook and API faults as the load, chargebacks
are opened at WooshPay on some paid orders (the whole capture or half of it), a third are
decided won and a third lost, and each still-disputed order is asked for a refund. After the
payment convergence, the disputes must converge too (webhooks, the dispute poller, and for a
dispute whose every event was dropped, reconciliation, the product's net under webhooks).

Invariants, checked against WooshPay's truth (`GET /_sandbox/disputes`, `/_sandbox/refunds`):
10. every dispute is recorded once (one row, one `dispute.opened`), in WooshPay's status and amount;
11. each disputed order's `net_amount` (admin API) equals WooshPay's captured − refunded − lost;
12. no disputed money is refunded: no refund on a disputed payment after the dispute, at
    WooshPay or here, and a refund asked once all is known is refused with 409."""
from lib.db import rows as db
from lib.http import send

OPEN = {"needs_response", "under_review"}


def admin(base, admin_key, method, path, body=None):
    return send(f"{base}/v1/admin{path}", method, body=body, headers={"Authorization": f"Bearer {admin_key}"}, timeout=30)


def open_disputes(database_url, sandbox, base, admin_key, share=10, limit=40):
    """Opens disputes on every `share`-th paid payment (at most `limit`), decides a third won
    and a third lost, and asks a refund of each still disputed one. Returns what it did."""
    paid = db(database_url, """SELECT a.order_id, a.payment_intent_id AS intent, a.amount_received FROM payment_attempts a
                               JOIN orders o ON o.id = a.order_id
                               WHERE a.status = 'succeeded' AND a.amount_received > 0 AND o.status IN ('paid', 'partially_refunded')
                                 -- The kept payment of an order with no duplicate: a refund asked of the order is then
                                 -- a refund of the disputed money.
                                 AND NOT EXISTS (SELECT 1 FROM payment_attempts b
                                                 WHERE b.order_id = a.order_id AND b.id <> a.id AND b.status = 'succeeded')
                               ORDER BY a.order_id, a.id""")
    opened, refused = [], []
    for n, p in enumerate(paid[::share][:limit]):
        amount = p["amount_received"] if n % 2 == 0 else max(1, p["amount_received"] // 2)
        answer = send(f"{sandbox}/_sandbox/payment_intents/{p['intent']}/dispute", "POST",
                      body={"amount": amount, "reason": "fraudulent"})
        if answer.status == 200:
            opened.append({"id": answer.json["id"], "order": p["order_id"], "intent": p["intent"], "n": n})
    for d in opened:
        outcome = ("won", "lost", None)[d["n"] % 3]
        if outcome:
            send(f"{sandbox}/_sandbox/disputes/{d['id']}/outcome", "POST", body={"outcome": outcome})
        d["outcome"] = outcome
    for d in opened:
        if d["outcome"] != "won":
            # Under faults the service may not know the dispute yet: then WooshPay refuses it.
            # Reason `fraudulent` marks this step's refunds (invariant 9 leaves them to 12).
            answer = admin(base, admin_key, "POST", f"/orders/{d['order']}/refunds", {"amount": 1, "reason": "fraudulent"})
            refused.append((d["order"], answer.status, (answer.json or {}).get("error", {}).get("code")))
    return opened, refused


def truth(sandbox):
    answer = send(f"{sandbox}/_sandbox/disputes", timeout=60)
    return answer.json["data"] if answer.status == 200 else []


def ours(database_url):
    return db(database_url, """SELECT d.id, d.order_id, d.status, d.amount, a.payment_intent_id AS intent,
                                      (SELECT count(*) FROM order_events e WHERE e.order_id = d.order_id AND e.type = 'dispute.opened'
                                          AND e.data->>'dispute' = d.id) AS opened_events
                               FROM disputes d JOIN payment_attempts a ON a.id = d.attempt_id""")


def mismatched(database_url, sandbox, intents_of_ours):
    """Disputes on our payments not recorded as WooshPay has them, as (id, detail)."""
    mine = {d["id"]: d for d in ours(database_url)}
    found = []
    for t in truth(sandbox):
        if t["payment_intent"] not in intents_of_ours:
            continue
        d = mine.pop(t["id"], None)
        if d is None:
            found.append((t["id"], f"WooshPay's dispute on {t['payment_intent']} ({t['status']}) not recorded"))
        elif (d["status"], d["amount"], d["intent"]) != (t["status"], t["amount"], t["payment_intent"]):
            found.append((t["id"], f"ours {d['status']} {d['amount']} on {d['intent']}, WooshPay {t['status']} {t['amount']}"))
        elif d["opened_events"] != 1:
            found.append((t["id"], f"dispute.opened written {d['opened_events']} times"))
    found += [(i, "recorded here, unknown at WooshPay") for i in mine]
    return found


def net_matches(base, admin_key, opened, world):
    """11: the admin API's net per disputed order against WooshPay's money."""
    found = []
    lost = {}
    for t in world.truth.disputes:
        if t["status"] == "lost":
            lost[t["payment_intent"]] = lost.get(t["payment_intent"], 0) + t["amount"]
    for order in sorted({d["order"] for d in opened}):
        intents = world.intents_of[order]
        refunded = sum(r["amount"] for r in world.truth.refunds
                       if r["status"] == "succeeded" and r["payment_intent"] in {i["id"] for i in intents})
        theirs = sum(i["amount_captured"] for i in intents) - refunded - sum(lost.get(i["id"], 0) for i in intents)
        answer = admin(base, admin_key, "GET", f"/orders/{order}")
        mine = (answer.json or {}).get("net_amount")
        if mine != theirs:
            found.append((order, f"net {mine} here, WooshPay's {theirs} (answer {answer.status})"))
    return found


def no_refund_of_disputed(database_url, world, sandbox, base, admin_key):
    """12: no refund on a payment under a dispute not won, made after it opened; and a
    refund asked now is refused with 409 and sends nothing."""
    found = []
    disputed = [t for t in world.truth.disputes if t["status"] != "won"]
    for t in disputed:
        for r in world.truth.refunds:
            if r["payment_intent"] == t["payment_intent"] and r["created"] > t["created"] and r["status"] != "failed":
                found.append((t["id"], f"WooshPay refund {r['id']} ({r['status']}) after the dispute opened"))
    mine = db(database_url, """SELECT r.id, r.status, r.order_id FROM refunds r JOIN disputes d ON d.attempt_id = r.attempt_id
                               WHERE d.status <> 'won' AND r.created_at > d.created_at AND r.status NOT IN ('failed', 'canceled')""")
    found += [(r["order_id"], f"refund {r['id']} is {r['status']} on a disputed payment") for r in mine]
    orders = sorted({o for o, intents in world.intents_of.items()
                     if any(i["id"] in {t["payment_intent"] for t in disputed} for i in intents) and o})
    before = len(world.truth.refunds)
    for order in orders:
        answer = admin(base, admin_key, "POST", f"/orders/{order}/refunds", {"amount": 1, "reason": "fraudulent"})
        if answer.status != 409:
            found.append((order, f"a refund of disputed money answered {answer.status} {answer.body[:120]!r}"))
    after = len(truth_refunds(sandbox))
    if after != before:
        found.append(("refunds", f"WooshPay holds {after - before} refunds more after the refused requests"))
    return found


def truth_refunds(sandbox):
    answer = send(f"{sandbox}/_sandbox/refunds", timeout=60)
    return answer.json["data"] if answer.status == 200 else []
