# tekort: two commands. `make run` serves the site; `make test` runs every check.
# Everything else here is a step those two use (or a convenience for developers).

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := DJANGO_DEBUG=true $(PY) src/manage.py
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/tekort
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
PYTEST_WORKERS ?= 2

.PHONY: check-history run test install install-test serve setup lint check-deploy serve-production worker-production scheduler-production lock test-databases test-sqlite test-postgres test-redis check-redis test-e2e check-postgres messages bench clean vendor

run: setup serve  ## set up everything (venv, database, register, demo data) and serve on :8000

test: install-test lint test-databases test-sqlite test-postgres test-redis test-e2e  ## the whole suite: lint, SQLite, PostgreSQL, Redis, browser

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Every dependency, indirect ones too, comes from a lock file with hashes (requirements/, made
# by `make lock`); tekort itself is installed on top of them without resolving anything again.
$(VENV)/.installed: pyproject.toml requirements/production.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet --require-hashes -r requirements/production.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements/test.txt $(VENV)/.installed
	$(PY) -m pip install --quiet --require-hashes -r requirements/test.txt
	touch $@

lock: install-test  ## rewrite the lock files after changing a dependency in pyproject.toml
	$(VENV)/bin/uv pip compile pyproject.toml --generate-hashes --universal --python-version 3.11 \
	  --no-header --quiet -o requirements/production.txt
	$(VENV)/bin/uv pip compile pyproject.toml --extra test --generate-hashes --universal \
	  --python-version 3.11 --no-header --quiet -o requirements/test.txt

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

setup: install
	mkdir -p var
	$(MANAGE) migrate --noinput -v0
	$(MANAGE) collectstatic --noinput -v0
	$(MANAGE) prepare_demo_site

serve:  ## the web server, with the task workers (default and mail queues) and the scheduler beside it
	@echo "tekort: http://127.0.0.1:8000/"
	$(MANAGE) run_worker & w1=$$!; $(MANAGE) run_worker --queue-name mail & w2=$$!; \
	$(MANAGE) run_scheduler & s=$$!; trap "kill $$w1 $$w2 $$s 2>/dev/null" EXIT INT TERM; \
	$(MANAGE) runserver 127.0.0.1:8000

lint: install-test check-deploy audit-deps check-history
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DATABASE_URL=sqlite://:memory: DJANGO_SETTINGS_MODULE=tekort.conf.test $(PY) src/manage.py makemigrations --check --dry-run -v0

# Commit subjects since the last tagged version are at most 72 characters (CONTRIBUTING.md).
# Without tags (a copy that has none) only the last commit is checked, and it says so.
check-history:
	@since=$$(git describe --tags --abbrev=0 2>/dev/null); \
	if [ -n "$$since" ]; then range="$$since..HEAD"; else range="-1"; \
	  echo "check-history: no version tag here; checking the last commit only"; fi; \
	long=$$(git log --format='%s' $$range | LC_ALL=C.UTF-8 grep -E '^.{73,}'); \
	if [ -n "$$long" ]; then echo "Commit subjects longer than 72 characters:"; \
	  echo "$$long"; exit 1; fi

# Production with only a secret key set must pass Django's deployment checks (docs/deployment.md).
check-deploy: install
	DJANGO_SECRET_KEY=$$($(PY) -c "import secrets; print(secrets.token_urlsafe(50))") \
	  $(PY) src/manage.py check --deploy --fail-level WARNING

# The production lock file against a vulnerability database (OSV, else PyPI's JSON API); fails
# on a known vulnerability, and says "vulnerability check could not be run: <reason>" without
# failing when no database is reachable (docs/deployment.md, "Dependencies").
.PHONY: audit-deps
audit-deps: install-test
	$(PY) .ci/audit_deps.py requirements/production.txt

serve-production: install  ## production web server: gunicorn with gunicorn.conf.py (docs/deployment.md)
	$(VENV)/bin/gunicorn --config gunicorn.conf.py

worker-production: install  ## production task worker; WORKER_ARGS="--queue-name mail" for mail
	$(PY) src/manage.py run_worker $(WORKER_ARGS)

scheduler-production: install  ## production scheduler: periodic jobs, lost tasks (docs/deployment.md)
	$(PY) src/manage.py run_scheduler

# Tiers: the suite runs on SQLite and on PostgreSQL; the URL sweeps (marker sweep) run once, on
# PostgreSQL, the production database (on SQLite when SKIP_POSTGRES=1); the framework-free cores
# and the Django tests that cannot reach a database (TEKORT_DATABASE_TESTS_ONLY, in
# src/tekort/conftest.py) give the same result on both, so they run once, on SQLite.
SWEEPS_ON_SQLITE := $(if $(filter 1,$(SKIP_POSTGRES)),,and not sweep)
CORES := src/tekort_stats src/tekort_forecast src/tekort_calc

# The Django tests' starting database (the register, the demo rounds' runs) for SQLite and for
# PostgreSQL, built at once on the two cores; reused while its inputs do not change
# (src/tekort/tests/database_cache.py). A pytest run without it builds it first.
test-databases: install-test check-postgres
	@$(PY) -m tekort.tests.database_cache & sqlite=$$!; \
	if [ "$$SKIP_POSTGRES" != "1" ]; then \
	  DATABASE_URL=$(POSTGRES_URL) $(PY) -m tekort.tests.database_cache || { wait $$sqlite; exit 1; }; fi; \
	wait $$sqlite

test-sqlite: install-test
	$(VENV)/bin/pytest -m "not e2e and not redis and not topology $(SWEEPS_ON_SQLITE)" -n $(PYTEST_WORKERS) --dist worksteal -q --durations=15

check-postgres:
	@if [ "$$SKIP_POSTGRES" = "1" ]; then echo "!!! SKIP_POSTGRES=1: the PostgreSQL run is skipped on request"; \
	elif ! $(PY) -c "import psycopg,sys; psycopg.connect('$(POSTGRES_URL)'.rsplit('/',1)[0]+'/postgres', connect_timeout=5).close()"; then \
	  echo "!!! No PostgreSQL server reachable at $(POSTGRES_URL)."; \
	  echo "!!! Start one (see .ci/run) or set POSTGRES_URL; SKIP_POSTGRES=1 skips this run on purpose."; \
	  exit 1; fi

test-postgres: install-test check-postgres
	@if [ "$$SKIP_POSTGRES" != "1" ]; then \
	  DATABASE_URL=$(POSTGRES_URL) TEKORT_DATABASE_TESTS_ONLY=1 $(VENV)/bin/pytest -m "not e2e and not redis and not topology" -n $(PYTEST_WORKERS) --dist worksteal -q --durations=15 $(addprefix --ignore=,$(CORES)); fi

check-redis:
	@if [ "$$SKIP_REDIS" = "1" ]; then echo "!!! SKIP_REDIS=1: the Redis and topology tests are skipped on request"; \
	elif ! $(PY) -c "import redis; redis.Redis.from_url('$(TEST_REDIS_URL)', socket_connect_timeout=5).ping()"; then \
	  echo "!!! No Redis server reachable at $(TEST_REDIS_URL)."; \
	  echo "!!! Start one (see .ci/run) or set TEST_REDIS_URL; SKIP_REDIS=1 skips this run on purpose."; \
	  exit 1; fi

# The shared cache, and the production topology (two gunicorns, a worker, the scheduler) on
# PostgreSQL with Redis as the shared cache, as docs/deployment.md runs it.
test-redis: install-test check-postgres check-redis  ## the tests that need Redis (and PostgreSQL)
	@if [ "$$SKIP_REDIS" != "1" ] && [ "$$SKIP_POSTGRES" != "1" ]; then \
	  REDIS_URL=$(TEST_REDIS_URL) DATABASE_URL=$(POSTGRES_URL) $(VENV)/bin/pytest -m "redis or topology" -n $(PYTEST_WORKERS) --dist loadfile -q --durations=12; fi

test-e2e: install-test
	$(VENV)/bin/pytest -m e2e -n $(PYTEST_WORKERS) --dist worksteal -q --durations=8

messages: install  ## regenerate the Dutch translations after changing UI text
	cd src/tekort && DJANGO_DEBUG=true ../../$(PY) ../manage.py makemessages -l nl --no-obsolete
	cd src/tekort && DJANGO_DEBUG=true ../../$(PY) ../manage.py compilemessages -l nl

bench: install-test setup  ## the performance scripts (each prints its figure on its last line)
	@for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# NL Design System CSS, vendored as built files under src/tekort/static/vendor/ (docs/frontend.md).
# Only this target needs node/npm; `make run` and `make test` use the committed files.
VENDOR_DIR := src/tekort/static/vendor
VENDOR_TMP := /tmp/tekort-vendor
NLDS_TOKENS := @rijkshuisstijl-community/design-tokens@11.1.0
NLDS_HTML := @utrecht/html-content-css@3.0.1

vendor:  ## refresh the vendored NL Design System CSS from npm (pinned versions above)
	rm -rf $(VENDOR_TMP) && mkdir -p $(VENDOR_TMP)
	cd $(VENDOR_TMP) && npm pack --silent $(NLDS_TOKENS) $(NLDS_HTML) >/dev/null
	@set -e; for spec in $(NLDS_TOKENS):dist/index.css $(NLDS_HTML):dist/index.css; do \
	  pkg=$${spec%@*}; file=$${spec##*:}; version=$${spec#$$pkg@}; version=$${version%%:*}; \
	  tgz=$$(echo $$pkg | sed 's/^@//; s|/|-|')-$$version.tgz; dir=$(VENDOR_DIR)/$${pkg#@}; \
	  rm -rf $(VENDOR_TMP)/x && mkdir -p $(VENDOR_TMP)/x $$dir && tar xzf $(VENDOR_TMP)/$$tgz -C $(VENDOR_TMP)/x; \
	  sed 's|/\*# sourceMappingURL=[^*]*\*/||' $(VENDOR_TMP)/x/package/$$file > $$dir/$$(basename $$file); \
	  cp $(VENDOR_TMP)/x/package/LICENSE* $$dir/; echo "$$pkg $$version -> $$dir"; done

clean:
	rm -rf var $(VENV)
