"""publish and export_satu_data: the marts leave the warehouse.

publish (on the transform's Asset `warehouse.marts`, emitted only when every dbt task, including
the error-severity tests, succeeded): copies the marts into a new read-only snapshot under
var/published/ and switches `current` to it atomically (publish/snapshot.py); emits
`published.snapshot`.

export_satu_data (on the Asset `published.snapshot`, and monthly as a safety net, the schedule
Satu Data NTT collects on): CSV + Frictionless Data
Package + CKAN package dict from the current snapshot, small case counts suppressed; skipped when
the data equal the last export's; pushed to the portal when NTT_DW_CKAN_URL is configured.
"""

from __future__ import annotations

from airflow.sdk import AssetOrTimeSchedule, CronTriggerTimetable, dag, task

from ntt_dw.orchestration.assets import MARTS, SNAPSHOT
from ntt_dw.orchestration.defaults import START_DATE, WAREHOUSE_POOL, default_args


@dag(
    dag_id="publish",
    schedule=[MARTS],
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(retries=1),
    tags=["publish", "bi"],
    doc_md=__doc__,
)
def publish():
    @task(pool=WAREHOUSE_POOL, outlets=[SNAPSHOT])
    def publish_snapshot(**context) -> str:
        """Copy the marts into a new snapshot and switch var/published/current to it."""
        from publish.snapshot import publish_snapshot as publish_marts

        return str(publish_marts(run_id=context["dag_run"].run_id))

    publish_snapshot()


@dag(
    dag_id="export_satu_data",
    # every new snapshot is exported (one whose data did not change is skipped); the monthly run,
    # when Satu Data NTT collects datasets, is a calendar checkpoint in the Airflow UI
    schedule=AssetOrTimeSchedule(
        timetable=CronTriggerTimetable("0 6 1 * *", timezone="Asia/Makassar"), assets=[SNAPSHOT]
    ),
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(retries=2),
    tags=["publish", "satu-data"],
    doc_md=__doc__,
)
def export_satu_data():
    @task(inlets=[SNAPSHOT])  # reads the published snapshot (lineage in the Assets view)
    def export_datasets() -> str:
        """Write a new export folder, or skip when nothing changed since the last one."""
        from airflow.sdk.exceptions import AirflowSkipException

        from publish.satu_data import export
        from publish.snapshot import current_snapshot

        if current_snapshot() is None:  # a fresh installation: its first publish will trigger the export
            raise AirflowSkipException("nothing published yet: nothing to export")
        folder = export()
        if folder is None:
            raise AirflowSkipException("the published data equal the last export's: nothing to export")
        return str(folder)

    @task
    def push_to_portal(folder: str) -> int:
        """Create or update the packages on the CKAN portal when NTT_DW_CKAN_URL is configured."""
        from publish.ckan import push_export

        return push_export(folder)

    push_to_portal(export_datasets())


publish()
export_satu_data()
