"""Stakeholder interview analytics: coded excerpts framed by Edwards III's factors.

Each row of ``interview_codes`` is an excerpt of an interview, coded with a factor
(communication, resources, disposition, structure, environment — or ``outcome``, the
implementation itself, see :data:`evaltools.data.schema.CODED_FACTORS`), a sub-factor, a valence
(barrier, enabler, neutral) and the quote itself. When the optional ``coder`` column is present
the key is (excerpt_id, coder) and excerpts coded by two coders measure inter-coder agreement
(Cohen's kappa).

Counts, shares and quotes use one coding per excerpt (the *primary* coding, see
:func:`primary_codes`); kappa uses the double-coded excerpts. Excerpts coded ``outcome`` are
valid input but say nothing about a *cause*: :func:`analyze` counts them
(``InterviewResult.unused_codes``), says so in a caveat, and leaves them out of the factor
tables and the evidence rows; they never make the interview source disappear.

Interview evidence is what stakeholders *report*: it is associational, and the sentences say
"disebut sebagai penghambat", never that a factor caused the stall.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from evaltools.analysis._checks import check_confidence_level, require_table
from evaltools.analysis.evidence import make_evidence_frame
from evaltools.data.schema import CODED_FACTORS, FACTORS, VALENCES
from evaltools.errors import ParameterError
from evaltools.formatting import fmt_ci, fmt_int, fmt_number, fmt_pct
from evaltools.plotting.style import FACTOR_LABELS, OKABE_ITO, new_figure
from evaltools.results import Result

VALENCE_LABELS = {"barrier": "Penghambat", "enabler": "Pendukung", "neutral": "Netral"}
VALENCE_COLORS = {
    "barrier": OKABE_ITO["vermillion"],
    "enabler": OKABE_ITO["green"],
    "neutral": OKABE_ITO["grey"],
}
CODE_COLUMNS = (
    "excerpt_id",
    "interview_id",
    "stakeholder",
    "factor",
    "sub_factor",
    "valence",
    "quote",
)

#: Landis & Koch (1977) benchmarks, upper bounds inclusive, with Indonesian labels.
LANDIS_KOCH = (
    (0.0, "poor", "buruk"),
    (0.20, "slight", "sangat rendah"),
    (0.40, "fair", "cukup"),
    (0.60, "moderate", "sedang"),
    (0.80, "substantial", "substansial"),
    (1.0, "almost perfect", "hampir sempurna"),
)
#: Kappa below this (Landis–Koch "fair" or worse) caps interview evidence at "weak".
MIN_KAPPA = 0.41

# Evidence rules (see :func:`evidence` and docs/diagnosis-rules.md, "Interviews"). "Strong"
# needs all of the STRONG_* minimums AND double coding with kappa ≥ MIN_KAPPA on factor and
# valence; below a minimum the strength is capped.
#: Usable coded excerpts (factor codes, primary coding) in the whole interview set needed for
#: "strong"; with fewer, at most "moderate".
STRONG_MIN_EXCERPTS = 30
#: With fewer usable excerpts in the whole set than this, at most "weak".
MODERATE_MIN_EXCERPTS = 15
#: Excerpts on the factor needed for "strong" / "moderate" (fewer: "moderate" / "weak").
STRONG_MIN_FACTOR_EXCERPTS = 10
MODERATE_MIN_FACTOR_EXCERPTS = 5
#: Stakeholder groups that voiced the dominant valence, needed for "strong" / "moderate".
STRONG_MIN_GROUPS = 3
MODERATE_MIN_GROUPS = 2
#: Dominant-valence share needed for a direction / "moderate" / "strong"; margin over the
#: other valence needed for "strong".
MIN_DOMINANT_SHARE = 0.4
MODERATE_MIN_SHARE = 0.5
STRONG_MIN_SHARE = 0.6
STRONG_MIN_MARGIN = 0.3
#: Excerpts on a factor at which its score reaches full size; fewer shrink it in proportion.
FULL_INFORMATION_EXCERPTS = STRONG_MIN_FACTOR_EXCERPTS

#: Inter-coder agreement codes (``InterviewResult.agreement``).
AGREEMENT_CODES = ("ok", "low", "undefined", "no_coder_column", "single_coder", "no_double_coding")
#: Indonesian reason for each code when kappa cannot be computed (sentence builder input).
AGREEMENT_NOT_COMPUTABLE = {
    "no_coder_column": "data wawancara tidak memuat kolom pengode (coder)",
    "single_coder": "seluruh kutipan dikodekan oleh satu pengode",
    "no_double_coding": "tidak ada kutipan yang dikodekan oleh dua pengode",
    "undefined": (
        "kedua pengode hanya memakai satu kode yang sama, sehingga kesepakatan di luar "
        "kebetulan tidak terdefinisi"
    ),
}
#: Codes the analysis accepts but cannot use as a cause, with the reason (Indonesian).
UNUSED_CODE_REASONS = {"outcome": "capaian pelaksanaan itu sendiri, bukan faktor implementasi"}


def landis_koch(kappa: float, *, indonesian: bool = True) -> str:
    """Landis & Koch (1977) label of a kappa value.

    ``< 0`` buruk (poor), ``0–0,20`` sangat rendah (slight), ``0,21–0,40`` cukup (fair),
    ``0,41–0,60`` sedang (moderate), ``0,61–0,80`` substansial (substantial),
    ``0,81–1`` hampir sempurna (almost perfect). NaN gives ``"tidak dapat dihitung"``.
    """
    if kappa is None or not np.isfinite(kappa):
        return "tidak dapat dihitung" if indonesian else "undefined"
    if kappa < 0:
        return "buruk" if indonesian else "poor"
    for upper, en, idn in LANDIS_KOCH[1:]:
        if kappa <= upper + 1e-12:
            return idn if indonesian else en
    return LANDIS_KOCH[-1][2] if indonesian else LANDIS_KOCH[-1][1]


# --------------------------------------------------------------------------------------------
# Input handling
# --------------------------------------------------------------------------------------------


def _check_codes(codes: Any) -> pd.DataFrame:
    if not isinstance(codes, pd.DataFrame):
        codes = getattr(codes, "interview_codes", None)
        if codes is None:
            raise ParameterError(
                "data has no interview_codes table; pass EvalData with interview_codes or the "
                "interview_codes DataFrame"
            )
    require_table(codes, "interview_codes", CODE_COLUMNS)
    out = codes.copy()
    for col in ("excerpt_id", "interview_id", "stakeholder", "factor", "sub_factor", "valence"):
        text = out[col].astype("string").str.strip()
        out[col] = text.astype(object).where(text.notna() & (text != ""), None)
    required = ("excerpt_id", "interview_id", "stakeholder", "factor", "valence")
    blank = {c: out.index[out[c].isna()].tolist() for c in required}
    blank = {c: rows for c, rows in blank.items() if rows}
    if blank:
        where = "; ".join(
            f"{c} in data row(s) {[r + 1 for r in rows[:10]]}" for c, rows in blank.items()
        )
        raise ParameterError(
            f"interview_codes has blank required values ({where}); fill in every excerpt's "
            "excerpt_id, interview_id, stakeholder, factor and valence"
        )
    out["quote"] = out["quote"].fillna("").astype(str)
    bad_factor = sorted({str(v) for v in out["factor"] if v not in CODED_FACTORS})
    if bad_factor:
        raise ParameterError(
            f"interview_codes.factor has unknown label(s) {bad_factor}; use one of {list(CODED_FACTORS)}"
        )
    bad_val = sorted({str(v) for v in out["valence"] if v not in VALENCES})
    if bad_val:
        raise ParameterError(
            f"interview_codes.valence has unknown label(s) {bad_val}; use one of {list(VALENCES)}"
        )
    if "coder" in out.columns:
        out["coder"] = out["coder"].astype("string").fillna("").astype(object)
        key = ["excerpt_id", "coder"]
    else:
        key = ["excerpt_id"]
    dup = out.duplicated(key)
    if dup.any():
        raise ParameterError(
            f"interview_codes: key {key} must be unique; duplicated excerpt_id(s) "
            f"{sorted(out.loc[dup, 'excerpt_id'].unique())[:10]}"
        )
    return out.reset_index(drop=True)


def primary_codes(data: Any, *, coder: str | None = None) -> pd.DataFrame:
    """One coding per excerpt.

    Without a ``coder`` column every row is an excerpt. With one, each excerpt keeps the row
    of ``coder`` when that coder coded it, otherwise the row of the alphabetically first coder
    — a deterministic rule, so counts do not change between runs.

    Parameters
    ----------
    data : EvalData or pandas.DataFrame
        An ``EvalData`` with ``interview_codes`` or the table itself.
    coder : str, optional
        Preferred (primary) coder.

    Returns
    -------
    pandas.DataFrame
        ``interview_codes`` with one row per ``excerpt_id`` (same columns).
    """
    codes = _check_codes(data)
    if "coder" not in codes.columns:
        return codes
    if coder is not None and coder not in set(codes["coder"]):
        raise ParameterError(
            f"coder={coder!r} does not appear in interview_codes.coder; use one of "
            f"{sorted(set(codes['coder']))} or None"
        )
    pref = (codes["coder"] != coder).astype(int) if coder is not None else 0
    ordered = codes.assign(_pref=pref).sort_values(
        ["excerpt_id", "_pref", "coder"], kind="mergesort"
    )
    return ordered.drop_duplicates("excerpt_id").drop(columns="_pref").reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Counts and shares
# --------------------------------------------------------------------------------------------


def valence_table(
    data: Any, *, by: str | None = "stakeholder", coder: str | None = None
) -> pd.DataFrame:
    """Barrier / enabler / neutral counts and shares by factor (× stakeholder group).

    Parameters
    ----------
    data : EvalData or pandas.DataFrame
        ``interview_codes`` (or an ``EvalData`` holding it).
    by : str or None
        Grouping column (default ``"stakeholder"``); None for factor totals only
        (group ``"Semua"``).
    coder : str, optional
        Primary coder for double-coded excerpts (see :func:`primary_codes`).

    Returns
    -------
    pandas.DataFrame
        One row per (factor, group) present: ``factor``, ``label`` (Indonesian), ``group``,
        ``n`` (excerpts), ``barrier``, ``enabler``, ``neutral`` (counts),
        ``barrier_share``, ``enabler_share``, ``neutral_share`` (shares of ``n``),
        ``n_interviews`` (distinct interviews).
    """
    codes = primary_codes(data, coder=coder)
    if by is not None and by not in codes.columns:
        raise ParameterError(
            f"by={by!r} is not a column of interview_codes; use 'stakeholder' or None"
        )
    keys = ["factor", by] if by is not None else ["factor"]
    rows = []
    for key, sub in codes.groupby(keys, sort=True):
        factor, group = (
            key if by is not None else (key[0] if isinstance(key, tuple) else key, "Semua")
        )
        counts = sub["valence"].value_counts()
        n = len(sub)
        row = {"factor": factor, "label": FACTOR_LABELS[factor], "group": group, "n": n}
        for v in VALENCES:
            row[v] = int(counts.get(v, 0))
        for v in VALENCES:
            row[f"{v}_share"] = row[v] / n
        row["n_interviews"] = int(sub["interview_id"].nunique())
        rows.append(row)
    cols = [
        "factor",
        "label",
        "group",
        "n",
        *VALENCES,
        *(f"{v}_share" for v in VALENCES),
        "n_interviews",
    ]
    table = pd.DataFrame(rows, columns=cols)
    order = {f: i for i, f in enumerate(CODED_FACTORS)}
    return table.sort_values(
        ["factor", "group"], key=lambda s: s.map(order) if s.name == "factor" else s
    ).reset_index(drop=True)


def factor_summary(data: Any, *, coder: str | None = None) -> pd.DataFrame:
    """Per-factor totals: counts, shares and how many stakeholder groups raised it.

    Returns
    -------
    pandas.DataFrame
        One row per factor with excerpts: ``factor``, ``label``, ``n``, ``barrier``,
        ``enabler``, ``neutral``, ``barrier_share``, ``enabler_share``, ``neutral_share``,
        ``n_interviews``, ``n_groups`` (stakeholder groups with any excerpt on the factor),
        ``n_groups_barrier``, ``n_groups_enabler`` (groups with ≥ 1 excerpt of that valence).
    """
    codes = primary_codes(data, coder=coder)
    table = valence_table(codes, by=None).drop(columns="group")
    groups = codes.groupby("factor")["stakeholder"].nunique()
    gb = codes[codes["valence"] == "barrier"].groupby("factor")["stakeholder"].nunique()
    ge = codes[codes["valence"] == "enabler"].groupby("factor")["stakeholder"].nunique()
    table["n_groups"] = table["factor"].map(groups).fillna(0).astype(int)
    table["n_groups_barrier"] = table["factor"].map(gb).fillna(0).astype(int)
    table["n_groups_enabler"] = table["factor"].map(ge).fillna(0).astype(int)
    return table


# --------------------------------------------------------------------------------------------
# Quotes
# --------------------------------------------------------------------------------------------


def representative_quotes(
    data: Any, *, per_factor: int = 2, coder: str | None = None
) -> pd.DataFrame:
    """Representative quotes per factor, chosen deterministically.

    For each factor the quotes cover its sub-factors in turn (most-coded sub-factor first,
    ties by name), and within a sub-factor prefer (1) the factor's modal valence, so the
    quotes illustrate what most excerpts say, (2) a stakeholder group not yet quoted, and
    (3) the smallest ``excerpt_id``. Empty quotes are skipped. Quotes are returned as written
    (the report layer escapes them).

    Parameters
    ----------
    data : EvalData or pandas.DataFrame
        ``interview_codes`` (or an ``EvalData`` holding it).
    per_factor : int
        Maximum quotes per factor (default 2).
    coder : str, optional
        Primary coder for double-coded excerpts.

    Returns
    -------
    pandas.DataFrame
        ``factor``, ``label``, ``sub_factor``, ``valence``, ``stakeholder``, ``interview_id``,
        ``excerpt_id``, ``quote``, ``attribution`` (Indonesian, e.g. "— Bappeda (wawancara W03)").
    """
    if not isinstance(per_factor, (int, np.integer)) or per_factor < 1:
        raise ParameterError(f"per_factor must be a positive integer (got {per_factor!r})")
    codes = primary_codes(data, coder=coder)
    codes = codes[codes["quote"].str.strip() != ""]
    rows = []
    for factor in [f for f in FACTORS if f in set(codes["factor"])]:
        sub = codes[codes["factor"] == factor]
        counts = sub["valence"].value_counts()
        modal = max(VALENCES, key=lambda v: (counts.get(v, 0), -VALENCES.index(v)))
        sub_counts = sub["sub_factor"].fillna("").value_counts()
        subs = sorted(sub_counts.index, key=lambda s: (-sub_counts[s], str(s)))
        pools = {
            s: sub[sub["sub_factor"].fillna("") == s].sort_values(
                "excerpt_id", key=lambda c: c.astype(str)
            )
            for s in subs
        }
        used_ids: set = set()
        used_groups: set = set()
        chosen = []
        while len(chosen) < per_factor and any(len(p) for p in pools.values()):
            for s in subs:
                if len(chosen) >= per_factor:
                    break
                pool = pools[s]
                pool = pool[~pool["excerpt_id"].isin(used_ids)]
                pools[s] = pool
                if not len(pool):
                    continue
                ranked = pool.assign(
                    _v=(pool["valence"] != modal).astype(int),
                    _g=pool["stakeholder"].isin(used_groups).astype(int),
                ).sort_values(["_v", "_g"], kind="mergesort")
                pick = ranked.iloc[0]
                used_ids.add(pick["excerpt_id"])
                used_groups.add(pick["stakeholder"])
                chosen.append(pick)
        for pick in chosen:
            rows.append(
                {
                    "factor": factor,
                    "label": FACTOR_LABELS[factor],
                    "sub_factor": pick["sub_factor"],
                    "valence": pick["valence"],
                    "stakeholder": pick["stakeholder"],
                    "interview_id": pick["interview_id"],
                    "excerpt_id": pick["excerpt_id"],
                    "quote": pick["quote"],
                    "attribution": f"— {pick['stakeholder']} (wawancara {pick['interview_id']})",
                }
            )
    cols = [
        "factor",
        "label",
        "sub_factor",
        "valence",
        "stakeholder",
        "interview_id",
        "excerpt_id",
        "quote",
        "attribution",
    ]
    return pd.DataFrame(rows, columns=cols)


# --------------------------------------------------------------------------------------------
# Inter-coder agreement
# --------------------------------------------------------------------------------------------


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
    label : str
        Landis–Koch label in Indonesian.
    confusion : pandas.DataFrame
        Cross-table of the two coders (rows: coder A).
    """

    kappa: float = np.nan
    se: float = np.nan
    ci_low: float = np.nan
    ci_high: float = np.nan
    se0: float = np.nan
    p_observed: float = np.nan
    p_expected: float = np.nan
    n: int = 0
    label: str = ""
    confusion: pd.DataFrame = field(default_factory=pd.DataFrame)


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
        ``.kappa, .se, .ci_low, .ci_high, .se0, .p_observed, .p_expected, .n, .label,
        .confusion``; ``.table`` has one row with ``term`` ("kappa"), ``estimate``, ``se``,
        ``ci_low``, ``ci_high``, ``p_value`` (z test of κ = 0, two-sided), ``n``,
        ``p_observed``, ``p_expected``, ``label``. Kappa is NaN when chance agreement is 1
        (both coders used a single, identical code).
    """
    level = check_confidence_level(confidence_level)
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
    for x, y in zip(a, b, strict=False):
        counts[idx[x], idx[y]] += 1
    p = counts / n
    rows, cols = p.sum(axis=1), p.sum(axis=0)
    po = float(np.trace(p))
    pe = float(rows @ cols)
    if pe >= 1.0 - 1e-12:
        kappa = se = se0 = low = high = pval = np.nan
    else:
        kappa = (po - pe) / (1.0 - pe)
        diag = np.diag(p)
        term_a = float(np.sum(diag * (1.0 - (rows + cols) * (1.0 - kappa)) ** 2))
        off = ~np.eye(len(cats), dtype=bool)
        weights = (cols[:, None] + rows[None, :]) ** 2  # (p_.i + p_j.)^2 for cell (i, j)
        term_b = float((1.0 - kappa) ** 2 * np.sum(p[off] * weights[off]))
        term_c = (kappa - pe * (1.0 - kappa)) ** 2
        var = max(term_a + term_b - term_c, 0.0) / (n * (1.0 - pe) ** 2)
        se = math.sqrt(var)
        var0 = (pe + pe**2 - float(np.sum(rows * cols * (rows + cols)))) / (n * (1.0 - pe) ** 2)
        se0 = math.sqrt(max(var0, 0.0))
        z = stats.norm.ppf(0.5 + level / 2.0)
        low, high = kappa - z * se, kappa + z * se
        pval = float(2 * stats.norm.sf(abs(kappa / se0))) if se0 > 0 else np.nan
    label = landis_koch(kappa)
    table = pd.DataFrame(
        [
            {
                "term": "kappa",
                "estimate": kappa,
                "se": se,
                "ci_low": low,
                "ci_high": high,
                "p_value": pval,
                "n": n,
                "p_observed": po,
                "p_expected": pe,
                "label": label,
            }
        ]
    )
    confusion = pd.DataFrame(counts.astype(int), index=cats, columns=cats)
    sentences = [
        (
            f"Kappa Cohen {fmt_number(kappa, 2)} {fmt_ci(low, high, level=level)} dari "
            f"{fmt_int(n)} kutipan: kesepakatan {label}."
        )
    ]
    return KappaResult(
        table=table,
        sentences=sentences,
        params={"confidence_level": level},
        kappa=kappa,
        se=se,
        ci_low=low,
        ci_high=high,
        se0=se0,
        p_observed=po,
        p_expected=pe,
        n=n,
        label=label,
        confusion=confusion,
    )


def intercoder_agreement(data: Any, *, confidence_level: float = 0.95) -> pd.DataFrame | None:
    """Cohen's kappa on the factor code and on valence, over the double-coded excerpts.

    When more than two coders appear, the pair of coders who double-coded the most excerpts
    is used (ties: alphabetical).

    Parameters
    ----------
    data : EvalData or pandas.DataFrame
        ``interview_codes`` (or an ``EvalData`` holding it).
    confidence_level : float
        Level of the intervals.

    Returns
    -------
    pandas.DataFrame or None
        None when no excerpt is coded by two coders (or there is no ``coder`` column).
        Otherwise one row per coded variable (``"factor"``, ``"valence"``): ``variable``,
        ``kappa``, ``se``, ``ci_low``, ``ci_high``, ``p_value``, ``n`` (double-coded
        excerpts), ``p_observed``, ``p_expected``, ``label`` (Landis–Koch, Indonesian),
        ``coder_a``, ``coder_b``.
    """
    codes = _check_codes(data)
    _status, pair, common = _double_coding(codes)
    if pair is None:
        return None
    ca, cb = pair
    left = codes[codes["coder"] == ca].set_index("excerpt_id")
    right = codes[codes["coder"] == cb].set_index("excerpt_id")
    rows = []
    # the factor code's categories are the schema's whole list: coders may disagree between a
    # factor and "outcome"
    for variable, cats in (("factor", CODED_FACTORS), ("valence", VALENCES)):
        res = cohen_kappa(
            left.loc[common, variable].tolist(),
            right.loc[common, variable].tolist(),
            categories=cats,
            confidence_level=confidence_level,
        )
        row = res.table.iloc[0].to_dict()
        row.pop("term")
        rows.append(
            {
                "variable": variable,
                "kappa": row.pop("estimate"),
                **row,
                "coder_a": ca,
                "coder_b": cb,
            }
        )
    return pd.DataFrame(rows)


def _double_coding(codes: pd.DataFrame) -> tuple[str, tuple[str, str] | None, list]:
    """Why kappa can or cannot be computed: (code, coder pair, double-coded excerpt ids).

    The code is ``"no_coder_column"``, ``"single_coder"`` (one coder or none named),
    ``"no_double_coding"`` (several coders, no excerpt coded by two) or ``"pair"`` (a pair of
    coders with the most double-coded excerpts; ties: alphabetical).
    """
    if "coder" not in codes.columns:
        return "no_coder_column", None, []
    coders = sorted(c for c in set(codes["coder"]) if c != "")
    if len(coders) < 2:
        return "single_coder", None, []
    best, best_n = None, 0
    sets = {c: set(codes.loc[codes["coder"] == c, "excerpt_id"]) for c in coders}
    for i, ca in enumerate(coders):
        for cb in coders[i + 1 :]:
            overlap = len(sets[ca] & sets[cb])
            if overlap > best_n:
                best, best_n = (ca, cb), overlap
    if best is None:
        return "no_double_coding", None, []
    return "pair", best, sorted(sets[best[0]] & sets[best[1]], key=str)


def agreement_status(kappa: pd.DataFrame | None, codes: pd.DataFrame) -> str:
    """Code of the inter-coder agreement (one of :data:`AGREEMENT_CODES`).

    ``"ok"`` when kappa on factor and valence are both ≥ :data:`MIN_KAPPA`, ``"low"`` when one
    is below, ``"undefined"`` when a kappa is NaN (both coders used one identical code), and
    ``"no_coder_column"`` / ``"single_coder"`` / ``"no_double_coding"`` when no excerpt was coded
    by two coders.
    """
    if kappa is None:
        status, _pair, _common = _double_coding(_check_codes(codes))
        return "no_double_coding" if status == "pair" else status
    values = kappa["kappa"].to_numpy(dtype=float)
    if not np.isfinite(values).all():
        return "undefined"
    return "ok" if bool((values >= MIN_KAPPA).all()) else "low"


# --------------------------------------------------------------------------------------------
# Whole analysis and evidence rows
# --------------------------------------------------------------------------------------------


@dataclass
class InterviewResult(Result):
    """Everything the interview chapter needs (see :func:`analyze`).

    Attributes
    ----------
    by_factor : pandas.DataFrame
        Per-factor totals (:func:`factor_summary`).
    quotes : pandas.DataFrame
        Representative quotes (:func:`representative_quotes`).
    kappa : pandas.DataFrame or None
        Inter-coder agreement (:func:`intercoder_agreement`); None without double coding.
    agreement : str
        Agreement code (:func:`agreement_status`): ``ok``, ``low``, ``undefined``,
        ``no_coder_column``, ``single_coder`` or ``no_double_coding``.
    n_excerpts, n_interviews, n_groups : int
        Usable excerpts (factor codes, primary coding), their interviews and stakeholder groups.
    unused_codes : dict
        Excerpts (primary coding) per code that is valid input but not a cause (``outcome``);
        they are not in the factor tables nor in the evidence rows.
    strength_cap : str
        Highest strength an evidence row may have given the whole interview set (``strong``,
        ``moderate`` or ``weak``); ``cap_reasons`` lists why it is below ``strong`` (codes
        ``few_excerpts``, ``very_few_excerpts``, ``no_agreement``, ``low_agreement``).
    """

    by_factor: pd.DataFrame = field(default_factory=pd.DataFrame)
    quotes: pd.DataFrame = field(default_factory=pd.DataFrame)
    kappa: pd.DataFrame | None = None
    agreement: str = "no_coder_column"
    n_excerpts: int = 0
    n_interviews: int = 0
    n_groups: int = 0
    unused_codes: dict = field(default_factory=dict)
    strength_cap: str = "strong"
    cap_reasons: tuple = ()

    @property
    def agreement_computable(self) -> bool:
        """True when kappa was computed (even if low), False otherwise (see ``agreement``)."""
        return self.agreement in ("ok", "low")

    @property
    def n_unused(self) -> int:
        """Excerpts with a code the analysis cannot use as a cause (``outcome``)."""
        return int(sum(self.unused_codes.values()))

    @property
    def agreement_note(self) -> str:
        """One Indonesian sentence on why agreement cannot be computed ("" when it can)."""
        return _agreement_sentence(self.agreement)

    def plot(self, ax=None):
        """Stacked horizontal bars: valence shares per factor × stakeholder group."""
        t = self.table
        if t.empty:
            fig, ax = new_figure(ax, height=2.0)
            ax.axis("off")
            ax.text(
                0.5, 0.5, "Tidak ada kutipan berkode faktor implementasi", ha="center", va="center"
            )
            return fig
        labels, y, pos = [], [], 0.0
        ticks_factor = []
        for factor in [f for f in FACTORS if f in set(t["factor"])]:
            sub = t[t["factor"] == factor]
            start = pos
            for g in sub["group"]:
                labels.append(str(g))
                y.append(pos)
                pos += 1
            ticks_factor.append(((start + pos - 1) / 2.0, FACTOR_LABELS[factor]))
            pos += 0.8
        fig, ax = new_figure(ax, height=max(2.6, 0.2 * len(labels) + 1.6))
        ordered = pd.concat([t[t["factor"] == f] for f in FACTORS if f in set(t["factor"])])
        left = np.zeros(len(ordered))
        for v in VALENCES:
            share = ordered[f"{v}_share"].to_numpy() * 100
            ax.barh(
                y, share, left=left, color=VALENCE_COLORS[v], label=VALENCE_LABELS[v], height=0.8
            )
            left += share
        ax.set_yticks(y)
        ax.set_yticklabels(labels, fontsize=7.5)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(lambda x, _p: fmt_pct(x, 0))
        for ypos, name in ticks_factor:
            ax.text(101, ypos, name, va="center", ha="left", fontsize=8, fontweight="bold")
        ax.set_xlabel("Porsi kutipan menurut arah penilaian narasumber")
        ax.set_title("Kutipan wawancara menurut faktor dan kelompok pemangku kepentingan")
        # Under the x label whatever the figure's height (an axes-fraction offset is not).
        fig.legend(*ax.get_legend_handles_labels(), loc="outside lower center", ncol=3)
        ax.grid(axis="y", visible=False)
        return fig


def analyze(
    data: Any,
    *,
    by: str | None = "stakeholder",
    per_factor: int = 2,
    coder: str | None = None,
    confidence_level: float = 0.95,
) -> InterviewResult:
    """Counts, shares, quotes and inter-coder agreement of the coded interviews.

    Parameters
    ----------
    data : EvalData or pandas.DataFrame
        An ``EvalData`` with ``interview_codes`` or the table itself.
    by : str or None
        Grouping of the valence table (default ``"stakeholder"``).
    per_factor : int
        Representative quotes per factor.
    coder : str, optional
        Primary coder for double-coded excerpts (see :func:`primary_codes`).
    confidence_level : float
        Level of the kappa intervals.

    Returns
    -------
    InterviewResult
        ``.table`` is :func:`valence_table` (columns ``factor, label, group, n, barrier,
        enabler, neutral, barrier_share, enabler_share, neutral_share, n_interviews``);
        ``.by_factor``, ``.quotes``, ``.kappa``, counts, Indonesian ``.sentences`` and
        ``.caveats``.
    """
    level = check_confidence_level(confidence_level)
    codes = _check_codes(data)
    if codes.empty:
        raise ParameterError("interview_codes is empty: code at least one excerpt")
    primary_all = primary_codes(codes, coder=coder)
    usable = primary_all["factor"].isin(FACTORS)
    primary = primary_all[usable].reset_index(drop=True)
    unused = primary_all.loc[~usable, "factor"].value_counts()
    unused_codes = {str(c): int(unused[c]) for c in CODED_FACTORS if c in unused.index}
    table = valence_table(primary, by=by)
    by_factor = factor_summary(primary)
    quotes = representative_quotes(primary, per_factor=per_factor)
    kappa = intercoder_agreement(codes, confidence_level=level)
    agreement = agreement_status(kappa, codes)
    n_ex, n_int = len(primary), primary["interview_id"].nunique()
    n_groups = primary["stakeholder"].nunique()
    cap, reasons = _strength_cap(n_ex, agreement)
    sentences = [
        (
            f"Sebanyak {fmt_int(n_ex)} kutipan dari {fmt_int(n_int)} wawancara dengan "
            f"{fmt_int(n_groups)} kelompok pemangku kepentingan telah dikodekan menurut faktor "
            "implementasi."
        )
    ]
    ranked = by_factor.sort_values(["barrier_share", "n"], ascending=[False, False])
    if len(ranked) and ranked.iloc[0]["barrier"] > 0:
        top = ranked.iloc[0]
        sentences.append(
            f"Faktor yang paling sering disebut sebagai penghambat adalah {top['label']} "
            f"({fmt_pct(top['barrier_share'], proportion=True)} dari {fmt_int(top['n'])} kutipan "
            f"tentang faktor ini, disebut oleh {fmt_int(top['n_groups_barrier'])} kelompok "
            "pemangku kepentingan)."
        )
    caveats = []
    if kappa is None or agreement == "undefined":
        caveats.append(_agreement_sentence(agreement))
    if kappa is not None:
        kf = kappa.set_index("variable")
        sentences.append(
            f"Kesepakatan antarpengode pada {fmt_int(kf.loc['factor', 'n'])} kutipan yang "
            f"dikodekan ganda: kappa Cohen untuk faktor {fmt_number(kf.loc['factor', 'kappa'], 2)} "
            f"{fmt_ci(kf.loc['factor', 'ci_low'], kf.loc['factor', 'ci_high'], level=level)}, "
            f"kesepakatan {kf.loc['factor', 'label']}; untuk valensi "
            f"{fmt_number(kf.loc['valence', 'kappa'], 2)} "
            f"{fmt_ci(kf.loc['valence', 'ci_low'], kf.loc['valence', 'ci_high'], level=level)}, "
            f"kesepakatan {kf.loc['valence', 'label']}."
        )
        low = [v for v in ("factor", "valence") if kf.loc[v, "kappa"] < MIN_KAPPA]
        if low:
            names = " dan ".join({"factor": "faktor", "valence": "valensi"}[v] for v in low)
            caveats.append(
                f"Kesepakatan antarpengode untuk {names} di bawah {fmt_number(MIN_KAPPA, 2)} (kurang "
                "dari sedang); bukti dari wawancara diperlakukan sebagai lemah."
            )
    for code_, count in unused_codes.items():
        caveats.append(
            f"Sebanyak {fmt_int(count)} kutipan berkode '{code_}' ({UNUSED_CODE_REASONS.get(code_, 'bukan faktor')}) "
            "tidak dihitung dalam tabel faktor dan tidak dipakai dalam matriks bukti."
        )
    if n_ex == 0:
        caveats.append(
            "Tidak ada kutipan berkode faktor implementasi, sehingga wawancara tidak memberi bukti "
            "tentang faktor penghambat."
        )
    elif "few_excerpts" in reasons or "very_few_excerpts" in reasons:
        top_strength = STRENGTH_WORDS[cap]
        caveats.append(
            f"Jumlah kutipan ({fmt_int(n_ex)}) di bawah {fmt_int(STRONG_MIN_EXCERPTS)}, sehingga bukti dari "
            f"wawancara paling tinggi dinilai {top_strength}."
        )
    absent = [FACTOR_LABELS[f] for f in FACTORS if f not in set(by_factor["factor"])]
    if absent and n_ex:
        caveats.append(f"Tidak ada kutipan wawancara tentang faktor: {', '.join(absent)}.")
    caveats.append(
        "Porsi kutipan menggambarkan apa yang disampaikan narasumber terpilih, bukan sampel acak "
        "seluruh pemangku kepentingan; kutipan menunjukkan apa yang dilaporkan sebagai hambatan, "
        "bukan bukti sebab-akibat."
    )
    return InterviewResult(
        table=table,
        sentences=sentences,
        caveats=caveats,
        params={"by": by, "per_factor": per_factor, "coder": coder, "confidence_level": level},
        by_factor=by_factor,
        quotes=quotes,
        kappa=kappa,
        agreement=agreement,
        n_excerpts=n_ex,
        n_interviews=n_int,
        n_groups=n_groups,
        unused_codes=unused_codes,
        strength_cap=cap,
        cap_reasons=tuple(reasons),
    )


#: Indonesian words of the strengths, for sentences (the label dictionary of the report is
#: evaltools.plotting.style.STRENGTH_LABELS).
STRENGTH_WORDS = {
    "strong": "kuat",
    "moderate": "sedang",
    "weak": "lemah",
    "none": "tidak ada bukti",
}
_STRENGTH_ORDER = ("none", "weak", "moderate", "strong")


def _agreement_sentence(agreement: str) -> str:
    if agreement not in AGREEMENT_NOT_COMPUTABLE:
        return ""
    return (
        f"Kesepakatan antarpengode (kappa Cohen) tidak dapat dihitung: "
        f"{AGREEMENT_NOT_COMPUTABLE[agreement]}; bukti dari wawancara paling tinggi dinilai sedang."
    )


def _cap(strength: str, cap: str) -> str:
    return strength if _STRENGTH_ORDER.index(strength) <= _STRENGTH_ORDER.index(cap) else cap


def _strength_cap(n_excerpts: int, agreement: str) -> tuple[str, list[str]]:
    """Highest strength the interview set allows, and the reason codes below "strong"."""
    cap, reasons = "strong", []
    if n_excerpts < MODERATE_MIN_EXCERPTS:
        cap = _cap(cap, "weak")
        reasons.append("very_few_excerpts")
    elif n_excerpts < STRONG_MIN_EXCERPTS:
        cap = _cap(cap, "moderate")
        reasons.append("few_excerpts")
    if agreement == "low":
        cap = _cap(cap, "weak")
        reasons.append("low_agreement")
    elif agreement != "ok":
        cap = _cap(cap, "moderate")
        reasons.append("no_agreement")
    return cap, reasons


_STRENGTH_BASE = {"strong": 0.7, "moderate": 0.45, "weak": 0.2, "none": 0.0}


def evidence(result: InterviewResult) -> pd.DataFrame:
    """Evidence-matrix rows (source ``interviews``), one per factor with coded excerpts.

    Interview evidence is *reported* (associational): a row says a factor was described as a
    barrier or an enabler, not that it caused the stall. Rules (shares are of the factor's
    excerpts, primary coding; constants of this module in capitals):

    * direction: **barrier** when the barrier share exceeds the enabler share and is at least
      ``MIN_DOMINANT_SHARE`` (40%); **enabler** symmetrically; otherwise **neutral**
      (strength ``none``).
    * strength, with *s* the dominant share, *m* = |barrier share − enabler share|, *n* the
      excerpts on the factor and *g* the stakeholder groups that coded it with the dominant
      valence: **strong** when s ≥ 60%, m ≥ 0.3, n ≥ ``STRONG_MIN_FACTOR_EXCERPTS`` (10) and
      g ≥ ``STRONG_MIN_GROUPS`` (3); **moderate** when s ≥ 50%, n ≥ 5 and g ≥ 2; otherwise
      **weak**.
    * caps from the whole interview set (``result.strength_cap``): fewer than
      ``STRONG_MIN_EXCERPTS`` (30) usable excerpts → at most moderate, fewer than
      ``MODERATE_MIN_EXCERPTS`` (15) → at most weak; no double coding (kappa not computable)
      → at most moderate; kappa (factor or valence) below ``MIN_KAPPA`` (0.41) → at most weak.
      So "strong" needs ≥ 30 excerpts, ≥ 10 on the factor, ≥ 3 groups and double coding with
      kappa ≥ 0.41.
    * score: ``sign × (base + 0.25 × m) × min(1, n / FULL_INFORMATION_EXCERPTS)``, base 0.7 /
      0.45 / 0.2 / 0 for strong / moderate / weak / none; negative for barriers. A factor with
      fewer than 10 excerpts gets a proportionally smaller score.
    * excerpts coded ``outcome`` are not a cause: they are counted in
      ``result.unused_codes`` and give no row.

    Parameters
    ----------
    result : InterviewResult
        From :func:`analyze`.

    Returns
    -------
    pandas.DataFrame
        Columns ``factor, source, finding, direction, strength, score, n, detail``
        (``n`` = excerpts on the factor).
    """
    if not isinstance(result, InterviewResult):
        raise ParameterError(
            "result must be the InterviewResult returned by evaltools.interviews.analyze"
        )
    cap = result.strength_cap
    rows = []
    for r in result.by_factor.itertuples(index=False):
        sb, se_, n = r.barrier_share, r.enabler_share, int(r.n)
        margin = abs(sb - se_)
        if sb > se_ and sb >= MIN_DOMINANT_SHARE:
            direction, s, g = "barrier", sb, r.n_groups_barrier
        elif se_ > sb and se_ >= MIN_DOMINANT_SHARE:
            direction, s, g = "enabler", se_, r.n_groups_enabler
        else:
            direction, s, g = "neutral", max(sb, se_), 0
        if direction == "neutral":
            strength = "none"
        elif (
            s >= STRONG_MIN_SHARE
            and margin >= STRONG_MIN_MARGIN
            and n >= STRONG_MIN_FACTOR_EXCERPTS
            and g >= STRONG_MIN_GROUPS
        ):
            strength = "strong"
        elif (
            s >= MODERATE_MIN_SHARE
            and n >= MODERATE_MIN_FACTOR_EXCERPTS
            and g >= MODERATE_MIN_GROUPS
        ):
            strength = "moderate"
        else:
            strength = "weak"
        if strength != "none":
            strength = _cap(strength, cap)
        sign = {"barrier": -1.0, "enabler": 1.0, "neutral": 0.0}[direction]
        information = min(1.0, n / FULL_INFORMATION_EXCERPTS)
        score = (
            sign
            * (_STRENGTH_BASE[strength] + (0.25 * margin if strength != "none" else 0.0))
            * information
        )
        if direction == "barrier":
            finding = (
                f"Wawancara: {fmt_pct(sb, proportion=True)} kutipan tentang {r.label} "
                f"menyebutnya sebagai penghambat, dari {fmt_int(g)} kelompok pemangku kepentingan."
            )
        elif direction == "enabler":
            finding = (
                f"Wawancara: {fmt_pct(se_, proportion=True)} kutipan tentang {r.label} "
                f"menyebutnya sebagai pendukung, dari {fmt_int(g)} kelompok pemangku kepentingan."
            )
        else:
            finding = f"Wawancara: kutipan tentang {r.label} tidak condong ke penghambat maupun pendukung."
        detail = (
            f"{fmt_int(n)} kutipan dari {fmt_int(r.n_interviews)} wawancara; penghambat "
            f"{fmt_int(r.barrier)} ({fmt_pct(sb, proportion=True)}), pendukung {fmt_int(r.enabler)} "
            f"({fmt_pct(se_, proportion=True)}), netral {fmt_int(r.neutral)}; "
            f"{fmt_int(r.n_groups)} kelompok pemangku kepentingan"
        )
        detail += "".join(f"; {_CAP_DETAIL[c]}" for c in result.cap_reasons)
        rows.append(
            {
                "factor": r.factor,
                "source": "interviews",
                "finding": finding,
                "direction": direction,
                "strength": strength,
                "score": score,
                "n": n,
                "detail": detail,
            }
        )
    return make_evidence_frame(rows)


#: Indonesian notes appended to an evidence row's detail for each cap reason code.
_CAP_DETAIL = {
    "few_excerpts": f"kurang dari {STRONG_MIN_EXCERPTS} kutipan secara keseluruhan",
    "very_few_excerpts": f"kurang dari {MODERATE_MIN_EXCERPTS} kutipan secara keseluruhan",
    "no_agreement": "kesepakatan antarpengode tidak dapat dihitung",
    "low_agreement": "kesepakatan antarpengode rendah",
}


#: The British spelling, kept as an alias so that either name works; ``analyze`` is canonical.
analyse = analyze

__all__ = [
    "AGREEMENT_CODES",
    "AGREEMENT_NOT_COMPUTABLE",
    "FULL_INFORMATION_EXCERPTS",
    "LANDIS_KOCH",
    "MIN_KAPPA",
    "MODERATE_MIN_EXCERPTS",
    "MODERATE_MIN_FACTOR_EXCERPTS",
    "MODERATE_MIN_GROUPS",
    "STRONG_MIN_EXCERPTS",
    "STRONG_MIN_FACTOR_EXCERPTS",
    "STRONG_MIN_GROUPS",
    "UNUSED_CODE_REASONS",
    "VALENCES",
    "VALENCE_LABELS",
    "InterviewResult",
    "KappaResult",
    "agreement_status",
    "analyse",
    "analyze",
    "cohen_kappa",
    "evidence",
    "factor_summary",
    "intercoder_agreement",
    "landis_koch",
    "primary_codes",
    "representative_quotes",
    "valence_table",
]
