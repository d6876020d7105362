#!/usr/bin/env bash
# Proves the chaos run can fail: runs it with the test-only defect
# CHAOS_BREAK=gateway_new_key_on_retry (the WooshPay adapter retries with a fresh
# idempotency key) and requires the run to fail on invariant 3 (an attempt holding two
# intents or sessions at WooshPay), not on anything else such as a harness error.
#   scripts/chaos/selftest.sh        CHAOS_ORDERS defaults to 60 here (about 80 s)
# Needs binaries built from the current sources in $bin (see scripts/chaos.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
work=".run/chaos-selftest-$$"
mkdir -p "$work"
rc=0
CHAOS_KEEP_DB=0 CHAOS_ORDERS="${CHAOS_ORDERS:-60}" bash scripts/chaos.sh --break gateway_new_key_on_retry > "$work/out.txt" 2>&1 || rc=$?
fail() { echo "chaos-selftest: $1 (output in $work/out.txt)" >&2; tail -30 "$work/out.txt" >&2; exit 1; }
[ "$rc" -eq 1 ] || fail "the broken run exited $rc, expected 1 (a failed invariant)"
grep -q "^FAIL  3 one intent per attempt" "$work/out.txt" || fail "invariant 3 did not catch the fresh keys"
grep -A3 "^FAIL  3" "$work/out.txt"
echo "chaos-selftest: the run failed as it must with the adapter retrying on fresh keys"
