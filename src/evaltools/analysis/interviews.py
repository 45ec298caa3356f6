"""Stakeholder interview analytics: coded excerpts framed by Edwards III's factors.

Each row of ``interview_codes`` is an excerpt of an interview, coded with a factor
(communication, resources, disposition, structure, environment — or ``outcome``, the
implementation itself, see :data:`evaltools.data.schema.CODED_FACTORS`), a sub-factor, a valence
(barrier, enabler, neutral) and the quote itself. When the optional ``coder`` column is present
the key is (excerpt_id, coder) and excerpts coded by two coders measure inter-coder agreement
(Cohen's kappa, :func:`evaltools.analysis.reliability.cohen_kappa`, re-exported here).

Counts, shares and quotes use one coding per excerpt (the *primary* coding, see
:func:`primary_codes`); kappa uses the double-coded excerpts. Excerpts coded ``outcome`` are
valid input but say nothing about a *cause*: :func:`analyze` counts them
(``InterviewResult.unused_codes``), says so in a caveat, and leaves them out of the factor
tables and the evidence rows; they never make the interview source disappear.

Interview evidence is what stakeholders *report*: it is associational, and the sentences
(``prose/interviews.py``) say "disebut sebagai penghambat" / "described as a barrier", never
that a factor caused the stall. Results carry numbers, codes and statements
(``interviews.*``); the prose layer writes the words.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from evaltools.analysis._checks import check_confidence_level, require_table
from evaltools.analysis.evidence import make_evidence_frame
from evaltools.analysis.reliability import LANDIS_KOCH, KappaResult, cohen_kappa, landis_koch
from evaltools.data.schema import VALENCES
from evaltools.errors import ParameterError
from evaltools.formatting import fmt_pct
from evaltools.plotting.style import OKABE_ITO, new_figure
from evaltools.prose import label, render_one
from evaltools.results import Result, Statement, caveat, finding
from evaltools.vocabulary import CODED_FACTORS, FACTORS, STRENGTHS


class _Labels(Mapping[str, str]):
    """A read-only code → word mapping of one prose label kind, in the current language.

    Kept for callers that pass a label dictionary (e.g. ``show_table(formats=...)``): the words
    are looked up when read, so they follow :func:`evaltools.prose.set_language`.
    """

    def __init__(self, kind: str, codes: tuple[str, ...]) -> None:
        self._kind, self._codes = kind, codes

    def __getitem__(self, code: str) -> str:
        if code not in self._codes:
            raise KeyError(code)
        return label(self._kind, code)

    def __iter__(self) -> Iterator[str]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)


#: Valence code → word (``prose.label("valence", code)``), in the current language.
VALENCE_LABELS: Mapping[str, str] = _Labels("valence", VALENCES)
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
#: Group code of :func:`valence_table` with ``by=None`` (all excerpts of a factor together).
ALL_GROUPS = "all"

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
#: Agreement codes for which kappa cannot be computed (words: label kind ``agreement_reason``).
AGREEMENT_NOT_COMPUTABLE = ("no_coder_column", "single_coder", "no_double_coding", "undefined")
#: Codes the analysis accepts but cannot use as a cause (words: ``unused_code_reason``).
UNUSED_CODES = ("outcome",)
#: Reason codes of ``InterviewResult.cap_reasons``.
CAP_REASONS = ("few_excerpts", "very_few_excerpts", "no_agreement", "low_agreement")


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
            f"interview_codes.factor has unknown label(s) {bad_factor}; use one of "
            f"{list(CODED_FACTORS)}"
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
        (group code ``"all"``).
    coder : str, optional
        Primary coder for double-coded excerpts (see :func:`primary_codes`).

    Returns
    -------
    pandas.DataFrame
        One row per (factor, group) present: ``factor``, ``label`` (current language), ``group``,
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
            key if by is not None else (key[0] if isinstance(key, tuple) else key, ALL_GROUPS)
        )
        counts = sub["valence"].value_counts()
        n = len(sub)
        row = {"factor": factor, "label": label("factor", factor), "group": group, "n": n}
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
        ``factor``, ``label`` (the factor's name, current language), ``sub_factor``,
        ``valence``, ``stakeholder``, ``interview_id``, ``excerpt_id``, ``quote``,
        ``attribution`` (statement ``interviews.attribution`` rendered in the current
        language, e.g. "— Bappeda (wawancara W03)").
    """
    if not isinstance(per_factor, int | np.integer) or per_factor < 1:
        raise ParameterError(f"per_factor must be a positive integer (got {per_factor!r})")
    codes = primary_codes(data, coder=coder)
    codes = codes[codes["quote"].str.strip() != ""]
    rows = []
    for factor in [f for f in FACTORS if f in set(codes["factor"])]:
        for pick in _choose_quotes(codes[codes["factor"] == factor], per_factor):
            attribution = finding(
                "interviews.attribution",
                stakeholder=pick["stakeholder"],
                interview_id=pick["interview_id"],
            )
            rows.append(
                {
                    "factor": factor,
                    "label": label("factor", factor),
                    **{c: pick[c] for c in _QUOTE_COLUMNS[2:-1]},
                    "attribution": render_one(attribution),
                }
            )
    return pd.DataFrame(rows, columns=list(_QUOTE_COLUMNS))


