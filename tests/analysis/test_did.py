"""Difference-in-differences and event study: pinned to Wooldridge Ex. 13.3 and Card-Krueger."""

from __future__ import annotations

import matplotlib.figure
import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

import evaltools
from evaltools.analysis import did as did_mod
from evaltools.errors import ParameterError
from evaltools.prose import render_one
from evaltools.results import finding


@pytest.fixture(scope="module")
def kielmc(reference_dir):
    return pd.read_csv(reference_dir / "kielmc.csv")


@pytest.fixture(scope="module")
def ck(reference_dir):
    return pd.read_csv(reference_dir / "card_krueger_mhe.csv")


def test_kielmc_wooldridge_13_3(kielmc):
    """Wooldridge, Introductory Econometrics, Example 13.3 (eq. 13.9): DiD -11,863.90
    (SE 7,456.65), R-squared 0.174, constant 82,517.23."""
    res = evaltools.did.fit(kielmc, outcome="rprice", treated="nearinc", post="y81")
    tab = res.table.set_index("term")
    assert tab.loc["did", "estimate"] == pytest.approx(-11863.90, abs=1e-2)
    assert tab.loc["did", "se"] == pytest.approx(7456.65, abs=1e-2)
    assert tab.loc["intercept", "estimate"] == pytest.approx(82517.23, abs=1e-2)
    assert round(res.r2, 3) == 0.174
    assert res.nobs == 321
    st = res.statements[0]
    assert st.code == "did.estimate" and st.values["estimate"] == pytest.approx(-11863.90, abs=1e-2)
    assert [s.code for s in res.statements] == [
        "did.estimate",
        "did.meaning",
        "did.parallel_trends",
    ]


def test_card_krueger_table3(ck):
    """Card & Krueger (1994), Table 3: NJ 20.44 -> 21.03, PA 23.33 -> 21.17; DiD 2.75 on all
    available FTE observations (printed 2.76)."""
    res = evaltools.did.fit(ck, outcome="fte", treated="nj", post="d")
    assert res.estimate == pytest.approx(2.75, abs=0.005)
    cm = res.cell_means.set_index(["treated", "post"])["mean"]
    assert round(cm[(1, 0)], 2) == 20.44
    assert round(cm[(1, 1)], 2) == 21.03
    assert round(cm[(0, 0)], 2) == 23.33
    assert round(cm[(0, 1)], 2) == 21.17
    # the 2x2 DiD is exactly the difference of the cell-mean changes
    assert res.estimate == pytest.approx((cm[(1, 1)] - cm[(1, 0)]) - (cm[(0, 1)] - cm[(0, 0)]))


