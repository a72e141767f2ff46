"""The end-of-run summary an operator reads: what was loaded and quarantined per source, what
dbt built and tested, which data-quality findings stand, and where the outputs are."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from ingestion.core import file_registry
from ingestion.core.settings import dbt_artifacts_dir, dbt_profile_args, dbt_project_dir, home, warehouse_path
from ingestion.core.source_registry import load_registry
from ntt_dw.orchestration.dbt import dbt_env, docs_dir, manifest_path, reuse_parse, run_results_summary


def generate_docs() -> str:
    """`dbt docs generate` into var/dbt/docs/; returns the index.html path. The site's
    manifest.json is the one the whole build left there (ntt_dw.orchestration.dbt.keep_build_manifest) when
    it is newer than the project's last parse: then only the catalog is read from the warehouse
    (`--no-compile`; this command's own parse writes no manifest); otherwise dbt compiles every node
    again to write one."""
    import os

    from dbt.cli.main import dbtRunner

    target = docs_dir()
    reuse_parse(target)
    built, parsed = target / "manifest.json", manifest_path()
    use_build = built.exists() and (not parsed.exists() or built.stat().st_mtime >= parsed.stat().st_mtime)
    os.environ.update(dbt_env())
    result = dbtRunner().invoke(
        [
            "docs",
            "generate",
            "--no-compile" if use_build else "--compile",
            "--project-dir",
            str(dbt_project_dir()),
            "--profiles-dir",
            str(dbt_project_dir()),
            *dbt_profile_args(),
            "--target-path",
            str(target),
            "--log-path",
            str(dbt_artifacts_dir() / "logs"),
            "--quiet",
        ]
    )
    if not result.success:
        raise RuntimeError(f"dbt docs generate failed: {result.exception}")
    return str(target / "index.html")


def delivery_problems() -> dict[str, list[dict]]:
    """What the data team must look at in the landing zone: files rejected whole (current
    versions: a rejected file not yet re-delivered), files loaded with warnings, and files no
    source picks up."""
    from ingestion.core.landing import unclaimed_everywhere

    rejected, warned = [], []
    for name in load_registry():
        latest: dict[str, dict] = {}
        for entry in sorted(file_registry.entries(name), key=lambda e: e.get("loaded_at") or ""):
            latest[entry["source_file"]] = entry
        for entry in latest.values():
            if entry.get("withdrawn_at"):
                continue
            if entry["status"] == "rejected":
                rejected.append({"source": name, "file": entry["source_file"], "error": entry.get("error")})
            elif entry.get("warnings"):
                warned.append({"source": name, "file": entry["source_file"], "warnings": entry["warnings"]})
    return {"rejected_files": rejected, "files_with_warnings": warned, "unclaimed_files": unclaimed_everywhere()}


def source_counts() -> dict[str, dict]:
    """Per source: files and records of the current version of every delivered file."""
    counts = {}
    for name in load_registry():
        entries = file_registry.entries(name)
        latest: dict[str, dict] = {}
        for entry in sorted(entries, key=lambda e: e.get("loaded_at") or ""):
            latest[entry["source_file"]] = entry
        current = list(latest.values())
        counts[name] = {
            "files": len(current),
            "files_rejected": sum(e["status"] == "rejected" for e in current),
            "records_read": sum(e["records_read"] for e in current),
            "records_loaded": sum(e["records_loaded"] for e in current),
            "records_quarantined": sum(e["records_quarantined"] for e in current),
        }
    return counts


def finding_counts(database: Path) -> list[dict]:
    if not database.exists():
        return []
    # not read_only: under `airflow dags test` dbt-duckdb already holds this file open in the same
    # process, and DuckDB refuses a second connection with another configuration
    with duckdb.connect(str(database)) as con:
        try:
            rows = con.execute(
                "select check_name, severity, count(*) from marts.dq_findings group by all order by 1, 2"
            ).fetchall()
        except duckdb.CatalogException:
            return []
    return [{"check": c, "severity": s, "findings": n} for c, s, n in rows]


def delivery_completeness(database: Path) -> list[dict]:
    """Per source, the deliveries owed by the evaluation date, received and received on time
    (marts.delivery_completeness_summary); [] before the mart exists."""
    if not database.exists():
        return []
    with duckdb.connect(str(database)) as con:  # not read_only: see finding_counts
        try:
            relation = con.execute(
                """select source_name, agency, period_type, per_region, expected_count, delivered_count,
                          on_time_count, completeness_pct, timeliness_pct, completeness_min_pct,
                          timeliness_min_pct, first_period_due, last_period_due,
                          evaluated_on::varchar as evaluated_on
                   from marts.delivery_completeness_summary order by source_name"""
            )
        except duckdb.CatalogException:
            return []
        names = [d[0] for d in relation.description]
        rows = relation.fetchall()
    return [dict(zip(names, row, strict=True)) for row in rows]


def followup_counts(database: Path) -> dict[str, dict[str, int]]:
    """Findings in the walidata's register by producing agency and follow-up status
    (marts.dq_findings_followup); {} before the mart exists."""
    if not database.exists():
        return {}
    with duckdb.connect(str(database)) as con:  # not read_only: see finding_counts
        try:
            rows = con.execute(
                """select agency_code, followup_status, count(*)
                   from marts.dq_findings_followup group by all order by all"""
            ).fetchall()
        except duckdb.CatalogException:
            return {}
    counts: dict[str, dict[str, int]] = {}
    for agency, status, n in rows:
        counts.setdefault(agency, {})[status] = n
    return counts


def delivery_line(row: dict) -> str:
    """One source's line, e.g. "uptd_ppa: 12/46 periods delivered (26 %), 0 on time"."""
    unit = "regency-periods" if row["per_region"] else "periods"
    if not row["expected_count"]:
        return f"{row['source_name']}: no {row['period_type']} due yet"
    line = (
        f"{row['source_name']}: {row['delivered_count']}/{row['expected_count']} {unit} delivered "
        f"({row['completeness_pct']:.0f} %), {row['on_time_count']} on time"
    )
    below = [
        name
        for name, pct, threshold in (
            ("completeness", row["completeness_pct"], row["completeness_min_pct"]),
            ("timeliness", row["timeliness_pct"], row["timeliness_min_pct"]),
        )
        if pct < threshold
    ]
    return line + (f"  (below threshold: {', '.join(below)})" if below else "")


def render_text(summary: dict) -> str:
    lines = ["ntt-dw run summary", "=" * 18, "", "Sources (current file versions):"]
    for name, c in summary["sources"].items():
        lines.append(
            f"  {name:<22} files {c['files']:>3}  read {c['records_read']:>6}  loaded {c['records_loaded']:>6}"
            f"  quarantined {c['records_quarantined']:>5}  rejected files {c['files_rejected']}"
        )
    problems = summary.get("deliveries", {})
    if problems.get("rejected_files"):
        lines += ["", "Files rejected whole (fix and deliver again; see raw/_registry/<source>/):"]
        lines += [f"  {p['source']}: {p['error']}" for p in problems["rejected_files"]]
    if problems.get("unclaimed_files"):
        lines += ["", "Delivered files no source picks up (var/landing/):"]
        lines += [
            f"  {'/'.join(x for x in (p['folder'], p['file']) if x)}: {p['reason']}"
            for p in problems["unclaimed_files"]
        ]
    if problems.get("files_with_warnings"):
        lines += ["", "Files loaded with warnings:"]
        for p in problems["files_with_warnings"]:
            lines += [f"  {p['source']} {p['file']}: {w}" for w in p["warnings"][:5]]
            if len(p["warnings"]) > 5:
                lines.append(f"  {p['source']} {p['file']}: ... {len(p['warnings']) - 5} more (registry entry)")
    dbt = summary["dbt"]
    models = dbt.get("model", {})
    tests = dbt.get("test", {})
    seeds = dbt.get("seed", {})
    lines += [
        "",
        "dbt:",
        f"  seeds loaded   {seeds.get('success', 0)}",
        f"  models built   {models.get('success', 0)} (errors {models.get('error', 0)})",
        f"  tests          passed {tests.get('pass', 0)}, warned {tests.get('warn', 0)}, "
        f"failed {tests.get('fail', 0)}, errored {tests.get('error', 0)}",
        "",
        "Data-quality findings (marts.dq_findings):",
    ]
    total = 0
    for row in summary["findings"]:
        total += row["findings"]
        lines.append(f"  {row['check']:<24} {row['severity']:<5} {row['findings']:>5}")
    lines.append(f"  {'total':<30} {total:>5}")
    deliveries = summary.get("delivery_completeness") or []
    if deliveries:
        first = deliveries[0]
        lines += [
            "",
            f"Delivery completeness and timeliness (marts.delivery_completeness_summary, periods due by "
            f"{first['evaluated_on']}; thresholds {first['completeness_min_pct']:.0f} % delivered, "
            f"{first['timeliness_min_pct']:.0f} % on time):",
        ]
        lines += [f"  {delivery_line(row)}" for row in deliveries]
    followup = summary.get("findings_followup") or {}
    if followup:
        lines += ["", "Findings by producing agency and follow-up status (marts.dq_findings_followup):"]
        for agency, counts in followup.items():
            lines.append(f"  {agency:<12} " + ", ".join(f"{status} {n}" for status, n in counts.items()))
        lines.append(f"  clarification lists: {summary['clarification_lists']}")
    lines += ["", f"Warehouse: {summary['warehouse']}", f"dbt docs:  {summary['dbt_docs']}"]
    report = summary.get("monitoring_report")
    lines += [f"PJPK report: {report}" if report else "PJPK report: not written (see the monitoring_report task)"]
    lines += [f"             {path}" for path in summary.get("monitoring_report_copies") or []] + [""]
    return "\n".join(lines)


def _existing(path: Path, since: float | None) -> str | None:
    """The path if the file was written during this run (a stale report from an earlier run is not this run's)."""
    if path.exists() and (since is None or path.stat().st_mtime >= since):
        return str(path)
    return None


def write_summary(run_id: str, started_at: float | None = None) -> dict:
    summary = {
        "run_id": run_id,
        "sources": source_counts(),
        "deliveries": delivery_problems(),
        "dbt": run_results_summary(run_id),
        "findings": finding_counts(warehouse_path()),
        "delivery_completeness": delivery_completeness(warehouse_path()),
        "findings_followup": followup_counts(warehouse_path()),
        "clarification_lists": str(home() / "quality" / "klarifikasi"),
        "warehouse": str(warehouse_path()),
        "dbt_docs": str(dbt_artifacts_dir() / "docs" / "index.html"),
        "monitoring_report": _existing(home() / "reports" / "laporan_pemantauan_pjpk.html", since=started_at),
        # the same report as PDF and its tables as XLSX (publish/monitoring_report.write_reports)
        "monitoring_report_copies": [
            path
            for suffix in ("pdf", "xlsx")
            if (path := _existing(home() / "reports" / f"laporan_pemantauan_pjpk.{suffix}", since=started_at))
        ],
    }
    folder = home() / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "run_summary.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False), encoding="utf-8")
    (folder / "run_summary.txt").write_text(render_text(summary), encoding="utf-8")
    return summary
