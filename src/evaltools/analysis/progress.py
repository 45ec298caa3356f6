"""Progress against targets: was implementation stagnant, and where?

Three layers, each a pure function of tables:

1. :func:`achievement` — direction-aware achievement per programme × indicator × year.
2. :func:`progress_index` — mean capped achievement per group (dimension or lead agency) × year,
   with the number of programmes behind it and the reporting coverage.
3. :func:`stagnation_test` — per dimension, a segmented (piecewise-linear) OLS trend of the index
   with a break at the stagnation start, and a plain verdict.

:func:`analyze` runs all three on an ``EvalData`` (or on the two tables) and returns a
:class:`ProgressResult`.

Achievement rules
-----------------
* ``higher_is_better``: ``ratio = realisation / target``; otherwise ``ratio = target / realisation``.
* Zero cases (defined, never a division error):

  - target 0 and realisation 0 → ratio 1 (the target "nothing" was met exactly), flag ``target_zero``;
  - higher is better, target 0, realisation > 0 → ratio +inf, capped; flag ``target_zero``;
  - lower is better, realisation 0, target > 0 → ratio +inf (the best possible outcome), capped;
    flag ``realisation_zero``;
  - lower is better, target 0, realisation > 0 → ratio 0 (formula), flag ``target_zero``.

* Negative target or realisation → achievement undefined (NaN), flag ``negative``; excluded from
  the index because a ratio of signed quantities has no meaning as "share of target".
* ``ratio > absurd_ratio`` (default 10, i.e. more than ten times the target, or for
  lower-is-better a realisation below a tenth of the target) → flag ``extreme``; kept, capped.
* ``achievement = min(ratio, cap)`` (default cap 1.5 = 150 %) so one over-achieving indicator
  cannot hide a stalled one.
* Realisation blank (NaN) → not reported: achievement NaN, ``reported = False``, counted as a
  reporting gap (never as zero achievement).

Stagnation verdict (per dimension)
----------------------------------
Annual index values are year-end values, so a stall that starts in year ``s`` shows first in the
change from ``s - 1`` to ``s``. The model is continuous piecewise-linear OLS with a hinge at
``k = stagnation_start - 1`` (and a second hinge at ``stagnation_end`` when later years exist)::

    index_t = b0 + b1 (t - k) + b2 max(0, t - k) [+ b3 max(0, t - stagnation_end)]

``slope_pre = b1``, ``slope_window = b1 + b2``, ``slope_change = b2``, all in index units
(proportion of target) per year, with t-based confidence intervals (``df = n - p``; with
``df = 0`` the line fits exactly and no interval exists — the result says so instead of
claiming significance). Verdict, with ``Δ = slope_change``:

* ``insufficient data`` (*data tidak cukup*): fewer than 2 scored years before the window, or
  none inside it (also: a dimension with no programmes);
* ``on track`` (*sesuai jalur*): ``Δ > -slow_threshold`` (default 0,02 = 2 percentage points of
  achievement per year) — no break worth the name;
* ``stalled`` (*terhenti*): a break (``Δ ≤ -slow_threshold``) after which the index no longer
  rises: ``slope_window ≤ stall_slope`` (default 0,01 — less than 1 percentage point a year is
  practically no progress);
* ``slowed`` (*melambat*): a break after which the index still rises, more slowly.

Why the change in slope and not the level: achievement is realisation relative to a target
that usually rises every year, so a flat index can mean "keeping pace"; what marks a stall is
the trend breaking against its own past. The words follow their plain meaning: *terhenti* =
progress stopped, *melambat* = progress continued at a lower pace.

The verdict describes the size of the break (point estimate); whether the break is
distinguishable from noise is reported separately (``significant``: the CI of ``Δ`` excludes 0;
missing when no CI can be computed). With annual data there are rarely more than 6 points.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from evaltools.analysis._checks import check_confidence_level, require_table
from evaltools.errors import ParameterError
from evaltools.formatting import fmt_ci, fmt_int, fmt_level, fmt_list, fmt_number, fmt_pct
from evaltools.plotting.style import DIMENSION_COLORS, DIMENSION_LABELS, DIMENSIONS, new_figure
from evaltools.results import Result

VERDICTS = ("stalled", "slowed", "on track", "insufficient data")
VERDICT_LABELS = {
    "stalled": "terhenti",
    "slowed": "melambat",
    "on track": "sesuai jalur",
    "insufficient data": "data tidak cukup",
}

TARGET_COLUMNS = ("program_id", "indicator", "year", "target", "realisation", "higher_is_better")
PROGRAM_COLUMNS = ("program_id", "dimension", "lead_agency")


def _require(frame: Any, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    return require_table(frame, name, columns, instead=f"pass data=EvalData or {name}=DataFrame")


def _as_bool(series: pd.Series) -> pd.Series:
    if series.dtype == bool:
        return series
    mapping = {"true": True, "false": False, "1": True, "0": False, "ya": True, "tidak": False}
    out = series.map(lambda v: v if isinstance(v, (bool, np.bool_)) else mapping.get(str(v).strip().lower()))
    if out.isna().any():
        bad = series[out.isna()].iloc[0]
        raise ParameterError(
            f"column 'higher_is_better' must be true/false; found {bad!r}. Fill it for every row."
        )
    return out.astype(bool)


def achievement(
    program_targets: pd.DataFrame,
    *,
    cap: float = 1.5,
    absurd_ratio: float = 10.0,
) -> pd.DataFrame:
    """Direction-aware achievement of every target (rules in the module docstring).

    Parameters
    ----------
    program_targets : pandas.DataFrame
        The ``program_targets`` table: ``program_id, indicator, year, target, realisation,
        higher_is_better`` (``unit`` optional).
    cap : float, default 1.5
        Upper bound of the achievement used in the index (1.5 = 150 %).
    absurd_ratio : float, default 10
        A ratio above this is flagged ``extreme``.

    Returns
    -------
    pandas.DataFrame
        One row per target row, columns ``program_id, indicator, year, unit, target,
        realisation, higher_is_better, reported`` (bool: realisation given), ``ratio``
        (uncapped, may be inf), ``achievement`` (capped; NaN when not reported or undefined),
        ``flag`` (``""``, ``target_zero``, ``realisation_zero``, ``negative``, ``extreme``).
    """
    _require(program_targets, "program_targets", TARGET_COLUMNS)
    if not (np.isfinite(cap) and cap > 0):
        raise ParameterError(f"cap must be a positive number (e.g. 1.5 for 150%); got {cap!r}")
    if not (np.isfinite(absurd_ratio) and absurd_ratio > 0):
        raise ParameterError(f"absurd_ratio must be a positive number (e.g. 10); got {absurd_ratio!r}")
    df = program_targets.copy()
    if "unit" not in df.columns:
        df["unit"] = ""
    df["target"] = pd.to_numeric(df["target"], errors="coerce").astype(float)
    df["realisation"] = pd.to_numeric(df["realisation"], errors="coerce").astype(float)
    df["year"] = pd.to_numeric(df["year"], errors="coerce")
    if df["year"].isna().any():
        raise ParameterError("column 'year' of program_targets has blank or non-numeric values; fill every year.")
    df["year"] = df["year"].astype(int)
    hib = _as_bool(df["higher_is_better"])
    df["higher_is_better"] = hib
    t = df["target"].to_numpy()
    r = df["realisation"].to_numpy()
    reported = ~np.isnan(r)
    num = np.where(hib, r, t)
    den = np.where(hib, t, r)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = num / den
    both_zero = (t == 0) & (r == 0)
    ratio = np.where(both_zero, 1.0, ratio)
    # x/0 with x > 0 is "infinitely better than asked": numpy already gives +inf.
    negative = reported & ((t < 0) | (r < 0))
    ratio = np.where(negative | ~reported, np.nan, ratio)
    flag = np.full(len(df), "", dtype=object)
    flag[reported & ~hib & (r == 0) & (t > 0)] = "realisation_zero"
    flag[reported & (t == 0)] = "target_zero"
    flag[(flag == "") & reported & (ratio > absurd_ratio)] = "extreme"
    flag[negative] = "negative"
    # target missing while reported: undefined, treated like an unusable row
    no_target = reported & np.isnan(t)
    ratio = np.where(no_target, np.nan, ratio)
    flag[no_target] = "no_target"
    df["reported"] = reported
    df["ratio"] = ratio
    df["achievement"] = np.minimum(ratio, cap)
    df["flag"] = flag
    cols = ["program_id", "indicator", "year", "unit", "target", "realisation", "higher_is_better",
            "reported", "ratio", "achievement", "flag"]
    return df[cols].reset_index(drop=True)


def _join_programs(ach: pd.DataFrame, programs: pd.DataFrame) -> pd.DataFrame:
    _require(programs, "programs", PROGRAM_COLUMNS)
    unknown = sorted(set(ach["program_id"]) - set(programs["program_id"]))
    if unknown:
        raise ParameterError(
            f"program_targets refers to program_id(s) {unknown[:5]} not in table 'programs'; "
            "add them to 'programs' or correct the id."
        )
    return ach.merge(programs[list(PROGRAM_COLUMNS)], on="program_id", how="left")


def progress_index(
    achievement_table: pd.DataFrame,
    programs: pd.DataFrame,
    *,
    by: str = "dimension",
) -> pd.DataFrame:
    """Progress index per group × year: the mean capped achievement of its programmes.

    Each programme's achievement in a year is the mean over its scorable indicators; the group
    index is the mean over programmes (so a programme with many indicators weighs as much as
    one with a single indicator).

    Parameters
    ----------
    achievement_table : pandas.DataFrame
        Output of :func:`achievement`.
    programs : pandas.DataFrame
        The ``programs`` table (``program_id, dimension, lead_agency``).
    by : {"dimension", "lead_agency"}
        The grouping.

    Returns
    -------
    pandas.DataFrame
        Columns ``<by>, year, index`` (mean capped achievement, proportion of target; NaN when
        nothing was scorable), ``n_programs`` (programmes with a score), ``n_programs_total``
        (programmes with a target that year), ``n_targets``, ``n_reported``, ``reporting_gaps``
        (targets not reported), ``coverage`` (``n_reported / n_targets``).
    """
    if by not in ("dimension", "lead_agency"):
        raise ParameterError(f"by must be 'dimension' or 'lead_agency'; got {by!r}")
    df = _join_programs(achievement_table, programs)
    per_prog = (
        df.groupby([by, "year", "program_id"], dropna=False)
        .agg(ach=("achievement", "mean"), n_targets=("reported", "size"), n_reported=("reported", "sum"))
        .reset_index()
    )
    out = (
        per_prog.groupby([by, "year"], dropna=False)
        .agg(
            index=("ach", "mean"),
            n_programs=("ach", "count"),
            n_programs_total=("program_id", "nunique"),
            n_targets=("n_targets", "sum"),
            n_reported=("n_reported", "sum"),
        )
        .reset_index()
    )
    out["n_reported"] = out["n_reported"].astype(int)
    out["reporting_gaps"] = out["n_targets"] - out["n_reported"]
    out["coverage"] = out["n_reported"] / out["n_targets"]
    return out.sort_values([by, "year"]).reset_index(drop=True)


def _segmented_fit(years: np.ndarray, y: np.ndarray, start: int, end: int, level: float) -> dict[str, Any]:
    k = start - 1
    has_post = bool((years > end).any())
    cols = [np.ones_like(years, dtype=float), years - k, np.maximum(0, years - k)]
    if has_post:
        cols.append(np.maximum(0, years - end))
    X = np.column_stack(cols).astype(float)
    n, p = X.shape
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    df_resid = n - p
    contrasts = {"slope_pre": np.eye(p)[1], "slope_window": np.eye(p)[1] + np.eye(p)[2],
                 "slope_change": np.eye(p)[2]}
    if has_post:
        contrasts["slope_post"] = np.eye(p)[1] + np.eye(p)[2] + np.eye(p)[3]
    out: dict[str, Any] = {"df": df_resid}
    if df_resid > 0:
        resid = y - X @ beta
        sigma2 = float(resid @ resid) / df_resid
        cov = sigma2 * np.linalg.pinv(X.T @ X)
        tcrit = stats.t.ppf(0.5 + level / 2, df_resid)
    for name, c in contrasts.items():
        est = float(c @ beta)
        out[name] = est
        if df_resid > 0:
            se = float(np.sqrt(max(c @ cov @ c, 0.0)))
            out[f"{name}_se"] = se
            out[f"{name}_ci_low"] = est - tcrit * se
            out[f"{name}_ci_high"] = est + tcrit * se
            out[f"{name}_p"] = float(2 * stats.t.sf(abs(est / se), df_resid)) if se > 0 else (
                0.0 if est != 0 else 1.0)
        else:
            out[f"{name}_se"] = out[f"{name}_ci_low"] = out[f"{name}_ci_high"] = np.nan
            out[f"{name}_p"] = np.nan
    return out


def stagnation_test(
    index_table: pd.DataFrame,
    *,
    stagnation_start: int,
    stagnation_end: int,
    dimensions: tuple[str, ...] | list[str] | None = None,
    stall_slope: float = 0.01,
    slow_threshold: float = 0.02,
    confidence_level: float = 0.95,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Segmented trend of the dimension index with a break at the stagnation start.

    Parameters
    ----------
    index_table : pandas.DataFrame
        Output of :func:`progress_index` with ``by="dimension"``.
    stagnation_start, stagnation_end : int
        First and last year of the suspected stagnation window.
    dimensions : sequence of str, optional
        Dimensions to judge; default: the six smart-city dimensions plus any other in the table.
        A dimension without index values gets ``insufficient data``.
    slow_threshold : float
        Smallest drop in slope (proportion of target per year) that counts as a break.
    stall_slope : float
        Window slope at or below which a broken trend counts as stalled, not slowed.
    confidence_level : float
        Level of the t-based confidence intervals.

    Returns
    -------
    (verdicts, estimates) : tuple of pandas.DataFrame
        ``verdicts`` — one row per dimension: ``dimension, n_years, n_pre, n_window, n_post,
        df, mean_pre, mean_window, slope_pre, slope_window, slope_change, slope_change_ci_low,
        slope_change_ci_high, p_value`` (of the slope change), ``significant`` (bool, NA when
        no CI), ``verdict``, ``verdict_label`` (Indonesian).
        ``estimates`` — tidy: ``dimension, term`` (slope_pre, slope_window, slope_change,
        slope_post), ``estimate, se, ci_low, ci_high, p_value, df``.
    """
    start, end = _check_window(stagnation_start, stagnation_end)
    confidence_level = check_confidence_level(confidence_level)
    if not (np.isfinite(slow_threshold) and slow_threshold >= 0):
        raise ParameterError(f"slow_threshold must be a number >= 0 (e.g. 0.02); got {slow_threshold!r}")
    if not np.isfinite(stall_slope):
        raise ParameterError(f"stall_slope must be a finite number (e.g. 0.01); got {stall_slope!r}")
    if dimensions is None:
        present = [d for d in index_table["dimension"].dropna().unique() if d not in DIMENSIONS]
        dimensions = [*DIMENSIONS, *sorted(present)]
    rows, est_rows = [], []
    for dim in dimensions:
        sub = index_table[(index_table["dimension"] == dim) & index_table["index"].notna()]
        sub = sub.sort_values("year")
        years = sub["year"].to_numpy(dtype=float)
        y = sub["index"].to_numpy(dtype=float)
        pre, win, post = years < start, (years >= start) & (years <= end), years > end
        row: dict[str, Any] = {
            "dimension": dim, "n_years": len(years), "n_pre": int(pre.sum()),
            "n_window": int(win.sum()), "n_post": int(post.sum()),
            "mean_pre": float(y[pre].mean()) if pre.any() else np.nan,
            "mean_window": float(y[win].mean()) if win.any() else np.nan,
        }
        if row["n_pre"] < 2 or row["n_window"] < 1:
            row.update(df=np.nan, slope_pre=np.nan, slope_window=np.nan, slope_change=np.nan,
                       slope_change_ci_low=np.nan, slope_change_ci_high=np.nan, p_value=np.nan,
                       significant=pd.NA, verdict="insufficient data")
        else:
            fit = _segmented_fit(years, y, start, end, confidence_level)
            delta = fit["slope_change"]
            # Tolerance guards against float noise deciding a verdict exactly at a threshold.
            tol = 1e-12
            if delta > -slow_threshold + tol:
                verdict = "on track"
            elif fit["slope_window"] <= stall_slope + tol:
                verdict = "stalled"
            else:
                verdict = "slowed"
            sig = pd.NA if np.isnan(fit["slope_change_ci_low"]) else bool(
                fit["slope_change_ci_low"] > 0 or fit["slope_change_ci_high"] < 0)
            row.update(df=fit["df"], slope_pre=fit["slope_pre"], slope_window=fit["slope_window"],
                       slope_change=delta, slope_change_ci_low=fit["slope_change_ci_low"],
                       slope_change_ci_high=fit["slope_change_ci_high"], p_value=fit["slope_change_p"],
                       significant=sig, verdict=verdict)
            for term in ("slope_pre", "slope_window", "slope_change", "slope_post"):
                if term in fit:
                    est_rows.append({
                        "dimension": dim, "term": term, "estimate": fit[term], "se": fit[f"{term}_se"],
                        "ci_low": fit[f"{term}_ci_low"], "ci_high": fit[f"{term}_ci_high"],
                        "p_value": fit[f"{term}_p"], "df": fit["df"],
                    })
        row["verdict_label"] = VERDICT_LABELS[row["verdict"]]
        rows.append(row)
    cols = ["dimension", "n_years", "n_pre", "n_window", "n_post", "df", "mean_pre", "mean_window",
            "slope_pre", "slope_window", "slope_change", "slope_change_ci_low", "slope_change_ci_high",
            "p_value", "significant", "verdict", "verdict_label"]
    verdicts = pd.DataFrame(rows, columns=cols)
    estimates = pd.DataFrame(est_rows, columns=["dimension", "term", "estimate", "se", "ci_low",
                                                "ci_high", "p_value", "df"])
    return verdicts, estimates


