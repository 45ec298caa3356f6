"""Evidence rows of the survey (source ``survey``) for the diagnosis."""

from __future__ import annotations

from typing import Any

import pandas as pd

from evaltools.analysis.evidence import make_evidence_frame
from evaltools.analysis.survey.caps import (
    FULL_INFORMATION_RESPONDENTS,
    MODERATE_MIN_RESPONDENTS,
    STRENGTH_BASE,
    STRONG_EFFECT,
    STRONG_MIN_ITEMS,
    STRONG_MIN_RESPONDENTS,
    cap,
    strength_cap,
)
from evaltools.analysis.survey.chapter import SurveyResult
from evaltools.errors import ParameterError
from evaltools.results import Statement, finding
from evaltools.vocabulary import FACTORS

_SIGN = {"barrier": -1.0, "enabler": 1.0, "neutral": 0.0}


def _judge(r: Any, level: float) -> tuple[str, str, bool]:
    """Direction and strength (before the caps) of one factor row; and whether it is a
    significant positive determinant."""
    mid = r.midpoint
    low = r.mean < mid
    clearly_low = pd.notna(r.ci_high) and r.ci_high < mid
    clearly_high = pd.notna(r.ci_low) and r.ci_low > mid
    det = (
        pd.notna(r.estimate) and r.estimate > 0 and pd.notna(r.p_value) and r.p_value < 1.0 - level
    )
    if low or (det and not clearly_high):
        if clearly_low and det and r.estimate >= STRONG_EFFECT:
            return "barrier", "strong", det
        return "barrier", "moderate" if (clearly_low or det) else "weak", det
    if clearly_high:
        return "enabler", "moderate" if det else "weak", det
    return "neutral", "none", det


def _score(r: Any, direction: str, strength: str) -> float:
    """``sign × (base + 0.25 × effect) × min(1, n / FULL_INFORMATION_RESPONDENTS)``."""
    if pd.notna(r.estimate):
        effect = min(1.0, abs(r.estimate) / 0.5)
    else:
        effect = min(1.0, abs(r.mean - r.midpoint) / ((r.scale_max - r.scale_min) / 2.0))
    information = min(1.0, float(r.n) / FULL_INFORMATION_RESPONDENTS)
    bonus = 0.25 * effect if strength != "none" else 0.0
    return _SIGN[direction] * (STRENGTH_BASE[strength] + bonus) * information


def _row_statements(r: Any, det: bool, level: float, why: list[str]) -> tuple[Statement, ...]:
    """The row's finding (what the survey says) and detail (the numbers behind it)."""
    has_det = pd.notna(r.estimate)
    relation = "significant" if det else ("not_significant" if has_det else "not_estimated")
    summary = finding(
        "survey.evidence",
        factor=r.factor,
        mean=r.mean,
        scale_min=r.scale_min,
        scale_max=r.scale_max,
        below_midpoint=bool(r.mean < r.midpoint),
        relation=relation,
    )
    detail = finding(
        "survey.evidence_detail",
        mean=r.mean,
        ci_low=r.ci_low,
        ci_high=r.ci_high,
        level=level,
        estimate=r.estimate if has_det else None,
        p=r.p_value if has_det else None,
        rank=r.rank if has_det else None,
        alpha=r.alpha,
        reliable=bool(r.reliable),
        n=r.n,
        cap_reasons=[c for c in why if c != "unreliable"],
        strong_min_respondents=STRONG_MIN_RESPONDENTS,
        moderate_min_respondents=MODERATE_MIN_RESPONDENTS,
        strong_min_items=STRONG_MIN_ITEMS,
    )
    return summary, detail


def evidence(result: SurveyResult) -> pd.DataFrame:
    """Evidence-matrix rows (source ``survey``), one per Edwards III / environment factor.

    Survey evidence is associational (perceptions that go together with a better or worse
    perceived implementation), never a proof of cause. Rules, applied per factor with at
    least one scored respondent (level = the analysis' ``confidence_level``, significance
    ``1 - level``; constants of :mod:`evaltools.analysis.survey` in capitals):

    * *low*: the factor mean is below the scale midpoint ``(scale_min + scale_max) / 2``
      (3 on a 1–5 scale, i.e. implementers on average disagree); *clearly low*: the upper
      confidence bound is below the midpoint; *clearly high*: the lower bound is above it.
    * *determinant*: a positive standardised coefficient in :func:`determinants` (OLS, HC3)
      with ``p < 1 - level``.
    * direction: **barrier** when the factor is low, or when it is a determinant whose mean is
      not clearly high; **enabler** when the mean is clearly high (and it is not low);
      otherwise **neutral** (strength ``none``).
    * strength of a barrier: **strong** when clearly low AND a determinant with a coefficient
      ≥ 0.2 (``STRONG_EFFECT``); **moderate** when clearly low or a determinant (not
      both with a clear effect); **weak** when only the point mean is below the midpoint.
      An enabler is **moderate** when it is also a determinant, else **weak**.
    * caps from the amount of information (``result.table.strength_cap`` / ``cap_reason``):
      fewer than ``STRONG_MIN_RESPONDENTS`` (100) scored respondents → at most moderate,
      fewer than ``MODERATE_MIN_RESPONDENTS`` (30) → at most weak; a scale with fewer than
      ``STRONG_MIN_ITEMS`` (3) usable items → at most moderate; a scale that is not reliable
      (alpha below ``min_alpha``, a single item, or alpha not computable) → at most weak.
      So "strong" needs ≥ 100 respondents and ≥ 3 items with alpha ≥ ``min_alpha``.
    * score: ``sign × (base + 0.25 × e) × min(1, n / FULL_INFORMATION_RESPONDENTS)``, base
      0.7 / 0.45 / 0.2 / 0 for strong / moderate / weak / none, ``e = min(1, |coefficient| /
      0.5)`` (or, without a determinant model, ``min(1, |mean − midpoint| / half the scale
      range)``), ``n`` the factor's scored respondents; negative for barriers. Fewer than 100
      respondents shrink the score in proportion.

    Parameters
    ----------
    result : SurveyResult
        From :func:`analyze`.

    Returns
    -------
    pandas.DataFrame
        Columns ``factor, source, finding, direction, strength, score, n, detail``
        (``n`` = scored respondents). ``finding`` is a statement ``survey.evidence`` and
        ``detail`` a statement ``survey.evidence_detail`` (render with
        :func:`evaltools.prose.render_frame`).
    """
    if not isinstance(result, SurveyResult):
        raise ParameterError("result must be the SurveyResult returned by evaltools.survey.analyze")
    level = float(result.params.get("confidence_level", 0.95))
    rows = []
    for r in result.table[result.table["factor"].isin(FACTORS)].itertuples(index=False):
        if not (r.n and r.n > 0) or pd.isna(r.mean):
            continue
        direction, strength, det = _judge(r, level)
        ceiling, why = strength_cap(r.n, r.n_items, r.reliable)
        strength = cap(strength, ceiling)
        summary, detail = _row_statements(r, det, level, why)
        rows.append(
            {
                "factor": r.factor,
                "source": "survey",
                "finding": summary,
                "direction": direction,
                "strength": strength,
                "score": _score(r, direction, strength),
                "n": r.n,
                "detail": detail,
            }
        )
    return make_evidence_frame(rows)
