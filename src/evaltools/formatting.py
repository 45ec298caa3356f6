"""Formatting of numbers, money, percentages and dates, in Indonesian (default) or English.

This is the only place where numbers are rounded for display: analyses keep full precision
and the report layer (result sentences, tables, figures) formats through these helpers, so
the PDF, the notebook and the tests see the same numbers.

Conventions (Pedoman Umum Ejaan Bahasa Indonesia and BPS practice): decimal comma,
thousands dot (``1.234,5``), money as ``Rp 1,2 miliar``, dates as ``22 Februari 2022``.
English edition: decimal point, thousands comma (``1,234.5``), ``Rp 1.2 billion``,
``22 February 2022``. Every function takes ``language=None`` (= the process setting, see
:func:`evaltools.prose.set_language`).
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import pandas as pd

from evaltools._language import get_language

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
MONTHS_ID_SHORT = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Mei",
    "Jun",
    "Jul",
    "Agu",
    "Sep",
    "Okt",
    "Nov",
    "Des",
)

MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS_EN_SHORT = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)

_SCALES_ID = ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta"), (1e3, "ribu"))
_SCALES_EN = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"), (1e3, "thousand"))

MISSING_TEXT = "–"


def _is_missing(x: Any) -> bool:
    if x is None:
        return True
    try:
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return False


def fmt_number(
    x: Any, decimals: int = 1, *, signed: bool = False, language: str | None = None
) -> str:
    """Format a number: ``1234.5 -> '1.234,5'`` (Indonesian), ``'1,234.5'`` (English).

    ``signed=True`` prints an explicit ``+`` for positive values (for changes). Missing values
    print as an en dash.
    """
    if _is_missing(x):
        return MISSING_TEXT
    x = float(x)
    if math.isinf(x):
        return "∞" if x > 0 else "−∞"
    text = f"{abs(x):,.{decimals}f}"
    if get_language(language) == "id":
        text = text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")
    # Avoid "-0,0" after rounding.
    if x < 0 and any(ch not in "0,." for ch in text):
        return "−" + text
    if signed and x > 0 and any(ch not in "0,." for ch in text):
        return "+" + text
    return text


def fmt_int(x: Any, *, language: str | None = None) -> str:
    """Whole number with thousands separators: ``1250000 -> '1.250.000'`` (en ``'1,250,000'``)."""
    return fmt_number(x, 0, language=language)


def fmt_pct(
    x: Any,
    decimals: int = 1,
    *,
    signed: bool = False,
    proportion: bool = False,
    language: str | None = None,
) -> str:
    """Percentage: ``12.34 -> '12,3%'``; with ``proportion=True`` the input is a share (0.1234)."""
    if _is_missing(x):
        return MISSING_TEXT
    value = float(x) * 100 if proportion else float(x)
    return fmt_number(value, decimals, signed=signed, language=language) + "%"


def fmt_rupiah(x: Any, decimals: int = 1, *, language: str | None = None) -> str:
    """Money in rupiah with a word scale: ``1.2e9 -> 'Rp 1,2 miliar'`` (en ``'Rp 1.2 billion'``);
    below a thousand, exact."""
    if _is_missing(x):
        return MISSING_TEXT
    value = float(x)
    sign = "−" if value < 0 else ""
    value = abs(value)
    scales = _SCALES_ID if get_language(language) == "id" else _SCALES_EN
    for factor, word in scales:
        if value >= factor:
            return f"{sign}Rp {fmt_number(value / factor, decimals, language=language)} {word}"
    return f"{sign}Rp {fmt_number(value, 0, language=language)}"


def _months(short: bool, language: str | None) -> tuple[str, ...]:
    if get_language(language) == "id":
        return MONTHS_ID_SHORT if short else MONTHS_ID
    return MONTHS_EN_SHORT if short else MONTHS_EN


def fmt_date(d: Any, *, short: bool = False, language: str | None = None) -> str:
    """Date as ``22 Februari 2022`` (``short=True``: ``22 Feb 2022``; en ``22 February 2022``)."""
    if _is_missing(d):
        return MISSING_TEXT
    ts = pd.Timestamp(d)
    months = _months(short, language)
    return f"{ts.day} {months[ts.month - 1]} {ts.year}"


def fmt_month(d: Any, *, short: bool = True, language: str | None = None) -> str:
    """Month as ``Feb 2022`` (``short=False``: ``Februari 2022``)."""
    if _is_missing(d):
        return MISSING_TEXT
    ts = pd.Timestamp(d)
    months = _months(short, language)
    return f"{months[ts.month - 1]} {ts.year}"


def fmt_level(level: float, *, language: str | None = None) -> str:
    """Confidence level as a percentage: ``0.9 -> '90%'``, ``0.975 -> '97,5%'`` (never rounded
    to a level that was not used)."""
    pct = float(level) * 100
    decimals = next((d for d in range(4) if abs(pct - round(pct, d)) < 1e-9), 4)
    return fmt_number(pct, decimals, language=language) + "%"


def fmt_ci(
    low: Any, high: Any, decimals: int = 2, *, level: float = 0.95, language: str | None = None
) -> str:
    """Confidence interval: ``'(IK 95%: 1,20 s.d. 3,40)'`` (en ``'(95% CI: 1.20 to 3.40)'``);
    the label states ``level``."""
    lo = fmt_number(low, decimals, language=language)
    hi = fmt_number(high, decimals, language=language)
    lv = fmt_level(level, language=language)
    if get_language(language) == "id":
        return f"(IK {lv}: {lo} s.d. {hi})"
    return f"({lv} CI: {lo} to {hi})"


def fmt_p(p: Any, *, language: str | None = None) -> str:
    """p-value for prose: ``'p < 0,001'`` or ``'p = 0,034'`` (en ``'p = 0.034'``)."""
    if _is_missing(p):
        return "p tidak tersedia" if get_language(language) == "id" else "p not available"
    p = float(p)
    if p < 0.001:
        return f"p < {fmt_number(0.001, 3, language=language)}"
    return f"p = {fmt_number(p, 3, language=language)}"


def fmt_list(items: Any, *, language: str | None = None, conjunction: str = "and") -> str:
    """Enumeration: ``'A'``, ``'A dan B'``, ``'A, B, dan C'`` (en ``'A, B, and C'``).

    ``conjunction="or"`` joins with *atau* / *or*.
    """
    items = [str(x) for x in items]
    lang = get_language(language)
    word = {("id", "and"): "dan", ("id", "or"): "atau", ("en", "and"): "and", ("en", "or"): "or"}[
        (lang, conjunction)
    ]
    if len(items) <= 2:
        return f" {word} ".join(items)
    return ", ".join(items[:-1]) + f", {word} " + items[-1]


def today_id() -> str:
    """Today's date in Indonesian, for covers and captions."""
    return fmt_date(_dt.date.today(), language="id")
