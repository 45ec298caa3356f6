"""Data audit: what the analyses stand on (coverage, validation, sources, gaps).

:func:`audit` describes the loaded :class:`~evaltools.data.EvalData` for the report's Appendix B
("Audit data") and for the first chapter of the workbook: which tables are present and how many
rows each has per year, whether the data passed validation (loading raises otherwise) and what
was ignored while reading, which sources the rows cite and how reliable those sources are,
whether any of it is synthetic, and where reporting is incomplete (unreported realisations,
missing months, missing budget stages, blank survey answers).

It is a pure description of the data: no parameter changes a number, only the window of years
that counts as "expected". Its tables hold codes (table names, source qualities, gap items) and
its findings are :class:`~evaltools.results.Statement` objects; the words, in Indonesian and
English, are in :mod:`evaltools.prose.audit` (display tables: ``table_view``, ``sources_view``,
``gap_view``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from evaltools.errors import ParameterError
from evaltools.formatting import fmt_int
from evaltools.results import Result, Statement, caveat, finding

#: The tables the audit describes, in the report's order (their names in words: label kind
#: ``data_table`` of :mod:`evaltools.prose.audit`).
AUDITED_TABLES: tuple[str, ...] = (
    "sources",
    "programs",
    "program_targets",
    "budget",
    "mandates",
    "indicators",
    "service_monthly",
    "events",
    "peer_panel",
    "survey_items",
    "survey_responses",
    "interview_codes",
)

#: The column that dates a row, per table (first present one wins).
_YEAR_COLUMNS = {
    "program_targets": ("year",),
    "budget": ("year",),
    "peer_panel": ("year",),
    "service_monthly": ("month",),
    "events": ("date",),
    "mandates": ("due_date", "issued_date"),
}

#: Tables expected to have rows in every year of the window (the others record events).
_ANNUAL = ("program_targets", "budget", "service_monthly", "peer_panel")

#: Which analysis needs which table (to say what a missing table costs); words: label kind
#: ``audit_analysis``.
_NEEDED_BY = {
    "budget": "budget",
    "mandates": "mandates",
    "service_monthly": "its",
    "events": "its",
    "peer_panel": "peers",
    "survey_items": "survey",
    "survey_responses": "survey",
    "interview_codes": "interviews",
    "indicators": "indicator_names",
}

GAP_SHARE_WARN = 0.10  # a year with more than 10 % unreported values gets a caveat


def _years_of(df: pd.DataFrame, table: str) -> pd.Series | None:
    for col in _YEAR_COLUMNS.get(table, ()):
        if col in df.columns:
            s = df[col]
            if pd.api.types.is_datetime64_any_dtype(s):
                return s.dt.year.astype("Int64")
            return pd.to_numeric(s, errors="coerce").astype("Int64")
    return None


def _source_ids(df: pd.DataFrame) -> list[str]:
    if "source_id" not in df.columns:
        return []
    return sorted({str(s) for s in df["source_id"].dropna() if str(s).strip()})


@dataclass
class AuditResult(Result):
    """Result of :func:`audit`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per table of the data dictionary: ``table`` (name; in words:
        :func:`evaltools.prose.audit.table_view`), ``required`` (bool), ``present`` (bool),
        ``n_rows`` (int, 0 when absent),
        ``first_year``, ``last_year`` (Int64, NA for undated tables), ``years_missing`` (str:
        years of the evaluation window without a row, "" when none or undated),
        ``source_ids`` (str: the sources its rows cite, comma-separated).
    coverage : pandas.DataFrame
        Rows per dated table and year: ``table, year, n_rows, in_window`` (every year
        from the earliest of the window and the data to the latest, zero-filled).
    sources : pandas.DataFrame
        One row per source: ``source_id, title, publisher, date, quality`` (code; in words:
        :func:`evaltools.prose.audit.sources_view`), ``n_rows`` (rows of all tables citing it),
        ``tables`` (their names).
    gaps : pandas.DataFrame
        Reporting gaps: ``table, item`` (``realisation``, ``stage_planned`` /
        ``stage_revised`` / ``stage_realised``, ``item_answers``, or a service indicator's id),
        ``year`` (Int64, NA when not by year), ``expected``,
        ``reported``, ``missing`` (ints), ``share_missing`` (float, 0–1).
    validation : dict
        ``status`` ("passed": the data were loaded, so every rule held), ``notes`` (what was
        ignored while reading), ``n_files``, ``window`` (start, end), ``window_origin``.
    synthetic : bool
        True when any source has quality ``synthetic``.
    """

    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    gaps: pd.DataFrame = field(default_factory=pd.DataFrame)
    validation: dict[str, Any] = field(default_factory=dict)
    synthetic: bool = False

    @property
    def gap_summary(self) -> pd.DataFrame:
        """Reporting gaps summed per table and item, only where something is missing.

        Columns ``table, item, expected, reported, missing, share_missing`` and ``years`` (the
        years with a gap, comma-separated; "" when the gap is not by year). Words:
        :func:`evaltools.prose.audit.gap_view`.
        """
        cols = [
            "table",
            "item",
            "expected",
            "reported",
            "missing",
            "share_missing",
            "years",
        ]
        g = self.gaps
        if g.empty:
            return pd.DataFrame(columns=cols)
        rows = []
        for (tab, item), sub in g.groupby(["table", "item"], sort=False):
            missing = int(sub["missing"].sum())
            if not missing:
                continue
            expected = int(sub["expected"].sum())
            years = sub.loc[(sub["missing"] > 0) & sub["year"].notna(), "year"]
            rows.append(
                {
                    "table": tab,
                    "item": item,
                    "expected": expected,
                    "reported": int(sub["reported"].sum()),
                    "missing": missing,
                    "share_missing": missing / expected if expected else np.nan,
                    "years": ", ".join(str(int(y)) for y in years),
                }
            )
        return pd.DataFrame(rows, columns=cols)

    def plot(self, ax=None):
        """Coverage heatmap: rows per dated table (rows) and year (columns), counts in cells.

        Years outside the evaluation window are drawn lighter. Labels follow the current
        language (:mod:`evaltools.prose`). Returns the Figure.
        """
        from matplotlib.colors import ListedColormap

        from evaltools.plotting import new_figure
        from evaltools.prose import label

        cov = self.coverage
        if cov.empty:
            raise ParameterError("audit: no dated table to plot (program_targets, budget, …)")
        tables = list(dict.fromkeys(cov["table"]))
        labels = [label("data_table", t) for t in tables]
        years = sorted(cov["year"].unique())
        grid = cov.pivot_table(index="table", columns="year", values="n_rows", aggfunc="sum")
        grid = grid.reindex(index=tables, columns=years).fillna(0)
        fig, ax = new_figure(ax, height=max(2.0, 0.42 * len(labels) + 1.1))
        window = self.validation.get("window")
        state = np.where(grid.to_numpy() > 0, 2, 0).astype(float)
        if window:
            outside = np.array([y < window[0] or y > window[1] for y in years])
            state[:, outside] = np.where(state[:, outside] > 0, 1, 0)
        cmap = ListedColormap(["#F2F2F2", "#A6CEE3", "#1F78B4"])
        ax.imshow(state, aspect="auto", cmap=cmap, vmin=0, vmax=2)
        for i in range(len(labels)):
            for j in range(len(years)):
                n = grid.iat[i, j]
                dark = state[i, j] == 2
                ax.text(
                    j,
                    i,
                    fmt_int(n) if n else "–",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if dark else "#333333",
                )
        ax.set_yticks(range(len(labels)), labels)
        step = 1 if len(years) <= 14 else 2
        ax.set_xticks(range(0, len(years), step), [str(y) for y in years[::step]])
        ax.grid(False)
        ax.set_xlabel(label("audit_plot", "xlabel"))
        ax.set_title(label("audit_plot", "title"))
        return fig


def audit(
    data: Any, *, evaluation_start: int | None = None, evaluation_end: int | None = None
) -> AuditResult:
    """Describe the loaded data for the data-audit chapter and Appendix B.

    Parameters
    ----------
    data : EvalData
        From :func:`evaltools.load_data` (any object with the table attributes, ``context``,
        ``evaluation_window``, ``window_origin``, ``notes`` and ``file_hashes`` works).
    evaluation_start, evaluation_end : int, optional
        The years that count as expected; default ``data.evaluation_window``.

    Returns
    -------
    AuditResult
        ``.table`` one row per table (columns listed in :class:`AuditResult`), ``.coverage``,
        ``.sources``, ``.gaps``, ``.validation``, ``.synthetic``; ``.statements`` (rendered as
        ``.sentences`` and ``.caveats`` in the current language); ``.plot()`` draws the
        coverage heatmap.

    Raises
    ------
    ParameterError
        When ``data`` has no tables, or the window is not two years with start ≤ end.
    """
    from evaltools.data.schema import TABLES

    if data is None or not hasattr(data, "programs"):
        raise ParameterError("audit: data must be the result of evaltools.load_data(path)")
    window = getattr(data, "evaluation_window", None)
    lo = evaluation_start if evaluation_start not in (None, 0) else (window[0] if window else None)
    hi = evaluation_end if evaluation_end not in (None, 0) else (window[1] if window else None)
    if lo is None or hi is None:
        raise ParameterError(
            "audit: give evaluation_start and evaluation_end (years), "
            "or load data whose context table has them"
        )
    try:
        lo, hi = int(lo), int(hi)
    except (TypeError, ValueError):
        raise ParameterError(
            f"audit: evaluation_start/evaluation_end must be years, got {lo!r}, {hi!r}"
        ) from None
    if lo > hi:
        raise ParameterError(
            f"audit: evaluation_start ({lo}) is after evaluation_end ({hi}): swap them"
        )

    specs = [t for t in TABLES if t.name in AUDITED_TABLES]
    rows, cov_rows = [], []
    cited: dict[str, list[str]] = {}
    cited_rows: dict[str, int] = {}
    for spec in specs:
        df = getattr(data, spec.name, None)
        present = isinstance(df, pd.DataFrame) and not df.empty
        years = _years_of(df, spec.name) if present else None
        first = last = pd.NA
        missing_years = ""
        if years is not None and years.notna().any():
            first, last = int(years.min()), int(years.max())
            seen = set(years.dropna().astype(int))
            if spec.name in _ANNUAL:
                missing_years = ", ".join(str(y) for y in range(lo, hi + 1) if y not in seen)
            counts = years.dropna().astype(int).value_counts()
            for y in range(min(lo, first), max(hi, last) + 1):
                cov_rows.append(
                    {
                        "table": spec.name,
                        "year": y,
                        "n_rows": int(counts.get(y, 0)),
                        "in_window": lo <= y <= hi,
                    }
                )
        ids = _source_ids(df) if present else []
        if present and spec.name != "sources" and "source_id" in df.columns:
            for sid, n in df["source_id"].dropna().astype(str).value_counts().items():
                cited.setdefault(sid, []).append(spec.name)
                cited_rows[sid] = cited_rows.get(sid, 0) + int(n)
        rows.append(
            {
                "table": spec.name,
                "required": bool(spec.required),
                "present": bool(present),
                "n_rows": len(df) if present else 0,
                "first_year": first,
                "last_year": last,
                "years_missing": missing_years,
                "source_ids": ", ".join(ids),
            }
        )
    table = pd.DataFrame(rows)
    table["first_year"] = table["first_year"].astype("Int64")
    table["last_year"] = table["last_year"].astype("Int64")
    coverage = pd.DataFrame(cov_rows, columns=["table", "year", "n_rows", "in_window"])

    sources = _sources_frame(getattr(data, "sources", None), cited, cited_rows)
    gaps = _gaps(data, lo, hi)
    synthetic = bool(len(sources) and (sources["quality"] == "synthetic").any())
    validation = {
        "status": "passed",
        "notes": list(getattr(data, "notes", []) or []),
        "n_files": len(getattr(data, "file_hashes", {}) or {}),
        "window": (lo, hi),
        "window_origin": "given"
        if (evaluation_start or evaluation_end)
        else str(getattr(data, "window_origin", "") or ""),
    }
    return AuditResult(
        table=table,
        statements=_statements(table, sources, gaps, validation, synthetic, lo, hi),
        params={"evaluation_start": lo, "evaluation_end": hi},
        coverage=coverage,
        sources=sources,
        gaps=gaps,
        validation=validation,
        synthetic=synthetic,
    )


def _sources_frame(
    src: Any, cited: dict[str, list[str]], cited_rows: dict[str, int]
) -> pd.DataFrame:
    cols = [
        "source_id",
        "title",
        "publisher",
        "date",
        "quality",
        "n_rows",
        "tables",
    ]
    if not isinstance(src, pd.DataFrame) or src.empty:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(
        {
            "source_id": src["source_id"].astype(str).to_numpy(),
            "title": src["title"].astype(str).to_numpy() if "title" in src else "",
            "publisher": src["publisher"].fillna("").astype(str).to_numpy()
            if "publisher" in src
            else "",
            "date": src["date"].to_numpy() if "date" in src else pd.NaT,
            "quality": src["quality"].astype(str).to_numpy() if "quality" in src else "",
        }
    )
    out["n_rows"] = [int(cited_rows.get(s, 0)) for s in out["source_id"]]
    out["tables"] = [", ".join(cited.get(s, [])) for s in out["source_id"]]
    return out[cols]


def _gap_row(table: str, item: str, year: Any, expected: int, reported: int) -> dict[str, Any]:
    missing = max(int(expected) - int(reported), 0)
    return {
        "table": table,
        "item": item,
        "year": year,
        "expected": int(expected),
        "reported": int(reported),
        "missing": missing,
        "share_missing": missing / expected if expected else np.nan,
    }


def _gaps(data: Any, lo: int, hi: int) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    pt = getattr(data, "program_targets", None)
    if isinstance(pt, pd.DataFrame) and not pt.empty and {"year", "realisation"} <= set(pt.columns):
        for year, g in pt.groupby("year", sort=True):
            if lo <= int(year) <= hi:
                rows.append(
                    _gap_row(
                        "program_targets",
                        "realisation",
                        int(year),
                        len(g),
                        int(g["realisation"].notna().sum()),
                    )
                )
    sm = getattr(data, "service_monthly", None)
    if (
        isinstance(sm, pd.DataFrame)
        and not sm.empty
        and {"indicator_id", "month", "value"} <= set(sm.columns)
    ):
        for iid, g in sm.groupby("indicator_id", sort=False):
            months = g["month"].dropna()
            span = pd.period_range(
                months.min().to_period("M"), months.max().to_period("M"), freq="M"
            )
            have = set(g.loc[g["value"].notna(), "month"].dt.to_period("M"))
            for year in sorted({p.year for p in span}):
                expected = [p for p in span if p.year == year]
                reported = sum(1 for p in expected if p in have)
                rows.append(
                    _gap_row("service_monthly", str(iid), int(year), len(expected), reported)
                )
    bd = getattr(data, "budget", None)
    if (
        isinstance(bd, pd.DataFrame)
        and not bd.empty
        and {"year", "stage", "agency"} <= set(bd.columns)
    ):
        key = [c for c in ("agency", "program_id") if c in bd.columns]
        for year, g in bd.groupby("year", sort=True):
            units = g[key].drop_duplicates()
            for stage in ("planned", "revised", "realised"):
                have = g.loc[g["stage"] == stage, key].drop_duplicates()
                rows.append(_gap_row("budget", f"stage_{stage}", int(year), len(units), len(have)))
    sr, si = getattr(data, "survey_responses", None), getattr(data, "survey_items", None)
    if isinstance(sr, pd.DataFrame) and isinstance(si, pd.DataFrame) and not sr.empty:
        items = [c for c in si["item_id"].astype(str) if c in sr.columns]
        if items:
            rows.append(
                _gap_row(
                    "survey_responses",
                    "item_answers",
                    pd.NA,
                    len(sr) * len(items),
                    int(sr[items].notna().sum().sum()),
                )
            )
    out = pd.DataFrame(
        rows, columns=["table", "item", "year", "expected", "reported", "missing", "share_missing"]
    )
    out["year"] = out["year"].astype("Int64")
    out["share_missing"] = out["share_missing"].astype(float)
    return out


def _statements(
    table: pd.DataFrame,
    sources: pd.DataFrame,
    gaps: pd.DataFrame,
    validation: dict[str, Any],
    synthetic: bool,
    lo: int,
    hi: int,
) -> list[Statement]:
    """The audit's findings and caveats as codes and values (words:
    :mod:`evaltools.prose.audit`)."""
    window = {"start": lo, "end": hi}
    out: list[Statement] = [
        finding(
            "audit.read",
            n_files=validation["n_files"],
            origin=validation["window_origin"],
            **window,
        )
    ]
    present = table[table["present"]]
    absent = table[~table["present"]]
    if absent.empty:
        out.append(finding("audit.all_tables", n=len(table)))
    else:
        out.append(
            finding(
                "audit.tables_present",
                n_present=len(present),
                n_total=len(table),
                absent=list(absent["table"]),
            )
        )
        lost = sorted({_NEEDED_BY[t] for t in absent["table"] if t in _NEEDED_BY})
        if lost:
            out.append(caveat("audit.lost_analyses", analyses=lost))
    if len(sources):
        if synthetic and (sources["quality"] == "synthetic").all():
            out.append(finding("audit.all_synthetic"))
            out.append(caveat("audit.synthetic_data"))
        else:
            counts = sources["quality"].value_counts()
            out.append(
                finding(
                    "audit.sources",
                    n=len(sources),
                    counts=[{"quality": str(q), "n": int(n)} for q, n in counts.items()],
                )
            )
            if synthetic:
                out.append(caveat("audit.some_synthetic"))
        uncited = sources[sources["n_rows"] == 0]
        if len(uncited):
            out.append(caveat("audit.uncited", ids=list(uncited["source_id"])))
    dated = present[present["first_year"].notna()]
    short = dated[dated["years_missing"] != ""]
    if len(dated):
        if short.empty:
            out.append(finding("audit.full_coverage", **window))
        else:
            tables = [
                {"table": r["table"], "years": [int(y) for y in r["years_missing"].split(", ")]}
                for _, r in short.iterrows()
            ]
            out.append(finding("audit.short_coverage", tables=tables, **window))
    tg = gaps[gaps["table"] == "program_targets"]
    if len(tg):
        exp, miss = int(tg["expected"].sum()), int(tg["missing"].sum())
        if miss == 0:
            out.append(finding("audit.targets_reported", n=exp))
        else:
            worst = tg.loc[tg["missing"].idxmax()]
            out.append(
                finding(
                    "audit.targets_unreported",
                    missing=miss,
                    expected=exp,
                    worst_year=int(worst["year"]),
                    worst_missing=int(worst["missing"]),
                )
            )
        heavy = tg[tg["share_missing"] > GAP_SHARE_WARN]
        if len(heavy):
            years = [
                {"year": int(r["year"]), "share": float(r["share_missing"])}
                for _, r in heavy.iterrows()
            ]
            out.append(caveat("audit.heavy_gaps", threshold=GAP_SHARE_WARN, years=years))
    for tab in ("service_monthly", "budget", "survey_responses"):
        g = gaps[gaps["table"] == tab]
        if len(g) and int(g["missing"].sum()):
            miss, exp = int(g["missing"].sum()), int(g["expected"].sum())
            out.append(finding("audit.missing_values", table=tab, missing=miss, expected=exp))
    if validation["notes"]:
        out.append(caveat("audit.read_notes", n=len(validation["notes"])))
    return out


__all__ = ["AUDITED_TABLES", "AuditResult", "audit"]
