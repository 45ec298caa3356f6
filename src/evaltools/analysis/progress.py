"""Progress against targets: was implementation stagnant, and where?

Three layers, each a pure function of tables:

1. :func:`achievement` — direction-aware achievement per programme × indicator × year.
2. :func:`progress_index` — mean capped achievement per group (dimension or lead agency) × year,
   with the number of programmes behind it and the reporting coverage.
3. :func:`programme_slopes` and :func:`stagnation_test` — per programme, a segmented
   (piecewise-linear) OLS trend with a break at the stagnation start; per dimension (or agency),
   a test of the mean slope change across its programmes, corrected for testing several
   dimensions at once, and a verdict code. :func:`stagnation_answer` turns the verdicts into
   the overall answer (yes / partly / no / undetermined) with a strength.

:func:`analyze` runs all of them on an ``EvalData`` (or on the two tables) and returns a
:class:`ProgressResult`.

Achievement rules
-----------------
* ``higher_is_better``: ``ratio = realisation / target``; otherwise
  ``ratio = target / realisation``.
* Zero cases (defined, never a division error):

  - target 0 and realisation 0 → ratio 1 (the target "nothing" was met exactly), flag
    ``target_zero``;
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
Annual values are year-end values, so a stall that starts in year ``s`` shows first in the
change from ``s - 1`` to ``s``. **Per programme** (its yearly achievement = mean of its scorable
indicators) the model is continuous piecewise-linear OLS with a hinge at ``k = stagnation_start
- 1`` (and a second hinge at ``stagnation_end`` when later years exist)::

    ach_pt = b0 + b1 (t - k) + b2 max(0, t - k) [+ b3 max(0, t - stagnation_end)]

``slope_pre = b1``, ``slope_window = b1 + b2``, ``slope_change = b2`` (proportion of target per
year). Each programme has its own level and pre-window slope (programme fixed effects and
slopes), so a programme that starts late or a rounding-heavy small target cannot bend the
dimension line. A programme is *eligible* with at least 2 scored years before the window and
1 inside (``min_pre_years``, ``min_window_years``).

**Per dimension** the estimate is the mean of its eligible programmes' slope changes (equal
weights, as in the index), with a one-sample t interval and t test across programmes
(``df = n_programmes - 1``): programmes are the independent units, so the noise within a
programme, its rounding and the spread of true changes between programmes all enter the
standard error. With unequal programme variances (normal errors of different sizes, a
Gaussian scale mixture) the two-sided t test keeps its level for α ≤ 0,05 (Bakirov & Székely
2005, "Student's t-test for Gaussian scale mixtures"), which covers every Holm step at the
default level.

**Multiplicity.** The p-values of the dimensions judged are adjusted by Holm's step-down
method (``p_adjusted``; family-wise error ≤ ``1 - confidence_level`` under any dependence).
Holm rather than Bonferroni: the first rejection is identical, later ones are easier.
``slope_change_ci_low/high`` are the unadjusted intervals at ``confidence_level`` (they match
``p_value``); the verdict uses ``p_adjusted``. Agencies form their own family.

**Minimum of data.** A dimension with fewer than ``min_programmes`` (default 3) eligible
programmes, or whose programmes' pre-windows are shorter than 2 years, is ``undetermined``
(*tidak dapat dinilai*) — neither stalled nor fine.

**Verdict** (``significant = p_adjusted < 1 - confidence_level``, ``Δ = slope_change``):

* ``stalled`` (*terhenti*): significant, ``Δ ≤ -slow_threshold`` (default 0,02 = 2 pp/yr) and
  the window slope ``≤ stall_slope`` (default 0,01: progress practically stopped);
* ``slowed`` (*melambat*): significant, ``Δ ≤ -slow_threshold``, window slope above it;
* ``improved`` (*membaik*): significant, ``Δ ≥ slow_threshold``;
* ``on_track`` (*sesuai tren sebelumnya*): no significant change of that size, and the
  interval rules out a drop larger than ``on_track_margin`` (default 0,05 = 5 pp/yr, the size
  of a stall): the data show the dimension kept its pace;
* ``undetermined`` (*tidak dapat dinilai*): below the minimum of data (``undetermined_reason``
  ``too_few_data``), or no significant change but an interval that still holds a drop as large
  as a stall (``interval_too_wide``): "on track" would over-claim what thin data show.

Why the change in slope and not the level: achievement is realisation relative to a target
that usually rises every year, so a flat index can mean "keeping pace"; what marks a stall is
the trend breaking against its own past.

Calibration (``benchmarks/stagnation.py``, ``docs/diagnosis-rules.md`` §4): under no
stagnation the overall answer is yes/partly in at most 1 % of draws at the default level (any
Holm-significant change in at most 4,5 %); on redraws of the demo's planted stagnation it is
yes/partly in 98,5–99 %.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from evaltools.analysis._checks import check_confidence_level, require_table
from evaltools.errors import ParameterError
from evaltools.formatting import fmt_pct
from evaltools.plotting.style import DIMENSION_COLORS, new_figure
from evaltools.results import Result, Statement, caveat, finding
from evaltools.vocabulary import DIMENSIONS, STRENGTHS
from evaltools.vocabulary import PROGRESS_VERDICTS as VERDICTS

#: Largest drop (proportion of target per year) an interval may still hold for "on_track".
ON_TRACK_MARGIN = 0.05

#: Label dictionaries that used to live here, now words of the prose layer (current language):
#: module attribute -> (prose label kind).
_LABEL_ALIASES = {
    "VERDICT_LABELS": "progress_verdict",
    "ANSWER_LABELS": "answer",
    "STRENGTH_LABELS": "strength_word",
}


def __getattr__(name: str) -> Any:
    # Old public names kept for callers (diagnosis, report, notebooks): the words now come from
    # evaltools.prose in the current language.
    if name in _LABEL_ALIASES:
        from evaltools.prose import labels

        return labels(_LABEL_ALIASES[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


TARGET_COLUMNS = ("program_id", "indicator", "year", "target", "realisation", "higher_is_better")
PROGRAM_COLUMNS = ("program_id", "dimension", "lead_agency")


def _require(frame: Any, name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    return require_table(frame, name, columns, instead=f"pass data=EvalData or {name}=DataFrame")


def _as_bool(series: pd.Series) -> pd.Series:
    if series.dtype == bool:
        return series
    mapping = {"true": True, "false": False, "1": True, "0": False, "ya": True, "tidak": False}
    out = series.map(
        lambda v: v if isinstance(v, (bool, np.bool_)) else mapping.get(str(v).strip().lower())
    )
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
        raise ParameterError(
            f"absurd_ratio must be a positive number (e.g. 10); got {absurd_ratio!r}"
        )
    df = program_targets.copy()
    if "unit" not in df.columns:
        df["unit"] = ""
    df["target"] = pd.to_numeric(df["target"], errors="coerce").astype(float)
    df["realisation"] = pd.to_numeric(df["realisation"], errors="coerce").astype(float)
    df["year"] = pd.to_numeric(df["year"], errors="coerce")
    if df["year"].isna().any():
        raise ParameterError(
            "column 'year' of program_targets has blank or non-numeric values; fill every year."
        )
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
    cols = [
        "program_id",
        "indicator",
        "year",
        "unit",
        "target",
        "realisation",
        "higher_is_better",
        "reported",
        "ratio",
        "achievement",
        "flag",
    ]
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
        .agg(
            ach=("achievement", "mean"),
            n_targets=("reported", "size"),
            n_reported=("reported", "sum"),
        )
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


def _programme_fit(years: np.ndarray, y: np.ndarray, start: int, end: int) -> dict[str, float]:
    """Segmented OLS of one programme's yearly achievement (hinge at ``start - 1`` and, when
    later years exist, at ``end``); the caller guarantees >= 2 years before and >= 1 inside."""
    k = start - 1
    has_post = bool((years > end).any())
    cols = [np.ones_like(years, dtype=float), years - k, np.maximum(0, years - k)]
    if has_post:
        cols.append(np.maximum(0, years - end))
    X = np.column_stack(cols).astype(float)
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    out = {
        "slope_pre": float(beta[1]),
        "slope_window": float(beta[1] + beta[2]),
        "slope_change": float(beta[2]),
        "slope_post": float(beta[1] + beta[2] + beta[3]) if has_post else np.nan,
    }
    return out


def programme_slopes(
    achievement_table: pd.DataFrame,
    programs: pd.DataFrame,
    *,
    stagnation_start: int,
    stagnation_end: int,
    min_pre_years: int = 2,
    min_window_years: int = 1,
) -> pd.DataFrame:
    """Per programme: the slope before, during and after the window and its change.

    A programme's yearly achievement is the mean of its scorable indicators that year (as in
    :func:`progress_index`). Each programme gets its own continuous piecewise-linear OLS line
    (module docstring), so programme levels and pre-window slopes are its own (programme fixed
    effects and slopes) and programmes that enter late do not bend a dimension's mean.

    Parameters
    ----------
    achievement_table : pandas.DataFrame
        Output of :func:`achievement`.
    programs : pandas.DataFrame
        The ``programs`` table (``program_id, dimension, lead_agency``).
    stagnation_start, stagnation_end : int
        The window.
    min_pre_years, min_window_years : int
        A programme needs at least this many scored years before and inside the window
        (never fewer than 2 and 1: a slope needs two points) to be ``eligible``.

    Returns
    -------
    pandas.DataFrame
        One row per programme: ``program_id, dimension, lead_agency, n_pre, n_window, n_post,
        eligible`` (bool), ``mean_pre, mean_window, slope_pre, slope_window, slope_change,
        slope_post`` (NaN when not eligible or, for ``slope_post``, without later years).
    """
    start, end = _check_window(stagnation_start, stagnation_end)
    need_pre = max(2, _check_min(min_pre_years, "min_pre_years"))
    need_win = max(1, _check_min(min_window_years, "min_window_years"))
    df = _join_programs(achievement_table, programs)
    per_year = df.groupby(["program_id", "year"])["achievement"].mean().dropna()
    pids_arr = per_year.index.get_level_values(0).to_numpy()
    years_arr = per_year.index.get_level_values(1).to_numpy(dtype=float)
    vals_arr = per_year.to_numpy(dtype=float)
    # rows of each programme (per_year is sorted by programme, then year)
    bounds = {pid: (i, j) for pid, i, j in zip(*_runs(pids_arr), strict=True)}
    rows = []
    progs = programs.drop_duplicates("program_id")
    nan_fit = dict.fromkeys(("slope_pre", "slope_window", "slope_change", "slope_post"), np.nan)
    for pid, dim, agency in zip(
        progs["program_id"], progs["dimension"], progs["lead_agency"], strict=True
    ):
        i, j = bounds.get(pid, (0, 0))
        years, y = years_arr[i:j], vals_arr[i:j]
        pre, win, post = years < start, (years >= start) & (years <= end), years > end
        row: dict[str, Any] = {
            "program_id": pid,
            "dimension": dim,
            "lead_agency": agency,
            "n_pre": int(pre.sum()),
            "n_window": int(win.sum()),
            "n_post": int(post.sum()),
            "mean_pre": float(y[pre].mean()) if pre.any() else np.nan,
            "mean_window": float(y[win].mean()) if win.any() else np.nan,
        }
        row["eligible"] = row["n_pre"] >= need_pre and row["n_window"] >= need_win
        fit = _programme_fit(years, y, start, end) if row["eligible"] else nan_fit
        rows.append(row | fit)
    cols = [
        "program_id",
        "dimension",
        "lead_agency",
        "n_pre",
        "n_window",
        "n_post",
        "eligible",
        "mean_pre",
        "mean_window",
        "slope_pre",
        "slope_window",
        "slope_change",
        "slope_post",
    ]
    out = pd.DataFrame(rows, columns=cols)
    out["eligible"] = out["eligible"].astype(bool)
    return out


def _runs(keys: np.ndarray) -> tuple[list[Any], list[int], list[int]]:
    """Start and end positions of the runs of equal consecutive values of ``keys``."""
    if len(keys) == 0:
        return [], [], []
    change = np.flatnonzero(keys[1:] != keys[:-1]) + 1
    starts = np.concatenate([[0], change])
    ends = np.concatenate([change, [len(keys)]])
    return list(keys[starts]), starts.tolist(), ends.tolist()


def _check_min(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ParameterError(f"{name} must be a whole number >= 0; got {value!r}")
    return int(value)


def holm(p_values: Any) -> np.ndarray:
    """Holm's step-down adjusted p-values (family-wise error control; NaN stays NaN).

    ``p_adj[(i)] = max_{j <= i} min(1, (m - j + 1) p[(j)])`` over the ``m`` non-missing
    p-values sorted ascending. Rejecting where ``p_adj < alpha`` controls the family-wise error
    rate at ``alpha`` under any dependence between the tests (Holm 1979).
    """
    p = np.asarray(p_values, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    m = len(ok)
    if m == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    adj = np.minimum(1.0, (m - np.arange(m)) * p[order])
    out[order] = np.maximum.accumulate(adj)
    return out


def _mean_t(values: np.ndarray, level: float) -> dict[str, float]:
    """Mean across programmes with a t interval and a two-sided t test of mean 0 (df = n - 1)."""
    n = len(values)
    est = float(values.mean())
    sd = float(values.std(ddof=1))
    se = sd / np.sqrt(n)
    df = n - 1
    tcrit = float(stats.t.ppf(0.5 + level / 2, df))
    tiny = 1e-12  # below float noise of achievement ratios: treat as exactly zero
    if se > tiny:
        p = float(2 * stats.t.sf(abs(est / se), df))
    else:  # every programme changed by exactly the same amount
        se = 0.0
        p = 0.0 if abs(est) > tiny else 1.0
    return {
        "estimate": est,
        "se": se,
        "ci_low": est - tcrit * se,
        "ci_high": est + tcrit * se,
        "p_value": p,
        "df": df,
    }


def _test_groups(
    slopes: pd.DataFrame,
    *,
    by: str,
    groups: list[str],
    stall_slope: float,
    slow_threshold: float,
    confidence_level: float,
    on_track_margin: float,
    min_programmes: int,
    min_pre_years: int,
    min_window_years: int,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    alpha = 1.0 - confidence_level
    rows, est_rows = [], []
    index = slopes.groupby(by, sort=False).indices if len(slopes) else {}
    cols = {
        c: slopes[c].to_numpy(dtype=float)
        for c in (
            "n_pre",
            "n_window",
            "n_post",
            "mean_pre",
            "mean_window",
            "slope_pre",
            "slope_window",
            "slope_change",
            "slope_post",
        )
    }
    eligible = slopes["eligible"].to_numpy(dtype=bool)
    nan = np.nan
    for g in groups:
        pos = index.get(g, np.array([], dtype=int))
        ok = pos[eligible[pos]]
        n = len(ok)

        def col(name: str, ok: np.ndarray = ok) -> np.ndarray:
            return cols[name][ok]

        row: dict[str, Any] = {
            by: g,
            "n_programmes": n,
            "n_programmes_total": len(pos),
            "n_pre": int(col("n_pre").max()) if n else 0,
            "n_window": int(col("n_window").max()) if n else 0,
            "n_post": int(col("n_post").max()) if n else 0,
            "pre_years": int(np.floor(np.median(col("n_pre")))) if n else 0,
            "mean_pre": float(np.nanmean(col("mean_pre"))) if n else nan,
            "mean_window": float(np.nanmean(col("mean_window"))) if n else nan,
        }
        row["n_years"] = row["n_pre"] + row["n_window"] + row["n_post"]
        judged = (
            n >= max(2, min_programmes)
            and row["pre_years"] >= max(2, min_pre_years)
            and row["n_window"] >= max(1, min_window_years)
        )
        row.update(
            df=nan,
            slope_pre=nan,
            slope_window=nan,
            slope_change=nan,
            slope_change_se=nan,
            slope_change_ci_low=nan,
            slope_change_ci_high=nan,
            p_value=nan,
            judged=judged,
        )
        if judged:
            fits = {}
            for term in ("slope_pre", "slope_window", "slope_change", "slope_post"):
                vals = col(term)
                vals = vals[~np.isnan(vals)]
                if len(vals) >= 2:
                    fits[term] = _mean_t(vals, confidence_level)
                    est_rows.append({by: g, "term": term, **fits[term]})
            ch = fits["slope_change"]
            row.update(
                df=ch["df"],
                slope_pre=fits["slope_pre"]["estimate"],
                slope_window=fits["slope_window"]["estimate"],
                slope_change=ch["estimate"],
                slope_change_se=ch["se"],
                slope_change_ci_low=ch["ci_low"],
                slope_change_ci_high=ch["ci_high"],
                p_value=ch["p_value"],
            )
        rows.append(row)
    out_cols = [
        by,
        "verdict",
        "n_programmes",
        "n_programmes_total",
        "n_years",
        "n_pre",
        "n_window",
        "n_post",
        "pre_years",
        "df",
        "mean_pre",
        "mean_window",
        "slope_pre",
        "slope_window",
        "slope_change",
        "slope_change_se",
        "slope_change_ci_low",
        "slope_change_ci_high",
        "p_value",
        "p_adjusted",
        "significant",
        "undetermined_reason",
    ]
    estimates = pd.DataFrame(
        est_rows, columns=[by, "term", "estimate", "se", "ci_low", "ci_high", "p_value", "df"]
    )
    if not rows:  # no group at all (e.g. every lead_agency blank)
        return pd.DataFrame(columns=out_cols), estimates
    table = pd.DataFrame(rows)
    table["p_adjusted"] = holm(table["p_value"].where(table["judged"]))
    tol = 1e-12  # float noise must not decide a verdict exactly at a threshold
    verdicts, significant, reasons = [], [], []
    for r in table.to_dict("records"):
        if not r["judged"]:
            verdicts.append("undetermined")
            significant.append(pd.NA)
            reasons.append("too_few_data")
            continue
        sig = bool(r["p_adjusted"] < alpha)
        significant.append(sig)
        reason = None
        if sig and r["slope_change"] <= -slow_threshold + tol:
            verdict = "stalled" if r["slope_window"] <= stall_slope + tol else "slowed"
        elif sig and r["slope_change"] >= slow_threshold - tol:
            verdict = "improved"
        elif r["slope_change_ci_low"] >= -on_track_margin - tol:
            verdict = "on_track"
        else:
            # Not significant, but the interval still holds a drop as large as a stall: the
            # data cannot tell "kept its pace" from "stalled" — saying on_track would over-claim.
            verdict, reason = "undetermined", "interval_too_wide"
        verdicts.append(verdict)
        reasons.append(reason)
    table["significant"] = pd.Series(significant, dtype=object)
    table["verdict"] = verdicts
    table["undetermined_reason"] = reasons
    return table[out_cols], estimates


def stagnation_test(
    achievement_table: pd.DataFrame,
    programs: pd.DataFrame,
    *,
    stagnation_start: int,
    stagnation_end: int,
    by: str = "dimension",
    groups: tuple[str, ...] | list[str] | None = None,
    stall_slope: float = 0.01,
    slow_threshold: float = 0.02,
    confidence_level: float = 0.95,
    on_track_margin: float = ON_TRACK_MARGIN,
    min_programmes: int = 3,
    min_pre_years: int = 2,
    min_window_years: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Per group (dimension or lead agency): did the slope of achievement break in the window?

    Rules, the minimum of data and the multiplicity correction: module docstring ("Stagnation
    verdict").

    Parameters
    ----------
    achievement_table : pandas.DataFrame
        Output of :func:`achievement`.
    programs : pandas.DataFrame
        The ``programs`` table (``program_id, dimension, lead_agency``).
    stagnation_start, stagnation_end : int
        First and last year of the suspected stagnation window.
    by : {"dimension", "lead_agency"}
        The grouping; the Holm correction runs across the groups judged.
    groups : sequence of str, optional
        Groups to judge; default for dimensions: the six smart-city dimensions plus any other in
        ``programs``; for agencies: every agency in ``programs``. A group without programmes
        is ``undetermined``.
    stall_slope : float, default 0.01
        After a significant drop, a window slope at or below this (proportion of target per
        year) is *stalled*, above it *slowed*.
    slow_threshold : float, default 0.02
        Smallest slope change (proportion of target per year) that counts as a break (or an
        improvement) even when significant.
    confidence_level : float, default 0.95
        Level of the intervals; the family-wise error rate of the verdicts is
        ``1 - confidence_level``.
    on_track_margin : float, default 0.05
        A group without a significant change is *on_track* only when its interval rules out a
        drop larger than this (proportion of target per year: 0,05 = 5 pp/yr, the size of a
        stall); otherwise it is *undetermined* (``undetermined_reason`` ``interval_too_wide``).
    min_programmes, min_pre_years, min_window_years : int
        The minimum of data below which a group is ``undetermined`` (defaults 3, 2, 1).

    Returns
    -------
    (verdicts, estimates) : tuple of pandas.DataFrame
        ``verdicts`` — one row per group: ``<by>, verdict`` (code; words via
        :func:`evaltools.prose.progress.verdict_table`), ``n_programmes``
        (programmes with enough data), ``n_programmes_total, n_years, n_pre, n_window, n_post``
        (years with data in each period), ``pre_years`` (years the programmes' pre-window slopes
        rest on, median over programmes), ``df, mean_pre, mean_window, slope_pre, slope_window,
        slope_change, slope_change_se, slope_change_ci_low, slope_change_ci_high`` (interval at
        ``confidence_level``, not adjusted), ``p_value`` (t test of no mean slope change),
        ``p_adjusted`` (Holm across the groups judged), ``significant`` (``p_adjusted < 1 -
        confidence_level``; NA when undetermined), ``undetermined_reason`` (``too_few_data``,
        ``interval_too_wide`` or None).
        ``estimates`` — tidy: ``<by>, term`` (slope_pre, slope_window, slope_change,
        slope_post), ``estimate, se, ci_low, ci_high, p_value, df`` (means across programmes).
    """
    if by not in ("dimension", "lead_agency"):
        raise ParameterError(f"by must be 'dimension' or 'lead_agency'; got {by!r}")
    confidence_level = check_confidence_level(confidence_level)
    _check_thresholds(stall_slope, slow_threshold)
    _check_min(min_programmes, "min_programmes")
    _check_margin(on_track_margin)
    slopes = programme_slopes(
        achievement_table,
        programs,
        stagnation_start=stagnation_start,
        stagnation_end=stagnation_end,
        min_pre_years=min_pre_years,
        min_window_years=min_window_years,
    )
    return _test_groups(
        slopes,
        by=by,
        groups=_default_groups(programs, by, groups),
        stall_slope=stall_slope,
        slow_threshold=slow_threshold,
        confidence_level=confidence_level,
        on_track_margin=on_track_margin,
        min_programmes=min_programmes,
        min_pre_years=min_pre_years,
        min_window_years=min_window_years,
    )


