"""Withdrawn budget files leave the budget marts and dq_findings as if they had never been
delivered; restoring them brings it all back (the registry side of withdrawals: test_withdrawal.py)."""

from dbt_helpers import DeliveryBuilds, deliver_budget

from ingestion.core import file_registry, withdrawal


def test_withdrawn_budget_files_leave_the_budget_marts_and_findings_as_if_never_delivered(ntt_home):
    """The budget sample extracts: a realisation table (incremental int_budget__realisation_registered)
    and the P-DPA revisions (plain models) delivered after the others, then withdrawn: every
    intermediate and mart table, dq_findings included, equals the build before they arrived;
    restored: equals the build that had them."""
    # first all of dq_findings' ancestors (@source:budget: dq_findings depends on every model),
    # then what the budget feeds, dq_findings included, last, in the same build
    builds = DeliveryBuilds(ntt_home, "budget")

    def build() -> dict:
        tables = builds.build()
        assert tables["intermediate.int_budget__realisation_registered"][0] > 0
        return tables

    late = ["realisasi_dak_nf_2023_tabel8.csv", "pergeseran_pdpa_2023.csv"]
    for name in ("anggaran_teks_2023.csv", "realisasi_apbd_2023_tabel6.csv", "realisasi_dak_nf_2023_tabel7.csv"):
        deliver_budget(ntt_home, name)
    before = build()
    for name in late:
        deliver_budget(ntt_home, name)
    with_them = build()
    changed = {table for table in with_them if with_them[table] != before.get(table)}
    assert {"intermediate.int_budget__realisation_registered", "marts.budget_revisions"} <= changed

    versions = [e["file_version_id"] for e in file_registry.entries("budget") if e["source_file"] in late]
    for version in versions:
        withdrawal.withdraw(version, reason="BPKAD: ignore these two files", by="ana")
    assert build() == before
    for version in versions:
        withdrawal.restore(version, reason="BPKAD: they were right", by="ana")
    assert build() == with_them
