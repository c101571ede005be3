# learnloop: `make demo` to look around, `make test` to check everything.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DATA ?= learnloop-data
SHARED ?= ../shared
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: help install system-deps test lint demo serve eval bench bench-search bench-ingest clean

help:
	@echo "make demo   - install, ingest the bundled sample corpus, serve at http://$(HOST):$(PORT)"
	@echo "make test   - install (with test tools and Chromium) and run every test"
	@echo "make eval   - score extraction on $(SHARED)/corpus against $(SHARED)/eval/gold_seeds.json"
	@echo "make bench  - ingest and search benchmarks"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@

install: $(VENV)/.installed

# Debian's Chromium for the browser tests (Playwright cannot download browsers here).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "chromium missing: run 'sudo apt-get install chromium' (browser tests will skip)"; fi; \
	fi

lint: install
	$(BIN)/ruff check .

test: install system-deps
	$(BIN)/ruff check .
	$(BIN)/pytest -q

demo: install
	$(BIN)/learnloop --data $(DATA) ingest demo/corpus
	$(BIN)/learnloop --data $(DATA) demo-tokens
	$(BIN)/learnloop --data $(DATA) serve --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/learnloop --data $(DATA) serve --host $(HOST) --port $(PORT)

eval: install
	rm -rf .eval-data && mkdir -p .eval-data
	$(BIN)/learnloop --data .eval-data ingest $(SHARED)/corpus
	$(BIN)/learnloop --data .eval-data export --format json -o .eval-data/export.json
	$(BIN)/python $(SHARED)/eval/score.py $(SHARED)/eval/gold_seeds.json .eval-data/export.json

bench: bench-ingest bench-search

bench-ingest: install
	$(BIN)/python -m bench.ingest --corpus $(SHARED)/corpus

bench-search: install
	$(BIN)/python -m bench.search

clean:
	rm -rf .eval-data .pytest_cache test-artifacts
