# gladshare: `make run` serves the demo, `make test` runs lint and every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# The real OpenID provider the sign-in tests run against (npm, pinned by its lockfile).
OIDC_PROVIDER := tests/support/oidc/node_modules/.installed
# axe-core, which the accessibility tests inject into Chromium (npm, pinned by its lockfile).
AXE_CORE := tests/browser/node_modules/.installed

# The shared reference harness (run_bench.py, baseline_apps.py), run from where it lives.
BENCH_SHARED ?= ../shared/bench
BENCH_ROUNDS ?= 2

.PHONY: run test lint format install clean i18n bench

run: $(INSTALLED)
	$(BIN)/gladshare serve --demo

# Two worker processes (pytest-xdist), one per core of CI's machine; TEST_WORKERS=0 runs in one.
TEST_WORKERS ?= 2
test: $(INSTALLED) $(OIDC_PROVIDER) $(AXE_CORE) lint
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Never part of `make test`: minutes of wrk on a machine that must otherwise be quiet.
# Throughput and latency of every row against the bare 302, then the clicks' durability.
bench: $(INSTALLED)
	$(BIN)/python -m bench.endpoints --shared $(BENCH_SHARED) --rounds $(BENCH_ROUNDS)
	$(BIN)/python -m bench.redirect --shared $(BENCH_SHARED) --durability-only

format: $(INSTALLED)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

install: $(INSTALLED) $(OIDC_PROVIDER) $(AXE_CORE)

$(INSTALLED): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "gladshare needs Python 3.11 or newer" or 0)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[dev]'
	touch $@

# Without Node.js the sign-in tests skip and say so; installing never needs it.
$(OIDC_PROVIDER): tests/support/oidc/package.json tests/support/oidc/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/support/oidc --no-audit --no-fund --silent && touch $@; \
	else echo "Node.js (npm) not found: the OIDC sign-in tests will be skipped"; fi

$(AXE_CORE): tests/browser/package.json tests/browser/package-lock.json
	@if command -v npm >/dev/null; then \
		npm ci --prefix tests/browser --no-audit --no-fund --silent && touch $@; \
	else echo "Node.js (npm) not found: the accessibility tests will be skipped"; fi

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache tests/support/oidc/node_modules \
		tests/browser/node_modules tests/artifacts

# Re-extract the messages and merge them into every catalog; translate, then run the tests.
# The .po files are compiled in memory at start-up (app/i18n.py): no .mo files are committed.
i18n: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg -o app/translations/messages.pot \
		--project gladshare --copyright-holder "gladshare contributors" --sort-by-file --width 100 .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --width 100
