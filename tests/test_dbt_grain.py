"""The `grain` generic test (dbt_project/tests/generic/grain.sql): a NULL key part and a repeated
key are both findings. The uniqueness test on "year || '|' || coverage_code" it replaced saw
neither the NULL (the concatenation is NULL, and NULLs are not compared) nor a second NULL row."""

import shutil

import duckdb
import yaml
from dbt_helpers import run_dbt

from ingestion.core.settings import dbt_project_dir


def test_a_null_key_part_and_a_repeated_key_are_findings(sample_warehouse_home, tmp_path):
    home = tmp_path / "var"
    shutil.copytree(sample_warehouse_home, home)
    database = home / "warehouse" / "ntt_dw.duckdb"
    with duckdb.connect(str(database)) as con:
        (first, second) = con.execute("select coverage_code from marts.service_coverage order by 1 limit 2").fetchall()
        con.execute("update marts.service_coverage set coverage_code = null where coverage_code = ?", [first[0]])
        repeated = "insert into marts.service_coverage select * from marts.service_coverage where coverage_code = ?"
        con.execute(repeated, [second[0]])
        # what the replaced test saw: nothing, the NULL key part is NULL as a whole
        (concatenated,) = con.execute(
            "select count(*) - count(distinct year || '|' || coverage_code) - count(*) filter "
            "(where year || '|' || coverage_code is null) from marts.service_coverage"
        ).fetchone()
    assert concatenated == 1  # it would have caught the repeat only

    tested = run_dbt(home, "test", "--select", "test_name:grain,service_coverage")
    assert tested.returncode == 1, tested.stdout[-2000:]
    with duckdb.connect(str(database), read_only=True) as con:
        (table,) = con.execute(
            "select table_name from information_schema.tables where table_schema = 'dq_audit' "
            "and table_name like 'grain_service_coverage%'"
        ).fetchone()
        findings = set(
            con.execute(f'select record_key, observed_value, expected_value from dq_audit."{table}"').fetchall()
        )
    assert findings == {
        (f"year=2023|coverage_code={second[0]}", "appears 2 times", "one row per year x coverage_code"),
        ("year=2023|coverage_code=NULL", "coverage_code is null", "one row per year x coverage_code"),
    }


def test_no_uniqueness_test_on_a_concatenated_key_is_left():
    concatenated = []
    for path in dbt_project_dir().rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        if "||" in text and "unique" in text:
            for model in (yaml.safe_load(text) or {}).get("models", []):
                for test in model.get("data_tests", []):
                    if isinstance(test, dict) and "unique" in test and "||" in str(test["unique"]):
                        concatenated.append(f"{path.name}: {model['name']}")
    assert concatenated == []


def test_every_model_description_begins_with_its_grain():
    """A reader of the docs (or of a BI tool's table comment) learns first what one row is."""
    without = []
    for path in dbt_project_dir().rglob("_*models.yml"):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            if not " ".join((model.get("description") or "").split()).startswith("One row per "):
                without.append(model["name"])
    assert without == []


def test_shared_column_wording_lives_in_doc_blocks():
    """The wording of columns many models share is written once (models/_docs.md)."""
    repeated = {}
    for path in dbt_project_dir().rglob("_*models.yml"):
        for model in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("models", []):
            for column in model.get("columns", []):
                if column["name"] in ("source_document", "source_table", "source_line", "region_code", "budget_year"):
                    repeated.setdefault(column.get("description", ""), []).append(f"{model['name']}.{column['name']}")
    literal = {text: where for text, where in repeated.items() if "doc(" not in text and len(where) > 1}
    assert literal == {}