def _panel(G=10, T=8, effect=1.0, seed=1, pretrend=0.0):
    rng = np.random.default_rng(seed)
    rows = []
    for u in range(G):
        a = rng.normal()
        for t in range(T):
            tr = int(u < G // 2)
            rows.append(
                {
                    "u": u,
                    "t": t,
                    "tr": tr,
                    "po": int(t >= T // 2),
                    "y": a
                    + 0.1 * t
                    + pretrend * tr * t
                    + effect * tr * (t >= T // 2)
                    + rng.normal(0, 0.5),
                }
            )
    return pd.DataFrame(rows)


def test_covariances_match_statsmodels():
    d = _panel(G=40)
    for cov, sm_kw in (
        ("nonrobust", {}),
        ("hc1", {"cov_type": "HC1"}),
        ("cluster", {"cov_type": "cluster", "cov_kwds": {"groups": d["u"]}}),
    ):
        res = evaltools.did.fit(d, outcome="y", treated="tr", post="po", unit="u", cov=cov)
        ref = smf.ols("y ~ tr + po + tr:po", d).fit(**sm_kw)
        row = res.table.set_index("term").loc["did"]
        assert row["estimate"] == pytest.approx(ref.params["tr:po"], rel=1e-9)
        assert row["se"] == pytest.approx(ref.bse["tr:po"], rel=1e-8)


def test_twfe_equals_2x2_on_balanced_panel_and_matches_dummies():
    d = _panel(G=12)
    a = evaltools.did.fit(d, outcome="y", treated="tr", post="po")
    b = evaltools.did.fit(
        d, outcome="y", treated="tr", post="po", unit="u", time="t", cov="cluster"
    )
    assert b.estimate == pytest.approx(a.estimate, rel=1e-9)
    ref = smf.ols("y ~ tr:po + C(u) + C(t)", d).fit(cov_type="cluster", cov_kwds={"groups": d["u"]})
    assert b.table.set_index("term").loc["did", "se"] == pytest.approx(ref.bse["tr:po"], rel=1e-8)
    assert list(b.table["term"]) == ["did"]


def test_wild_cluster_bootstrap():
    strong = _panel(G=10, effect=1.5, seed=3)
    res = evaltools.did.fit(
        strong, outcome="y", treated="tr", post="po", unit="u", time="t", cov="cluster"
    )
    assert res.wild_weights == "webb" and res.wild_b == did_mod.WILD_B
    assert res.wild_p < 0.01
    again = evaltools.did.fit(
        strong, outcome="y", treated="tr", post="po", unit="u", time="t", cov="cluster"
    )
    assert again.wild_p == res.wild_p  # seeded
    null = _panel(G=16, effect=0.0, seed=4)
    res0 = evaltools.did.fit(
        null, outcome="y", treated="tr", post="po", unit="u", time="t", cov="cluster"
    )
    assert res0.wild_weights == "rademacher"
    assert res0.wild_p > 0.05
    assert res0.table.set_index("term").loc["did", "p_value_wild"] == res0.wild_p
    many = evaltools.did.fit(
        _panel(G=30), outcome="y", treated="tr", post="po", unit="u", cov="cluster"
    )
    assert many.wild_p is None


def test_event_study_pretrend_test():
    flat = _panel(
        G=20, effect=1.0, seed=6
    )  # seeded null: no pre-trend (size checked ~3% over 150 seeds)
    es = evaltools.did.event_study(
        flat, outcome="y", unit="u", time="t", treated="tr", treatment_time=4
    )
    assert set(es.table["event_time"]) == {-4, -3, -2, 0, 1, 2, 3}
    assert es.pretrend["df_num"] == 3
    assert es.pretrend["p_value"] > 0.05
    post = es.table[es.table["event_time"] >= 0]
    assert ((post["ci_low"] < 1.0) & (post["ci_high"] > 1.0)).all()
    trending = _panel(G=20, effect=1.0, seed=5, pretrend=0.4)
    es2 = evaltools.did.event_study(
        trending,
        outcome="y",
        unit="u",
        time="t",
        treated="tr",
        treatment_time=4,
        leads=3,
        lags=2,
        cov="hc1",
    )
    assert es2.pretrend["p_value"] < 0.001
    assert set(es2.table["event_time"]) == {-3, -2, 0, 1, 2}
    assert isinstance(es.plot(), matplotlib.figure.Figure)
    assert [s.code for s in es.statements] == [
        "did.event_average",
        "did.pretrend",
        "did.pretrend_not_proof",
    ]


def test_plot():
    res = evaltools.did.fit(_panel(), outcome="y", treated="tr", post="po")
    assert isinstance(res.plot(), matplotlib.figure.Figure)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"outcome": "nope"}, "outcome='nope'"),
        ({"treated": "nope"}, "treated='nope'"),
        ({"covariates": ("nope",)}, "covariates='nope'"),
        ({"cov": "hc3"}, "cov="),
        ({"cov": "cluster"}, "unit="),
        ({"time": "t"}, "without unit"),
        ({"treated": "y"}, "0/1"),
    ],
)
def test_fit_bad_input(kwargs, match):
    base = {"outcome": "y", "treated": "tr", "post": "po"}
    base.update(kwargs)
    with pytest.raises(ParameterError, match=match):
        evaltools.did.fit(_panel(), **base)


def test_fit_needs_all_four_cells():
    d = _panel()
    with pytest.raises(ParameterError, match="both before and after"):
        evaltools.did.fit(d[~((d.tr == 1) & (d.po == 1))], outcome="y", treated="tr", post="po")


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"treatment_time": 99}, "outside the data"),
        ({"treatment_time": 1}, "pre-period"),
        ({"reference": -9}, "reference"),
        ({"unit": "nope"}, "unit='nope'"),
        ({"cov": "robust"}, "cov="),
    ],
)
def test_event_study_bad_input(kwargs, match):
    base = {"outcome": "y", "unit": "u", "time": "t", "treated": "tr", "treatment_time": 4}
    base.update(kwargs)
    with pytest.raises(ParameterError, match=match):
        evaltools.did.event_study(_panel(), **base)


