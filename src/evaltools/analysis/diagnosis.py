"""Diagnosis: from evidence rows to ranked causes and recommendations.

The evidence matrix (:func:`evidence_matrix`) stacks the evidence rows of every source
(contract: :mod:`evaltools.analysis.evidence`), numbers them (``evidence_id`` E01, E02, …) and
adds an explicit "data tidak tersedia" cell for each expected factor × source combination
without data (:data:`EXPECTED_SOURCES`).

Ranking rules (:func:`rank_causes`; the same table is in ``docs/diagnosis-rules.md``)
------------------------------------------------------------------------------------
1. **Row support.** ``support = -score`` (clipped to [−1, 1]): positive = the row says the
   factor is a barrier, negative = it says the factor is an enabler. Each row also has a
   reliability weight from its strength, ``w`` = strong 1,0 · moderate 0,7 · weak 0,4 ·
   none 0,4 (a source that looked and found nothing is evidence of no effect, as reliable as
   weak evidence).
2. **Source cell.** The rows of one source for one factor are combined into one cell: value =
   ``Σ w·support / Σ w`` over its rows, weight = mean ``w`` of its rows; a source cannot weigh
   more by producing more rows.
3. **Base score.** The weighted mean of the cells, ``Σ cell_weight · cell_value / Σ
   cell_weight``, in [−1, 1].
4. **Agreeing sources, counted by strength.** A source *agrees* when its cell value is ≥ 0,1
   and it holds a barrier row of strength weak or more; it counts with the weight of its
   strongest such row (strong 1,0 · moderate 0,7 · weak 0,4): ``credit = Σ`` over agreeing
   sources. A weak source (e.g. one late regulation, which the mandates rule grades weak) is
   0,4 of a source, not a full one.
5. **Triangulation bonus.** When ``credit > 1`` and the base score is positive, the score
   moves towards 1 by ``bonus = min(0,2, 0,1 × (credit − 1))`` of the remaining headroom:
   ``score = base + bonus × (1 − base)``. The score therefore always lies in [−1, 1].
6. **Verdict** from the score: ≥ 0,5 strong · ≥ 0,3 moderate · ≥ 0,1 weak · else none.
7. **Caps by agreeing evidence.** ``credit < 2`` (fewer than two full sources agree: a single
   source, or one strong source and one weak one): at most moderate, and at most the strength
   of the strongest agreeing source (a cause resting on weak evidence stays weak). ``credit =
   0`` (no barrier row with a signal): none.
8. **Counter-evidence.** When any source has a cell of value ≤ −0,1 whose rows include an
   enabler of at least moderate strength, the verdict drops one level (once; weak → none).
9. **Against.** A factor left at *none* whose score is ≤ −0,1 with at least one enabler row of
   strength weak or more gets **against**: the evidence points the other way ("bukti
   menunjuk sebaliknya"), which is not the same as *none* ("tidak ada bukti": no signal).
10. **No data, no verdict.** A factor without any available row gets *none* with the summary
    "data tidak tersedia" and score NaN.
11. **Rank.** By verdict (strong, moderate, weak, none, against), then score, then the number
    of sources.

Each verdict cites the ``evidence_id`` of the rows that support it (``supporting``) and of the
rows that contradict it (``contrary``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from importlib import resources as _resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from evaltools import prose
from evaltools.analysis import registry
from evaltools.analysis._checks import check_confidence_level
from evaltools.analysis.evidence import EVIDENCE_COLUMNS, make_evidence_frame
from evaltools.errors import EvaltoolsError, ParameterError
from evaltools.formatting import fmt_number
from evaltools.plotting.style import STRENGTH_COLORS, new_figure
from evaltools.results import Result, Statement, caveat, finding
from evaltools.vocabulary import DIRECTIONS, FACTORS, STRENGTHS

#: The ``finding`` of a matrix cell without data (rendered "data tidak tersedia" / "no data
#: available").
NOT_AVAILABLE = finding("diagnosis.not_available")
MAX_AGENCIES = 3  # agencies named in the "where" answer; the full list is in progress.agency_table

#: Cause verdicts, in rank order: the three barrier strengths, then ``none`` (no signal, or no
#: data) and ``against`` (the evidence points the other way: the factor looks like an enabler).
VERDICTS = ("strong", "moderate", "weak", "none", "against")
BARRIER_VERDICTS = ("strong", "moderate", "weak")

#: The four questions the diagnosis answers, in order.
QUESTIONS = ("stagnant", "where", "why", "so_what")


class _Labels(Mapping[str, str]):
    """A read-only view of one kind of prose label in the current language (old names such as
    ``diagnosis.SOURCE_LABELS`` keep working and follow ``prose.set_language``)."""

    def __init__(self, kind: str, codes: Any) -> None:
        self._kind, self._codes = kind, codes

    def _keys(self) -> tuple[str, ...]:
        return tuple(self._codes() if callable(self._codes) else self._codes)

    def __getitem__(self, code: str) -> str:
        if code not in self._keys():
            raise KeyError(code)
        if self._kind == "source":
            return registry.source_label(code)
        return prose.label(self._kind, code)

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys())

    def __len__(self) -> int:
        return len(self._keys())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({dict(self)!r})"


#: Words of the verdicts, sources and directions in the current language (views of
#: :mod:`evaltools.prose`; kinds ``strength``, ``source``, ``direction``).
VERDICT_LABELS: Mapping[str, str] = _Labels("strength", VERDICTS)
SOURCE_LABELS: Mapping[str, str] = _Labels("source", registry.names)
#: Direction of an evidence row, read as an answer to "is this factor a barrier?": an enabler
#: row is evidence the other way (e.g. peers that faced the same shock and kept improving are
#: evidence against the shock explaining the stall), not "support" for the stall.
DIRECTION_LABELS: Mapping[str, str] = _Labels("direction", DIRECTIONS)


def __getattr__(name: str) -> Any:
    # Factor × source combinations that the design expects (DESIGN.md §3), from the registry of
    # evidence sources; each one without data gets an explicit "no data" cell in the matrix.
    if name == "EXPECTED_SOURCES":
        return registry.expected_sources()
    if name == "SOURCES":
        return registry.names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


MATRIX_COLUMNS = ("evidence_id", *EVIDENCE_COLUMNS, "available")


@dataclass(frozen=True)
class Rules:
    """The ranking rules; every number is documented in the module docstring.

    Pass ``rules=Rules(...)`` or ``rules={"weak": 0.15}`` (overrides) to :func:`rank_causes`.
    """

    strength_weights: Mapping[str, float] = field(
        default_factory=lambda: {"strong": 1.0, "moderate": 0.7, "weak": 0.4, "none": 0.4}
    )
    strong: float = 0.5
    moderate: float = 0.3
    weak: float = 0.1
    agree_min: float = 0.1
    triangulation_bonus: float = 0.1
    triangulation_max: float = 0.2
    strong_min_sources: float = 2.0
    counter_min_support: float = 0.1
    counter_min_strength: str = "moderate"

    def validate(self) -> Rules:
        w = dict(self.strength_weights)
        if set(w) != set(STRENGTHS) or any(not (0 < float(v) <= 1) for v in w.values()):
            raise ParameterError(
                f"rules.strength_weights needs a weight in (0, 1] for each of {STRENGTHS}"
            )
        if not (0 <= self.weak <= self.moderate <= self.strong):
            raise ParameterError("rules thresholds must satisfy 0 <= weak <= moderate <= strong")
        if not self.strong_min_sources >= 0:
            raise ParameterError("rules.strong_min_sources must be 0 or more")
        if not (0 <= self.triangulation_bonus <= 1 and 0 <= self.triangulation_max <= 1):
            raise ParameterError(
                "rules: triangulation_bonus and triangulation_max must lie in [0, 1]"
            )
        if self.counter_min_strength not in ("strong", "moderate", "weak"):
            raise ParameterError("rules.counter_min_strength must be strong, moderate or weak")
        return self


DEFAULT_RULES = Rules()


def _resolve_rules(rules: Rules | Mapping[str, Any] | None) -> Rules:
    if rules is None:
        return DEFAULT_RULES
    if isinstance(rules, Rules):
        return rules.validate()
    if isinstance(rules, Mapping):
        known = {f.name for f in fields(Rules)}
        unknown = sorted(set(rules) - known)
        if unknown:
            raise ParameterError(f"rules: unknown key(s) {unknown}; known keys are {sorted(known)}")
        return replace(DEFAULT_RULES, **rules).validate()
    raise ParameterError("rules must be a diagnosis.Rules, a dict of overrides, or None")


# --------------------------------------------------------------------------------------------
# Evidence matrix
# --------------------------------------------------------------------------------------------


def evidence_matrix(
    frames: Iterable[pd.DataFrame | None] | Mapping[str, pd.DataFrame | None],
) -> pd.DataFrame:
    """Stack evidence rows from every source; mark expected cells without data.

    Parameters
    ----------
    frames : iterable or mapping of pandas.DataFrame or None
        Evidence frames (contract columns ``factor, source, finding, direction, strength,
        score, n, detail``). ``None`` entries (a source without data) are skipped.

    Returns
    -------
    pandas.DataFrame
        Columns ``evidence_id`` ("E01", … for available rows; empty for missing cells),
        ``factor, source, finding, direction, strength, score, n, detail`` and ``available``
        (bool). Missing cells have ``finding =`` :data:`NOT_AVAILABLE`, ``available = False``,
        empty ``direction``/``strength`` and NaN ``score``/``n``. Sorted by factor, then source
        (contract order).
    """
    items = frames.values() if isinstance(frames, Mapping) else frames
    parts = []
    for f in items:
        if f is None:
            continue
        if not isinstance(f, pd.DataFrame):
            raise ParameterError(f"frames: expected evidence DataFrames, got {type(f).__name__}")
        missing = [
            c for c in ("factor", "source", "direction", "strength", "score") if c not in f.columns
        ]
        if missing:
            raise ParameterError(
                f"frames: an evidence frame lacks column(s) {missing}; build it with "
                "evaltools.analysis.evidence.make_evidence_frame"
            )
        if len(f):
            parts.append(make_evidence_frame(f.to_dict("records")))
    rows = pd.concat(parts, ignore_index=True) if parts else make_evidence_frame([])
    rows["available"] = True
    rows = _sort(rows)
    rows.insert(0, "evidence_id", [f"E{i + 1:02d}" for i in range(len(rows))])
    present = set(zip(rows["factor"], rows["source"], strict=True))
    fill = []
    for factor, sources in registry.expected_sources().items():
        for source in sources:
            if (factor, source) not in present:
                fill.append(
                    {
                        "evidence_id": "",
                        "factor": factor,
                        "source": source,
                        "finding": NOT_AVAILABLE,
                        "direction": "",
                        "strength": "",
                        "score": np.nan,
                        "n": np.nan,
                        "detail": "",
                        "available": False,
                    }
                )
    if fill:
        rows = pd.concat([rows, pd.DataFrame(fill)], ignore_index=True)
    rows = _sort(rows).reset_index(drop=True)
    rows["available"] = rows["available"].astype(bool)
    return rows[list(MATRIX_COLUMNS)]


def _sort(frame: pd.DataFrame) -> pd.DataFrame:
    fo = {f: i for i, f in enumerate(FACTORS)}
    so = {s: i for i, s in enumerate(registry.names())}
    key = frame["factor"].map(fo) * 100 + frame["source"].map(so)
    return frame.assign(_k=key).sort_values("_k", kind="stable").drop(columns="_k")


# --------------------------------------------------------------------------------------------
# Ranking
# --------------------------------------------------------------------------------------------


def _lower(verdict: str) -> str:
    """One level down among the barrier verdicts; ``weak`` becomes ``none``."""
    i = BARRIER_VERDICTS.index(verdict)
    return BARRIER_VERDICTS[i + 1] if i + 1 < len(BARRIER_VERDICTS) else "none"


def _cap(verdict: str, cap: str) -> str:
    return verdict if BARRIER_VERDICTS.index(verdict) >= BARRIER_VERDICTS.index(cap) else cap


def _grade(score: float, r: Rules) -> str:
    return (
        "strong"
        if score >= r.strong
        else "moderate"
        if score >= r.moderate
        else "weak"
        if score >= r.weak
        else "none"
    )


def rank_causes(
    matrix: pd.DataFrame, *, rules: Rules | Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Rank the five factors with a verdict each, by the documented rules (module docstring).

    Parameters
    ----------
    matrix : pandas.DataFrame
        Output of :func:`evidence_matrix` (a plain evidence frame is accepted too and gets
        ``evidence_id``/``available`` added).
    rules : Rules or dict, optional
        The rules, or overrides of :data:`DEFAULT_RULES`.

    Returns
    -------
    pandas.DataFrame
        One row per factor, in rank order: ``factor``, ``factor_label`` (Indonesian), ``rank``
        (1 = strongest supported cause), ``verdict`` (:data:`VERDICTS`: strong / moderate /
        weak / none / against), ``verdict_label`` (Indonesian), ``score`` (factor score after
        the triangulation bonus, within [−1, 1]; NaN without data), ``n_sources`` (sources
        with data), ``sources`` (comma-separated ids), ``sources_label`` (the same in
        Indonesian, for readers), ``n_agree`` (sources agreeing on a barrier), ``agree_credit``
        (those sources counted by their strength, rule 4), ``supporting`` / ``contrary``
        (evidence ids, comma-separated), ``rule_notes`` (which caps applied), ``summary``
        (Indonesian sentence).
    """
    r = _resolve_rules(rules)
    if not isinstance(matrix, pd.DataFrame):
        raise ParameterError("matrix must be the DataFrame returned by diagnosis.evidence_matrix")
    if "available" not in matrix.columns or "evidence_id" not in matrix.columns:
        matrix = evidence_matrix([matrix])
    rows = matrix[matrix["available"]].copy()
    bad = sorted(set(rows["strength"]) - set(STRENGTHS)) + sorted(
        set(rows["direction"]) - set(DIRECTIONS)
    )
    if bad:
        raise ParameterError(f"matrix: unknown strength/direction value(s) {bad}")
    w = dict(r.strength_weights)
    rows["support"] = -rows["score"].fillna(0.0).clip(-1.0, 1.0)
    rows["weight"] = rows["strength"].map(w).astype(float)
    rows["wsupport"] = rows["support"] * rows["weight"]
    out = []
    for factor in FACTORS:
        sub = rows[rows["factor"] == factor]
        if sub.empty:
            out.append(
                {
                    "factor": factor,
                    "verdict": "none",
                    "score": np.nan,
                    "n_sources": 0,
                    "sources": "",
                    "n_agree": 0,
                    "agree_credit": 0.0,
                    "supporting": "",
                    "contrary": "",
                    "rule_notes": finding("diagnosis.rule_notes", notes=[{"rule": "no_data"}]),
                    "summary": _summary(factor, "none", sub),
                }
            )
            continue
        g = sub.groupby("source", sort=False)
        cells = g["wsupport"].sum() / g["weight"].sum()
        cell_w = g["weight"].mean()
        n_sources = len(cells)
        base = float((cells * cell_w).sum() / cell_w.sum())
        # Rule 4: a source agrees when its cell leans to "barrier" and holds a barrier row with
        # a real signal; it counts with the weight of its strongest such row (a weak source is
        # not a full agreeing source).
        signal = sub[(sub["direction"] == "barrier") & (sub["strength"] != "none")]
        best = signal.groupby("source", sort=False)["strength"].agg(
            lambda x: min(x, key=STRENGTHS.index)
        )
        agree = best[best.index.isin(cells[cells >= r.agree_min].index)]
        n_agree, agree_credit = len(agree), float(agree.map(w).sum())
        notes = []
        score = base
        if agree_credit > 1.0 and base > 0:
            bonus = min(r.triangulation_max, r.triangulation_bonus * (agree_credit - 1.0))
            score = base + bonus * (1.0 - base)  # a share of the headroom: the score stays ≤ 1
            notes.append(
                {
                    "rule": "bonus",
                    "bonus": bonus * (1.0 - base),
                    "credit": agree_credit,
                    "n": n_agree,
                }
            )
        enablers = sub[(sub["direction"] == "enabler") & (sub["strength"] != "none")]
        verdict = _grade(score, r)
        if verdict != "none" and agree_credit == 0:
            verdict = "none"  # nothing with a real signal calls it a barrier
        elif verdict != "none" and agree_credit < r.strong_min_sources:
            # Fewer than two full sources agree: at most moderate, and never stronger than the
            # strongest agreeing source (a cause resting on weak evidence stays weak).
            top = min(agree, key=STRENGTHS.index)
            capped = _cap(_cap(verdict, "moderate"), top)
            if capped != verdict:
                notes.append({"rule": "cap", "cap": capped, "credit": agree_credit, "top": top})
            verdict = capped
        # "Strong" needs two full sources' worth of at least moderate agreeing evidence: weak
        # sources add to the score but cannot make a cause strong (thin survey + thin interviews
        # + one complete source is not triangulation).
        solid_credit = float(agree[agree.isin(("strong", "moderate"))].map(w).sum())
        if verdict == "strong" and solid_credit < r.strong_min_sources:
            notes.append(
                {
                    "rule": "cap",
                    "cap": "moderate",
                    "credit": solid_credit,
                    "top": min(agree, key=STRENGTHS.index),
                }
            )
            verdict = "moderate"
        min_rank = STRENGTHS.index(r.counter_min_strength)
        counter_sources = [
            s
            for s, v in cells.items()
            if v <= -r.counter_min_support
            and (
                enablers[enablers["source"] == s]["strength"].map(STRENGTHS.index) <= min_rank
            ).any()
        ]
        lowered_by = counter_sources if verdict != "none" else []
        if lowered_by:
            verdict = _lower(verdict)
            notes.append({"rule": "counter", "sources": list(counter_sources)})
        if verdict == "none" and score <= -r.weak and len(enablers):
            verdict = "against"
        supporting = sub[(sub["support"] > 0) & (sub["strength"] != "none")]["evidence_id"]
        contrary = sub[(sub["support"] < 0) & (sub["strength"] != "none")]["evidence_id"]
        out.append(
            {
                "factor": factor,
                "verdict": verdict,
                "score": score,
                "n_sources": n_sources,
                "sources": ", ".join(cells.index),
                "n_agree": n_agree,
                "agree_credit": agree_credit,
                "supporting": ", ".join(supporting),
                "contrary": ", ".join(contrary),
                "rule_notes": finding("diagnosis.rule_notes", notes=notes) if notes else "",
                "summary": _summary(
                    factor,
                    verdict,
                    sub,
                    agree=agree,
                    supporting=", ".join(supporting),
                    contrary=", ".join(contrary),
                    counter=lowered_by,
                ),
            }
        )
    table = pd.DataFrame(out)
    table["_v"] = table["verdict"].map(VERDICTS.index)
    table["_s"] = table["score"].fillna(-np.inf)
    table = table.sort_values(
        ["_v", "_s", "n_sources"], ascending=[True, False, False], kind="stable"
    )
    table = table.drop(columns=["_v", "_s"]).reset_index(drop=True)
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    table.insert(0, "factor_label", [prose.label("factor", f) for f in table["factor"]])
    table.insert(0, "factor", table.pop("factor"))
    table.insert(4, "verdict_label", [VERDICT_LABELS[v] for v in table["verdict"]])
    table["sources_label"] = [
        ", ".join(registry.source_label(x) for x in v.split(", ")) if v else ""
        for v in table["sources"]
    ]
    cols = [
        "factor",
        "factor_label",
        "rank",
        "verdict",
        "verdict_label",
        "score",
        "n_sources",
        "sources",
        "sources_label",
        "n_agree",
        "agree_credit",
        "supporting",
        "contrary",
        "rule_notes",
        "summary",
    ]
    return table[cols]


