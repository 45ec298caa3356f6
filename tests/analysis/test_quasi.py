"""Notebook helpers: EvalData tables -> ITS / DiD / synthetic control, and evidence rows."""

from __future__ import annotations

import types

import matplotlib.figure
import numpy as np
import pandas as pd
import pytest

import evaltools
from evaltools.analysis.evidence import EVIDENCE_COLUMNS
from evaltools.errors import ParameterError
from evaltools.prose import render_one
from evaltools.results import finding


def fake_data(seed=0, peer_effect=-0.35, level=-0.15):
    rng = np.random.default_rng(seed)
    months = pd.date_range("2017-01-01", "2023-12-01", freq="MS")
    n = len(months)
    t = np.arange(1, n + 1)
    brk = months >= pd.Timestamp("2020-04-01")
    tb = np.where(brk, t - t[brk][0], 0)
    pop = np.linspace(2.4e6, 2.6e6, n)
    mu = (
        np.exp(
            np.log(20000 / 2.45e6)
            + 0.008 * t
            + level * brk
            - 0.008 * tb
            + 0.04 * np.sin(2 * np.pi * months.month / 12)
        )
        * pop
    )
    cnt = rng.poisson(mu * np.exp(rng.normal(0, 0.03, n)))
    cont = 1400 + 4 * t - 150 * brk - 4 * tb + rng.normal(0, 18, n)
    sm = pd.concat(
        [
            pd.DataFrame(
                {
                    "indicator_id": "daring",
                    "month": months,
                    "value": cnt.astype(float),
                    "exposure": pop,
                }
            ),
            pd.DataFrame(
                {"indicator_id": "sampah", "month": months, "value": cont, "exposure": np.nan}
            ),
        ],
        ignore_index=True,
    )
    ind = pd.DataFrame(
        {
            "indicator_id": ["daring", "sampah"],
            "name": ["Layanan daring", "Sampah terangkut"],
            "dimension": ["governance", "environment"],
            "unit": ["permohonan", "ton"],
            "higher_is_better": [True, True],
            "value_type": ["count", "continuous"],
        }
    )
    ev = pd.DataFrame(
        {
            "date": pd.to_datetime(["2020-02-24", "2020-04-01", "2022-02-22"]),
            "label": ["Perda 2/2020", "Refocusing COVID-19", "Sosialisasi DPRD"],
            "kind": ["policy", "shock", "socialisation"],
            "is_break": [False, True, False],
        }
    )
    rows = []
    regions = [
        "Kota Bekasi",
        "Kota Depok",
        "Kota Bogor",
        "Kota Bandung",
        "Kota Tangerang",
        "Kota Tangsel",
    ]
    base = [1.95, 1.85, 1.75, 2.2, 2.05, 1.9]
    shocks = rng.normal(0, 0.03, 10)
    for r, b in zip(regions, base, strict=False):
        for i, y in enumerate(range(2014, 2024)):
            v = b + 0.15 * i + shocks[i] + rng.normal(0, 0.03)
            if r == "Kota Bekasi" and y >= 2020:
                v += peer_effect
            rows.append(
                {
                    "region": r,
                    "year": y,
                    "measure": "smart_city_index",
                    "value": v,
                    "scale_max": 4.0,
                    "focal": r == "Kota Bekasi",
                }
            )
    pp = pd.DataFrame(rows)
    return types.SimpleNamespace(
        service_monthly=sm, indicators=ind, events=ev, peer_panel=pp, context={}
    )


# Planted in fake_data(): counts drop by exp(-0.15) (level) with the growth of 0.008/month
# flattened to 0 at April 2020; the continuous indicator drops by 150 with its slope of 4/month
# flattened; the focal city falls 0.35 points behind peers from 2020.


def test_its_frame_and_breaks():
    d = fake_data()
    f = evaltools.quasi.its_frame(d, "daring")
    assert list(f.columns) == ["month", "value", "exposure", "t", "calendar_month"]
    assert f["t"].tolist() == list(range(1, 85))
    assert f["calendar_month"].iloc[:3].tolist() == [1, 2, 3]
    assert evaltools.quasi.breaks_from_events(d) == {
        "Refocusing COVID-19": pd.Timestamp("2020-04-01")
    }
    with pytest.raises(ParameterError, match="not in service_monthly"):
        evaltools.quasi.its_frame(d, "nope")
    d.service_monthly = None
    with pytest.raises(ParameterError, match="service_monthly"):
        evaltools.quasi.its_frame(d, "daring")


