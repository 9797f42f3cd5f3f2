# The two commands a newcomer needs are `make run` and `make test` (see README).
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: install setup run test lint format check clean bench load outage lock audit messages

# Exact versions with hashes from requirements.lock (made from pyproject.toml's ranges by
# `make lock`); pip refuses any file whose hash differs.
$(VENV)/.installed: requirements.lock
	@PYTHON_BIN=$$(scripts/find-python) && echo "Using $$PYTHON_BIN" && \
	  ( [ -x $(PY) ] || $$PYTHON_BIN -m venv $(VENV) )
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	@touch $@

# After changing a range in pyproject.toml: `make lock`; to move every pin to the newest
# version its range allows: `make lock LOCK_ARGS=--upgrade` (or --upgrade-package NAME).
lock: install
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.12 \
	  --generate-hashes --custom-compile-command "make lock" -o requirements.lock $(LOCK_ARGS)

# After editing locale/nl/LC_MESSAGES/*.po (Dutch the installed packages lack): compile
# them into the .mo files Django reads (committed, so running the site needs no gettext).
messages: install
	cd locale && ../$(PY) ../manage.py compilemessages --locale nl

# Known vulnerabilities in the pinned versions (pip-audit, PyPI's vulnerability data).
audit: install
	$(PY) scripts/audit.py $(AUDIT_ARGS)

# axe-core for the accessibility tests in the browser (skipped locally without npm).
tests/browser/node_modules/.installed: tests/browser/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --prefix tests/browser --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the accessibility tests will be skipped (CI runs them)"; fi

install: $(VENV)/.installed tests/browser/node_modules/.installed

# Creates the SQLite database (in var/) and loads the register and the demo content;
# safe to run again: nothing that is already there is changed.
setup: install
	$(MANAGE) migrate --no-input
	$(MANAGE) import_municipalities
	$(MANAGE) load_demo_content
	$(MANAGE) create_demo_admin

run: setup
	$(MANAGE) runserver 127.0.0.1:8000

# The whole suite, on SQLite unless DATABASE_URL points elsewhere, spread over one worker
# process per core by pytest-xdist (PYTEST_WORKERS=3 for three, 0 for a single process).
# Each worker has its own database, media folder and content-version file. worksteal: each
# worker starts on its own half of the suite (a module's tests mostly stay together, so a
# module-scoped fixture is built once) and an idle worker takes tests from a busy one. Not
# loadfile or loadgroup: those schedule by node id, and schemathesis's tests of the API
# operations all share one, so all but one of them would silently not run.
# A plain `.venv/bin/python -m pytest tests/FILE.py` stays in one process: no worker start-up.
PYTEST_WORKERS ?= auto
test: install
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=config.settings.test $(MANAGE) makemigrations --check --dry-run

# ruff, and the layer contracts of pyproject.toml ([tool.importlinter]): imports only downward.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) var

# Throughput, latency, queries and page weight on SQLite and PostgreSQL, plus on PostgreSQL
# the production server as deployed, with Redis, and the seconds after a save (bench/README.md).
bench: install
	@command -v wrk >/dev/null 2>&1 || { echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(PY) bench/run.py $(BENCH_ARGS)

# Sustained load on the production server: requests/s, p50/p99, errors, memory per worker.
load: install
	@command -v wrk >/dev/null 2>&1 || { echo "wrk is needed: apt-get install wrk"; exit 1; }
	$(PY) bench/load.py $(LOAD_ARGS)

# A database outage under load, on a throw-away PostgreSQL cluster (as root; never the main one).
outage: install
	$(PY) bench/db_outage.py $(OUTAGE_ARGS)