def _summary(
    factor: str,
    verdict: str,
    sub: pd.DataFrame,
    *,
    agree: pd.Series | None = None,
    supporting: str = "",
    contrary: str = "",
    counter: Iterable[str] = (),
) -> Statement:
    """The verdict of one factor as a statement (``diagnosis.cause``; words in
    :mod:`evaltools.prose.diagnosis`, associational wording of docs/diagnosis-rules.md §6)."""
    counter = list(counter)
    agree = agree if agree is not None else pd.Series(dtype=object)
    ids = (
        ", ".join(sub[sub["source"].isin(counter) & (sub["direction"] == "enabler")]["evidence_id"])
        if counter
        else ""
    )
    return finding(
        "diagnosis.cause",
        factor=factor,
        verdict=verdict,
        sources=list(dict.fromkeys(sub["source"])) if len(sub) else [],
        agree=[(str(s), str(st)) for s, st in agree.items()],
        supporting=supporting,
        contrary=contrary,
        counter=counter,
        counter_ids=ids,
    )


# --------------------------------------------------------------------------------------------
# Recommendations
# --------------------------------------------------------------------------------------------

RECOMMENDATION_COLUMNS = ("factor", "priority", "recommendation", "who", "horizon", "indicator")
_TEXT_COLUMNS = ("recommendation", "who", "horizon", "indicator")