_QUOTE_COLUMNS = (
    "factor",
    "label",
    "sub_factor",
    "valence",
    "stakeholder",
    "interview_id",
    "excerpt_id",
    "quote",
    "attribution",
)


def _choose_quotes(sub: pd.DataFrame, per_factor: int) -> list[pd.Series]:
    """Up to ``per_factor`` excerpts of one factor, one sub-factor at a time (see
    :func:`representative_quotes` for the order of preference)."""
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
    chosen: list[pd.Series] = []
    while len(chosen) < per_factor and any(len(p) for p in pools.values()):
        for s in subs:
            if len(chosen) >= per_factor:
                break
            pool = pools[s][~pools[s]["excerpt_id"].isin(used_ids)]
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
    return chosen


# --------------------------------------------------------------------------------------------
# Inter-coder agreement
# --------------------------------------------------------------------------------------------


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
        excerpts), ``p_observed``, ``p_expected``, ``agreement`` (Landis–Koch code, see
        :func:`landis_koch`), ``label`` (its words, current language), ``coder_a``,
        ``coder_b``.
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
                "label": res.label,
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
        """One sentence on why agreement cannot be computed ("" when it can), current
        language (statement ``interviews.agreement_not_computable``)."""
        if self.agreement not in AGREEMENT_NOT_COMPUTABLE:
            return ""
        return render_one(_agreement_caveat(self.agreement))

    def plot(self, ax=None):
        """Stacked horizontal bars: valence shares per factor × stakeholder group."""
        t = self.table
        if t.empty:
            fig, ax = new_figure(ax, height=2.0)
            ax.axis("off")
            ax.text(0.5, 0.5, label("interviews_figure", "empty"), ha="center", va="center")
            return fig
        factors = [f for f in FACTORS if f in set(t["factor"])]
        ylabels, y, pos = [], [], 0.0
        ticks_factor = []
        for factor in factors:
            start = pos
            for g in t.loc[t["factor"] == factor, "group"]:
                ylabels.append(label("interviews_group", g) if g == ALL_GROUPS else str(g))
                y.append(pos)
                pos += 1
            ticks_factor.append(((start + pos - 1) / 2.0, label("factor", factor)))
            pos += 0.8
        fig, ax = new_figure(ax, height=max(2.6, 0.2 * len(ylabels) + 1.6))
        ordered = pd.concat([t[t["factor"] == f] for f in factors])
        left = np.zeros(len(ordered))
        for v in VALENCES:
            share = ordered[f"{v}_share"].to_numpy() * 100
            ax.barh(
                y, share, left=left, color=VALENCE_COLORS[v], label=label("valence", v), height=0.8
            )
            left += share
        ax.set_yticks(y)
        ax.set_yticklabels(ylabels, fontsize=7.5)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.xaxis.set_major_formatter(lambda x, _p: fmt_pct(x, 0))
        for ypos, name in ticks_factor:
            ax.text(101, ypos, name, va="center", ha="left", fontsize=8, fontweight="bold")
        ax.set_xlabel(label("interviews_figure", "xlabel"))
        ax.set_title(label("interviews_figure", "title"))
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
        ``.by_factor``, ``.quotes``, ``.kappa``, counts, and ``.statements`` (codes
        ``interviews.*``), rendered by ``.sentences`` and ``.caveats`` in the current
        language.

    Examples
    --------
    On the demo data (run from the repository root):

    >>> import evaltools
    >>> data = evaltools.load_data("data/demo")
    >>> res = evaltools.interviews.analyze(data)
    >>> res.n_excerpts, res.agreement, res.strength_cap
    (60, 'ok', 'strong')
    >>> res.by_factor.set_index("factor")["barrier_share"].idxmax()
    'disposition'
    >>> [s.code for s in res.statements][:3]
    ['interviews.coded', 'interviews.top_barrier', 'interviews.agreement']
    >>> evaltools.interviews.evidence(res).set_index("factor").loc["disposition", "direction"]
    'barrier'
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
    by_factor = factor_summary(primary)
    kappa = intercoder_agreement(codes, confidence_level=level)
    agreement = agreement_status(kappa, codes)
    n_ex = len(primary)
    cap, reasons = _strength_cap(n_ex, agreement)
    statements = [
        finding(
            "interviews.coded",
            n_excerpts=n_ex,
            n_interviews=int(primary["interview_id"].nunique()),
            n_groups=int(primary["stakeholder"].nunique()),
        ),
        *_top_barrier(by_factor),
        *_agreement_statements(kappa, agreement, level),
        *_coverage_caveats(by_factor, unused_codes, n_ex, cap, reasons),
    ]
    return InterviewResult(
        table=valence_table(primary, by=by),
        statements=_findings_first(statements),
        params={"by": by, "per_factor": per_factor, "coder": coder, "confidence_level": level},
        by_factor=by_factor,
        quotes=representative_quotes(primary, per_factor=per_factor),
        kappa=kappa,
        agreement=agreement,
        n_excerpts=n_ex,
        n_interviews=int(primary["interview_id"].nunique()),
        n_groups=int(primary["stakeholder"].nunique()),
        unused_codes=unused_codes,
        strength_cap=cap,
        cap_reasons=tuple(reasons),
    )


