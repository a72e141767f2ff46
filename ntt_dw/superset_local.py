"""Superset on this machine, provisioned from the repository (`make bi`, `ntt-dw bi`).

Superset cannot share Airflow's pins, so it gets its own virtualenv, var/superset-venv (override
with NTT_DW_SUPERSET_VENV), installed from superset/requirements.txt (apache-superset 6, duckdb-engine,
DuckDB 1.x) and reinstalled when that file changes. Its state lives in var/superset/ (SQLite
metadata DB, the asset bundle); its secrets in var/secrets/ (generated once, mode 0600) unless
SUPERSET_SECRET_KEY / SUPERSET_ADMIN_PASSWORD are set.

    ntt-dw bi               # install (first time), provision, serve on http://localhost:8088
    ntt-dw bi setup         # install and provision only: db upgrade, roles, admin, assets
    ntt-dw bi serve         # serve only (NTT_DW_SUPERSET_PORT, default 8088)
    ntt-dw bi env           # the environment as shell exports (then: superset ... in the venv)

Provisioning (superset/provision.py) imports superset/assets/ (databases/, datasets/, charts/,
dashboards/: Superset's export format) with the snapshot's path filled in: the connection reads
var/published/current/ntt_dw_marts.duckdb read-only. The admin user is `admin`, its password in
var/secrets/superset_admin_password.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path

from ingestion.core.settings import REPO_ROOT, home

SUPERSET_DIR = REPO_ROOT / "superset"
REQUIREMENTS = SUPERSET_DIR / "requirements.txt"
ASSETS = SUPERSET_DIR / "assets"
BIN = Path(sys.executable).parent
HOME_PLACEHOLDER = "{{ NTT_DW_HOME }}"
DEFAULT_PORT = 8088


def requirements_hash() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:16]


def default_venv() -> Path:
    return Path(os.environ.get("NTT_DW_SUPERSET_VENV") or home() / "superset-venv")


def superset_home() -> Path:
    return home() / "superset"


def snapshot_database() -> Path:
    return home() / "published" / "current" / "ntt_dw_marts.duckdb"


class InstallError(RuntimeError):
    """Superset's virtualenv could not be installed."""


def ensure_venv(venv: Path) -> Path:
    """Create or update Superset's venv from superset/requirements.txt; a stamp file names the hash installed."""
    stamp = venv / f".installed-{requirements_hash()}"
    if stamp.exists():
        return venv
    uv = BIN / "uv"
    steps = []
    if not (venv / "bin" / "python").exists():
        steps.append([str(uv), "venv", "--quiet", "--python", sys.executable, str(venv)])
    steps.append(
        [str(uv), "pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), "-r", str(REQUIREMENTS)]
    )
    print(f"installing Superset into {venv} (superset/requirements.txt) ...", flush=True)
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise InstallError(
                f"installing Superset failed ({shlex.join(step)}, exit {done.returncode}):\n"
                f"{(done.stdout + done.stderr)[-4000:]}"
            )
    for old in venv.glob(".installed-*"):
        old.unlink()
    stamp.touch()
    return venv


def secret(name: str, variable: str) -> str:
    """The value of `variable`, else var/secrets/<name>, created once with a random value (mode 0600)."""
    if os.environ.get(variable):
        return os.environ[variable]
    path = home() / "secrets" / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secrets.token_urlsafe(32 if "password" in name else 48))
    return path.read_text(encoding="utf-8").strip()


def superset_env(venv: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "NTT_DW_HOME": str(home()),
            "NTT_DW_SUPERSET_HOME": str(superset_home()),
            "SUPERSET_CONFIG_PATH": str(SUPERSET_DIR / "superset_config.py"),
            "SUPERSET_SECRET_KEY": secret("superset_secret_key", "SUPERSET_SECRET_KEY"),
            "SUPERSET_ADMIN_PASSWORD": secret("superset_admin_password", "SUPERSET_ADMIN_PASSWORD"),
            "FLASK_APP": "superset",
            "PATH": f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}",
            "VIRTUAL_ENV": str(venv),
        }
    )
    env.pop("PYTHONPATH", None)  # the main venv's packages must not leak into Superset's
    return env


