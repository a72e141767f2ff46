"""The dbt project as cosmos sees it: one ProjectConfig, ProfileConfig and RenderConfig, built
once and reused by the transform DAG.

The DAG is rendered from dbt's manifest (written by `dbt parse`, see the Makefile) so parsing the
DAG file never runs dbt; without a manifest cosmos falls back to `dbt ls`.
"""
from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from ingestion.core.settings import dbt_artifacts_dir, dbt_project_dir, home

PROFILE_NAME = "ntt_dw"
TARGET_NAME = os.environ.get("NTT_DW_DBT_TARGET", "local")


def manifest_path() -> Path:
    return dbt_artifacts_dir() / "target" / "manifest.json"


def dbt_env() -> dict[str, str]:
    """Environment every dbt invocation gets: the runtime folder, and no anonymous tracking."""
    return {"NTT_DW_HOME": str(home()), "DO_NOT_TRACK": "1", "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else (shutil.which("dbt") or "dbt")


def keep_run_results(project_dir: str, context=None, **_) -> None:
    """cosmos callback: keep each dbt task's run_results.json for the run summary."""
    source = Path(project_dir) / "target" / "run_results.json"
    if not source.exists() or context is None:
        return
    ti = context["ti"]
    folder = dbt_artifacts_dir() / "run_results" / ti.run_id.replace(":", "_").replace("+", "_")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{ti.task_id}.json").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")


def configs():
    """(ProjectConfig, ProfileConfig, ExecutionConfig) for cosmos; imported lazily by the DAG."""
    from cosmos import ExecutionConfig, ProfileConfig, ProjectConfig
    from cosmos.constants import InvocationMode

    manifest = manifest_path()
    project = ProjectConfig(
        dbt_project_path=dbt_project_dir(),
        manifest_path=manifest if manifest.exists() else None,
        env_vars=dbt_env(),
        install_dbt_deps=False,
        partial_parse=True,  # cosmos caches partial_parse.msgpack: each task parses in a fraction
    )
    profile = ProfileConfig(
        profile_name=PROFILE_NAME,
        target_name=TARGET_NAME,
        profiles_yml_filepath=dbt_project_dir() / "profiles.yml",
    )
    execution = ExecutionConfig(dbt_executable_path=dbt_executable(), invocation_mode=InvocationMode.DBT_RUNNER)
    return project, profile, execution


def run_results_summary(run_id: str) -> dict:
    """Counts of dbt nodes by type and status over all tasks of one run."""
    folder = dbt_artifacts_dir() / "run_results" / run_id.replace(":", "_").replace("+", "_")
    counts: dict[str, dict[str, int]] = {}
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        for result in json.loads(path.read_text(encoding="utf-8")).get("results", []):
            kind = result["unique_id"].split(".")[0]
            bucket = counts.setdefault(kind, {})
            bucket[result["status"]] = bucket.get(result["status"], 0) + 1
    return counts


def _project_operator(operator_class, task_id: str, doc_md: str):
    """A cosmos operator running one dbt command over the whole project, in the warehouse pool."""
    from dag_support.defaults import WAREHOUSE_POOL

    project, profile, execution = configs()
    return operator_class(
        task_id=task_id,
        project_dir=str(dbt_project_dir()),
        profile_config=profile,
        dbt_executable_path=execution.dbt_executable_path,
        invocation_mode=execution.invocation_mode,
        env=dbt_env(),
        install_deps=False,
        partial_parse=True,
        pool=WAREHOUSE_POOL,
        callback=keep_run_results,
        doc_md=doc_md,
    )


def dbt_seed_task(task_id: str = "dbt_seed"):
    """One task loading every seed (reference data): a dozen small CSVs do not need a task each,
    and each cosmos task costs about a second of dbt start-up."""
    from cosmos.operators.local import DbtSeedLocalOperator

    return _project_operator(DbtSeedLocalOperator, task_id,
                             "`dbt seed`: the reference data of seeds/reference/ (regions, code lists, PJPK catalogue).")


def dbt_source_freshness_task(task_id: str = "dbt_source_freshness"):
    """`dbt source freshness` over every source in one task: eleven one-line checks do not need a
    task each (on Celery each task costs seconds of start-up). A stale source fails this task,
    and so the run, with an alert; it does not stop the other sources' models from building."""
    from cosmos.operators.local import DbtSourceLocalOperator

    return _project_operator(DbtSourceLocalOperator, task_id,
                             "`dbt source freshness`: every raw source against the freshness in ingestion/sources.yml.")


def dbt_task_group(group_id: str, *, select: tuple[str, ...] = (), exclude: tuple[str, ...] = ()):
    """A cosmos task group over part of the dbt project: a task per model running `dbt build` on
    it (the model, then its tests). Seeds are loaded before the group by dbt_seed_task, so a test
    relating a model to a seed runs with the model; source freshness is dbt_source_freshness_task.
    Every task takes the warehouse pool's single slot and keeps its run results."""
    from cosmos import DbtTaskGroup, RenderConfig
    from cosmos.constants import LoadMode, SeedRenderingBehavior, SourceRenderingBehavior, TestBehavior

    from dag_support.defaults import WAREHOUSE_POOL

    project, profile, execution = configs()
    return DbtTaskGroup(
        group_id=group_id,
        project_config=project,
        profile_config=profile,
        execution_config=execution,
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST if manifest_path().exists() else LoadMode.DBT_LS,
            select=list(select),
            exclude=list(exclude),
            test_behavior=TestBehavior.BUILD,
            seed_rendering_behavior=SeedRenderingBehavior.NONE,  # loaded by dbt_seed_task
            source_rendering_behavior=SourceRenderingBehavior.NONE,  # dbt_source_freshness_task
            # tests spanning a model and a seed run inside the model's `dbt build` (seeds load first)
            should_detach_multiple_parents_tests=False,
        ),
        operator_args={"pool": WAREHOUSE_POOL, "callback": keep_run_results, "install_deps": False},
    )
