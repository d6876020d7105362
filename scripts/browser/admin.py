"""The staff's side: the back office at /admin in headless Chromium, signed in through its
form with real admin keys, against the same private sandbox and service as the demo flows.

Run by scripts/browser-test.sh (as `python -m browser.admin`), which passes:
  ADMIN_URL     the back office (http://127.0.0.1:PORT/admin)
  MERCHANT_BIN  the folder of the `merchant` binary (to create the keys, as staff would)
  DATABASE_URL  the service's database, to check what each action did
  SHOTS         the folder for screenshots (admin-*.png)
The orders are placed and paid through the storefront API first (a paid one and an
authorised one), so each flow starts from a known order. Exit status 1 when any flow fails.
"""
import json
import os
import subprocess
import sys
import time
import traceback
import uuid

from selenium.webdriver.common.by import By

from browser.flows import Flow, browser, db
from lib.http import send

ADMIN = os.environ["ADMIN_URL"]
BASE = ADMIN.rsplit("/admin", 1)[0]
SHOTS = os.environ["SHOTS"]
RUN = uuid.uuid4().hex[:8]


def key(role):
    """A fresh admin key of `role`, made with `merchant keys create` as an operator would."""
    name = f"staff-{role}-{RUN}"
    made = subprocess.run([os.path.join(os.environ["MERCHANT_BIN"], "merchant"), "keys", "create", "--name", name, "--role", role],
                          capture_output=True, text=True, check=True)
    return name, made.stdout.strip()


def order(email, capture="automatic"):
    """A 2 x MUG-LOGO order (USD 25.00) paid directly with the test card; `manual` leaves it authorised."""
    placed = send(f"{BASE}/v1/orders", "POST", body={"currency": "USD", "items": [{"sku": "MUG-LOGO", "quantity": 2}],
                                                      "customer": {"email": email}},
                  headers={"Idempotency-Key": f"admin-browser-{uuid.uuid4().hex}"})
    assert placed.status == 201, f"order not placed: {placed.status} {placed.body[:200]!r}"
    body = {"mode": "direct", "payment_method": "pm_card_visa", **({"capture_method": "manual"} if capture == "manual" else {})}
    paid = send(f"{BASE}/v1/orders/{placed.json['id']}/payments", "POST", body=body,
                headers={"X-Order-Token": placed.json["client_token"]})
    assert paid.status == 201, f"payment not started: {paid.status} {paid.body[:200]!r}"
    return placed.json["id"]