def write_bundle(target: Path, ntt_dw_home: Path) -> Path:
    """superset/assets/ as the zip Superset imports, the snapshot's path filled in."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w") as bundle:
        for path in sorted(ASSETS.rglob("*.yaml")):
            text = path.read_text(encoding="utf-8").replace(HOME_PLACEHOLDER, str(ntt_dw_home))
            bundle.writestr(f"ntt_dw_assets/{path.relative_to(ASSETS)}", text)
    return target


def _check(args: list[str], env: dict[str, str], what: str) -> None:
    done = subprocess.run(args, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {done.returncode}): {shlex.join(args)}")


def snapshot_readable(venv: Path) -> str | None:
    """None when Superset's DuckDB opens the snapshot read-only, else why not."""
    database = snapshot_database()
    if not database.exists():
        return f"no BI snapshot at {database}: run `make run` (or `ntt-dw publish`) first"
    probe = (
        "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
        "con.execute('select count(*) from marts.dim_region').fetchall()"
    )
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", probe, str(database)], capture_output=True, text=True, check=False
    )
    return None if done.returncode == 0 else (done.stderr.strip().splitlines() or ["?"])[-1]


def setup(venv: Path) -> None:
    """Install, migrate the metadata DB, provision roles, admin user and the assets."""
    ensure_venv(venv)
    superset_home().mkdir(parents=True, exist_ok=True)
    env = superset_env(venv)
    _check([str(venv / "bin" / "superset"), "db", "upgrade"], env, "superset db upgrade")
    bundle = write_bundle(superset_home() / "ntt_dw_assets.zip", home())
    _check([str(venv / "bin" / "python"), str(SUPERSET_DIR / "provision.py"), str(bundle)], env, "provisioning")
    problem = snapshot_readable(venv)
    if problem:
        print(f"WARNING: Superset's DuckDB cannot read the snapshot, the charts will fail: {problem}", flush=True)


def serve_command(venv: Path, port: int, host: str | None = None) -> list[str]:
    host = host or os.environ.get("NTT_DW_SUPERSET_HOST", "127.0.0.1")  # the container listens on 0.0.0.0
    return [
        str(venv / "bin" / "gunicorn"),
        "--bind",
        f"{host}:{port}",
        "--workers",
        "2",
        "--threads",
        "4",
        "--timeout",
        "120",
        "--access-logfile",
        "-",
        "superset.app:create_app()",
    ]


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "start"
    venv = default_venv()
    port = int(os.environ.get("NTT_DW_SUPERSET_PORT", DEFAULT_PORT))
    if action == "env":
        ensure_venv(venv)
        for key, value in superset_env(venv).items():
            if key in ("NTT_DW_HOME", "NTT_DW_SUPERSET_HOME", "SUPERSET_CONFIG_PATH", "FLASK_APP", "PATH"):
                print(f"export {key}={shlex.quote(value)}")
        key_file = home() / "secrets" / "superset_secret_key"
        if not os.environ.get("SUPERSET_SECRET_KEY"):  # never printed itself: read from its file
            print(f"export SUPERSET_SECRET_KEY=$(cat {shlex.quote(str(key_file))})")
        return 0
    if action not in ("start", "setup", "serve"):
        print(f"ntt-dw bi: unknown action {action!r} (start, setup, serve, env)", file=sys.stderr)
        return 2
    try:
        if action in ("start", "setup"):
            setup(venv)
    except (InstallError, RuntimeError) as error:
        print(f"ntt-dw bi: {error}", file=sys.stderr)
        return 1
    if action == "setup":
        return 0
    password = home() / "secrets" / "superset_admin_password"
    print(f"Superset on http://localhost:{port} (user admin, password in {password})", flush=True)
    os.execve(serve_command(venv, port)[0], serve_command(venv, port), superset_env(venv))
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
