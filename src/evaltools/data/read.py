"""Reading raw input: one ``.xlsx`` workbook or a folder of CSV files, as real exports look.

This module turns files into :class:`RawTable` objects — cells as found (text, numbers,
dates), each row with the row number the user sees in Excel (or the CSV line number) — and
into :class:`~evaltools.errors.Problem` objects for whatever cannot be read. It never raises on
bad input: :mod:`evaltools.data.validate` collects the problems and raises one error listing
them all.

It also holds the cell parsers the validator uses to type values from messy Indonesian
exports: :func:`parse_number` (decimal commas, thousands dots), :func:`parse_date`
("22 Februari 2022", ``dd/mm/yyyy``, Excel serials), :func:`parse_month` and
:func:`parse_bool` (TRUE/FALSE, ya/tidak, 1/0).
"""

from __future__ import annotations

import csv
import datetime as _dt
import errno
import hashlib
import io
import math
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaltools.data.schema import (
    DATE_MIN_YEAR,
    TABLES_BY_NAME,
    YEAR_MAX,
    normalize_name,
)
from evaltools.errors import Problem

#: How many rows above the header (title rows) are searched for the header row.
HEADER_SEARCH_ROWS = 30

#: Caps checked before anything is inflated or parsed, so no input can exhaust memory or time.
#: A CSV file or an .xlsx file on disk.
MAX_FILE_BYTES = 256 * 2**20
#: The uncompressed size the .xlsx's zip directory declares for all its members together
#: (Python's zip reader never inflates a member beyond its declared size).
MAX_XLSX_UNCOMPRESSED = 256 * 2**20
#: Columns of one sheet or CSV file (a row touching column XFD is 16,384 columns).
MAX_COLUMNS = 1024
#: Cells of one table (rows x columns, after trailing blanks are dropped).
MAX_CELLS = 5_000_000
#: Characters in one cell: Excel's own limit.
MAX_CELL_CHARS = 32_767
#: Characters in a column name.
MAX_HEADER_CHARS = 200

EXCEL_ERRORS = (
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
)


@dataclass
class RawTable:
    """One table as read from a file, before typing.

    ``columns`` are canonical names (schema names where they match case/space-insensitively,
    otherwise the header text as written). ``rows`` hold the cell values aligned with
    ``columns``; ``row_numbers`` the matching sheet rows / CSV lines. ``decimal`` is the decimal
    mark the file uses, when its text numbers reveal it ("," or "."), else ``None``.
    """

    name: str
    file: str
    columns: list[str]
    rows: list[list[Any]]
    row_numbers: list[int]
    header_row: int
    decimal: str | None = None
    from_excel: bool = False
    column_letters: dict[str, str] = field(default_factory=dict)


