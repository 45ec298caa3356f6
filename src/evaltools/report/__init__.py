"""The DPRD report: executed notebooks -> one HTML document -> A4 PDF (WeasyPrint).

No LaTeX, no browser. :func:`build_html` assembles the cover, the executive summary, the table
of contents, one chapter per notebook and the appendices from the executed notebooks and the
run manifest; :func:`write_pdf` renders it atomically. :func:`traffic_light_table` is the
helper a summary notebook calls to show ranked causes.
"""

from __future__ import annotations

from evaltools.report.build import (
    SYNTHETIC_MARK,
    ReportMeta,
    build_html,
    write_pdf,
)
from evaltools.report.notebook_html import NotebookParts, split_notebook
from evaltools.report.summary import traffic_light_table

__all__ = [
    "SYNTHETIC_MARK",
    "NotebookParts",
    "ReportMeta",
    "build_html",
    "split_notebook",
    "traffic_light_table",
    "write_pdf",
]
