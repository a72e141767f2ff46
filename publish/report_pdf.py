"""The monitoring report as PDF, for the coordination team that circulates reports as PDF.

The PDF is the report's own HTML (publish/monitoring_report.render) printed by WeasyPrint with
the print stylesheet of the template (its @media print and @page rules): A4, a cover page, the
table of contents with page numbers (target-counter), "Halaman n dari m" in the footer, table
headers repeated on every page and rows never split, the wide sections on landscape pages. There
is no second template to keep in step. The charts are the same inline SVG, drawn by WeasyPrint
as vector paths and text: they stay sharp at any print size.

Offline: WeasyPrint may fetch nothing but data: URLs (the page itself loads nothing); a link to
anywhere else stops the rendering instead of waiting on the network.
"""

from __future__ import annotations

import logging
from pathlib import Path


def write_pdf(html: str, target: Path) -> Path:
    """Print `html` (the rendered report) to `target`; returns it."""
    # imported here: WeasyPrint loads Pango, which only this output needs
    from weasyprint import HTML  # type: ignore[import-untyped]  # WeasyPrint ships no type information
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    # WeasyPrint warns of every style it does not apply as HTML CSS (the SVG charts' inline
    # styles, which its SVG renderer does apply): thousands of lines in the task's log
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    fetcher = URLFetcher(allowed_protocols=("data",), fail_on_errors=True)
    HTML(string=html, url_fetcher=fetcher, media_type="print").write_pdf(target, pdf_variant=None)
    return target
