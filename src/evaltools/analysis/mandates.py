"""Mandate follow-through: were the instruments the regulation requires issued, and on time?

Status of each mandate as of a date ``as_of`` (only what was known on that date counts):

* ``on_time`` — issued on or before ``due_date + grace_days``;
* ``late`` — issued after that (``delay_days = issued_date - due_date``);
* ``missing`` — not issued by ``as_of`` although due before it (``overdue_days = as_of -
  due_date``); an instrument issued after ``as_of`` counts as missing on ``as_of``;
* ``not_due`` — not issued and not yet due on ``as_of``;
* ``no_due_date`` — no due date given: excluded from the shares, reported in a caveat.

``as_of`` defaults to 31 December of ``data.context['evaluation_end']`` when known, else today.

Evidence rules (:func:`evidence`)
---------------------------------
One row per factor named by the mandates' ``factor`` column (blank → ``structure``, the
bureaucratic-structure factor of Edwards III: derivative regulations, SOPs, bodies). Over the
mandates of that factor that were due by ``as_of``, each gets a severity::

    on_time → 0;  late → 0.25 + 0.75 * min(1, delay_days / 365);  missing → 1

Strength from the mean severity: ≥ 0,5 strong, ≥ 0,25 moderate, ≥ 0,1 weak; then capped by
the number of due mandates — "strong" needs at least ``STRONG_MIN_DUE`` (5), with 3–4 at most
moderate, with fewer than ``MIN_DUE_FOR_STRENGTH`` (3) at most weak: one or two instruments
(e.g. a single late regulation) say little about a factor as a whole and are not a full source.
``score = -mean(severity) × min(1, due / FULL_INFORMATION_DUE)`` (a barrier; the score shrinks
in proportion below 5 due mandates). Below 0,1 the follow-through is good: if at least 80 % were
on time the row is an enabler (``score = +0,4 × min(1, due / 5)``, moderate with ≥ 3 due
mandates, weak otherwise), else neutral with strength none. No mandate due yet → a neutral row
of strength none.

The evidence is associational: late instruments go together with a weaker bureaucratic
structure; the sentences say "berkaitan dengan hambatan" (*is associated with a barrier*), not
that the delay caused the stall. The analysis states codes and values
(:class:`evaltools.results.Statement`); the words, in Indonesian and English, are in
:mod:`evaltools.prose.mandates` (statuses: label kind ``mandate_status``; instrument types:
``instrument_type``; a display table: :func:`evaltools.prose.mandates.status_table`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from evaltools.analysis._checks import require_table
from evaltools.analysis.evidence import make_evidence_frame
from evaltools.errors import ParameterError
from evaltools.formatting import fmt_date
from evaltools.plotting.style import OKABE_ITO, new_figure
from evaltools.results import Result, Statement, caveat, finding
from evaltools.vocabulary import FACTORS

STATUSES = ("on_time", "late", "missing", "not_due", "no_due_date")
MANDATE_COLUMNS = ("mandate_id", "instrument_type", "due_date", "issued_date")
LATE_FULL_DAYS = 365
#: Due mandates of a factor needed for "moderate"; with fewer, at most "weak".
MIN_DUE_FOR_STRENGTH = 3
MODERATE_MIN_DUE = MIN_DUE_FOR_STRENGTH
#: Due mandates of a factor needed for "strong"; with fewer, at most "moderate".
STRONG_MIN_DUE = 5
#: Due mandates at which a row's score reaches full size; fewer shrink it in proportion.
FULL_INFORMATION_DUE = STRONG_MIN_DUE
_STRENGTH_ORDER = ("none", "weak", "moderate", "strong")


def _resolve_as_of(data: Any, as_of: Any) -> pd.Timestamp:
    if as_of is not None:
        try:
            ts = pd.Timestamp(as_of)
        except (TypeError, ValueError):
            raise ParameterError(
                f"as_of must be a date such as '2022-02-22'; got {as_of!r}"
            ) from None
        if pd.isna(ts):
            raise ParameterError(f"as_of must be a date such as '2022-02-22'; got {as_of!r}")
        return ts.normalize()
    ctx = getattr(data, "context", None) or {}
    if ctx.get("evaluation_end") is not None:
        return pd.Timestamp(year=int(ctx["evaluation_end"]), month=12, day=31)
    return pd.Timestamp.today().normalize()


def follow_through(mandates: pd.DataFrame, *, as_of: Any, grace_days: int = 0) -> pd.DataFrame:
    """Status of every mandate on ``as_of``.

    Parameters
    ----------
    mandates : pandas.DataFrame
        The ``mandates`` table: ``mandate_id, instrument_type, due_date, issued_date`` (plus
        optional ``article, instrument, factor``).
    as_of : date-like
        The date on which follow-through is judged.
    grace_days : int, default 0
        Days after the due date still counted as on time.

    Returns
    -------
    pandas.DataFrame
        One row per mandate: ``mandate_id, article, instrument, instrument_type, factor,
        due_date, issued_date, status`` (one of ``on_time, late, missing, not_due,
        no_due_date``; words: :func:`evaltools.prose.mandates.status_table`), ``delay_days``
        (issued − due, for issued instruments; negative = early), ``overdue_days`` (as_of − due,
        for missing ones), ``severity`` (evidence rule; NaN when not due).
    """
    require_table(mandates, "mandates", MANDATE_COLUMNS, instead="or pass data=EvalData")
    if not isinstance(grace_days, (int, np.integer)) or grace_days < 0:
        raise ParameterError(f"grace_days must be a whole number ≥ 0; got {grace_days!r}")
    as_of = pd.Timestamp(as_of).normalize()
    df = mandates.copy()
    for col in ("article", "instrument"):
        if col not in df.columns:
            df[col] = ""
    if "factor" not in df.columns:
        df["factor"] = "structure"
    df["factor"] = df["factor"].where(
        df["factor"].notna() & (df["factor"].astype(str).str.strip() != ""), "structure"
    )
    bad = sorted(set(df["factor"]) - set(FACTORS))
    if bad:
        raise ParameterError(
            f"table 'mandates', column 'factor': unknown value(s) {bad}; use one of {list(FACTORS)}"
        )
    due = pd.to_datetime(df["due_date"], errors="coerce")
    issued = pd.to_datetime(df["issued_date"], errors="coerce")
    # Only what was known on as_of counts: a later issuance is invisible on that date.
    issued_known = issued.where(issued <= as_of)
    status = np.select(
        [
            due.isna(),
            issued_known.notna() & (issued_known <= due + pd.Timedelta(days=grace_days)),
            issued_known.notna(),
            due < as_of,
        ],
        ["no_due_date", "on_time", "late", "missing"],
        default="not_due",
    )
    df["due_date"], df["issued_date"] = due, issued
    df["status"] = status
    df["delay_days"] = np.where(
        issued_known.notna() & due.notna(), (issued_known - due).dt.days, np.nan
    )
    df["overdue_days"] = np.where(df["status"] == "missing", (as_of - due).dt.days, np.nan)
    sev = np.full(len(df), np.nan)
    sev[df["status"].to_numpy() == "on_time"] = 0.0
    late = df["status"].to_numpy() == "late"
    sev[late] = 0.25 + 0.75 * np.minimum(1.0, df["delay_days"].to_numpy()[late] / LATE_FULL_DAYS)
    sev[df["status"].to_numpy() == "missing"] = 1.0
    df["severity"] = sev
    cols = [
        "mandate_id",
        "article",
        "instrument",
        "instrument_type",
        "factor",
        "due_date",
        "issued_date",
        "status",
        "delay_days",
        "overdue_days",
        "severity",
    ]
    return df[cols].reset_index(drop=True)


def _counts(ft: pd.DataFrame, by: str) -> pd.DataFrame:
    tab = pd.crosstab(ft[by], ft["status"]).reindex(columns=list(STATUSES), fill_value=0)
    tab.columns.name = None
    tab = tab.reset_index()
    tab["total"] = tab[list(STATUSES)].sum(axis=1)
    tab["due"] = tab[["on_time", "late", "missing"]].sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        tab["share_late_or_missing"] = np.where(
            tab["due"] > 0,
            (tab["late"] + tab["missing"]) / tab["due"].where(tab["due"] > 0),
            np.nan,
        )
    return tab


@dataclass
class MandatesResult(Result):
    """Result of :func:`analyze`.

    ``table`` — :func:`follow_through` output. ``by_type`` / ``by_factor`` — counts per
    ``instrument_type`` / ``factor`` with columns ``on_time, late, missing, not_due,
    no_due_date, total, due`` (due by as_of) and ``share_late_or_missing`` (of the due ones).
    ``delays`` — distribution: one row per measure (``delay_days`` of late ones,
    ``overdue_days`` of missing ones) with ``n, median, q1, q3, max``.
    """

    by_type: pd.DataFrame = None  # type: ignore[assignment]
    by_factor: pd.DataFrame = None  # type: ignore[assignment]
    delays: pd.DataFrame = None  # type: ignore[assignment]

    def ids(self, status: str) -> list[str]:
        """Mandate ids with the given status."""
        return list(self.table.loc[self.table["status"] == status, "mandate_id"])

    def plot(self, ax=None):
        """Timeline: due date vs issue date per mandate, missing ones marked. Returns the Figure.

        Labels, legend and title are in the current language (:mod:`evaltools.prose`).
        """
        from evaltools.prose import label, labels

        text = labels("mandates_plot")
        t = self.table.sort_values("due_date").reset_index(drop=True)
        fig, ax = new_figure(ax, height=max(2.5, 0.28 * len(t) + 1.2))
        as_of = pd.Timestamp(self.params["as_of"])
        colors = {
            "on_time": OKABE_ITO["green"],
            "late": OKABE_ITO["orange"],
            "missing": OKABE_ITO["vermillion"],
            "not_due": OKABE_ITO["grey"],
        }
        seen: set[str] = set()
        for i, r in t.iterrows():
            st = r["status"]
            if pd.isna(r["due_date"]):
                continue
            lab = label("mandate_status", st) if st not in seen else None
            seen.add(st)
            if st in ("on_time", "late"):
                issued = r["issued_date"]
                ax.plot([r["due_date"], issued], [i, i], color=colors[st], lw=2)
                ax.plot(issued, i, "o", color=colors[st], ms=5, label=lab)
            elif st == "missing":
                ax.plot([r["due_date"], as_of], [i, i], color=colors[st], lw=2, ls=":")
                ax.plot(as_of, i, "X", color=colors[st], ms=7, label=lab)
            else:
                ax.plot(
                    r["due_date"], i, "o", mfc="white", color=colors["not_due"], ms=5, label=lab
                )
            ax.plot(
                r["due_date"],
                i,
                "|",
                color="#333333",
                ms=10,
                label=text["due"] if "due" not in seen else None,
            )
            seen.add("due")
        ax.axvline(as_of, color="#333333", ls="--", lw=0.8)
        ax.set_yticks(range(len(t)))
        ax.set_yticklabels(
            [
                f"{r['mandate_id']} · {label('instrument_type', r['instrument_type'])}"
                for _, r in t.iterrows()
            ]
        )
        ax.invert_yaxis()
        import matplotlib.dates as mdates
        from matplotlib.ticker import FuncFormatter

        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(mdates.num2date(v).year)))
        ax.set_xlabel(text["xlabel"].format(as_of=fmt_date(as_of)))
        ax.set_title(text["title"])
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1))
        return fig


def analyze(
    data: Any = None,
    *,
    mandates: pd.DataFrame | None = None,
    as_of: Any = None,
    grace_days: int = 0,
) -> MandatesResult:
    """Follow-through of the regulation's mandates as of a date.

    Parameters
    ----------
    data : EvalData, optional
        Supplies ``mandates`` (and ``context['evaluation_end']`` for the default ``as_of``).
    mandates : pandas.DataFrame, optional
        The ``mandates`` table (overrides ``data``).
    as_of : date-like, optional
        Judgement date; default 31 Dec of the evaluation end year, else today.
    grace_days : int, default 0
        Days after the due date still counted as on time.

    Returns
    -------
    MandatesResult
        ``.table`` (one row per mandate, see :func:`follow_through`), ``.by_type``,
        ``.by_factor``, ``.delays`` (see :class:`MandatesResult`).
    """
    mandates = mandates if mandates is not None else getattr(data, "mandates", None)
    if mandates is None:
        raise ParameterError(
            "mandates analysis needs the 'mandates' table: pass data=EvalData or mandates=DataFrame"
        )
    as_of_ts = _resolve_as_of(data, as_of)
    ft = follow_through(mandates, as_of=as_of_ts, grace_days=grace_days)
    by_type = _counts(ft, "instrument_type")
    by_factor = _counts(ft, "factor")
    delay_rows = []
    for measure, status in (("delay_days", "late"), ("overdue_days", "missing")):
        v = ft.loc[ft["status"] == status, measure].dropna()
        delay_rows.append(
            {
                "measure": measure,
                "n": len(v),
                "median": float(v.median()) if len(v) else np.nan,
                "q1": float(v.quantile(0.25)) if len(v) else np.nan,
                "q3": float(v.quantile(0.75)) if len(v) else np.nan,
                "max": float(v.max()) if len(v) else np.nan,
            }
        )
    delays = pd.DataFrame(delay_rows)
    params = {"as_of": as_of_ts, "grace_days": grace_days}
    return MandatesResult(
        table=ft,
        statements=_statements(ft, delays, as_of_ts),
        params=params,
        by_type=by_type,
        by_factor=by_factor,
        delays=delays,
    )


def _iso(date: Any) -> str:
    """A date as ISO text for a statement's values (JSON-ready; the prose layer formats it)."""
    return pd.Timestamp(date).date().isoformat()


