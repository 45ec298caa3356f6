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
from evaltools.prose import labels
from evaltools.prose.report import LABELS, WORDS, word
from evaltools.report.notebook_html import NotebookParts, split_notebook

#: The Indonesian synthetic-data mark (kept for callers); a report prints
#: ``word("synthetic_mark", language)``.
SYNTHETIC_MARK = WORDS["id"]["synthetic_mark"]
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
    evaluator: str = ""
    institution: str = ""
    language: str = "id"

    def __post_init__(self) -> None:
        from evaltools._language import check_language

        self.language = check_language(self.language)
        # The cover and every page header print these: a 13,000-character region name took
        # minutes to lay out. Text from data or parameters is capped (cut with "…").
        for name in (
            "regulation",
            "region",
            "period",
            "version",
            "regulation_title",
            "author",
            "evaluator",
            "institution",
        ):
            value = getattr(self, name)
            if isinstance(value, str) and len(value) > MAX_META_CHARS:
                setattr(self, name, value[: MAX_META_CHARS - 1] + "…")

    @property
    def title(self) -> str:
        return word("title", self.language, regulation=self.regulation)

    @property
    def evaluator_text(self) -> str:
        """The evaluator on the cover (a neutral placeholder when none is configured)."""
        return self.evaluator or word("default_evaluator", self.language)

    @property
    def institution_text(self) -> str:
        return self.institution or word("default_institution", self.language)

    @property
    def short_title(self) -> str:
        return f"{self.title} — {self.region}" if self.region else self.title

    @property
    def date(self) -> str:
        return fmt_date(self.created, language=self.language)

    @property
    def created_iso(self) -> str:
        return self.created.replace(microsecond=0).isoformat()

    @property
    def description(self) -> str:
        text = word(
            "description",
            self.language,
            regulation=self.regulation,
            region=self.region,
            period=self.period,
        )
        if self.synthetic:
            text += f" {word('synthetic_mark', self.language)}."
        return text

    @property
    def keywords(self) -> str:
        words = [word("keyword", self.language), self.regulation, self.region, *self.extra_keywords]
        return ", ".join(w for w in words if w)

    @property
    def evaltools_version(self) -> str:
        return __version__


def _env(*, keep_trailing_newline: bool = False) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
        keep_trailing_newline=keep_trailing_newline,
    )


def report_css(language: str = "id") -> str:
    """The report's style sheet in ``language``.

    ``templates/report.css`` is a Jinja template: the page footer ("Halaman 3 dari 40",
    "Page 3 of 40") has words of :mod:`evaltools.prose.report`.
    """
    env = _env(keep_trailing_newline=True)
    return env.get_template("report.css").render(w=lambda key: word(key, language))


def _kv_table(rows: list[tuple[str, Any]], *, hash_values: bool = False) -> str:
    esc = html.escape
    cls = ' class="hash"' if hash_values else ""
    body = "".join(f"<tr><th>{esc(str(k))}</th><td{cls}>{esc(str(v))}</td></tr>" for k, v in rows)
    return f'<table class="kv"><tbody>{body}</tbody></table>'


def _fmt_value(value: Any, language: str = "id") -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return word("yes" if value else "no", language)
    if isinstance(value, float):
        return str(value).replace(".", word("decimal_mark", language))
    return str(value)


# The shared notebook parameters in report order (architecture.md, "Parameters shared by ...");
# their words are label kind ``report_parameter`` of evaltools.prose.report.
_PARAM_ORDER = tuple(LABELS["id"]["report_parameter"])


def _origin_code(stored: Any) -> str | None:
    """The code (default/config/arguments/demo/context) of a manifest's parameter origin.

    The manifest records the Indonesian word (label kind ``parameter_origin``); an English
    word or the code itself is accepted too. ``None`` for a text of no known origin.
    """
    text = str(stored)
    for lang in ("id", "en"):
        for code, origin in labels("parameter_origin", lang).items():
            if text in (origin, code):
                return code
    return None


def _origin_word(stored: Any, language: str) -> str:
    """A manifest's parameter origin in the report's language (an unknown text as it is)."""
    code = _origin_code(stored)
    return str(stored) if code is None else labels("parameter_origin", language)[code]


def _is_unset(value: Any) -> bool:
    """The notebooks' "take it from the data" values: 0, "" and an empty list."""
    return value is None or (not isinstance(value, bool) and value in (0, "")) or value == []


