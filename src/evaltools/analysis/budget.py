"""Budget: planned → revised → realised, the cut at revision and absorption.

Definitions (all on sums of ``amount_idr`` over the rows of a cell):

* ``cut = 1 - revised / planned`` — the share of the planned budget removed at revision
  (e.g. a refocusing). Positive = money taken away; negative = money added.
* ``absorption = realised / revised`` — the share of the revised budget actually spent.
* Zero budgets: when ``planned`` (resp. ``revised``) is 0 or the stage is absent, the cut (resp.
  absorption) is undefined and reported as NaN — never a division by zero — and a caveat says
  how many cells are affected.
* Window comparison: the stagnation window (default ``data.context`` ``stagnation_start`` …
  ``stagnation_end``) is compared with all other years, each side aggregated as a ratio of sums
  over the years where both stages exist. ``excess_cut = cut_window - cut_other``.

Link to the stall: with a progress result, the Spearman rank correlation across dimensions
between the window cut and the progress ``slope_change`` (negative ρ = the dimensions that lost
more money slowed more). With at most six dimensions the p-value is exact (all permutations) and
a cross-tab (cut above/below the median × stalled-or-slowed vs not) is reported; nothing is
claimed from fewer than 3 dimensions.

Evidence rules (:func:`evidence`)
---------------------------------
Factor ``resources`` (source ``budget``)::

    s_cut = clip(excess_cut / 0.30, -1, 1)          # 30 pp more cut than usual = full signal
    s_abs = clip((absorption_other - absorption_window) / 0.30, -1, 1)   # 0 if either missing
    raw   = 0.7 * s_cut + 0.3 * s_abs               # the cut is the primary signal
    raw  *= 1.25 if ρ <= -0.5 (cuts hit the stalled dimensions), 0.75 if ρ >= +0.5
    score = -clip(raw, -1, 1)

Factor ``environment`` (source ``budget``), only when the data carry an external event in the
window: an ``events`` row of kind ``shock`` or ``budget``
(:data:`evaltools.quasi.ENVIRONMENT_EVENT_KINDS`) dated in a window year (``shock_years``;
nothing is assumed about particular years or pandemics):
``score = -clip(uniform_excess / 0.30, 0, 1)`` where ``uniform_excess`` is the smallest
excess cut over the dimensions (the part of the cut that hit every line alike, as an external
rule does; the uneven rest is a local allocation choice and counts for ``resources`` only).
With fewer than two dimensions the total excess cut is used. Without such an event there
is no environment row: a cut the data do not tie to an external event is a local decision.

Cut years. ``BudgetResult.params["cut_years"]`` lists the years the data show a cut: a year's
total cut at least ``CUT_YEAR_EXCESS`` (10 percentage points) above the median cut of the years
outside the window. They are reported (sentences, ``by_year["cut_year"]``), not assumed.

Strength from ``|score|``: ≥ 0,6 strong, ≥ 0,3 moderate, ≥ 0,1 weak, otherwise none (direction
neutral). Negative scores are barriers, positive enablers (budget grew in the window). Caps
(the budget is a handful of yearly totals, and it is associational evidence):

* ``strong`` needs at least ``MIN_OTHER_YEARS_STRONG`` (3) years outside the window to
  compare with; with 1–2 such years the row is at most moderate, with none at most weak;
* ``resources`` can be ``strong`` only when the cut is tied to the stall across dimensions by a
  correlation on enough points: ``n ≥ LINK_MIN_N_STRONG`` (8) dimensions, ``ρ ≤ −LINK_RHO``
  and exact p < ``1 − confidence_level``. With fewer points (e.g. the six smart-city
  dimensions) the row is at most moderate, whatever ρ;
* a capped row's ``|score|`` is lowered to the cap's ceiling (``CAP_SCORE``: moderate 0,5,
  weak 0,25), so that score and strength tell the same story.

The link multiplies the raw score (×1,25 when ρ ≤ −0,5, ×0,75 when ρ ≥ +0,5) only when its
exact p is below ``1 − confidence_level``; otherwise it is reported as indicative.

Wording. Budget evidence is associational: sentences say that the cut *coincides with* or *is
associated with* ("bertepatan dengan", "berkaitan dengan") the stall, never that it caused it.
The analysis states codes and values (:class:`evaltools.results.Statement`); the words, in
Indonesian and English, are in :mod:`evaltools.prose.budget`.
"""

