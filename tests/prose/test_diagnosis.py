"""Words of the diagnosis (evaltools.prose.diagnosis) and of the workbook display helpers
(evaltools.prose.workbook), in Indonesian and English. The analysis tests
(tests/analysis/test_diagnosis.py) check codes and numbers; only these tests check wording."""

from __future__ import annotations

import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import evaltools
from evaltools import prose
from evaltools.analysis import diagnosis as dg
from evaltools.analysis.evidence import make_evidence_frame
from evaltools.prose import diagnosis as words
from evaltools.results import Statement, finding

# Indonesian function words that must not appear in an English sentence
INDONESIAN = re.compile(
    r"\b(yang|dengan|tidak|pada|dari|untuk|adalah|dalam|belum|dan|atau|sebagai|oleh|bahwa|"
    r"lebih|antara|terhadap|bukti|sumber|data tidak)\b"
)


@pytest.fixture(scope="module")
def demo():
    return dg.diagnose(evaltools.load_data("/work/main/data/demo"))


def _all_statements(res) -> list[Statement]:
    out = [*res.statements, *res.answer_table["statement"], *res.peer_statements]
    out.append(res.summary_statement)
    for frame, cols in ((res.table, ("summary", "rule_notes")), (res.matrix, ("finding",))):
        for col in cols:
            out.extend(x for x in frame[col] if isinstance(x, Statement))
    return out


REASON_CODES = {
    "no_progress_data",
    "no_dimension_judged",
    "clear_break",
    "significant_break",
    "marginal_break",
    "many_programmes",
    "few_programmes",
    "narrow_intervals",
    "moderate_intervals",
    "wide_intervals",
    "thin_pre_period",
    "dimensions_undetermined",
    "peers_behind",
    "peers_not_behind",
    "no_peers",
}


def test_every_code_has_both_languages():
    from evaltools.analysis import progress
    from evaltools.prose import workbook

    for module in (words, workbook):
        assert set(module.TEMPLATES["id"]) == set(module.TEMPLATES["en"])
        for kind in getattr(module, "LABELS", {}).get("id", {}):
            assert set(module.LABELS["id"][kind]) == set(module.LABELS["en"][kind])
    # every reason code of progress.stagnation_answer has words in both languages
    reasons = REASON_CODES | set(getattr(progress, "REASON_LABELS", {}))
    for code in reasons:
        for lang in prose.LANGUAGES:
            assert f"progress.reason.{code}" in prose.templates(lang), (lang, code)


def test_demo_statements_render_in_both_languages(demo):
    statements = _all_statements(demo)
    codes = {s.code for s in statements}
    assert {"diagnosis.stagnant", "diagnosis.where", "diagnosis.why", "diagnosis.so_what"} <= codes
    assert {"diagnosis.cause", "diagnosis.summary_caveat", "diagnosis.peer_synth"} <= codes
    for s in statements:
        if not s.code.startswith("diagnosis."):
            continue  # evidence rows of the other analyses: their own prose tests
        id_text, en_text = prose.render_one(s, "id"), prose.render_one(s, "en")
        assert id_text and en_text and id_text != en_text
        assert not INDONESIAN.search(en_text), (s.code, en_text)
    with prose.use_language("en"):
        answers = demo.answers
        assert answers["why"].endswith("not cause and effect.")
        assert demo.summary_caveat.startswith("Every number in this report comes from")
    # the Indonesian edition is the default and is unchanged in content
    assert demo.answers["why"].endswith("bukan hubungan sebab-akibat.")
    assert demo.answers["stagnant"].startswith("Ya: pada 2020–2021 capaian ")


# ---------------------------------------------------------------- "was it stagnant?", by hand

CTX = {"regulation": "Perda No. 2/2020", "region": "Kota Contoh"}


def _progress(rows):
    dims = ["governance", "branding", "economy", "living", "society", "environment"][: len(rows)]
    table = pd.DataFrame(
        [
            {
                "dimension": d,
                "verdict": v,
                "n_programmes": n,
                "pre_years": pre,
                "n_years": 6,
                "slope_change_ci_low": lo,
                "p_adjusted": p,
                "slope_change": -0.05,
            }
            for d, (v, n, pre, lo, p) in zip(dims, rows, strict=False)
        ]
    )
    agencies = pd.DataFrame(
        {
            "lead_agency": ["Dinas A", "Dinas B"],
            "verdict": ["stalled", "on_track"],
            "slope_change": [-0.087, 0.01],
        }
    )
    return SimpleNamespace(
        table=table, agency_table=agencies, params={"confidence_level": 0.95, "min_programmes": 3}
    )


