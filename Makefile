# Two commands for a newcomer: `make run` and `make test`. Everything else is a step they call.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py
# pip's own output is noise here; failures still print.
PIP_FLAGS := --quiet --disable-pip-version-check

.PHONY: run test install browser migrate content lint format check schema lock clean

run: install migrate content
	@echo "サイト: http://127.0.0.1:$(PORT)/   管理画面: http://127.0.0.1:$(PORT)/admin/"
	$(MANAGE) runserver 127.0.0.1:$(PORT)

test: install browser node_modules/.installed
	$(BIN)/pytest $(PYTEST_ARGS)

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

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_FLAGS) -r requirements.lock
	touch $@

migrate: install
	$(MANAGE) migrate --no-input --verbosity 0

# Loads the plan and the sample content into an empty database, and ensures the development admin.
content: install
	$(MANAGE) bootstrap_dev

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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

# Re-pin every dependency after changing pyproject.toml (needs network access to PyPI).
lock:
	rm -rf /tmp/kamagaya-lock && $(PYTHON) -m venv /tmp/kamagaya-lock
	/tmp/kamagaya-lock/bin/pip install $(PIP_FLAGS) ".[test]"
	/tmp/kamagaya-lock/bin/pip freeze --exclude kamagaya-kyodo-portal > requirements.lock

clean:
	rm -rf $(VENV) staticfiles node_modules