from __future__ import annotations

import itertools
import math
import types
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from evaltools.analysis._checks import check_confidence_level, require_table
from evaltools.analysis.evidence import make_evidence_frame
from evaltools.errors import ParameterError
from evaltools.formatting import fmt_number, fmt_pct
from evaltools.plotting.style import OKABE_ITO, new_figure
from evaltools.results import Result, Statement, caveat, finding
from evaltools.vocabulary import DIMENSIONS

STAGES = ("planned", "revised", "realised")
BUDGET_COLUMNS = ("year", "agency", "stage", "dimension", "amount_idr")

CUT_FULL = 0.30
CUT_WEIGHT = 0.7
ABSORPTION_WEIGHT = 0.3
LINK_RHO = 0.5
#: fewest dimensions for which the cut–stall correlation is computed at all
LINK_MIN_N = 3
#: fewest dimensions for a correlation that may support a "strong" resources row
LINK_MIN_N_STRONG = 8
#: fewest years outside the window for a "strong" row (fewer: moderate; none: weak)
MIN_OTHER_YEARS_STRONG = 3
#: a year is a "cut year" when its total cut exceeds the median of the other years by this much
CUT_YEAR_EXCESS = 0.10
#: ceiling of |score| for a row whose strength was capped
CAP_SCORE = {"moderate": 0.5, "weak": 0.25}
_LEVELS = ("none", "weak", "moderate", "strong")


def strength_from_score(score: float) -> str:
    """Map ``|score|`` to a strength: ≥ 0.6 strong, ≥ 0.3 moderate, ≥ 0.1 weak, else none."""
    a = abs(score)
    if a >= 0.6:
        return "strong"
    if a >= 0.3:
        return "moderate"
    if a >= 0.1:
        return "weak"
    return "none"


def _ratio(num: pd.Series | float, den: pd.Series | float):
    with np.errstate(divide="ignore", invalid="ignore"):
        if isinstance(den, pd.Series):
            return (num / den.where(den > 0)).astype(float)
        return float(num) / float(den) if den and den > 0 and not math.isnan(den) else np.nan


def _check_budget(budget: Any) -> pd.DataFrame:
    require_table(budget, "budget", BUDGET_COLUMNS, instead="or pass data=EvalData")
    bad = sorted(set(budget["stage"].dropna()) - set(STAGES))
    if bad:
        raise ParameterError(
            f"table 'budget', column 'stage': unknown value(s) {bad}; use {list(STAGES)}"
        )
    amt = pd.to_numeric(budget["amount_idr"], errors="coerce")
    bad_amt = amt.isna() | (amt < 0)
    if bad_amt.any():
        rows = [int(i) + 1 for i in np.flatnonzero(bad_amt.to_numpy())[:10]]
        raise ParameterError(
            "table 'budget', column 'amount_idr' must be whole rupiah ≥ 0 in every row; blank, "
            f"text or negative in data row(s) {rows} "
            f"(e.g. {budget['amount_idr'][bad_amt].iloc[0]!r})"
        )
    out = budget.copy()
    out["amount_idr"] = amt.astype(float)
    out["year"] = pd.to_numeric(out["year"], errors="coerce").astype(int)
    return out


