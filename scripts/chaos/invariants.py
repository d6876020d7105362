"""The invariants a release must keep under faults, checked against WooshPay's truth and
our database once the run has converged. Each returns a list of (subject id, detail).

This is an independent oracle, written apart from the service on purpose: `World.kept()`
and `World.expected()` re-derive from WooshPay's side what the Swift domain decides in
`OrderStatus.derived` (Sources/OrderDomain/Payments/PaymentAttempt+Apply.swift) and in the rule that the first succeeded attempt
is the kept payment. Neither side is generated from the other. When they disagree the chaos
run fails, and the disagreement is a finding to resolve: the Swift code is what ships, so
either it has a bug, or the documented rule changed and this oracle must be changed with it
(in the same commit, saying which rule changed).
"""
from collections import Counter, defaultdict

PAID = {"paid", "partially_refunded", "refunded"}
HOLDING = {"pending", "requires_action", "succeeded"}  # refund statuses that count against the capture
TERMINAL_PAYMENT = {"payment.succeeded", "payment.failed", "payment.canceled", "payment.expired"}
TERMINAL_REFUND = {"refund.succeeded", "refund.failed", "refund.canceled"}


class World:
    """Both sides, indexed."""

    def __init__(self, ours, truth):
        self.ours, self.truth = ours, truth
        self.intent = {i["id"]: i for i in truth.intents}
        self.intents_of = defaultdict(list)
        for i in truth.intents:
            self.intents_of[truth.order_of(i)].append(i)
        self.attempts_of = defaultdict(list)
        for a in ours.attempts:  # already in creation order
            self.attempts_of[a["order_id"]].append(a)
        self.refunds_of_attempt = defaultdict(list)
        for r in ours.refunds:
            self.refunds_of_attempt[r["attempt_id"]].append(r)

    def kept(self, order_id):
        """The payment the order keeps: the attempt that succeeded first (as the service decides)."""
        succeeded = [(a["succeeded_at"] or float("inf"), n, a) for n, a in enumerate(self.attempts_of[order_id])
                     if a["status"] == "succeeded"]
        return min(succeeded, key=lambda t: t[:2])[2] if succeeded else None

    def expected(self, order):
        """The order status WooshPay's truth implies, or the set of statuses it allows."""
        intents = self.intents_of[order["id"]]
        if any(i["status"] == "succeeded" for i in intents):
            kept = self.kept(order["id"])
            intent = self.intent.get(kept["payment_intent_id"]) if kept else None
            if intent is None or intent["status"] != "succeeded":
                return {"paid", "partially_refunded", "refunded"}, None
            captured, refunded = min(order["total_amount"], intent["amount_captured"]), intent["amount_refunded"]
            status = "refunded" if captured > 0 and refunded >= captured else "partially_refunded" if refunded > 0 else "paid"
            return {status}, refunded
        if any(i["status"] == "requires_capture" for i in intents):
            return {"authorized"}, 0
        return None, 0  # anything but paid or authorised


def order_state(w):
    """1. Every order's final state matches WooshPay's."""
    found = []
    for o in w.ours.orders:
        allowed, refunded = w.expected(o)
        intents = ", ".join(f"{i['id']} {i['status']}" for i in w.intents_of[o["id"]]) or "no intent"
        if allowed is None:
            if o["status"] in PAID | {"authorized"}:
                found.append((o["id"], f"we say {o['status']}, WooshPay: {intents}"))
        elif o["status"] not in allowed or (refunded is not None and o["refunded_amount"] != refunded):
            found.append((o["id"], f"we say {o['status']} refunded {o['refunded_amount']}, WooshPay implies "
                                   f"{'/'.join(sorted(allowed))} refunded {refunded} ({intents})"))
    for a in w.ours.attempts:
        intent = w.intent.get(a["payment_intent_id"] or "")
        if intent and intent["status"] in ("succeeded", "requires_capture") and a["status"] != intent["status"]:
            found.append((a["order_id"], f"attempt {a['id']} is {a['status']}, its intent {intent['id']} is {intent['status']}"))
    return found