def test_event_study_duplicated_rows():
    d = _panel()
    with pytest.raises(ParameterError, match="duplicated"):
        evaltools.did.event_study(
            pd.concat([d, d.iloc[[0]]]),
            outcome="y",
            unit="u",
            time="t",
            treated="tr",
            treatment_time=4,
        )


def test_absorbed_unit_effects_equal_the_dummy_regression_on_an_unbalanced_panel():
    """Unit effects are absorbed by within-unit demeaning (linear time); the estimates, standard
    errors and R² must equal statsmodels' regression with explicit unit and year dummies."""
    d = _panel(G=25, seed=7)
    d["x"] = np.random.default_rng(8).normal(size=len(d))
    d = d.sample(frac=0.85, random_state=1).sort_values(["u", "t"]).reset_index(drop=True)
    formula = "y ~ tr:po + x + C(u) + C(t)"
    for cov, sm_kw in (
        ("nonrobust", {}),
        ("hc1", {"cov_type": "HC1"}),
        ("cluster", {"cov_type": "cluster", "cov_kwds": {"groups": d["u"]}}),
    ):
        res = evaltools.did.fit(
            d, outcome="y", treated="tr", post="po", covariates=["x"], unit="u", time="t", cov=cov
        )
        ref = smf.ols(formula, d).fit(**sm_kw)
        tab = res.table.set_index("term")
        assert tab.loc["did", "estimate"] == pytest.approx(ref.params["tr:po"], rel=1e-9)
        assert tab.loc["did", "se"] == pytest.approx(ref.bse["tr:po"], rel=1e-8)
        assert tab.loc["x", "se"] == pytest.approx(ref.bse["x"], rel=1e-8)
        assert res.r2 == pytest.approx(ref.rsquared, rel=1e-9)
    es = evaltools.did.event_study(
        d,
        outcome="y",
        unit="u",
        time="t",
        treated="tr",
        treatment_time=int(d["t"].max()) // 2 + 1,
        cov="nonrobust",
    )
    e = np.round(d["t"] - (int(d["t"].max()) // 2 + 1)).astype(int)
    for k in es.table["event_time"]:
        d[f"ev{k + 100}"] = ((e == k) & (d["tr"] == 1)).astype(float)
    terms = " + ".join(f"ev{k + 100}" for k in es.table["event_time"])
    ref = smf.ols(f"y ~ {terms} + C(u) + C(t)", d).fit()
    for k, se in zip(es.table["event_time"], es.table["se"], strict=False):
        assert se == pytest.approx(ref.bse[f"ev{k + 100}"], rel=1e-8)


# --- confidence_level: the shared parameter sets the intervals and the verdicts -------------------


def test_kielmc_90_percent_interval(kielmc):
    """Wooldridge Example 13.3: DiD -11,863.90 (SE 7,456.65) on 321 − 4 = 317 df. At 90% the
    interval is -11,863.90 ± t(0.95, 317) × 7,456.65 = -24,165 … 437 (t = 1.649675), as
    statsmodels' conf_int(alpha=0.10) gives for the same regression."""
    from scipy import stats

    r90 = evaltools.did.fit(
        kielmc, outcome="rprice", treated="nearinc", post="y81", confidence_level=0.90
    )
    r95 = evaltools.did.fit(kielmc, outcome="rprice", treated="nearinc", post="y81")
    t = stats.t.ppf(0.95, 317)
    row = r90.table.set_index("term").loc["did"]
    assert row["ci_low"] == pytest.approx(-11863.90 - t * 7456.65, abs=0.05)
    assert row["ci_high"] == pytest.approx(-11863.90 + t * 7456.65, abs=0.05)
    ref = smf.ols("rprice ~ nearinc + y81 + nearinc:y81", kielmc).fit().conf_int(alpha=0.10)
    assert row["ci_low"] == pytest.approx(ref.loc["nearinc:y81", 0], rel=1e-9)
    assert row["ci_high"] == pytest.approx(ref.loc["nearinc:y81", 1], rel=1e-9)
    t90, t95 = r90.table, r95.table
    np.testing.assert_allclose(t90["ci_low"], t90["estimate"] - t * t90["se"], rtol=1e-12)
    np.testing.assert_allclose(
        t90[["estimate", "se", "p_value"]], t95[["estimate", "se", "p_value"]], rtol=1e-12
    )
    assert ((t90["ci_high"] - t90["ci_low"]) < (t95["ci_high"] - t95["ci_low"])).all()
    assert r90.statements[0].values["level"] == 0.90 and r95.statements[0].values["level"] == 0.95
    assert r90.statements[0].values["ci_low"] == pytest.approx(row["ci_low"], rel=1e-12)
    assert r90.params["confidence_level"] == 0.90


def test_cluster_interval_uses_g_minus_1_df():
    from scipy import stats

    d = _panel(G=12, seed=2)
    res = evaltools.did.fit(
        d,
        outcome="y",
        treated="tr",
        post="po",
        unit="u",
        time="t",
        cov="cluster",
        confidence_level=0.90,
    )
    row = res.table.set_index("term").loc["did"]
    assert row["ci_high"] - row["estimate"] == pytest.approx(
        stats.t.ppf(0.95, 11) * row["se"], rel=1e-12
    )


def test_did_verdict_follows_the_level():
    # seed 33: the DiD of 0.2 has p = 0.076, between 0.05 and 0.10
    d = _panel(G=10, effect=0.2, seed=33)
    r95 = evaltools.did.fit(d, outcome="y", treated="tr", post="po")
    r90 = evaltools.did.fit(d, outcome="y", treated="tr", post="po", confidence_level=0.90)
    assert 0.05 < r95.table.set_index("term").loc["did", "p_value"] < 0.10
    assert not r95.statements[0].values["significant"]
    assert r90.statements[0].values["significant"]


def test_event_study_90_percent_intervals_and_pretrend_verdict():
    from scipy import stats

    # seed 10: the joint pre-trend test has p = 0.069, between 0.05 and 0.10
    d = _panel(G=10, effect=0.3, seed=10)
    kw = {
        "outcome": "y",
        "unit": "u",
        "time": "t",
        "treated": "tr",
        "treatment_time": 4,
        "cov": "nonrobust",
    }
    e95 = evaltools.did.event_study(d, **kw)
    e90 = evaltools.did.event_study(d, **kw, confidence_level=0.90)
    assert 0.05 < e95.pretrend["p_value"] < 0.10
    assert e90.pretrend == e95.pretrend  # the test statistic does not depend on the level
    t = stats.t.ppf(0.95, e90.pretrend["df_den"])
    tab = e90.table
    np.testing.assert_allclose(tab["ci_low"], tab["estimate"] - t * tab["se"], rtol=1e-12)
    np.testing.assert_allclose(tab["ci_high"], tab["estimate"] + t * tab["se"], rtol=1e-12)
    assert ((tab["ci_high"] - tab["ci_low"]) < (e95.table["ci_high"] - e95.table["ci_low"])).all()
    # p between 0.05 and 0.10 is a warning at either level, never "no evidence" (issue 12)
    assert e95.pretrend_flag == e90.pretrend_flag == "pretrend_not_parallel"
    pre95 = next(s for s in e95.statements if s.code == "did.pretrend").values
    pre90 = next(s for s in e90.statements if s.code == "did.pretrend").values
    assert pre95["flag"] == pre90["flag"] == "pretrend_not_parallel" and pre95["below_warn"]
    assert e90.params["confidence_level"] == 0.90
    labels = [x.get_text() for x in e90.plot().axes[0].get_legend().get_texts()]
    assert labels == [render_one(finding("did.plot_estimate", level=0.90))]


@pytest.mark.parametrize("level", [0, 1, 95, -0.05, float("nan"), "90%", None, False])
def test_bad_confidence_level_raises(level):
    d = _panel()
    with pytest.raises(ParameterError, match="confidence_level"):
        evaltools.did.fit(d, outcome="y", treated="tr", post="po", confidence_level=level)
    with pytest.raises(ParameterError, match="confidence_level"):
        evaltools.did.event_study(
            d,
            outcome="y",
            unit="u",
            time="t",
            treated="tr",
            treatment_time=4,
            confidence_level=level,
        )