def _check_window(start: Any, end: Any) -> tuple[int, int]:
    try:
        s, e = int(start), int(end)
    except (TypeError, ValueError):
        raise ParameterError(
            f"stagnation_start and stagnation_end must be years (e.g. 2020 and 2021); got "
            f"{start!r} and {end!r}. Pass them or add them to the 'context' table."
        ) from None
    if e < s:
        raise ParameterError(f"stagnation_end ({e}) must not be before stagnation_start ({s})")
    return s, e


def window_from(data: Any, stagnation_start: Any, stagnation_end: Any) -> tuple[int, int]:
    """Resolve the stagnation window: explicit values first, else ``data.context``."""
    ctx = getattr(data, "context", None) or {}
    start = stagnation_start if stagnation_start is not None else ctx.get("stagnation_start")
    end = stagnation_end if stagnation_end is not None else ctx.get("stagnation_end")
    if start is None or end is None:
        raise ParameterError(
            "stagnation_start/stagnation_end are missing: pass them (e.g. stagnation_start=2020, "
            "stagnation_end=2021) or add them to the 'context' table."
        )
    return _check_window(start, end)


@dataclass
class ProgressResult(Result):
    """Result of :func:`analyze`.

    ``table`` is the verdict table of :func:`stagnation_test`; ``estimates`` the tidy slope
    estimates; ``achievement`` the per-target table (:func:`achievement` plus ``dimension,
    lead_agency``); ``index_dimension`` and ``index_agency`` the outputs of
    :func:`progress_index`; ``agency_table`` the same verdict table as ``table`` per lead agency
    (column ``lead_agency`` instead of ``dimension``).
    """

    estimates: pd.DataFrame = field(default_factory=pd.DataFrame)
    achievement: pd.DataFrame = field(default_factory=pd.DataFrame)
    index_dimension: pd.DataFrame = field(default_factory=pd.DataFrame)
    index_agency: pd.DataFrame = field(default_factory=pd.DataFrame)
    agency_table: pd.DataFrame = field(default_factory=pd.DataFrame)

    def verdicts(self) -> dict[str, str]:
        """Mapping dimension → verdict (English id)."""
        return dict(zip(self.table["dimension"], self.table["verdict"], strict=True))

    def stalled(self) -> list[str]:
        """Dimensions judged ``stalled``."""
        return [d for d, v in self.verdicts().items() if v == "stalled"]

    def plot(self, ax=None):
        """Index by dimension over the years, stagnation window shaded. Returns the Figure."""
        fig, ax = new_figure(ax)
        start, end = self.params["stagnation_start"], self.params["stagnation_end"]
        ax.axvspan(start - 0.5, end + 0.5, color="#999999", alpha=0.2, lw=0,
                   label=f"Periode yang dinilai {start}–{end}")
        idx = self.index_dimension
        for dim, sub in idx.groupby("dimension", sort=False):
            sub = sub.sort_values("year")
            ax.plot(sub["year"], sub["index"] * 100, marker="o", ms=3.5,
                    color=DIMENSION_COLORS.get(dim, "#000000"), label=DIMENSION_LABELS.get(dim, str(dim)))
        ax.axhline(100, color="#333333", lw=0.8, ls="--")
        ax.set_xlabel("Tahun")
        ax.set_ylabel("Indeks capaian (% target)")
        ax.set_title("Indeks capaian target per dimensi")
        ax.yaxis.set_major_formatter(_pct_formatter())
        if len(idx):
            years = sorted(idx["year"].unique())
            ax.set_xticks(years)
            ax.set_xticklabels([str(int(y)) for y in years])
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))
        return fig


