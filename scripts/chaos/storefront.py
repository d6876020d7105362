"""The storefront and its customers: each order is placed and paid the way a real shop
and browser would (see scripts/browser/flows.py for the same flows in Chromium), with
the retries a careful storefront makes: a lost answer or a 5xx is sent again with the
SAME Idempotency-Key, to another replica when the first does not answer.

A plan is (flow, outcome, refund):
  flow     checkout | sdk | direct
  outcome  paid | declined | 3ds | abandoned | manual (authorise, then admin capture) | alipay (direct only)
  refund   none | full | partial | partial+rest   (admin refunds once the order is paid)
"""
import html
import random
import re
import threading
import time
import urllib.parse

from chaos.requestlog import logged
from lib.http import form, send

CARD_OK, CARD_DECLINED, CARD_3DS = "4111111111111111", "4000000000000002", "4000000000003220"

OUTCOMES = {
    # Manual capture is refused in checkout mode (WooshPay documents it on intents only).
    "checkout": {"paid": 11, "declined": 3, "3ds": 3, "abandoned": 3},
    "sdk": {"paid": 8, "declined": 3, "3ds": 3, "abandoned": 3, "manual": 3},
    "direct": {"paid": 8, "declined": 3, "3ds": 3, "alipay": 2, "abandoned": 3, "manual": 3},
}
REFUNDS = {"none": 60, "full": 15, "partial": 15, "partial+rest": 10}
PAID_OUTCOMES = {"paid", "3ds", "manual", "alipay"}


def plan(seed, n):
    """The plan of order n, the same for the same seed."""
    r = random.Random(f"{seed}-{n}")
    flow = r.choice(sorted(OUTCOMES))
    outcome = r.choices(list(OUTCOMES[flow]), weights=list(OUTCOMES[flow].values()))[0]
    refund = r.choices(list(REFUNDS), weights=list(REFUNDS.values()))[0] if outcome in PAID_OUTCOMES else "none"
    capture = ("full" if r.random() < 0.7 else "partial") if outcome == "manual" else None
    items = [{"sku": "CHAOS-TRACKED", "quantity": r.randint(1, 3)}]
    if r.random() < 0.5:
        items.append({"sku": "CHAOS-UNTRACKED", "quantity": r.randint(1, 2)})
    if r.random() < 0.15:
        items.append({"sku": "CHAOS-SCARCE", "quantity": 1})
    return {"n": n, "flow": flow, "outcome": outcome, "refund": refund, "capture": capture, "items": items}


class GaveUp(Exception):
    """The storefront stopped: the service kept failing, or answered something unexpected."""


