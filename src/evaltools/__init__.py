"""evaltools — a policy evaluation workbook.

Answers four questions a parliament asks about a regulation whose implementation stalled:
was it stagnant, where, why, and what to do now.

Public API (see DESIGN.md §6)::

    import evaltools
    data = evaltools.load_data("data/demo")
    res = evaltools.its.fit(df, outcome="value", time="month", breaks={"covid": "2020-04-01"})
    res.table, res.summary(), res.plot()

Analysis modules are imported lazily, so ``import evaltools`` stays fast for the CLI.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from evaltools.errors import (
    DataValidationError,
    EvaltoolsError,
    NotebookExecutionError,
    ParameterError,
    Problem,
    ReportError,
)

__version__ = "0.1.0"

# name -> module path; resolved on first attribute access.
_LAZY_MODULES = {
    "its": "evaltools.analysis.its",
    "did": "evaltools.analysis.did",
    "synth": "evaltools.analysis.synth",
    "survey": "evaltools.analysis.survey",
    "progress": "evaltools.analysis.progress",
    "budget": "evaltools.analysis.budget",
    "mandates": "evaltools.analysis.mandates",
    "interviews": "evaltools.analysis.interviews",
    "diagnosis": "evaltools.analysis.diagnosis",
    "quasi": "evaltools.analysis.quasi",
    "runner": "evaltools.runner",
    "report": "evaltools.report",
    "plotting": "evaltools.plotting",
    "formatting": "evaltools.formatting",
    "data": "evaltools.data",
    "workbook": "evaltools.workbook",
}
_LAZY_ATTRS = {
    "load_data": ("evaltools.data", "load_data"),
    "EvalData": ("evaltools.data", "EvalData"),
}

__all__ = [
    "DataValidationError",
    "EvalData",
    "EvaltoolsError",
    "NotebookExecutionError",
    "ParameterError",
    "Problem",
    "ReportError",
    "__version__",
    "budget",
    "data",
    "diagnosis",
    "did",
    "formatting",
    "interviews",
    "its",
    "load_data",
    "mandates",
    "plotting",
    "progress",
    "quasi",
    "report",
    "runner",
    "survey",
    "synth",
    "workbook",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY_MODULES:
        module = importlib.import_module(_LAZY_MODULES[name])
        globals()[name] = module
        return module
    if name in _LAZY_ATTRS:
        mod, attr = _LAZY_ATTRS[name]
        value = getattr(importlib.import_module(mod), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'evaltools' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:  # pragma: no cover
    from evaltools.data import EvalData, load_data