def _statements(ft: pd.DataFrame, delays: pd.DataFrame, as_of: pd.Timestamp) -> list[Statement]:
    """Findings and caveats of :func:`analyze` as codes and values (words:
    :mod:`evaltools.prose.mandates`)."""
    n = {s: int((ft["status"] == s).sum()) for s in STATUSES}
    due = n["on_time"] + n["late"] + n["missing"]
    as_of = _iso(as_of)
    out: list[Statement] = []
    if due:
        out.append(
            finding(
                "mandates.status_counts",
                as_of=as_of,
                due=due,
                on_time=n["on_time"],
                late=n["late"],
                missing=n["missing"],
            )
        )
        late = delays.set_index("measure").loc["delay_days"]
        if late["n"]:
            out.append(
                finding("mandates.delay", median=float(late["median"]), max=float(late["max"]))
            )
        miss = delays.set_index("measure").loc["overdue_days"]
        if miss["n"]:
            ids = [str(i) for i in ft.loc[ft["status"] == "missing", "mandate_id"]]
            out.append(finding("mandates.overdue", ids=ids, median=float(miss["median"])))
    else:
        out.append(finding("mandates.none_due", as_of=as_of))
    if 0 < due < MIN_DUE_FOR_STRENGTH:
        out.append(caveat("mandates.few_due", due=due))
    if n["not_due"]:
        out.append(caveat("mandates.not_due", n=n["not_due"], as_of=as_of))
    if n["no_due_date"]:
        out.append(caveat("mandates.no_due_date", n=n["no_due_date"]))
    return out