@dataclass
class RawInput:
    """Everything read from a path: tables, reading problems, files and what was ignored."""

    path: Path
    tables: dict[str, RawTable] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    file_hashes: dict[str, str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------------------------
# cell parsers


class CellError(ValueError):
    """A cell cannot be converted; ``rule`` and ``fix`` are ready for a Problem."""

    def __init__(self, rule: str, fix: str) -> None:
        super().__init__(rule)
        self.rule = rule
        self.fix = fix


_SPACES = dict.fromkeys(map(ord, " \u00a0\u2009\u202f\u2007\t"), None)
_SPACES[ord("\u2212")] = "-"  # the typographic minus sign
_CURRENCY = re.compile(r"^(rp\.?|idr)", re.IGNORECASE)
_PLAIN = re.compile(r"[+-]?\d+")
_DOT_DEC = re.compile(r"[+-]?\d*\.\d+")
_COMMA_DEC = re.compile(r"[+-]?\d*,\d+")
_DOT_THOUS = re.compile(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?")
_COMMA_THOUS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
_SCI = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+")


def _clean_number_text(text: str) -> str:
    t = str(text).strip().translate(_SPACES)
    return _CURRENCY.sub("", t)


def _readings(t: str) -> tuple[float | None, float | None]:
    """Value of a number text under the dot-decimal and the comma-decimal conventions."""
    dot = comma = None
    if (
        _PLAIN.fullmatch(t)
        or _DOT_DEC.fullmatch(t)
        or _COMMA_THOUS.fullmatch(t)
        or _SCI.fullmatch(t)
    ):
        dot = float(t.replace(",", ""))
    if _PLAIN.fullmatch(t) or _COMMA_DEC.fullmatch(t) or _DOT_THOUS.fullmatch(t):
        comma = float(t.replace(".", "").replace(",", "."))
    return dot, comma


def number_evidence(text: str) -> str | None:
    """The decimal mark a number text proves ("," or "."), or ``None`` when it proves nothing.

    ``"12,5"`` and ``"1.250.000"`` prove a decimal comma; ``"12.5"`` and ``"1,250,000"`` a
    decimal point; ``"1.250"``, ``"1,250"`` and ``"125"`` prove nothing.
    """
    dot, comma = _readings(_clean_number_text(text))
    if dot is not None and comma is None:
        return "."
    if comma is not None and dot is None:
        return ","
    return None


def parse_number(value: Any, *, decimal: str | None = None, integer: bool = False) -> float | int:
    """Convert a cell to a number, reading Indonesian exports correctly.

    Parameters
    ----------
    value
        The cell: a number, or text such as ``"1.250.000"``, ``"12,5"``, ``"Rp 1.250.000"``.
    decimal
        The file's decimal mark ("," or ".") when known; it resolves ambiguous texts such as
        ``"1.250"``. ``None`` when the file does not reveal it.
    integer
        Expect a whole number (returns ``int``).

    Raises
    ------
    CellError
        Not a number, an ambiguous text, not whole when ``integer``, or too large.
    """
    if isinstance(value, bool):
        raise CellError("TRUE/FALSE found where a number is expected", "enter a number")
    if isinstance(value, (int, float)):
        number = value
    else:
        text = str(value)
        if text.strip() in EXCEL_ERRORS:
            raise CellError(
                f"the cell holds the Excel error {text.strip()}",
                "correct the formula or type the value",
            )
        t = _clean_number_text(text)
        if t.endswith("%"):
            raise CellError(
                "a percent sign is not allowed in a number",
                "write the number without '%' (e.g. 62,5 for 62,5%)",
            )
        dot, comma = _readings(t)
        if dot is None and comma is None:
            raise CellError(
                "not a number",
                "enter a number (digits, with a decimal comma or "
                "point if needed, e.g. 1250000 or 12,5)",
            )
        if dot is not None and comma is not None and dot != comma:
            if decimal == ".":
                number = dot
            elif decimal == ",":
                number = comma
            elif integer and float(dot).is_integer() != float(comma).is_integer():
                number = dot if float(dot).is_integer() else comma
            else:
                raise CellError(
                    f"ambiguous number: it could mean {_plain(dot)} or {_plain(comma)}",
                    "write it without a thousands separator (e.g. 1250 or 1,25) so the "
                    "decimal mark is clear",
                )
        else:
            number = dot if dot is not None else comma
    if isinstance(number, float) and not math.isfinite(number):
        raise CellError("not a finite number", "enter an ordinary number")
    if abs(number) >= 9.0e18:
        raise CellError("number too large", "check the value (whole rupiah, no extra digits)")
    if integer:
        if not float(number).is_integer():
            raise CellError("a whole number is expected", "remove the decimals")
        return int(number)
    return float(number)


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


_TRUE = {"true", "ya", "y", "yes", "1", "benar", "t", "iya", "1.0"}
_FALSE = {"false", "tidak", "tdk", "no", "n", "0", "salah", "f", "bukan", "0.0"}


def parse_bool(value: Any) -> bool:
    """Convert TRUE/FALSE, ya/tidak, yes/no, 1/0 (any case) to a bool; raise :class:`CellError`."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError("not TRUE or FALSE", "write TRUE or FALSE (ya/tidak and 1/0 also work)")


MONTH_NAMES = {
    "januari": 1,
    "january": 1,
    "jan": 1,
    "februari": 2,
    "february": 2,
    "pebruari": 2,
    "feb": 2,
    "peb": 2,
    "maret": 3,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "may": 5,
    "juni": 6,
    "june": 6,
    "jun": 6,
    "juli": 7,
    "july": 7,
    "jul": 7,
    "agustus": 8,
    "august": 8,
    "agu": 8,
    "agt": 8,
    "ags": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "october": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nopember": 11,
    "nov": 11,
    "nop": 11,
    "desember": 12,
    "december": 12,
    "des": 12,
    "dec": 12,
}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_D_MONTH_Y = re.compile(r"(\d{1,2})[ -]([a-z]+)\.?[ -](\d{4})")
_YM = re.compile(r"(\d{4})[-/.](\d{1,2})")
_MY = re.compile(r"(\d{1,2})[-/.](\d{4})")
_MONTH_Y = re.compile(r"([a-z]+)\.?[ -](\d{4})")

_DATE_FIX = "write the date as YYYY-MM-DD (e.g. 2022-02-22), dd/mm/yyyy or '22 Februari 2022'"


def _make_date(year: int, month: int, day: int) -> _dt.datetime:
    if not DATE_MIN_YEAR <= year <= YEAR_MAX:
        raise CellError(
            f"year {year} is not plausible (allowed {DATE_MIN_YEAR}–{YEAR_MAX})", "check the year"
        )
    try:
        return _dt.datetime(year, month, day)
    except ValueError:
        raise CellError("not a valid calendar date", _DATE_FIX) from None


def parse_date(value: Any, *, from_excel: bool = False) -> _dt.datetime:
    """Convert a cell to a date (midnight).

    Accepts Excel date cells, Excel serial numbers (only from a workbook), ISO text
    (``2022-02-22``), day-first text (``22/02/2022``, ``22-02-2022``, ``22.02.2022``) and
    Indonesian or English month names (``22 Februari 2022``, ``22 Feb 2022``).

    Raises
    ------
    CellError
        Not a date, an impossible date, or a year outside 1900–2100.
    """
    if isinstance(value, _dt.datetime):
        return _make_date(value.year, value.month, value.day)
    if isinstance(value, _dt.date):
        return _make_date(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise CellError("TRUE/FALSE found where a date is expected", _DATE_FIX)
    if isinstance(value, (int, float)):
        if from_excel and math.isfinite(value) and 1 <= value < 73051:  # serial of 2100-01-01
            from openpyxl.utils.datetime import from_excel as _from_excel

            d = _from_excel(value)
            return _make_date(d.year, d.month, d.day)
        raise CellError("a number found where a date is expected", _DATE_FIX)
    text = " ".join(str(value).strip().lower().split())
    if text in EXCEL_ERRORS or text.upper() in EXCEL_ERRORS:
        raise CellError(
            f"the cell holds the Excel error {str(value).strip()}",
            "correct the formula or type the date",
        )
    if m := _ISO.fullmatch(text):
        return _make_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.fullmatch(text):
        return _make_date(int(m[3]), int(m[2]), int(m[1]))
    if (m := _D_MONTH_Y.fullmatch(text)) and m[2] in MONTH_NAMES:
        return _make_date(int(m[3]), MONTH_NAMES[m[2]], int(m[1]))
    raise CellError("not a date", _DATE_FIX)


_MONTH_FIX = "write the month as YYYY-MM (e.g. 2021-03) or as its first day (2021-03-01)"


def parse_month(value: Any, *, from_excel: bool = False) -> _dt.datetime:
    """Convert a cell to the first day of a month.

    Accepts everything :func:`parse_date` accepts when the day is 1, plus ``2021-03``,
    ``03/2021``, ``Maret 2021`` and ``Mar 2021``.

    Raises
    ------
    CellError
        Not a month, or a date that is not the first day of its month.
    """
    if isinstance(value, str):
        text = " ".join(value.strip().lower().split())
        if m := _YM.fullmatch(text):
            return _make_month(int(m[1]), int(m[2]))
        if m := _MY.fullmatch(text):
            return _make_month(int(m[2]), int(m[1]))
        if (m := _MONTH_Y.fullmatch(text)) and m[1] in MONTH_NAMES:
            return _make_month(int(m[2]), MONTH_NAMES[m[1]])
    try:
        d = parse_date(value, from_excel=from_excel)
    except CellError as exc:
        raise CellError(exc.rule.replace("date", "month"), _MONTH_FIX) from None
    if d.day != 1:
        raise CellError("a month must be written as the first day of the month", _MONTH_FIX)
    return d


def _make_month(year: int, month: int) -> _dt.datetime:
    if not 1 <= month <= 12:
        raise CellError("not a valid month", _MONTH_FIX)
    return _make_date(year, month, 1)


# --------------------------------------------------------------------------------------------
# finding tables in files


def _is_blank(v: Any) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _known_columns(table: str) -> set[str]:
    return set(TABLES_BY_NAME[table].column_names)


def _find_header(rows: list[tuple[int, list[Any]]], table: str) -> int | None:
    """Index (in ``rows``) of the header row: the row naming most of the table's columns."""
    known = _known_columns(table)
    best, best_hits = None, 0
    for i, (_, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        hits = sum(1 for c in cells if isinstance(c, str) and normalize_name(c) in known)
        if hits > best_hits:
            best, best_hits = i, hits
    return best


def _column_letter(i: int) -> str:
    """Excel's letter for the 0-based column ``i`` (A … Z, AA …), without importing openpyxl
    (0.3 s in every kernel that reads a CSV folder).

    >>> [_column_letter(i) for i in (0, 25, 26, 701, 702)]
    ['A', 'Z', 'AA', 'ZZ', 'AAA']
    """
    n, letters = i + 1, ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def _build_table(
    table: str,
    rows: list[tuple[int, list[Any]]],
    *,
    file: str,
    from_excel: bool,
    problems: list[Problem],
) -> RawTable | None:
    """Turn the rows of one sheet/file into a RawTable (header found, blanks dropped)."""
    if not _cap_cells(rows, table, file, from_excel=from_excel, problems=problems):
        return None
    if not any(any(not _is_blank(c) for c in cells) for _, cells in rows):
        problems.append(
            Problem(
                table,
                "the table is empty (no header, no rows)",
                "fill in the table, or delete the sheet/file if you have no such data",
                file=file,
            )
        )
        return None
    h = _find_header(rows, table)
    if h is None:
        expected = ", ".join(TABLES_BY_NAME[table].column_names)
        problems.append(
            Problem(
                table,
                "no header row found: no row names any of the table's columns",
                f"put the column names in one row above the data: {expected}",
                file=file,
            )
        )
        return None
    header_line, header_cells = rows[h]
    known = _known_columns(table)
    columns: list[str] = []
    keep: list[int] = []
    letters: dict[str, str] = {}
    seen: dict[str, int] = {}
    data = rows[h + 1 :]
    for j, cell in enumerate(header_cells):
        if _is_blank(cell):
            has_data = any(j < len(cells) and not _is_blank(cells[j]) for _, cells in data)
            if has_data:
                where = f"column {_column_letter(j)}" if from_excel else f"field {j + 1}"
                problems.append(
                    Problem(
                        table,
                        f"{where} holds values but has no column name",
                        "type the column name in the header row, or delete the column",
                        row=header_line,
                        file=file,
                    )
                )
            continue
        name = str(cell).strip()
        if len(name) > MAX_HEADER_CHARS:
            problems.append(
                Problem(
                    table,
                    f"a column name is {len(name):,} characters long, above the cap of "
                    f"{MAX_HEADER_CHARS}",
                    "give the column a short name",
                    row=header_line,
                    value=name[:40] + "…",
                    file=file,
                )
            )
            continue
        canon = normalize_name(name)
        name = canon if canon in known else " ".join(name.split())
        if name in seen:
            problems.append(
                Problem(
                    table,
                    "the column name appears twice",
                    "rename or delete one of the two columns",
                    row=header_line,
                    column=name,
                    file=file,
                )
            )
            continue
        seen[name] = j
        columns.append(name)
        keep.append(j)
        letters[name] = _column_letter(j)
    out_rows: list[list[Any]] = []
    numbers: list[int] = []
    width = len(header_cells)
    for line, cells in data:
        if all(_is_blank(c) for c in cells):
            continue
        extra = [c for c in cells[width:] if not _is_blank(c)]
        if extra:
            hint = (
                "a decimal comma in a comma-separated file? Save the file with ';' as "
                "separator, or put the number in quotes"
                if not from_excel
                else "delete the values or give the column a name"
            )
            problems.append(
                Problem(
                    table,
                    "the row has more values than there are column names",
                    hint,
                    row=line,
                    value=extra[0],
                    file=file,
                )
            )
        vals = []
        for j in keep:
            v = cells[j] if j < len(cells) else None
            if isinstance(v, str):
                v = v.strip()
                if not v:
                    v = None
            vals.append(v)
        out_rows.append(vals)
        numbers.append(line)
    raw = RawTable(
        table,
        file,
        columns,
        out_rows,
        numbers,
        header_line,
        from_excel=from_excel,
        column_letters=letters,
    )
    _cap_text(raw, problems)
    raw.decimal = _detect_decimal(raw, problems)
    return raw


def _numeric_columns(raw: RawTable) -> list[int]:
    spec = TABLES_BY_NAME[raw.name]
    known = {c.name: c for c in spec.columns}
    idx = []
    for j, name in enumerate(raw.columns):
        col = known.get(name)
        if (col is not None and col.type in ("int", "float")) or (col is None and spec.wide):
            idx.append(j)
    return idx


def _detect_decimal(raw: RawTable, problems: list[Problem]) -> str | None:
    """The decimal mark the file's text numbers reveal; a problem when they contradict."""
    found: dict[str, tuple[int, str, Any]] = {}
    for j in _numeric_columns(raw):
        for line, cells in zip(raw.row_numbers, raw.rows, strict=False):
            v = cells[j]
            if isinstance(v, str):
                ev = number_evidence(v)
                if ev is not None and ev not in found:
                    found[ev] = (line, raw.columns[j], v)
        if len(found) == 2:
            break
    if len(found) == 2:
        (l1, c1, v1), (l2, c2, v2) = found[","], found["."]
        problems.append(
            Problem(
                raw.name,
                f"numbers use both decimal commas (row {l1}, column '{c1}': {v1!r}) and decimal "
                f"points (row {l2}, column '{c2}': {v2!r})",
                "use one convention in the whole file, e.g. 12,5 and 1.250.000 (Indonesian) or "
                "12.5 and 1250000",
                file=raw.file,
            )
        )
        return None
    return next(iter(found), None)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


# --------------------------------------------------------------------------------------------
# what may be read


_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB"


def file_refusal(path: Path, *, max_bytes: int | None = None) -> str | None:
    """Why ``path`` must not be read as an input file, or ``None`` when it may be.

    Only regular files (a symlink is followed) up to ``max_bytes`` are read: a FIFO or a link
    to ``/dev/zero`` would never end, a device or a huge file would exhaust memory.
    ``max_bytes`` defaults to :data:`MAX_FILE_BYTES`.
    """
    max_bytes = MAX_FILE_BYTES if max_bytes is None else max_bytes
    try:
        st = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "it is a symbolic link that points (directly or not) to itself"
        return f"it cannot be opened ({exc.strerror or type(exc).__name__})"
    if not stat.S_ISREG(st.st_mode):
        kind = next((word for test, word in _KINDS if test(st.st_mode)), "not a regular file")
        return f"it is {kind}, not a regular file"
    if st.st_size > max_bytes:
        return f"it is {_mb(st.st_size)}, above the cap of {_mb(max_bytes)} for one input file"
    if not os.access(path, os.R_OK):
        return "it cannot be opened (Permission denied)"
    return None


def input_files(path: Path) -> list[tuple[str, Path]]:
    """The files reading ``path`` would open, as ``(name, path)``: what the run hashes.

    A workbook is itself; a folder gives its ``<table>.csv`` files (top level, not hidden).
    Nothing else under the folder (reports, notes, sub-folders) is an input.
    """
    path = Path(path)
    if not path.is_dir():
        return [(path.name, path)]
    out = []
    for entry in sorted(path.iterdir()):
        if entry.name.startswith(".") or entry.suffix.lower() != ".csv":
            continue
        if normalize_name(entry.stem) in TABLES_BY_NAME:
            out.append((entry.name, entry))
    return out


def _cap_cells(
    raw_rows: list[tuple[int, list[Any]]],
    table: str,
    file: str,
    *,
    from_excel: bool,
    problems: list[Problem],
) -> bool:
    """Check the column, cell-count and cell-length caps; False when the table is refused."""
    n_cells = 0
    for line, cells in raw_rows:
        if len(cells) > MAX_COLUMNS:
            where = (
                f"cell {_column_letter(len(cells) - 1)}{line}"
                if from_excel
                else f"field {len(cells)}"
            )
            problems.append(
                Problem(
                    table,
                    f"{where} lies beyond the cap of {MAX_COLUMNS} columns",
                    "delete the columns to the right of the data (select them, right-click, "
                    "Delete) and save again",
                    row=line,
                    file=file,
                )
            )
            return False
        n_cells += len(cells)
        if n_cells > MAX_CELLS:
            problems.append(
                Problem(
                    table,
                    f"the table holds more than the cap of {MAX_CELLS:,} cells",
                    "split the data or delete unused rows and columns",
                    row=line,
                    file=file,
                )
            )
            return False
    return True


def _cap_text(raw: RawTable, problems: list[Problem]) -> None:
    """Refuse cells longer than MAX_CELL_CHARS (reported once per column, cell blanked)."""
    for j, name in enumerate(raw.columns):
        reported = False
        for line, cells in zip(raw.row_numbers, raw.rows, strict=False):
            v = cells[j]
            if isinstance(v, str) and len(v) > MAX_CELL_CHARS:
                if not reported:
                    problems.append(
                        Problem(
                            raw.name,
                            f"a cell holds {len(v):,} characters, above the cap of "
                            f"{MAX_CELL_CHARS:,} (Excel's own limit)",
                            "shorten the text; long documents belong in a file referenced by the "
                            "sources table",
                            row=line,
                            column=name,
                            value=v[:40] + "…",
                            file=raw.file,
                        )
                    )
                    reported = True
                cells[j] = _FormulaWithoutValue("")


# --------------------------------------------------------------------------------------------
# CSV


_SEPARATORS = (";", ",", "\t")


class CsvSyntaxError(ValueError):
    """A CSV file breaks the quoting rules; ``line`` is where the broken record starts."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _split_csv(text: str, sep: str, *, strict: bool = True) -> list[tuple[int, list[Any]]]:
    """Rows of a CSV text as ``(first line, cells)``.

    ``strict`` parsing refuses a quote that is never closed (the non-strict reader would
    silently swallow every following row into one cell) and text glued after a closing quote;
    it raises :class:`CsvSyntaxError` naming the line where the broken record starts.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=strict)
    rows = []
    start = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise CsvSyntaxError(start, str(exc)) from None
        rows.append((start, list(cells)))
        start = reader.line_num + 1
    return rows


def _quote_problem(table: str, name: str, exc: CsvSyntaxError) -> Problem:
    if "field larger than field limit" in exc.reason:
        return Problem(
            table,
            f"a cell is longer than {csv.field_size_limit():,} characters",
            f"shorten the text (the cap is {MAX_CELL_CHARS:,} characters, Excel's "
            "own limit); an unclosed quote mark can also cause this",
            row=exc.line,
            file=name,
        )
    if "end of data" in exc.reason:
        rule = (
            'a quote mark (") opens a cell that is never closed, so every following line '
            "would be read into that one cell"
        )
    else:
        rule = (
            f"a quoted cell is followed by other text before the separator ({exc.reason}); "
            "the row cannot be split into cells reliably"
        )
    return Problem(
        table,
        rule,
        "close the quote or delete it; a quote mark inside a quoted cell is written "
        'twice (""). Or export the table again from Excel',
        row=exc.line,
        file=name,
    )


def _swallowed_rows(
    raw_rows: list[tuple[int, list[Any]]],
    sep: str,
    width: int,
    table: str,
    name: str,
    problems: list[Problem],
) -> None:
    """Report quoted cells that hold whole lines looking like rows of the table.

    A stray quote closed by another stray quote further down parses without error but hides
    the rows in between inside one cell; a cell line holding as many separators as a row is
    the tell-tale sign.
    """
    if width < 3:
        return
    for line, cells in raw_rows:
        for cell in cells:
            if "\n" not in cell:
                continue
            inner = cell.splitlines()
            looks = [x for x in inner[1:] if x.count(sep) >= width - 1]
            if looks:
                problems.append(
                    Problem(
                        table,
                        f"a quoted cell spans {len(inner)} lines and {len(looks)} of them look "
                        "like "
                        "rows of the table (a stray quote mark swallowed them)",
                        "find the quote mark at the start of this cell and close or delete it",
                        row=line,
                        value=looks[0][:80],
                        file=name,
                    )
                )
                return


def read_csv_table(path: Path, table: str, problems: list[Problem]) -> RawTable | None:
    """Read ``<table>.csv``: UTF-8 (BOM allowed), separator sniffed among ``;``, ``,`` and tab."""
    name = path.name
    refusal = file_refusal(path)
    if refusal is not None:
        problems.append(
            Problem(
                table,
                f"the file is not read: {refusal}",
                "give an ordinary CSV file exported from Excel",
                file=name,
            )
        )
        return None
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(
            Problem(
                table,
                f"the file cannot be read ({exc.strerror})",
                "check the file's permissions",
                file=name,
            )
        )
        return None
    if not data.strip(b" \t\r\n\xef\xbb\xbf"):
        problems.append(
            Problem(
                table,
                "the file is empty",
                "export the table again, or delete the file if you have no such data",
                file=name,
            )
        )
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(
            Problem(
                table,
                "the file is UTF-16 text (Excel's 'Unicode Text'), not UTF-8",
                "in Excel use File > Save As > 'CSV UTF-8 (Comma delimited)'",
                file=name,
            )
        )
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(
            Problem(
                table,
                f"the file is not UTF-8 text (first bad byte on line {line}; probably "
                "saved as Windows/ANSI, e.g. cp1252)",
                "in Excel use File > Save As > 'CSV UTF-8 (Comma delimited)'; in LibreOffice "
                "choose "
                "character set 'Unicode (UTF-8)'",
                file=name,
            )
        )
        return None
    if "\x00" in text:
        problems.append(
            Problem(
                table,
                "the file holds NUL characters (a binary file or UTF-16 text?)",
                "save as 'CSV UTF-8 (Comma delimited)'",
                file=name,
            )
        )
        return None
    known = _known_columns(table)
    best_sep, best_score = ",", -1
    # The separator is chosen from the header (lenient parse of the first lines only) …
    head = "\n".join(text.splitlines()[: HEADER_SEARCH_ROWS + 1])
    for sep in _SEPARATORS:
        rows = _split_csv(head, sep, strict=False)
        h = _find_header(rows, table)
        score = 0 if h is None else sum(1 for c in rows[h][1] if normalize_name(c) in known)
        if score > best_score:
            best_sep, best_score = sep, score
    # … and the whole file is then parsed strictly: no row may vanish into a broken quote.
    try:
        rows = _split_csv(text, best_sep)
    except CsvSyntaxError as exc:
        problems.append(_quote_problem(table, name, exc))
        return None
    h = _find_header(rows, table)
    if h is not None:
        n_before = len(problems)
        _swallowed_rows(rows[h + 1 :], best_sep, len(rows[h][1]), table, name, problems)
        if len(problems) > n_before:
            return None
    return _build_table(table, rows, file=name, from_excel=False, problems=problems)


def read_csv_folder(folder: Path) -> RawInput:
    """Read every ``<table>.csv`` in ``folder``; other files are listed as ignored."""
    out = RawInput(path=folder)
    seen: set[str] = set()
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix.lower() != ".csv" or path.is_dir():
            if path.suffix.lower() not in (".md", ".json", ".txt"):
                out.ignored.append(path.name)
            continue
        table = normalize_name(path.stem)
        if table not in TABLES_BY_NAME:
            out.ignored.append(path.name)
            continue
        if table in seen:
            out.problems.append(
                Problem(
                    table,
                    "two files hold the same table",
                    "keep only one file per table",
                    file=path.name,
                )
            )
            continue
        seen.add(table)
        if file_refusal(path) is None:
            out.file_hashes[path.name] = _sha256(path)
        raw = read_csv_table(path, table, out.problems)
        if raw is not None:
            out.tables[table] = raw
    return out


# --------------------------------------------------------------------------------------------
# Excel


def read_workbook(path: Path) -> RawInput:
    """Read an ``.xlsx`` workbook: one sheet per table, named like the table (any case/spaces).

    Values are the ones Excel stored (``data_only``); a formula whose value was never stored
    (e.g. a file written by a script) is reported, not read as blank.
    """
    import openpyxl

    out = RawInput(path=path)
    name = path.name
    refusal = file_refusal(path)
    if refusal is not None:
        out.problems.append(
            Problem(
                "(workbook)",
                f"the file is not read: {refusal}",
                "give an ordinary .xlsx file saved by Excel",
                file=name,
            )
        )
        return out
    out.file_hashes[name] = _sha256(path)
    if path.stat().st_size == 0:
        out.problems.append(
            Problem(
                "(workbook)", "the file is empty", "save the workbook again from Excel", file=name
            )
        )
        return out
    inflated = _zip_refusal(path)
    if inflated is not None:
        out.problems.append(
            Problem(
                "(workbook)", inflated, "save the workbook again from Excel, or split it", file=name
            )
        )
        return out
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        wb_formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any failure here means "not a readable workbook"
        kind = (
            "a zip file that is not an Excel workbook"
            if zipfile.is_zipfile(path)
            else "not an Excel .xlsx workbook"
        )
        out.problems.append(
            Problem(
                "(workbook)",
                f"the file cannot be opened: it is {kind} ({type(exc).__name__})",
                "open it in Excel and save it as 'Excel Workbook (*.xlsx)'; an .xls or .ods file "
                "must be converted too",
                file=name,
            )
        )
        return out
    try:
        sheets: dict[str, str] = {}
        for sheet in wb.sheetnames:
            table = normalize_name(sheet)
            if table in TABLES_BY_NAME:
                if table in sheets:
                    out.problems.append(
                        Problem(
                            table,
                            f"two sheets hold the same table ('{sheets[table]}' and '{sheet}')",
                            "keep only one sheet per table",
                            file=name,
                        )
                    )
                    continue
                sheets[table] = sheet
            else:
                out.ignored.append(sheet)
        for table, sheet in sheets.items():
            rows = _sheet_rows(wb[sheet], wb_formulas[sheet], table, name, out.problems)
            blank = not any(any(not _is_blank(c) for c in cells) for _, cells in rows)
            if blank and not TABLES_BY_NAME[table].required:
                out.ignored.append(f"{sheet} (blank sheet: table treated as absent)")
                continue
            raw = _build_table(table, rows, file=name, from_excel=True, problems=out.problems)
            if raw is not None:
                out.tables[table] = raw
    finally:
        wb.close()
        wb_formulas.close()
    return out


def _zip_refusal(path: Path) -> str | None:
    """Refuse a workbook whose zip directory declares more than the caps (never inflated)."""
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None  # not a zip: openpyxl's failure is reported as "not a workbook"
    if len(members) > 10_000:
        return f"the workbook holds {len(members):,} parts, above the cap of 10,000"
    total = sum(max(m.file_size, 0) for m in members)
    if total > MAX_XLSX_UNCOMPRESSED:
        return (
            f"the workbook would inflate to {_mb(total)}, above the cap of "
            f"{_mb(MAX_XLSX_UNCOMPRESSED)} (a compressed 'zip bomb' or far more data "
            "than a workbook of this kind holds)"
        )
    return None


def _sheet_rows(
    ws, ws_f, table: str, file: str, problems: list[Problem]
) -> list[tuple[int, list[Any]]]:
    from openpyxl.utils import get_column_letter

    ws.reset_dimensions()
    ws_f.reset_dimensions()
    rows = []
    formula_hits = n_cells = 0
    for i, (vals, forms) in enumerate(
        zip(ws.iter_rows(values_only=True), ws_f.iter_rows(values_only=True), strict=False), start=1
    ):
        cells = list(vals)
        for j, v in enumerate(cells):
            if (
                v is None
                and j < len(forms)
                and isinstance(forms[j], str)
                and forms[j].startswith("=")
            ):
                formula_hits += 1
                if formula_hits <= 20:
                    problems.append(
                        Problem(
                            table,
                            f"cell {get_column_letter(j + 1)}{i} holds a formula whose value was "
                            "never "
                            "stored (the file was not saved by Excel after calculation)",
                            "open the file in Excel and save it, or copy the cells and paste them "
                            "as values",
                            row=i,
                            value=forms[j],
                            file=file,
                        )
                    )
                cells[j] = _FormulaWithoutValue(forms[j])
        # Trailing blank cells carry nothing and would widen rows needlessly.
        while cells and _is_blank(cells[-1]):
            cells.pop()
        rows.append((i, cells))
        n_cells += len(cells)
        if len(cells) > MAX_COLUMNS or n_cells > MAX_CELLS:
            break  # over a cap (reported by _build_table): reading on would only fill memory
    if formula_hits > 20:
        problems.append(
            Problem(
                table,
                f"{formula_hits - 20} more formula cells without a stored value",
                "open the file in Excel and save it",
                file=file,
            )
        )
    return rows


class _FormulaWithoutValue(str):
    """Marker for a formula cell with no cached value (already reported while reading)."""


def is_unreadable(value: Any) -> bool:
    """True for a cell already reported as unreadable while reading (formula without value)."""
    return isinstance(value, _FormulaWithoutValue)


def read_path(path: Path) -> RawInput:
    """Read an ``.xlsx`` workbook or a folder of CSV files (the caller checked it exists)."""
    if path.is_dir():
        return read_csv_folder(path)
    return read_workbook(path)
