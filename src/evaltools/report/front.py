"""The report's front and back matter drawn from the data and the findings: key messages, the
headline chart, the summary facts, the glossary, the bibliography, the limitations and the
named comparisons.

Every number is computed here from the loaded data (:class:`evaltools.data.EvalData`) and
``findings.json`` (:meth:`DiagnosisResult.findings`); every word comes from
:mod:`evaltools.prose.report`. Nothing of a particular case is written here.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any

import numpy as np
import pandas as pd

from evaltools.prose import label, render_one
from evaltools.prose.report import GLOSSARY, METHODS_LITERATURE, word
from evaltools.results import Statement

#: Key messages on the Pesan Kunci page: at most this many.
MAX_KEY_MESSAGES = 5
#: Causes with these verdicts are named in the key messages (strongest first).
SUPPORTED = ("strong", "moderate", "weak")


def _window(findings: dict[str, Any] | None, context: dict[str, Any]) -> tuple[int, int] | None:
    win = (findings or {}).get("stagnation_window")
    if win and len(win) == 2 and win[0] is not None:
        return int(win[0]), int(win[1])
    start, end = context.get("stagnation_start"), context.get("stagnation_end")
    if start not in (None, "") and end not in (None, ""):
        return int(start), int(end)
    return None


def _table(data: Any, name: str) -> pd.DataFrame | None:
    df = getattr(data, name, None) if data is not None else None
    return df if isinstance(df, pd.DataFrame) and not df.empty else None


def budget_fact(data: Any, window: tuple[int, int] | None) -> dict[str, Any] | None:
    """Planned and revised budget summed over the stagnation window, and the cut between them.

    Returns ``{"planned", "revised", "cut", "start", "end"}`` (rupiah; ``cut`` a share) or None
    when the data have no budget, no window, or no planned and revised stage in the window.
    """
    from evaltools.analysis import budget as budget_mod

    table = _table(data, "budget")
    if table is None or window is None:
        return None
    try:
        by_year = budget_mod.stages_by(table, ["year"])
    except Exception:  # noqa: BLE001 — a fact the data cannot give is left out, not fatal
        return None
    inw = by_year[by_year["year"].between(*window)].dropna(subset=["planned", "revised"])
    planned, revised = float(inw["planned"].sum()), float(inw["revised"].sum())
    if inw.empty or planned <= 0:
        return None
    return {
        "planned": planned,
        "revised": revised,
        "cut": 1 - revised / planned,
        "start": window[0],
        "end": window[1],
    }


def mandates_fact(data: Any, *, language: str = "id") -> dict[str, Any] | None:
    """How many implementing instruments due by the evaluation's end are late or missing.

    Returns ``{"due", "late", "missing", "late_or_missing", "as_of"}`` or None without mandates.
    """
    from evaltools.analysis import mandates as mandates_mod
    from evaltools.formatting import fmt_date

    table = _table(data, "mandates")
    if table is None:
        return None
    try:
        as_of = mandates_mod._resolve_as_of(data, None)
        ft = mandates_mod.follow_through(table, as_of=as_of)
    except Exception:  # noqa: BLE001
        return None
    due = ft[ft["status"].isin(["on_time", "late", "missing"])]
    if due.empty:
        return None
    late = int((due["status"] == "late").sum())
    missing = int((due["status"] == "missing").sum())
    return {
        "due": len(due),
        "late": late,
        "missing": missing,
        "late_or_missing": late + missing,
        "as_of": fmt_date(as_of, language=language),
    }


def key_messages(
    findings: dict[str, Any] | None,
    data: Any = None,
    *,
    language: str = "id",
) -> list[dict[str, Any]]:
    """3–5 one-line key messages from the findings, each with its strength and evidence.

    Returns
    -------
    list of dict
        ``text`` (the sentence), ``strength`` (a strength code or None), ``evidence`` (list of
        evidence-source codes of findings.json: survey, interviews, budget …), ``codes``
        (the findings.json fields it states).
    """
    if not findings:
        return []
    context = dict(getattr(data, "context", None) or {})
    window = _window(findings, context)
    out: list[dict[str, Any]] = []
    stagnant = findings.get("stagnant") or {}
    dims = findings.get("dimensions") or []
    if stagnant and window:
        judged = [d for d in dims if d.get("verdict") != "undetermined"]
        flagged = stagnant.get("dimensions_flagged") or []
        out.append(
            {
                "text": render_one(
                    Statement(
                        "report.key_stagnant",
                        {
                            "answer": stagnant.get("answer", "undetermined"),
                            "start": window[0],
                            "end": window[1],
                            "n_flagged": len(flagged),
                            "n_judged": len(judged),
                        },
                    ),
                    language,
                ),
                "strength": stagnant.get("strength"),
                "evidence": ["progress"],
                "codes": ["stagnant.answer", "stagnant.strength"],
            }
        )
    causes = sorted(findings.get("causes") or [], key=lambda c: c.get("rank", 99))
    supported = [c for c in causes if c.get("verdict") in SUPPORTED]
    if causes and not supported:
        out.append(
            {
                "text": render_one(Statement("report.key_no_cause", {"n": len(causes)}), language),
                "strength": "none",
                "evidence": sorted({s for c in causes for s in c.get("sources") or []}),
                "codes": ["causes"],
            }
        )
    for cause in supported[:2]:
        out.append(
            {
                "text": render_one(
                    Statement(
                        "report.key_cause", {"rank": cause["rank"], "factor": cause["factor"]}
                    ),
                    language,
                ),
                "strength": cause["verdict"],
                "evidence": list(cause.get("sources") or []),
                "codes": [f"causes.{cause['factor']}"],
            }
        )
    budget = budget_fact(data, window)
    if budget is not None and budget["cut"] > 0:
        res = next((c for c in causes if c.get("factor") == "resources"), None)
        out.append(
            {
                "text": render_one(Statement("report.key_budget", budget), language),
                "strength": res.get("verdict") if res else None,
                "evidence": ["budget"],
                "codes": ["causes.resources"] if res else [],
            }
        )
    mandates = mandates_fact(data, language=language)
    if mandates is not None:
        struct = next((c for c in causes if c.get("factor") == "structure"), None)
        code = "report.key_mandates" if mandates["late_or_missing"] else "report.key_mandates_ok"
        out.append(
            {
                "text": render_one(Statement(code, mandates), language),
                "strength": struct.get("verdict") if struct else None,
                "evidence": ["mandates"],
                "codes": ["causes.structure"] if struct else [],
            }
        )
    recs = findings.get("recommendations") or []
    if recs and len(out) < MAX_KEY_MESSAGES:
        first = min(recs, key=lambda r: (r.get("rank", 99), r.get("priority", 99)))
        cause = next((c for c in causes if c.get("factor") == first.get("factor")), {})
        out.append(
            {
                "text": render_one(
                    Statement("report.key_recommendation", {"text": first["recommendation"]}),
                    language,
                ),
                "strength": cause.get("verdict"),
                "evidence": list(cause.get("sources") or []),
                "codes": [f"recommendations.{first.get('factor')}"],
            }
        )
    return out[:MAX_KEY_MESSAGES]


def key_messages_html(messages: list[dict[str, Any]], *, language: str = "id") -> str:
    """The key messages as an ordered list; each line ends with its strength and evidence."""
    esc = html.escape
    if not messages:
        return f'<p class="missing">{esc(word("key_none", language))}</p>'
    items = []
    for m in messages:
        tags = []
        if m.get("strength"):
            tags.append(
                f"{word('strength', language)}: {label('strength_word', m['strength'], language)}"
            )
        if m.get("evidence"):
            names = ", ".join(label("source", s, language) for s in m["evidence"])
            tags.append(f"{word('evidence', language)}: {names}")
        tag = f' <span class="key-tag">[{esc("; ".join(tags))}]</span>' if tags else ""
        level = esc(str(m.get("strength") or "none"))
        items.append(f'<li class="key-message strength-{level}">{esc(m["text"])}{tag}</li>')
    return (
        f'<p class="key-intro">{esc(word("key_intro", language))}</p><ol class="key-messages">'
        + ("".join(items) + "</ol>")
    )


def headline_chart(
    data: Any, findings: dict[str, Any] | None, *, language: str = "id"
) -> dict[str, str] | None:
    """Mean achievement of programme targets by dimension before, during and after the window.

    Returns
    -------
    dict or None
        ``src`` (a PNG ``data:`` URI), ``alt`` (text written from the numbers shown) and
        ``caption``; None when the data have no targets or no window.
    """
    from evaltools.analysis.progress import achievement
    from evaltools.formatting import fmt_pct

    context = dict(getattr(data, "context", None) or {})
    window = _window(findings, context)
    targets, programs = _table(data, "program_targets"), _table(data, "programs")
    if window is None or targets is None or programs is None:
        return None
    try:
        ach = achievement(targets)
    except Exception:  # noqa: BLE001
        return None
    ach = ach.merge(programs[["program_id", "dimension"]], on="program_id", how="inner")
    ach = ach.dropna(subset=["achievement"])
    if ach.empty:
        return None
    start, end = window
    ach["period"] = np.where(
        ach["year"] < start, "before", np.where(ach["year"] > end, "after", "during")
    )
    means = ach.groupby(["dimension", "period"])["achievement"].mean().unstack()
    periods = [p for p in ("before", "during", "after") if p in means.columns]
    if not periods:
        return None
    from evaltools.vocabulary import DIMENSIONS

    order = [d for d in DIMENSIONS if d in means.index] + [
        d for d in means.index if d not in DIMENSIONS
    ]
    means = means.reindex(order)
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.3, 2.6), dpi=150)
    width = 0.8 / len(periods)
    colors = {"before": "#7f9fbf", "during": "#c0392b", "after": "#12355b"}
    x = np.arange(len(means))
    for i, period in enumerate(periods):
        ax.bar(
            x + (i - (len(periods) - 1) / 2) * width,
            means[period].to_numpy() * 100,
            width,
            label=word(period, language),
            color=colors[period],
        )
    ax.set_xticks(x)
    ax.set_xticklabels([label("dimension", d, language) for d in means.index], fontsize=7)
    ax.set_ylabel(word("chart_ylabel", language), fontsize=7)
    ax.tick_params(axis="y", labelsize=7)
    ax.axhline(100, color="#555555", lw=0.6, ls="--")
    ax.legend(
        fontsize=7,
        frameon=False,
        ncols=len(periods),
        loc="upper center",
        bbox_to_anchor=(0.5, 1.18),
    )
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    detail = "; ".join(
        render_one(
            Statement(
                "report.chart_alt_dim",
                {
                    "dimension": label("dimension", d, language),
                    **{
                        p: fmt_pct(means.loc[d].get(p), 0, proportion=True, language=language)
                        for p in ("before", "during", "after")
                    },
                },
            ),
            language,
        )
        for d in means.index
    )
    alt = render_one(
        Statement("report.chart_alt", {"start": start, "end": end, "detail": detail + "."}),
        language,
    )
    return {
        "src": "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii"),
        "alt": alt,
        "caption": word("chart_caption", language, start=start, end=end),
    }


def facts_html(data: Any, findings: dict[str, Any] | None, *, language: str = "id") -> str:
    """The concrete facts a reader can repeat (budget cut, late instruments), as a list."""
    context = dict(getattr(data, "context", None) or {})
    window = _window(findings, context)
    items = []
    budget = budget_fact(data, window)
    if budget is not None:
        items.append(render_one(Statement("report.fact_budget", budget), language))
    mandates = mandates_fact(data, language=language)
    if mandates is not None:
        items.append(render_one(Statement("report.fact_mandates", mandates), language))
    if not items:
        return ""
    esc = html.escape
    return (
        f'<div class="facts"><h2>{esc(word("facts", language))}</h2><ul>'
        + "".join(f"<li>{esc(t)}</li>" for t in items)
        + "</ul></div>"
    )


def _agencies(data: Any) -> dict[str, str]:
    """Agency abbreviation → full name ('' when the data do not give one)."""
    names: dict[str, str] = {}
    for table, col in (
        ("programs", "lead_agency"),
        ("budget", "agency"),
        ("survey_responses", "agency"),
    ):
        df = _table(data, table)
        if df is not None and col in df.columns:
            for value in df[col].dropna().astype(str):
                if value.strip():
                    names.setdefault(value.strip(), "")
    programs = _table(data, "programs")
    if programs is not None and "lead_agency_name" in programs.columns:
        for abbr, full in (
            programs[["lead_agency", "lead_agency_name"]].dropna().itertuples(index=False)
        ):
            names[str(abbr).strip()] = str(full).strip()
    agencies = _table(data, "agencies")
    if agencies is not None and {"agency", "name"} <= set(agencies.columns):
        for abbr, full in agencies[["agency", "name"]].dropna().itertuples(index=False):
            names[str(abbr).strip()] = str(full).strip()
    return dict(sorted(names.items(), key=lambda kv: kv[0].lower()))


def glossary_html(data: Any, *, language: str = "id") -> str:
    """Daftar Istilah: the methods' terms, then the agencies of the data with full names."""
    esc = html.escape
    rows = "".join(
        f'<tr><th scope="row">{esc(t)}</th><td>{esc(m)}</td></tr>' for t, m in GLOSSARY[language]
    )
    parts = [
        f"<h2>{esc(word('terms', language))}</h2>",
        f'<table class="glossary"><thead><tr><th scope="col">{esc(word("term", language))}</th>'
        f'<th scope="col">{esc(word("meaning", language))}</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>",
    ]
    agencies = _agencies(data)
    if agencies:
        missing = word("no_full_name", language)
        rows = "".join(
            f'<tr><th scope="row">{esc(a)}</th><td>{esc(n) if n else f"<em>{esc(missing)}</em>"}'
            "</td></tr>"
            for a, n in agencies.items()
        )
        parts += [
            f"<h2>{esc(word('abbreviations', language))}</h2>",
            f'<table class="glossary"><thead><tr><th scope="col">'
            f'{esc(word("abbreviation", language))}</th><th scope="col">'
            f"{esc(word('full_name', language))}</th></tr></thead><tbody>{rows}</tbody></table>",
        ]
    return "\n".join(parts)


