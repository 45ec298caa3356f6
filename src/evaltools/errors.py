"""One exception hierarchy for the whole package.

Every error a user can cause derives from :class:`EvaltoolsError`, so the CLI can catch that
one class and print a plain message instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class EvaltoolsError(Exception):
    """Base class of every error evaltools raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One problem found in the input data, located as the user sees it.

    ``row`` is the row number as shown in Excel (or the line number of a CSV file), ``None``
    when the problem concerns a whole table or column.
    """

    table: str
    rule: str
    fix: str = ""
    row: int | None = None
    column: str | None = None
    value: Any = None
    file: str | None = None

    def describe(self) -> str:
        """One line in plain words: where, what and how to fix it."""
        where = [f"file {self.file}"] if self.file else []
        where.append(f"table/sheet '{self.table}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        text = ", ".join(where) + f": {self.rule}"
        if self.value is not None and not (
            isinstance(self.value, float) and self.value != self.value
        ):
            value = self.value
            # A score of 7 read from a spreadsheet arrives as 7.0; show it as the user typed it.
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            text += f" (found: {value!r})"
        if self.fix:
            text += f". Fix: {self.fix}"
        return text


class DataValidationError(EvaltoolsError):
    """Input data failed validation; ``problems`` lists every problem found (lazy, complete)."""

    def __init__(self, problems: list[Problem], *, source: str | None = None) -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self._message())

    def _message(self) -> str:
        head = f"{len(self.problems)} problem(s) found in the input data"
        if self.source:
            head += f" ({self.source})"
        lines = [head + ":"]
        lines += [f"  {i}. {p.describe()}" for i, p in enumerate(self.problems, 1)]
        return "\n".join(lines)


class ParameterError(EvaltoolsError, ValueError):
    """A parameter passed to an analysis, a notebook or the runner is invalid."""


class ReportError(EvaltoolsError):
    """Building the HTML or PDF report failed."""


@dataclass
class NotebookFailure:
    """Where a notebook failed: which notebook, which cell, which error."""

    notebook: str
    cell_index: int | None = None
    error_name: str = ""
    error_value: str = ""
    executed_path: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class NotebookExecutionError(EvaltoolsError):
    """A notebook raised while being executed by the runner."""

    def __init__(self, failure: NotebookFailure) -> None:
        self.failure = failure
        cell = f", cell {failure.cell_index}" if failure.cell_index is not None else ""
        msg = (
            f"notebook {failure.notebook}{cell} failed: {failure.error_name}: {failure.error_value}"
        )
        if failure.executed_path:
            msg += f" (executed copy kept at {failure.executed_path})"
        super().__init__(msg)
