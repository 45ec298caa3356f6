"""Words of the mandates chapter (evaltools.prose.mandates), in Indonesian and English."""

from __future__ import annotations

import json

import pandas as pd
import pytest

import evaltools
from evaltools._io import json_ready
from evaltools.analysis import mandates as ma
from evaltools.prose import labels, render, render_frame, templates, use_language
from evaltools.prose import mandates as pm
from evaltools.results import caveat, finding


def _mandates():
    return pd.DataFrame(
        {
            "mandate_id": ["M1", "M2", "M3", "M4", "M5", "M6"],
            "instrument_type": ["perwal", "perwal", "sop", "body", "masterplan", "perwal"],
            "due_date": pd.to_datetime(
                ["2020-06-30", "2020-06-30", "2021-01-01", "2020-12-31", "2023-06-30", "2020-12-31"]
            ),
            "issued_date": pd.to_datetime(
                ["2020-06-01", "2021-06-30", None, "2022-06-01", None, "2021-03-31"]
            ),
            "factor": ["structure", "structure", "structure", "communication", None, "structure"],
        }
    )


@pytest.fixture(scope="module")
def demo(demo_dir):
    res = ma.analyze(evaltools.load_data(demo_dir))
    return res, ma.evidence(res)


def test_every_code_has_both_languages():
    ids = {c for c in templates("id") if c.startswith("mandates.")}
    ens = {c for c in templates("en") if c.startswith("mandates.")}
    assert ids == ens == set(pm.TEMPLATES["id"])
    for kind in ("mandate_status", "instrument_type", "mandates_plot"):
        assert set(labels(kind, "id")) == set(labels(kind, "en"))
    assert set(labels("mandate_status", "en")) == set(ma.STATUSES)


def test_demo_statements_and_evidence_render_in_both_languages(demo):
    res, ev = demo
    # values are JSON-ready (findings.json): no NaN, no Timestamp
    json.dumps(json_ready([*res.statements, *ev["finding"], *ev["detail"]]), allow_nan=False)
    for lang in ("id", "en"):
        assert all(t and "{" not in t for t in render(res.statements, lang))
        frame = render_frame(ev, ["finding", "detail"], lang)
        assert all(isinstance(x, str) and x for x in [*frame["finding"], *frame["detail"]])
    with use_language("id"):
        assert res.sentences[0] == (
            "Per 31 Desember 2023, dari 11 regulasi turunan dan instrumen yang sudah jatuh tempo, "
            "3 terbit tepat waktu, 5 terlambat, dan 3 belum terbit (72,7% terlambat atau belum "
            "terbit)."
        )
    with use_language("en"):
        assert res.sentences[0] == (
            "As of 31 December 2023, of the 11 implementing regulations and instruments already "
            "due, 3 were issued on time, 5 late, and 3 not yet (72.7% late or not issued)."
        )
        assert "1,038 days" in res.sentences[2]  # thousands separator of English


def test_sentences_and_caveats_of_the_hand_example():
    res = ma.analyze(mandates=_mandates(), as_of="2021-12-31")
    with use_language("id"):
        s = " ".join(res.sentences)
        assert "Per 31 Desember 2021" in s and "5 regulasi turunan" in s
        assert "80,0% terlambat atau belum terbit" in s  # (2 late + 2 missing) / 5
        assert "Keterlambatan median 228 hari (paling lama 365 hari)." in res.sentences
        assert any("belum jatuh tempo" in c for c in res.caveats)
    with use_language("en"):
        assert "80.0% late or not issued" in res.sentences[0]
        assert "1 mandates are not yet due as of 31 December 2021" in res.caveats[0]


def test_evidence_wording_is_associational_in_both_languages():
    res = ma.analyze(mandates=_mandates(), as_of="2021-12-31")
    ev = ma.evidence(res)
    for lang, banned, needed in (
        (
            "id",
            ("menghambat", "penentu", "berpengaruh", "menyebabkan", "dampak"),
            "berkaitan dengan hambatan",
        ),
        ("en", ("caused", "causes", "impact", "effect of", "determin"), "associated with"),
    ):
        with use_language(lang):
            text = " ".join(
                [*res.sentences, *res.caveats, *render_frame(ev, ["finding"])["finding"]]
            ).lower()
        for word in banned:
            assert word not in text, (lang, word)
        assert needed in text
    detail = render_frame(ev.set_index("factor"), ["detail"], "id").loc["structure", "detail"]
    assert "hanya 4 mandat jatuh tempo, bukti paling tinggi sedang" in detail
    detail_en = render_frame(ev.set_index("factor"), ["detail"], "en").loc["structure", "detail"]
    assert "only 4 mandates due, evidence at most moderate" in detail_en


def test_single_statements():
    st = [
        finding("mandates.none_due", as_of=pd.Timestamp("2019-01-01")),
        caveat("mandates.few_due", due=1),
        caveat("mandates.no_due_date", n=2),
        finding("mandates.enabler", factor="structure", as_of=pd.Timestamp("2021-12-31")),
        finding("mandates.not_due_detail", n=1),
    ]
    idt = render(st, "id")
    assert idt[0] == "Per 1 Januari 2019, belum ada mandat yang jatuh tempo."
    assert idt[1].startswith("Hanya 1 mandat yang sudah jatuh tempo")
    assert "kolom due_date" in idt[2]
    assert "terkait struktur birokrasi umumnya terbit tepat waktu per 31 Desember 2021" in idt[3]
    ent = render(st, "en")
    assert ent[0] == "As of 1 January 2019, no mandate was due yet."
    assert "column due_date" in ent[2]
    assert "related to bureaucratic structure were mostly issued on time" in ent[3]
    assert ent[4] == "1 mandate not yet due"


def test_status_table_and_plot_follow_the_language():
    import matplotlib.pyplot as plt

    res = ma.analyze(mandates=_mandates(), as_of="2021-12-31")
    shown = pm.status_table(res, "id").set_index("mandate_id")
    assert shown.loc["M4", "status_label"] == "belum terbit (lewat tenggat)"
    assert shown.loc["M1", "type_label"] == "Peraturan Wali Kota"
    shown_en = pm.status_table(res.table, "en").set_index("mandate_id")
    assert shown_en.loc["M4", "status_label"] == "not issued (past deadline)"
    assert shown_en.loc["M5", "type_label"] == "Master plan"
    with use_language("id"):
        ax = res.plot().axes[0]
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "belum terbit (lewat tenggat)" in legend and "terlambat" in legend
        assert "31 Desember 2021" in ax.get_xlabel()
    with use_language("en"):
        ax = res.plot().axes[0]
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert {"not issued (past deadline)", "late", "deadline"} <= set(legend)
        assert ax.get_xlabel() == "Date (status as of 31 December 2021)"
        assert any("Mayoral regulation" in t.get_text() for t in ax.get_yticklabels())
    plt.close("all")
