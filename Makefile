# The two commands: `make run` and `make test`. Both install what is missing, build,
# and start a private PostgreSQL in .pg/ (stopped again on exit).
SHELL := /bin/bash

.PHONY: run test setup build clean db-start db-stop

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

setup:
	@bash scripts/setup.sh

build: setup
	swift build

db-start: setup
	@bash scripts/pg.sh start && bash scripts/pg.sh env

db-stop:
	@bash scripts/pg.sh stop

clean: db-stop
	rm -rf .build .pg .run
