"""The production compose stack, checked by parsing it: no Docker daemon needed.

docker-compose.yml is read with yaml.safe_load (so its anchors and `<<` merge keys must resolve the
way compose resolves them), the Dockerfile, .env.example, .dockerignore and .gitignore as text.
Each check is a helper that takes the parsed data and returns the problems it finds; the tests
assert the real files have none, and the negative tests show the helpers do flag a broken copy.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
COMPOSE_FILE = REPO / "docker-compose.yml"

NTT_DW_HOME = "/opt/ntt-dw/var"
VAR_VOLUME = "ntt_dw_var"
ONE_SHOT = {"airflow-init"}
AIRFLOW_SERVICES = {
    "airflow-init",
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
    "airflow-worker",
    "flower",
}
EXPECTED_SERVICES = AIRFLOW_SERVICES | {"postgres", "redis"}
# Services that must wait for the migrated DB (airflow-init) and for healthy postgres/redis.
INIT_DEPENDENTS = {
    "airflow-apiserver",
    "airflow-scheduler",
    "airflow-dag-processor",
    "airflow-triggerer",
    "airflow-worker",
    "flower",
}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|KEY|TOKEN|FERNET", re.IGNORECASE)
# ${VAR}, ${VAR:-}, ${VAR-}, ${VAR:?message}, ${VAR?message}: a reference with no literal fallback.
SECRET_REFERENCE = re.compile(r"^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-|:?\?[^}]*)?\}$")
# A compose interpolation (not the escaped $${...} that reaches the container's shell).
COMPOSE_VAR = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:[:?+-][^}]*)?\}")
URL_PASSWORD = re.compile(r"://[^:/@\s]*:([^@\s]+)@")


# ---------------------------------------------------------------- loading


def load_compose(text: str | None = None) -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8") if text is None else text)


@pytest.fixture(scope="module")
def compose() -> dict:
    return load_compose()


def read(name: str) -> str:
    path = REPO / name
    assert path.exists(), f"{name} is missing"
    return path.read_text(encoding="utf-8")


def mutated(compose: dict, service: str, **changes) -> dict:
    """A deep copy with keys of one service replaced (never mutated in place: after the YAML merge,
    services share the anchor's objects, so an in-place edit would change every service)."""
    broken = copy.deepcopy(compose)
    svc = dict(broken["services"][service])
    for key, value in changes.items():
        if value is None:
            svc.pop(key, None)
        else:
            svc[key] = value
    broken["services"][service] = svc
    return broken


def env_of(service: dict) -> dict[str, str]:
    """A service's environment as a dict (compose accepts a mapping or a list of KEY=VALUE)."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {str(k): ("" if v is None else str(v)) for k, v in env.items()}


def with_env(compose: dict, service: str, **env) -> dict:
    return mutated(compose, service, environment={**env_of(compose["services"][service]), **env})


def volume_mounts(service: dict) -> list[tuple[str, str]]:
    """(source, target) of each volume entry, short ("src:dst[:mode]") or long syntax."""
    mounts = []
    for entry in service.get("volumes") or []:
        if isinstance(entry, dict):
            mounts.append((str(entry.get("source", "")), str(entry.get("target", ""))))
        else:
            parts = str(entry).split(":")
            mounts.append((parts[0], parts[1]) if len(parts) > 1 else ("", parts[0]))
    return mounts


def conditions(service: dict) -> dict[str, str]:
    """depends_on as {service: condition}; the short list form means service_started."""
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def command_text(service: dict) -> str:
    command = service.get("command") or ""
    return "\n".join(map(str, command)) if isinstance(command, list) else str(command)


# ---------------------------------------------------------------- checks (each returns problems)


def missing_services(compose: dict) -> list[str]:
    return sorted(EXPECTED_SERVICES - set(compose.get("services") or {}))


def missing_healthchecks(compose: dict) -> list[str]:
    """Long-running services (everything but the one-shot init) without a usable healthcheck."""
    problems = []
    for name, svc in compose["services"].items():
        if name in ONE_SHOT:
            continue
        check = svc.get("healthcheck") or {}
        if check.get("disable") or not check.get("test"):
            problems.append(name)
    return problems


def dependency_problems(compose: dict) -> list[str]:
    services = compose["services"]
    problems = []
    for name in sorted(INIT_DEPENDENTS):
        deps = conditions(services[name])
        for needed, condition in (
            ("postgres", "service_healthy"),
            ("redis", "service_healthy"),
            ("airflow-init", "service_completed_successfully"),
        ):
            if deps.get(needed) != condition:
                problems.append(f"{name}: depends_on {needed} is {deps.get(needed)!r}, expected {condition}")
    init = conditions(services["airflow-init"])
    for needed in ("postgres", "redis"):
        if init.get(needed) != "service_healthy":
            problems.append(f"airflow-init: depends_on {needed} is {init.get(needed)!r}, expected service_healthy")
    for name, svc in services.items():
        for dep, condition in conditions(svc).items():
            if dep not in services:
                problems.append(f"{name}: depends on unknown service {dep}")
            elif condition == "service_healthy" and not (services[dep].get("healthcheck") or {}).get("test"):
                problems.append(f"{name}: waits for {dep} to be healthy but {dep} has no healthcheck")
    return problems


def runtime_volume_problems(compose: dict) -> list[str]:
    problems = []
    if VAR_VOLUME not in (compose.get("volumes") or {}):
        problems.append(f"top-level volumes does not declare {VAR_VOLUME}")
    for name in sorted(AIRFLOW_SERVICES):
        svc = compose["services"][name]
        home = env_of(svc).get("NTT_DW_HOME")
        if home != NTT_DW_HOME:
            problems.append(f"{name}: NTT_DW_HOME is {home!r}, expected {NTT_DW_HOME}")
        if (VAR_VOLUME, NTT_DW_HOME) not in volume_mounts(svc):
            problems.append(f"{name}: does not mount {VAR_VOLUME} at {NTT_DW_HOME}")
    return problems


def url_host(url: str) -> str:
    return re.sub(r"^[^:]+://(?:[^@/]*@)?", "", url).split("/")[0].split(":")[0]


def executor_problems(compose: dict) -> list[str]:
    services = compose["services"]
    problems = []
    for name in sorted(AIRFLOW_SERVICES):
        env = env_of(services[name])
        expect = {
            "AIRFLOW__CORE__EXECUTOR": lambda v: v == "CeleryExecutor",
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": lambda v: v.startswith("postgresql") and url_host(v) == "postgres",
            "AIRFLOW__CELERY__RESULT_BACKEND": lambda v: v.startswith("db+postgresql") and url_host(v) == "postgres",
            "AIRFLOW__CELERY__BROKER_URL": lambda v: v.startswith("redis://") and url_host(v) == "redis",
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": lambda v: (
                url_host(v) == "airflow-apiserver" and v.rstrip("/").endswith("/execution")
            ),
            "AIRFLOW__CORE__LOAD_EXAMPLES": lambda v: v.lower() == "false",
            "AIRFLOW__CORE__DAGS_FOLDER": lambda v: v == "/opt/ntt-dw/dags",
        }
        for key, ok in expect.items():
            if not ok(env.get(key, "")):
                problems.append(f"{name}: {key}={env.get(key)!r}")
    return problems


def literal_secrets(compose: dict) -> list[str]:
    """Secret-looking variables holding a literal (or a literal fallback), and URLs with a literal password."""
    problems = []
    for name, svc in compose["services"].items():
        for key, value in env_of(svc).items():
            if SECRET_NAME.search(key) and value and not SECRET_REFERENCE.match(value):
                problems.append(f"{name}: {key} is a literal")
            for password in URL_PASSWORD.findall(value):
                if not SECRET_REFERENCE.match(password):
                    problems.append(f"{name}: {key} embeds a literal password")
    return problems


def strings(node) -> list[str]:
    """Every key and value of the parsed file as text (compose interpolates values, not comments)."""
    if isinstance(node, dict):
        return [text for key, value in node.items() for text in strings(key) + strings(value)]
    if isinstance(node, list):
        return [text for item in node for text in strings(item)]
    return [] if node is None else [str(node)]


def compose_variables(node) -> set[str]:
    return {var for text in strings(node) for var in COMPOSE_VAR.findall(text)}


def env_example_variables(text: str) -> dict[str, str]:
    return dict(re.findall(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", text, flags=re.MULTILINE))


def env_example_problems(compose: dict, example: str) -> list[str]:
    listed = env_example_variables(example)
    problems = [
        f"{var} is read by docker-compose.yml but not listed in .env.example"
        for var in sorted(compose_variables(compose) - set(listed))
    ]
    lines = example.splitlines()
    for i, line in enumerate(lines):
        match = re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=(.*)$", line)
        if not match:
            continue
        if i == 0 or not lines[i - 1].startswith("#"):
            problems.append(f"{match.group(1)} has no comment line above it")
        var, value = match.groups()
        if SECRET_NAME.search(var) and value.strip() not in ("", "change-me", '""', "''"):
            problems.append(f"{var} has a value in .env.example")
    return problems


def lock_version(lock: str, package: str) -> str | None:
    match = re.search(rf"^{re.escape(package)}==(\S+)\s*$", lock, flags=re.MULTILINE)
    return match.group(1) if match else None


def dockerfile_problems(dockerfile: str, lock: str) -> list[str]:
    problems = []
    # Join continuation lines so each instruction is one line.
    instructions = [
        line.strip()
        for line in re.sub(r"\\\n", " ", dockerfile).splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    froms = [i for i in instructions if i.upper().startswith("FROM ")]
    airflow = lock_version(lock, "apache-airflow")
    expected = f"apache/airflow:{airflow}-python3.11"
    if not froms or froms[0].split()[1] != expected:
        problems.append(f"base image is {froms[0].split()[1] if froms else None!r}, expected {expected}")
    user, installed = "root", False
    for instruction in instructions:
        keyword = instruction.split()[0].upper()
        if keyword == "USER":
            user = instruction.split()[1].split(":")[0]
        if keyword == "RUN" and re.search(r"pip install\b.*-r\s+\S*requirements\.lock\b", instruction):
            installed = True
            if user != "airflow":
                problems.append(f"requirements.lock is installed as {user!r}, not as the airflow user")
            if "--no-cache-dir" not in instruction:
                problems.append("pip install without --no-cache-dir")
    if not installed:
        problems.append("the Dockerfile does not pip install -r requirements.lock")
    if not any(re.search(r"pip install\b.*--no-deps\b.*-e\s+/opt/ntt-dw\b", i) for i in instructions):
        problems.append("the Dockerfile does not install the project in place (pip install --no-deps -e /opt/ntt-dw)")
    if not any(re.match(r"COPY\b.*\brequirements\.lock\b", i, flags=re.IGNORECASE) for i in instructions):
        problems.append("requirements.lock is not copied into the image")
    if not any(re.match(r"COPY\b.*\s\.\s+/opt/ntt-dw/?$", i, flags=re.IGNORECASE) for i in instructions):
        problems.append("the project is not copied to /opt/ntt-dw")
    return problems


def gitignore_ignores_env(gitignore: str) -> bool:
    return any(line.strip() in (".env", "/.env") for line in gitignore.splitlines())


# ---------------------------------------------------------------- the real files


def test_anchors_and_merge_keys_resolve(compose):
    assert "x-airflow-common" in compose
    for name in AIRFLOW_SERVICES:
        svc = compose["services"][name]
        assert "<<" not in svc and "<<" not in env_of(svc) and "<<" not in (svc.get("depends_on") or {})
        assert svc.get("build") == ".", f"{name} does not use the project image (build: .)"
    # The worker overrides `environment` and must still have the common variables (merged, not replaced).
    worker = env_of(compose["services"]["airflow-worker"])
    assert worker["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor" and worker["DUMB_INIT_SETSID"] == "0"


def test_expected_services(compose):
    assert missing_services(compose) == []
    services = compose["services"]
    assert services["postgres"]["image"].split(":")[1].startswith("16")
    assert services["redis"]["image"].startswith("redis:")
    assert "flower" in (services["flower"].get("profiles") or [])
    worker_services = [n for n, s in services.items() if "celery worker" in command_text(s)]
    replicas = sum(int((services[n].get("deploy") or {}).get("replicas", 1)) for n in worker_services)
    assert replicas >= 2, "at least two Celery workers (deploy.replicas or two services)"
    commands = {name: command_text(services[name]) for name in AIRFLOW_SERVICES}
    assert commands["airflow-apiserver"] == "api-server" and commands["airflow-scheduler"] == "scheduler"
    assert commands["airflow-dag-processor"] == "dag-processor" and commands["airflow-triggerer"] == "triggerer"
    assert commands["flower"] == "celery flower"


def test_airflow_init_prepares_everything(compose):
    init = compose["services"]["airflow-init"]
    env, script = env_of(init), command_text(init)
    assert env["_AIRFLOW_DB_MIGRATE"] == "true" and env["_AIRFLOW_WWW_USER_CREATE"] == "true"
    assert "/entrypoint airflow" in script, "the image entrypoint runs the migration and the user creation"
    assert re.search(r"airflow pools set ntt_dw_warehouse 1\b", script)
    assert re.search(r"dbt parse\b.*--project-dir /opt/ntt-dw/dbt_project", script)
    assert "set -e" in script, "a failed step must fail airflow-init (and so block the other services)"
    assert "healthcheck" not in init and str(init.get("restart", "no")) == "no"


def test_every_long_running_service_has_a_healthcheck(compose):
    assert missing_healthchecks(compose) == []


def test_depends_on_conditions(compose):
    assert dependency_problems(compose) == []


def test_runtime_volume_and_home(compose):
    assert runtime_volume_problems(compose) == []


def test_celery_executor_postgres_redis(compose):
    assert executor_problems(compose) == []


def test_no_literal_secrets(compose):
    assert literal_secrets(compose) == []
    assert "env_file" in compose["services"]["airflow-scheduler"]


def test_required_secrets_fail_fast(compose):
    """The secrets without which the stack must not start use ${VAR:?...}."""
    compose_text = "\n".join(strings(compose))
    for var in (
        "POSTGRES_PASSWORD",
        "REDIS_PASSWORD",
        "AIRFLOW_FERNET_KEY",
        "AIRFLOW_JWT_SECRET",
        "AIRFLOW_ADMIN_PASSWORD",
        "NTT_DW_PSEUDONYM_KEY",
    ):
        references = re.findall(rf"(?<!\$)\$\{{{var}([^}}]*)\}}", compose_text)
        assert references and all(ref.startswith(":?") for ref in references), var


def test_dockerfile_matches_lock():
    assert dockerfile_problems(read("Dockerfile"), read("requirements.lock")) == []


def test_env_example_lists_every_variable(compose):
    assert env_example_problems(compose, read(".env.example")) == []


def test_env_is_git_ignored():
    assert gitignore_ignores_env(read(".gitignore"))


def test_dockerignore():
    entries = {
        line.strip().rstrip("/")
        for line in read(".dockerignore").splitlines()
        if line.strip() and not line.startswith("#")
    }
    for needed in ("var", ".venv", ".git", ".env", "**/__pycache__", "dbt_project/target", "logs"):
        assert needed in entries, needed


# ---------------------------------------------------------------- the checks catch broken copies


def test_negative_literal_secret(compose):
    assert literal_secrets(with_env(compose, "postgres", POSTGRES_PASSWORD="airflow")) == [
        "postgres: POSTGRES_PASSWORD is a literal"
    ]
    # A literal fallback is a literal too (the reference compose's JWT secret has one).
    assert literal_secrets(
        with_env(
            compose, "airflow-scheduler", AIRFLOW__API_AUTH__JWT_SECRET="${AIRFLOW_JWT_SECRET:-airflow_jwt_secret}"
        )
    )
    assert literal_secrets(
        with_env(
            compose,
            "airflow-worker",
            AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="postgresql+psycopg2://airflow:airflow@postgres/airflow",
        )
    )


def test_negative_missing_healthcheck(compose):
    assert missing_healthchecks(mutated(compose, "airflow-scheduler", healthcheck=None)) == ["airflow-scheduler"]
    assert missing_healthchecks(mutated(compose, "flower", healthcheck={"disable": True})) == ["flower"]


def test_negative_depends_on(compose):
    started = {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
        "airflow-init": {"condition": "service_started"},
    }
    problems = dependency_problems(mutated(compose, "airflow-triggerer", depends_on=started))
    assert problems == [
        "airflow-triggerer: depends_on airflow-init is 'service_started', expected service_completed_successfully"
    ]
    assert dependency_problems(mutated(compose, "airflow-worker", depends_on=["postgres", "redis"]))
    assert dependency_problems(mutated(compose, "redis", healthcheck=None))


def test_negative_runtime_volume(compose):
    assert runtime_volume_problems(mutated(compose, "airflow-worker", volumes=["ntt_dw_var:/tmp/var"])) == [
        "airflow-worker: does not mount ntt_dw_var at /opt/ntt-dw/var"
    ]
    assert runtime_volume_problems(with_env(compose, "airflow-dag-processor", NTT_DW_HOME="/opt/airflow/var"))


def test_negative_executor(compose):
    assert executor_problems(with_env(compose, "airflow-scheduler", AIRFLOW__CORE__EXECUTOR="LocalExecutor"))
    assert executor_problems(
        with_env(compose, "airflow-apiserver", AIRFLOW__DATABASE__SQL_ALCHEMY_CONN="sqlite:////tmp/airflow.db")
    )
    assert executor_problems(with_env(compose, "airflow-worker", AIRFLOW__CELERY__BROKER_URL="amqp://guest@rabbitmq//"))


def test_negative_dockerfile():
    lock = read("requirements.lock")
    good = read("Dockerfile")
    assert dockerfile_problems(good.replace("apache/airflow:3.3.2", "apache/airflow:3.0.0"), lock)
    assert dockerfile_problems(good, lock.replace("apache-airflow==3.3.2", "apache-airflow==3.4.0"))
    assert dockerfile_problems(re.sub(r"RUN pip install[^\n]*requirements[^\n]*\n", "", good), lock) == [
        "the Dockerfile does not pip install -r requirements.lock"
    ]
    assert dockerfile_problems(re.sub(r"RUN pip install[^\n]*-e[^\n]*\n", "", good), lock) == [
        "the Dockerfile does not install the project in place (pip install --no-deps -e /opt/ntt-dw)"
    ]
    assert dockerfile_problems(good.replace("USER airflow", "USER root"), lock)


def test_negative_env_example(compose):
    example = read(".env.example")
    without_key = re.sub(r"^NTT_DW_PSEUDONYM_KEY=.*\n", "", example, flags=re.MULTILINE)
    assert "NTT_DW_PSEUDONYM_KEY is read by docker-compose.yml but not listed in .env.example" in env_example_problems(
        compose, without_key
    )
    assert env_example_problems(compose, example.replace("REDIS_PASSWORD=", "REDIS_PASSWORD=s3cr3t"))
    # An escaped $${VAR} reaches the container's shell: it is not a compose variable.
    assert compose_variables({"a": ["$${HOSTNAME} ${B:-x}", {"${C:?m}": None}]}) == {"B", "C"}


def test_negative_gitignore():
    assert not gitignore_ignores_env("var/\n.env.example\n")
    assert gitignore_ignores_env("var/\n.env\n")


# ---------------------------------------------------------------- settings reach the containers

#: NTT_DW_* settings read by code that never runs in the containers, each with why
LOCAL_ONLY_SETTINGS = {
    "NTT_DW_PG_URL": "ntt_dw/prod_local.py: the native topology's PostgreSQL",
    "NTT_DW_PROD_DB": "ntt_dw/prod_local.py: the native topology's metadata database",
    "NTT_DW_REDIS_URL": "ntt_dw/prod_local.py: the native topology's broker",
    "NTT_DW_TASK_RETRIES": "demo and tests: production keeps the DAGs' retry defaults",
    "NTT_DW_TASK_RETRY_DELAY_SECONDS": "tests: production keeps the DAGs' backoff defaults",
    "NTT_DW_AIRFLOW_PORT": "the local topologies' api-server port (compose publishes the port instead)",
    "NTT_DW_DBT_PROJECT_DIR": "tests: a copy of the dbt project (the image has it at /opt/ntt-dw/dbt_project)",
    "NTT_DW_PSEUDONYM_KEY_FILE": "alternative to NTT_DW_PSEUDONYM_KEY for hosts with a key file",
    "NTT_DW_SUPERSET_VENV": "ntt_dw/superset_local.py: Superset's own venv (the superset service has it in its image)",
    "NTT_DW_SUPERSET_HOME": "ntt_dw/superset_local.py: Superset's metadata folder (set in the superset service)",
    "NTT_DW_SUPERSET_PORT": "ntt_dw/superset_local.py: the local Superset port (compose publishes the port instead)",
    "NTT_DW_SUPERSET_HOST": "ntt_dw/superset_local.py: the address Superset binds (0.0.0.0 in its image)",
}


def settings_read_by_code() -> set[str]:
    """Every NTT_DW_* name the runtime code (DAGs, ingestion, publishing, the ntt_dw package) mentions."""
    names = set()
    for folder in ("dags", "ingestion", "publish", "ntt_dw"):
        for path in (REPO / folder).rglob("*.py"):
            names |= set(re.findall(r"\bNTT_DW_[A-Z0-9_]+\b", path.read_text(encoding="utf-8")))
    return names


def unset_settings(compose: dict, names: set[str]) -> list[str]:
    env = env_of(compose["services"]["airflow-worker"])
    return sorted(name for name in names - set(LOCAL_ONLY_SETTINGS) if name not in env)


def test_every_setting_the_code_reads_reaches_the_workers(compose):
    """CKAN, alert recipients, suppression threshold, HMAC key…: a setting missing
    from the compose environment would silently fall back to its default in production."""
    names = settings_read_by_code()
    assert {
        "NTT_DW_CKAN_URL",
        "NTT_DW_ALERT_EMAIL_TO",
        "NTT_DW_SUPPRESSION_THRESHOLD",
        "NTT_DW_PSEUDONYM_KEY",
    } <= names
    assert unset_settings(compose, names) == []


def test_negative_unset_setting(compose):
    broken = copy.deepcopy(compose)
    del broken["services"]["airflow-worker"]["environment"]["NTT_DW_SUPPRESSION_THRESHOLD"]
    assert unset_settings(broken, {"NTT_DW_SUPPRESSION_THRESHOLD", "NTT_DW_PG_URL"}) == ["NTT_DW_SUPPRESSION_THRESHOLD"]