def _default_groups(programs: pd.DataFrame, by: str, groups: Any) -> list[str]:
    if groups is not None:
        return list(groups)
    present = sorted(str(g) for g in programs[by].dropna().unique())
    if by == "dimension":
        return [*DIMENSIONS, *[g for g in present if g not in DIMENSIONS]]
    return present


def _check_margin(on_track_margin: Any) -> None:
    if not (
        isinstance(on_track_margin, (int, float))
        and np.isfinite(on_track_margin)
        and on_track_margin >= 0
    ):
        raise ParameterError(
            f"on_track_margin must be a number >= 0 (e.g. 0.05); got {on_track_margin!r}"
        )


def _check_thresholds(stall_slope: Any, slow_threshold: Any) -> None:
    if not (
        isinstance(slow_threshold, (int, float))
        and np.isfinite(slow_threshold)
        and slow_threshold >= 0
    ):
        raise ParameterError(
            f"slow_threshold must be a number >= 0 (e.g. 0.02); got {slow_threshold!r}"
        )
    if not (isinstance(stall_slope, (int, float)) and np.isfinite(stall_slope)):
        raise ParameterError(
            f"stall_slope must be a finite number (e.g. 0.01); got {stall_slope!r}"
        )


# --------------------------------------------------------------------------------------------
# The overall answer "was it stagnant?" as codes
# --------------------------------------------------------------------------------------------


