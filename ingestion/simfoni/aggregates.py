"""Published case aggregates: what the province reports upward, as the documents print them.

The extracts in seeds/extracts/simfoni/ are small tables transcribed from Laporan Tahunan DP3A
NTT 2023 (Tabel 9, 13, 14, the Bab III text on UPTD PPA and SIMFONI PPA) and Pergub NTT 88/2025
(KTA 2024/2025 in Tabel 1.3). Each has its own columns; the header says which dataset a file is
(DATASETS). Every figure becomes one long-format record: dataset, period, region, the case
dimensions it is broken down by, the measure, the published text and its parsed value.

Nothing is corrected: a figure that does not parse, a category or region not in the code lists,
a month outside 1-12 is quarantined with the reason; a published "-" is kept as a missing value.

Numbers are read by meaning (ingestion/core/notation.py): the file's notation is judged from all
its counts and percentages first, so "1,093" cases is one thousand and ninety-three in a file
written the English way and quarantined as ambiguous in one that does not say (never 1). A
column the dataset does not know is ignored with a warning, not silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingestion.core import code_lists
from ingestion.core.notation import COUNT, DECIMAL, NO_EVIDENCE, PERCENT, Cell, FileNotation, judge_file
from ingestion.core.numbers import NumberParseError, is_missing
from ingestion.core.readers import dict_rows, read_table
from ingestion.core.records import ReadResult

PROVINCE_CODE = "53"
NUMBER_WORDS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
}


class RowError(ValueError):
    """One field of one row cannot be loaded; the pipeline quarantines the row with this reason."""

    def __init__(self, field: str, value: object, reason: str):
        super().__init__(reason)
        self.field, self.value, self.reason = field, value, reason


@dataclass(frozen=True)
class Dataset:
    name: str
    columns: frozenset[str]
    parse: Callable[[dict[str, str], object], list[dict]]
    #: the numeric cells of a row, (field, text, kind), for the notation judgement
    numbers: Callable[[dict[str, str]], list[tuple[str, str, str]]]
    #: columns the dataset reads besides its own when present (source_line and note: always)
    optional: frozenset[str] = frozenset()
    #: a pattern of further known columns (Tabel 9's target_<year>, realisasi_<year>)
    column_pattern: str | None = None


class _FileContext:
    """The pipeline's read context plus the file's number notation, for the dataset parsers."""

    def __init__(self, context, notation: FileNotation):
        self._context, self.notation = context, notation

    def __getattr__(self, name):
        return getattr(self._context, name)


# ---------------------------------------------------------------- field parsers


def _number(row: dict[str, str], field: str, notation: FileNotation = NO_EVIDENCE, kind: str = DECIMAL) -> float | None:
    try:
        value = notation.number(row[field], kind)
    except NumberParseError as exc:
        raise RowError(field, row[field], str(exc)) from None
    return None if value is None else float(value)


def _count(row: dict[str, str], field: str, notation: FileNotation = NO_EVIDENCE) -> float | None:
    value = _number(row, field, notation, COUNT)
    if value is not None and (value < 0 or value != int(value)):
        raise RowError(field, row[field], f"a count must be a whole number >= 0, got {row[field]!r}")
    return value


def _year(row: dict[str, str]) -> int:
    text = row.get("tahun", "")
    if not re.fullmatch(r"(19|20)\d\d", text):
        raise RowError("tahun", text, f"not a year: {text!r}")
    return int(text)


def _month(row: dict[str, str], required: bool = True) -> int | None:
    text = row.get("bulan", "")
    if not text and not required:
        return None
    if not re.fullmatch(r"\d{1,2}", text) or not 1 <= int(text) <= 12:
        raise RowError("bulan", text, f"not a month number 1-12: {text!r}")
    return int(text)


def _code(row: dict[str, str], field: str, codes: dict[str, str], extra: dict[str, str] | None = None) -> str:
    label = code_lists.normalise_label(row[field])
    known = {**codes, **{code.lower(): code for code in codes.values()}, **(extra or {})}
    code = known.get(label)  # the published label, or the code itself
    if code is None:
        raise RowError(field, row[field], f"unknown {field.replace('_', ' ')} {row[field]!r} (not in the code list)")
    return code


def _region(row: dict[str, str], field: str, context) -> str:
    resolution = context.regions.resolve(row[field])
    if resolution.region is None:
        raise RowError(field, row[field], resolution.problem or "unknown region")
    return resolution.region.kemendagri_code


def _source_line(row: dict[str, str]) -> int | None:
    text = row.get("source_line", "")
    return int(text) if text.isdigit() else None


def _base(row: dict[str, str], **values) -> dict:
    return {
        "region_kemendagri_code": PROVINCE_CODE,
        "source_line": _source_line(row),
        "note": row.get("note") or None,
        **values,
    }


# ---------------------------------------------------------------- datasets


def _tabel13(row, context) -> list[dict]:
    """Month rows, and the published column-total row (bulan empty, bulan_label 'Total')."""
    category = _code(row, "kategori", code_lists.victim_categories(), extra={"total": "total"})
    is_total_row = not row.get("bulan") and row.get("bulan_label", "").lower() == "total"
    return [
        _base(
            row,
            year=_year(row),
            month=_month(row, required=not is_total_row),
            victim_category=category,
            indicator="korban",
            measure="victims",
            value_text=row["jumlah_korban"],
            value=_count(row, "jumlah_korban", context.notation),
            unit="korban",
        )
    ]


def _tabel14(row, context) -> list[dict]:
    return [
        _base(
            row,
            year=_year(row),
            month=_month(row),
            jenis_kekerasan=_code(row, "jenis_kekerasan", code_lists.jenis_kekerasan()),
            bentuk_published=row["bentuk_kekerasan"],
            bentuk_code=_code(row, "bentuk_kekerasan", code_lists.bentuk_kekerasan()),
            indicator="kasus",
            measure="cases",
            value_text=row["jumlah_kasus"],
            value=_count(row, "jumlah_kasus", context.notation),
            unit="kasus",
        )
    ]


def _text_statements(row, context) -> list[dict]:
    return [
        _base(
            row,
            year=_year(row),
            month=_month(row, required=False),
            indicator=row["pernyataan"],
            measure="stated_figure",
            value_text=row["nilai"],
            value=_count(row, "nilai", context.notation),
            unit="kasus",
        )
    ]


def _simfoni_annual(row, context) -> list[dict]:
    return [
        _base(
            row,
            year=_year(row),
            region_label=row["wilayah"],
            region_kemendagri_code=_region(row, "wilayah", context),
            indicator=row["ukuran"],
            measure="cases",
            value_text=row["nilai"],
            value=_count(row, "nilai", context.notation),
            unit="kasus",
        )
    ]


def _simfoni_non_reporting(row, context) -> list[dict]:
    return [
        _base(
            row,
            year=_year(row),
            region_label=row["kabupaten_kota"],
            region_kemendagri_code=_region(row, "kabupaten_kota", context),
            indicator="kabupaten/kota tidak melapor ke SIMFONI PPA",
            measure="not_reporting",
            value_text=row["kabupaten_kota"],
            value=1.0,
            unit="kabupaten/kota",
        )
    ]


def _worded_count(row: dict[str, str], field: str, notation: FileNotation = NO_EVIDENCE) -> float | None:
    """'2 (dua)': the digits, checked against the number word the document writes beside them."""
    text = row[field]
    match = re.fullmatch(r"\s*(\d+)\s*\(\s*([a-z]+)\s*\)\s*", text.lower())
    if not match:
        return _count(row, field, notation)
    digits, word = int(match.group(1)), match.group(2)
    if NUMBER_WORDS.get(word) != digits:
        raise RowError(field, text, f"the digits and the number word disagree in {text!r}")
    return float(digits)


def _simfoni_non_reporting_count(row, context) -> list[dict]:
    return [
        _base(
            row,
            year=_year(row),
            indicator="jumlah kabupaten/kota tidak melapor ke SIMFONI PPA",
            measure="not_reporting_count",
            value_text=row["nilai"],
            value=_worded_count(row, "nilai", context.notation),
            unit="kabupaten/kota",
        )
    ]


def _kta(row, context) -> list[dict]:
    label = re.sub(r"^kta\s+", "", row["jenis"].strip(), flags=re.IGNORECASE)
    category = code_lists.simfoni_categories().get(code_lists.normalise_label(label))
    if category is None:
        raise RowError("jenis", row["jenis"], f"unknown SIMFONI category {label!r} (not in simfoni_kategori_label.csv)")
    return [
        _base(
            row,
            year=_year(row),
            jenis_kekerasan="KtA",
            bentuk_published=label,
            simfoni_kategori=category,
            indicator="kasus kekerasan terhadap anak (KTA)",
            measure="cases",
            value_text=row["nilai"],
            value=_count(row, "nilai", context.notation),
            unit="kasus",
        )
    ]


_PERCENT_CELL = re.compile(r"^\s*(?P<pct>[\d.,]+)\s*%\s*(?:\((?P<detail>[^)]*)\))?\s*$")
# counts in a Tabel 9 cell may carry a thousands separator either way ("1.093 korban", "1,093 korban")
_SERVED_OF = re.compile(r"^(?P<served>[\d.,]*\d)\s+korban terlayani dari\s+(?P<reported>[\d.,]*\d)\s+(?P<unit>.+)$")
_COUNT_UNIT = re.compile(r"^(?P<n>[\d.,]*\d)\s+(?P<unit>.+)$")
_INDICATOR_TARGET = re.compile(r"\(\s*target\s*:?\s*(?P<n>[\d.,]*\d)\s*(?P<unit>[^)]*)\)", re.IGNORECASE)
_TABEL9_COLUMN = r"(target|realisasi)_\d{4}"


def _performance_numbers(text: str) -> list[tuple[str, str]]:
    """(text, kind) of the numbers of a Tabel 9 cell: the percentage, the counts in brackets."""
    match = _PERCENT_CELL.match(text)
    if not match:
        return []
    numbers = [(match.group("pct"), PERCENT)]
    detail = (match.group("detail") or "").strip()
    if served := _SERVED_OF.match(detail):
        numbers += [(served.group("served"), COUNT), (served.group("reported"), COUNT)]
    elif count := _COUNT_UNIT.match(detail):
        numbers.append((count.group("n"), COUNT))
    return numbers


def _performance_cell(row: dict[str, str], field: str, prefix: str, notation: FileNotation = NO_EVIDENCE) -> list[dict]:
    """'97,23% (596 korban terlayani dari 613 korban perempuan dewasa)' -> pct, served, reported."""
    text = row[field]
    match = _PERCENT_CELL.match(text)
    if not match:
        raise RowError(field, text, f"expected a percentage with an optional count in brackets, got {text!r}")
    pct_text = match.group("pct")
    figures = [
        dict(
            measure=f"{prefix}_pct",
            value_text=text,
            value=_number({field: pct_text}, field, notation, PERCENT),
            unit="%",
        )
    ]
    detail = (match.group("detail") or "").strip()
    if served := _SERVED_OF.match(detail):
        figures.append(
            dict(
                measure=f"{prefix}_served",
                value_text=served.group("served"),
                value=_count({field: served.group("served")}, field, notation),
                unit="korban",
            )
        )
        figures.append(
            dict(
                measure=f"{prefix}_reported",
                value_text=served.group("reported"),
                value=_count({field: served.group("reported")}, field, notation),
                unit=served.group("unit"),
            )
        )
    elif count := _COUNT_UNIT.match(detail):
        figures.append(
            dict(
                measure=f"{prefix}_count",
                value_text=count.group("n"),
                value=_count({field: count.group("n")}, field, notation),
                unit=count.group("unit"),
            )
        )
    return figures


def _tabel9_numbers(row: dict[str, str]) -> list[tuple[str, str, str]]:
    numbers = [
        (column, text, kind)
        for column in sorted(c for c in row if re.fullmatch(_TABEL9_COLUMN, c))
        for text, kind in _performance_numbers(row[column])
    ]
    if target := _INDICATOR_TARGET.search(row["indikator"]):
        numbers.append(("indikator", target.group("n"), COUNT))
    return numbers


def _tabel9(row, context) -> list[dict]:
    year_columns = sorted(c for c in row if re.fullmatch(_TABEL9_COLUMN, c))
    figures = []
    indicator = row["indikator"]
    for column in year_columns:
        prefix, year = column.split("_")
        for figure in _performance_cell(row, column, prefix, context.notation):
            figures.append(_base(row, year=int(year), indicator=indicator, program=row["program"] or None, **figure))
    if target := _INDICATOR_TARGET.search(indicator):
        for column in year_columns[:1]:
            figures.append(
                _base(
                    row,
                    year=int(column.split("_")[1]),
                    indicator=indicator,
                    program=row["program"] or None,
                    measure="indicator_target_count",
                    value_text=target.group(0),
                    value=_count({"indikator": target.group("n")}, "indikator", context.notation),
                    unit=target.group("unit").strip() or None,
                )
            )
    return figures


def _counts(*fields: str) -> Callable[[dict[str, str]], list[tuple[str, str, str]]]:
    return lambda row: [(field, row[field], COUNT) for field in fields]


DATASETS = (
    Dataset(
        "tabel13_victims_by_month",
        frozenset({"tahun", "bulan", "kategori", "jumlah_korban"}),
        _tabel13,
        _counts("jumlah_korban"),
        optional=frozenset({"bulan_label"}),
    ),
    Dataset(
        "tabel14_cases_by_month",
        frozenset({"tahun", "bulan", "jenis_kekerasan", "bentuk_kekerasan", "jumlah_kasus"}),
        _tabel14,
        _counts("jumlah_kasus"),
        optional=frozenset({"bulan_label"}),
    ),
    Dataset(
        "uptd_text_statements", frozenset({"tahun", "bulan", "pernyataan", "nilai"}), _text_statements, _counts("nilai")
    ),
    Dataset(
        "simfoni_annual_cases", frozenset({"tahun", "wilayah", "ukuran", "nilai"}), _simfoni_annual, _counts("nilai")
    ),
    Dataset("simfoni_non_reporting", frozenset({"tahun", "kabupaten_kota"}), _simfoni_non_reporting, _counts()),
    Dataset(
        "simfoni_non_reporting_count", frozenset({"tahun", "nilai"}), _simfoni_non_reporting_count, _counts("nilai")
    ),
    Dataset("kta_by_type", frozenset({"tahun", "jenis", "nilai"}), _kta, _counts("nilai")),
    Dataset(
        "tabel9_performance",
        frozenset({"program", "indikator"}),
        _tabel9,
        _tabel9_numbers,
        column_pattern=_TABEL9_COLUMN,
    ),
)
#: columns every dataset may have: the transcription's source line and note
COMMON_OPTIONAL = frozenset({"source_line", "note"})


def _dataset(header: list[str]) -> Dataset:
    """The dataset whose columns the header has; the most specific one wins. (read_table only
    returns a header _is_header accepted, so one always matches; an unknown layout is rejected
    there, naming the file.)"""
    names = {h.strip().lower() for h in header if h}
    return max((d for d in DATASETS if d.columns <= names), key=lambda d: len(d.columns))


def unknown_column_warnings(path: Path, dataset: Dataset, header: list[str]) -> list[str]:
    """A warning for each column the dataset does not know: ignored, but not silently."""
    known = dataset.columns | dataset.optional | COMMON_OPTIONAL
    names = [name.strip() for name in header if name and name.strip()]
    return [
        f"{path.name}: column {name!r} is not part of the {dataset.name} layout, ignored"
        for name in names
        if name.lower() not in known
        and not (dataset.column_pattern and re.fullmatch(dataset.column_pattern, name.lower()))
    ]


def file_notation(dataset: Dataset, rows: list[tuple[int, dict[str, str]]]) -> FileNotation:
    """The file's number notation, from every count and percentage in it."""
    return judge_file(
        Cell(row_number, field, text, kind) for row_number, row in rows for field, text, kind in dataset.numbers(row)
    )


