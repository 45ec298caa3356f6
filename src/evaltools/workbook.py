"""What the chapter notebooks share: resolving parameters, loading the data once per notebook,
and showing results the same way in JupyterLab and in the PDF.

Notebooks stay thin (no ``def`` in a notebook): everything that would otherwise be repeated from
one notebook to the next lives here.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from evaltools import prose
from evaltools.analysis._checks import check_confidence_level
from evaltools.errors import ParameterError
from evaltools.formatting import fmt_date, fmt_number, fmt_p, fmt_pct, fmt_rupiah
from evaltools.results import Statement, finding

REPO_ROOT = Path(__file__).resolve().parents[2]

_CONTEXT_KEYS = (
    "region",
    "regulation",
    "enactment_date",
    "evaluation_start",
    "evaluation_end",
    "stagnation_start",
    "stagnation_end",
)


def resolve_path(path: str | Path, *, what: str = "data_path") -> Path:
    """Find ``path`` whether the notebook runs from the repo root, from ``notebooks/``, from
    papermill or from nbval: absolute paths as given; relative ones against the working
    directory, its parents, then the repository root.
    """
    if path is None or str(path).strip() == "":
        raise ParameterError(f"{what} is empty: give the path of an .xlsx workbook or a CSV folder")
    p = Path(str(path)).expanduser()
    if p.is_absolute():
        if p.exists():
            return p
        raise ParameterError(f"{what}: {p} does not exist")
    cwd = Path.cwd()
    for base in (cwd, *cwd.parents, REPO_ROOT):
        candidate = base / p
        if candidate.exists():
            return candidate.resolve()
    raise ParameterError(
        f"{what}: '{path}' was not found from {cwd} or the repository root; "
        "give an absolute path or one relative to the repository root"
    )


@dataclass
class Workbook:
    """The loaded data and the resolved parameters of one notebook run.

    Attributes
    ----------
    data : EvalData
        The validated input tables.
    params : dict
        Parameters after defaults were filled from the data's ``context`` table.
    """

    data: Any
    params: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    @property
    def period_text(self) -> str:
        """Evaluation period in words, e.g. ``2018–2023``."""
        return f"{self.params['evaluation_start']}–{self.params['evaluation_end']}"


def _as_year(value: Any, name: str) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise ParameterError(f"{name} must be a year such as 2020 (got {value!r})") from None
    if not 1900 <= year <= 2100:
        raise ParameterError(f"{name} must be a year between 1900 and 2100 (got {year})")
    return year


def _is_empty(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return value is None
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, int | float):
        return value == 0
    if isinstance(value, list | tuple):
        return len(value) == 0
    return False


def peer_names(value: Any) -> list[str] | None:
    """Peer names from a list or a comma-separated text ("Kota A, Kota B"); None when empty.

    The one reading of the ``peers`` parameter, for the notebooks and for the runner's check
    against the data before any kernel starts.
    """
    if value is None:
        return None
    if isinstance(value, str):
        items = [part.strip() for part in value.split(",")]
    elif isinstance(value, list | tuple):
        items = [str(part).strip() for part in value]
    else:
        raise ParameterError(
            f"peers must be a list of region names such as ['Kota Depok'] (got {value!r})"
        )
    items = [i for i in items if i]
    return items or None


def open_workbook(data_path: str | Path, language: str = "id", **params: Any) -> Workbook:
    """Load the data, set the language and resolve the notebook parameters.

    Parameters left empty (``None``, ``""``, ``0`` or ``[]``) take their value from the data's
    ``context`` table. When both ``evaluation_start`` and ``evaluation_end`` are given they are
    the evaluation window the data are validated against (``load_data(evaluation_window=…)``).
    ``peers`` may be a list or a comma-separated text (``"Kota Depok, Kota Bogor"``, as the
    papermill CLI passes it); empty means every peer region in ``peer_panel``. Years are checked
    (start ≤ end) and ``confidence_level`` must lie in (0, 1).

    Parameters
    ----------
    data_path : str or Path
        An ``.xlsx`` workbook or a folder of CSVs (see ``data/README.md``).
    language : {"id", "en"}
        The language every sentence, label and number of the notebook is written in; set for
        the whole kernel (:func:`evaltools.prose.set_language`). Default Indonesian.
    **params
        The notebook's parameters (``region``, ``regulation``, ``evaluation_start`` …).

    Returns
    -------
    Workbook
    """
    from evaltools import cache
    from evaltools.plotting import apply_style

    prose.set_language(prose.check_language(language))
    apply_style()
    path = resolve_path(data_path)
    resolved: dict[str, Any] = {"data_path": str(path), "language": language}
    for key, value in params.items():
        resolved[key] = None if _is_empty(value) else value
    window = None
    if resolved.get("evaluation_start") is not None and resolved.get("evaluation_end") is not None:
        window = (
            _as_year(resolved["evaluation_start"], "evaluation_start"),
            _as_year(resolved["evaluation_end"], "evaluation_end"),
        )
        if window[0] > window[1]:
            raise ParameterError(
                f"evaluation_start ({window[0]}) is after evaluation_end ({window[1]}): swap them"
            )
    # Inside a run the data are read once and analyses of them cached (evaltools.cache).
    data = cache.load_data(path, evaluation_window=window)
    context = dict(getattr(data, "context", {}) or {})
    for key in _CONTEXT_KEYS:
        if resolved.get(key) is None and key in context:
            resolved[key] = context[key]
    if resolved.get("evaluation_start") is None and getattr(data, "evaluation_window", None):
        resolved["evaluation_start"], resolved["evaluation_end"] = data.evaluation_window
    resolved["peers"] = peer_names(resolved.get("peers"))
    level = resolved.get("confidence_level")
    if level is None:
        resolved["confidence_level"] = 0.95
    else:
        resolved["confidence_level"] = check_confidence_level(level)
    for key in ("evaluation_start", "evaluation_end", "stagnation_start", "stagnation_end"):
        if resolved.get(key) is not None:
            resolved[key] = _as_year(resolved[key], key)
    start, end = resolved.get("evaluation_start"), resolved.get("evaluation_end")
    if start is not None and end is not None and start > end:
        raise ParameterError(
            f"evaluation_start ({start}) is after evaluation_end ({end}): swap them"
        )
    start, end = resolved.get("stagnation_start"), resolved.get("stagnation_end")
    if start is not None and end is not None and start > end:
        raise ParameterError(
            f"stagnation_start ({start}) is after stagnation_end ({end}): swap them"
        )
    if resolved.get("enactment_date") is not None:
        try:
            resolved["enactment_date"] = pd.Timestamp(resolved["enactment_date"])
        except (TypeError, ValueError):
            raise ParameterError(
                "enactment_date must be a date such as 2020-03-02 "
                f"(got {resolved['enactment_date']!r})"
            ) from None
    return Workbook(data=data, params=resolved)


# ---------------------------------------------------------------------------------------------
# Display: the same rendering in JupyterLab and in the PDF (nbconvert keeps the HTML output).


def _missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA or x is pd.NaT


def _label(labels: Mapping[Any, str]):
    # A missing value shows labels[None] when given (e.g. the "all dimensions" total row).
    return lambda x, d: labels.get(None, "") if _missing(x) else labels.get(str(x), str(x))


def _vocabulary(kind: str):
    # Words of a vocabulary kind in the language current when the table is drawn.
    return lambda x, d: "" if _missing(x) else prose.label(kind, str(x))


def _text(x: Any, d: int) -> str:
    if isinstance(x, Statement):
        return prose.render_one(x)
    return "" if _missing(x) else str(x)


def _pp(x: Any, d: int) -> str:
    # percentage points from a proportion difference: 0.077 -> "+7,7"
    return fmt_number(x if _missing(x) else x * 100, d, signed=True)


# percentages and money read best with one decimal unless a format says otherwise
_KIND_DECIMALS = {"pct": 1, "share": 1, "signed_share": 1, "pp": 1, "rupiah": 1}

_FORMATTERS = {
    "number": lambda x, d: fmt_number(x, d),
    "signed": lambda x, d: fmt_number(x, d, signed=True),
    "pp": _pp,
    "year": lambda x, d: "" if x is None or pd.isna(x) else str(int(x)),
    "dimension": _vocabulary("dimension"),
    "factor": _vocabulary("factor"),
    "strength": _vocabulary("strength"),
    "source": _vocabulary("source"),
    "direction": _vocabulary("direction"),
    "int": lambda x, d: fmt_number(x, 0),
    "pct": lambda x, d: fmt_pct(x, d),
    "share": lambda x, d: fmt_pct(x, d, proportion=True),
    "signed_share": lambda x, d: fmt_pct(x, d, proportion=True, signed=True),
    # p-values: "< 0,001" rather than a misleading "0,000"
    "p": lambda x, d: "" if _missing(x) else fmt_p(x).removeprefix("p ").removeprefix("= "),
    "rupiah": lambda x, d: fmt_rupiah(x, d),
    "date": lambda x, d: fmt_date(x),
    "date_short": lambda x, d: fmt_date(x, short=True),
    "text": _text,
}


def format_table(
    df: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    formats: Mapping[str, str | tuple[str, int] | Mapping[str, str]] | None = None,
    decimals: int = 2,
) -> pd.DataFrame:
    """Return a copy of ``df`` with values as formatted strings (numbers, dates and words in the
    current language, :func:`evaltools.prose.get_language`) and the given headers.

    Parameters
    ----------
    df : DataFrame
        The result table (full precision).
    columns : mapping, optional
        Column name → header; when given, only these columns are kept, in this order.
    formats : mapping, optional
        Column name → one of ``number, signed, int, pct, share, signed_share, p, pp, rupiah,
        date, date_short, year, text,
        dimension, factor, strength, source, direction`` or ``(kind, decimals)``. ``share``
        formats a proportion as a percentage (0,25 → 25,0%); ``pp`` a proportion difference as
        signed percentage points (0,077 → +7,7); ``dimension``/``factor``/``strength``/
        ``source``/``direction`` translate codes into the words of the current language
        (:func:`evaltools.prose.label`); a mapping (value → text) translates codes such as
        ``{"level": "tingkat"}`` (key ``None``: the text for missing values). Cells holding a
        :class:`~evaltools.results.Statement` (evidence ``finding``/``detail``, a cause's
        ``summary``) are rendered as sentences.
        A bare kind uses ``decimals`` (``pct, share, pp, rupiah``: 1). Numeric columns without a
        format use ``number`` with ``decimals``.
    """
    out = df.copy()
    if columns is not None:
        missing = [c for c in columns if c not in out.columns]
        if missing:
            raise ParameterError(f"format_table: columns {missing} are not in the table")
        out = out[list(columns)]
    formats = dict(formats or {})
    for col in out.columns:
        spec = formats.get(col)
        if spec is None:
            if pd.api.types.is_bool_dtype(out[col]):
                words = prose.labels("boolean")
                out[col] = out[col].map({True: words["true"], False: words["false"]})
                continue
            if pd.api.types.is_numeric_dtype(out[col]):
                spec = ("number", decimals)
            elif pd.api.types.is_datetime64_any_dtype(out[col]):
                spec = ("date", 0)
            else:
                spec = ("text", 0)
        if isinstance(spec, Mapping):
            out[col] = [_label(spec)(v, 0) for v in out[col]]
            continue
        kind, dec = (spec, _KIND_DECIMALS.get(spec, decimals)) if isinstance(spec, str) else spec
        if kind not in _FORMATTERS:
            raise ParameterError(f"format_table: unknown format {kind!r} for column {col!r}")
        out[col] = [_FORMATTERS[kind](v, dec) for v in out[col]]
    if columns is not None:
        out = out.rename(columns=dict(columns))
    return out


_WORD_KINDS = ("text", "date", "dimension", "factor", "strength", "source", "direction")


def _numeric_columns(df: pd.DataFrame, kwargs: Mapping[str, Any]) -> list[bool]:
    """Which shown columns hold numbers (right-aligned, never wrapped in the report)."""
    columns = kwargs.get("columns")
    formats = kwargs.get("formats") or {}
    names = list(columns) if columns is not None else list(df.columns)
    flags = []
    for name in names:
        spec = formats.get(name)
        kind = spec if isinstance(spec, str) else (spec[0] if isinstance(spec, tuple) else None)
        if isinstance(spec, Mapping) or kind in _WORD_KINDS:
            flags.append(False)
        elif kind is not None:
            flags.append(True)
        else:
            col = df[name]
            flags.append(
                bool(pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col))
            )
    return flags


def table_html(df: pd.DataFrame, *, caption: str | None = None, **kwargs: Any) -> str:
    """HTML of a formatted table; every cell's text is escaped (data may hold ``<`` or ``&``).
    Numeric columns get ``class="num"`` (right-aligned, unbroken in the report)."""
    shown = (
        format_table(df, **kwargs)
        if kwargs or not all(dt == object for dt in df.dtypes)  # noqa: E721
        else prose.render_frame(df)
    )
    num = _numeric_columns(df, kwargs)
    cls = [' class="num"' if n else "" for n in num]
    head = "".join(
        f"<th{c}>{html.escape(str(h))}</th>" for c, h in zip(cls, shown.columns, strict=True)
    )
    rows = "".join(
        "<tr>"
        + "".join(f"<td{c}>{html.escape(str(v))}</td>" for c, v in zip(cls, row, strict=True))
        + "</tr>"
        for row in shown.itertuples(index=False)
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<table class="et-table">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )


def show_table(df: pd.DataFrame, *, caption: str | None = None, **kwargs: Any) -> None:
    """Display a formatted, escaped table (see :func:`format_table` for the options)."""
    from IPython.display import HTML, display

    display(HTML(table_html(df, caption=caption, **kwargs)))


def show_text(*sentences: str | Statement | Sequence[str | Statement]) -> None:
    """Display sentences as one paragraph of Markdown (escaped); a
    :class:`~evaltools.results.Statement` is rendered in the current language."""
    from IPython.display import Markdown, display

    flat: list[Any] = []
    for s in sentences:
        flat.extend([s] if isinstance(s, str | Statement) else list(s))
    texts = [prose.render_one(x) if isinstance(x, Statement) else x for x in flat]
    text = " ".join(x.strip() for x in texts if x and x.strip())
    display(Markdown(escape_markdown(text)))


FIGURE_DPI = 150  # sharp on paper; shown at its physical size (96 px per inch on screen)


def show_figure(fig) -> None:
    """Display a matplotlib figure once, as a PNG, and close it so it is not shown twice.

    The PNG is rendered here rather than by the notebook's matplotlib backend, so a figure
    looks the same in JupyterLab, papermill and the PDF whatever ``MPLBACKEND`` says.
    """
    import io

    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=FIGURE_DPI)
    width = round(fig.get_figwidth() * 96)
    plt.close(fig)
    display(Image(data=buf.getvalue(), format="png", width=width))


def show_caveats(result: Any) -> None:
    """Show a result's caveats as one "Catatan" / "Note" paragraph (nothing when it has none)."""
    if getattr(result, "caveats", None):
        show_text([finding("workbook.note_lead"), *result.caveats])


