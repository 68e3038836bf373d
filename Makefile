# `make run` and `make test` are all a fresh machine needs; both create .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint deadcode bench postgres clean messages

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/kpibot run

postgres:
	scripts/ensure-postgres.sh

test: install postgres
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check bot storage tests bench
	$(BIN)/mypy  # bot, storage, tests and bench: see [tool.mypy] in pyproject.toml
	$(BIN)/lint-imports
	$(BIN)/vulture bot storage vulture_whitelist.py  # as `make deadcode`

# Unused names in the code; vulture_whitelist.py lists the ones only a framework or a test uses.
deadcode: install
	$(BIN)/vulture bot storage vulture_whitelist.py

# Message catalogues (gettext, by Babel): English is declared in bot/i18n/messages.py; each
# language is bot/i18n/locale/<language>/LC_MESSAGES/messages.po, which translators edit. This
# extracts the template (messages.pot), merges it into every .po (new texts empty, reworded ones
# fuzzy) and compiles the .mo files the bot reads. Commit all three; a test checks they agree.
# A new language: `$(BIN)/pybabel init -i $(POT) -d $(LOCALE) -l sv` and a words file.
LOCALE := bot/i18n/locale
POT := $(LOCALE)/messages.pot
messages: install
	$(BIN)/pybabel extract --no-default-keywords -k message:1c,2 -k plural:1c,2,3 \
		-c TRANSLATORS: --project sdr-kpi-bot --version 0.1.0 --width 76 \
		-o $(POT).new bot/i18n/messages.py
	@# Keep the old template when only its creation date would change.
	@if diff -q -I '^"POT-Creation-Date' $(POT) $(POT).new >/dev/null 2>&1; \
		then rm $(POT).new; else mv $(POT).new $(POT); fi
	$(BIN)/pybabel update -i $(POT) -d $(LOCALE) --ignore-obsolete --width 76
	$(BIN)/pybabel compile -d $(LOCALE) --statistics

# `make bench ARGS="--quick"`, `make bench SCALE=10` (= ARGS="--scale 10"): see BENCHMARKS.md.
bench: install postgres
	$(BIN)/python -m bench $(ARGS) $(if $(SCALE),--scale $(SCALE))

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
