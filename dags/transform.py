"""transform: build the warehouse with dbt when any source announces new data.

raw zone -> dbt seeds (one task) -> staging, intermediate, marts (one cosmos `dbt build` task per
model: the model, then its tests) -> dq_findings -> dbt docs and the PJPK monitoring report ->
run summary.
"""
from __future__ import annotations

from airflow.sdk import Asset, AssetAny, dag, task

from dag_support.assets import MARTS
from dag_support.defaults import START_DATE, WAREHOUSE_POOL, default_args
from ingestion.core.source_registry import load_registry

SOURCE_ASSETS = [Asset(spec.asset_name) for spec in load_registry().values()]


@dag(
    dag_id="transform",
    schedule=AssetAny(*SOURCE_ASSETS),  # runs when any source has announced new data
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(retries=1),
    tags=["transform", "dbt"],
    doc_md=__doc__,
)
def transform():
    from dag_support.dbt import dbt_seed_task, dbt_task_group

    @task(pool=WAREHOUSE_POOL)
    def attach_raw_zone() -> dict:
        """Expose the raw zone's Parquet files as the warehouse's raw schema."""
        from ingestion.core.warehouse import attach_raw_zone as attach

        return attach()

    seeds = dbt_seed_task()
    build = dbt_task_group("dbt_build", exclude=("dq_findings",))
    findings = dbt_task_group("dq_findings", select=("dq_findings",))  # after every test stored its failures

    @task(pool=WAREHOUSE_POOL, trigger_rule="all_done")
    def dbt_docs() -> str:
        """dbt docs (catalog and static site) under var/dbt/docs/."""
        from dag_support.summary import generate_docs

        return generate_docs()

    @task(pool=WAREHOUSE_POOL)
    def monitoring_report() -> str:
        """The PJPK monitoring report (Bahasa Indonesia, self-contained HTML) under var/reports/.
        It only reads the warehouse, but DuckDB lets no other process open the file while dbt
        writes it, so it takes the warehouse slot too."""
        from publish.monitoring_report import write_report

        return str(write_report())

    @task(pool=WAREHOUSE_POOL, trigger_rule="all_done")
    def run_summary(**context) -> dict:
        """Rows loaded and quarantined per source, dbt results, findings: var/reports/run_summary.json."""
        from dag_support.summary import write_summary

        started = context["dag_run"].start_date
        return write_summary(context["dag_run"].run_id, started.timestamp() if started else None)

    raw = attach_raw_zone()
    docs = dbt_docs()
    @task(outlets=[MARTS])
    def announce_marts() -> None:
        """Runs only when every dbt task succeeded (error-severity tests included): its Asset
        event triggers the publish DAG, so a failed build is never published."""

    @task(trigger_rule="one_failed")
    def fail_run_if_a_task_failed() -> None:
        """Runs only when a task above failed (or could not run because one failed): the summary
        and docs still run (all_done), so without this watcher the run would end green."""
        from airflow.exceptions import AirflowFailException

        raise AirflowFailException("a transform task failed: see the failed task's log and var/alerts/")

    report = monitoring_report()
    summary = run_summary()
    raw >> seeds >> build >> findings >> [docs, report]
    [docs, report] >> summary
    findings >> announce_marts()
    [raw, seeds, build, findings, docs, report, summary] >> fail_run_if_a_task_failed()


transform()
