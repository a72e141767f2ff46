"""transform: build the warehouse with dbt when any source announces new data.

raw zone -> dbt seeds, staging, marts and their tests (one cosmos task per model and per test
group) -> dq_findings -> dbt docs -> run summary.
"""
from __future__ import annotations

from airflow.sdk import Asset, AssetAny, dag, task

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
    from cosmos import DbtTaskGroup, RenderConfig
    from cosmos.constants import LoadMode, TestBehavior

    from dag_support.dbt import configs, keep_run_results, manifest_path

    project, profile, execution = configs()
    load_method = LoadMode.DBT_MANIFEST if manifest_path().exists() else LoadMode.DBT_LS
    operator_args = {"pool": WAREHOUSE_POOL, "callback": keep_run_results, "install_deps": False}

    @task(pool=WAREHOUSE_POOL)
    def attach_raw_zone() -> dict:
        """Expose the raw zone's Parquet files as the warehouse's raw schema."""
        from ingestion.core.warehouse import attach_raw_zone as attach

        return attach()

    build = DbtTaskGroup(
        group_id="dbt_build",
        project_config=project,
        profile_config=profile,
        execution_config=execution,
        render_config=RenderConfig(load_method=load_method, exclude=["dq_findings"],
                                   test_behavior=TestBehavior.AFTER_EACH,
                                   # a test on two models (relationships, all_regions_present) runs
                                   # once both exist, not with the first of them
                                   should_detach_multiple_parents_tests=True),
        operator_args=operator_args,
    )

    findings = DbtTaskGroup(
        group_id="dq_findings",
        project_config=project,
        profile_config=profile,
        execution_config=execution,
        render_config=RenderConfig(load_method=load_method, select=["dq_findings"],
                                   test_behavior=TestBehavior.AFTER_EACH),
        operator_args=operator_args,
    )

    @task(pool=WAREHOUSE_POOL, trigger_rule="all_done")
    def dbt_docs() -> str:
        """dbt docs (catalog and static site) under var/dbt/docs/."""
        from dag_support.summary import generate_docs

        return generate_docs()

    @task(pool=WAREHOUSE_POOL, trigger_rule="all_done")
    def run_summary(**context) -> dict:
        """Rows loaded and quarantined per source, dbt results, findings: var/reports/run_summary.json."""
        from dag_support.summary import write_summary

        return write_summary(context["dag_run"].run_id)

    raw = attach_raw_zone()
    docs = dbt_docs()
    raw >> build >> findings >> docs
    docs >> run_summary()


transform()
