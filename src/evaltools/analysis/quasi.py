"""Quasi-experimental evidence from the project's tables: one call per analysis in a notebook.

Turns :class:`evaltools.data.EvalData` tables (``service_monthly``, ``indicators``, ``events``,
``peer_panel``) into the inputs of :mod:`evaltools.analysis.its`, :mod:`~evaltools.analysis.did`
and :mod:`~evaltools.analysis.synth`, runs them, and turns their results into evidence rows for
the diagnosis (factor ``environment``; sources ``its`` and ``peers``).

Only the attributes ``service_monthly, indicators, events, peer_panel, context`` of ``data`` are
used, so any object with those attributes (e.g. a ``types.SimpleNamespace``) works.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from evaltools.analysis import did as did_mod
from evaltools.analysis import its as its_mod
from evaltools.analysis import synth as synth_mod
from evaltools.analysis._checks import check_confidence_level
from evaltools.analysis.evidence import make_evidence_frame
from evaltools.errors import ParameterError
from evaltools.formatting import fmt_ci, fmt_level, fmt_month, fmt_number, fmt_p, fmt_pct
from evaltools.results import Result

CONFIDENCE = its_mod.CONFIDENCE  # default confidence_level
# labels of the break that stands for COVID-19 / budget refocusing (the "environment")
ENVIRONMENT_BREAK_PATTERN = re.compile(r"covid|refocus|pandemi|pembatasan|psbb|ppkm", re.IGNORECASE)
STRENGTH_SCORE = {"strong": 1.0, "moderate": 0.6, "weak": 0.3, "none": 0.0}
# Indonesian names of the peer_panel measures of the demo and public data; other measures keep
# their id (a DPRD reader should not meet "smart_city_index" in a sentence).
MEASURE_LABELS = {"smart_city_index": "indeks kota cerdas", "spbe_index": "indeks SPBE"}


def measure_label(measure: str) -> str:
    """Indonesian name of a ``peer_panel`` measure (its id when unknown)."""
    return MEASURE_LABELS.get(str(measure), str(measure))


def _evidence_level(result: Result, confidence_level: float | None) -> float:
    """The level an evidence function judges significance at: the one given, else the level
    the result was fitted at."""
    if confidence_level is None:
        confidence_level = result.params.get("confidence_level", CONFIDENCE)
    return check_confidence_level(confidence_level)


def _table(data: Any, name: str) -> pd.DataFrame:
    tab = getattr(data, name, None)
    if tab is None or not isinstance(tab, pd.DataFrame) or tab.empty:
        raise ParameterError(
            f"data.{name} is missing or empty: this analysis needs the '{name}' table "
            "(see the data dictionary)"
        )
    return tab


# --------------------------------------------------------------------------------------------
# interrupted time series on service indicators
# --------------------------------------------------------------------------------------------


def its_frame(data: Any, indicator_id: str) -> pd.DataFrame:
    """The monthly series of one indicator, ready for :func:`evaltools.its.fit`.

    Parameters
    ----------
    data : EvalData
        Needs ``service_monthly``.
    indicator_id : str
        An ``indicator_id`` present in ``service_monthly``.

    Returns
    -------
    pandas.DataFrame
        Sorted by month: ``month`` (Timestamp, first day), ``value`` (float), ``exposure``
        (float, NaN when absent), ``t`` (1, 2, … in months since the first month),
        ``calendar_month`` (1–12).
    """
    sm = _table(data, "service_monthly")
    for col in ("indicator_id", "month", "value"):
        if col not in sm.columns:
            raise ParameterError(f"data.service_monthly has no column '{col}'")
    sub = sm[sm["indicator_id"] == indicator_id]
    if sub.empty:
        known = sorted(map(str, sm["indicator_id"].unique()))
        raise ParameterError(f"indicator_id={indicator_id!r} is not in service_monthly; known: {known}")
    month = pd.to_datetime(sub["month"]).dt.to_period("M").dt.to_timestamp()
    out = pd.DataFrame(
        {
            "month": month.to_numpy(),
            "value": pd.to_numeric(sub["value"], errors="coerce").to_numpy(dtype=float),
            "exposure": (
                pd.to_numeric(sub["exposure"], errors="coerce").to_numpy(dtype=float)
                if "exposure" in sub.columns
                else np.full(len(sub), np.nan)
            ),
        }
    ).sort_values("month", kind="stable").reset_index(drop=True)
    if out["month"].duplicated().any():
        dup = out.loc[out["month"].duplicated(), "month"].iloc[0]
        raise ParameterError(
            f"service_monthly: indicator {indicator_id!r} has two rows for {fmt_month(dup)}; keep one"
        )
    idx = out["month"].dt.year * 12 + out["month"].dt.month
    out["t"] = (idx - idx.iloc[0] + 1).astype(int)
    out["calendar_month"] = out["month"].dt.month.astype(int)
    return out


def breaks_from_events(data: Any) -> dict[str, pd.Timestamp]:
    """Breaks for the interrupted time series: events flagged ``is_break``.

    Parameters
    ----------
    data : EvalData
        Needs ``events`` with ``date, label, is_break``.

    Returns
    -------
    dict
        ``label → Timestamp`` in date order. Empty when no event is flagged.
    """
    ev = _table(data, "events")
    for col in ("date", "label", "is_break"):
        if col not in ev.columns:
            raise ParameterError(f"data.events has no column '{col}'")
    flagged = ev[ev["is_break"].fillna(False).astype(bool)].copy()
    flagged["date"] = pd.to_datetime(flagged["date"])
    flagged = flagged.sort_values("date")
    return {str(r.label): pd.Timestamp(r.date) for r in flagged.itertuples()}


def _indicator_meta(data: Any, indicator_id: str) -> dict[str, Any]:
    ind = getattr(data, "indicators", None)
    if ind is None or "indicator_id" not in getattr(ind, "columns", []):
        return {}
    rows = ind[ind["indicator_id"] == indicator_id]
    return rows.iloc[0].to_dict() if len(rows) else {}


def fit_indicator(
    data: Any,
    indicator_id: str,
    *,
    breaks: Mapping[str, Any] | Iterable[Any] | None = None,
    family: str | None = None,
    seasonality: int | None = 2,
    slope_change: bool = True,
    cov: str | None = None,
    hac_lags: int | None = None,
    confidence_level: float = CONFIDENCE,
) -> its_mod.ITSResult:
    """Interrupted time series of one service indicator.

    Parameters
    ----------
    data : EvalData
        Needs ``service_monthly``; ``indicators`` (for ``value_type``) and ``events`` (for the
        default breaks) when present.
    indicator_id : str
    breaks : mapping or list, optional
        Default: :func:`breaks_from_events` restricted to breaks inside the series.
    family : str, optional
        Default from ``indicators.value_type``: ``count`` → ``"poisson"`` with the exposure as
        log offset when every month has one; ``proportion``/``continuous`` → ``"gaussian"``.
    seasonality, slope_change, hac_lags
        As in :func:`evaltools.its.fit` (default: 2 harmonic pairs).
    cov : str, optional
        As in :func:`evaltools.its.fit`. Default: ``"quasi"`` for count families (Pearson χ²
        scale, the reference quasi-Poisson method; monthly service counts are overdispersed)
        and ``"hac"`` for gaussian indicators (autocorrelated errors). On the demo data these
        defaults give intervals that cover the planted changes at about the nominal rate,
        while HAC on 72 monthly counts is too narrow.
    confidence_level : float
        As in :func:`evaltools.its.fit`: level of every interval and of the counterfactual
        band, significance ``1 − confidence_level``; strictly between 0 and 1.

    Returns
    -------
    ITSResult
        See :func:`evaltools.its.fit`; ``params`` also carries ``indicator_id``.
    """
    level = check_confidence_level(confidence_level)
    frame = its_frame(data, indicator_id)
    meta = _indicator_meta(data, indicator_id)
    if breaks is None:
        all_breaks = breaks_from_events(data)
        first, last = frame["month"].iloc[0], frame["month"].iloc[-1]
        breaks = {k: v for k, v in all_breaks.items() if first < v.to_period("M").to_timestamp() <= last}
        if not breaks:
            raise ParameterError(
                "breaks: no event with is_break inside the series of "
                f"{indicator_id!r}; pass breaks={{'label': 'YYYY-MM-DD'}}"
            )
    exposure = None
    if family is None:
        vt = meta.get("value_type", "continuous")
        family = "poisson" if vt == "count" else "gaussian"
    if family in ("poisson", "negbin") and frame["exposure"].notna().all() and (frame["exposure"] > 0).all():
        exposure = "exposure"
    if cov is None:
        cov = "quasi" if family == "poisson" else "hac"
    res = its_mod.fit(
        frame,
        outcome="value",
        time="month",
        breaks=breaks,
        family=family,
        exposure=exposure,
        seasonality=seasonality,
        slope_change=slope_change,
        cov=cov,
        hac_lags=hac_lags,
        confidence_level=level,
    )
    name = meta.get("name", indicator_id)
    res.params["indicator_id"] = indicator_id
    res.params["label"] = str(name)
    res.sentences = [s.replace("tingkat value", f"tingkat {name}") for s in res.sentences]
    return res


@dataclass
class IndicatorsITSResult(Result):
    """Result of :func:`fit_all_indicators`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per indicator × break term: ``indicator_id, name, dimension, higher_is_better,
        family, term, break_label, kind`` (``level``/``slope``), ``estimate, se, ci_low,
        ci_high, p_value, ratio, ratio_ci_low, ratio_ci_high`` (NaN for gaussian),
        ``relative_change`` (level change as a share of the pre-break level: ``ratio − 1`` for
        log links, estimate / mean pre-period value otherwise), ``adverse`` (bool: the change
        goes against ``higher_is_better``), ``n_months``. :meth:`wide_table` gives the same
        numbers with one row per indicator × break (level and slope side by side).
    results : dict
        indicator_id → :class:`~evaltools.analysis.its.ITSResult`.
    errors : dict
        indicator_id → message for indicators that could not be fitted.
    """

    results: dict[str, its_mod.ITSResult] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def wide_table(self) -> pd.DataFrame:
        """The same estimates as ``.table``, one row per indicator × break: the level change
        and the slope change side by side (what a reader compares), at full precision.

        Returns
        -------
        pandas.DataFrame
            ``indicator_id, name, dimension, higher_is_better, family, break_label``; then, for
            ``<kind>`` = ``level`` (one-off change in the break month) and ``slope`` (change
            per month afterwards): ``<kind>_change`` (``relative_change`` of ``.table``),
            ``<kind>_ci_low``, ``<kind>_ci_high`` (``rel_ci_low``, ``rel_ci_high``: its
            interval), ``<kind>_p_value`` and ``<kind>_adverse`` (nullable boolean: the change
            goes against ``higher_is_better``); and ``n_months``. Rows keep the order of
            ``.table``. A term that was not fitted (e.g. ``slope_change=False``) leaves its
            columns missing (NaN / NA).
        """
        keys = ["indicator_id", "break_label"]
        ident = ["indicator_id", "name", "dimension", "higher_is_better", "family", "break_label"]
        t = self.table
        out = t[ident].drop_duplicates(keys).reset_index(drop=True)
        n_months = t.drop_duplicates(keys)["n_months"].to_numpy()
        for kind in ("level", "slope"):
            part = t.loc[t["kind"] == kind, [*keys, "relative_change", "rel_ci_low", "rel_ci_high",
                                             "p_value", "adverse"]]
            part = part.rename(columns={"relative_change": f"{kind}_change", "rel_ci_low": f"{kind}_ci_low",
                                        "rel_ci_high": f"{kind}_ci_high", "p_value": f"{kind}_p_value",
                                        "adverse": f"{kind}_adverse"})
            out = out.merge(part, on=keys, how="left", validate="one_to_one")
            out[f"{kind}_adverse"] = out[f"{kind}_adverse"].astype("boolean")
        out["n_months"] = n_months
        return out

    def plot(self, ax=None):
        """Level changes (relative) at each break with their intervals, by indicator.

        One row per indicator; one marker shape per break (named in the legend, so that long
        event labels do not squeeze the plot); vermillion = adverse change, blue = not.
        """
        import textwrap

        from evaltools.plotting import id_number_formatter, new_figure
        from evaltools.plotting.style import OKABE_ITO

        tab = self.table[self.table["kind"] == "level"].reset_index(drop=True)
        names = list(dict.fromkeys(tab["name"]))
        breaks = list(dict.fromkeys(tab["break_label"]))
        fig, ax = new_figure(ax, height=max(2.8, 0.45 * len(names) + 1.6))
        markers = ["o", "s", "D", "^", "v", "P"]
        step = 0.5 / max(len(breaks), 1)
        for k, label in enumerate(breaks):
            sub = tab[tab["break_label"] == label]
            y = np.array([len(names) - 1 - names.index(n) for n in sub["name"]]) + (k - (len(breaks) - 1) / 2) * -step
            rel = sub["relative_change"].to_numpy() * 100
            lo = sub["rel_ci_low"].to_numpy() * 100
            hi = sub["rel_ci_high"].to_numpy() * 100
            colors = [OKABE_ITO["vermillion"] if a else OKABE_ITO["blue"] for a in sub["adverse"]]
            ax.errorbar(rel, y, xerr=[rel - lo, hi - rel], fmt="none", ecolor=OKABE_ITO["grey"], capsize=2)
            ax.scatter(rel, y, color=colors, marker=markers[k % len(markers)], zorder=3)
            ax.scatter([], [], color=OKABE_ITO["grey"], marker=markers[k % len(markers)],
                       label="\n".join(textwrap.wrap(str(label), 45)))
        ax.axvline(0, color=OKABE_ITO["black"], lw=0.8)
        ax.set_yticks(range(len(names))[::-1], ["\n".join(textwrap.wrap(str(n), 28)) for n in names])
        level = fmt_level(self.params.get("confidence_level", CONFIDENCE))
        ax.set_xlabel(f"Perubahan tingkat pada titik patah (% dari tingkat sebelumnya, IK {level});\n"
                      "merah: merugikan, biru: tidak merugikan")
        ax.xaxis.set_major_formatter(id_number_formatter(0))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=min(len(breaks), 2), frameon=False,
                  fontsize=7)
        return fig


def fit_all_indicators(
    data: Any,
    *,
    breaks: Mapping[str, Any] | Iterable[Any] | None = None,
    seasonality: int | None = 2,
    slope_change: bool = True,
    cov: str | None = None,
    confidence_level: float = CONFIDENCE,
) -> IndicatorsITSResult:
    """Interrupted time series for every indicator in ``service_monthly``.

    Parameters
    ----------
    data : EvalData
    breaks, seasonality, slope_change, cov
        As in :func:`fit_indicator` (family chosen per indicator from ``value_type``).
    confidence_level : float
        Level of every interval (``ci_*``, ``ratio_ci_*``, ``rel_ci_*``); the sentences count
        adverse changes with ``p < 1 − confidence_level`` and state that threshold.

    Returns
    -------
    IndicatorsITSResult
        Tidy ``.table`` (columns listed in :class:`IndicatorsITSResult`, plus ``rel_ci_low,
        rel_ci_high``: the relative change's interval), ``.results``, ``.errors``.
        Indicators whose fit fails with a ParameterError are listed in ``.errors`` and in the
        caveats rather than stopping the others.
    """
    level = check_confidence_level(confidence_level)
    sm = _table(data, "service_monthly")
    ids = list(dict.fromkeys(sm["indicator_id"]))
    results: dict[str, its_mod.ITSResult] = {}
    errors: dict[str, str] = {}
    rows = []
    for iid in ids:
        try:
            res = fit_indicator(data, iid, breaks=breaks, seasonality=seasonality,
                                slope_change=slope_change, cov=cov, confidence_level=level)
        except ParameterError as exc:
            errors[iid] = str(exc)
            continue
        results[iid] = res
        meta = _indicator_meta(data, iid)
        hib = bool(meta.get("higher_is_better", True))
        path = res.path
        log_link = res.params["family"] != "gaussian"
        for label in res.breaks:
            pre_mean = float(path.loc[path["segment"] < list(res.breaks).index(label) + 1, "observed"].mean())
            for kind in ("level", "slope"):
                term = f"{kind}:{label}"
                if term not in set(res.table["term"]):
                    continue
                r = res.term(term)
                if log_link:
                    rel, rlo, rhi = r["ratio"] - 1, r["ratio_ci_low"] - 1, r["ratio_ci_high"] - 1
                else:
                    den = abs(pre_mean) if pre_mean else np.nan
                    rel, rlo, rhi = r["estimate"] / den, r["ci_low"] / den, r["ci_high"] / den
                rows.append(
                    {
                        "indicator_id": iid,
                        "name": meta.get("name", iid),
                        "dimension": meta.get("dimension", ""),
                        "higher_is_better": hib,
                        "family": res.params["family"],
                        "term": term,
                        "break_label": label,
                        "kind": kind,
                        "estimate": r["estimate"],
                        "se": r["se"],
                        "ci_low": r["ci_low"],
                        "ci_high": r["ci_high"],
                        "p_value": r["p_value"],
                        "ratio": r.get("ratio", np.nan),
                        "ratio_ci_low": r.get("ratio_ci_low", np.nan),
                        "ratio_ci_high": r.get("ratio_ci_high", np.nan),
                        "relative_change": rel,
                        "rel_ci_low": rlo,
                        "rel_ci_high": rhi,
                        "adverse": bool(r["estimate"] < 0) if hib else bool(r["estimate"] > 0),
                        "n_months": int(res.diagnostics["nobs"]),
                    }
                )
    table = pd.DataFrame(rows)
    if table.empty:
        raise ParameterError(
            "no indicator could be fitted: " + "; ".join(f"{k}: {v}" for k, v in errors.items())
        )
    sentences = []
    lv = table[table["kind"] == "level"]
    for label, g in lv.groupby("break_label", sort=False):
        n_adv = int((g["adverse"] & (g["p_value"] < 1 - level)).sum())
        how_many = (f"tidak satu pun dari {len(g)} indikator layanan" if n_adv == 0
                    else f"seluruh {len(g)} indikator layanan" if n_adv == len(g)
                    else f"{n_adv} dari {len(g)} indikator layanan")
        sentences.append(
            f"Pada titik patah \u201c{label}\u201d, {how_many} mengalami perubahan tingkat yang "
            f"merugikan dan signifikan secara statistik (p < {its_mod._alpha_text(level)})."
        )
    caveats = [
        ("Setiap indikator dianalisis sebagai deret waktu terinterupsi pada satu kota; perubahan "
        "pada tanggal titik patah tidak dengan sendirinya menunjukkan penyebabnya.")
    ]
    caveats += [f"Indikator {k} tidak dapat dianalisis: {v}" for k, v in errors.items()]
    for res in results.values():
        caveats += [c for c in res.caveats if "titik data" in c or "berjarak" in c]
    return IndicatorsITSResult(
        table=table, sentences=sentences, caveats=list(dict.fromkeys(caveats)),
        params={"breaks": breaks, "seasonality": seasonality, "slope_change": slope_change, "cov": cov,
                "confidence_level": level},
        results=results, errors=errors,
    )


def _environment_break(labels: Iterable[str], break_label: str | None) -> str:
    labels = list(labels)
    if break_label is not None:
        if break_label not in labels:
            raise ParameterError(f"break_label={break_label!r} is not a break; breaks: {labels}")
        return break_label
    for lab in labels:
        if ENVIRONMENT_BREAK_PATTERN.search(lab):
            return lab
    raise ParameterError(
        f"break_label: no break looks like COVID-19/refocusing among {labels}; pass break_label="
    )


def _classify(level: pd.Series | None, slope: pd.Series | None, alpha: float = 1 - CONFIDENCE) -> str:
    """Strength of the adverse change of one indicator (rules in :func:`its_evidence`);
    ``alpha`` is the significance threshold ``1 − confidence_level``."""
    def adv(r, p):
        return r is not None and bool(r["adverse"]) and r["p_value"] < p

    if (adv(level, alpha / 5) and abs(level["relative_change"]) >= 0.10) or (adv(level, alpha) and adv(slope, alpha)):
        return "strong"
    if adv(level, alpha) or adv(slope, alpha):
        return "moderate"
    if adv(level, 2 * alpha) or adv(slope, 2 * alpha):
        return "weak"
    return "none"


def its_evidence(
    result: IndicatorsITSResult | its_mod.ITSResult,
    *,
    break_label: str | None = None,
    higher_is_better: bool = True,
    confidence_level: float | None = None,
) -> pd.DataFrame:
    """Evidence row (factor ``environment``, source ``its``) from interrupted time series.

    Rules. The break that stands for the environment is ``break_label`` or else the first
    break whose label mentions COVID-19, refocusing, pandemi, PSBB/PPKM. With the significance
    threshold ``α = 1 − confidence_level`` (0.05 at the default 95%), for each indicator:

    - ``strong``: an adverse level change with p < α/5 (0.01) and at least 10% of the
      pre-break level, or adverse level and slope changes both with p < α (0.05);
    - ``moderate``: an adverse level change or slope flattening with p < α (0.05);
    - ``weak``: the same with p < 2α (0.10);
    - ``none``: otherwise (favourable or non-significant changes).

    "Adverse" follows ``higher_is_better`` (a drop for good-is-up indicators). The row's score
    is ``−mean(strength value)`` over indicators (strong 1, moderate 0.6, weak 0.3, none 0) and
    its strength is strong (mean ≥ 0.6), moderate (≥ 0.35), weak (> 0.1) or none; direction is
    ``barrier`` unless the strength is none (``neutral``). Favourable changes never make the
    environment an enabler: ITS can show a shock, not the absence of one.

    Parameters
    ----------
    result : IndicatorsITSResult or ITSResult
        From :func:`fit_all_indicators` or :func:`evaltools.its.fit`.
    break_label : str, optional
    higher_is_better : bool
        Used only for a single ITSResult.
    confidence_level : float, optional
        Sets ``α``; default (None) the level the result was fitted at (``params``), so the
        diagnosis judges significance at the level of the intervals it shows.

    Returns
    -------
    pandas.DataFrame
        One row with the evidence columns ``factor, source, finding, direction, strength,
        score, n, detail`` (empty frame when there is no break to judge).

    Raises
    ------
    ParameterError
        A result of another analysis, an unknown ``break_label``, a confidence level outside
        (0, 1).
    """
    if not isinstance(result, its_mod.ITSResult | IndicatorsITSResult):
        raise ParameterError("result must come from evaltools.quasi.fit_all_indicators or evaltools.its.fit")
    alpha = 1 - _evidence_level(result, confidence_level)
    if isinstance(result, its_mod.ITSResult):
        res = result
        lab = _environment_break(res.breaks, break_label)
        rows = []
        for kind in ("level", "slope"):
            term = f"{kind}:{lab}"
            if term in set(res.table["term"]):
                r = res.term(term)
                if "ratio" in r:
                    rel = r["ratio"] - 1
                else:
                    pre = res.path.loc[res.path["segment"] < list(res.breaks).index(lab) + 1, "observed"].mean()
                    rel = r["estimate"] / abs(pre) if pre else np.nan
                rows.append({"indicator_id": res.params.get("indicator_id", res.params["outcome"]),
                             "name": res.params.get("indicator_id", res.params["outcome"]),
                             "kind": kind, "break_label": lab, "estimate": r["estimate"],
                             "p_value": r["p_value"], "relative_change": rel,
                             "adverse": bool(r["estimate"] < 0) if higher_is_better else bool(r["estimate"] > 0)})
        table = pd.DataFrame(rows)
    else:
        table = result.table
        lab = _environment_break(table["break_label"].unique(), break_label)
    sub = table[table["break_label"] == lab]
    if sub.empty:
        return make_evidence_frame([])
    per = {}
    for iid, g in sub.groupby("indicator_id", sort=False):
        level = g[g["kind"] == "level"].iloc[0] if (g["kind"] == "level").any() else None
        slope = g[g["kind"] == "slope"].iloc[0] if (g["kind"] == "slope").any() else None
        per[iid] = (_classify(level, slope, alpha), level, g["name"].iloc[0])
    mean_s = float(np.mean([STRENGTH_SCORE[s] for s, _, _ in per.values()]))
    strength = "strong" if mean_s >= 0.6 else "moderate" if mean_s >= 0.35 else "weak" if mean_s > 0.1 else "none"
    direction = "neutral" if strength == "none" else "barrier"
    n_hit = sum(s in ("strong", "moderate") for s, _, _ in per.values())
    if direction == "barrier":
        finding = (
            f"Pada titik patah \u201c{lab}\u201d, {n_hit} dari {len(per)} indikator layanan turun tingkat atau "
            "melambat trennya secara signifikan: guncangan lingkungan eksternal (COVID-19/refocusing) "
            "menghambat layanan."
        )
    else:
        finding = (
            f"Pada titik patah \u201c{lab}\u201d, indikator layanan tidak menunjukkan penurunan tingkat atau "
            "perlambatan tren yang signifikan; deret waktu tidak mendukung guncangan lingkungan "
            "eksternal sebagai penyebab."
        )
    details = []
    for iid, (s, level, name) in per.items():
        if level is not None:
            details.append(
                f"{name}: perubahan tingkat {fmt_pct(level['relative_change'] * 100, signed=True)} "
                f"({fmt_p(level['p_value'])})"
            )
    detail = "; ".join(details) + (
        ". Deret waktu satu kota tidak dapat memisahkan pengaruh COVID-19 dari kebijakan lain yang "
        "berlaku pada waktu yang sama."
    )
    return make_evidence_frame(
        [{"factor": "environment", "source": "its", "finding": finding, "direction": direction,
          "strength": strength, "score": -mean_s, "n": float(len(per)), "detail": detail}]
    )


# --------------------------------------------------------------------------------------------
# peers: DiD, event study, synthetic control
# --------------------------------------------------------------------------------------------


def panel_frame(data: Any, measure: str) -> pd.DataFrame:
    """One measure of ``peer_panel`` as a long panel for DiD and synthetic control.

    Parameters
    ----------
    data : EvalData
        Needs ``peer_panel`` (``region, year, measure, value, scale_max, focal``).
    measure : str

    Returns
    -------
    pandas.DataFrame
        Sorted by region and year: ``region, year`` (int), ``value``, ``scale_max``, ``focal``
        (bool), ``treated`` (int 0/1 = focal), ``share`` (value / scale_max; NaN without a
        scale).
    """
    pp = _table(data, "peer_panel")
    for col in ("region", "year", "measure", "value", "focal"):
        if col not in pp.columns:
            raise ParameterError(f"data.peer_panel has no column '{col}'")
    sub = pp[pp["measure"] == measure]
    if sub.empty:
        raise ParameterError(f"measure={measure!r} is not in peer_panel; known: {sorted(map(str, pp['measure'].unique()))}")
    out = pd.DataFrame(
        {
            "region": sub["region"].astype(str).to_numpy(),
            "year": pd.to_numeric(sub["year"]).astype(int).to_numpy(),
            "value": pd.to_numeric(sub["value"], errors="coerce").to_numpy(dtype=float),
            "scale_max": (pd.to_numeric(sub["scale_max"], errors="coerce").to_numpy(dtype=float)
                          if "scale_max" in sub.columns else np.nan),
            "focal": sub["focal"].fillna(False).astype(bool).to_numpy(),
        }
    )
    if out.duplicated(subset=["region", "year"]).any():
        d = out[out.duplicated(subset=["region", "year"])].iloc[0]
        raise ParameterError(f"peer_panel: two rows for {d['region']} {d['year']} ({measure}); keep one")
    focal_regions = out.loc[out["focal"], "region"].unique()
    if len(focal_regions) != 1:
        raise ParameterError(
            f"peer_panel ({measure}): exactly one region must have focal = TRUE, found {list(focal_regions)}"
        )
    out["focal"] = out["region"] == focal_regions[0]
    out["treated"] = out["focal"].astype(int)
    out["share"] = out["value"] / out["scale_max"]
    return out.sort_values(["region", "year"]).reset_index(drop=True)


def _mean_change(frame: pd.DataFrame, years: Iterable[int]) -> float:
    g = frame[frame["year"].isin(list(years))].groupby("year")["value"].mean().sort_index()
    if len(g) < 2:
        return float("nan")
    return float((g.iloc[-1] - g.iloc[0]) / (g.index[-1] - g.index[0]))


@dataclass
class PeerComparisonResult(Result):
    """Result of :func:`peer_comparison`.

    Attributes
    ----------
    table : pandas.DataFrame
        ``analysis`` (``did``, ``event_study``, ``synth``), ``term, estimate, se, ci_low,
        ci_high, p_value``.
    did, event_study, synth
        The three underlying results (synth is None when it could not be fitted).
    trends : dict
        Mean annual change of the focal region and of the peers' average before and after
        ``treatment_year``: ``focal_pre, focal_post, peers_pre, peers_post``.
    focal : str
    panel : pandas.DataFrame
        The panel used (see :func:`panel_frame`).
    """

    did: Any = None
    event_study: Any = None
    synth: Any = None
    trends: dict[str, float] = field(default_factory=dict)
    focal: str = ""
    panel: pd.DataFrame = field(default_factory=pd.DataFrame)

    def plot(self, ax=None):
        """Focal region, each peer (thin) and the peers' average, with the treatment year."""
        from evaltools.plotting import id_number_formatter, new_figure
        from evaltools.plotting.style import OKABE_ITO

        fig, ax = new_figure(ax)
        p = self.panel
        for region, g in p[~p["focal"]].groupby("region"):
            ax.plot(g["year"], g["value"], color=OKABE_ITO["grey"], lw=0.7, alpha=0.7)
        avg = p[~p["focal"]].groupby("year")["value"].mean()
        ax.plot(avg.index, avg.to_numpy(), color=OKABE_ITO["blue"], lw=1.8, label="Rata-rata daerah pembanding")
        f = p[p["focal"]]
        ax.plot(f["year"], f["value"], color=OKABE_ITO["vermillion"], lw=2, marker="o", ms=3, label=self.focal)
        if self.synth is not None:
            sp = self.synth.paths
            ax.plot(sp["time"], sp["synthetic"], "--", color=OKABE_ITO["green"], lw=1.4,
                    label=f"{self.focal} sintetis (gabungan tertimbang pembanding)")
        ax.plot([], [], color=OKABE_ITO["grey"], lw=0.7, label="Daerah pembanding")
        ax.axvline(self.params["treatment_year"] - 0.5, color=OKABE_ITO["black"], ls=":", lw=1)
        ax.set_xlabel("Tahun")
        label = measure_label(self.params["measure"])
        ax.set_ylabel(label[:1].upper() + label[1:])
        ax.yaxis.set_major_formatter(id_number_formatter(2))
        ax.legend(loc="best")
        return fig


def peer_comparison(
    data: Any,
    *,
    measure: str,
    treatment_year: int,
    peers: Iterable[str] | None = None,
    leads: int | None = None,
    lags: int | None = None,
    confidence_level: float = CONFIDENCE,
) -> PeerComparisonResult:
    """Did the focal region fall behind peers that faced the same pandemic?

    Runs together, on ``peer_panel`` for one ``measure``: a two-way fixed-effects DiD (focal vs
    peers, ``post = year ≥ treatment_year``), an event study with a joint pre-trend test, both
    with classical standard errors (with a single treated region clustered or robust SEs are
    unreliable), and a synthetic control of
    the focal region from the peers with placebo-in-space inference.

    Parameters
    ----------
    data : EvalData
        Needs ``peer_panel``.
    measure : str
    treatment_year : int
        First year of the shock / stagnation window (e.g. 2020).
    peers : iterable of str, optional
        Peer regions to use (default: every non-focal region).
    leads, lags : int, optional
        Passed to :func:`evaltools.did.event_study`.
    confidence_level : float
        Level of the DiD and event-study intervals (passed to :func:`evaltools.did.fit`,
        :func:`evaltools.did.event_study` and :func:`evaltools.synth.fit`); strictly between 0
        and 1. The synthetic control's permutation p-value does not depend on it.

    Returns
    -------
    PeerComparisonResult
        ``.table`` columns ``analysis, term, estimate, se, ci_low, ci_high, p_value``; ``.did``,
        ``.event_study``, ``.synth``, ``.trends``, ``.panel``; Indonesian sentences; ``.plot()``.
    """
    level = check_confidence_level(confidence_level)
    panel = panel_frame(data, measure)
    focal = str(panel.loc[panel["focal"], "region"].iloc[0])
    if peers is not None:
        peers = [str(p) for p in peers]
        unknown = [p for p in peers if p not in set(panel["region"])]
        if unknown:
            raise ParameterError(f"peers: {unknown} not in peer_panel for {measure!r}")
        panel = panel[panel["region"].isin([focal, *peers])].reset_index(drop=True)
    if panel["region"].nunique() < 2:
        raise ParameterError(f"peer_panel ({measure}): no peer region to compare with")
    try:
        treatment_year = int(treatment_year)
    except (TypeError, ValueError):
        raise ParameterError(f"treatment_year={treatment_year!r}: give a year such as 2020") from None
    years = panel["year"]
    if not (years.min() < treatment_year <= years.max()):
        raise ParameterError(
            f"treatment_year={treatment_year} lies outside the panel years {years.min()}–{years.max()}"
        )
    if (years < treatment_year).groupby(panel["region"]).sum().min() < 2:
        raise ParameterError(f"treatment_year={treatment_year}: fewer than 2 pre-period years for some region")
    panel = panel.assign(post=(panel["year"] >= treatment_year).astype(int))
    # One treated region: cluster-robust SEs (and the wild cluster bootstrap) are unreliable with
    # a single treated cluster (MacKinnon & Webb 2017; Conley & Taber 2011) and heteroskedasticity-
    # robust SEs collapse on the treated region's near-leverage-one rows, so both the DiD and the
    # event study use the classical SE, which pools the residual variance of all regions; the
    # synthetic control's permutation p is the design-based check.
    d = did_mod.fit(panel, outcome="value", treated="treated", post="post", unit="region",
                    time="year", cov="nonrobust", confidence_level=level)
    es_cov = "nonrobust"
    es = did_mod.event_study(panel, outcome="value", unit="region", time="year", treated="treated",
                             treatment_time=treatment_year, leads=leads, lags=lags, cov=es_cov,
                             confidence_level=level)
    es.params["outcome"] = measure_label(measure)  # the plot's axis reads "Selisih indeks SPBE"
    caveats = []
    try:
        sc = synth_mod.fit(panel.dropna(subset=["value"]), outcome="value", unit="region", time="year",
                           treated_unit=focal, treatment_time=treatment_year, confidence_level=level)
    except ParameterError as exc:
        sc = None
        caveats.append(f"Kontrol sintetis tidak dapat disusun: {exc}")
    peers_frame = panel[~panel["focal"]]
    focal_frame = panel[panel["focal"]]
    pre_years = sorted(y for y in panel["year"].unique() if y < treatment_year)
    post_years = sorted(y for y in panel["year"].unique() if y >= treatment_year)
    # the last pre year anchors the post change, so the post slope is the change since the shock
    trends = {
        "focal_pre": _mean_change(focal_frame, pre_years),
        "focal_post": _mean_change(focal_frame, [pre_years[-1], *post_years]),
        "peers_pre": _mean_change(peers_frame, pre_years),
        "peers_post": _mean_change(peers_frame, [pre_years[-1], *post_years]),
    }
    rows = []
    drow = d.table[d.table["term"] == "did"].iloc[0]
    rows.append({"analysis": "did", **{k: drow[k] for k in ("term", "estimate", "se", "ci_low", "ci_high")},
                 "p_value": d.wild_p if d.wild_p is not None else drow["p_value"]})
    for _, r in es.table.iterrows():
        rows.append({"analysis": "event_study", **{k: r[k] for k in ("term", "estimate", "se", "ci_low", "ci_high", "p_value")}})
    if sc is not None:
        rows.append({"analysis": "synth", **sc.table.iloc[0][["term", "estimate", "se", "ci_low", "ci_high", "p_value"]].to_dict()})
    table = pd.DataFrame(rows)
    n_peers = panel["region"].nunique() - 1
    est = float(drow["estimate"])
    sentences = [
        (f"Setelah {treatment_year}, {measure_label(measure)} {focal} "
        f"{fmt_number(abs(est), 2)} poin {'lebih rendah' if est < 0 else 'lebih tinggi'} daripada bila "
        f"{focal} mengikuti perkembangan {n_peers} daerah pembanding (selisih-dalam-selisih "
        f"{fmt_number(est, 2, signed=True)} {fmt_ci(drow['ci_low'], drow['ci_high'], level=level)}, "
        f"{fmt_p(drow['p_value'])})."),
        (f"Rata-rata kenaikan per tahun sebelum/sesudah {treatment_year}: {focal} "
        f"{fmt_number(trends['focal_pre'], 3, signed=True)} / {fmt_number(trends['focal_post'], 3, signed=True)}, "
        f"daerah pembanding {fmt_number(trends['peers_pre'], 3, signed=True)} / "
        f"{fmt_number(trends['peers_post'], 3, signed=True)} poin per tahun."),
        es.sentences[-1] if len(es.sentences) > 1 else es.sentences[0],
    ]
    if sc is not None:
        sentences.append(
            f"Kontrol sintetis (gabungan tertimbang daerah pembanding yang paling menyerupai {focal} "
            f"sebelum {treatment_year}): sesudahnya {focal} rata-rata berselisih "
            f"{fmt_number(sc.att, 2, signed=True)} poin dari gabungan itu (p permutasi = {fmt_number(sc.p_value, 3)})."
        )
        n_donors = len(sc.weights)
        if n_donors and np.isfinite(sc.p_value):
            # With few donors the permutation p-value cannot be small: say what its floor is,
            # so a reader does not take 0,167 for weak evidence when it is the strongest possible.
            floor = 1 / (n_donors + 1)
            text = (f"Dengan {n_donors} daerah pembanding, p permutasi terkecil yang mungkin adalah "
                    f"{fmt_number(floor, 3)}")
            if sc.p_value <= floor + 1e-12:
                text += (f"; nilai itu tercapai, artinya tidak ada daerah pembanding yang, dibandingkan "
                         f"dengan kecocokannya sebelum {treatment_year}, menyimpang dari lintasan "
                         f"sintetisnya sejauh {focal}.")
            else:
                text += "."
            caveats.append(text)
    caveats += [
        ("Dengan hanya satu daerah yang dievaluasi dan sedikit daerah pembanding, nilai p "
        "bersifat perkiraan; yang lebih penting adalah arah dan besarnya selisih, serta apakah "
        "daerah pembanding yang menghadapi pandemi yang sama juga mandek."),
        *d.caveats[:1],
    ]
    return PeerComparisonResult(
        table=table, sentences=sentences, caveats=caveats,
        params={"measure": measure, "treatment_year": treatment_year, "peers": peers,
                "leads": leads, "lags": lags, "confidence_level": level},
        did=d, event_study=es, synth=sc, trends=trends, focal=focal, panel=panel,
    )


def peer_evidence(
    result: PeerComparisonResult,
    *,
    higher_is_better: bool = True,
    confidence_level: float | None = None,
) -> pd.DataFrame:
    """Evidence row (factor ``environment``, source ``peers``) from a peer comparison.

    Rules. "Behind" means the DiD estimate goes against ``higher_is_better``; it is
    significant when its p-value (the wild cluster bootstrap p when available) is below
    ``1 − confidence_level`` (0.05 at the default 95%);
    the synthetic control agrees when its gap goes the same way and the focal region has the
    largest post/pre RMSPE ratio of all units (the smallest attainable permutation p).

    - behind, significant and confirmed by the synthetic control → the stall is local, so the
      environment is not the main explanation: direction ``enabler``, strength ``strong``,
      score +0.6;
    - behind and either significant or confirmed by the synthetic control → ``enabler``,
      ``moderate``, +0.4;
    - otherwise, when the peers' mean annual change after the treatment year is at most half
      of theirs before (peers stalled too) → the shared shock is a real barrier: ``barrier``,
      ``strong`` (score −0.6) if the peers' post change is ≤ 0, else ``moderate`` (−0.4);
    - behind, neither significant nor confirmed, peers not stalled → ``neutral``, ``weak``,
      +0.15;
    - otherwise → ``neutral``, ``none``, 0.

    Parameters
    ----------
    result : PeerComparisonResult
    higher_is_better : bool
        Whether a higher value of the measure is better (indices: True).
    confidence_level : float, optional
        Sets the significance threshold; default (None) the level the comparison was fitted at
        (``params``). The interval quoted in ``detail`` is always the fitted one, labelled
        with its own level.

    Returns
    -------
    pandas.DataFrame
        One row with the evidence columns ``factor, source, finding, direction, strength,
        score, n, detail``.
    """
    if not isinstance(result, PeerComparisonResult):
        raise ParameterError("result must come from evaltools.quasi.peer_comparison")
    alpha = 1 - _evidence_level(result, confidence_level)
    fitted_level = result.params.get("confidence_level", CONFIDENCE)
    sign = 1.0 if higher_is_better else -1.0
    drow = result.did.table[result.did.table["term"] == "did"].iloc[0]
    p = result.did.wild_p if result.did.wild_p is not None else float(drow["p_value"])
    behind = sign * drow["estimate"] < 0
    sig = behind and p < alpha
    sc = result.synth
    synth_ok = False
    if sc is not None and len(sc.placebos) > 1:
        synth_ok = bool(sign * sc.att < 0 and sc.p_value <= 1 / len(sc.placebos) + 1e-12)
    tr = result.trends
    peers_pre, peers_post = sign * tr["peers_pre"], sign * tr["peers_post"]
    peers_stalled = bool(np.isfinite(peers_pre) and peers_pre > 0 and peers_post <= 0.5 * peers_pre)
    focal = result.focal
    if behind and sig and synth_ok:
        direction, strength, score = "enabler", "strong", 0.6
    elif behind and (sig or synth_ok):
        direction, strength, score = "enabler", "moderate", 0.4
    elif peers_stalled:
        direction = "barrier"
        strength, score = ("strong", -0.6) if peers_post <= 0 else ("moderate", -0.4)
    elif behind:
        direction, strength, score = "neutral", "weak", 0.15
    else:
        direction, strength, score = "neutral", "none", 0.0
    what = f"Pada {measure_label(result.params['measure'])}, "
    if direction == "enabler" or (direction == "neutral" and behind):
        finding = what + (
            f"{focal} tertinggal dari daerah pembanding yang menghadapi pandemi yang sama; "
            "kemandekan bersifat lokal, sehingga lingkungan eksternal bukan penjelasan utama."
            if direction == "enabler" else
            f"{focal} cenderung tertinggal dari daerah pembanding, tetapi selisihnya belum pasti "
            "secara statistik; bukti bahwa kemandekan bersifat lokal masih lemah."
        )
    elif direction == "barrier":
        finding = what + (
            f"daerah pembanding juga melambat setelah {result.params['treatment_year']} dan {focal} "
            "tidak tertinggal dari mereka; guncangan bersama (pandemi/refocusing) menjadi hambatan."
        )
    else:
        finding = what + (
            f"{focal} tidak tertinggal dari daerah pembanding dan daerah pembanding tidak melambat; "
            "perbandingan ini tidak menunjuk lingkungan eksternal sebagai hambatan."
        )
    detail = (
        f"selisih-dalam-selisih {fmt_number(drow['estimate'], 2, signed=True)} "
        f"{fmt_ci(drow['ci_low'], drow['ci_high'], level=fitted_level)}, "
        f"{fmt_p(p)}; perubahan tahunan pembanding sebelum/sesudah "
        f"{fmt_number(tr['peers_pre'], 3, signed=True)}/{fmt_number(tr['peers_post'], 3, signed=True)}"
    )
    if sc is not None:
        detail += f"; kontrol sintetis {fmt_number(sc.att, 2, signed=True)} (p permutasi {fmt_number(sc.p_value, 3)})"
    return make_evidence_frame(
        [{"factor": "environment", "source": "peers", "finding": finding, "direction": direction,
          "strength": strength, "score": score, "n": float(result.panel["region"].nunique()),
          "detail": detail + "."}]
    )
