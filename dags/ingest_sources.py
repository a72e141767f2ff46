"""One ingestion DAG per source of the registry (ingestion/sources.yml): ingest_<source>.

Each scans its landing folder on the source's schedule, loads new file versions into the raw
zone (a backfill run: re-reads the files delivered in its data interval) and, when something new
arrived, emits the source's Asset, which schedules the transform;
it alerts when the source's next file is overdue (ingestion/core/deliveries.py).
"""

from __future__ import annotations

from airflow.sdk import Asset, CronDataIntervalTimetable, dag, task

from ingestion.core.source_registry import SourceSpec, load_registry
from ntt_dw.orchestration.defaults import START_DATE, default_args


def build_ingest_dag(spec: SourceSpec):
    asset = Asset(spec.asset_name)

    @dag(
        dag_id=spec.dag_id,
        # data intervals (previous tick to this one): a backfill run re-ingests the files delivered in its interval
        schedule=CronDataIntervalTimetable(spec.schedule, timezone="UTC"),
        start_date=START_DATE,
        catchup=False,
        max_active_runs=1,  # one run per source at a time: its file registry has one writer
        default_args=default_args(spec.owner, spec.retries, spec.retry_delay_minutes),
        tags=["ingest", spec.agency],
        doc_md=f"**{spec.name}** ({spec.agency}): {spec.description}\n\n"
        f"Landing folder `var/landing/{spec.landing_folder}/`, files {', '.join(spec.file_patterns)}; "
        f"raw table `raw.{spec.raw_table}`; emits Asset `{spec.asset_name}`.",
    )
    def ingest():
        @task
        def ingest_new_files(**context) -> dict:
            """Read every new file version; bad records go to quarantine, the rest to the raw zone.
            A backfill run (`airflow backfill create`) instead re-reads the files delivered in its
            data interval, rewriting the same rows (idempotent)."""
            from ingestion.core.pipeline import ingest_source

            run_type = context["dag_run"].run_type
            if getattr(run_type, "value", run_type) == "backfill":
                period = (context["data_interval_start"], context["data_interval_end"])
                return ingest_source(spec.name, period=period).as_dict()
            return ingest_source(spec.name).as_dict()

        @task(outlets=[asset])
        def announce_new_data(report: dict, *, outlet_events=None) -> dict:
            """Emit the Asset only when a new file version was registered (else: skipped)."""
            from airflow.sdk.exceptions import AirflowSkipException

            if not report["file_versions"]:
                raise AirflowSkipException(f"no new file for {spec.name}: nothing to announce")
            outlet_events[asset].extra = {
                k: report[k] for k in ("records_loaded", "records_quarantined", "files_loaded")
            }
            return report

        @task
        def check_delivery_due(report: dict, **context) -> str:
            """Alert (without failing) when the source's next file is overdue: late data."""
            from ingestion.core.deliveries import overdue
            from ntt_dw.orchestration.alerts import build_alert, send

            late = overdue(spec)
            if late:
                alert = build_alert(context)
                alert["error"] = f"late data: {late}"
                send(alert)
                return late
            return "on time"

        @task
        def report_rejected_files(report: dict, **context) -> str:
            """Alert (without failing: the other files loaded) when a file was rejected whole or a
            delivered file is not picked up by any source. Each alerts once: a rejected file is not
            read again while unchanged, an unclaimed one is remembered (first_seen_at). The registry and
            the run summary keep the details."""
            from ntt_dw.orchestration.alerts import build_alert, send

            problems = [f"rejected {item['error']}" for item in report["rejected_files"]]
            problems += [
                f"not picked up: {item['file']} ({item['reason']})"
                for item in report["unclaimed_files"]
                if item.get("new")
            ]
            if not problems:
                return "every delivered file was read"
            alert = build_alert(context)
            alert["error"] = f"{spec.name}: {len(problems)} delivery problem(s): " + "; ".join(problems)
            send(alert)
            return alert["error"]

        report = ingest_new_files()
        announce_new_data(report)
        check_delivery_due(report)
        report_rejected_files(report)

    return ingest()


for _spec in load_registry().values():
    globals()[_spec.dag_id] = build_ingest_dag(_spec)
