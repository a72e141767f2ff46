"""The dbt project as cosmos sees it: one ProjectConfig, ProfileConfig and RenderConfig, built
once and reused by the transform DAG.

The DAG is rendered from dbt's manifest (written by `dbt parse`, see the Makefile) so parsing the
DAG file never runs dbt; without a manifest cosmos falls back to `dbt ls`.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

from ingestion.core.settings import DBT_PROFILE, dbt_artifacts_dir, dbt_project_dir, dbt_target, home

PROFILE_NAME, TARGET_NAME = DBT_PROFILE, dbt_target()


def manifest_path() -> Path:
    return dbt_artifacts_dir() / "target" / "manifest.json"


def build_cache_dir() -> Path:
    """cosmos's cache folder of the transform's build group (cosmos names it <dag_id>__<group_id>):
    the partial parse the transform's dbt tasks start from."""
    from cosmos import settings

    return Path(settings.cache_dir) / "transform__dbt_build"


def reuse_parse(target: Path) -> None:
    """Give a dbt command writing to `target` the partial parse the manifest's `dbt parse` left in
    var/dbt/target, when it is newer than target's own: dbt then reads again only the files changed
    since, instead of the whole project (about 5 s per command on the demo)."""
    source = manifest_path().with_name("partial_parse.msgpack")
    kept = target / "partial_parse.msgpack"
    if source.exists() and (not kept.exists() or kept.stat().st_mtime < source.stat().st_mtime):
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, kept)


def _reuse_parse_in_cosmos_cache(context=None) -> None:
    reuse_parse(build_cache_dir() / "target")


def dbt_env() -> dict[str, str]:
    """Environment every dbt invocation gets: the runtime folder, and no anonymous tracking."""
    return {"NTT_DW_HOME": str(home()), "DO_NOT_TRACK": "1", "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else (shutil.which("dbt") or "dbt")


def keep_run_results(project_dir: str, context=None, **_) -> None:
    """cosmos callback: keep each dbt task's run_results.json for the run summary, and the
    manifest of a whole-project build for the docs site."""
    source = Path(project_dir) / "target" / "run_results.json"
    if not source.exists() or context is None:
        return
    ti = context["ti"]
    folder = dbt_artifacts_dir() / "run_results" / ti.run_id.replace(":", "_").replace("+", "_")
    folder.mkdir(parents=True, exist_ok=True)
    text = source.read_text(encoding="utf-8")
    (folder / f"{ti.task_id}.json").write_text(text, encoding="utf-8")
    args = json.loads(text).get("args", {})
    if args.get("which") == "build" and not args.get("select"):
        keep_build_manifest(Path(project_dir) / "target" / "manifest.json")


def docs_dir() -> Path:
    return dbt_artifacts_dir() / "docs"


def keep_build_manifest(manifest: Path) -> None:
    """The whole build's manifest.json (every node compiled, as it ran) becomes the docs site's:
    `dbt docs generate` then only reads the catalog instead of compiling every node again."""
    if manifest.exists():
        docs_dir().mkdir(parents=True, exist_ok=True)
        shutil.copy2(manifest, docs_dir() / "manifest.json")


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
    """Counts of dbt nodes by type and status over all dbt invocations of one run. A node that ran
    twice (the producer's build, then a model task's own retry) counts once, with its latest result."""
    folder = dbt_artifacts_dir() / "run_results" / run_id.replace(":", "_").replace("+", "_")
    latest: dict[str, str] = {}
    paths = sorted(folder.glob("*.json"), key=lambda path: path.stat().st_mtime) if folder.exists() else []
    for path in paths:
        for result in json.loads(path.read_text(encoding="utf-8")).get("results", []):
            latest[result["unique_id"]] = result["status"]
    counts: dict[str, dict[str, int]] = {}
    for unique_id, status in sorted(latest.items()):
        bucket = counts.setdefault(unique_id.split(".")[0], {})
        bucket[status] = bucket.get(status, 0) + 1
    return counts


def _project_operator(operator_class, task_id: str, doc_md: str):
    """A cosmos operator running one dbt command over the whole project, in the warehouse pool."""
    from ntt_dw.orchestration.defaults import WAREHOUSE_POOL

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
        cache_dir=build_cache_dir(),  # shares the build's partial parse (cosmos caches none for lone operators)
        pre_execute=_reuse_parse_in_cosmos_cache,
    )


def dbt_source_freshness_task(task_id: str = "dbt_source_freshness"):
    """`dbt source freshness` over every source in one task: eleven one-line checks do not need a
    task each (on Celery each task costs seconds of start-up). A stale source fails this task,
    and so the run, with an alert; it does not stop the other sources' models from building."""
    from cosmos.operators.local import DbtSourceLocalOperator

    return _project_operator(
        DbtSourceLocalOperator,
        task_id,
        "`dbt source freshness`: every raw source against the freshness in ingestion/sources.yml.",
    )


