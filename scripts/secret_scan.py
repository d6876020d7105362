#!/usr/bin/env python3
"""Scans a whole database dump for bearer secrets and card data at rest (issue 19, review
findings 9 and 10): order tokens (otok_), stream tickets (stkt_), admin keys (mk_), client
secrets (_secret_), WooshPay keys (sk_/rk_/whsec_), card numbers (the sandbox's test cards and
any Luhn-valid 15-16 digit number starting 3-6) and CVC fields. `make test` runs it on the
databases of the fuzz run, the browser flows and the chaos run before they are dropped.

    python3 scripts/secret_scan.py DATABASE_URL [LABEL]

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
CARD = re.compile(rb"(?<![0-9])[3-6][0-9]{14,15}(?![0-9])")


def luhn(digits: bytes) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ch - 48
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def scan(dump: bytes):
    found = {}
    table = b"?"
    for line in dump.split(b"\n"):
        if line.startswith(b"COPY "):
            table = line.split(b" ")[1]
            continue
        hits = [name for name, p in PATTERNS.items() if p.search(line)]
        if any(luhn(m.group(0)) for m in CARD.finditer(line)):
            hits.append("card number")
        for name in hits:
            found.setdefault(name, {}).setdefault(table.decode(), 0)
            found[name][table.decode()] += 1
    return found


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    url, label = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "database")
    dump = subprocess.run(["pg_dump", "--data-only", "--no-owner", url], check=True, capture_output=True).stdout
    found = scan(dump)
    if not found:
        print(f"secret scan ({label}): {len(dump)} bytes dumped, no token, secret, card number or CVC at rest")
        return
    for name, tables in sorted(found.items()):
        where = ", ".join(f"{t} ({n})" for t, n in sorted(tables.items()))
        print(f"secret scan ({label}): FOUND {name}: {sum(tables.values())} row(s) in {where}", file=sys.stderr)
    sys.exit(1)


if __name__ == "__main__":
    main()