def bibliography_html(data: Any, *, language: str = "id") -> str:
    """Daftar Pustaka: methods literature, then every row of the ``sources`` table."""
    esc = html.escape
    parts = [
        f"<h2>{esc(word('methods_literature', language))}</h2>",
        '<ol class="references">'
        + "".join(f"<li>{esc(ref)}</li>" for ref in METHODS_LITERATURE)
        + "</ol>",
    ]
    sources = _table(data, "sources")
    if sources is not None:
        quality_words = word("source_quality", language)
        items = []
        for row in sources.astype(object).where(sources.notna(), "").to_dict("records"):
            bits = [str(row.get("publisher") or "").strip()]
            date = row.get("date")
            if date not in ("", None):
                bits.append(f"({str(date)[:10]})")
            text = " ".join(b for b in bits if b)
            text = f"{text}. {row.get('title', '')}".strip(". ") + "."
            url = str(row.get("url") or "").strip()
            quality = str(row.get("quality") or "").strip()
            q = quality_words.get(quality, quality)
            items.append(
                f'<li><span class="source-id">[{esc(str(row.get("source_id", "")))}]</span> '
                f"{esc(text)}"
                + (f" {esc(url)}" if url else "")
                + (
                    f' <span class="quality">— {esc(word("quality", language))}: {esc(q)}</span>'
                    if q
                    else ""
                )
                + "</li>"
            )
        parts += [
            f"<h2>{esc(word('data_sources', language))}</h2>",
            '<ul class="references">' + "".join(items) + "</ul>",
        ]
    return "\n".join(parts)