#: Placeholders a recommendation table may use in ``recommendation``, ``who`` and
#: ``indicator``; :func:`responsible_roles` fills them from the data. They are replaced as plain
#: text (``str.replace``), never as a template: text from the data is not interpreted.
ROLE_TOKENS = (
    "{koordinator}",
    "{kepala_daerah}",
    "{regulasi}",
    "{daerah_cerdas}",
    "{Daerah_Cerdas}",
)
#: Kind of region by the first word of its name ("Kota …", "Kabupaten …"); the words for each
#: kind (head of region, smart-region programme) are prose labels (``head_of_region``,
#: ``smart_region``). Region names are data in Indonesian, so the prefixes are too.
_REGION_KIND = (
    ("kota ", "city"),
    ("kabupaten ", "regency"),
    ("kab. ", "regency"),
    ("provinsi ", "province"),
)


def generic_roles(language: str | None = None) -> dict[str, str]:
    """What each placeholder becomes when the data do not say (a generic role, not a name),
    in ``language`` (prose labels of kind ``role``)."""
    return {token: prose.label("role", token, language) for token in ROLE_TOKENS}


def responsible_roles(data: Any, *, context: Mapping[str, Any] | None = None) -> dict[str, str]:
    """Who the recommendations name, taken from the data (never from the demo case).

    Parameters
    ----------
    data : EvalData
        Uses ``context`` (``lead_agency``, ``region``, ``regulation``) and ``programs``
        (``lead_agency``).
    context : dict, optional
        Context values that override ``data.context`` (e.g. the notebook's ``region``).

    Returns
    -------
    dict
        :data:`ROLE_TOKENS` → text: ``{koordinator}`` = the context's ``lead_agency``, else the
        agency that leads the most programmes when one leads strictly more than any other and at
        least two, else a generic role; ``{kepala_daerah}`` = Wali Kota / Bupati / Gubernur
        from the region's name ("Kota …", "Kabupaten …", "Provinsi …"), else "Kepala Daerah";
        ``{regulasi}`` = the context's ``regulation``, else a generic phrase;
        ``{daerah_cerdas}`` / ``{Daerah_Cerdas}`` = "kota cerdas" / "kabupaten cerdas" …
        from the region's name, else "daerah cerdas" (the words in the current language).
    """
    ctx = {**(getattr(data, "context", None) or {}), **(context or {})}
    roles = generic_roles()
    lead = str(ctx.get("lead_agency") or "").strip()
    programs = getattr(data, "programs", None)
    if not lead and isinstance(programs, pd.DataFrame) and "lead_agency" in programs.columns:
        counts = programs["lead_agency"].dropna().astype(str).str.strip()
        counts = counts[counts != ""].value_counts()
        if (
            len(counts)
            and counts.iloc[0] >= 2
            and (len(counts) == 1 or counts.iloc[0] > counts.iloc[1])
        ):
            lead = str(counts.index[0])
    if lead:
        roles["{koordinator}"] = lead
    region = str(ctx.get("region") or "").strip().lower()
    for prefix, kind in _REGION_KIND:
        if region.startswith(prefix):
            roles["{kepala_daerah}"] = prose.label("head_of_region", kind)
            name = prose.label("smart_region", kind)
            roles["{daerah_cerdas}"], roles["{Daerah_Cerdas}"] = name, name.title()
            break
    regulation = str(ctx.get("regulation") or "").strip()
    if regulation:
        roles["{regulasi}"] = regulation
    return roles