PEERS_BEHIND = {
    "factor": "environment",
    "source": "peers",
    "finding": "",
    "direction": "enabler",
    "strength": "moderate",
    "score": 0.4,
    "n": 10,
    "detail": "",
}


def _answers(prog, *rows):
    matrix = dg.evidence_matrix([make_evidence_frame(list(rows))])
    ranked = dg.rank_causes(matrix)
    t = dg._answers(prog, ranked, dg.recommendations(ranked), matrix, 2020, 2021, CTX)
    return dict(zip(t["question"], t["statement"], strict=True))


def test_stagnant_sentence_in_both_languages():
    thin = _progress([("stalled", 6, 2, -0.2, 0.001), ("slowed", 6, 2, -0.2, 0.002)])
    s = _answers(thin, PEERS_BEHIND)["stagnant"]
    assert prose.render_one(s, "id") == (
        "Ya: pada 2020–2021 capaian 1 dari 2 dimensi yang dapat dinilai terhenti dan 1 "
        "melambat dibandingkan tren sebelumnya; tren sebelumnya bertumpu pada 2 tahun data "
        "sebelum 2020. Kekuatan bukti: sedang — penurunan laju paling jelas memiliki p "
        "terkoreksi = 0,001; penurunan itu bertumpu pada 6 program; perbandingan dengan daerah "
        "lain menunjukkan Kota Contoh tertinggal dari daerah pembanding pada tahun-tahun yang "
        "sama; tren sebelumnya lebih pendek dari 3 tahun, sehingga kekuatan bukti dibatasi."
    )
    assert prose.render_one(s, "en") == (
        "Yes: in 2020–2021 achievement in 1 of the 2 dimensions that could be judged stalled "
        "and in 1 it slowed compared with the earlier trend; the earlier trend rests on 2 "
        "year(s) of data before 2020. Strength of evidence: moderate — the clearest drop in "
        "pace has adjusted p = 0.001; the drop rests on 6 programmes; the comparison with "
        "other regions shows Kota Contoh falling behind its comparison regions in the same "
        "years; the earlier trend covers fewer than 3 years, so the strength of the evidence "
        "is capped."
    )


def test_stagnant_no_and_undetermined_sentences():
    on_track = ("on_track", 5, 4, -0.01, 0.6)
    no = _answers(_progress([on_track, on_track, ("undetermined", 2, 0, np.nan, np.nan)]))
    text = prose.render_one(no["stagnant"], "id")
    assert text.startswith(
        "Tidak: pada 2020–2021 tidak ada dimensi yang laju capaiannya turun secara nyata "
        "dibandingkan tren sebelumnya (2 dimensi dinilai; tren sebelumnya bertumpu pada 4 tahun "
        "data sebelum 2020). Kekuatan bukti: sedang — "
    )
    assert "1 dimensi tidak dapat dinilai" in text
    assert prose.render_one(no["stagnant"], "en").startswith(
        "No: in 2020–2021 no dimension's rate of achievement fell significantly"
    )
    none = _answers(None)
    assert prose.render_one(none["stagnant"], "id") == (
        "Apakah pelaksanaan Perda No. 2/2020 stagnan pada 2020–2021 tidak dapat dinilai: data "
        "capaian target tidak tersedia."
    )
    assert prose.render_one(none["stagnant"], "en") == (
        "Whether implementation of Perda No. 2/2020 stalled in 2020–2021 cannot be determined: "
        "no data on target achievement."
    )
    assert prose.render_one(none["where"], "id") == (
        "Letak stagnasi tidak dapat ditentukan: data capaian target tidak tersedia."
    )


def test_where_names_dimensions_and_agencies_with_language_numbers():
    s = _answers(_progress([("stalled", 6, 4, -0.2, 0.001), ("on_track", 5, 4, -0.01, 0.6)]))
    id_text, en_text = prose.render_one(s["where"], "id"), prose.render_one(s["where"], "en")
    assert id_text.startswith("Stagnasi terletak pada dimensi Tata kelola (terhenti): ")
    assert "Dinas A (−8,7 poin persen per tahun)" in id_text
    assert en_text.startswith("The stall lies in the dimensions Governance (stalled): ")
    assert "Dinas A (−8.7 percentage points a year)" in en_text