def test_fit_indicator_chooses_family_and_recovers_planted_changes():
    d = fake_data()
    count = evaltools.quasi.fit_indicator(d, "daring")
    assert count.params["family"] == "poisson" and count.params["exposure"] == "exposure"
    lv = count.term("level:Refocusing COVID-19")
    assert lv["ratio_ci_low"] < np.exp(-0.15) < lv["ratio_ci_high"]
    sl = count.term("slope:Refocusing COVID-19")
    assert sl["ci_low"] < -0.008 < sl["ci_high"]
    cont = evaltools.quasi.fit_indicator(d, "sampah")
    assert cont.params["family"] == "gaussian" and cont.params["exposure"] is None
    lv = cont.term("level:Refocusing COVID-19")
    assert lv["ci_low"] < -150 < lv["ci_high"]
    assert "Layanan daring" in count.sentences[0]


def test_fit_all_indicators_and_its_evidence():
    res = evaltools.quasi.fit_all_indicators(fake_data())
    for col in (
        "indicator_id",
        "term",
        "kind",
        "estimate",
        "se",
        "ci_low",
        "ci_high",
        "p_value",
        "ratio",
        "relative_change",
        "adverse",
    ):
        assert col in res.table.columns
    assert len(res.table) == 4 and not res.errors
    ev = evaltools.quasi.its_evidence(res)
    assert list(ev.columns) == list(EVIDENCE_COLUMNS)
    row = ev.iloc[0]
    assert (row.factor, row.source, row.direction, row.strength) == (
        "environment",
        "its",
        "barrier",
        "strong",
    )
    assert row.score == pytest.approx(-1.0) and row.n == 2
    assert isinstance(res.plot(), matplotlib.figure.Figure)


def test_wide_table_puts_level_and_slope_side_by_side():
    res = evaltools.quasi.fit_all_indicators(fake_data())
    wide = res.wide_table()
    # 2 indicators × 1 break (the tidy table has 2 × 1 × 2 rows)
    assert list(wide.columns) == [
        "indicator_id",
        "name",
        "dimension",
        "higher_is_better",
        "family",
        "break_label",
        "level_change",
        "level_ci_low",
        "level_ci_high",
        "level_p_value",
        "level_adverse",
        "slope_change",
        "slope_ci_low",
        "slope_ci_high",
        "slope_p_value",
        "slope_adverse",
        "n_months",
    ]
    assert wide["indicator_id"].tolist() == ["daring", "sampah"]
    assert (wide["break_label"] == "Refocusing COVID-19").all()
    tidy = res.table.set_index(["indicator_id", "kind"])
    for _, row in wide.iterrows():
        for kind in ("level", "slope"):
            t = tidy.loc[(row["indicator_id"], kind)]
            assert row[f"{kind}_change"] == t["relative_change"]  # same numbers, full precision
            assert (
                row[f"{kind}_ci_low"] == t["rel_ci_low"]
                and row[f"{kind}_ci_high"] == t["rel_ci_high"]
            )
            assert row[f"{kind}_p_value"] == t["p_value"] and row[f"{kind}_adverse"] == t["adverse"]
    # planted: the count indicator drops by exp(-0.15) - 1 = -13,9% and its growth of 0,8%/month
    # flattens (slope ratio exp(-0.008) - 1 = -0,8%/month); both adverse
    daring = wide.iloc[0]
    assert daring["level_ci_low"] < np.exp(-0.15) - 1 < daring["level_ci_high"]
    assert daring["slope_ci_low"] < np.exp(-0.008) - 1 < daring["slope_ci_high"]
    assert bool(daring["level_adverse"]) and bool(daring["slope_adverse"])
    assert (wide["n_months"] == 84).all()
    # without slope terms the slope columns are missing, not dropped
    level_only = evaltools.quasi.fit_all_indicators(fake_data(), slope_change=False).wide_table()
    assert len(level_only) == 2 and level_only["slope_change"].isna().all()
    assert level_only["slope_adverse"].isna().all() and level_only["level_change"].notna().all()


