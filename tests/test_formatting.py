"""Number, money and date formats: Indonesian (DESIGN.md §7: 1.234,5; Rp 1,2 miliar;
22 Februari 2022) and the English edition (1,234.5; Rp 1.2 billion; 22 February 2022)."""

import math

import pandas as pd
import pytest

from evaltools.errors import ParameterError
from evaltools.formatting import (
    fmt_ci,
    fmt_date,
    fmt_int,
    fmt_level,
    fmt_list,
    fmt_month,
    fmt_number,
    fmt_p,
    fmt_pct,
    fmt_rupiah,
)


def test_number_uses_decimal_comma_and_thousands_dot():
    assert fmt_number(1234.5) == "1.234,5"
    assert fmt_number(1234567.891, 2) == "1.234.567,89"
    assert fmt_int(1250000) == "1.250.000"


def test_negative_and_signed_numbers():
    assert fmt_number(-2.75, 2) == "−2,75"
    assert fmt_number(0.04, 1, signed=True) == "0,0"
    assert fmt_number(-0.04, 1) == "0,0"  # no negative zero after rounding
    assert fmt_number(3.2, 1, signed=True) == "+3,2"


def test_missing_values_print_as_dash():
    assert fmt_number(None) == "–"
    assert fmt_number(math.nan) == "–"
    assert fmt_pct(pd.NA) == "–"


def test_percent():
    assert fmt_pct(12.345) == "12,3%"
    assert fmt_pct(0.5, proportion=True) == "50,0%"


def test_rupiah_word_scales():
    assert fmt_rupiah(1.2e9) == "Rp 1,2 miliar"
    assert fmt_rupiah(7e12) == "Rp 7,0 triliun"
    assert fmt_rupiah(854.7e9) == "Rp 854,7 miliar"
    assert fmt_rupiah(2_500_000) == "Rp 2,5 juta"
    assert fmt_rupiah(500) == "Rp 500"


def test_dates_in_indonesian():
    assert fmt_date("2022-02-22") == "22 Februari 2022"
    assert fmt_date(pd.Timestamp("2020-04-09"), short=True) == "9 Apr 2020"
    assert fmt_month("2021-08-01") == "Agu 2021"


def test_ci_and_p():
    assert fmt_ci(1.2, 3.4) == "(IK 95%: 1,20 s.d. 3,40)"
    assert fmt_ci(1.2, 3.4, level=0.9) == "(IK 90%: 1,20 s.d. 3,40)"
    # a level is never rounded to one that was not used (97,5% is not "98%")
    assert fmt_ci(1.2, 3.4, 1, level=0.975) == "(IK 97,5%: 1,2 s.d. 3,4)"
    assert [fmt_level(x) for x in (0.95, 0.9, 0.99, 0.999, 0.8)] == [
        "95%",
        "90%",
        "99%",
        "99,9%",
        "80%",
    ]
    assert fmt_p(0.0004) == "p < 0,001"
    assert fmt_p(0.0341) == "p = 0,034"


def test_lists_in_indonesian():
    assert fmt_list([]) == ""
    assert fmt_list(["tata kelola"]) == "tata kelola"
    assert fmt_list(["A", "B"]) == "A dan B"
    # the serial comma before "dan", as in the report's sentences
    assert fmt_list(x for x in ("A", "B", "C")) == "A, B, dan C"


def test_english_edition_formats():
    from evaltools.formatting import (
        fmt_ci,
        fmt_date,
        fmt_list,
        fmt_number,
        fmt_p,
        fmt_pct,
        fmt_rupiah,
    )

    assert fmt_number(1234.5, language="en") == "1,234.5"
    assert fmt_number(-0.04, 1, language="en") == "0.0"
    assert fmt_pct(0.394, proportion=True, language="en") == "39.4%"
    assert fmt_rupiah(179.6e9, language="en") == "Rp 179.6 billion"
    assert fmt_rupiah(108.8e9, language="id") == "Rp 108,8 miliar"
    assert fmt_date("2022-02-22", language="en") == "22 February 2022"
    assert fmt_ci(1.2, 3.4, level=0.9, language="en") == "(90% CI: 1.20 to 3.40)"
    assert fmt_p(0.0004, language="en") == "p < 0.001"
    assert fmt_p(0.0004, language="id") == "p < 0,001"
    assert fmt_list(["A", "B", "C"], language="en") == "A, B, and C"
    assert fmt_list(["A", "B"], language="id", conjunction="or") == "A atau B"


def test_language_setting_drives_the_default_format(monkeypatch):
    import evaltools._language
    from evaltools import prose
    from evaltools.formatting import fmt_number

    # no process setting (earlier tests may have opened a workbook, which sets one)
    monkeypatch.setattr(evaltools._language, "_current", None)
    monkeypatch.delenv("EVALTOOLS_LANGUAGE", raising=False)
    assert fmt_number(1234.5) == "1.234,5"
    with prose.use_language("en"):
        assert fmt_number(1234.5) == "1,234.5"
    assert fmt_number(1234.5) == "1.234,5"
    monkeypatch.setenv("EVALTOOLS_LANGUAGE", "en")
    assert fmt_number(1234.5) == "1,234.5"
    monkeypatch.setenv("EVALTOOLS_LANGUAGE", "xx")
    with pytest.raises(ParameterError, match="language 'xx' is not supported"):
        fmt_number(1.0)