class Storefront:
    def __init__(self, replicas, balancer, sandbox, admin_key, publishable_key, log, run_id,
                 deadline=90.0, in_use_limit=60.0):
        self.replicas, self.balancer, self.sandbox = replicas, balancer, sandbox
        self.admin_key, self.publishable_key, self.log, self.run_id = admin_key, publishable_key, log, run_id
        self.deadline, self.in_use_limit = deadline, in_use_limit
        self.stuck_keys = []  # (path, key): Idempotency-Keys left "in use" past in_use_limit
        self.current = threading.local()  # the notes of the order this thread drives

    # -- our API, with a storefront's retries --------------------------------------------------
    def api(self, method, path, body=None, token=None, admin=False, key=None, phase="load"):
        headers = {}
        if token:
            headers["X-Order-Token"] = token
        if admin:
            headers["Authorization"] = f"Bearer {self.admin_key}"
        if key:
            headers["Idempotency-Key"] = key
        turn = [random.randrange(len(self.replicas))]

        def once():
            turn[0] += 1  # the next replica each time, so a dead one is not asked twice in a row
            base = self.replicas[turn[0] % len(self.replicas)]
            return logged(self.log, phase, base, method, path, body=body, headers=dict(headers))

        began, in_use_since, replaced = time.monotonic(), None, False
        while True:
            response = self.retrying(f"{method} {path}", once)
            if response.status != 409 or response.code != "idempotency_key_in_use":
                response.replaced_key = replaced
                return response
            in_use_since = in_use_since or time.monotonic()
            if time.monotonic() - in_use_since > self.in_use_limit:
                # The service takes a dead owner's key over after its 15 s lease, so a key
                # "in use" this long is a fault of ours; a customer would click again, which
                # is a new request (and invariant 9 then shows any double effect).
                self.stuck_keys.append((path, headers["Idempotency-Key"]))
                getattr(self.current, "notes", []).append(f"{method} {path}: key stuck in use, sent with a new key")
                headers["Idempotency-Key"] = f"{headers['Idempotency-Key']}-again"
                in_use_since, replaced = None, True
            if time.monotonic() - began > self.deadline + self.in_use_limit:
                raise GaveUp(f"{method} {path}: Idempotency-Key in use for {self.deadline:.0f} s")
            time.sleep(0.5)

    def retrying(self, what, once):
        """`once()` again, backing off, while nothing answers or the answer is a 5xx."""
        began, pause = time.monotonic(), 0.2
        while True:
            response = once()
            if not response.transient:
                return response
            if time.monotonic() - began > self.deadline:
                raise GaveUp(f"{what}: {response!r} for {self.deadline:.0f} s")
            time.sleep(pause)
            pause = min(pause * 2, 2.0)

    def order(self, order_id, token):
        return self.api("GET", f"/v1/orders/{order_id}", token=token).json

    def wait_status(self, order_id, token, wanted, seconds=60.0):
        deadline = time.monotonic() + seconds
        while True:
            status = (self.order(order_id, token) or {}).get("status")
            if status in wanted:
                return status
            if time.monotonic() > deadline:
                raise GaveUp(f"order {order_id} stayed {status}, wanted {sorted(wanted)}")
            time.sleep(1.0)

    # -- the customer's browser: WooshPay's pages and our return endpoint --------------------
    def browse(self, method, url, fields=None, key=None):
        """A page request, retried while nothing answers (or WooshPay's API answers 5xx)."""
        ours = url.startswith(self.balancer)
        headers = {"Content-Type": "application/x-www-form-urlencoded"} if fields is not None else {}
        if key:
            headers["Idempotency-Key"] = key
        data = form(fields) if fields is not None else None

        def once():
            if ours:
                return logged(self.log, "load", self.balancer, method, url[len(self.balancer):], body=data, headers=headers)
            return send(url, method, body=data, headers=headers)

        return self.retrying(f"{method} {url.split('?')[0]}", once)

    def follow_return(self, response):
        """Follows a 303 to our return endpoint, as the browser does."""
        location = response.headers.get("location", "")
        if response.status in (302, 303) and location.startswith(self.balancer):
            return self.browse("GET", location)
        return response

    def approve(self, url):
        """Approves a 3-D Secure challenge or a wallet redirect page (`/3ds/pi?client_secret=`)."""
        parts = urllib.parse.urlsplit(url)
        secret = urllib.parse.parse_qs(parts.query).get("client_secret", [""])[0]
        page = f"{self.sandbox}{parts.path}"
        return self.follow_return(self.browse("POST", page, {"action": "approve", "client_secret": secret}))

    # -- one order --------------------------------------------------------------------------
    def run(self, p):
        """Places and pays order p; returns its record (the order id once known)."""
        record = {**p, "order_id": None, "token": None, "result": "ok", "notes": [], "refunds_sent": [], "total": None,
                  "payments": [], "refunds": []}
        self.current.notes = record["notes"]
        self.current.record = record
        key = f"{self.run_id}-{p['n']}"
        try:
            order_id, token, total = self.place(p, key, record)
            record["order_id"], record["token"], record["total"] = order_id, token, total
            getattr(self, f"pay_{p['flow']}")(p, key, order_id, token, record)
            if p["outcome"] == "manual":
                self.wait_status(order_id, token, {"authorized"})
                body = {"amount_to_capture": total * 2 // 3} if p["capture"] == "partial" else {}
                captured = self.api("POST", f"/v1/admin/orders/{order_id}/capture", body, admin=True, key=f"{key}-capture")
                if not (captured.status == 200 or self.took_effect(captured, "order_not_capturable")):
                    raise GaveUp(f"capture answered {captured!r}")
            if p["refund"] != "none":
                self.refund(p, key, order_id, token, total, record)
        except GaveUp as stop:
            record["result"] = f"gave up: {stop}"
        return record

    def place(self, p, key, record):
        items = p["items"]
        while True:
            body = {"currency": "USD", "items": items, "customer": {"email": f"chaos{p['n']}@example.com"},
                    "metadata": {"chaos": str(p["n"]), "flow": p["flow"], "outcome": p["outcome"]}}
            created = self.api("POST", "/v1/orders", body, key=f"{key}-order-{len(items)}")
            if created.status == 201:
                order = created.json
                return order["id"], order["client_token"], order["total_amount"]
            if created.code == "out_of_stock" and len(items) > 1:
                # The customer drops the sold-out line and checks out again.
                items = [i for i in items if i["sku"] != "CHAOS-SCARCE"]
                record["notes"].append("scarce item sold out")
                continue
            raise GaveUp(f"order creation answered {created!r}")

    @staticmethod
    def took_effect(response, *codes):
        """After a stuck key forced a new one, a refusal saying the work is already done
        means the first request did it (the shop shows the order as paid)."""
        return getattr(response, "replaced_key", False) and response.status == 409 and response.code in codes

    def start(self, order_id, token, body, key):
        started = self.api("POST", f"/v1/orders/{order_id}/payments", body, token=token, key=key)
        if started.status in (200, 201, 202) and (started.json or {}).get("id"):
            # Acknowledged: it must survive anything (the fail-over run checks it).
            self.current.record["payments"].append(started.json["id"])
        return started

    def pay_checkout(self, p, key, order_id, token, record):
        body = {"mode": "checkout"}
        if p["outcome"] == "manual":
            body["capture_method"] = "manual"
        started = self.start(order_id, token, body, f"{key}-pay")
        if started.status not in (200, 201):
            raise GaveUp(f"checkout start answered {started!r}")
        url = started.json.get("redirect_url")
        if not url:
            raise GaveUp(f"checkout start gave no redirect_url ({started.json.get('status')})")
        if p["outcome"] == "abandoned":
            self.browse("GET", url)
            return
        card = {"declined": CARD_DECLINED, "3ds": CARD_3DS}.get(p["outcome"], CARD_OK)
        paid = self.browse("POST", url, {"card_number": card, "exp": "03/30", "cvc": "123"})
        if p["outcome"] == "declined":
            cancel = re.search(r'id="cancel" href="([^"]+)"', paid.body.decode(errors="replace"))
            if paid.status != 402 or not cancel:
                raise GaveUp(f"a declined card answered {paid.status}")
            self.browse("GET", html.unescape(cancel.group(1)))
            return
        location = paid.headers.get("location", "")
        if p["outcome"] == "3ds":
            if "/3ds/" not in location:
                raise GaveUp(f"no 3-D Secure challenge ({paid.status} {location[:60]})")
            self.approve(location)
            return
        self.follow_return(paid)

    def pay_sdk(self, p, key, order_id, token, record):
        body = {"mode": "sdk"}
        if p["outcome"] == "manual":
            body["capture_method"] = "manual"
        started = self.start(order_id, token, body, f"{key}-pay")
        payment = started.json or {}
        if started.status not in (200, 201) or not payment.get("client_secret"):
            raise GaveUp(f"sdk start answered {started!r}")
        if p["outcome"] == "abandoned":
            return
        card = {"declined": CARD_DECLINED, "3ds": CARD_3DS}.get(p["outcome"], CARD_OK)
        # What WooshPay's JS SDK sends from the browser: JSON with the publishable key and the
        # client secret in the body, no Authorization header.
        body = {"key": payment["publishable_key"], "client_secret": payment["client_secret"],
                "payment_method_data": {"type": "card", "card": {
                    "number": card, "exp_month": 3, "exp_year": 2030, "cvc": "123"}}}
        url = f"{self.sandbox}/v1/payment_intents/{payment['payment_intent']}/confirm"
        confirmed = self.retrying(f"POST {url}", lambda: send(url, "POST", body=body, headers={"Idempotency-Key": f"{key}-confirm"}))
        if p["outcome"] == "declined":
            if confirmed.status != 402:
                raise GaveUp(f"a declined card answered {confirmed!r}")
            return
        intent = confirmed.json or {}
        if confirmed.status != 200:
            raise GaveUp(f"sdk confirm answered {confirmed!r}")
        if p["outcome"] == "3ds":
            action = (intent.get("next_action") or {}).get("challenge_redirect") or {}
            if not action.get("url"):
                raise GaveUp(f"no 3-D Secure challenge (intent {intent.get('status')})")
            self.approve(action["url"])

    def pay_direct(self, p, key, order_id, token, record):
        outcome = p["outcome"]
        body = {"mode": "direct", "payment_method": {
            "paid": "pm_card_visa", "manual": "pm_card_visa", "declined": "pm_card_chargeDeclined",
            "3ds": "pm_card_threeDSecure", "abandoned": "pm_card_threeDSecure"}.get(outcome)}
        if outcome == "alipay":
            body = {
                "mode": "direct",
                "payment_method_data": {"type": "alipay"},
                "payment_method_options": {"alipay": {"terminal_type": "WEB"}},
            }
        if outcome == "manual":
            body["capture_method"] = "manual"
        started = self.start(order_id, token, body, f"{key}-pay")
        if self.took_effect(started, "order_already_paid", "payment_already_authorized"):
            return
        if outcome == "declined":
            if started.status != 402:
                raise GaveUp(f"a declined card answered {started!r}")
            return
        if started.status not in (200, 201):
            raise GaveUp(f"direct start answered {started!r}")
        if outcome in ("3ds", "alipay"):
            url = ((started.json or {}).get("next_action") or {}).get("redirect_url")
            if not url:
                raise GaveUp(f"no next_action redirect ({started.json.get('status')})")
            self.approve(url)

    def refund(self, p, key, order_id, token, total, record):
        self.wait_status(order_id, token, {"paid"})
        amounts = {"full": [None], "partial": [max(1, total // 4)], "partial+rest": [max(1, total // 4), None]}[p["refund"]]
        for i, amount in enumerate(amounts):
            record["refunds_sent"].append(amount)
            body = {} if amount is None else {"amount": amount}
            refunded = self.api("POST", f"/v1/admin/orders/{order_id}/refunds", body, admin=True, key=f"{key}-refund-{i}")
            if refunded.status in (201, 202) and (refunded.json or {}).get("id"):
                record["refunds"].append(refunded.json["id"])
            if amount is None and self.took_effect(refunded, "order_fully_refunded"):
                continue
            if refunded.status not in (201, 202):
                raise GaveUp(f"refund answered {refunded!r}")