#: The numbers of the strength rules of :func:`stagnation_answer` (docs/diagnosis-rules.md §4).
ANSWER_RULES: dict[str, float] = {
    # "yes"/"partly": the decisive (smallest p_adjusted) flagged dimension
    "clear_p_share": 0.1,  # p_adjusted <= 0.1 * alpha (0.005 at 95%): a clear break
    "marginal_p_share": 0.5,  # p_adjusted > 0.5 * alpha (0.025 at 95%): a marginal break
    "strong_min_programmes": 5,  # strong needs at least this many programmes behind the break
    "weak_below_programmes": 4,  # fewer programmes than this: weak
    # "no": how large a drop the intervals of every judged dimension still allow
    "no_strong_drop": 0.02,  # every interval excludes a drop of 2 pp/yr: strong
    "no_moderate_drop": 0.05,  # every interval excludes a drop of 5 pp/yr: moderate, else weak
    # both: pre-period shorter than this (years) caps the strength
    "thin_pre_years": 3,
}

_PEER_CODES = {True: "peers_behind", False: "peers_not_behind", None: "no_peers"}


def _lower_strength(s: str, steps: int = 1) -> str:
    return STRENGTHS[min(STRENGTHS.index(s) + steps, 2)] if s != "none" else s


def _cap_strength(s: str, cap: str) -> str:
    return s if STRENGTHS.index(s) >= STRENGTHS.index(cap) else cap


