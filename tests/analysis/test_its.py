"""Interrupted time series: pinned to Lopez Bernal, Cummins & Gasparrini (2017), Sicily data."""

from __future__ import annotations

import math

import matplotlib.figure
import numpy as np
import pandas as pd
import pytest

import evaltools
from evaltools.errors import ParameterError
from evaltools.prose import render_one
from evaltools.results import finding

REL = 1e-4


@pytest.fixture(scope="module")
def sicily(reference_dir):
    return pd.read_csv(reference_dir / "sicily.csv")


def test_sicily_poisson_level_only(sicily):
    """Lopez Bernal et al. (2017), authors' R code, Poisson with offset(log(stdpop)), level
    change only: beta = -0.111628 (SE 0.017225), RR 0.8944 (95% CI 0.8647-0.9251)."""
    res = evaltools.its.fit(
        sicily,
        outcome="aces",
        time="time",
        breaks={"ban": 37},
        family="poisson",
        exposure="stdpop",
        slope_change=False,
        cov="nonrobust",
    )
    row = res.term("level:ban")
    assert row["estimate"] == pytest.approx(-0.111628, rel=REL)
    assert row["se"] == pytest.approx(0.017225, rel=REL)
    assert row["ratio"] == pytest.approx(0.8944, rel=REL)
    assert row["ratio_ci_low"] == pytest.approx(0.8647, rel=REL)
    assert row["ratio_ci_high"] == pytest.approx(0.9251, rel=REL)
    assert list(res.table.columns[:6]) == ["term", "estimate", "se", "ci_low", "ci_high", "p_value"]


def test_sicily_quasipoisson_harmonics(sicily):
    """Same paper, quasi-Poisson + harmonic(month, 2, 12): beta = -0.122087 (SE 0.027031),
    RR 0.8851 (0.8394-0.9332), scale 2.2622."""
    res = evaltools.its.fit(
        sicily,
        outcome="aces",
        time="time",
        breaks={"ban": 37},
        family="poisson",
        exposure="stdpop",
        slope_change=False,
        cov="quasi",
        seasonality=2,
    )
    row = res.term("level:ban")
    assert row["estimate"] == pytest.approx(-0.122087, rel=REL)
    assert row["se"] == pytest.approx(0.027031, rel=REL)
    assert row["ratio"] == pytest.approx(0.8851, rel=REL)
    assert row["ratio_ci_low"] == pytest.approx(0.8394, rel=REL)
    assert row["ratio_ci_high"] == pytest.approx(0.9332, rel=REL)
    assert res.diagnostics["dispersion"] == pytest.approx(2.2622, rel=REL)
    assert res.diagnostics["scale"] == pytest.approx(2.2622, rel=REL)


def test_date_time_column_gives_same_break_estimates(sicily):
    """Calendar-month harmonics on a date column equal time-index harmonics (phase shift only)."""
    d = sicily.assign(
        month_date=pd.to_datetime({"year": sicily.year, "month": sicily.month, "day": 1})
    )
    a = evaltools.its.fit(
        d,
        outcome="aces",
        time="month_date",
        breaks={"ban": "2005-01-01"},
        family="poisson",
        exposure="stdpop",
        seasonality=2,
        cov="quasi",
    )
    b = evaltools.its.fit(
        sicily,
        outcome="aces",
        time="time",
        breaks={"ban": 37},
        family="poisson",
        exposure="stdpop",
        seasonality=2,
        cov="quasi",
    )
    for term in ("level:ban", "slope:ban"):
        assert a.term(term)["estimate"] == pytest.approx(b.term(term)["estimate"], rel=1e-8)
        assert a.term(term)["se"] == pytest.approx(b.term(term)["se"], rel=1e-6)


def test_negbin_and_hac(sicily):
    res = evaltools.its.fit(
        sicily,
        outcome="aces",
        time="time",
        breaks=[37],
        family="negbin",
        exposure="stdpop",
        slope_change=False,
    )
    assert res.diagnostics["alpha"] > 0
    # the negative binomial level change is close to the Poisson one on these data
    assert res.term("level:37")["estimate"] == pytest.approx(-0.1116, abs=0.01)
    # Newey-West lag rule floor(4 (n/100)^(2/9)) with n = 59
    assert res.diagnostics["hac_lags"] == math.floor(4 * (59 / 100) ** (2 / 9)) == 3


