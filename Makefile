# ntt-dw: the two commands a new user needs are `make run` and `make test`.
# Both create the Python environment from the pinned lock file when it is missing or stale, then
# install the project itself in place (`ntt-dw` command; see pyproject.toml). Every other target is
# one call of that command.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
NTT_DW := $(VENV)/bin/ntt-dw
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha256sum | cut -c1-16)
export NTT_DW_HOME ?= $(CURDIR)/var

.PHONY: run test test-fast lint poppler bench-celery airflow prod-local prod-local-stop venv lock dbt-sources bench withdraw restore clean help

help:
	@echo "make run      - the main job: sample extracts -> Airflow ingestion DAGs -> transform (dbt) -> summary"
	@echo "make test     - linters, then the test suite (what CI runs)"
	@echo "make test-fast - everything but the end-to-end and topology tests (the day-to-day loop)"
	@echo "make lint     - ruff (lint, format check), sqlfluff (dbt models), mypy"
	@echo "make poppler  - pdftoppm/pdftotext for the PDF report's tests (apt-get install poppler-utils when missing)"
	@echo "make airflow  - Airflow UI + scheduler + dag-processor on var/airflow (http://localhost:8080)"
	@echo "make bi       - Superset (own venv var/superset-venv), provisioned from superset/, on http://localhost:8088"
	@echo "make prod-local      - the production topology as processes: CeleryExecutor, PostgreSQL, Redis, 2 workers"
	@echo "make prod-local-stop - stop it (ntt-dw prod stop --drop-db also drops its metadata DB)"
	@echo "make bench    - benchmarks: national scale, main job, transform vs one bare dbt build"
	@echo "make bench-celery - the demo transform on the Celery topology (needs PostgreSQL and Redis)"
	@echo "make withdraw VERSION=<file version id> REASON='...' - leave a delivered file out of the warehouse (BY=name optional)"
	@echo "make restore  VERSION=<file version id> REASON='...' - take a withdrawn file in again"
	@echo "make lock     - re-resolve pyproject.toml's dependencies into requirements.lock"
	@echo "make clean    - delete the runtime folder ($(NTT_DW_HOME))"
	@echo "Everything else: $(NTT_DW) --help"

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.lock
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $@

run: venv
	$(NTT_DW) run

test: venv lint poppler
	$(VENV)/bin/pytest -n 3 --dist loadfile --no-loadscope-reorder

test-fast: venv poppler
	$(VENV)/bin/pytest -n 3 --dist loadfile --no-loadscope-reorder -m "not e2e and not topology"

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/sqlfluff lint --processes 2 dbt_project/models

# pdftoppm and pdftotext (poppler-utils): the tests of the PDF report render and read its pages.
# Installed with apt-get when missing; without apt-get the tests fail and say what to install.
poppler:
	@command -v pdftoppm >/dev/null && command -v pdftotext >/dev/null || { \
	  command -v apt-get >/dev/null || { echo "poppler-utils (pdftoppm, pdftotext) is missing and there is no apt-get: install poppler-utils"; exit 1; }; \
	  apt-get install -y poppler-utils || { apt-get update && apt-get install -y poppler-utils; }; }

airflow: venv
	$(NTT_DW) airflow

bi: venv
	$(NTT_DW) bi

prod-local: venv
	$(NTT_DW) prod start

prod-local-stop: venv
	$(NTT_DW) prod stop

bench: venv
	$(NTT_DW) bench

bench-celery: venv
	$(NTT_DW) bench celery

dbt-sources: venv
	$(NTT_DW) dbt-sources

withdraw restore: venv
	@test -n "$(VERSION)" -a -n "$(REASON)" || { echo "usage: make $@ VERSION=<file version id> REASON='why' [BY=name]"; exit 2; }
	$(NTT_DW) $@ "$(VERSION)" --reason "$(REASON)" $(if $(BY),--by "$(BY)")

lock: venv
	$(VENV)/bin/uv pip compile --quiet --python $(PY) pyproject.toml --extra test --extra lint -o requirements.lock

clean:
	rm -rf "$(NTT_DW_HOME)"
