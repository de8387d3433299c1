# The commands the README shows. `make run` sets everything up on a fresh machine and serves the app.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app quizapp
HOST ?= 127.0.0.1
PORT ?= 5000

# test-sqlite and test-postgres are the halves of test.
.PHONY: run test test-sqlite test-postgres e2e screenshots bench install compile-translations translations db lint format check-packs

run: install compile-translations db
	$(FLASK) questions import questions/
	$(FLASK) demo
	@echo "quizapp is serving on http://$(HOST):$(PORT) (Ctrl+C stops it)"
	$(FLASK) run --host $(HOST) --port $(PORT)

# The whole suite on SQLite, then on PostgreSQL (TEST_POSTGRES_URL) when a server answers: there
# every test again but those marked `once` or `slow` (what they check does not depend on the
# database), the browser tests (one server on SQLite) and the load tests (they run on both
# databases themselves).
TEST_POSTGRES_URL ?= postgresql+psycopg:///quizapp_test

test: test-sqlite test-postgres

# Both cores: the suite in two pytest-xdist workers, then the load tests alone (they are the load).
test-sqlite: install compile-translations
	$(BIN)/pytest -n 2 --dist loadfile -m "not load"
	$(BIN)/pytest -m load

test-postgres: install compile-translations
	@if $(BIN)/python -c "import psycopg, sys; psycopg.connect('$(TEST_POSTGRES_URL)'.replace('+psycopg', '')).close()" 2>/dev/null; then \
		echo "Running the suite on PostgreSQL ($(TEST_POSTGRES_URL))"; \
		TEST_DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest -n 2 --dist loadfile -m "not e2e and not load and not slow and not once"; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(TEST_POSTGRES_URL), and CI needs it: failing."; exit 1; \
	else \
		echo "Skipping the PostgreSQL run: no server at $(TEST_POSTGRES_URL)."; \
		echo "Start one with: pg_ctlcluster 15 main start; su postgres -c 'createuser -s $$USER'; createdb quizapp_test"; \
	fi

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,postgres]'
	touch $@

# Only the browser tests (Chromium through Playwright).
e2e: install compile-translations
	$(BIN)/pytest tests/e2e

# Refreshes the pictures in docs/screenshots/ that the README shows.
screenshots: install compile-translations
	QUIZAPP_SCREENSHOTS_DIR=docs/screenshots $(BIN)/pytest tests/e2e/test_screenshots.py

# The benchmark against a bare-Flask baseline (see docs/benchmarks.md).
bench: install compile-translations
	$(BIN)/python -m bench

# Compiles the gettext catalogs into the .mo files the app reads (they are not committed).
compile-translations: install
	$(BIN)/pybabel compile -d translations

# Extracts every marked string, updates the catalogs and compiles them.
translations: install
	$(BIN)/pybabel extract -F babel.cfg -k lazy_gettext -k _l -k ngettext:1,2 --sort-by-file --no-wrap \
		--project quizapp -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-wrap --ignore-obsolete
	$(BIN)/pybabel compile -d translations --statistics

# Creates or upgrades the database (SQLite under instance/ unless DATABASE_URL says otherwise).
db: install check-packs
	$(FLASK) db upgrade

check-packs: install
	$(FLASK) questions check

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
