"""Words of the quasi-experimental evidence (evaltools.prose.quasi), in Indonesian and English."""

from __future__ import annotations

import pytest

import evaltools
from evaltools.analysis import quasi
from evaltools.prose import labels, render, render_frame, render_one, templates, use_language
from evaltools.prose import quasi as pq
from evaltools.results import caveat, finding


@pytest.fixture(scope="module")
def demo(demo_dir):
    data = evaltools.load_data(demo_dir)
    start = int(data.context["stagnation_start"])
    its = quasi.fit_all_indicators(data)
    peers = [
        quasi.peer_comparison(data, measure=m, treatment_year=start)
        for m in sorted(data.peer_panel["measure"].unique())
    ]
    return data, its, peers


def _finding(**over):
    values = {
        "measure": "smart_city_index",
        "label": None,
        "focal": "Kota A",
        "treatment_year": 2031,
        "direction": "enabler",
        "behind": True,
        "n_peers": 5,
        "did_p": 1 / 6,
        "alpha": 0.05,
        "pretrend_warning": False,
        "caps": [],
    }
    return finding("quasi.peer_finding", **{**values, **over})


def test_every_code_has_both_languages():
    ids = {c for c in templates("id") if c.startswith("quasi.")}
    ens = {c for c in templates("en") if c.startswith("quasi.")}
    assert ids == ens == set(pq.TEMPLATES["id"])
    for kind in ("measure", "peer_code", "quasi_plot"):
        assert set(labels(kind, "id")) == set(labels(kind, "en"))
    # every cap code of peer_verdict has words
    caps = {c for c in quasi.PEER_CODES if c.startswith("capped_")}
    assert caps <= set(labels("peer_code", "id"))


def test_demo_statements_and_evidence_render_in_both_languages(demo):
    data, its, peers = demo
    frames = [quasi.its_evidence(its), *(quasi.peer_evidence(pc) for pc in peers)]
    for lang in ("id", "en"):
        for res in (its, *peers):
            assert all(t and "{" not in t for t in render(res.statements, lang))
        for ev in frames:
            out = render_frame(ev, ["finding", "detail"], lang)
            assert all(isinstance(x, str) and x for x in [*out["finding"], *out["detail"]])
    codes = {s.code for pc in peers for s in pc.statements}
    assert {"quasi.peer_did", "quasi.peer_permutation", "quasi.peer_trends"} <= codes
    assert {"quasi.synth_floor", "quasi.one_treated_region", "did.pretrend"} <= codes


def test_measure_labels_follow_the_language():
    with use_language("id"):
        assert quasi.MEASURE_LABELS["spbe_index"] == "indeks SPBE"
        assert quasi.measure_label("smart_city_index") == "indeks kota cerdas"
    with use_language("en"):
        assert quasi.MEASURE_LABELS["smart_city_index"] == "smart city index"
        assert quasi.measure_label("indeks_uji") == "indeks uji"  # unknown id: humanised


def test_peer_finding_words():
    st = _finding()
    id_ = render_one(st, "id")
    assert id_.startswith("Pada indeks kota cerdas, Kota A tertinggal dari 5 daerah pembanding")
    assert "Bukti menunjuk sebaliknya" in id_ and "bukan penjelasan utama" in id_
    assert "p permutasi terkecil yang mungkin adalah 1/6 = 0,167, di atas batas 0,05" in id_
    en = render_one(st, "en")
    assert en.startswith("For the smart city index, Kota A fell behind 5 comparison regions")
    assert "The evidence points the other way" in en and "1/6 = 0.167" in en
    capped = render_one(_finding(caps=["capped_pretrend"], pretrend_warning=True), "id")
    assert capped.endswith(
        "perlu dibaca dengan hati-hati. Kekuatan bukti dibatasi karena tren sebelum tidak sejajar."
    )
    named = render_one(_finding(label="indeks uji coba", direction="barrier"), "en")
    assert named.startswith("For the indeks uji coba, the comparison regions also slowed down")
    neutral = render_one(_finding(direction="neutral", behind=False), "id")
    assert "tidak menunjuk lingkungan eksternal sebagai hambatan" in neutral


