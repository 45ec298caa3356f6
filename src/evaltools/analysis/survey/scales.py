"""Survey scales: reliability per factor and factor means by group."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from evaltools.analysis._checks import check_confidence_level
from evaltools.analysis.reliability import cronbach_alpha, mcdonald_omega
from evaltools.analysis.survey.coding import (
    RESPONDENT_COLUMNS,
    SURVEY_FACTORS,
    _check_min_share,
    _factors_present,
    _recode,
    _resolve,
    _scale_of,
    _scores,
)
from evaltools.errors import ParameterError
from evaltools.plotting.style import FACTOR_COLORS, id_number_formatter, new_figure
from evaltools.prose import label
from evaltools.results import Result, Statement, caveat, finding

#: Alpha below this is "questionable" (George & Mallery's rule of thumb, common in Indonesian
#: theses); such a scale's evidence is capped at "weak".
MIN_ALPHA = 0.6
#: Group code of :func:`factor_scores` with ``by=None`` (all respondents together).
ALL_RESPONDENTS = "all"
#: A group with fewer respondents than this gets a caveat (its mean is not stable).
MIN_GROUP_RESPONDENTS = 5

# --------------------------------------------------------------------------------------------
# Reliability per scale
# --------------------------------------------------------------------------------------------


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
        Statements: ``survey.reliable_scales``; caveats ``survey.items_excluded``,
        ``survey.single_item``, ``survey.too_few_respondents``, ``survey.low_alpha``.
    """
    level = check_confidence_level(confidence_level)
    responses, items_df = _resolve(data, items)
    return _reliability(_recode(responses, items_df), items_df, level, min_alpha)


def _scale_reliability(
    coded: pd.DataFrame, factor: str, ids: list[str], level: float, min_alpha: float
) -> tuple[dict[str, Any], pd.DataFrame | None, list[Statement]]:
    """One scale's row of the reliability table, its item statistics and its caveats."""
    empty = [i for i in ids if coded[i].notna().sum() == 0]
    usable = [i for i in ids if i not in empty]
    notes = [caveat("survey.items_excluded", items=empty, factor=factor)] if empty else []
    sub = coded[usable].dropna(how="all") if usable else pd.DataFrame()
    row: dict[str, Any] = {
        "factor": factor,
        "n_items": len(usable),
        "n_items_excluded": len(empty),
        "n_respondents": len(sub),
        **dict.fromkeys(("alpha", "std_alpha", "ci_low", "ci_high", "omega", "average_r"), np.nan),
    }
    item_table = None
    if not usable:
        row["flag"] = "no_items"
    elif len(usable) == 1:
        row["flag"] = "single_item"
        notes.append(caveat("survey.single_item", factor=factor))
    elif len(sub) < 2:
        row["flag"] = "too_few_respondents"
        notes.append(caveat("survey.too_few_respondents", factor=factor))
    else:
        res = cronbach_alpha(sub, ci=level)
        row.update(
            alpha=res.alpha,
            std_alpha=res.std_alpha,
            ci_low=res.ci_low,
            ci_high=res.ci_high,
            omega=mcdonald_omega(sub).omega,
            average_r=res.average_r,
            flag="ok" if res.alpha >= min_alpha else "low_alpha",
        )
        item_table = res.items.assign(factor=factor)
        if row["flag"] == "low_alpha":
            notes.append(
                caveat("survey.low_alpha", factor=factor, alpha=res.alpha, min_alpha=min_alpha)
            )
    row["reliable"] = bool(row["flag"] == "ok")
    return row, item_table, notes


