# The commands the README shows. `make run` sets everything up on a fresh machine and serves the app.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app quizapp
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test install compile-translations translations db lint format check-packs

run: install compile-translations db
	@echo "quizapp is serving on http://$(HOST):$(PORT) (Ctrl+C stops it)"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install compile-translations
	$(BIN)/pytest

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

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
