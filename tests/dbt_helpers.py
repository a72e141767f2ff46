"""Build the warehouse from the sample extracts in a throwaway runtime folder (used by the dbt tests)."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from ingestion.core.settings import dbt_project_dir, seeds_dir


@dataclass
class DbtResult:
    """What a `dbt` command line gives (the shape of subprocess.CompletedProcess): exit code, and its
    log lines (info and above) as stdout."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str = ""


#: dbt parses the project once per test process: the manifest depends on the project's files only
#: (profiles.yml is the one file reading NTT_DW_HOME, and the profile is loaded at every command)
_parsed: dict[str, object] = {}


def _project_state() -> str:
    files = sorted(
        p
        for p in dbt_project_dir().rglob("*")
        if p.is_file()
        and p.suffix in (".sql", ".yml", ".csv", ".md")
        and "target" not in p.relative_to(dbt_project_dir()).parts
    )
    return ";".join(f"{p}:{p.stat().st_mtime_ns}:{p.stat().st_size}" for p in files)


def _close_warehouse() -> None:
    """dbt-duckdb keeps the DuckDB file open in the process after a command; the test then opens
    it read-only, which DuckDB refuses while a read-write connection exists in the same process."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    environment, DuckDBConnectionManager._ENV = DuckDBConnectionManager._ENV, None
    if environment is not None:
        environment.close()


def run_dbt(home: Path, *args: str) -> DbtResult:
    """One dbt command on the runtime folder `home`, in this process (dbt's own programmatic
    runner, as the transform DAG's producer runs it): no interpreter start-up, and the project
    parsed once per test process instead of once per command. `parse` always parses."""
    from dbt.cli.main import dbtRunner

    lines: list[str] = []

    def collect(event) -> None:
        if event.info.level not in ("debug", "") and event.info.msg:
            lines.append(event.info.msg)

    state = _project_state()
    manifest = _parsed.get(state) if args[0] != "parse" else None
    full = [
        *args,
        "--project-dir",
        str(dbt_project_dir()),
        "--profiles-dir",
        str(dbt_project_dir()),
        "--target-path",
        str(home / "dbt" / "target"),
        "--log-path",
        str(home / "dbt" / "logs"),
    ]
    previous = {name: os.environ.get(name) for name in ("NTT_DW_HOME", "DO_NOT_TRACK")}
    os.environ.update(NTT_DW_HOME=str(home), DO_NOT_TRACK="1")
    try:
        if manifest is None and args[0] != "parse":
            parsed = dbtRunner().invoke(["parse", *full[len(args) :]])
            if parsed.success:
                _parsed.clear()
                _parsed[state] = manifest = parsed.result
        runner = dbtRunner(manifest=manifest, callbacks=[collect])
        result = runner.invoke(full)
    finally:
        _close_warehouse()
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    if args[0] == "parse" and result.success:
        _parsed.clear()
        _parsed[state] = result.result
    code = 0 if result.success else (2 if result.exception is not None else 1)
    return DbtResult(full, code, "\n".join(lines), "" if result.exception is None else repr(result.exception))


def build_warehouse(home: Path, edit=None) -> DbtResult:
    """Land the sample extracts of every registered source (edit(landing_root) may alter them),
    ingest, attach, one `dbt build`. Case data is pseudonymised with a key made for this folder."""
    from ingestion.core import privacy
    from ingestion.core.source_registry import load_registry

    os.environ["NTT_DW_HOME"] = str(home)
    registry = load_registry()
    for folder in {spec.landing_folder for spec in registry.values()}:
        landing = home / "landing" / folder
        landing.mkdir(parents=True, exist_ok=True)
        for path in sorted((seeds_dir() / "extracts" / folder).glob("*")):
            if path.is_file() and path.name != "README.md":
                shutil.copy2(path, landing / path.name)
    if edit:
        edit(home / "landing")
    privacy.ensure_local_demo_key()
    ingest_everything()
    return run_dbt(home, "build")  # one dbt process, dq_findings last (as the transform DAG)


def ingest_everything() -> None:
    """Every registered source ingested from the landing zone (files already registered are
    skipped), then the raw zone attached to the warehouse: what the ingestion DAGs leave."""
    from ingestion.core.pipeline import ingest_source
    from ingestion.core.source_registry import load_registry
    from ingestion.core.warehouse import attach_raw_zone

    for name in load_registry():
        ingest_source(name)
    attach_raw_zone()


def rebuild_copy(sample_home: Path, home: Path, edit, select: str) -> DbtResult:
    """A copy of the session's sample warehouse (conftest.sample_warehouse_home) in `home`, its
    landing zone edited by edit(landing_root) as an agency re-delivers, ingested again (unchanged
    files are skipped) and `select` built: what a delivery costs, not a whole build."""
    from ingestion.core import privacy

    shutil.copytree(sample_home, home)
    os.environ["NTT_DW_HOME"] = str(home)
    # the copy's own pseudonym key: under xdist the sample may have been built in another worker
    os.environ[privacy.KEY_FILE_ENV] = str(home / "secrets" / "pseudonym.key")
    edit(home / "landing")
    ingest_everything()
    return run_dbt(home, "build", "--select", select)


#: the shipped synthetic UPTD PPA register (its first line is a title, then the header)
REGISTER = (
    Path(__file__).resolve().parents[1] / "seeds" / "extracts" / "uptd_ppa" / "uptd_ppa_register_2023_SINTETIS.csv"
)


def deliver_register(home: Path, name: str, title: str, header: list[str], rows: list[list[str]]) -> None:
    """Drop part of the synthetic register as its own file, with the register's sidecar."""
    import csv
    import io
    import json

    landing = home / "landing" / "uptd_ppa"
    landing.mkdir(parents=True, exist_ok=True)
    out = io.StringIO()
    out.write(title + "\n")
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    (landing / name).write_text(out.getvalue(), encoding="utf-8")
    sidecar = json.loads(REGISTER.with_name(REGISTER.name + ".meta.json").read_text(encoding="utf-8"))
    (landing / f"{name}.meta.json").write_text(json.dumps(sidecar), encoding="utf-8")


def register_by_thirds(
    names=("register_jan_apr.csv", "register_mei_agu.csv", "register_sep_des.csv"),
) -> tuple[str, list[str], dict[str, list[list[str]]]]:
    """The synthetic register split into three deliveries by month of report: January-April,
    May-August, September-December; (title line, header, {file name: rows})."""
    import csv
    import io

    title, body = REGISTER.read_text(encoding="utf-8").split("\n", 1)
    reader = csv.reader(io.StringIO(body))
    header = next(reader)
    parts: dict[str, list[list[str]]] = {name: [] for name in names}
    for row in reader:
        parts[names[(int(row[1].split("-")[1]) - 1) // 4]].append(row)
    return title, header, parts


#: the shipped budget sample extracts (each with its .meta.json sidecar)
BUDGET = REGISTER.parents[1] / "budget"


def deliver_budget(home: Path, name: str, content: str | None = None) -> Path:
    """Drop one budget sample extract with its sidecar into the landing zone; `content` replaces
    the file's text (a re-delivery)."""
    landing = home / "landing" / "budget"
    landing.mkdir(parents=True, exist_ok=True)
    shutil.copy(BUDGET / f"{name}.meta.json", landing / f"{name}.meta.json")
    if content is None:
        shutil.copy(BUDGET / name, landing / name)
    else:
        (landing / name).write_text(content, encoding="utf-8")
    return landing / name


#: column types and audit columns that differ between two builds of the same data
VOLATILE_TYPES = ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "DATE")
VOLATILE_COLUMNS = ("loaded_at", "received_at", "landing_path", "stored_by_invocation")


def warehouse_tables(database: Path, schemas=("intermediate", "marts")) -> dict[str, tuple[int, str]]:
    """Row count and content hash of every table of `schemas`, without run timestamps and the
    audit column saying which dbt run stored a row: equal for two builds of the same data."""
    import duckdb

    result = {}
    with duckdb.connect(str(database), read_only=True) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in (select unnest(?)) order by 1, 2",
            [list(schemas)],
        ).fetchall()
        for schema, table in tables:
            columns = [
                name
                for name, kind, *_ in con.execute(f'describe "{schema}"."{table}"').fetchall()
                if kind.upper() not in VOLATILE_TYPES and name not in VOLATILE_COLUMNS
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            result[f"{schema}.{table}"] = con.execute(
                f'select count(*), coalesce(sum(hash(row({select}))), 0)::varchar from "{schema}"."{table}"'
            ).fetchone()
    return result


class DeliveryBuilds:
    """Builds after each delivery of one source into a seeded warehouse in `home`: the first
    builds everything the source's models read (`@source:<name>`), later ones only what the source
    feeds (`source:<name>+`), as a transform after a delivery would; each returns
    warehouse_tables(). `exclude` leaves nodes out of every build (seeds are loaded once here)."""

    def __init__(self, home: Path, source: str, *exclude: str) -> None:
        home.joinpath("warehouse").mkdir(parents=True, exist_ok=True)
        seeded = run_dbt(home, "seed")
        assert seeded.returncode == 0, seeded.stdout[-3000:]
        self.home, self.source, self.exclude, self.builds = home, source, ("resource_type:seed", *exclude), 0

    def build(self) -> dict[str, tuple[int, str]]:
        from ingestion.core.pipeline import ingest_source
        from ingestion.core.warehouse import attach_raw_zone

        ingest_source(self.source)
        attach_raw_zone()
        selection = f"source:{self.source}+" if self.builds else f"@source:{self.source}"
        built = run_dbt(self.home, "build", "--select", selection, "--exclude", *self.exclude)
        assert built.returncode == 0, built.stdout[-3000:]
        self.builds += 1
        return warehouse_tables(self.home / "warehouse" / "ntt_dw.duckdb")