def test_its_evidence_without_a_shock_is_neutral():
    res = evaltools.quasi.fit_all_indicators(fake_data(level=0.0, seed=3), slope_change=False)
    # without a planted drop the series still grows; flattening is not planted either
    d = fake_data(level=0.0, seed=3)
    sm = d.service_monthly
    t = sm.groupby("indicator_id").cumcount() + 1
    # rebuild series with no break at all
    sm.loc[sm.indicator_id == "sampah", "value"] = (
        1400 + 4 * t[sm.indicator_id == "sampah"] + np.random.default_rng(9).normal(0, 18, 84)
    )
    daring = sm.indicator_id == "daring"
    sm.loc[daring, "value"] = (
        np.random.default_rng(9).poisson(20000 * np.exp(0.004 * t[daring])).astype(float)
    )
    res = evaltools.quasi.fit_all_indicators(d)
    ev = evaltools.quasi.its_evidence(res)
    assert ev.iloc[0]["direction"] == "neutral"
    assert ev.iloc[0]["strength"] in ("none", "weak")
    with pytest.raises(ParameterError, match="break_label"):
        evaltools.quasi.its_evidence(res, break_label="nope")


def test_its_evidence_from_single_result():
    d = fake_data()
    res = evaltools.quasi.fit_indicator(d, "daring")
    ev = evaltools.quasi.its_evidence(res)
    assert ev.iloc[0]["direction"] == "barrier"


def test_panel_frame():
    d = fake_data()
    p = evaltools.quasi.panel_frame(d, "smart_city_index")
    assert list(p.columns) == ["region", "year", "value", "scale_max", "focal", "treated", "share"]
    assert p["focal"].sum() == 10 and p["region"].nunique() == 6
    with pytest.raises(ParameterError, match="not in peer_panel"):
        evaltools.quasi.panel_frame(d, "nope")
    d.peer_panel["focal"] = d.peer_panel["region"].isin(["Kota Bekasi", "Kota Depok"])
    with pytest.raises(ParameterError, match="exactly one region"):
        evaltools.quasi.panel_frame(d, "smart_city_index")


def test_peer_comparison_recovers_divergence_and_evidence():
    d = fake_data()
    pc = evaltools.quasi.peer_comparison(d, measure="smart_city_index", treatment_year=2020)
    did_row = pc.table[pc.table["analysis"] == "did"].iloc[0]
    assert did_row["ci_low"] < -0.35 < did_row["ci_high"]
    assert pc.synth.att == pytest.approx(-0.35, abs=0.1)
    assert set(pc.table["analysis"]) == {"did", "event_study", "synth"}
    assert pc.did.params["cov"] == "nonrobust"
    ev = evaltools.quasi.peer_evidence(pc)
    row = ev.iloc[0]
    assert (row.factor, row.source, row.direction) == ("environment", "peers", "enabler")
    assert row.score > 0 and row.finding.code == "quasi.peer_finding"
    assert row.finding.values["direction"] == "enabler" and row.finding.values["n_peers"] == 5
    assert row.detail.code == "quasi.peer_detail"
    assert isinstance(pc.plot(), matplotlib.figure.Figure)
    # 5 donors: the permutation p-value cannot go below 1/6; the caveat says so, and whether the
    # floor is reached (the focal region diverges most relative to its pre-period fit).
    n_donors = len(pc.synth.weights)
    floor = [s.values for s in pc.statements if s.code == "quasi.synth_floor"]
    assert len(floor) == 1 and floor[0]["n_donors"] == n_donors
    assert floor[0]["floor"] == pytest.approx(1 / (n_donors + 1))
    assert (pc.synth.p_value == pytest.approx(1 / (n_donors + 1))) == floor[0]["reached"]


def test_peer_evidence_when_peers_stalled_too():
    d = fake_data(peer_effect=0.0)
    pp = d.peer_panel
    pp.loc[pp.year >= 2020, "value"] -= (pp.year - 2019) * 0.15  # everyone stops improving
    pc = evaltools.quasi.peer_comparison(d, measure="smart_city_index", treatment_year=2020)
    row = evaltools.quasi.peer_evidence(pc).iloc[0]
    assert row.direction == "barrier" and row.score < 0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"treatment_year": 2030}, "outside"),
        ({"treatment_year": 2015}, "pre-period"),
        ({"peers": ["Kota Atlantis"]}, "Atlantis"),
        ({"measure": "nope"}, "not in peer_panel"),
    ],
)
def test_peer_comparison_bad_input(kwargs, match):
    base = {"measure": "smart_city_index", "treatment_year": 2020}
    base.update(kwargs)
    with pytest.raises(ParameterError, match=match):
        evaltools.quasi.peer_comparison(fake_data(), **base)


