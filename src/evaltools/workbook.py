"""What the chapter notebooks share: resolving parameters, loading the data once per notebook,
and showing results the same way in JupyterLab and in the PDF.

Notebooks stay thin (no ``def`` in a notebook): everything that would otherwise be repeated from
one notebook to the next lives here.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from evaltools.errors import ParameterError
from evaltools.formatting import fmt_date, fmt_number, fmt_pct, fmt_rupiah

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


def open_workbook(data_path: str | Path, **params: Any) -> Workbook:
    """Load the data and resolve the notebook parameters.

    Parameters left empty (``None`` or ``""``) take their value from the data's ``context``
    table. Years are checked (start ≤ end; the stagnation window inside the evaluation window).

    Parameters
    ----------
    data_path : str or Path
        An ``.xlsx`` workbook or a folder of CSVs (see ``data/README.md``).
    **params
        The notebook's parameters (``region``, ``regulation``, ``evaluation_start`` …).

    Returns
    -------
    Workbook
    """
    from evaltools.data import load_data
    from evaltools.plotting import apply_style

    apply_style()
    path = resolve_path(data_path)
    data = load_data(path)
    context = dict(getattr(data, "context", {}) or {})
    resolved: dict[str, Any] = {"data_path": str(path)}
    for key, value in params.items():
        resolved[key] = value
    for key in _CONTEXT_KEYS:
        if resolved.get(key) in (None, "") and key in context:
            resolved[key] = context[key]
    for key in ("evaluation_start", "evaluation_end", "stagnation_start", "stagnation_end"):
        if resolved.get(key) not in (None, ""):
            resolved[key] = _as_year(resolved[key], key)
    if "evaluation_start" in resolved and "evaluation_end" in resolved:
        if resolved["evaluation_start"] > resolved["evaluation_end"]:
            raise ParameterError(
                f"evaluation_start ({resolved['evaluation_start']}) is after evaluation_end "
                f"({resolved['evaluation_end']}): swap them"
            )
    if "stagnation_start" in resolved and "stagnation_end" in resolved:
        if resolved["stagnation_start"] > resolved["stagnation_end"]:
            raise ParameterError(
                f"stagnation_start ({resolved['stagnation_start']}) is after stagnation_end "
                f"({resolved['stagnation_end']}): swap them"
            )
    if resolved.get("enactment_date") not in (None, ""):
        try:
            resolved["enactment_date"] = pd.Timestamp(resolved["enactment_date"])
        except (TypeError, ValueError):
            raise ParameterError(
                f"enactment_date must be a date such as 2020-03-02 (got {resolved['enactment_date']!r})"
            ) from None
    return Workbook(data=data, params=resolved)


# ---------------------------------------------------------------------------------------------
# Display: the same rendering in JupyterLab and in the PDF (nbconvert keeps the HTML output).

_FORMATTERS = {
    "number": lambda x, d: fmt_number(x, d),
    "int": lambda x, d: fmt_number(x, 0),
    "pct": lambda x, d: fmt_pct(x, d),
    "share": lambda x, d: fmt_pct(x, d, proportion=True),
    "rupiah": lambda x, d: fmt_rupiah(x, d),
    "date": lambda x, d: fmt_date(x),
    "text": lambda x, d: "" if x is None or (isinstance(x, float) and x != x) else str(x),
}


def format_table(
    df: pd.DataFrame,
    *,
    columns: Mapping[str, str] | None = None,
    formats: Mapping[str, str | tuple[str, int]] | None = None,
    decimals: int = 2,
) -> pd.DataFrame:
    """Return a copy of ``df`` with values as Indonesian-formatted strings and Indonesian headers.

    Parameters
    ----------
    df : DataFrame
        The result table (full precision).
    columns : mapping, optional
        Column name → Indonesian header; when given, only these columns are kept, in this order.
    formats : mapping, optional
        Column name → one of ``number, int, pct, share, rupiah, date, text`` or ``(kind, decimals)``.
        Numeric columns without a format use ``number`` with ``decimals``.
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
                out[col] = out[col].map({True: "ya", False: "tidak"})
                continue
            if pd.api.types.is_numeric_dtype(out[col]):
                spec = ("number", decimals)
            elif pd.api.types.is_datetime64_any_dtype(out[col]):
                spec = ("date", 0)
            else:
                spec = ("text", 0)
        kind, dec = (spec, decimals) if isinstance(spec, str) else spec
        if kind not in _FORMATTERS:
            raise ParameterError(f"format_table: unknown format {kind!r} for column {col!r}")
        out[col] = [_FORMATTERS[kind](v, dec) for v in out[col]]
    if columns is not None:
        out = out.rename(columns=dict(columns))
    return out


def table_html(df: pd.DataFrame, *, caption: str | None = None, **kwargs: Any) -> str:
    """HTML of a formatted table; every cell's text is escaped (data may hold ``<`` or ``&``)."""
    shown = format_table(df, **kwargs) if kwargs or not all(df.dtypes == object) else df
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in shown.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
        for row in shown.itertuples(index=False)
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f'<table class="et-table">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def show_table(df: pd.DataFrame, *, caption: str | None = None, **kwargs: Any) -> None:
    """Display a formatted, escaped table (see :func:`format_table` for the options)."""
    from IPython.display import HTML, display

    display(HTML(table_html(df, caption=caption, **kwargs)))


def show_text(*sentences: str | Sequence[str]) -> None:
    """Display Indonesian sentences as one paragraph of Markdown (escaped)."""
    from IPython.display import Markdown, display

    flat: list[str] = []
    for s in sentences:
        flat.extend([s] if isinstance(s, str) else list(s))
    text = " ".join(x.strip() for x in flat if x and x.strip())
    display(Markdown(_escape_markdown(text)))


def show_figure(fig) -> None:
    """Display a matplotlib figure once (as PNG) and close it so it is not shown twice."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    display(fig)
    plt.close(fig)


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
    if caveats and getattr(result, "caveats", None):
        show_text(["Catatan: ", *result.caveats])


def _escape_markdown(text: str) -> str:
    # Text from data (names, quotes) must not turn into markup in the report.
    text = html.escape(text, quote=False)
    for ch in ("*", "_", "`", "#", "[", "]"):
        text = text.replace(ch, "\\" + ch)
    return text