def paid_only_if_paid(w):
    """2. No order paid (or authorised) that WooshPay says unpaid."""
    found = []
    for o in w.ours.orders:
        if o["status"] in PAID:
            kept = w.kept(o["id"])
            intent = w.intent.get(kept["payment_intent_id"] or "") if kept else None
            if not intent or intent["status"] != "succeeded" or intent["amount_captured"] <= 0:
                held = (f"its payment {intent['id']} is {intent['status']} at WooshPay" if intent
                        else "no payment of ours succeeded" if not kept else f"no intent {kept['payment_intent_id']} at WooshPay")
                found.append((o["id"], f"we say {o['status']}, {held}"))
        elif o["status"] == "authorized" and not any(i["status"] == "requires_capture" for i in w.intents_of[o["id"]]):
            found.append((o["id"], "we say authorized, WooshPay holds no authorisation"))
    for a in w.ours.attempts:
        intent = w.intent.get(a["payment_intent_id"] or "")
        if a["status"] == "succeeded" and (not intent or intent["status"] != "succeeded"):
            found.append((a["order_id"], f"attempt {a['id']} succeeded, WooshPay: {intent['status'] if intent else 'no intent'}"))
    return found


def charged_once(w):
    """3. At most one intent (and session) per attempt, one charge per intent, and at most
    one kept payment per order: any other captured payment refunded in full as a duplicate."""
    found = []
    per_attempt = defaultdict(list)
    for i in w.truth.intents:
        per_attempt[w.truth.attempt_of(i)].append(i["id"])
        if i["charge_count"] > 1:
            found.append((w.truth.order_of(i), f"intent {i['id']} charged {i['charge_count']} times"))
    for attempt, ids in per_attempt.items():
        if attempt is None:
            found += [(w.truth.order_of(w.intent[i]), f"intent {i} names no attempt of ours") for i in ids]
        elif len(ids) > 1:
            found.append((w.truth.order_of(w.intent[ids[0]]), f"attempt {attempt} has {len(ids)} intents: {', '.join(ids)}"))
    sessions = defaultdict(list)
    for session, attempt in w.truth.attempt_of_session.items():
        sessions[attempt].append(session)
    found += [((w.truth.session_of.get(ids[0]) or {}).get("client_reference_id"),
               f"attempt {a} has {len(ids)} checkout sessions: {', '.join(ids)}") for a, ids in sessions.items() if len(ids) > 1]
    for o in w.ours.orders:
        kept = w.kept(o["id"])
        for i in w.intents_of[o["id"]]:
            if i["amount_captured"] <= 0 or (kept and i["id"] == kept["payment_intent_id"]):
                continue
            attempt = next((a for a in w.attempts_of[o["id"]] if a["payment_intent_id"] == i["id"]), None)
            duplicate = [r for r in w.refunds_of_attempt[attempt["id"]] if r["reason"] == "duplicate"
                         and r["status"] == "succeeded"] if attempt else []
            if i["amount_refunded"] < i["amount_captured"] or not duplicate:
                found.append((o["id"], f"second captured payment {i['id']} ({i['amount_captured']}) refunded "
                                       f"{i['amount_refunded']} at WooshPay, duplicate refund here: {bool(duplicate)}"))
    return found


