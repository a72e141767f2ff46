"""Benchmarks write their own figures into the docs: docs/figures/<name>.md holds the table a
benchmark printed, with the command and the date, so no figure in the docs is typed by hand (the
prose in docs/ links these files instead of quoting them)."""

from __future__ import annotations

import datetime as dt
import os
import platform

from ingestion.core.settings import REPO_ROOT

FIGURES_DIR = REPO_ROOT / "docs" / "figures"


def publish(name: str, command: str, title: str, report: str, json_path: str | None = None) -> str:
    """Write `report` (the benchmark's printed table) to docs/figures/<name>.md; returns the path."""
    FIGURES_DIR.mkdir(parents=True, exist_ok=True)
    path = FIGURES_DIR / f"{name}.md"
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        f"# {title}",
        "",
        f"Written by `{command}` on {when}, on {os.cpu_count()} CPUs ({platform.machine()}, Python "
        f"{platform.python_version()}). Do not edit: the command rewrites this file"
        + (f"; all its figures are in `{json_path}`." if json_path else "."),
        "",
        "```text",
        report.rstrip(),
        "```",
        "",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return str(path)
