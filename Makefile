# Developer tasks for Dudao. `make` alone lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Re-install only when pyproject.toml changes; deleting .venv also deletes the stamp.
VENV_STAMP := $(VENV)/.install.stamp
ADDRESS := 127.0.0.1:8000
SAMPLE := samples/zhumadian-2018.txt
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-k healthz"`; CI passes --create-db.
PYTEST_ARGS ?=

.PHONY: help venv system-deps test lint format run bench clean

help:
	@echo "make run     migrate, load the demo directory, logins and sample plan, serve http://$(ADDRESS)/ with the task worker and scheduler"
	@echo "make ledger  print the ledger parsed from the sample notice"
	@echo "make test    lint, check migrations, run the whole test suite (SQLite, or DATABASE_URL)"
	@echo "make lint    ruff check, ruff format --check and mypy"
	@echo "make format  ruff check --fix and ruff format"
	@echo "make bench   run the parser benchmarks and the dashboard benchmark (PostgreSQL: BENCH_DATABASE_URL)"
	@echo "make venv    create or update .venv"
	@echo "make clean   remove caches and build leftovers (keeps .venv and var/)"

venv: $(VENV_STAMP)

# Debian packages the product needs: Chromium for the browser tests and a CJK font so that pages,
# screenshots and PDFs show Chinese. Installed here, never by hand.
SYSTEM_PACKAGES := chromium fonts-wqy-microhei
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages: $$missing"; \
		if [ "$$(id -u)" -ne 0 ]; then echo "make: root is needed to apt-get install $$missing" >&2; exit 1; fi; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV_STAMP): pyproject.toml
	@if [ ! -x $(BIN)/python ]; then \
		echo "creating $(VENV) with $$($(PYTHON) --version)"; \
		$(PYTHON) -m venv $(VENV); \
	fi
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy dudao

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# pytest exits 5 when it collected no tests; make would report a bare "Error 5", so say it plainly.
test: venv system-deps lint
	$(BIN)/python manage.py makemigrations --check --dry-run
	@status=0; \
	$(BIN)/pytest $(PYTEST_ARGS) tests || status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests, which counts as a failure" >&2; fi; \
	exit $$status

# load_demo is idempotent: it upserts the sample directory, resets the demo logins and publishes the
# sample notice only once. DUDAO_DEMO_PASSWORD sets the demo password.
run: venv
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "Dudao is serving at http://$(ADDRESS)/ — sign in with one of the logins above (Ctrl-C stops it)"
	@echo "Background: the task worker (db_worker) and the scheduler (run_scheduler) run beside it; e-mail goes to this console."
	@$(BIN)/python manage.py db_worker --no-reload --interval 2 & worker=$$!; \
	$(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	trap 'kill -TERM $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null || true' EXIT; \
	$(BIN)/python manage.py runserver $(ADDRESS)

ledger: venv
	$(BIN)/dudao parse $(SAMPLE) --table

# The dashboard benchmark drops and recreates this database (its name must contain "bench"), and serves
# it with gunicorn from the `production` extra, installed here with the version pyproject.toml declares.
BENCH_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/dudao_bench
bench: venv
	@$(BIN)/python -c 'import gunicorn' 2>/dev/null || \
		$(BIN)/python -m pip install --quiet "$$(grep -o '"gunicorn[^"]*"' pyproject.toml | tr -d '"')"
	BENCH_DATABASE_URL='$(BENCH_DATABASE_URL)' $(BIN)/python -m bench

clean:
	rm -rf .pytest_cache .ruff_cache .mypy_cache build dist ./*.egg-info
	find . -path ./.venv -prune -o -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
