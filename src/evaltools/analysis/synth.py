"""Synthetic control (Abadie, Diamond & Hainmueller 2010).

The synthetic unit is a convex combination of donor units, ``w ≥ 0, Σw = 1``, chosen to
reproduce the treated unit before the treatment:

    minimise  ||V^{1/2} (x_1 − X_0 w)||²   subject to  w ≥ 0,  1'w = 1,

where ``x_1``/``X_0`` stack the treated unit's and the donors' pre-period outcomes (and, when
``predictors`` are given, their pre-period means).

Solver. The simplex-constrained least squares is solved as a non-negative least squares
problem (Lawson–Hanson active set, ``scipy.optimize.nnls``) with the constraint ``1'w = 1``
appended as a heavily weighted extra row (``M = 10^3 · max|X|``), then renormalised; the
deviation of ``1'w`` from 1 before renormalising is below 1e-8. The active set method is exact
at its solution and fast because synthetic-control solutions are sparse (at most one more
donor than fitted rows), so the placebo loop over hundreds of donors takes well under a second.

Predictors (ADH's nested V search, with two documented choices). Each predictor column is
averaged over the pre-period and, as ADH did with cigarette sales in 1975, 1980 and 1988, the
outcome at the first, middle and last pre-period is added as three more predictor rows. Rows are
standardised by their standard deviation across units. ``V`` is diagonal and lies on the
simplex (softmax parametrisation); it is chosen by Nelder–Mead (from equal weights and from two
seeded random starts) to minimise the treated unit's pre-period outcome MSPE, the inner
problem being the simplex least squares above. Placebo units reuse the treated unit's ``V``
rather than re-running the search (the placebo loop stays fast; Synth's ``generate.placebos``
re-optimises, which mostly tightens the placebos' pre-period fit).

Inference. Placebo-in-space (ADH 2010, §2.4): every donor in turn is treated as if treated,
with the other donors (never the real treated unit) as its donor pool; the statistic is the
ratio of post- to pre-period RMSPE, and the p-value is the treated unit's rank among all
units, ``(1 + #placebos with ratio ≥ treated ratio) / (1 + #placebos)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy.optimize import nnls

from evaltools.analysis._checks import (
    check_confidence_level,
    require_columns,
    require_frame,
    require_numeric,
)
from evaltools.analysis._timeseries import CONFIDENCE, display_decimals, is_datetime
from evaltools.errors import ParameterError
from evaltools.results import Result, caveat, finding

MIN_PRE = 3
LOO_MIN_WEIGHT = 0.01  # leave-one-out drops each donor with at least this weight


def simplex_ls(A: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve ``min ||A w − b||²`` subject to ``w ≥ 0, Σw = 1`` (see module docstring).

    Parameters
    ----------
    A : ndarray, shape (m, J)
    b : ndarray, shape (m,)

    Returns
    -------
    ndarray, shape (J,)
        The weights.
    """
    J = A.shape[1]
    if J == 1:
        return np.ones(1)
    scale = max(float(np.max(np.abs(A))), float(np.max(np.abs(b))), 1e-12)
    big = 1e3 * scale
    Aa = np.vstack([A, np.full((1, J), big)])
    ba = np.r_[b, big]
    w, _ = nnls(Aa, ba, maxiter=50 * J)
    s = w.sum()
    if s <= 0:
        return np.full(J, 1.0 / J)
    return w / s


