"""Words of the implementer survey (:mod:`evaltools.analysis.survey`), Indonesian and English.

Survey evidence is associational: the words say "berhubungan dengan" / "is associated with",
never that a factor caused or determined the implementation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

V = Mapping[str, Any]


def _significance(level: float, fmt: Any) -> str:
    """Significance level ``1 − level`` with the decimals it needs: 0,05 · 0,1 · 0,01."""
    alpha = 1.0 - float(level)
    decimals = next((d for d in range(1, 5) if abs(alpha - round(alpha, d)) < 1e-9), 4)
    return fmt.num(alpha, decimals)


def _scale(v: V, fmt: Any) -> str:
    return f"{fmt.num(v['scale_min'], 0)}–{fmt.num(v['scale_max'], 0)}"


def _factors(codes: Any, fmt: Any) -> str:
    return ", ".join(fmt.label("factor", c) for c in codes)


# --------------------------------------------------------------------------------------------
# Indonesian
# --------------------------------------------------------------------------------------------


def _id_items_excluded(v: V, fmt: Any) -> str:
    return (
        f"Butir {', '.join(str(i) for i in v['items'])} pada faktor "
        f"{fmt.label('factor', v['factor'])} tidak dijawab satu responden pun sehingga "
        "dikeluarkan dari analisis."
    )


def _id_top_determinant(v: V, fmt: Any) -> str:
    return (
        "Faktor yang paling kuat berhubungan dengan capaian implementasi yang dirasakan adalah "
        f"{fmt.label('factor', v['factor'])} (koefisien terstandar {fmt.num(v['estimate'], 2)} "
        f"{fmt.ci(v['ci_low'], v['ci_high'], level=v['level'])}, {fmt.p(v['p'])})."
    )


def _id_variance_explained(v: V, fmt: Any) -> str:
    return (
        f"Secara bersama-sama, faktor-faktor ini menjelaskan {fmt.pct(v['r2'], 0)} variasi "
        f"capaian implementasi yang dirasakan ({fmt.int(v['n'])} responden); "
        f"{fmt.int(v['n_significant'])} faktor berhubungan positif secara signifikan "
        f"(p < {_significance(v['level'], fmt)})."
    )


def _id_respondents(v: V, fmt: Any) -> str:
    text = f"Survei ASN pelaksana dijawab oleh {fmt.int(v['n'])} responden"
    if v.get("n_agencies") is not None:
        text += f" dari {fmt.int(v['n_agencies'])} perangkat daerah"
    return text + "."


def _id_lowest_factor(v: V, fmt: Any) -> str:
    return (
        f"Skor rata-rata terendah ada pada faktor {fmt.label('factor', v['factor'])}: "
        f"{fmt.num(v['mean'], 2)} pada skala {_scale(v, fmt)} "
        f"{fmt.ci(v['ci_low'], v['ci_high'], level=v['level'])}, dengan titik tengah skala "
        f"{fmt.num(v['midpoint'], 1)}."
    )


def _id_evidence(v: V, fmt: Any) -> str:
    where = "di bawah" if v["below_midpoint"] else "tidak di bawah"
    text = (
        f"Survei ASN: rata-rata skor {fmt.label('factor', v['factor'])} {fmt.num(v['mean'], 2)}, "
        f"{where} titik tengah skala {_scale(v, fmt)}"
    )
    ending = {
        "significant": (
            ", dan faktor ini berhubungan signifikan dengan capaian implementasi yang dirasakan."
        ),
        "not_significant": (
            ", dan hubungannya dengan capaian implementasi yang dirasakan tidak signifikan."
        ),
        "not_estimated": ".",
    }
    return text + ending[v["relation"]]


_ID_CAP = {
    "few_respondents": "kurang dari {strong_min_respondents} responden, bukti paling tinggi sedang",
    "very_few_respondents": (
        "kurang dari {moderate_min_respondents} responden, bukti paling tinggi lemah"
    ),
    "few_items": "kurang dari {strong_min_items} butir, bukti paling tinggi sedang",
}


def _id_evidence_detail(v: V, fmt: Any) -> str:
    text = (
        f"rata-rata {fmt.num(v['mean'], 2)} {fmt.ci(v['ci_low'], v['ci_high'], level=v['level'])}; "
    )
    if v.get("estimate") is not None:
        text += (
            f"koefisien terstandar {fmt.num(v['estimate'], 2)}, {fmt.p(v['p'])}, "
            f"peringkat {fmt.int(v['rank'])}; "
        )
    alpha = v.get("alpha")
    if alpha is not None and alpha == alpha:
        text += f"alfa Cronbach {fmt.num(alpha, 2)}"
    else:
        text += "alfa Cronbach tidak dapat dihitung"
    if not v["reliable"]:
        text += " (skala kurang reliabel)"
    text += f"; n = {fmt.int(v['n'])} responden"
    return text + "".join("; " + _ID_CAP[c].format(**v) for c in v["cap_reasons"])


# --------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------


def _en_items_excluded(v: V, fmt: Any) -> str:
    return (
        f"Item(s) {', '.join(str(i) for i in v['items'])} of the factor "
        f"{fmt.label('factor', v['factor'])} were answered by no respondent and are left out "
        "of the analysis."
    )


def _en_top_determinant(v: V, fmt: Any) -> str:
    return (
        "The factor most strongly associated with the perceived implementation is "
        f"{fmt.label('factor', v['factor'])} (standardised coefficient "
        f"{fmt.num(v['estimate'], 2)} {fmt.ci(v['ci_low'], v['ci_high'], level=v['level'])}, "
        f"{fmt.p(v['p'])})."
    )


def _en_variance_explained(v: V, fmt: Any) -> str:
    return (
        f"Together, these factors account for {fmt.pct(v['r2'], 0)} of the variation in the "
        f"perceived implementation ({fmt.int(v['n'])} respondents); "
        f"{fmt.int(v['n_significant'])} factor(s) are significantly positively associated "
        f"with it (p < {_significance(v['level'], fmt)})."
    )


def _en_respondents(v: V, fmt: Any) -> str:
    text = (
        f"The survey of implementing civil servants was answered by {fmt.int(v['n'])} respondents"
    )
    if v.get("n_agencies") is not None:
        text += f" from {fmt.int(v['n_agencies'])} government agencies"
    return text + "."


def _en_lowest_factor(v: V, fmt: Any) -> str:
    return (
        f"The lowest mean score is on the factor {fmt.label('factor', v['factor'])}: "
        f"{fmt.num(v['mean'], 2)} on the {_scale(v, fmt)} scale "
        f"{fmt.ci(v['ci_low'], v['ci_high'], level=v['level'])}, against a scale midpoint of "
        f"{fmt.num(v['midpoint'], 1)}."
    )


def _en_evidence(v: V, fmt: Any) -> str:
    where = "below" if v["below_midpoint"] else "not below"
    text = (
        f"Civil-servant survey: the mean score of {fmt.label('factor', v['factor'])} is "
        f"{fmt.num(v['mean'], 2)}, {where} the midpoint of the {_scale(v, fmt)} scale"
    )
    ending = {
        "significant": (
            ", and the factor is significantly associated with the perceived implementation."
        ),
        "not_significant": (
            ", and its association with the perceived implementation is not significant."
        ),
        "not_estimated": ".",
    }
    return text + ending[v["relation"]]


_EN_CAP = {
    "few_respondents": "fewer than {strong_min_respondents} respondents, evidence at most moderate",
    "very_few_respondents": (
        "fewer than {moderate_min_respondents} respondents, evidence at most weak"
    ),
    "few_items": "fewer than {strong_min_items} items, evidence at most moderate",
}


def _en_evidence_detail(v: V, fmt: Any) -> str:
    text = f"mean {fmt.num(v['mean'], 2)} {fmt.ci(v['ci_low'], v['ci_high'], level=v['level'])}; "
    if v.get("estimate") is not None:
        text += (
            f"standardised coefficient {fmt.num(v['estimate'], 2)}, {fmt.p(v['p'])}, "
            f"rank {fmt.int(v['rank'])}; "
        )
    alpha = v.get("alpha")
    if alpha is not None and alpha == alpha:
        text += f"Cronbach's alpha {fmt.num(alpha, 2)}"
    else:
        text += "Cronbach's alpha not computable"
    if not v["reliable"]:
        text += " (scale not reliable enough)"
    text += f"; n = {fmt.int(v['n'])} respondents"
    return text + "".join("; " + _EN_CAP[c].format(**v) for c in v["cap_reasons"])


TEMPLATES = {
    "id": {
        "survey.items_excluded": _id_items_excluded,
        "survey.single_item": (
            "Faktor {factor:label=factor} hanya diukur dengan satu butir, sehingga "
            "reliabilitasnya (alfa Cronbach) tidak dapat dihitung."
        ),
        "survey.too_few_respondents": (
            "Faktor {factor:label=factor} dijawab kurang dari dua responden, sehingga "
            "reliabilitasnya tidak dapat dihitung."
        ),
        "survey.low_alpha": (
            "Reliabilitas skala {factor:label=factor} rendah (alfa Cronbach {alpha:num2}, di "
            "bawah {min_alpha:num2}); temuan faktor ini perlu dibaca hati-hati."
        ),
        "survey.reliable_scales": (
            "Dari {n_scales:int} skala survei, {n_reliable:int} memiliki reliabilitas memadai "
            "(alfa Cronbach ≥ {min_alpha:num2})."
        ),
        "survey.lowest_group": lambda v, fmt: (
            f"Skor terendah menurut {fmt.label('survey_group', v['by'])} adalah faktor "
            f"{fmt.label('factor', v['factor'])} di {v['group']} (rata-rata "
            f"{fmt.num(v['mean'], 2)} dari skala {_scale(v, fmt)})."
        ),
        "survey.thin_groups": (
            "Sebagian kelompok {by:label=survey_group} berisi kurang dari lima responden; "
            "rata-ratanya tidak stabil."
        ),
        "survey.top_determinant": _id_top_determinant,
        "survey.variance_explained": _id_variance_explained,
        "survey.associational": (
            "Regresi ini menunjukkan hubungan (asosiasi) dalam persepsi responden, bukan bukti "
            "sebab-akibat."
        ),
        "survey.ordinal_odds": (
            "Untuk {term}, rasio odds kategori yang lebih tinggi {odds_ratio:num2} per satuan "
            "({p:p})."
        ),
        "survey.ordinal_not_converged": (
            "Optimasi model logit ordinal tidak konvergen; hasil tidak dapat diandalkan."
        ),
        "survey.determinants_not_estimable": (
            "Hubungan faktor-faktor dengan capaian implementasi tidak dapat diestimasi: data "
            "survei terlalu sedikit atau tidak bervariasi ({reason})."
        ),
        "survey.no_outcome_items": (
            "Survei tidak memuat butir capaian implementasi (faktor '{outcome}'), sehingga "
            "hubungan faktor-faktor dengan capaian implementasi tidak diestimasi."
        ),
        "survey.determinants_note": (
            "Hubungan faktor-faktor dengan capaian implementasi yang dirasakan tidak dapat "
            "diestimasi; lihat catatan pada temuan survei."
        ),
        "survey.respondents": _id_respondents,
        "survey.lowest_factor": _id_lowest_factor,
        "survey.below_midpoint": lambda v, fmt: (
            f"Faktor dengan rata-rata di bawah titik tengah skala: {_factors(v['factors'], fmt)}."
        ),
        "survey.none_below_midpoint": (
            "Tidak ada faktor dengan rata-rata di bawah titik tengah skala."
        ),
        "survey.evidence": _id_evidence,
        "survey.evidence_detail": _id_evidence_detail,
    },
    "en": {
        "survey.items_excluded": _en_items_excluded,
        "survey.single_item": (
            "The factor {factor:label=factor} is measured by a single item, so its reliability "
            "(Cronbach's alpha) cannot be computed."
        ),
        "survey.too_few_respondents": (
            "The factor {factor:label=factor} was answered by fewer than two respondents, so its "
            "reliability cannot be computed."
        ),
        "survey.low_alpha": (
            "The reliability of the {factor:label=factor} scale is low (Cronbach's alpha "
            "{alpha:num2}, below {min_alpha:num2}); read this factor's findings with care."
        ),
        "survey.reliable_scales": (
            "Of {n_scales:int} survey scales, {n_reliable:int} are adequately reliable "
            "(Cronbach's alpha ≥ {min_alpha:num2})."
        ),
        "survey.lowest_group": lambda v, fmt: (
            f"The lowest score by {fmt.label('survey_group', v['by'])} is on the factor "
            f"{fmt.label('factor', v['factor'])} in {v['group']} (mean "
            f"{fmt.num(v['mean'], 2)} on the {_scale(v, fmt)} scale)."
        ),
        "survey.thin_groups": (
            "Some {by:label=survey_group} groups have fewer than five respondents; their means "
            "are unstable."
        ),
        "survey.top_determinant": _en_top_determinant,
        "survey.variance_explained": _en_variance_explained,
        "survey.associational": (
            "This regression shows associations in the respondents' perceptions, not evidence "
            "of cause and effect."
        ),
        "survey.ordinal_odds": (
            "For {term}, the odds ratio of a higher category is {odds_ratio:num2} per unit ({p:p})."
        ),
        "survey.ordinal_not_converged": (
            "The ordered logit optimisation did not converge; the results cannot be relied on."
        ),
        "survey.determinants_not_estimable": (
            "The association of the factors with the implementation could not be estimated: "
            "the survey data are too few or do not vary ({reason})."
        ),
        "survey.no_outcome_items": (
            "The survey has no items on the implementation itself (factor '{outcome}'), so the "
            "association of the factors with the implementation is not estimated."
        ),
        "survey.determinants_note": (
            "The association of the factors with the perceived implementation could not be "
            "estimated; see the note on the survey findings."
        ),
        "survey.respondents": _en_respondents,
        "survey.lowest_factor": _en_lowest_factor,
        "survey.below_midpoint": lambda v, fmt: (
            f"Factors with a mean below the scale midpoint: {_factors(v['factors'], fmt)}."
        ),
        "survey.none_below_midpoint": "No factor has a mean below the scale midpoint.",
        "survey.evidence": _en_evidence,
        "survey.evidence_detail": _en_evidence_detail,
    },
}

LABELS = {
    "id": {
        "survey_group": {
            "agency": "perangkat daerah",
            "role": "jabatan",
            "wave": "gelombang",
            "group": "kelompok",
            "all": "Semua responden",
        },
        "survey_figure": {
            "scores_xlabel": "Rata-rata skor faktor (garis putus-putus: titik tengah skala)",
            "scores_title": "Skor faktor implementasi (rata-rata dan IK)",
            "determinants_xlabel": "Koefisien terstandar terhadap capaian implementasi (IK)",
            "determinants_title": (
                "Faktor yang berkaitan dengan capaian implementasi yang dirasakan"
            ),
        },
    },
    "en": {
        "survey_group": {
            "agency": "government agency",
            "role": "position",
            "wave": "wave",
            "group": "group",
            "all": "All respondents",
        },
        "survey_figure": {
            "scores_xlabel": "Mean factor score (dashed line: scale midpoint)",
            "scores_title": "Implementation factor scores (mean and CI)",
            "determinants_xlabel": "Standardised coefficient on the perceived implementation (CI)",
            "determinants_title": "Factors associated with the perceived implementation",
        },
    },
}