# --- demo data: the planted mechanisms of data/demo/planted.json are recovered -----------------

_BREAK_KEYS = {
    "refocusing": "SKB Mendagri–Menkeu: refocusing APBD untuk COVID-19",
    "socialisation": "Sosialisasi Perda Kota Cerdas kepada ASN oleh Ketua DPRD",
}


@pytest.fixture(scope="module")
def demo(demo_dir):
    import json

    data = evaltools.load_data(demo_dir)
    planted = json.loads((demo_dir / "planted.json").read_text(encoding="utf-8"))
    return data, planted


def _break_label(data, planted, key):
    """The events-table label of the planted break (matched by its month, not its wording)."""
    month = pd.Timestamp(planted["its"]["breaks"][key])
    for label, date in evaltools.quasi.breaks_from_events(data).items():
        if date.to_period("M").to_timestamp() == month:
            return label
    raise AssertionError(f"no is_break event in the month of planted break {key}")


def test_demo_its_recovers_planted_level_and_slope_changes(demo):
    data, planted = demo
    res = evaltools.quasi.fit_all_indicators(data)
    assert not res.errors
    misses, checked = [], 0
    for iid, p in planted["its"]["indicators"].items():
        fit = res.results[iid]
        assert fit.params["family"] == ("poisson" if p["value_type"] == "count" else "gaussian")
        for key in p["level_change"]:
            label = _break_label(data, planted, key)
            for kind, truth in (
                ("level", p["level_change"][key]),
                ("slope", p["slope_change_per_month"][key]),
            ):
                row = fit.term(f"{kind}:{label}")
                checked += 1
                if not row["ci_low"] <= truth <= row["ci_high"]:
                    misses.append((iid, kind, key, row["estimate"], truth))
                if key == "refocusing":
                    # the planted COVID-19/refocusing shock is the mechanism the diagnosis uses
                    assert row["ci_low"] <= truth <= row["ci_high"], (iid, kind)
    # 95% intervals: with 24 of them about one miss is expected
    assert checked == 24 and len(misses) <= 2, misses
    # the chapter's table: one row per indicator × break (6 × 2), not per term (24)
    assert len(res.wide_table()) == 12 and len(res.table) == 24
    ev = evaltools.quasi.its_evidence(res, break_label=_break_label(data, planted, "refocusing"))
    assert ev.iloc[0]["direction"] == "barrier"


def test_demo_peers_recover_planted_divergence(demo):
    data, planted = demo
    for measure, p in planted["peers"]["measures"].items():
        pc = evaltools.quasi.peer_comparison(
            data, measure=measure, treatment_year=planted["peers"]["post_period"][0]
        )
        row = pc.table[pc.table["analysis"] == "did"].iloc[0]
        assert row["ci_low"] <= p["did"] <= row["ci_high"], measure
        es = pc.event_study.table.set_index("event_time")
        post = [(int(y) - 2020, v) for y, v in p["event_study"].items() if int(y) >= 2020]
        assert all(es.loc[e, "ci_low"] <= v <= es.loc[e, "ci_high"] for e, v in post), measure
        # parallel pre-trends are planted: the joint test does not reject at 5%
        assert pc.event_study.pretrend["p_value"] > 0.05
        assert pc.synth.att == pytest.approx(p["did"], abs=0.1)
        ev = evaltools.quasi.peer_evidence(pc).iloc[0]
        # peers kept improving while the focal city fell behind: environment is not the main cause
        assert ev["direction"] == "enabler" and ev["score"] > 0


# --- confidence_level: one level from the notebook parameter to every interval and verdict -----


