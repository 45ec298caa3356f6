"""Implementer survey analytics framed by Edwards III's implementation model.

The survey asks implementing civil servants (ASN) Likert items grouped by Edwards III factor
(communication, resources, disposition, bureaucratic structure) plus the external environment
and an ``outcome`` scale (perceived implementation). This module answers three questions:

1. Are the scales reliable? (:func:`cronbach_alpha`, :func:`mcdonald_omega`,
   :func:`item_statistics`, :func:`reliability`)
2. How do implementers rate each factor, overall and by agency or role? (:func:`factor_scores`)
3. Which factors go with a better perceived implementation? (:func:`determinants`,
   :func:`ordinal_logit`)

A survey of perceptions is associational: it says which factors go together with a better
perceived implementation, not which caused it. Sentences, captions and chart titles say
"berhubungan dengan" / "berkaitan dengan", never "faktor penentu" or "berpengaruh".

:func:`analyze` runs all three on an ``EvalData`` and :func:`evidence` turns the result into
rows of the evidence matrix (source ``survey``).

Inputs follow DESIGN.md §5: ``survey_items`` (item_id, factor, sub_factor, text, reverse,
scale_min, scale_max) and ``survey_responses`` (wide: respondent_id, agency, role,
tenure_years, wave, then one column per item_id; blank = no answer). Every function accepts
plain DataFrames so it can be used without the data layer.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats

from evaltools.analysis._checks import check_confidence_level, require_table
from evaltools.analysis.evidence import make_evidence_frame
from evaltools.data.schema import CODED_FACTORS, FACTORS
from evaltools.errors import ParameterError
from evaltools.formatting import fmt_ci, fmt_int, fmt_number, fmt_p
from evaltools.plotting.style import FACTOR_COLORS, FACTOR_LABELS, id_number_formatter, new_figure
from evaltools.results import Result

SURVEY_FACTORS = CODED_FACTORS  # the schema's list (factors + outcome), not a copy
ITEM_COLUMNS = ("item_id", "factor", "reverse", "scale_min", "scale_max")
RESPONDENT_COLUMNS = ("respondent_id", "agency", "role", "tenure_years", "wave")
GROUP_LABELS = {"agency": "perangkat daerah", "role": "jabatan", "wave": "gelombang"}

#: Alpha below this is "questionable" (George & Mallery's rule of thumb, common in Indonesian
#: theses); such a scale's evidence is capped at "weak".
MIN_ALPHA = 0.6


# --------------------------------------------------------------------------------------------
# Input handling
# --------------------------------------------------------------------------------------------


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


def _item_frame(items: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(items, pd.DataFrame):
        raise ParameterError("items must be a pandas DataFrame with one column per item")
    frame = items.apply(pd.to_numeric, errors="coerce").astype(float)
    empty = [str(c) for c in frame.columns if frame[c].notna().sum() == 0]
    if empty:
        raise ParameterError(
            f"item column(s) {empty} have no answers at all; drop them before computing reliability"
        )
    if frame.shape[1] < 2:
        raise ParameterError(
            f"reliability needs at least 2 items (got {frame.shape[1]}); alpha is undefined for one item"
        )
    frame = frame.dropna(how="all")
    if len(frame) < 2:
        raise ParameterError("reliability needs at least 2 respondents with answers")
    return frame


# --------------------------------------------------------------------------------------------
# Reliability
# --------------------------------------------------------------------------------------------


def _alpha_from_cov(cov: np.ndarray) -> tuple[float, float]:
    """Raw and standardised alpha from a covariance matrix (R psych::alpha's formulas)."""
    k = cov.shape[0]
    total = cov.sum()
    raw = (1.0 - np.trace(cov) / total) * k / (k - 1) if total > 0 else np.nan
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov / np.outer(sd, sd)
    rsum = corr.sum()
    std = (1.0 - k / rsum) * k / (k - 1) if np.isfinite(rsum) and rsum > 0 else np.nan
    return float(raw), float(std)


def _feldt_ci(alpha: float, n: int, k: int, level: float) -> tuple[float, float]:
    """Feldt (1965) interval: (1 - alpha) / (1 - A) ~ F(n - 1, (n - 1)(k - 1))."""
    if not np.isfinite(alpha) or n < 2 or k < 2:
        return np.nan, np.nan
    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1.0 - level) / 2.0
    low = 1.0 - (1.0 - alpha) * stats.f.ppf(1.0 - tail, df1, df2)
    high = 1.0 - (1.0 - alpha) * stats.f.ppf(tail, df1, df2)
    return float(low), float(high)


@dataclass
class AlphaResult(Result):
    """Cronbach's alpha of one scale.

    Attributes
    ----------
    alpha, std_alpha : float
        Raw alpha (from the pairwise covariance matrix) and standardised alpha (from the
        correlation matrix derived from that covariance matrix), as R ``psych::alpha``.
    ci_low, ci_high : float
        Feldt confidence interval of the raw alpha.
    n_items, n_respondents : int
        Items in the scale; respondents with at least one answer.
    average_r : float
        Mean inter-item correlation.
    items : pandas.DataFrame
        Item statistics, see :func:`item_statistics`.
    """

    alpha: float = np.nan
    std_alpha: float = np.nan
    ci_low: float = np.nan
    ci_high: float = np.nan
    n_items: int = 0
    n_respondents: int = 0
    average_r: float = np.nan
    items: pd.DataFrame = field(default_factory=pd.DataFrame)


def cronbach_alpha(items: pd.DataFrame, *, ci: float = 0.95) -> AlphaResult:
    """Cronbach's alpha, raw and standardised, with Feldt's confidence interval.

    Covariances are pairwise (each pair of items uses the respondents who answered both), the
    way R ``psych::alpha`` handles missing answers; standardised alpha converts that pairwise
    covariance matrix to a correlation matrix. Reverse-code items first (:func:`reverse_code`).

    Parameters
    ----------
    items : pandas.DataFrame
        One column per item, one row per respondent; blanks are missing answers.
    ci : float
        Confidence level of the Feldt interval (default 0.95).

    Returns
    -------
    AlphaResult
        ``.alpha, .std_alpha, .ci_low, .ci_high, .n_items, .n_respondents, .average_r`` and
        ``.items`` (item statistics). ``.table`` has one row per statistic with columns
        ``term`` ("alpha", "std_alpha"), ``estimate``, ``se`` (NaN: Feldt's interval is not
        symmetric), ``ci_low``, ``ci_high``, ``p_value`` (NaN), ``n_items``, ``n_respondents``.

    Raises
    ------
    ParameterError
        Fewer than two items or respondents, an item nobody answered, a bad ``ci``.
    """
    level = check_confidence_level(ci, "ci")
    frame = _item_frame(items)
    cov = frame.cov().to_numpy()
    k, n = frame.shape[1], len(frame)
    raw, std = _alpha_from_cov(cov)
    low, high = _feldt_ci(raw, n, k, level)
    std_low, std_high = _feldt_ci(std, n, k, level)
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        corr = cov / np.outer(sd, sd)
    avg_r = float(corr[~np.eye(k, dtype=bool)].mean())
    table = pd.DataFrame(
        {
            "term": ["alpha", "std_alpha"],
            "estimate": [raw, std],
            "se": [np.nan, np.nan],
            "ci_low": [low, std_low],
            "ci_high": [high, std_high],
            "p_value": [np.nan, np.nan],
            "n_items": [k, k],
            "n_respondents": [n, n],
        }
    )
    sentences = [
        (
            f"Alfa Cronbach skala ini {fmt_number(raw, 2)} {fmt_ci(low, high, level=level)}, "
            f"alfa terstandar {fmt_number(std, 2)}, dari {fmt_int(k)} butir dan "
            f"{fmt_int(n)} responden."
        )
    ]
    return AlphaResult(
        table=table,
        sentences=sentences,
        params={"ci": level},
        alpha=raw,
        std_alpha=std,
        ci_low=low,
        ci_high=high,
        n_items=k,
        n_respondents=n,
        average_r=avg_r,
        items=_item_stats_from_cov(cov, frame),
    )


