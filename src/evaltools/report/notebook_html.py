"""Executed notebooks -> HTML fragments for the report (no code, no stderr, no tracebacks).

A notebook's cells are sorted into the report's parts by tag:

* ``executive-summary`` — goes to the executive summary (normally in the summary notebook);
* ``appendix-methods`` — goes to the appendix "Metode dan asumsi";
* ``data-audit`` — goes to the appendix "Audit data";
* ``researcher``, ``parameters``, ``injected-parameters``, ``remove``, ``hide`` — never printed;
* everything else — the notebook's chapter. The first level-1 heading is the chapter title.
"""

from __future__ import annotations

import copy
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path


def _import_nbformat():
    """Import nbformat without jsonschema's optional ``rfc3987_syntax`` (≈1 s of grammar set-up).

    nbformat imports jsonschema, whose format module builds an IRI grammar at import time when
    ``rfc3987_syntax`` is installed; nbformat never checks IRI formats. The module is hidden
    only while nbformat (and jsonschema) load, so code that imports it later still gets it.
    """
    if "nbformat" in sys.modules or "jsonschema" in sys.modules:
        import nbformat as module

        return module
    hide = "rfc3987_syntax" not in sys.modules
    if hide:
        sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # makes its import fail
    try:
        import nbformat as module
    finally:
        if hide and sys.modules.get("rfc3987_syntax", 0) is None:
            del sys.modules["rfc3987_syntax"]
    return module


nbformat = _import_nbformat()

TAG_SUMMARY = "executive-summary"
TAG_METHODS = "appendix-methods"
TAG_AUDIT = "data-audit"
HIDDEN_TAGS = frozenset({"researcher", "parameters", "injected-parameters", "remove", "hide"})
_SPECIAL_TAGS = frozenset({TAG_SUMMARY, TAG_METHODS, TAG_AUDIT})

_TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "nbconvert"
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$", re.MULTILINE)


@dataclass
class NotebookParts:
    """One executed notebook split into the report's parts (HTML fragments)."""

    name: str
    title: str
    role: str
    chapter_html: str
    summary_html: str
    methods_html: str
    audit_html: str


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []) or [])


def notebook_role(nb, name: str) -> str:
    """``"summary"`` for the summary/diagnosis notebook, else ``"chapter"``.

    Marked by notebook metadata ``{"evaltools": {"role": "summary"}}`` or, failing that, by a
    file name containing ``diagnos`` or ``ringkasan`` (summary).
    """
    role = nb.metadata.get("evaltools", {}).get("role")
    if role:
        return str(role)
    low = name.lower()
    return "summary" if ("diagnos" in low or "ringkasan" in low) else "chapter"


def notebook_title(nb, fallback: str) -> str:
    """The first level-1 Markdown heading, or the metadata ``evaltools.title``, or ``fallback``."""
    meta_title = nb.metadata.get("evaltools", {}).get("title")
    if meta_title:
        return str(meta_title)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = _H1.search(cell.source)
            if match:
                return match.group(1).strip()
    return fallback