def dbt_build_group(group_id: str = "dbt_build"):
    """The warehouse built by ONE `dbt build` (seeds, models, tests) with a task per model in the UI.

    cosmos's ExecutionMode.WATCHER: the producer task runs `dbt build` once, with dbt's threads,
    and stores every node's result in XCom as dbt reports it; each model's task (a
    DbtModelWatcherSensor) then reads its model's result and its tests' aggregate. See
    dags/README.md "transform: one dbt build, a task per model" for ordering and what a retry does.
    """
    from cosmos import DbtTaskGroup, ExecutionConfig, RenderConfig
    from cosmos.constants import (
        DbtResourceType,
        ExecutionMode,
        LoadMode,
        SeedRenderingBehavior,
        SourceRenderingBehavior,
        TestBehavior,
    )

    from ntt_dw.orchestration.dbt_watcher import skip_debug_events_in_producer, store_only_final_node_events
    from ntt_dw.orchestration.defaults import WAREHOUSE_POOL

    store_only_final_node_events()
    skip_debug_events_in_producer()
    project, profile, execution = configs()
    group = DbtTaskGroup(
        group_id=group_id,
        project_config=project,
        profile_config=profile,
        execution_config=ExecutionConfig(
            execution_mode=ExecutionMode.WATCHER,
            invocation_mode=execution.invocation_mode,
            dbt_executable_path=execution.dbt_executable_path,
            # TestBehavior.NONE keeps test tasks out of the DAG; cosmos then limits the producer
            # to --resource-type seed/model/snapshot, so ask for tests too: one build runs them all.
            # no debug log file: cosmos writes it into the temporary project copy it deletes after
            setup_operator_args={
                "dbt_cmd_flags": ["--resource-type", "test", "--log-level-file", "none"],
                "doc_md": PRODUCER_DOC,
                "pre_execute": _reuse_parse_in_cosmos_cache,
            },
        ),
        render_config=RenderConfig(
            load_method=LoadMode.DBT_MANIFEST if manifest_path().exists() else LoadMode.DBT_LS,
            test_behavior=TestBehavior.NONE,  # each model's task reports its tests (below)
            seed_rendering_behavior=SeedRenderingBehavior.NONE,  # seeds load in the build, first
            source_rendering_behavior=SourceRenderingBehavior.NONE,  # dbt_source_freshness_task
            node_converters={DbtResourceType.MODEL: _model_task},
        ),
        # emit_datasets off: Airflow 3 refuses cosmos's OpenLineage URIs; the MARTS Asset is announced
        # by the DAG once everything passed
        operator_args={
            "pool": WAREHOUSE_POOL,
            "callback": keep_run_results,
            "emit_datasets": False,
        },
    )
    _read_after_the_producer(group)
    return group


PRODUCER_DOC = """`dbt build` of seeds, models and tests in one dbt process (cosmos WATCHER producer).
Each model's task in this group shows that model's result and its tests'. A retry of this task
does not build again: cosmos restores what the first attempt reported and each model task whose
model was not reached builds it alone (`dbt build --select <model>`)."""


def _model_task(dag, task_group, node, task_args: dict, **_):
    """cosmos node converter: a model's task is a DbtModelWatcherSensor named after the model."""
    from ntt_dw.orchestration.dbt_watcher import DbtModelWatcherSensor

    return DbtModelWatcherSensor(
        task_id=node.name,
        dag=dag,
        task_group=task_group,
        extra_context={"dbt_node_config": node.context_dict, "package_name": node.package_name},
        has_tests=node.has_test,
        doc_md=f"`{node.name}` and its tests, as the producer's `dbt build` reported them.",
        # it only reads XCom: outside the warehouse's one-slot pool, model tasks run side by side
        # (one at a time: 92 s instead of 68 s for the demo transform on Celery); a retry's own
        # build takes the writer lock
        **{**task_args, "pool": "default_pool"},
    )


def _read_after_the_producer(group) -> None:
    """Model tasks start once the producer has finished, whatever its outcome (trigger rule
    'all_done' on the first models; later ones follow their parent models). DuckDB has one writer,
    so nothing is gained by polling during the build, and under `airflow dags test`, which runs one
    task at a time in any order, a model task started first would wait for a producer that
    cannot start."""
    from cosmos.constants import PRODUCER_WATCHER_DONE_TASK_ID, PRODUCER_WATCHER_TASK_ID

    producer_id = f"{group.group_id}.{PRODUCER_WATCHER_TASK_ID}"
    internal = {producer_id, f"{group.group_id}.{PRODUCER_WATCHER_DONE_TASK_ID}"}
    producer = group.children[producer_id]
    for task_id, task in group.children.items():
        if task_id in internal:
            continue
        if not (set(task.upstream_task_ids) - internal):
            task.trigger_rule = "all_done"
            producer >> task
