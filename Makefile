# smc-kg — every target sets up what it needs first (venv, system packages, UI assets).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
REPORTS ?= $(abspath ../shared/reports)
OUT    ?= dist
HOST   ?= 127.0.0.1
PORT   ?= 8000
export SMCKG_REPORTS := $(REPORTS)

.PHONY: setup system ui build validate serve test lint bench bench-smoke bench-publish robustness robustness-short clean

setup: $(VENV)/.installed system ui

$(VENV)/.installed: pyproject.toml | system
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $@

system:
	PYTHON=$(PYTHON) ./scripts/install-system-deps.sh

ui: server/node_modules/.installed

server/node_modules/.installed: server/package.json
	cd server && npm install --no-audit --no-fund --silent
	touch $@

build: $(VENV)/.installed
	$(BIN)/smc-kg build $(if $(wildcard $(REPORTS)/wef-smc-2022.en.txt),--reports $(REPORTS)) --out $(OUT)

validate: build
	$(BIN)/smc-kg validate --out $(OUT)

serve: setup build
	$(BIN)/smc-kg serve --host $(HOST) --port $(PORT) --out $(OUT)

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests bench

test: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q -m "not slow"

robustness-short: setup
	$(BIN)/pytest -q -s tests/robustness -m "not slow"

robustness: setup
	$(BIN)/pytest -q -s tests/robustness

bench-smoke: setup
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python -m bench --smoke

bench: setup
	$(BIN)/pip install -q -e '.[bench]'
	$(BIN)/python -m bench $(BENCH_ARGS)

# Copy the latest bench report, plot and JSON record into docs/bench (the README links them).
bench-publish:
	mkdir -p docs/bench
	cp bench/results/latest.md bench/results/throughput.png docs/bench/
	cp "$$(ls -t bench/results/*.json | head -n 1)" docs/bench/latest.json

clean:
	rm -rf $(VENV) $(OUT) var server/node_modules build src/smckg/server/*.so
