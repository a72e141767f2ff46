"""The README is the front door (short, every link working) and no figure in the docs is typed by
hand: measured figures live in docs/figures/, written by the benchmark that measures them."""

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PAGES = [REPO / "README.md", REPO / "dags" / "README.md", *sorted((REPO / "docs").glob("*.md"))]
#: a duration or a memory size, as a measurement would print it
MEASURED = re.compile(r"\b\d+(?:[.,]\d+)? ?(?:ms|s|sec|seconds|min|minutes|GiB|MiB|GB|MB)\b")
#: settings written with a unit (a timeout, an interval): not measurements
SETTING_WORDS = ("after", "timeout", "interval", "every", "stopped for", "goal", "within")


def links(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    return [
        target for target in re.findall(r"\]\(([^)\s]+)\)", text) if not target.startswith(("http", "#", "mailto:"))
    ]


def test_the_readme_is_short():
    assert len((REPO / "README.md").read_text(encoding="utf-8").splitlines()) <= 250


def test_every_link_of_the_readme_and_the_docs_resolves():
    broken = []
    for page in PAGES:
        for target in links(page):
            path = (page.parent / target.split("#")[0]).resolve()
            if not path.exists():
                broken.append(f"{page.relative_to(REPO)} -> {target}")
    assert broken == []


def test_no_measured_figure_is_typed_into_the_prose():
    typed = []
    for page in PAGES:
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if MEASURED.search(line) and not any(word in line.lower() for word in SETTING_WORDS):
                typed.append(f"{page.relative_to(REPO)}:{number}: {line.strip()[:100]}")
    assert typed == []


def test_every_figures_page_names_the_command_that_wrote_it():
    pages = sorted((REPO / "docs" / "figures").glob("*.md"))
    assert {page.stem for page in pages} >= {"transform", "national"}
    for page in pages:
        assert re.search(r"^Written by `ntt-dw bench [^`]+` on \d{4}-\d\d-\d\d", page.read_text(encoding="utf-8"), re.M)