def test_counterfactual_path_and_diagnostics(sicily):
    res = evaltools.its.fit(
        sicily,
        outcome="aces",
        time="time",
        breaks={"ban": 37},
        family="poisson",
        exposure="stdpop",
        seasonality=2,
    )
    path = res.path
    pre = path["segment"] == 0
    np.testing.assert_allclose(path.loc[pre, "fitted"], path.loc[pre, "counterfactual"])
    assert (path["cf_low"] <= path["counterfactual"]).all()
    assert (path["counterfactual"] <= path["cf_high"]).all()
    # after the ban the fitted rate lies below the no-ban counterfactual
    assert (path.loc[~pre, "fitted"] < path.loc[~pre, "counterfactual"]).mean() > 0.9
    for key in ("durbin_watson", "ljung_box_p", "dispersion"):
        assert np.isfinite(res.diagnostics[key])
    assert 0 < res.diagnostics["durbin_watson"] < 4


def test_statements_carry_the_level_ratio_and_the_caveat(sicily):
    res = evaltools.its.fit(
        sicily,
        outcome="aces",
        time="time",
        breaks={"ban": 37},
        family="poisson",
        exposure="stdpop",
        slope_change=False,
        cov="quasi",
    )
    codes = [s.code for s in res.statements]
    assert codes[:2] == ["its.level_ratio", "its.counterfactual"]
    assert codes[-1] == "its.no_comparison"
    lv = res.statements[0].values
    # RR 0.8944 -> a 10.6% drop; the quasi-Poisson interval is wider than the Poisson one
    assert lv["ratio"] == pytest.approx(0.8944, abs=1e-4)
    assert (round(lv["ratio_ci_low"], 3), round(lv["ratio_ci_high"], 3)) == (0.839, 0.953)
    assert lv["significant"] and lv["level"] == 0.95 and lv["label"] == "ban"
    assert res.statements[-1].kind == "caveat"
    assert res.statements[-1].values == {"breaks": ["ban"], "regulation": None}


def _series(n=60, brk=37, level=-5.0, slope=0.0, seed=0, start="2017-01-01"):
    rng = np.random.default_rng(seed)
    t = np.arange(1, n + 1)
    post = t >= brk
    y = 50 + 0.3 * t + level * post + slope * np.where(post, t - brk, 0) + rng.normal(0, 1, n)
    return pd.DataFrame({"month": pd.date_range(start, periods=n, freq="MS"), "t": t, "y": y})


def test_gaussian_recovers_level_and_slope():
    d = _series(level=-5.0, slope=-0.2)
    res = evaltools.its.fit(d, outcome="y", time="t", breaks={"b": 37})
    assert res.term("level:b")["ci_low"] < -5.0 < res.term("level:b")["ci_high"]
    assert res.term("slope:b")["ci_low"] < -0.2 < res.term("slope:b")["ci_high"]
    assert "ratio" not in res.table.columns
    assert res.warnings == []


def test_short_segment_and_close_breaks_warn():
    d = _series(n=60)
    res = evaltools.its.fit(
        d, outcome="y", time="month", breaks={"a": "2019-06-01", "b": "2019-10-01"}
    )
    assert any("cannot be separated" in w for w in res.warnings)
    assert any("only 4 points" in w for w in res.warnings)
    caveats = {s.code: s.values for s in res.statements if s.kind == "caveat"}
    assert caveats["its.breaks_close"] == {"first": "a", "second": "b", "periods": 4}
    assert caveats["its.thin_segment"] == {"after": "a", "size": 4, "minimum": 8}


def test_placebo_in_time():
    d = _series(n=72, brk=49, level=-6.0)
    res = evaltools.its.fit(
        d, outcome="y", time="month", breaks={"covid": "2021-01-01"}, cov="nonrobust"
    )
    assert res.term("level:covid")["p_value"] < 0.001
    plc = res.placebo()
    assert set(plc.table["term"]) >= {"level:placebo", "slope:placebo"}
    assert plc.term("level:placebo")["p_value"] > 0.05
    assert plc.path["time"].max() < pd.Timestamp("2021-01-01")
    assert plc.statements[0].code == "its.placebo_clean"


