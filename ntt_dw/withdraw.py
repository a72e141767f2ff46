"""Withdraw a delivered file version, restore it, or list the withdrawn ones (no Airflow needed).

    ntt-dw withdraw VERSION_ID --reason "the agency: ignore yesterday's file" [--by NAME]
    ntt-dw restore VERSION_ID --reason "sent again, it was right" [--by NAME]
    ntt-dw withdrawn [--source SOURCE]

VERSION_ID is a file version id (var/raw/_registry/<source>/<id>.json) or a unique prefix of one
(at least 6 hex digits). The registry keeps the version and records who, when and why; the next
transform build leaves it out (its inputs fingerprint changed), and every mart is then what it
would be had the file never been delivered. Both actions are idempotent. Exit status: 0 done or
nothing to do, 2 unknown id or missing reason.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from ingestion.core import withdrawal

NEXT_STEP = (
    "Rebuild: the transform DAG builds it with the next delivery, or now with "
    "`airflow dags trigger transform` (or `make run`)."
)


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without a passwd entry)
        return "unknown"


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__
    )
    commands = main.add_subparsers(dest="command", required=True)
    for name, text in (
        ("withdraw", "leave a delivered file version out of the warehouse"),
        ("restore", "take a withdrawn file version in again"),
    ):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("version_id", metavar="VERSION_ID", help="file version id, or a unique prefix of one")
        command.add_argument("--reason", required=True, help="why (free text, kept in the registry)")
        command.add_argument("--by", default=_user(), help="who asks for it (default: your user name)")
        command.add_argument("--json", action="store_true", help="print the outcome as JSON")
    listing = commands.add_parser("list", help="the withdrawn file versions", description="the withdrawn file versions")
    listing.add_argument("--source", help="only this source (e.g. uptd_ppa)")
    listing.add_argument("--json", action="store_true", help="print the entries as JSON")
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "list":
        rows = withdrawal.withdrawn_versions(args.source)
        if args.json:
            print(json.dumps(rows, ensure_ascii=False, indent=2))
            return 0
        if not rows:
            print("no withdrawn file version" + (f" of {args.source}" if args.source else ""))
        for row in rows:
            print(
                f"{row['file_version_id']}  {row['source_name']:<20} {row['source_file']}\n"
                f"    withdrawn {row['withdrawn_at']} by {row['withdrawn_by']}: {row['withdrawal_reason']}"
            )
        return 0
    action = withdrawal.withdraw if args.command == "withdraw" else withdrawal.restore
    try:
        outcome = action(args.version_id, reason=args.reason, by=args.by)
    except (LookupError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(outcome.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(outcome.message)
        if outcome.changed:
            print(NEXT_STEP)
    return 0


if __name__ == "__main__":
    sys.exit(main())