@dataclass
class SynthResult(Result):
    """Result of :func:`fit`.

    Attributes
    ----------
    table : pandas.DataFrame
        Row ``att``: ``term, estimate`` (mean post-period gap), ``se, ci_low, ci_high`` (NaN:
        inference is by permutation), ``p_value`` (placebo-in-space p-value).
    weights : pandas.Series
        Donor weights (index: donor), sum 1.
    gap : pandas.Series
        Treated minus synthetic outcome, by time.
    paths : pandas.DataFrame
        ``time, treated, synthetic, gap``.
    att, pre_rmspe, post_rmspe, rmspe_ratio, p_value : float
    p_floor : float
        ``1 / (J + 1)`` with ``J`` donors: the smallest placebo-in-space p-value the design
        allows (NaN with fewer than 2 donors). A verdict that uses ``p_value`` states it.
    placebos : pandas.DataFrame
        One row per unit (treated first): ``unit, is_treated, pre_rmspe, post_rmspe, ratio,
        att``.
    placebo_gaps : pandas.DataFrame
        Gap paths, index time, one column per unit (treated included).
    loo : pandas.DataFrame
        Leave-one-out: ``dropped, att, pre_rmspe``, one row per donor with weight ≥ 1%.
    loo_gaps : pandas.DataFrame
        Gap paths for each leave-one-out fit (index time, column dropped donor).
    v : pandas.Series or None
        Predictor weights (diagonal of V) when ``predictors`` were given; the outcome rows are
        named ``<outcome>@<time>``.
    """

    weights: pd.Series = field(default_factory=pd.Series)
    gap: pd.Series = field(default_factory=pd.Series)
    paths: pd.DataFrame = field(default_factory=pd.DataFrame)
    att: float = float("nan")
    pre_rmspe: float = float("nan")
    post_rmspe: float = float("nan")
    rmspe_ratio: float = float("nan")
    p_value: float = float("nan")
    p_floor: float = float("nan")
    placebos: pd.DataFrame = field(default_factory=pd.DataFrame)
    placebo_gaps: pd.DataFrame = field(default_factory=pd.DataFrame)
    loo: pd.DataFrame = field(default_factory=pd.DataFrame)
    loo_gaps: pd.DataFrame = field(default_factory=pd.DataFrame)
    v: pd.Series | None = None

    def plot(self, ax=None, *, kind: str = "paths"):
        """``kind="paths"``: treated vs synthetic; ``kind="placebo"``: placebo gaps.

        Returns the matplotlib Figure.
        """
        if kind == "placebo":
            return self.plot_placebos(ax)
        if kind != "paths":
            raise ParameterError(f"kind={kind!r}: choose 'paths' or 'placebo'")
        from evaltools.plotting import id_number_formatter, new_figure
        from evaltools.plotting.style import OKABE_ITO
        from evaltools.prose import label as word
        from evaltools.prose import render_one

        fig, ax = new_figure(ax)
        p = self.paths
        ax.plot(
            p["time"],
            p["treated"],
            "-",
            color=OKABE_ITO["vermillion"],
            lw=1.8,
            label=str(self.params["treated_unit"]),
        )
        ax.plot(
            p["time"],
            p["synthetic"],
            "--",
            color=OKABE_ITO["blue"],
            lw=1.6,
            label=render_one(finding("synth.plot_synthetic", unit=self.params["treated_unit"])),
        )
        ax.axvline(self.params["treatment_time"], color=OKABE_ITO["grey"], ls=":", lw=1)
        ax.set_xlabel(word("synth_plot", "period"))
        ax.set_ylabel(self.params["outcome"])
        ax.yaxis.set_major_formatter(
            id_number_formatter(display_decimals(float(np.nanmedian(p["treated"]))))
        )
        ax.legend(loc="best")
        return fig

    def plot_placebos(self, ax=None):
        """Gap of the treated unit (bold) and of every placebo unit (grey). Returns the Figure."""
        from evaltools.plotting import id_number_formatter, new_figure
        from evaltools.plotting.style import OKABE_ITO
        from evaltools.prose import label as word
        from evaltools.prose import render_one

        fig, ax = new_figure(ax)
        g = self.placebo_gaps
        treated = self.params["treated_unit"]
        for col in g.columns:
            if col != treated:
                ax.plot(g.index, g[col], color=OKABE_ITO["grey"], lw=0.6, alpha=0.6)
        ax.plot(g.index, g[treated], color=OKABE_ITO["vermillion"], lw=2, label=str(treated))
        ax.plot([], [], color=OKABE_ITO["grey"], lw=0.6, label=word("synth_plot", "placebo_units"))
        ax.axhline(0, color=OKABE_ITO["black"], lw=0.8)
        ax.axvline(self.params["treatment_time"], color=OKABE_ITO["grey"], ls=":", lw=1)
        ax.set_xlabel(word("synth_plot", "period"))
        ax.set_ylabel(render_one(finding("synth.plot_gap_axis", outcome=self.params["outcome"])))
        ax.yaxis.set_major_formatter(
            id_number_formatter(display_decimals(float(np.nanmax(np.abs(g.to_numpy())))))
        )
        ax.legend(loc="best")
        return fig