def _item_stats_from_cov(cov: np.ndarray, frame: pd.DataFrame) -> pd.DataFrame:
    k = cov.shape[0]
    rows = []
    total = cov.sum()
    for i, name in enumerate(frame.columns):
        rest = [j for j in range(k) if j != i]
        sub = cov[np.ix_(rest, rest)]
        rest_var = sub.sum()
        cov_item_rest = cov[i, rest].sum()
        denom = math.sqrt(cov[i, i] * rest_var) if cov[i, i] > 0 and rest_var > 0 else np.nan
        item_rest = cov_item_rest / denom if np.isfinite(denom) else np.nan
        item_total = (
            (cov[i].sum()) / math.sqrt(cov[i, i] * total) if cov[i, i] > 0 and total > 0 else np.nan
        )
        if len(rest) >= 2:
            a_del, s_del = _alpha_from_cov(sub)
        else:
            a_del, s_del = np.nan, np.nan
        col = frame[name]
        rows.append(
            {
                "item": str(name),
                "n": int(col.notna().sum()),
                "mean": float(col.mean()),
                "sd": float(col.std(ddof=1)) if col.notna().sum() > 1 else np.nan,
                "item_total_r": float(item_total),
                "item_rest_r": float(item_rest),
                "alpha_if_deleted": a_del,
                "std_alpha_if_deleted": s_del,
            }
        )
    return pd.DataFrame(rows)


def item_statistics(items: pd.DataFrame) -> pd.DataFrame:
    """Item–rest correlations and alpha-if-item-deleted, from pairwise covariances.

    Parameters
    ----------
    items : pandas.DataFrame
        One column per (reverse-coded) item, one row per respondent.

    Returns
    -------
    pandas.DataFrame
        One row per item: ``item``; ``n`` (answers); ``mean``; ``sd``; ``item_total_r``
        (correlation with the total including the item); ``item_rest_r`` (correlation with the
        sum of the other items, psych's ``r.drop``); ``alpha_if_deleted`` and
        ``std_alpha_if_deleted`` (alpha of the remaining items; NaN when one item would remain).
    """
    frame = _item_frame(items)
    return _item_stats_from_cov(frame.cov().to_numpy(), frame)


