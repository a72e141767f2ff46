"""Run DAGs one after another with `DAG.test()` (what `airflow dags test` does) in ONE interpreter.

Each `airflow dags test` call pays ~8 s of interpreter and Airflow start-up; the main job runs
several DAGs, so it runs them here instead. Each run is a real DagRun in the metadata DB, its
tasks executed in-process. Usage (inside the Airflow environment, see airflow_local.py):

    python -m ntt_dw.run_dags RESULTS.json LOGICAL_DATE [--conf JSON] DAG_ID [DAG_ID ...]

Stops at the first DAG whose run does not succeed; RESULTS.json lists each DAG's state and time.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    results_path, logical_date, dag_ids = Path(argv[0]), dt.datetime.fromisoformat(argv[1]), argv[2:]
    conf = None
    if dag_ids[:1] == ["--conf"]:
        conf, dag_ids = json.loads(dag_ids[1]), dag_ids[2:]
    from airflow.cli.commands.dag_command import get_bagged_dag

    results = []
    for dag_id in dag_ids:
        started = time.monotonic()
        dag = get_bagged_dag(bundle_names=None, dag_id=dag_id)
        run = dag.test(logical_date=logical_date, run_conf=conf)
        state = str(getattr(run.state, "value", run.state))
        results.append(
            {"dag_id": dag_id, "run_id": run.run_id, "state": state, "seconds": round(time.monotonic() - started, 1)}
        )
        results_path.write_text(json.dumps(results, indent=2), encoding="utf-8")
        if state != "success":
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