def stagnation_answer(
    verdicts: pd.DataFrame | None,
    *,
    peers_behind: bool | None = None,
    confidence_level: float | None = None,
    min_programmes: int = 3,
) -> dict[str, Any]:
    """The overall answer to "was implementation stagnant in the window?", as codes.

    Rules (table and measured calibration in ``docs/diagnosis-rules.md`` §4):

    * **answer** — ``undetermined`` when no dimension is judged (all ``undetermined``, or no
      table); ``no`` when no judged dimension is ``stalled``/``slowed``; ``yes`` when every
      judged dimension is; else ``partly``. A dimension is flagged only when its slope change
      is significant after Holm's correction (:func:`stagnation_test`), so under no stagnation
      the answer is ``yes``/``partly`` in at most ``1 - confidence_level`` of samples.
    * **strength of yes/partly** — from the flagged dimension with the smallest ``p_adjusted``:
      *strong* when ``p_adjusted <= 0.1·α`` and it rests on >= 5 programmes; *weak* when
      ``p_adjusted > 0.5·α`` or fewer than 4 programmes; else *moderate*. One level up when
      ``peers_behind`` is True (an independent comparison shows the region falling behind).
    * **strength of no** — *strong* when the interval of every judged dimension excludes a
      drop of 2 pp/yr, *moderate* when it excludes 5 pp/yr, else *weak*; at most *moderate*
      when some dimensions are undetermined; one level down when ``peers_behind`` is True.
    * **caps** — a pre-period shorter than 3 years (``pre_years``) caps yes/partly at
      *moderate* and no at *weak*, whatever the peers say.

    Parameters
    ----------
    verdicts : pandas.DataFrame or None
        The verdict table of :func:`stagnation_test` / :func:`analyze` (``result.table``);
        ``None`` when progress could not be analysed.
    peers_behind : bool or None
        True: a peer comparison independently shows the region falling behind its peers in the
        window; False: compared, not behind; None: no comparison.
    confidence_level : float, optional
        The level the verdicts were computed at; default: the table's
        ``attrs["confidence_level"]`` (set by :func:`analyze`), else 0.95.
    min_programmes : int, default 3
        Only quoted in the reason when nothing could be judged.

    Returns
    -------
    dict
        ``answer`` (yes | partly | no | undetermined), ``strength`` (strong | moderate | weak |
        none), ``dimensions_flagged``, ``dimensions_undetermined`` (lists of dimension ids),
        ``n_dimensions_judged`` (int), ``pre_years`` (int: longest pre-period, in years, that a
        judged dimension's slopes rest on; 0 when none), ``reasons`` (short codes, keys of
        ``progress.reason.<code>`` templates of :mod:`evaltools.prose.progress`; words via
        :func:`reason_text`), and ``facts`` (the numbers the reasons quote).
    """
    if peers_behind is not None and not isinstance(peers_behind, (bool, np.bool_)):
        raise ParameterError(f"peers_behind must be True, False or None; got {peers_behind!r}")
    if verdicts is None or len(verdicts) == 0:
        return {
            "answer": "undetermined",
            "strength": "none",
            "dimensions_flagged": [],
            "dimensions_undetermined": [],
            "n_dimensions_judged": 0,
            "pre_years": 0,
            "reasons": ["no_progress_data"],
            "facts": {},
        }
    missing = [c for c in ("dimension", "verdict") if c not in verdicts.columns]
    if missing:
        raise ParameterError(
            f"verdicts lacks column(s) {missing}; pass the table of progress.analyze"
        )
    bad = sorted(set(verdicts["verdict"]) - set(VERDICTS))
    if bad:
        raise ParameterError(f"verdicts has unknown verdict code(s) {bad}; known: {list(VERDICTS)}")
    if confidence_level is None:
        confidence_level = verdicts.attrs.get("confidence_level", 0.95)
    alpha = 1.0 - check_confidence_level(confidence_level)
    rules = ANSWER_RULES
    judged = verdicts[verdicts["verdict"] != "undetermined"]
    undetermined = [
        str(d) for d in verdicts.loc[verdicts["verdict"] == "undetermined", "dimension"]
    ]
    flagged_rows = judged[judged["verdict"].isin(["stalled", "slowed"])]
    flagged = [str(d) for d in flagged_rows["dimension"]]
    pre_years = int(judged["pre_years"].max()) if len(judged) and "pre_years" in judged else 0
    out: dict[str, Any] = {
        "dimensions_flagged": flagged,
        "dimensions_undetermined": undetermined,
        "n_dimensions_judged": len(judged),
        "pre_years": pre_years,
    }
    facts: dict[str, Any] = {
        "pre_years": pre_years,
        "n_undetermined": len(undetermined),
        "min_programmes": min_programmes,
        "confidence_level": 1 - alpha,
        "thin_pre_years": int(rules["thin_pre_years"]),
    }
    reasons: list[str] = []
    if judged.empty:
        return out | {
            "answer": "undetermined",
            "strength": "none",
            "reasons": ["no_dimension_judged"],
            "facts": facts,
        }
    thin = pre_years < rules["thin_pre_years"]
    if flagged:
        answer = "yes" if len(flagged) == len(judged) else "partly"
        best = flagged_rows.sort_values("p_adjusted", kind="stable").iloc[0]
        p_adj, n_prog = float(best["p_adjusted"]), int(best["n_programmes"])
        facts.update(
            p_adjusted=p_adj, n_programmes=n_prog, decisive_dimension=str(best["dimension"])
        )
        clear = p_adj <= rules["clear_p_share"] * alpha
        marginal = p_adj > rules["marginal_p_share"] * alpha
        reasons.append(
            "clear_break" if clear else "marginal_break" if marginal else "significant_break"
        )
        if n_prog < rules["weak_below_programmes"]:
            reasons.append("few_programmes")
        elif n_prog >= rules["strong_min_programmes"]:
            reasons.append("many_programmes")
        if marginal or n_prog < rules["weak_below_programmes"]:
            strength = "weak"
        elif clear and n_prog >= rules["strong_min_programmes"]:
            strength = "strong"
        else:
            strength = "moderate"
        if peers_behind:
            strength = STRENGTHS[max(STRENGTHS.index(strength) - 1, 0)]
        reasons.append(_PEER_CODES[peers_behind])
        if thin:
            strength = _cap_strength(strength, "moderate")
            reasons.append("thin_pre_period")
    else:
        answer = "no"
        lows = judged["slope_change_ci_low"].astype(float)
        facts["worst_ci_low"] = float(lows.min())
        if (lows > -rules["no_strong_drop"]).all():
            strength, code = "strong", "narrow_intervals"
        elif (lows > -rules["no_moderate_drop"]).all():
            strength, code = "moderate", "moderate_intervals"
        else:
            strength, code = "weak", "wide_intervals"
        reasons.append(code)
        if undetermined:
            strength = _cap_strength(strength, "moderate")
            reasons.append("dimensions_undetermined")
        if peers_behind:
            strength = _lower_strength(strength)
        reasons.append(_PEER_CODES[peers_behind])
        if thin:
            strength = _cap_strength(strength, "weak")
            reasons.append("thin_pre_period")
    if flagged and undetermined:
        reasons.append("dimensions_undetermined")
    return out | {"answer": answer, "strength": strength, "reasons": reasons, "facts": facts}