def test_fit_indicator_90_percent_intervals():
    """Quasi-Poisson (count) and HAC (continuous) both use the normal reference: a 90% interval
    is estimate ± z_0.95 × se, with the same estimate and se as at 95%."""
    from scipy import stats

    d = fake_data()
    z = stats.norm.ppf(0.95)
    for iid in ("daring", "sampah"):
        r95 = evaltools.quasi.fit_indicator(d, iid)
        r90 = evaltools.quasi.fit_indicator(d, iid, confidence_level=0.90)
        t90, t95 = r90.table, r95.table
        np.testing.assert_allclose(
            t90[["estimate", "se", "p_value"]], t95[["estimate", "se", "p_value"]], rtol=1e-12
        )
        np.testing.assert_allclose(t90["ci_low"], t90["estimate"] - z * t90["se"], rtol=1e-12)
        np.testing.assert_allclose(t90["ci_high"], t90["estimate"] + z * t90["se"], rtol=1e-12)
        assert ((t90["ci_high"] - t90["ci_low"]) < (t95["ci_high"] - t95["ci_low"])).all()
        post = r90.path["segment"] > 0
        assert (
            (r90.path["cf_high"] - r90.path["cf_low"]) < (r95.path["cf_high"] - r95.path["cf_low"])
        )[post].all()
        assert r90.params["confidence_level"] == 0.90
        assert {s.values["level"] for s in r90.statements if "level" in s.values} == {0.90}
    # the indicator's name, not the column name, is the outcome of the statements
    first = evaltools.quasi.fit_indicator(d, "daring", confidence_level=0.9).statements[0]
    assert first.values["outcome"] == "Layanan daring"


def test_fit_all_indicators_passes_the_level():
    d = fake_data()
    r95 = evaltools.quasi.fit_all_indicators(d)
    r90 = evaltools.quasi.fit_all_indicators(d, confidence_level=0.90)
    assert r90.params["confidence_level"] == 0.90
    assert all(r.params["confidence_level"] == 0.90 for r in r90.results.values())
    t90 = r90.table.set_index(["indicator_id", "term"])
    for iid, res in r90.results.items():
        own = res.table.set_index("term")
        for term in own.index.intersection(t90.loc[iid].index):
            assert t90.loc[(iid, term), "ci_low"] == own.loc[term, "ci_low"]
    assert (
        (r90.table["rel_ci_high"] - r90.table["rel_ci_low"])
        < (r95.table["rel_ci_high"] - r95.table["rel_ci_low"])
    ).all()
    assert r90.statements[0].code == "quasi.its_adverse_count"
    assert r90.statements[0].values["level"] == 0.90 and r95.statements[0].values["level"] == 0.95
    xlabel = r90.plot().axes[0].get_xlabel()
    assert xlabel == render_one(finding("quasi.plot_level_axis", level=0.90))


def _its_rows(p_level, rel_level, p_slope):
    """One indicator's level and slope rows as fit_all_indicators tabulates them (adverse)."""
    base = {
        "indicator_id": "x",
        "name": "Indikator X",
        "break_label": "Refocusing COVID-19",
        "adverse": True,
    }
    return pd.DataFrame(
        [
            {
                **base,
                "kind": "level",
                "estimate": rel_level,
                "p_value": p_level,
                "relative_change": rel_level,
            },
            {
                **base,
                "kind": "slope",
                "estimate": -0.01,
                "p_value": p_slope,
                "relative_change": -0.01,
            },
        ]
    )


@pytest.mark.parametrize(
    "p_level, rel_level, p_slope, at95, at90",
    [
        # level p = 0.07: above α = 0.05 but below 2α = 0.10 → weak;
        # at 90% below α = 0.10 → moderate
        (0.07, -0.05, 0.5, "weak", "moderate"),
        # level p = 0.015, −20%: not below α/5 = 0.01 → moderate; at 90% below α/5 = 0.02 → strong
        (0.015, -0.20, 0.5, "moderate", "strong"),
        # level and slope both p = 0.08: weak at 95%; both below α = 0.10 at 90% → strong
        (0.08, -0.05, 0.08, "weak", "strong"),
        # p = 0.15: none at 95% (≥ 0.10), weak at 90% (< 2α = 0.20)
        (0.15, -0.05, 0.9, "none", "weak"),
    ],
)
def test_its_evidence_thresholds_follow_the_level(p_level, rel_level, p_slope, at95, at90):
    """The rules of its_evidence with α = 1 − confidence_level: strong p < α/5 (and ≥ 10%) or
    level and slope p < α; moderate p < α; weak p < 2α (0.01 / 0.05 / 0.10 at 95%)."""
    from evaltools.analysis.quasi import IndicatorsITSResult
    from evaltools.vocabulary import STRENGTH_SCORE

    table = _its_rows(p_level, rel_level, p_slope)
    r95 = IndicatorsITSResult(table=table, params={"confidence_level": 0.95})
    r90 = IndicatorsITSResult(table=table, params={"confidence_level": 0.90})
    # one indicator: the row's score is minus that indicator's strength value
    assert evaltools.quasi.its_evidence(r95).iloc[0]["score"] == -STRENGTH_SCORE[at95]
    assert evaltools.quasi.its_evidence(r90).iloc[0]["score"] == -STRENGTH_SCORE[at90]
    # an explicit level overrides the one the result was fitted at
    assert (
        evaltools.quasi.its_evidence(r95, confidence_level=0.90).iloc[0]["score"]
        == -STRENGTH_SCORE[at90]
    )


