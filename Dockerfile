# ntt-dw Airflow image: the official Airflow image plus our pinned dependencies and the project.
# The tag must match apache-airflow in requirements.lock (tests/test_compose.py checks it).
FROM apache/airflow:3.3.2-python3.11

# Why the pins come from requirements.lock and not from Airflow's constraints file:
# Airflow's docs install extra packages as `pip install "apache-airflow==<version>" -r requirements.txt`
# against the published constraints-<version>/constraints-3.11.txt, so pip can neither move Airflow
# nor pick untested versions. Our requirements.lock plays that role: it is the full resolution of
# pyproject.toml's dependencies (apache-airflow==3.3.2 itself, astronomer-cosmos, dbt-core/dbt-duckdb 1.11, duckdb,
# pandas ...) that the local venv, `make test` and CI already run, so the image runs the same versions
# that were tested. Airflow's constraints file does not know dbt/cosmos, and mixing both could
# resolve to versions nobody tested.
# The celery, postgres, redis and fab providers used by docker-compose.yml are not in the lock: they
# come preinstalled in the official image.

# WeasyPrint (the monitoring report as PDF) draws text with Pango; DejaVu is the report's font.
USER root
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
# The runtime folder: a new named volume mounted here copies this ownership, so the airflow user
# (group 0, as the official image expects for arbitrary UIDs) can write to it without a root chown.
RUN mkdir -p /opt/ntt-dw/var \
    && chown -R airflow:0 /opt/ntt-dw \
    && chmod -R g+rwX /opt/ntt-dw
USER airflow

COPY --chown=airflow:0 requirements.lock /opt/ntt-dw/requirements.lock
RUN pip install --no-cache-dir -r /opt/ntt-dw/requirements.lock

# The project (see .dockerignore: no var/, .venv/, .git/, .env, dbt target/logs), installed in place
# (pyproject.toml): the DAGs import its packages, and dbt_project/ and seeds/ are read beside them.
COPY --chown=airflow:0 . /opt/ntt-dw
RUN pip install --no-cache-dir --no-deps -e /opt/ntt-dw

ENV NTT_DW_HOME=/opt/ntt-dw/var \
    AIRFLOW__CORE__DAGS_FOLDER=/opt/ntt-dw/dags
WORKDIR /opt/ntt-dw
