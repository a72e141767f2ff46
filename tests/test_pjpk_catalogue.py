"""Tests for the PJPK indicator catalogue seeds (Pergub NTT 88/2025, PJPK 2025-2029).

Seeds under test:
  seeds/reference/pjpk_indicators.csv  one row per indicator of Tabel 2.1-2.5
  seeds/reference/pjpk_targets.csv     baseline 2024 + targets 2025-2029 per indicator

The source-document tests read the plain-text conversion of the Pergub from
../shared/sources (relative to the repo root) or from the directory (or file) named by
the NTT_DW_SHARED_SOURCES environment variable, and are skipped if it is absent.
Only the standard library csv module and pytest are used.
"""

from __future__ import annotations

import csv
import os
import re
from collections import defaultdict
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = REPO_ROOT / "seeds" / "reference"
INDICATORS_CSV = SEED_DIR / "pjpk_indicators.csv"
TARGETS_CSV = SEED_DIR / "pjpk_targets.csv"
SOURCE_FILE_NAME = "002_a05e6b013d9a983d.txt"

INDICATOR_COLUMNS = [
    "indicator_code",
    "sasaran",
    "sasaran_name",
    "source_table",
    "published_no",
    "tujuan_strategis",
    "indicator_name",
    "unit",
    "unit_note",
    "direction",
    "direction_note",
    "data_source",
    "responsible_agency",
    "supporting_agencies",
    "agency_source",
    "document",
    "source_file",
    "source_line",
]
TARGET_COLUMNS = ["indicator_code", "year", "value_kind", "published_text"]
DIRECTIONS = {"higher_is_better", "lower_is_better", "maintain"}
YEARS = [2024, 2025, 2026, 2027, 2028, 2029]
CODE_RE = re.compile(r"^PJPK-S([1-5])-(\d{2})$")
AGENCY_SOURCE_RE = re.compile(r"^(Tabel 3\.([1-5])) row (\d+)(?: \((.*)\))?$")


# --------------------------------------------------------------------------- helpers


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


@pytest.fixture(scope="module")
def indicators() -> list[dict[str, str]]:
    header, rows = _read_csv(INDICATORS_CSV)
    assert header == INDICATOR_COLUMNS
    assert rows, "pjpk_indicators.csv is empty"
    return rows


@pytest.fixture(scope="module")
def targets() -> list[dict[str, str]]:
    header, rows = _read_csv(TARGETS_CSV)
    assert header == TARGET_COLUMNS
    assert rows, "pjpk_targets.csv is empty"
    return rows


def _source_path() -> Path:
    env = os.environ.get("NTT_DW_SHARED_SOURCES")
    if env:
        p = Path(env)
        return p if p.suffix == ".txt" else p / SOURCE_FILE_NAME
    return REPO_ROOT.parent / "shared" / "sources" / SOURCE_FILE_NAME


@pytest.fixture(scope="module")
def doc_lines() -> list[str]:
    path = _source_path()
    if not path.is_file():
        pytest.skip(
            f"PJPK source document not found at {path} "
            "(set NTT_DW_SHARED_SOURCES to the shared/sources directory to run these checks)"
        )
    # keep line numbering identical to the file: split on "\n" only
    return path.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def doc_text(doc_lines: list[str]) -> str:
    return "\n".join(doc_lines)


def _line(doc_lines: list[str], n: int) -> str:
    """1-based line access."""
    return doc_lines[n - 1]


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")]


def _table_title_line(doc_lines: list[str], table: str) -> int:
    """1-based line number of the title of e.g. 'Tabel 2.1' (the source writes 'Tabel 2. 1')."""
    major, minor = table.replace("Tabel", "").strip().split(".")
    pat = re.compile(rf"^Tabel {major}\.\s*{minor}\s*:")
    hits = [i + 1 for i, ln in enumerate(doc_lines) if pat.match(ln)]
    assert len(hits) == 1, f"{table}: expected one title line, found {hits}"
    return hits[0]


def _header_columns(doc_lines: list[str], source_line: int) -> dict[object, int]:
    """Map column meaning -> cell index using the table header above source_line.

    The header is the nearest line above starting with 'No\\t'; the year sub-header is the
    line right after it. Returns keys 'no', 'tujuan', 'indikator', 'baseline', 'sumber'
    and the integer years 2025..2029.
    """
    n = source_line - 1
    while n > 0 and not _line(doc_lines, n).startswith("No\t"):
        n -= 1
    assert n > 0, f"no table header found above line {source_line}"
    head = _cells(_line(doc_lines, n))
    years = _cells(_line(doc_lines, n + 1))
    cols: dict[object, int] = {}
    for i, h in enumerate(head):
        if h == "No":
            cols["no"] = i
        elif h.startswith("Tujuan Strategis"):
            cols["tujuan"] = i
        elif h == "Indikator":
            cols["indikator"] = i
        elif h.startswith("Baseline"):
            assert "2024" in h
            cols["baseline"] = i
        elif h == "Sumber Data":
            cols["sumber"] = i
    for i, y in enumerate(years):
        if re.fullmatch(r"20\d\d", y):
            cols[int(y)] = i
    missing = {"no", "tujuan", "indikator", "baseline", "sumber", *range(2025, 2030)} - set(cols)
    assert not missing, f"header above line {source_line} lacks {missing}"
    return cols


