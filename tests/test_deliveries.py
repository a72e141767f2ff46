"""Late data: an overdue source is reported, a recent one is not."""

import datetime as dt
import json

from ingestion.core import file_registry
from ingestion.core.deliveries import overdue
from ingestion.core.source_registry import get_source


def register(home, source: str, loaded_at: dt.datetime) -> None:
    folder = home / "raw" / "_registry" / source
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "v1.json").write_text(
        json.dumps(
            {
                "file_version_id": "v1",
                "source_file": "f.csv",
                "sha256": "x",
                "status": "loaded",
                "loaded_at": loaded_at.isoformat(),
            }
        )
    )


def test_a_source_never_delivered_is_overdue(ntt_home):
    assert "no file has ever been delivered" in overdue(get_source("budget"))


def test_a_monthly_report_older_than_its_due_time_is_overdue(ntt_home):
    spec = get_source("budget")  # monthly: due again after warn_after_hours
    now = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    register(ntt_home, "budget", now - dt.timedelta(hours=spec.freshness.warn_after_hours + 1))
    assert file_registry.entries("budget")
    assert "the next file was due by" in overdue(spec, now)
    register(ntt_home, "budget", now - dt.timedelta(days=3))
    assert overdue(spec, now) is None