def show(result: Any, *, figure: bool = True, caveats: bool = True) -> None:
    """Show a result's finding (sentences), its figure and its caveats."""
    show_text(result.sentences)
    if figure:
        try:
            fig = result.plot()
        except NotImplementedError:
            fig = None
        if fig is not None:
            show_figure(fig)
    if caveats:
        show_caveats(result)


def escape_markdown(text: str) -> str:
    """``text`` as it appears in a Markdown output of :func:`show_text` (escaped, so that names
    and quotes from the data cannot turn into markup in the report)."""
    text = html.escape(text, quote=False)
    for ch in ("*", "_", "`", "#", "[", "]"):
        text = text.replace(ch, "\\" + ch)
    return text


# ---------------------------------------------------------------------------------------------
# Chapter building blocks that would otherwise be repeated from notebook to notebook.


def _measure_labels() -> dict[str, str]:
    """Known names of peer-panel measures in the current language (prose kind ``measure``
    when the prose layer has it, else the analysis module's table)."""
    try:
        labels = prose.labels("measure")
    except prose.ProseError:
        from evaltools.analysis import quasi

        labels = dict(getattr(quasi, "MEASURE_LABELS", {}))
    return {k: v[:1].upper() + v[1:] for k, v in labels.items()}


def show_context(wb: Workbook) -> None:
    """One line stating what the chapter evaluates: region, regulation and periods."""
    show_text(context_statement(wb))


