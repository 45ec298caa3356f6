"""Words of evaltools.analysis.reliability (prose/reliability.py) in both languages."""

from __future__ import annotations

import pandas as pd
import pytest

from evaltools.analysis import reliability
from evaltools.prose import label, labels, render, templates, use_language

TOY = pd.DataFrame({"a": [1, 2, 3, 5], "b": [2, 2, 4, 4], "c": [2, 3, 4, 5]})


def test_codes_have_words_in_both_languages():
    codes = {"reliability.alpha", "reliability.omega", "reliability.omega_too_few_items"}
    codes.add("reliability.kappa")
    for lang in ("id", "en"):
        assert codes <= set(templates(lang))
        assert set(labels("landis_koch", lang)) == set(reliability.LANDIS_KOCH_CODES)


@pytest.mark.parametrize(
    ("code", "id_word", "en_word"),
    [
        ("poor", "buruk", "poor"),
        ("slight", "sangat rendah", "slight"),
        ("fair", "cukup", "fair"),
        ("moderate", "sedang", "moderate"),
        ("substantial", "substansial", "substantial"),
        ("almost_perfect", "hampir sempurna", "almost perfect"),
        ("undefined", "tidak dapat dihitung", "not computable"),
    ],
)
def test_landis_koch_words(code, id_word, en_word):
    assert label("landis_koch", code, "id") == id_word
    assert label("landis_koch", code, "en") == en_word


def test_alpha_sentence():
    res = reliability.cronbach_alpha(TOY)
    (id_text,) = render(res.statements, "id")
    (en_text,) = render(res.statements, "en")
    assert id_text.startswith("Alfa Cronbach skala ini 0,")
    assert "(IK 95%: " in id_text and id_text.endswith("dari 3 butir dan 4 responden.")
    assert en_text.startswith("Cronbach's alpha of this scale is 0.")
    assert "(95% CI: " in en_text and en_text.endswith("from 3 items and 4 respondents.")


def test_omega_sentences():
    assert render(reliability.mcdonald_omega(TOY).statements, "en")[0].startswith(
        "McDonald's omega (one-factor model) is 0."
    )
    two = reliability.mcdonald_omega(TOY[["a", "b"]])
    with use_language("id"):
        assert two.caveats == [
            "Omega McDonald memerlukan sedikitnya tiga butir dengan variasi jawaban."
        ]
    with use_language("en"):
        assert two.caveats == ["McDonald's omega needs at least three items whose answers vary."]


def test_kappa_sentence_and_label():
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    res = reliability.cohen_kappa(a, b)
    with use_language("id"):
        assert res.label == "cukup"
        assert res.sentences == [
            "Kappa Cohen 0,40 (IK 95%: 0,15 s.d. 0,65) dari 50 kutipan: kesepakatan cukup."
        ]
    with use_language("en"):
        assert res.label == "fair"
        assert res.sentences == [
            "Cohen's kappa is 0.40 (95% CI: 0.15 to 0.65) over 50 excerpts: agreement is fair."
        ]
