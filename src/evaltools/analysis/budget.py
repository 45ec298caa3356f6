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
window: an ``events`` row of kind ``shock`` or ``budget`` (:data:`evaltools.quasi.ENVIRONMENT_EVENT_KINDS`)
dated in a window year (``shock_years``; nothing is assumed about particular years or
pandemics): ``score = -clip(uniform_excess / 0.30, 0, 1)`` where ``uniform_excess`` is the
smallest excess cut over the dimensions (the part of the cut that hit every line alike, as an
external rule does; the uneven rest is a local allocation choice and counts for ``resources``
only). With fewer than two dimensions the total excess cut is used. Without such an event there
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
"""

from __future__ import annotations

import itertools
import math
import types
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from evaltools.analysis._checks import check_confidence_level, require_table
from evaltools.analysis.evidence import make_evidence_frame
from evaltools.errors import ParameterError
from evaltools.formatting import fmt_int, fmt_number, fmt_p, fmt_pct, fmt_rupiah
from evaltools.plotting.style import DIMENSION_LABELS, DIMENSIONS, OKABE_ITO, new_figure
from evaltools.results import Result

STAGES = ("planned", "revised", "realised")
STAGE_LABELS = {"planned": "Rencana (murni)", "revised": "Perubahan", "realised": "Realisasi"}
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
            f"table 'budget', column 'amount_idr' must be whole rupiah ≥ 0 in every row; blank, text or "
            f"negative in data row(s) {rows} (e.g. {budget['amount_idr'][bad_amt].iloc[0]!r})"
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
    """Spearman's ρ with a two-sided exact permutation p-value (n ≤ 8), else scipy's t approximation.

    Returns ``(rho, p_value)``; NaN for fewer than 3 pairs or a constant variable.
    """
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
        """Grouped bars by year and stage, in rupiah (miliar). Returns the Figure."""
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
        for i, stage in enumerate(STAGES):
            vals = by[stage].to_numpy(dtype=float) / scale
            ax.bar(
                years + (i - 1) * width,
                np.nan_to_num(vals),
                width,
                label=STAGE_LABELS[stage],
                color=colors[stage],
            )
        start, end = self.params["stagnation_start"], self.params["stagnation_end"]
        ax.axvspan(
            start - 0.5, end + 0.5, color="#999999", alpha=0.15, lw=0, label="Periode yang dinilai"
        )
        ax.set_xticks(years)
        ax.set_xticklabels([str(int(y)) for y in years])
        ax.set_xlabel("Tahun")
        ax.set_ylabel(f"Anggaran (Rp {word})" if word else "Anggaran (Rp)")
        from matplotlib.ticker import FuncFormatter

        ax.yaxis.set_major_formatter(
            FuncFormatter(lambda v, _p: fmt_number(v, 1 if scale > 1 else 0))
        )
        ax.set_title("Anggaran kota cerdas: rencana, perubahan, realisasi")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        return fig

    def plot_cut(self, ax=None):
        """Cut at revision by dimension, window vs other years (percent). Returns the Figure."""
        fig, ax = new_figure(ax)
        dims = self.table[self.table["scope"] == "dimension"].reset_index(drop=True)
        y = np.arange(len(dims))
        ax.barh(
            y + 0.2,
            dims["cut_window"].fillna(0) * 100,
            0.4,
            color=OKABE_ITO["vermillion"],
            label=f"Periode dinilai {self.params['stagnation_start']}–{self.params['stagnation_end']}",
        )
        ax.barh(
            y - 0.2,
            dims["cut_other"].fillna(0) * 100,
            0.4,
            color=OKABE_ITO["grey"],
            label="Tahun lain",
        )
        ax.set_yticks(y)
        ax.set_yticklabels([DIMENSION_LABELS.get(d, str(d)) for d in dims["dimension"]])
        ax.invert_yaxis()
        from matplotlib.ticker import FuncFormatter

        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_pct(v, 0)))
        ax.axvline(0, color="#333333", lw=0.8)
        ax.set_xlabel("Pemotongan anggaran (1 − perubahan/rencana)")
        ax.set_title("Pemotongan anggaran saat perubahan, per dimensi")
        ax.legend(loc="lower right")
        return fig


def _money_scale(values: np.ndarray) -> tuple[float, str]:
    vmax = np.nanmax(values) if np.isfinite(values).any() else 0.0
    for factor, word in ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta")):
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
    sentences, caveats = _sentences(table, by_year, by_dim, link, params)
    return BudgetResult(
        table=table,
        sentences=sentences,
        caveats=caveats,
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
        cut_grp = np.where(judged["cut_window"] >= med, "pemotongan besar", "pemotongan kecil")
        stall_grp = np.where(
            judged["progress_verdict"].isin(["stalled", "slowed"]),
            "terhenti/melambat",
            "tidak turun nyata",
        )
        crosstab = pd.crosstab(
            pd.Series(cut_grp, name="pemotongan"), pd.Series(stall_grp, name="capaian")
        )
    n = len(ok)
    # the exact permutation p cannot go below 2/n! (the two orderings with |ρ| = 1)
    p_floor = 2 / math.factorial(n) if 3 <= n <= 8 else np.nan
    return {"rho": rho, "p_value": p, "p_floor": p_floor, "n": n, "crosstab": crosstab}


def _floor_note(link: dict[str, Any]) -> str:
    """ ", p eksak terkecil yang mungkin …" when the link's p-value is an exact permutation p."""
    floor = link.get("p_floor", np.nan)
    if floor is None or not np.isfinite(floor):
        return ""
    return f"; p eksak terkecil yang mungkin {fmt_number(floor, 4)}"


