"""The common shape of every analysis result.

Like CausalPy's result objects, a result carries a tidy table (full precision) and the finding
as *statements*: a code plus the numbers behind it (:class:`Statement`). Words come later: the
prose layer (:mod:`evaltools.prose`) renders the statements in the current language, so
``result.sentences`` is Indonesian by default and English under ``set_language("en")``. A
result's ``plot`` takes ``ax=None`` and returns the figure.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd

StatementKind = Literal["finding", "caveat"]


@dataclass(frozen=True)
class Statement:
    """One finding or caveat of an analysis, as a code and its values (no words).

    Attributes
    ----------
    code : str
        Dotted code naming the template, ``"<module>.<what>"`` (e.g. ``"budget.window_cut"``);
        :mod:`evaltools.prose` holds one template per code and language.
    values : mapping
        The numbers and names the sentence states, at full precision (formatting is the prose
        layer's job). Text from the data (names of agencies, regions …) is inserted as-is and
        never interpreted.
    kind : {"finding", "caveat"}
        A finding goes to ``result.sentences``, a caveat to ``result.caveats``.
    """

    code: str
    values: Mapping[str, Any] = field(default_factory=dict)
    kind: StatementKind = "finding"

    def __post_init__(self) -> None:
        if self.kind not in ("finding", "caveat"):
            raise ValueError(f"Statement kind must be 'finding' or 'caveat', not {self.kind!r}")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: ``{"code", "kind", "values"}``."""
        from evaltools._io import json_ready

        return {"code": self.code, "kind": self.kind, "values": json_ready(dict(self.values))}


def finding(code: str, **values: Any) -> Statement:
    """A finding statement: ``finding("budget.window_cut", cut=0.39)``."""
    return Statement(code, values, "finding")


def caveat(code: str, **values: Any) -> Statement:
    """A caveat statement: ``caveat("budget.zero_planned", n_cells=2)``."""
    return Statement(code, values, "caveat")


@dataclass
class Result:
    """Base class of analysis results.

    Attributes
    ----------
    table : pandas.DataFrame
        Tidy table of estimates or figures at full precision.
    statements : list of Statement
        The findings and caveats as codes and values (rendered by :mod:`evaltools.prose`).
    params : dict
        The parameters the analysis was run with (for the report's provenance appendix).
    sentences : list of str
        (property) The findings in the current language, numbers formatted for a DPRD reader.
    caveats : list of str
        (property) What the analysis cannot show, or why the data are thin.
    """

    table: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)
    statements: list[Statement] = field(default_factory=list)

    def summary(self) -> str:
        """The finding (and its caveats) as one paragraph in the current language."""
        return " ".join([*self.sentences, *self.caveats]).strip()

    def _repr_markdown_(self) -> str:
        return self.summary()

    def plot(self, ax=None):  # pragma: no cover - overridden where a figure exists
        """Draw the result; subclasses override. Returns the matplotlib Figure."""
        raise NotImplementedError(f"{type(self).__name__} has no figure")

    @property
    def sentences(self) -> list[str]:
        """The findings in the current language (rendered from :attr:`statements`)."""
        from evaltools.prose import render

        return render(s for s in self.statements if s.kind == "finding")

    @property
    def caveats(self) -> list[str]:
        """The caveats in the current language (rendered from :attr:`statements`)."""
        from evaltools.prose import render

        return render(s for s in self.statements if s.kind == "caveat")
