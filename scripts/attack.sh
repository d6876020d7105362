#!/usr/bin/env bash
# The attack campaign of `make test` (issue 20): three replicas on one fresh database of the
# private PostgreSQL, each bot (order and start floods, card testing, a scalper, a return
# flood, 1,000 event streams, a slow-header connection) played while legitimate customers
# keep buying; prints the table (also to .run/attack-last.md) and exits 1 on any violation.
# Binaries from $bin (default: `swift build --show-bin-path`). Loopback only, about 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
bin="${bin:-$(swift build --show-bin-path)}"
ulimit -n 8192 2>/dev/null || true
source scripts/stack.sh
stack_database attack
mkdir -p .run
rc=0
python3 -m attack.campaign --bin "$bin" --work "$stack_work" --table .run/attack-last.md || rc=$?
exit "$rc"
