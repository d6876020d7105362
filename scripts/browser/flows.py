"""The customer's side of every payment flow, in headless Chromium against the demo storefront.

Run by scripts/browser-test.sh (as `python -m browser.flows`), which starts a private sandbox and service and passes:
  DEMO_URL      the demo page (http://127.0.0.1:PORT/demo)
  DATABASE_URL  the service's database, to check each order's final state
  SHOTS         the folder for one screenshot per flow's final page
Each flow buys one product, pays it the way a customer would, and checks what the page
shows and what the database holds. Exit status 1 when any flow fails.
"""
import os
import sys
import time
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from lib import db as database

DEMO = os.environ.get("DEMO_URL", "")  # (the back-office flows import this module without it)
DATABASE_URL = os.environ["DATABASE_URL"]
SHOTS = os.environ["SHOTS"]
WAIT = 30


def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900",
                 "--disable-gpu", "--no-first-run", "--disable-extensions"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options, service=Service("/usr/bin/chromedriver"))


def db(sql, *params):
    """One value from the service's database (parameters are psql variables p0, p1, ...)."""
    return database.value(DATABASE_URL, sql, *params)


class Flow:
    def __init__(self, driver, name):
        self.d, self.name = driver, name

    def wait(self, condition, what):
        try:
            return WebDriverWait(self.d, WAIT).until(condition)
        except Exception as error:
            raise AssertionError(f"timed out waiting for {what} (at {self.d.current_url})") from error

    def visible(self, css):
        return self.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, css)), css)

    def click(self, css):
        self.wait(EC.element_to_be_clickable((By.CSS_SELECTOR, css)), f"{css} clickable").click()

    def shop(self, sku="MUG-LOGO", currency=None):
        """Opens the storefront, picks `currency` (if given), puts one product in the cart."""
        self.d.get(DEMO)
        if currency:
            self.wait(lambda d: d.find_elements(By.CSS_SELECTOR, f'#currency option[value="{currency}"]'), f"currency {currency}")
            Select(self.visible("#currency")).select_by_value(currency)
        self.click(f'#products li[data-sku="{sku}"] button.add')
        self.wait(lambda d: sku in d.find_element(By.ID, "cart").text or d.find_elements(By.CSS_SELECTOR, f'#cart [data-sku="{sku}"]'),
                  "the cart to list the product")

    def on_sandbox(self, path):
        self.wait(lambda d: path in d.current_url, f"the sandbox page {path}")

    def settled(self, expected):
        """Waits for the status view to reach a final order status; returns the order id."""
        self.visible("#status-view")
        self.wait(EC.presence_of_element_located((By.CSS_SELECTOR, '#order-status[data-final="true"]')), "a final order status")
        status = self.d.find_element(By.ID, "order-status").get_attribute("data-status")
        order = self.d.find_element(By.ID, "order-id").text.strip()
        assert status == expected, f"page shows order {order} {status}, expected {expected}"
        returned = self.d.find_element(By.ID, "return-status").text.strip()
        assert returned == expected, f"the return redirect said {returned!r}, expected {expected}"
        stored = db("SELECT status FROM orders WHERE id = :'p0'", order)
        assert stored == expected, f"database holds order {order} as {stored!r}, expected {expected}"
        return order

    def shot(self):
        path = os.path.join(SHOTS, f"{self.name}.png")
        self.d.save_screenshot(path)
        return path


def checkout_paid(f):
    f.shop()
    f.click("#pay-checkout")
    f.on_sandbox("/pay/")
    f.visible('input[name="card_number"]').submit()  # the prefilled 4111 1111 1111 1111
    return f.settled("paid")


