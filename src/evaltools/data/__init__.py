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

from typing import Any

from evaltools.data.schema import TABLE_NAMES, TABLES, TABLES_BY_NAME

# The reader, model and template load on first use (PEP 562): `evaltools.data.read`'s file
# listing and hashing — all that `evaltools run --if-changed` needs — then costs no pandas import.
_LAZY = {
    "EvalData": "evaltools.data.model",
    "load_data": "evaltools.data.model",
    "write_csv_folder": "evaltools.data.model",
    "write_workbook": "evaltools.data.model",
    "write_template": "evaltools.data.template",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'evaltools.data' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
