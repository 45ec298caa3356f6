"""Words of the stakeholder interviews (:mod:`evaltools.analysis.interviews`).

Interview evidence is what stakeholders *report*: the words say a factor was "disebut sebagai
penghambat" / "described as a barrier", never that it caused the stall.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

V = Mapping[str, Any]


def _kappa_part(v: V, variable: str, fmt: Any) -> tuple[str, str, str]:
    k = v[variable]
    ci = fmt.ci(k["ci_low"], k["ci_high"], level=v["level"])
    return fmt.num(k["kappa"], 2), ci, fmt.label("landis_koch", k["agreement"])


# --------------------------------------------------------------------------------------------
# Indonesian
# --------------------------------------------------------------------------------------------


def _id_top_barrier(v: V, fmt: Any) -> str:
    return (
        "Faktor yang paling sering disebut sebagai penghambat adalah "
        f"{fmt.label('factor', v['factor'])} ({fmt.pct(v['share'])} dari {fmt.int(v['n'])} "
        f"kutipan tentang faktor ini, disebut oleh {fmt.int(v['n_groups'])} kelompok pemangku "
        "kepentingan)."
    )


def _id_agreement(v: V, fmt: Any) -> str:
    fk, fci, fl = _kappa_part(v, "factor", fmt)
    vk, vci, vl = _kappa_part(v, "valence", fmt)
    return (
        f"Kesepakatan antarpengode pada {fmt.int(v['n'])} kutipan yang dikodekan ganda: kappa "
        f"Cohen untuk faktor {fk} {fci}, kesepakatan {fl}; untuk valensi {vk} {vci}, "
        f"kesepakatan {vl}."
    )


def _id_low_agreement(v: V, fmt: Any) -> str:
    names = " dan ".join(fmt.label("coded_variable", x) for x in v["variables"])
    return (
        f"Kesepakatan antarpengode untuk {names} di bawah {fmt.num(v['min_kappa'], 2)} (kurang "
        "dari sedang); bukti dari wawancara diperlakukan sebagai lemah."
    )


def _id_evidence(v: V, fmt: Any) -> str:
    factor = fmt.label("factor", v["factor"])
    if v["direction"] == "neutral":
        return f"Wawancara: kutipan tentang {factor} tidak condong ke penghambat maupun pendukung."
    role = "penghambat" if v["direction"] == "barrier" else "pendukung"
    return (
        f"Wawancara: {fmt.pct(v['share'])} kutipan tentang {factor} menyebutnya sebagai {role}; "
        f"pandangan itu disampaikan oleh {fmt.int(v['n_groups'])} kelompok pemangku kepentingan."
    )


_ID_CAP = {
    "few_excerpts": "kurang dari {strong_min_excerpts} kutipan secara keseluruhan",
    "very_few_excerpts": "kurang dari {moderate_min_excerpts} kutipan secara keseluruhan",
    "no_agreement": "kesepakatan antarpengode tidak dapat dihitung",
    "low_agreement": "kesepakatan antarpengode rendah",
}


def _id_evidence_detail(v: V, fmt: Any) -> str:
    text = (
        f"{fmt.int(v['n'])} kutipan dari {fmt.int(v['n_interviews'])} wawancara; penghambat "
        f"{fmt.int(v['barrier'])} ({fmt.pct(v['barrier_share'])}), pendukung "
        f"{fmt.int(v['enabler'])} ({fmt.pct(v['enabler_share'])}), netral "
        f"{fmt.int(v['neutral'])}; kutipan berasal dari {fmt.int(v['n_groups'])} kelompok "
        "pemangku kepentingan"
    )
    return text + "".join("; " + _ID_CAP[c].format(**v) for c in v["cap_reasons"])


# --------------------------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------------------------


def _en_top_barrier(v: V, fmt: Any) -> str:
    return (
        "The factor most often described as a barrier is "
        f"{fmt.label('factor', v['factor'])} ({fmt.pct(v['share'])} of the {fmt.int(v['n'])} "
        f"excerpts on this factor, raised by {fmt.int(v['n_groups'])} stakeholder groups)."
    )


def _en_agreement(v: V, fmt: Any) -> str:
    fk, fci, fl = _kappa_part(v, "factor", fmt)
    vk, vci, vl = _kappa_part(v, "valence", fmt)
    return (
        f"Inter-coder agreement on the {fmt.int(v['n'])} double-coded excerpts: Cohen's kappa "
        f"for the factor {fk} {fci}, {fl} agreement; for the valence {vk} {vci}, {vl} agreement."
    )


def _en_low_agreement(v: V, fmt: Any) -> str:
    names = " and ".join(fmt.label("coded_variable", x) for x in v["variables"])
    return (
        f"Inter-coder agreement on the {names} is below {fmt.num(v['min_kappa'], 2)} (less than "
        "moderate); the interview evidence is treated as weak."
    )


def _en_evidence(v: V, fmt: Any) -> str:
    factor = fmt.label("factor", v["factor"])
    if v["direction"] == "neutral":
        return (
            f"Interviews: the excerpts on {factor} lean neither towards a barrier nor an enabler."
        )
    role = "a barrier" if v["direction"] == "barrier" else "an enabler"
    return (
        f"Interviews: {fmt.pct(v['share'])} of the excerpts on {factor} describe it as {role}; "
        f"{fmt.int(v['n_groups'])} stakeholder groups said so."
    )


_EN_CAP = {
    "few_excerpts": "fewer than {strong_min_excerpts} excerpts in all",
    "very_few_excerpts": "fewer than {moderate_min_excerpts} excerpts in all",
    "no_agreement": "inter-coder agreement not computable",
    "low_agreement": "low inter-coder agreement",
}


def _en_evidence_detail(v: V, fmt: Any) -> str:
    text = (
        f"{fmt.int(v['n'])} excerpts from {fmt.int(v['n_interviews'])} interviews; barrier "
        f"{fmt.int(v['barrier'])} ({fmt.pct(v['barrier_share'])}), enabler "
        f"{fmt.int(v['enabler'])} ({fmt.pct(v['enabler_share'])}), neutral "
        f"{fmt.int(v['neutral'])}; excerpts from {fmt.int(v['n_groups'])} stakeholder groups"
    )
    return text + "".join("; " + _EN_CAP[c].format(**v) for c in v["cap_reasons"])


TEMPLATES = {
    "id": {
        "interviews.coded": (
            "Sebanyak {n_excerpts:int} kutipan dari {n_interviews:int} wawancara dengan "
            "{n_groups:int} kelompok pemangku kepentingan telah dikodekan menurut faktor "
            "implementasi."
        ),
        "interviews.top_barrier": _id_top_barrier,
        "interviews.agreement": _id_agreement,
        "interviews.agreement_not_computable": (
            "Kesepakatan antarpengode (kappa Cohen) tidak dapat dihitung: "
            "{reason:label=agreement_reason}; bukti dari wawancara paling tinggi dinilai "
            "{cap:label=strength_word}."
        ),
        "interviews.low_agreement": _id_low_agreement,
        "interviews.unused_code": (
            "Sebanyak {count:int} kutipan berkode '{unused}' ({unused:label=unused_code_reason}) "
            "tidak dihitung dalam tabel faktor dan tidak dipakai dalam matriks bukti."
        ),
        "interviews.no_factor_excerpts": (
            "Tidak ada kutipan berkode faktor implementasi, sehingga wawancara tidak memberi "
            "bukti tentang faktor penghambat."
        ),
        "interviews.few_excerpts": (
            "Jumlah kutipan ({n:int}) di bawah {min_excerpts:int}, sehingga bukti dari wawancara "
            "paling tinggi dinilai {cap:label=strength_word}."
        ),
        "interviews.absent_factors": lambda v, fmt: (
            "Tidak ada kutipan wawancara tentang faktor: "
            + ", ".join(fmt.label("factor", f) for f in v["factors"])
            + "."
        ),
        "interviews.purposive": (
            "Porsi kutipan menggambarkan apa yang disampaikan narasumber terpilih, bukan sampel "
            "acak seluruh pemangku kepentingan; kutipan menunjukkan apa yang dilaporkan sebagai "
            "hambatan, bukan bukti sebab-akibat."
        ),
        "interviews.attribution": "— {stakeholder} (wawancara {interview_id})",
        "interviews.evidence": _id_evidence,
        "interviews.evidence_detail": _id_evidence_detail,
    },
    "en": {
        "interviews.coded": (
            "{n_excerpts:int} excerpts from {n_interviews:int} interviews with {n_groups:int} "
            "stakeholder groups have been coded by implementation factor."
        ),
        "interviews.top_barrier": _en_top_barrier,
        "interviews.agreement": _en_agreement,
        "interviews.agreement_not_computable": (
            "Inter-coder agreement (Cohen's kappa) cannot be computed: "
            "{reason:label=agreement_reason}; the interview evidence is rated at most "
            "{cap:label=strength_word}."
        ),
        "interviews.low_agreement": _en_low_agreement,
        "interviews.unused_code": (
            "{count:int} excerpts coded '{unused}' ({unused:label=unused_code_reason}) are not "
            "counted in the factor tables and not used in the evidence matrix."
        ),
        "interviews.no_factor_excerpts": (
            "No excerpt is coded with an implementation factor, so the interviews give no "
            "evidence on barriers."
        ),
        "interviews.few_excerpts": (
            "The number of excerpts ({n:int}) is below {min_excerpts:int}, so the interview "
            "evidence is rated at most {cap:label=strength_word}."
        ),
        "interviews.absent_factors": lambda v, fmt: (
            "No interview excerpt concerns the factor(s): "
            + ", ".join(fmt.label("factor", f) for f in v["factors"])
            + "."
        ),
        "interviews.purposive": (
            "The shares describe what the selected interviewees said, not a random sample of "
            "all stakeholders; the quotes show what is reported as a barrier, not evidence of "
            "cause and effect."
        ),
        "interviews.attribution": "— {stakeholder} (interview {interview_id})",
        "interviews.evidence": _en_evidence,
        "interviews.evidence_detail": _en_evidence_detail,
    },
}

LABELS = {
    "id": {
        "valence": {"barrier": "Penghambat", "enabler": "Pendukung", "neutral": "Netral"},
        "coded_variable": {"factor": "faktor", "valence": "valensi"},
        "agreement_reason": {
            "no_coder_column": "data wawancara tidak memuat kolom pengode (coder)",
            "single_coder": "seluruh kutipan dikodekan oleh satu pengode",
            "no_double_coding": "tidak ada kutipan yang dikodekan oleh dua pengode",
            "undefined": (
                "kedua pengode hanya memakai satu kode yang sama, sehingga kesepakatan di luar "
                "kebetulan tidak terdefinisi"
            ),
        },
        "unused_code_reason": {
            "outcome": "capaian pelaksanaan itu sendiri, bukan faktor implementasi",
        },
        "interviews_group": {"all": "Semua"},
        "interviews_figure": {
            "empty": "Tidak ada kutipan berkode faktor implementasi",
            "xlabel": "Porsi kutipan menurut arah penilaian narasumber",
            "title": "Kutipan wawancara menurut faktor dan kelompok pemangku kepentingan",
        },
    },
    "en": {
        "valence": {"barrier": "Barrier", "enabler": "Enabler", "neutral": "Neutral"},
        "coded_variable": {"factor": "factor", "valence": "valence"},
        "agreement_reason": {
            "no_coder_column": "the interview data have no coder column",
            "single_coder": "every excerpt was coded by a single coder",
            "no_double_coding": "no excerpt was coded by two coders",
            "undefined": (
                "both coders used one and the same code, so agreement beyond chance is undefined"
            ),
        },
        "unused_code_reason": {
            "outcome": "the implementation itself, not an implementation factor",
        },
        "interviews_group": {"all": "All"},
        "interviews_figure": {
            "empty": "No excerpt coded with an implementation factor",
            "xlabel": "Share of excerpts by the interviewees' assessment",
            "title": "Interview excerpts by factor and stakeholder group",
        },
    },
}