def checkout_declined_then_canceled(f):
    f.shop()
    f.click("#pay-checkout")
    f.on_sandbox("/pay/")
    number = f.visible('input[name="card_number"]')
    number.clear()
    number.send_keys("4000000000000002")
    number.submit()
    error = f.visible("#error")
    assert "declin" in error.text.lower(), f"the sandbox page shows {error.text!r}"
    f.d.save_screenshot(os.path.join(SHOTS, f"{f.name}-sandbox.png"))
    f.click("a#cancel")
    f.visible("#status-view")
    # The decline already failed the payment, so the return reports it failed rather than canceled.
    f.wait(lambda d: d.find_element(By.ID, "return-status").text.strip() in ("failed", "canceled"),
           "the return status failed or canceled")
    order = f.d.find_element(By.ID, "order-id").text.strip()
    f.wait(lambda d: d.find_element(By.ID, "order-status").get_attribute("data-status") not in (None, ""), "the order status")
    shown = f.d.find_element(By.ID, "order-status").get_attribute("data-status")
    stored = db("SELECT status FROM orders WHERE id = :'p0'", order)
    assert shown != "paid" and stored != "paid", f"a declined card paid the order (page {shown}, database {stored})"
    failed = db("SELECT count(*) FROM payment_attempts WHERE order_id = :'p0' AND status = 'succeeded'", order)
    assert failed == "0", f"{failed} succeeded payments for a declined card"
    return order


def checkout_three_d_secure(f):
    f.shop()
    f.click("#pay-checkout")
    f.on_sandbox("/pay/")
    number = f.visible('input[name="card_number"]')
    number.clear()
    number.send_keys("4000000000003220")
    number.submit()
    f.on_sandbox("/3ds/")
    f.d.save_screenshot(os.path.join(SHOTS, f"{f.name}-challenge.png"))
    f.click('button[name="action"][value="approve"]')
    return f.settled("paid")


def sdk_paid(f):
    f.shop()
    f.click("#pay-sdk")
    f.visible("#sdk-form")
    f.visible('#card-element input[name="card_number"]')
    f.click("#sdk-submit")
    return f.settled("paid")


def sdk_declined(f):
    f.shop()
    f.click("#pay-sdk")
    number = f.visible('#card-element input[name="card_number"]')
    number.clear()
    number.send_keys("4000000000000002")
    f.click("#sdk-submit")
    error = f.visible("#error")
    f.wait(lambda d: d.find_element(By.ID, "error").text.strip() != "", "an error message")
    assert "declin" in error.text.lower(), f"the page shows {error.text!r}"
    # Flows run one after another, so the newest order is this flow's.
    order, stored = db("SELECT id || ' ' || status FROM orders ORDER BY created_at DESC LIMIT 1").split()
    assert stored != "paid", f"a declined card paid order {order}"
    return order


# What each direct method's form asks for (PaymentMethodCatalog's fields), by data-path.
PAYER = {
    "payment_method_data.billing_details.name": "Ana Lima",
    "payment_method_data.billing_details.email": "ana@example.com",
    "payment_method_data.billing_details.address.country": "BR",
}


def direct(f, method, currency, fields=None, approve=True):
    """Buys a mug in `currency`, starts `method` directly with `fields` typed into the form the
    page shows for it, and approves or fails it on the method's sandbox page."""
    f.shop(currency=currency)
    Select(f.visible("#direct-method")).select_by_value(method)
    for path, value in (fields or {}).items():
        box = f.visible(f'#method-inputs [data-path="{path}"]')
        box.clear()
        box.send_keys(value)
    f.click("#pay-direct")
    f.on_sandbox("/redirect/")
    f.d.save_screenshot(os.path.join(SHOTS, f"{f.name}-method.png"))
    f.click(f'button[name="action"][value="{"approve" if approve else "deny"}"]')
    if approve:
        return f.settled("paid")
    f.visible("#status-view")
    f.wait(lambda d: d.find_element(By.ID, "return-status").text.strip() == "failed", "the return status failed")
    order = f.d.find_element(By.ID, "order-id").text.strip()
    f.wait(EC.presence_of_element_located((By.CSS_SELECTOR, '#order-status[data-final="true"]')), "a final order status")
    stored = db("SELECT status FROM orders WHERE id = :'p0'", order)
    assert stored != "paid", f"a failed {method} payment paid order {order}"
    paid = db("SELECT count(*) FROM payment_attempts WHERE order_id = :'p0' AND status = 'succeeded'", order)
    assert paid == "0", f"{paid} succeeded attempts for a failed {method} payment (order {order})"
    return order


