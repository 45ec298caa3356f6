"""`evaltools validate` and `evaltools template` through evaltools.cli.main."""

from __future__ import annotations

import shutil
from pathlib import Path

from evaltools.cli import main

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def test_validate_valid_folder_prints_summary_and_exits_0(capsys):
    assert main(["validate", str(MINIMAL)]) == 0
    out = capsys.readouterr().out
    assert "program_targets" in out and "5 row(s), years 2019–2021" in out
    assert "Not synthetic" in out
    assert "Evaluation window: 2017–2023 (context)" in out
    assert "OK: no problems found." in out


def test_validate_synthetic_data_says_so(tmp_path: Path, capsys):
    folder = tmp_path / "d"
    shutil.copytree(MINIMAL, folder)
    path = folder / "sources.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",survey,", ",synthetic,"), encoding="utf-8"
    )
    assert main(["validate", str(folder)]) == 0
    assert "SYNTHETIC" in capsys.readouterr().out


def test_validate_invalid_data_lists_problems_and_exits_2(tmp_path: Path, capsys):
    folder = tmp_path / "d"
    shutil.copytree(MINIMAL, folder)
    path = folder / "budget.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace("410000000", "-410000000"), encoding="utf-8"
    )
    (folder / "programs.csv").unlink()
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "problem(s) found" in err
    assert "table/sheet 'programs': required table is missing" in err
    assert "table/sheet 'budget', row 4, column 'amount_idr'" in err
    assert "Traceback" not in err


def test_validate_missing_path_exits_2_with_clear_message(tmp_path: Path, capsys):
    assert main(["validate", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert "does not exist" in err and "folder of CSV files" in err


def test_validate_wrong_file_type_exits_2(tmp_path: Path, capsys):
    path = tmp_path / "data.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["validate", str(path)]) == 2
    assert "save it as .xlsx" in capsys.readouterr().err


def test_template_command_writes_workbook(tmp_path: Path, capsys):
    out = tmp_path / "sub" / "input.xlsx"
    assert main(["template", str(out)]) == 0
    assert out.exists()
    assert str(out) in capsys.readouterr().out