def stages_by(budget: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """Sum the three stages per group and derive cut and absorption.

    Parameters
    ----------
    budget : pandas.DataFrame
        The ``budget`` table.
    by : list of str
        Grouping columns, e.g. ``["year"]``, ``["dimension", "year"]``, ``["agency", "year"]``.

    Returns
    -------
    pandas.DataFrame
        Columns ``*by, planned, revised, realised`` (rupiah; NaN when the stage is absent),
        ``cut`` (``1 - revised/planned``), ``absorption`` (``realised/revised``); NaN where the
        denominator is 0 or absent.
    """
    return _stages_by(_check_budget(budget), by)


def _stages_by(budget: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """:func:`stages_by` on a table already checked by :func:`_check_budget`."""
    wide = budget.pivot_table(index=by, columns="stage", values="amount_idr", aggfunc="sum")
    wide = wide.reindex(columns=list(STAGES))
    wide.columns.name = None
    out = wide.reset_index()
    out["cut"] = 1 - _ratio(out["revised"], out["planned"])
    out["absorption"] = _ratio(out["realised"], out["revised"])
    return out


def _window_compare(table: pd.DataFrame, start: int, end: int) -> dict[str, float]:
    inw = table["year"].between(start, end)
    res: dict[str, float] = {}
    for side, mask in (("window", inw), ("other", ~inw)):
        sub = table[mask]
        both_pr = sub.dropna(subset=["planned", "revised"])
        both_rr = sub.dropna(subset=["revised", "realised"])
        res[f"planned_{side}"] = float(sub["planned"].sum(min_count=1)) if len(sub) else np.nan
        res[f"revised_{side}"] = float(sub["revised"].sum(min_count=1)) if len(sub) else np.nan
        res[f"realised_{side}"] = float(sub["realised"].sum(min_count=1)) if len(sub) else np.nan
        p, r = both_pr["planned"].sum(), both_pr["revised"].sum()
        res[f"cut_{side}"] = 1 - _ratio(r, p) if len(both_pr) and p > 0 else np.nan
        rv, rl = both_rr["revised"].sum(), both_rr["realised"].sum()
        res[f"absorption_{side}"] = _ratio(rl, rv) if len(both_rr) and rv > 0 else np.nan
        res[f"n_years_{side}"] = int(sub["year"].nunique())
    cw, co = res["cut_window"], res["cut_other"]
    res["excess_cut"] = cw - co if not math.isnan(co) else cw
    return res


def spearman_exact(x: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """Spearman's ρ with a two-sided exact permutation p-value (n ≤ 8), else scipy's t
    approximation.

    Returns ``(rho, p_value)``; NaN for fewer than 3 pairs or a constant variable.
    """
    # scipy only here: the report's front matter imports this module for stages_by, and
    # scipy.stats costs the runner ~1 s of CPU per report.
    from scipy import stats

    x, y = np.asarray(x, float), np.asarray(y, float)
    n = len(x)
    if n < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        return np.nan, np.nan
    rx, ry = stats.rankdata(x), stats.rankdata(y)
    rho = float(np.corrcoef(rx, ry)[0, 1])
    if n > 8:
        return rho, float(stats.spearmanr(x, y).pvalue)
    count = total = 0
    for perm in itertools.permutations(ry):
        r = np.corrcoef(rx, perm)[0, 1]
        total += 1
        if abs(r) >= abs(rho) - 1e-12:
            count += 1
    return rho, count / total


@dataclass
class BudgetResult(Result):
    """Result of :func:`analyze`.

    ``table`` — window vs other years, one row for the total and one per dimension: ``scope``
    ("total" / "dimension"), ``dimension``, ``planned_window, revised_window, realised_window,
    planned_other, revised_other, realised_other`` (rupiah), ``cut_window, cut_other,
    excess_cut, absorption_window, absorption_other, n_years_window, n_years_other``,
    ``progress_verdict`` and ``slope_change`` (from the progress result, else missing).
    ``by_year``, ``by_dimension``, ``by_agency`` — outputs of :func:`stages_by`, plus
    ``in_window`` (bool); ``by_year`` also ``cut_year`` (bool, see the module docstring).
    ``link`` — dict ``rho, p_value, p_floor`` (smallest exact p, ``2/n!``; NaN when the p is
    not exact), ``n`` and ``crosstab`` (DataFrame).
    """

    by_year: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_dimension: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_agency: pd.DataFrame = field(default_factory=pd.DataFrame)
    link: dict[str, Any] = field(default_factory=dict)

    def total(self) -> pd.Series:
        """The window-vs-other row of the whole budget."""
        return self.table[self.table["scope"] == "total"].iloc[0]

    def plot(self, ax=None):
        """Grouped bars by year and stage, in rupiah (miliar). Returns the Figure.

        Labels, legend and title are in the current language (:mod:`evaltools.prose`).
        """
        from evaltools.prose import label

        fig, ax = new_figure(ax)
        by = self.by_year.sort_values("year")
        years = by["year"].to_numpy()
        width = 0.27
        colors = {
            "planned": OKABE_ITO["grey"],
            "revised": OKABE_ITO["orange"],
            "realised": OKABE_ITO["blue"],
        }
        scale, word = _money_scale(by[list(STAGES)].to_numpy(dtype=float))
        text = _plot_text()
        for i, stage in enumerate(STAGES):
            vals = by[stage].to_numpy(dtype=float) / scale
            ax.bar(
                years + (i - 1) * width,
                np.nan_to_num(vals),
                width,
                label=label("budget_stage", stage),
                color=colors[stage],
            )
        start, end = self.params["stagnation_start"], self.params["stagnation_end"]
        ax.axvspan(start - 0.5, end + 0.5, color="#999999", alpha=0.15, lw=0, label=text["window"])
        ax.set_xticks(years)
        ax.set_xticklabels([str(int(y)) for y in years])
        ax.set_xlabel(text["year"])
        ax.set_ylabel(text["amount_scaled"].format(scale=text[word]) if word else text["amount"])
        from matplotlib.ticker import FuncFormatter

        ax.yaxis.set_major_formatter(
            FuncFormatter(lambda v, _p: fmt_number(v, 1 if scale > 1 else 0))
        )
        ax.set_title(text["title"])
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        return fig

    def plot_cut(self, ax=None):
        """Cut at revision by dimension, window vs other years (percent). Returns the Figure.

        Labels, legend and title are in the current language (:mod:`evaltools.prose`).
        """
        from evaltools.prose import label

        text = _plot_text()
        fig, ax = new_figure(ax)
        dims = self.table[self.table["scope"] == "dimension"].reset_index(drop=True)
        y = np.arange(len(dims))
        ax.barh(
            y + 0.2,
            dims["cut_window"].fillna(0) * 100,
            0.4,
            color=OKABE_ITO["vermillion"],
            label=text["window_years"].format(
                start=self.params["stagnation_start"], end=self.params["stagnation_end"]
            ),
        )
        ax.barh(
            y - 0.2,
            dims["cut_other"].fillna(0) * 100,
            0.4,
            color=OKABE_ITO["grey"],
            label=text["other_years"],
        )
        ax.set_yticks(y)
        ax.set_yticklabels([label("dimension", d) for d in dims["dimension"]])
        ax.invert_yaxis()
        from matplotlib.ticker import FuncFormatter

        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_pct(v, 0)))
        ax.axvline(0, color="#333333", lw=0.8)
        ax.set_xlabel(text["cut_axis"])
        ax.set_title(text["cut_title"])
        ax.legend(loc="lower right")
        return fig


def _plot_text() -> dict[str, str]:
    from evaltools.prose import labels

    return labels("budget_plot")


def _money_scale(values: np.ndarray) -> tuple[float, str]:
    """The scale of the money axis and its word's key (``trillion``, ``billion``, ``million``
    or "" for plain rupiah)."""
    vmax = np.nanmax(values) if np.isfinite(values).any() else 0.0
    for factor, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if vmax >= factor:
            return factor, word
    return 1.0, ""


def analyze(
    data: Any = None,
    *,
    budget: pd.DataFrame | None = None,
    stagnation_start: int | None = None,
    stagnation_end: int | None = None,
    progress_result: Any = None,
    events: pd.DataFrame | None = None,
    confidence_level: float = 0.95,
) -> BudgetResult:
    """Planned → revised → realised, the cut at revision and absorption, window vs other years.

    Parameters
    ----------
    data : EvalData, optional
        Supplies ``budget`` and ``context`` unless passed explicitly.
    budget : pandas.DataFrame, optional
        The ``budget`` table (``year, agency, stage, dimension, amount_idr``).
    stagnation_start, stagnation_end : int, optional
        The window; default from ``data.context``.
    progress_result : ProgressResult, optional
        Links the cut by dimension to the progress verdicts.
    events : pandas.DataFrame, optional
        The ``events`` table (default ``data.events``): events of kind ``shock``/``budget``
        dated in the window become ``params["shock_events"]`` and ``params["shock_years"]``.
    confidence_level : float
        The link's correlation is called significant at p < ``1 − confidence_level``.

    Returns
    -------
    BudgetResult
        See :class:`BudgetResult` for every column; ``params`` also holds ``shock_years``,
        ``shock_events`` (list of ``{label, date, kind}``), ``cut_years`` and
        ``confidence_level``.
    """
    from evaltools.analysis.progress import window_from
    from evaltools.analysis.quasi import shock_events

    budget = budget if budget is not None else getattr(data, "budget", None)
    if budget is None:
        raise ParameterError(
            "budget analysis needs the 'budget' table: pass data=EvalData or budget=DataFrame"
        )
    level = check_confidence_level(confidence_level)
    start, end = window_from(data, stagnation_start, stagnation_end)
    if events is None:
        events = getattr(data, "events", None)
    shocks = shock_events(types.SimpleNamespace(events=events), start, end)
    budget = _check_budget(budget)
    by_year = _stages_by(budget, ["year"])
    by_dim = _stages_by(budget, ["dimension", "year"])
    by_agency = _stages_by(budget, ["agency", "year"])
    for t in (by_year, by_dim, by_agency):
        t["in_window"] = t["year"].between(start, end)
    other = by_year.loc[~by_year["in_window"], "cut"].dropna()
    base = float(other.median()) if len(other) else 0.0
    by_year["cut_year"] = (by_year["cut"] - base >= CUT_YEAR_EXCESS).fillna(False).astype(bool)

    rows = [{"scope": "total", "dimension": None, **_window_compare(by_year, start, end)}]
    present = list(by_dim["dimension"].dropna().unique())
    dims = [d for d in DIMENSIONS if d in present] + sorted(
        d for d in present if d not in DIMENSIONS
    )
    for d in dims:
        rows.append(
            {
                "scope": "dimension",
                "dimension": d,
                **_window_compare(by_dim[by_dim["dimension"] == d], start, end),
            }
        )
    table = pd.DataFrame(rows)
    table["progress_verdict"] = pd.Series([None] * len(table), dtype=object)
    table["slope_change"] = np.nan
    link: dict[str, Any] = {
        "rho": np.nan,
        "p_value": np.nan,
        "p_floor": np.nan,
        "n": 0,
        "crosstab": pd.DataFrame(),
    }
    if progress_result is not None:
        link = _attach_progress(table, progress_result)

    params = {
        "stagnation_start": start,
        "stagnation_end": end,
        "confidence_level": level,
        "shock_years": sorted({int(y) for y in shocks["year"]}),
        "shock_events": [
            {
                "label": str(r.label),
                "date": pd.Timestamp(r.date).date().isoformat(),
                "kind": str(r.kind),
            }
            for r in shocks.itertuples()
        ],
        "cut_years": [int(y) for y in by_year.loc[by_year["cut_year"], "year"]],
    }
    return BudgetResult(
        table=table,
        statements=_statements(table, by_year, by_dim, link, params),
        params=params,
        by_year=by_year,
        by_dimension=by_dim,
        by_agency=by_agency,
        link=link,
    )


def _attach_progress(table: pd.DataFrame, progress_result: Any) -> dict[str, Any]:
    """Fill ``progress_verdict`` and ``slope_change`` of the dimension rows of ``table`` (in
    place) from a progress result; return the link statistics (:func:`_link`)."""
    pv = progress_result.table.set_index("dimension")
    is_dim = table["scope"] == "dimension"
    table.loc[is_dim, "progress_verdict"] = table.loc[is_dim, "dimension"].map(pv["verdict"])
    change = "slope_change" if "slope_change" in pv.columns else "estimate"
    if change in pv.columns:
        table.loc[is_dim, "slope_change"] = table.loc[is_dim, "dimension"].map(pv[change])
    return _link(table[is_dim])


def _link(dims: pd.DataFrame) -> dict[str, Any]:
    ok = dims.dropna(subset=["cut_window", "slope_change"])
    rho, p = spearman_exact(ok["cut_window"].to_numpy(), ok["slope_change"].to_numpy())
    crosstab = pd.DataFrame()
    judged = dims.dropna(subset=["cut_window"])
    judged = judged[judged["progress_verdict"].isin(["stalled", "slowed", "on_track", "improved"])]
    if len(judged):
        med = judged["cut_window"].median()
        # codes; words: evaltools.prose.budget.crosstab_table
        cut_grp = np.where(judged["cut_window"] >= med, "large_cut", "small_cut")
        stall_grp = np.where(
            judged["progress_verdict"].isin(["stalled", "slowed"]), "stalled_or_slowed", "not_down"
        )
        crosstab = pd.crosstab(
            pd.Series(cut_grp, name="cut"), pd.Series(stall_grp, name="progress")
        )
    n = len(ok)
    # the exact permutation p cannot go below 2/n! (the two orderings with |ρ| = 1)
    p_floor = 2 / math.factorial(n) if 3 <= n <= 8 else np.nan
    return {"rho": rho, "p_value": p, "p_floor": p_floor, "n": n, "crosstab": crosstab}


def _num(x: Any) -> float | None:
    """A number for a statement's values: ``None`` when missing (JSON has no NaN)."""
    return None if x is None or pd.isna(x) else float(x)


def _link_values(link: dict[str, Any]) -> dict[str, Any]:
    """The numbers a sentence on the cut–stall correlation quotes."""
    floor = link.get("p_floor", np.nan)
    return {
        "rho": float(link["rho"]),
        "p_value": float(link["p_value"]),
        "p_floor": float(floor) if floor is not None and np.isfinite(floor) else None,
    }


def _statements(table, by_year, by_dim, link, params) -> list[Statement]:
    """Findings and caveats of :func:`analyze` as codes and values (words:
    :mod:`evaltools.prose.budget`)."""
    start, end = params["stagnation_start"], params["stagnation_end"]
    window = {"start": start, "end": end}
    tot = table[table["scope"] == "total"].iloc[0]
    out: list[Statement] = []
    if not math.isnan(tot["cut_window"]):
        out.append(
            finding(
                "budget.window_cut",
                cut=float(tot["cut_window"]),
                planned=float(tot["planned_window"]),
                revised=float(tot["revised_window"]),
                cut_other=_num(tot["cut_other"]),
                **window,
            )
        )
    if not math.isnan(tot["absorption_window"]):
        out.append(
            finding(
                "budget.absorption",
                absorption=float(tot["absorption_window"]),
                absorption_other=_num(tot["absorption_other"]),
                **window,
            )
        )
    dims = table[(table["scope"] == "dimension") & table["cut_window"].notna()]
    if len(dims):
        top = dims.sort_values("cut_window", ascending=False).iloc[0]
        out.append(
            finding(
                "budget.largest_cut",
                dimension=str(top["dimension"]),
                cut=float(top["cut_window"]),
                **window,
            )
        )
    cut_years = params.get("cut_years", [])
    if cut_years:
        out.append(finding("budget.cut_years", years=list(cut_years), excess=CUT_YEAR_EXCESS))
    shocks = params.get("shock_events", [])
    if shocks:
        out.append(
            finding(
                "budget.shock_events",
                events=[{"label": e["label"], "year": int(e["date"][:4])} for e in shocks],
            )
        )
    if link.get("n", 0) >= LINK_MIN_N and not math.isnan(link["rho"]):
        out.append(finding("budget.link", n=int(link["n"]), **_link_values(link)))
        out.append(caveat("budget.link_indicative", n=int(link["n"]), min_strong=LINK_MIN_N_STRONG))
    elif link.get("n", 0) and link["n"] < LINK_MIN_N:
        out.append(caveat("budget.link_too_few"))
    if tot["n_years_other"] == 0:
        out.append(caveat("budget.no_other_years", **window))
    undefined = int(by_year["cut"].isna().sum() + by_dim["cut"].isna().sum())
    undefined_abs = int(by_year["absorption"].isna().sum() + by_dim["absorption"].isna().sum())
    if undefined or undefined_abs:
        out.append(caveat("budget.undefined_cells", n_cut=undefined, n_absorption=undefined_abs))
    return out


def _cap(strength: str, cap: str) -> str:
    return strength if _LEVELS.index(strength) <= _LEVELS.index(cap) else cap


def _capped_score(score: float, strength: str, cap: str) -> tuple[float, str, bool]:
    """Apply a strength cap; a capped row's |score| is lowered to ``CAP_SCORE[cap]``."""
    new = _cap(strength, cap)
    if new == strength:
        return score, strength, False
    return math.copysign(min(abs(score), CAP_SCORE[new]), score), new, True


def evidence(
    result: BudgetResult,
    progress_result: Any = None,
    *,
    shock_years: Any = None,
    confidence_level: float | None = None,
) -> pd.DataFrame:
    """Evidence rows for ``resources`` and, when the data carry an external event in the window,
    ``environment`` (rules and caps in the module docstring).

    Parameters
    ----------
    result : BudgetResult
        From :func:`analyze`.
    progress_result : ProgressResult, optional
        Used for the link to stalled dimensions when ``result`` was computed without it.
    shock_years : iterable of int, optional
        Years of external shocks/budget decisions; default ``result.params["shock_years"]``
        (events of kind ``shock``/``budget`` dated in the window). Empty: no environment row.
    confidence_level : float, optional
        The link is significant at p < ``1 − confidence_level``; default the level of ``result``.

    Returns
    -------
    pandas.DataFrame
        Evidence frame (``factor, source, finding, direction, strength, score, n, detail``),
        empty when no window cut can be computed.
    """
    if not isinstance(result, BudgetResult):
        raise ParameterError("result must be the BudgetResult returned by evaltools.budget.analyze")
    level = check_confidence_level(
        confidence_level
        if confidence_level is not None
        else result.params.get("confidence_level", 0.95)
    )
    alpha = 1 - level
    table = result.table
    link = result.link
    if progress_result is not None and link.get("n", 0) == 0:
        link = _attach_progress(table.copy(), progress_result)
    tot = table[table["scope"] == "total"].iloc[0]
    start, end = result.params["stagnation_start"], result.params["stagnation_end"]
    window = {"start": start, "end": end}
    excess = tot["excess_cut"]
    if math.isnan(excess):
        return make_evidence_frame([])
    s_cut = float(np.clip(excess / CUT_FULL, -1, 1))
    a_w, a_o = tot["absorption_window"], tot["absorption_other"]
    s_abs = (
        float(np.clip((a_o - a_w) / CUT_FULL, -1, 1))
        if not (math.isnan(a_w) or math.isnan(a_o))
        else 0.0
    )
    raw = CUT_WEIGHT * s_cut + ABSORPTION_WEIGHT * s_abs
    rho, p_link, n_link = (
        link.get("rho", np.nan),
        link.get("p_value", np.nan),
        int(link.get("n", 0)),
    )
    link_sig = (
        n_link >= LINK_MIN_N and not math.isnan(rho) and not math.isnan(p_link) and p_link < alpha
    )
    link_note = None
    if link_sig and raw > 0:
        if rho <= -LINK_RHO:
            raw *= 1.25
            link_note = "stalled_most"
        elif rho >= LINK_RHO:
            raw *= 0.75
            link_note = "not_stalled_most"
    score = -float(np.clip(raw, -1, 1))
    strength = strength_from_score(score)
    n_other = int(tot["n_years_other"])
    year_cap = (
        "strong" if n_other >= MIN_OTHER_YEARS_STRONG else "moderate" if n_other >= 1 else "weak"
    )
    caps: list[dict[str, Any]] = []
    score, strength, capped = _capped_score(score, strength, year_cap)
    if capped:
        caps.append({"cap": "years", "n_other": n_other})
    link_strong = link_sig and n_link >= LINK_MIN_N_STRONG and rho <= -LINK_RHO
    if score < 0 and not link_strong:
        score, strength, capped = _capped_score(score, strength, "moderate")
        if capped:
            caps.append({"cap": "link", "min_n": LINK_MIN_N_STRONG})
    direction = "neutral" if strength == "none" else ("barrier" if score < 0 else "enabler")
    numbers = {
        "cut": float(tot["cut_window"]),
        "cut_other": _num(tot["cut_other"]),
        "excess": float(excess),
        "absorption": _num(a_w),
        "absorption_other": _num(a_o),
    }
    if n_link >= LINK_MIN_N and not math.isnan(rho):
        numbers |= {"n_link": n_link, **_link_values(link)}
    finding_st = finding(
        f"budget.resources_{direction}",
        cut=numbers["cut"],
        absorption=numbers["absorption"],
        link=link_note,
        caps=caps,
        **window,
    )
    detail = finding("budget.resources_detail", **numbers)
    n_years = float(tot["n_years_window"] + tot["n_years_other"])
    rows = [
        {
            "factor": "resources",
            "source": "budget",
            "finding": finding_st,
            "direction": direction,
            "strength": strength,
            "score": score,
            "n": n_years,
            "detail": detail,
        }
    ]
    if shock_years is None:
        shock_years = result.params.get("shock_years", [])
    shock_years = sorted({int(y) for y in shock_years})
    in_window = [y for y in shock_years if start <= y <= end]
    if in_window:
        # An external rule cuts every line; what is cut unevenly is a local allocation choice.
        # So only the cut common to all dimensions is read as the external shock.
        events = [
            e for e in result.params.get("shock_events", []) if int(e["date"][:4]) in in_window
        ]
        names = {"events": [str(e["label"]) for e in events], "years": in_window}
        dim_excess = table.loc[table["scope"] == "dimension", "excess_cut"].dropna()
        uniform = float(dim_excess.min()) if len(dim_excess) >= 2 else float(excess)
        env_score = -float(np.clip(uniform / CUT_FULL, 0, 1))
        env_strength = strength_from_score(env_score)
        env_score, env_strength, env_capped = _capped_score(env_score, env_strength, year_cap)
        detail_env = finding("budget.environment_detail", **numbers, uniform=uniform, **names)
        if env_strength == "none":
            rows.append(
                {
                    "factor": "environment",
                    "source": "budget",
                    "direction": "neutral",
                    "strength": "none",
                    "score": 0.0,
                    "n": n_years,
                    "detail": detail_env,
                    "finding": finding("budget.environment_none", **window, **names),
                }
            )
        else:
            rows.append(
                {
                    "factor": "environment",
                    "source": "budget",
                    "direction": "barrier",
                    "strength": env_strength,
                    "score": env_score,
                    "n": n_years,
                    "detail": detail_env,
                    "finding": finding(
                        "budget.environment_barrier",
                        uniform=uniform,
                        capped=bool(env_capped),
                        **window,
                        **names,
                    ),
                }
            )
    return make_evidence_frame(rows)


#: The British spelling, kept as an alias so that either name works; ``analyze`` is canonical.
analyse = analyze