def context_statement(wb: Workbook) -> Statement:
    """What the chapter evaluates, as a statement (``workbook.context``; words in
    :mod:`evaltools.prose.workbook`)."""
    p = wb.params

    def both(a: str, b: str) -> list[Any] | None:
        return [p[a], p[b]] if p.get(a) is not None and p.get(b) is not None else None

    return finding(
        "workbook.context",
        region=p.get("region") or None,
        regulation=str(p["regulation"]) if p.get("regulation") else None,
        enacted=p.get("enactment_date"),
        evaluation=both("evaluation_start", "evaluation_end"),
        stagnation=both("stagnation_start", "stagnation_end"),
        synthetic=bool(getattr(wb.data, "is_synthetic", False)),
    )


def show_each(
    results: Mapping[str, Any],
    *,
    part: str | None = None,
    sentences: bool = True,
    labels: Mapping[str, str] | None = None,
) -> None:
    """Show several results of the same analysis one after another, each under a heading.

    Parameters
    ----------
    results : mapping
        Name → result (e.g. indicator id → ITS result, measure → peer comparison).
    part : str, optional
        Attribute of each result to show instead of the result itself (e.g. ``"event_study"``).
    sentences : bool
        Show the sentences and caveats too (False: only the figures).
    labels : mapping, optional
        Name → heading; default the measure's Indonesian name
        (:data:`evaltools.analysis.quasi.MEASURE_LABELS`), then the result's ``params['label']``,
        then the name.
    """
    from IPython.display import Markdown, display

    labels = {**_measure_labels(), **dict(labels or {})}
    for name, result in results.items():
        shown = getattr(result, part) if part else result
        if shown is None:
            continue
        head = labels.get(name) or getattr(result, "params", {}).get("label") or name
        head = str(head)[:1].upper() + str(head)[1:]
        display(Markdown("#### " + escape_markdown(str(head))))
        if sentences:
            show(shown)
        else:
            show_figure(shown.plot())


