"""A withdrawn UPTD PPA register file leaves every case table as if it had never been delivered,
through the incremental case models; restoring it brings it all back (the registry side of
withdrawals: test_withdrawal.py)."""

import duckdb
from dbt_helpers import DeliveryBuilds, deliver_register, register_by_thirds

from ingestion.core import file_registry, withdrawal


def test_a_withdrawn_register_file_leaves_every_case_mart_as_if_never_delivered(ntt_home, monkeypatch):
    """The UPTD PPA register (read by the incremental int_cases__registered and
    fct_case_counts_by_region): January-April and May-August delivered and built; then a corrected
    January-April (same file name) and September-December; both withdrawn -> every intermediate
    and mart table equals the first build's (the original January-April counts again); both
    restored -> equal to the build that had them."""
    monkeypatch.setenv("NTT_DW_PSEUDONYM_KEY", "withdrawal-test-key-0123456789abcdef0123")
    database = ntt_home / "warehouse" / "ntt_dw.duckdb"
    # no data tests: what is compared is the tables (their findings: the budget module's and dbt_build's)
    builds = DeliveryBuilds(ntt_home, "uptd_ppa", "dq_findings+", "resource_type:test")

    def build() -> dict:
        tables = builds.build()
        assert tables["intermediate.int_cases__registered"][0] > 0
        return tables

    title, header, parts = register_by_thirds()
    jan_apr, mei_agu, sep_des = parts
    deliver_register(ntt_home, jan_apr, title, header, parts[jan_apr])
    deliver_register(ntt_home, mei_agu, title, header, parts[mei_agu])
    never_had_them = build()

    corrected = [row[:] for row in parts[jan_apr][3:]]
    corrected[0][5] = "Fisik"
    deliver_register(ntt_home, jan_apr, title, header, corrected)
    deliver_register(ntt_home, sep_des, title, header, parts[sep_des])
    with_them = build()
    assert with_them != never_had_them
    by_name = {}
    for entry in sorted(file_registry.entries("uptd_ppa"), key=lambda e: e["loaded_at"]):
        by_name[entry["source_file"]] = entry["file_version_id"]  # the latest version of each name
    yesterday = [by_name[jan_apr], by_name[sep_des]]

    for version in yesterday:
        assert withdrawal.withdraw(version, reason="UPTD PPA: ignore yesterday's files", by="ana").changed
    assert build() == never_had_them
    with duckdb.connect(str(database), read_only=True) as con:
        current = con.execute(
            "select source_file, file_version_id, is_withdrawn, withdrawn_by, withdrawal_reason "
            "from staging.stg_ingestion__file_versions where is_current_version order by 1"
        ).fetchall()
        withdrawn = con.execute(
            "select file_version_id from staging.stg_ingestion__file_versions "
            "where is_withdrawn and not is_current_version order by 1"
        ).fetchall()
        stored = {
            v
            for (v,) in con.execute(
                "select distinct file_version_id from intermediate.int_cases__registered"
            ).fetchall()
        }
    assert [(name, withdrawn_flag, by) for name, _, withdrawn_flag, by, _ in current] == [
        (jan_apr, False, None),
        (mei_agu, False, None),
    ]
    assert current[0][1] != by_name[jan_apr]  # the original January-April is current again
    assert sorted(withdrawn) == sorted((v,) for v in yesterday)
    assert stored == {current[0][1], current[1][1]}

    for version in yesterday:
        assert withdrawal.restore(version, reason="sent again: they were right", by="budi").changed
    assert build() == with_them
