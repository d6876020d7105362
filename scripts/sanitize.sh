#!/usr/bin/env bash
# `make sanitize`: the Swift test suite under ThreadSanitizer, then under AddressSanitizer
# (with LeakSanitizer). Each sanitizer builds into its own scratch folder (.build-tsan,
# .build-asan), so the ordinary .build is never touched. Same set-up as scripts/test.sh:
# install what is missing, a private PostgreSQL (here in .run/pg-sanitize, so a `make test`
# or `make run` of the same checkout keeps its own .pg), stopped again on exit.
# Suppressions, each with its reason, are in scripts/sanitize/.
#   SANITIZERS="thread address"  which to run, in order (default both)
#   SANITIZE_WIDTH_thread / SANITIZE_WIDTH_address  tests at once (see below)
# Exits non-zero on any failure or sanitizer report.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
bash scripts/setup.sh

export PG_DIR="${SANITIZE_PG_DIR:-$root/.run/pg-sanitize}"
mkdir -p "$(dirname "$PG_DIR")"
PG_FSYNC=off bash scripts/pg.sh start
trap 'bash scripts/pg.sh stop' EXIT
eval "$(bash scripts/pg.sh env)"

supp="$root/scripts/sanitize"
# Reports go to files (one per process), not stderr: the test process's and also those of
# the `merchant` and `wooshpay-sandbox` executables the tests spawn, whose stderr a test
# may read or drop. Any file left there after a run fails it.
logs="$root/.run/sanitize-logs"
# TSan: report every race of the run rather than stopping at the first (the process exits
# 66 at the end if there was one); history_size=4 keeps both stacks of a race in view.
export TSAN_OPTIONS="suppressions=$supp/tsan.supp history_size=4 second_deadlock_stack=1 log_path=$logs/tsan ${TSAN_OPTIONS:-}"
# ASan stops at the first error (it cannot go on after one). LeakSanitizer runs at exit of
# the merchant and wooshpay-sandbox processes the tests start (the service's code, ended by
# SIGTERM or finished), not of the test runner: there every report (9,263 allocations in
# one run, all "indirect", i.e. unreachable cycles) hangs off swift-corelibs-foundation's
# Process and FileHandle objects the tests spawn with, and XCTest's own suite objects; the
# Process cycle is reproduced alone (a Process polled with isRunning from async code leaks
# its environment and handles). Memory errors stay fatal in the runner too.
export ASAN_OPTIONS="detect_leaks=0 log_path=$logs/asan ${ASAN_OPTIONS:-}"
export SANITIZE_CHILD_ASAN_OPTIONS="detect_leaks=1 log_path=$logs/asan ${SANITIZE_CHILD_ASAN_OPTIONS:-}"
export LSAN_OPTIONS="suppressions=$supp/lsan.supp ${LSAN_OPTIONS:-}"
# TSan: Synchronization.Mutex hands the lock over in uninstrumented code under contention,
# which TSan reports as a race on every contended Mutex (scripts/sanitize/tsan-mutex.c says
# why); a preloaded library adds the acquire/release TSan misses. The tests pass LD_PRELOAD
# and the *SAN_OPTIONS on to the executables they start (Tests/TestSupport/SanitizerEnvironment.swift).
tsan_preload="$root/.run/sanitize/libtsan-mutex.so"
build_tsan_preload() {
  mkdir -p "$(dirname "$tsan_preload")"
  local cc
  cc="$(dirname "$(readlink -f "$(command -v swift)")")/clang"
  [ -x "$cc" ] || cc=clang
  "$cc" -O2 -fPIC -shared -Wall -Werror -o "$tsan_preload" "$supp/tsan-mutex.c" -ldl
}
# A crashing test process must not spend minutes symbolicating.
export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"

run() { # sanitizer scratch-path width
  local san="$1" scratch="$2" width="$3" t0 t1
  t0=$(date +%s)
  echo "sanitize: building with --sanitize=$san into $scratch"
  swift build --build-tests --sanitize="$san" --scratch-path "$scratch" 2>&1 \
    | grep -vE "^warning: 'swift-distributed-tracing'|CMakeLists.txt$" || true
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "sanitize: $san build failed" >&2; return 1; }
  t1=$(date +%s)
  echo "sanitize: $san build took $((t1 - t0)) s; running the suite, $width tests at once"
  # The template database first, as in test.sh, so the parallel run does not start with
  # every suite waiting on it.
  rm -rf "$logs" && mkdir -p "$logs"
  swift test --skip-build --sanitize="$san" --scratch-path "$scratch" --filter HealthTests >/dev/null 2>&1 || true
  rm -f "$logs"/*
  local status=0 preload="${LD_PRELOAD:-}"
  if [ "$san" = thread ]; then build_tsan_preload && preload="$tsan_preload${preload:+:$preload}"; fi
  LD_PRELOAD="$preload" SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH="$width" \
    swift test --skip-build --sanitize="$san" --scratch-path "$scratch" || status=$?
  local reports
  # A file holding only "Suppressions used" statistics is not a report.
  reports="$(grep -lE "ERROR: |WARNING: ThreadSanitizer" -r "$logs" | sort || true)"
  find "$logs" -type f | sort | while read -r f; do
    grep -qE "ERROR: |WARNING: ThreadSanitizer" "$f" || { echo "sanitize: $(basename "$f"):"; grep -E "^ +[0-9]+ +[0-9]+ " "$f"; }
  done
  if [ -n "$reports" ]; then
    for f in $reports; do echo "=== $f"; cat "$f"; done >&2
    echo "sanitize: $san found $(echo "$reports" | wc -l) report file(s) (above; kept in $logs)" >&2
    status=1
  fi
  if [ "$status" -ne 0 ]; then
    echo "sanitize: $san run failed after $(( $(date +%s) - t1 )) s" >&2
    return 1
  fi
  echo "sanitize: $san suite passed in $(( $(date +%s) - t1 )) s"
}

rc=0
for san in ${SANITIZERS:-thread address}; do
  case "$san" in
    thread)  run thread  .build-tsan "${SANITIZE_WIDTH_thread:-4}"  || rc=1 ;;
    address) run address .build-asan "${SANITIZE_WIDTH_address:-8}" || rc=1 ;;
    *) echo "sanitize: unknown sanitizer $san" >&2; exit 2 ;;
  esac
done
exit $rc
