"""Implementer survey analytics framed by Edwards III's implementation model.

The survey asks implementing civil servants (ASN) Likert items grouped by Edwards III factor
(communication, resources, disposition, bureaucratic structure) plus the external environment
and an ``outcome`` scale (perceived implementation). This package answers three questions:

1. Are the scales reliable? (:func:`reliability`; the statistics :func:`cronbach_alpha`,
   :func:`mcdonald_omega`, :func:`item_statistics` live in
   :mod:`evaltools.analysis.reliability`)
2. How do implementers rate each factor, overall and by agency or role? (:func:`factor_scores`)
3. Which factors go with a better perceived implementation? (:func:`determinants`,
   :func:`ordinal_logit`)

A survey of perceptions is associational: it says which factors go together with a better
perceived implementation, not which caused it; the words (``prose/survey.py``) say "is
associated with" / "berhubungan dengan", never "determines" or "berpengaruh".

:func:`analyze` runs all three on an ``EvalData`` and :func:`evidence` turns the result into
rows of the evidence matrix (source ``survey``). Results carry numbers, codes and statements
(``survey.*``); the prose layer writes the sentences.

The steps, one module each: ``coding`` (input checks, reverse coding, respondents' scores),
``scales`` (reliability per scale, factor means), ``regression`` (determinants), ``ordinal``
(ordered logit), ``caps`` (how strong the evidence may be), ``chapter`` (:func:`analyze`),
``rows`` (:func:`evidence`).

Inputs follow DESIGN.md §5: ``survey_items`` (item_id, factor, sub_factor, text, reverse,
scale_min, scale_max) and ``survey_responses`` (wide: respondent_id, agency, role,
tenure_years, wave, then one column per item_id; blank = no answer). Every function accepts
plain DataFrames so it can be used without the data layer.
"""

from __future__ import annotations

from evaltools.analysis.reliability import (
    AlphaResult,
    OmegaResult,
    cronbach_alpha,
    item_statistics,
    mcdonald_omega,
)
from evaltools.analysis.survey.caps import (
    CAP_REASONS,
    FULL_INFORMATION_RESPONDENTS,
    MODERATE_MIN_RESPONDENTS,
    STRONG_EFFECT,
    STRONG_MIN_ITEMS,
    STRONG_MIN_RESPONDENTS,
)
from evaltools.analysis.survey.chapter import SurveyResult, analyze
from evaltools.analysis.survey.coding import SURVEY_FACTORS, respondent_scores, reverse_code
from evaltools.analysis.survey.ordinal import OrdinalLogitResult, ordinal_logit
from evaltools.analysis.survey.regression import DeterminantsResult, determinants
from evaltools.analysis.survey.rows import evidence
from evaltools.analysis.survey.scales import (
    MIN_ALPHA,
    FactorScoresResult,
    ReliabilityResult,
    factor_scores,
    reliability,
)

#: The British spelling, kept as an alias so that either name works; ``analyze`` is canonical.
analyse = analyze

__all__ = [
    "CAP_REASONS",
    "FULL_INFORMATION_RESPONDENTS",
    "MIN_ALPHA",
    "MODERATE_MIN_RESPONDENTS",
    "STRONG_EFFECT",
    "STRONG_MIN_ITEMS",
    "STRONG_MIN_RESPONDENTS",
    "SURVEY_FACTORS",
    "AlphaResult",
    "DeterminantsResult",
    "FactorScoresResult",
    "OmegaResult",
    "OrdinalLogitResult",
    "ReliabilityResult",
    "SurveyResult",
    "analyse",
    "analyze",
    "cronbach_alpha",
    "determinants",
    "evidence",
    "factor_scores",
    "item_statistics",
    "mcdonald_omega",
    "ordinal_logit",
    "reliability",
    "respondent_scores",
    "reverse_code",
]
