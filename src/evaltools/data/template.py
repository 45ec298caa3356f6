"""The blank input workbook for researchers' real data, generated from the schema.

One sheet per table (bold header row, frozen header, column widths, drop-down lists for columns
with allowed values and for TRUE/FALSE columns) and a "Kamus Data" sheet in Indonesian that
explains every column. :func:`evaltools.data.model.write_workbook` fills the same layout with
data.
"""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pandas as pd

from evaltools._io import atomic_path
from evaltools.data.schema import (
    CONTEXT_KEYS,
    TABLES,
    TYPE_LABELS_ID,
    Column,
)

DICTIONARY_SHEET = "Kamus Data"
DICTIONARY_HEADER = (
    "tabel",
    "kolom",
    "tipe",
    "wajib?",
    "nilai yang diizinkan",
    "keterangan",
    "contoh",
)
#: Rows of each data sheet that carry drop-down lists.
VALIDATION_ROWS = 5000


def required_label_id(col: Column) -> str:
    """'wajib?' in words: must the column exist, and must every cell be filled?"""
    if not col.required:
        return "tidak (kolom opsional)"
    return "ya, boleh kosong" if col.nullable else "ya"


def allowed_label_id(col: Column) -> str:
    """Allowed values or bounds in words (Indonesian), empty when anything goes."""
    if col.allowed:
        return ", ".join(col.allowed)
    if col.type == "bool":
        return "TRUE, FALSE"
    return col.bounds_text_id()


def example_text(col: Column) -> str:
    ex = col.example
    if ex is None:
        return ""
    if isinstance(ex, bool):
        return "TRUE" if ex else "FALSE"
    return str(ex)


def _cell_value(v: Any) -> Any:
    """A DataFrame value as openpyxl wants it (None for missing, datetime for dates)."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):  # numpy scalars
        v = v.item()
    if isinstance(v, float) and math.isnan(v):
        return None
    return v


def _as_text_cells(row) -> None:
    """Keep every text cell text: openpyxl would store ``"=HYPERLINK(…)"`` as a live formula.

    Data never become formulas in an exported workbook (OWASP "CSV injection"); the cell keeps
    the exact text, typed as a string (``data_type 's'``).
    """
    for cell in row:
        if isinstance(cell.value, str) and cell.data_type != "s":
            cell.data_type = "s"


def build_workbook(tables: dict[str, pd.DataFrame] | None = None):
    """An openpyxl Workbook in the template layout, filled with ``tables`` when given.

    Parameters
    ----------
    tables
        Table name → DataFrame; tables not given get a sheet with the header row only.

    Returns
    -------
    openpyxl.Workbook
        Sheets in data-dictionary order, then "Kamus Data".
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    tables = tables or {}
    wb = Workbook()
    wb.remove(wb.active)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for spec in TABLES:
        ws = wb.create_sheet(spec.name)
        df = tables.get(spec.name)
        columns = list(spec.column_names)
        if df is not None:
            columns = [c for c in columns if c in df.columns] + [
                c for c in df.columns if c not in spec.column_names
            ]
        ws.append(columns)
        _as_text_cells(ws[1])
        for cell in ws[1]:
            cell.font = bold
            cell.fill = fill
        ws.freeze_panes = "A2"
        if df is not None:
            for row in df[columns].itertuples(index=False, name=None):
                ws.append([_cell_value(v) for v in row])
                _as_text_cells(ws[ws.max_row])
        n_rows = max(VALIDATION_ROWS, (0 if df is None else len(df)) + 1)
        for j, name in enumerate(columns, start=1):
            letter = get_column_letter(j)
            col = spec.column(name) if name in spec.column_names else None
            width = max(len(name) + 3, len(example_text(col)) + 2 if col else 10, 10)
            ws.column_dimensions[letter].width = min(width, 45)
            if col is None:
                continue
            choices = col.allowed or (("TRUE", "FALSE") if col.type == "bool" else None)
            if choices:
                dv = DataValidation(
                    type="list",
                    formula1='"' + ",".join(choices) + '"',
                    allow_blank=True,
                    showErrorMessage=False,
                )
                dv.add(f"{letter}2:{letter}{n_rows}")
                ws.add_data_validation(dv)
            if col.type in ("date", "month") and df is not None:
                for (cell,) in ws.iter_rows(min_row=2, max_row=len(df) + 1, min_col=j, max_col=j):
                    cell.number_format = "yyyy-mm-dd"
    _dictionary_sheet(wb, bold, fill, Alignment)
    return wb


