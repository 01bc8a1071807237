# Replika — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL that `make test` also runs the suite on, when it answers.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/test
VENDOR := src/replika/core/static/vendor
STAMP := $(VENV)/.installed


.PHONY: bench-dashboard browser setup run test test-sqlite test-postgres lint format typecheck bench messages clean

setup: $(STAMP) $(VENDOR)/htmx.min.js $(VENDOR)/leaflet/leaflet.js src/replika/locale/id/LC_MESSAGES/django.mo

# Browser tests drive Debian's Chromium (never a browser download). As root the set-up
# installs it; otherwise it says so in one line and the browser tests are skipped
# (with CI=true they fail instead, see tests/browser/conftest.py).
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium (and poppler, for pictures of the PDF reports) for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null) \
		|| echo "could not install chromium: browser tests will not run"; \
	else echo "chromium is not installed and cannot be installed here (not root): browser tests will not run"; fi

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Front-end assets come from the npm registry at set-up time and are served locally.
$(VENDOR)/htmx.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx.min.js

# Leaflet draws the region maps from the boundaries shipped in core/static/core/geo (no tiles).
$(VENDOR)/leaflet/leaflet.js: $(VENDOR)/htmx.min.js
	mkdir -p $(VENDOR)/leaflet
	cp node_modules/leaflet/dist/leaflet.js node_modules/leaflet/dist/leaflet.js.map node_modules/leaflet/dist/leaflet.css $(VENDOR)/leaflet/
	cp -r node_modules/leaflet/dist/images $(VENDOR)/leaflet/

src/replika/locale/id/LC_MESSAGES/django.mo: src/replika/locale/id/LC_MESSAGES/django.po $(STAMP)
	cd src/replika && ../../$(BIN)/django-admin compilemessages --ignore='.venv' -v0
	touch $@

messages: $(STAMP)
	cd src/replika && DEBUG=1 DJANGO_SETTINGS_MODULE=replika.config.settings ../../$(BIN)/django-admin makemessages -l id --no-obsolete --ignore='*/growth/*' -v0

run: setup
	mkdir -p var
	DEBUG=1 REPLIKA_INSECURE_HTTP=1 $(BIN)/replika migrate --no-input -v0
	DEBUG=1 REPLIKA_INSECURE_HTTP=1 $(BIN)/replika demo
	@echo ""
	@echo "Replika is served at http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/v1/docs)"
	@# The task worker and the scheduler run beside the development server and stop with it.
	DEBUG=1 REPLIKA_INSECURE_HTTP=1 $(BIN)/replika worker & worker=$$!; \
	DEBUG=1 REPLIKA_INSECURE_HTTP=1 $(BIN)/replika scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 REPLIKA_INSECURE_HTTP=1 $(BIN)/replika runserver $(HOST):$(PORT)

test: setup lint test-sqlite test-postgres

# Each pass starts many Pythons that import the same modules: two xdist workers, gunicorn,
# and the `replika` commands the tests run. Where the environment forbids .pyc files
# (PYTHONDONTWRITEBYTECODE) every one of them compiles src/ again and pytest rewrites every
# test module again (about 8 s of CPU per worker); the passes allow the (git-ignored) caches.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest
# --maxschedchunk 8: tests go to the workers a few at a time. With the default first
# hand-out (a quarter of the suite to each worker at once) one worker was handed every
# browser test and ran them alone for the last half of the pass while the other sat idle.
# (Not --dist worksteal: a stolen test runs out of pytest-django's order, and a
# transactional test's flush then empties the region tables under the tests after it.)

test-sqlite: setup browser
	@echo "== test suite on SQLite"
	env -u DATABASE_URL $(PYTEST) -n 2 --maxschedchunk 8

test-postgres: setup browser
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect('$(TEST_POSTGRES_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		echo "== test suite on PostgreSQL ($(TEST_POSTGRES_URL))"; \
		DATABASE_URL='$(TEST_POSTGRES_URL)' $(PYTEST) -n 2 --maxschedchunk 8; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is not reachable at $(TEST_POSTGRES_URL): CI must test on it"; exit 1; \
	else \
		echo "PostgreSQL is not reachable at $(TEST_POSTGRES_URL): skipped the PostgreSQL run (set TEST_POSTGRES_URL)"; \
	fi

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup
	$(BIN)/python bench/bench_growth.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_outbreak_rules.py

# The dashboard benchmark needs PostgreSQL and a synthetic province (about 5 minutes to make).
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/replika_bench
bench-dashboard: setup
	DATABASE_URL='$(BENCH_DATABASE_URL)' $(BIN)/python bench/synthetic_province.py --reset
	DATABASE_URL='$(BENCH_DATABASE_URL)' $(BIN)/python bench/bench_dashboard.py --repeat 50

clean:
	rm -rf $(VENV) node_modules $(VENDOR) var .pytest_cache .mypy_cache .ruff_cache
