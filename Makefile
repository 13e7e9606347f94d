# Netzwerk Migrantenorganisationen Bielefeld – developer commands.
# Without DATABASE_URL an embedded PostgreSQL under var/postgres is started on demand.

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
XDIST ?= auto

.PHONY: run test test-fast lint fmt messages install db-stop check bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	@# The Nu HTML Checker for the HTML validity tests (needs Java and npm).
	npm install --prefix var/tools --silent --no-audit --no-fund vnu-jar@26
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	DJANGO_DEBUG=1 PORTAL_STAFF_REQUIRE_MFA=0 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=var -v 0
	DJANGO_DEBUG=1 PORTAL_STAFF_REQUIRE_MFA=0 $(PY) manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/, stop with Ctrl+C)"
	DJANGO_DEBUG=1 PORTAL_STAFF_REQUIRE_MFA=0 $(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=var -v 0
	$(PY) -m pytest -n $(XDIST) -q
	$(MAKE) --no-print-directory lint

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

fmt: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: $(STAMP)
	DJANGO_DEBUG=1 $(PY) manage.py makemessages -l de --no-obsolete --ignore=.venv --ignore=var --ignore=bench

db-stop: $(STAMP)
	$(PY) -m portal.devdb stop

bench: $(STAMP)
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) var/static
