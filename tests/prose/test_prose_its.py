"""Words of the interrupted time series (evaltools.prose.its), in Indonesian and English."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import evaltools
from evaltools.analysis import quasi
from evaltools.prose import its as pi
from evaltools.prose import labels, render, render_one, templates, use_language
from evaltools.results import caveat, finding

_QUASI = {
    "outcome": "aces",
    "time": "time",
    "breaks": {"ban": 37},
    "family": "poisson",
    "exposure": "stdpop",
    "slope_change": False,
    "cov": "quasi",
}


@pytest.fixture(scope="module")
def sicily(reference_dir):
    return pd.read_csv(reference_dir / "sicily.csv")


@pytest.fixture(scope="module")
def demo(demo_dir):
    return quasi.fit_all_indicators(evaltools.load_data(demo_dir))


def _series(n=60, brk=37, level=-5.0, seed=0):
    rng = np.random.default_rng(seed)
    t = np.arange(1, n + 1)
    y = 50 + 0.3 * t + level * (t >= brk) + rng.normal(0, 1, n)
    return pd.DataFrame(
        {"month": pd.date_range("2017-01-01", periods=n, freq="MS"), "t": t, "y": y}
    )


def test_every_code_has_both_languages():
    ids = {c for c in templates("id") if c.startswith("its.")}
    ens = {c for c in templates("en") if c.startswith("its.")}
    assert ids == ens == set(pi.TEMPLATES["id"])
    assert set(labels("its_plot", "id")) == set(labels("its_plot", "en"))


def test_demo_statements_render_in_both_languages(demo):
    codes = {s.code for r in demo.results.values() for s in r.statements}
    assert {"its.level_ratio", "its.counterfactual", "its.no_comparison"} <= codes
    for res in demo.results.values():
        for lang in ("id", "en"):
            texts = render(res.statements, lang)
            assert all(t and "{" not in t for t in texts)
            assert all(render(res.placebo().statements[:1], lang))
    # the generic caveat names the regulation of the data's context, and the demo's break labels
    res = next(iter(demo.results.values()))
    cav = next(s for s in res.statements if s.code == "its.no_comparison")
    assert cav.values["regulation"] == "Perda No. 2/2020"
    assert cav.values["breaks"] == list(res.breaks)


def test_indonesian_wording_is_kept(sicily):
    res = evaltools.its.fit(sicily, **_QUASI)
    with use_language("id"):
        text = res.summary()
    # RR 0.8944 -> a 10.6% drop; the quasi-Poisson interval is wider than the Poisson one
    assert "tingkat aces turun 10,6%" in text
    assert "rasio 0,894 (IK 95%: 0,839 s.d. 0,953)" in text
    assert "perubahan ini signifikan secara statistik" in text
    assert "tidak dapat dipisahkan tanpa pembanding" in text
    r90 = evaltools.its.fit(sicily, **_QUASI, seasonality=2, confidence_level=0.90)
    with use_language("id"):
        assert "rasio 0,885 (IK 90%: 0,847 s.d. 0,925)" in r90.summary()
        assert "IK 95%" not in " ".join(r90.sentences)
        legend = [t.get_text() for t in r90.plot().axes[0].get_legend().get_texts()]
    assert "IK 90% kontrafaktual" in legend and "Data teramati" in legend
    assert "Titik patah 1: ban" in legend


def test_english_wording(sicily):
    res = evaltools.its.fit(sicily, **_QUASI, label="acute coronary events")
    with use_language("en"):
        text = res.summary()
        fig = res.plot()
    assert "the level of acute coronary events fell by 10.6%" in text
    assert "ratio 0.894 (95% CI: 0.839 to 0.953)" in text
    assert "this change is statistically significant" in text
    assert "cannot be separated without a comparison group" in text
    legend = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "95% CI of the counterfactual" in legend and "Observed data" in legend
    assert fig.axes[0].get_xlabel() == "Period"


def test_design_caveats_in_both_languages_and_warnings_in_english():
    res = evaltools.its.fit(
        _series(), outcome="y", time="month", breaks={"a": "2019-06-01", "b": "2019-10-01"}
    )
    with use_language("id"):
        cav = res.caveats
    assert any("hanya berjarak 4 periode" in c and "tidak dapat dipisahkan" in c for c in cav)
    assert any("kurang dari 8" in c and "setelah titik patah 'a'" in c for c in cav)
    with use_language("en"):
        assert res.warnings == [c for c in res.caveats if "apart" in c or "only 4 points" in c]
    with use_language("id"):  # the warnings stay English whatever the language
        assert any("cannot be separated" in w for w in res.warnings)


def test_verdict_words_and_placebo(sicily):
    d = _series(level=-0.6, seed=28)
    r95 = evaltools.its.fit(d, outcome="y", time="t", breaks={"b": 37}, cov="nonrobust")
    r90 = evaltools.its.fit(
        d, outcome="y", time="t", breaks={"b": 37}, cov="nonrobust", confidence_level=0.90
    )
    with use_language("id"):
        assert "perubahan ini tidak signifikan secara statistik" in r95.sentences[0]
        assert "perubahan ini signifikan secara statistik" in r90.sentences[0]
        assert "(IK 95%:" in r95.sentences[0] and "(IK 90%:" in r90.sentences[0]
        assert "(periode 37)" in r95.sentences[0]
    with use_language("en"):
        assert "this change is not statistically significant" in r95.sentences[0]
        assert "(90% CI:" in r90.sentences[0] and "(period 37)" in r90.sentences[0]
    plc = evaltools.its.fit(
        _series(n=72, brk=49, level=-6.0),
        outcome="y",
        time="month",
        breaks={"shock": "2021-01-01"},
        cov="nonrobust",
    ).placebo()
    with use_language("id"):
        assert plc.sentences[0].startswith("Uji plasebo waktu")
        assert "Januari 2021" not in plc.sentences[1]
    with use_language("en"):
        assert plc.sentences[0].startswith("Placebo-in-time test")


def test_no_comparison_caveat_names_only_what_it_is_given():
    plain = caveat("its.no_comparison", breaks=["Event A"], regulation=None)
    named = caveat("its.no_comparison", breaks=["Event A", "Event B"], regulation="Reg 7/2031")
    assert "berlakunya regulasi)" in render_one(plain, "id")
    assert "'Event A' dan 'Event B'" in render_one(named, "id")
    assert "berlakunya Reg 7/2031" in render_one(named, "id")
    assert "entry into force of the regulation" in render_one(plain, "en")
    for lang in ("id", "en"):
        text = render_one(plain, lang).lower()
        assert "covid" not in text and "perda" not in text and "pandemi" not in text


def test_month_and_numbers_follow_the_language():
    st = finding(
        "its.level_change",
        label="x",
        dated=True,
        when=pd.Timestamp("2020-04-01"),
        outcome="y",
        estimate=-1234.5,
        ci_low=-2000.25,
        ci_high=-400.5,
        p=0.0123,
        significant=True,
        level=0.95,
    )
    assert "(April 2020)" in render_one(st, "id") and "−1.234 " in render_one(st, "id")
    assert "(April 2020)" in render_one(st, "en") and "−1,234 " in render_one(st, "en")
    assert "p = 0,012" in render_one(st, "id") and "p = 0.012" in render_one(st, "en")


def test_monthly_axis_states_the_unit_per_month(demo_dir):
    """The indicator's unit and "per bulan" on the y axis (issue 14: ITS axes without a unit)."""
    import matplotlib

    matplotlib.use("Agg")
    import evaltools
    from evaltools.analysis import quasi
    from evaltools.prose import use_language

    data = evaltools.load_data(demo_dir)
    row = data.indicators.iloc[0]
    res = quasi.fit_indicator(data, row["indicator_id"])
    with use_language("id"):
        assert res.plot().axes[0].get_ylabel() == f"{row['name']} ({row['unit']} per bulan)"
    with use_language("en"):
        assert res.plot().axes[0].get_ylabel() == f"{row['name']} ({row['unit']} per month)"
