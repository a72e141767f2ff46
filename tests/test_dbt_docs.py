"""The docs site of the transform: built from the whole build's manifest (every node compiled as it
ran) plus a catalog read from the warehouse, without compiling the project a second time."""

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from ntt_dw.orchestration.dbt import keep_run_results
from ntt_dw.orchestration.summary import generate_docs


def fake_producer_target(tmp_path: Path, built_target: Path, select: list[str]) -> Path:
    """A project folder as cosmos leaves it after a dbt command: target/ with run_results.json
    (whose args say what was selected) and manifest.json."""
    project = tmp_path / "cosmos_tmp_project"
    (project / "target").mkdir(parents=True)
    results = json.loads((built_target / "run_results.json").read_text(encoding="utf-8"))
    results["args"] = {**results.get("args", {}), "which": "build", "select": select}
    (project / "target" / "run_results.json").write_text(json.dumps(results), encoding="utf-8")
    shutil.copy2(built_target / "manifest.json", project / "target" / "manifest.json")
    return project


@pytest.fixture
def home(sample_warehouse_home, tmp_path, monkeypatch) -> Path:
    copy = tmp_path / "var"
    shutil.copytree(sample_warehouse_home, copy)
    monkeypatch.setenv("NTT_DW_HOME", str(copy))
    return copy


def compiled_models(manifest: Path) -> tuple[int, int]:
    nodes = json.loads(manifest.read_text(encoding="utf-8"))["nodes"]
    models = [node for unique_id, node in nodes.items() if unique_id.startswith("model.")]
    return len(models), sum(1 for node in models if node.get("compiled_code"))


def test_the_docs_site_uses_the_whole_builds_manifest_and_the_warehouse_catalog(home, tmp_path):
    context = {
        "ti": SimpleNamespace(run_id="manual__2026-12-02T00:00:00+00:00", task_id="dbt_build.dbt_producer_watcher")
    }
    one_model = fake_producer_target(tmp_path / "one", home / "dbt" / "target", ["fct_population"])
    keep_run_results(str(one_model), context=context)
    docs = home / "dbt" / "docs"
    assert not (docs / "manifest.json").exists()  # a single model's build is not the project's

    producer = fake_producer_target(tmp_path / "all", home / "dbt" / "target", [])
    keep_run_results(str(producer), context=context)
    assert (docs / "manifest.json").read_bytes() == (producer / "target" / "manifest.json").read_bytes()

    index = Path(generate_docs())
    assert index == docs / "index.html" and index.stat().st_size > 100_000
    models, compiled = compiled_models(docs / "manifest.json")
    assert models >= 40 and compiled == models  # the build's manifest, not overwritten by an uncompiled parse
    catalog = json.loads((docs / "catalog.json").read_text(encoding="utf-8"))
    assert "model.ntt_dw.pjpk_progress" in catalog["nodes"]
    assert catalog["nodes"]["model.ntt_dw.pjpk_progress"]["columns"]


def test_without_a_build_manifest_the_docs_compile_one(home):
    docs = home / "dbt" / "docs"
    assert not (docs / "manifest.json").exists()
    generate_docs()
    models, compiled = compiled_models(docs / "manifest.json")
    assert models >= 40 and compiled == models


def test_every_dbt_command_names_the_profile_and_target_cosmos_names(monkeypatch):
    """dbt reuses a partial parse only for a command with the same --profile and --target
    arguments: the manifest's parse (ntt_dw/airflow_local.py), the docs and cosmos's tasks agree."""
    from ingestion.core.settings import dbt_profile_args
    from ntt_dw import airflow_local
    from ntt_dw.orchestration.dbt import configs

    monkeypatch.setenv("NTT_DW_DBT_TARGET", "local")
    _, profile, _ = configs()
    expected = ["--profile", profile.profile_name, "--target", profile.target_name]
    assert dbt_profile_args() == expected
    parse = airflow_local.dbt_parse_command()
    assert parse[parse.index("--profile") : parse.index("--profile") + 4] == expected