def stack_tables(
    results: Mapping[str, Any],
    *,
    key: str = "name",
    part: str | None = None,
    keep: Mapping[str, Sequence[Any]] | None = None,
) -> pd.DataFrame:
    """The ``.table`` of several results in one frame, with a first column ``key`` holding the
    name (a peer-panel measure gets its name: a known Indonesian name, the result's
    ``params['label']`` taken from the data, else the humanised id — never a raw id).

    ``keep``: column → values; only rows whose value is among them are kept (e.g.
    ``{"analysis": ["did", "synth"]}``).
    """
    names = _measure_labels()
    frames = []
    for name, result in results.items():
        shown = getattr(result, part) if part else result
        if shown is None:
            continue
        t = shown.table.copy()
        label = names.get(name) or getattr(result, "params", {}).get("label")
        if not label:
            from evaltools.analysis.quasi import humanise_id

            label = humanise_id(name)
        t.insert(0, key, label[:1].upper() + label[1:])
        for col, values in (keep or {}).items():
            if col not in t.columns:
                raise ParameterError(
                    f"stack_tables: keep names column {col!r}, which the tables do not have"
                )
            t = t[t[col].isin(list(values))]
        frames.append(t.reset_index(drop=True))
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def peer_comparisons(
    data: Any,
    *,
    treatment_year: int,
    peers: Sequence[str] | None = None,
    confidence_level: float = 0.95,
) -> dict[str, Any]:
    """One :func:`evaltools.quasi.peer_comparison` per measure of ``peer_panel`` (the same
    comparisons the diagnosis runs).

    Parameters
    ----------
    data : EvalData
        Needs ``peer_panel``.
    treatment_year : int
        First year of the stagnation window (the notebook's ``stagnation_start``).
    peers : sequence of str, optional
        Peer regions (default: every non-focal region).
    confidence_level : float
        The notebook's ``confidence_level``: level of the DiD and event-study intervals.

    Returns
    -------
    dict
        Measure → :class:`~evaltools.analysis.quasi.PeerComparisonResult`, measures sorted.
    """
    from evaltools.analysis import quasi

    panel = getattr(data, "peer_panel", None)
    if panel is None or panel.empty:
        raise ParameterError(
            "peer_panel is missing or empty: the peer comparison needs it (see the data dictionary)"
        )
    return {
        str(m): quasi.peer_comparison(
            data,
            measure=str(m),
            treatment_year=treatment_year,
            peers=peers,
            confidence_level=confidence_level,
        )
        for m in sorted(panel["measure"].dropna().unique())
    }


