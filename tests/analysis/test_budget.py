"""Budget analytics: cut, absorption, window comparison, link to the stall, evidence rules.

Every expected number is computed by hand in a comment.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from evaltools.analysis import budget as bu
from evaltools.analysis import progress as pr
from evaltools.analysis.evidence import EVIDENCE_COLUMNS
from evaltools.errors import ParameterError


def _budget(
    cuts: dict[str, dict[int, float]],
    *,
    years=range(2018, 2023),
    planned=1e9,
    absorption: dict[int, float] | None = None,
    other_cut: float = 0.05,
):
    rows = []
    for d, by_year in cuts.items():
        for y in years:
            cut = by_year.get(y, other_cut)
            rev = planned * (1 - cut)
            ab = (absorption or {}).get(y, 0.9)
            for stage, amt in (("planned", planned), ("revised", rev), ("realised", rev * ab)):
                rows.append(
                    {
                        "year": y,
                        "agency": f"OPD-{d}",
                        "program_id": f"P-{d}",
                        "stage": stage,
                        "dimension": d,
                        "amount_idr": amt,
                    }
                )
    return pd.DataFrame(rows)


CUTS = {
    "governance": {2020: 0.5, 2021: 0.5},
    "economy": {2020: 0.1, 2021: 0.1},
    "living": {2020: 0.0, 2021: 0.0},
}


def test_stages_cut_and_absorption_by_year():
    res = bu.analyze(budget=_budget(CUTS), stagnation_start=2020, stagnation_end=2021)
    by = res.by_year.set_index("year")
    # 2020: planned 3e9, revised 0.5e9 + 0.9e9 + 1e9 = 2.4e9 -> cut 0.2; realised 0.9 x 2.4e9
    assert by.loc[2020, "planned"] == pytest.approx(3e9)
    assert by.loc[2020, "revised"] == pytest.approx(2.4e9)
    assert by.loc[2020, "cut"] == pytest.approx(0.2)
    assert by.loc[2020, "absorption"] == pytest.approx(0.9)
    assert by.loc[2018, "cut"] == pytest.approx(0.05)
    assert bool(by.loc[2021, "in_window"]) and not bool(by.loc[2022, "in_window"])
    agency = res.by_agency.set_index(["agency", "year"])
    assert agency.loc[("OPD-governance", 2021), "cut"] == pytest.approx(0.5)


def test_window_vs_other_years():
    res = bu.analyze(budget=_budget(CUTS), stagnation_start=2020, stagnation_end=2021)
    tot = res.total()
    # window: planned 6e9, revised 4.8e9 -> 0.2; other: 9e9 -> 8.55e9 -> 0.05; excess 0.15
    assert tot["cut_window"] == pytest.approx(0.2)
    assert tot["cut_other"] == pytest.approx(0.05)
    assert tot["excess_cut"] == pytest.approx(0.15)
    assert tot["absorption_window"] == pytest.approx(0.9)
    assert tot["n_years_window"] == 2 and tot["n_years_other"] == 3
    dims = res.table[res.table["scope"] == "dimension"].set_index("dimension")
    assert dims.loc["governance", "excess_cut"] == pytest.approx(0.45)
    assert dims.loc["living", "excess_cut"] == pytest.approx(-0.05)
    cut = next(s for s in res.statements if s.code == "budget.window_cut")
    assert cut.values["cut"] == pytest.approx(0.2) and cut.values["cut_other"] == pytest.approx(
        0.05
    )
    assert cut.values["planned"] == pytest.approx(6e9)


def test_zero_budget_is_nan_not_division_error():
    b = _budget({"governance": {}}, years=[2019, 2020])
    b.loc[b["year"] == 2019, "amount_idr"] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = bu.analyze(budget=b, stagnation_start=2020, stagnation_end=2020)
    by = res.by_year.set_index("year")
    assert math.isnan(by.loc[2019, "cut"]) and math.isnan(by.loc[2019, "absorption"])
    assert by.loc[2020, "cut"] == pytest.approx(0.05)
    assert math.isnan(res.total()["cut_other"])
    # without a normal year, the excess cut falls back to the window cut
    assert res.total()["excess_cut"] == pytest.approx(0.05)
    cells = next(s for s in res.statements if s.code == "budget.undefined_cells")
    assert cells.kind == "caveat" and cells.values["n_cut"] >= 1


def test_missing_stage_and_bad_input():
    b = _budget({"governance": {}}, years=[2020])
    res = bu.analyze(budget=b[b["stage"] != "revised"], stagnation_start=2020, stagnation_end=2021)
    assert math.isnan(res.by_year["cut"].iloc[0]) and math.isnan(res.by_year["absorption"].iloc[0])
    with pytest.raises(ParameterError, match="stage"):
        bu.analyze(budget=b.assign(stage="murni"), stagnation_start=2020, stagnation_end=2021)
    with pytest.raises(ParameterError, match="amount_idr"):
        bu.analyze(budget=b.assign(amount_idr=-1), stagnation_start=2020, stagnation_end=2021)
    with pytest.raises(ParameterError, match="budget"):
        bu.analyze(stagnation_start=2020, stagnation_end=2021)


def test_spearman_exact_permutation_p():
    # perfectly reversed ranks, n = 4: rho = -1; |rho| >= 1 for 2 of 24 permutations -> p = 1/12
    rho, p = bu.spearman_exact(np.array([1, 2, 3, 4.0]), np.array([8, 6, 4, 2.0]))
    assert rho == pytest.approx(-1.0)
    assert p == pytest.approx(2 / 24)
    assert all(math.isnan(v) for v in bu.spearman_exact(np.array([1, 2.0]), np.array([2, 1.0])))
    assert all(
        math.isnan(v) for v in bu.spearman_exact(np.array([1, 1, 1.0]), np.array([1, 2, 3.0]))
    )


def _progress_for(verdict_slopes: dict[str, float]):
    """A progress result whose dimensions change slope by the given amounts after 2019 (three
    programmes per dimension, changes ±0,5 pp around it, so that the verdict can be judged)."""
    pids = [
        (d, f"P-{d}-{k}", change + spread)
        for d, change in verdict_slopes.items()
        for k, spread in enumerate((-0.005, 0.0, 0.005))
    ]
    programs = pd.DataFrame(
        {
            "program_id": [p for _, p, _ in pids],
            "dimension": [d for d, _, _ in pids],
            "lead_agency": "X",
        }
    )
    rows = []
    for _, pid, change in pids:
        for y in range(2017, 2022):
            v = 0.6 + 0.05 * (y - 2017) + change * max(0, y - 2019)
            rows.append((pid, "i", y, 100.0, 100 * v, True))
    targets = pd.DataFrame(
        rows,
        columns=["program_id", "indicator", "year", "target", "realisation", "higher_is_better"],
    )
    return pr.analyze(
        programs=programs, program_targets=targets, stagnation_start=2020, stagnation_end=2021
    )


def test_link_to_stalled_dimensions():
    prog = _progress_for({"governance": -0.10, "economy": -0.03, "living": 0.0})
    res = bu.analyze(
        budget=_budget(CUTS), stagnation_start=2020, stagnation_end=2021, progress_result=prog
    )
    # cuts 0.5 > 0.1 > 0.0 vs slope changes -0.10 < -0.03 < 0: rho = -1, exact p = 2/6
    assert res.link["rho"] == pytest.approx(-1.0)
    assert res.link["p_value"] == pytest.approx(1 / 3)
    assert res.link["n"] == 3
    ct = res.link["crosstab"]
    assert ct.loc["large_cut", "stalled_or_slowed"] == 2
    assert ct.loc["small_cut", "not_down"] == 1
    dims = res.table.set_index("dimension")
    assert dims.loc["governance", "progress_verdict"] == "stalled"
    ind = next(s for s in res.statements if s.code == "budget.link_indicative")
    assert ind.kind == "caveat" and dict(ind.values) == {"n": 3, "min_strong": 8}


def test_evidence_resources_and_environment_rules():
    res = bu.analyze(budget=_budget(CUTS), stagnation_start=2020, stagnation_end=2021)
    ev = bu.evidence(res).set_index("factor")
    assert list(bu.evidence(res).columns) == list(EVIDENCE_COLUMNS)
    # s_cut = 0.15 / 0.30 = 0.5, s_abs = 0 -> raw 0.7 * 0.5 = 0.35 -> moderate barrier
    assert ev.loc["resources", "score"] == pytest.approx(-0.35)
    assert ev.loc["resources", "strength"] == "moderate"
    assert ev.loc["resources", "direction"] == "barrier"
    # no external event in the data: no environment row (a cut alone is a local decision)
    assert "environment" not in ev.index
    # with an external shock in 2020: uniform part = smallest dimension excess = -0.05 -> 0 -> none
    ev_shock = bu.evidence(res, shock_years=[2020]).set_index("factor")
    assert ev_shock.loc["environment", "strength"] == "none"
    assert ev_shock.loc["environment", "direction"] == "neutral"

    # the link rho = -1 on n = 3 dimensions has exact p = 2/6 = 0.33 >= 0.05: indicative only,
    # the score is not raised (it was x1.25 before issue 12)
    prog = _progress_for({"governance": -0.10, "economy": -0.03, "living": 0.0})
    ev2 = bu.evidence(res, prog).set_index("factor")
    assert ev2.loc["resources", "score"] == pytest.approx(-0.35)
    found = ev2.loc["resources", "finding"]
    assert found.code == "budget.resources_barrier" and found.values["link"] is None
    detail = ev2.loc["resources", "detail"].values
    assert detail["n_link"] == 3 and detail["p_value"] == pytest.approx(1 / 3)
    assert detail["p_floor"] == pytest.approx(1 / 3)  # 2/3! = 1/3


def test_evidence_uniform_refocusing_is_environment_and_absorption_counts():
    cuts = {d: {2020: 0.35, 2021: 0.35} for d in ("governance", "economy", "living")}
    absorption = {2020: 0.6, 2021: 0.6}
    res = bu.analyze(
        budget=_budget(cuts, absorption=absorption), stagnation_start=2020, stagnation_end=2021
    )
    ev = bu.evidence(res, shock_years=[2020]).set_index("factor")
    # excess 0.30 -> s_cut 1; absorption gap 0.9 - 0.6 = 0.3 -> s_abs 1; raw 1 -> strong by size,
    # but no correlation on >= LINK_MIN_N_STRONG dimensions ties the cut to the stall: capped at
    # moderate with |score| lowered to CAP_SCORE["moderate"] = 0.5
    assert ev.loc["resources", "score"] == pytest.approx(-0.5)
    assert ev.loc["resources", "strength"] == "moderate"
    assert ev.loc["resources", "finding"].values["caps"] == [{"cap": "link", "min_n": 8}]
    # uniform excess 0.30 in every dimension, an external event in 2020 -> environment -1, strong
    # (3 years outside the window = MIN_OTHER_YEARS_STRONG)
    assert ev.loc["environment", "score"] == pytest.approx(-1.0)
    assert ev.loc["environment", "strength"] == "strong"
    # the events table supplies the shock years: kind shock/budget dated in the window
    events = pd.DataFrame(
        {
            "date": ["2020-04-09", "2019-05-01"],
            "label": ["Keputusan X", "Sosialisasi Y"],
            "kind": ["budget", "socialisation"],
            "is_break": [True, False],
        }
    )
    res_ev = bu.analyze(
        budget=_budget(cuts, absorption=absorption),
        stagnation_start=2020,
        stagnation_end=2021,
        events=events,
    )
    assert res_ev.params["shock_years"] == [2020] and res_ev.params["cut_years"] == [2020, 2021]
    env = bu.evidence(res_ev).set_index("factor").loc["environment"]
    assert env["strength"] == "strong" and env["finding"].values["events"] == ["Keputusan X"]
    # a window without an external event yields no environment row
    res_late = bu.analyze(
        budget=_budget(cuts), stagnation_start=2022, stagnation_end=2022, events=events
    )
    assert "environment" not in set(bu.evidence(res_late)["factor"])
    # only one year outside the window: at most moderate
    res_short = bu.analyze(
        budget=_budget(cuts, absorption=absorption, years=range(2019, 2022)),
        stagnation_start=2020,
        stagnation_end=2021,
        events=events,
    )
    ev_short = bu.evidence(res_short).set_index("factor")
    assert ev_short.loc["environment", "strength"] == "moderate"
    assert ev_short.loc["environment", "score"] == pytest.approx(-0.5)


def test_strong_resources_needs_a_correlation_on_enough_dimensions():
    """A correlation on a handful of points cannot make the row strong (LINK_MIN_N_STRONG = 8);
    with 9 dimensions, a significant rank correlation (exact-free t approximation) can."""
    names = [f"d{i}" for i in range(9)]
    cuts = {d: {2020: 0.2 + 0.05 * i, 2021: 0.2 + 0.05 * i} for i, d in enumerate(names)}
    absorption = {2020: 0.6, 2021: 0.6}
    res = bu.analyze(
        budget=_budget(cuts, absorption=absorption), stagnation_start=2020, stagnation_end=2021
    )
    many = _progress_for({d: -0.01 * (i + 1) for i, d in enumerate(names)})
    ev = bu.evidence(res, many).set_index("factor")
    assert ev.loc["resources", "strength"] == "strong" and ev.loc[
        "resources", "score"
    ] == pytest.approx(-1.0)
    few = {d: cuts[d] for d in names[:6]}
    res6 = bu.analyze(
        budget=_budget(few, absorption=absorption), stagnation_start=2020, stagnation_end=2021
    )
    ev6 = bu.evidence(res6, _progress_for({d: -0.01 * (i + 1) for i, d in enumerate(names[:6])}))
    row = ev6.set_index("factor").loc["resources"]
    # rho = -1 on 6 points, exact p = 2/720: significant, but n = 6 < 8 -> moderate
    assert row["strength"] == "moderate" and row["score"] == pytest.approx(-0.5)


def test_evidence_budget_growth_is_enabler():
    cuts = {d: {2020: -0.25, 2021: -0.25} for d in ("governance", "economy")}
    res = bu.analyze(budget=_budget(cuts), stagnation_start=2020, stagnation_end=2021)
    ev = bu.evidence(res).set_index("factor")
    # excess -0.30 -> s_cut -1 -> raw -0.7 -> score +0.7 strong enabler
    assert ev.loc["resources", "score"] == pytest.approx(0.7)
    assert ev.loc["resources", "direction"] == "enabler"


def test_plots():
    import matplotlib.figure

    res = bu.analyze(budget=_budget(CUTS), stagnation_start=2020, stagnation_end=2021)
    fig = res.plot()
    assert isinstance(fig, matplotlib.figure.Figure)
    assert len(fig.axes[0].patches) == 3 * 5 + 1  # three stages x five years, the window
    fig2 = res.plot_cut()
    assert len(fig2.axes[0].get_yticklabels()) == 3  # one row per dimension
    # words and number formats of both figures: tests/prose/test_budget.py


# ---- demo data: the planted refocusing cut must be recovered ---------------------------------


@pytest.fixture(scope="module", params=["default", "structure_communication"])
def demo_story(request, tmp_path_factory):
    import json

    import evaltools
    from evaltools.data.demo import write_demo

    out = write_demo(tmp_path_factory.mktemp(request.param), story=request.param)
    return evaltools.load_data(out), json.loads((out / "planted.json").read_text())


def test_demo_budget_recovers_planted_cut(demo_story):
    data, planted = demo_story
    res = bu.analyze(data)
    by = res.by_year.set_index("year")
    for year, cut in planted["budget"]["observed_cut_by_year"].items():
        assert by.loc[int(year), "cut"] == pytest.approx(cut, abs=5e-6)
    for year, ab in planted["budget"]["observed_absorption_by_year"].items():
        assert by.loc[int(year), "absorption"] == pytest.approx(ab, abs=5e-6)
    by_dim = res.by_dimension.set_index(["dimension", "year"])
    for dim, years in planted["budget"]["observed_cut_by_year_dimension"].items():
        for year, cut in years.items():
            assert by_dim.loc[(dim, int(year)), "cut"] == pytest.approx(cut, abs=5e-6)


def planted_shock_years(data):
    ev = data.events
    start, end = int(data.context["stagnation_start"]), int(data.context["stagnation_end"])
    years = pd.to_datetime(ev.loc[ev["kind"].isin(["shock", "budget"]), "date"]).dt.year
    return [y for y in years if start <= y <= end]


def test_demo_budget_evidence_follows_the_story(demo_story):
    data, planted = demo_story
    prog = pr.analyze(data)
    res = bu.analyze(data, progress_result=prog)
    ev = bu.evidence(res, prog).set_index("factor")
    dims = res.table[res.table["scope"] == "dimension"].sort_values("cut_window", ascending=False)
    if planted["story"] == "default":
        # cuts concentrated on the stalled dimensions: they are the three largest window cuts
        assert set(dims["dimension"].head(3)) == set(planted["budget"]["cut_concentrated_on"])
        # a large cut, but six dimensions cannot carry a "strong" correlation (issue 12: E06)
        assert ev.loc["resources", "strength"] == "moderate"
        assert ev.loc["resources", "direction"] == "barrier"
    else:
        # only the uniform national cut of 2020: resources barely a barrier
        assert ev.loc["resources", "strength"] in ("weak", "none")
    # the demo's events carry the budget decision of 2020: the shock year comes from the data
    assert res.params["shock_years"] == sorted({int(y) for y in planted_shock_years(data)})
    assert res.params["shock_years"]  # non-empty, so the environment row exists
    assert ev.loc["environment", "direction"] in ("barrier", "neutral")
