"""Reliability statistics in one place: Cronbach's alpha, McDonald's omega, Cohen's kappa.

* :func:`cronbach_alpha` — internal consistency of a scale (raw and standardised alpha, Feldt
  interval), as R ``psych::alpha`` computes it from pairwise covariances;
  :func:`item_statistics` — item–rest correlations and alpha-if-item-deleted.
* :func:`mcdonald_omega` — omega total of a one-factor maximum-likelihood model (as R
  ``factanal``).
* :func:`cohen_kappa` — agreement of two coders beyond chance, with the Fleiss–Cohen–Everitt
  standard error; :func:`landis_koch` names a kappa with the Landis & Koch (1977) benchmark
  as a code (its words live in :mod:`evaltools.prose.reliability`).

The survey (:mod:`evaltools.analysis.survey`) and the interviews
(:mod:`evaltools.analysis.interviews`) use these functions; they are re-exported there under
the same names. Results carry codes and numbers; the sentences are statements
``reliability.alpha``, ``reliability.omega``, ``reliability.kappa`` rendered by the prose layer.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import optimize, stats

from evaltools.analysis._checks import check_confidence_level
from evaltools.errors import ParameterError
from evaltools.results import Result, caveat, finding

#: Landis & Koch (1977) benchmarks: (upper bound, inclusive; code). Below 0 is ``poor``.
LANDIS_KOCH: tuple[tuple[float, str], ...] = (
    (0.0, "poor"),
    (0.20, "slight"),
    (0.40, "fair"),
    (0.60, "moderate"),
    (0.80, "substantial"),
    (1.0, "almost_perfect"),
)
#: Codes :func:`landis_koch` can return (``undefined`` for a kappa that is NaN).
LANDIS_KOCH_CODES: tuple[str, ...] = (*(code for _, code in LANDIS_KOCH), "undefined")


# --------------------------------------------------------------------------------------------
# Cronbach's alpha
# --------------------------------------------------------------------------------------------


def _item_frame(items: pd.DataFrame) -> pd.DataFrame:
    """Items as a float frame; refuses empty items, fewer than two items or respondents."""
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
            f"reliability needs at least 2 items (got {frame.shape[1]}); alpha is undefined "
            "for one item"
        )
    frame = frame.dropna(how="all")
    if len(frame) < 2:
        raise ParameterError("reliability needs at least 2 respondents with answers")
    return frame


def _correlation(cov: np.ndarray) -> np.ndarray:
    sd = np.sqrt(np.diag(cov))
    with np.errstate(invalid="ignore", divide="ignore"):
        return cov / np.outer(sd, sd)


def _alpha_from_cov(cov: np.ndarray) -> tuple[float, float]:
    """Raw and standardised alpha from a covariance matrix (R psych::alpha's formulas)."""
    k = cov.shape[0]
    total = cov.sum()
    raw = (1.0 - np.trace(cov) / total) * k / (k - 1) if total > 0 else np.nan
    rsum = _correlation(cov).sum()
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
    covariance matrix to a correlation matrix. Reverse-code items first
    (:func:`evaltools.analysis.survey.reverse_code`).

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
        One statement, ``reliability.alpha``.

    Raises
    ------
    ParameterError
        Fewer than two items or respondents, an item nobody answered, a bad ``ci``.

    Examples
    --------
    >>> import pandas as pd
    >>> toy = pd.DataFrame({"a": [1, 2, 3], "b": [2, 2, 4], "c": [2, 3, 4]})
    >>> round(cronbach_alpha(toy).alpha, 4)  # 27/28
    0.9643
    """
    level = check_confidence_level(ci, "ci")
    frame = _item_frame(items)
    cov = frame.cov().to_numpy()
    k, n = frame.shape[1], len(frame)
    raw, std = _alpha_from_cov(cov)
    low, high = _feldt_ci(raw, n, k, level)
    std_low, std_high = _feldt_ci(std, n, k, level)
    avg_r = float(_correlation(cov)[~np.eye(k, dtype=bool)].mean())
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
    statement = finding(
        "reliability.alpha",
        alpha=raw,
        ci_low=low,
        ci_high=high,
        level=level,
        std_alpha=std,
        n_items=k,
        n_respondents=n,
    )
    return AlphaResult(
        table=table,
        statements=[statement],
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


def _item_row(cov: np.ndarray, i: int, total: float) -> dict[str, float]:
    """Item–total and item–rest correlation and alpha without item ``i``."""
    k = cov.shape[0]
    rest = [j for j in range(k) if j != i]
    sub = cov[np.ix_(rest, rest)]
    rest_var = sub.sum()
    denom = math.sqrt(cov[i, i] * rest_var) if cov[i, i] > 0 and rest_var > 0 else np.nan
    item_rest = cov[i, rest].sum() / denom if np.isfinite(denom) else np.nan
    item_total = (
        cov[i].sum() / math.sqrt(cov[i, i] * total) if cov[i, i] > 0 and total > 0 else np.nan
    )
    a_del, s_del = _alpha_from_cov(sub) if len(rest) >= 2 else (np.nan, np.nan)
    return {
        "item_total_r": float(item_total),
        "item_rest_r": float(item_rest),
        "alpha_if_deleted": a_del,
        "std_alpha_if_deleted": s_del,
    }


def _item_stats_from_cov(cov: np.ndarray, frame: pd.DataFrame) -> pd.DataFrame:
    total = cov.sum()
    rows = []
    for i, name in enumerate(frame.columns):
        col = frame[name]
        answered = int(col.notna().sum())
        rows.append(
            {
                "item": str(name),
                "n": answered,
                "mean": float(col.mean()),
                "sd": float(col.std(ddof=1)) if answered > 1 else np.nan,
                **_item_row(cov, i, total),
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


# --------------------------------------------------------------------------------------------
# McDonald's omega
# --------------------------------------------------------------------------------------------


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
    least three items to be identified; with two items omega is returned as NaN (caveat
    ``reliability.omega_too_few_items``).

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
            statements=[caveat("reliability.omega_too_few_items", n_items=frame.shape[1])],
            loadings=pd.Series(np.nan, index=names),
        )
    lam, psi, ok = _one_factor_ml(cov / np.outer(sd, sd))
    omega = float(lam.sum() ** 2 / (lam.sum() ** 2 + psi.sum()))
    table = pd.DataFrame({"item": names, "loading": lam, "uniqueness": psi})
    return OmegaResult(
        table=table,
        statements=[finding("reliability.omega", omega=omega)],
        omega=omega,
        loadings=pd.Series(lam, index=names),
        converged=ok,
    )


# --------------------------------------------------------------------------------------------
# Cohen's kappa
# --------------------------------------------------------------------------------------------


def landis_koch(kappa: float | None) -> str:
    """Landis & Koch (1977) benchmark of a kappa value, as a code.

    ``< 0`` ``poor``, ``0–0.20`` ``slight``, ``0.21–0.40`` ``fair``, ``0.41–0.60``
    ``moderate``, ``0.61–0.80`` ``substantial``, ``0.81–1`` ``almost_perfect``; NaN or None
    ``undefined``. Words: ``evaltools.prose.label("landis_koch", code)``.

    Examples
    --------
    >>> landis_koch(0.35), landis_koch(0.95), landis_koch(float("nan"))
    ('fair', 'almost_perfect', 'undefined')
    """
    if kappa is None or not np.isfinite(kappa):
        return "undefined"
    if kappa < 0:
        return "poor"
    for upper, code in LANDIS_KOCH[1:]:
        if kappa <= upper + 1e-12:
            return code
    return LANDIS_KOCH[-1][1]


@dataclass
class KappaResult(Result):
    """Cohen's kappa of two coders (see :func:`cohen_kappa`).

    Attributes
    ----------
    kappa, se, ci_low, ci_high : float
        Kappa, its large-sample standard error (Fleiss, Cohen & Everitt 1969) and Wald interval.
    se0 : float
        Standard error under H0: kappa = 0 (for the z test).
    p_observed, p_expected : float
        Observed and chance agreement.
    n : int
        Excerpts rated by both coders.
    agreement : str
        Landis–Koch code (:func:`landis_koch`).
    confusion : pandas.DataFrame
        Cross-table of the two coders (rows: coder A).
    label : str
        (property) The Landis–Koch benchmark in words, current language.
    """

    kappa: float = np.nan
    se: float = np.nan
    ci_low: float = np.nan
    ci_high: float = np.nan
    se0: float = np.nan
    p_observed: float = np.nan
    p_expected: float = np.nan
    n: int = 0
    agreement: str = "undefined"
    confusion: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def label(self) -> str:
        """The Landis–Koch benchmark in words (current language)."""
        from evaltools.prose import label

        return label("landis_koch", self.agreement)


def _kappa_counts(
    rater_a: Sequence[Any], rater_b: Sequence[Any], categories: Sequence[Any] | None
) -> tuple[np.ndarray, list[Any], int]:
    """Cross-table of two coders' codes (pairs with a missing code dropped)."""
    a = pd.Series(list(rater_a), dtype=object)
    b = pd.Series(list(rater_b), dtype=object)
    if len(a) != len(b):
        raise ParameterError(
            f"rater_a and rater_b must have the same length ({len(a)} vs {len(b)})"
        )
    keep = a.notna() & b.notna()
    a, b = a[keep].reset_index(drop=True), b[keep].reset_index(drop=True)
    n = len(a)
    if n == 0:
        raise ParameterError("cohen_kappa needs at least one excerpt coded by both coders")
    cats = list(categories) if categories is not None else sorted(set(a) | set(b), key=str)
    unknown = sorted((set(a) | set(b)) - set(cats), key=str)
    if unknown:
        raise ParameterError(f"codes {unknown} are not in categories={cats}")
    idx = {c: i for i, c in enumerate(cats)}
    counts = np.zeros((len(cats), len(cats)))
    for x, y in zip(a, b, strict=True):
        counts[idx[x], idx[y]] += 1
    return counts, cats, n


def _kappa_inference(p: np.ndarray, n: int, level: float) -> dict[str, float]:
    """Kappa, its Fleiss–Cohen–Everitt SE, the SE under H0, Wald interval and z-test p."""
    rows, cols = p.sum(axis=1), p.sum(axis=0)
    po = float(np.trace(p))
    pe = float(rows @ cols)
    out = {"p_observed": po, "p_expected": pe}
    if pe >= 1.0 - 1e-12:
        nan = {k: np.nan for k in ("kappa", "se", "se0", "ci_low", "ci_high", "p_value")}
        return {**out, **nan}
    kappa = (po - pe) / (1.0 - pe)
    term_a = float(np.sum(np.diag(p) * (1.0 - (rows + cols) * (1.0 - kappa)) ** 2))
    off = ~np.eye(len(p), dtype=bool)
    weights = (cols[:, None] + rows[None, :]) ** 2  # (p_.i + p_j.)^2 for cell (i, j)
    term_b = float((1.0 - kappa) ** 2 * np.sum(p[off] * weights[off]))
    term_c = (kappa - pe * (1.0 - kappa)) ** 2
    se = math.sqrt(max(term_a + term_b - term_c, 0.0) / (n * (1.0 - pe) ** 2))
    var0 = (pe + pe**2 - float(np.sum(rows * cols * (rows + cols)))) / (n * (1.0 - pe) ** 2)
    se0 = math.sqrt(max(var0, 0.0))
    z = stats.norm.ppf(0.5 + level / 2.0)
    pval = float(2 * stats.norm.sf(abs(kappa / se0))) if se0 > 0 else np.nan
    return {
        **out,
        "kappa": kappa,
        "se": se,
        "se0": se0,
        "ci_low": kappa - z * se,
        "ci_high": kappa + z * se,
        "p_value": pval,
    }


def cohen_kappa(
    rater_a: Sequence[Any],
    rater_b: Sequence[Any],
    *,
    categories: Sequence[Any] | None = None,
    confidence_level: float = 0.95,
) -> KappaResult:
    """Cohen's (1960) unweighted kappa with the Fleiss–Cohen–Everitt (1969) standard error.

    ``κ = (p_o − p_e) / (1 − p_e)``. The non-null variance is
    ``[Σ p_ii (1 − (p_i· + p_·i)(1 − κ))² + (1 − κ)² Σ_{i≠j} p_ij (p_·i + p_j·)²
    − (κ − p_e (1 − κ))²] / (n (1 − p_e)²)`` (as SAS PROC FREQ's ASE); the interval is Wald.
    Pairs with a missing code are dropped.

    Parameters
    ----------
    rater_a, rater_b : sequence
        The two coders' codes for the same excerpts, in the same order.
    categories : sequence, optional
        All possible codes (default: the codes that occur).
    confidence_level : float
        Level of the interval.

    Returns
    -------
    KappaResult
        ``.kappa, .se, .ci_low, .ci_high, .se0, .p_observed, .p_expected, .n, .agreement,
        .confusion``; ``.table`` has one row with ``term`` ("kappa"), ``estimate``, ``se``,
        ``ci_low``, ``ci_high``, ``p_value`` (z test of κ = 0, two-sided), ``n``,
        ``p_observed``, ``p_expected``, ``agreement`` (Landis–Koch code). Kappa is NaN when
        chance agreement is 1 (both coders used a single, identical code).

    Examples
    --------
    The worked example of the Wikipedia article (50 excerpts, p_o = 0.7, p_e = 0.5):

    >>> a = ["yes"] * 25 + ["no"] * 25
    >>> b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    >>> res = cohen_kappa(a, b)
    >>> round(res.kappa, 3), res.agreement
    (0.4, 'fair')
    """
    level = check_confidence_level(confidence_level)
    counts, cats, n = _kappa_counts(rater_a, rater_b, categories)
    est = _kappa_inference(counts / n, n, level)
    agreement = landis_koch(est["kappa"])
    table = pd.DataFrame(
        [
            {
                "term": "kappa",
                "estimate": est["kappa"],
                "se": est["se"],
                "ci_low": est["ci_low"],
                "ci_high": est["ci_high"],
                "p_value": est["p_value"],
                "n": n,
                "p_observed": est["p_observed"],
                "p_expected": est["p_expected"],
                "agreement": agreement,
            }
        ]
    )
    statement = finding(
        "reliability.kappa",
        kappa=est["kappa"],
        ci_low=est["ci_low"],
        ci_high=est["ci_high"],
        level=level,
        n=n,
        agreement=agreement,
    )
    return KappaResult(
        table=table,
        statements=[statement],
        params={"confidence_level": level},
        kappa=est["kappa"],
        se=est["se"],
        ci_low=est["ci_low"],
        ci_high=est["ci_high"],
        se0=est["se0"],
        p_observed=est["p_observed"],
        p_expected=est["p_expected"],
        n=n,
        agreement=agreement,
        confusion=pd.DataFrame(counts.astype(int), index=cats, columns=cats),
    )


__all__ = [
    "LANDIS_KOCH",
    "LANDIS_KOCH_CODES",
    "AlphaResult",
    "KappaResult",
    "OmegaResult",
    "cohen_kappa",
    "cronbach_alpha",
    "item_statistics",
    "landis_koch",
    "mcdonald_omega",
]
