"""Property: garbage in any one cell of a valid input either loads or raises
DataValidationError — never any other exception (no traceback reaches the user)."""

from __future__ import annotations

import csv
import io
import shutil
import tempfile
from pathlib import Path

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaltools.data import load_data, write_workbook
from evaltools.data.schema import TABLE_NAMES
from evaltools.errors import DataValidationError

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"

# Text Excel can store (XML 1.0 forbids most control characters).
_xml_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters=[chr(c) for c in range(32) if chr(c) not in "\t\n\r"],
    ),
    max_size=40,
)
_tricky = st.sampled_from(
    [
        "",
        " ",
        "1.250",
        "1,250",
        "1.250.000",
        "12,5",
        "-1",
        "1e400",
        "NaN",
        "inf",
        "#REF!",
        "=1+1",
        "TRUE",
        "ya",
        "31/02/2021",
        "2021-13",
        "9999-12-31",
        "0000-00-00",
        "GOV-01",
        "program_id",
        "source_id",
        "KOM1",
        "\ufeffx",
        "Rp",
        "%",
        ";",
        '"',
        "\u00a0",
        "𝟙𝟚",
        "٣",
        "一二三",
        "\u202e",
        "99999999999999999999999",
    ]
)
GARBAGE = st.one_of(
    st.none(),
    _tricky,
    _xml_text,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
)
SETTINGS = settings(
    max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _load_or_validation_error(path: Path) -> None:
    try:
        load_data(path)
    except DataValidationError as exc:
        assert exc.problems, "a DataValidationError must list at least one problem"
        str(exc)  # the message itself must render


@SETTINGS
@given(
    # the tables the minimal fixture has (optional tables such as agencies may be absent)
    table=st.sampled_from([t for t in TABLE_NAMES if (MINIMAL / f"{t}.csv").is_file()]),
    row=st.integers(0, 8),
    col=st.integers(0, 9),
    value=st.one_of(GARBAGE, st.text(max_size=40)),
)
def test_garbage_in_a_csv_cell(table, row, col, value):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "d"
        shutil.copytree(MINIMAL, folder)
        path = folder / f"{table}.csv"
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
        r = rows[row % len(rows)]
        r[col % len(r)] = "" if value is None else str(value)
        buf = io.StringIO()
        csv.writer(buf).writerows(rows)
        path.write_text(buf.getvalue(), encoding="utf-8")
        _load_or_validation_error(folder)


_BASE = {}


def _base_workbook() -> bytes:
    if "xlsx" not in _BASE:
        with tempfile.TemporaryDirectory() as tmp:
            path = write_workbook(load_data(MINIMAL), Path(tmp) / "base.xlsx")
            _BASE["xlsx"] = path.read_bytes()
    return _BASE["xlsx"]


@SETTINGS
@given(
    table=st.sampled_from(TABLE_NAMES), row=st.integers(1, 9), col=st.integers(1, 10), value=GARBAGE
)
def test_garbage_in_a_workbook_cell(table, row, col, value):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.xlsx"
        path.write_bytes(_base_workbook())
        wb = openpyxl.load_workbook(path)
        ws = wb[table]
        ws.cell(row=1 + (row - 1) % ws.max_row, column=1 + (col - 1) % ws.max_column, value=value)
        wb.save(path)
        _load_or_validation_error(path)