def _fill_roles(df: pd.DataFrame, roles: Mapping[str, str]) -> pd.DataFrame:
    """Replace the placeholders in one pass: a value is inserted as it is, never read again
    (a value containing "{kepala_daerah}" or "{0}" stays literally so)."""
    import re

    df = df.copy()
    if not roles:
        return df
    pattern = re.compile("|".join(re.escape(t) for t in sorted(roles, key=len, reverse=True)))

    def fill(text: Any) -> Any:
        return pattern.sub(lambda m: roles[m.group(0)], text) if isinstance(text, str) else text

    for col in ("recommendation", "who", "indicator"):
        df[col] = df[col].map(fill)
    return df


def load_recommendation_table(
    table: pd.DataFrame | str | Path | None = None, *, language: str | None = None
) -> pd.DataFrame:
    """The cause → recommendation table: the packaged one, a CSV path, or a DataFrame.

    The text columns ``recommendation, who, horizon, indicator`` are the Indonesian edition;
    a column with the language as suffix (``recommendation_en`` …) gives the text of that
    edition. A table without it (or a row where it is empty) keeps the Indonesian text, so a
    researcher's own table still works in every language.

    Parameters
    ----------
    table : DataFrame, CSV path or None
        Default: the packaged ``resources/recommendations.csv`` (Indonesian and English).
    language : str, optional
        ``"id"`` or ``"en"``; default the current language (:func:`evaltools.prose.get_language`).

    Returns
    -------
    pandas.DataFrame
        Columns ``factor, priority, recommendation, who, horizon, indicator`` in the language.

    Examples
    --------
    >>> from evaltools.analysis.diagnosis import load_recommendation_table
    >>> en = load_recommendation_table(language="en")
    >>> en.loc[en["factor"] == "communication", "horizon"].iloc[0]
    'short term (≤ 1 year)'
    """
    lang = prose.get_language(language)
    if table is None:
        with (
            _resources.files("evaltools")
            .joinpath("resources", "recommendations.csv")
            .open(encoding="utf-8") as fh
        ):
            df = pd.read_csv(fh)
    elif isinstance(table, (str, Path)):
        path = Path(table)
        if not path.is_file():
            raise ParameterError(
                f"table: recommendation file {path} not found; pass a CSV with columns "
                f"{list(RECOMMENDATION_COLUMNS)}"
            )
        df = pd.read_csv(path)
    elif isinstance(table, pd.DataFrame):
        df = table.copy()
    else:
        raise ParameterError("table must be None, a CSV path or a DataFrame")
    missing = [c for c in RECOMMENDATION_COLUMNS if c not in df.columns]
    if missing:
        raise ParameterError(
            f"recommendation table lacks column(s) {missing}; "
            f"it needs {list(RECOMMENDATION_COLUMNS)}"
        )
    bad = sorted(set(df["factor"].dropna()) - set(FACTORS))
    if bad:
        raise ParameterError(
            f"recommendation table, column 'factor': unknown value(s) {bad}; use {list(FACTORS)}"
        )
    if lang != "id":
        for col in _TEXT_COLUMNS:
            own = f"{col}_{lang}"
            if own in df.columns:
                text = df[own].astype("string").str.strip()
                df[col] = df[col].where(text.isna() | (text == ""), df[own])
    df["priority"] = pd.to_numeric(df["priority"], errors="coerce")
    if df["priority"].isna().any():
        raise ParameterError(
            "recommendation table, column 'priority' must be a number in every row (1 = first)"
        )
    return df[list(RECOMMENDATION_COLUMNS)]


