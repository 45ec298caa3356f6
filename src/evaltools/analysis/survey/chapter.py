"""The survey chapter in one call: reliability, factor means and determinants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from evaltools.analysis._checks import check_confidence_level
from evaltools.analysis.survey.caps import strength_cap
from evaltools.analysis.survey.coding import _check_min_share, _recode, _resolve, _scores
from evaltools.analysis.survey.regression import DeterminantsResult, _determinants
from evaltools.analysis.survey.scales import (
    MIN_ALPHA,
    FactorScoresResult,
    ReliabilityResult,
    _factor_scores,
    _reliability,
)
from evaltools.errors import ParameterError
from evaltools.prose import label, render_one
from evaltools.results import Result, Statement, caveat, finding
from evaltools.vocabulary import FACTORS


@dataclass
class SurveyResult(Result):
    """Everything the survey chapter needs (see :func:`analyze`).

    Attributes
    ----------
    reliability : ReliabilityResult
    scores : FactorScoresResult
        Overall factor means (group ``"all"``).
    by_group : FactorScoresResult or None
        Factor means by ``by`` (None when ``by`` is None).
    determinants : DeterminantsResult or None
        None when the survey has no outcome items or too few complete respondents.
    n_respondents : int
    """

    reliability: ReliabilityResult | None = None
    scores: FactorScoresResult | None = None
    by_group: FactorScoresResult | None = None
    determinants: DeterminantsResult | None = None
    n_respondents: int = 0

    @property
    def determinants_note(self) -> str:
        """One sentence when the determinants model is absent ("" when it exists)."""
        if self.determinants is not None:
            return ""
        return render_one(caveat("survey.determinants_note"))

    def plot(self, ax=None):
        """Factor means by group (or overall when no grouping), dot-and-interval chart."""
        target = self.by_group if self.by_group is not None else self.scores
        return target.plot(ax=ax)


def analyze(
    data: Any,
    *,
    items: pd.DataFrame | None = None,
    by: str | None = "agency",
    outcome: str = "outcome",
    confidence_level: float = 0.95,
    min_alpha: float = MIN_ALPHA,
    min_share: float = 0.5,
) -> SurveyResult:
    """Reliability, factor means and determinants of the implementer survey in one call.

    Parameters
    ----------
    data : EvalData or pandas.DataFrame
        An ``EvalData`` or the wide responses.
    items : pandas.DataFrame, optional
        ``survey_items``; required when ``data`` is a DataFrame.
    by : str or None
        Grouping column for the by-group means (default ``"agency"``).
    outcome : str
        Factor label of the perceived-implementation scale.
    confidence_level : float
        Level of every interval and the significance level ``1 - confidence_level``.
    min_alpha : float
        Reliability threshold (default 0.6).
    min_share : float
        Share of a scale's items a respondent must answer to be scored.

    Returns
    -------
    SurveyResult
        ``.table`` has one row per factor (Edwards III, environment, outcome) with columns
        ``factor``, ``label`` (the factor's name in the current language), ``n_items``,
        ``alpha``, ``std_alpha``, ``omega``, ``flag`` (reliability flag), ``reliable``, ``n``
        (scored respondents), ``mean``, ``ci_low``, ``ci_high``, ``scale_min``, ``scale_max``,
        ``midpoint``, ``below_midpoint`` (bool), ``estimate`` (standardised determinant
        coefficient, NaN for the outcome or when not estimable), ``se``, ``p_value``, ``rank``,
        ``strength_cap`` (highest evidence strength the factor's data allow: ``strong``,
        ``moderate`` or ``weak``) and ``cap_reason`` (codes ``few_respondents``,
        ``very_few_respondents``, ``few_items``, ``unreliable`` joined by ``;``, empty when
        none applies). Plus ``.reliability``, ``.scores``, ``.by_group``, ``.determinants``
        and ``.statements`` (codes ``survey.*`` and ``reliability.*``), rendered by
        ``.sentences`` and ``.caveats`` in the current language.

    Examples
    --------
    On the demo data (run from the repository root):

    >>> import evaltools
    >>> data = evaltools.load_data("data/demo")
    >>> res = evaltools.survey.analyze(data)
    >>> res.n_respondents
    300
    >>> res.determinants.table["term"].iloc[0]
    'disposition'
    >>> res.table.set_index("factor").loc["disposition", "strength_cap"]
    'strong'
    >>> [s.code for s in res.statements][:3]
    ['survey.respondents', 'survey.reliable_scales', 'survey.lowest_factor']
    >>> evaltools.survey.evidence(res).set_index("factor").loc["disposition", "strength"]
    'strong'
    """
    level = check_confidence_level(confidence_level)
    _check_min_share(min_share)
    responses, items_df = _resolve(data, items)
    # reverse-code and score once; the three parts below share them
    coded = _recode(responses, items_df)
    scores = _scores(coded, items_df, min_share)
    rel = _reliability(coded, items_df, level, min_alpha)
    overall = _factor_scores(scores, items_df, by=None, level=level, min_share=min_share)
    grouped = (
        _factor_scores(scores, items_df, by=by, level=level, min_share=min_share)
        if by is not None
        else None
    )
    by_group = grouped.statements if grouped is not None else []
    det, det_notes = _try_determinants(scores, items_df, outcome, level)
    table = _chapter_table(rel, overall, det)
    statements = [
        _respondents(responses),
        *rel.statements,
        *_level_statements(table, level),
        *(det.statements if det is not None else []),
        *det_notes,
        # the chapter states the group means in its figure: only their caveats are kept
        *(s for s in by_group if s.kind == "caveat"),
    ]
    return SurveyResult(
        table=table,
        statements=statements,
        params={
            "by": by,
            "outcome": outcome,
            "confidence_level": level,
            "min_alpha": min_alpha,
            "min_share": min_share,
        },
        reliability=rel,
        scores=overall,
        by_group=grouped,
        determinants=det,
        n_respondents=len(responses),
    )


def _try_determinants(
    scores: pd.DataFrame, items_df: pd.DataFrame, outcome: str, level: float
) -> tuple[DeterminantsResult | None, list[Statement]]:
    """The determinants model, or None and a caveat saying why it was not estimated."""
    present = set(items_df["factor"])
    if outcome not in present or not any(f in present for f in FACTORS):
        return None, [caveat("survey.no_outcome_items", outcome=outcome)]
    try:
        return _determinants(scores, outcome=outcome, factors=None, level=level), []
    except ParameterError as exc:
        return None, [caveat("survey.determinants_not_estimable", reason=str(exc))]


def _chapter_table(
    rel: ReliabilityResult, overall: FactorScoresResult, det: DeterminantsResult | None
) -> pd.DataFrame:
    """Reliability, means and determinants side by side, one row per scale, with the caps."""
    table = rel.table[
        ["factor", "n_items", "alpha", "std_alpha", "omega", "flag", "reliable"]
    ].merge(
        overall.table[
            ["factor", "n", "mean", "ci_low", "ci_high", "scale_min", "scale_max", "midpoint"]
        ],
        on="factor",
        how="left",
    )
    table.insert(1, "label", [label("factor", f) for f in table["factor"]])
    table["below_midpoint"] = table["mean"] < table["midpoint"]
    if det is not None:
        coefficients = det.table[["term", "estimate", "se", "p_value", "rank"]]
        table = table.merge(
            coefficients.rename(columns={"term": "factor"}), on="factor", how="left"
        )
    else:
        table = table.assign(estimate=np.nan, se=np.nan, p_value=np.nan, rank=np.nan)
    caps = [strength_cap(r.n, r.n_items, r.reliable) for r in table.itertuples(index=False)]
    table["strength_cap"] = [c for c, _ in caps]
    table["cap_reason"] = [";".join(why) for _, why in caps]
    return table


def _respondents(responses: pd.DataFrame) -> Statement:
    agencies = int(responses["agency"].nunique()) if "agency" in responses.columns else None
    return finding("survey.respondents", n=len(responses), n_agencies=agencies)


def _level_statements(table: pd.DataFrame, level: float) -> list[Statement]:
    """The lowest factor mean and the factors whose mean is below the scale's midpoint."""
    core = table[table["factor"].isin(FACTORS)].dropna(subset=["mean"])
    if not len(core):
        return []
    lowest = core.sort_values("mean").iloc[0]
    out = [
        finding(
            "survey.lowest_factor",
            factor=lowest["factor"],
            mean=lowest["mean"],
            scale_min=lowest["scale_min"],
            scale_max=lowest["scale_max"],
            ci_low=lowest["ci_low"],
            ci_high=lowest["ci_high"],
            level=level,
            midpoint=lowest["midpoint"],
        )
    ]
    low = core[core["below_midpoint"]].sort_values("mean")
    if len(low):
        out.append(finding("survey.below_midpoint", factors=low["factor"].tolist()))
    else:
        out.append(finding("survey.none_below_midpoint"))
    return out
