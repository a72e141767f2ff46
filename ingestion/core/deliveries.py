"""Late data: a source whose next file has not arrived when it is due.

Each source's registry entry says how old its newest delivery may get (freshness.warn_after_hours:
a monthly report is due again after ~45 days). The ingestion DAG checks this on the source's own
schedule, right after scanning the landing folder, so a file that never comes is noticed even
though nothing downstream runs. (dbt's source freshness checks the same threshold, but only when
the transform runs, which a missing file never triggers; Airflow 3's deadline alerts measure a
DAG run's duration, not the absence of an input.)
"""

from __future__ import annotations

import datetime as dt

from ingestion.core import file_registry
from ingestion.core.source_registry import SourceSpec


def last_delivery(spec: SourceSpec) -> dt.datetime | None:
    loaded = [entry.get("loaded_at") for entry in file_registry.entries(spec.name) if entry.get("status") == "loaded"]
    times = [dt.datetime.fromisoformat(t) for t in loaded if t]
    return max(times) if times else None


def overdue(spec: SourceSpec, now: dt.datetime | None = None) -> str | None:
    """Why the source is late, or None when its newest delivery is recent enough."""
    now = now or dt.datetime.now(dt.UTC)
    last = last_delivery(spec)
    due_after = dt.timedelta(hours=spec.freshness.warn_after_hours)
    if last is None:
        return f"{spec.name}: no file has ever been delivered to var/landing/{spec.landing_folder}/"
    if now - last > due_after:
        return (
            f"{spec.name}: the newest delivery was loaded {last.isoformat()}, more than "
            f"{spec.freshness.warn_after_hours} h ago; the next file was due by {(last + due_after).isoformat()}"
        )
    return None
