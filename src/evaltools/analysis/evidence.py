"""The evidence-row contract shared by every analysis that bears on a cause.

The diagnosis (:mod:`evaltools.analysis.diagnosis`) concatenates these rows into the evidence
matrix. Keeping the contract in one place means a new source of evidence only has to produce
rows of this shape. The valid ``source`` codes are the registered evidence sources
(:mod:`evaltools.analysis.registry`); ``SOURCES`` is read from the registry on each access.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from evaltools.analysis import registry
from evaltools.errors import ParameterError
from evaltools.vocabulary import DIRECTIONS, FACTORS, STRENGTHS

EVIDENCE_COLUMNS = ("factor", "source", "finding", "direction", "strength", "score", "n", "detail")


def make_evidence_frame(rows: Iterable[Mapping[str, Any]] = ()) -> pd.DataFrame:
    """Build an evidence table with the contract's columns, checking every value.

    Parameters
    ----------
    rows : iterable of mappings
        Each with keys ``factor, source, finding, direction, strength, score`` and optionally
        ``n`` and ``detail``. ``finding`` and ``detail`` are
        :class:`~evaltools.results.Statement` objects (code + values; the prose layer writes
        the words: :func:`evaltools.prose.render_frame`). Plain strings are still accepted
        while modules move to statements.

    Returns
    -------
    pandas.DataFrame
        Columns ``factor, source, finding, direction, strength, score, n, detail``.
    """
    records = []
    sources = registry.names()
    for i, row in enumerate(rows):
        rec = {col: row.get(col) for col in EVIDENCE_COLUMNS}
        if rec["factor"] not in FACTORS:
            raise ParameterError(
                f"evidence row {i}: factor {rec['factor']!r} is not one of {FACTORS}"
            )
        if rec["source"] not in sources:
            raise ParameterError(
                f"evidence row {i}: source {rec['source']!r} is not one of {sources} "
                "(register a new source with evaltools.analysis.registry.register)"
            )
        if rec["direction"] not in DIRECTIONS:
            raise ParameterError(
                f"evidence row {i}: direction {rec['direction']!r} is not one of {DIRECTIONS}"
            )
        if rec["strength"] not in STRENGTHS:
            raise ParameterError(
                f"evidence row {i}: strength {rec['strength']!r} is not one of {STRENGTHS}"
            )
        score = float(rec["score"]) if rec["score"] is not None else np.nan
        if not (np.isnan(score) or -1.0 <= score <= 1.0):
            raise ParameterError(f"evidence row {i}: score {score} is outside [-1, 1]")
        rec["score"] = score
        rec["n"] = float(rec["n"]) if rec["n"] is not None else np.nan
        rec["detail"] = rec["detail"] or ""
        rec["finding"] = rec["finding"] or ""
        records.append(rec)
    frame = pd.DataFrame.from_records(records, columns=list(EVIDENCE_COLUMNS))
    return frame.astype({"score": "float64", "n": "float64"})


def __getattr__(name: str) -> Any:
    # SOURCES follows the registry (a source registered later is a valid source at once).
    if name == "SOURCES":
        return registry.names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DIRECTIONS",
    "EVIDENCE_COLUMNS",
    "FACTORS",
    "STRENGTHS",
    "make_evidence_frame",
]