def _one_factor_ml(corr: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
    """Maximum-likelihood one-factor model of a correlation matrix (as R ``factanal``).

    Minimises the ML discrepancy ``log|S| + tr(S^-1 R) - log|R| - p`` over the uniquenesses,
    with loadings concentrated out as the leading eigenvector of ``Psi^-1/2 R Psi^-1/2``
    (Lawley & Maxwell; Jöreskog 1967). Returns (loadings, uniquenesses, converged).
    """
    p = corr.shape[0]

    def loadings_for(psi: np.ndarray) -> np.ndarray:
        s = 1.0 / np.sqrt(psi)
        vals, vecs = np.linalg.eigh(corr * np.outer(s, s))
        e, v = vals[-1], vecs[:, -1]
        return np.sqrt(psi) * v * math.sqrt(max(e - 1.0, 0.0))

    def objective(psi: np.ndarray) -> float:
        lam = loadings_for(psi)
        sigma = np.outer(lam, lam) + np.diag(psi)
        sign, logdet = np.linalg.slogdet(sigma)
        if sign <= 0:
            return 1e10
        return float(logdet + np.trace(np.linalg.solve(sigma, corr)))

    try:
        start = np.clip(1.0 / np.diag(np.linalg.inv(corr)), 0.005, 1.0)
    except np.linalg.LinAlgError:
        start = np.full(p, 0.5)
    res = optimize.minimize(
        objective,
        start,
        method="L-BFGS-B",
        bounds=[(0.005, 1.0)] * p,
        options={"ftol": 1e-14, "gtol": 1e-10, "maxiter": 2000},
    )
    lam = loadings_for(res.x)
    if lam.sum() < 0:
        lam = -lam
    lam = np.clip(lam, -1.0, 1.0)
    return lam, 1.0 - lam**2, bool(res.success)


@dataclass
class OmegaResult(Result):
    """McDonald's omega (total) of a one-factor model.

    Attributes
    ----------
    omega : float
        ``(sum lambda)^2 / ((sum lambda)^2 + sum psi)`` on the standardised (correlation) scale.
    loadings : pandas.Series
        Standardised loadings by item.
    converged : bool
        Whether the ML optimiser converged.
    """

    omega: float = np.nan
    loadings: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    converged: bool = False


def mcdonald_omega(items: pd.DataFrame) -> OmegaResult:
    """McDonald's omega from a one-factor maximum-likelihood factor analysis.

    The model is fitted to the correlation matrix derived from the pairwise covariances
    (the same matrix as standardised alpha) by maximum likelihood, as R ``factanal`` does,
    with scipy's L-BFGS-B over the uniquenesses (bounded at 0.005, like factanal's lower
    bound). Omega is then ``(Σλ)² / ((Σλ)² + Σψ)``, ψ = 1 − λ². A one-factor model needs at
    least three items to be identified; with two items omega is returned as NaN.

    Parameters
    ----------
    items : pandas.DataFrame
        One column per (reverse-coded) item, one row per respondent.

    Returns
    -------
    OmegaResult
        ``.omega``, ``.loadings``, ``.converged``; ``.table`` has one row per item with columns
        ``item``, ``loading``, ``uniqueness``.
    """
    frame = _item_frame(items)
    cov = frame.cov().to_numpy()
    sd = np.sqrt(np.diag(cov))
    names = [str(c) for c in frame.columns]
    if frame.shape[1] < 3 or not np.all(sd > 0) or not np.all(np.isfinite(cov)):
        table = pd.DataFrame({"item": names, "loading": np.nan, "uniqueness": np.nan})
        return OmegaResult(
            table=table,
            caveats=["Omega McDonald memerlukan sedikitnya tiga butir dengan variasi jawaban."],
            loadings=pd.Series(np.nan, index=names),
        )
    corr = cov / np.outer(sd, sd)
    lam, psi, ok = _one_factor_ml(corr)
    omega = float(lam.sum() ** 2 / (lam.sum() ** 2 + psi.sum()))
    table = pd.DataFrame({"item": names, "loading": lam, "uniqueness": psi})
    return OmegaResult(
        table=table,
        sentences=[f"Omega McDonald (model satu faktor) {fmt_number(omega, 2)}."],
        omega=omega,
        loadings=pd.Series(lam, index=names),
        converged=ok,
    )


@dataclass
class ReliabilityResult(Result):
    """Reliability of each survey scale (see :func:`reliability`).

    Attributes
    ----------
    items : pandas.DataFrame
        Item statistics of every scale, with a ``factor`` column.
    """

    items: pd.DataFrame = field(default_factory=pd.DataFrame)


def reliability(
    data: Any,
    *,
    items: pd.DataFrame | None = None,
    confidence_level: float = 0.95,
    min_alpha: float = MIN_ALPHA,
) -> ReliabilityResult:
    """Reliability table per Edwards III factor (and the outcome scale).

    Items are reverse-coded first. Items that nobody answered are excluded (with a caveat).
    A scale with one usable item has no alpha (alpha is undefined for a single item).

    Parameters
    ----------
    data : EvalData or pandas.DataFrame
        An ``EvalData`` (uses ``survey_responses`` and ``survey_items``) or the wide responses.
    items : pandas.DataFrame, optional
        ``survey_items``; required when ``data`` is a DataFrame.
    confidence_level : float
        Level of the Feldt interval.
    min_alpha : float
        Alpha below which a scale is flagged as insufficiently reliable (default 0.6).

    Returns
    -------
    ReliabilityResult
        ``.table`` has one row per factor: ``factor``, ``n_items`` (usable items),
        ``n_items_excluded`` (items nobody answered), ``n_respondents`` (with ≥ 1 answer on the
        scale), ``alpha``, ``std_alpha``, ``ci_low``, ``ci_high`` (Feldt, raw alpha), ``omega``
        (one-factor ML; NaN under 3 items), ``average_r``, ``flag`` (``"ok"``, ``"low_alpha"``,
        ``"single_item"``, ``"too_few_respondents"``, ``"no_items"``), ``reliable`` (bool:
        alpha ≥ ``min_alpha``). ``.items`` has item statistics with a ``factor`` column.
    """
    level = check_confidence_level(confidence_level)
    responses, items_df = _resolve(data, items)
    return _reliability(_recode(responses, items_df), items_df, level, min_alpha)


def _reliability(
    coded: pd.DataFrame, items_df: pd.DataFrame, level: float, min_alpha: float
) -> ReliabilityResult:
    rows, item_tables, caveats = [], [], []
    for factor in [f for f in SURVEY_FACTORS if f in set(items_df["factor"])]:
        ids = items_df.loc[items_df["factor"] == factor, "item_id"].tolist()
        empty = [i for i in ids if coded[i].notna().sum() == 0]
        usable = [i for i in ids if i not in empty]
        label = FACTOR_LABELS[factor]
        if empty:
            caveats.append(
                f"Butir {', '.join(empty)} pada faktor {label} tidak dijawab satu responden pun "
                "sehingga dikeluarkan dari analisis."
            )
        sub = coded[usable].dropna(how="all") if usable else pd.DataFrame()
        row = {
            "factor": factor,
            "n_items": len(usable),
            "n_items_excluded": len(empty),
            "n_respondents": len(sub),
            "alpha": np.nan,
            "std_alpha": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "omega": np.nan,
            "average_r": np.nan,
        }
        if not usable:
            row["flag"] = "no_items"
        elif len(usable) == 1:
            row["flag"] = "single_item"
            caveats.append(
                f"Faktor {label} hanya diukur dengan satu butir, sehingga reliabilitasnya "
                "(alfa Cronbach) tidak dapat dihitung."
            )
        elif len(sub) < 2:
            row["flag"] = "too_few_respondents"
            caveats.append(
                f"Faktor {label} dijawab kurang dari dua responden, sehingga reliabilitasnya "
                "tidak dapat dihitung."
            )
        else:
            res = cronbach_alpha(sub, ci=level)
            om = mcdonald_omega(sub)
            row.update(
                alpha=res.alpha,
                std_alpha=res.std_alpha,
                ci_low=res.ci_low,
                ci_high=res.ci_high,
                omega=om.omega,
                average_r=res.average_r,
            )
            row["flag"] = "ok" if res.alpha >= min_alpha else "low_alpha"
            item_tables.append(res.items.assign(factor=factor))
            if row["flag"] == "low_alpha":
                caveats.append(
                    f"Reliabilitas skala {label} rendah (alfa Cronbach {fmt_number(res.alpha, 2)}, "
                    f"di bawah {fmt_number(min_alpha, 2)}); temuan faktor ini perlu dibaca hati-hati."
                )
        row["reliable"] = bool(row["flag"] == "ok")
        rows.append(row)
    table = pd.DataFrame(rows)
    ok = table[table["flag"] == "ok"] if len(table) else table
    sentences = []
    if len(table):
        sentences.append(
            f"Dari {fmt_int(len(table))} skala survei, {fmt_int(len(ok))} memiliki reliabilitas "
            f"memadai (alfa Cronbach ≥ {fmt_number(min_alpha, 2)})."
        )
    item_table = pd.concat(item_tables, ignore_index=True) if item_tables else pd.DataFrame()
    return ReliabilityResult(
        table=table,
        sentences=sentences,
        caveats=caveats,
        params={"confidence_level": level, "min_alpha": min_alpha},
        items=item_table,
    )


# --------------------------------------------------------------------------------------------
# Factor scores
# --------------------------------------------------------------------------------------------


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
            f"min_share={min_share!r}: give the share of a scale's items a respondent must answer, "
            "a number above 0 and at most 1 (e.g. 0.5 = at least half)"
        )


def _scores(coded: pd.DataFrame, items_df: pd.DataFrame, min_share: float) -> pd.DataFrame:
    """:func:`respondent_scores` on reverse-coded responses."""
    keep = [c for c in RESPONDENT_COLUMNS if c in coded.columns]
    out = coded[keep].copy()
    for factor in [f for f in SURVEY_FACTORS if f in set(items_df["factor"])]:
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


def _mean_ci(values: pd.Series, level: float) -> dict[str, float]:
    x = values.dropna().to_numpy(dtype=float)
    n = len(x)
    mean = float(x.mean()) if n else np.nan
    sd = float(x.std(ddof=1)) if n > 1 else np.nan
    se = sd / math.sqrt(n) if n > 1 else np.nan
    if n > 1:
        t = stats.t.ppf(0.5 + level / 2.0, n - 1)
        low, high = mean - t * se, mean + t * se
    else:
        low = high = np.nan
    return {"n": n, "mean": mean, "sd": sd, "se": se, "ci_low": low, "ci_high": high}


