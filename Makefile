# linghuo — the two README commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LINT_PATHS := src tests bench
export LINGHUO_DATA_DIR ?= $(CURDIR)/data
# The suite again under these frozen dates (SQLite, browser tests aside): 1 January, a month's last day,
# 29 February and a date years ahead. Set LINGHUO_TEST_DATES= (empty) to leave them out.
LINGHUO_TEST_DATES ?= 2027-01-01 2027-04-30 2028-02-29 2031-06-15

.PHONY: install demo serve test lint typecheck pytest pytest-dates bench lock clean

# Reproducible install: every dependency pinned in requirements.lock (regenerate with `make lock`).
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Serve the platform with demo data on the embedded default (SQLite in ./data), with a worker beside the
# server for the background jobs (imports, screening runs); the worker stops when the server does.
demo: install
	$(BIN)/linghuo manage collectstatic --noinput --verbosity 0
	$(BIN)/linghuo manage migrate --noinput --verbosity 0
	$(BIN)/linghuo demo
	$(BIN)/linghuo worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/linghuo manage runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check $(LINT_PATHS)
	$(BIN)/ruff format --check $(LINT_PATHS)

typecheck: install
	$(BIN)/mypy $(LINT_PATHS)

# The whole suite on SQLite, then on PostgreSQL when LINGHUO_TEST_DATABASE_URL is set.
pytest: install
	LINGHUO_ENV=test LINGHUO_DATA_DIR=$(CURDIR)/data/test $(BIN)/pytest
	@if [ -n "$$LINGHUO_TEST_DATABASE_URL" ]; then \
	  echo "== the same suite on PostgreSQL =="; \
	  LINGHUO_ENV=test LINGHUO_DATA_DIR=$(CURDIR)/data/test DATABASE_URL="$$LINGHUO_TEST_DATABASE_URL" $(BIN)/pytest; \
	elif [ "$$LINGHUO_REQUIRE_ALL" = "1" ]; then \
	  echo "LINGHUO_REQUIRE_ALL=1 but LINGHUO_TEST_DATABASE_URL is not set: PostgreSQL tests cannot run" >&2; exit 1; \
	else \
	  echo "(PostgreSQL run skipped: set LINGHUO_TEST_DATABASE_URL to run the suite on PostgreSQL too)"; \
	fi
	@$(MAKE) --no-print-directory pytest-dates

# No test may depend on the day it runs: the suite under each of LINGHUO_TEST_DATES (tests/conftest.py).
pytest-dates: install
	@for day in $(LINGHUO_TEST_DATES); do \
	  echo "== the suite with the clock at $$day =="; \
	  LINGHUO_TEST_TODAY=$$day LINGHUO_ENV=test LINGHUO_DATA_DIR=$(CURDIR)/data/test-$$day \
	    $(BIN)/pytest -q -m "not browser" -p no:cacheprovider || exit 1; \
	done

test: lint typecheck pytest

bench: install
	$(BIN)/python -m bench $(BENCH)

lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --all-extras -o requirements.lock --python $(BIN)/python

clean:
	rm -rf $(VENV) data build *.egg-info src/*.egg-info
