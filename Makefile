# Two commands do everything: `make run` (install, migrate, load the real data, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
MANAGE := $(BIN)/python manage.py
HOST_PORT ?= 127.0.0.1:8000

.PHONY: install migrate seed run test lint

$(STAMP): requirements.lock
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
		{ echo "Python 3.12 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

migrate: install
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) load_real_data
	$(MANAGE) setup_roles

run: export DEBUG ?= 1
run: seed
	$(MANAGE) runserver $(HOST_PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: export DEBUG = 0
test: export SECRET_KEY ?= test-only-secret-key-not-for-production
test: lint
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest --hypothesis-show-statistics
