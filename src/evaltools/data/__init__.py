"""The data layer: schema, reading, validation and the typed :class:`EvalData`.

Usage::

    from evaltools.data import load_data
    data = load_data("data/demo")          # or "my_data.xlsx"
    print(data.summary())
    data.programs, data.budget, data.context

``load_data`` raises :class:`evaltools.errors.DataValidationError` listing every problem
(table, row, column, value, rule, fix) when the input breaks the data dictionary
(``data/README.md``).
"""

from __future__ import annotations

from evaltools.data.model import EvalData, load_data, write_csv_folder, write_workbook
from evaltools.data.schema import TABLE_NAMES, TABLES, TABLES_BY_NAME
from evaltools.data.template import write_template

__all__ = [
    "TABLES",
    "TABLES_BY_NAME",
    "TABLE_NAMES",
    "EvalData",
    "load_data",
    "write_csv_folder",
    "write_template",
    "write_workbook",
]
