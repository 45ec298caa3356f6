"""Words of the survey (evaltools.prose.survey): both languages, the demo rendered whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import evaltools
from evaltools.analysis import survey
from evaltools.prose import render, render_frame, templates, use_language
from evaltools.results import Statement

SRC = Path(survey.__file__).parent
#: Indonesian function words that never belong in an English sentence.
ID_WORDS = re.compile(
    r"\b(yang|dengan|tidak|pada|dari|untuk|ini|adalah|dalam|belum|dan|atau|sebagai|oleh|"
    r"bahwa|lebih|antara|terhadap|responden|butir|skala|faktor|rata-rata)\b",
    re.IGNORECASE,
)
CAUSAL_ID = ("penentu", "berpengaruh", "pengaruh", "menyebabkan", "penyebab", "dampak")
CAUSAL_EN = ("determin", "impact", "influence", "caused", "causes", "drives", "leads to")


def _emitted_codes() -> set[str]:
    """Every statement code the survey package (and the reliability module) can emit."""
    text = "".join(p.read_text() for p in [*SRC.glob("*.py"), SRC.parent / "reliability.py"])
    return set(re.findall(r"(?:finding|caveat)\(\s*\"((?:survey|reliability)\.\w+)\"", text))


def test_every_code_has_words_in_both_languages():
    codes = _emitted_codes()
    assert len(codes) >= 20  # the scan finds the statements (a broken regex would find none)
    for lang in ("id", "en"):
        missing = codes - set(templates(lang))
        assert not missing, (lang, missing)
    # and no template is left without an emitter
    defined = {c for c in templates("id") if c.startswith(("survey.", "reliability."))}
    assert defined == codes


@pytest.fixture(scope="module")
def demo(demo_dir):
    data = evaltools.load_data(demo_dir)
    res = survey.analyze(data)
    return res, survey.evidence(res)


def _all_statements(res, ev) -> list[Statement]:
    parts = [res.reliability, res.scores, res.by_group, res.determinants]
    out = list(res.statements) + [s for p in parts if p is not None for s in p.statements]
    return out + list(ev["finding"]) + list(ev["detail"])


@pytest.mark.parametrize("lang", ["id", "en"])
def test_demo_renders_in_both_languages(demo, lang):
    res, ev = demo
    statements = _all_statements(res, ev)
    assert all(isinstance(s, Statement) for s in statements)
    text = render(statements, lang)
    assert all(isinstance(t, str) and t for t in text)
    joined = " ".join(text)
    if lang == "en":
        assert not ID_WORDS.search(joined), ID_WORDS.search(joined)
        assert "0.05" in joined and "0,05" not in joined
    else:
        assert "0,05" in joined


def test_indonesian_sentences_are_those_of_the_report(demo):
    res, ev = demo
    with use_language("id"):
        sentences, caveats = res.sentences, res.caveats
        rows = render_frame(ev).set_index("factor")
    assert (
        sentences[0] == "Survei ASN pelaksana dijawab oleh 300 responden dari 8 perangkat daerah."
    )
    assert sentences[1] == (
        "Dari 6 skala survei, 6 memiliki reliabilitas memadai (alfa Cronbach ≥ 0,60)."
    )
    assert sentences[2] == (
        "Skor rata-rata terendah ada pada faktor Disposisi (sikap dan komitmen): 2,53 pada skala "
        "1–5 (IK 95%: 2,44 s.d. 2,61), dengan titik tengah skala 3,0."
    )
    assert sentences[4] == (
        "Faktor yang paling kuat berhubungan dengan capaian implementasi yang dirasakan adalah "
        "Disposisi (sikap dan komitmen) (koefisien terstandar 0,47 (IK 95%: 0,37 s.d. 0,56), "
        "p < 0,001)."
    )
    assert sentences[5].endswith("3 faktor berhubungan positif secara signifikan (p < 0,05).")
    assert caveats == [
        "Regresi ini menunjukkan hubungan (asosiasi) dalam persepsi responden, bukan bukti "
        "sebab-akibat."
    ]
    assert rows.loc["resources", "finding"] == (
        "Survei ASN: rata-rata skor Sumber daya 2,62, di bawah titik tengah skala 1–5, dan faktor "
        "ini berhubungan signifikan dengan capaian implementasi yang dirasakan."
    )
    assert rows.loc["resources", "detail"] == (
        "rata-rata 2,62 (IK 95%: 2,54 s.d. 2,70); koefisien terstandar 0,19, p < 0,001, "
        "peringkat 3; alfa Cronbach 0,88; n = 300 responden"
    )


def test_english_sentences(demo):
    res, ev = demo
    with use_language("en"):
        sentences = res.sentences
        rows = render_frame(ev).set_index("factor")
    assert sentences[0] == (
        "The survey of implementing civil servants was answered by 300 respondents from 8 "
        "government agencies."
    )
    assert sentences[2] == (
        "The lowest mean score is on the factor Disposition (attitudes and commitment): 2.53 on "
        "the 1–5 scale (95% CI: 2.44 to 2.61), against a scale midpoint of 3.0."
    )
    assert rows.loc["communication", "finding"] == (
        "Civil-servant survey: the mean score of Communication is 3.78, not below the midpoint "
        "of the 1–5 scale, and its association with the perceived implementation is not "
        "significant."
    )
    assert rows.loc["resources", "detail"] == (
        "mean 2.62 (95% CI: 2.54 to 2.70); standardised coefficient 0.19, p < 0.001, rank 3; "
        "Cronbach's alpha 0.88; n = 300 respondents"
    )


def test_significance_level_follows_confidence_level(demo_dir):
    res = survey.analyze(evaltools.load_data(demo_dir), by=None, confidence_level=0.9)
    assert any("(p < 0,1)" in s for s in render(res.statements, "id"))
    assert any("(p < 0.1)" in s for s in render(res.statements, "en"))
    assert any("IK 90%" in s for s in render(res.statements, "id"))
    assert any("90% CI" in s for s in render(res.statements, "en"))


def test_thin_and_broken_scales_in_both_languages(demo_dir):
    data = evaltools.load_data(demo_dir)
    resp, items = data.survey_responses.head(60).copy(), data.survey_items.copy()
    first = items.groupby("factor")["item_id"].apply(list)
    # one scale left with a single item, one item nobody answered, one incoherent scale
    single = first["environment"]
    items = items[~items["item_id"].isin(single[1:])]
    resp[first["structure"][0]] = float("nan")
    for i, item in enumerate(first["communication"]):
        resp[item] = [(j * (i + 2)) % 5 + 1.0 for j in range(len(resp))]
    res = survey.analyze(resp, items=items, by="agency")
    ev = survey.evidence(res)
    statements = [*res.statements, *ev["finding"], *ev["detail"]]
    codes = {s.code for s in statements}
    assert {"survey.items_excluded", "survey.single_item", "survey.low_alpha"} <= codes
    for lang in ("id", "en"):
        render(statements, lang)
    id_text = " ".join(render(statements, "id"))
    en_text = " ".join(render(statements, "en"))
    assert "tidak dijawab satu responden pun sehingga dikeluarkan dari analisis" in id_text
    assert "were answered by no respondent and are left out of the analysis" in en_text
    assert "hanya diukur dengan satu butir" in id_text and "by a single item" in en_text
    assert "kurang dari 100 responden, bukti paling tinggi sedang" in id_text
    assert "fewer than 100 respondents, evidence at most moderate" in en_text
    assert "(skala kurang reliabel)" in id_text and "(scale not reliable enough)" in en_text


def test_no_outcome_note_in_both_languages(demo_dir):
    data = evaltools.load_data(demo_dir)
    items = data.survey_items[data.survey_items["factor"] != "outcome"]
    res = survey.analyze(data.survey_responses, items=items)
    with use_language("id"):
        assert "tidak dapat diestimasi" in res.determinants_note
        assert any("faktor 'outcome'" in c for c in res.caveats)
    with use_language("en"):
        assert res.determinants_note.startswith("The association of the factors")
        assert any("(factor 'outcome')" in c for c in res.caveats)


def test_words_are_associational(demo):
    res, ev = demo
    statements = _all_statements(res, ev)
    with use_language("id"):
        id_text = " ".join(render(statements)).lower()
        id_text += " " + res.determinants.plot().axes[0].get_title().lower()
    with use_language("en"):
        en_text = " ".join(render(statements)).lower()
        en_text += " " + res.determinants.plot().axes[0].get_title().lower()
    for word in CAUSAL_ID:
        assert word not in id_text, word
    for word in CAUSAL_EN:
        assert word not in en_text, word


def test_figure_labels_follow_the_language(demo):
    res, _ev = demo
    with use_language("en"):
        fig = res.plot()
        ax = fig.axes[0]
        assert ax.get_title() == "Implementation factor scores (mean and CI)"
        assert ax.get_ylabel() == "Government agency"
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert "Resources" in legend
        det = res.determinants.plot().axes[0]
        assert "Disposition (attitudes and commitment)" in [
            t.get_text() for t in det.get_yticklabels()
        ]
    with use_language("id"):
        ax = res.plot().axes[0]
        assert ax.get_title() == "Skor faktor implementasi (rata-rata dan IK)"
        assert ax.get_ylabel() == "Perangkat daerah"


def test_label_column_follows_the_language_at_analysis_time(demo_dir):
    data = evaltools.load_data(demo_dir)
    with use_language("en"):
        res = survey.analyze(data, by=None)
    assert res.table.set_index("factor").loc["resources", "label"] == "Resources"
    assert res.scores.table["group"].unique().tolist() == ["all"]
