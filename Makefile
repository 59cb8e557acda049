# Two commands: `make demo` and `make test`. Both set everything up on a fresh machine.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
HDKG   := $(BIN)/hdkg
STAMP  := $(VENV)/.installed

# Tests and benchmarks use their own server instances and ports, so they never touch the
# demo's graph (both empty the database they run against).
# The test server caps one transaction's memory, so a test can see a query refused for it.
TEST_ENV  := HDKG_NEO4J_HOME=$(CURDIR)/.neo4j/test HDKG_BOLT_PORT=7688 HDKG_HTTP_PORT=7475 HDKG_NEO4J_TX_MEMORY=256m
BENCH_ENV := HDKG_NEO4J_HOME=$(CURDIR)/.neo4j/bench HDKG_BOLT_PORT=7693 HDKG_HTTP_PORT=7483

.PHONY: help install neo4j demo test bench stop clean web chromium

help:
	@echo "make demo   set up, start Neo4j, load data/records/, print sample answers, serve the API"
	@echo "make test   set up, start a test Neo4j, run the whole test suite, stop it"
	@echo "make bench  run every benchmark (BENCH_SIZES=1k,10k,100k) and write docs/benchmarks.md"
	@echo "make stop   stop the project's Neo4j servers"
	@echo "make web    build the explorer page (npm ci and esbuild in web/)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# The explorer page at / : its bundle is built from web/ with the npm packages the lockfile pins
# (a build output, git-ignored, rebuilt when web/ changes).
WEB_BUNDLE := api/static/build/explorer.js
$(WEB_BUNDLE): web/package.json web/package-lock.json $(wildcard web/src/*)
	command -v npm >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm)
	rm -rf api/static/build && cd web && npm ci --no-audit --no-fund && npm run build

web: $(WEB_BUNDLE)

# The browser tests drive Debian's Chromium through Playwright.
chromium:
	test -x /usr/bin/chromium || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

neo4j: install
	$(HDKG) neo4j start

demo: neo4j web
	$(HDKG) load data/records
	$(HDKG) demo
	$(HDKG) serve --host 127.0.0.1 --port 8000

test: install web chromium
	$(TEST_ENV) $(HDKG) neo4j start
	$(TEST_ENV) $(BIN)/pytest -q; status=$$?; $(TEST_ENV) $(HDKG) neo4j stop; exit $$status

# Sizes as a comma list (1k,10k,100k); the whole run takes about an hour on two cores.
BENCH_SIZES ?= 1k,10k,100k

bench: install
	$(BIN)/python -m benchmarks.draft
	$(BENCH_ENV) $(HDKG) neo4j start
	$(BENCH_ENV) $(BIN)/python -m benchmarks.run --instruments $(BENCH_SIZES); status=$$?; \
	  $(BENCH_ENV) $(HDKG) neo4j stop; exit $$status

stop: install
	-$(HDKG) neo4j stop
	-$(TEST_ENV) $(HDKG) neo4j stop
	-$(BENCH_ENV) $(HDKG) neo4j stop

clean: stop
	rm -rf $(VENV) .neo4j .cache web/node_modules api/static/build