def eventually(check, what, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


class Staff(Flow):
    def sign_in(self, token, who):
        self.d.get(ADMIN)
        field = self.visible("#signin-key")
        field.send_keys(token)
        self.click("#signin-submit")
        self.wait(lambda d: who in d.find_element(By.ID, "whoami").text, f"#whoami to say {who}")
        held = self.d.execute_script(
            "return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie"
            " + document.getElementById('signin-key').value")
        assert "mk_" not in held and "ms_" not in held and "merchant_admin" not in held, f"the page holds a secret: {held[:200]}"

    def go(self, route):
        self.d.get(f"{ADMIN}#/{route}")
        self.d.refresh()  # a hash change alone does not reload; the session comes back from its cookie

    def confirm(self):
        self.visible("#action-dialog[open]")
        self.click("#action-confirm")
        self.wait(lambda d: not d.find_element(By.ID, "action-dialog").get_attribute("open"), "the dialog to close")

    def status_is(self, expected):
        self.wait(lambda d: d.find_elements(By.ID, "order-status") and d.find_element(By.ID, "order-status").text.strip() == expected,
                  f"the page to show {expected}")

    def snap(self, name):
        self.d.save_screenshot(os.path.join(SHOTS, f"admin-{name}.png"))


def operator_works_orders_and_queues(f, setup):
    f.d.set_window_size(1280, 800)
    name, token = setup["operator"]
    f.sign_in(token, f"{name} (operator)")
    money = f.d.execute_script(
        "return [formatMoney(1250, 'USD'), formatMoney(1250, 'JPY'), formatMoney(1250, 'KWD'),"
        " parseMoney('5.00', 'USD'), parseMoney('5.5', 'JPY'), parseMoney('1.234', 'KWD')]")
    assert money == ["USD 12.50", "JPY 1250", "KWD 1.250", 500, None, 1234], f"money as shown: {money}"

    # Find the paid order by e-mail and refund USD 5.00 of it.
    f.go("orders")
    f.visible("#filter-email").send_keys(setup["email"])
    f.click("#filter-apply")
    f.wait(lambda d: [r.get_attribute("data-order-id") for r in d.find_elements(By.CSS_SELECTOR, "#orders-table tr[data-order-id]")]
           == [setup["paid"]], "the e-mail filter to list exactly the paid order")
    f.click(f'#orders-table tr[data-order-id="{setup["paid"]}"] a.order-link')
    f.status_is("paid")
    assert "USD 25.00" in f.visible("#order-total").text
    f.click("#action-refund")
    amount = f.visible("#refund-amount")
    amount.send_keys("5.00")
    f.wait(lambda d: "USD 5.00" in d.find_element(By.ID, "action-summary").text, "the summary to name USD 5.00")
    f.confirm()
    f.status_is("partially_refunded")
    eventually(lambda: db("SELECT count(*) FROM refunds WHERE order_id = :'p0' AND amount = 500 AND status = 'succeeded'",
                          setup["paid"]) == "1", "the refund of 500 in the database")
    assert db("SELECT count(*) FROM order_events WHERE order_id = :'p0' AND type = 'refund.requested' AND cause = :'p1'",
              setup["paid"], f"admin:{name}") == "1", "the refund is not in the trail as the operator's"
    f.wait(lambda d: "USD 5.00" in d.find_element(By.ID, "order-refunds").text, "the refunds table to show it")
    f.snap("refund")

    # Capture the authorised order, all of it.
    f.go(f"orders/{setup['authorized']}")
    f.status_is("authorized")
    f.click("#action-capture")
    f.confirm()
    f.status_is("paid")
    assert db("SELECT status FROM payment_attempts WHERE order_id = :'p0'", setup["authorized"]) == "succeeded"
    assert db("SELECT amount_received FROM payment_attempts WHERE order_id = :'p0'", setup["authorized"]) == "2500"
    f.snap("capture")

    # Replay the paid order's success webhook.
    event = setup["event"]
    f.go("webhooks")
    f.click(f'#webhooks-table tr[data-event-id="{event}"] button.replay')
    f.confirm()
    eventually(lambda: db("SELECT count(*) FROM order_events WHERE type = 'webhook.replayed' AND cause = :'p0' AND data->>'event' = :'p1'",
                          f"admin:{name}", event) == "1", "webhook.replayed in the trail")
    f.wait(lambda d: "error" not in (d.find_element(By.ID, "flash").get_attribute("class") or ""), "no refusal shown")
    f.snap("webhook-replay")

    # Run a reconciliation of the last day.
    f.go("reconcile")
    f.click("#reconcile-run")
    checked = f.visible('#reconcile-report [data-count="checked"]')
    f.wait(lambda d: d.find_element(By.CSS_SELECTOR, '#reconcile-report [data-count="checked"]').text.strip().isdigit(),
           "the report's count")
    assert int(checked.text) >= 2, f"reconciliation checked {checked.text} intents"
    assert db("SELECT count(*) FROM admin_audit WHERE action = 'reconciliation.run' AND actor = :'p0'", name) == "1"
    f.snap("reconcile")
    f.click("#signout")
    f.visible("#signin-form")
    return f"refund, capture, replay, reconciliation as {name}"


def viewer_sees_no_actions_and_its_forged_posts_are_403(f, setup):
    f.d.set_window_size(390, 844)
    name, token = setup["viewer"]
    f.sign_in(token, f"{name} (viewer)")
    f.go(f"orders/{setup['paid']}")
    f.visible("#order-timeline")
    for action in ("#action-refund", "#action-capture", "#action-cancel", "#action-sync"):
        assert not f.d.find_elements(By.CSS_SELECTOR, action), f"a viewer's page has {action}"
    width = f.d.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways at phone width ({width} px)"
    f.snap("viewer-order")
    f.go("webhooks")
    f.visible("#webhooks-table tr[data-event-id]")
    assert not f.d.find_elements(By.CSS_SELECTOR, "button.replay"), "a viewer's inbox has replay buttons"
    f.go("keys")
    assert not f.d.find_elements(By.CSS_SELECTOR, "#key-create-form"), "a viewer's page offers to create keys"
    f.snap("viewer-webhooks")
    refunds = db("SELECT count(*) FROM refunds")
    forged = f.d.execute_async_script("""
        const done = arguments[arguments.length - 1];
        (async () => {
          const session = await (await fetch('/v1/admin/session')).json();
          const post = (path, headers) => fetch(path, {method: 'POST', body: '{}',
              headers: Object.assign({'Content-Type': 'application/json'}, headers)})
            .then(async r => [r.status, (await r.json()).error.code]);
          done([await post('/v1/admin/orders/""" + setup["paid"] + """/refunds', {'X-CSRF-Token': session.csrf_token}),
                await post('/v1/admin/orders/""" + setup["paid"] + """/refunds', {}),
                await post('/v1/admin/webhook-events/""" + setup["event"] + """/replay', {'X-CSRF-Token': session.csrf_token})]);
        })().catch(e => done(String(e)));
    """)
    assert forged == [[403, "insufficient_permissions"], [403, "csrf_token_invalid"], [403, "insufficient_permissions"]], forged
    assert db("SELECT count(*) FROM refunds") == refunds, "a forged POST changed something"
    return f"no action buttons, forged POSTs {json.dumps(forged)}"


FLOWS = [operator_works_orders_and_queues, viewer_sees_no_actions_and_its_forged_posts_are_403]


def main():
    email = f"ada-{RUN}@example.com"
    setup = {"operator": key("operator"), "viewer": key("viewer"), "email": email,
             "paid": order(email), "authorized": order(f"grace-{RUN}@example.com", capture="manual")}
    eventually(lambda: db("SELECT status FROM orders WHERE id = :'p0'", setup["authorized"]) == "authorized", "the authorisation")
    eventually(lambda: db("""SELECT count(*) FROM webhook_events w JOIN payment_attempts a ON a.payment_intent_id = w.object_id
                             WHERE a.order_id = :'p0' AND w.type = 'payment_intent.succeeded' AND w.status = 'processed'""",
                          setup["paid"]) == "1", "the paid order's success webhook processed")
    setup["event"] = db("""SELECT w.event_id FROM webhook_events w JOIN payment_attempts a ON a.payment_intent_id = w.object_id
                           WHERE a.order_id = :'p0' AND w.type = 'payment_intent.succeeded'""", setup["paid"])
    failures = 0
    for flow in FLOWS:
        driver = browser()
        f = Staff(driver, flow.__name__)
        started = time.monotonic()
        try:
            print(f"ok    {flow.__name__:52} {flow(f, setup)}  ({time.monotonic() - started:.1f} s)", flush=True)
        except Exception as error:
            failures += 1
            driver.save_screenshot(os.path.join(SHOTS, f"admin-{flow.__name__}-failed.png"))
            print(f"FAIL  {flow.__name__:52} {error}", flush=True)
            traceback.print_exc()
            for entry in driver.get_log("browser")[-10:]:
                print(f"      console: {entry.get('message')}")
        finally:
            driver.quit()
    print(f"browser (admin): {failures} of {len(FLOWS)} flows failed; screenshots in {SHOTS}/admin-*.png")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