@dataclass
class FactorScoresResult(Result):
    """Factor means with confidence intervals, by group (see :func:`factor_scores`).

    Attributes
    ----------
    scores : pandas.DataFrame
        Respondent-level scores (:func:`respondent_scores`).
    scale : dict
        factor -> (scale_min, scale_max).
    by : str or None
        Grouping column.
    """

    scores: pd.DataFrame = field(default_factory=pd.DataFrame)
    scale: dict[str, tuple[float, float]] = field(default_factory=dict)
    by: str | None = None

    def plot(self, ax=None):
        """Dot-and-interval chart: one row per group, one colour per factor."""
        table = self.table[self.table["factor"] != "outcome"]
        groups = list(dict.fromkeys(table["group"]))
        factors = [f for f in SURVEY_FACTORS if f in set(table["factor"])]
        height = min(9.0, max(2.4, 0.22 * len(groups) * max(1, len(factors)) ** 0.5 + 1.4))
        fig, ax = new_figure(ax, height=height)
        step = 0.8 / max(1, len(factors))
        for j, factor in enumerate(factors):
            sub = table[table["factor"] == factor].set_index("group").reindex(groups)
            y = np.arange(len(groups)) - 0.4 + step * (j + 0.5)
            err = np.vstack([sub["mean"] - sub["ci_low"], sub["ci_high"] - sub["mean"]])
            ax.errorbar(
                sub["mean"],
                y,
                xerr=np.nan_to_num(err),
                fmt="o",
                color=FACTOR_COLORS[factor],
                label=FACTOR_LABELS[factor],
                markersize=4,
                capsize=2,
                linewidth=1,
            )
        mids = {np.mean(v) for f, v in self.scale.items() if f in factors}
        for mid in mids:
            ax.axvline(mid, color="0.4", linestyle="--", linewidth=0.8)
        ax.set_yticks(np.arange(len(groups)))
        ax.set_yticklabels([str(g) for g in groups])
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(id_number_formatter(1))
        ax.set_xlabel("Rata-rata skor faktor (garis putus-putus: titik tengah skala)")
        ax.set_ylabel(GROUP_LABELS.get(self.by, "kelompok").capitalize() if self.by else "")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3)
        ax.set_title("Skor faktor implementasi (rata-rata dan IK)")
        return fig


def factor_scores(
    data: Any,
    *,
    items: pd.DataFrame | None = None,
    by: str | None = "agency",
    confidence_level: float = 0.95,
    min_share: float = 0.5,
) -> FactorScoresResult:
    """Mean factor score with a t confidence interval, overall or by agency / role.

    Parameters
    ----------
    data : EvalData or pandas.DataFrame
        An ``EvalData`` or the wide responses.
    items : pandas.DataFrame, optional
        ``survey_items``; required when ``data`` is a DataFrame.
    by : str or None
        Grouping column of ``survey_responses`` (``"agency"``, ``"role"``, ``"wave"`` …);
        ``None`` for all respondents together (group label ``"Semua responden"``).
    confidence_level : float
        Level of the t interval of each mean.
    min_share : float
        Share of a factor's items a respondent must answer to be scored (default 0.5).

    Returns
    -------
    FactorScoresResult
        ``.table`` has one row per (group, factor): ``group``, ``factor``, ``n`` (scored
        respondents), ``mean``, ``sd``, ``se``, ``ci_low``, ``ci_high`` (NaN when n < 2),
        ``scale_min``, ``scale_max``, ``midpoint``. ``.scores`` holds respondent scores.
    """
    level = check_confidence_level(confidence_level)
    _check_min_share(min_share)
    responses, items_df = _resolve(data, items)
    scores = _scores(_recode(responses, items_df), items_df, min_share)
    return _factor_scores(scores, items_df, by=by, level=level, min_share=min_share)


def _factor_scores(
    scores: pd.DataFrame, items_df: pd.DataFrame, *, by: str | None, level: float, min_share: float
) -> FactorScoresResult:
    if by is not None and by not in scores.columns:
        raise ParameterError(
            f"by={by!r} is not a column of survey_responses; use one of "
            f"{[c for c in RESPONDENT_COLUMNS if c in scores.columns and c != 'respondent_id']} or None"
        )
    factors = [f for f in SURVEY_FACTORS if f in scores.columns]
    scale = {f: _scale_of(items_df, f) for f in factors}
    if by is None:
        groups = [("Semua responden", scores)]
    else:
        groups = [(g, sub) for g, sub in scores.groupby(by, sort=True, dropna=False)]
    rows = []
    for group, sub in groups:
        for factor in factors:
            lo, hi = scale[factor]
            rows.append(
                {
                    "group": group,
                    "factor": factor,
                    **_mean_ci(sub[factor], level),
                    "scale_min": lo,
                    "scale_max": hi,
                    "midpoint": (lo + hi) / 2.0,
                }
            )
    table = pd.DataFrame(rows)
    sentences = []
    core = table[table["factor"] != "outcome"].dropna(subset=["mean"])
    if len(core) and by is not None:
        worst = core.sort_values(["mean", "group"]).iloc[0]
        sentences.append(
            f"Skor terendah menurut {GROUP_LABELS.get(by, by)} adalah faktor "
            f"{FACTOR_LABELS[worst['factor']]} di {worst['group']} "
            f"(rata-rata {fmt_number(worst['mean'], 2)} dari skala "
            f"{fmt_number(worst['scale_min'], 0)}–{fmt_number(worst['scale_max'], 0)})."
        )
    caveats = []
    thin = table[(table["n"] < 5) & (table["factor"] != "outcome")]
    if by is not None and len(thin):
        caveats.append(
            f"Sebagian kelompok {GROUP_LABELS.get(by, by)} berisi kurang dari lima responden; "
            "rata-ratanya tidak stabil."
        )
    return FactorScoresResult(
        table=table,
        sentences=sentences,
        caveats=caveats,
        params={"by": by, "confidence_level": level, "min_share": min_share},
        scores=scores,
        scale=scale,
        by=by,
    )


# --------------------------------------------------------------------------------------------
# Determinants
# --------------------------------------------------------------------------------------------


@dataclass
class DeterminantsResult(Result):
    """Standardised OLS of the outcome scale on the factor scores (see :func:`determinants`).

    Attributes
    ----------
    n : int
        Respondents in the regression (complete cases).
    r2 : float
        R².
    """

    n: int = 0
    r2: float = np.nan

    def plot(self, ax=None):
        """Coefficient plot of the standardised effects, largest first."""
        t = self.table[self.table["term"] != "const"].sort_values("rank")
        fig, ax = new_figure(ax, height=max(2.2, 0.45 * len(t) + 1.0))
        y = np.arange(len(t))
        for yi, row in zip(y, t.itertuples(index=False), strict=False):
            ax.errorbar(
                row.estimate,
                yi,
                xerr=[[row.estimate - row.ci_low], [row.ci_high - row.estimate]],
                fmt="o",
                color=FACTOR_COLORS.get(row.term, "0.3"),
                capsize=3,
            )
        ax.axvline(0, color="0.4", linewidth=0.8)
        ax.set_yticks(y)
        ax.set_yticklabels([FACTOR_LABELS.get(f, f) for f in t["term"]])
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(id_number_formatter(1))
        ax.set_xlabel("Koefisien terstandar terhadap capaian implementasi (IK)")
        ax.set_title("Faktor yang berkaitan dengan capaian implementasi yang dirasakan")
        return fig


