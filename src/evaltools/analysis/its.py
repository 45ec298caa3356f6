"""Interrupted time series (segmented regression) with one or more known breaks.

The model for an outcome :math:`y_t` observed at time index :math:`t = 1, \\dots, n` with breaks
:math:`b_1 < b_2 < \\dots` is

.. math::

    g(E[y_t]) = \\beta_0 + \\beta_1 t + \\sum_j \\lambda_j\\,1\\{t \\ge b_j\\}
               + \\sum_j \\sigma_j\\,(t - b_j)\\,1\\{t \\ge b_j\\}
               + \\sum_k [\\gamma_k \\sin(2\\pi k m_t/12) + \\delta_k \\cos(2\\pi k m_t/12)]
               + \\log(\\text{exposure}_t)

with ``g`` the identity (``family="gaussian"``, OLS) or the log link (``"poisson"``, GLM;
``"negbin"``, NB2 with the dispersion estimated by maximum likelihood). ``λ_j`` is the level
change (term ``level:<label>``) and ``σ_j`` the slope change (``slope:<label>``) at break ``j``.
This is the model of Lopez Bernal, Cummins & Gasparrini (2017) for the Sicily smoking ban.

Time. A datetime ``time`` column is turned into a month index (1 for the first month), so
monthly data with gaps keep their spacing; a numeric ``time`` column is used as it is and
breaks are given in the same units. A break at ``b`` puts every observation with
``time >= b`` in the post period; on a date axis the month that contains the break date is the
first post month (an event on 9 April 2020 starts the post period in April 2020). The slope
term counts time from the first post observation.

Seasonality. ``m_t`` is the calendar month for a datetime ``time`` and the time index itself
for a numeric ``time``. Because both the sine and the cosine of each harmonic are in the
model, a shift of the month origin only rotates the harmonic coefficients: the break
estimates are the same either way (this is how ``harmonic(month, 2, 12)`` in the reference R
code and a time index starting in January agree).

Covariance. ``cov="hac"`` is Newey–West with Bartlett weights; when ``hac_lags`` is None the
lag is ``floor(4 (n/100)^(2/9))`` (Newey & West 1994), at least 1. ``"nonrobust"`` is the
model-based covariance. ``"quasi"`` scales the model-based covariance by the Pearson
χ²/df (R's ``quasipoisson``; for ``"gaussian"`` this equals ``"nonrobust"``; not available for
``"negbin"``, whose dispersion is already estimated).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from evaltools.analysis._checks import (
    check_confidence_level,
    require_columns,
    require_frame,
    require_numeric,
)
from evaltools.errors import ParameterError
from evaltools.formatting import fmt_ci, fmt_level, fmt_month, fmt_number, fmt_p, fmt_pct
from evaltools.results import Result

FAMILIES = ("gaussian", "poisson", "negbin")
COVS = ("hac", "nonrobust", "quasi")
MIN_SEGMENT = 8  # fewer points than this in a segment: the segment's level and slope are fragile
MIN_PRE = 3  # below this the pre-period trend (intercept + slope) cannot be estimated at all
CONFIDENCE = 0.95  # default ``confidence_level`` of the quasi-experimental analyses

TABLE_COLUMNS = ["term", "estimate", "se", "ci_low", "ci_high", "p_value"]
RATIO_COLUMNS = ["ratio", "ratio_ci_low", "ratio_ci_high"]


# --------------------------------------------------------------------------------------------
# helpers shared by the quasi-experimental modules (did, synth, quasi)
# --------------------------------------------------------------------------------------------


def _alpha_text(level: float) -> str:
    """Significance threshold ``1 − level`` for prose: ``0.95 -> '0,05'``, ``0.975 -> '0,025'``."""
    alpha = 1.0 - level
    decimals = next((d for d in range(2, 5) if abs(alpha - round(alpha, d)) < 1e-9), 4)
    return fmt_number(alpha, decimals)


def _is_datetime(series: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(series)


def _month_index(ts: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    ts = pd.DatetimeIndex(ts)
    return (ts.year * 12 + ts.month).to_numpy(dtype=float)


def _dec(x: float) -> int:
    """Display decimals for an estimate of this magnitude."""
    ax = abs(x) if np.isfinite(x) else 0
    if ax >= 100:
        return 0
    if ax >= 10:
        return 1
    if ax >= 1:
        return 2
    return 3


def default_hac_lags(n: int) -> int:
    """Newey–West (1994) automatic lag: ``floor(4 (n/100)^(2/9))``, at least 1."""
    return max(1, math.floor(4 * (n / 100) ** (2 / 9)))


# --------------------------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------------------------


@dataclass
class ITSResult(Result):
    """Result of :func:`fit`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per model term: ``term`` (``intercept``, ``time``, ``level:<label>``,
        ``slope:<label>``, ``sin<k>``, ``cos<k>``), ``estimate``, ``se``, ``ci_low``,
        ``ci_high``, ``p_value``; for log links also ``ratio``, ``ratio_ci_low``,
        ``ratio_ci_high`` (``exp`` of the estimate and its interval: a rate ratio for levels,
        a ratio per time unit for slopes and trend).
    path : pandas.DataFrame
        One row per observation: ``time`` (as given), ``t`` (time index), ``observed``,
        ``fitted``, ``counterfactual`` (prediction with every break term set to zero, i.e. the
        pre-break trend continued), ``cf_low``, ``cf_high`` (confidence band of the
        counterfactual mean at ``confidence_level``), ``segment`` (0 before the first break, j
        after break j).
    diagnostics : dict
        ``durbin_watson``, ``ljung_box_stat``, ``ljung_box_p``, ``ljung_box_lags``,
        ``pearson_chi2``, ``df_resid``, ``dispersion`` (Pearson χ²/df), ``scale`` (the scale
        used for the covariance), ``hac_lags`` (or None), ``nobs``, ``alpha`` (NB2 dispersion,
        negbin only).
    warnings : list of str
        Machine-readable warnings (English) about thin segments or breaks too close to separate;
        each is also in ``caveats`` in Indonesian.
    breaks : dict
        label → break value (Timestamp or number).
    """

    path: pd.DataFrame = field(default_factory=pd.DataFrame)
    diagnostics: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    breaks: dict[str, Any] = field(default_factory=dict)
    _data: pd.DataFrame | None = field(default=None, repr=False)

    @property
    def fitted(self) -> pd.Series:
        """Fitted values (mean scale), indexed like ``path``."""
        return self.path["fitted"]

    @property
    def counterfactual(self) -> pd.DataFrame:
        """``time, counterfactual, cf_low, cf_high``: the no-break prediction and its band."""
        return self.path[["time", "counterfactual", "cf_low", "cf_high"]]

    def term(self, name: str) -> pd.Series:
        """The table row of one term (e.g. ``"level:shock"``)."""
        rows = self.table[self.table["term"] == name]
        if rows.empty:
            raise ParameterError(
                f"term {name!r} not in this model; terms: {list(self.table['term'])}"
            )
        return rows.iloc[0]

    def placebo(self, fake_breaks: Iterable[Any] | Mapping[str, Any] | None = None) -> ITSResult:
        """Placebo-in-time check: refit on the pre-period only, with fake break(s).

        Parameters
        ----------
        fake_breaks : list or mapping, optional
            Fake break time(s) inside the pre-period (before the first real break). Default:
            one fake break in the middle of the pre-period.

        Returns
        -------
        ITSResult
            Same model (family, exposure, seasonality, covariance) on the pre-period. Level or
            slope changes that are "significant" at a date where nothing happened warn that the
            real estimates may reflect noise or pre-existing dynamics. Its sentences say so.
        """
        p = self.params
        data = self._data
        if data is None:
            raise ParameterError("this result keeps no data; refit with evaltools.its.fit")
        first = min(self.breaks.values())
        tcol = data[p["time"]]
        if _is_datetime(tcol):
            pre = data[_month_index(tcol) < _month_index(pd.Series([first]))[0]]
        else:
            pre = data[tcol < first]
        if len(pre) < 2 * MIN_PRE + 1:
            raise ParameterError(
                f"placebo: the pre-period has only {len(pre)} observations; at least "
                f"{2 * MIN_PRE + 1} are needed for a fake break"
            )
        if fake_breaks is None:
            fake_breaks = {"placebo": pre[p["time"]].iloc[len(pre) // 2]}
        res = fit(
            pre,
            outcome=p["outcome"],
            time=p["time"],
            breaks=fake_breaks,
            family=p["family"],
            exposure=p["exposure"],
            seasonality=p["seasonality"],
            slope_change=p["slope_change"],
            cov=p["cov"],
            hac_lags=p["hac_lags"],
            confidence_level=p.get("confidence_level", CONFIDENCE),
        )
        sig = res.table[res.table["term"].str.startswith(("level:", "slope:"))]
        n_sig = int((sig["p_value"] < 1 - res.params["confidence_level"]).sum())
        if n_sig:
            res.sentences = [
                f"Uji plasebo waktu: pada titik patah palsu di periode sebelum intervensi terdapat "
                f"{n_sig} perubahan yang signifikan secara statistik, padahal tidak ada kejadian; "
                "perubahan pada titik patah sebenarnya perlu dibaca dengan hati-hati.",
                *res.sentences,
            ]
        else:
            res.sentences = [
                "Uji plasebo waktu: pada titik patah palsu di periode sebelum intervensi tidak ada "
                "perubahan yang signifikan secara statistik, sesuai harapan bila model memadai.",
                *res.sentences,
            ]
        return res

    def plot(self, ax=None, *, ylabel: str | None = None):
        """Observed points, fitted line, counterfactual with its band, breaks marked.

        Returns the matplotlib Figure.
        """
        from evaltools.plotting import id_number_formatter, new_figure
        from evaltools.plotting.style import OKABE_ITO

        # Taller than the house default: the legend (with the named breaks) sits below the axes.
        fig, ax = new_figure(ax, height=4.2)
        path = self.path
        x = path["time"]
        post = path["segment"] > 0
        ax.plot(x, path["observed"], "o", ms=3, color=OKABE_ITO["grey"], label="Data teramati")
        ax.plot(x, path["fitted"], "-", color=OKABE_ITO["blue"], lw=1.6, label="Nilai model")
        ax.plot(
            x[post],
            path["counterfactual"][post],
            "--",
            color=OKABE_ITO["vermillion"],
            lw=1.4,
            label="Kontrafaktual (tren tanpa titik patah)",
        )
        ax.fill_between(
            x[post],
            path["cf_low"][post],
            path["cf_high"][post],
            color=OKABE_ITO["vermillion"],
            alpha=0.15,
            lw=0,
            label=f"IK {fmt_level(self.params.get('confidence_level', CONFIDENCE))} kontrafaktual",
        )
        is_dt = _is_datetime(path["time"])
        # Breaks are numbered on the plot and named in the legend: long event names written
        # along the line cross the data and each other.
        for i, (label, b) in enumerate(self.breaks.items(), 1):
            ax.axvline(
                b, color=OKABE_ITO["black"], lw=0.9, ls=":", label=f"Titik patah {i}: {label}"
            )
            ax.annotate(
                str(i),
                xy=(b, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(0, 2),
                textcoords="offset points",
                va="bottom",
                ha="center",
                fontsize=8,
                fontweight="bold",
            )
        if is_dt:
            import matplotlib.dates as mdates
            from matplotlib.ticker import FuncFormatter

            ax.xaxis.set_major_locator(mdates.AutoDateLocator(maxticks=8))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_month(mdates.num2date(v))))
            ax.set_xlabel("Bulan")
        else:
            ax.set_xlabel("Periode")
        ax.yaxis.set_major_formatter(
            id_number_formatter(_dec(float(np.nanmedian(path["observed"]))))
        )
        ax.set_ylabel(ylabel or self.params.get("label") or self.params.get("outcome", "Nilai"))
        # Below the axes, as wide as they are: the legend never covers the data.
        handles, labels = ax.get_legend_handles_labels()
        order = [i for i, t in enumerate(labels) if not t.startswith("Titik patah")] + [
            i for i, t in enumerate(labels) if t.startswith("Titik patah")
        ]
        ax.legend(
            [handles[i] for i in order],
            [labels[i] for i in order],
            loc="upper left",
            bbox_to_anchor=(0.0, -0.17),
            ncol=1,
            fontsize=7,
            frameon=False,
        )
        return fig


# --------------------------------------------------------------------------------------------
# fitting
# --------------------------------------------------------------------------------------------


def _normalise_breaks(breaks: Any, time_col: pd.Series, time_param: str) -> dict[str, Any]:
    is_dt = _is_datetime(time_col)
    if breaks is None or isinstance(breaks, (str, bytes)) and not breaks:
        raise ParameterError("breaks: give at least one break, e.g. {'shock': '2020-04-01'}")
    if isinstance(breaks, Mapping):
        items = list(breaks.items())
    elif isinstance(breaks, (str, bytes, pd.Timestamp, int, float, np.integer, np.floating)):
        items = [(None, breaks)]
    else:
        try:
            items = [(None, b) for b in breaks]
        except TypeError:
            raise ParameterError(
                f"breaks={breaks!r}: give a mapping label → date or a list of dates/time values"
            ) from None
    if not items:
        raise ParameterError("breaks: give at least one break, e.g. {'shock': '2020-04-01'}")
    out: dict[str, Any] = {}
    for label, value in items:
        if is_dt:
            try:
                v = pd.Timestamp(value)
            except (ValueError, TypeError):
                raise ParameterError(
                    f"breaks: {value!r} is not a date; '{time_param}' is a date column, so give "
                    "breaks as dates such as '2020-04-01'"
                ) from None
            if v is pd.NaT:
                raise ParameterError(f"breaks: {value!r} is not a date")
            name = str(label) if label is not None else f"{v:%Y-%m}"
        else:
            try:
                v = float(value)
            except (ValueError, TypeError):
                raise ParameterError(
                    f"breaks: {value!r} is not a number; '{time_param}' is numeric, so give "
                    "breaks in the same units"
                ) from None
            name = str(label) if label is not None else fmt_number(v, 0 if v == int(v) else 2)
        if name in out:
            raise ParameterError(
                f"breaks: label {name!r} is used twice; give each break its own label"
            )
        out[name] = v
    values = list(out.values())
    if len(set(values)) != len(values):
        raise ParameterError("breaks: two breaks share the same date; merge them into one break")
    return dict(sorted(out.items(), key=lambda kv: kv[1]))


def _nb2_alpha(y: np.ndarray, X: pd.DataFrame, offset: np.ndarray | None) -> float:
    """NB2 dispersion by profile maximum likelihood, as ``MASS::glm.nb`` alternates to.

    The joint Newton fit of statsmodels' discrete NegativeBinomial fails on series with large
    counts and little overdispersion (alpha near 0); for a fixed alpha the GLM's IRLS is robust,
    so alpha is found by a bounded 1-D search of the profile log-likelihood and the
    coefficients' covariance is then conditional on it (as in R).
    """
    import warnings

    import statsmodels.api as sm
    from scipy.optimize import minimize_scalar

    def nll(log_alpha: float) -> float:
        fam = sm.families.NegativeBinomial(alpha=float(np.exp(log_alpha)))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return -sm.GLM(y, X, family=fam, offset=offset).fit().llf

    opt = minimize_scalar(nll, bounds=(-14.0, 4.0), method="bounded", options={"xatol": 1e-6})
    return float(np.exp(opt.x))


def fit(
    data: pd.DataFrame,
    *,
    outcome: str,
    time: str,
    breaks: Mapping[str, Any] | Iterable[Any],
    family: str = "gaussian",
    exposure: str | None = None,
    seasonality: int | None = None,
    slope_change: bool = True,
    cov: str = "hac",
    hac_lags: int | None = None,
    confidence_level: float = CONFIDENCE,
) -> ITSResult:
    """Fit a segmented regression (interrupted time series) with known breaks.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per period, sorted by ``time`` (strictly increasing, no duplicates).
    outcome : str
        Column with the outcome (counts for ``poisson``/``negbin``).
    time : str
        Date column (monthly data: month index is used) or numeric time index column.
    breaks : mapping label → date, or list of dates / time values
        Known interruptions; each must fall after the first and at or before the last time.
    family : {"gaussian", "poisson", "negbin"}
        Identity link (OLS) or log link (Poisson GLM, NB2 negative binomial).
    exposure : str, optional
        Column with the exposure (population, denominator), used as ``log`` offset (log links
        only).
    seasonality : int, optional
        Number of harmonic pairs (sin/cos, period 12). None: no seasonal terms.
    slope_change : bool
        Include a slope change at every break (``slope:<label>``); False: level changes only.
    cov : {"hac", "nonrobust", "quasi"}
        Covariance: Newey–West HAC, model-based, or model-based scaled by Pearson χ²/df.
    hac_lags : int, optional
        HAC lag; default ``floor(4 (n/100)^(2/9))``.
    confidence_level : float
        Level of every interval (``ci_low/ci_high``, ``ratio_ci_low/ratio_ci_high`` and the
        counterfactual band ``cf_low/cf_high``), strictly between 0 and 1; a change is called
        significant in the sentences when ``p < 1 − confidence_level``. The sentences state the
        level (e.g. "IK 90%").

    Returns
    -------
    ITSResult
        ``.table`` columns ``term, estimate, se, ci_low, ci_high, p_value`` (+ ``ratio,
        ratio_ci_low, ratio_ci_high`` for log links); ``.path`` columns ``time, t, observed,
        fitted, counterfactual, cf_low, cf_high, segment``; ``.diagnostics``; ``.warnings``;
        Indonesian ``.sentences`` and ``.caveats``; ``.placebo()``; ``.plot(ax=None)``.

    Raises
    ------
    ParameterError
        Unknown column, non-monotone or duplicated time, a break outside the data, too few
        pre-period points, unknown family or cov, bad exposure, a confidence level outside (0, 1).
    """
    import statsmodels.api as sm
    from statsmodels.stats.diagnostic import acorr_ljungbox
    from statsmodels.stats.stattools import durbin_watson

    data = require_frame(
        data, hint="pass a table such as evaltools.quasi.its_frame(data, indicator_id)"
    )
    level = check_confidence_level(confidence_level)
    require_columns(data, outcome=outcome, time=time, exposure=exposure)
    if family not in FAMILIES:
        raise ParameterError(f"family={family!r}: choose one of {FAMILIES}")
    if cov not in COVS:
        raise ParameterError(f"cov={cov!r}: choose one of {COVS}")
    if family == "negbin" and cov == "quasi":
        raise ParameterError(
            "cov='quasi' with family='negbin': the negative binomial already estimates its "
            "dispersion; use cov='nonrobust' or 'hac', or family='poisson' with cov='quasi'"
        )
    if exposure is not None and family == "gaussian":
        raise ParameterError(
            "exposure is a log offset and needs a log link: use family='poisson' or 'negbin', "
            "or model a rate (outcome/exposure) with family='gaussian' and exposure=None"
        )
    if seasonality is not None and (
        isinstance(seasonality, bool)
        or not isinstance(seasonality, (int, np.integer))
        or not 1 <= seasonality <= 6
    ):
        raise ParameterError(
            f"seasonality={seasonality!r}: give a number of harmonic pairs 1–6, or None"
        )
    if hac_lags is not None and (
        isinstance(hac_lags, bool) or not isinstance(hac_lags, (int, np.integer)) or hac_lags < 0
    ):
        raise ParameterError(f"hac_lags={hac_lags!r}: give a non-negative integer or None")

    tcol = data[time]
    if tcol.isna().any():
        raise ParameterError(f"time={time!r}: column has missing values; drop those rows")
    is_dt = _is_datetime(tcol)
    if not is_dt:
        if pd.api.types.is_numeric_dtype(tcol):
            pass
        else:
            try:
                tcol = pd.to_datetime(tcol)
                is_dt = True
            except (ValueError, TypeError):
                raise ParameterError(
                    f"time={time!r}: column is neither numeric nor dates; convert it first"
                ) from None
    if tcol.duplicated().any():
        raise ParameterError(
            f"time={time!r}: duplicated time value {tcol[tcol.duplicated()].iloc[0]!r}; "
            "one row per period is needed (aggregate duplicates first)"
        )
    tv = _month_index(tcol) if is_dt else tcol.to_numpy(dtype=float)
    if np.any(np.diff(tv) <= 0):
        raise ParameterError(
            f"time={time!r}: time is not strictly increasing; sort the data by {time!r} first"
            + (" (two dates in the same month?)" if is_dt else "")
        )
    y = require_numeric(data, "outcome", outcome)
    n = len(y)
    bks = _normalise_breaks(breaks, tcol, "time")

    tvals = pd.Series(tcol.to_numpy())
    # on a date axis a break counts from the calendar month that contains it
    bnum = {k: (_month_index(pd.Series([b]))[0] if is_dt else float(b)) for k, b in bks.items()}
    for label, b in bks.items():
        if not (tv[0] < bnum[label] <= tv[-1]):
            lo, hi = (
                (fmt_month(tvals.iloc[0]), fmt_month(tvals.iloc[-1]))
                if is_dt
                else (tvals.iloc[0], tvals.iloc[-1])
            )
            raise ParameterError(
                f"breaks: break {label!r} ({b}) lies outside the data ({lo} – {hi}); a break "
                "must fall after the first period and no later than the last"
            )
    first_break = next(iter(bnum.values()))
    n_pre = int((tv < first_break).sum())
    if n_pre < MIN_PRE:
        raise ParameterError(
            f"breaks: only {n_pre} observation(s) before the first break; at least {MIN_PRE} "
            "pre-period points are needed to estimate the pre-break trend"
        )

    offset = None
    if exposure is not None:
        ex = require_numeric(data, "exposure", exposure)
        if np.any(ex <= 0):
            raise ParameterError(f"exposure={exposure!r}: values must be positive (log offset)")
        offset = np.log(ex)
    if family != "gaussian" and np.any(y < 0):
        raise ParameterError(
            f"outcome={outcome!r}: counts cannot be negative for family={family!r}"
        )

    # design matrix
    t = tv - tv[0] + 1
    cols: dict[str, np.ndarray] = {"intercept": np.ones(n), "time": t}
    break_terms: list[str] = []
    segment = np.zeros(n, dtype=int)
    seg_starts = []
    for j, (label, b) in enumerate(bks.items(), start=1):
        post = tv >= bnum[label]
        segment[post] = j
        tb = t[post][0]
        seg_starts.append(tb)
        cols[f"level:{label}"] = post.astype(float)
        break_terms.append(f"level:{label}")
        if slope_change:
            cols[f"slope:{label}"] = np.where(post, t - tb, 0.0)
            break_terms.append(f"slope:{label}")
    if seasonality:
        m = pd.DatetimeIndex(tcol).month.to_numpy(dtype=float) if is_dt else tv
        for k in range(1, int(seasonality) + 1):
            cols[f"sin{k}"] = np.sin(2 * np.pi * k * m / 12)
            cols[f"cos{k}"] = np.cos(2 * np.pi * k * m / 12)
    X = pd.DataFrame(cols)
    if n <= X.shape[1] + 1:
        raise ParameterError(
            f"data: {n} observations are too few for {X.shape[1]} model terms; use fewer breaks, "
            "slope_change=False or no seasonality"
        )
    if np.linalg.matrix_rank(X.to_numpy()) < X.shape[1]:
        raise ParameterError(
            "breaks: the model terms are collinear (a break leaves an empty or one-point "
            "segment); move or drop a break, or set slope_change=False"
        )

    lags = (default_hac_lags(n) if hac_lags is None else int(hac_lags)) if cov == "hac" else None
    fit_kw: dict[str, Any] = {}
    if cov == "hac":
        fit_kw = {"cov_type": "HAC", "cov_kwds": {"maxlags": lags}}
    alpha_nb = None
    if family == "gaussian":
        model = sm.OLS(y, X)
        res = model.fit(**fit_kw)
    elif family == "poisson":
        model = sm.GLM(y, X, family=sm.families.Poisson(), offset=offset)
        if cov == "quasi":
            res = model.fit(scale="X2")
        else:
            res = model.fit(**fit_kw)
    else:
        alpha_nb = _nb2_alpha(y, X, offset)
        model = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=alpha_nb), offset=offset)
        res = model.fit(**fit_kw)
    k = X.shape[1]
    params = np.asarray(res.params)[:k]
    V = np.asarray(res.cov_params())[:k, :k]
    se = np.sqrt(np.diag(V))
    # normal reference for GLM / HAC, t for model-based OLS (as statsmodels and R do)
    use_t = family == "gaussian" and cov != "hac"
    df_resid = n - k
    crit = stats.t.ppf(0.5 + level / 2, df_resid) if use_t else stats.norm.ppf(0.5 + level / 2)
    zstat = params / se
    pvals = 2 * (stats.t.sf(np.abs(zstat), df_resid) if use_t else stats.norm.sf(np.abs(zstat)))
    table = pd.DataFrame(
        {
            "term": list(X.columns),
            "estimate": params,
            "se": se,
            "ci_low": params - crit * se,
            "ci_high": params + crit * se,
            "p_value": pvals,
        }
    )
    log_link = family != "gaussian"
    if log_link:
        table["ratio"] = np.exp(table["estimate"])
        table["ratio_ci_low"] = np.exp(table["ci_low"])
        table["ratio_ci_high"] = np.exp(table["ci_high"])

    # fitted values and no-break counterfactual on the linear-predictor scale
    Xa = X.to_numpy()
    off = offset if offset is not None else np.zeros(n)
    eta = Xa @ params + off
    X0 = Xa.copy()
    for term in break_terms:
        X0[:, list(X.columns).index(term)] = 0.0
    eta0 = X0 @ params + off
    se0 = np.sqrt(np.einsum("ij,jk,ik->i", X0, V, X0))
    inv = np.exp if log_link else (lambda v: v)
    path = pd.DataFrame(
        {
            "time": tcol.to_numpy(),
            "t": t,
            "observed": y,
            "fitted": inv(eta),
            "counterfactual": inv(eta0),
            "cf_low": inv(eta0 - crit * se0),
            "cf_high": inv(eta0 + crit * se0),
            "segment": segment,
        }
    )

    # diagnostics on Pearson residuals (raw residuals for OLS)
    mu = inv(eta)
    if family == "gaussian":
        resid = y - mu
        var = np.ones(n)
    elif family == "poisson":
        resid = y - mu
        var = mu
    else:
        resid = y - mu
        var = mu + alpha_nb * mu**2
    pearson = resid / np.sqrt(var)
    chi2 = float(np.sum(pearson**2))
    lb_lags = max(1, min(12, n // 5))
    lb = acorr_ljungbox(pearson, lags=[lb_lags], return_df=True)
    dispersion = chi2 / df_resid if family != "gaussian" else float("nan")
    diagnostics = {
        "nobs": n,
        "durbin_watson": float(durbin_watson(pearson)),
        "ljung_box_stat": float(lb["lb_stat"].iloc[0]),
        "ljung_box_p": float(lb["lb_pvalue"].iloc[0]),
        "ljung_box_lags": lb_lags,
        "pearson_chi2": chi2,
        "df_resid": df_resid,
        "dispersion": dispersion,
        "scale": float(getattr(res, "scale", 1.0)) if family != "negbin" else 1.0,
        "hac_lags": lags,
        "alpha": alpha_nb,
    }

    # warnings: thin segments and breaks too close to separate
    warns: list[str] = []
    caveats: list[str] = []
    labels = list(bks)
    seg_sizes = np.bincount(segment, minlength=len(bks) + 1)
    for j, size in enumerate(seg_sizes):
        if size < MIN_SEGMENT:
            name = "pre-period" if j == 0 else f"segment after break {labels[j - 1]!r}"
            warns.append(
                f"{name} has only {size} points (< {MIN_SEGMENT}); its level and slope are fragile"
            )
            seg_id = (
                "sebelum titik patah pertama"
                if j == 0
                else f"setelah titik patah '{labels[j - 1]}'"
            )
            caveats.append(
                f"Segmen {seg_id} hanya berisi {size} titik data (kurang dari {MIN_SEGMENT}); "
                "taksiran tingkat dan tren pada segmen ini rapuh."
            )
    for j in range(1, len(labels)):
        if seg_sizes[j] < MIN_SEGMENT:
            warns.append(
                f"breaks {labels[j - 1]!r} and {labels[j]!r} are {seg_sizes[j]} periods apart; "
                "their effects cannot be separated reliably"
            )
            caveats.append(
                f"Titik patah '{labels[j - 1]}' dan '{labels[j]}' hanya berjarak {seg_sizes[j]} "
                "periode, sehingga pengaruh keduanya tidak dapat dipisahkan dengan andal."
            )
    if family == "poisson" and cov == "nonrobust" and dispersion > 1.5:
        warns.append(
            f"overdispersion: Pearson chi2/df = {dispersion:.2f}; use cov='quasi' or 'hac'"
        )
        caveats.append(
            f"Data menunjukkan overdispersi (χ²/df Pearson = {fmt_number(dispersion, 2)}); galat "
            "baku model Poisson biasa terlalu kecil, gunakan cov='quasi' atau 'hac'."
        )
    if diagnostics["ljung_box_p"] < 0.05 and cov != "hac":
        warns.append("residual autocorrelation (Ljung-Box p < 0.05); use cov='hac'")
        caveats.append(
            f"Residual model masih berautokorelasi (uji Ljung–Box {fmt_p(diagnostics['ljung_box_p'])}); "
            "galat baku non-robust dapat terlalu kecil."
        )

    sentences = _sentences(table, bks, outcome, family, is_dt, slope_change, level)
    caveats.append(
        "Analisis deret waktu terinterupsi pada satu wilayah hanya menunjukkan perubahan tingkat "
        "atau tren pada tanggal titik patah, bukan penyebabnya: peristiwa lain pada waktu yang sama "
        "(misalnya sebuah guncangan eksternal yang bersamaan dengan berlakunya regulasi) tidak dapat "
        "dipisahkan tanpa pembanding."
    )
    params_out = {
        "outcome": outcome,
        "time": time,
        "breaks": dict(bks),
        "family": family,
        "exposure": exposure,
        "seasonality": seasonality,
        "slope_change": slope_change,
        "cov": cov,
        "hac_lags": hac_lags,
        "confidence_level": level,
    }
    return ITSResult(
        table=table,
        sentences=sentences,
        caveats=caveats,
        params=params_out,
        path=path,
        diagnostics=diagnostics,
        warnings=warns,
        breaks=dict(bks),
        _data=data,
    )


def _sentences(table, bks, outcome, family, is_dt, slope_change, level) -> list[str]:
    out = []
    unit = "bulan" if is_dt else "periode"
    rows = table.set_index("term")
    for label, b in bks.items():
        when = fmt_month(b, short=False) if is_dt else f"periode {fmt_number(b, 0)}"
        lv = rows.loc[f"level:{label}"]
        sig = lv["p_value"] < 1 - level
        verdict = "signifikan secara statistik" if sig else "tidak signifikan secara statistik"
        if family == "gaussian":
            d = _dec(lv["estimate"])
            out.append(
                f"Pada titik patah '{label}' ({when}), tingkat {outcome} berubah sebesar "
                f"{fmt_number(lv['estimate'], d, signed=True)} {fmt_ci(lv['ci_low'], lv['ci_high'], d, level=level)}, "
                f"{fmt_p(lv['p_value'])}; perubahan ini {verdict}."
            )
        else:
            pct = (lv["ratio"] - 1) * 100
            arah = "turun" if pct < 0 else "naik"
            out.append(
                f"Pada titik patah '{label}' ({when}), tingkat {outcome} {arah} "
                f"{fmt_pct(abs(pct))} (rasio {fmt_number(lv['ratio'], 3)} "
                f"{fmt_ci(lv['ratio_ci_low'], lv['ratio_ci_high'], 3, level=level)}, {fmt_p(lv['p_value'])}); "
                f"perubahan ini {verdict}."
            )
        if slope_change:
            sl = rows.loc[f"slope:{label}"]
            sig = sl["p_value"] < 1 - level
            verdict = "signifikan" if sig else "tidak signifikan"
            if family == "gaussian":
                d = _dec(sl["estimate"])
                out.append(
                    f"Tren per {unit} setelah '{label}' berubah sebesar "
                    f"{fmt_number(sl['estimate'], d, signed=True)} "
                    f"{fmt_ci(sl['ci_low'], sl['ci_high'], d, level=level)}, {fmt_p(sl['p_value'])} ({verdict})."
                )
            else:
                out.append(
                    f"Laju perubahan per {unit} setelah '{label}' dikalikan "
                    f"{fmt_number(sl['ratio'], 3)} {fmt_ci(sl['ratio_ci_low'], sl['ratio_ci_high'], 3, level=level)}, "
                    f"{fmt_p(sl['p_value'])} ({verdict})."
                )
    out.append(
        "Kontrafaktual adalah kelanjutan tren sebelum titik patah pertama; selisih antara data dan "
        "kontrafaktual menunjukkan besarnya perubahan, bukan penyebabnya."
    )
    return out
