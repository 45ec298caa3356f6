"""Run the analysis notebooks and build the DPRD report (DESIGN.md §2, §4, §7).

``run`` executes one case (a config file, or the demo case) into a dated run folder;
``batch`` runs many configs, each into its own folder, and writes an index.
"""

from __future__ import annotations

from evaltools.runner.batch import BatchResult, batch
from evaltools.runner.core import NotebookRun, RunResult, run
from evaltools.runner.params import ParameterSpec, inspect_parameters, resolve_parameters

__all__ = [
    "BatchResult",
    "NotebookRun",
    "ParameterSpec",
    "RunResult",
    "batch",
    "inspect_parameters",
    "resolve_parameters",
    "run",
]
