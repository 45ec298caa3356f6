"""Only regular files within the caps are read: pipes, devices, loops and bombs are refused
quickly, before anything is inflated, with a message naming the file and the cap."""

from __future__ import annotations

import os
import time
import zipfile

import openpyxl
import pytest

from evaltools.data import load_data, write_workbook
from evaltools.data import read as rd
from evaltools.runner.manifest import hash_inputs


def test_fifo_devzero_and_symlink_loop_are_refused_without_hanging(demo_copy, cli):
    (demo_copy / "events.csv").unlink()
    os.mkfifo(demo_copy / "events.csv")
    (demo_copy / "budget.csv").unlink()
    (demo_copy / "budget.csv").symlink_to("/dev/zero")
    (demo_copy / "peer_panel.csv").unlink()
    (demo_copy / "peer_panel.csv").symlink_to("peer_panel.csv")
    t0 = time.monotonic()
    code, _, err = cli("validate", demo_copy)
    assert time.monotonic() - t0 < 30
    assert code == 2
    assert "events.csv" in err and "named pipe (FIFO), not a regular file" in err
    assert "budget.csv" in err and "character device" in err
    assert "peer_panel.csv" in err and "points (directly or not) to itself" in err
    # The run's input hashing skips them too (it would otherwise hang before validation).
    hashes = hash_inputs(demo_copy)
    assert hashes["events.csv"]["sha256"] is None and hashes["budget.csv"]["sha256"] is None


def test_data_path_that_is_a_pipe_or_a_loop(tmp_path, cli):
    os.mkfifo(tmp_path / "in.xlsx")
    code, _, err = cli("validate", tmp_path / "in.xlsx")
    assert code == 2 and "not a regular file or a folder" in err
    (tmp_path / "loop").symlink_to("loop")
    code, _, err = cli("validate", tmp_path / "loop")
    assert code == 2 and "points (directly or not) to itself" in err


def test_data_root_reads_only_top_level_table_files(tmp_path, cli):
    # `--data /` must not read (or hash) the whole disk: only <table>.csv at the top level.
    t0 = time.monotonic()
    code, _, err = cli("validate", "/")
    assert code == 2 and "required table is missing" in err
    assert time.monotonic() - t0 < 30
    assert hash_inputs("/") == {}


def test_reports_inside_the_data_folder_are_not_inputs(demo_copy):
    before = hash_inputs(demo_copy)
    (demo_copy / "reports" / "2026-01-01").mkdir(parents=True)
    (demo_copy / "reports" / "2026-01-01" / "report.pdf").write_bytes(b"%PDF")
    (demo_copy / "notes.md").write_text("x")
    assert hash_inputs(demo_copy) == before
    assert "planted.json" not in before and "budget.csv" in before


def _workbook(tmp_path):
    return write_workbook(
        load_data(rd.Path(__file__).resolve().parents[1] / "data" / "fixtures" / "minimal"),
        tmp_path / "in.xlsx",
    )


def test_row_touching_column_xfd_is_refused_with_the_cap(tmp_path, cli, tree_hash):
    path = _workbook(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["events"]
    for r in range(2, 3000):
        ws.cell(row=r, column=16384, value="x")  # column XFD
    wb.save(path)
    assert path.stat().st_size < 2_000_000
    before = tree_hash(tmp_path)
    t0 = time.monotonic()
    code, _, err = cli("validate", path)
    assert time.monotonic() - t0 < 60
    assert code == 2
    assert "XFD2" in err and f"cap of {rd.MAX_COLUMNS} columns" in err
    assert tree_hash(tmp_path) == before


def test_workbook_declaring_a_huge_inflated_size_is_refused_before_inflating(tmp_path, cli):
    # The zip directory says one part inflates to ~4 GB: refused from the directory alone.
    path = _workbook(tmp_path)
    data = bytearray(path.read_bytes())
    pos = data.rfind(b"PK\x01\x02")  # the last central-directory entry
    data[pos + 24 : pos + 28] = (0xFFFFFF00).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    code, _, err = cli("validate", path)
    assert code == 2
    assert "would inflate to" in err and f"cap of {rd.MAX_XLSX_UNCOMPRESSED // 2**20:,} MB" in err


@pytest.mark.slow
def test_real_zip_bomb_is_refused_quickly(tmp_path, cli):
    """A 1 GiB sheet of zeros compressed to about 1 MB: refused without inflating it."""
    path = _workbook(tmp_path)
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as zf,
        zf.open("xl/bomb.xml", "w", force_zip64=True) as fh,
    ):
        block = b"0" * 2**20
        for _ in range(1024):
            fh.write(block)
    assert path.stat().st_size < 5 * 2**20
    t0 = time.monotonic()
    code, _, err = cli("validate", path)
    assert code == 2 and "would inflate to" in err
    assert time.monotonic() - t0 < 20


def test_overlong_text_cell_and_column_name_name_the_cap(minimal_copy, cli):
    path = minimal_copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    i = header.index("label")
    cells[i] = "x" * (rd.MAX_CELL_CHARS + 1)
    lines[1] = ",".join(cells)
    lines[0] += "," + "k" * 300
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, err = cli("validate", minimal_copy)
    assert code == 2
    assert f"above the cap of {rd.MAX_CELL_CHARS:,}" in err
    assert f"above the cap of {rd.MAX_HEADER_CHARS}" in err
    assert len(err) < 5000  # the long texts themselves are not echoed


def test_csv_larger_than_the_file_cap_is_not_read(minimal_copy, cli, monkeypatch):
    monkeypatch.setattr(rd, "MAX_FILE_BYTES", 100)
    code, _, err = cli("validate", minimal_copy)
    assert code == 2 and "above the cap of" in err