def _sentences(table, by_year, by_dim, link, params) -> tuple[list[str], list[str]]:
    start, end = params["stagnation_start"], params["stagnation_end"]
    window = f"{start}–{end}" if end > start else str(start)
    tot = table[table["scope"] == "total"].iloc[0]
    s: list[str] = []
    c: list[str] = []
    if not math.isnan(tot["cut_window"]):
        text = (
            f"Pada {window}, anggaran rencana dipotong {fmt_pct(tot['cut_window'], proportion=True)} "
            f"saat perubahan (dari {fmt_rupiah(tot['planned_window'])} menjadi "
            f"{fmt_rupiah(tot['revised_window'])})"
        )
        if not math.isnan(tot["cut_other"]):
            text += (
                f", dibandingkan {fmt_pct(tot['cut_other'], proportion=True)} pada tahun-tahun lain"
            )
        s.append(text + ".")
    if not math.isnan(tot["absorption_window"]):
        text = (
            f"Penyerapan anggaran perubahan pada {window} sebesar "
            f"{fmt_pct(tot['absorption_window'], proportion=True)}"
        )
        if not math.isnan(tot["absorption_other"]):
            text += f" (tahun-tahun lain {fmt_pct(tot['absorption_other'], proportion=True)})"
        s.append(text + ".")
    dims = table[(table["scope"] == "dimension") & table["cut_window"].notna()]
    if len(dims):
        top = dims.sort_values("cut_window", ascending=False).iloc[0]
        s.append(
            f"Pemotongan terbesar pada {window} terjadi di dimensi "
            f"{DIMENSION_LABELS.get(top['dimension'], top['dimension'])} "
            f"({fmt_pct(top['cut_window'], proportion=True)})."
        )
    cut_years = params.get("cut_years", [])
    if cut_years:
        s.append(
            "Tahun dengan pemotongan jauh di atas tahun-tahun lain (sedikitnya "
            f"{fmt_number(CUT_YEAR_EXCESS * 100, 0)} poin persen di atas median): "
            f"{', '.join(str(y) for y in cut_years)}."
        )
    shocks = params.get("shock_events", [])
    if shocks:
        names = "; ".join(f"\u201c{e['label']}\u201d ({e['date'][:4]})" for e in shocks)
        s.append(
            f"Data peristiwa mencatat guncangan atau keputusan anggaran dari luar pada periode yang "
            f"dinilai: {names}. Pemotongan yang merata di semua dimensi bertepatan dengan peristiwa itu."
        )
    if link.get("n", 0) >= LINK_MIN_N and not math.isnan(link["rho"]):
        direction = (
            "dimensi yang lebih banyak dipotong cenderung lebih melambat"
            if link["rho"] < 0
            else "dimensi yang lebih banyak dipotong tidak cenderung lebih melambat"
        )
        s.append(
            f"Korelasi peringkat Spearman antara pemotongan dan perubahan laju capaian "
            f"ρ = {fmt_number(link['rho'], 2)} ({fmt_p(link['p_value'])}{_floor_note(link)}, "
            f"n = {fmt_int(link['n'])} dimensi): "
            f"{direction}."
        )
        c.append(
            f"Dengan hanya {fmt_int(link['n'])} dimensi, korelasi ini bersifat indikatif dan tidak dapat "
            f"menjadi bukti kuat (perlu sedikitnya {LINK_MIN_N_STRONG} titik); nilai p dihitung secara "
            "eksak dari seluruh permutasi. Korelasi menunjukkan keterkaitan, bukan sebab-akibat."
        )
    elif link.get("n", 0) and link["n"] < LINK_MIN_N:
        c.append(
            "Kurang dari tiga dimensi memiliki data anggaran dan capaian sekaligus, sehingga "
            "kaitan pemotongan dengan stagnasi tidak dapat dinilai."
        )
    if tot["n_years_other"] == 0:
        c.append(
            f"Tidak ada tahun di luar periode yang dinilai ({window}) dalam data anggaran: pemotongan tidak "
            "dapat dibandingkan dengan tahun normal."
        )
    undefined = int(by_year["cut"].isna().sum() + by_dim["cut"].isna().sum())
    undefined_abs = int(by_year["absorption"].isna().sum() + by_dim["absorption"].isna().sum())
    if undefined or undefined_abs:
        c.append(
            f"Sebanyak {fmt_int(undefined)} sel pemotongan dan {fmt_int(undefined_abs)} sel penyerapan "
            "tidak dapat dihitung karena anggaran pembaginya nol atau tahapnya tidak tersedia; "
            "sel tersebut dibiarkan kosong, bukan dianggap nol."
        )
    return s, c


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
    window = f"{start}–{end}" if end > start else str(start)
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
    link_note = ""
    if link_sig and raw > 0:
        if rho <= -LINK_RHO:
            raw *= 1.25
            link_note = " Dimensi yang paling banyak dipotong juga yang paling melambat."
        elif rho >= LINK_RHO:
            raw *= 0.75
            link_note = " Namun dimensi yang paling banyak dipotong bukan yang paling melambat."
    score = -float(np.clip(raw, -1, 1))
    strength = strength_from_score(score)
    n_other = int(tot["n_years_other"])
    year_cap = (
        "strong" if n_other >= MIN_OTHER_YEARS_STRONG else "moderate" if n_other >= 1 else "weak"
    )
    notes = []
    score, strength, capped = _capped_score(score, strength, year_cap)
    if capped:
        notes.append(
            f"dibatasi karena hanya {n_other} tahun di luar periode yang dinilai sebagai pembanding"
        )
    link_strong = link_sig and n_link >= LINK_MIN_N_STRONG and rho <= -LINK_RHO
    if score < 0 and not link_strong:
        score, strength, capped = _capped_score(score, strength, "moderate")
        if capped:
            notes.append(
                f"dibatasi pada sedang karena keterkaitan pemotongan dengan dimensi yang mandek "
                f"belum ditunjukkan oleh korelasi atas sedikitnya {LINK_MIN_N_STRONG} dimensi"
            )
    direction = "neutral" if strength == "none" else ("barrier" if score < 0 else "enabler")
    cut_txt = fmt_pct(tot["cut_window"], proportion=True)
    if direction == "barrier":
        finding = (
            f"Anggaran dipotong {cut_txt} pada {window} dan penyerapannya "
            f"{fmt_pct(a_w, proportion=True)}; berkurangnya sumber daya anggaran ini berkaitan dengan "
            f"kemandekan pada periode yang sama.{link_note}"
        )
    elif direction == "enabler":
        finding = (
            f"Anggaran pada {window} tidak dipotong melebihi tahun-tahun lain; kekurangan dana "
            "tidak tampak sebagai hambatan."
        )
    else:
        finding = f"Pemotongan dan penyerapan anggaran pada {window} tidak berbeda berarti dari tahun-tahun lain."
    if notes:
        finding += " Kekuatan bukti " + "; ".join(notes) + "."
    detail = (
        f"pemotongan pada periode yang dinilai {cut_txt}; tahun lain {fmt_pct(tot['cut_other'], proportion=True)}; "
        f"selisih {fmt_number(excess * 100, 1, signed=True)} poin persen; penyerapan pada periode yang dinilai "
        f"{fmt_pct(a_w, proportion=True)}; tahun lain {fmt_pct(a_o, proportion=True)}"
    )
    if n_link >= LINK_MIN_N and not math.isnan(rho):
        detail += (
            f"; ρ Spearman (pemotongan vs perubahan laju) = {fmt_number(rho, 2)}, "
            f"{fmt_p(p_link)}{_floor_note(link)}, n = {fmt_int(n_link)} dimensi"
        )
    n_years = float(tot["n_years_window"] + tot["n_years_other"])
    rows = [
        {
            "factor": "resources",
            "source": "budget",
            "finding": finding,
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
        names = "; ".join(f"\u201c{e['label']}\u201d" for e in events) or ", ".join(
            map(str, in_window)
        )
        dim_excess = table.loc[table["scope"] == "dimension", "excess_cut"].dropna()
        uniform = float(dim_excess.min()) if len(dim_excess) >= 2 else float(excess)
        env_score = -float(np.clip(uniform / CUT_FULL, 0, 1))
        env_strength = strength_from_score(env_score)
        env_score, env_strength, env_capped = _capped_score(env_score, env_strength, year_cap)
        detail_env = (
            f"{detail}; pemotongan yang sama di semua dimensi {fmt_number(uniform * 100, 1, signed=True)} "
            f"poin persen; peristiwa eksternal pada periode yang dinilai: {names}"
        )
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
                    "finding": (
                        f"Peristiwa eksternal pada {window} ({names}) tidak tampak sebagai "
                        "pemotongan anggaran yang merata di semua dimensi."
                    ),
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
                    "finding": (
                        f"Semua dimensi dipotong sedikitnya {fmt_number(uniform * 100, 1)} poin persen "
                        f"lebih dalam daripada tahun-tahun lain pada {window}, bertepatan dengan "
                        f"peristiwa eksternal {names}; pemotongan merata ini berkaitan dengan "
                        "guncangan dari luar daerah."
                        + (
                            " Kekuatan bukti dibatasi karena tahun pembanding sedikit."
                            if env_capped
                            else ""
                        )
                    ),
                }
            )
    return make_evidence_frame(rows)


#: The British spelling, kept as an alias so that either name works; ``analyze`` is canonical.
analyse = analyze
