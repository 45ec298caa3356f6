"""Difference-in-differences: the 2×2 design, two-way fixed effects, and an event study.

``fit`` without ``unit``/``time`` estimates ``outcome ~ 1 + treated + post + treated:post +
covariates`` by OLS (Wooldridge, *Introductory Econometrics*, eq. 13.9); the coefficient of
``treated:post`` is the term ``did``. With both ``unit`` and ``time`` it estimates the two-way
fixed effects model ``outcome ~ did + covariates + unit FE + time FE`` (``did = treated × post``).

Inference with few clusters. Cluster-robust standard errors over-reject when there are few
clusters (Cameron, Gelbach & Miller 2008). When ``cov="cluster"`` and there are fewer than 30
clusters, the result also carries a wild cluster bootstrap p-value for ``did`` (column
``p_value_wild``, attribute ``wild_p``): the restricted ("null-imposed", WCR) bootstrap-t of
Cameron, Gelbach & Miller, with ``WILD_B`` = 9,999 replications seeded by ``WILD_SEED``,
Rademacher weights when there are at least 12 clusters and Webb's six-point weights below that
(Rademacher has only 2^G distinct draws). The p-value is the share of bootstrap |t*| at least as
large as the observed |t| (symmetric test).

One treated unit. With a single treated unit neither cluster-robust SEs nor the wild cluster
bootstrap are valid (Conley & Taber 2011; MacKinnon & Webb 2017) and classical SEs assume
homoskedastic, independent errors. :func:`permutation_test` gives inference that is valid for
one treated unit under exchangeability: the two-way fixed-effects DiD is re-estimated with every
unit in turn as the pseudo-treated one (placebo in space, Fisher's exact randomisation test) and
the treated estimate is ranked among them. Its p-value cannot be below the permutation floor
``1/(J + 1)`` with ``J`` comparison units; a verdict must state that floor.

Pre-trend warning. :func:`event_study` flags (``pretrend_flag``) leads that are not parallel:
joint test p < ``PRETREND_WARN_P`` (0.10, whatever the confidence level: a pre-trend test has
little power with few units, so it warns early) or any lead interval excluding zero. The
statement ``did.pretrend`` then says the pre-period trends are not parallel; a test that does
not reject is never worded as "no evidence" of a pre-trend.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from evaltools.analysis._timeseries import CONFIDENCE, is_datetime, month_index
from evaltools.errors import ParameterError
from evaltools.results import Result, caveat, finding

COVS = ("nonrobust", "hc1", "cluster")
WILD_B = 9999
WILD_SEED = 20200302  # fixed so the p-value in a report is reproducible
FEW_CLUSTERS = 30
WEBB_BELOW = 12
#: Joint pre-trend p-value below which the event study warns that the pre-period trends are not
#: parallel (deliberately above the usual 0.05: the test has low power with few units).
PRETREND_WARN_P = 0.10
#: Codes of :attr:`EventStudyResult.pretrend_flag`.
PRETREND_FLAGS = ("pretrend_ok", "pretrend_not_parallel", "pretrend_untestable")


@dataclass
class DiDResult(Result):
    """Result of :func:`fit`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per reported term (``intercept``, ``treated``, ``post``, ``did`` and the
        covariates for the 2×2; ``did`` and covariates for two-way FE): ``term, estimate, se,
        ci_low, ci_high, p_value, p_value_wild`` (wild cluster bootstrap p, ``did`` row only,
        NaN unless cov="cluster" with fewer than 30 clusters).
    cell_means : pandas.DataFrame
        Mean outcome by group: columns ``treated, post, mean, n``.
    r2, nobs, n_clusters, wild_p, wild_weights, wild_b
        R², observations used, number of clusters (or None), wild bootstrap p-value, its
        weight distribution and number of replications (None when not computed).
    """

    r2: float = float("nan")
    nobs: int = 0
    n_clusters: int | None = None
    wild_p: float | None = None
    wild_weights: str | None = None
    wild_b: int | None = None
    cell_means: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def estimate(self) -> float:
        """The DiD estimate (term ``did``)."""
        return float(self.table.loc[self.table["term"] == "did", "estimate"].iloc[0])

    def plot(self, ax=None):
        """Mean outcome before/after for the treated and comparison groups (2×2 picture).

        Returns the matplotlib Figure.
        """
        from evaltools.plotting import id_number_formatter, new_figure
        from evaltools.plotting.style import OKABE_ITO
        from evaltools.prose import label as word
        from evaltools.prose import render_one

        fig, ax = new_figure(ax)
        cm = self.cell_means
        for tr, color, code in (
            (1, OKABE_ITO["vermillion"], "treated_group"),
            (0, OKABE_ITO["blue"], "comparison_group"),
        ):
            g = cm[cm["treated"] == tr].sort_values("post")
            ax.plot(g["post"], g["mean"], "o-", color=color, label=word("did_plot", code))
        ax.set_xticks([0, 1], [word("did_plot", "before"), word("did_plot", "after")])
        ax.set_xlim(-0.3, 1.3)
        ax.yaxis.set_major_formatter(id_number_formatter(1))
        ax.set_ylabel(
            render_one(finding("did.plot_mean_axis", outcome=self.params.get("outcome", "")))
        )
        ax.legend(loc="best")
        return fig


@dataclass
class EventStudyResult(Result):
    """Result of :func:`event_study`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per event time except the reference: ``term`` (``event:<k>``), ``event_time``,
        ``estimate, se, ci_low, ci_high, p_value``.
    pretrend : dict
        Joint Wald test that all lead coefficients are zero: ``stat`` (F), ``df_num``,
        ``df_den``, ``p_value`` (NaN when there are no leads).
    pretrend_flag : str
        ``pretrend_not_parallel`` when the joint test has p < ``PRETREND_WARN_P`` or a lead's
        interval excludes zero; ``pretrend_untestable`` without leads; else ``pretrend_ok``
        (the test did not reject, which does not prove parallel trends).
    """

    pretrend: dict[str, Any] = field(default_factory=dict)
    pretrend_flag: str = "pretrend_untestable"

    def plot(self, ax=None):
        """Event-study coefficients with their intervals (at ``confidence_level``); reference
        period at zero.

        Returns the matplotlib Figure.
        """
        from evaltools.plotting import id_number_formatter, new_figure
        from evaltools.plotting.style import OKABE_ITO
        from evaltools.prose import render_one

        fig, ax = new_figure(ax)
        tab = self.table
        ref = self.params["reference"]
        x = np.r_[tab["event_time"].to_numpy(float), ref]
        est = np.r_[tab["estimate"].to_numpy(float), 0.0]
        lo = np.r_[tab["ci_low"].to_numpy(float), 0.0]
        hi = np.r_[tab["ci_high"].to_numpy(float), 0.0]
        order = np.argsort(x)
        x, est, lo, hi = x[order], est[order], lo[order], hi[order]
        ax.axhline(0, color=OKABE_ITO["black"], lw=0.8)
        ax.axvline(-0.5, color=OKABE_ITO["grey"], ls=":", lw=1)
        ax.errorbar(
            x,
            est,
            yerr=[est - lo, hi - est],
            fmt="o",
            color=OKABE_ITO["blue"],
            capsize=3,
            label=render_one(
                finding("did.plot_estimate", level=self.params.get("confidence_level", CONFIDENCE))
            ),
        )
        t0 = self.params.get("treatment_time")
        anchor = int(t0) if isinstance(t0, int | np.integer) else None
        ax.set_xlabel(render_one(finding("did.plot_event_axis", anchor=anchor)))
        ax.set_ylabel(
            render_one(finding("did.plot_gap_axis", outcome=self.params.get("outcome", "")))
        )
        # Two decimals read well for any index scale; the table carries full precision.
        span = float(np.nanmax(np.abs(np.r_[lo, hi]))) if len(est) else 1.0
        ax.yaxis.set_major_formatter(id_number_formatter(1 if span >= 1 else 2))
        ax.set_title(render_one(finding("did.plot_event_title", p=self.pretrend.get("p_value"))))
        ax.legend(loc="best")
        return fig


# --------------------------------------------------------------------------------------------


def _binary(data: pd.DataFrame, param: str, col: str) -> np.ndarray:
    v = require_numeric(data, param, col)
    if not np.all(np.isin(v, (0.0, 1.0))):
        raise ParameterError(
            f"{param}={col!r}: column must be 0/1 (or True/False); found {sorted(set(v))[:5]}"
        )
    return v


def _gram_inverse(X: np.ndarray) -> np.ndarray | None:
    """(X'X)^-1 by a scaled Cholesky factorisation; None when X is (numerically) rank deficient.

    Cholesky of the small k × k cross-product, not an SVD of X: the OpenBLAS SVD is two orders
    of magnitude slower on a shared machine, which matters in the bootstrap and simulations.
    """
    from scipy.linalg import cho_factor, cho_solve

    XtX = X.T @ X
    d = np.sqrt(np.diag(XtX))
    if np.any(d == 0):
        return None
    S = XtX / np.outer(d, d)
    try:
        c, low = cho_factor(S, lower=True)
    except np.linalg.LinAlgError:
        return None
    if np.min(np.abs(np.diag(c))) ** 2 < 1e-10:
        return None
    return cho_solve((c, low), np.eye(len(d))) / np.outer(d, d)


def _rank(X: np.ndarray) -> int:
    """Full column rank or not (the only question the callers ask)."""
    return X.shape[1] if _gram_inverse(X) is not None else X.shape[1] - 1


def _within_units(M: np.ndarray, ucode: np.ndarray) -> np.ndarray:
    """Subtract unit means: the exact Frisch–Waugh–Lovell absorption of unit fixed effects.

    Exact for balanced and unbalanced panels alike (one pass, no iteration). Absorbing the
    units instead of adding one dummy column per unit keeps two-way fixed effects linear in
    the number of units: with dummies the cross-product grows as units², and the fit as
    units³ (benchmarks/README.md).
    """
    n_units = int(ucode.max()) + 1
    counts = np.bincount(ucode, minlength=n_units).astype(float)
    if M.ndim == 1:
        return M - (np.bincount(ucode, weights=M, minlength=n_units) / counts)[ucode]
    means = (
        np.column_stack(
            [np.bincount(ucode, weights=M[:, j], minlength=n_units) for j in range(M.shape[1])]
        )
        / counts[:, None]
    )
    return M - means[ucode]


def _ols(
    X: np.ndarray,
    y: np.ndarray,
    cov: str,
    groups: np.ndarray | None,
    *,
    absorbed: int = 0,
    tss: float | None = None,
):
    """OLS with the requested covariance; returns (beta, V, df for t reference, r2, XtX_inv).

    ``absorbed`` counts parameters partialled out of ``X`` and ``y`` beforehand (unit fixed
    effects): they enter every degrees-of-freedom correction exactly as the dummy columns
    would, so the results equal those of the dummy-variable regression. ``tss`` is the total
    sum of squares of the original outcome (for R²).
    """
    n, k = X.shape
    XtX_inv = _gram_inverse(X)
    beta = XtX_inv @ (X.T @ y)
    u = y - X @ beta
    rank = k + absorbed
    df = n - rank
    if cov == "nonrobust":
        V = XtX_inv * (u @ u / df)
    elif cov == "hc1":
        meat = (X * (u**2)[:, None]).T @ X
        V = XtX_inv @ meat @ XtX_inv * n / df
    else:
        G = int(groups.max()) + 1
        S = np.zeros((G, k))
        np.add.at(S, groups, X * u[:, None])
        c = G / (G - 1) * (n - 1) / (n - rank)
        V = c * XtX_inv @ (S.T @ S) @ XtX_inv
        df = G - 1
    if tss is None:
        tss = np.sum((y - y.mean()) ** 2)
    r2 = 1 - (u @ u) / tss if tss > 0 else float("nan")
    return beta, V, df, r2, XtX_inv, u


def _wild_p(X, y, j, groups, t_obs, *, B=WILD_B, seed=WILD_SEED, absorbed=0):
    """Restricted wild cluster bootstrap-t p-value for H0: beta_j = 0 (see module docstring).

    ``X`` and ``y`` may have unit fixed effects partialled out (``absorbed`` of them): the
    bootstrap is linear in y, so it runs unchanged in the within-unit space.
    """
    n, k = X.shape
    G = int(groups.max()) + 1
    Xr = np.delete(X, j, axis=1)
    br = _gram_inverse(Xr) @ (Xr.T @ y)
    yr = Xr @ br
    ur = y - yr
    XtX_inv = _gram_inverse(X)
    a = XtX_inv[j] @ X.T  # row that maps y to beta_j
    rank = k + absorbed
    c = G / (G - 1) * (n - 1) / (n - rank)
    rng = np.random.default_rng(seed)
    if G < WEBB_BELOW:
        support = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])
        kind = "webb"
    else:
        support = np.array([-1.0, 1.0])
        kind = "rademacher"
    beta_r_j = a @ yr  # equals 0 up to rounding: the restricted fit imposes the null
    t_star = np.empty(B)
    chunk = 1000
    for s in range(0, B, chunk):
        m = min(chunk, B - s)
        w = support[rng.integers(0, len(support), size=(G, m))]
        Ustar = ur[:, None] * w[groups]  # n × m
        bj = beta_r_j + a @ Ustar  # m
        # residuals of the unrestricted fit on y*: (I - H) y* = (I - H) u* (yr is in col space)
        E = Ustar - X @ (XtX_inv @ (X.T @ Ustar))
        S = np.zeros((G, m))
        np.add.at(S, groups, a[:, None] * E)
        se = np.sqrt(c * np.sum(S**2, axis=0))
        t_star[s : s + m] = bj / se
    # Draws that reproduce the sample (all weights +1 or all −1; frequent with Rademacher
    # weights and few clusters) tie with t_obs in exact arithmetic: count ties as exceedances
    # whatever the rounding, so the p-value does not depend on floating-point noise.
    p = float(np.mean(np.abs(t_star) >= abs(t_obs) * (1 - 1e-9)))
    return p, kind


def _codes(series: pd.Series) -> np.ndarray:
    return pd.factorize(series, sort=True)[0]


def fit(
    data: pd.DataFrame,
    *,
    outcome: str,
    treated: str,
    post: str,
    covariates: Sequence[str] = (),
    unit: str | None = None,
    time: str | None = None,
    cov: str = "nonrobust",
    confidence_level: float = CONFIDENCE,
) -> DiDResult:
    """Difference-in-differences by OLS: 2×2, or two-way fixed effects with unit and time.

    Parameters
    ----------
    data : pandas.DataFrame
        Long table, one row per observation (unit × period, or repeated cross-sections).
    outcome : str
        Outcome column. Rows with a missing outcome or covariate are dropped (and counted in
        the caveats).
    treated : str
        0/1 column: 1 for the treated group.
    post : str
        0/1 column: 1 for periods after the intervention.
    covariates : sequence of str
        Extra numeric regressors.
    unit, time : str, optional
        Unit and period columns. Both given: two-way fixed effects. ``unit`` alone: 2×2 with
        clusters by unit available.
    cov : {"nonrobust", "hc1", "cluster"}
        Classical, heteroskedasticity-robust (HC1), or clustered by ``unit`` (Stata's small-
        sample factor; t reference with G − 1 df). With fewer than 30 clusters the ``did``
        row also gets a wild cluster bootstrap p-value.
    confidence_level : float
        Level of the intervals ``ci_low/ci_high`` (t reference, as the p-values), strictly
        between 0 and 1; the ``did`` estimate is called significant when its p-value (the
        wild bootstrap p when computed) is below ``1 − confidence_level``. The sentence states
        the level (e.g. "IK 90%").

    Returns
    -------
    DiDResult
        ``.table`` columns ``term, estimate, se, ci_low, ci_high, p_value, p_value_wild``;
        ``.cell_means`` columns ``treated, post, mean, n``; ``.r2``, ``.nobs``,
        ``.n_clusters``, ``.wild_p``; ``.statements`` (codes ``did.*``, rendered by
        ``.sentences``/``.caveats``); ``.plot()``.

    Raises
    ------
    ParameterError
        Unknown column, non-binary treated/post, unknown cov, cluster without unit, no
        variation in a 2×2 cell, a confidence level outside (0, 1).

    Examples
    --------
    Two groups, two periods; the treated group gains 3 more than the comparison group:

    >>> import pandas as pd
    >>> from evaltools.analysis import did
    >>> df = pd.DataFrame(
    ...     {
    ...         "y": [10.0, 11.0, 14.0, 15.0, 20.0, 21.0, 27.0, 28.0],
    ...         "treated": [0, 0, 0, 0, 1, 1, 1, 1],
    ...         "post": [0, 0, 1, 1, 0, 0, 1, 1],
    ...     }
    ... )
    >>> res = did.fit(df, outcome="y", treated="treated", post="post")
    >>> round(res.estimate, 6)
    3.0
    >>> [s.code for s in res.statements]
    ['did.estimate', 'did.meaning', 'did.parallel_trends']
    """
    data = require_frame(
        data, hint="pass a panel such as evaltools.quasi.panel_frame(data, measure)"
    )
    level = check_confidence_level(confidence_level)
    require_columns(data, outcome=outcome, treated=treated, post=post, unit=unit, time=time)
    if isinstance(covariates, str):
        covariates = (covariates,)
    for c in covariates:
        require_columns(data, covariates=c)
    if cov not in COVS:
        raise ParameterError(f"cov={cov!r}: choose one of {COVS}")
    if cov == "cluster" and unit is None:
        raise ParameterError("cov='cluster' clusters by unit: pass unit=<column with the unit id>")
    if time is not None and unit is None:
        raise ParameterError(
            "time given without unit: two-way fixed effects need both unit= and time="
        )

    cols = [outcome, treated, post, *covariates] + [c for c in (unit, time) if c is not None]
    d = data[list(dict.fromkeys(cols))]
    keep = d[[outcome, *covariates]].notna().all(axis=1)
    n_drop = int((~keep).sum())
    d = d[keep]
    if d.empty:
        raise ParameterError(
            f"outcome={outcome!r}: no rows with a non-missing outcome and covariates"
        )
    y = require_numeric(d, "outcome", outcome)
    tr = _binary(d, "treated", treated)
    po = _binary(d, "post", post)
    for a in (0, 1):
        for b in (0, 1):
            if not np.any((tr == a) & (po == b)):
                raise ParameterError(
                    f"no observations with {treated}={a} and {post}={b}: a DiD needs treated and "
                    "comparison groups observed both before and after"
                )
    Z = [require_numeric(d, "covariates", c) for c in covariates]
    did = tr * po
    twfe = unit is not None and time is not None
    absorbed, tss = 0, None
    if twfe:
        # Unit effects absorbed (within-unit demeaning), time effects as dummies: identical
        # estimates and standard errors to the full dummy regression, in linear time.
        ucode = _codes(d[unit])
        tcode = _codes(d[time])
        T = np.eye(tcode.max() + 1)[tcode][:, 1:]
        X = _within_units(np.column_stack([did, *Z, T]), ucode)
        tss = float(np.sum((y - y.mean()) ** 2))
        y_fit = _within_units(y, ucode)
        absorbed = int(ucode.max()) + 1
        names = ["did", *covariates]
    else:
        X = np.column_stack([np.ones(len(y)), tr, po, did, *Z])
        y_fit = y
        names = ["intercept", "treated", "post", "did", *covariates]
    groups = _codes(d[unit]) if unit is not None else None
    if _rank(X) < X.shape[1]:
        raise ParameterError(
            "the design is collinear (a covariate duplicates treated/post or the fixed effects); "
            "drop the redundant covariate"
        )
    beta, V, df, r2, _, _ = _ols(X, y_fit, cov, groups, absorbed=absorbed, tss=tss)
    k = len(names)
    est = beta[:k]
    se = np.sqrt(np.diag(V)[:k])
    crit = stats.t.ppf(0.5 + level / 2, df)
    tstat = est / se
    table = pd.DataFrame(
        {
            "term": names,
            "estimate": est,
            "se": se,
            "ci_low": est - crit * se,
            "ci_high": est + crit * se,
            "p_value": 2 * stats.t.sf(np.abs(tstat), df),
            "p_value_wild": np.nan,
        }
    )
    if twfe:
        table = table[table["term"] != "intercept"].reset_index(drop=True)
    n_clusters = int(groups.max()) + 1 if groups is not None else None
    wild_p = wild_kind = None
    if cov == "cluster" and n_clusters < FEW_CLUSTERS:
        if n_clusters < 2:
            raise ParameterError(f"unit={unit!r}: clustering needs at least 2 units")
        j = names.index("did")
        wild_p, wild_kind = _wild_p(X, y_fit, j, groups, float(tstat[j]), absorbed=absorbed)
        table.loc[table["term"] == "did", "p_value_wild"] = wild_p

    cm = (
        pd.DataFrame({"treated": tr.astype(int), "post": po.astype(int), "y": y})
        .groupby(["treated", "post"])["y"]
        .agg(["mean", "size"])
        .rename(columns={"size": "n"})
        .reset_index()
    )
    row = table[table["term"] == "did"].iloc[0]
    sig = (row["p_value"] if wild_p is None else wild_p) < 1 - level
    statements = [
        finding(
            "did.estimate",
            outcome=outcome,
            estimate=float(row["estimate"]),
            ci_low=float(row["ci_low"]),
            ci_high=float(row["ci_high"]),
            p=float(row["p_value"]),
            wild_p=wild_p,
            significant=bool(sig),
            level=level,
        ),
        finding("did.meaning"),
        caveat("did.parallel_trends"),
    ]
    if n_drop:
        statements.append(caveat("did.dropped_rows", n_rows=n_drop))
    if n_clusters is not None and n_clusters < FEW_CLUSTERS and cov == "cluster":
        statements.append(caveat("did.few_clusters", n_clusters=n_clusters))
    return DiDResult(
        table=table,
        statements=statements,
        params={
            "outcome": outcome,
            "treated": treated,
            "post": post,
            "covariates": list(covariates),
            "unit": unit,
            "time": time,
            "cov": cov,
            "confidence_level": level,
        },
        r2=float(r2),
        nobs=len(y),
        n_clusters=n_clusters,
        wild_p=wild_p,
        wild_weights=wild_kind,
        wild_b=WILD_B if wild_p is not None else None,
        cell_means=cm,
    )


def event_study(
    data: pd.DataFrame,
    *,
    outcome: str,
    unit: str,
    time: str,
    treated: str,
    treatment_time: Any,
    leads: int | None = None,
    lags: int | None = None,
    reference: int = -1,
    cov: str = "cluster",
    confidence_level: float = CONFIDENCE,
) -> EventStudyResult:
    """Event study: leads and lags of a common-timing treatment with unit and time fixed effects.

    ``outcome ~ Σ_{k ≠ reference} β_k · treated · 1{event time = k} + unit FE + time FE`` where
    event time = ``time − treatment_time`` (in months for a date column). Event times beyond
    ``leads``/``lags`` are binned into the end points (−leads and +lags).

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel, one row per unit × period.
    outcome, unit, time, treated : str
        Columns; ``treated`` is 0/1 and constant within a unit.
    treatment_time : scalar
        First treated period (same units as ``time``).
    leads, lags : int, optional
        Number of pre-periods (event times −leads … −1) and post-periods (0 … lags) to
        estimate; None uses every event time present.
    reference : int
        Omitted event time (default −1, the last pre-period).
    cov : {"nonrobust", "hc1", "cluster"}
        As in :func:`fit`; "cluster" clusters by unit.
    confidence_level : float
        Level of the intervals ``ci_low/ci_high`` (and of the plot's error bars), strictly
        between 0 and 1; the pre-trend test rejects parallel trends when its p-value is below
        ``1 − confidence_level``.

    Returns
    -------
    EventStudyResult
        ``.table`` columns ``term, event_time, estimate, se, ci_low, ci_high, p_value``;
        ``.pretrend`` dict ``stat, df_num, df_den, p_value``; ``.pretrend_flag``;
        ``.statements``; ``.plot()``.

    Raises
    ------
    ParameterError
        Unknown column, duplicated unit × time, treatment time outside the data, too few
        pre-periods, reference not a pre-period, no treated or no comparison unit, a confidence
        level outside (0, 1).
    """
    data = require_frame(
        data, hint="pass a panel such as evaltools.quasi.panel_frame(data, measure)"
    )
    level = check_confidence_level(confidence_level)
    require_columns(data, outcome=outcome, unit=unit, time=time, treated=treated)
    if cov not in COVS:
        raise ParameterError(f"cov={cov!r}: choose one of {COVS}")
    d = data[[outcome, unit, time, treated]].dropna(subset=[outcome])
    if d.duplicated(subset=[unit, time]).any():
        raise ParameterError(
            f"time={time!r}: duplicated {unit} × {time} rows; one row per unit and period"
        )
    y = require_numeric(d, "outcome", outcome)
    tr = _binary(d, "treated", treated)
    if d.assign(_t=tr).groupby(unit)["_t"].nunique().max() > 1:
        raise ParameterError(f"treated={treated!r}: must be constant within each unit")
    if tr.min() == tr.max():
        raise ParameterError(f"treated={treated!r}: need both treated (1) and comparison (0) units")
    if is_datetime(d[time]):
        tv = month_index(d[time])
        try:
            t0 = month_index(pd.Series([pd.Timestamp(treatment_time)]))[0]
        except (ValueError, TypeError):
            raise ParameterError(f"treatment_time={treatment_time!r}: not a date") from None
    else:
        tv = require_numeric(d, "time", time)
        try:
            t0 = float(treatment_time)
        except (ValueError, TypeError):
            raise ParameterError(
                f"treatment_time={treatment_time!r}: not a number in the units of {time!r}"
            ) from None
    if not (tv.min() < t0 <= tv.max()):
        raise ParameterError(
            f"treatment_time={treatment_time!r} lies outside the data "
            f"({d[time].min()} – {d[time].max()}); it must be after the first and no later "
            "than the last period"
        )
    e = np.round(tv - t0).astype(int)
    n_pre_periods = len(np.unique(e[e < 0]))
    if n_pre_periods < 2:
        raise ParameterError(
            f"treatment_time={treatment_time!r}: only {n_pre_periods} pre-period(s); an event "
            "study needs at least 2 (one is the reference)"
        )
    lo = -int(leads) if leads is not None else int(e.min())
    hi = int(lags) if lags is not None else int(e.max())
    if leads is not None and leads < 1 or lags is not None and lags < 0:
        raise ParameterError(
            f"leads={leads!r}, lags={lags!r}: give leads ≥ 1 and lags ≥ 0 (periods before and "
            "after treatment_time), or None to use every period in the data"
        )
    if not (lo <= reference < 0):
        raise ParameterError(
            f"reference={reference}: must be a pre-period event time between {lo} and −1"
        )
    eb = np.clip(e, lo, hi)
    ks = [k for k in range(lo, hi + 1) if k != reference and np.any((eb == k) & (tr == 1))]
    D = np.column_stack([((eb == k) & (tr == 1)).astype(float) for k in ks])
    ucode = _codes(d[unit])
    tcode = _codes(d[time])
    T = np.eye(tcode.max() + 1)[tcode][:, 1:]
    X = _within_units(np.column_stack([D, T]), ucode)  # unit effects absorbed, as in fit()
    if _rank(X) < X.shape[1]:
        raise ParameterError(
            "event-time dummies are collinear with the fixed effects; reduce leads/lags"
        )
    beta, V, df, _, _, _ = _ols(
        X,
        _within_units(y, ucode),
        cov,
        ucode if cov == "cluster" else None,
        absorbed=int(ucode.max()) + 1,
        tss=float(np.sum((y - y.mean()) ** 2)),
    )
    idx = np.arange(0, len(ks))
    est = beta[idx]
    se = np.sqrt(np.diag(V)[idx])
    crit = stats.t.ppf(0.5 + level / 2, df)
    table = pd.DataFrame(
        {
            "term": [f"event:{k}" for k in ks],
            "event_time": ks,
            "estimate": est,
            "se": se,
            "ci_low": est - crit * se,
            "ci_high": est + crit * se,
            "p_value": 2 * stats.t.sf(np.abs(est / se), df),
        }
    )
    lead_pos = [i for i, k in enumerate(ks) if k < 0]
    if lead_pos:
        b = est[lead_pos]
        Vl = V[np.ix_(idx[lead_pos], idx[lead_pos])]
        q = len(lead_pos)
        F = float(b @ np.linalg.inv(Vl) @ b / q)
        pre = {"stat": F, "df_num": q, "df_den": float(df), "p_value": float(stats.f.sf(F, q, df))}
    else:
        pre = {"stat": float("nan"), "df_num": 0, "df_den": float(df), "p_value": float("nan")}
    post_rows = table[table["event_time"] >= 0]
    avg_post = float(post_rows["estimate"].mean()) if len(post_rows) else float("nan")
    flag = pretrend_flag(table, pre)
    statements = [
        finding("did.event_average", outcome=outcome, reference=int(reference), average=avg_post)
    ]
    if lead_pos:
        statements.append(_pretrend_statement(table, pre, flag, level))
    statements.append(caveat("did.pretrend_not_proof"))
    return EventStudyResult(
        table=table,
        statements=statements,
        params={
            "outcome": outcome,
            "unit": unit,
            "time": time,
            "treated": treated,
            "treatment_time": treatment_time,
            "leads": leads,
            "lags": lags,
            "reference": reference,
            "cov": cov,
            "confidence_level": level,
        },
        pretrend=pre,
        pretrend_flag=flag,
    )


def pretrend_flag(table: pd.DataFrame, pretrend: dict[str, Any]) -> str:
    """Code of the pre-trend check of an event study (see the module docstring).

    Parameters
    ----------
    table : pandas.DataFrame
        The event-study table (``event_time, ci_low, ci_high``).
    pretrend : dict
        The joint test (``p_value``).

    Returns
    -------
    str
        One of :data:`PRETREND_FLAGS`.
    """
    leads = table[table["event_time"] < 0]
    p = pretrend.get("p_value", float("nan"))
    if leads.empty or not np.isfinite(p):
        return "pretrend_untestable"
    excludes = bool(((leads["ci_low"] > 0) | (leads["ci_high"] < 0)).any())
    return "pretrend_not_parallel" if (p < PRETREND_WARN_P or excludes) else "pretrend_ok"


def _pretrend_statement(table: pd.DataFrame, pre: dict[str, Any], flag: str, level: float):
    """The joint pre-trend test as a statement: its F and p, the flag, and why it warns."""
    leads = table[table["event_time"] < 0]
    off = leads[(leads["ci_low"] > 0) | (leads["ci_high"] < 0)]
    return finding(
        "did.pretrend",
        stat=float(pre["stat"]),
        p=float(pre["p_value"]),
        flag=flag,
        warn_p=PRETREND_WARN_P,
        below_warn=bool(pre["p_value"] < PRETREND_WARN_P),
        off_times=[int(k) for k in off["event_time"]] if flag == "pretrend_not_parallel" else [],
        level=level,
    )


@dataclass
class PermutationResult(Result):
    """Result of :func:`permutation_test`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per unit, the treated unit first: ``unit, is_treated, estimate`` (the TWFE DiD
        with that unit as the only treated one), ``rank`` (1 = largest ``|estimate|``).
    estimate : float
        The treated unit's DiD estimate.
    p_value : float
        Two-sided permutation p: share of units whose ``|estimate|`` is at least the treated
        unit's (the treated unit included), so ``p ≥ p_floor``.
    p_floor : float
        ``1 / (J + 1)``: the smallest p the design allows with ``J`` comparison units.
    n_units : int
        ``J + 1``.
    """

    estimate: float = float("nan")
    p_value: float = float("nan")
    p_floor: float = float("nan")
    n_units: int = 0

    def can_reject(self, confidence_level: float = CONFIDENCE) -> bool:
        """Whether the floor allows significance at ``1 − confidence_level`` at all."""
        return bool(self.p_floor < 1 - check_confidence_level(confidence_level))


def _twfe_estimate(y: np.ndarray, ucode: np.ndarray, T: np.ndarray, did: np.ndarray) -> float:
    X = _within_units(np.column_stack([did, T]), ucode)
    inv = _gram_inverse(X)
    if inv is None:
        return float("nan")
    return float((inv @ (X.T @ _within_units(y, ucode)))[0])


def permutation_test(
    data: pd.DataFrame,
    *,
    outcome: str,
    unit: str,
    time: str,
    treated: str,
    post: str,
) -> PermutationResult:
    """Placebo-in-space (Fisher randomisation) inference for a DiD with one treated unit.

    The two-way fixed-effects DiD (as :func:`fit` with ``unit`` and ``time``) is re-estimated
    with each unit in turn as the only treated unit and all others as comparisons; the
    treated unit's ``|estimate|`` is ranked among the ``J + 1`` estimates. Under the null that
    the treated unit is exchangeable with the comparison units (no effect, same error
    distribution), every rank is equally likely, so ``p = rank / (J + 1)`` is exact; its floor
    is ``1 / (J + 1)``.

    Parameters
    ----------
    data : pandas.DataFrame
        Long panel, one row per unit × period.
    outcome, unit, time, treated, post : str
        Columns as in :func:`fit`; exactly one unit has ``treated = 1``.

    Returns
    -------
    PermutationResult

    Raises
    ------
    ParameterError
        Unknown column, not exactly one treated unit, fewer than two comparison units.
    """
    data = require_frame(
        data, hint="pass a panel such as evaltools.quasi.panel_frame(data, measure)"
    )
    require_columns(data, outcome=outcome, unit=unit, time=time, treated=treated, post=post)
    d = data[[outcome, unit, time, treated, post]].dropna(subset=[outcome])
    y = require_numeric(d, "outcome", outcome)
    tr = _binary(d, "treated", treated)
    po = _binary(d, "post", post)
    treated_units = pd.unique(d.loc[tr == 1, unit])
    if len(treated_units) != 1:
        raise ParameterError(
            f"treated={treated!r}: the permutation test is for one treated unit; "
            f"found {len(treated_units)}"
        )
    units = [treated_units[0], *[u for u in pd.unique(d[unit]) if u != treated_units[0]]]
    if len(units) < 3:
        raise ParameterError(f"unit={unit!r}: a permutation test needs at least 2 comparison units")
    ucode = _codes(d[unit])
    tcode = _codes(d[time])
    T = np.eye(tcode.max() + 1)[tcode][:, 1:]
    uvals = d[unit].to_numpy()
    est = np.array([_twfe_estimate(y, ucode, T, (uvals == u).astype(float) * po) for u in units])
    a = np.abs(est)
    ranks = np.array([int(np.sum(a >= a[i] - 1e-12 * max(1.0, a[i]))) for i in range(len(a))])
    p = float(ranks[0] / len(units))
    table = pd.DataFrame(
        {
            "unit": units,
            "is_treated": [True] + [False] * (len(units) - 1),
            "estimate": est,
            "rank": ranks,
        }
    )
    floor = 1 / len(units)
    statements = [
        finding(
            "did.permutation",
            estimate=float(est[0]),
            rank=int(ranks[0]),
            n_units=len(units),
            p=p,
            floor=floor,
        )
    ]
    return PermutationResult(
        table=table,
        statements=statements,
        params={"outcome": outcome, "unit": unit, "time": time, "treated": treated, "post": post},
        estimate=float(est[0]),
        p_value=p,
        p_floor=floor,
        n_units=len(units),
    )
