"""Words of the progress chapter (evaltools.prose.progress), in Indonesian and English."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import evaltools
from evaltools.analysis import progress as pr
from evaltools.prose import labels, render, templates, use_language
from evaltools.prose import progress as pp
from evaltools.results import caveat, finding


@pytest.fixture(scope="module")
def demo(demo_dir):
    return pr.analyze(evaltools.load_data(demo_dir))


def test_every_code_has_both_languages():
    ids = {c for c in templates("id") if c.startswith("progress.")}
    ens = {c for c in templates("en") if c.startswith("progress.")}
    assert ids == ens and ids == set(pp.TEMPLATES["id"])
    assert {f"progress.reason.{c}" for c in pp.REASON_CODES} <= ids
    assert set(labels("progress_plot", "id")) == set(labels("progress_plot", "en"))


def test_demo_statements_render_in_both_languages(demo):
    codes = {s.code for s in demo.statements}
    assert {"progress.break", "progress.break_numbers", "progress.method"} <= codes
    for lang in ("id", "en"):
        texts = render(demo.statements, lang)
        assert all(t and "{" not in t for t in texts)
    with use_language("id"):
        assert demo.sentences[0].startswith("Pada 2020–2021, capaian target dimensi Tata kelola")
        assert "koreksi Holm atas 5 dimensi yang dinilai" in demo.sentences[0]
    with use_language("en"):
        s = demo.sentences
        assert s[0].startswith("In 2020–2021, target achievement in the Governance, Economy,")
        assert (
            "(95% CI: −10.8 to −7.1), adjusted p < 0.001, 6 programmes; verdict: stalled" in (s[2])
        )
        assert "9.2%" in demo.caveats[-1] and "not reported" in demo.caveats[-1]


def test_indonesian_wording_of_break_numbers_is_kept():
    st = finding(
        "progress.break_numbers",
        dimension="governance",
        verdict="stalled",
        slope_pre=0.081,
        slope_window=-0.009,
        slope_change=-0.09,
        ci_low=-0.108,
        ci_high=-0.071,
        level=0.9,
        p_adjusted=0.0123,
        n_programmes=6,
    )
    (idt,) = render([st], "id")
    assert idt == (
        "Tata kelola: laju capaian rata-rata program berubah dari +8,1 menjadi −0,9 poin persen "
        "per tahun; perubahan −9,0 (IK 90%: −10,8 s.d. −7,1), p terkoreksi = 0,012, 6 program; "
        "penilaian: terhenti."
    )
    (ent,) = render([st], "en")
    assert "(90% CI: −10.8 to −7.1), adjusted p = 0.012, 6 programmes" in ent


@pytest.mark.parametrize(
    ("worst", "id_part", "en_part"),
    [
        (-0.031, "sampai 3,1 poin persen per tahun", "up to 3.1 percentage points per year"),
        (0.01, None, None),
        (np.nan, None, None),
    ],
)
def test_on_track_mentions_the_drop_the_interval_still_holds(worst, id_part, en_part):
    st = finding("progress.on_track", dimensions=["economy", "living"], worst_ci_low=worst)
    idt, ent = render([st], "id")[0], render([st], "en")[0]
    assert idt.startswith("Dimensi Ekonomi dan Kualitas hidup tidak menunjukkan")
    assert ent.startswith("The Economy and Quality of living dimensions show no change")
    if id_part:
        assert id_part in idt and en_part in ent
    else:
        assert "sampai" not in idt and "up to" not in ent


def test_caveats_wording():
    st = [
        caveat(
            "progress.too_few_data",
            dimensions=["branding"],
            min_programmes=3,
            pre_years_needed=2,
            window_years_needed=1,
            start=2020,
            end=2020,
        ),
        caveat("progress.pre_period", pre_years=2, thin_pre_years=3),
        caveat("progress.pre_period", pre_years=4, thin_pre_years=3),
        caveat("progress.unreported", n_gap=10, n_targets=10),
        caveat("progress.flagged_rows", n_rows=2, absurd_ratio=10.0, cap=1.5),
    ]
    idt = render(st, "id")
    assert idt[0] == (
        "Dimensi Pencitraan kota tidak dapat dinilai: perlu sedikitnya 3 program yang "
        "masing-masing memiliki capaian sedikitnya 2 tahun sebelum 2020 dan 1 tahun di dalam "
        "periode yang dinilai 2020."
    )
    assert idt[1].endswith("kekuatan penilaian dibatasi.") and idt[2].endswith("per program.")
    assert "10 dari 10 target (100,0%)" in idt[3]
    assert "lebih dari 10 kali target" in idt[4] and "paling tinggi 150%" in idt[4]
    ent = render(st, "en")
    assert ent[0].startswith("The City branding dimension cannot be judged")
    assert "10 of 10 targets (100.0%)" in ent[3]
    assert "capped at 150%" in ent[4]


def test_reason_text_formats_numbers_per_language():
    facts = {"p_adjusted": 0.0123, "n_programmes": 6, "region": "Kota Contoh"}
    assert pr.reason_text("clear_break", facts, "id").endswith("p terkoreksi = 0,012")
    assert pp.reason_text("clear_break", facts, "en").endswith("adjusted p = 0.012")
    assert pp.reason_text("clear_break", {"p_adjusted": 0.0002}, "id").endswith("< 0,001")
    assert "Kota Contoh tertinggal" in pp.reason_text("peers_behind", facts, "id")
    assert "the region evaluated falling behind" in pp.reason_text("peers_behind", {}, "en")


def test_every_reason_of_the_rule_table_renders():
    t = pd.DataFrame(
        {
            "dimension": ["governance", "economy", "branding"],
            "verdict": ["stalled", "on_track", "undetermined"],
            "n_programmes": [3, 5, 0],
            "pre_years": [2, 2, 0],
            "slope_change_ci_low": [-0.2, -0.01, np.nan],
            "p_adjusted": [0.02, 0.6, np.nan],
        }
    )
    for peers in (True, False, None):
        ans = pr.stagnation_answer(t, peers_behind=peers)
        for lang in ("id", "en"):
            for code in ans["reasons"]:
                text = pp.reason_text(code, ans["facts"], lang)
                assert text and "{" not in text
    for code in pp.REASON_CODES:  # every code renders with the facts it quotes
        facts = {
            "p_adjusted": 0.01,
            "n_programmes": 4,
            "min_programmes": 3,
            "thin_pre_years": 3,
            "n_undetermined": 1,
        }
        assert pp.reason_text(code, facts, "en") and pp.reason_text(code, facts, "id")


def test_labels_follow_the_language_and_old_names_still_import():
    with use_language("id"):
        assert pr.VERDICT_LABELS["stalled"] == "terhenti"
        assert pr.ANSWER_LABELS["partly"] == "Ya, sebagian"
        assert pr.STRENGTH_LABELS["none"] == "tidak ada"
    with use_language("en"):
        assert pr.VERDICT_LABELS["on_track"] == "on its earlier trend"
        assert pp.answer_sentence({"answer": "partly", "strength": "weak"}) == (
            "Yes, partly (strength of evidence: weak)"
        )
    assert pp.answer_sentence({"answer": "no", "strength": "strong"}, "id") == (
        "Tidak (kekuatan bukti: kuat)"
    )


def test_verdict_table_and_plot_follow_the_language(demo):
    with use_language("en"):
        t = pp.verdict_table(demo.table)
        assert t.set_index("dimension").loc["governance", "verdict_label"] == "stalled"
        fig = demo.plot()
        ax = fig.axes[0]
        assert ax.get_xlabel() == "Year" and ax.get_title().startswith("Target achievement")
        legend = [x.get_text() for x in ax.get_legend().get_texts()]
        assert "Period judged 2020–2021" in legend and "Governance" in legend
    with use_language("id"):
        t = pp.verdict_table(demo.agency_table)
        assert set(t["verdict_label"]) <= set(labels("progress_verdict", "id").values())
        ax = demo.plot().axes[0]
        assert ax.get_ylabel() == "Indeks capaian (% target)"
    import matplotlib.pyplot as plt

    plt.close("all")