def test_its_evidence_of_a_single_fit_uses_its_level():
    d = fake_data()
    res = evaltools.quasi.fit_indicator(d, "daring", confidence_level=0.90)
    ev = evaltools.quasi.its_evidence(res)
    assert ev.iloc[0]["direction"] == "barrier"


def test_peer_comparison_90_percent_intervals():
    """The two-way FE DiD and event-study intervals at 90% equal statsmodels' conf_int(alpha=0.10)
    of the dummy regressions (classical SE, t reference)."""
    import statsmodels.formula.api as smf
    from scipy import stats

    d = fake_data()
    p95 = evaltools.quasi.peer_comparison(d, measure="smart_city_index", treatment_year=2020)
    p90 = evaltools.quasi.peer_comparison(
        d, measure="smart_city_index", treatment_year=2020, confidence_level=0.90
    )
    panel = p90.panel.assign(did=p90.panel["treated"] * p90.panel["post"])
    ref = smf.ols("value ~ did + C(region) + C(year)", panel).fit().conf_int(alpha=0.10)
    drow = p90.table[p90.table["analysis"] == "did"].iloc[0]
    assert drow["ci_low"] == pytest.approx(ref.loc["did", 0], rel=1e-9)
    assert drow["ci_high"] == pytest.approx(ref.loc["did", 1], rel=1e-9)
    es = p90.table[p90.table["analysis"] == "event_study"]
    t = stats.t.ppf(0.95, p90.event_study.pretrend["df_den"])
    np.testing.assert_allclose(es["ci_high"], es["estimate"] + t * es["se"], rtol=1e-12)
    width = p90.table["ci_high"] - p90.table["ci_low"]
    width95 = p95.table["ci_high"] - p95.table["ci_low"]
    has_ci = p90.table["analysis"] != "synth"
    assert (width[has_ci] < width95[has_ci]).all()
    assert p90.table["estimate"].tolist() == p95.table["estimate"].tolist()
    for part in (p90.did, p90.event_study, p90.synth):
        assert part.params["confidence_level"] == 0.90
    assert p90.params["confidence_level"] == 0.90
    assert p90.statements[0].code == "quasi.peer_did" and p90.statements[0].values["level"] == 0.90
    # the synthetic control's permutation p-value does not depend on the level
    assert p90.synth.p_value == p95.synth.p_value


def test_peer_evidence_with_five_peers_is_capped_at_every_level():
    # peer_effect −0.013: the classical DiD p is 0.070 (between 0.05 and 0.10) and the synthetic
    # control ranks the focal region first of 6 (p = 1/6). With one treated region the verdict
    # uses the permutation p, whose floor 1/6 lies above both 0.05 and 0.10: never "strong".
    d = fake_data(peer_effect=-0.013)
    p95 = evaltools.quasi.peer_comparison(d, measure="smart_city_index", treatment_year=2020)
    p90 = evaltools.quasi.peer_comparison(
        d, measure="smart_city_index", treatment_year=2020, confidence_level=0.90
    )
    assert 0.05 < p95.did.table.set_index("term").loc["did", "p_value"] < 0.10
    e95 = evaltools.quasi.peer_evidence(p95).iloc[0]
    e90 = evaltools.quasi.peer_evidence(p90).iloc[0]
    assert e95.strength != "strong" and e90.strength != "strong"
    for pc in (p95, p90):
        v = evaltools.quasi.peer_verdict(pc)
        assert "floor_blocks_significance" in v["codes"] and v["p_floor"] == pytest.approx(1 / 6)
    assert e95.detail.values["level"] == 0.95 and e90.detail.values["level"] == 0.90
    assert e95.detail.values["p_floor"] == pytest.approx(1 / 6)


@pytest.mark.parametrize("level", [0, 1, 95, -0.1, float("nan"), "sembilan puluh", True])
def test_quasi_bad_confidence_level(level):
    d = fake_data()
    calls = [
        lambda: evaltools.quasi.fit_indicator(d, "daring", confidence_level=level),
        lambda: evaltools.quasi.fit_all_indicators(d, confidence_level=level),
        lambda: evaltools.quasi.peer_comparison(
            d, measure="smart_city_index", treatment_year=2020, confidence_level=level
        ),
    ]
    for call in calls:
        with pytest.raises(ParameterError, match="confidence_level"):
            call()


