"""Survey input: checking the item table, reverse coding and respondents' factor scores."""

from __future__ import annotations

import math
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from evaltools.analysis._checks import require_table
from evaltools.errors import ParameterError
from evaltools.vocabulary import CODED_FACTORS

#: The survey's scales: the Edwards III factors, the environment and ``outcome`` (the schema's
#: list, not a copy).
SURVEY_FACTORS = CODED_FACTORS
ITEM_COLUMNS = ("item_id", "factor", "reverse", "scale_min", "scale_max")
RESPONDENT_COLUMNS = ("respondent_id", "agency", "role", "tenure_years", "wave")


def _as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "ya", "yes", "y", "t"}
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return False
    return bool(value)


def _check_items(items: pd.DataFrame) -> pd.DataFrame:
    """Validate ``survey_items`` and return a clean copy (reverse as bool, scales as float)."""
    require_table(items, "survey_items", ITEM_COLUMNS, instead="pass it as items=")
    out = items.copy()
    out["item_id"] = out["item_id"].astype(str)
    if out["item_id"].duplicated().any():
        dup = sorted(out.loc[out["item_id"].duplicated(), "item_id"].unique())
        raise ParameterError(f"survey_items.item_id must be unique; duplicated: {dup}")
    unknown = sorted(set(out["factor"].astype(str)) - set(SURVEY_FACTORS))
    if unknown:
        raise ParameterError(
            f"survey_items.factor has unknown label(s) {unknown}; use one of {list(SURVEY_FACTORS)}"
        )
    out["factor"] = out["factor"].astype(str)
    out["reverse"] = out["reverse"].map(_as_bool).astype(bool)
    for col in ("scale_min", "scale_max"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
    bad = out[~(out["scale_min"] < out["scale_max"])]
    if len(bad):
        raise ParameterError(
            f"survey_items: scale_min must be a number below scale_max; check item(s) "
            f"{bad['item_id'].tolist()}"
        )
    return out.reset_index(drop=True)


def _resolve(data: Any, items: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (responses, items) from an EvalData-like object or a responses DataFrame."""
    if isinstance(data, pd.DataFrame):
        responses = data
        if items is None:
            raise ParameterError(
                "items is required when data is a DataFrame of responses: pass items=survey_items"
            )
    else:
        responses = getattr(data, "survey_responses", None)
        items = items if items is not None else getattr(data, "survey_items", None)
        if responses is None or items is None:
            raise ParameterError(
                "data has no survey: it needs the tables survey_items and survey_responses"
            )
    items = _check_items(items)
    responses = responses.copy()
    responses.columns = [str(c) for c in responses.columns]
    absent = [i for i in items["item_id"] if i not in responses.columns]
    if absent:
        raise ParameterError(
            f"survey_responses lacks the column(s) of item(s) {absent}; add one column per "
            "survey_items.item_id (blank = no answer)"
        )
    for item in items["item_id"]:
        responses[item] = pd.to_numeric(responses[item], errors="coerce").astype(float)
    if "respondent_id" not in responses.columns:
        responses.insert(0, "respondent_id", np.arange(1, len(responses) + 1))
    return responses.reset_index(drop=True), items


def reverse_code(responses: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Reverse-code negatively worded items: ``x -> scale_min + scale_max - x``.

    Parameters
    ----------
    responses : pandas.DataFrame
        Wide responses, one column per ``items.item_id`` (other columns are kept as they are).
    items : pandas.DataFrame
        ``survey_items`` with ``item_id, factor, reverse, scale_min, scale_max``.

    Returns
    -------
    pandas.DataFrame
        A copy of ``responses`` with the item columns as float and every item flagged
        ``reverse`` recoded; blanks stay missing.
    """
    return _recode(*_resolve(responses, items))


def _recode(responses: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """:func:`reverse_code` on inputs already checked by :func:`_resolve`."""
    out = responses.copy()
    for row in items.itertuples(index=False):
        if row.reverse:
            out[row.item_id] = row.scale_min + row.scale_max - out[row.item_id]
    return out


def _scale_of(items_df: pd.DataFrame, factor: str) -> tuple[float, float]:
    sub = items_df[items_df["factor"] == factor]
    lows, highs = sub["scale_min"].unique(), sub["scale_max"].unique()
    if len(lows) != 1 or len(highs) != 1:
        raise ParameterError(
            f"survey_items: the items of factor '{factor}' use different scales "
            f"({sorted(lows)}–{sorted(highs)}); give every item of a factor the same scale_min "
            "and scale_max"
        )
    return float(lows[0]), float(highs[0])


def _factors_present(items_df: pd.DataFrame) -> list[str]:
    """The survey's scales in the vocabulary's order."""
    return [f for f in SURVEY_FACTORS if f in set(items_df["factor"])]


def respondent_scores(
    data: Any, *, items: pd.DataFrame | None = None, min_share: float = 0.5
) -> pd.DataFrame:
    """Each respondent's score per factor: the mean of their reverse-coded answers.

    A respondent gets a score on a factor only when they answered at least ``min_share`` of
    the factor's usable items (items nobody answered do not count).

    Parameters
    ----------
    data : EvalData or pandas.DataFrame
        An ``EvalData`` or the wide responses.
    items : pandas.DataFrame, optional
        ``survey_items``; required when ``data`` is a DataFrame.
    min_share : float
        Minimum share of the factor's items answered (default 0.5, "at least half").

    Returns
    -------
    pandas.DataFrame
        ``respondent_id`` and whichever of ``agency, role, tenure_years, wave`` are present,
        then one float column per factor present in ``survey_items`` (NaN = too few answers).
    """
    _check_min_share(min_share)
    responses, items_df = _resolve(data, items)
    return _scores(_recode(responses, items_df), items_df, min_share)


def _check_min_share(min_share: Any) -> None:
    if isinstance(min_share, bool) or not isinstance(min_share, Real) or not 0.0 < min_share <= 1.0:
        raise ParameterError(
            f"min_share={min_share!r}: give the share of a scale's items a respondent must "
            "answer, a number above 0 and at most 1 (e.g. 0.5 = at least half)"
        )


def _scores(coded: pd.DataFrame, items_df: pd.DataFrame, min_share: float) -> pd.DataFrame:
    """:func:`respondent_scores` on reverse-coded responses."""
    keep = [c for c in RESPONDENT_COLUMNS if c in coded.columns]
    out = coded[keep].copy()
    for factor in _factors_present(items_df):
        _scale_of(items_df, factor)
        ids = [
            i
            for i in items_df.loc[items_df["factor"] == factor, "item_id"]
            if coded[i].notna().any()
        ]
        if not ids:
            out[factor] = np.nan
            continue
        answered = coded[ids].notna().sum(axis=1)
        score = coded[ids].mean(axis=1)
        out[factor] = score.where(answered >= min_share * len(ids) - 1e-12)
    return out