def test_plot_returns_figure():
    d = _series()
    res = evaltools.its.fit(d, outcome="y", time="month", breaks={"covid": "2020-01-01"})
    fig = res.plot()
    assert isinstance(fig, matplotlib.figure.Figure)
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert fig.axes[0].get_xlabel() == "Bulan"
    import matplotlib.pyplot as plt

    fig2, ax = plt.subplots()
    assert res.plot(ax=ax) is fig2
    assert labels is not None


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"outcome": "nope"}, "outcome='nope'"),
        ({"time": "nope"}, "time='nope'"),
        ({"exposure": "nope", "family": "poisson"}, "exposure='nope'"),
        ({"family": "binomial"}, "family="),
        ({"cov": "hc3"}, "cov="),
        ({"breaks": {"x": "2030-01-01"}}, "outside the data"),
        ({"breaks": {"x": "2010-01-01"}}, "outside the data"),
        ({"breaks": {"x": "2017-03-01"}}, "pre-period"),
        ({"family": "negbin", "cov": "quasi"}, "negbin"),
        ({"exposure": "y"}, "log link"),
        ({"seasonality": 0}, "seasonality"),
        ({"breaks": {"a": "2019-01-01", "b": "2019-01-01"}}, "same date"),
    ],
)
def test_bad_input_raises_parameter_error(kwargs, match):
    d = _series()
    base = {"outcome": "y", "time": "month", "breaks": {"covid": "2020-01-01"}}
    base.update(kwargs)
    with pytest.raises(ParameterError, match=match):
        evaltools.its.fit(d, **base)


def test_time_must_be_increasing_and_unique():
    d = _series()
    with pytest.raises(ParameterError, match="duplicated"):
        evaltools.its.fit(pd.concat([d, d.iloc[[5]]]), outcome="y", time="t", breaks=[30])
    with pytest.raises(ParameterError, match="strictly increasing"):
        evaltools.its.fit(d.iloc[::-1], outcome="y", time="t", breaks=[30])
    with pytest.raises(ParameterError, match="DataFrame"):
        evaltools.its.fit(d.to_dict(), outcome="y", time="t", breaks=[30])


# --- confidence_level: the shared parameter sets every interval and the significance verdicts --

_QUASI = {
    "outcome": "aces",
    "time": "time",
    "breaks": {"ban": 37},
    "family": "poisson",
    "exposure": "stdpop",
    "slope_change": False,
    "cov": "quasi",
    "seasonality": 2,
}


def test_confidence_level_90_quasi_poisson_uses_the_normal_quantile(sicily):
    """Lopez Bernal et al. (2017), quasi-Poisson + harmonics: beta = -0.122087 (SE 0.027031),
    published at 95% (RR 0.8851, 0.8394-0.9332). At 90% the same estimate and SE give
    exp(beta ± z_0.95 × SE) = 0.8466-0.9253 (z_0.95 = 1.644854; GLM: normal reference)."""
    from scipy import stats

    r95 = evaltools.its.fit(sicily, **_QUASI)
    r90 = evaltools.its.fit(sicily, **_QUASI, confidence_level=0.90)
    z = stats.norm.ppf(0.95)
    row = r90.term("level:ban")
    assert row["ratio_ci_low"] == pytest.approx(math.exp(-0.122087 - z * 0.027031), rel=REL)
    assert row["ratio_ci_high"] == pytest.approx(math.exp(-0.122087 + z * 0.027031), rel=REL)
    assert row["ratio_ci_low"] == pytest.approx(0.8466, rel=REL)
    assert row["ratio_ci_high"] == pytest.approx(0.9253, rel=REL)
    t90, t95 = r90.table.set_index("term"), r95.table.set_index("term")
    # same fit, other level: estimates, SEs and p-values do not move
    for col in ("estimate", "se", "p_value", "ratio"):
        np.testing.assert_allclose(t90[col], t95[col], rtol=1e-12)
    np.testing.assert_allclose(t90["ci_low"], t90["estimate"] - z * t90["se"], rtol=1e-12)
    np.testing.assert_allclose(t90["ci_high"], t90["estimate"] + z * t90["se"], rtol=1e-12)
    np.testing.assert_allclose(t90["ratio_ci_low"], np.exp(t90["ci_low"]), rtol=1e-12)
    assert ((t90["ci_high"] - t90["ci_low"]) < (t95["ci_high"] - t95["ci_low"])).all()
    assert r90.params["confidence_level"] == 0.90 and r95.params["confidence_level"] == 0.95