def direct_alipay_paid(f):
    return direct(f, "alipay", "CNY")


def direct_promptpay_paid(f):
    return direct(f, "promptpay", "THB")


def direct_paynow_paid(f):
    return direct(f, "paynow", "SGD", PAYER)


def direct_pix_paid(f):
    return direct(f, "pix", "BRL", PAYER)


def direct_bank_transfer_id_paid(f):
    return direct(f, "bank_transfer_id", "IDR")


def direct_alipay_failed(f):
    return direct(f, "alipay", "CNY", approve=False)


def direct_promptpay_failed(f):
    return direct(f, "promptpay", "THB", approve=False)


def direct_bank_transfer_id_failed(f):
    return direct(f, "bank_transfer_id", "IDR", approve=False)


def direct_paynow_needs_billing_details(f):
    """Without the payer's name the service refuses the start (400, naming the field) and no
    customer is sent anywhere."""
    f.shop(currency="SGD")
    Select(f.visible("#direct-method")).select_by_value("paynow")
    f.visible('#method-inputs [data-path="payment_method_data.billing_details.name"]').clear()
    f.click("#pay-direct")
    error = f.visible("#error")
    f.wait(lambda d: d.find_element(By.ID, "error").get_attribute("data-code") not in (None, ""), "an error code")
    code = error.get_attribute("data-code")
    assert "/demo" in f.d.current_url, f"the page left for {f.d.current_url}"
    assert "name" in error.text.lower(), f"the error does not name the field: {error.text!r} ({code})"
    return code


def checkout_wechat_pay_paid(f):
    f.shop(currency="CNY")
    f.click("#pay-checkout")
    f.on_sandbox("/pay/")
    f.click('form[action*="/method"] input[value="wechat_pay"] ~ button')
    f.on_sandbox("/redirect/")
    f.click('button[name="action"][value="approve"]')
    return f.settled("paid")


def sold_out_cannot_be_added(f):
    f.d.get(DEMO)
    add = f.visible('#products li[data-sku="HOODIE-GRY-L"] button.add')
    assert not add.is_enabled(), "the sold-out hoodie's Add button is enabled"
    return "disabled"


FLOWS = [
    checkout_paid, checkout_declined_then_canceled, checkout_three_d_secure, sdk_paid, sdk_declined,
    direct_alipay_paid, direct_promptpay_paid, direct_paynow_paid, direct_pix_paid, direct_bank_transfer_id_paid,
    checkout_wechat_pay_paid, direct_alipay_failed, direct_promptpay_failed, direct_bank_transfer_id_failed,
    direct_paynow_needs_billing_details, sold_out_cannot_be_added,
]


def main():
    only = set(sys.argv[1:])
    failures = 0
    for flow in FLOWS:
        if only and flow.__name__ not in only:
            continue
        driver = browser()
        f = Flow(driver, flow.__name__)
        started = time.monotonic()
        try:
            result = flow(f)
            print(f"ok    {flow.__name__:34} {result}  ({time.monotonic() - started:.1f} s, {f.shot()})", flush=True)
        except Exception as error:
            failures += 1
            print(f"FAIL  {flow.__name__:34} {error}  ({f.shot()})", flush=True)
            traceback.print_exc()
            for entry in driver.get_log("browser")[-10:]:
                print(f"      console: {entry.get('message')}")
        finally:
            driver.quit()
    print(f"browser: {failures} of {len(FLOWS) if not only else len(only)} flows failed; screenshots in {SHOTS}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