_QUESTIONS = ("stagnant", "where", "why", "so_what")


def show_answers(
    result: Any, *, questions: Sequence[str] = ("stagnant", "where", "why", "so_what")
) -> None:
    """The diagnosis' answers, one bold question per paragraph.

    ``questions``: which of ``stagnant, where, why, so_what`` to show (the executive summary
    shows the recommendations as a table instead of the ``so_what`` sentence).
    """
    unknown = [q for q in questions if q not in _QUESTIONS]
    if unknown:
        raise ParameterError(
            f"show_answers: unknown questions {unknown}; choose from {list(_QUESTIONS)}"
        )
    from IPython.display import Markdown, display

    answers = result.answers
    lines = [
        f"**{prose.label('question', k)}** {escape_markdown(answers[k])}"
        for k in questions
        if answers.get(k)
    ]
    display(Markdown("\n\n".join(lines)))


def causes_frame(result: Any) -> pd.DataFrame:
    """Ranked causes of a diagnosis in the shape :func:`evaltools.report.traffic_light_table`
    takes: ``rank, factor, strength`` (the verdict code: ``strong, moderate, weak, none,
    against`` — "tidak ada bukti" and "bukti menunjuk sebaliknya" keep distinct lights) and
    ``finding`` (the verdict sentence citing its evidence rows, rendered in the current
    language)."""
    t = result.table
    return pd.DataFrame(
        {
            "rank": t["rank"].to_numpy(),
            "factor": t["factor"].to_numpy(),
            "strength": t["verdict"].to_numpy(),
            "finding": [_text(x, 0) for x in t["summary"]],
        }
    )