def determinants(
    data: Any,
    *,
    items: pd.DataFrame | None = None,
    outcome: str = "outcome",
    factors: Sequence[str] | None = None,
    confidence_level: float = 0.95,
    min_share: float = 0.5,
) -> DeterminantsResult:
    """Which factors go with a better perceived implementation: standardised OLS with HC3 SEs.

    The outcome scale's score and every factor score are z-scored (mean 0, SD 1 over the
    complete cases), so each coefficient is the change in the outcome, in SDs, per SD of the
    factor holding the others fixed — comparable across factors. Standard errors are
    heteroskedasticity-robust (HC3, MacKinnon & White 1985). Factors are ranked by the
    coefficient, largest (most positive) first.

    Parameters
    ----------
    data : EvalData or pandas.DataFrame
        An ``EvalData`` or the wide responses.
    items : pandas.DataFrame, optional
        ``survey_items``; required when ``data`` is a DataFrame.
    outcome : str
        Factor label of the outcome scale in ``survey_items.factor`` (default ``"outcome"``).
    factors : sequence of str, optional
        Predictor factors; default every Edwards III / environment factor in the survey.
    confidence_level : float
        Level of the confidence intervals.
    min_share : float
        Share of a scale's items a respondent must answer to be scored.

    Returns
    -------
    DeterminantsResult
        ``.table`` has one row per factor: ``term`` (factor id), ``label`` (Indonesian),
        ``estimate`` (standardised coefficient), ``se`` (HC3), ``ci_low``, ``ci_high``,
        ``p_value``, ``rank`` (1 = largest coefficient), ``significant`` (``p_value < 1 −
        confidence_level``). ``.n`` and ``.r2``.
    """
    level = check_confidence_level(confidence_level)
    scores = respondent_scores(data, items=items, min_share=min_share)
    return _determinants(scores, outcome=outcome, factors=factors, level=level)


def _fmt_alpha(level: float) -> str:
    """Significance level ``1 − level`` with the decimals it needs: 0,05 · 0,1 · 0,01."""
    alpha = 1.0 - float(level)
    decimals = next((d for d in range(1, 5) if abs(alpha - round(alpha, d)) < 1e-9), 4)
    return fmt_number(alpha, decimals)


def _determinants(
    scores: pd.DataFrame, *, outcome: str, factors: Sequence[str] | None, level: float
) -> DeterminantsResult:
    import statsmodels.api as sm

    if outcome not in SURVEY_FACTORS:
        raise ParameterError(
            f"outcome={outcome!r} is not a factor label; use one of {list(SURVEY_FACTORS)}"
        )
    if outcome not in scores.columns:
        raise ParameterError(
            f"the survey has no items with factor '{outcome}'; add outcome items to survey_items "
            "(perceived implementation) to estimate determinants"
        )
    if factors is None:
        factors = [f for f in FACTORS if f in scores.columns and f != outcome]
    else:
        factors = list(factors)
        bad = [f for f in factors if f not in FACTORS]
        if bad:
            raise ParameterError(f"factors has unknown label(s) {bad}; use any of {list(FACTORS)}")
        absent = [f for f in factors if f not in scores.columns]
        if absent:
            raise ParameterError(
                f"factors {absent} have no items in survey_items; drop them from factors"
            )
    if not factors:
        raise ParameterError(
            "no predictor factors: survey_items must have items of at least one factor"
        )
    frame = scores[[outcome, *factors]].dropna()
    n = len(frame)
    if n < len(factors) + 3:
        raise ParameterError(
            f"determinants need at least {len(factors) + 3} respondents with every scale scored "
            f"(got {n}); collect more responses or use fewer factors"
        )
    sd = frame.std(ddof=1)
    flat = sd[sd == 0].index.tolist()
    if flat:
        raise ParameterError(
            f"scale(s) {flat} do not vary across respondents; drop them from factors"
        )
    z = (frame - frame.mean()) / sd
    model = sm.OLS(z[outcome], sm.add_constant(z[factors])).fit(cov_type="HC3")
    ci = model.conf_int(alpha=1.0 - level)
    table = pd.DataFrame(
        {
            "term": factors,
            "label": [FACTOR_LABELS[f] for f in factors],
            "estimate": model.params[factors].to_numpy(),
            "se": model.bse[factors].to_numpy(),
            "ci_low": ci.loc[factors, 0].to_numpy(),
            "ci_high": ci.loc[factors, 1].to_numpy(),
            "p_value": model.pvalues[factors].to_numpy(),
        }
    )
    table["rank"] = table["estimate"].rank(ascending=False, method="first").astype(int)
    # significance at the analysis' level (p < 1 - confidence_level), as a code
    table["significant"] = table["p_value"] < 1.0 - level
    table = table.sort_values("rank").reset_index(drop=True)
    top = table.iloc[0]
    sig = table[table["significant"] & (table["estimate"] > 0)]
    sentences = [
        (
            "Faktor yang paling kuat berhubungan dengan capaian implementasi yang dirasakan adalah "
            f"{FACTOR_LABELS[top['term']]} (koefisien terstandar {fmt_number(top['estimate'], 2)} "
            f"{fmt_ci(top['ci_low'], top['ci_high'], level=level)}, {fmt_p(top['p_value'])})."
        ),
        (
            "Secara bersama-sama, faktor-faktor ini menjelaskan "
            f"{fmt_number(model.rsquared * 100, 0)}% variasi capaian implementasi yang dirasakan "
            f"({fmt_int(n)} responden); {fmt_int(len(sig))} faktor berhubungan positif secara "
            f"signifikan (p < {_fmt_alpha(level)})."
        ),
    ]
    caveats = [
        "Regresi ini menunjukkan hubungan (asosiasi) dalam persepsi responden, bukan bukti sebab-akibat."
    ]
    return DeterminantsResult(
        table=table,
        sentences=sentences,
        caveats=caveats,
        params={
            "outcome": outcome,
            "factors": list(factors),
            "confidence_level": level,
            "cov": "HC3",
        },
        n=n,
        r2=float(model.rsquared),
    )


@dataclass
class OrdinalLogitResult(Result):
    """Proportional-odds (ordered logit) model (see :func:`ordinal_logit`).

    Attributes
    ----------
    loglik : float
        Maximised log-likelihood.
    levels : list
        Outcome categories, lowest first.
    n : int
        Observations used.
    converged : bool
        Whether the optimiser reported convergence.
    """

    loglik: float = np.nan
    levels: list = field(default_factory=list)
    n: int = 0
    converged: bool = False

    @property
    def cutpoints(self) -> pd.Series:
        """Cut-points (thresholds) on the latent scale, lowest first."""
        cuts = self.table[self.table["kind"] == "cutpoint"]
        return pd.Series(cuts["estimate"].to_numpy(), index=cuts["term"].to_list())