def _findings_first(statements: list[Statement]) -> list[Statement]:
    """Findings, then caveats, each in the order given."""
    return [s for s in statements if s.kind == "finding"] + [
        s for s in statements if s.kind == "caveat"
    ]


def _top_barrier(by_factor: pd.DataFrame) -> list[Statement]:
    """The factor most often named a barrier (largest barrier share; ties: more excerpts)."""
    ranked = by_factor.sort_values(["barrier_share", "n"], ascending=[False, False])
    if not len(ranked) or ranked.iloc[0]["barrier"] <= 0:
        return []
    top = ranked.iloc[0]
    return [
        finding(
            "interviews.top_barrier",
            factor=top["factor"],
            share=float(top["barrier_share"]),
            n=int(top["n"]),
            n_groups=int(top["n_groups_barrier"]),
        )
    ]


def _agreement_caveat(agreement: str) -> Statement:
    return caveat("interviews.agreement_not_computable", reason=agreement, cap="moderate")


def _agreement_statements(
    kappa: pd.DataFrame | None, agreement: str, level: float
) -> list[Statement]:
    """Kappa on factor and valence, or why it cannot be computed; a caveat when it is low."""
    out = []
    if kappa is None or agreement == "undefined":
        out.append(_agreement_caveat(agreement))
    if kappa is not None:
        kf = kappa.set_index("variable")
        values: dict[str, Any] = {"n": int(kf.loc["factor", "n"]), "level": level}
        for v in ("factor", "valence"):
            values[v] = {
                "kappa": float(kf.loc[v, "kappa"]),
                "ci_low": float(kf.loc[v, "ci_low"]),
                "ci_high": float(kf.loc[v, "ci_high"]),
                "agreement": kf.loc[v, "agreement"],
            }
        out.append(finding("interviews.agreement", **values))
        low = [v for v in ("factor", "valence") if kf.loc[v, "kappa"] < MIN_KAPPA]
        if low:
            out.append(caveat("interviews.low_agreement", variables=low, min_kappa=MIN_KAPPA))
    return out


def _coverage_caveats(
    by_factor: pd.DataFrame,
    unused_codes: dict[str, int],
    n_ex: int,
    cap: str,
    reasons: list[str],
) -> list[Statement]:
    """Caveats on what the excerpts cover: unused codes, few excerpts, absent factors, and
    the nature of interview evidence (purposive, reported)."""
    out = [
        caveat("interviews.unused_code", unused=code, count=count)
        for code, count in unused_codes.items()
    ]
    if n_ex == 0:
        out.append(caveat("interviews.no_factor_excerpts"))
    elif "few_excerpts" in reasons or "very_few_excerpts" in reasons:
        out.append(
            caveat("interviews.few_excerpts", n=n_ex, min_excerpts=STRONG_MIN_EXCERPTS, cap=cap)
        )
    absent = [f for f in FACTORS if f not in set(by_factor["factor"])]
    if absent and n_ex:
        out.append(caveat("interviews.absent_factors", factors=absent))
    out.append(caveat("interviews.purposive"))
    return out