def top_recommendations(result: Any, *, per_factor: int = 1) -> pd.DataFrame:
    """The first ``per_factor`` recommendations of each supported cause, in rank order:
    ``no, factor, recommendation, who, horizon`` (text of the language the diagnosis ran in)."""
    recs = result.recommendations
    if recs is None or recs.empty:
        return pd.DataFrame(columns=["no", "factor", "recommendation", "who", "horizon"])
    top = recs.groupby("factor", sort=False).head(per_factor).reset_index(drop=True)
    return pd.DataFrame(
        {
            "no": range(1, len(top) + 1),
            "factor": top["factor"].to_numpy(),
            "recommendation": top["recommendation"].to_numpy(),
            "who": top["who"].to_numpy(),
            "horizon": top["horizon"].to_numpy(),
        }
    )


#: Environment variable through which :func:`evaltools.runner.run` tells the kernels of a run
#: where the findings go (``<run folder>/findings.json``); unset in an interactive session.
FINDINGS_ENV = "EVALTOOLS_FINDINGS_PATH"
# The parameters every chapter notebook declares besides data_path (see its parameters cell).
WORKBOOK_PARAMETERS = (*_CONTEXT_KEYS, "peers", "confidence_level", "language")


def diagnose_workbook(wb: Workbook) -> Any:
    """The diagnosis of a loaded workbook with its resolved parameters.

    The one call behind the summary notebook's diagnosis and ``evaltools verify``, so the
    findings a report holds and the findings a check re-computes come from the same code.

    Parameters
    ----------
    wb : Workbook
        From :func:`open_workbook`.

    Returns
    -------
    evaltools.analysis.diagnosis.DiagnosisResult
    """
    from evaltools.analysis.diagnosis import diagnose

    return diagnose(
        wb.data,
        stagnation_start=wb["stagnation_start"],
        stagnation_end=wb["stagnation_end"],
        confidence_level=wb["confidence_level"],
        peers=wb["peers"],
        region=wb["region"],
        regulation=wb["regulation"],
    )


def findings_for_run(data_path: str | Path, parameters: dict[str, Any]) -> dict[str, Any]:
    """Re-compute a run's findings from its data and recorded parameters (``manifest.json``).

    Parameters
    ----------
    data_path : str or Path
        The run's input data.
    parameters : dict
        The run's effective parameters; names that are not workbook parameters (a custom
        notebook's own) are ignored.

    Returns
    -------
    dict
        ``diagnose(...).findings()`` as the summary notebook computed it (codes; the
        recommendations' text in the run's ``language``). The language of this process is
        left as it was.
    """
    params = {k: v for k, v in parameters.items() if k in WORKBOOK_PARAMETERS}
    language = str(params.pop("language", None) or "id")
    with prose.use_language(prose.check_language(language)):
        return diagnose_workbook(open_workbook(data_path, language=language, **params)).findings()


def save_findings(result: Any) -> Path | None:
    """Save the diagnosis' findings (``result.findings()``) where the runner asked for them.

    Inside ``evaltools run`` the runner sets :data:`FINDINGS_ENV` for its kernels, and the file
    is written there atomically (``findings.json`` beside ``report.pdf``). Run interactively
    (variable unset or empty) nothing is written.

    Parameters
    ----------
    result : DiagnosisResult
        The notebook's ``diagnose(...)`` result.

    Returns
    -------
    Path or None
        The file written, or None when no run asked for it.
    """
    import os

    from evaltools.analysis.diagnosis import write_findings

    target = os.environ.get(FINDINGS_ENV, "").strip()
    if not target:
        return None
    return write_findings(result, target)
