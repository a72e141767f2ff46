"""The walidata's follow-up of findings (ntt_dw/quality/followup.py, marts.dq_findings_followup,
publish/clarification_lists.py): statuses recorded by hand survive a rebuild from scratch, a
corrected re-delivery closes its finding as diperbaiki, the uncorrected figure sent again reopens
it, and each producing agency gets a workbook of what to clarify."""

from __future__ import annotations

import shutil

import duckdb
import pytest
from dbt_helpers import deliver_budget, ingest_everything, run_dbt

from ingestion.core import privacy
from ntt_dw.quality import commands, followup
from publish.clarification_lists import write_clarification_lists

#: Tabel 6, line 347: pagu 165.798.700 although realisasi + sisa = 169.884.640 (a published error)
TABEL6 = "realisasi_apbd_2023_tabel6.csv"
PUBLISHED_PAGU = "165.798.700"
CORRECTED_PAGU = "169.884.640"


@pytest.fixture(scope="module")
def home(sample_warehouse_home, tmp_path_factory):
    """A copy of the sample warehouse, its first findings recorded in the log (the transform's
    follow-up step)."""
    home = tmp_path_factory.mktemp("followup") / "var"
    shutil.copytree(sample_warehouse_home, home)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NTT_DW_HOME", str(home))
        recorded = followup.sync(run_id="first")
    assert recorded and set(recorded) == {"baru"}
    return home


@pytest.fixture
def in_home(home, monkeypatch):
    monkeypatch.setenv("NTT_DW_HOME", str(home))
    return home


