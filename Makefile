# Two commands for a newcomer: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# pip's own output is noise here; failures still print.
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: run serve test install install-production translations browser nginx wrk migrate content static lint format check schema lock clean bench bench-quick loadtest backup restore audit

# The public address every absolute URL starts with (PUBLIC_BASE_URL, cms/public_address.py):
# where runserver listens. Target-specific, so the steps before it (content: the Site row) agree.
run: export PUBLIC_BASE_URL := http://127.0.0.1:$(PORT)
run: install translations migrate content
	@echo "サイト: http://127.0.0.1:$(PORT)/   管理画面: http://127.0.0.1:$(PORT)/admin/"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

# The production set-up on this machine: gunicorn (gunicorn.conf.py) with the production settings,
# against the same database as `make run` (or DATABASE_URL), and Redis when one answers locally.
# PUBLIC_BASE_URL from the environment names the address people use (e.g. behind nginx);
# http://localhost:PORT otherwise.
SERVE_DATABASE_URL := $(or $(DATABASE_URL),sqlite:///$(CURDIR)/db.sqlite3)
SERVE_REDIS_URL := $(or $(REDIS_URL),$(shell redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && echo redis://127.0.0.1:6379/1))
SERVE_PUBLIC_BASE_URL := $(or $(PUBLIC_BASE_URL),http://localhost:$(PORT))
PRODUCTION_ENV = DJANGO_SETTINGS_MODULE=cms.settings.production \
	SECRET_KEY="$$(cat .secret-key)" ALLOWED_HOSTS=localhost,127.0.0.1 \
	DATABASE_URL="$(SERVE_DATABASE_URL)" REDIS_URL="$(SERVE_REDIS_URL)" \
	SECURE_SSL_REDIRECT=false SERVE_MEDIA=true
serve: export PUBLIC_BASE_URL := $(SERVE_PUBLIC_BASE_URL)
serve: install translations migrate content static
	@echo "本番と同じ構成（gunicorn）: http://localhost:$(PORT)/   公開アドレス: $(PUBLIC_BASE_URL)/   管理画面: /admin/"
	$(PRODUCTION_ENV) GUNICORN_BIND=127.0.0.1:$(PORT) $(BIN)/gunicorn cms.wsgi -c gunicorn.conf.py

# A secret key for `make serve` only, made once and kept out of git.
.secret-key:
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

# Static files as production serves them (STATIC_ROOT, hashed names): collected with its settings.
static: install translations .secret-key
	$(PRODUCTION_ENV) PUBLIC_BASE_URL="$(SERVE_PUBLIC_BASE_URL)" $(MANAGE) collectstatic --no-input --verbosity 0

# Tests run on PostgreSQL, as production does, when one answers on 127.0.0.1:5432 (DATABASE_URL
# overrides); on SQLite otherwise, where the two-server test is skipped with the reason.
LOCAL_POSTGRES_URL := postgres://postgres@127.0.0.1:5432/kamagaya_test
TEST_DATABASE_URL = $(or $(DATABASE_URL),$(shell $(PYTHON) -c "import socket; socket.create_connection(('127.0.0.1', 5432), 1)" 2>/dev/null && echo $(LOCAL_POSTGRES_URL)))

# In parallel: one pytest-xdist worker per core; tests that share a server stay on one worker
# (xdist_group). TEST_WORKERS=0 runs in one process, e.g. to debug.
TEST_WORKERS ?= auto
test: install translations browser nginx wrk node_modules/.installed
	DATABASE_URL="$(TEST_DATABASE_URL)" $(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# axe-core (npm) is injected into pages by the accessibility tests; pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here), with a
# Japanese font so screenshots show text rather than empty boxes.
browser:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list :lang=ja | grep -q .; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's chromium and fonts-noto-cjk for the browser tests"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
		else \
			echo "The browser tests need /usr/bin/chromium and a Japanese font:"; \
			echo "  sudo apt-get install chromium fonts-noto-cjk"; \
			exit 1; \
		fi; \
	fi

# The reverse proxy's end-to-end test (tests/deploy/) runs Debian's nginx, as production does
# (deploy/nginx/kamagaya.conf), with a certificate made by openssl.
nginx:
	@if [ ! -x /usr/sbin/nginx ] || ! command -v openssl >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's nginx and openssl for the reverse proxy test"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx openssl >/dev/null; \
		else \
			echo "The reverse proxy test needs /usr/sbin/nginx and openssl:"; \
			echo "  sudo apt-get install nginx openssl"; \
			exit 1; \
		fi; \
	fi

# Load benchmark (docs/performance.md): gunicorn under wrk, by one client and by eight, at 1k, 10k
# and 100k event sessions, each scale in a database of its own (kamagaya_bench_1000, …, created and
# migrated by the driver); about 25 minutes. bench-quick: 1k and 100k, 3 s runs, under 5 minutes
# once the databases exist. Options: make bench BENCH_ARGS="--scales 1000 --duration 3"
bench: install wrk
	$(BIN)/python -m bench.run $(BENCH_ARGS)

bench-quick: install wrk
	$(BIN)/python -m bench.run --quick $(BENCH_ARGS)

install: $(VENV)/.installed

# The admin's Japanese (locale/*.po, Wagtail's gaps filled in) compiled to the .mo files Django reads;
# the .mo files are not kept in git.
translations: install
	$(MANAGE) compile_translations

# Development gets the runtime set and the tools (requirements-dev.lock starts with -r requirements.lock).
$(VENV)/.installed: requirements.lock requirements-dev.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_FLAGS) -r requirements-dev.lock
	touch $@

# A server's install: only what runs the site (requirements.lock), no test, lint or benchmark tool.
install-production:
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_FLAGS) -r requirements.lock

migrate: install
	$(MANAGE) migrate --no-input --verbosity 0

# Loads the plan and the sample content into an empty database, and ensures the development admin.
content: install
	$(MANAGE) bootstrap_dev

# ruff, then no import cycle between the project's modules and no import across its layers.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python scripts/check_import_cycles.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Django's own checks, and proof that every model change has its migration.
check: install
	$(MANAGE) check
	$(MANAGE) makemigrations --check --dry-run

# Rewrite schema.graphql after changing the API; a test fails while it differs from the code.
schema: install
	$(MANAGE) export_schema graphql_api.schema --path schema.graphql

# Re-pin both locks after changing pyproject.toml (needs network access to PyPI): the runtime closure
# of `dependencies` alone first, then the `test` extra on top of it without moving a runtime pin.
LOCK_VENV := /tmp/kamagaya-lock
LOCK_FREEZE := $(LOCK_VENV)/bin/pip freeze --exclude kamagaya-kyodo-portal
lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install $(PIP_FLAGS) .
	{ sed -n '/^#/p' requirements.lock; $(LOCK_FREEZE); } > $(LOCK_VENV)/requirements.lock
	mv $(LOCK_VENV)/requirements.lock requirements.lock
	$(LOCK_VENV)/bin/pip install $(PIP_FLAGS) -c requirements.lock ".[test]"
	{ sed -n '/^[#-]/p' requirements-dev.lock; $(LOCK_FREEZE) | grep -vxF -f requirements.lock; } \
		> $(LOCK_VENV)/requirements-dev.lock
	mv $(LOCK_VENV)/requirements-dev.lock requirements-dev.lock

clean:
	rm -rf $(VENV) staticfiles node_modules

# The load generator of `make bench` and `make loadtest`: Debian's wrk, installed when root.
wrk:
	@if ! command -v wrk >/dev/null; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "Installing Debian's wrk"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else \
			echo "The benchmark and the load test need wrk:"; \
			echo "  sudo apt-get install wrk"; \
			exit 1; \
		fi; \
	fi

# Load test (docs/performance.md): gunicorn as production runs it, on a PostgreSQL database of its
# own (kamagaya_loadtest: the plan, the sample content, 1,000 event sessions), 50 clients for 60 s of
# mixed traffic; fails on any 4xx or 5xx, socket error or memory growth. About 3 minutes.
# Other figures: make loadtest LOADTEST_DURATION=20 LOADTEST_CLIENTS=100
loadtest: install wrk
	$(BIN)/python -m bench.loadtest

# Backups (docs/operations.md, Backups): one archive of the database of `make run` (or
# DATABASE_URL) and of MEDIA_ROOT, in backup-archives/ unless BACKUP_DIR says otherwise.
backup: install
	$(MANAGE) backup_site

# Replaces the current database and media with a backup, after checking it and asking;
# RESTORE_CONFIRM=yes answers for scripts.
restore: install
	@test -n "$(BACKUP)" || { echo "Which backup? make restore BACKUP=backup-archives/kamagaya-<time>.tar.gz"; exit 2; }
	$(MANAGE) restore_site "$(BACKUP)"

# Known vulnerabilities in requirements.lock: pip-audit in a venv of its own (build/audit-venv).
# Says "dependency audit NOT run: <reason>" when no vulnerability service answers; set
# AUDIT_REQUIRED=1 where CI has internet access to make that a failure.
audit:
	PYTHON="$(PYTHON)" scripts/audit