def test_cause_verdicts_and_rule_notes():
    rows = [
        {**PEERS_BEHIND, "factor": "structure", "source": s, "direction": "barrier", "score": sc}
        for s, sc in (("survey", -0.9), ("mandates", -0.9))
    ]
    rows[0]["strength"], rows[1]["strength"] = "strong", "weak"
    t = dg.rank_causes(dg.evidence_matrix([make_evidence_frame(rows)])).set_index("factor")
    notes = t.loc["structure", "rule_notes"]
    assert "setara 1,4 sumber penuh (kurang dari dua)" in prose.render_one(notes, "id")
    assert "worth 1.4 full sources (fewer than two)" in prose.render_one(notes, "en")
    summary = t.loc["structure", "summary"]
    assert prose.render_one(summary, "id").startswith(
        "Struktur birokrasi berkaitan dengan stagnasi sebagai hambatan, dengan bukti sedang: "
    )
    assert prose.render_one(summary, "en").startswith(
        "Bureaucratic structure is associated with the stall as a barrier, with moderate evidence"
    )
    no_data = t.loc["resources", "summary"]
    assert prose.render_one(no_data, "id") == (
        "Sumber daya: data tidak tersedia, sehingga tidak ada penilaian."
    )
    assert prose.render_one(no_data, "en") == "Resources: no data available, so no verdict."
    assert prose.render_one(dg.NOT_AVAILABLE, "id") == "data tidak tersedia"


def test_peer_synth_sentence_formats_numbers_per_language():
    s = finding(
        "diagnosis.peer_synth",
        measure="spbe_index",
        label="indeks SPBE",
        focal="Kota Contoh",
        start=2019,
        att=-0.48,
        p=1 / 6,
        floor=1 / 6,
        n_pool=5,
        reached=True,
        floor_blocks=True,
        alpha=0.05,
    )
    assert prose.render_one(s, "id") == (
        "Kontrol sintetis untuk indeks SPBE: sejak 2019 Kota Contoh rata-rata berselisih −0,48 "
        "poin dari gabungan tertimbang daerah pembanding yang paling menyerupainya sebelumnya "
        "(p permutasi = 0,167; dengan 5 daerah pembanding, p terkecil yang mungkin adalah "
        "0,167, dan nilai itu tercapai; dengan pembanding sebanyak ini uji permutasi tidak "
        "dapat mencapai p < 0,05)."
    )
    en = prose.render_one(s, "en")
    assert "differed on average by −0.48 points" in en
    assert "(permutation p = 0.167; with 5 peer regions the smallest possible p is 0.167" in en
    assert en.endswith("cannot reach p < 0.05).")


def test_caveats_in_both_languages():
    miss = finding("diagnosis.missing_cells", cells=[("disposition", "survey")])
    assert prose.render_one(miss, "id") == (
        "Sel matriks bukti tanpa data (data tidak tersedia): disposisi (sikap dan komitmen) × "
        "survei."
    )
    assert prose.render_one(miss, "en") == (
        "Cells of the evidence matrix without data: disposition (attitudes and commitment) × "
        "survey."
    )
    gone = finding("diagnosis.source_missing", source="progress")
    assert prose.render_one(gone, "id") == "Capaian target program: data tidak tersedia."
    failed = finding("diagnosis.source_failed", source="its", error="too few points")
    assert prose.render_one(failed, "en") == (
        "The interrupted time series evidence could not be analysed: too few points"
    )


# ---------------------------------------------------------------- recommendations


def test_recommendations_exist_in_english_with_the_same_placeholders():
    id_t = dg.load_recommendation_table(language="id")
    en_t = dg.load_recommendation_table(language="en")
    assert list(id_t["factor"]) == list(en_t["factor"])
    token = re.compile(r"\{[A-Za-z_]+\}")
    for col in ("recommendation", "who", "indicator"):
        for a, b in zip(id_t[col], en_t[col], strict=True):
            assert sorted(token.findall(a)) == sorted(token.findall(b)), (a, b)
            assert set(token.findall(b)) <= set(dg.ROLE_TOKENS)
            assert not INDONESIAN.search(b), b
    assert set(en_t["horizon"]) == {
        "short term (≤ 1 year)",
        "medium term (1–3 years)",
        "long term (> 3 years)",
    }
    text = " ".join(pd.concat([id_t, en_t])[["recommendation", "indicator"]].to_numpy().ravel())
    assert "Smart City" not in text and "100" not in text