def _effective_parameters(
    manifest: dict[str, Any], context: dict[str, Any], *, language: str = "id"
) -> list[tuple[str, str, str, str]]:
    """(label, name, value actually used, where it came from) for every run parameter.

    A parameter left at its notebook default of 0/""/[] is resolved by the notebooks from the
    data's ``context`` table (or, for ``peers``, means every non-focal region), so the report
    shows that value rather than the placeholder.
    """
    params = manifest.get("parameters", {}) or {}
    origins = manifest.get("parameter_sources", {}) or {}
    names = labels("report_parameter", language)
    origin_words = labels("parameter_origin", language)
    rows = []
    for name in sorted(
        params,
        key=lambda k: (
            _PARAM_ORDER.index(k) if k in _PARAM_ORDER else len(_PARAM_ORDER),
            k,
        ),
    ):
        value, origin = params[name], _origin_word(origins.get(name, ""), language)
        if (
            name == "data_path"
            and _origin_code(origins.get(name, "")) == "config"
            and not manifest.get("config")
        ):
            origin = origin_words["demo"]
        if name == "data_path" and value:
            value = _file_name(value)
        if _is_unset(value):
            if name == "peers":
                value, origin = word("all_peers", language), origin_words["default"]
            elif context.get(name) not in (None, ""):
                value = context[name]
                origin = word("from_context", language, origin=origin_words["context"])
            else:
                value = word("not_set", language)
        if name == "confidence_level" and isinstance(value, float):
            # 0,995 must not print as "100%": keep one decimal when the percentage has one.
            pct = value * 100
            value = (
                fmt_number(pct, 0 if abs(pct - round(pct)) < 1e-9 else 1, language=language) + "%"
            )
        elif hasattr(value, "strftime"):
            value = fmt_date(value, language=language)
        rows.append((names.get(name, name), name, _fmt_value(value, language), origin))
    return rows


def _file_name(path: Any) -> str:
    """A path as its last part only: the report never prints a machine's folders (the input
    files are identified by their SHA-256 in the same appendix)."""
    if not path:
        return ""
    return Path(str(path)).name or str(path)


def public_manifest(manifest: dict[str, Any]) -> dict[str, Any]:
    """The manifest with every absolute path reduced to its last part (for the PDF's
    attachment: the PDF carries no path of the machine that made it)."""
    out = dict(manifest)
    for key in ("config", "data", "notebooks_dir"):
        if out.get(key):
            out[key] = _file_name(out[key])
    params = dict(out.get("parameters") or {})
    if params.get("data_path"):
        params["data_path"] = _file_name(params["data_path"])
    out["parameters"] = params
    return out


def _word_html(key: str, language: str, **markup: str) -> str:
    """The report word ``key``, HTML-escaped, with its fields filled by ``markup`` (HTML)."""
    marks = {name: f"\x00{i}\x00" for i, name in enumerate(markup)}
    text = html.escape(word(key, language, **marks))
    for name, mark in marks.items():
        text = text.replace(mark, markup[name])
    return text


def _fmt_timestamp(iso: str | None, language: str = "id") -> str:
    if not iso:
        return "–"
    ts = _dt.datetime.fromisoformat(iso)
    return word(
        "timestamp",
        language,
        date=fmt_date(ts, language=language),
        time=ts.strftime(word("time_format", language)),
    )