def _reliability(
    coded: pd.DataFrame, items_df: pd.DataFrame, level: float, min_alpha: float
) -> ReliabilityResult:
    rows, item_tables, notes = [], [], []
    for factor in _factors_present(items_df):
        ids = items_df.loc[items_df["factor"] == factor, "item_id"].tolist()
        row, item_table, scale_notes = _scale_reliability(coded, factor, ids, level, min_alpha)
        rows.append(row)
        notes += scale_notes
        if item_table is not None:
            item_tables.append(item_table)
    table = pd.DataFrame(rows)
    statements = []
    if len(table):
        statements.append(
            finding(
                "survey.reliable_scales",
                n_scales=len(table),
                n_reliable=int((table["flag"] == "ok").sum()),
                min_alpha=min_alpha,
            )
        )
    item_table = pd.concat(item_tables, ignore_index=True) if item_tables else pd.DataFrame()
    return ReliabilityResult(
        table=table,
        statements=[*statements, *notes],
        params={"confidence_level": level, "min_alpha": min_alpha},
        items=item_table,
    )


# --------------------------------------------------------------------------------------------
# Factor scores
# --------------------------------------------------------------------------------------------


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
                label=label("factor", factor),
                markersize=4,
                capsize=2,
                linewidth=1,
            )
        for mid in {np.mean(v) for f, v in self.scale.items() if f in factors}:
            ax.axvline(mid, color="0.4", linestyle="--", linewidth=0.8)
        ax.set_yticks(np.arange(len(groups)))
        ax.set_yticklabels(
            [label("survey_group", g) if self.by is None else str(g) for g in groups]
        )
        ax.invert_yaxis()
        ax.xaxis.set_major_formatter(id_number_formatter(1))
        ax.set_xlabel(label("survey_figure", "scores_xlabel"))
        ylabel = label("survey_group", self.by, default=label("survey_group", "group"))
        ax.set_ylabel(ylabel.capitalize() if self.by else "")
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3)
        ax.set_title(label("survey_figure", "scores_title"))
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
        ``None`` for all respondents together (group code ``"all"``).
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
        Statements: ``survey.lowest_group``; caveat ``survey.thin_groups``.
    """
    level = check_confidence_level(confidence_level)
    _check_min_share(min_share)
    responses, items_df = _resolve(data, items)
    scores = _scores(_recode(responses, items_df), items_df, min_share)
    return _factor_scores(scores, items_df, by=by, level=level, min_share=min_share)


def _group_statements(table: pd.DataFrame, by: str | None) -> list[Statement]:
    """The lowest group mean and a caveat on thin groups (none without grouping)."""
    if by is None:
        return []
    out = []
    core = table[table["factor"] != "outcome"].dropna(subset=["mean"])
    if len(core):
        worst = core.sort_values(["mean", "group"]).iloc[0]
        out.append(
            finding(
                "survey.lowest_group",
                by=by,
                factor=worst["factor"],
                group=worst["group"],
                mean=worst["mean"],
                scale_min=worst["scale_min"],
                scale_max=worst["scale_max"],
            )
        )
    thin = table[(table["n"] < MIN_GROUP_RESPONDENTS) & (table["factor"] != "outcome")]
    if len(thin):
        out.append(caveat("survey.thin_groups", by=by, min_n=MIN_GROUP_RESPONDENTS))
    return out


def _factor_scores(
    scores: pd.DataFrame, items_df: pd.DataFrame, *, by: str | None, level: float, min_share: float
) -> FactorScoresResult:
    if by is not None and by not in scores.columns:
        present = [c for c in RESPONDENT_COLUMNS if c in scores.columns and c != "respondent_id"]
        raise ParameterError(
            f"by={by!r} is not a column of survey_responses; use one of {present} or None"
        )
    factors = [f for f in SURVEY_FACTORS if f in scores.columns]
    scale = {f: _scale_of(items_df, f) for f in factors}
    if by is None:
        groups = [(ALL_RESPONDENTS, scores)]
    else:
        groups = list(scores.groupby(by, sort=True, dropna=False))
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
    return FactorScoresResult(
        table=table,
        statements=_group_statements(table, by),
        params={"by": by, "confidence_level": level, "min_share": min_share},
        scores=scores,
        scale=scale,
        by=by,
    )
