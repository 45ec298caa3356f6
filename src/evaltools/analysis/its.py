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
from evaltools.analysis._timeseries import (
    CONFIDENCE,
    default_hac_lags,
    display_decimals,
    is_datetime,
    month_index,
)
from evaltools.errors import ParameterError
from evaltools.formatting import fmt_month, fmt_number
from evaltools.results import Result, Statement, caveat, finding

FAMILIES = ("gaussian", "poisson", "negbin")
COVS = ("hac", "nonrobust", "quasi")
MIN_SEGMENT = 8  # fewer points than this in a segment: the segment's level and slope are fragile
MIN_PRE = 3  # below this the pre-period trend (intercept + slope) cannot be estimated at all

TABLE_COLUMNS = ["term", "estimate", "se", "ci_low", "ci_high", "p_value"]
RATIO_COLUMNS = ["ratio", "ratio_ci_low", "ratio_ci_high"]
#: Caveat codes about the design of one fit (thin segments, breaks too close); the overview of
#: several indicators repeats them.
DESIGN_CAVEATS = ("its.thin_segment", "its.breaks_close")

__all__ = [
    "CONFIDENCE",
    "COVS",
    "DESIGN_CAVEATS",
    "FAMILIES",
    "ITSResult",
    "default_hac_lags",
    "fit",
]


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
        Machine-readable warnings about thin segments, breaks too close to separate,
        overdispersion and residual autocorrelation: the design caveats (statements
        ``its.thin_segment``, ``its.breaks_close``, ``its.overdispersion``,
        ``its.autocorrelation``) rendered in English, whatever the report's language.
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
        if is_datetime(tcol):
            pre = data[month_index(tcol) < month_index(pd.Series([first]))[0]]
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
            label=p.get("label"),
            regulation=p.get("regulation"),
        )
        sig = res.table[res.table["term"].str.startswith(("level:", "slope:"))]
        n_sig = int((sig["p_value"] < 1 - res.params["confidence_level"]).sum())
        head = (
            finding("its.placebo_significant", n_significant=n_sig)
            if n_sig
            else finding("its.placebo_clean")
        )
        res.statements = [head, *res.statements]
        return res

    def plot(self, ax=None, *, ylabel: str | None = None):
        """Observed points, fitted line, counterfactual with its band, breaks marked.

        Words (legend, axis titles) follow the language of :mod:`evaltools.prose`. Returns the
        matplotlib Figure.
        """
        from evaltools.plotting import id_number_formatter, new_figure
        from evaltools.plotting.style import OKABE_ITO
        from evaltools.prose import label as word
        from evaltools.prose import render_one

        # Taller than the house default: the legend (with the named breaks) sits below the axes.
        fig, ax = new_figure(ax, height=4.2)
        path = self.path
        x = path["time"]
        post = path["segment"] > 0
        ax.plot(
            x,
            path["observed"],
            "o",
            ms=3,
            color=OKABE_ITO["grey"],
            label=word("its_plot", "observed"),
        )
        ax.plot(
            x,
            path["fitted"],
            "-",
            color=OKABE_ITO["blue"],
            lw=1.6,
            label=word("its_plot", "fitted"),
        )
        ax.plot(
            x[post],
            path["counterfactual"][post],
            "--",
            color=OKABE_ITO["vermillion"],
            lw=1.4,
            label=word("its_plot", "counterfactual"),
        )
        level = self.params.get("confidence_level", CONFIDENCE)
        ax.fill_between(
            x[post],
            path["cf_low"][post],
            path["cf_high"][post],
            color=OKABE_ITO["vermillion"],
            alpha=0.15,
            lw=0,
            label=render_one(finding("its.plot_band", level=level)),
        )
        is_dt = is_datetime(path["time"])
        # Breaks are numbered on the plot and named in the legend: long event names written
        # along the line cross the data and each other.
        for i, (name, b) in enumerate(self.breaks.items(), 1):
            ax.axvline(
                b,
                color=OKABE_ITO["black"],
                lw=0.9,
                ls=":",
                label=render_one(finding("its.plot_break", number=i, label=name)),
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
            ax.set_xlabel(word("its_plot", "month"))
        else:
            ax.set_xlabel(word("its_plot", "period"))
        ax.yaxis.set_major_formatter(
            id_number_formatter(display_decimals(float(np.nanmedian(path["observed"]))))
        )
        name = (
            ylabel
            or self.params.get("label")
            or self.params.get("outcome")
            or word("its_plot", "value")
        )
        unit = self.params.get("unit")
        if ylabel is None and unit:
            # monthly series: the axis states the unit and that each point is one month
            key = "unit_per_month" if is_dt else "unit"
            name = word("its_plot", key).format(name=name, unit=unit)
        ax.set_ylabel(name)
        # Below the axes, as wide as they are: the legend never covers the data. The series
        # come first, then the breaks (the legend is drawn on a possibly shared axes).
        handles, texts = ax.get_legend_handles_labels()
        breaks = list(range(len(handles) - len(self.breaks), len(handles)))
        order = [i for i in range(len(handles)) if i not in breaks] + breaks
        ax.legend(
            [handles[i] for i in order],
            [texts[i] for i in order],
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
    is_dt = is_datetime(time_col)
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
    label: str | None = None,
    regulation: str | None = None,
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
        significant in the statements when ``p < 1 − confidence_level``. The sentences state
        the level (e.g. "IK 90%").
    label : str, optional
        Name of the outcome for the statements and the plot (e.g. an indicator's name);
        default the ``outcome`` column name.
    regulation : str, optional
        Name of the regulation under evaluation (e.g. from the data's ``context``); the
        caveat about events at the break names it when given.

    Returns
    -------
    ITSResult
        ``.table`` columns ``term, estimate, se, ci_low, ci_high, p_value`` (+ ``ratio,
        ratio_ci_low, ratio_ci_high`` for log links); ``.path`` columns ``time, t, observed,
        fitted, counterfactual, cf_low, cf_high, segment``; ``.diagnostics``; ``.warnings``;
        ``.statements`` (codes ``its.*``, rendered by ``.sentences`` and ``.caveats``);
        ``.placebo()``; ``.plot(ax=None)``.

    Raises
    ------
    ParameterError
        Unknown column, non-monotone or duplicated time, a break outside the data, too few
        pre-period points, unknown family or cov, bad exposure, a confidence level outside (0, 1).

    Examples
    --------
    A level jump of 5 after period 12 on a linear trend with a small alternating wiggle:

    >>> import numpy as np
    >>> import pandas as pd
    >>> from evaltools.analysis import its
    >>> t = np.arange(1, 25)
    >>> y = 10 + 0.5 * t + 5.0 * (t >= 13) + np.tile([0.2, -0.2], 12)
    >>> res = its.fit(
    ...     pd.DataFrame({"t": t, "y": y}), outcome="y", time="t", breaks={"launch": 13},
    ...     cov="nonrobust",
    ... )
    >>> round(float(res.term("level:launch")["estimate"]), 2)
    5.1
    >>> [s.code for s in res.statements if s.kind == "finding"]
    ['its.level_change', 'its.slope_change', 'its.counterfactual']
    """
    data = require_frame(
        data, hint="pass a table such as evaltools.quasi.its_frame(data, indicator_id)"
    )
    level = check_confidence_level(confidence_level)
    require_columns(data, outcome=outcome, time=time, exposure=exposure)
    _check_options(family, cov, exposure, seasonality, hac_lags)
    tcol, is_dt, tv = _time_axis(data, time)
    y = require_numeric(data, "outcome", outcome)
    bks = _normalise_breaks(breaks, tcol, "time")
    bnum = _break_positions(bks, tcol, is_dt, tv)
    offset = _offset(data, exposure, family, outcome, y)
    design = _design(tcol, is_dt, tv, bks, bnum, slope_change, seasonality)
    fitted = _estimate(y, design.X, family, cov, hac_lags, offset)
    table = _coef_table(fitted, design.X, family, cov, level)
    path = _path(tcol, design, y, fitted, offset, family, cov, level)
    diagnostics = _diagnostics(y, path["fitted"].to_numpy(), fitted, family)
    design_caveats = _design_caveats(list(bks), design.segment, family, cov, diagnostics)
    name = label or outcome
    statements = [
        *_findings(table, bks, name, family, is_dt, slope_change, level),
        *design_caveats,
        caveat("its.no_comparison", breaks=list(bks), regulation=regulation or None),
    ]
    from evaltools.prose import render_one

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
        "label": label,
        "regulation": regulation,
    }
    return ITSResult(
        table=table,
        statements=statements,
        params=params_out,
        path=path,
        diagnostics=diagnostics,
        # machine-readable: the design caveats in English, whatever the report's language
        warnings=[render_one(c, "en") for c in design_caveats],
        breaks=dict(bks),
        _data=data,
    )


# --------------------------------------------------------------------------------------------
# the steps of fit
# --------------------------------------------------------------------------------------------


@dataclass
class _Design:
    X: pd.DataFrame
    t: np.ndarray
    break_terms: list[str]
    segment: np.ndarray


@dataclass
class _Fitted:
    params: np.ndarray
    cov: np.ndarray
    df_resid: int
    scale: float
    hac_lags: int | None
    alpha_nb: float | None


def _check_options(
    family: str, cov: str, exposure: str | None, seasonality: Any, hac_lags: Any
) -> None:
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


def _time_axis(data: pd.DataFrame, time: str) -> tuple[pd.Series, bool, np.ndarray]:
    """The time column (dates parsed), whether it is a date axis, and its numeric index."""
    tcol = data[time]
    if tcol.isna().any():
        raise ParameterError(f"time={time!r}: column has missing values; drop those rows")
    is_dt = is_datetime(tcol)
    if not is_dt and not pd.api.types.is_numeric_dtype(tcol):
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
    tv = month_index(tcol) if is_dt else tcol.to_numpy(dtype=float)
    if np.any(np.diff(tv) <= 0):
        raise ParameterError(
            f"time={time!r}: time is not strictly increasing; sort the data by {time!r} first"
            + (" (two dates in the same month?)" if is_dt else "")
        )
    return tcol, is_dt, tv


def _break_positions(
    bks: dict[str, Any], tcol: pd.Series, is_dt: bool, tv: np.ndarray
) -> dict[str, float]:
    """Each break on the numeric time axis (on a date axis: the month that contains it)."""
    tvals = pd.Series(tcol.to_numpy())
    bnum = {k: (month_index(pd.Series([b]))[0] if is_dt else float(b)) for k, b in bks.items()}
    for name, b in bks.items():
        if not (tv[0] < bnum[name] <= tv[-1]):
            lo, hi = (
                (fmt_month(tvals.iloc[0]), fmt_month(tvals.iloc[-1]))
                if is_dt
                else (tvals.iloc[0], tvals.iloc[-1])
            )
            raise ParameterError(
                f"breaks: break {name!r} ({b}) lies outside the data ({lo} – {hi}); a break "
                "must fall after the first period and no later than the last"
            )
    n_pre = int((tv < next(iter(bnum.values()))).sum())
    if n_pre < MIN_PRE:
        raise ParameterError(
            f"breaks: only {n_pre} observation(s) before the first break; at least {MIN_PRE} "
            "pre-period points are needed to estimate the pre-break trend"
        )
    return bnum


def _offset(
    data: pd.DataFrame, exposure: str | None, family: str, outcome: str, y: np.ndarray
) -> np.ndarray | None:
    """``log(exposure)`` (None without exposure); checks counts are non-negative."""
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
    return offset


def _design(
    tcol: pd.Series,
    is_dt: bool,
    tv: np.ndarray,
    bks: dict[str, Any],
    bnum: dict[str, float],
    slope_change: bool,
    seasonality: int | None,
) -> _Design:
    """Intercept, trend, level and slope terms per break, harmonics (module docstring)."""
    n = len(tv)
    t = tv - tv[0] + 1
    cols: dict[str, np.ndarray] = {"intercept": np.ones(n), "time": t}
    break_terms: list[str] = []
    segment = np.zeros(n, dtype=int)
    for j, name in enumerate(bks, start=1):
        post = tv >= bnum[name]
        segment[post] = j
        tb = t[post][0]
        cols[f"level:{name}"] = post.astype(float)
        break_terms.append(f"level:{name}")
        if slope_change:
            cols[f"slope:{name}"] = np.where(post, t - tb, 0.0)
            break_terms.append(f"slope:{name}")
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
    return _Design(X=X, t=t, break_terms=break_terms, segment=segment)


def _estimate(
    y: np.ndarray,
    X: pd.DataFrame,
    family: str,
    cov: str,
    hac_lags: int | None,
    offset: np.ndarray | None,
) -> _Fitted:
    """OLS or GLM fit with the requested covariance."""
    import statsmodels.api as sm

    n = len(y)
    lags = (default_hac_lags(n) if hac_lags is None else int(hac_lags)) if cov == "hac" else None
    fit_kw: dict[str, Any] = {}
    if cov == "hac":
        fit_kw = {"cov_type": "HAC", "cov_kwds": {"maxlags": lags}}
    alpha_nb = None
    if family == "gaussian":
        res = sm.OLS(y, X).fit(**fit_kw)
    elif family == "poisson":
        model = sm.GLM(y, X, family=sm.families.Poisson(), offset=offset)
        res = model.fit(scale="X2") if cov == "quasi" else model.fit(**fit_kw)
    else:
        alpha_nb = _nb2_alpha(y, X, offset)
        model = sm.GLM(y, X, family=sm.families.NegativeBinomial(alpha=alpha_nb), offset=offset)
        res = model.fit(**fit_kw)
    k = X.shape[1]
    return _Fitted(
        params=np.asarray(res.params)[:k],
        cov=np.asarray(res.cov_params())[:k, :k],
        df_resid=n - k,
        scale=float(getattr(res, "scale", 1.0)) if family != "negbin" else 1.0,
        hac_lags=lags,
        alpha_nb=alpha_nb,
    )


def _critical(fitted: _Fitted, family: str, cov: str, level: float) -> tuple[float, bool]:
    """Critical value at ``level``: normal for GLM / HAC, t for model-based OLS (as
    statsmodels and R do); and whether the t reference is used."""
    use_t = family == "gaussian" and cov != "hac"
    q = 0.5 + level / 2
    crit = stats.t.ppf(q, fitted.df_resid) if use_t else stats.norm.ppf(q)
    return float(crit), use_t


def _coef_table(
    fitted: _Fitted, X: pd.DataFrame, family: str, cov: str, level: float
) -> pd.DataFrame:
    params = fitted.params
    se = np.sqrt(np.diag(fitted.cov))
    crit, use_t = _critical(fitted, family, cov, level)
    zstat = params / se
    df = fitted.df_resid
    pvals = 2 * (stats.t.sf(np.abs(zstat), df) if use_t else stats.norm.sf(np.abs(zstat)))
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
    if family != "gaussian":
        table["ratio"] = np.exp(table["estimate"])
        table["ratio_ci_low"] = np.exp(table["ci_low"])
        table["ratio_ci_high"] = np.exp(table["ci_high"])
    return table


def _path(
    tcol: pd.Series,
    design: _Design,
    y: np.ndarray,
    fitted: _Fitted,
    offset: np.ndarray | None,
    family: str,
    cov: str,
    level: float,
) -> pd.DataFrame:
    """Fitted values and the no-break counterfactual with its band (linear-predictor scale)."""
    X = design.X
    Xa = X.to_numpy()
    off = offset if offset is not None else np.zeros(len(y))
    eta = Xa @ fitted.params + off
    X0 = Xa.copy()
    for term in design.break_terms:
        X0[:, list(X.columns).index(term)] = 0.0
    eta0 = X0 @ fitted.params + off
    se0 = np.sqrt(np.einsum("ij,jk,ik->i", X0, fitted.cov, X0))
    crit, _ = _critical(fitted, family, cov, level)
    inv = np.exp if family != "gaussian" else (lambda v: v)
    return pd.DataFrame(
        {
            "time": tcol.to_numpy(),
            "t": design.t,
            "observed": y,
            "fitted": inv(eta),
            "counterfactual": inv(eta0),
            "cf_low": inv(eta0 - crit * se0),
            "cf_high": inv(eta0 + crit * se0),
            "segment": design.segment,
        }
    )


def _diagnostics(y: np.ndarray, mu: np.ndarray, fitted: _Fitted, family: str) -> dict[str, Any]:
    """Durbin–Watson and Ljung–Box on Pearson residuals (raw residuals for OLS), dispersion."""
    from statsmodels.stats.diagnostic import acorr_ljungbox
    from statsmodels.stats.stattools import durbin_watson

    n = len(y)
    if family == "gaussian":
        var = np.ones(n)
    elif family == "poisson":
        var = mu
    else:
        var = mu + fitted.alpha_nb * mu**2
    pearson = (y - mu) / np.sqrt(var)
    chi2 = float(np.sum(pearson**2))
    lb_lags = max(1, min(12, n // 5))
    lb = acorr_ljungbox(pearson, lags=[lb_lags], return_df=True)
    return {
        "nobs": n,
        "durbin_watson": float(durbin_watson(pearson)),
        "ljung_box_stat": float(lb["lb_stat"].iloc[0]),
        "ljung_box_p": float(lb["lb_pvalue"].iloc[0]),
        "ljung_box_lags": lb_lags,
        "pearson_chi2": chi2,
        "df_resid": fitted.df_resid,
        "dispersion": chi2 / fitted.df_resid if family != "gaussian" else float("nan"),
        "scale": fitted.scale,
        "hac_lags": fitted.hac_lags,
        "alpha": fitted.alpha_nb,
    }


def _design_caveats(
    labels: list[str],
    segment: np.ndarray,
    family: str,
    cov: str,
    diagnostics: Mapping[str, Any],
) -> list[Statement]:
    """Thin segments, breaks too close to separate, overdispersion, autocorrelation."""
    out = []
    seg_sizes = np.bincount(segment, minlength=len(labels) + 1)
    for j, size in enumerate(seg_sizes):
        if size < MIN_SEGMENT:
            out.append(
                caveat(
                    "its.thin_segment",
                    after=None if j == 0 else labels[j - 1],
                    size=int(size),
                    minimum=MIN_SEGMENT,
                )
            )
    for j in range(1, len(labels)):
        if seg_sizes[j] < MIN_SEGMENT:
            out.append(
                caveat(
                    "its.breaks_close",
                    first=labels[j - 1],
                    second=labels[j],
                    periods=int(seg_sizes[j]),
                )
            )
    dispersion = diagnostics["dispersion"]
    if family == "poisson" and cov == "nonrobust" and dispersion > 1.5:
        out.append(caveat("its.overdispersion", dispersion=float(dispersion)))
    if diagnostics["ljung_box_p"] < 0.05 and cov != "hac":
        out.append(caveat("its.autocorrelation", p=float(diagnostics["ljung_box_p"])))
    return out


def _findings(table, bks, name, family, is_dt, slope_change, level) -> list[Statement]:
    """Level (and slope) change at every break, then the meaning of the counterfactual."""
    out = []
    rows = table.set_index("term")
    alpha = 1 - level
    for brk, b in bks.items():
        common = {"label": brk, "dated": is_dt, "level": level}
        lv = rows.loc[f"level:{brk}"]
        sig = bool(lv["p_value"] < alpha)
        when = pd.Timestamp(b) if is_dt else float(b)
        if family == "gaussian":
            out.append(
                finding(
                    "its.level_change",
                    **common,
                    when=when,
                    outcome=name,
                    estimate=float(lv["estimate"]),
                    ci_low=float(lv["ci_low"]),
                    ci_high=float(lv["ci_high"]),
                    p=float(lv["p_value"]),
                    significant=sig,
                )
            )
        else:
            out.append(
                finding(
                    "its.level_ratio",
                    **common,
                    when=when,
                    outcome=name,
                    ratio=float(lv["ratio"]),
                    ratio_ci_low=float(lv["ratio_ci_low"]),
                    ratio_ci_high=float(lv["ratio_ci_high"]),
                    p=float(lv["p_value"]),
                    significant=sig,
                )
            )
        if slope_change:
            sl = rows.loc[f"slope:{brk}"]
            sig = bool(sl["p_value"] < alpha)
            if family == "gaussian":
                values = {
                    "estimate": float(sl["estimate"]),
                    "ci_low": float(sl["ci_low"]),
                    "ci_high": float(sl["ci_high"]),
                }
                code = "its.slope_change"
            else:
                values = {
                    "ratio": float(sl["ratio"]),
                    "ratio_ci_low": float(sl["ratio_ci_low"]),
                    "ratio_ci_high": float(sl["ratio_ci_high"]),
                }
                code = "its.slope_ratio"
            out.append(finding(code, **common, **values, p=float(sl["p_value"]), significant=sig))
    out.append(finding("its.counterfactual"))
    return out