def _provenance_html(
    manifest: dict[str, Any], context: dict[str, Any] | None = None, *, language: str = "id"
) -> str:
    """Appendix: parameters (the values actually used, resolved against the data's
    ``context``), input and notebook hashes, package versions, commit, run time."""
    esc = html.escape

    def w(key: str, **values: Any) -> str:
        return word(key, language, **values)

    parts = [
        f"<p>{esc(w('prov_intro'))}</p>",
        f"<h2>{esc(w('prov_run'))}</h2>",
        _kv_table(
            [
                (w("run_name"), manifest.get("run_name", "–")),
                (w("started"), _fmt_timestamp(manifest.get("started_at"), language)),
                (w("finished"), _fmt_timestamp(manifest.get("finished_at"), language)),
                (w("git_commit"), manifest.get("git_commit") or w("not_available")),
                (w("config_file"), _file_name(manifest.get("config")) or w("no_config")),
                (w("input_data"), _file_name(manifest.get("data")) or w("no_data")),
            ]
        ),
        f"<h2>{esc(w('prov_parameters'))}</h2>",
    ]
    params = manifest.get("parameters", {})
    if params:
        rows = "".join(
            f'<tr><td>{esc(label)}<br><span class="param-name">{esc(name)}</span></td>'
            f"<td>{esc(value)}</td><td>{esc(origin)}</td></tr>"
            for label, name, value, origin in _effective_parameters(
                manifest, context or {}, language=language
            )
        )
        intro = _word_html("prov_params_intro", language, context="<em>context</em>")
        parts.append(
            f"<p>{intro}</p>"
            f'<table class="prov"><thead><tr><th>{esc(w("parameter"))}</th>'
            f"<th>{esc(w('value_used'))}</th>"
            f"<th>{esc(w('value_origin'))}</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append(f"<p>{esc(w('no_parameters'))}</p>")
    parts.append(f"<h2>{esc(w('input_files'))}</h2>")
    inputs = manifest.get("inputs", {})
    if inputs:
        rows = "".join(
            f"<tr><td>{esc(name)}</td>"
            f'<td class="num">{esc(fmt_int(info.get("bytes"), language=language))}</td>'
            f'<td class="hash">{esc(info.get("sha256", ""))}</td></tr>'
            for name, info in sorted(inputs.items())
        )
        parts.append(
            f'<table class="prov"><thead><tr><th>{esc(w("file"))}</th>'
            f'<th class="num">{esc(w("bytes"))}</th>'
            "<th>SHA-256</th></tr>"
            f"</thead><tbody>{rows}</tbody></table>"
        )
    else:
        parts.append(f"<p>{esc(w('no_input_files'))}</p>")
    parts.append(f"<h2>{esc(w('workbooks'))}</h2>")
    status = labels("notebook_status", language)
    rows = "".join(
        f"<tr><td>{esc(name)}</td>"
        f"<td>{esc(status.get(info.get('status', ''), info.get('status', '')))}</td>"
        f'<td class="num">{esc(fmt_number(info.get("seconds"), 1, language=language))}</td>'
        f'<td class="hash">{esc(info.get("sha256", ""))}</td></tr>'
        for name, info in manifest.get("notebooks", {}).items()
    )
    parts.append(
        f'<table class="prov"><thead><tr><th>{esc(w("workbook"))}</th>'
        f"<th>{esc(w('status'))}</th>"
        f'<th class="num">{esc(w("seconds"))}</th>'
        f"<th>SHA-256</th></tr></thead><tbody>{rows}</tbody></table>"
    )
    parts.append(f"<h2>{esc(w('software_versions'))}</h2>")
    parts.append(_kv_table(sorted(manifest.get("versions", {}).items())))
    return "\n".join(parts)


def _audit_html(
    data_audit: dict[str, Any] | None,
    notebook_audits: list[tuple[str, str]],
    *,
    language: str = "id",
) -> str:
    esc = html.escape

    def w(key: str) -> str:
        return esc(word(key, language))

    parts: list[str] = []
    if data_audit:
        if data_audit.get("synthetic"):
            parts.append(f"<p><strong>{w('synthetic_mark')}.</strong> {w('audit_synthetic')}</p>")
        # A notebook's data-audit cells (the audit chapter) describe the same data in
        # the report's language and in more detail; the plain-text load summary is then left
        # out.
        if data_audit.get("summary") and not notebook_audits:
            parts.append(f"<h2>{w('audit_summary')}</h2>")
            parts.append(f"<pre>{esc(data_audit['summary'])}</pre>")
        sources = data_audit.get("sources") or []
        if sources and not notebook_audits:
            quality = word("source_quality", language)
            rows = "".join(
                f"<tr><td>{esc(str(s.get('source_id', '')))}</td>"
                f"<td>{esc(str(s.get('title', '')))}</td>"
                f"<td>{esc(str(s.get('publisher', '')))}</td>"
                f"<td>{esc(str(quality.get(str(s.get('quality', '')), s.get('quality', ''))))}"
                "</td></tr>"
                for s in sources
            )
            parts.append(f"<h2>{w('audit_sources')}</h2>")
            parts.append(
                f"<table><thead><tr><th>{w('source_code')}</th><th>{w('source_title')}</th>"
                f"<th>{w('publisher')}</th><th>{w('source_quality_header')}</th></tr>"
                f"</thead><tbody>{rows}</tbody></table>"
            )
    for title, fragment in notebook_audits:
        # One audit chapter needs no sub-heading repeating the appendix title.
        if len(notebook_audits) > 1:
            parts.append(f"<h2>{esc(title)}</h2>")
        parts.append(fragment)
    if not parts:
        parts.append(f"<p>{w('audit_none')}</p>")
    return "\n".join(parts)


def _change_labels(language: str = "id") -> dict[str, dict[str, str]]:
    """Codes of findings.json → the report's words (one lookup for items and values)."""
    from evaltools.analysis.diagnosis import VERDICTS as CAUSE_VERDICTS

    causes = labels("strength", language)
    values = {
        **{k: causes[k].lower() for k in CAUSE_VERDICTS},
        **labels("progress_verdict", language),
        **{k: v.lower() for k, v in labels("answer", language).items()},
        "present": word("present", language),
    }
    # "environment" is a dimension and a factor: names are looked up by section
    return {
        "values": values,
        "dimensions": labels("dimension", language),
        "causes": labels("factor", language),
    }


def _changes_html(changes: dict[str, Any], *, language: str = "id") -> str:
    """Lampiran D: what moved since the previous report of the same evaluation."""
    from evaltools.prose import render_one
    from evaltools.results import Statement

    esc = html.escape
    prev = esc(str(changes.get("previous", "")))
    rows = changes.get("rows") or []
    intro = _word_html(
        "changes_intro",
        language,
        previous=f"<code>{prev}</code>",
        manifest="<code>manifest.json</code>",
        findings="<code>findings.json</code>",
    )
    intro = f"<p>{intro}</p>"
    if not rows:
        return intro + f"<p>{esc(word('changes_none', language))}</p>"
    words = _change_labels(language)
    sections = labels("report_change_section", language)
    fields = labels("report_change_field", language)

    def say(code: Any, table: str = "values") -> str:
        return words[table].get(code, str(code)) if isinstance(code, str) else str(code)

    def cell(value: Any) -> str:
        if value is None:
            return "–"
        if isinstance(value, bool):
            return esc(word("yes" if value else "no", language))
        if isinstance(value, float):
            return esc(fmt_number(value, 3, language=language))
        if isinstance(value, list):  # dimensions_flagged
            return esc(", ".join(say(v, "dimensions") for v in value) or "–")
        return esc(say(value))

    def item(row: dict[str, Any]) -> str:
        text = str(row["item"])
        if row["section"] in ("dimensions", "causes") and "." in text:
            name, field = text.rsplit(".", 1)
            return f"{say(name, row['section'])}: {fields.get(field, field)}"
        if row["section"] == "stagnant":
            return fields.get(text, text)
        return text

    body = "".join(
        f"<tr><td>{esc(sections.get(r['section'], r['section']))}</td>"
        f"<td>{esc(item(r))}</td><td>{cell(r['old'])}</td><td>{cell(r['new'])}</td></tr>"
        for r in rows
    )
    count = esc(render_one(Statement("report.changes_count", {"n": len(rows)}), language))
    head = "".join(
        f"<th>{esc(word(k, language))}</th>"
        for k in ("change_section", "change_item", "change_old", "change_new")
    )
    return (
        intro
        + f"<p>{count}</p><table><thead><tr>{head}</tr></thead><tbody>"
        + body
        + "</tbody></table>"
    )


def build_html(
    notebooks: list[Path],
    *,
    meta: ReportMeta,
    manifest: dict[str, Any],
    data_audit: dict[str, Any] | None = None,
    changes: dict[str, Any] | None = None,
    findings: dict[str, Any] | None = None,
    data: Any = None,
    peers: list[str] | None = None,
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
    findings : dict, optional
        ``findings.json`` of the run (:meth:`DiagnosisResult.findings`): the key messages.
    data : EvalData, optional
        The loaded data: facts, headline chart, glossary, bibliography, limitations and the
        named comparisons are computed from it (:mod:`evaltools.report.front`).
    peers : list of str, optional
        The run's comparison regions (default: every non-focal region of ``peer_panel``).
    language : {"id", "en"}, optional
        Language of the report's furniture (default ``meta.language``).

    Returns
    -------
    str
        The HTML document. Every value from data or parameters is HTML-escaped.
    """
    try:
        parts: list[NotebookParts] = [split_notebook(Path(p)) for p in notebooks]
    except Exception as exc:  # nbconvert raises many kinds; the user needs one message
        raise ReportError(f"could not convert the executed notebooks to HTML: {exc}") from exc
    from evaltools.report import front

    lang = meta.language if language is None else language
    if lang != meta.language:
        meta.language = lang
        meta.__post_init__()
    summary_first = sorted(parts, key=lambda p: 0 if p.role == "summary" else 1)
    summary_parts = [p.summary_html for p in summary_first if p.summary_html]
    chapters = [
        {
            "number": i,
            "title": p.title,
            "anchor": f"bab-{i}",
            "html": describe_figures(p.chapter_html, p.title, language=lang),
        }
        for i, p in enumerate(parts, 1)
    ]
    summary_parts = [
        describe_figures(h, word("summary", lang), language=lang) for h in summary_parts
    ]
    messages = front.key_messages(findings, data, language=lang)
    back = [
        {
            "title": word("limitations", lang),
            "anchor": "keterbatasan",
            "html": front.limitations_html(data, findings, manifest, language=lang),
        }
    ]
    comparisons = front.comparisons_html(data, findings, peers=peers, language=lang)
    if comparisons:
        back.append(
            {"title": word("comparisons", lang), "anchor": "pembanding", "html": comparisons}
        )
    back += [
        {
            "title": word("glossary", lang),
            "anchor": "daftar-istilah",
            "html": front.glossary_html(data, language=lang),
        },
        {
            "title": word("bibliography", lang),
            "anchor": "daftar-pustaka",
            "html": front.bibliography_html(data, language=lang),
        },
    ]
    methods = (
        "\n".join(
            f"<h2>{html.escape(p.title)}</h2>\n{p.methods_html}" for p in parts if p.methods_html
        )
        or f"<p>{html.escape(word('no_methods', lang))}</p>"
    )
    audits = [(p.title, p.audit_html) for p in parts if p.audit_html]
    appendices = [
        {
            "letter": "A",
            "title": word("appendix_methods", lang),
            "anchor": "lampiran-a",
            "html": methods,
        },
        {
            "letter": "B",
            "title": word("appendix_audit", lang),
            "anchor": "lampiran-b",
            "html": _audit_html(data_audit, audits, language=lang),
        },
        {
            "letter": "C",
            "title": word("appendix_provenance", lang),
            "anchor": "lampiran-c",
            "html": _provenance_html(manifest, (data_audit or {}).get("context"), language=lang),
        },
    ]
    if changes is not None:
        appendices.append(
            {
                "letter": "D",
                "title": word("appendix_changes", lang),
                "anchor": "lampiran-d",
                "html": _changes_html(changes, language=lang),
            }
        )

    def w(key: str, **kw: Any) -> Any:
        return word(key, lang, **kw)

    css = report_css(lang)
    template = _env().get_template("report.html.j2")
    return bound_text(
        template.render(
            meta=meta,
            css=css,
            synthetic_mark=word("synthetic_mark", lang),
            summary_parts=summary_parts,
            chapters=chapters,
            appendices=appendices,
            key_messages=front.key_messages_html(messages, language=lang),
            chart=front.headline_chart(data, findings, language=lang),
            facts=front.facts_html(data, findings, language=lang),
            back=back,
            w=w,
        ),
        language=lang,
    )


_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"""\salt\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_PARA = re.compile(r"<p\b[^>]*>(.*?)</p>", re.IGNORECASE | re.DOTALL)
_HEAD = re.compile(r"<h[2-4]\b[^>]*>(.*?)</h[2-4]>", re.IGNORECASE | re.DOTALL)
#: Characters of the finding an image's alt text quotes.
MAX_ALT_CHARS = 400


def _plain(markup: str) -> str:
    text = " ".join(html.unescape(_TAG.sub(" ", markup)).split())
    return re.sub(r"\s+([.,;:!?)])", r"\1", text)


def describe_figures(fragment: str, chapter: str, *, language: str = "id") -> str:
    """Give every ``<img>`` an alt text written from the figure's finding.

    The text names the chapter and the section (the nearest heading above the image) and quotes
    the finding: the first paragraph after the image (the notebooks put a figure's reading
    right below it). An image that already has a non-placeholder alt text keeps it.
    """
    from evaltools.prose import render_one
    from evaltools.results import Statement

    out, last = [], 0
    for m in _IMG.finditer(fragment):
        tag = m.group()
        alt = _ALT.search(tag)
        current = html.unescape(alt.group(1).strip("\"'")) if alt else ""
        if current and "No description" not in current:
            continue
        after = _PARA.search(fragment, m.end())
        heads = list(_HEAD.finditer(fragment, 0, m.start()))
        finding = _plain(after.group(1)) if after else ""
        section = _plain(heads[-1].group(1)) if heads else ""
        if len(finding) > MAX_ALT_CHARS:
            finding = finding[: MAX_ALT_CHARS - 1] + "…"
        text = render_one(
            Statement(
                "report.figure_alt",
                {"chapter": chapter or "–", "section": section, "finding": finding},
            ),
            language,
        )
        new = _ALT.sub("", tag)
        new = new[:4] + f' alt="{html.escape(text, quote=True)}"' + new[4:]
        out.append(fragment[last : m.start()])
        out.append(new)
        last = m.end()
    out.append(fragment[last:])
    return "".join(out)


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_LONG_RUN = re.compile(rf"[^\s<>&]{{{LONG_WORD},}}")
_RAW_TEXT = re.compile(r"<(style|script|title)\b", re.IGNORECASE)
_CELL_OPEN = re.compile(r"<t[dh][\s>]", re.IGNORECASE)
_CELL_CLOSE = re.compile(r"</t[dh]\s*>", re.IGNORECASE)
_PARTIAL_ENTITY = re.compile(r"&[#\w]*$")
#: What ends a cut table cell (Indonesian; ``word("cut_mark", language)`` in a report).
CUT_MARK = WORDS["id"]["cut_mark"]


def _break_run(match: re.Match) -> str:
    word = match.group()
    cut = len(word) > MAX_RUN
    word = word[:MAX_RUN]
    return "\u200b".join(
        word[i : i + LONG_WORD_STEP] for i in range(0, len(word), LONG_WORD_STEP)
    ) + ("…" if cut else "")


def bound_text(document: str, *, language: str = "id") -> str:
    """Bound what text from data can do to the layout: long runs and huge table cells.

    Only text between tags is touched (never attributes such as ``data:`` image URIs, nor
    ``<style>``, ``<script>`` or ``<title>``):

    * a run of :data:`LONG_WORD` or more characters without a space gets a break opportunity
      (U+200B) every :data:`LONG_WORD_STEP` characters and is cut at :data:`MAX_RUN`
      characters with "…" (a 30,000-character "word" would push a table off the page);
    * the text of one table cell is cut at :data:`MAX_CELL_TEXT` characters with
      :data:`CUT_MARK` (``word("cut_mark", language)``; WeasyPrint's table layout grows
      superlinearly with a cell's text).

    The data themselves are untouched; only the report shows less.
    """
    cut_mark = word("cut_mark", language)
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
                piece = _PARTIAL_ENTITY.sub("", piece[:cell_left]) + cut_mark
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


#: The PDF's archival and accessibility profile: PDF/A-3a (tagged: structure tree, headings,
#: tables, figures with alt text; document language from ``<html lang>``; files may be
#: attached, which PDF/A-3 allows).
PDF_VARIANT = "pdf/a-3a"


def write_pdf(
    document: str,
    path: str | os.PathLike[str],
    *,
    base_url: str | None = None,
    attachments: dict[str, bytes] | None = None,
) -> Path:
    """Render the HTML to an A4 PDF/A-3a with WeasyPrint, atomically (temp file, then rename).

    A crash or an interrupt mid-render leaves no ``report.pdf`` (and an existing one intact).
    Only ``data:`` URIs and the package's own files are loaded (:func:`safe_url_fetcher`).
    The PDF is tagged and identifies itself as PDF/A-3a (:data:`PDF_VARIANT`) in its XMP
    metadata; ``attachments`` (file name → bytes, e.g. ``findings.json``) are embedded.

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
    from weasyprint import Attachment

    target = Path(path)
    files = [
        Attachment(string=content, name=name, relationship="Data")
        if isinstance(content, str)
        else Attachment(file_obj=__import__("io").BytesIO(content), name=name, relationship="Data")
        for name, content in (attachments or {}).items()
    ]
    try:
        with atomic_path(target, suffix=".pdf.tmp") as tmp:
            HTML(
                string=document,
                base_url=base_url or str(target.parent),
                url_fetcher=safe_url_fetcher,
            ).write_pdf(str(tmp), pdf_variant=PDF_VARIANT, attachments=files or None)
    except Exception as exc:
        raise ReportError(f"could not write the PDF {target}: {exc}") from exc
    return target