def test_confidence_level_sets_the_counterfactual_band_and_the_sentences(sicily):
    from scipy import stats

    r95 = evaltools.its.fit(sicily, **_QUASI)
    r90 = evaltools.its.fit(sicily, **_QUASI, confidence_level=0.90)
    # on the log scale the band is counterfactual ± crit × se: its half-width scales by the
    # ratio of the normal quantiles
    post = r90.path["segment"] > 0
    half90 = np.log(r90.path["cf_high"] / r90.path["counterfactual"])[post]
    half95 = np.log(r95.path["cf_high"] / r95.path["counterfactual"])[post]
    np.testing.assert_allclose(
        half90 / half95, stats.norm.ppf(0.95) / stats.norm.ppf(0.975), rtol=1e-9
    )
    assert (r90.path["cf_low"] > r95.path["cf_low"])[post].all()
    assert (r90.path["cf_high"] < r95.path["cf_high"])[post].all()
    lv = r90.statements[0].values
    # RR 0.8851 with the 90% interval 0.8466-0.9253 computed above
    assert lv["level"] == 0.90
    assert (round(lv["ratio_ci_low"], 3), round(lv["ratio_ci_high"], 3)) == (0.847, 0.925)
    legend = [t.get_text() for t in r90.plot().axes[0].get_legend().get_texts()]
    assert render_one(finding("its.plot_band", level=0.90)) in legend
    assert render_one(finding("its.plot_band", level=0.95)) in [
        t.get_text() for t in r95.plot().axes[0].get_legend().get_texts()
    ]


def test_confidence_level_gaussian_t_and_hac_normal_match_statsmodels():
    """Model-based OLS uses the t quantile with n − k df, HAC the normal one, as statsmodels'
    conf_int(alpha=0.10) does for the same regressions."""
    import statsmodels.api as sm
    from scipy import stats

    d = _series(level=-5.0, slope=-0.2, seed=2)
    X = pd.DataFrame(
        {
            "const": 1.0,
            "t": d["t"],
            "lv": (d["t"] >= 37) * 1.0,
            "sl": np.where(d["t"] >= 37, d["t"] - 37, 0.0),
        }
    )
    for cov, kw in (("nonrobust", {}), ("hac", {"cov_type": "HAC", "cov_kwds": {"maxlags": 3}})):
        res = evaltools.its.fit(
            d, outcome="y", time="t", breaks={"b": 37}, cov=cov, confidence_level=0.90
        )
        ref = sm.OLS(d["y"], X).fit(**kw).conf_int(alpha=0.10)
        got = res.table.set_index("term")
        for term, col in (("level:b", "lv"), ("slope:b", "sl"), ("time", "t")):
            assert got.loc[term, "ci_low"] == pytest.approx(ref.loc[col, 0], rel=1e-9)
            assert got.loc[term, "ci_high"] == pytest.approx(ref.loc[col, 1], rel=1e-9)
        q = stats.t.ppf(0.95, 60 - 4) if cov == "nonrobust" else stats.norm.ppf(0.95)
        np.testing.assert_allclose(got["ci_high"], got["estimate"] + q * got["se"], rtol=1e-12)
        base = evaltools.its.fit(d, outcome="y", time="t", breaks={"b": 37}, cov=cov).table
        assert (
            (got["ci_high"] - got["ci_low"]).to_numpy()
            < (base["ci_high"] - base["ci_low"]).to_numpy()
        ).all()


def test_significance_verdict_follows_the_level():
    # seed 28: the planted level change of −0.6 has p = 0.072, between 0.05 and 0.10
    d = _series(level=-0.6, seed=28)
    r95 = evaltools.its.fit(d, outcome="y", time="t", breaks={"b": 37}, cov="nonrobust")
    r90 = evaltools.its.fit(
        d, outcome="y", time="t", breaks={"b": 37}, cov="nonrobust", confidence_level=0.90
    )
    assert 0.05 < r95.term("level:b")["p_value"] < 0.10
    assert r95.statements[0].code == r90.statements[0].code == "its.level_change"
    assert not r95.statements[0].values["significant"] and r95.statements[0].values["level"] == 0.95
    assert r90.statements[0].values["significant"] and r90.statements[0].values["level"] == 0.90


def test_placebo_keeps_the_level():
    d = _series(n=72, brk=49, level=-6.0)
    res = evaltools.its.fit(
        d,
        outcome="y",
        time="month",
        breaks={"covid": "2021-01-01"},
        cov="nonrobust",
        confidence_level=0.80,
    )
    plc = res.placebo()
    assert plc.params["confidence_level"] == 0.80
    assert {s.values["level"] for s in plc.statements if "level" in s.values} == {0.80}


@pytest.mark.parametrize("level", [0, 1, 1.0, 95, -0.1, float("nan"), "tinggi", None, True])
def test_bad_confidence_level_raises(level):
    with pytest.raises(ParameterError, match="confidence_level"):
        evaltools.its.fit(_series(), outcome="y", time="t", breaks=[37], confidence_level=level)