def _cap(strength: str, ceiling: str) -> str:
    """``strength``, lowered to ``ceiling`` when it is above it."""
    weaker = STRENGTHS.index(strength) >= STRENGTHS.index(ceiling)
    return strength if weaker else ceiling


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
_SIGN = {"barrier": -1.0, "enabler": 1.0, "neutral": 0.0}


def _judge(r: Any) -> tuple[str, str, float, int]:
    """Direction and strength (before the cap) of one factor; the dominant share and the
    stakeholder groups that voiced it."""
    sb, se_, n = r.barrier_share, r.enabler_share, int(r.n)
    margin = abs(sb - se_)
    if sb > se_ and sb >= MIN_DOMINANT_SHARE:
        direction, s, g = "barrier", sb, int(r.n_groups_barrier)
    elif se_ > sb and se_ >= MIN_DOMINANT_SHARE:
        direction, s, g = "enabler", se_, int(r.n_groups_enabler)
    else:
        return "neutral", "none", max(sb, se_), 0
    if (
        s >= STRONG_MIN_SHARE
        and margin >= STRONG_MIN_MARGIN
        and n >= STRONG_MIN_FACTOR_EXCERPTS
        and g >= STRONG_MIN_GROUPS
    ):
        return direction, "strong", s, g
    if s >= MODERATE_MIN_SHARE and n >= MODERATE_MIN_FACTOR_EXCERPTS and g >= MODERATE_MIN_GROUPS:
        return direction, "moderate", s, g
    return direction, "weak", s, g


def _evidence_row(r: Any, cap: str, cap_reasons: tuple) -> dict[str, Any]:
    direction, strength, share, groups = _judge(r)
    strength = _cap(strength, cap)
    n = int(r.n)
    margin = abs(r.barrier_share - r.enabler_share)
    bonus = 0.25 * margin if strength != "none" else 0.0
    information = min(1.0, n / FULL_INFORMATION_EXCERPTS)
    detail = finding(
        "interviews.evidence_detail",
        n=n,
        n_interviews=int(r.n_interviews),
        barrier=int(r.barrier),
        barrier_share=float(r.barrier_share),
        enabler=int(r.enabler),
        enabler_share=float(r.enabler_share),
        neutral=int(r.neutral),
        n_groups=int(r.n_groups),
        cap_reasons=list(cap_reasons),
        strong_min_excerpts=STRONG_MIN_EXCERPTS,
        moderate_min_excerpts=MODERATE_MIN_EXCERPTS,
    )
    return {
        "factor": r.factor,
        "source": "interviews",
        "finding": finding(
            "interviews.evidence",
            factor=r.factor,
            direction=direction,
            share=float(share),
            n_groups=groups,
        ),
        "direction": direction,
        "strength": strength,
        "score": _SIGN[direction] * (_STRENGTH_BASE[strength] + bonus) * information,
        "n": n,
        "detail": detail,
    }


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
        (``n`` = excerpts on the factor). ``finding`` is a statement ``interviews.evidence``
        and ``detail`` a statement ``interviews.evidence_detail`` (render with
        :func:`evaltools.prose.render_frame`).
    """
    if not isinstance(result, InterviewResult):
        raise ParameterError(
            "result must be the InterviewResult returned by evaltools.interviews.analyze"
        )
    rows = [
        _evidence_row(r, result.strength_cap, result.cap_reasons)
        for r in result.by_factor.itertuples(index=False)
    ]
    return make_evidence_frame(rows)


#: The British spelling, kept as an alias so that either name works; ``analyze`` is canonical.
analyse = analyze

__all__ = [
    "AGREEMENT_CODES",
    "AGREEMENT_NOT_COMPUTABLE",
    "CAP_REASONS",
    "FULL_INFORMATION_EXCERPTS",
    "LANDIS_KOCH",
    "MIN_KAPPA",
    "MODERATE_MIN_EXCERPTS",
    "MODERATE_MIN_FACTOR_EXCERPTS",
    "MODERATE_MIN_GROUPS",
    "STRONG_MIN_EXCERPTS",
    "STRONG_MIN_FACTOR_EXCERPTS",
    "STRONG_MIN_GROUPS",
    "UNUSED_CODES",
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
