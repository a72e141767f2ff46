# ntt-dw: the two commands a new user needs are `make run` and `make test`.
# Both create the Python environment from the pinned lock file when it is missing or stale.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell sha256sum requirements.lock | cut -c1-16)
export NTT_DW_HOME ?= $(CURDIR)/var

.PHONY: run test test-fast bench-celery airflow prod-local prod-local-stop venv lock dbt-sources bench withdraw restore clean help

help:
	@echo "make run      - the main job: sample extracts -> Airflow ingestion DAGs -> transform (dbt) -> summary"
	@echo "make test     - the test suite (what CI runs)"
	@echo "make test-fast - everything but the end-to-end and topology tests (the day-to-day loop)"
	@echo "make airflow  - Airflow UI + scheduler + dag-processor on var/airflow (http://localhost:8080)"
	@echo "make prod-local      - the production topology as processes: CeleryExecutor, PostgreSQL, Redis, 2 workers"
	@echo "make prod-local-stop - stop it (python scripts/prod_local.py stop --drop-db also drops its metadata DB)"
	@echo "make bench    - benchmarks: national scale (ingestion, dbt vs SQL, incremental, memory), DAG parse, main job, transform vs one bare dbt build per thread count"
	@echo "make bench-celery - the demo transform on the Celery topology (needs PostgreSQL and Redis)"
	@echo "make withdraw VERSION=<file version id> REASON='...' - leave a delivered file out of the warehouse (BY=name optional)"
	@echo "make restore  VERSION=<file version id> REASON='...' - take a withdrawn file in again"
	@echo "make lock     - re-resolve requirements.in into requirements.lock"
	@echo "make clean    - delete the runtime folder ($(NTT_DW_HOME))"

venv: $(STAMP)

$(STAMP): requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check uv==0.13.8
	$(VENV)/bin/uv pip install --quiet --compile-bytecode --python $(PY) -r requirements.lock
	rm -f $(VENV)/.installed-* && touch $@

run: venv
	$(PY) scripts/main_job.py

test: venv
	$(VENV)/bin/pytest -n 3 --dist loadfile --no-loadscope-reorder

test-fast: venv
	$(VENV)/bin/pytest -n 3 --dist loadfile --no-loadscope-reorder -m "not e2e and not topology"

airflow: venv
	$(PY) scripts/airflow_local.py standalone

prod-local: venv
	$(PY) scripts/prod_local.py start

prod-local-stop: venv
	$(PY) scripts/prod_local.py stop

bench: venv
	$(PY) scripts/bench_national.py --scales xs s m l
	$(PY) scripts/bench_transform.py

bench-celery: venv
	$(PY) scripts/bench_celery_transform.py

dbt-sources: venv
	$(PY) -m ingestion.core.dbt_sources

withdraw restore: venv
	@test -n "$(VERSION)" -a -n "$(REASON)" || { echo "usage: make $@ VERSION=<file version id> REASON='why' [BY=name]"; exit 2; }
	$(PY) scripts/withdraw.py $@ "$(VERSION)" --reason "$(REASON)" $(if $(BY),--by "$(BY)")

lock: venv
	$(VENV)/bin/uv pip compile --quiet --python $(PY) requirements.in -o requirements.lock

clean:
	rm -rf "$(NTT_DW_HOME)"
