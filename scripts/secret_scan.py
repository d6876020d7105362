#!/usr/bin/env python3
"""Scans a whole database dump for bearer secrets and card data at rest (issue 19, review
findings 9 and 10): order tokens (otok_), stream tickets (stkt_), admin keys (mk_), client
secrets (_secret_), WooshPay keys (sk_/rk_/whsec_), card numbers (the sandbox's test cards and
any Luhn-valid 15-16 digit number starting 3-6) and CVC fields. `make test` runs it on the
databases of the fuzz run, the browser flows and the chaos run before they are dropped.

    python3 scripts/secret_scan.py DATABASE_URL [LABEL] [--test-cards-only]

--test-cards-only looks for the known test cards only, not for any Luhn-valid number: the
fuzz run's generated metadata can hold such numbers by chance.

Prints one line per kind found (count and the tables), and exits 1 when anything is found.
"""
import re
import subprocess
import sys

PATTERNS = {
    "order token": re.compile(rb"otok_[0-9a-f]{16,}"),
    "stream ticket": re.compile(rb"stkt_[0-9a-f]{16,}"),
    "admin key": re.compile(rb"mk_[0-9a-f]{16}_[0-9a-f]{16,}"),
    "client secret": re.compile(rb"_secret_[A-Za-z0-9]{8,}"),
    "WooshPay key": re.compile(rb"\b(?:sk|rk)_(?:test|live)_[A-Za-z0-9]{8,}|whsec_[A-Za-z0-9]{8,}"),
    "CVC field": re.compile(rb'"cvc"\s*:|\bcvc=|card\[cvc\]'),
}
CARD = re.compile(rb"(?<![0-9A-Za-z_])[3-6][0-9]{14,15}(?![0-9A-Za-z_])")  # standing alone, not inside an id
# The sandbox's test cards and the common ones of every gateway's docs.
TEST_CARDS = re.compile(rb"4111111111111111|4242424242424242|4000000000000002|4000000000009995|4000000000003220|5555555555554444")


def luhn(digits: bytes) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ch - 48
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def scan(dump: bytes, luhn_any: bool):
    found = {}
    table = b"?"
    for line in dump.split(b"\n"):
        if line.startswith(b"COPY "):
            table = line.split(b" ")[1]
            continue
        hits = [name for name, p in PATTERNS.items() if p.search(line)]
        if TEST_CARDS.search(line) or (luhn_any and any(luhn(m.group(0)) for m in CARD.finditer(line))):
            hits.append("card number")
        for name in hits:
            found.setdefault(name, {}).setdefault(table.decode(), 0)
            found[name][table.decode()] += 1
    return found


def selftest():
    """The scan can fail: each kind planted in a synthetic dump is found, a clean one passes."""
    planted = {
        "order token": b'{"client_token":"otok_0123456789abcdef0123"}',
        "client secret": b'pi_123_secret_abcdefghijkl',
        "stream ticket": b'stkt_0123456789abcdef0123',
        "card number": b'{"n":"4242424242424242"}',
        "CVC field": b'{"card":{"cvc":"123"}}',
    }
    for name, line in planted.items():
        found = scan(b"COPY public.t (x) FROM stdin;\n" + line + b"\n", True)
        assert name in found, f"secret scan selftest: {name} not found in {line!r}"
    assert not scan(b"COPY public.t (x) FROM stdin;\nord_0123 pay_4567 1764028800123 evt_50100cf9f409502836918211\n", True), "a clean dump flagged"
    print(f"secret scan selftest: {len(planted)} planted kinds found, a clean dump passes")


def main():
    if "--selftest" in sys.argv:
        return selftest()
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    url, label = args[0], (args[1] if len(args) > 1 else "database")
    dump = subprocess.run(["pg_dump", "--data-only", "--no-owner", url], check=True, capture_output=True).stdout
    found = scan(dump, luhn_any="--test-cards-only" not in sys.argv)
    if not found:
        print(f"secret scan ({label}): {len(dump)} bytes dumped, no token, secret, card number or CVC at rest")
        return
    for name, tables in sorted(found.items()):
        where = ", ".join(f"{t} ({n})" for t, n in sorted(tables.items()))
        print(f"secret scan ({label}): FOUND {name}: {sum(tables.values())} row(s) in {where}", file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    main()
