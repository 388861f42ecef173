# Two commands do everything: `make run` (install, migrate, load the real data, serve) and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum < requirements.lock | cut -d' ' -f1)
MANAGE := $(BIN)/python manage.py
HOST_PORT ?= 127.0.0.1:8000

.PHONY: install migrate seed run test lint serve loadtest messages bench bench-smoke

$(STAMP): requirements.lock
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
		{ echo "Python 3.12 or newer is needed (found: $$($(PYTHON) --version))"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

install: $(STAMP)

# migrate, seed and run are the development set-up (embedded SQLite unless DATABASE_URL says
# otherwise); production runs manage.py with its own environment (README, "Deployment").
migrate seed run messages: export DEBUG ?= 1

migrate: install
	$(MANAGE) migrate --noinput

seed: migrate
	$(MANAGE) load_real_data
	$(MANAGE) setup_roles

run: seed
	$(MANAGE) runserver $(HOST_PORT)

# After changing UI text: collect the msgids (needs GNU gettext; running the site does not), translate
# the new entries in locale/en/LC_MESSAGES/django.po, then run `make messages` again to compile.
messages: install
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=scripts
	$(MANAGE) compile_catalogues

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# pytest-xdist: one worker process per CPU (each with its own test database); TEST_WORKERS=0 runs
# the suite in this process, as plain `pytest` does.
TEST_WORKERS ?= auto
test: export DEBUG = 0
test: export SECRET_KEY ?= test-only-secret-key-not-for-production
test: lint
	$(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest -n $(TEST_WORKERS) --hypothesis-show-statistics

# As in production (DEBUG off, collectstatic, migrate, gunicorn) on http://$(HOST_PORT); only the
# HTTPS redirect is off, as no TLS proxy sits in front here. See README, "Deployment".
serve: install
	GUNICORN_BIND=$(HOST_PORT) scripts/serve.sh

# Load smoke (not part of `make test`): serves as `make serve` does on 127.0.0.1:8765, puts a bounded
# load on the main pages from a second process, fails on any error or 5xx.
loadtest: install
	$(BIN)/python scripts/loadtest.py

# Benchmark (not part of `make test`): every public page type at scale, served as `make serve` serves
# it, with issue 13's targets beside the figures (README, "Benchmark"). A missing database is created
# and filled with generate_scale_data's defaults (about two minutes); an existing one is measured as
# it is. BENCH_ARGS e.g. "--mode uncached --seconds 2 --json bench.json".
bench: DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/klastry_bench
bench: install
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python scripts/bench.py $(BENCH_ARGS)

# The benchmark at a tiny generated size, every page type briefly (CI): fails on any non-2xx/3xx.
bench-smoke: DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/klastry_bench_smoke
bench-smoke: install
	DATABASE_URL=$(DATABASE_URL) $(BIN)/python scripts/bench.py --smoke $(BENCH_ARGS)
