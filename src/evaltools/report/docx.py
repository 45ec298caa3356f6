"""The editable DOCX edition of the report, converted from the report's HTML by pandoc.

pandoc comes with the ``pypandoc-binary`` wheel (a pinned pandoc executable inside the Python
package), so nothing has to be installed on the machine. Headings, tables and figures are
kept; the PDF's page furniture (running headers, page numbers, the table of contents' page
numbers) is not, because Word makes its own. pandoc runs with ``--sandbox``: it reads no file
and fetches no URL, so only the figures embedded as ``data:`` URIs are carried over.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from evaltools._io import atomic_path
from evaltools.errors import ReportError

_STYLE = re.compile(r"<style\b.*?</style\s*>", re.IGNORECASE | re.DOTALL)
_TOC = re.compile(r'<nav class="front-matter toc".*?</nav\s*>', re.IGNORECASE | re.DOTALL)
_DOC_TITLE = re.compile(r'<span class="doc-title">.*?</span>', re.IGNORECASE | re.DOTALL)


def docx_html(document: str) -> str:
    """The report's HTML as pandoc should read it: without CSS, the page-numbered table of
    contents and the hidden running-title span."""
    return _DOC_TITLE.sub("", _TOC.sub("", _STYLE.sub("", document)))


def write_docx(document: str, path: str | os.PathLike[str]) -> Path:
    """Convert the report's HTML to DOCX, atomically (temporary file, then rename).

    Parameters
    ----------
    document : str
        The HTML of :func:`evaltools.report.build_html`.
    path : path-like
        The ``.docx`` to write.

    Returns
    -------
    Path
        The written file.

    Raises
    ------
    ReportError
        pandoc is missing or the conversion failed.
    """
    try:
        import pypandoc
    except ImportError as exc:  # pragma: no cover - a dependency of evaltools
        raise ReportError("the DOCX edition needs pandoc: pip install pypandoc-binary") from exc
    target = Path(path)
    try:
        with atomic_path(target, suffix=".docx.tmp") as tmp:
            pypandoc.convert_text(
                docx_html(document),
                "docx",
                format="html",
                outputfile=str(tmp),
                extra_args=["--sandbox"],
            )
    except (OSError, RuntimeError) as exc:
        raise ReportError(f"could not write the DOCX {target}: {exc}") from exc
    return target


__all__ = ["docx_html", "write_docx"]
