"""The one vocabulary of evaltools: codes for factors, dimensions, directions, strengths and
verdicts, and the numbers tied to them.

Codes only. Their words (Indonesian and English) live in :mod:`evaltools.prose.vocabulary`; every
other module imports the codes from here, so a code is defined once.

Terms
-----
factor
    A candidate cause of a stall, after Edwards III (communication, resources, disposition,
    bureaucratic structure) plus the external environment.
dimension
    A smart-city dimension a programme belongs to (governance … environment).
evidence
    One row stating what one source (survey, interviews, budget, …) says about one factor.
direction
    Whether a row points to the factor as a barrier (a cause of the stall), an enabler, or
    neither.
strength
    How much information stands behind a row or a verdict: strong, moderate, weak, none.
verdict
    The conclusion drawn from the evidence rows of a factor (or from a test, e.g. a
    dimension's stagnation verdict), always reported with its strength.
"""

from __future__ import annotations

#: Smart-city dimensions (Gerakan Menuju 100 Smart City), in the order the report uses.
DIMENSIONS: tuple[str, ...] = (
    "governance",
    "branding",
    "economy",
    "living",
    "society",
    "environment",
)

#: Candidate causes (Edwards III + external environment), in the report's order.
FACTORS: tuple[str, ...] = ("communication", "resources", "disposition", "structure", "environment")

#: Factors an interview excerpt may be coded with: the causes plus the outcome itself.
CODED_FACTORS: tuple[str, ...] = (*FACTORS, "outcome")

#: Direction of an evidence row.
DIRECTIONS: tuple[str, ...] = ("barrier", "enabler", "neutral")

#: Strength of evidence or of a verdict, strongest first.
STRENGTHS: tuple[str, ...] = ("strong", "moderate", "weak", "none")

#: Numeric weight of a strength where rows are averaged or summed.
STRENGTH_SCORE: dict[str, float] = {"strong": 1.0, "moderate": 0.6, "weak": 0.3, "none": 0.0}

#: Verdict of a dimension's stagnation test (:mod:`evaltools.analysis.progress`).
PROGRESS_VERDICTS: tuple[str, ...] = ("stalled", "slowed", "on_track", "improved", "undetermined")

#: Answer codes of the four questions (was it stagnant? …).
ANSWERS: tuple[str, ...] = ("yes", "partly", "no", "undetermined")

__all__ = [
    "ANSWERS",
    "CODED_FACTORS",
    "DIMENSIONS",
    "DIRECTIONS",
    "FACTORS",
    "PROGRESS_VERDICTS",
    "STRENGTHS",
    "STRENGTH_SCORE",
]
