# `make run` and `make test` are all a fresh machine needs; both create .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint deadcode bench postgres clean

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

bench: install postgres
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
