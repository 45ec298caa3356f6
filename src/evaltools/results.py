"""The common shape of every analysis result.

Like CausalPy's result objects, a result carries a tidy table (full precision), the finding
stated in Indonesian sentences (formatted through :mod:`evaltools.formatting`), and a plot
method that takes ``ax=None`` and returns the figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd


@dataclass
class Result:
    """Base class of analysis results.

    Attributes
    ----------
    table : pandas.DataFrame
        Tidy table of estimates or figures at full precision.
    sentences : list of str
        The finding in Indonesian, numbers already formatted for a DPRD reader.
    caveats : list of str
        What the analysis cannot show, or why the data are thin (Indonesian).
    params : dict
        The parameters the analysis was run with (for the report's provenance appendix).
    """

    table: pd.DataFrame
    sentences: list[str] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        """The finding (and its caveats) as one Indonesian paragraph."""
        return " ".join([*self.sentences, *self.caveats]).strip()

    def _repr_markdown_(self) -> str:
        return self.summary()

    def plot(self, ax=None):  # pragma: no cover - overridden where a figure exists
        """Draw the result; subclasses override. Returns the matplotlib Figure."""
        raise NotImplementedError(f"{type(self).__name__} has no figure")
