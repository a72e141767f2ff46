"""withdraw_file_version: "ignore the file we sent yesterday", from Airflow.

Trigger it with the version id (var/raw/_registry/<source>/<id>.json, or a unique prefix of at
least 6 hex digits) and the reason:

    airflow dags trigger withdraw_file_version \\
        --conf '{"file_version_id": "3f2a9c1b7d", "reason": "Dinas P3A: ignore the file of 3 June",
                 "action": "withdraw"}'

`action` is "withdraw" (the default) or "restore"; `by` names who asked for it (default: the user
who triggered the run, else "airflow"). One task rewrites the registry entry
(ingestion/core/withdrawal.py, the same as `ntt_dw/withdraw.py` on the command line): the version
is kept, with who withdrew it, when and why, and the next transform build leaves it out. Both
actions are idempotent; an unknown id fails the run without retrying.

How the transform is triggered, and why this way: the task emits an event on the Asset of the
withdrawn version's source (`raw.<table>`, the Asset its ingestion DAG emits for a new delivery
and that the transform is scheduled on), through an AssetAlias because the source is known only
at run time. That is Airflow 3's data-aware idiom: a withdrawal changes what the warehouse
receives from that source exactly as a corrected re-delivery does, so it goes the same way; the
transform's schedule stays untouched, the event (action, version, reason) shows in the Asset's
history next to the deliveries, and the run queues behind running ingestions and builds like any
other. A TriggerDagRunOperator on `transform` would tie this DAG to a dag_id and leave no trace on
the Asset. The event is emitted even when nothing changed: the transform compares its inputs
fingerprint (which includes withdrawals) with the last good build's and builds only if they differ.
"""

from __future__ import annotations

import logging

from airflow.sdk import AssetAlias, Param, dag, task

from ntt_dw.orchestration.defaults import START_DATE, default_args

#: resolved at run time to the Asset of the withdrawn version's source
WITHDRAWN_SOURCE = AssetAlias("withdrawn_file_version")


@dag(
    dag_id="withdraw_file_version",
    schedule=None,  # triggered by hand, with the version id and the reason in its conf
    start_date=START_DATE,
    catchup=False,
    max_active_runs=1,
    default_args=default_args(retries=1),
    params={
        "file_version_id": Param(
            type="string",
            minLength=6,
            title="File version id",
            description="The id of the delivered file version (or a unique prefix of 6+ digits).",
        ),
        "reason": Param(
            type="string",
            minLength=1,
            title="Reason",
            description="Why, e.g. the agency's request (kept in the registry).",
        ),
        "action": Param("withdraw", enum=["withdraw", "restore"], title="Action"),
        "by": Param(
            None,
            type=["null", "string"],
            title="Requested by",
            description="Who asks for it (default: the user who triggers this run).",
        ),
    },
    tags=["ingest", "operations"],
    doc_md=__doc__,
)
def withdraw_file_version():
    @task(outlets=[WITHDRAWN_SOURCE])
    def change_file_version(*, outlet_events=None, **context) -> dict:
        """Withdraw (or restore) the version in the file registry, then announce its source's Asset."""
        from airflow.sdk import Asset
        from airflow.sdk.exceptions import AirflowFailException

        from ingestion.core import withdrawal
        from ingestion.core.source_registry import load_registry

        params = context["params"]
        action = withdrawal.restore if params.get("action") == "restore" else withdrawal.withdraw
        by = params.get("by") or getattr(context["dag_run"], "triggering_user_name", None) or "airflow"
        try:
            outcome = action(str(params.get("file_version_id") or ""), reason=params.get("reason") or "", by=by)
        except (LookupError, ValueError) as error:  # retrying would not help
            raise AirflowFailException(str(error)) from error
        logging.getLogger(__name__).info(outcome.message)
        spec = load_registry().get(outcome.entry["source_name"])
        if spec is not None:
            outlet_events[WITHDRAWN_SOURCE].add(
                Asset(spec.asset_name),
                extra={
                    "action": outcome.action,
                    "changed": outcome.changed,
                    "by": by,
                    "file_version_id": outcome.entry["file_version_id"],
                    "source_file": outcome.entry["source_file"],
                    "reason": outcome.entry["withdrawal_history"][-1]["reason"] if outcome.changed else None,
                },
            )
        return outcome.as_dict()

    change_file_version()


withdraw_file_version()