def recommendations(
    ranked: pd.DataFrame,
    *,
    table: pd.DataFrame | str | Path | None = None,
    per_factor: int | None = None,
    roles: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Recommendations for the causes the evidence supports, in rank order.

    Parameters
    ----------
    ranked : pandas.DataFrame
        Output of :func:`rank_causes`.
    table : DataFrame, CSV path or None
        Cause → recommendation table; default the packaged ``resources/recommendations.csv``.
    per_factor : int, optional
        Keep at most this many recommendations per cause (by priority).
    roles : dict, optional
        Placeholder → text (:func:`responsible_roles`); placeholders it does not give get the
        generic role of :func:`generic_roles`. Plain text replacement, never a template.

    Returns
    -------
    pandas.DataFrame
        Columns ``rank, factor, factor_label, verdict, verdict_label, priority, recommendation,
        who, horizon, indicator``; only factors with verdict strong, moderate or weak; sorted by
        rank then priority.
    """
    if not isinstance(ranked, pd.DataFrame) or not {"factor", "rank", "verdict"} <= set(
        ranked.columns
    ):
        raise ParameterError("ranked must be the DataFrame returned by diagnosis.rank_causes")
    if per_factor is not None and (not isinstance(per_factor, int) or per_factor < 1):
        raise ParameterError(f"per_factor must be a whole number ≥ 1 or None; got {per_factor!r}")
    if roles is not None and (
        not isinstance(roles, Mapping)
        or not all(isinstance(k, str) and isinstance(v, str) for k, v in roles.items())
    ):
        raise ParameterError(
            "roles must be a dict of placeholder text → replacement text, e.g. "
            "{'{koordinator}': 'Dinas Kominfo'}"
        )
    recs = _fill_roles(load_recommendation_table(table), {**generic_roles(), **(roles or {})})
    supported = ranked[ranked["verdict"].isin(["strong", "moderate", "weak"])]
    merged = supported[["rank", "factor", "verdict"]].merge(recs, on="factor", how="inner")
    merged = merged.sort_values(["rank", "priority"], kind="stable")
    if per_factor is not None:
        merged = merged.groupby("factor", sort=False).head(per_factor)
    merged["factor_label"] = [prose.label("factor", f) for f in merged["factor"]]
    merged["verdict_label"] = [VERDICT_LABELS[v] for v in merged["verdict"]]
    cols = [
        "rank",
        "factor",
        "factor_label",
        "verdict",
        "verdict_label",
        "priority",
        "recommendation",
        "who",
        "horizon",
        "indicator",
    ]
    return merged[cols].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Orchestration
# --------------------------------------------------------------------------------------------


@dataclass
class DiagnosisResult(Result):
    """Result of :func:`diagnose`.

    ``table`` — ranked causes (:func:`rank_causes`); ``matrix`` — the evidence matrix;
    ``recommendations`` — :func:`recommendations`; ``stagnation`` — the progress verdict table
    (one row per dimension, see :func:`evaltools.analysis.progress.analyze`; empty without
    targets); ``answer_table`` — the four answers as codes, one row per question
    (``question``: stagnant, where, why, so_what; ``answer``: yes | partly | no |
    undetermined; ``strength``: strong | moderate | weak | none; ``reasons``: reason codes of
    the stagnation answer (:func:`evaltools.analysis.progress.stagnation_answer`); ``items``:
    the codes the answer names — flagged dimensions, supported factors, the first factor to
    act on; ``statement``: the :class:`~evaltools.results.Statement` the prose layer renders);
    ``parts`` — the analysis results used (by source name); ``summary_statement`` — how far the
    answers can be trusted (synthetic data, thin series); ``peer_statements`` — one statement
    per peer measure with a synthetic control (gap, permutation p and its floor 1/(J+1)).

    Rendered in the current language (properties): ``answers`` — dict question → sentence;
    ``summary_caveat`` — one sentence; ``peer_summary`` — list of sentences; ``.sentences`` —
    the four answers in order.
    """

    matrix: pd.DataFrame = field(default_factory=pd.DataFrame)
    recommendations: pd.DataFrame = field(default_factory=pd.DataFrame)
    stagnation: pd.DataFrame = field(default_factory=pd.DataFrame)
    answer_table: pd.DataFrame = field(default_factory=pd.DataFrame)
    parts: dict[str, Any] = field(default_factory=dict)
    summary_statement: Statement | None = None
    peer_statements: list[Statement] = field(default_factory=list)

    @property
    def answers(self) -> dict[str, str]:
        """The four answers in the current language: question code → sentence."""
        t = self.answer_table
        if t is None or t.empty:
            return {}
        return {
            str(q): prose.render_one(st)
            for q, st in zip(t["question"], t["statement"], strict=True)
        }

    @property
    def summary_caveat(self) -> str:
        """How far the answers can be trusted, in the current language ("" when not known)."""
        return prose.render_one(self.summary_statement) if self.summary_statement else ""

    @property
    def peer_summary(self) -> list[str]:
        """One sentence per peer measure with a synthetic control, in the current language."""
        return prose.render(self.peer_statements)

    def plot(self, ax=None):
        """Ranked causes: horizontal bars of the factor score, coloured by verdict."""
        fig, ax = new_figure(ax)
        t = self.table
        y = np.arange(len(t))
        colors = [STRENGTH_COLORS.get(v, STRENGTH_COLORS["none"]) for v in t["verdict"]]
        ax.barh(y, t["score"].fillna(0), color=colors, edgecolor="#333333", lw=0.5)
        for yi, (_, r) in zip(y, t.iterrows(), strict=True):
            text = (
                prose.render_one(NOT_AVAILABLE)
                if pd.isna(r["score"])
                else f"{VERDICT_LABELS[r['verdict']]} ({fmt_number(r['score'], 2)})"
            )
            x = 0 if pd.isna(r["score"]) else max(r["score"], 0)
            ax.text(x + 0.02, yi, text, va="center", fontsize=8)
        ax.set_yticks(y)
        ax.set_yticklabels(
            [f"{r['rank']}. {prose.label('factor', r['factor'])}" for _, r in t.iterrows()]
        )
        ax.invert_yaxis()
        ax.axvline(0, color="#333333", lw=0.8)
        lo = min(-0.1, float(np.nanmin(t["score"])) - 0.05) if t["score"].notna().any() else -0.1
        hi = max(1.0, float(np.nanmax(t["score"])) + 0.35) if t["score"].notna().any() else 1.0
        ax.set_xlim(lo, hi)
        ax.set_xlabel(_words("diagnosis.figure.causes_xlabel"))
        ax.set_title(_words("diagnosis.figure.causes_title"))
        from matplotlib.ticker import FuncFormatter, MultipleLocator

        ax.xaxis.set_major_locator(MultipleLocator(0.2))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt_number(v, 1)))
        return fig

    def plot_matrix(self, ax=None):
        """Traffic-light evidence matrix: factors × sources, words in every cell."""
        return plot_matrix(self.matrix, ax=ax)

    def findings(self) -> dict[str, Any]:
        """The verdicts as data (schema ``evaltools.findings/1``, see ``docs/architecture.md``).

        Returns
        -------
        dict
            Keys in this order: ``schema, region, regulation, stagnation_window,
            confidence_level, synthetic, stagnant`` {``answer``: yes|partly|no|undetermined,
            ``strength``: strong|moderate|weak|none, ``dimensions_flagged``}, ``dimensions``
            [{``dimension, verdict`` (stalled|slowed|on_track|improved|undetermined),
            ``estimate, ci_low, ci_high, p_adjusted``}], ``causes`` [{``factor, rank, verdict``
            (strong|moderate|weak|none|against), ``score, sources``}], ``recommendations``
            [{``factor, rank, priority, recommendation, who, horizon, indicator``}].
            JSON-serialisable: Python floats, None for a missing number, never NaN.
        """
        return _findings(self)


def plot_matrix(matrix: pd.DataFrame, ax=None):
    """Traffic-light heatmap of an evidence matrix (factor × source) with words in the cells.

    A cell shows the strength and direction of its (strongest) row; barrier cells use the
    strength colours, enabler cells green, missing cells white with "no data" (words in the
    current language).
    Returns the Figure.
    """
    sources = [s for s in registry.names() if s in set(matrix["source"])]
    fig, ax = new_figure(ax, height=3.9)
    from matplotlib.patches import Rectangle

    enabler_colors = {
        "strong": "#1A9850",
        "moderate": "#66BD63",
        "weak": "#C7E9C0",
        "none": "#BBBBBB",
    }
    for i, factor in enumerate(FACTORS):
        for j, source in enumerate(sources):
            cell = matrix[(matrix["factor"] == factor) & (matrix["source"] == source)]
            avail = cell[cell["available"]]
            if cell.empty:  # not an expected source for this factor
                color, text = "#F2F2F2", "–"
            elif avail.empty:
                color, text = "#FFFFFF", _words("diagnosis.figure.cell_missing")
            else:
                top = avail.iloc[avail["score"].abs().fillna(0).to_numpy().argmax()]
                strength, direction = top["strength"], top["direction"]
                if direction == "enabler":
                    color = enabler_colors[strength]
                else:
                    color = (
                        STRENGTH_COLORS[strength]
                        if direction == "barrier"
                        else STRENGTH_COLORS["none"]
                    )
                text = (
                    f"{DIRECTION_LABELS[direction]}\n{prose.label('strength_word', strength)}"
                    if strength != "none"
                    else _words("diagnosis.figure.cell_none")
                )
                ids = ", ".join(avail["evidence_id"])
                text += f"\n({ids})"
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=color, edgecolor="#666666", lw=0.6))
            if text:
                dark = color in ("#C0392B", "#1A9850")
                ax.text(
                    j + 0.5,
                    i + 0.5,
                    text,
                    ha="center",
                    va="center",
                    fontsize=6.5,
                    color="white" if dark else "#222222",
                )
    ax.set_xlim(0, len(sources))
    ax.set_ylim(len(FACTORS), 0)
    ax.set_xticks(np.arange(len(sources)) + 0.5)
    ax.set_xticklabels([registry.source_label(s) for s in sources], rotation=20, ha="right")
    ax.set_yticks(np.arange(len(FACTORS)) + 0.5)
    ax.set_yticklabels([prose.label("factor", f) for f in FACTORS])
    ax.grid(False)
    ax.set_title(_words("diagnosis.figure.matrix_title"))
    return fig


def _words(code: str, **values: Any) -> str:
    """A fixed phrase of the prose layer (figure titles …) in the current language."""
    return prose.render_one(finding(code, **values))


def _run_source(
    source: registry.EvidenceSource, ctx: registry.SourceContext, caveats: list[Statement]
) -> tuple[Any, pd.DataFrame | None] | None:
    """Run one evidence source; a source whose data are unusable becomes a caveat.

    Only deliberate evaltools errors (e.g. too few points to fit) are turned into caveats;
    programming errors propagate so that they are seen and fixed, not hidden in the report.
    """
    try:
        result = source.run(ctx.data, ctx)
        return result, source.rows(result, ctx)
    except EvaltoolsError as exc:
        caveats.append(caveat("diagnosis.source_failed", source=source.name, error=str(exc)))
    return None


def _has(data: Any, *tables: str) -> bool:
    return all(
        isinstance(getattr(data, t, None), pd.DataFrame) and len(getattr(data, t)) for t in tables
    )


def diagnose(
    data: Any,
    *,
    stagnation_start: int | None = None,
    stagnation_end: int | None = None,
    as_of: Any = None,
    confidence_level: float = 0.95,
    rules: Rules | Mapping[str, Any] | None = None,
    recommendation_table: pd.DataFrame | str | Path | None = None,
    peers: Any = None,
    extra_evidence: Iterable[pd.DataFrame] = (),
    region: str | None = None,
    regulation: str | None = None,
) -> DiagnosisResult:
    """Answer the four questions: was it stagnant, where, why, and so what.

    Runs progress, budget and mandates (this package), and the survey, interview, interrupted
    time-series and peer analyses when their tables exist, gathers their evidence rows into the
    matrix, ranks the causes and picks the recommendations. A missing table produces
    "data tidak tersedia" cells, never a failure.

    Parameters
    ----------
    data : EvalData
        The loaded data (``evaltools.load_data``).
    stagnation_start, stagnation_end : int, optional
        Window; default from ``data.context``.
    as_of : date-like, optional
        Date at which mandate follow-through is judged (see :func:`evaltools.mandates.analyze`).
    confidence_level : float
        Passed to the analyses that compute intervals (progress, survey, interviews, the
        interrupted time series and the peer comparison) and to the ITS and peer evidence rules,
        which judge significance at ``1 − confidence_level``.
    rules : Rules or dict, optional
        Ranking rules (:func:`rank_causes`).
    recommendation_table : DataFrame, CSV path or None
        Own cause → recommendation table (:func:`recommendations`).
    peers : sequence of str, optional
        Peer regions for the peer comparison (default: all non-focal regions).
    extra_evidence : iterable of DataFrame
        Further evidence frames (e.g. from a researcher's own analysis).
    region, regulation : str, optional
        Names used in the answers and the findings; default from ``data.context`` (the
        notebook passes its parameters, so a ``-p region …`` reaches both).

    Returns
    -------
    DiagnosisResult
        ``.table`` ranked causes (columns of :func:`rank_causes`), ``.matrix``,
        ``.recommendations``, ``.stagnation``, ``.answers``, ``.parts``, ``.peer_summary``;
        ``.findings()`` gives the verdicts as data (schema ``evaltools.findings/1``) and
        :func:`write_findings` saves them.

    Examples
    --------
    On the demo data (run from the repository root); the answers are codes, their sentences
    come from the prose layer in the current language:

    >>> import evaltools
    >>> from evaltools import prose
    >>> res = diagnose(evaltools.load_data("data/demo"))
    >>> print(res.answer_table[["question", "answer", "strength"]].to_string(index=False))
    question answer strength
    stagnant    yes moderate
       where    yes moderate
         why    yes   strong
     so_what    yes   strong
    >>> print(res.table[["factor", "verdict"]].to_string(index=False))
           factor verdict
      disposition  strong
        structure  strong
        resources  strong
      environment    weak
    communication against
    >>> res.findings()["stagnant"]["answer"]
    'yes'
    >>> res.answers["why"].split(",")[0]
    'Faktor yang menurut bukti berkaitan dengan stagnasi sebagai hambatan'
    >>> with prose.use_language("en"):
    ...     res.answers["why"].split(",")[0]
    'Factors that the evidence associates with the stall as barriers'
    """
    from evaltools.analysis import progress as _progress

    # checked here: inside a source a bad level would only turn that source into a caveat
    confidence_level = check_confidence_level(confidence_level)
    rules = _resolve_rules(rules)  # before the analyses run: a typo in a rule costs no time
    caveats: list[Statement] = []
    frames: dict[str, pd.DataFrame | None] = {}
    ctx = dict(getattr(data, "context", None) or {})
    for key, value in (("region", region), ("regulation", regulation)):
        if value is not None and not isinstance(value, str):
            raise ParameterError(f"{key} must be a text such as 'Kota Contoh' (got {value!r})")
        if value is not None and value.strip():
            ctx[key] = value.strip()
    start_end_known = (stagnation_start is not None or "stagnation_start" in ctx) and (
        stagnation_end is not None or "stagnation_end" in ctx
    )
    if not start_end_known:
        raise ParameterError(
            "diagnose needs stagnation_start and stagnation_end (parameters or the 'context' table)"
        )
    start, end = _progress.window_from(data, stagnation_start, stagnation_end)

    run = registry.SourceContext(
        data=data,
        stagnation_start=start,
        stagnation_end=end,
        confidence_level=confidence_level,
        as_of=as_of,
        peers=peers,
    )
    for source in registry.sources():
        if not source.available(data):
            if source.note_when_missing:
                caveats.append(caveat("diagnosis.source_missing", source=source.name))
            continue
        got = _run_source(source, run, caveats)
        if got is not None:
            run.parts[source.name], frames[source.name] = got
    parts = run.parts
    prog = parts.get("progress")
    matrix = evidence_matrix([*frames.values(), *list(extra_evidence)])
    ranked = rank_causes(matrix, rules=rules)
    # The recommendations in every language (the table and the roles have words): the table
    # of the result is the current language's, the "so what?" answer carries each language's.
    by_language = {}
    for lang in prose.LANGUAGES:
        with prose.use_language(lang):
            by_language[lang] = recommendations(
                ranked, table=recommendation_table, roles=responsible_roles(data, context=ctx)
            )
    recs = by_language[prose.get_language()]
    stagnation = prog.table if prog is not None else pd.DataFrame()
    answer_table = _answers(prog, ranked, by_language, matrix, start, end, ctx)
    missing_cells = matrix[~matrix["available"]]
    if len(missing_cells):
        cells = list(zip(missing_cells["factor"], missing_cells["source"], strict=True))
        caveats.append(caveat("diagnosis.missing_cells", cells=cells))
    params = {
        "stagnation_start": start,
        "stagnation_end": end,
        "as_of": as_of,
        "confidence_level": confidence_level,
        "rules": rules,
        "region": str(ctx["region"]) if ctx.get("region") else None,
        "regulation": str(ctx["regulation"]) if ctx.get("regulation") else None,
        "synthetic": bool(getattr(data, "is_synthetic", False)),
    }
    return DiagnosisResult(
        table=ranked,
        statements=[*answer_table["statement"], *caveats],
        params=params,
        matrix=matrix,
        recommendations=recs,
        stagnation=stagnation,
        answer_table=answer_table,
        parts=parts,
        summary_statement=_summary_caveat(data, prog),
        peer_statements=_peer_statements(parts.get("peers") or {}, start, confidence_level),
    )


def _lower_first(text: str) -> str:
    """Lower-case an imperative's first letter inside a sentence ("Tetapkan" → "tetapkan"),
    but not an acronym or a proper name in capitals ("SOP", "DPRD")."""
    head = text.split(" ", 1)[0]
    return text if head.isupper() else text[:1].lower() + text[1:]


def _peers_show_local_stall(matrix: pd.DataFrame) -> bool:
    """True when a peer comparison found the region significantly behind its peers.

    Such a row is an *enabler* for the environment factor (the stall is local), and at the same
    time independent corroboration that the stall is real, not an artefact of a few targets.
    """
    rows = matrix[matrix["available"] & (matrix["source"] == "peers")]
    return bool(
        ((rows["direction"] == "enabler") & rows["strength"].isin(["strong", "moderate"])).any()
    )


def _answers(
    prog,
    ranked: pd.DataFrame,
    recs: pd.DataFrame | Mapping[str, pd.DataFrame],
    matrix: pd.DataFrame,
    start: int,
    end: int,
    ctx: Mapping[str, Any],
) -> pd.DataFrame:
    """The four answers as codes, each with the strength of its verdict and its statement.

    "Was it stagnant" is :func:`evaltools.progress.stagnation_answer` on the progress verdicts
    (codes: answer yes / partly / no / undetermined, strength strong / moderate / weak / none,
    reason codes), with ``peers_behind`` True when a peer comparison independently shows the
    region falling behind its peers in the window (:func:`_peers_show_local_stall`), False when
    peers were compared and do not, None without peers. The sentence states the length of the
    pre-period in years. Rules and calibration: ``docs/diagnosis-rules.md`` §4. ``recs`` is
    the recommendation table, or one table per language (the "so what?" statement then
    carries the first recommendation in each language).

    Returns
    -------
    pandas.DataFrame
        One row per question (:data:`QUESTIONS`): ``question, answer, strength, reasons``
        (tuple of reason codes), ``items`` (tuple of the codes the answer names),
        ``statement``.
    """
    window = {"start": int(start), "end": int(end)}
    base = {**window, "regulation": ctx.get("regulation"), "region": ctx.get("region")}
    rows = []
    if prog is None:
        ans = {"answer": "undetermined", "strength": "none", "reasons": ["no_progress_data"]}
        rows.append(
            _answer_row(
                "stagnant", ans, (), finding("diagnosis.stagnant", **base, **_codes(ans), facts={})
            )
        )
        rows.append(
            _answer_row(
                "where", ans, (), finding("diagnosis.where", status="no_data", **_empty_where())
            )
        )
    else:
        t = prog.table
        ans = _stagnation_answer(prog, matrix)
        judged = t[t["verdict"] != "undetermined"]
        stalled = [str(d) for d in judged.loc[judged["verdict"] == "stalled", "dimension"]]
        slowed = [str(d) for d in judged.loc[judged["verdict"] == "slowed", "dimension"]]
        stagnant = finding(
            "diagnosis.stagnant",
            **base,
            **_codes(ans),
            facts=dict(ans["facts"]),
            pre_years=int(ans["pre_years"]),
            n_judged=len(judged),
            n_stalled=len(stalled),
            n_slowed=len(slowed),
        )
        rows.append(_answer_row("stagnant", ans, tuple(ans["dimensions_flagged"]), stagnant))
        if ans["answer"] == "undetermined":
            where = finding("diagnosis.where", status="undetermined", **_empty_where())
        else:
            reason_of = (
                dict(zip(t["dimension"], t["undetermined_reason"], strict=True))
                if "undetermined_reason" in t
                else {}
            )
            undetermined = [str(d) for d in ans["dimensions_undetermined"]]
            where = finding(
                "diagnosis.where",
                status="judged",
                stalled=stalled,
                slowed=slowed,
                n_judged=len(judged),
                few=[d for d in undetermined if reason_of.get(d) != "interval_too_wide"],
                wide=[d for d in undetermined if reason_of.get(d) == "interval_too_wide"],
                **_agencies(prog, bool(stalled or slowed)),
            )
        rows.append(_answer_row("where", ans, tuple(stalled + slowed), where))
    rows.append(_why_row(ranked, matrix))
    rows.append(_so_what_row(ranked, recs))
    return pd.DataFrame(
        rows, columns=["question", "answer", "strength", "reasons", "items", "statement"]
    )


def _codes(ans: Mapping[str, Any]) -> dict[str, Any]:
    return {"answer": ans["answer"], "strength": ans["strength"], "reasons": list(ans["reasons"])}


def _empty_where() -> dict[str, Any]:
    return {
        "stalled": [],
        "slowed": [],
        "n_judged": 0,
        "few": [],
        "wide": [],
        "agencies": [],
        "more_agencies": 0,
    }


def _answer_row(
    question: str, ans: Mapping[str, Any], items: tuple[str, ...], statement: Statement
) -> dict[str, Any]:
    return {
        "question": question,
        "answer": ans["answer"],
        "strength": ans["strength"],
        "reasons": tuple(ans.get("reasons", ())) if question == "stagnant" else (),
        "items": items,
        "statement": statement,
    }


def _agencies(prog: Any, flagged: bool) -> dict[str, Any]:
    """The lead agencies whose programmes' rate fell significantly (at most
    :data:`MAX_AGENCIES`, steepest first), as names and numbers."""
    ag = getattr(prog, "agency_table", None)
    if not flagged or ag is None or not len(ag):
        return {"agencies": [], "more_agencies": 0}
    broke = ag[ag["verdict"].isin(["stalled", "slowed"])].sort_values("slope_change")
    top = broke.head(MAX_AGENCIES)
    return {
        "agencies": [
            {"agency": str(r["lead_agency"]), "slope_change": float(r["slope_change"])}
            for _, r in top.iterrows()
        ],
        "more_agencies": max(len(broke) - MAX_AGENCIES, 0),
    }


def _why_row(ranked: pd.DataFrame, matrix: pd.DataFrame) -> dict[str, Any]:
    """The answer to "why?" from the verdict codes (associational wording, §6 of the rules)."""
    supported = ranked[ranked["verdict"].isin(BARRIER_VERDICTS)]
    available = bool(matrix["available"].any())
    statement = finding(
        "diagnosis.why",
        available=available,
        supported=[
            (str(f), str(v)) for f, v in zip(supported["factor"], supported["verdict"], strict=True)
        ],
        none=[str(f) for f in ranked.loc[ranked["verdict"] == "none", "factor"]],
        against=[str(f) for f in ranked.loc[ranked["verdict"] == "against", "factor"]],
    )
    if not available:
        answer, strength = "undetermined", "none"
    elif supported.empty:
        answer, strength = "no", "none"
    else:
        answer, strength = "yes", str(supported["verdict"].iloc[0])
    return _answer_row(
        "why",
        {"answer": answer, "strength": strength},
        tuple(str(f) for f in supported["factor"]),
        statement,
    )


def _so_what_row(
    ranked: pd.DataFrame, recs: pd.DataFrame | Mapping[str, pd.DataFrame]
) -> dict[str, Any]:
    """The answer to "so what?": the first recommendation of the strongest supported cause,
    its text in each language given (``text``: language → recommendation, who, horizon)."""
    by_language = dict(recs) if isinstance(recs, Mapping) else {prose.get_language(): recs}
    recs = next(iter(by_language.values()))
    if recs.empty:
        statement = finding("diagnosis.so_what", n_factors=0)
        return _answer_row("so_what", {"answer": "no", "strength": "none"}, (), statement)
    top = recs.groupby("factor", sort=False).head(1)
    first = top.iloc[0]
    text = {}
    for lang, table in by_language.items():
        row = table.groupby("factor", sort=False).head(1).iloc[0]
        text[lang] = {k: str(row[k]) for k in ("recommendation", "who", "horizon")}
    statement = finding(
        "diagnosis.so_what",
        n_factors=len(top),
        factor=str(first["factor"]),
        text=text,
    )
    return _answer_row(
        "so_what",
        {"answer": "yes", "strength": str(first["verdict"])},
        (str(first["factor"]),),
        statement,
    )


def _synth_numbers(res: Any) -> dict[str, Any] | None:
    """Gap, permutation p and its floor 1/(J+1) of a peer comparison's synthetic control.

    Uses the peer result's ``synth_summary()`` when it has one (codes and numbers from
    :mod:`evaltools.analysis.quasi`), else its ``synth`` result (``placebos`` has one row per
    unit, the treated one included, so the floor is ``1 / len(placebos)``). None without a
    synthetic control.
    """
    summary = getattr(res, "synth_summary", None)
    if callable(summary):
        got = summary()
        if got is None:
            return None
        att, p, floor = got.get("att"), got.get("p_permutation"), got.get("p_floor")
        label = got.get("measure_label")
    else:
        sc = getattr(res, "synth", None)
        if sc is None:
            return None
        att, p = sc.att, sc.p_value
        floor = 1.0 / len(sc.placebos) if len(getattr(sc, "placebos", ())) else None
        label = None
    if _num(att) is None:
        return None
    floor = _num(floor)
    return {
        "att": float(att),
        "p": _num(p),
        "floor": floor if floor and floor > 0 else None,
        "label": label,
    }


def _peer_statements(
    peers: Mapping[str, Any], start: int, confidence_level: float
) -> list[Statement]:
    """One statement per peer measure with a synthetic control, for the executive summary: the
    gap, the permutation p-value and its floor, and whether that floor can reach the level."""
    from evaltools.analysis.quasi import measure_label

    out = []
    alpha = 1.0 - confidence_level
    for measure, res in peers.items():
        got = _synth_numbers(res)
        if got is None:
            continue
        floor, p = got["floor"], got["p"]
        out.append(
            finding(
                "diagnosis.peer_synth",
                measure=str(measure),
                label=got["label"] or measure_label(measure),
                focal=getattr(res, "focal", "") or None,
                start=int(start),
                att=got["att"],
                p=p,
                floor=floor,
                n_pool=round(1.0 / floor) - 1 if floor is not None else None,
                reached=bool(p is not None and floor is not None and p <= floor + 1e-12),
                floor_blocks=bool(floor is not None and floor >= alpha - 1e-12),
                alpha=alpha,
            )
        )
    return out


def _summary_caveat(data: Any, prog) -> Statement:
    """How far the answers can be trusted (synthetic data, thin series), as a statement."""
    years = prog.table["n_years"].max() if prog is not None and len(prog.table) else None
    max_years = int(years) if _num(years) is not None else None
    return caveat(
        "diagnosis.summary_caveat",
        synthetic=bool(getattr(data, "is_synthetic", False)),
        max_years=max_years,
        survey=_has(data, "survey_responses"),
        interviews=_has(data, "interview_codes"),
    )


# --------------------------------------------------------------------------------------------
# Findings as data (schema "evaltools.findings/1"; documented in docs/architecture.md)
# --------------------------------------------------------------------------------------------

FINDINGS_SCHEMA = "evaltools.findings/1"
STAGNATION_ANSWERS = ("yes", "partly", "no", "undetermined")
ANSWER_STRENGTHS = ("strong", "moderate", "weak", "none")
DIMENSION_VERDICTS = ("stalled", "slowed", "on_track", "improved", "undetermined")


#: Progress verdict codes before the calibrated stagnation test → the findings codes.
def _num(value: Any) -> float | None:
    """A finite Python float, or None (JSON has no NaN)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if np.isfinite(x) else None