def reason_text(code: str, facts: dict[str, Any], language: str | None = None) -> str:
    """Words of one reason code of :func:`stagnation_answer` (``facts`` of the answer, plus
    ``region`` when known), in ``language`` (default: the current language).

    Kept for callers; the words live in :func:`evaltools.prose.progress.reason_text`.
    """
    from evaltools.prose.progress import reason_text as _reason_text

    return _reason_text(code, facts, language)


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

    ``table`` is the verdict table of :func:`stagnation_test` per dimension (its
    ``attrs["confidence_level"]`` is the level used); ``estimates`` the tidy slope estimates;
    ``achievement`` the per-target table (:func:`achievement` plus ``dimension,
    lead_agency``); ``index_dimension`` and ``index_agency`` the outputs of
    :func:`progress_index`; ``agency_table`` the same verdict table per lead agency (column
    ``lead_agency`` instead of ``dimension``, its own Holm family); ``programme_slopes`` the
    per-programme slopes of :func:`programme_slopes` that both tables rest on.
    """

    estimates: pd.DataFrame = field(default_factory=pd.DataFrame)
    achievement: pd.DataFrame = field(default_factory=pd.DataFrame)
    index_dimension: pd.DataFrame = field(default_factory=pd.DataFrame)
    index_agency: pd.DataFrame = field(default_factory=pd.DataFrame)
    agency_table: pd.DataFrame = field(default_factory=pd.DataFrame)
    programme_slopes: pd.DataFrame = field(default_factory=pd.DataFrame)

    def verdicts(self) -> dict[str, str]:
        """Mapping dimension → verdict code."""
        return dict(zip(self.table["dimension"], self.table["verdict"], strict=True))

    def stalled(self) -> list[str]:
        """Dimensions judged ``stalled``."""
        return [d for d, v in self.verdicts().items() if v == "stalled"]

    def answer(self, *, peers_behind: bool | None = None) -> dict[str, Any]:
        """The overall answer as codes: :func:`stagnation_answer` on ``table``."""
        return stagnation_answer(
            self.table,
            peers_behind=peers_behind,
            confidence_level=self.params["confidence_level"],
            min_programmes=self.params["min_programmes"],
        )

    def plot(self, ax=None):
        """Index by dimension over the years, stagnation window shaded. Returns the Figure.

        Labels, legend and title are in the current language (:mod:`evaltools.prose`).
        """
        from evaltools.prose import label

        def text(key: str) -> str:
            return label("progress_plot", key)

        fig, ax = new_figure(ax)
        start, end = self.params["stagnation_start"], self.params["stagnation_end"]
        ax.axvspan(
            start - 0.5,
            end + 0.5,
            color="#999999",
            alpha=0.2,
            lw=0,
            label=text("window").format(start=start, end=end),
        )
        idx = self.index_dimension
        for dim, sub in idx.groupby("dimension", sort=False):
            sub = sub.sort_values("year")
            ax.plot(
                sub["year"],
                sub["index"] * 100,
                marker="o",
                ms=3.5,
                color=DIMENSION_COLORS.get(dim, "#000000"),
                label=label("dimension", dim),
            )
        ax.axhline(100, color="#333333", lw=0.8, ls="--")
        ax.set_xlabel(text("xlabel"))
        ax.set_ylabel(text("ylabel"))
        ax.set_title(text("title"))
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
    on_track_margin: float = 0.05,
    min_programmes: int = 3,
    min_pre_years: int = 2,
    min_window_years: int = 1,
) -> ProgressResult:
    """Achievement, progress indices and the stagnation verdict per dimension and agency.

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
    stall_slope, slow_threshold, confidence_level, on_track_margin : float
        See :func:`stagnation_test`.
    min_programmes, min_pre_years, min_window_years : int
        The minimum of data per dimension (and agency); see :func:`stagnation_test`.

    Returns
    -------
    ProgressResult
        ``.table``: one row per dimension, columns of :func:`stagnation_test` (``dimension,
        verdict, n_programmes, …, slope_change, slope_change_ci_low,
        slope_change_ci_high, p_value, p_adjusted, significant``); ``.estimates``,
        ``.achievement``, ``.index_dimension``, ``.index_agency``, ``.agency_table``,
        ``.programme_slopes`` as described in :class:`ProgressResult`; ``.answer()`` the
        overall answer (:func:`stagnation_answer`).
    """
    programs = programs if programs is not None else getattr(data, "programs", None)
    program_targets = (
        program_targets if program_targets is not None else getattr(data, "program_targets", None)
    )
    if programs is None or program_targets is None:
        raise ParameterError(
            "progress needs the tables 'programs' and 'program_targets': pass data=EvalData with "
            "both, or programs=... and program_targets=..."
        )
    start, end = window_from(data, stagnation_start, stagnation_end)
    confidence_level = check_confidence_level(confidence_level)
    _check_thresholds(stall_slope, slow_threshold)
    for value, name in (
        (min_programmes, "min_programmes"),
        (min_pre_years, "min_pre_years"),
        (min_window_years, "min_window_years"),
    ):
        _check_min(value, name)
    ach = achievement(program_targets, cap=cap, absurd_ratio=absurd_ratio)
    ach_full = _join_programs(ach, programs)
    idx_dim = progress_index(ach, programs, by="dimension")
    idx_agency = progress_index(ach, programs, by="lead_agency")
    slopes = programme_slopes(
        ach,
        programs,
        stagnation_start=start,
        stagnation_end=end,
        min_pre_years=min_pre_years,
        min_window_years=min_window_years,
    )
    _check_margin(on_track_margin)
    opts = {
        "stall_slope": stall_slope,
        "slow_threshold": slow_threshold,
        "confidence_level": confidence_level,
        "on_track_margin": on_track_margin,
        "min_programmes": min_programmes,
        "min_pre_years": min_pre_years,
        "min_window_years": min_window_years,
    }
    verdicts, estimates = _test_groups(
        slopes, by="dimension", groups=_default_groups(programs, "dimension", None), **opts
    )
    agency_verdicts, _ = _test_groups(
        slopes, by="lead_agency", groups=_default_groups(programs, "lead_agency", None), **opts
    )
    # Largest slowdown first (a reader looks for who stalled most), agencies that cannot be
    # judged last; names break ties so the order is reproducible.
    agency_verdicts = agency_verdicts.sort_values(
        ["slope_change", "lead_agency"], na_position="last", kind="mergesort"
    ).reset_index(drop=True)
    verdicts.attrs["confidence_level"] = confidence_level
    agency_verdicts.attrs["confidence_level"] = confidence_level
    params = {
        "stagnation_start": start,
        "stagnation_end": end,
        "cap": cap,
        "absurd_ratio": absurd_ratio,
        **opts,
    }
    return ProgressResult(
        table=verdicts,
        statements=_statements(verdicts, ach_full, params),
        params=params,
        estimates=estimates,
        achievement=ach_full,
        index_dimension=idx_dim,
        index_agency=idx_agency,
        agency_table=agency_verdicts,
        programme_slopes=slopes,
    )


def _statements(
    verdicts: pd.DataFrame, ach: pd.DataFrame, params: dict[str, Any]
) -> list[Statement]:
    """Findings and caveats of :func:`analyze` as codes and values (words:
    :mod:`evaltools.prose.progress`)."""
    start, end = params["stagnation_start"], params["stagnation_end"]
    level = params["confidence_level"]
    window = {"start": start, "end": end}
    out: list[Statement] = []
    judged = verdicts[verdicts["verdict"] != "undetermined"]
    m = len(judged)
    if m and not judged["verdict"].isin(["stalled", "slowed"]).any():
        out.append(finding("progress.no_drop", **window))
    for verdict in ("stalled", "slowed", "improved"):
        dims = judged[judged["verdict"] == verdict]
        if len(dims):
            out.append(
                finding(
                    "progress.break",
                    verdict=verdict,
                    dimensions=[str(d) for d in dims["dimension"]],
                    n_judged=m,
                    **window,
                )
            )
    # Numbers only for the dimensions that broke; the per-dimension table carries the rest, and
    # six sentences of numbers in a row are not read.
    for _, r in judged[judged["verdict"].isin(["stalled", "slowed", "improved"])].iterrows():
        out.append(
            finding(
                "progress.break_numbers",
                dimension=str(r["dimension"]),
                verdict=r["verdict"],
                slope_pre=float(r["slope_pre"]),
                slope_window=float(r["slope_window"]),
                slope_change=float(r["slope_change"]),
                ci_low=float(r["slope_change_ci_low"]),
                ci_high=float(r["slope_change_ci_high"]),
                level=level,
                p_adjusted=float(r["p_adjusted"]),
                n_programmes=int(r["n_programmes"]),
            )
        )
    on_track = judged[judged["verdict"] == "on_track"]
    if len(on_track):
        worst = on_track["slope_change_ci_low"].min()
        out.append(
            finding(
                "progress.on_track",
                dimensions=[str(d) for d in on_track["dimension"]],
                worst_ci_low=None if pd.isna(worst) else float(worst),
            )
        )
    undet = verdicts[verdicts["verdict"] == "undetermined"]
    if "undetermined_reason" in undet:
        wide = undet[undet["undetermined_reason"] == "interval_too_wide"]
    else:
        wide = undet.iloc[0:0]
    undet = undet.drop(wide.index)
    if len(wide):
        out.append(
            caveat(
                "progress.interval_too_wide",
                dimensions=[str(d) for d in wide["dimension"]],
                margin=params["on_track_margin"],
            )
        )
    if len(undet):
        out.append(
            caveat(
                "progress.too_few_data",
                dimensions=[str(d) for d in undet["dimension"]],
                min_programmes=params["min_programmes"],
                pre_years_needed=max(2, params["min_pre_years"]),
                window_years_needed=max(1, params["min_window_years"]),
                **window,
            )
        )
    if m:
        out.append(
            caveat(
                "progress.pre_period",
                pre_years=int(judged["pre_years"].max()),
                thin_pre_years=int(ANSWER_RULES["thin_pre_years"]),
            )
        )
        out.append(caveat("progress.method", level=level, n_judged=m))
    n_targets = len(ach)
    n_gap = int((~ach["reported"]).sum())
    if n_targets and n_gap:
        out.append(caveat("progress.unreported", n_gap=n_gap, n_targets=n_targets))
    if n_targets and n_gap == n_targets:
        out.append(caveat("progress.all_unreported"))
    flagged = ach[ach["flag"].isin(["negative", "extreme", "target_zero", "no_target"])]
    if len(flagged):
        out.append(
            caveat(
                "progress.flagged_rows",
                n_rows=len(flagged),
                absurd_ratio=params["absurd_ratio"],
                cap=params["cap"],
            )
        )
    return out


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
        raise ParameterError(
            "result must be the ProgressResult returned by evaltools.progress.analyze"
        )
    return make_evidence_frame([])


#: The British spelling, kept as an alias so that either name works; ``analyze`` is canonical.
analyse = analyze
