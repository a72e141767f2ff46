"""`ntt-dw`: the warehouse's command line (installed with the project: `uv pip install -e .`).

Every command works on the runtime folder NTT_DW_HOME (default var/ in the repository). The
commands that run a DAG run it as `airflow dags test` does: a real DAG run in the local metadata
DB (var/airflow, SQLite), its tasks in this process, so what they do is what the scheduler does.
`ntt-dw COMMAND --help` says more about each.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

#: `ntt-dw bench NAME`: the benchmark modules (each prints its figures and writes var/bench/*.json)
BENCHMARKS = {
    "national": "ntt_dw.bench.national",
    "transform": "ntt_dw.bench.transform",
    "dag-parse": "ntt_dw.bench.dag_parse",
    "main-job": "ntt_dw.bench.main_job",
    "celery": "ntt_dw.bench.celery_transform",
}
#: `ntt-dw bench` alone: what `make bench` runs
DEFAULT_BENCH: tuple[tuple[str, list[str]], ...] = (("national", ["--scales", "xs", "s", "m", "l"]), ("transform", []))


def _run(args: argparse.Namespace) -> int:
    from ntt_dw import main_job

    return main_job.main([])


def _run_dag_command(dag_ids: list[str], conf: dict | None = None) -> int:
    from ntt_dw import airflow_local, main_job

    airflow_local.init()
    main_job.run_dags(dag_ids, conf=conf)
    return 0


def _ingest(args: argparse.Namespace) -> int:
    from ingestion.core.source_registry import get_source

    return _run_dag_command([get_source(name).dag_id for name in args.sources])


def _build(args: argparse.Namespace) -> int:
    return _run_dag_command(["transform"], conf={"force": True} if args.force else None)


def _publish(args: argparse.Namespace) -> int:
    if args.rollback:
        from publish.snapshot import rollback

        try:
            print(f"current snapshot: {rollback()}")
        except FileNotFoundError as error:
            print(f"ntt-dw publish --rollback: {error}", file=sys.stderr)
            return 1
        return 0
    return _run_dag_command(["publish"])


def _export(args: argparse.Namespace) -> int:
    return _run_dag_command(["export_satu_data"])


def _report(args: argparse.Namespace) -> int:
    from publish.monitoring_report import write_reports

    for written in write_reports(read_only=True).values():
        print(written)
    return 0


def _dbt_sources(args: argparse.Namespace) -> int:
    from ingestion.core import dbt_sources

    return dbt_sources.main(args.rest)


def _airflow(args: argparse.Namespace) -> int:
    from ntt_dw import airflow_local

    action = args.action
    return airflow_local.main([("airflow" if action == "cli" else action), *args.rest])


def _bi(args: argparse.Namespace) -> int:
    from ntt_dw import superset_local

    return superset_local.main([args.action, *args.rest])


def _prod(args: argparse.Namespace) -> int:
    from ntt_dw import prod_local

    return prod_local.main([args.action, *args.rest])


def _bench(args: argparse.Namespace) -> int:
    import importlib

    runs = [(args.name, args.rest)] if args.name else list(DEFAULT_BENCH)
    for name, rest in runs:
        code = importlib.import_module(BENCHMARKS[name]).main(rest)
        if code:
            return code
    return 0


def _withdrawal(command: str) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        from ntt_dw import withdraw

        return withdraw.main([command, *args.rest])

    return handler


def _findings(args: argparse.Namespace) -> int:
    from ntt_dw.quality import commands

    return commands.main(args.rest)


def _source_names() -> list[str]:
    from ingestion.core.source_registry import load_registry

    return list(load_registry())


def parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The command line, and each command's own parser by name."""
    main = argparse.ArgumentParser(
        prog="ntt-dw",
        description=__doc__.splitlines()[0],
        epilog=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = main.add_subparsers(dest="command", required=True, metavar="COMMAND")
    by_name: dict[str, argparse.ArgumentParser] = {}

    def command(
        name: str, text: str, handler: Callable[[argparse.Namespace], int], **kwargs
    ) -> argparse.ArgumentParser:
        sub = by_name[name] = commands.add_parser(name, help=text, description=text, **kwargs)
        sub.set_defaults(handler=handler)
        return sub

    command("run", "the main job: sample extracts -> every ingestion DAG -> transform -> publish -> export", _run)
    ingest = command(
        "ingest", "one or more sources' ingestion DAGs (ingest_<source>): new files in the landing zone", _ingest
    )
    ingest.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        choices=_source_names(),
        help=f"a source of ingestion/sources.yml: {', '.join(_source_names())}",
    )
    build = command("build", "the transform DAG only: one dbt build, a task per model, report, run summary", _build)
    build.add_argument("--force", action="store_true", help="build although the inputs equal the last good build's")
    publish = command("publish", "the publish DAG: the marts into a new read-only BI snapshot", _publish)
    publish.add_argument("--rollback", action="store_true", help="point the current snapshot back at the previous one")
    command(
        "export",
        "the export_satu_data DAG: CSV + data package of the current snapshot, small counts suppressed",
        _export,
    )
    command(
        "report", "write the PJPK monitoring report (Bahasa Indonesia; HTML, PDF, XLSX) from the warehouse", _report
    )

    passthrough = {"add_help": False, "prefix_chars": "\0"}  # --help and options go to the command itself
    airflow = command(
        "airflow",
        "local Airflow: standalone UI (default), init, env, or cli ARGS (any airflow command)",
        _airflow,
        **passthrough,
    )
    airflow.add_argument("action", nargs="?", default="standalone", choices=["standalone", "init", "env", "cli"])
    airflow.add_argument("rest", nargs=argparse.REMAINDER)
    bi = command(
        "bi",
        "Superset provisioned from superset/ (own venv): start (default), setup, serve, env",
        _bi,
        **passthrough,
    )
    bi.add_argument("action", nargs="?", default="start", choices=["start", "setup", "serve", "env"])
    bi.add_argument("rest", nargs=argparse.REMAINDER)
    prod = command(
        "prod",
        "the production topology as processes (CeleryExecutor, PostgreSQL, Redis): start, stop, status",
        _prod,
        **passthrough,
    )
    prod.add_argument("action", choices=["start", "stop", "status"])
    prod.add_argument("rest", nargs=argparse.REMAINDER)
    bench = command(
        "bench",
        f"benchmarks: {', '.join(BENCHMARKS)} (each takes --help); none named: national and transform",
        _bench,
        **passthrough,
    )
    bench.add_argument("name", nargs="?", choices=list(BENCHMARKS))
    bench.add_argument("rest", nargs=argparse.REMAINDER)
    dbt = command(
        "dbt-sources",
        "write dbt_project/models/staging/*/_*__sources.yml from ingestion/sources.yml",
        _dbt_sources,
        **passthrough,
    )
    dbt.add_argument("rest", nargs=argparse.REMAINDER)
    findings = command(
        "findings",
        "data-quality findings: list, set-status ID STATUS --note ..., clarify (the klarifikasi workbooks)",
        _findings,
        **passthrough,
    )
    findings.add_argument("rest", nargs=argparse.REMAINDER)
    for name, target, text in (
        ("withdraw", "withdraw", "leave a delivered file version out of the warehouse"),
        ("restore", "restore", "take a withdrawn file version in again"),
        ("withdrawn", "list", "list the withdrawn file versions"),
    ):
        withdrawal = command(name, text, _withdrawal(target), **passthrough)
        withdrawal.add_argument("rest", nargs=argparse.REMAINDER)
    return main, by_name


#: commands whose first argument is an action: `--help` right after them is theirs, not the action's
ACTION_COMMANDS = {
    "airflow": "ntt_dw.airflow_local",
    "bi": "ntt_dw.superset_local",
    "prod": "ntt_dw.prod_local",
    "bench": None,
}


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    arguments, commands = parser()
    if len(argv) >= 2 and argv[0] in ACTION_COMMANDS and argv[1] in ("-h", "--help"):
        import importlib

        commands[argv[0]].print_help()
        module = ACTION_COMMANDS[argv[0]]
        if module:
            print(importlib.import_module(module).__doc__)
        return 0
    args = arguments.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