def _row_lines(doc_lines: list[str], start: int) -> list[int]:
    """start plus its continuation lines: following tab lines whose first cell is empty
    (blank lines in between are skipped); stops at the next numbered row or non-table line."""
    out = [start]
    n = start + 1
    while n <= len(doc_lines):
        ln = _line(doc_lines, n)
        if ln.strip() == "":
            n += 1
            continue
        if "\t" in ln and ln.split("\t")[0].strip() == "":
            out.append(n)
            n += 1
            continue
        break
    return out


def _norm_name(s: str) -> str:
    s = re.sub(r"\((%|Juta)\)", "", s)
    return re.sub(r"\s+", " ", s).strip().casefold()


# --------------------------------------------------------------------------- seed-only tests


def test_indicator_codes_unique_and_well_formed(indicators):
    codes = [r["indicator_code"] for r in indicators]
    assert len(codes) == len(set(codes)), "duplicate indicator_code"
    by_sasaran: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for r in indicators:
        m = CODE_RE.match(r["indicator_code"])
        assert m, f"malformed code {r['indicator_code']!r}"
        assert int(m.group(1)) == int(r["sasaran"]), r["indicator_code"]
        assert r["source_table"] == f"Tabel 2.{r['sasaran']}", r["indicator_code"]
        by_sasaran[int(r["sasaran"])].append((int(r["source_line"]), int(m.group(2))))
    # NN is the position within the table in document order: 01, 02, ... without gaps
    for sasaran, pairs in by_sasaran.items():
        nns = [nn for _, nn in sorted(pairs)]
        assert nns == list(range(1, len(nns) + 1)), f"sasaran {sasaran}: {nns}"


def test_direction_values(indicators):
    bad = {r["indicator_code"]: r["direction"] for r in indicators if r["direction"] not in DIRECTIONS}
    assert not bad, bad


def test_every_sasaran_has_indicators(indicators):
    present = {int(r["sasaran"]) for r in indicators}
    assert present == {1, 2, 3, 4, 5}
    names = defaultdict(set)
    for r in indicators:
        names[r["sasaran"]].add(r["sasaran_name"])
    assert all(len(v) == 1 for v in names.values()), dict(names)


def test_required_fields_filled(indicators):
    for r in indicators:
        for col in ("indicator_name", "unit", "published_no", "document", "source_file", "source_line"):
            assert r[col].strip(), f"{r['indicator_code']}: {col} empty"
        assert r["source_file"] == SOURCE_FILE_NAME
        assert r["document"] == "Pergub NTT 88/2025 PJPK 2025-2029"
        assert r["source_line"].isdigit()
        for col in INDICATOR_COLUMNS:
            assert "\n" not in r[col] and "\r" not in r[col], f"{r['indicator_code']}: newline in {col}"


def test_each_indicator_has_six_target_rows(indicators, targets):
    codes = {r["indicator_code"] for r in indicators}
    per_code: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for t in targets:
        assert t["indicator_code"] in codes, f"orphan target row {t}"
        per_code[t["indicator_code"]].append((int(t["year"]), t["value_kind"]))
    for code in codes:
        rows = sorted(per_code[code])
        assert [y for y, _ in rows] == YEARS, f"{code}: years {rows}"
        assert rows[0][1] == "baseline", code
        assert all(kind == "target" for _, kind in rows[1:]), code


# --------------------------------------------------------------------------- source-document tests


def test_indicator_names_occur_verbatim(indicators, doc_text):
    missing = [r["indicator_code"] for r in indicators if r["indicator_name"] not in doc_text]
    assert not missing, f"indicator_name not found verbatim in source: {missing}"


def test_sasaran_names_occur_in_document(indicators, doc_text):
    for name in {r["sasaran_name"] for r in indicators}:
        assert name in doc_text, name


