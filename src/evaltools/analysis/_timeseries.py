"""Helpers shared by the quasi-experimental analyses (its, did, synth, quasi).

Time axes (a date column becomes a month index), the default confidence level and the
display precision of an estimate (used by plots and by the prose templates).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

#: Default ``confidence_level`` of the quasi-experimental analyses.
CONFIDENCE = 0.95


def is_datetime(series: pd.Series) -> bool:
    """Whether ``series`` holds dates (any datetime64 dtype)."""
    return pd.api.types.is_datetime64_any_dtype(series)


def month_index(ts: pd.Series | pd.DatetimeIndex) -> np.ndarray:
    """Months since year 0 (``year * 12 + month``) as floats: consecutive months differ by 1."""
    ts = pd.DatetimeIndex(ts)
    return (ts.year * 12 + ts.month).to_numpy(dtype=float)


def display_decimals(x: float) -> int:
    """Decimals to show an estimate of this magnitude with (0 from 100, 1 from 10, 2 from 1,
    else 3); non-finite values get 3."""
    ax = abs(x) if np.isfinite(x) else 0
    if ax >= 100:
        return 0
    if ax >= 10:
        return 1
    if ax >= 1:
        return 2
    return 3


def alpha_decimals(level: float) -> int:
    """Decimals that print the threshold ``1 − level`` exactly (0.05 → 2, 0.025 → 3)."""
    alpha = 1.0 - level
    return next((d for d in range(2, 5) if abs(alpha - round(alpha, d)) < 1e-9), 4)


def default_hac_lags(n: int) -> int:
    """Newey–West (1994) automatic lag: ``floor(4 (n/100)^(2/9))``, at least 1."""
    return max(1, math.floor(4 * (n / 100) ** (2 / 9)))


__all__ = [
    "CONFIDENCE",
    "alpha_decimals",
    "default_hac_lags",
    "display_decimals",
    "is_datetime",
    "month_index",
]
