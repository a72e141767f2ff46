"""Celery settings of the production topology: Airflow's defaults, plus one addition.

Each Airflow task runs in a process forked from a Celery worker process. A dbt task spends about
3 s importing dbt and cosmos; imported once in the worker before its pool forks, every task
inherits them. Selected with AIRFLOW__CELERY__CELERY_CONFIG_OPTIONS=
ntt_dw.orchestration.celery_config.CELERY_CONFIG (ntt_dw/prod_local.py, docker-compose.yml).
"""

from __future__ import annotations

from airflow.providers.celery.executors.default_celery import DEFAULT_CELERY_CONFIG
from celery.signals import worker_init

CELERY_CONFIG = dict(DEFAULT_CELERY_CONFIG)

#: what the worker imports once: dbt's runner and cosmos (the transform's tasks), the readers' libraries
PRELOADED_MODULES = ("dbt.cli.main", "cosmos.operators.local", "duckdb", "pandas")


@worker_init.connect
def preload_task_libraries(**_) -> None:
    """Import the heavy libraries in the worker's main process, before the pool forks."""
    import importlib

    for module in PRELOADED_MODULES:
        importlib.import_module(module)