def ordinal_logit(
    data: pd.DataFrame,
    *,
    outcome: str,
    predictors: Sequence[str],
    levels: Sequence[Any] | None = None,
    confidence_level: float = 0.95,
) -> OrdinalLogitResult:
    """Ordered logit (proportional odds) via statsmodels ``OrderedModel``.

    ``P(y ≤ j) = logistic(κ_j − xβ)`` with no constant (the cut-points absorb it), fitted by
    BFGS with a tight gradient tolerance (1e-8) so the estimates match Stata/R to 1e-6.
    statsmodels parameterises thresholds as the first cut-point and log increments; they are
    converted back to cut-points, with delta-method standard errors.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per observation (rows with a missing value in the model are dropped).
    outcome : str
        Ordinal outcome column: an ordered Categorical, numbers, or labels ordered by ``levels``.
    predictors : sequence of str
        Predictor columns (numeric).
    levels : sequence, optional
        Outcome categories lowest first; default the Categorical's order or sorted values.
    confidence_level : float
        Level of the Wald confidence intervals.

    Returns
    -------
    OrdinalLogitResult
        ``.table`` has ``term``, ``kind`` (``"coef"`` or ``"cutpoint"``), ``estimate``, ``se``,
        ``ci_low``, ``ci_high``, ``p_value`` (NaN for cut-points), ``odds_ratio`` (coefficients
        only), ``significant`` (``p_value < 1 − confidence_level``; NA for cut-points).
        Cut-points are named ``"<level j>|<level j+1>"``. ``.loglik``, ``.levels``, ``.n``,
        ``.cutpoints``.
    """
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    level = check_confidence_level(confidence_level)
    if not isinstance(data, pd.DataFrame):
        raise ParameterError("data must be a pandas DataFrame")
    predictors = [predictors] if isinstance(predictors, str) else list(predictors)
    missing = [c for c in [outcome, *predictors] if c not in data.columns]
    if missing:
        raise ParameterError(f"column(s) {missing} not in data; check outcome= and predictors=")
    if not predictors:
        raise ParameterError("predictors must name at least one column")
    frame = data[[outcome, *predictors]].dropna()
    y = frame[outcome]
    if levels is None:
        if isinstance(y.dtype, pd.CategoricalDtype) and y.cat.ordered:
            levels = list(y.cat.categories)
        else:
            levels = sorted(y.unique())
    levels = list(levels)
    unknown = sorted(set(y.unique()) - set(levels), key=str)
    if unknown:
        raise ParameterError(
            f"outcome values {unknown} are not in levels={levels}; list every category"
        )
    yc = pd.Series(pd.Categorical(y, categories=levels, ordered=True), index=frame.index)
    present = [lv for lv in levels if (yc == lv).any()]
    if len(present) < 2:
        raise ParameterError("the outcome needs at least two observed categories")
    if len(present) < len(levels):
        yc = yc.cat.remove_unused_categories()
        levels = present
    try:
        x = frame[predictors].astype(float)
    except (TypeError, ValueError):
        raise ParameterError(f"predictors {predictors} must be numeric columns") from None
    model = OrderedModel(yc, x, distr="logit")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = model.fit(method="bfgs", disp=False, maxiter=5000, gtol=1e-8)
        converged = bool(fit.mle_retvals.get("converged", False))
        if not converged:
            fit = model.fit(method="newton", disp=False, maxiter=500, start_params=fit.params)
            converged = bool(fit.mle_retvals.get("converged", False))
    params = np.asarray(fit.params, dtype=float)
    cov = np.asarray(fit.cov_params(), dtype=float)
    k = len(predictors)
    n_cut = len(levels) - 1
    # Cut-point j = theta_0 + sum_{i=1..j} exp(delta_i): Jacobian for the delta method.
    raw = params[k:]
    cuts = np.cumsum(np.concatenate([[raw[0]], np.exp(raw[1:])]))
    jac = np.zeros((n_cut, n_cut))
    jac[:, 0] = 1.0
    for j in range(1, n_cut):
        jac[j, 1 : j + 1] = np.exp(raw[1 : j + 1])
    cut_se = np.sqrt(np.diag(jac @ cov[k:, k:] @ jac.T))
    coef_se = np.sqrt(np.diag(cov[:k, :k]))
    zcrit = stats.norm.ppf(0.5 + level / 2.0)
    est = np.concatenate([params[:k], cuts])
    se = np.concatenate([coef_se, cut_se])
    pvals = np.concatenate(
        [2 * stats.norm.sf(np.abs(params[:k] / coef_se)), np.full(n_cut, np.nan)]
    )
    names = predictors + [f"{levels[j]}|{levels[j + 1]}" for j in range(n_cut)]
    table = pd.DataFrame(
        {
            "term": names,
            "kind": ["coef"] * k + ["cutpoint"] * n_cut,
            "estimate": est,
            "se": se,
            "ci_low": est - zcrit * se,
            "ci_high": est + zcrit * se,
            "p_value": pvals,
            "odds_ratio": np.concatenate([np.exp(params[:k]), np.full(n_cut, np.nan)]),
        }
    )
    # significance at the model's level, a code for coefficients (NA for cut-points)
    table["significant"] = pd.array(
        [
            bool(p < 1.0 - level) if k_ == "coef" else pd.NA
            for p, k_ in zip(table["p_value"], table["kind"], strict=True)
        ],
        dtype="boolean",
    )
    sentences = []
    for row in table[table["kind"] == "coef"].itertuples(index=False):
        sentences.append(
            f"Untuk {row.term}, rasio odds kategori yang lebih tinggi {fmt_number(row.odds_ratio, 2)} "
            f"per satuan ({fmt_p(row.p_value)})."
        )
    caveats = (
        []
        if converged
        else ["Optimasi model logit ordinal tidak konvergen; hasil tidak dapat diandalkan."]
    )
    return OrdinalLogitResult(
        table=table,
        sentences=sentences,
        caveats=caveats,
        params={
            "outcome": outcome,
            "predictors": predictors,
            "levels": levels,
            "confidence_level": level,
        },
        loglik=float(fit.llf),
        levels=levels,
        n=len(frame),
        converged=converged,
    )


# --------------------------------------------------------------------------------------------
# Whole-survey analysis and evidence rows
# --------------------------------------------------------------------------------------------

#: Standardised coefficient from which a significant determinant counts as a clear effect
#: (between Cohen's "small" 0.1 and "medium" 0.3 for standardised slopes).
STRONG_EFFECT = 0.2
#: Respondents scored on a factor needed for "strong" survey evidence; with fewer, at most
#: "moderate" (docs/diagnosis-rules.md, "Survey").
STRONG_MIN_RESPONDENTS = 100
#: With fewer scored respondents than this, at most "weak" (a mean or a regression on a
#: handful of respondents cannot carry more).
MODERATE_MIN_RESPONDENTS = 30
#: Usable items a reliable scale needs for "strong"; with fewer, at most "moderate".
STRONG_MIN_ITEMS = 3
#: Respondents at which a row's score reaches full size; fewer shrink it in proportion.
FULL_INFORMATION_RESPONDENTS = STRONG_MIN_RESPONDENTS
_STRENGTH_BASE = {"strong": 0.7, "moderate": 0.45, "weak": 0.2, "none": 0.0}
_STRENGTH_ORDER = ("none", "weak", "moderate", "strong")


@dataclass
class SurveyResult(Result):
    """Everything the survey chapter needs (see :func:`analyze`).

    Attributes
    ----------
    reliability : ReliabilityResult
    scores : FactorScoresResult
        Overall factor means (group ``"Semua responden"``).
    by_group : FactorScoresResult or None
        Factor means by ``by`` (None when ``by`` is None).
    determinants : DeterminantsResult or None
        None when the survey has no outcome items or too few complete respondents.
    n_respondents : int
    """

    reliability: ReliabilityResult | None = None
    scores: FactorScoresResult | None = None
    by_group: FactorScoresResult | None = None
    determinants: DeterminantsResult | None = None
    n_respondents: int = 0

    @property
    def determinants_note(self) -> str:
        """One Indonesian sentence when the determinants model is absent ("" when it exists)."""
        if self.determinants is not None:
            return ""
        return (
            "Hubungan faktor-faktor dengan capaian implementasi yang dirasakan tidak dapat "
            "diestimasi; lihat catatan pada temuan survei."
        )

    def plot(self, ax=None):
        """Factor means by group (or overall when no grouping), dot-and-interval chart."""
        target = self.by_group if self.by_group is not None else self.scores
        return target.plot(ax=ax)