def refunds_within_captures(w):
    """4. Refunds never exceed captures, at WooshPay and here, and both sides agree."""
    found = []
    for i in w.truth.intents:
        if i["amount_refunded"] + i["amount_refund_pending"] > i["amount_captured"]:
            found.append((w.truth.order_of(i), f"WooshPay refunded {i['amount_refunded']} (+{i['amount_refund_pending']} pending) "
                                               f"of {i['amount_captured']} on {i['id']}"))
    for a in w.ours.attempts:
        held = sum(r["amount"] for r in w.refunds_of_attempt[a["id"]] if r["status"] in HOLDING)
        captured = (a["amount_received"] or a["amount"]) if a["status"] == "succeeded" else 0
        if held > captured:
            found.append((a["order_id"], f"attempt {a['id']} holds refunds of {held}, captured {captured}"))
        intent = w.intent.get(a["payment_intent_id"] or "")
        ours = sum(r["amount"] for r in w.refunds_of_attempt[a["id"]] if r["status"] == "succeeded")
        if intent and ours != intent["amount_refunded"]:
            found.append((a["order_id"], f"we recorded {ours} refunded on {intent['id']}, WooshPay {intent['amount_refunded']}"))
    for o in w.ours.orders:
        kept = w.kept(o["id"])
        ceiling = min(o["total_amount"], (kept["amount_received"] or kept["amount"])) if kept else 0
        if o["refunded_amount"] > ceiling:
            found.append((o["id"], f"order refunded {o['refunded_amount']} of a capture of {ceiling}"))
    known = {r["gateway_refund_id"]: r for r in w.ours.refunds if r["gateway_refund_id"]}
    for r in w.truth.refunds:
        mine = known.get(r["id"])
        if mine is None:
            found.append((w.truth.order_of(w.intent.get(r["payment_intent"], {})), f"WooshPay refund {r['id']} ({r['amount']}) unknown here"))
        elif mine["status"] != r["status"]:
            found.append((mine["order_id"], f"refund {mine['id']} is {mine['status']} here, {r['status']} at WooshPay"))
    return found


def webhooks_once(w):
    """5. Every stored webhook event processed exactly once: closed (processed or ignored),
    every delivered event stored, nothing stored WooshPay did not send, no effect twice."""
    found = []
    stored = {e["event_id"]: e for e in w.ours.webhooks}
    for e in w.ours.webhooks:
        if e["status"] not in ("processed", "ignored") or not e["closed"] or e["leased"]:
            found.append((e["event_id"], f"inbox row {e['status']} after {e['attempts']} tries (leased: {e['leased']})"))
    sent = {e["id"]: e for e in w.truth.events}
    found += [(e["id"], f"delivered {e['type']} not in the inbox") for e in w.truth.events
              if e["delivered"] and e["id"] not in stored]
    found += [(i, "stored event WooshPay never sent") for i in stored if i not in sent]
    terminal, last_order_event = Counter(), {}
    for e in w.ours.events:
        cause = e["cause"]
        if cause.startswith("webhook:") and cause[len("webhook:"):] not in stored:
            found.append((e["order_id"], f"{e['type']} caused by {cause}, which the inbox does not hold"))
        data = e["data"] or {}
        if e["type"] in TERMINAL_PAYMENT or e["type"] == "payment.duplicate_detected":
            terminal[(e["order_id"], e["type"], data.get("attempt"))] += 1
        if e["type"] in TERMINAL_REFUND:
            terminal[(e["order_id"], e["type"], data.get("refund"))] += 1
        if e["type"].startswith("order.") and e["type"] not in ("order.needs_review", "order.sync_requested"):
            if last_order_event.get(e["order_id"]) == e["type"]:
                found.append((e["order_id"], f"{e['type']} recorded twice in a row (second by {cause})"))
            last_order_event[e["order_id"]] = e["type"]
    found += [(order, f"{kind} of {subject} recorded {n} times") for (order, kind, subject), n in terminal.items() if n > 1]
    return found


def stock_consistent(w, initial):
    """6. Tracked stock: initial - units held by orders that keep their reservation == stock
    now; expired and canceled orders hold none, every other order with tracked lines holds its."""
    found = []
    reserved = {o["id"]: o["stock_reserved"] for o in w.ours.orders}
    held, tracked_orders = Counter(), set()
    for item in w.ours.items:
        if item["stock_tracked"]:
            tracked_orders.add(item["order_id"])
            if reserved.get(item["order_id"]):
                held[item["sku"]] += item["quantity"]
    for p in w.ours.products:
        if p["sku"] in initial and initial[p["sku"]] is not None and initial[p["sku"]] - held[p["sku"]] != p["stock"]:
            found.append((p["sku"], f"initial {initial[p['sku']]} - held {held[p['sku']]} != stock {p['stock']}"))
    for o in w.ours.orders:
        released = o["status"] in ("expired", "canceled")
        if o["id"] in tracked_orders and released == o["stock_reserved"]:
            found.append((o["id"], f"{o['status']} order {'still holds' if o['stock_reserved'] else 'released'} its stock"))
    return found