_ACTIVE_HTML = [
    re.compile(r"<script\b.*?</script\s*>", re.IGNORECASE | re.DOTALL),
    re.compile(r"<(iframe|object|embed)\b.*?(</\1\s*>|/>)", re.IGNORECASE | re.DOTALL),
    re.compile(r"<(script|iframe|object|embed)\b[^>]*>", re.IGNORECASE),
]
_EVENT_ATTR = re.compile(r"""\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_JS_URL = re.compile(r"""(href|src)\s*=\s*(["']?)\s*javascript:[^"'\s>]*\2""", re.IGNORECASE)
# Default object reprs ("<Figure size 640x480 with 1 Axes>", "<Axes: ...>") say nothing to a reader.
_OBJECT_REPR = re.compile(r"^\s*<[^<>\n]+>\s*$")


def sanitize_html(markup: str) -> str:
    """Remove anything active from an HTML output: scripts, frames, event handlers, JS URLs.

    Text in outputs is already escaped by whoever produced it (pandas, our helpers); this is
    about markup that would run code, which a PDF and a report.html must never carry.
    """
    for pattern in _ACTIVE_HTML:
        markup = pattern.sub("", markup)
    markup = _EVENT_ATTR.sub("", markup)
    return _JS_URL.sub(r'\1=""', markup)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


#: Characters of text output (print, text/plain) one cell may put in the report, and lines.
MAX_OUTPUT_CHARS = 20_000
MAX_OUTPUT_LINES = 400
#: Characters of one HTML output (a table); a larger one is replaced by a note.
MAX_HTML_CHARS = 1_000_000


def _cut_note(n: int, language: str | None = None) -> str:
    from evaltools.prose import render_one
    from evaltools.results import finding

    return "\n" + render_one(finding("runner.output_cut", n=n), language)


def _cap_text(text: str, budget: int, language: str | None = None) -> tuple[str, int]:
    """``text`` cut to ``budget`` characters and MAX_OUTPUT_LINES lines; returns the rest."""
    lines = text.split("\n")
    keep = text if len(lines) <= MAX_OUTPUT_LINES else "\n".join(lines[:MAX_OUTPUT_LINES])
    keep = keep[: max(budget, 0)]
    if len(keep) < len(text):
        return keep + _cut_note(len(text) - len(keep), language), 0
    return keep, budget - len(keep)


def _html_too_large_note(n: int, language: str | None = None) -> str:
    from evaltools.prose import render_one
    from evaltools.results import finding

    return render_one(finding("runner.html_too_large", n=n), language)


def _has_image(output) -> bool:
    return any(m in output.get("data", {}) for m in ("image/png", "image/svg+xml", "image/jpeg"))


def _clean_outputs(cell, language: str | None = None) -> None:
    """Drop what a DPRD reader must never see: stderr (warnings), errors, scripts, object reprs.

    The same image shown twice in a cell (a figure returned as the cell's value *and* shown by
    the inline backend) is kept once. Notes about cut outputs are written in ``language``.
    """
    if cell.cell_type != "code":
        return
    kept = []
    budget = MAX_OUTPUT_CHARS
    seen_images: set[str] = set()
    outputs = cell.get("outputs", [])
    shown = any(o.get("output_type") == "display_data" and _has_image(o) for o in outputs)
    for out in outputs:
        if shown and out.get("output_type") == "execute_result" and _has_image(out):
            # `fig` as a cell's last line: the inline backend already showed the same figure.
            continue
        kind = out.get("output_type")
        if kind == "error":
            continue
        if kind == "stream" and out.get("name") != "stdout":
            continue
        if kind == "stream":
            if budget <= 0:
                continue
            out["text"], budget = _cap_text(_text(out.get("text", "")), budget, language)
        if kind in {"display_data", "execute_result"}:
            data = out.get("data", {})
            for mime in ("application/javascript", "application/vnd.jupyter.widget-view+json"):
                data.pop(mime, None)
            if "text/html" in data and len(_text(data["text/html"])) > MAX_HTML_CHARS:
                n = len(_text(data["text/html"]))
                data.clear()
                data["text/plain"] = _html_too_large_note(n, language)
            if "text/html" in data:
                data["text/html"] = sanitize_html(_text(data["text/html"]))
            elif "text/plain" in data and not _has_image(out):
                if budget <= 0:
                    continue
                data["text/plain"], budget = _cap_text(_text(data["text/plain"]), budget, language)
            image = next(
                (_text(data[m]) for m in ("image/png", "image/svg+xml", "image/jpeg") if m in data),
                None,
            )
            if image is not None:
                if image in seen_images:
                    continue
                seen_images.add(image)
            if set(data) == {"text/plain"} and _OBJECT_REPR.match(_text(data["text/plain"])):
                continue
            if not data:
                continue
        kept.append(out)
    cell["outputs"] = kept


def _strip_first_h1(cells) -> None:
    for cell in cells:
        if cell.cell_type == "markdown" and _H1.search(cell.source):
            cell.source = _H1.sub("", cell.source, count=1).strip()
            return


_LOCAL = threading.local()


def _exporter():
    """One configured exporter per thread: building its Jinja environment and compiling the
    templates costs ~60 ms, paid once instead of four times per notebook."""
    exporter = getattr(_LOCAL, "exporter", None)
    if exporter is None:
        exporter = _LOCAL.exporter = _new_exporter()
    return exporter


def _new_exporter():
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="lab",
        extra_template_basedirs=[str(_TEMPLATE_DIR)],
        template_file=str(_TEMPLATE_DIR / "chapter.html.j2"),
    )
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.exclude_anchor_links = True
    exporter.exclude_raw = True
    # nbconvert's own sanitizer escapes all markup (pandas tables included); outputs are
    # cleaned by sanitize_html() instead.
    exporter.sanitize_html = False
    return exporter


def cells_to_html(nb, cells) -> str:
    """Render a list of cells of ``nb`` (already filtered) as an HTML fragment."""
    if not cells:
        return ""
    sub = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata))
    sub.cells = cells
    body, _resources = _exporter().from_notebook_node(sub)
    return body.strip()