def dictionary_rows() -> list[tuple[str, ...]]:
    """Rows of the "Kamus Data" sheet (Indonesian), one per table and one per column."""
    rows: list[tuple[str, ...]] = []
    for spec in TABLES:
        status = "tabel wajib" if spec.required else "tabel opsional"
        key = ", ".join(spec.key + tuple(f"{k} (bila ada)" for k in spec.extra_key))
        rows.append(
            (spec.name, "(tabel)", "", status, "", (f"{spec.description_id} Kunci: {key}."), "")
        )
        for col in spec.columns:
            rows.append(
                (
                    spec.name,
                    col.name,
                    TYPE_LABELS_ID[col.type],
                    required_label_id(col),
                    allowed_label_id(col),
                    col.description_id,
                    example_text(col),
                )
            )
        if spec.wide:
            rows.append(
                (
                    spec.name,
                    "<item_id>",
                    TYPE_LABELS_ID["float"],
                    "ya, boleh kosong",
                    "skala butir (scale_min–scale_max)",
                    (
                        "Satu kolom per butir survei, bernama item_id pada survey_items; "
                        "kosong = tidak menjawab."
                    ),
                    "4",
                )
            )
    for key in CONTEXT_KEYS:
        rows.append(
            (
                "context",
                f"key = {key.name}",
                TYPE_LABELS_ID[key.type],
                "tidak",
                "",
                key.description_id,
                key.example,
            )
        )
    return rows


def _dictionary_sheet(wb, bold, fill, alignment_cls) -> None:
    ws = wb.create_sheet(DICTIONARY_SHEET)
    ws.append(list(DICTIONARY_HEADER))
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
    ws.freeze_panes = "A2"
    for row in dictionary_rows():
        ws.append(list(row))
    widths = (18, 22, 22, 20, 36, 80, 28)
    wrap = alignment_cls(wrap_text=True, vertical="top")
    for j, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + j)].width = w
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = wrap


def save_atomically(wb, out_path: Path) -> Path:
    """Save a workbook to a temporary file next to ``out_path``, then rename it into place."""
    out_path = Path(out_path)
    for parent in out_path.parents:
        if parent.exists() or parent.is_symlink():
            if not parent.is_dir():
                from evaltools.errors import ParameterError

                raise ParameterError(
                    f"out_path: '{parent}' is a file, not a folder, so "
                    f"'{out_path}' cannot be created inside it"
                )
            break
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out_path, suffix=".xlsx.tmp") as tmp:
        wb.save(tmp)
    return out_path


def write_template(out_path: str | os.PathLike, *, overwrite: bool = False) -> Path:
    """Write the blank input workbook: one sheet per table plus the "Kamus Data" sheet.

    Parameters
    ----------
    out_path
        Path of the ``.xlsx`` file to write (written atomically: temporary file, then rename).
    overwrite
        Replace an existing file. Off by default: a filled workbook of the same name is never
        replaced by a blank one by accident (``evaltools template --force``).

    Returns
    -------
    pathlib.Path
        ``out_path``.

    Raises
    ------
    ParameterError
        ``out_path`` does not end in ``.xlsx``, is a folder, or exists and ``overwrite`` is off.
    """
    from evaltools.errors import ParameterError

    out = Path(out_path)
    if out.is_dir():
        raise ParameterError(
            f"out_path: '{out}' is a folder; give the path of an .xlsx file "
            f"to create, e.g. '{out / 'data.xlsx'}'"
        )
    if out.suffix.lower() != ".xlsx":
        raise ParameterError(f"out_path: '{out}' must end in .xlsx")
    if (out.exists() or out.is_symlink()) and not overwrite:
        raise ParameterError(
            f"out_path: '{out}' already exists and was left unchanged; choose "
            "another name, or pass --force (overwrite=True) to replace it"
        )
    return save_atomically(build_workbook(), out)


__all__ = ["build_workbook", "dictionary_rows", "save_atomically", "write_template"]
