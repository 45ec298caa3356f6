"""Assemble the report HTML from executed notebooks and the run manifest; render the PDF."""

from __future__ import annotations

import datetime as _dt
import html
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from evaltools import __version__
from evaltools._io import atomic_path
from evaltools.errors import ReportError
from evaltools.formatting import fmt_date, fmt_int, fmt_number
from evaltools.report.notebook_html import NotebookParts, split_notebook

SYNTHETIC_MARK = "DATA ILUSTRASI — bukan data resmi"
_TEMPLATES = Path(__file__).resolve().parent / "templates"

#: Characters of one cover/header field (region, regulation …): a longer text is cut with "…".
MAX_META_CHARS = 500
#: A run of non-space characters this long gets break opportunities (a zero-width space every
#: LONG_WORD_STEP characters), so no word from data can push a table off the page. Above a
#: SHA-256 hash (64) so hashes stay copyable; no Indonesian or English word is this long.
LONG_WORD = 80
LONG_WORD_STEP = 30
#: Such a run is cut here (with "…"): no reader needs more of a 30,000-character "word".
MAX_RUN = 200
#: Characters of text one table cell shows; the rest is cut with CUT_MARK.
MAX_CELL_TEXT = 2_000

_STATUS_ID = {
    "ok": "berhasil",
    "failed": "gagal",
    "skipped": "dilewati",
    "pending": "belum dijalankan",
}


@dataclass
class ReportMeta:
    """What the cover and the PDF metadata say.

    ``regulation`` is the short name (e.g. "Perda No. 1/2024"); the title is
    "Evaluasi Implementasi <regulation>". ``period`` is shown as given ("2017–2023").
    """

    regulation: str
    region: str
    period: str
    created: _dt.datetime
    version: str
    synthetic: bool = False
    regulation_title: str = ""
    author: str = "evaltools"
    extra_keywords: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # The cover and every page header print these: a 13,000-character region name took
        # minutes to lay out. Text from data or parameters is capped (cut with "…").
        for name in ("regulation", "region", "period", "version", "regulation_title", "author"):
            value = getattr(self, name)
            if isinstance(value, str) and len(value) > MAX_META_CHARS:
                setattr(self, name, value[: MAX_META_CHARS - 1] + "…")

    @property
    def title(self) -> str:
        return f"Evaluasi Implementasi {self.regulation}"

    @property
    def short_title(self) -> str:
        return f"{self.title} — {self.region}" if self.region else self.title

    @property
    def date(self) -> str:
        return fmt_date(self.created)

    @property
    def created_iso(self) -> str:
        return self.created.replace(microsecond=0).isoformat()

    @property
    def description(self) -> str:
        text = f"Laporan evaluasi implementasi {self.regulation}, {self.region}, periode {self.period}."
        if self.synthetic:
            text += f" {SYNTHETIC_MARK}."
        return text

    @property
    def keywords(self) -> str:
        words = ["evaluasi kebijakan", self.regulation, self.region, *self.extra_keywords]
        return ", ".join(w for w in words if w)

    @property
    def evaltools_version(self) -> str:
        return __version__


def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )


def _kv_table(rows: list[tuple[str, Any]], *, hash_values: bool = False) -> str:
    esc = html.escape
    cls = ' class="hash"' if hash_values else ""
    body = "".join(f"<tr><th>{esc(str(k))}</th><td{cls}>{esc(str(v))}</td></tr>" for k, v in rows)
    return f'<table class="kv"><tbody>{body}</tbody></table>'


def _fmt_value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float):
        return str(value).replace(".", ",")
    return str(value)


# What each shared notebook parameter means (architecture.md, "Parameters shared by ...").
_PARAM_LABELS = {
    "data_path": "Data masukan",
    "region": "Daerah yang dievaluasi",
    "regulation": "Regulasi (nama singkat)",
    "enactment_date": "Tanggal penetapan regulasi",
    "evaluation_start": "Tahun awal periode evaluasi",
    "evaluation_end": "Tahun akhir periode evaluasi",
    "stagnation_start": "Tahun awal periode yang dinilai stagnan",
    "stagnation_end": "Tahun akhir periode yang dinilai stagnan",
    "peers": "Daerah pembanding",
    "confidence_level": "Tingkat kepercayaan",
}
_FROM_CONTEXT = "tabel context pada data (parameter dibiarkan kosong)"


