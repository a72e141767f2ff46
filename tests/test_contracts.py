"""Published marts keep their contracts: what BI tools' saved queries and the exports rely on.

dbt enforces each contract at build time (a model whose SQL drifts from its declared columns
fails). This test makes a change to a declared contract itself visible: the declared columns and
types of every mart must equal tests/contracts/published_marts.json, so changing a contract
means changing that file too, in the same reviewed commit. Every mart must also have an enforced
contract, a description in Bahasa Indonesia and English ("Bahasa / English"), and every column
a description."""

import json
from pathlib import Path

import pytest
from dbt_helpers import run_dbt

EXPECTED = Path(__file__).resolve().parent / "contracts" / "published_marts.json"


@pytest.fixture(scope="module")
def manifest(tmp_path_factory):
    home = tmp_path_factory.mktemp("contracts") / "var"
    parsed = run_dbt(home, "parse")
    assert parsed.returncode == 0, parsed.stdout[-3000:]
    return json.loads((home / "dbt" / "target" / "manifest.json").read_text(encoding="utf-8"))


def marts(manifest) -> dict[str, dict]:
    return {
        n["name"]: n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and n["path"].startswith("marts/")
    }


def test_every_mart_has_an_enforced_contract(manifest):
    unenforced = [name for name, node in marts(manifest).items() if not node["config"]["contract"]["enforced"]]
    assert unenforced == []


def test_declared_contracts_equal_the_reviewed_expectation(manifest):
    declared = {
        name: {c["name"]: c["data_type"] for c in node["columns"].values()} for name, node in marts(manifest).items()
    }
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    changed = {
        name: {"declared": declared.get(name), "expected": expected.get(name)}
        for name in set(declared) | set(expected)
        if declared.get(name) != expected.get(name)
    }
    assert changed == {}, f"contract changed: update {EXPECTED.name} in the same commit if intended: {changed}"


def test_marts_are_described_in_bahasa_and_english(manifest):
    """Each mart's description is bilingual ("Bahasa / English"); every column has a description."""
    missing = []
    for name, node in marts(manifest).items():
        if " / " not in node["description"]:
            missing.append(name)
        missing += [f"{name}.{c['name']}" for c in node["columns"].values() if not (c.get("description") or "").strip()]
    assert missing == []


def test_every_export_dataset_and_dashboard_is_an_exposure(manifest):
    from publish.satu_data import load_datasets

    exposures = {e["name"]: e for e in manifest["exposures"].values()}
    _, datasets = load_datasets()
    for name, spec in datasets.items():
        exposure = exposures[f"satu_data_{name}"]
        assert f"model.ntt_dw.{spec['mart']}" in exposure["depends_on"]["nodes"]
    dashboards = [e for e in exposures.values() if e["type"] == "dashboard"]
    assert len(dashboards) >= 3
    exposed = {node for e in exposures.values() for node in e["depends_on"]["nodes"]}
    assert {f"model.ntt_dw.{name}" for name in marts(manifest)} <= exposed  # every mart has a reader
