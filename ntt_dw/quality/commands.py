"""`ntt-dw findings ...`: the walidata's follow-up of data-quality findings from the command line.

    ntt-dw findings list [--agency bps] [--status baru] [--all]
    ntt-dw findings set-status ID STATUS --note "..." [--by NAME] [--no-refresh]
    ntt-dw findings clarify          # the klarifikasi_<agency>.xlsx workbooks, again

set-status appends to the follow-up log (ntt_dw/quality/followup.py) and then refreshes
marts.dq_findings, marts.dq_findings_followup and the workbooks, so BI tools show the status at
once; while a transform holds the warehouse, the status is recorded and shows after that build.
"""

from __future__ import annotations

import argparse
import sys

from ntt_dw.quality import followup


def refresh() -> None:
    """Rebuild the two findings marts from the stored test failures and the log (no test runs
    again), then the clarification workbooks. dbt runs in a process of its own: this one has
    already opened the warehouse read-only, and DuckDB refuses a differently configured second
    connection to one file in one process."""
    import os
    import subprocess

    from ingestion.core.settings import dbt_artifacts_dir, dbt_profile_args, dbt_project_dir
    from ntt_dw.orchestration.dbt import dbt_env, dbt_executable
    from publish.clarification_lists import write_clarification_lists

    command = [
        dbt_executable(),
        "run",
        "--select",
        "stg_quality__findings_followup dq_findings dq_findings_followup",
        "--project-dir",
        str(dbt_project_dir()),
        "--profiles-dir",
        str(dbt_project_dir()),
        *dbt_profile_args(),
        "--target-path",
        str(dbt_artifacts_dir() / "target-findings"),
        "--log-path",
        str(dbt_artifacts_dir() / "logs"),
        "--quiet",
    ]
    done = subprocess.run(command, env={**os.environ, **dbt_env()}, capture_output=True, text=True, check=False)
    if done.returncode:
        raise RuntimeError(f"refreshing the findings marts failed: {(done.stdout + done.stderr).strip()[-500:]}")
    write_clarification_lists()


def _list(args: argparse.Namespace) -> int:
    import duckdb

    from ingestion.core.settings import warehouse_path

    conditions, params = ([] if args.all else ["is_open"]), []
    if args.agency:
        conditions.append("agency_code = ?")
        params.append(args.agency)
    if args.status:
        conditions.append("followup_status = ?")
        params.append(followup.normalise_status(args.status))
    where = f"where {' and '.join(conditions)}" if conditions else ""
    with duckdb.connect(str(warehouse_path()), read_only=True) as con:
        rows = con.execute(
            f"""select finding_id, followup_status, agency_code, check_name, record_key, observed_value, expected_value
                from marts.dq_findings_followup {where} order by agency_code, check_name, record_key""",
            params,
        ).fetchall()
    for finding_id, status, agency, check, key, observed, expected in rows:
        print(f"{finding_id[:12]}  {status:<24} {agency:<10} {check:<26} {key}  [{observed} / {expected}]")
    print(f"{len(rows)} temuan", file=sys.stderr)
    return 0


def _set_status(args: argparse.Namespace) -> int:
    try:
        event = followup.set_status(args.finding_id, args.status, note=args.note, recorded_by=args.by)
    except followup.FollowupError as error:
        print(f"ntt-dw findings set-status: {error}", file=sys.stderr)
        return 2
    print(f"{event['finding_id']}: {event['status']} ({followup.log_path()})")
    if not args.no_refresh:
        try:
            refresh()
        except Exception as error:  # the status is recorded: a busy warehouse only delays showing it
            print(f"recorded; the marts show it after the next build ({error})", file=sys.stderr)
    return 0


def _clarify(args: argparse.Namespace) -> int:
    from publish.clarification_lists import write_clarification_lists

    for path in write_clarification_lists():
        print(path)
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="ntt-dw findings", description=__doc__.splitlines()[0])
    actions = main.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="findings with their follow-up status (open ones unless --all)")
    listing.add_argument("--agency", help="agency code (seed data_producers), e.g. bps, dp3a")
    listing.add_argument("--status", help="one follow-up status")
    listing.add_argument("--all", action="store_true", help="closed (diperbaiki) findings too")
    listing.set_defaults(handler=_list)
    setting = actions.add_parser("set-status", help="record a follow-up status for a finding")
    setting.add_argument("finding_id", help="finding id (or its first 6+ characters)")
    setting.add_argument("status", help=", ".join(followup.STATUSES) + " (hyphens or underscores for spaces)")
    setting.add_argument("--note", help="why (no personal data: a note naming a person is refused)")
    setting.add_argument("--by", help="who records it (default: the login name)")
    setting.add_argument("--no-refresh", action="store_true", help="only append to the log")
    setting.set_defaults(handler=_set_status)
    clarify = actions.add_parser("clarify", help="write the klarifikasi_<agency>.xlsx workbooks")
    clarify.set_defaults(handler=_clarify)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.handler(args))
