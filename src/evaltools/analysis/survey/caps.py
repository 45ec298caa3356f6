"""How strong survey evidence may be, given the amount of information behind a factor."""

from __future__ import annotations

from typing import Any

import pandas as pd

from evaltools.vocabulary import STRENGTHS

#: Standardised coefficient from which a significant determinant counts as a clear effect
#: (between Cohen's "small" 0.1 and "medium" 0.3 for standardised slopes).
STRONG_EFFECT = 0.2
#: Respondents scored on a factor needed for "strong" survey evidence; with fewer, at most
#: "moderate" (docs/diagnosis-rules.md, "Survey").
STRONG_MIN_RESPONDENTS = 100
#: With fewer scored respondents than this, at most "weak" (a mean or a regression on a
#: handful of respondents cannot carry more).
MODERATE_MIN_RESPONDENTS = 30
#: Usable items a reliable scale needs for "strong"; with fewer, at most "moderate".
STRONG_MIN_ITEMS = 3
#: Respondents at which a row's score reaches full size; fewer shrink it in proportion.
FULL_INFORMATION_RESPONDENTS = STRONG_MIN_RESPONDENTS
#: Reason codes of ``SurveyResult.table.cap_reason``.
CAP_REASONS = ("few_respondents", "very_few_respondents", "few_items", "unreliable")
#: Base of an evidence row's score per strength (before the effect term and the shrinkage).
STRENGTH_BASE = {"strong": 0.7, "moderate": 0.45, "weak": 0.2, "none": 0.0}


def cap(strength: str, ceiling: str) -> str:
    """``strength``, lowered to ``ceiling`` when it is above it."""
    weaker = STRENGTHS.index(strength) >= STRENGTHS.index(ceiling)
    return strength if weaker else ceiling


def strength_cap(n: Any, n_items: Any, reliable: Any) -> tuple[str, list[str]]:
    """Highest strength a factor's survey data allow, and the reason codes below "strong"."""
    n = 0 if pd.isna(n) else int(n)
    ceiling, why = "strong", []
    if n < MODERATE_MIN_RESPONDENTS:
        ceiling, why = cap(ceiling, "weak"), [*why, "very_few_respondents"]
    elif n < STRONG_MIN_RESPONDENTS:
        ceiling, why = cap(ceiling, "moderate"), [*why, "few_respondents"]
    if not bool(reliable):
        ceiling, why = cap(ceiling, "weak"), [*why, "unreliable"]
    elif pd.isna(n_items) or int(n_items) < STRONG_MIN_ITEMS:
        ceiling, why = cap(ceiling, "moderate"), [*why, "few_items"]
    return ceiling, why
