"""The blank template and the template filled with data (write_workbook)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from evaltools.data import load_data, write_csv_folder, write_template, write_workbook
from evaltools.data.schema import TABLES
from evaltools.data.template import DICTIONARY_HEADER, DICTIONARY_SHEET
from evaltools.errors import DataValidationError, ParameterError

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def test_template_layout(tmp_path: Path):
    path = write_template(tmp_path / "template.xlsx")
    assert path == tmp_path / "template.xlsx"
    assert [p.name for p in tmp_path.iterdir()] == ["template.xlsx"]  # no temp file left
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [t.name for t in TABLES] + [DICTIONARY_SHEET]
    for spec in TABLES:
        ws = wb[spec.name]
        header = [c.value for c in ws[1]]
        assert header == list(spec.column_names)
        assert all(c.font.bold for c in ws[1])
        assert ws.freeze_panes == "A2"
        assert ws.max_row == 1
        assert ws.column_dimensions["A"].width >= 10
    dvs = {dv.formula1 for dv in wb["sources"].data_validations.dataValidation}
    assert '"official,press,survey,estimate,synthetic"' in dvs
    assert '"TRUE,FALSE"' in {dv.formula1 for dv in wb["programs"].data_validations.dataValidation}


def test_kamus_data_sheet_is_indonesian_and_complete(tmp_path: Path):
    wb = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    ws = wb[DICTIONARY_SHEET]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == DICTIONARY_HEADER
    assert DICTIONARY_HEADER == (
        "tabel",
        "kolom",
        "tipe",
        "wajib?",
        "nilai yang diizinkan",
        "keterangan",
        "contoh",
    )
    listed = {(r[0], r[1]) for r in rows[1:]}
    for spec in TABLES:
        for col in spec.columns:
            assert (spec.name, col.name) in listed
    amount = next(r for r in rows if r[:2] == ("budget", "amount_idr"))
    assert amount[2] == "bilangan bulat" and amount[3] == "ya" and amount[4] == "≥ 0"
    assert amount[5].startswith("Jumlah dalam rupiah penuh")
    realisation = next(r for r in rows if r[:2] == ("program_targets", "realisation"))
    assert realisation[3] == "ya, boleh kosong"


def test_blank_template_does_not_load_as_valid_data(tmp_path: Path):
    with pytest.raises(DataValidationError) as info:
        load_data(write_template(tmp_path / "t.xlsx"))
    tables = {p.table for p in info.value.problems}
    assert tables == {"sources", "programs", "program_targets"}
    assert all("header but no rows" in p.rule for p in info.value.problems)


def test_template_requires_xlsx_suffix(tmp_path: Path):
    with pytest.raises(ParameterError, match="out_path"):
        write_template(tmp_path / "t.xls")


def test_template_filled_with_fixture_loads_to_the_same_tables(tmp_path: Path):
    csv_data = load_data(MINIMAL)
    xlsx = load_data(write_workbook(csv_data, tmp_path / "filled.xlsx"))
    assert set(xlsx.tables()) == set(csv_data.tables())
    for name, df in csv_data.tables().items():
        pd.testing.assert_frame_equal(xlsx.tables()[name], df, check_exact=True, obj=name)
    assert xlsx.context == csv_data.context


def test_csv_writer_round_trip(tmp_path: Path):
    data = load_data(MINIMAL)
    out = write_csv_folder(data, tmp_path / "csv")
    back = load_data(out)
    for name, df in data.tables().items():
        pd.testing.assert_frame_equal(back.tables()[name], df, obj=name)
    assert back.context == data.context
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


def test_writer_refuses_unknown_tables(tmp_path: Path):
    with pytest.raises(ParameterError, match="unknown table"):
        write_workbook({"programmes": pd.DataFrame()}, tmp_path / "x.xlsx")


def test_demo_in_the_template_workbook_loads_to_the_same_tables(demo_dir: Path, tmp_path: Path):
    csv_data = load_data(demo_dir)
    xlsx = load_data(write_workbook(csv_data, tmp_path / "demo.xlsx"))
    assert xlsx.is_synthetic
    for name, df in csv_data.tables().items():
        pd.testing.assert_frame_equal(xlsx.tables()[name], df, check_exact=True, obj=name)
    assert xlsx.context == csv_data.context
