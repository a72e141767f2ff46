"""The `ntt-dw` command: every subcommand answers --help, dispatches to what it names, and the
project is a package (no sys.path edits, no module named after a package in the DAG folder)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ntt_dw import cli

REPO = Path(__file__).resolve().parents[1]
NTT_DW = str(Path(sys.executable).with_name("ntt-dw"))
REQUIRED = ("run", "airflow", "bi", "prod", "ingest", "build", "publish", "export", "report", "bench", "dbt-sources")


def test_the_installed_command_lists_every_subcommand():
    out = subprocess.run([NTT_DW, "--help"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    listed = set(re.findall(r"^    ([a-z-]+)", out.stdout, flags=re.MULTILINE))
    assert set(REQUIRED) <= listed


@pytest.mark.parametrize(
    "argv",
    [[name, "--help"] for name in REQUIRED]
    + [
        ["bench", "national", "--help"],
        ["bench", "transform", "--help"],
        ["withdraw", "--help"],
        ["dbt-sources", "--help"],
    ],
)
def test_every_subcommand_answers_help(argv, capsys):
    with pytest.raises(SystemExit) as exited:
        code = cli.main(argv)
        raise SystemExit(code)
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "usage:" in out and len(out) > 100


def test_dag_commands_run_the_dags_they_name(monkeypatch):
    ran = []
    monkeypatch.setattr(cli, "_run_dag_command", lambda dag_ids, conf=None: ran.append((dag_ids, conf)) or 0)
    assert cli.main(["ingest", "bps_population", "budget"]) == 0
    assert cli.main(["build"]) == 0
    assert cli.main(["build", "--force"]) == 0
    assert cli.main(["publish"]) == 0
    assert cli.main(["export"]) == 0
    assert ran == [
        (["ingest_bps_population", "ingest_budget"], None),
        (["transform"], None),
        (["transform"], {"force": True}),
        (["publish"], None),
        (["export_satu_data"], None),
    ]


def test_an_unknown_source_is_refused_with_the_known_ones(capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["ingest", "bps_populasi"])
    assert exited.value.code == 2
    assert "bps_populasi" in capsys.readouterr().err


def test_report_and_rollback_on_a_copy_of_the_sample_warehouse(sample_warehouse_home, tmp_path, monkeypatch, capsys):
    home = tmp_path / "var"
    shutil.copytree(sample_warehouse_home, home)
    monkeypatch.setenv("NTT_DW_HOME", str(home))
    assert cli.main(["report"]) == 0
    written = [Path(line) for line in capsys.readouterr().out.split()]
    assert [p.suffix for p in written] == [".html", ".pdf", ".xlsx"]  # the report, its PDF and its tables
    assert all(p.is_relative_to(home) and p.stat().st_size for p in written)
    assert "Laporan" in written[0].read_text(encoding="utf-8")
    assert cli.main(["publish", "--rollback"]) == 1  # nothing published: said, not a traceback
    assert "no previous snapshot" in capsys.readouterr().err


def test_no_code_edits_sys_path_and_no_dag_file_shadows_a_package():
    edits = []
    for path in REPO.rglob("*.py"):
        if {".venv", "var", ".git"} & set(path.relative_to(REPO).parts):
            continue
        text = path.read_text(encoding="utf-8")
        if path != Path(__file__) and re.search(r"sys\.path\s*(\.insert|\.append|\[|\+=|=)", text):
            edits.append(str(path.relative_to(REPO)))
    assert edits == []
    packages = {"ingestion", "publish", "ntt_dw"}
    assert not {path.stem for path in (REPO / "dags").glob("*.py")} & packages
    assert not (REPO / "dags" / "dag_support").exists()
