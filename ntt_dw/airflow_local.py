"""Run Airflow on this machine with ntt-dw's embedded defaults.

The Airflow home is var/airflow/ (SQLite metadata, no example DAGs), the DAGs folder is dags/,
and the project is installed in the venv (pyproject.toml), so the same code runs under `make run`
(DAG.test, ntt_dw/run_dags.py),
`make airflow` (standalone: api-server, scheduler, dag-processor, triggerer) and the tests.

    ntt-dw airflow env          # print the environment as shell exports
    ntt-dw airflow init         # migrate the metadata DB, create the pool, parse dbt
    ntt-dw airflow standalone   # the UI on http://localhost:8080
    ntt-dw airflow cli ...  # any airflow CLI command in this environment
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from ingestion.core.settings import REPO_ROOT, dbt_artifacts_dir, dbt_profile_args, dbt_project_dir, home

REPO = REPO_ROOT

BIN = Path(sys.executable).parent
WAREHOUSE_POOL = "ntt_dw_warehouse"
UI_PORT = os.environ.get("NTT_DW_AIRFLOW_PORT", "8080")


#: settings another topology (ntt_dw/prod_local.py: CeleryExecutor on PostgreSQL and Redis)
#: lays over the embedded defaults; empty for the SQLite demo
TOPOLOGY_OVERRIDES: dict[str, str] = {}


def airflow_env() -> dict[str, str]:
    """The environment every Airflow process of the local topology gets."""
    airflow_home = home() / "airflow"
    env = dict(os.environ)
    env.update(
        {
            "NTT_DW_HOME": str(home()),
            "AIRFLOW_HOME": str(airflow_home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT": "120",
            "AIRFLOW__CORE__DAG_FILE_PROCESSOR_TIMEOUT": "180",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{airflow_home / 'airflow.db'}",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": "admin:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(
                airflow_home / "simple_auth_manager_passwords.json"
            ),
            "AIRFLOW__API__PORT": UI_PORT,
            "AIRFLOW__COSMOS__CACHE_DIR": str(home() / "cosmos_cache"),
            "AIRFLOW__COSMOS__ENABLE_CACHE": "True",
            # cosmos's WATCHER producer would rewrite an ever-growing Variable at every XCom push (per
            # dbt node event): without it, its XComs reach a retry only through its failure callback
            # (dags/README.md, "What a retry does")
            "AIRFLOW__COSMOS__ENABLE_WATCHER_RELIABLE_RETRY": "False",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(airflow_home / "logs"),
            "DO_NOT_TRACK": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        }
    )
    env.update(TOPOLOGY_OVERRIDES)
    return env


def run(
    args: list[str], quiet: bool = False, log_file: Path | None = None, timeout: float | None = None
) -> subprocess.CompletedProcess:
    """Run a command in the Airflow environment; output to log_file when given.

    A command that outlives ``timeout`` seconds is killed and reported as failed (exit 124).
    """
    if log_file is not None:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        with log_file.open("w", encoding="utf-8") as handle:
            try:
                return subprocess.run(
                    args, env=airflow_env(), stdout=handle, stderr=subprocess.STDOUT, check=False, timeout=timeout
                )
            except subprocess.TimeoutExpired:
                handle.write(f"\nKILLED: still running after {timeout} s\n")
                return subprocess.CompletedProcess(args, 124)
    return subprocess.run(
        args,
        env=airflow_env(),
        check=False,
        stdout=subprocess.DEVNULL if quiet else None,
        stderr=subprocess.STDOUT if quiet else None,
    )


DB_SETUP = f"""
from airflow.utils.db import upgradedb
from airflow.models.pool import Pool
upgradedb()
Pool.create_or_update_pool({WAREHOUSE_POOL!r}, 1,
    "DuckDB allows one writer: every warehouse-writing task takes this slot", include_deferred=False)
"""


def dbt_parse_command() -> list[str]:
    # target and log paths are given here only: each cosmos task runs dbt in its own temp copy
    return [
        str(BIN / "dbt"),
        "parse",
        "--project-dir",
        str(dbt_project_dir()),
        "--profiles-dir",
        str(dbt_project_dir()),
        *dbt_profile_args(),
        "--quiet",
        "--target-path",
        str(dbt_artifacts_dir() / "target"),
        "--log-path",
        str(dbt_artifacts_dir() / "logs"),
    ]


def dbt_parse() -> None:
    """Write dbt's manifest (the transform DAG is rendered from it, without running dbt at parse time)."""
    if run(dbt_parse_command(), log_file=home() / "logs" / "dbt_parse.log").returncode != 0:
        raise SystemExit(f"dbt parse failed: see {home() / 'logs' / 'dbt_parse.log'}")


def init() -> None:
    """Metadata DB (migrated) with the warehouse writers' pool, and the dbt manifest, side by side;
    and, for this local topology only, a random pseudonymisation key under the runtime folder
    (production sets NTT_DW_PSEUDONYM_KEY from its secret store)."""
    from ingestion.core.privacy import KEY_ENV, ensure_local_demo_key

    if not os.environ.get(KEY_ENV):
        ensure_local_demo_key()
    (home() / "airflow").mkdir(parents=True, exist_ok=True)
    logs = home() / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    with (logs / "airflow_init.log").open("w") as db_log, (logs / "dbt_parse.log").open("w") as dbt_log:
        database = subprocess.Popen(
            [sys.executable, "-c", DB_SETUP], env=airflow_env(), stdout=db_log, stderr=subprocess.STDOUT
        )
        manifest = subprocess.Popen(dbt_parse_command(), env=airflow_env(), stdout=dbt_log, stderr=subprocess.STDOUT)
        if database.wait(timeout=600) != 0:
            manifest.kill()
            raise SystemExit(f"Airflow metadata DB setup failed: see {logs / 'airflow_init.log'}")
        if manifest.wait(timeout=600) != 0:
            raise SystemExit(f"dbt parse failed: see {logs / 'dbt_parse.log'}")


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "env"
    if command == "env":
        for key, value in airflow_env().items():
            if key.startswith(("AIRFLOW", "NTT_DW", "DBT_")):
                print(f"export {key}={shlex.quote(value)}")
        return 0
    if command == "init":
        init()
        return 0
    if command == "standalone":
        init()
        print(
            f"Airflow UI: http://localhost:{UI_PORT}  user admin, password in "
            f"{home() / 'airflow' / 'simple_auth_manager_passwords.json'} (written on first start)",
            flush=True,
        )
        os.execve(str(BIN / "airflow"), [str(BIN / "airflow"), "standalone"], airflow_env())
    if command == "airflow":
        return run([str(BIN / "airflow"), *argv[1:]]).returncode
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