def analyze(
    data: Any,
    *,
    items: pd.DataFrame | None = None,
    by: str | None = "agency",
    outcome: str = "outcome",
    confidence_level: float = 0.95,
    min_alpha: float = MIN_ALPHA,
    min_share: float = 0.5,
) -> SurveyResult:
    """Reliability, factor means and determinants of the implementer survey in one call.

    Parameters
    ----------
    data : EvalData or pandas.DataFrame
        An ``EvalData`` or the wide responses.
    items : pandas.DataFrame, optional
        ``survey_items``; required when ``data`` is a DataFrame.
    by : str or None
        Grouping column for the by-group means (default ``"agency"``).
    outcome : str
        Factor label of the perceived-implementation scale.
    confidence_level : float
        Level of every interval and the significance level ``1 - confidence_level``.
    min_alpha : float
        Reliability threshold (default 0.6).
    min_share : float
        Share of a scale's items a respondent must answer to be scored.

    Returns
    -------
    SurveyResult
        ``.table`` has one row per factor (Edwards III, environment, outcome) with columns
        ``factor``, ``label``, ``n_items``, ``alpha``, ``std_alpha``, ``omega``, ``flag``
        (reliability flag), ``reliable``, ``n`` (scored respondents), ``mean``, ``ci_low``,
        ``ci_high``, ``scale_min``, ``scale_max``, ``midpoint``, ``below_midpoint`` (bool),
        ``estimate`` (standardised determinant coefficient, NaN for the outcome or when not
        estimable), ``se``, ``p_value``, ``rank``, ``strength_cap`` (highest evidence strength
        the factor's data allow: ``strong``, ``moderate`` or ``weak``) and ``cap_reason``
        (codes ``few_respondents``, ``very_few_respondents``, ``few_items``, ``unreliable``
        joined by ``;``, empty when none applies). Plus ``.reliability``, ``.scores``,
        ``.by_group``, ``.determinants``, Indonesian ``.sentences`` and ``.caveats``.
    """
    level = check_confidence_level(confidence_level)
    _check_min_share(min_share)
    responses, items_df = _resolve(data, items)
    # reverse-code and score once; the three parts below share them
    coded = _recode(responses, items_df)
    scores = _scores(coded, items_df, min_share)
    rel = _reliability(coded, items_df, level, min_alpha)
    overall = _factor_scores(scores, items_df, by=None, level=level, min_share=min_share)
    grouped = (
        _factor_scores(scores, items_df, by=by, level=level, min_share=min_share)
        if by is not None
        else None
    )
    caveats = list(rel.caveats)
    det = None
    if outcome in set(items_df["factor"]) and any(f in set(items_df["factor"]) for f in FACTORS):
        try:
            det = _determinants(scores, outcome=outcome, factors=None, level=level)
        except ParameterError as exc:
            caveats.append(
                "Hubungan faktor-faktor dengan capaian implementasi tidak dapat diestimasi: data survei "
                f"terlalu sedikit atau tidak bervariasi ({exc})."
            )
    else:
        caveats.append(
            "Survei tidak memuat butir capaian implementasi (faktor 'outcome'), sehingga hubungan "
            "faktor-faktor dengan capaian implementasi tidak diestimasi."
        )
    table = rel.table[
        ["factor", "n_items", "alpha", "std_alpha", "omega", "flag", "reliable"]
    ].merge(
        overall.table[
            ["factor", "n", "mean", "ci_low", "ci_high", "scale_min", "scale_max", "midpoint"]
        ],
        on="factor",
        how="left",
    )
    table.insert(1, "label", table["factor"].map(FACTOR_LABELS))
    table["below_midpoint"] = table["mean"] < table["midpoint"]
    if det is not None:
        table = table.merge(
            det.table[["term", "estimate", "se", "p_value", "rank"]].rename(
                columns={"term": "factor"}
            ),
            on="factor",
            how="left",
        )
    else:
        table = table.assign(estimate=np.nan, se=np.nan, p_value=np.nan, rank=np.nan)
    caps = [_strength_cap(r.n, r.n_items, r.reliable) for r in table.itertuples(index=False)]
    table["strength_cap"] = [c for c, _ in caps]
    table["cap_reason"] = [";".join(why) for _, why in caps]
    n_resp = len(responses)
    sentences = [_respondent_sentence(responses, n_resp)]
    sentences += rel.sentences
    core = table[table["factor"].isin(FACTORS)].dropna(subset=["mean"])
    low = core[core["below_midpoint"]].sort_values("mean")
    if len(core):
        lowest = core.sort_values("mean").iloc[0]
        sentences.append(
            f"Skor rata-rata terendah ada pada faktor {lowest['label']}: "
            f"{fmt_number(lowest['mean'], 2)} pada skala {fmt_number(lowest['scale_min'], 0)}–"
            f"{fmt_number(lowest['scale_max'], 0)} {fmt_ci(lowest['ci_low'], lowest['ci_high'], level=level)}, "
            f"dengan titik tengah skala {fmt_number(lowest['midpoint'], 1)}."
        )
        if len(low):
            names = ", ".join(low["label"])
            sentences.append(f"Faktor dengan rata-rata di bawah titik tengah skala: {names}.")
        else:
            sentences.append("Tidak ada faktor dengan rata-rata di bawah titik tengah skala.")
    if det is not None:
        sentences += det.sentences
        caveats += det.caveats
    caveats += overall.caveats + (grouped.caveats if grouped is not None else [])
    return SurveyResult(
        table=table,
        sentences=sentences,
        caveats=caveats,
        params={
            "by": by,
            "outcome": outcome,
            "confidence_level": level,
            "min_alpha": min_alpha,
            "min_share": min_share,
        },
        reliability=rel,
        scores=overall,
        by_group=grouped,
        determinants=det,
        n_respondents=n_resp,
    )


def _respondent_sentence(responses: pd.DataFrame, n: int) -> str:
    text = f"Survei ASN pelaksana dijawab oleh {fmt_int(n)} responden"
    if "agency" in responses.columns:
        text += f" dari {fmt_int(responses['agency'].nunique())} perangkat daerah"
    return text + "."


def _cap(strength: str, cap: str) -> str:
    return strength if _STRENGTH_ORDER.index(strength) <= _STRENGTH_ORDER.index(cap) else cap


def _strength_cap(n: Any, n_items: Any, reliable: Any) -> tuple[str, list[str]]:
    """Highest strength a factor's survey data allow, and the reason codes below "strong"."""
    n = 0 if pd.isna(n) else int(n)
    cap, why = "strong", []
    if n < MODERATE_MIN_RESPONDENTS:
        cap, why = _cap(cap, "weak"), [*why, "very_few_respondents"]
    elif n < STRONG_MIN_RESPONDENTS:
        cap, why = _cap(cap, "moderate"), [*why, "few_respondents"]
    if not bool(reliable):
        cap, why = _cap(cap, "weak"), [*why, "unreliable"]
    elif pd.isna(n_items) or int(n_items) < STRONG_MIN_ITEMS:
        cap, why = _cap(cap, "moderate"), [*why, "few_items"]
    return cap, why