def _is_unset(value: Any) -> bool:
    """The notebooks' "take it from the data" values: 0, "" and an empty list."""
    return value is None or (not isinstance(value, bool) and value in (0, "")) or value == []


def _effective_parameters(
    manifest: dict[str, Any], context: dict[str, Any]
) -> list[tuple[str, str, str, str]]:
    """(label, name, value actually used, where it came from) for every run parameter.

    A parameter left at its notebook default of 0/""/[] is resolved by the notebooks from the
    data's ``context`` table (or, for ``peers``, means every non-focal region), so the report
    shows that value rather than the placeholder.
    """
    params = manifest.get("parameters", {}) or {}
    origins = manifest.get("parameter_sources", {}) or {}
    rows = []
    for name in sorted(
        params,
        key=lambda k: (
            list(_PARAM_LABELS).index(k) if k in _PARAM_LABELS else len(_PARAM_LABELS),
            k,
        ),
    ):
        value, origin = params[name], str(origins.get(name, ""))
        if name == "data_path" and origin == "berkas konfigurasi" and not manifest.get("config"):
            origin = "bawaan evaltools run (data demo)"
        if _is_unset(value):
            if name == "peers":
                value, origin = (
                    "semua daerah pada panel selain daerah yang dievaluasi",
                    "bawaan notebook",
                )
            elif context.get(name) not in (None, ""):
                value, origin = context[name], _FROM_CONTEXT
            else:
                value = "tidak ditentukan"
        if name == "confidence_level" and isinstance(value, float):
            # 0,995 must not print as "100%": keep one decimal when the percentage has one.
            pct = value * 100
            value = fmt_number(pct, 0 if abs(pct - round(pct)) < 1e-9 else 1) + "%"
        elif hasattr(value, "strftime"):
            value = fmt_date(value)
        rows.append((_PARAM_LABELS.get(name, name), name, _fmt_value(value), origin))
    return rows


def _fmt_timestamp(iso: str | None) -> str:
    if not iso:
        return "–"
    ts = _dt.datetime.fromisoformat(iso)
    return f"{fmt_date(ts)}, pukul {ts:%H.%M.%S}"


