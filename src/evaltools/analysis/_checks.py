"""Boundary checks shared by the analysis modules.

Every analysis validates its parameters the same way and says the same thing when one is
wrong: the message names the parameter (or table and column) and how to fix it. Keeping the
checks here means a researcher meets one wording, and a fix to a check reaches every module.

pandas is imported inside the table checks, not at module level, so that the runner can check
``confidence_level`` before any kernel starts without paying for pandas.
"""

from __future__ import annotations

from collections.abc import Iterable
from numbers import Real
from typing import TYPE_CHECKING, Any

from evaltools.errors import ParameterError

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd


def check_confidence_level(value: Any, name: str = "confidence_level") -> float:
    """Return ``value`` as a float strictly between 0 and 1, or raise :class:`ParameterError`.

    Booleans, ``None``, text and NaN are refused (``True`` would otherwise pass as 1 and
    ``"0.95"`` hide a typing mistake); so is a percentage such as 95.

    Parameters
    ----------
    value : float
        The level, e.g. 0.95 for 95% intervals.
    name : str
        The parameter's name as the caller knows it (``"confidence_level"``, ``"ci"``).

    Returns
    -------
    float
    """
    if isinstance(value, bool) or not isinstance(value, Real):
        raise ParameterError(
            f"{name}={value!r}: give the confidence level as a number between 0 and 1, "
            "e.g. 0.95 for 95% intervals"
        )
    level = float(value)
    if not 0.0 < level < 1.0:  # also refuses NaN
        hint = f" (for {value}% write {level / 100:g})" if 50.0 <= level < 100.0 else ""
        raise ParameterError(
            f"{name}={value!r}: the confidence level must lie strictly between 0 and 1, "
            f"e.g. 0.95 for 95% intervals{hint}"
        )
    return level


def require_frame(data: Any, name: str = "data", *, hint: str = "") -> pd.DataFrame:
    """``data`` must be a non-empty DataFrame; ``hint`` says what to pass instead."""
    import pandas as pd

    if not isinstance(data, pd.DataFrame):
        raise ParameterError(
            f"{name} must be a pandas DataFrame, got {type(data).__name__}"
            + (f"; {hint}" if hint else "")
        )
    if data.empty:
        raise ParameterError(f"{name} is empty: pass a table with at least one row")
    return data


def require_columns(data: pd.DataFrame, **columns: Any) -> None:
    """Each parameter (keyword) names a column (value) that must exist in ``data``; None skips."""
    for param, col in columns.items():
        if col is None:
            continue
        if not isinstance(col, str) or col not in data.columns:
            raise ParameterError(
                f"{param}={col!r}: no such column; available columns: "
                f"{list(map(str, data.columns))}"
            )


def require_numeric(
    data: pd.DataFrame, param: str, col: str, *, allow_missing: bool = False
) -> np.ndarray:
    """Column ``col`` (given as parameter ``param``) as a float array; text or blanks refused."""
    import pandas as pd

    values = pd.to_numeric(data[col], errors="coerce")
    bad = values.isna() & data[col].notna()
    if bad.any():
        raise ParameterError(
            f"{param}={col!r}: column holds non-numeric values (e.g. {data[col][bad].iloc[0]!r}); "
            "convert it to numbers first"
        )
    if not allow_missing and values.isna().any():
        raise ParameterError(
            f"{param}={col!r}: column has {int(values.isna().sum())} missing value(s); "
            "drop or fill those rows first"
        )
    return values.to_numpy(dtype=float)


def require_table(
    frame: Any, table: str, columns: Iterable[str], *, instead: str = ""
) -> pd.DataFrame:
    """``frame`` must be the DataFrame of table ``table`` with every column in ``columns``.

    Parameters
    ----------
    frame : object
        What the caller passed.
    table : str
        The table's name in the data dictionary (``"budget"``, ``"survey_items"`` …).
    columns : iterable of str
        Required columns.
    instead : str
        How else the table can be given (e.g. ``"or pass data=EvalData"``), appended to the
        message when ``frame`` is not a DataFrame.

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself (not copied).
    """
    import pandas as pd

    columns = list(columns)
    if not isinstance(frame, pd.DataFrame):
        raise ParameterError(
            f"{table} must be the '{table}' table as a pandas DataFrame, got {type(frame).__name__}"
            + (f" ({instead})" if instead else "")
        )
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ParameterError(
            f"table '{table}' lacks column(s) {missing}; it needs {columns} (see the data "
            "dictionary, "
            "data/README.md)"
        )
    return frame