def _strength(a: float) -> str:
    if a >= 0.5:
        return "strong"
    if a >= 0.25:
        return "moderate"
    if a >= 0.1:
        return "weak"
    return "none"


def _count_cap(n_due: int) -> str:
    """Highest strength ``n_due`` due mandates allow (module docstring)."""
    if n_due < MIN_DUE_FOR_STRENGTH:
        return "weak"
    if n_due < STRONG_MIN_DUE:
        return "moderate"
    return "strong"


def evidence(result: MandatesResult) -> pd.DataFrame:
    """Evidence rows: one per factor named by the mandates (default ``structure``).

    Rules in the module docstring.

    Returns
    -------
    pandas.DataFrame
        Evidence frame (``factor, source, finding, direction, strength, score, n, detail``);
        empty when there are no mandates with a due date.
    """
    if not isinstance(result, MandatesResult):
        raise ParameterError(
            "result must be the MandatesResult returned by evaltools.mandates.analyze"
        )
    ft = result.table
    as_of = _iso(result.params["as_of"])
    rows = []
    for factor in [f for f in FACTORS if f in set(ft["factor"])]:
        sub = ft[(ft["factor"] == factor) & (ft["status"] != "no_due_date")]
        if sub.empty:
            continue
        due = sub[sub["status"].isin(["on_time", "late", "missing"])]
        if due.empty:
            rows.append(
                {
                    "factor": factor,
                    "source": "mandates",
                    "direction": "neutral",
                    "strength": "none",
                    "score": 0.0,
                    "n": 0.0,
                    "finding": finding("mandates.factor_none_due", factor=factor, as_of=as_of),
                    "detail": finding("mandates.not_due_detail", n=len(sub)),
                }
            )
            continue
        n_on, n_late, n_miss = (
            int((due["status"] == s).sum()) for s in ("on_time", "late", "missing")
        )
        mean_sev = float(due["severity"].mean())
        share_bad = (n_late + n_miss) / len(due)
        med_delay = due.loc[due["status"] == "late", "delay_days"].median()
        strength = _strength(mean_sev)
        cap = _count_cap(len(due))
        capped = _STRENGTH_ORDER.index(strength) > _STRENGTH_ORDER.index(cap)
        if capped:
            strength = cap
        detail = finding(
            "mandates.detail",
            due=len(due),
            on_time=n_on,
            late=n_late,
            missing=n_miss,
            median_delay=None if pd.isna(med_delay) else float(med_delay),
            share=share_bad,
            mean_severity=mean_sev,
            cap=cap if capped else None,
        )
        information = min(1.0, len(due) / FULL_INFORMATION_DUE)
        if strength != "none":
            rows.append(
                {
                    "factor": factor,
                    "source": "mandates",
                    "direction": "barrier",
                    "strength": strength,
                    "score": -mean_sev * information,
                    "n": float(len(due)),
                    "detail": detail,
                    "finding": finding(
                        "mandates.barrier",
                        factor=factor,
                        late_or_missing=n_late + n_miss,
                        due=len(due),
                        as_of=as_of,
                        share=share_bad,
                    ),
                }
            )
        elif n_on / len(due) >= 0.8:
            rows.append(
                {
                    "factor": factor,
                    "source": "mandates",
                    "direction": "enabler",
                    "strength": "weak" if cap == "weak" else "moderate",
                    "score": 0.4 * information,
                    "n": float(len(due)),
                    "detail": detail,
                    "finding": finding("mandates.enabler", factor=factor, as_of=as_of),
                }
            )
        else:
            rows.append(
                {
                    "factor": factor,
                    "source": "mandates",
                    "direction": "neutral",
                    "strength": "none",
                    "score": -mean_sev * information,
                    "n": float(len(due)),
                    "detail": detail,
                    "finding": finding("mandates.neutral", factor=factor),
                }
            )
    return make_evidence_frame(rows)


#: The British spelling, kept as an alias so that either name works; ``analyze`` is canonical.
analyse = analyze

__all__ = [
    "FULL_INFORMATION_DUE",
    "MIN_DUE_FOR_STRENGTH",
    "MODERATE_MIN_DUE",
    "STATUSES",
    "STRONG_MIN_DUE",
    "MandatesResult",
    "analyse",
    "analyze",
    "evidence",
    "follow_through",
]