def limitations_html(
    data: Any,
    findings: dict[str, Any] | None,
    manifest: dict[str, Any] | None = None,
    *,
    language: str = "id",
) -> str:
    """Keterbatasan: data, design and inference limits, written from the data and findings."""
    from evaltools.data.schema import DATA_TABLE_NAMES

    esc = html.escape
    context = dict(getattr(data, "context", None) or {})
    window = _window(findings, context)
    missing = [t for t in DATA_TABLE_NAMES if data is not None and getattr(data, t, None) is None]
    survey = _table(data, "survey_responses")
    interviews = _table(data, "interview_codes")
    sources = _table(data, "sources")
    weak_sources = []
    if sources is not None and "quality" in sources.columns:
        quality_words = word("source_quality", language)
        for sid, q in sources[["source_id", "quality"]].astype(str).itertuples(index=False):
            if q not in ("official", "primary"):
                weak_sources.append(f"{sid} ({quality_words.get(q, q)})")
    data_values = {
        "synthetic": bool(getattr(data, "is_synthetic", False)),
        "missing_tables": missing,
        "survey_n": len(survey) if survey is not None else 0,
        "survey_agencies": survey["agency"].nunique() if survey is not None else 0,
        "interviews_n": len(interviews) if interviews is not None else 0,
        "interviews_k": interviews["interview_id"].nunique() if interviews is not None else 0,
        "coders": interviews["coder"].nunique()
        if interviews is not None and "coder" in interviews.columns
        else 0,
        "weak_sources": weak_sources,
    }
    panel = _table(data, "peer_panel")
    n_peers = 0
    if panel is not None:
        n_peers = int(panel.loc[~panel["focal"].astype(bool), "region"].nunique())
    start, end = window if window else ("–", "–")
    causes = (findings or {}).get("causes") or []
    dims = (findings or {}).get("dimensions") or []
    weak = [label("factor", c["factor"], language) for c in causes if c.get("verdict") == "weak"]
    undetermined = [
        label("dimension", d["dimension"], language)
        for d in dims
        if d.get("verdict") == "undetermined"
    ]
    level = (findings or {}).get("confidence_level") or 0.95
    blocks = [
        ("lim_data", Statement("report.lim_data", data_values)),
        (
            "lim_design",
            Statement("report.lim_design", {"start": start, "end": end, "n_peers": n_peers}),
        ),
        (
            "lim_inference",
            Statement(
                "report.lim_inference",
                {"weak": weak, "undetermined": undetermined, "level": float(level)},
            ),
        ),
    ]
    return "\n".join(
        f"<h2>{esc(word(key, language))}</h2><p>{esc(render_one(s, language))}</p>"
        for key, s in blocks
    )


