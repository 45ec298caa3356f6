"""Assemble the report HTML from executed notebooks and the run manifest; render the PDF."""

from __future__ import annotations

import datetime as _dt
import html
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from evaltools import __version__
from evaltools.errors import ReportError
from evaltools.formatting import fmt_date, fmt_int, fmt_number
from evaltools.report.notebook_html import NotebookParts, split_notebook

SYNTHETIC_MARK = "DATA ILUSTRASI — bukan data resmi"
_TEMPLATES = Path(__file__).resolve().parent / "templates"

_STATUS_ID = {"ok": "berhasil", "failed": "gagal", "skipped": "dilewati", "pending": "belum dijalankan"}


@dataclass
class ReportMeta:
    """What the cover and the PDF metadata say.

    ``regulation`` is the short name (e.g. "Perda No. 2/2020"); the title is
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
    for name in sorted(params, key=lambda k: (list(_PARAM_LABELS).index(k) if k in _PARAM_LABELS
                                              else len(_PARAM_LABELS), k)):
        value, origin = params[name], str(origins.get(name, ""))
        if name == "data_path" and origin == "berkas konfigurasi" and not manifest.get("config"):
            origin = "bawaan evaltools run (data demo)"
        if _is_unset(value):
            if name == "peers":
                value, origin = "semua daerah pada panel selain daerah yang dievaluasi", "bawaan notebook"
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
        _kv_table([
            ("Nama folder hasil", manifest.get("run_name", "–")),
            ("Mulai", _fmt_timestamp(manifest.get("started_at"))),
            ("Selesai", _fmt_timestamp(manifest.get("finished_at"))),
            ("Commit git", manifest.get("git_commit") or "tidak tersedia"),
            ("Berkas konfigurasi", manifest.get("config") or "tidak ada (nilai bawaan)"),
            ("Data masukan", manifest.get("data") or "tidak ada"),
        ]),
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


def build_html(
    notebooks: list[Path],
    *,
    meta: ReportMeta,
    manifest: dict[str, Any],
    data_audit: dict[str, Any] | None = None,
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
    methods = "\n".join(
        f"<h2>{html.escape(p.title)}</h2>\n{p.methods_html}" for p in parts if p.methods_html
    ) or "<p>Tidak ada catatan metode dari buku kerja.</p>"
    audits = [(p.title, p.audit_html) for p in parts if p.audit_html]
    appendices = [
        {"letter": "A", "title": "Metode dan Asumsi", "anchor": "lampiran-a", "html": methods},
        {"letter": "B", "title": "Audit Data", "anchor": "lampiran-b",
         "html": _audit_html(data_audit, audits)},
        {"letter": "C", "title": "Parameter dan Provenans", "anchor": "lampiran-c",
         "html": _provenance_html(manifest, (data_audit or {}).get("context"))},
    ]
    css = (_TEMPLATES / "report.css").read_text(encoding="utf-8")
    template = _env().get_template("report.html.j2")
    return template.render(
        meta=meta,
        css=css,
        synthetic_mark=SYNTHETIC_MARK,
        summary_parts=summary_parts,
        chapters=chapters,
        appendices=appendices,
    )


def write_pdf(document: str, path: str | os.PathLike[str], *, base_url: str | None = None) -> Path:
    """Render the HTML to an A4 PDF with WeasyPrint, atomically (temp file, then rename).

    A crash or an interrupt mid-render leaves no ``report.pdf`` (and an existing one intact).

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
    fd, tmp_name = tempfile.mkstemp(prefix=".report-", suffix=".pdf.tmp", dir=target.parent)
    os.close(fd)
    try:
        HTML(string=document, base_url=base_url or str(target.parent)).write_pdf(tmp_name)
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(tmp_name, 0o666 & ~mask)  # mkstemp makes 0600
        os.replace(tmp_name, target)
    except BaseException as exc:
        Path(tmp_name).unlink(missing_ok=True)
        if isinstance(exc, Exception):
            raise ReportError(f"could not write the PDF {target}: {exc}") from exc
        raise
    return target