def _is_header(cells: list[str]) -> bool:
    """the columns of one published-aggregate layout (see DATASETS)"""
    names = {str(c).strip().lower() for c in cells if c is not None}
    return any(d.columns <= names for d in DATASETS)


OUTPUT_FIELDS = (
    "dataset",
    "year",
    "month",
    "region_label",
    "region_kemendagri_code",
    "victim_category",
    "jenis_kekerasan",
    "bentuk_published",
    "bentuk_code",
    "simfoni_kategori",
    "program",
    "indicator",
    "measure",
    "value_text",
    "value",
    "unit",
    "source_line",
    "note",
)


def read(path: Path, context) -> ReadResult:
    table = read_table(path, _is_header)
    dataset = _dataset(table.header)
    result = ReadResult(encoding=table.encoding)
    result.warnings.extend(table.warnings)
    result.warnings.extend(unknown_column_warnings(path, dataset, table.header))
    rows = list(dict_rows(table, result))
    notation = file_notation(dataset, rows)
    result.warnings.extend(notation.warnings(path.name))
    file_context = _FileContext(context, notation)
    for row_number, row in rows:
        try:
            figures = dataset.parse(row, file_context)
        except RowError as exc:
            result.reject(row_number, exc.field, exc.value, exc.reason)
            continue
        for figure in figures:
            record = {name: figure.get(name) for name in OUTPUT_FIELDS}
            record.update(
                dataset=dataset.name,
                source_row=row_number,
                value_is_missing=is_missing(figure.get("value_text")),
                source_document=context.sidecar.get("document"),
                source_table=context.sidecar.get("table"),
            )
            result.records.append(record)
    return result
