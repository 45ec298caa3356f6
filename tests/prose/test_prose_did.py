"""Words of difference-in-differences (evaltools.prose.did), in Indonesian and English."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import evaltools
from evaltools.analysis import quasi
from evaltools.prose import did as pd_
from evaltools.prose import labels, render, render_one, templates, use_language
from evaltools.results import finding


@pytest.fixture(scope="module")
def kielmc(reference_dir):
    return pd.read_csv(reference_dir / "kielmc.csv")


@pytest.fixture(scope="module")
def demo_peers(demo_dir):
    data = evaltools.load_data(demo_dir)
    start = int(data.context["stagnation_start"])
    return [
        quasi.peer_comparison(data, measure=m, treatment_year=start)
        for m in sorted(data.peer_panel["measure"].unique())
    ]


def _panel(G=10, T=8, effect=0.2, seed=33):
    """As in tests/analysis/test_did.py: seed 33 gives a DiD p of 0.076."""
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
                    "y": a + 0.1 * t + effect * tr * (t >= T // 2) + rng.normal(0, 0.5),
                }
            )
    return pd.DataFrame(rows)


def test_every_code_has_both_languages():
    ids = {c for c in templates("id") if c.startswith("did.")}
    ens = {c for c in templates("en") if c.startswith("did.")}
    assert ids == ens == set(pd_.TEMPLATES["id"])
    assert set(labels("did_plot", "id")) == set(labels("did_plot", "en"))


def test_demo_statements_render_in_both_languages(demo_peers):
    for pc in demo_peers:
        for part in (pc.did, pc.event_study, pc.permutation):
            assert part.statements
            for lang in ("id", "en"):
                texts = render(part.statements, lang)
                assert all(t and "{" not in t for t in texts)


def test_indonesian_wording_is_kept(kielmc):
    res = evaltools.did.fit(kielmc, outcome="rprice", treated="nearinc", post="y81")
    with use_language("id"):
        text = res.summary()
    assert "Estimasi selisih-dalam-selisih (DiD) untuk rprice adalah −11.864 (IK 95%:" in text
    assert "perbedaan ini tidak signifikan secara statistik" in text
    assert "asumsi tren paralel" in text
    with use_language("en"):
        text = res.summary()
    assert "The difference-in-differences (DiD) estimate for rprice is −11,864 (95% CI:" in text
    assert "this difference is not statistically significant" in text


def test_significance_and_pretrend_words():
    d = _panel()
    r95 = evaltools.did.fit(d, outcome="y", treated="tr", post="po")
    r90 = evaltools.did.fit(d, outcome="y", treated="tr", post="po", confidence_level=0.90)
    with use_language("id"):
        assert "perbedaan ini tidak signifikan" in r95.sentences[0]
        assert "perbedaan ini signifikan" in r90.sentences[0] and "(IK 90%: " in r90.sentences[0]
    st = finding(
        "did.pretrend",
        stat=2.5,
        p=0.069,
        flag="pretrend_not_parallel",
        warn_p=0.10,
        below_warn=True,
        off_times=[-3],
        level=0.90,
    )
    id_ = render_one(st, "id")
    assert id_.startswith("Uji bersama tren sebelum intervensi: F = 2,50, p = 0,069; ")
    assert "tren sebelum tidak sejajar (p di bawah 0,10; interval (IK 90%) periode −3" in id_
    assert "asumsi tren paralel diragukan" in id_ and "tidak ada bukti" not in id_
    en = render_one(st, "en")
    assert "not parallel (p below 0.10; the 90% CI of period(s) −3 excludes zero)" in en
    ok = finding("did.pretrend", **{**st.values, "flag": "pretrend_ok"})
    assert "tidak membuktikan bahwa tren keduanya sejajar" in render_one(ok, "id")
    assert "does not prove that the two trends are parallel" in render_one(ok, "en")


def test_permutation_and_plot_words():
    st = finding("did.permutation", estimate=-0.35, rank=1, n_units=6, p=1 / 6, floor=1 / 6)
    assert "peringkat 1 dari 6 (p permutasi = 0,167; p terkecil yang mungkin 1/6 = 0,167)" in (
        render_one(st, "id")
    )
    assert "ranks 1 of 6 (permutation p = 0.167; smallest possible p 1/6 = 0.167)" in (
        render_one(st, "en")
    )
    d = _panel()
    es = evaltools.did.event_study(
        d, outcome="y", unit="u", time="t", treated="tr", treatment_time=4, confidence_level=0.9
    )
    res = evaltools.did.fit(d, outcome="y", treated="tr", post="po")
    with use_language("id"):
        ax = es.plot().axes[0]
        assert [x.get_text() for x in ax.get_legend().get_texts()] == ["Taksiran (IK 90%)"]
        assert ax.get_xlabel() == "Periode relatif terhadap awal intervensi (0 = 4)"
        assert ax.get_title().startswith("Studi peristiwa (uji tren awal p")
        ax2 = res.plot().axes[0]
        assert [t.get_text() for t in ax2.get_xticklabels()] == ["Sebelum", "Sesudah"]
    with use_language("en"):
        ax = es.plot().axes[0]
        assert [x.get_text() for x in ax.get_legend().get_texts()] == ["Estimate (90% CI)"]
        assert ax.get_xlabel() == "Period relative to the start of the intervention (0 = 4)"
        ax2 = res.plot().axes[0]
        assert [t.get_text() for t in ax2.get_xticklabels()] == ["Before", "After"]
        assert ax2.get_ylabel() == "Mean y"