def _pct_formatter():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _p: fmt_pct(x, 0))


def analyze(
    data: Any = None,
    *,
    programs: pd.DataFrame | None = None,
    program_targets: pd.DataFrame | None = None,
    stagnation_start: int | None = None,
    stagnation_end: int | None = None,
    cap: float = 1.5,
    absurd_ratio: float = 10.0,
    stall_slope: float = 0.01,
    slow_threshold: float = 0.02,
    confidence_level: float = 0.95,
) -> ProgressResult:
    """Achievement, progress indices and the stagnation verdict per dimension.

    Parameters
    ----------
    data : EvalData, optional
        Supplies ``programs``, ``program_targets`` and ``context`` (stagnation window) unless
        they are passed explicitly.
    programs, program_targets : pandas.DataFrame, optional
        The tables themselves (override ``data``).
    stagnation_start, stagnation_end : int, optional
        Window years; default from ``data.context``.
    cap, absurd_ratio : float
        See :func:`achievement`.
    stall_slope, slow_threshold, confidence_level : float
        See :func:`stagnation_test`.

    Returns
    -------
    ProgressResult
        ``.table``: one row per dimension with columns ``dimension, n_years, n_pre, n_window,
        n_post, df, mean_pre, mean_window, slope_pre, slope_window, slope_change,
        slope_change_ci_low, slope_change_ci_high, p_value, significant, verdict,
        verdict_label``; ``.estimates``, ``.achievement``, ``.index_dimension``,
        ``.index_agency`` as described in :class:`ProgressResult`.
    """
    programs = programs if programs is not None else getattr(data, "programs", None)
    program_targets = program_targets if program_targets is not None else getattr(data, "program_targets", None)
    if programs is None or program_targets is None:
        raise ParameterError(
            "progress needs the tables 'programs' and 'program_targets': pass data=EvalData with "
            "both, or programs=... and program_targets=..."
        )
    start, end = window_from(data, stagnation_start, stagnation_end)
    confidence_level = check_confidence_level(confidence_level)
    ach = achievement(program_targets, cap=cap, absurd_ratio=absurd_ratio)
    ach_full = _join_programs(ach, programs)
    idx_dim = progress_index(ach, programs, by="dimension")
    idx_agency = progress_index(ach, programs, by="lead_agency")
    agency_verdicts, _ = stagnation_test(
        idx_agency.rename(columns={"lead_agency": "dimension"}), stagnation_start=start,
        stagnation_end=end, dimensions=sorted(idx_agency["lead_agency"].dropna().unique()),
        stall_slope=stall_slope, slow_threshold=slow_threshold, confidence_level=confidence_level,
    )
    agency_verdicts = agency_verdicts.rename(columns={"dimension": "lead_agency"})
    dims = [*DIMENSIONS, *sorted(set(programs["dimension"].dropna()) - set(DIMENSIONS))]
    verdicts, estimates = stagnation_test(
        idx_dim, stagnation_start=start, stagnation_end=end, dimensions=dims,
        stall_slope=stall_slope, slow_threshold=slow_threshold,
        confidence_level=confidence_level,
    )
    params = {"stagnation_start": start, "stagnation_end": end, "cap": cap, "absurd_ratio": absurd_ratio,
              "stall_slope": stall_slope, "slow_threshold": slow_threshold,
              "confidence_level": confidence_level}
    sentences, caveats = _sentences(verdicts, ach_full, params)
    return ProgressResult(table=verdicts, sentences=sentences, caveats=caveats, params=params,
                          estimates=estimates, achievement=ach_full, index_dimension=idx_dim,
                          index_agency=idx_agency, agency_table=agency_verdicts)


