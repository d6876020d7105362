#!/usr/bin/env bash
# The browser tests of `make test`: headless Chromium (Debian's chromium and
# chromium-driver, driven by selenium from PyPI) walks every payment flow of the demo
# storefront against a private sandbox and service over a fresh database, and checks the
# page and the order's final state in the database; then the back office's staff flows. One screenshot per flow's final page
# goes to .run/screenshots/.
#   scripts/browser-test.sh [FLOW...]   only the named flows (see scripts/browser/flows.py)
# Needs the build (`swift build`) and the private PostgreSQL (`scripts/pg.sh start`).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh chromium chromium-driver
bash scripts/python-tools.sh
bin="$(swift build --show-bin-path)"

shots=".run/screenshots"
mkdir -p "$shots"
rm -f "$shots"/*.png
source scripts/stack.sh
stack_private browser

DEMO_URL="http://$HTTP_HOST:$HTTP_PORT/demo" SHOTS="$shots" .venv-tools/bin/python -m browser.flows "$@"
# The back office (/admin) as staff use it: signed in through its form, each action checked
# in the database (screenshots .run/screenshots/admin-*.png). Skipped when flows are named.
if [ $# -eq 0 ]; then
  ADMIN_URL="http://$HTTP_HOST:$HTTP_PORT/admin" MERCHANT_BIN="$bin" SHOTS="$shots" .venv-tools/bin/python -m browser.admin
fi

# What the flows left at rest: no token, secret, card number or CVC anywhere in the database.
python3 scripts/secret_scan.py "$DATABASE_URL" browser
