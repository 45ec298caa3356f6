"""Words of the diagnosis (:mod:`evaltools.analysis.diagnosis`): the four answers, the verdict
of each cause, the notes on the ranking rules, the caveats and the figure labels.

The ranking rests mostly on associational sources (survey, interviews, budget, implementing
regulations), so a cause is "berkaitan dengan" / "associated with" the stall, never its cause
in the causal sense (wording table: ``docs/diagnosis-rules.md`` §6).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

Values = Mapping[str, Any]


def _cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """Lower-case an imperative's first letter inside a sentence ("Tetapkan" → "tetapkan"),
    but not an acronym or a proper name in capitals ("SOP", "DPRD")."""
    head = text.split(" ", 1)[0]
    return text if head.isupper() else text[:1].lower() + text[1:]


def _sources(v: Values, fmt: Any, key: str = "sources") -> str:
    """Source words joined with commas (as the rank table lists them)."""
    return ", ".join(fmt.label("source", s) for s in v[key])


def _factor(v: Values, fmt: Any) -> str:
    return fmt.label("factor", v["factor"])


def _window(v: Values) -> str:
    start, end = v["start"], v["end"]
    return f"{start}–{end}" if end > start else str(start)


# ------------------------------------------------------------------ one cause (rank table)


def _cause_id(v: Values, fmt: Any) -> str:
    label = _factor(v, fmt)
    verdict = v["verdict"]
    if not v["sources"]:
        return f"{label}: data tidak tersedia, sehingga tidak ada penilaian."
    srcs = _sources(v, fmt)
    if verdict == "against":
        return (
            f"{label}: bukti menunjuk sebaliknya — {srcs} menunjukkan faktor ini lebih sebagai "
            f"pendukung pelaksanaan daripada hambatan (bukti {v['contrary']})."
        )
    if verdict == "none":
        return (
            f"{label}: tidak ada bukti yang cukup bahwa faktor ini berkaitan dengan stagnasi "
            f"(sumber yang diperiksa: {srcs})."
        )
    agree = v["agree"]
    listed = ", ".join(
        f"{fmt.label('source', s)} ({fmt.label('strength_word', st)})" for s, st in agree
    )
    if len(agree) >= 2:
        who = (
            f"{fmt.int(len(agree))} dari {fmt.int(len(v['sources']))} sumber bukti — {listed} — "
            "menunjuknya sebagai hambatan"
        )
    elif len(agree) == 1:
        who = (
            f"bertumpu pada satu sumber yang menunjuknya sebagai hambatan ({listed}); "
            f"sumber yang diperiksa: {srcs}"
        )
    else:
        who = f"sumber yang diperiksa: {srcs}"
    text = (
        f"{label} berkaitan dengan stagnasi sebagai hambatan, dengan bukti "
        f"{fmt.label('strength', verdict).lower()}: {who} (bukti {v['supporting']})."
    )
    if v["counter"]:
        names = fmt.list(fmt.label("source", c) for c in v["counter"])
        text += (
            f" Bukti dari {names} ({v['counter_ids']}) menunjuk sebaliknya, "
            "sehingga kekuatannya diturunkan satu tingkat."
        )
    return text


def _cause_en(v: Values, fmt: Any) -> str:
    label = _factor(v, fmt)
    verdict = v["verdict"]
    if not v["sources"]:
        return f"{label}: no data available, so no verdict."
    srcs = _sources(v, fmt)
    if verdict == "against":
        return (
            f"{label}: the evidence points the other way — {srcs} show this factor as supporting "
            f"implementation rather than hindering it (evidence {v['contrary']})."
        )
    if verdict == "none":
        return (
            f"{label}: no sufficient evidence that this factor is associated with the stall "
            f"(sources examined: {srcs})."
        )
    agree = v["agree"]
    listed = ", ".join(
        f"{fmt.label('source', s)} ({fmt.label('strength_word', st)})" for s, st in agree
    )
    if len(agree) >= 2:
        who = (
            f"{fmt.int(len(agree))} of {fmt.int(len(v['sources']))} sources of evidence — "
            f"{listed} — point to it as a barrier"
        )
    elif len(agree) == 1:
        who = (
            f"it rests on one source that points to it as a barrier ({listed}); "
            f"sources examined: {srcs}"
        )
    else:
        who = f"sources examined: {srcs}"
    text = (
        f"{label} is associated with the stall as a barrier, with "
        f"{fmt.label('strength_word', verdict)} evidence: {who} (evidence {v['supporting']})."
    )
    if v["counter"]:
        names = fmt.list(fmt.label("source", c) for c in v["counter"])
        text += (
            f" Evidence from {names} ({v['counter_ids']}) points the other way, "
            "so its strength was lowered by one level."
        )
    return text


# ------------------------------------------------------------------ notes on the rules applied

_NOTES = {
    "id": {
        "no_data": "tanpa data",
        "bonus": (
            "skor ditambah {bonus:num2} karena {n:int} sumber sepakat (setara {credit:num1} "
            "sumber penuh; triangulasi)"
        ),
        "cap": (
            "dibatasi {cap:label=strength_word} karena bukti yang sepakat setara {credit:num1} "
            "sumber penuh (kurang dari dua) dan sumber terkuatnya {top:label=strength_word}"
        ),
        "counter": "diturunkan satu tingkat karena bukti tandingan ({sources})",
    },
    "en": {
        "no_data": "no data",
        "bonus": (
            "score raised by {bonus:num2} because {n:int} sources agree (worth {credit:num1} "
            "full sources; triangulation)"
        ),
        "cap": (
            "capped at {cap:label=strength_word} because the agreeing evidence is worth "
            "{credit:num1} full sources (fewer than two) and its strongest source is "
            "{top:label=strength_word}"
        ),
        "counter": "lowered by one level because of counter-evidence ({sources})",
    },
}


def _notes(language: str) -> Callable[[Values, Any], str]:
    def render(v: Values, fmt: Any) -> str:
        parts = []
        for note in v["notes"]:
            values = dict(note)
            rule = values.pop("rule")
            if rule == "counter":
                values["sources"] = ", ".join(fmt.label("source", s) for s in values["sources"])
            parts.append(fmt.vformat(_NOTES[language][rule], (), values))
        return "; ".join(parts)

    return render


# ------------------------------------------------------------------ "was it stagnant?"

_DEFAULT_REGION = {"id": "daerah yang dievaluasi", "en": "the region evaluated"}
_DEFAULT_REGULATION = {"id": "regulasi ini", "en": "this regulation"}


def _reasons(v: Values, fmt: Any) -> str:
    facts = {**v.get("facts", {}), "region": v.get("region")}
    # one copy of the reason words: evaltools.prose.progress (the codes are stagnation_answer's)
    return "; ".join(fmt.text(f"progress.reason.{code}", **facts) for code in v["reasons"])


def _stagnant_id(v: Values, fmt: Any) -> str:
    window = _window(v)
    reasons = _reasons(v, fmt)
    if v["answer"] == "undetermined":
        reg = v.get("regulation") or _DEFAULT_REGULATION["id"]
        return f"Apakah pelaksanaan {reg} stagnan pada {window} tidak dapat dinilai: {reasons}."
    head = fmt.label("answer", v["answer"])
    pre = f"tren sebelumnya bertumpu pada {fmt.int(v['pre_years'])} tahun data sebelum {v['start']}"
    if v["answer"] == "no":
        text = (
            f"{head}: pada {window} tidak ada dimensi yang laju capaiannya turun secara nyata "
            f"dibandingkan tren sebelumnya ({fmt.int(v['n_judged'])} dimensi dinilai; {pre})."
        )
    else:
        text = (
            f"{head}: pada {window} capaian {fmt.int(v['n_stalled'])} dari "
            f"{fmt.int(v['n_judged'])} dimensi yang dapat dinilai terhenti dan "
            f"{fmt.int(v['n_slowed'])} melambat dibandingkan tren sebelumnya; {pre}."
        )
    return text + f" Kekuatan bukti: {fmt.label('strength_word', v['strength'])} — {reasons}."


def _stagnant_en(v: Values, fmt: Any) -> str:
    window = _window(v)
    reasons = _reasons(v, fmt)
    if v["answer"] == "undetermined":
        reg = v.get("regulation") or _DEFAULT_REGULATION["en"]
        return (
            f"Whether implementation of {reg} stalled in {window} cannot be determined: {reasons}."
        )
    head = fmt.label("answer", v["answer"])
    pre = (
        f"the earlier trend rests on {fmt.int(v['pre_years'])} year(s) of data before {v['start']}"
    )
    if v["answer"] == "no":
        text = (
            f"{head}: in {window} no dimension's rate of achievement fell significantly "
            f"compared with its earlier trend ({fmt.int(v['n_judged'])} dimensions judged; "
            f"{pre})."
        )
    else:
        text = (
            f"{head}: in {window} achievement in {fmt.int(v['n_stalled'])} of the "
            f"{fmt.int(v['n_judged'])} dimensions that could be judged stalled and in "
            f"{fmt.int(v['n_slowed'])} it slowed compared with the earlier trend; {pre}."
        )
    return text + f" Strength of evidence: {fmt.label('strength_word', v['strength'])} — {reasons}."


# ------------------------------------------------------------------ "where?"


def _dims(fmt: Any, dims: Any) -> str:
    return fmt.list(fmt.label("dimension", d) for d in dims)


def _where_id(v: Values, fmt: Any) -> str:
    if v["status"] == "no_data":
        return "Letak stagnasi tidak dapat ditentukan: data capaian target tidak tersedia."
    if v["status"] == "undetermined":
        return "Letak stagnasi tidak dapat ditentukan karena data capaian tidak cukup."
    parts = [
        f"{_dims(fmt, v[code])} ({fmt.label('progress_verdict', code)})"
        for code in ("stalled", "slowed")
        if v[code]
    ]
    if parts:
        text = (
            "Stagnasi terletak pada dimensi "
            + " serta ".join(parts)
            + ": perubahan lajunya berbeda nyata dari nol setelah koreksi Holm atas "
            f"{fmt.int(v['n_judged'])} dimensi yang dinilai."
        )
    else:
        text = "Tidak ada dimensi yang menonjol sebagai letak stagnasi."
    if v["few"]:
        text += (
            f" Dimensi {_dims(fmt, v['few'])} tidak dapat dinilai karena datanya terlalu sedikit."
        )
    if v["wide"]:
        text += (
            f" Dimensi {_dims(fmt, v['wide'])} tidak dapat dinilai: lajunya tidak berubah secara "
            "nyata, tetapi intervalnya masih memuat penurunan sebesar stagnasi."
        )
    if v["agencies"]:
        items = [
            f"{a['agency']} ({fmt.num(a['slope_change'] * 100, 1, signed=True)} poin persen "
            "per tahun)"
            for a in v["agencies"]
        ]
        if v["more_agencies"] > 0:
            items.append(f"{fmt.int(v['more_agencies'])} perangkat daerah lain")
        text += (
            " Perangkat daerah pengampu yang laju capaian programnya turun nyata: "
            + fmt.list(items)
            + "; ini petunjuk untuk pendalaman, bukan vonis atas kinerja perangkat daerah."
        )
    return text


def _where_en(v: Values, fmt: Any) -> str:
    if v["status"] == "no_data":
        return "Where the stall lies cannot be determined: no data on programme targets."
    if v["status"] == "undetermined":
        return "Where the stall lies cannot be determined because the achievement data are thin."
    parts = [
        f"{_dims(fmt, v[code])} ({fmt.label('progress_verdict', code)})"
        for code in ("stalled", "slowed")
        if v[code]
    ]
    if parts:
        text = (
            "The stall lies in the dimensions "
            + " as well as ".join(parts)
            + ": their change in rate differs significantly from zero after Holm's correction "
            f"over the {fmt.int(v['n_judged'])} dimensions judged."
        )
    else:
        text = "No dimension stands out as the place of the stall."
    if v["few"]:
        text += f" {_dims(fmt, v['few'])} could not be judged because the data are too few."
    if v["wide"]:
        text += (
            f" {_dims(fmt, v['wide'])} could not be judged: the rate did not change "
            "significantly, but the interval still includes a slowdown as large as a stall."
        )
    if v["agencies"]:
        items = [
            f"{a['agency']} ({fmt.num(a['slope_change'] * 100, 1, signed=True)} percentage "
            "points a year)"
            for a in v["agencies"]
        ]
        if v["more_agencies"] > 0:
            items.append(f"{fmt.int(v['more_agencies'])} other agencies")
        text += (
            " Lead agencies whose programmes' rate of achievement fell significantly: "
            + fmt.list(items)
            + "; this is a pointer for further inquiry, not a judgement of the agencies' "
            "performance."
        )
    return text


# ------------------------------------------------------------------ "why?"


def _why_id(v: Values, fmt: Any) -> str:
    if not v["available"]:
        return "Faktor penghambat tidak dapat dinilai: bukti data tidak tersedia."
    lower = [(fmt.label("factor", f).lower(), verdict) for f, verdict in v["supported"]]
    if not lower:
        text = (
            "Bukti yang tersedia tidak cukup untuk menunjuk satu pun faktor sebagai hambatan "
            "yang berkaitan dengan stagnasi."
        )
    else:
        items = [f"{f} — bukti {fmt.label('strength', verdict).lower()}" for f, verdict in lower]
        text = (
            "Faktor yang menurut bukti berkaitan dengan stagnasi sebagai hambatan, berurutan dari "
            "yang terkuat: " + "; ".join(items) + "."
        )
    if v["none"]:
        text += " Tidak ada bukti untuk " + fmt.list(_lower_factors(v["none"], fmt)) + "."
    if v["against"]:
        text += (
            " Bukti menunjuk sebaliknya untuk "
            + fmt.list(_lower_factors(v["against"], fmt))
            + ": faktor itu tampak sebagai pendukung, bukan hambatan."
        )
    if lower:
        text += (
            " Survei, wawancara, anggaran dan regulasi turunan menunjukkan keterkaitan atau "
            "hambatan yang dilaporkan, bukan hubungan sebab-akibat."
        )
    return text


def _lower_factors(factors: Any, fmt: Any) -> list[str]:
    return [fmt.label("factor", f).lower() for f in factors]


def _why_en(v: Values, fmt: Any) -> str:
    if not v["available"]:
        return "The barriers cannot be assessed: no evidence is available."
    lower = [(fmt.label("factor", f).lower(), verdict) for f, verdict in v["supported"]]
    if not lower:
        text = (
            "The available evidence is not sufficient to point to any factor as a barrier "
            "associated with the stall."
        )
    else:
        items = [f"{f} — {fmt.label('strength_word', verdict)} evidence" for f, verdict in lower]
        text = (
            "Factors that the evidence associates with the stall as barriers, strongest first: "
            + "; ".join(items)
            + "."
        )
    if v["none"]:
        text += " There is no evidence for " + fmt.list(_lower_factors(v["none"], fmt)) + "."
    if v["against"]:
        text += (
            " The evidence points the other way for "
            + fmt.list(_lower_factors(v["against"], fmt))
            + ": that factor appears to support implementation, not to hinder it."
        )
    if lower:
        text += (
            " Survey, interviews, budget and implementing regulations show associations or "
            "reported barriers, not cause and effect."
        )
    return text


# ------------------------------------------------------------------ "so what?"


def _recommendation(v: Values, language: str) -> Mapping[str, str]:
    """The recommendation's text in ``language`` (``text`` holds one entry per language the
    diagnosis wrote; a single-language value falls back on the entry it has)."""
    text = v["text"]
    return text.get(language) or next(iter(text.values()))


def _so_what_id(v: Values, fmt: Any) -> str:
    if not v["n_factors"]:
        return "Tidak ada rekomendasi karena tidak ada faktor penghambat yang didukung bukti."
    r = _recommendation(v, "id")
    rec = _lower_first(r["recommendation"]).rstrip(".")
    return (
        f"Tindak lanjut perlu diarahkan pada {fmt.int(v['n_factors'])} faktor penghambat yang "
        f"didukung bukti, dimulai dari {fmt.label('factor', v['factor']).lower()}: {rec} "
        f"(pelaksana: {r['who']}; {r['horizon']})."
    )


def _so_what_en(v: Values, fmt: Any) -> str:
    if not v["n_factors"]:
        return "There is no recommendation because no barrier is supported by the evidence."
    r = _recommendation(v, "en")
    rec = _lower_first(r["recommendation"]).rstrip(".")
    return (
        f"Follow-up should address the {fmt.int(v['n_factors'])} barrier(s) supported by the "
        f"evidence, starting with {fmt.label('factor', v['factor']).lower()}: {rec} "
        f"(responsible: {r['who']}; {r['horizon']})."
    )


# ------------------------------------------------------------------ executive-summary extras


def _peer_synth_id(v: Values, fmt: Any) -> str:
    focal = v.get("focal") or _DEFAULT_REGION["id"]
    text = (
        f"Kontrol sintetis untuk {v['label']}: sejak {v['start']} {focal} rata-rata berselisih "
        f"{fmt.num(v['att'], 2, signed=True)} poin dari gabungan tertimbang daerah pembanding "
        "yang paling menyerupainya sebelumnya"
    )
    if v.get("p") is not None:
        text += f" (p permutasi = {fmt.num(v['p'], 3)}"
        if v.get("floor") is not None:
            text += (
                f"; dengan {fmt.int(v['n_pool'])} daerah pembanding, p terkecil yang mungkin "
                f"adalah {fmt.num(v['floor'], 3)}"
            )
            if v["reached"]:
                text += ", dan nilai itu tercapai"
            if v["floor_blocks"]:
                text += (
                    "; dengan pembanding sebanyak ini uji permutasi tidak dapat mencapai "
                    f"p < {fmt.num(v['alpha'], 2)}"
                )
        text += ")"
    return text + "."


def _peer_synth_en(v: Values, fmt: Any) -> str:
    focal = v.get("focal") or _DEFAULT_REGION["en"]
    text = (
        f"Synthetic control for {v['label']}: since {v['start']} {focal} has differed on average "
        f"by {fmt.num(v['att'], 2, signed=True)} points from the weighted combination of peer "
        "regions that resembled it most beforehand"
    )
    if v.get("p") is not None:
        text += f" (permutation p = {fmt.num(v['p'], 3)}"
        if v.get("floor") is not None:
            text += (
                f"; with {fmt.int(v['n_pool'])} peer regions the smallest possible p is "
                f"{fmt.num(v['floor'], 3)}"
            )
            if v["reached"]:
                text += ", and that value was reached"
            if v["floor_blocks"]:
                text += (
                    "; with this few peers the permutation test cannot reach "
                    f"p < {fmt.num(v['alpha'], 2)}"
                )
        text += ")"
    return text + "."


def _summary_caveat_id(v: Values, fmt: Any) -> str:
    thin = []
    if v.get("max_years") is not None:
        thin.append(
            f"penilaian stagnasi bertumpu pada paling banyak {fmt.int(v['max_years'])} titik "
            "tahunan per dimensi"
        )
    if v["survey"]:
        thin.append("survei mengukur persepsi pelaksana")
    if v["interviews"]:
        thin.append("narasumber wawancara dipilih secara purposif")
    limits = (
        "; "
        + fmt.list(thin)
        + ", sehingga kesimpulan perlu dikonfirmasi dengan data dan pendalaman lebih lanjut"
        if thin
        else ""
    )
    if v["synthetic"]:
        return (
            "Seluruh angka dalam laporan ini berasal dari data ilustrasi (sintetis), bukan data "
            "resmi, dan hanya menunjukkan cara kerja analisis"
            + limits.replace("; ", "; selain itu, ", 1)
            + "."
        )
    if thin:
        return "Jawaban di atas sekuat data yang tersedia" + limits + "."
    return "Jawaban di atas sekuat data yang tersedia; lihat Lampiran B untuk celah data."


def _summary_caveat_en(v: Values, fmt: Any) -> str:
    thin = []
    if v.get("max_years") is not None:
        thin.append(
            f"the stall assessment rests on at most {fmt.int(v['max_years'])} yearly points per "
            "dimension"
        )
    if v["survey"]:
        thin.append("the survey measures implementers' perceptions")
    if v["interviews"]:
        thin.append("the interviewees were chosen purposively")
    limits = (
        "; " + fmt.list(thin) + ", so the conclusions need confirming with further data and inquiry"
        if thin
        else ""
    )
    if v["synthetic"]:
        return (
            "Every number in this report comes from illustrative (synthetic) data, not official "
            "data, and only shows how the analysis works"
            + limits.replace("; ", "; moreover, ", 1)
            + "."
        )
    if thin:
        return "The answers above are as strong as the available data" + limits + "."
    return "The answers above are as strong as the available data; see Appendix B for data gaps."


# ------------------------------------------------------------------ caveats and figure words


def _missing_cells(sep: str) -> Callable[[Values, Any], str]:
    def render(v: Values, fmt: Any) -> str:
        return ", ".join(
            f"{fmt.label('factor', f).lower()} × {fmt.label('source', s)}" for f, s in v["cells"]
        )

    return render


def _source_failed(lead: str) -> Callable[[Values, Any], str]:
    def render(v: Values, fmt: Any) -> str:
        return lead.format(source=fmt.label("source", v["source"])) + f": {v['error']}"

    return render


TEMPLATES: dict[str, dict[str, Any]] = {
    "id": {
        "diagnosis.not_available": "data tidak tersedia",
        "diagnosis.cause": _cause_id,
        "diagnosis.rule_notes": _notes("id"),
        "diagnosis.stagnant": _stagnant_id,
        "diagnosis.where": _where_id,
        "diagnosis.why": _why_id,
        "diagnosis.so_what": _so_what_id,
        "diagnosis.peer_synth": _peer_synth_id,
        "diagnosis.summary_caveat": _summary_caveat_id,
        "diagnosis.source_missing": lambda v, fmt: (
            (
                "Capaian target program"
                if v["source"] == "progress"
                else _cap_first(fmt.label("source", v["source"]))
            )
            + ": data tidak tersedia."
        ),
        "diagnosis.source_failed": _source_failed("Sumber bukti {source} tidak dapat dianalisis"),
        "diagnosis.missing_cells": lambda v, fmt: (
            f"Sel matriks bukti tanpa data (data tidak tersedia): {_missing_cells(',')(v, fmt)}."
        ),
        "diagnosis.figure.causes_xlabel": "Skor dukungan bukti (positif = penyebab stagnasi)",
        "diagnosis.figure.causes_title": "Peringkat penyebab stagnasi",
        "diagnosis.figure.matrix_title": "Matriks bukti: faktor × sumber",
        "diagnosis.figure.cell_missing": "data tidak\ntersedia",
        "diagnosis.figure.cell_none": "tidak ada\nbukti",
    },
    "en": {
        "diagnosis.not_available": "no data available",
        "diagnosis.cause": _cause_en,
        "diagnosis.rule_notes": _notes("en"),
        "diagnosis.stagnant": _stagnant_en,
        "diagnosis.where": _where_en,
        "diagnosis.why": _why_en,
        "diagnosis.so_what": _so_what_en,
        "diagnosis.peer_synth": _peer_synth_en,
        "diagnosis.summary_caveat": _summary_caveat_en,
        "diagnosis.source_missing": lambda v, fmt: (
            (
                "Programme targets"
                if v["source"] == "progress"
                else _cap_first(fmt.label("source", v["source"]))
            )
            + ": no data available."
        ),
        "diagnosis.source_failed": _source_failed("The {source} evidence could not be analysed"),
        "diagnosis.missing_cells": lambda v, fmt: (
            f"Cells of the evidence matrix without data: {_missing_cells(',')(v, fmt)}."
        ),
        "diagnosis.figure.causes_xlabel": "Evidence support score (positive = barrier to progress)",
        "diagnosis.figure.causes_title": "Ranking of the causes of the stall",
        "diagnosis.figure.matrix_title": "Evidence matrix: factor × source",
        "diagnosis.figure.cell_missing": "no data\navailable",
        "diagnosis.figure.cell_none": "no\nevidence",
    },
}

#: The four questions of the diagnosis (kind ``question``), and the words the recommendation
#: placeholders fall back on when the data do not say (kinds ``role``, ``head_of_region``,
#: ``smart_region``; see :func:`evaltools.analysis.diagnosis.responsible_roles`).
LABELS = {
    "id": {
        "question": {
            "stagnant": "Apakah pelaksanaan stagnan?",
            "where": "Di mana stagnasi terjadi?",
            "why": "Mengapa?",
            "so_what": "Apa yang perlu dilakukan?",
        },
        "role": {
            "{koordinator}": "perangkat daerah koordinator pelaksanaan",
            "{kepala_daerah}": "Kepala Daerah",
            "{regulasi}": "regulasi yang dievaluasi",
            "{daerah_cerdas}": "daerah cerdas",
            "{Daerah_Cerdas}": "Daerah Cerdas",
        },
        "head_of_region": {"city": "Wali Kota", "regency": "Bupati", "province": "Gubernur"},
        "smart_region": {
            "city": "kota cerdas",
            "regency": "kabupaten cerdas",
            "province": "provinsi cerdas",
        },
    },
    "en": {
        "question": {
            "stagnant": "Did implementation stall?",
            "where": "Where did it stall?",
            "why": "Why?",
            "so_what": "What should be done?",
        },
        "role": {
            "{koordinator}": "the coordinating agency",
            "{kepala_daerah}": "Head of Region",
            "{regulasi}": "the regulation under evaluation",
            "{daerah_cerdas}": "smart region",
            "{Daerah_Cerdas}": "Smart Region",
        },
        "head_of_region": {"city": "Mayor", "regency": "Regent", "province": "Governor"},
        "smart_region": {
            "city": "smart city",
            "regency": "smart regency",
            "province": "smart province",
        },
    },
}
