"""The linters CI runs (`make lint`, called by `make test`) enforce what the project decided:
heavy imports stay out of a DAG file's top level, and every linter runs before the tests."""

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def ruff(path: Path) -> str:
    out = subprocess.run(
        [str(BIN / "ruff"), "check", "--no-cache", "--output-format", "concise", str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return out.stdout


def test_a_dag_file_may_not_import_heavy_libraries_at_its_top(tmp_path):
    dags = REPO / "dags"
    planted = dags / "zz_lint_probe_dag.py"
    body = (
        '"""probe"""\n\nimport pandas\nfrom ntt_dw.orchestration.dbt import configs\n\n\n'
        "def f():\n    import duckdb\n\n    return duckdb, pandas, configs\n"
    )
    planted.write_text(body, encoding="utf-8")
    try:
        found = ruff(planted)
    finally:
        planted.unlink()
    assert re.findall(r"TID253 `(\S+)` is banned at the module level", found) == ["pandas", "ntt_dw.orchestration.dbt"]
    # the same imports outside the DAG folder are fine
    elsewhere = tmp_path / "module.py"
    elsewhere.write_text(body, encoding="utf-8")
    assert "TID253" not in ruff(elsewhere)


def test_make_test_runs_the_linters_first():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: venv lint\b", makefile, flags=re.MULTILINE)  # lint before any test
    lint = makefile.split("\nlint: venv\n", 1)[1].split("\n\n", 1)[0]
    assert all(tool in lint for tool in ("ruff check", "ruff format --check", "mypy", "sqlfluff lint"))
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
