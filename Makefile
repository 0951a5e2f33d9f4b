# Pacte — the commands a newcomer runs. See README.md.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The demo runs on the dev settings, the suite on the test settings, whatever the shell exports.
DEV := DJANGO_SETTINGS_MODULE=config.settings.dev
TEST := DJANGO_SETTINGS_MODULE=config.settings.test

.PHONY: install demo test quality bench clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

demo: install
	$(DEV) $(BIN)/pacte demo

test: install
	$(TEST) $(BIN)/pytest -n 2 --dist loadfile

quality: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST) $(BIN)/pacte makemigrations --check --dry-run

bench: install
	$(DEV) $(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var/static