def test_peer_detail_and_synth_floor_words():
    detail = finding(
        "quasi.peer_detail",
        estimate=-0.35,
        ci_low=-0.6,
        ci_high=-0.1,
        level=0.95,
        did_p=1 / 6,
        p_floor=1 / 6,
        peers_pre=0.15,
        peers_post=0.14,
        synth_att=-0.33,
        synth_p=1 / 6,
        synth_floor=1 / 6,
        pretrend_warning=True,
    )
    assert render_one(detail, "id") == (
        "selisih-dalam-selisih −0,35 (IK 95%: −0,60 s.d. −0,10), p permutasi 0,167 (terkecil "
        "yang mungkin 0,167); perubahan tahunan pembanding sebelum/sesudah +0,150/+0,140; "
        "kontrol sintetis −0,33 (p permutasi 0,167, terkecil yang mungkin 0,167); tren sebelum "
        "tidak sejajar."
    )
    assert "(95% CI: −0.60 to −0.10), permutation p 0.167" in render_one(detail, "en")
    floor = caveat(
        "quasi.synth_floor", n_donors=5, floor=1 / 6, reached=True, treatment_year=2031, focal="A"
    )
    assert render_one(floor, "id").startswith(
        "Dengan 5 daerah pembanding, p permutasi terkecil yang mungkin adalah 0,167; nilai itu "
        "tercapai"
    )
    assert render_one(floor, "en").startswith(
        "With 5 comparison regions, the smallest possible permutation p is 0.167; it is reached"
    )


def test_its_overview_and_evidence_words(demo):
    _, its, _ = demo
    count = finding(
        "quasi.its_adverse_count", label="Banjir", n_adverse=2, n_indicators=5, level=0.90
    )
    assert render_one(count, "id") == (
        "Pada titik patah \u201cBanjir\u201d, 2 dari 5 indikator layanan mengalami perubahan "
        "tingkat yang merugikan dan signifikan secara statistik (p < 0,10)."
    )
    assert "2 of the 5 service indicators show" in render_one(count, "en")
    assert "(p < 0,025)" in render_one(finding(**{**count.values, "level": 0.975}, code=count.code))
    barrier = finding("quasi.its_evidence_barrier", label="Banjir", n_hit=3, n_indicators=5)
    assert "bertepatan dengan peristiwa eksternal" in render_one(barrier, "id")
    assert "menghambat" not in render_one(barrier, "id")
    assert "coincides with the external event" in render_one(barrier, "en")
    assert "caused" not in render_one(barrier, "en").replace("not necessarily caused", "")
    detail = finding("quasi.its_evidence_detail", items=[{"name": "X", "change": -0.2, "p": 0.01}])
    assert render_one(detail, "id").startswith("X: perubahan tingkat −20,0% (p = 0,010).")
    assert render_one(detail, "en").startswith("X: level change −20.0% (p = 0.010).")
    with use_language("id"):
        assert (
            its.plot()
            .axes[0]
            .get_xlabel()
            .startswith("Perubahan tingkat pada titik patah (% dari tingkat sebelumnya, IK 95%)")
        )
    with use_language("en"):
        assert its.plot().axes[0].get_xlabel().startswith("Change in level at the break")


def test_peer_plot_words(demo):
    _, _, peers = demo
    with use_language("id"):
        ax = peers[0].plot().axes[0]
        assert ax.get_xlabel() == "Tahun"
        assert "Rata-rata daerah pembanding" in [t.get_text() for t in ax.get_legend().get_texts()]
    with use_language("en"):
        ax = peers[0].plot().axes[0]
        texts = [t.get_text() for t in ax.get_legend().get_texts()]
        assert ax.get_xlabel() == "Year" and "Comparison regions" in texts
        assert ax.get_ylabel() == "Smart city index"