def effects_once(w, records):
    """9. Each request took effect once, however often it was sent: one order per checkout,
    one payment attempt per order, the capture and the refunds the admin asked for (no
    refund twice). The storefront repeats with the same Idempotency-Key; only a key left
    'in use' for good makes it send a new one, as a customer or an admin clicking again would."""
    found = []
    placed = defaultdict(list)
    for o in w.ours.orders:
        placed[(o["metadata"] or {}).get("chaos")].append(o["id"])
    for r in records:
        orders = placed.get(str(r["n"]), [])
        if len(orders) > 1:
            found.append((orders[0], f"checkout #{r['n']} placed {len(orders)} orders: {', '.join(orders)}"))
        if not r["order_id"]:
            continue
        attempts = w.attempts_of[r["order_id"]]
        if len(attempts) > 1:
            found.append((r["order_id"], f"payment started {len(attempts)} times: {', '.join(a['id'] for a in attempts)}"))
        kept = w.kept(r["order_id"])
        if r["capture"] and kept and r["result"] == "ok":
            asked = r["total"] * 2 // 3 if r["capture"] == "partial" else r["total"]
            if kept["amount_received"] != asked:
                found.append((r["order_id"], f"capture of {asked} asked, {kept['amount_received']} captured"))
        if r["refunds_sent"] and kept:
            captured, asked = kept["amount_received"] or kept["amount"], []
            for amount in r["refunds_sent"]:
                asked.append(amount if amount is not None else captured - sum(asked))
            # `duplicate`: the service's own; `fraudulent`: the dispute step's (invariant 12).
            made = [x["amount"] for x in w.refunds_of_attempt[kept["id"]] if x["reason"] not in ("duplicate", "fraudulent")]
            if sorted(made) != sorted(asked):
                found.append((r["order_id"], f"refunds asked {asked}, made {made}"
                                             + (f" (after: {'; '.join(r['notes'])})" if r["notes"] else "")))
    return found


def acknowledged_kept(w, records):
    """13. Nothing acknowledged is lost: every order answered 201, every payment start and
    refund answered 2xx is in our database (what a PostgreSQL fail-over could lose without
    synchronous replication); webhook 200s are invariant 5's "delivered ... not in the inbox"."""
    orders = {o["id"] for o in w.ours.orders}
    attempts = {a["id"] for a in w.ours.attempts}
    refunds = {r["id"] for r in w.ours.refunds}
    found = []
    for r in records:
        if r["order_id"] and r["order_id"] not in orders:
            found.append((r["order_id"], f"order #{r['n']} was answered 201 and is not in the database"))
        found += [(r["order_id"], f"payment {p} was answered and is not in the database") for p in r.get("payments", [])
                  if p not in attempts]
        found += [(r["order_id"], f"refund {x} was answered and is not in the database") for x in r.get("refunds", [])
                  if x not in refunds]
    return found


def no_server_errors(requests, windows, grace):
    """7. No 5xx but 503 service_unavailable (JSON error body) while PostgreSQL restarted.
    Returns (violations, 503 gateway_unavailable answers, 503s inside the windows)."""
    found, gateway, during = [], [], 0
    for r in requests:
        if r["status"] is None or r["status"] < 500:
            continue
        inside = any(start - 0.5 <= r["ended"] and r["started"] <= end + grace for start, end in windows)
        if inside and r["status"] == 503 and r["json"] and r["code"] == "service_unavailable":
            during += 1
        elif r["status"] == 503 and r["json"] and r["code"] == "gateway_unavailable":
            gateway.append(r)
        else:
            found.append((f"{r['method']} {r['path']}", f"{r['status']} {r['code']} at {r['started']:.1f} via {r['target']}"
                                                         f"{' (inside the PostgreSQL window)' if inside else ''}"))
    return found, gateway, during