def _stagnation_answer(prog: Any, matrix: pd.DataFrame) -> dict[str, Any]:
    """:func:`evaltools.progress.stagnation_answer` on the progress verdicts, with the peer
    comparison's independent corroboration — the one call behind both the report's sentence
    and ``findings()["stagnant"]``."""
    from evaltools.analysis import progress as _progress

    has_peers = bool(len(matrix) and (matrix["available"] & (matrix["source"] == "peers")).any())
    peers_behind = (
        True
        if (len(matrix) and _peers_show_local_stall(matrix))
        else (False if has_peers else None)
    )
    params = getattr(prog, "params", {}) or {}
    return _progress.stagnation_answer(
        prog.table,
        peers_behind=peers_behind,
        confidence_level=params.get("confidence_level"),
        min_programmes=params.get("min_programmes", 3),
    )


def _stagnation_codes(
    prog: Any, matrix: pd.DataFrame
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``stagnant`` and ``dimensions`` of the findings, as codes."""
    if prog is None or getattr(prog, "table", None) is None or prog.table.empty:
        return {"answer": "undetermined", "strength": "none", "dimensions_flagged": []}, []
    dims = [
        {
            "dimension": str(r["dimension"]),
            "verdict": str(r["verdict"]),
            "estimate": _num(r.get("slope_change")),
            "ci_low": _num(r.get("slope_change_ci_low")),
            "ci_high": _num(r.get("slope_change_ci_high")),
            "p_adjusted": _num(r.get("p_adjusted")),
        }
        for _, r in prog.table.iterrows()
    ]
    got = _stagnation_answer(prog, matrix)
    return {
        "answer": str(got["answer"]),
        "strength": str(got["strength"]),
        "dimensions_flagged": [str(d) for d in got["dimensions_flagged"]],
    }, dims


def _findings(result: DiagnosisResult) -> dict[str, Any]:
    p = result.params
    prog = result.parts.get("progress")
    stagnant, dimensions = _stagnation_codes(prog, result.matrix)
    causes = []
    for _, r in result.table.iterrows():
        causes.append(
            {
                "factor": str(r["factor"]),
                "rank": int(r["rank"]),
                "verdict": str(r["verdict"]),
                "score": _num(r["score"]),
                "sources": [s for s in str(r["sources"]).split(", ") if s],
            }
        )
    recs = []
    for _, r in result.recommendations.iterrows():
        recs.append(
            {
                "factor": str(r["factor"]),
                "rank": int(r["rank"]),
                "priority": int(r["priority"]),
                "recommendation": str(r["recommendation"]),
                "who": str(r["who"]),
                "horizon": str(r["horizon"]),
                "indicator": str(r["indicator"]),
            }
        )
    start, end = p.get("stagnation_start"), p.get("stagnation_end")
    return {
        "schema": FINDINGS_SCHEMA,
        "region": p.get("region"),
        "regulation": p.get("regulation"),
        "stagnation_window": [int(start), int(end)]
        if start is not None and end is not None
        else None,
        "confidence_level": _num(p.get("confidence_level")),
        "synthetic": bool(p.get("synthetic", False)),
        "stagnant": stagnant,
        "dimensions": dimensions,
        "causes": causes,
        "recommendations": recs,
    }


def write_findings(result: DiagnosisResult, path: str | Path) -> Path:
    """Write ``result.findings()`` as JSON, atomically (temporary file, then rename).

    Parameters
    ----------
    result : DiagnosisResult
    path : str or Path
        Target file; its folder must exist.

    Returns
    -------
    Path
        The file written.
    """
    import json

    from evaltools._io import atomic_write

    if not isinstance(result, DiagnosisResult):
        raise ParameterError(
            "write_findings needs the DiagnosisResult returned by diagnosis.diagnose"
        )
    target = Path(path)
    if not target.parent.is_dir():
        raise ParameterError(f"write_findings: folder {target.parent} does not exist")
    text = json.dumps(result.findings(), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    return atomic_write(target, text)


__all__ = [
    "DEFAULT_RULES",
    "FINDINGS_SCHEMA",
    "NOT_AVAILABLE",
    "DiagnosisResult",
    "Rules",
    "diagnose",
    "evidence_matrix",
    "load_recommendation_table",
    "plot_matrix",
    "rank_causes",
    "recommendations",
    "responsible_roles",
    "write_findings",
]
