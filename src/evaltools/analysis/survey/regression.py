"""Which factors go with a better perceived implementation: standardised OLS (HC3)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from evaltools.analysis._checks import check_confidence_level
from evaltools.analysis.survey.coding import SURVEY_FACTORS, respondent_scores
from evaltools.errors import ParameterError
from evaltools.plotting.style import FACTOR_COLORS, id_number_formatter, new_figure
from evaltools.prose import label
from evaltools.results import Result, caveat, finding
from evaltools.vocabulary import FACTORS


@dataclass
class DeterminantsResult(Result):
    """Standardised OLS of the outcome scale on the factor scores (see :func:`determinants`).

    Attributes
    ----------
    n : int
        Respondents in the regression (complete cases).
    r2 : float
        R².
    """

    n: int = 0
    r2: float = np.nan

    def plot(self, ax=None):
        """Coefficient plot of the standardised effects, largest first."""
        t = self.table[self.table["term"] != "const"].sort_values("rank")
        fig, ax = new_figure(ax, height=max(2.2, 0.45 * len(t) + 1.0))
        y = np.arange(len(t))
        for yi, row in zip(y, t.itertuples(index=False), strict=True):
            ax.errorbar(
                row.estimate,
                yi,
                xerr=[[row.estimate - row.ci_low], [row.ci_high - row.estimate]],
                fmt="o",
                color=FACTOR_COLORS.get(row.term, "0.3"),
                capsize=3,
            )
        ax.axvline(0, color="0.4", linewidth=0.8)
        ax.set_yticks(y)
        ax.set_yticklabels([label("factor", f) for f in t["term"]])
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(id_number_formatter(1))
        ax.set_xlabel(label("survey_figure", "determinants_xlabel"))
        ax.set_title(label("survey_figure", "determinants_title"))
        return fig


def determinants(
    data: Any,
    *,
    items: pd.DataFrame | None = None,
    outcome: str = "outcome",
    factors: Sequence[str] | None = None,
    confidence_level: float = 0.95,
    min_share: float = 0.5,
) -> DeterminantsResult:
    """Which factors go with a better perceived implementation: standardised OLS with HC3 SEs.

    The outcome scale's score and every factor score are z-scored (mean 0, SD 1 over the
    complete cases), so each coefficient is the change in the outcome, in SDs, per SD of the
    factor holding the others fixed — comparable across factors. Standard errors are
    heteroskedasticity-robust (HC3, MacKinnon & White 1985). Factors are ranked by the
    coefficient, largest (most positive) first.

    Parameters
    ----------
    data : EvalData or pandas.DataFrame
        An ``EvalData`` or the wide responses.
    items : pandas.DataFrame, optional
        ``survey_items``; required when ``data`` is a DataFrame.
    outcome : str
        Factor label of the outcome scale in ``survey_items.factor`` (default ``"outcome"``).
    factors : sequence of str, optional
        Predictor factors; default every Edwards III / environment factor in the survey.
    confidence_level : float
        Level of the confidence intervals.
    min_share : float
        Share of a scale's items a respondent must answer to be scored.

    Returns
    -------
    DeterminantsResult
        ``.table`` has one row per factor: ``term`` (factor id), ``label`` (the factor's name
        in the current language), ``estimate`` (standardised coefficient), ``se`` (HC3),
        ``ci_low``, ``ci_high``, ``p_value``, ``rank`` (1 = largest coefficient),
        ``significant`` (``p_value < 1 − confidence_level``). ``.n`` and ``.r2``. Statements
        ``survey.top_determinant``, ``survey.variance_explained`` and the caveat
        ``survey.associational``.
    """
    level = check_confidence_level(confidence_level)
    scores = respondent_scores(data, items=items, min_share=min_share)
    return _determinants(scores, outcome=outcome, factors=factors, level=level)


def _predictors(scores: pd.DataFrame, outcome: str, factors: Sequence[str] | None) -> list[str]:
    """The predictor factors, checked against the vocabulary and the survey's scales."""
    if outcome not in SURVEY_FACTORS:
        raise ParameterError(
            f"outcome={outcome!r} is not a factor label; use one of {list(SURVEY_FACTORS)}"
        )
    if outcome not in scores.columns:
        raise ParameterError(
            f"the survey has no items with factor '{outcome}'; add outcome items to survey_items "
            "(perceived implementation) to estimate determinants"
        )
    if factors is None:
        factors = [f for f in FACTORS if f in scores.columns and f != outcome]
    else:
        factors = list(factors)
        bad = [f for f in factors if f not in FACTORS]
        if bad:
            raise ParameterError(f"factors has unknown label(s) {bad}; use any of {list(FACTORS)}")
        absent = [f for f in factors if f not in scores.columns]
        if absent:
            raise ParameterError(
                f"factors {absent} have no items in survey_items; drop them from factors"
            )
    if not factors:
        raise ParameterError(
            "no predictor factors: survey_items must have items of at least one factor"
        )
    return factors


def _standardised(scores: pd.DataFrame, outcome: str, factors: list[str]) -> pd.DataFrame:
    """Complete cases, z-scored; refuses too few respondents or a scale that does not vary."""
    frame = scores[[outcome, *factors]].dropna()
    n = len(frame)
    if n < len(factors) + 3:
        raise ParameterError(
            f"determinants need at least {len(factors) + 3} respondents with every scale scored "
            f"(got {n}); collect more responses or use fewer factors"
        )
    sd = frame.std(ddof=1)
    flat = sd[sd == 0].index.tolist()
    if flat:
        raise ParameterError(
            f"scale(s) {flat} do not vary across respondents; drop them from factors"
        )
    return (frame - frame.mean()) / sd


def _determinants(
    scores: pd.DataFrame, *, outcome: str, factors: Sequence[str] | None, level: float
) -> DeterminantsResult:
    import statsmodels.api as sm

    factors = _predictors(scores, outcome, factors)
    z = _standardised(scores, outcome, factors)
    model = sm.OLS(z[outcome], sm.add_constant(z[factors])).fit(cov_type="HC3")
    ci = model.conf_int(alpha=1.0 - level)
    table = pd.DataFrame(
        {
            "term": factors,
            "label": [label("factor", f) for f in factors],
            "estimate": model.params[factors].to_numpy(),
            "se": model.bse[factors].to_numpy(),
            "ci_low": ci.loc[factors, 0].to_numpy(),
            "ci_high": ci.loc[factors, 1].to_numpy(),
            "p_value": model.pvalues[factors].to_numpy(),
        }
    )
    table["rank"] = table["estimate"].rank(ascending=False, method="first").astype(int)
    # significance at the analysis' level (p < 1 - confidence_level), as a code
    table["significant"] = table["p_value"] < 1.0 - level
    table = table.sort_values("rank").reset_index(drop=True)
    top = table.iloc[0]
    statements = [
        finding(
            "survey.top_determinant",
            factor=top["term"],
            estimate=top["estimate"],
            ci_low=top["ci_low"],
            ci_high=top["ci_high"],
            level=level,
            p=top["p_value"],
        ),
        finding(
            "survey.variance_explained",
            r2=float(model.rsquared),
            n=len(z),
            n_significant=int((table["significant"] & (table["estimate"] > 0)).sum()),
            level=level,
        ),
        caveat("survey.associational"),
    ]
    return DeterminantsResult(
        table=table,
        statements=statements,
        params={
            "outcome": outcome,
            "factors": list(factors),
            "confidence_level": level,
            "cov": "HC3",
        },
        n=len(z),
        r2=float(model.rsquared),
    )
