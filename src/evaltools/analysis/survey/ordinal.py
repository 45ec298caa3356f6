"""Proportional-odds (ordered logit) model, as a general tool for ordinal survey answers."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from evaltools.analysis._checks import check_confidence_level
from evaltools.errors import ParameterError
from evaltools.results import Result, caveat, finding


@dataclass
class OrdinalLogitResult(Result):
    """Proportional-odds (ordered logit) model (see :func:`ordinal_logit`).

    Attributes
    ----------
    loglik : float
        Maximised log-likelihood.
    levels : list
        Outcome categories, lowest first.
    n : int
        Observations used.
    converged : bool
        Whether the optimiser reported convergence.
    """

    loglik: float = np.nan
    levels: list = field(default_factory=list)
    n: int = 0
    converged: bool = False

    @property
    def cutpoints(self) -> pd.Series:
        """Cut-points (thresholds) on the latent scale, lowest first."""
        cuts = self.table[self.table["kind"] == "cutpoint"]
        return pd.Series(cuts["estimate"].to_numpy(), index=cuts["term"].to_list())


def _ordered_outcome(
    frame: pd.DataFrame, outcome: str, levels: Sequence[Any] | None
) -> tuple[pd.Series, list[Any]]:
    """The outcome as an ordered Categorical of the observed levels, lowest first."""
    y = frame[outcome]
    if levels is None:
        if isinstance(y.dtype, pd.CategoricalDtype) and y.cat.ordered:
            levels = list(y.cat.categories)
        else:
            levels = sorted(y.unique())
    levels = list(levels)
    unknown = sorted(set(y.unique()) - set(levels), key=str)
    if unknown:
        raise ParameterError(
            f"outcome values {unknown} are not in levels={levels}; list every category"
        )
    yc = pd.Series(pd.Categorical(y, categories=levels, ordered=True), index=frame.index)
    present = [lv for lv in levels if (yc == lv).any()]
    if len(present) < 2:
        raise ParameterError("the outcome needs at least two observed categories")
    if len(present) < len(levels):
        yc = yc.cat.remove_unused_categories()
        levels = present
    return yc, levels


def _fit(model: Any) -> tuple[Any, bool]:
    """BFGS with a tight gradient tolerance, then Newton from there when BFGS does not converge."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = model.fit(method="bfgs", disp=False, maxiter=5000, gtol=1e-8)
        converged = bool(fit.mle_retvals.get("converged", False))
        if not converged:
            fit = model.fit(method="newton", disp=False, maxiter=500, start_params=fit.params)
            converged = bool(fit.mle_retvals.get("converged", False))
    return fit, converged


