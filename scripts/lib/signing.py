"""One webhook signer: the Wooshpay-Signature header WooshPay (and so the sandbox) sends and
the service verifies."""
import hashlib
import hmac
import time


def signature(secret, body, timestamp=None):
    """`t=<unix seconds>,v1=<hex HMAC-SHA256 over "<t>." + body>` for `body` (bytes or str),
    signed now unless `timestamp` is given (a replay or a clock skew is a past or future one)."""
    if timestamp is None:
        timestamp = int(time.time())
    if isinstance(body, str):
        body = body.encode()
    tag = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={tag}"
