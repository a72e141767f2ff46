"""transform: build the warehouse with dbt when any source announces new data.

wait for running ingestions -> inputs changed since the last good build? (else the run ends,
everything skipped) -> raw zone -> ONE `dbt build` of seeds, models and tests, dq_findings last
(cosmos WATCHER producer), then a task per model showing that model's result and its tests' ->
dbt docs, the PJPK monitoring report, and the findings' follow-up (log + clarification workbooks)
-> run summary. Source freshness is one task beside the
build.

Trigger it by hand with `airflow dags trigger transform --conf '{"force": true}'` to rebuild
although nothing changed.
"""

from __future__ import annotations

import logging

from airflow.sdk import Asset, AssetAny, dag, task

from ingestion.core.source_registry import load_registry
from ntt_dw.orchestration.assets import MARTS
from ntt_dw.orchestration.defaults import START_DATE, WAREHOUSE_POOL, default_args

SOURCE_ASSETS = [Asset(spec.asset_name) for spec in load_registry().values()]
INGEST_DAG_IDS = [spec.dag_id for spec in load_registry().values()]


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
    from ntt_dw.orchestration.dbt import dbt_build_group, dbt_source_freshness_task

    @task.sensor(poke_interval=10, timeout=3600, mode="reschedule")
    def wait_for_ingestions(**context) -> bool:
        """Sources delivered together build once: wait while an ingestion run is still going."""
        ti = context["ti"]
        return not any(ti.get_dr_count(dag_id=dag_id, states=["queued", "running"]) for dag_id in INGEST_DAG_IDS)

    @task.short_circuit
    def inputs_changed(**context) -> str | bool:
        """The fingerprint of this build's inputs, or False (and every later task skipped) when the
        last successful build had the same: another delivery's run already built them."""
        from ntt_dw.orchestration.build_inputs import inputs_fingerprint, last_build, needs_build

        fingerprint = inputs_fingerprint()
        if needs_build(fingerprint, force=bool((context["dag_run"].conf or {}).get("force"))):
            return fingerprint
        logging.getLogger(__name__).info("inputs unchanged since run %s: nothing to build", last_build()["run_id"])
        return False

    @task(pool=WAREHOUSE_POOL)
    def attach_raw_zone() -> dict:
        """Expose the raw zone's Parquet files as the warehouse's raw schema."""
        from ingestion.core.warehouse import attach_raw_zone as attach

        return attach()

    freshness = dbt_source_freshness_task()
    build = dbt_build_group("dbt_build")  # dq_findings included: dbt runs it after every test

    @task(pool=WAREHOUSE_POOL, trigger_rule="all_done")
    def dbt_docs() -> str:
        """dbt docs (catalog and static site) under var/dbt/docs/."""
        from ntt_dw.orchestration.summary import generate_docs

        return generate_docs()

    @task(pool=WAREHOUSE_POOL)
    def monitoring_report() -> dict:
        """The PJPK monitoring report (Bahasa Indonesia) under var/reports/: self-contained HTML,
        the same as PDF and its tables as XLSX. It only reads the warehouse, but DuckDB lets no
        other process open the file while dbt writes it, so it takes the warehouse slot too."""
        from publish.monitoring_report import write_reports

        return {kind: str(path) for kind, path in write_reports().items()}

    @task(pool=WAREHOUSE_POOL)
    def follow_up_findings(**context) -> dict:
        """The walidata's loop: record in the follow-up log what this build found (new findings,
        findings fixed by a re-delivery, reopened ones), then the clarification workbook of each
        producing agency under var/quality/klarifikasi/."""
        from ntt_dw.quality.followup import sync
        from publish.clarification_lists import write_clarification_lists

        recorded = sync(run_id=context["dag_run"].run_id)
        return {"recorded": recorded, "workbooks": [str(p) for p in write_clarification_lists()]}

    @task(pool=WAREHOUSE_POOL, trigger_rule="all_done")
    def run_summary(**context) -> dict:
        """Rows loaded and quarantined per source, dbt results, findings: var/reports/run_summary.json."""
        from ntt_dw.orchestration.summary import write_summary

        started = context["dag_run"].start_date
        return write_summary(context["dag_run"].run_id, started.timestamp() if started else None)

    raw = attach_raw_zone()
    docs = dbt_docs()

    @task(outlets=[MARTS])
    def announce_marts(fingerprint: str, **context) -> None:
        """Runs only when every dbt task succeeded (error-severity tests included): records the
        build's inputs, and its Asset event triggers the publish DAG, so a failed build is never
        published."""
        from ntt_dw.orchestration.build_inputs import record_build

        record_build(fingerprint, context["dag_run"].run_id)

    @task(trigger_rule="one_failed")
    def fail_run_if_a_task_failed() -> None:
        """Runs only when a task above failed (or could not run because one failed): the summary
        and docs still run (all_done), so without this watcher the run would end green."""
        from airflow.sdk.exceptions import AirflowFailException

        raise AirflowFailException("a transform task failed: see the failed task's log and var/alerts/")

    report = monitoring_report()
    summary = run_summary()
    followed_up = follow_up_findings()
    changed = inputs_changed()
    wait_for_ingestions() >> changed >> raw >> build >> [docs, report, followed_up]
    raw >> freshness >> summary
    [docs, report, followed_up] >> summary
    build >> announce_marts(changed)
    [raw, freshness, build, docs, report, followed_up, summary] >> fail_run_if_a_task_failed()


transform()
