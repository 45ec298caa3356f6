"""Reading real exports: cell parsers, CSV dialects, encodings, title rows, workbooks."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from evaltools.data import load_data, write_workbook
from evaltools.data.read import (
    CellError,
    number_evidence,
    parse_bool,
    parse_date,
    parse_month,
    parse_number,
    read_path,
)

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    shutil.copytree(MINIMAL, out)
    return out


def _write(path: Path, text: str, encoding: str = "utf-8") -> None:
    path.write_bytes(text.encode(encoding))


# ------------------------------------------------------------------------------ parsers


@pytest.mark.parametrize(
    ("text", "decimal", "integer", "expected"),
    [
        ("1.250.000", None, True, 1250000),
        ("Rp 1.250.000", None, True, 1250000),
        ("1,250,000", None, True, 1250000),
        ("12,5", None, False, 12.5),
        ("12.5", None, False, 12.5),
        ("2.94", None, False, 2.94),  # two digits after the dot cannot be a thousands group
        ("1.250,75", None, False, 1250.75),
        ("1,250.75", None, False, 1250.75),
        ("1.250", ",", False, 1250.0),  # the file's convention resolves the ambiguity
        ("1.250", ".", False, 1.25),
        ("1.250", None, True, 1250),  # only the thousands reading is a whole number
        ("−3", None, True, -3),
        ("1e6", None, False, 1e6),
        (" 42 ", None, True, 42),
    ],
)
def test_parse_number_reads_indonesian_and_english_conventions(text, decimal, integer, expected):
    assert parse_number(text, decimal=decimal, integer=integer) == expected


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("1.250", "ambiguous number"),
        ("1,250", "ambiguous number"),
        ("banyak", "not a number"),
        ("12%", "percent sign"),
        ("1e400", "not a finite number"),
        ("99999999999999999999", "number too large"),
        ("#DIV/0!", "Excel error"),
    ],
)
def test_parse_number_refuses_what_cannot_be_read_unambiguously(text, rule):
    with pytest.raises(CellError, match=rule):
        parse_number(text, decimal=None)


def test_parse_number_integer_refuses_decimals_and_bools():
    with pytest.raises(CellError, match="whole number"):
        parse_number("12,5", integer=True)
    with pytest.raises(CellError, match="TRUE/FALSE"):
        parse_number(True)


def test_number_evidence():
    assert number_evidence("12,5") == ","
    assert number_evidence("1.250.000") == ","
    assert number_evidence("12.5") == "."
    assert number_evidence("1.250") is None
    assert number_evidence("125") is None


@pytest.mark.parametrize(
    "value",
    [
        "2022-02-22",
        "22/02/2022",
        "22-02-2022",
        "22.02.2022",
        "22 Februari 2022",
        "22 Feb 2022",
        "22 february 2022",
        dt.datetime(2022, 2, 22),
        dt.date(2022, 2, 22),
        "2022-02-22 00:00:00",
    ],
)
def test_parse_date_formats(value):
    assert parse_date(value) == dt.datetime(2022, 2, 22)


def test_parse_date_excel_serial_only_from_workbooks():
    assert parse_date(44614, from_excel=True) == dt.datetime(2022, 2, 22)
    with pytest.raises(CellError, match="number found where a date"):
        parse_date(44614)


@pytest.mark.parametrize("value", ["31/02/2021", "02/22/2022", "besok", "2022-13-01", "1850-01-01"])
def test_parse_date_refuses_impossible_dates(value):
    with pytest.raises(CellError):
        parse_date(value)


@pytest.mark.parametrize(
    "value", ["2021-03-01", "2021-03", "03/2021", "Maret 2021", "Mar 2021", dt.datetime(2021, 3, 1)]
)
def test_parse_month_formats(value):
    assert parse_month(value) == dt.datetime(2021, 3, 1)


def test_parse_month_refuses_mid_month_dates():
    with pytest.raises(CellError, match="first day of the month"):
        parse_month("2021-03-15")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("TRUE", True),
        ("false", False),
        ("ya", True),
        ("Tidak", False),
        ("1", True),
        (0, False),
        (True, True),
        ("yes", True),
        ("no", False),
    ],
)
def test_parse_bool(value, expected):
    assert parse_bool(value) is expected


def test_parse_bool_refuses_other_text():
    with pytest.raises(CellError, match="TRUE or FALSE"):
        parse_bool("mungkin")


# ------------------------------------------------------------------------------ CSV files


def test_semicolon_csv_with_decimal_commas_and_thousands_dots_is_read_correctly(folder: Path):
    _write(
        folder / "budget.csv",
        (
            "year;agency;program_id;stage;dimension;amount_idr;source_id\n"
            "2020;Diskominfostandi;GOV-01;planned;governance;1.250.000.000;S01\n"
            "2020;Diskominfostandi;GOV-01;revised;governance;600.000.000;S01\n"
            "2020;Diskominfostandi;GOV-01;realised;governance;410.000.000;S01\n"
            "2021;Diskop UKM;ECO-01;planned;economy;300.000.000;S01\n"
            "2021;Diskop UKM;ECO-01;realised;economy;120.000.000;S01\n"
        ),
    )
    _write(
        folder / "program_targets.csv",
        (
            "program_id;indicator;year;unit;target;realisation;higher_is_better\n"
            "GOV-01;Layanan terintegrasi;2019;layanan;20;18;ya\n"
            "ECO-01;UMKM daring;2020;unit usaha;1.500;1.210,5;ya\n"
            "ENV-01;Lama angkut sampah;2021;hari;2;3,5;tidak\n"
        ),
    )
    data = load_data(folder)
    assert data.budget["amount_idr"].tolist() == [
        1250000000,
        600000000,
        410000000,
        300000000,
        120000000,
    ]
    assert str(data.budget["amount_idr"].dtype) == "int64"
    t = data.program_targets.set_index("program_id")
    # "1.500" is ambiguous alone; the file's "1.210,5" and "3,5" reveal the decimal comma.
    assert t.loc["ECO-01", "target"] == 1500.0
    assert t.loc["ECO-01", "realisation"] == 1210.5
    assert t.loc["ENV-01", "realisation"] == 3.5
    assert t["higher_is_better"].tolist() == [True, True, False]


def test_tab_separated_csv(folder: Path):
    text = (folder / "programs.csv").read_text(encoding="utf-8")
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    _write(folder / "programs.csv", "\n".join("\t".join(r) for r in rows) + "\n")
    assert load_data(folder).programs["program_id"].tolist() == ["GOV-01", "ECO-01", "ENV-01"]


def test_bom_is_accepted(folder: Path):
    text = (folder / "programs.csv").read_text(encoding="utf-8")
    (folder / "programs.csv").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    data = load_data(folder)
    assert data.programs.columns[0] == "program_id"


def test_title_rows_above_header_and_row_numbers_kept(folder: Path):
    text = (folder / "programs.csv").read_text(encoding="utf-8")
    _write(
        folder / "programs.csv",
        "Daftar Program Kota Cerdas,,,\nKota Bekasi 2022\n\n" + text + ",,,,\n\n",
    )
    raw = read_path(folder)
    t = raw.tables["programs"]
    assert t.header_row == 4
    assert t.row_numbers == [5, 6, 7]  # the CSV line numbers of the three programmes
    assert len(load_data(folder).programs) == 3


def test_header_names_are_case_and_space_insensitive(folder: Path):
    text = (folder / "programs.csv").read_text(encoding="utf-8")
    rest = text.split("\n", 1)[1]
    _write(
        folder / "programs.csv",
        "Program ID, Name ,Dimension,Lead Agency,is-quick-win,START_YEAR,source_id\n" + rest,
    )
    assert load_data(folder).programs["lead_agency"].tolist()[0] == "Diskominfostandi"


def test_unknown_files_and_columns_are_ignored_and_listed(folder: Path):
    _write(folder / "catatan.csv", "a,b\n1,2\n")
    text = (folder / "events.csv").read_text(encoding="utf-8").splitlines()
    lines = [text[0] + ",keterangan"] + [r + ",bebas" for r in text[1:]]
    _write(folder / "events.csv", "\n".join(lines) + "\n")
    data = load_data(folder)
    assert "keterangan" not in data.events.columns
    summary = data.summary()
    assert "catatan.csv" in summary
    assert "keterangan" in summary


def test_file_hashes_are_sha256_of_each_file(folder: Path):
    import hashlib

    data = load_data(folder)
    expected = hashlib.sha256((folder / "budget.csv").read_bytes()).hexdigest()
    assert data.file_hashes["budget.csv"] == expected
    assert len(data.file_hashes) == 13


# ------------------------------------------------------------------------------ workbooks


def test_workbook_sheet_names_case_insensitive_title_rows_and_excel_dates(tmp_path: Path):
    data = load_data(MINIMAL)
    path = write_workbook(data, tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["programs"].title = "Programs "
    ws = wb["events"]
    ws.insert_rows(1, amount=2)
    ws["A1"] = "Peristiwa penting"
    ws["A4"] = dt.datetime(2020, 4, 9)  # a real Excel date cell
    ws["A5"] = "22 Februari 2022"  # text date
    wb.save(path)
    raw = read_path(path)
    assert raw.tables["events"].header_row == 3
    assert raw.tables["events"].row_numbers == [4, 5]
    back = load_data(path)
    pd.testing.assert_frame_equal(back.events, data.events)
    pd.testing.assert_frame_equal(back.programs, data.programs)
    assert "Kamus Data" in back.summary()


def test_blank_optional_sheet_means_absent_table(tmp_path: Path):
    data = load_data(MINIMAL)
    path = write_workbook(
        {
            "sources": data.sources,
            "programs": data.programs,
            "program_targets": data.program_targets,
        },
        tmp_path / "in.xlsx",
    )
    back = load_data(path)
    assert back.budget is None and back.survey_responses is None
    assert "budget: header only" in back.summary()


def test_load_data_is_exported_lazily_from_the_package():
    import evaltools
    import evaltools.data

    assert evaltools.load_data is evaltools.data.load_data
    assert evaltools.EvalData is evaltools.data.EvalData
