# The two commands: `make run` and `make test`. Both install what is missing, build,
# and start a private PostgreSQL in .pg/ (stopped again on exit).
SHELL := /bin/bash

.PHONY: run test sanitize fuzz chaos setup build clean db-start db-stop bench lint format

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

# The Swift suite under ThreadSanitizer, then AddressSanitizer (+ LeakSanitizer), each in
# its own scratch folder (.build-tsan, .build-asan); see scripts/sanitize.sh.
sanitize:
	@bash scripts/sanitize.sh

# The schemathesis run of `make test` alone (FUZZ_EXAMPLES per operation, default 100).
fuzz: setup
	swift build
	@bash scripts/pg.sh start
	@bash scripts/fuzz.sh; rc=$$?; bash scripts/pg.sh stop; exit $$rc

# The chaos run: CHAOS_ORDERS (default 1000) orders over three replicas under WooshPay faults,
# replica SIGKILLs and a PostgreSQL restart, then the invariants (scripts/chaos.sh); then 300
# orders behind PgBouncer and 600 across a fail-over to the synchronous standby.
chaos: setup
	swift build
	@bash scripts/pg.sh start
	@bash scripts/chaos.sh && PGBOUNCER_CHAOS_ORDERS=300 bash scripts/pgbouncer-test.sh \
		&& FAILOVER_CHAOS_ORDERS=600 bash scripts/failover-test.sh; rc=$$?; bash scripts/pg.sh stop; exit $$rc

# The performance run: release build, a private PostgreSQL with default durability, the
# sandbox and the service, each figure next to its ceiling; writes bench/results.md
# (BENCH_SECONDS, BENCH_WARMUP, BENCH_CONNECTIONS... in scripts/bench.sh).
bench:
	@bash scripts/bench.sh

# The scripts' lint alone (make test runs it first): ruff, configured in scripts/pyproject.toml.
lint:
	@bash scripts/python-tools.sh && .venv-tools/bin/ruff check scripts
	swift format lint --strict --configuration .swift-format -r -p Sources Tests Package.swift

# Rewrites the Swift code as .swift-format says (then `make lint` passes).
format:
	swift format format --configuration .swift-format -i -r -p Sources Tests Package.swift

setup:
	@bash scripts/setup.sh

build: setup
	swift build

db-start: setup
	@bash scripts/pg.sh start && bash scripts/pg.sh env

db-stop:
	@bash scripts/pg.sh stop

clean: db-stop
	rm -rf .build .pg .run .venv-tools