def _estimates(fit: Any, k: int, n_cut: int) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients and cut-points with standard errors (delta method for the cut-points).

    statsmodels parameterises the thresholds as the first cut-point and log increments:
    cut-point j = theta_0 + sum_{i=1..j} exp(delta_i).
    """
    params = np.asarray(fit.params, dtype=float)
    cov = np.asarray(fit.cov_params(), dtype=float)
    raw = params[k:]
    cuts = np.cumsum(np.concatenate([[raw[0]], np.exp(raw[1:])]))
    jac = np.zeros((n_cut, n_cut))
    jac[:, 0] = 1.0
    for j in range(1, n_cut):
        jac[j, 1 : j + 1] = np.exp(raw[1 : j + 1])
    cut_se = np.sqrt(np.diag(jac @ cov[k:, k:] @ jac.T))
    coef_se = np.sqrt(np.diag(cov[:k, :k]))
    return np.concatenate([params[:k], cuts]), np.concatenate([coef_se, cut_se])


def ordinal_logit(
    data: pd.DataFrame,
    *,
    outcome: str,
    predictors: Sequence[str],
    levels: Sequence[Any] | None = None,
    confidence_level: float = 0.95,
) -> OrdinalLogitResult:
    """Ordered logit (proportional odds) via statsmodels ``OrderedModel``.

    ``P(y ≤ j) = logistic(κ_j − xβ)`` with no constant (the cut-points absorb it), fitted by
    BFGS with a tight gradient tolerance (1e-8) so the estimates match Stata/R to 1e-6.
    statsmodels parameterises thresholds as the first cut-point and log increments; they are
    converted back to cut-points, with delta-method standard errors.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation (rows with a missing value in the model are dropped).
    outcome : str
        Ordinal outcome column: an ordered Categorical, numbers, or labels ordered by ``levels``.
    predictors : sequence of str
        Predictor columns (numeric).
    levels : sequence, optional
        Outcome categories lowest first; default the Categorical's order or sorted values.
    confidence_level : float
        Level of the Wald confidence intervals.

    Returns
    -------
    OrdinalLogitResult
        ``.table`` has ``term``, ``kind`` (``"coef"`` or ``"cutpoint"``), ``estimate``, ``se``,
        ``ci_low``, ``ci_high``, ``p_value`` (NaN for cut-points), ``odds_ratio`` (coefficients
        only), ``significant`` (``p_value < 1 − confidence_level``; NA for cut-points).
        Cut-points are named ``"<level j>|<level j+1>"``. ``.loglik``, ``.levels``, ``.n``,
        ``.cutpoints``. Statements ``survey.ordinal_odds`` (one per predictor) and the caveat
        ``survey.ordinal_not_converged``.
    """
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    level = check_confidence_level(confidence_level)
    if not isinstance(data, pd.DataFrame):
        raise ParameterError("data must be a pandas DataFrame")
    predictors = [predictors] if isinstance(predictors, str) else list(predictors)
    missing = [c for c in [outcome, *predictors] if c not in data.columns]
    if missing:
        raise ParameterError(f"column(s) {missing} not in data; check outcome= and predictors=")
    if not predictors:
        raise ParameterError("predictors must name at least one column")
    frame = data[[outcome, *predictors]].dropna()
    yc, levels = _ordered_outcome(frame, outcome, levels)
    try:
        x = frame[predictors].astype(float)
    except (TypeError, ValueError):
        raise ParameterError(f"predictors {predictors} must be numeric columns") from None
    fit, converged = _fit(OrderedModel(yc, x, distr="logit"))
    k, n_cut = len(predictors), len(levels) - 1
    est, se = _estimates(fit, k, n_cut)
    zcrit = stats.norm.ppf(0.5 + level / 2.0)
    pvals = np.concatenate([2 * stats.norm.sf(np.abs(est[:k] / se[:k])), np.full(n_cut, np.nan)])
    table = pd.DataFrame(
        {
            "term": predictors + [f"{levels[j]}|{levels[j + 1]}" for j in range(n_cut)],
            "kind": ["coef"] * k + ["cutpoint"] * n_cut,
            "estimate": est,
            "se": se,
            "ci_low": est - zcrit * se,
            "ci_high": est + zcrit * se,
            "p_value": pvals,
            "odds_ratio": np.concatenate([np.exp(est[:k]), np.full(n_cut, np.nan)]),
        }
    )
    # significance at the model's level, a code for coefficients (NA for cut-points)
    table["significant"] = pd.array(
        [bool(p < 1.0 - level) for p in pvals[:k]] + [pd.NA] * n_cut, dtype="boolean"
    )
    statements = [
        finding("survey.ordinal_odds", term=row.term, odds_ratio=row.odds_ratio, p=row.p_value)
        for row in table[table["kind"] == "coef"].itertuples(index=False)
    ]
    if not converged:
        statements.append(caveat("survey.ordinal_not_converged"))
    return OrdinalLogitResult(
        table=table,
        statements=statements,
        params={
            "outcome": outcome,
            "predictors": predictors,
            "levels": levels,
            "confidence_level": level,
        },
        loglik=float(fit.llf),
        levels=levels,
        n=len(frame),
        converged=converged,
    )