def _provenance_html(manifest: dict[str, Any], context: dict[str, Any] | None = None) -> str:
    """Appendix: parameters (the values actually used, resolved against the data's
    ``context``), input and notebook hashes, package versions, commit, run time."""
    esc = html.escape
    parts = [
        (
            "<p>Bagian ini memungkinkan siapa pun memeriksa bahwa laporan dibuat dari data, buku "
            "kerja dan parameter yang disebutkan: sidik SHA-256 setiap berkas berubah bila isi "
            "berkas berubah sedikit pun.</p>"
        ),
        "<h2>Pelaksanaan</h2>",
        _kv_table(
            [
                ("Nama folder hasil", manifest.get("run_name", "–")),
                ("Mulai", _fmt_timestamp(manifest.get("started_at"))),
                ("Selesai", _fmt_timestamp(manifest.get("finished_at"))),
                ("Commit git", manifest.get("git_commit") or "tidak tersedia"),
                ("Berkas konfigurasi", manifest.get("config") or "tidak ada (nilai bawaan)"),
                ("Data masukan", manifest.get("data") or "tidak ada"),
            ]
        ),
        "<h2>Parameter</h2>",
    ]
    params = manifest.get("parameters", {})
    if params:
        rows = "".join(
            f'<tr><td>{esc(label)}<br><span class="param-name">{esc(name)}</span></td>'
            f"<td>{esc(value)}</td><td>{esc(origin)}</td></tr>"
            for label, name, value, origin in _effective_parameters(manifest, context or {})
        )
        parts.append(
            "<p>Nilai yang benar-benar dipakai dalam analisis. Parameter yang dibiarkan kosong "
            "(atau 0) diisi dari tabel <em>context</em> pada data masukan.</p>"
            '<table class="prov"><thead><tr><th>Parameter</th><th>Nilai yang dipakai</th>'
            f"<th>Asal nilai</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append("<p>Tidak ada parameter.</p>")
    parts.append("<h2>Berkas masukan</h2>")
    inputs = manifest.get("inputs", {})
    if inputs:
        rows = "".join(
            f'<tr><td>{esc(name)}</td><td class="num">{esc(fmt_int(info.get("bytes")))}</td>'
            f'<td class="hash">{esc(info.get("sha256", ""))}</td></tr>'
            for name, info in sorted(inputs.items())
        )
        parts.append(
            '<table class="prov"><thead><tr><th>Berkas</th><th class="num">Bita</th><th>SHA-256</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append("<p>Tidak ada berkas data masukan.</p>")
    parts.append("<h2>Buku kerja (notebook)</h2>")
    rows = "".join(
        f"<tr><td>{esc(name)}</td><td>{esc(_STATUS_ID.get(info.get('status', ''), info.get('status', '')))}</td>"
        f'<td class="num">{esc(fmt_number(info.get("seconds"), 1))}</td>'
        f'<td class="hash">{esc(info.get("sha256", ""))}</td></tr>'
        for name, info in manifest.get("notebooks", {}).items()
    )
    parts.append(
        '<table class="prov"><thead><tr><th>Buku kerja</th><th>Status</th><th class="num">Detik</th>'
        f"<th>SHA-256</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    parts.append("<h2>Versi perangkat lunak</h2>")
    parts.append(_kv_table(sorted(manifest.get("versions", {}).items())))
    return "\n".join(parts)


def _audit_html(data_audit: dict[str, Any] | None, notebook_audits: list[tuple[str, str]]) -> str:
    esc = html.escape
    parts: list[str] = []
    if data_audit:
        if data_audit.get("synthetic"):
            parts.append(
                f"<p><strong>{esc(SYNTHETIC_MARK)}.</strong> Sekurang-kurangnya satu sumber data "
                "bermutu sintetis: temuan hanya ilustrasi.</p>"
            )
        # A notebook's data-audit cells (the audit chapter) describe the same data in
        # Indonesian and in more detail; the plain-text load summary is then left out.
        if data_audit.get("summary") and not notebook_audits:
            parts.append("<h2>Ringkasan data yang dimuat</h2>")
            parts.append(f"<pre>{esc(data_audit['summary'])}</pre>")
        sources = data_audit.get("sources") or []
        if sources and not notebook_audits:
            rows = "".join(
                f"<tr><td>{esc(str(s.get('source_id', '')))}</td><td>{esc(str(s.get('title', '')))}</td>"
                f"<td>{esc(str(s.get('publisher', '')))}</td><td>{esc(str(s.get('quality', '')))}</td></tr>"
                for s in sources
            )
            parts.append("<h2>Sumber data dan mutunya</h2>")
            parts.append(
                "<table><thead><tr><th>Kode</th><th>Judul</th><th>Penerbit</th><th>Mutu</th></tr>"
                f"</thead><tbody>{rows}</tbody></table>"
            )
    for title, fragment in notebook_audits:
        # One audit chapter needs no sub-heading repeating the appendix title.
        if len(notebook_audits) > 1:
            parts.append(f"<h2>{esc(title)}</h2>")
        parts.append(fragment)
    if not parts:
        parts.append("<p>Run ini tidak memakai berkas data masukan; tidak ada yang diaudit.</p>")
    return "\n".join(parts)


_CHANGE_SECTIONS = {
    "inputs": "Berkas data",
    "parameters": "Parameter",
    "stagnant": "Jawaban: apakah stagnan",
    "dimensions": "Penilaian per dimensi",
    "causes": "Penyebab",
    "recommendations": "Rekomendasi",
}
# Field names of findings.json as a DPRD reader says them.
_CHANGE_FIELDS = {
    "answer": "jawaban",
    "strength": "kekuatan bukti",
    "dimensions_flagged": "dimensi yang tersendat",
    "verdict": "penilaian",
    "estimate": "perubahan laju",
    "ci_low": "IK bawah",
    "ci_high": "IK atas",
    "p_adjusted": "p terkoreksi",
    "rank": "peringkat",
    "score": "skor",
}


def _change_labels() -> dict[str, dict[str, str]]:
    """Codes of findings.json → the report's Indonesian words (one lookup for items and values)."""
    from evaltools.analysis.diagnosis import VERDICT_LABELS as CAUSE_LABELS
    from evaltools.analysis.progress import ANSWER_LABELS
    from evaltools.analysis.progress import VERDICT_LABELS as DIMENSION_VERDICTS
    from evaltools.plotting.style import DIMENSION_LABELS, FACTOR_LABELS

    values = {
        **{k: v.lower() for k, v in CAUSE_LABELS.items()},
        **DIMENSION_VERDICTS,
        **{k: v.lower() for k, v in ANSWER_LABELS.items()},
        "present": "ada",
    }
    # "environment" is a dimension and a factor: names are looked up by section
    return {"values": values, "dimensions": DIMENSION_LABELS, "causes": FACTOR_LABELS}


def _changes_html(changes: dict[str, Any]) -> str:
    """Lampiran D: what moved since the previous report of the same evaluation."""
    prev = html.escape(str(changes.get("previous", "")))
    rows = changes.get("rows") or []
    intro = (
        f"<p>Dibandingkan dengan laporan sebelumnya dari evaluasi yang sama (folder run "
        f"<code>{prev}</code>), berdasarkan <code>manifest.json</code> dan "
        "<code>findings.json</code> kedua laporan.</p>"
    )
    if not rows:
        return intro + (
            "<p>Tidak ada perubahan: berkas data, parameter, jawaban, penilaian per "
            "dimensi, penyebab dan rekomendasi sama dengan laporan sebelumnya.</p>"
        )
    labels = _change_labels()

    def word(code: Any, table: str = "values") -> str:
        return labels[table].get(code, str(code)) if isinstance(code, str) else str(code)

    def cell(value: Any) -> str:
        if value is None:
            return "–"
        if isinstance(value, bool):
            return "ya" if value else "tidak"
        if isinstance(value, float):
            return html.escape(fmt_number(value, 3))
        if isinstance(value, list):  # dimensions_flagged
            return html.escape(", ".join(word(v, "dimensions") for v in value) or "–")
        return html.escape(word(value))

    def item(row: dict[str, Any]) -> str:
        text = str(row["item"])
        if row["section"] in ("dimensions", "causes") and "." in text:
            name, field = text.rsplit(".", 1)
            return f"{word(name, row['section'])}: {_CHANGE_FIELDS.get(field, field)}"
        if row["section"] == "stagnant":
            return _CHANGE_FIELDS.get(text, text)
        return text

    body = "".join(
        f"<tr><td>{html.escape(_CHANGE_SECTIONS.get(r['section'], r['section']))}</td>"
        f"<td>{html.escape(item(r))}</td><td>{cell(r['old'])}</td><td>{cell(r['new'])}</td></tr>"
        for r in rows
    )
    return (
        intro + f"<p>{len(rows)} perubahan.</p><table><thead><tr><th>Bagian</th><th>Butir</th>"
        "<th>Sebelumnya</th><th>Sekarang</th></tr></thead><tbody>" + body + "</tbody></table>"
    )


def build_html(
    notebooks: list[Path],
    *,
    meta: ReportMeta,
    manifest: dict[str, Any],
    data_audit: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    language: str | None = None,
) -> str:
    """Assemble the full report as one HTML document (ready for WeasyPrint).

    Parameters
    ----------
    notebooks : list of Path
        Executed notebooks in chapter order. Cells tagged ``executive-summary`` (summary
        notebooks first) form the executive summary; ``appendix-methods`` and ``data-audit``
        cells go to the appendices; see :mod:`evaltools.report.notebook_html`.
    meta : ReportMeta
        Cover and document metadata.
    manifest : dict
        The run manifest (parameters, inputs, notebooks, versions, git commit, times): printed
        in the provenance appendix.
    data_audit : dict, optional
        ``summary`` (str), ``sources`` (list of dicts with source_id, title, publisher,
        quality), ``synthetic`` (bool) and ``context`` (dict, the data's context table: the
        provenance appendix resolves parameters left empty against it), from the loaded data.
    changes : dict, optional
        ``previous`` (the earlier run's folder name) and ``rows`` (from
        :func:`evaltools.runner.compare.compare_records`): printed as Lampiran D "Perubahan
        sejak Laporan Sebelumnya" when a previous run of the same evaluation exists.
    language : {"id", "en"}, optional
        The report's language (default: the current setting, see
        :func:`evaltools.prose.set_language`); the runner passes its ``language`` parameter.

    Returns
    -------
    str
        The HTML document. Every value from data or parameters is HTML-escaped.
    """
    try:
        parts: list[NotebookParts] = [split_notebook(Path(p)) for p in notebooks]
    except Exception as exc:  # nbconvert raises many kinds; the user needs one message
        raise ReportError(f"could not convert the executed notebooks to HTML: {exc}") from exc
    summary_first = sorted(parts, key=lambda p: 0 if p.role == "summary" else 1)
    summary_parts = [p.summary_html for p in summary_first if p.summary_html]
    chapters = [
        {"number": i, "title": p.title, "anchor": f"bab-{i}", "html": p.chapter_html}
        for i, p in enumerate(parts, 1)
    ]
    methods = (
        "\n".join(
            f"<h2>{html.escape(p.title)}</h2>\n{p.methods_html}" for p in parts if p.methods_html
        )
        or "<p>Tidak ada catatan metode dari buku kerja.</p>"
    )
    audits = [(p.title, p.audit_html) for p in parts if p.audit_html]
    appendices = [
        {"letter": "A", "title": "Metode dan Asumsi", "anchor": "lampiran-a", "html": methods},
        {
            "letter": "B",
            "title": "Audit Data",
            "anchor": "lampiran-b",
            "html": _audit_html(data_audit, audits),
        },
        {
            "letter": "C",
            "title": "Parameter dan Provenans",
            "anchor": "lampiran-c",
            "html": _provenance_html(manifest, (data_audit or {}).get("context")),
        },
    ]
    if changes is not None:
        appendices.append(
            {
                "letter": "D",
                "title": "Perubahan sejak Laporan Sebelumnya",
                "anchor": "lampiran-d",
                "html": _changes_html(changes),
            }
        )
    css = (_TEMPLATES / "report.css").read_text(encoding="utf-8")
    template = _env().get_template("report.html.j2")
    return bound_text(
        template.render(
            meta=meta,
            css=css,
            synthetic_mark=SYNTHETIC_MARK,
            summary_parts=summary_parts,
            chapters=chapters,
            appendices=appendices,
        )
    )


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_LONG_RUN = re.compile(rf"[^\s<>&]{{{LONG_WORD},}}")
_RAW_TEXT = re.compile(r"<(style|script|title)\b", re.IGNORECASE)
_CELL_OPEN = re.compile(r"<t[dh][\s>]", re.IGNORECASE)
_CELL_CLOSE = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
_PARTIAL_ENTITY = re.compile(r"&[#\w]*$")
CUT_MARK = " … [dipotong]"


def _break_run(match: re.Match) -> str:
    word = match.group()
    cut = len(word) > MAX_RUN
    word = word[:MAX_RUN]
    return "\u200b".join(
        word[i : i + LONG_WORD_STEP] for i in range(0, len(word), LONG_WORD_STEP)
    ) + ("…" if cut else "")


def bound_text(document: str) -> str:
    """Bound what text from data can do to the layout: long runs and huge table cells.

    Only text between tags is touched (never attributes such as ``data:`` image URIs, nor
    ``<style>``, ``<script>`` or ``<title>``):

    * a run of :data:`LONG_WORD` or more characters without a space gets a break opportunity
      (U+200B) every :data:`LONG_WORD_STEP` characters and is cut at :data:`MAX_RUN`
      characters with "…" (a 30,000-character "word" would push a table off the page);
    * the text of one table cell is cut at :data:`MAX_CELL_TEXT` characters with
      ":data:`CUT_MARK`" (WeasyPrint's table layout grows superlinearly with a cell's text).

    The data themselves are untouched; only the report shows less.
    """
    out = []
    raw = None  # inside <style>, <script> or <title>
    in_cell = False
    cell_left = MAX_CELL_TEXT
    for piece in _TAG_OR_TEXT.split(document):
        if piece.startswith("<"):
            if raw is None:
                m = _RAW_TEXT.match(piece)
                raw = m.group(1).lower() if m else None
                if _CELL_OPEN.match(piece):
                    in_cell, cell_left = True, MAX_CELL_TEXT
                elif _CELL_CLOSE.match(piece):
                    in_cell = False
            elif piece.lower().startswith(f"</{raw}"):
                raw = None
            out.append(piece)
            continue
        if raw is not None or not piece:
            out.append(piece)
            continue
        if len(piece) >= LONG_WORD:
            piece = _LONG_RUN.sub(_break_run, piece)
        if in_cell:
            if cell_left <= 0:
                piece = ""
            elif len(piece) > cell_left:
                piece = _PARTIAL_ENTITY.sub("", piece[:cell_left]) + CUT_MARK
                cell_left = 0
            else:
                cell_left -= len(piece)
        out.append(piece)
    return "".join(out)


#: Kept for callers of the first version of this helper.
break_long_words = bound_text


_PACKAGE_DIR = Path(__file__).resolve().parents[1]


class BlockedResource(ValueError):
    """The report tried to load something other than a ``data:`` URI or a package asset."""


def safe_url_fetcher(url: str):
    """WeasyPrint URL fetcher that reads only ``data:`` URIs and the package's own files.

    Nothing else is fetched — no ``file://`` outside the installed package, no ``http(s)``,
    no relative path into the run folder — so a data value that slipped into the HTML as
    markup (``<img src=file:///etc/passwd>``, ``<link rel=attachment href=…>``) can never
    embed a local file in the PDF. WeasyPrint skips a refused resource and goes on.
    """
    from urllib.parse import unquote, urlsplit

    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    allowed = scheme == "data"
    if scheme == "file":
        path = Path(unquote(urlsplit(url).path)).resolve()
        allowed = path == _PACKAGE_DIR or _PACKAGE_DIR in path.parents
    if not allowed:
        raise BlockedResource(f"resource not allowed in the report: {url[:120]}")
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint < 68
        from weasyprint import default_url_fetcher

        return default_url_fetcher(url)
    return URLFetcher(allowed_protocols={"data", "file"}, allow_redirects=False).fetch(url)


def write_pdf(document: str, path: str | os.PathLike[str], *, base_url: str | None = None) -> Path:
    """Render the HTML to an A4 PDF with WeasyPrint, atomically (temp file, then rename).

    A crash or an interrupt mid-render leaves no ``report.pdf`` (and an existing one intact).
    Only ``data:`` URIs and the package's own files are loaded (:func:`safe_url_fetcher`).

    Returns
    -------
    Path
        The written PDF.
    """
    import logging

    from weasyprint import HTML

    # WeasyPrint logs every unsupported CSS property of nbconvert output at WARNING; they are
    # harmless and would drown the run log.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    target = Path(path)
    try:
        with atomic_path(target, suffix=".pdf.tmp") as tmp:
            HTML(
                string=document,
                base_url=base_url or str(target.parent),
                url_fetcher=safe_url_fetcher,
            ).write_pdf(str(tmp))
    except Exception as exc:
        raise ReportError(f"could not write the PDF {target}: {exc}") from exc
    return target