def _predictor_rows(Y_pre: np.ndarray, P: np.ndarray) -> np.ndarray:
    """Standardised predictor rows: predictor means plus the outcome at 3 pre-period points."""
    T0 = Y_pre.shape[0]
    picks = sorted({0, T0 // 2, T0 - 1})
    R = np.vstack([P, Y_pre[picks]])
    sd = R.std(axis=1, keepdims=True)
    sd[sd == 0] = 1.0
    return R / sd


def _choose_v(R: np.ndarray, Y_pre: np.ndarray) -> np.ndarray:
    """Diagonal V on the simplex minimising the treated unit's pre-period outcome MSPE."""
    from scipy.optimize import minimize

    def weights_for(z: np.ndarray) -> np.ndarray:
        v = np.exp(z - z.max())
        v /= v.sum()
        A = R * np.sqrt(v)[:, None]
        return simplex_ls(A[:, 1:], A[:, 0])

    def mspe(z: np.ndarray) -> float:
        w = weights_for(z)
        g = Y_pre[:, 0] - Y_pre[:, 1:] @ w
        return float(np.mean(g**2))

    k = R.shape[0]
    rng = np.random.default_rng(1989)
    starts = [np.zeros(k), rng.normal(size=k), rng.normal(size=k)]
    best = None
    for z0 in starts:
        o = minimize(
            mspe,
            z0,
            method="Nelder-Mead",
            options={"maxiter": 400 * k, "xatol": 1e-4, "fatol": 1e-9},
        )
        if best is None or o.fun < best.fun:
            best = o
    v = np.exp(best.x - best.x.max())
    return v / v.sum()


def _rmspe(g: np.ndarray) -> float:
    return float(np.sqrt(np.mean(g**2))) if len(g) else float("nan")


def fit(
    data: pd.DataFrame,
    *,
    outcome: str,
    unit: str,
    time: str,
    treated_unit: Any,
    treatment_time: Any,
    donors: Sequence[Any] | None = None,
    weights: Mapping[Any, float] | pd.Series | None = None,
    predictors: Sequence[str] | None = None,
    confidence_level: float = CONFIDENCE,
) -> SynthResult:
    """Fit a synthetic control and run placebo-in-space and leave-one-out checks.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel: one row per unit × time.
    outcome, unit, time : str
        Columns. ``time`` numeric (e.g. year) or dates.
    treated_unit : scalar
        Value of ``unit`` for the treated unit.
    treatment_time : scalar
        First treated period (same units as ``time``); periods before it are the pre-period.
    donors : sequence, optional
        Donor units; default all other units. Donors with missing outcomes are refused.
    weights : mapping donor → weight, optional
        Fixed weights (non-negative, summing to 1) instead of fitting.
    predictors : sequence of str, optional
        Columns averaged over the pre-period and matched along with the outcomes (fixed V,
        see module docstring).
    confidence_level : float
        The shared confidence level (strictly between 0 and 1), validated and recorded in
        ``params`` so that a chapter passes one level to every analysis. It changes no number
        here: the synthetic control reports no confidence interval (``se, ci_low, ci_high`` are
        NaN) and its placebo-in-space p-value is a rank, whatever the level.

    Returns
    -------
    SynthResult
        ``.table`` (row ``att``: ``term, estimate, se, ci_low, ci_high, p_value``),
        ``.weights``, ``.gap``, ``.paths`` (``time, treated, synthetic, gap``), ``.att``,
        ``.pre_rmspe``, ``.post_rmspe``, ``.rmspe_ratio``, ``.p_value``, ``.placebos``
        (``unit, is_treated, pre_rmspe, post_rmspe, ratio, att``), ``.placebo_gaps``,
        ``.loo`` (``dropped, att, pre_rmspe``), ``.loo_gaps``; ``.plot()``,
        ``.plot_placebos()``.

    Raises
    ------
    ParameterError
        Unknown column, duplicated unit × time, treated unit or donor missing from the panel,
        missing outcome values, treatment time outside the data, too few pre-periods, bad
        weights, a confidence level outside (0, 1).
    """
    data = require_frame(
        data, hint="pass a panel such as evaltools.quasi.panel_frame(data, measure)"
    )
    level = check_confidence_level(confidence_level)
    predictors = list(predictors) if predictors else []
    donor_list = _check_inputs(data, outcome, unit, time, treated_unit, donors, predictors)
    wide = _wide_panel(data, outcome, unit, time, treated_unit, donor_list)
    times = wide.index
    pre_mask = _pre_period(times, treatment_time)
    n_pre = int(pre_mask.sum())
    Y = wide.to_numpy()  # T × (1 + J)
    F, v_weights = _fit_rows(data, unit, time, wide, pre_mask, predictors, weights)
    w = _donor_weights(F, weights, donor_list)
    synth = Y[:, 1:] @ w
    gap = Y[:, 0] - synth
    post = ~pre_mask
    att = float(gap[post].mean())
    pre_r, post_r = _rmspe(gap[pre_mask]), _rmspe(gap[post])
    J = len(donor_list)
    placebos, placebo_gaps = _placebos(F, Y, pre_mask, treated_unit, donor_list, gap, times)
    ratios = placebos["ratio"].to_numpy()
    p_value = float((1 + np.sum(ratios[1:] >= ratios[0])) / len(ratios)) if J >= 2 else float("nan")
    loo, loo_gaps = (
        _leave_one_out(F, Y, pre_mask, w, donor_list, times)
        if weights is None and J >= 2
        else (pd.DataFrame(columns=["dropped", "att", "pre_rmspe"]), pd.DataFrame(index=times))
    )
    v_series = None
    if v_weights is not None:
        pre_times = list(times[pre_mask])
        picks = sorted({0, n_pre // 2, n_pre - 1})
        v_series = pd.Series(
            v_weights, index=[*predictors, *(f"{outcome}@{pre_times[i]}" for i in picks)], name="v"
        )
    w_series = pd.Series(w, index=pd.Index(donor_list, name=unit), name="weight")
    table = pd.DataFrame(
        [
            {
                "term": "att",
                "estimate": att,
                "se": np.nan,
                "ci_low": np.nan,
                "ci_high": np.nan,
                "p_value": p_value,
            }
        ]
    )
    statements = _statements(
        w_series,
        treated_unit=treated_unit,
        treatment_time=treatment_time,
        outcome=outcome,
        att=att,
        pre_rmspe=pre_r,
        ratios=ratios,
        p_value=p_value,
        loo=loo,
        poor_fit=pre_r > 0.1 * float(np.mean(np.abs(Y[pre_mask, 0]))),
    )
    return SynthResult(
        table=table,
        statements=statements,
        params={
            "outcome": outcome,
            "unit": unit,
            "time": time,
            "treated_unit": treated_unit,
            "treatment_time": treatment_time,
            "donors": donor_list,
            "weights": None if weights is None else dict(weights),
            "predictors": predictors,
            "confidence_level": level,
        },
        weights=w_series,
        gap=pd.Series(gap, index=times, name="gap"),
        paths=pd.DataFrame({"time": times, "treated": Y[:, 0], "synthetic": synth, "gap": gap}),
        att=att,
        pre_rmspe=pre_r,
        post_rmspe=post_r,
        rmspe_ratio=post_r / pre_r if pre_r > 0 else np.inf,
        p_value=p_value,
        p_floor=1 / (J + 1) if J >= 2 else float("nan"),
        placebos=placebos,
        placebo_gaps=placebo_gaps,
        loo=loo,
        loo_gaps=loo_gaps,
        v=v_series,
    )


# --------------------------------------------------------------------------------------------
# the steps of fit
# --------------------------------------------------------------------------------------------


def _check_inputs(
    data: pd.DataFrame,
    outcome: str,
    unit: str,
    time: str,
    treated_unit: Any,
    donors: Sequence[Any] | None,
    predictors: list[str],
) -> list[Any]:
    """Validate the columns, the treated unit and the donors; return the donor list."""
    require_columns(data, outcome=outcome, unit=unit, time=time)
    for c in predictors:
        require_columns(data, predictors=c)
    if data.duplicated(subset=[unit, time]).any():
        dup = data[data.duplicated(subset=[unit, time])].iloc[0]
        raise ParameterError(
            f"time={time!r}: duplicated row for {unit}={dup[unit]!r}, {time}={dup[time]!r}; "
            "one row per unit and period"
        )
    require_numeric(data, "outcome", outcome, allow_missing=True)
    units = pd.unique(data[unit])
    if treated_unit not in set(units):
        raise ParameterError(
            f"treated_unit={treated_unit!r} is not in column {unit!r}; units include "
            f"{list(units[:8])}"
        )
    if donors is None:
        donor_list = [u for u in units if u != treated_unit]
    else:
        donor_list = list(dict.fromkeys(donors))
        missing = [u for u in donor_list if u not in set(units)]
        if missing:
            raise ParameterError(f"donors: {missing} not in column {unit!r}")
        if treated_unit in donor_list:
            raise ParameterError("donors: the treated unit cannot be its own donor")
    if len(donor_list) < 1:
        raise ParameterError("donors: need at least one donor unit")
    return donor_list


def _wide_panel(
    data: pd.DataFrame,
    outcome: str,
    unit: str,
    time: str,
    treated_unit: Any,
    donor_list: list[Any],
) -> pd.DataFrame:
    """Outcome by time (rows) and unit (columns, treated first); refuses gaps."""
    wide = data.pivot(index=time, columns=unit, values=outcome).sort_index()
    wide = wide[[treated_unit, *donor_list]].astype(float)
    if wide.isna().any().any():
        bad = wide.columns[wide.isna().any()].tolist()
        raise ParameterError(
            f"outcome={outcome!r}: missing values (or missing periods) for unit(s) {bad[:8]}; "
            "the synthetic control needs a balanced panel: fill them or drop those donors"
        )
    return wide


def _pre_period(times: pd.Index, treatment_time: Any) -> np.ndarray:
    """Boolean mask of the periods before ``treatment_time`` (at least ``MIN_PRE``)."""
    if is_datetime(pd.Series(times)):
        try:
            t0 = pd.Timestamp(treatment_time)
        except (ValueError, TypeError):
            raise ParameterError(f"treatment_time={treatment_time!r}: not a date") from None
    else:
        t0 = treatment_time
    try:
        pre_mask = np.asarray(times < t0)
    except TypeError:
        raise ParameterError(
            f"treatment_time={treatment_time!r}: not comparable with the time column"
        ) from None
    if not (times[0] < t0 <= times[-1]):
        raise ParameterError(
            f"treatment_time={treatment_time!r} lies outside the data ({times[0]} – {times[-1]})"
        )
    n_pre = int(pre_mask.sum())
    if n_pre < MIN_PRE:
        raise ParameterError(
            f"treatment_time={treatment_time!r}: only {n_pre} pre-period(s); at least "
            f"{MIN_PRE} are needed to fit a synthetic control"
        )
    return pre_mask


def _fit_rows(
    data: pd.DataFrame,
    unit: str,
    time: str,
    wide: pd.DataFrame,
    pre_mask: np.ndarray,
    predictors: list[str],
    weights: Any,
) -> tuple[np.ndarray, np.ndarray | None]:
    """The rows the weights are fitted on (pre-period outcomes, or weighted predictor rows)
    and the predictor weights V (None without predictors)."""
    Y = wide.to_numpy()
    if not predictors:
        return Y[pre_mask], None
    pre_times = wide.index[pre_mask]
    sub = data[data[time].isin(pre_times)]
    means = sub.groupby(unit)[predictors].mean().reindex(wide.columns)
    if means.isna().any().any():
        bad = means.index[means.isna().any(axis=1)].tolist()
        raise ParameterError(
            f"predictors: unit(s) {bad[:8]} have no value of {list(predictors)} before "
            f"treatment_time; fill them or drop those units from the donors"
        )
    R = _predictor_rows(Y[pre_mask], means.to_numpy().T)
    v_weights = (
        _choose_v(R, Y[pre_mask]) if weights is None else np.full(R.shape[0], 1 / R.shape[0])
    )
    return R * np.sqrt(v_weights)[:, None], v_weights


def _donor_weights(F: np.ndarray, weights: Any, donor_list: list[Any]) -> np.ndarray:
    """The given weights (checked) or the simplex least-squares fit of the treated unit."""
    if weights is None:
        return simplex_ls(F[:, 1:], F[:, 0])
    w_s = pd.Series(weights, dtype=float)
    unknown = [d for d in w_s.index if d not in donor_list]
    if unknown:
        raise ParameterError(f"weights: {unknown} are not donors")
    if (w_s < 0).any() or not np.isclose(w_s.sum(), 1.0, atol=1e-6):
        negative = (
            f" and include negative ones for {w_s[w_s < 0].index.tolist()[:5]}"
            if (w_s < 0).any()
            else ""
        )
        raise ParameterError(
            "weights: give non-negative donor weights that sum to 1 "
            f"(these sum to {float(w_s.sum()):g}{negative})"
        )
    return w_s.reindex(donor_list).fillna(0.0).to_numpy()


def _placebos(
    F: np.ndarray,
    Y: np.ndarray,
    pre_mask: np.ndarray,
    treated_unit: Any,
    donor_list: list[Any],
    gap: np.ndarray,
    times: pd.Index,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Placebo in space: each donor against the other donors (treated unit excluded)."""
    post = ~pre_mask
    pre_r, post_r = _rmspe(gap[pre_mask]), _rmspe(gap[post])
    rows = [
        {
            "unit": treated_unit,
            "is_treated": True,
            "pre_rmspe": pre_r,
            "post_rmspe": post_r,
            "ratio": post_r / pre_r if pre_r > 0 else np.inf,
            "att": float(gap[post].mean()),
        }
    ]
    gaps = {treated_unit: gap}
    J = len(donor_list)
    if J >= 2:
        Fd = F[:, 1:]
        Yd = Y[:, 1:]
        for j in range(J):
            others = np.r_[0:j, j + 1 : J]
            wj = simplex_ls(Fd[:, others], Fd[:, j])
            gj = Yd[:, j] - Yd[:, others] @ wj
            pr, po = _rmspe(gj[pre_mask]), _rmspe(gj[post])
            rows.append(
                {
                    "unit": donor_list[j],
                    "is_treated": False,
                    "pre_rmspe": pr,
                    "post_rmspe": po,
                    "ratio": po / pr if pr > 0 else np.inf,
                    "att": float(gj[post].mean()),
                }
            )
            gaps[donor_list[j]] = gj
    return pd.DataFrame(rows), pd.DataFrame(gaps, index=times)


def _leave_one_out(
    F: np.ndarray,
    Y: np.ndarray,
    pre_mask: np.ndarray,
    w: np.ndarray,
    donor_list: list[Any],
    times: pd.Index,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Refit without each donor whose weight is at least ``LOO_MIN_WEIGHT``."""
    post = ~pre_mask
    J = len(donor_list)
    rows, gaps = [], {}
    for j in np.flatnonzero(w >= LOO_MIN_WEIGHT):
        others = np.r_[0:j, j + 1 : J]
        wj = simplex_ls(F[:, 1:][:, others], F[:, 0])
        gj = Y[:, 0] - Y[:, 1:][:, others] @ wj
        rows.append(
            {
                "dropped": donor_list[j],
                "att": float(gj[post].mean()),
                "pre_rmspe": _rmspe(gj[pre_mask]),
            }
        )
        gaps[donor_list[j]] = gj
    return pd.DataFrame(rows, columns=["dropped", "att", "pre_rmspe"]), pd.DataFrame(
        gaps, index=times
    )


def _statements(
    w_series: pd.Series,
    *,
    treated_unit: Any,
    treatment_time: Any,
    outcome: str,
    att: float,
    pre_rmspe: float,
    ratios: np.ndarray,
    p_value: float,
    loo: pd.DataFrame,
    poor_fit: bool,
) -> list:
    top = w_series.sort_values(ascending=False)
    top = top[top >= LOO_MIN_WEIGHT].head(5)
    J = len(w_series)
    out = [
        finding(
            "synth.composition",
            treated_unit=str(treated_unit),
            weights={str(k): float(v) for k, v in top.items()},
        ),
        finding(
            "synth.gap",
            treated_unit=str(treated_unit),
            treatment_time=treatment_time,
            outcome=outcome,
            att=att,
            pre_rmspe=pre_rmspe,
        ),
    ]
    if J >= 2:
        out.append(
            finding(
                "synth.placebo_rank",
                treated_unit=str(treated_unit),
                rank=int(np.sum(ratios >= ratios[0])),
                n_units=len(ratios),
                p=p_value,
            )
        )
    if len(loo):
        out.append(
            finding(
                "synth.loo_range",
                low=float(loo["att"].min()),
                high=float(loo["att"].max()),
                att=att,
            )
        )
    out.append(caveat("synth.fit_matters"))
    if J < 20:
        out.append(caveat("synth.few_donors", n_donors=J, floor=1 / (J + 1)))
    if poor_fit:
        out.append(caveat("synth.poor_pre_fit"))
    return out
