"""Numbers by meaning: which notation a file writes its numbers in, and what an ambiguous cell means.

Agencies write numbers the Indonesian way ("5.656.039", "5.325,57", "Rp. 6.892.432.255,-",
"81,64%") and sometimes the English way ("1,234,567", "1,234.50", "12.5"). Most cells say
which: only a cell with ONE separator followed by exactly three digits ("200,000", "1,234",
"12.500"; the first group 1-3 digits, not starting with 0) reads both ways, and the two readings
differ by a factor of a thousand. numbers.py reads everything the Indonesian way, so an English
"200,000" rupiah became Rp 200 and travelled to the Satu Data export. Here such a cell is judged
by the kind of its column and by the notation of its FILE, decided from all numeric cells of
the file before any row is read (judge_file).

Cell forms (the body of the number: sign, "Rp", ",-", "%" and brackets taken off):

* Indonesian evidence: dot-grouped thousands twice or more ("5.656.039"), dot groups with a
  decimal comma ("1.234,56"), a decimal comma not followed by exactly three digits ("157,60",
  "0,316").
* English evidence: comma groups twice or more ("1,234,567"), comma groups with a decimal point
  ("1,234.50"), a decimal point not followed by exactly three digits ("42.9", "0.316") in a
  column that is not whole numbers.
* Weak English: a percentage with a decimal point and one or two decimals ("97.33%", "42.90").
  Indonesian documents print percentages that way routinely (the DP3A 2023 report, the PJPK),
  and numbers.parse_percent already reads them as decimals; so they count as English evidence
  only in a file with no Indonesian evidence, and never make a file mixed. (In an English file
  they are read the English way wherever they stand, "97.23% (1,093 korban ...)" included.)
* In whole-number columns (rupiah amounts, counts) a lone decimal mark ("1,5", "1.23") is no
  evidence: those columns have no decimals, the cell is malformed either way and is quarantined
  as before.
* Ambiguous: one separator and exactly three digits after it. No evidence either way.

File notation: Indonesian when it has Indonesian evidence and no English evidence; English when
it has English evidence (or only weak English) and no Indonesian evidence; unknown when it has
neither (every cell a plain integer or ambiguous). A file with both is MIXED: its majority
notation reads the cells written in it (a tie goes to Indonesian, the documents' own notation),
cells written the other way and every ambiguous cell are quarantined, and the file gets a
warning. (A lone English form in an Indonesian file, like the PJPK's "3.34" where the same
sentence elsewhere writes "3,34", is more likely a slip than a switch: a person decides.)

Ambiguous cells, by column kind and file notation ("x,ddd" / "x.ddd"):

=============  ===========================  ===========================  ===========================
kind           English file                 Indonesian file              unknown notation
=============  ===========================  ===========================  ===========================
amount, count  x,ddd: thousands (x·1000)    x,ddd: quarantined           x,ddd: quarantined
               x.ddd: quarantined           x.ddd: thousands             x.ddd: thousands
percent        x,ddd: quarantined           x,ddd: decimal (x.ddd)       x,ddd: decimal
               x.ddd: decimal (x.ddd)       x.ddd: quarantined           x.ddd: quarantined
decimal        English reading              Indonesian reading           x,ddd: quarantined
                                                                         x.ddd: thousands
=============  ===========================  ===========================  ===========================

Why: a whole-rupiah amount or a count has no decimals, so "200,000" can only be two hundred
thousand or a slip; it is read so only when the whole file writes English, else quarantined,
never Rp 200. "x.ddd" in a whole-number column is the Indonesian canonical form ("157.595") and
stays thousands, except in an English file, where a dot is a decimal mark and the cell makes no
sense. A percentage is never written with a thousands separator in this short form (12.500 %
is not plausible), so the separator is a decimal mark if it is the file's decimal mark, and
otherwise the cell cannot be decided. Decimal columns follow the file's notation; with no
evidence "x.ddd" keeps the canonical Indonesian thousands reading and "x,ddd" (thousands the
English way, or three decimals the Indonesian way) is quarantined. In a mixed file every
ambiguous cell is quarantined. An English file gets a warning saying so, with one example.

Every other cell is read exactly as before (numbers.parse_id_number, parse_rupiah,
parse_percent): judge() intercepts only the ambiguous cells and the English forms of an English
or mixed file, so an Indonesian file loads the same values as before. Values stay exact
Decimals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from numbers import Number
from typing import NoReturn

from ingestion.core.numbers import (
    NumberParseError,
    Percent,
    is_missing,
    number_body,
    parse_id_number,
    parse_percent,
    parse_rupiah,
    reject_identifier,
)

#: column kinds
AMOUNT, COUNT, PERCENT, DECIMAL = "amount", "count", "percent", "decimal"
KINDS = (AMOUNT, COUNT, PERCENT, DECIMAL)
_WHOLE = (AMOUNT, COUNT)
_KIND_NAMES = {AMOUNT: "a whole-rupiah amount", COUNT: "a count", PERCENT: "a percentage", DECIMAL: "a number"}

#: file notations
ENGLISH, INDONESIAN, UNKNOWN = "english", "indonesian", "unknown"

#: cell forms
PLAIN, AMBIGUOUS, ID_FORM, EN_FORM, EN_PERCENT, OTHER = "plain", "ambiguous", "id", "en", "en_percent", "other"

_AMBIGUOUS = re.compile(r"[1-9]\d{0,2}[.,]\d{3}")
_ID_FORMS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}|\d{1,3}(?:\.\d{3})+,\d+")
_EN_FORMS = re.compile(r"\d{1,3}(?:,\d{3}){2,}|\d{1,3}(?:,\d{3})+\.\d+")
_DECIMAL_COMMA = re.compile(r"\d+,\d+")
_DECIMAL_POINT = re.compile(r"\d+\.\d+")
_PERCENT_POINT = re.compile(r"\d{1,3}\.\d{1,2}")  # what parse_percent reads as a decimal point


def _body(text: object, kind: str) -> tuple[bool, str] | None:
    """(negative, body) of a number text; None for a typed cell, a missing marker or a text
    that is not a number (those are the plain parsers' business)."""
    if not isinstance(text, str) or is_missing(text):
        return None
    parts = number_body(text)
    if parts is None:
        return None
    negative, body = parts
    if kind == AMOUNT and len(body) > 1 and body[-1] in ".," and not text.strip().endswith(",-"):
        body = body[:-1]  # "Rp. 788.513.453," ends a clause in prose (numbers.parse_rupiah)
    return negative, body


def form_of(text: object, kind: str) -> str:
    """The form of a cell's number (see the module docstring): PLAIN, AMBIGUOUS, ID_FORM,
    EN_FORM, EN_PERCENT (weak English) or OTHER (no evidence: not a number, malformed, a
    decimal in a whole-number column)."""
    parts = _body(text, kind)
    if parts is None:
        return OTHER
    body = parts[1]
    if body.isdigit():
        return PLAIN
    if _AMBIGUOUS.fullmatch(body):
        return AMBIGUOUS
    if _ID_FORMS.fullmatch(body):
        return ID_FORM
    if _EN_FORMS.fullmatch(body):
        return EN_FORM
    if _DECIMAL_COMMA.fullmatch(body):
        return OTHER if kind in _WHOLE else ID_FORM
    if _DECIMAL_POINT.fullmatch(body):
        if kind in _WHOLE:
            return OTHER
        return EN_PERCENT if kind == PERCENT and _PERCENT_POINT.fullmatch(body) else EN_FORM
    return OTHER


def _english(body: str) -> Decimal:
    return Decimal(body.replace(",", ""))


def _indonesian(body: str) -> Decimal:
    return Decimal(body.replace(".", "").replace(",", "."))


def _show(value: Decimal) -> str:
    """A reading for a message, without the exponent noise: 200000, 12.5."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class AmbiguousNumber(NumberParseError):
    """A cell that reads two ways and that the column's kind and the file's notation do not decide."""


class NotationConflict(NumberParseError):
    """A cell written in the other notation than the rest of its (mixed) file."""


@dataclass(frozen=True)
class Cell:
    """One numeric cell of a file: where it is, its text as delivered, and its column's kind."""

    row: int | None
    field: str
    text: object
    kind: str


@dataclass(frozen=True)
class Judged:
    """The value judge() decided on, and the decimal mark it was written with ("." or "")."""

    value: Decimal
    decimal_mark: str


@dataclass
class FileNotation:
    """The notation of one file (judge_file) and the reading of its cells by it."""

    notation: str = UNKNOWN
    mixed: bool = False
    indonesian_cells: list[Cell] = field(default_factory=list)
    english_cells: list[Cell] = field(default_factory=list)
    ambiguous_cells: list[Cell] = field(default_factory=list)

    # ------------------------------------------------------------------ the judgement

    def judge(self, text: object, kind: str) -> Judged | None:
        """The value of a cell when the file's notation decides it differently from the plain
        Indonesian parsers; None when those read it (as they always did). Raises AmbiguousNumber
        or NotationConflict (both NumberParseError) for a cell to quarantine."""
        if kind not in KINDS:
            raise ValueError(f"unknown column kind {kind!r}")
        reject_identifier(text)
        parts = _body(text, kind)
        if parts is None:
            return None
        negative, body = parts
        form = form_of(text, kind)
        if form == AMBIGUOUS:
            if self._ambiguous_reading(text, body, kind) == INDONESIAN:
                return None
            value = _english(body)
        elif form in (EN_FORM, EN_PERCENT) and self.notation == ENGLISH:
            value = _english(body)
        elif form in (EN_FORM, ID_FORM) and self.mixed:
            written = ENGLISH if form == EN_FORM else INDONESIAN
            if written == self.notation:
                return None  # Indonesian majority: the plain parsers read it
            example = (self.english_cells if self.notation == ENGLISH else self.indonesian_cells)[0]
            raise NotationConflict(
                f"{text!r} is written the {written.capitalize()} way, but this file mostly writes its numbers the "
                f"{self.notation.capitalize()} way (e.g. {_where(example)}): not read, either could be a slip"
            )
        else:
            return None
        return Judged(-value if negative else value, "." if "." in body else "")

    def _ambiguous_reading(self, text: object, body: str, kind: str) -> str:
        """ENGLISH or INDONESIAN: how an ambiguous cell is read (the table of the module
        docstring); raises AmbiguousNumber when neither."""
        comma = "," in body
        english_file = self.notation == ENGLISH
        if self.mixed:
            self._ambiguous(text, body, kind, "this file writes numbers both the English and the Indonesian way")
        if kind in _WHOLE:
            if comma and english_file:
                return ENGLISH  # "200,000": two hundred thousand
            if comma:
                self._ambiguous(
                    text,
                    body,
                    kind,
                    f"{_KIND_NAMES[kind]} has no decimals and this file does not write its numbers the English way",
                )
            if english_file:
                self._ambiguous(
                    text,
                    body,
                    kind,
                    "this file writes its numbers the English way, where a point "
                    f"is the decimal mark, and {_KIND_NAMES[kind]} has no decimals",
                )
            return INDONESIAN  # "157.595": the canonical Indonesian thousands
        if kind == PERCENT:
            if comma != english_file:  # the separator is the file's decimal mark
                return ENGLISH if english_file else INDONESIAN
            self._ambiguous(
                text,
                body,
                kind,
                "a percentage is not written with a thousands separator, and "
                f"{'a comma' if comma else 'a point'} is not this file's decimal mark",
            )
        if self.notation in (ENGLISH, INDONESIAN):
            return self.notation
        if not comma:
            return INDONESIAN  # "549.607": the canonical Indonesian thousands
        self._ambiguous(text, body, kind, "this file has no other number that says how it writes them")

    @staticmethod
    def _ambiguous(text: object, body: str, kind: str, why: str) -> NoReturn:
        separator = "comma" if "," in body else "point"
        english = _show(_english(body))
        indonesian = _show(_indonesian(body))
        english_meaning = "groups thousands" if separator == "comma" else "is the decimal mark"
        indonesian_meaning = "is the decimal mark" if separator == "comma" else "groups thousands"
        raise AmbiguousNumber(
            f"ambiguous number {text!r} ({_KIND_NAMES[kind]}): the English way (the {separator} {english_meaning}) "
            f"it is {english}, the Indonesian way (the {separator} {indonesian_meaning}) {indonesian}; {why}"
        )

    # ------------------------------------------------------------------ readers' helpers

    def number(self, text: object, kind: str = DECIMAL) -> Decimal | None:
        """numbers.parse_id_number, judged by the file's notation."""
        judged = self.judge(text, kind)
        return parse_id_number(text) if judged is None else judged.value

    def rupiah(self, text: object) -> int | None:
        """numbers.parse_rupiah, judged by the file's notation."""
        judged = self.judge(text, AMOUNT)
        if judged is None:
            return parse_rupiah(text)
        if judged.value != judged.value.to_integral_value():
            raise NumberParseError(f"{text!r} is not a whole number of rupiah")
        return int(judged.value)

    def percent(self, text: object) -> Percent | None:
        """numbers.parse_percent, judged by the file's notation."""
        judged = self.judge(text, PERCENT)
        return parse_percent(text) if judged is None else Percent(judged.value, judged.decimal_mark)

    # ------------------------------------------------------------------ what the file is told

    def warnings(self, file_name: str) -> list[str]:
        """One warning for an English file that has a cell read the English way, or a mixed file."""
        if self.mixed:
            majority, minority = (
                (self.english_cells, self.indonesian_cells)
                if self.notation == ENGLISH
                else (self.indonesian_cells, self.english_cells)
            )
            other = INDONESIAN if self.notation == ENGLISH else ENGLISH
            ambiguous = (
                f", and so are its {len(self.ambiguous_cells)} ambiguous cell(s) (e.g. "
                f"{_where(self.ambiguous_cells[0])})"
                if self.ambiguous_cells
                else ""
            )
            return [
                f"{file_name}: numbers are written both the {self.notation.capitalize()} way ({len(majority)} "
                f"cell(s), e.g. {_where(majority[0])}) and the {other.capitalize()} way ({len(minority)}, e.g. "
                f"{_where(minority[0])}): read the {self.notation.capitalize()} way; the cells written the "
                f"{other.capitalize()} way are quarantined{ambiguous}"
            ]
        if self.notation != ENGLISH:
            return []
        readings = ((cell, self._english_reading(cell)) for cell in self.ambiguous_cells + self.english_cells)
        example = next(((cell, reading) for cell, reading in readings if reading is not None), None)
        if example is None:
            return []
        return [
            f"{file_name}: numbers are written the English way (comma groups thousands, point is the decimal "
            f"mark) and were read so, e.g. {_where(example[0])} as {_show(example[1])}"
        ]

    def _english_reading(self, cell: Cell) -> Decimal | None:
        try:
            judged = self.judge(cell.text, cell.kind)
        except NumberParseError:
            return None
        return None if judged is None else judged.value


def _where(cell: Cell) -> str:
    return f"{cell.text!r} in row {cell.row}, column {cell.field!r}"


def judge_file(cells: Iterable[Cell]) -> FileNotation:
    """The notation of a file from all its numeric cells (see the module docstring)."""
    found = FileNotation()
    weak = False
    for cell in cells:
        if isinstance(cell.text, Number) or cell.text is None:
            continue
        form = form_of(cell.text, cell.kind)
        if form == ID_FORM:
            found.indonesian_cells.append(cell)
        elif form == EN_FORM:
            found.english_cells.append(cell)
        elif form == AMBIGUOUS:
            found.ambiguous_cells.append(cell)
        elif form == EN_PERCENT:
            weak = True
    if found.indonesian_cells and found.english_cells:
        found.mixed = True
        found.notation = ENGLISH if len(found.english_cells) > len(found.indonesian_cells) else INDONESIAN
    elif found.indonesian_cells:
        found.notation = INDONESIAN
    elif found.english_cells or weak:
        found.notation = ENGLISH
    return found


#: a file with no evidence: the judgement for callers that read one cell alone
NO_EVIDENCE = FileNotation()
