# linghuo — the two README commands: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LINT_PATHS := src tests bench
export LINGHUO_DATA_DIR ?= $(CURDIR)/data

.PHONY: install demo serve test lint typecheck pytest bench lock clean

# Reproducible install: every dependency pinned in requirements.lock (regenerate with `make lock`).
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Serve the platform with demo data on the embedded default (SQLite in ./data).
demo: install
	$(BIN)/linghuo manage collectstatic --noinput --verbosity 0
	$(BIN)/linghuo manage migrate --noinput --verbosity 0
	$(BIN)/linghuo demo
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

test: lint typecheck pytest

bench: install
	$(BIN)/python -m bench $(BENCH)

lock:
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --all-extras -o requirements.lock --python $(BIN)/python

clean:
	rm -rf $(VENV) data build *.egg-info src/*.egg-info
