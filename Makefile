# smc-kg — every target sets up what it needs first, and no more: `serve` the service alone
# (Python packages, the system packages of scripts/system-packages/serve.list, the web UI's
# npm files), `test` and `bench` their own tools on top (their lists and pip extras).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The venv is made without a pip of its own (ensurepip takes seconds); the system's pip installs
# into it, without compiling bytecode first (Python does that on first import).
PIP    := $(PYTHON) -m pip --python $(BIN)/python
REPORTS ?= $(abspath ../shared/reports)
OUT    ?= dist
HOST   ?= 127.0.0.1
PORT   ?= 8000
WHEELS ?= wheelhouse
export SMCKG_REPORTS := $(REPORTS)
# Set-up steps that do not need each other run side by side (the Python packages and the web
# UI's npm files); system packages are installed one purpose at a time (the script locks).
MAKEFLAGS += --jobs=2

.PHONY: setup setup-serve setup-test setup-bench system-serve system-test system-bench system-virtuoso \
        ui build validate serve serve-virtuoso wheel test lint bench bench-smoke bench-publish \
        robustness robustness-short clean

setup: setup-test setup-bench
setup-serve: $(VENV)/.serve ui
setup-test: setup-serve $(VENV)/.test
setup-bench: setup-serve $(VENV)/.bench

$(VENV)/.serve: pyproject.toml setup.py | system-serve
	$(PYTHON) -m venv --without-pip $(VENV)
	$(PIP) install -q -e . --no-compile
	touch $@

$(VENV)/.test: $(VENV)/.serve | system-test
	$(PIP) install -q -e '.[test]' --no-compile
	touch $@

$(VENV)/.bench: $(VENV)/.serve | system-bench
	$(PIP) install -q -e '.[bench]' --no-compile
	touch $@

$(VENV)/.dist: $(VENV)/.serve
	$(PIP) install -q -e '.[dist]' --no-compile
	touch $@

system-serve:
	PYTHON=$(PYTHON) ./scripts/install-system-deps.sh serve

system-test:
	PYTHON=$(PYTHON) ./scripts/install-system-deps.sh serve test virtuoso

system-bench:
	PYTHON=$(PYTHON) ./scripts/install-system-deps.sh serve bench virtuoso

system-virtuoso:
	PYTHON=$(PYTHON) ./scripts/install-system-deps.sh serve virtuoso

ui: server/node_modules/.installed

server/node_modules/.installed: server/package.json | system-serve
	cd server && npm install --no-audit --no-fund --silent
	touch $@

build: $(VENV)/.serve
	$(BIN)/smc-kg build $(if $(wildcard $(REPORTS)/wef-smc-2022.en.txt),--reports $(REPORTS)) --out $(OUT)

validate: build
	$(BIN)/smc-kg validate --out $(OUT)

serve: setup-serve build
	$(BIN)/smc-kg serve --host $(HOST) --port $(PORT) --out $(OUT)

# The KG loaded into a local Virtuoso (loopback, read-only, no SERVICE) and served through it.
serve-virtuoso: setup-serve system-virtuoso build
	$(BIN)/smc-kg serve-virtuoso --host $(HOST) --port $(PORT) --out $(OUT)

# A wheel carrying the KG's sources, the queries and the web assets (see smckg.data_files).
wheel: $(VENV)/.dist ui
	$(BIN)/python -m build --outdir $(WHEELS)

lint: $(VENV)/.test
	$(BIN)/ruff check src tests bench

test: setup-test
	$(BIN)/ruff check src tests bench
	$(BIN)/pytest -q -m "not slow"

robustness-short: setup-test
	$(BIN)/pytest -q -s tests/robustness -m "not slow"

robustness: setup-test
	$(BIN)/pytest -q -s tests/robustness

bench-smoke: setup-bench
	$(BIN)/python -m bench --smoke

bench: setup-bench
	$(BIN)/python -m bench $(BENCH_ARGS)

# Copy the latest bench report, plot and JSON record into docs/bench (the README links them).
bench-publish:
	mkdir -p docs/bench
	cp bench/results/latest.md bench/results/throughput.png docs/bench/
	cp "$$(ls -t bench/results/*.json | head -n 1)" docs/bench/latest.json

clean:
	rm -rf $(VENV) $(OUT) var server/node_modules build $(WHEELS)