_SPLIT_CACHE: dict[tuple[str, int, int, str], NotebookParts] = {}
_SPLIT_LOCK = threading.Lock()


def split_notebook(path: Path, *, language: str | None = None) -> NotebookParts:
    """Read an executed notebook and render its parts for the report.

    Parameters
    ----------
    path : Path
        Executed notebook (papermill output).
    language : {"id", "en"}, optional
        Language of the notes the conversion adds (an output cut short); default: the
        current setting (:func:`evaltools.prose.get_language`).

    Returns
    -------
    NotebookParts
        ``title`` (first H1), ``role``, and HTML fragments ``chapter_html``, ``summary_html``,
        ``methods_html``, ``audit_html`` (empty strings when the notebook has no such cells).

    Notes
    -----
    Results are memoised by (path, modification time, size, language): the runner renders finished
    chapters in the background while the summary notebook still runs, and the report build
    then reuses them. A rewritten file has a new key, so a stale rendering is never returned.
    """
    from evaltools._language import get_language

    path = Path(path)
    lang = get_language(language)
    st = path.stat()
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size, lang)
    with _SPLIT_LOCK:
        hit = _SPLIT_CACHE.get(key)
    if hit is not None:
        return copy.copy(hit)
    parts = _split_notebook(path, lang)
    with _SPLIT_LOCK:
        if len(_SPLIT_CACHE) > 256:  # a long-lived process (batch) must not grow without bound
            _SPLIT_CACHE.clear()
        _SPLIT_CACHE[key] = parts
    return copy.copy(parts)


def _split_notebook(path: Path, language: str) -> NotebookParts:
    nb = nbformat.read(str(path), as_version=4)
    name = path.name
    title = notebook_title(nb, fallback=path.stem)
    buckets: dict[str, list] = {"chapter": [], TAG_SUMMARY: [], TAG_METHODS: [], TAG_AUDIT: []}
    for cell in nb.cells:
        tags = _tags(cell)
        if tags & HIDDEN_TAGS:
            continue
        cell = copy.deepcopy(cell)
        _clean_outputs(cell, language)
        special = sorted(tags & _SPECIAL_TAGS)
        buckets[special[0] if special else "chapter"].append(cell)
    _strip_first_h1(buckets["chapter"])
    return NotebookParts(
        name=name,
        title=title,
        role=notebook_role(nb, name),
        chapter_html=cells_to_html(nb, buckets["chapter"]),
        summary_html=cells_to_html(nb, buckets[TAG_SUMMARY]),
        methods_html=cells_to_html(nb, buckets[TAG_METHODS]),
        audit_html=cells_to_html(nb, buckets[TAG_AUDIT]),
    )
