"""Words of the synthetic control (evaltools.prose.synth), in Indonesian and English."""

from __future__ import annotations

import pandas as pd
import pytest

import evaltools
from evaltools.analysis import quasi
from evaltools.prose import labels, render, render_one, templates, use_language
from evaltools.prose import synth as ps
from evaltools.results import caveat, finding


@pytest.fixture(scope="module")
def prop99(reference_dir):
    d = pd.read_csv(reference_dir / "smoking_prop99.csv")
    return d.assign(year=d["year"].astype(int))


@pytest.fixture(scope="module")
def california(prop99):
    return evaltools.synth.fit(
        prop99,
        outcome="cigsale",
        unit="state",
        time="year",
        treated_unit="California",
        treatment_time=1989,
    )


def test_every_code_has_both_languages():
    ids = {c for c in templates("id") if c.startswith("synth.")}
    ens = {c for c in templates("en") if c.startswith("synth.")}
    assert ids == ens == set(ps.TEMPLATES["id"])
    assert set(labels("synth_plot", "id")) == set(labels("synth_plot", "en"))


def test_demo_statements_render_in_both_languages(demo_dir):
    data = evaltools.load_data(demo_dir)
    start = int(data.context["stagnation_start"])
    for m in sorted(data.peer_panel["measure"].unique()):
        sc = quasi.peer_comparison(data, measure=m, treatment_year=start).synth
        assert {"synth.composition", "synth.gap", "synth.few_donors"} <= {
            s.code for s in sc.statements
        }
        for lang in ("id", "en"):
            assert all(t and "{" not in t for t in render(sc.statements, lang))


def test_california_in_both_languages(california):
    with use_language("id"):
        text = california.summary()
        ax = california.plot().axes[0]
        assert [t.get_text() for t in ax.get_legend().get_texts()][1] == "Sintetis California"
        assert ax.get_xlabel() == "Periode"
    assert "California sintetis disusun dari Utah" in text
    assert "Setelah 1989, selisih rata-rata cigsale antara California dan pembanding" in text
    assert "−19,5" in text
    assert "Uji plasebo antarwilayah" in text
    with use_language("en"):
        text = california.summary()
        ax = california.plot_placebos().axes[0]
        assert ax.get_ylabel() == "Gap in cigsale (actual − synthetic)"
        assert "Placebo units" in [t.get_text() for t in ax.get_legend().get_texts()]
    assert "The synthetic California is made up of Utah (" in text
    assert "After 1989, the mean gap in cigsale between California" in text and "−19.5" in text


def test_caveat_words():
    few = caveat("synth.few_donors", n_donors=5, floor=1 / 6)
    assert render_one(few, "id") == (
        "Hanya ada 5 unit donor, sehingga p permutasi terkecil yang mungkin adalah 0,167."
    )
    assert render_one(few, "en") == (
        "There are only 5 donor units, so the smallest possible permutation p is 0.167."
    )
    comp = finding("synth.composition", treated_unit="A", weights={"B": 0.6, "C": 0.4})
    assert render_one(comp, "id") == "A sintetis disusun dari B (60%), C (40%)."
    assert render_one(comp, "en") == "The synthetic A is made up of B (60%), C (40%)."
    loo = finding("synth.loo_range", low=-21.26, high=-17.04, att=-19.5)
    assert render_one(loo, "id").endswith("berkisar antara −21,3 dan −17,0.")
    assert render_one(loo, "en").endswith("ranges from −21.3 to −17.0.")
