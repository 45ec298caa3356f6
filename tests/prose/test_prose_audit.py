"""Words of the data audit (evaltools.prose.audit), in Indonesian and English."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from evaltools.data import load_data
from evaltools.data.audit import AUDITED_TABLES, audit
from evaltools.prose import audit as pa
from evaltools.prose import labels, render, templates, use_language
from evaltools.results import caveat, finding


@pytest.fixture(scope="module")
def demo(demo_dir):
    return load_data(demo_dir)


@pytest.fixture(scope="module")
def result(demo):
    return audit(demo)


def test_every_code_and_label_has_both_languages():
    ids = {c for c in templates("id") if c.startswith("audit.")}
    ens = {c for c in templates("en") if c.startswith("audit.")}
    assert ids == ens == set(pa.TEMPLATES["id"])
    for kind in (
        "data_table",
        "source_quality",
        "audit_analysis",
        "audit_gap_item",
        "audit_missing",
        "audit_plot",
    ):
        assert set(labels(kind, "id")) == set(labels(kind, "en")), kind
    assert set(labels("data_table", "en")) == set(AUDITED_TABLES)


def test_demo_renders_in_both_languages(result):
    for lang in ("id", "en"):
        texts = render(result.statements, lang)
        assert texts and all(t and "{" not in t for t in texts)
    with use_language("id"):
        s = result.sentences
        assert s[0] == (
            "Data dibaca dari 13 berkas dan lolos seluruh aturan validasi kamus data; periode "
            "evaluasi 2018–2023 (dari tabel context)."
        )
        assert "Seluruh data bersumber dari data ilustrasi (sintetis), bukan data resmi." in s
        assert (
            "Realisasi tidak dilaporkan untuk 16 dari 174 target program (9,2%), terbanyak pada "
            "2021 (6 target)."
        ) in s
        assert any("sintetis" in c for c in result.caveats)
    with use_language("en"):
        s = result.sentences
        assert s[0].startswith("The data were read from 13 files and passed every validation")
        assert "(from the context table)" in s[0]
        assert "183 of 6,600 answers to survey items (2.8%) are blank." in s
        assert result.caveats[-1].startswith("More than 10% of target realisations")
        assert "2020 (13.3%) and 2021 (20.0%)" in result.caveats[-1]


def test_missing_tables_and_sources(demo):
    data = dataclasses.replace(demo, interview_codes=None, mandates=None)
    res = audit(data)
    with use_language("id"):
        text = " ".join(res.sentences)
        assert "Tersedia 10 dari 12 tabel" in text and "kode wawancara" in text
        assert any("analisis wawancara" in c for c in res.caveats)
    with use_language("en"):
        text = " ".join(res.sentences)
        assert "10 of 12 tables are present; missing:" in text and "interview codes" in text
        assert any("interview analysis" in c for c in res.caveats)
    st = [
        finding(
            "audit.sources",
            n=3,
            counts=[{"quality": "official", "n": 2}, {"quality": "press", "n": 1}],
        ),
        caveat("audit.uncited", ids=["S2", "S3"]),
        finding(
            "audit.short_coverage",
            start=2016,
            end=2023,
            tables=[{"table": "program_targets", "years": [2016, 2017]}],
        ),
    ]
    idt = render(st, "id")
    assert idt[0] == "Data merujuk pada 3 sumber: 2 resmi dan 1 pers."
    assert "S2 dan S3" in idt[1]
    assert "target dan realisasi program (tanpa data 2016, 2017)" in idt[2]
    ent = render(st, "en")
    assert ent[0] == "The data cite 3 sources: 2 official and 1 press."
    assert "(no data for 2016, 2017)" in ent[2]


def test_views_and_plot_follow_the_language(result):
    import matplotlib.pyplot as plt

    t = pa.table_view(result.table, "id").set_index("table")
    assert t.loc["program_targets", "label"] == "Target dan realisasi program"
    t_en = pa.table_view(result.table, "en").set_index("table")
    assert t_en.loc["program_targets", "label"] == "Programme targets and realisation"
    src = pa.sources_view(result.sources, "id")
    assert src.loc[0, "quality_label"] == "sintetis (ilustrasi)"
    assert pa.sources_view(result.sources, "en").loc[0, "quality_label"] == (
        "synthetic (illustrative)"
    )
    gaps = pa.gap_view(result.gap_summary, "en")
    assert list(gaps["item_label"]) == ["target realisation", "answers to survey items"]
    assert list(pa.gap_view(result.gaps, "id")["label"].unique())[0] == (
        "Target dan realisasi program"
    )
    frame = pd.DataFrame({"table": ["service_monthly"], "item": ["IND-X"]})
    assert pa.gap_view(frame, "en").loc[0, "item_label"] == "IND-X"  # an indicator id as given
    with use_language("id"):
        ax = result.plot().axes[0]
        assert [t.get_text() for t in ax.get_yticklabels()][0] == "Target dan realisasi program"
        assert ax.get_title() == "Cakupan data per tabel dan tahun"
    with use_language("en"):
        ax = result.plot().axes[0]
        assert [t.get_text() for t in ax.get_yticklabels()][0] == (
            "Programme targets and realisation"
        )
        assert ax.get_xlabel().startswith("Year")
    plt.close("all")