def comparisons_html(
    data: Any,
    findings: dict[str, Any] | None,
    *,
    peers: list[str] | None = None,
    language: str = "id",
) -> str:
    """The comparison regions named, each measure explained once, with synthetic-control
    weights (fitted on the pre-window years of each measure of ``peer_panel``)."""
    from evaltools.analysis import synth
    from evaltools.analysis.quasi import measure_label
    from evaltools.formatting import fmt_number

    esc = html.escape
    panel = _table(data, "peer_panel")
    context = dict(getattr(data, "context", None) or {})
    window = _window(findings, context)
    if panel is None or window is None:
        return ""
    focal = panel.loc[panel["focal"].astype(bool), "region"]
    if focal.empty:
        return ""
    focal_name = str(focal.iloc[0])
    sources = _table(data, "sources")
    publisher = {}
    if sources is not None:
        publisher = dict(
            zip(sources["source_id"].astype(str), sources["publisher"].astype(str), strict=False)
        )
    parts = [f"<p>{esc(word('comparisons_intro', language, region=focal_name))}</p>"]
    for measure in sorted(panel["measure"].dropna().astype(str).unique()):
        sub = panel[panel["measure"] == measure]
        if peers:
            sub = sub[sub["region"].isin([focal_name, *peers]) | sub["focal"].astype(bool)]
        name = measure_label(measure, data)
        scale_max = sub["scale_max"].dropna() if "scale_max" in sub.columns else pd.Series()
        scale = (
            word("scale_range", language, max=fmt_number(scale_max.iloc[0], 0, language=language))
            if len(scale_max)
            else word("scale_unknown", language)
        )
        pubs = sorted({publisher.get(str(s), str(s)) for s in sub["source_id"].dropna()})
        weights: dict[str, float] = {}
        try:
            res = synth.fit(
                sub,
                outcome="value",
                unit="region",
                time="year",
                treated_unit=focal_name,
                treatment_time=window[0],
            )
            weights = {str(k): float(v) for k, v in res.weights.items()}
        except Exception:  # noqa: BLE001 — a measure the design cannot fit shows no weights
            weights = {}
        donors = sorted({str(r) for r in sub["region"]} - {focal_name})
        rows = "".join(
            f'<tr><td>{esc(d)}</td><td class="num">'
            f"{esc(fmt_number(weights[d], 2, language=language) if d in weights else '–')}"
            "</td></tr>"
            for d in sorted(donors, key=lambda d: -weights.get(d, 0.0))
        )
        parts.append(
            f"<h3>{esc(name)}</h3>"
            f"<p>{esc(word('measure', language))}: {esc(name)} (<code>{esc(measure)}</code>) · "
            f"{esc(word('scale', language))}: "
            f"{esc(scale)} · {esc(word('publisher', language))}: {esc(', '.join(pubs))}</p>"
            f'<table class="peers"><thead><tr><th scope="col">{esc(word("peer", language))}</th>'
            f'<th scope="col" class="num">{esc(word("weight", language))}</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>"
        )
    return "\n".join(parts)


__all__ = [
    "bibliography_html",
    "budget_fact",
    "comparisons_html",
    "facts_html",
    "glossary_html",
    "headline_chart",
    "key_messages",
    "key_messages_html",
    "limitations_html",
    "mandates_fact",
]
