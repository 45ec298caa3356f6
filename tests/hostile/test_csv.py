"""Broken CSV quoting is an error naming file, row and fix — never rows silently swallowed."""

from __future__ import annotations

import csv
import io
import re


def _semicolon(path, *, break_row: int | None = None, column: int = 8):
    """Rewrite a demo CSV with ';' separators; optionally open a quote that never closes."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    lines = out.getvalue().splitlines(keepends=True)
    if break_row is not None:
        cells = lines[break_row - 1].split(";")
        cells[column] = '"' + cells[column].strip('"')
        lines[break_row - 1] = ";".join(cells)
    path.write_text("".join(lines), encoding="utf-8")
    return len(rows)


def test_unclosed_quote_is_refused_with_file_row_and_fix(demo_copy, cli, tree_hash):
    path = demo_copy / "interview_codes.csv"
    n = _semicolon(path, break_row=71)
    assert n == 85  # header + 84 rows: 14 of them lie after the broken quote
    before = tree_hash(demo_copy)
    code, out, err = cli("validate", demo_copy)
    assert code == 2
    assert "OK" not in out
    assert "interview_codes.csv" in err and "row 71" in err
    assert "never closed" in err and "Fix:" in err
    assert tree_hash(demo_copy) == before


def test_semicolon_file_without_broken_quote_still_reads_every_row(demo_copy, cli):
    _semicolon(demo_copy / "interview_codes.csv")
    code, out, _ = cli("validate", demo_copy)
    assert code == 0
    assert re.search(r"interview_codes +84 row\(s\)", out)


def test_stray_quote_closed_by_another_stray_quote_is_caught(demo_copy, cli):
    # The first stray quote opens a cell, a second one 5 rows later closes it: the strict
    # parser accepts the syntax, but the cell holds whole rows — reported, not loaded.
    path = demo_copy / "interview_codes.csv"
    _semicolon(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    a = lines[40].split(";")
    a[8] = '"' + a[8]
    lines[40] = ";".join(a)
    b = lines[45].split(";")
    b[8] = b[8] + '"'
    lines[45] = ";".join(b)
    path.write_text("".join(lines), encoding="utf-8")
    code, _, err = cli("validate", demo_copy)
    assert code == 2
    assert "row 41" in err and "look like rows" in err


def test_text_after_a_closing_quote_is_refused(demo_copy, cli):
    path = demo_copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",", ',"x"y,', 1)
    path.write_text("".join(lines), encoding="utf-8")
    code, _, err = cli("validate", demo_copy)
    assert code == 2
    assert "events.csv" in err and "row 3" in err