def findings(home, where: str = "true", params=()) -> list[dict]:
    with duckdb.connect(str(home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        relation = con.execute(f"select * from marts.dq_findings_followup where {where}", list(params))
        names = [c[0] for c in relation.description]
        return [dict(zip(names, row, strict=True)) for row in relation.fetchall()]


def budget_finding(home) -> dict:
    (row,) = findings(
        home,
        "model_name = 'fct_budget_realisation_by_office' and record_key like '%penyediaan-jasa-pemeliharaan%'",
    )
    return row


def test_every_finding_is_logged_once_and_a_second_sync_records_nothing(in_home):
    logged = followup.latest_by_finding(followup.read_events())
    current = {row["finding_id"] for row in findings(in_home, "is_open")}
    assert set(logged) == current
    assert followup.sync(run_id="again") == {}


def test_a_status_is_refused_with_a_reason_when_it_cannot_be_right(in_home):
    finding = budget_finding(in_home)["finding_id"]
    before = followup.log_path().read_text(encoding="utf-8")
    with pytest.raises(followup.FollowupError, match="unknown status"):
        followup.set_status(finding, "selesai")
    with pytest.raises(followup.FollowupError, match="identifier"):
        followup.set_status(finding, "dikirim ke produsen", note="korban NIK 5371012345670001 minta dihubungi")
    with pytest.raises(followup.FollowupError, match="no finding"):
        followup.set_status("ffffffffff", "baru")
    with pytest.raises(followup.FollowupError, match="no finding"):
        followup.set_status(finding[:3], "baru")  # too short to be sure
    assert followup.log_path().read_text(encoding="utf-8") == before


def test_set_status_shows_in_the_marts_and_in_the_clarification_list(in_home, capsys):
    finding = budget_finding(in_home)["finding_id"]
    code = commands.main(["set-status", finding[:10], "dikirim-ke-produsen", "--note", "surat 12/2026", "--by", "ana"])
    assert code == 0, capsys.readouterr().err
    with duckdb.connect(str(in_home / "warehouse" / "ntt_dw.duckdb"), read_only=True) as con:
        status = con.execute(
            "select followup_status, followup_note from marts.dq_findings where finding_id = ?", [finding]
        ).fetchone()
    assert status == ("dikirim ke produsen", "surat 12/2026")
    (line,) = [e for e in followup.read_events() if e["finding_id"] == finding and e["origin"] == "manual"]
    assert (line["recorded_by"], line["check_name"]) == ("ana", "values_agree")

    from openpyxl import load_workbook

    workbook = load_workbook(in_home / "quality" / "klarifikasi" / "klarifikasi_dp3a.xlsx")
    rows = [row for sheet in workbook.worksheets[1:] for row in sheet.iter_rows(min_row=4, values_only=True)]
    (listed,) = [row for row in rows if row[1] == finding[:12]]
    assert listed[9] == "dikirim ke produsen" and "Mohon konfirmasi" in listed[8]
    assert listed[7] == pytest.approx(169884640 - 165798700)


def test_a_corrected_redelivery_closes_the_finding_and_the_old_figure_reopens_it(in_home):
    finding = budget_finding(in_home)["finding_id"]
    published = deliver_budget(in_home, TABEL6).read_text(encoding="utf-8")
    assert published.count(PUBLISHED_PAGU) == 1

    def redeliver(text: str) -> None:
        deliver_budget(in_home, TABEL6, text)
        ingest_everything()
        built = run_dbt(in_home, "build", "--select", "source:budget+", "stg_quality__findings_followup+")
        assert built.returncode == 0, built.stdout[-3000:]
        followup.sync(run_id="redelivery")

    redeliver(published.replace(PUBLISHED_PAGU, CORRECTED_PAGU))
    (closed,) = findings(in_home, "finding_id = ?", [finding])
    assert (closed["followup_status"], closed["is_open"]) == ("diperbaiki", False)
    assert followup.latest_by_finding(followup.read_events())[finding]["status"] == "diperbaiki"
    assert finding not in {row["finding_id"] for row in findings(in_home, "is_open")}

    # a wrong figure again (another one: the finding is about the row, not the value)
    redeliver(published.replace(PUBLISHED_PAGU, "165.798.800"))
    (reopened,) = findings(in_home, "finding_id = ?", [finding])
    assert (reopened["followup_status"], reopened["is_open"]) == ("baru", True)
    assert reopened["followup_note"].startswith("dibuka kembali")
    latest = followup.latest_by_finding(followup.read_events())[finding]
    assert (latest["status"], latest["origin"]) == ("baru", "otomatis")


def test_statuses_survive_a_rebuild_from_scratch_and_ids_are_stable(in_home):
    """The warehouse file deleted and built again from the raw zone: same finding ids, and the
    statuses the team recorded are still there (the log lives beside the warehouse)."""
    before = {row["finding_id"]: row for row in findings(in_home, "is_open")}
    chosen = sorted(before)[0]
    followup.set_status(chosen, "diterima dengan catatan", note="angka proyeksi, bukan hasil sensus", recorded_by="ana")
    (in_home / "warehouse" / "ntt_dw.duckdb").unlink()
    ingest_everything()
    built = run_dbt(in_home, "build")
    assert built.returncode == 0, built.stdout[-3000:]
    after = {row["finding_id"]: row for row in findings(in_home, "is_open")}
    assert set(after) == set(before)
    assert (after[chosen]["followup_status"], after[chosen]["followup_note"]) == (
        "diterima dengan catatan",
        "angka proyeksi, bukan hasil sensus",
    )


def test_each_agency_gets_a_workbook_of_its_open_findings_without_identifiers(in_home):
    from openpyxl import load_workbook

    written = write_clarification_lists()
    open_rows = findings(in_home, "is_open")
    agencies = {row["agency_code"] for row in open_rows}
    assert {path.name for path in written} == {f"klarifikasi_{agency}.xlsx" for agency in agencies}
    for path in written:
        agency = path.stem.removeprefix("klarifikasi_")
        workbook = load_workbook(path)
        assert workbook.sheetnames[0] == "Ringkasan"
        listed = []
        for sheet in workbook.worksheets[1:]:
            assert sheet.freeze_panes == "C4"
            assert [c.value for c in sheet[3]][:4] == ["No", "ID temuan", "Tabel/bagian", "Lokasi di dokumen"]
            for row in sheet.iter_rows(min_row=4, values_only=True):
                listed.append(row[1])
                assert row[8] and "{" not in row[8]  # the question is filled in
                for cell in row:
                    assert not privacy.identifier_kinds(cell), (path.name, cell)
        expected = sorted(r["finding_id"][:12] for r in open_rows if r["agency_code"] == agency)
        assert sorted(listed) == expected