def test_a_table_without_english_columns_keeps_its_own_words():
    own = pd.DataFrame(
        {
            "factor": ["structure", "resources"],
            "priority": [1, 1],
            "recommendation": ["Koordinasi.", "Tambah anggaran."],
            "who": ["{koordinator}", "DPRD"],
            "horizon": ["pendek", "pendek"],
            "indicator": ["-", "-"],
            "recommendation_en": ["Coordinate.", ""],
        }
    )
    en = dg.load_recommendation_table(own, language="en")
    assert list(en["recommendation"]) == ["Coordinate.", "Tambah anggaran."]
    assert list(dg.load_recommendation_table(own, language="id")["recommendation"]) == [
        "Koordinasi.",
        "Tambah anggaran.",
    ]


def test_generic_roles_follow_the_language():
    data = SimpleNamespace(context={"region": "Kota Contoh"}, programs=None)
    with prose.use_language("en"):
        roles = dg.responsible_roles(data)
        assert roles["{kepala_daerah}"] == "Mayor" and roles["{daerah_cerdas}"] == "smart city"
        assert roles["{koordinator}"] == "the coordinating agency"
    roles = dg.responsible_roles(data)
    assert roles["{kepala_daerah}"] == "Wali Kota" and roles["{Daerah_Cerdas}"] == "Kota Cerdas"


def test_so_what_sentence():
    s = finding(
        "diagnosis.so_what",
        n_factors=2,
        factor="disposition",
        text={
            "id": {
                "recommendation": "Tetapkan target kinerja.",
                "who": "Wali Kota",
                "horizon": "jangka pendek (≤ 1 tahun)",
            },
            "en": {
                "recommendation": "Set performance targets.",
                "who": "Mayor",
                "horizon": "short term (≤ 1 year)",
            },
        },
    )
    assert prose.render_one(s, "id") == (
        "Tindak lanjut perlu diarahkan pada 2 faktor penghambat yang didukung bukti, dimulai "
        "dari disposisi (sikap dan komitmen): tetapkan target kinerja (pelaksana: Wali Kota; "
        "jangka pendek (≤ 1 tahun))."
    )
    assert prose.render_one(s, "en") == (
        "Follow-up should address the 2 barrier(s) supported by the evidence, starting with "
        "disposition (attitudes and commitment): set performance targets (responsible: Mayor; "
        "short term (≤ 1 year))."
    )
    assert prose.render_one(finding("diagnosis.so_what", n_factors=0), "en") == (
        "There is no recommendation because no barrier is supported by the evidence."
    )


# ---------------------------------------------------------------- workbook display words


def test_workbook_context_and_labels_in_both_languages():
    s = finding(
        "workbook.context",
        region="Kota Contoh",
        regulation="Perda No. 1/2024",
        enacted=pd.Timestamp("2024-03-02"),
        evaluation=[2018, 2023],
        stagnation=[2020, 2021],
        synthetic=True,
    )
    assert prose.render_one(s, "id") == (
        "Daerah: Kota Contoh; regulasi: Perda No. 1/2024 (ditetapkan 2 Maret 2024); periode "
        "evaluasi: 2018–2023; periode yang dinilai stagnan: 2020–2021. Data yang dipakai adalah "
        "data ilustrasi (sintetis), bukan data resmi."
    )
    assert prose.render_one(s, "en") == (
        "Region: Kota Contoh; regulation: Perda No. 1/2024 (enacted 2 March 2024); evaluation "
        "period: 2018–2023; period assessed for a stall: 2020–2021. The data used are "
        "illustrative (synthetic), not official data."
    )
    assert prose.label("question", "why", "en") == "Why?"
    assert prose.label("question", "stagnant", "id") == "Apakah pelaksanaan stagnan?"


def test_format_table_renders_statements_labels_and_numbers_per_language():
    from evaltools.workbook import format_table

    df = pd.DataFrame(
        {
            "factor": ["resources"],
            "source": ["budget"],
            "finding": [dg.NOT_AVAILABLE],
            "score": [1234.5],
            "ok": [True],
        }
    )
    spec = {"factor": "factor", "source": "source", "score": ("number", 1)}
    with prose.use_language("en"):
        en = format_table(df, formats=spec).iloc[0].tolist()
    assert en == ["Resources", "budget", "no data available", "1,234.5", "yes"]
    assert format_table(df, formats=spec).iloc[0].tolist() == [
        "Sumber daya",
        "anggaran",
        "data tidak tersedia",
        "1.234,5",
        "ya",
    ]