def test_evidence_bad_confidence_level():
    d = fake_data()
    its = evaltools.quasi.fit_indicator(d, "daring")
    pc = evaltools.quasi.peer_comparison(d, measure="smart_city_index", treatment_year=2020)
    with pytest.raises(ParameterError, match="confidence_level"):
        evaltools.quasi.its_evidence(its, confidence_level=1.5)
    with pytest.raises(ParameterError, match="confidence_level"):
        evaltools.quasi.peer_evidence(pc, confidence_level=0)


# --- issue 12: the environment break comes from events.kind, never from label words ----------


def test_its_environment_break_comes_from_the_event_kind_not_its_label():
    d = fake_data()
    # the label that says "COVID" is a policy; the shock is an unnamed flood in the same month
    d.events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2020-04-01", "2021-06-01"]),
            "label": ["Banjir besar", "Refocusing COVID-19"],
            "kind": ["shock", "policy"],
            "is_break": [True, True],
        }
    )
    res = evaltools.quasi.fit_all_indicators(d)
    assert set(res.table["break_kind"]) == {"shock", "policy"}
    assert {"n_pre", "n_post"} <= set(res.table.columns)
    row = evaltools.quasi.its_evidence(res).iloc[0]
    assert row.finding.values["label"] == "Banjir besar"
    # the kinds are known and none is an environment kind: the ITS says nothing about it
    d.events["kind"] = ["socialisation", "policy"]
    res2 = evaltools.quasi.fit_all_indicators(d)
    assert evaltools.quasi.its_evidence(res2).empty
    # a single fit carries the kinds too
    single = evaltools.quasi.fit_indicator(d, "daring")
    assert single.params["break_kinds"] == {
        "Banjir besar": "socialisation",
        "Refocusing COVID-19": "policy",
    }


def test_its_strong_needs_enough_months_around_the_break():
    from evaltools.analysis.quasi import ITS_MIN_PRE_MONTHS_STRONG, IndicatorsITSResult
    from evaltools.vocabulary import STRENGTH_SCORE

    base = {
        "indicator_id": "x",
        "name": "Indikator X",
        "break_label": "Guncangan",
        "break_kind": "shock",
        "adverse": True,
        "n_post": 30,
    }
    rows = [
        {**base, "kind": "level", "estimate": -0.2, "p_value": 1e-6, "relative_change": -0.2},
        {**base, "kind": "slope", "estimate": -0.01, "p_value": 1e-6, "relative_change": -0.01},
    ]
    long = IndicatorsITSResult(
        table=pd.DataFrame(rows).assign(n_pre=ITS_MIN_PRE_MONTHS_STRONG),
        params={"confidence_level": 0.95},
    )
    short = IndicatorsITSResult(
        table=pd.DataFrame(rows).assign(n_pre=ITS_MIN_PRE_MONTHS_STRONG - 1),
        params={"confidence_level": 0.95},
    )
    assert evaltools.quasi.its_evidence(long).iloc[0]["strength"] == "strong"
    row = evaltools.quasi.its_evidence(short).iloc[0]
    assert row["strength"] == "moderate" and row["score"] == -STRENGTH_SCORE["moderate"]


def test_peer_measure_labels_never_show_a_raw_id():
    d = fake_data()
    d.peer_panel["measure"] = "indeks_spbe"
    d.events = None  # no external event in the data
    pc = evaltools.quasi.peer_comparison(d, measure="indeks_spbe", treatment_year=2020)
    text = " ".join(pc.sentences + pc.caveats) + render_one(
        evaltools.quasi.peer_evidence(pc).iloc[0].finding
    )
    assert "indeks_spbe" not in text and "indeks spbe" in text
    assert pc.params["label"] == "indeks spbe" and pc.event_study.params["outcome"] == "indeks spbe"
    # the data can name it
    d.indicators = pd.DataFrame({"indicator_id": ["indeks_spbe"], "name": ["Indeks SPBE daerah"]})
    assert evaltools.quasi.measure_label("indeks_spbe", d) == "Indeks SPBE daerah"
    # no event in the data: no statement about shocks
    assert "quasi.peer_shocks" not in [s.code for s in pc.statements]
