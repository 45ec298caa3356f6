"""The DPRD report: executed notebooks -> one HTML document -> A4 PDF (WeasyPrint).

No LaTeX, no browser. :func:`build_html` assembles the cover, the executive summary, the table
of contents, one chapter per notebook and the appendices from the executed notebooks and the
run manifest; :func:`write_pdf` renders it atomically. :func:`traffic_light_table` is the
helper a summary notebook calls to show ranked causes.

Names are imported lazily (PEP 562): a summary notebook that only needs
:func:`traffic_light_table` must not pay for nbformat/nbconvert/jinja2 (≈1.4 s per kernel).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_LAZY = {
    "SYNTHETIC_MARK": "evaltools.report.build",
    "ReportMeta": "evaltools.report.build",
    "build_html": "evaltools.report.build",
    "write_pdf": "evaltools.report.build",
    "NotebookParts": "evaltools.report.notebook_html",
    "split_notebook": "evaltools.report.notebook_html",
    "traffic_light_table": "evaltools.report.summary",
}

if TYPE_CHECKING:  # pragma: no cover
    from evaltools.report.build import SYNTHETIC_MARK, ReportMeta, build_html, write_pdf
    from evaltools.report.notebook_html import NotebookParts, split_notebook
    from evaltools.report.summary import traffic_light_table


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'evaltools.report' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_LAZY])


__all__ = [
    "SYNTHETIC_MARK",
    "NotebookParts",
    "ReportMeta",
    "build_html",
    "split_notebook",
    "traffic_light_table",
    "write_pdf",
]
