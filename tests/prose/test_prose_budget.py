"""Words of the budget chapter (evaltools.prose.budget), in Indonesian and English."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import evaltools
from evaltools._io import json_ready
from evaltools.analysis import budget as bu
from evaltools.analysis import progress as pr
from evaltools.prose import budget as pb
from evaltools.prose import labels, render, render_frame, render_one, templates, use_language
from evaltools.results import caveat, finding


@pytest.fixture(scope="module")
def demo(demo_dir):
    data = evaltools.load_data(demo_dir)
    res = bu.analyze(data, progress_result=pr.analyze(data))
    return res, bu.evidence(res)


def _budget(cuts, years=range(2018, 2023)):
    rows = []
    for d, by_year in cuts.items():
        for y in years:
            rev = 1e9 * (1 - by_year.get(y, 0.05))
            for stage, amt in (("planned", 1e9), ("revised", rev), ("realised", 0.9 * rev)):
                rows.append(
                    {"year": y, "agency": d, "stage": stage, "dimension": d, "amount_idr": amt}
                )
    return pd.DataFrame(rows)


def test_every_code_has_both_languages():
    ids = {c for c in templates("id") if c.startswith("budget.")}
    ens = {c for c in templates("en") if c.startswith("budget.")}
    assert ids == ens == set(pb.TEMPLATES["id"])
    for kind in ("budget_stage", "budget_crosstab", "budget_plot"):
        assert set(labels(kind, "id")) == set(labels(kind, "en"))
    assert set(labels("budget_stage", "en")) == set(bu.STAGES)


def test_demo_statements_and_evidence_render_in_both_languages(demo):
    res, ev = demo
    codes = {s.code for s in res.statements}
    # values are JSON-ready (findings.json): no NaN, no Timestamp
    json.dumps(json_ready([*res.statements, *ev["finding"], *ev["detail"]]), allow_nan=False)
    assert {"budget.window_cut", "budget.absorption", "budget.link"} <= codes
    for lang in ("id", "en"):
        texts = render(res.statements, lang)
        assert all(t and "{" not in t for t in texts)
        frame = render_frame(ev, ["finding", "detail"], lang)
        assert all(isinstance(x, str) and x for x in [*frame["finding"], *frame["detail"]])
    with use_language("id"):
        assert res.sentences[0] == (
            "Pada 2020–2021, anggaran rencana dipotong 39,4% saat perubahan (dari Rp 179,6 "
            "miliar menjadi Rp 108,8 miliar), dibandingkan 5,1% pada tahun-tahun lain."
        )
        fnd = render_one(ev.set_index("factor").loc["resources", "finding"])
        assert "berkaitan dengan kemandekan" in fnd and "dibatasi pada sedang" in fnd
    with use_language("en"):
        assert res.sentences[0] == (
            "In 2020–2021, the planned budget was cut by 39.4% at revision (from Rp 179.6 "
            "billion to Rp 108.8 billion), against 5.1% in the other years."
        )
        env = ev.set_index("factor").loc["environment"]
        text = render_one(env["finding"])
        assert "coinciding with" in text and "is associated with" in text
        assert "caused" not in text  # budget evidence is associational
        assert "smallest possible exact p 0.0167" in render_one(env["detail"])


def test_link_sentence_and_floor_note():
    st = finding("budget.link", rho=-1.0, p_value=1 / 3, p_floor=1 / 3, n=3)
    idt, ent = render([st], "id")[0], render([st], "en")[0]
    assert "ρ = −1,00 (p = 0,333; p eksak terkecil yang mungkin 0,3333, n = 3 dimensi)" in idt
    assert idt.endswith("cenderung lebih melambat.") and "tidak cenderung" not in idt
    assert "ρ = −1.00 (p = 0.333; smallest possible exact p 0.3333, n = 3 dimensions)" in ent
    st2 = finding("budget.link", rho=0.4, p_value=0.5, p_floor=None, n=9)
    assert "tidak cenderung lebih melambat" in render([st2], "id")[0]
    assert "eksak" not in render([st2], "id")[0]
    assert "do not tend" in render([st2], "en")[0]


def test_barrier_caps_and_link_notes():
    base = {"cut": 0.2, "absorption": 0.9, "start": 2020, "end": 2021}
    st = finding(
        "budget.resources_barrier",
        **base,
        link="stalled_most",
        caps=[{"cap": "years", "n_other": 2}, {"cap": "link", "min_n": 8}],
    )
    idt = render([st], "id")[0]
    assert idt.startswith("Anggaran dipotong 20,0% pada 2020–2021 dan penyerapannya 90,0%;")
    assert "Dimensi yang paling banyak dipotong juga yang paling melambat." in idt
    assert idt.endswith(
        "Kekuatan bukti dibatasi karena hanya 2 tahun di luar periode yang dinilai sebagai "
        "pembanding; dibatasi pada sedang karena keterkaitan pemotongan dengan dimensi yang "
        "mandek belum ditunjukkan oleh korelasi atas sedikitnya 8 dimensi."
    )
    ent = render([st], "en")[0]
    assert "The dimensions cut most are also those that slowed most." in ent
    assert "capped because only 2 year(s)" in ent and "at least 8 dimensions" in ent
    plain = finding("budget.resources_neutral", start=2020, end=2020, caps=[])
    assert render([plain], "id")[0] == (
        "Pemotongan dan penyerapan anggaran pada 2020 tidak berbeda berarti dari tahun-tahun lain."
    )


def test_caveats_wording():
    st = [
        caveat("budget.link_indicative", n=3, min_strong=8),
        caveat("budget.link_too_few"),
        caveat("budget.no_other_years", start=2020, end=2021),
        caveat("budget.undefined_cells", n_cut=2, n_absorption=1),
    ]
    idt = render(st, "id")
    assert idt[0].startswith("Dengan hanya 3 dimensi, korelasi ini bersifat indikatif")
    assert "Tidak ada tahun di luar periode yang dinilai (2020–2021)" in idt[2]
    assert idt[3].startswith("Sebanyak 2 sel pemotongan dan 1 sel penyerapan")
    assert "pembaginya nol" in idt[3]
    ent = render(st, "en")
    assert ent[0].startswith("With only 3 dimensions this correlation is indicative")
    assert "not cause and effect" in ent[0]
    assert ent[3].startswith("2 cut cells and 1 absorption cells cannot be computed")


def test_environment_rows_name_events_or_years():
    v = {"start": 2020, "end": 2021, "uniform": 0.3, "capped": True}
    with_names = finding("budget.environment_barrier", **v, events=["Keputusan X"], years=[2020])
    only_years = finding("budget.environment_none", start=2020, end=2021, events=[], years=[2020])
    idt = render([with_names, only_years], "id")
    assert "peristiwa eksternal \u201cKeputusan X\u201d;" in idt[0]
    assert idt[0].endswith("Kekuatan bukti dibatasi karena tahun pembanding sedikit.")
    assert idt[1] == (
        "Peristiwa eksternal pada 2020–2021 (2020) tidak tampak sebagai pemotongan anggaran "
        "yang merata di semua dimensi."
    )
    ent = render([with_names], "en")[0]
    assert ent.startswith("Every dimension was cut at least 30.0 percentage points deeper")


def test_crosstab_and_plots_follow_the_language():
    import matplotlib.pyplot as plt

    cuts = {
        "governance": {2020: 0.5, 2021: 0.5},
        "economy": {2020: 0.1, 2021: 0.1},
        "living": {2020: 0.0, 2021: 0.0},
    }
    res = bu.analyze(budget=_budget(cuts), stagnation_start=2020, stagnation_end=2021)
    ct = pd.crosstab(
        pd.Series(["large_cut", "small_cut"], name="cut"),
        pd.Series(["stalled_or_slowed", "not_down"], name="progress"),
    )
    shown = pb.crosstab_table(ct, "id")
    assert shown.loc["pemotongan besar", "terhenti/melambat"] == 1
    assert shown.index.name == "pemotongan" and shown.columns.name == "capaian"
    assert pb.crosstab_table(ct, "en").loc["small cut", "no significant drop"] == 1
    with use_language("id"):
        ax = res.plot().axes[0]
        assert ax.get_ylabel() == "Anggaran (Rp miliar)" and ax.get_xlabel() == "Tahun"
        ax.figure.canvas.draw()
        assert any("," in t.get_text() for t in ax.get_yticklabels())  # decimal comma
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert set(legend) == {"Rencana (murni)", "Perubahan", "Realisasi", "Periode yang dinilai"}
        ax2 = res.plot_cut().axes[0]
        assert "Tata kelola" in [t.get_text() for t in ax2.get_yticklabels()]
    with use_language("en"):
        ax = res.plot().axes[0]
        assert ax.get_ylabel() == "Budget (Rp billion)" and ax.get_xlabel() == "Year"
        ax.figure.canvas.draw()
        assert any("." in t.get_text() for t in ax.get_yticklabels())  # decimal point
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert set(legend) == {"Planned (original)", "Revised", "Realised", "Period judged"}
        ax2 = res.plot_cut().axes[0]
        assert ax2.get_title() == "Budget cut at revision, by dimension"
        assert "Governance" in [t.get_text() for t in ax2.get_yticklabels()]
        assert "Period judged 2020–2021" in [t.get_text() for t in ax2.get_legend().get_texts()]
    plt.close("all")
    assert np.isfinite(res.total()["cut_window"])
