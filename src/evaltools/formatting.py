"""Indonesian formatting of numbers, money, percentages and dates.

This is the only place where numbers are rounded for display: analyses keep full precision
and the report layer (result sentences, tables, figures) formats through these helpers, so
the PDF, the notebook and the tests see the same numbers.

Conventions (Pedoman Umum Ejaan Bahasa Indonesia and BPS practice): decimal comma,
thousands dot (``1.234,5``), money as ``Rp 1,2 miliar``, dates as ``22 Februari 2022``.
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import pandas as pd

MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)
MONTHS_ID_SHORT = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")

_SCALES_ID = ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"), (1e3, "ribu"))

MISSING_TEXT = "–"


def _is_missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def fmt_number(x: Any, decimals: int = 1, *, signed: bool = False) -> str:
    """Format a number the Indonesian way: ``1234.5 -> '1.234,5'``.

    ``signed=True`` prints an explicit ``+`` for positive values (for changes). Missing values
    print as an en dash.
    """
    if _is_missing(x):
        return MISSING_TEXT
    x = float(x)
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    text = f"{abs(x):,.{decimals}f}"
    text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    # Avoid "-0,0" after rounding.
    if x < 0 and any(ch not in "0,." for ch in text):
        return "−" + text
    if signed and x > 0 and any(ch not in "0,." for ch in text):
        return "+" + text
    return text


def fmt_int(x: Any) -> str:
    """Whole number with thousands dots: ``1250000 -> '1.250.000'``."""
    return fmt_number(x, 0)


def fmt_pct(x: Any, decimals: int = 1, *, signed: bool = False, proportion: bool = False) -> str:
    """Percentage: ``12.34 -> '12,3%'``; with ``proportion=True`` the input is a share (0.1234)."""
    if _is_missing(x):
        return MISSING_TEXT
    value = float(x) * 100 if proportion else float(x)
    return fmt_number(value, decimals, signed=signed) + "%"


def fmt_rupiah(x: Any, decimals: int = 1) -> str:
    """Money in rupiah with a word scale: ``1.2e9 -> 'Rp 1,2 miliar'``; below a thousand, exact."""
    if _is_missing(x):
        return MISSING_TEXT
    value = float(x)
    sign = "−" if value < 0 else ""
    value = abs(value)
    for factor, word in _SCALES_ID:
        if value >= factor:
            return f"{sign}Rp {fmt_number(value / factor, decimals)} {word}"
    return f"{sign}Rp {fmt_number(value, 0)}"


def fmt_date(d: Any, *, short: bool = False) -> str:
    """Date as ``22 Februari 2022`` (``short=True``: ``22 Feb 2022``)."""
    if _is_missing(d):
        return MISSING_TEXT
    ts = pd.Timestamp(d)
    months = MONTHS_ID_SHORT if short else MONTHS_ID
    return f"{ts.day} {months[ts.month - 1]} {ts.year}"


def fmt_month(d: Any, *, short: bool = True) -> str:
    """Month as ``Feb 2022`` (``short=False``: ``Februari 2022``)."""
    if _is_missing(d):
        return MISSING_TEXT
    ts = pd.Timestamp(d)
    months = MONTHS_ID_SHORT if short else MONTHS_ID
    return f"{months[ts.month - 1]} {ts.year}"


def fmt_level(level: float) -> str:
    """Confidence level as a percentage: ``0.9 -> '90%'``, ``0.975 -> '97,5%'`` (never rounded
    to a level that was not used)."""
    pct = float(level) * 100
    decimals = next((d for d in range(4) if abs(pct - round(pct, d)) < 1e-9), 4)
    return fmt_number(pct, decimals) + "%"


def fmt_ci(low: Any, high: Any, decimals: int = 2, *, level: float = 0.95) -> str:
    """Confidence interval: ``'(IK 95%: 1,20 s.d. 3,40)'``; the label states ``level``."""
    return f"(IK {fmt_level(level)}: {fmt_number(low, decimals)} s.d. {fmt_number(high, decimals)})"


def fmt_p(p: Any) -> str:
    """p-value for prose: ``'p < 0,001'`` or ``'p = 0,034'``."""
    if _is_missing(p):
        return "p tidak tersedia"
    p = float(p)
    if p < 0.001:
        return "p < 0,001"
    return f"p = {fmt_number(p, 3)}"


def fmt_list(items: Any) -> str:
    """Indonesian enumeration: ``'A'``, ``'A dan B'``, ``'A, B, dan C'``."""
    items = [str(x) for x in items]
    if len(items) <= 2:
        return " dan ".join(items)
    return ", ".join(items[:-1]) + ", dan " + items[-1]


def today_id() -> str:
    """Today's date in Indonesian, for covers and captions."""
    return fmt_date(_dt.date.today())