def _dim_label(dim: str) -> str:
    return DIMENSION_LABELS.get(dim, str(dim))


def _sentences(verdicts: pd.DataFrame, ach: pd.DataFrame, params: dict[str, Any]) -> tuple[list[str], list[str]]:
    start, end = params["stagnation_start"], params["stagnation_end"]
    level = params["confidence_level"]
    window = f"{start}–{end}" if end > start else str(start)
    sentences: list[str] = []
    judged = verdicts[verdicts["verdict"] != "insufficient data"]
    for verdict in ("stalled", "slowed"):
        dims = judged[judged["verdict"] == verdict]
        if len(dims):
            names = fmt_list(_dim_label(d) for d in dims["dimension"])
            sentences.append(
                f"Pada {window}, capaian target dimensi {names} {VERDICT_LABELS[verdict]} "
                "dibandingkan tren sebelumnya."
            )
    # Numbers only for the dimensions that broke; the per-dimension table carries the rest, and
    # six sentences of numbers in a row are not read.
    for _, r in judged[judged["verdict"].isin(["stalled", "slowed"])].iterrows():
        ci = fmt_ci(r["slope_change_ci_low"] * 100, r["slope_change_ci_high"] * 100, 1, level=level) \
            if not pd.isna(r["slope_change_ci_low"]) else "(interval kepercayaan tidak dapat dihitung)"
        sentences.append(
            f"{_dim_label(r['dimension'])}: laju capaian berubah dari "
            f"{fmt_number(r['slope_pre'] * 100, 1, signed=True)} menjadi "
            f"{fmt_number(r['slope_window'] * 100, 1, signed=True)} poin persen per tahun; "
            f"perubahan {fmt_number(r['slope_change'] * 100, 1, signed=True)} {ci}; "
            f"penilaian: {r['verdict_label']}."
        )
    on_track = judged[judged["verdict"] == "on track"]
    if len(on_track) and len(on_track) < len(judged):
        sentences.append(f"Dimensi {fmt_list(_dim_label(d) for d in on_track['dimension'])} sesuai jalur; "
                         "rincian setiap dimensi ada pada tabel penilaian per dimensi.")
    if len(judged) and not (judged["verdict"].isin(["stalled", "slowed"])).any():
        sentences.insert(0, f"Tidak ada dimensi yang capaiannya terhenti atau melambat pada {window}.")
    caveats: list[str] = []
    insuff = verdicts[verdicts["verdict"] == "insufficient data"]
    if len(insuff):
        names = fmt_list(_dim_label(d) for d in insuff["dimension"])
        caveats.append(
            f"Data tidak cukup untuk menilai dimensi {names} (perlu sedikitnya dua tahun sebelum "
            f"{start} dan satu tahun di dalam periode yang dinilai {window}, atau dimensi ini tidak memiliki program)."
        )
    if len(judged):
        max_n = int(judged["n_years"].max())
        if max_n <= 6:
            caveats.append(
                f"Tren per dimensi hanya bertumpu pada paling banyak {fmt_int(max_n)} titik tahunan; "
                "interval kepercayaannya (IK) sangat lebar, sehingga penilaian "
                "menggambarkan besarnya perubahan, bukan bukti statistik yang pasti."
            )
        no_ci = judged[judged["df"] == 0]
        if len(no_ci):
            names = fmt_list(_dim_label(d) for d in no_ci["dimension"])
            caveats.append(
                f"Untuk dimensi {names} jumlah titik sama dengan jumlah parameter, sehingga garis "
                "tren pas sempurna dan tidak ada interval kepercayaan maupun uji signifikansi."
            )
        is_sig = judged["significant"].map(lambda v: v is True)
        is_nonsig = judged["significant"].map(lambda v: v is False)
        sig, nonsig = judged[is_sig], judged[is_nonsig]
        if len(nonsig):
            names = fmt_list(_dim_label(d) for d in nonsig["dimension"])
            caveats.append(
                f"Perubahan laju pada dimensi {names} tidak berbeda nyata dari nol pada tingkat "
                f"kepercayaan {fmt_level(level)}."
            )
        if len(sig):
            names = fmt_list(_dim_label(d) for d in sig["dimension"])
            sentences.append(
                f"Perubahan laju pada dimensi {names} berbeda nyata dari nol pada tingkat "
                f"kepercayaan {fmt_level(level)}."
            )
    n_targets = len(ach)
    n_gap = int((~ach["reported"]).sum())
    if n_targets and n_gap:
        caveats.append(
            f"Sebanyak {fmt_int(n_gap)} dari {fmt_int(n_targets)} target ({fmt_pct(n_gap / n_targets, proportion=True)}) "
            "tidak dilaporkan realisasinya dan tidak dihitung dalam indeks."
        )
    if n_targets and n_gap == n_targets:
        caveats.append("Seluruh realisasi target kosong: capaian tidak dapat dinilai.")
    flagged = ach[ach["flag"].isin(["negative", "extreme", "target_zero", "no_target"])]
    if len(flagged):
        caveats.append(
            f"{fmt_int(len(flagged))} baris target ditandai tidak wajar (nilai negatif, target nol, "
            f"target kosong, atau realisasi lebih dari {fmt_number(params['absurd_ratio'], 0)} kali target); "
            f"capaian dibatasi paling tinggi {fmt_pct(params['cap'], 0, proportion=True)} dan nilai "
            "negatif tidak dihitung. Periksa baris tersebut pada tabel capaian."
        )
    return sentences, caveats


def evidence(result: ProgressResult) -> pd.DataFrame:
    """Evidence rows from progress: none, by design.

    Progress locates the stall (the "where"); it measures the outcome, not a cause, so it
    contributes no row to any factor of the evidence matrix. The diagnosis uses
    ``result.table`` (the verdicts) to answer "Was it stagnant? Where?".

    Returns
    -------
    pandas.DataFrame
        An empty evidence frame with the contract's columns ``factor, source, finding,
        direction, strength, score, n, detail``.
    """
    from evaltools.analysis.evidence import make_evidence_frame

    if not isinstance(result, ProgressResult):
        raise ParameterError("result must be the ProgressResult returned by evaltools.progress.analyze")
    return make_evidence_frame([])


#: The British spelling, kept as an alias so that either name works; ``analyze`` is canonical.
analyse = analyze