#: Indonesian notes for an evidence row's detail, one per cap reason code.
_CAP_DETAIL = {
    "few_respondents": f"kurang dari {STRONG_MIN_RESPONDENTS} responden, bukti paling tinggi sedang",
    "very_few_respondents": f"kurang dari {MODERATE_MIN_RESPONDENTS} responden, bukti paling tinggi lemah",
    "few_items": f"kurang dari {STRONG_MIN_ITEMS} butir, bukti paling tinggi sedang",
    "unreliable": "skala kurang reliabel",
}


def evidence(result: SurveyResult) -> pd.DataFrame:
    """Evidence-matrix rows (source ``survey``), one per Edwards III / environment factor.

    Survey evidence is associational (perceptions that go together with a better or worse
    perceived implementation), never a proof of cause. Rules, applied per factor with at
    least one scored respondent (level = the analysis' ``confidence_level``, significance
    ``1 - level``; constants of this module in capitals):

    * *low*: the factor mean is below the scale midpoint ``(scale_min + scale_max) / 2``
      (3 on a 1–5 scale, i.e. implementers on average disagree); *clearly low*: the upper
      confidence bound is below the midpoint; *clearly high*: the lower bound is above it.
    * *determinant*: a positive standardised coefficient in :func:`determinants` (OLS, HC3)
      with ``p < 1 - level``.
    * direction: **barrier** when the factor is low, or when it is a determinant whose mean is
      not clearly high; **enabler** when the mean is clearly high (and it is not low);
      otherwise **neutral** (strength ``none``).
    * strength of a barrier: **strong** when clearly low AND a determinant with a coefficient
      ≥ 0.2 (``STRONG_EFFECT``); **moderate** when clearly low or a determinant (not
      both with a clear effect); **weak** when only the point mean is below the midpoint.
      An enabler is **moderate** when it is also a determinant, else **weak**.
    * caps from the amount of information (``result.table.strength_cap`` / ``cap_reason``):
      fewer than ``STRONG_MIN_RESPONDENTS`` (100) scored respondents → at most moderate,
      fewer than ``MODERATE_MIN_RESPONDENTS`` (30) → at most weak; a scale with fewer than
      ``STRONG_MIN_ITEMS`` (3) usable items → at most moderate; a scale that is not reliable
      (alpha below ``min_alpha``, a single item, or alpha not computable) → at most weak.
      So "strong" needs ≥ 100 respondents and ≥ 3 items with alpha ≥ ``min_alpha``.
    * score: ``sign × (base + 0.25 × e) × min(1, n / FULL_INFORMATION_RESPONDENTS)``, base
      0.7 / 0.45 / 0.2 / 0 for strong / moderate / weak / none, ``e = min(1, |coefficient| /
      0.5)`` (or, without a determinant model, ``min(1, |mean − midpoint| / half the scale
      range)``), ``n`` the factor's scored respondents; negative for barriers. Fewer than 100
      respondents shrink the score in proportion.

    Parameters
    ----------
    result : SurveyResult
        From :func:`analyze`.

    Returns
    -------
    pandas.DataFrame
        Columns ``factor, source, finding, direction, strength, score, n, detail``
        (``n`` = scored respondents).
    """
    if not isinstance(result, SurveyResult):
        raise ParameterError("result must be the SurveyResult returned by evaltools.survey.analyze")
    level = float(result.params.get("confidence_level", 0.95))
    rows = []
    for r in result.table[result.table["factor"].isin(FACTORS)].itertuples(index=False):
        if not (r.n and r.n > 0) or pd.isna(r.mean):
            continue
        mid = r.midpoint
        low = r.mean < mid
        clearly_low = pd.notna(r.ci_high) and r.ci_high < mid
        clearly_high = pd.notna(r.ci_low) and r.ci_low > mid
        has_det = pd.notna(r.estimate)
        det = has_det and r.estimate > 0 and pd.notna(r.p_value) and r.p_value < 1.0 - level
        if low or (det and not clearly_high):
            direction = "barrier"
            if clearly_low and det and r.estimate >= STRONG_EFFECT:
                strength = "strong"
            elif clearly_low or det:
                strength = "moderate"
            else:
                strength = "weak"
        elif clearly_high:
            direction = "enabler"
            strength = "moderate" if det else "weak"
        else:
            direction, strength = "neutral", "none"
        cap, why = _strength_cap(r.n, r.n_items, r.reliable)
        if strength != "none":
            strength = _cap(strength, cap)
        if has_det:
            effect = min(1.0, abs(r.estimate) / 0.5)
        else:
            effect = min(1.0, abs(r.mean - mid) / ((r.scale_max - r.scale_min) / 2.0))
        sign = {"barrier": -1.0, "enabler": 1.0, "neutral": 0.0}[direction]
        information = min(1.0, float(r.n) / FULL_INFORMATION_RESPONDENTS)
        score = (
            sign
            * (_STRENGTH_BASE[strength] + (0.25 * effect if strength != "none" else 0.0))
            * information
        )
        scale = f"skala {fmt_number(r.scale_min, 0)}–{fmt_number(r.scale_max, 0)}"
        level_text = (
            f"di bawah titik tengah {scale}" if low else f"tidak di bawah titik tengah {scale}"
        )
        finding = f"Survei ASN: rata-rata skor {r.label} {fmt_number(r.mean, 2)}, {level_text}"
        if det:
            finding += ", dan faktor ini berhubungan signifikan dengan capaian implementasi yang dirasakan."
        elif has_det:
            finding += (
                ", dan hubungannya dengan capaian implementasi yang dirasakan tidak signifikan."
            )
        else:
            finding += "."
        detail = f"rata-rata {fmt_number(r.mean, 2)} {fmt_ci(r.ci_low, r.ci_high, level=level)}; "
        if has_det:
            detail += (
                f"koefisien terstandar {fmt_number(r.estimate, 2)}, {fmt_p(r.p_value)}, "
                f"peringkat {fmt_int(r.rank)}; "
            )
        if pd.notna(r.alpha):
            detail += f"alfa Cronbach {fmt_number(r.alpha, 2)}"
        else:
            detail += "alfa Cronbach tidak dapat dihitung"
        if not r.reliable:
            detail += " (skala kurang reliabel)"
        detail += f"; n = {fmt_int(r.n)} responden"
        detail += "".join(f"; {_CAP_DETAIL[c]}" for c in why if c != "unreliable")
        rows.append(
            {
                "factor": r.factor,
                "source": "survey",
                "finding": finding,
                "direction": direction,
                "strength": strength,
                "score": score,
                "n": r.n,
                "detail": detail,
            }
        )
    return make_evidence_frame(rows)


#: The British spelling, kept as an alias so that either name works; ``analyze`` is canonical.
analyse = analyze

__all__ = [
    "FULL_INFORMATION_RESPONDENTS",
    "MIN_ALPHA",
    "MODERATE_MIN_RESPONDENTS",
    "STRONG_EFFECT",
    "STRONG_MIN_ITEMS",
    "STRONG_MIN_RESPONDENTS",
    "SURVEY_FACTORS",
    "AlphaResult",
    "DeterminantsResult",
    "FactorScoresResult",
    "OmegaResult",
    "OrdinalLogitResult",
    "ReliabilityResult",
    "SurveyResult",
    "analyse",
    "analyze",
    "cronbach_alpha",
    "determinants",
    "evidence",
    "factor_scores",
    "item_statistics",
    "mcdonald_omega",
    "ordinal_logit",
    "reliability",
    "respondent_scores",
    "reverse_code",
]