def test_row_cells_match_source_line(indicators, doc_lines):
    for r in indicators:
        code, n = r["indicator_code"], int(r["source_line"])
        # the row belongs to the right table: its title is the last Tabel 2.x title above it
        title = _table_title_line(doc_lines, r["source_table"])
        assert title < n, code
        later_titles = [i + 1 for i, ln in enumerate(doc_lines[title : n - 1], start=title) if ln.startswith("Tabel ")]
        assert not later_titles, f"{code}: another table starts between {title} and {n}"
        cols = _header_columns(doc_lines, n)
        cells = _cells(_line(doc_lines, n))
        assert cells[cols["no"]] == r["published_no"], code
        assert cells[cols["indikator"]] == r["indicator_name"], code
        assert cells[cols["sumber"]] == r["data_source"], code
        # Tujuan Strategis: the cell, plus continuation-line pieces for rows split by a page break
        pieces = [_cells(_line(doc_lines, k))[cols["tujuan"]] for k in _row_lines(doc_lines, n)]
        assert r["tujuan_strategis"] == " ".join(p for p in pieces if p), code


def test_published_texts_come_from_source_row(indicators, targets, doc_lines):
    by_code = {r["indicator_code"]: r for r in indicators}
    for t in targets:
        ind = by_code[t["indicator_code"]]
        n = int(ind["source_line"])
        row_lines = _row_lines(doc_lines, n)
        text = t["published_text"]
        where = f"{t['indicator_code']} {t['year']}"
        if text:
            # occurs in the line at source_line (or its continuation lines)
            assert any(text in _line(doc_lines, k) for k in row_lines), f"{where}: {text!r} not in source row"
        # stronger: it is exactly the cell of the right column (empty cells included)
        cols = _header_columns(doc_lines, n)
        col = cols["baseline"] if t["value_kind"] == "baseline" else cols[int(t["year"])]
        cells = _cells(_line(doc_lines, n))
        assert cells[col] == text, f"{where}: seed {text!r} != source cell {cells[col]!r}"


def test_agencies_come_from_tabel_3(indicators, doc_lines):
    for r in indicators:
        code = r["indicator_code"]
        if not r["agency_source"]:
            assert not r["responsible_agency"] and not r["supporting_agencies"], code
            continue
        m = AGENCY_SOURCE_RE.match(r["agency_source"])
        assert m, f"{code}: agency_source {r['agency_source']!r}"
        table, sasaran, row_no, note = m.group(1), m.group(2), m.group(3), m.group(4)
        assert sasaran == r["sasaran"], code
        start = _table_title_line(doc_lines, table)
        nxt = start + 1
        while nxt <= len(doc_lines) and not re.match(r"^(Tabel |BAB )", _line(doc_lines, nxt)):
            nxt += 1
        hits = [
            k
            for k in range(start + 1, nxt)
            if _line(doc_lines, k).split("\t")[0].strip() == row_no and "\t" in _line(doc_lines, k)
        ]
        assert len(hits) == 1, f"{code}: {table} row {row_no} found at {hits}"
        cells = _cells(_line(doc_lines, hits[0]))
        head = _cells(_line(doc_lines, start + 2))
        assert head[:2] == ["No", "Indikator"], f"{table} header {head}"
        i_main, i_sup = head.index("Instansi Utama"), head.index("Instansi Pendukung")
        # matched by indicator name (ignoring case and unit suffixes); any other wording
        # must be documented in agency_source as 'published there as "..."'
        t3_name = cells[1]
        if _norm_name(t3_name) != _norm_name(r["indicator_name"]):
            assert note and f'published there as "{t3_name}"' in note, f"{code}: {t3_name!r}"
        assert r["responsible_agency"] == cells[i_main], code
        sup_text = " ".join(_cells(_line(doc_lines, k))[i_sup] for k in _row_lines(doc_lines, hits[0]))
        if r["supporting_agencies"]:
            for agency in r["supporting_agencies"].split("; "):
                assert agency.strip() == agency and agency, f"{code}: bad item {agency!r}"
                assert agency in sup_text, f"{code}: supporting agency {agency!r} not in {table} row {row_no}"
        else:
            assert sup_text.strip() in ("", "-"), f"{code}: supporting agencies missing"


def test_all_table_rows_catalogued(indicators, doc_lines):
    """Every numbered row of Tabel 2.1-2.5 is in the seed (nothing skipped)."""
    seeded = {(r["source_table"], int(r["source_line"])) for r in indicators}
    for s in range(1, 6):
        table = f"Tabel 2.{s}"
        start = _table_title_line(doc_lines, table)
        n = start + 1
        found = set()
        while n <= len(doc_lines) and not re.match(r"^([A-E]\. |BAB |Tabel )", _line(doc_lines, n)):
            first = _line(doc_lines, n).split("\t")[0].strip()
            if "\t" in _line(doc_lines, n) and first.isdigit():
                found.add((table, n))
            n += 1
        assert found, table
        assert found == {x for x in seeded if x[0] == table}, table
