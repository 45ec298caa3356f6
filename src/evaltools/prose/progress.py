"""Words of :mod:`evaltools.analysis.progress`: the stagnation verdicts per dimension, their
caveats, and the reasons of the overall answer "was it stagnant?".

Codes ``progress.*`` (findings and caveats of ``progress.analyze``) and
``progress.reason.<code>`` (the reason codes of ``stagnation_answer``, rendered by
:func:`reason_text`). The verdict words themselves are the vocabulary kind
``progress_verdict`` (:mod:`evaltools.prose.vocabulary`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd


def _window(v: Mapping[str, Any]) -> str:
    start, end = int(v["start"]), int(v["end"])
    return f"{start}–{end}" if end > start else str(start)


def _dims(v: Mapping[str, Any], fmt: Any) -> str:
    return fmt.list(fmt.label("dimension", d) for d in v["dimensions"])


def _pp(x: float, fmt: Any, *, signed: bool = True) -> str:
    """A proportion per year as signed percentage points: 0.031 -> '+3,1'."""
    return fmt.num(x * 100, 1, signed=signed)


def _p_adj(p: float, fmt: Any) -> str:
    """``fmt.p`` without its leading ``p``: '= 0,003' or '< 0,001'."""
    return fmt.p(p).removeprefix("p ")


# ---- findings -------------------------------------------------------------------------------


def _break_id(v, fmt):
    return (
        f"Pada {_window(v)}, capaian target dimensi {_dims(v, fmt)} "
        f"{fmt.label('progress_verdict', v['verdict'])} dibandingkan tren sebelumnya: perubahan "
        f"lajunya berbeda nyata dari nol setelah koreksi Holm atas {fmt.int(v['n_judged'])} "
        "dimensi yang dinilai."
    )


def _break_en(v, fmt):
    dims = _dims(v, fmt)
    many = len(v["dimensions"]) > 1
    word = {
        "stalled": "stalled",
        "slowed": "slowed",
        "improved": "improved",
    }[v["verdict"]]
    return (
        f"In {_window(v)}, target achievement in the {dims} "
        f"dimension{'s' if many else ''} {word} relative to the earlier trend: the change in "
        f"{'their' if many else 'its'} pace differs significantly from zero after Holm's "
        f"correction across the {fmt.int(v['n_judged'])} dimensions judged."
    )


def _numbers_id(v, fmt):
    ci = fmt.ci(v["ci_low"] * 100, v["ci_high"] * 100, 1, level=v["level"])
    return (
        f"{fmt.label('dimension', v['dimension'])}: laju capaian rata-rata program berubah dari "
        f"{_pp(v['slope_pre'], fmt)} menjadi {_pp(v['slope_window'], fmt)} poin persen per "
        f"tahun; perubahan {_pp(v['slope_change'], fmt)} {ci}, p terkoreksi "
        f"{_p_adj(v['p_adjusted'], fmt)}, {fmt.int(v['n_programmes'])} program; penilaian: "
        f"{fmt.label('progress_verdict', v['verdict'])}."
    )


def _numbers_en(v, fmt):
    ci = fmt.ci(v["ci_low"] * 100, v["ci_high"] * 100, 1, level=v["level"])
    return (
        f"{fmt.label('dimension', v['dimension'])}: the programmes' mean pace of achievement "
        f"changed from {_pp(v['slope_pre'], fmt)} to {_pp(v['slope_window'], fmt)} percentage "
        f"points per year; change {_pp(v['slope_change'], fmt)} {ci}, adjusted p "
        f"{_p_adj(v['p_adjusted'], fmt)}, {fmt.int(v['n_programmes'])} programmes; verdict: "
        f"{fmt.label('progress_verdict', v['verdict'])}."
    )


def _on_track_id(v, fmt):
    text = (
        f"Dimensi {_dims(v, fmt)} tidak menunjukkan perubahan laju yang berbeda nyata dari nol "
        f"({fmt.label('progress_verdict', 'on_track')})"
    )
    worst = v.get("worst_ci_low")
    if worst is not None and pd.notna(worst) and worst < 0:
        text += (
            f"; intervalnya masih memuat penurunan laju sampai {fmt.num(-worst * 100, 1)} poin "
            "persen per tahun, jadi ini bukan bukti bahwa tidak ada perlambatan"
        )
    return text + "."


def _on_track_en(v, fmt):
    many = len(v["dimensions"]) > 1
    text = (
        f"The {_dims(v, fmt)} dimension{'s' if many else ''} show{'' if many else 's'} no "
        "change of pace that differs significantly from zero "
        f"({fmt.label('progress_verdict', 'on_track')})"
    )
    worst = v.get("worst_ci_low")
    if worst is not None and pd.notna(worst) and worst < 0:
        text += (
            f"; the interval still holds a drop in pace of up to {fmt.num(-worst * 100, 1)} "
            "percentage points per year, so this is no evidence that there was no slowdown"
        )
    return text + "."


# ---- caveats --------------------------------------------------------------------------------


def _too_few_id(v, fmt):
    return (
        f"Dimensi {_dims(v, fmt)} tidak dapat dinilai: perlu sedikitnya "
        f"{fmt.int(v['min_programmes'])} program yang masing-masing memiliki capaian sedikitnya "
        f"{fmt.int(v['pre_years_needed'])} tahun sebelum {int(v['start'])} dan "
        f"{fmt.int(v['window_years_needed'])} tahun di dalam periode yang dinilai {_window(v)}."
    )


def _too_few_en(v, fmt):
    many = len(v["dimensions"]) > 1
    return (
        f"The {_dims(v, fmt)} dimension{'s' if many else ''} cannot be judged: this needs at "
        f"least {fmt.int(v['min_programmes'])} programmes, each with achievement data for at "
        f"least {fmt.int(v['pre_years_needed'])} years before {int(v['start'])} and "
        f"{fmt.int(v['window_years_needed'])} year(s) inside the period judged, {_window(v)}."
    )


def _too_wide_id(v, fmt):
    return (
        f"Dimensi {_dims(v, fmt)} tidak dapat dinilai: lajunya tidak berubah secara nyata, "
        "tetapi interval kepercayaannya masih memuat penurunan lebih dari "
        f"{fmt.num(v['margin'] * 100, 0)} poin persen per tahun, sehingga data belum dapat "
        "membedakan 'sesuai tren' dari 'terhenti'."
    )


def _too_wide_en(v, fmt):
    many = len(v["dimensions"]) > 1
    return (
        f"The {_dims(v, fmt)} dimension{'s' if many else ''} cannot be judged: the pace did not "
        "change significantly, but the confidence interval still holds a drop of more than "
        f"{fmt.num(v['margin'] * 100, 0)} percentage points per year, so the data cannot yet "
        "tell 'on its earlier trend' from 'stalled'."
    )


def _pre_period_id(v, fmt):
    text = (
        "Tren sebelum periode yang dinilai bertumpu pada "
        f"{fmt.int(v['pre_years'])} tahun data per program"
    )
    if v["pre_years"] < v["thin_pre_years"]:
        return text + (
            "; dengan periode sependek ini laju sebelumnya kurang pasti, sehingga kekuatan "
            "penilaian dibatasi."
        )
    return text + "."


def _pre_period_en(v, fmt):
    text = (
        "The trend before the period judged rests on "
        f"{fmt.int(v['pre_years'])} years of data per programme"
    )
    if v["pre_years"] < v["thin_pre_years"]:
        return text + (
            "; with a period this short the earlier pace is uncertain, so the strength of the "
            "verdict is capped."
        )
    return text + "."


def _unreported_id(v, fmt):
    return (
        f"Sebanyak {fmt.int(v['n_gap'])} dari {fmt.int(v['n_targets'])} target "
        f"({fmt.pct(v['n_gap'] / v['n_targets'])}) tidak dilaporkan realisasinya dan tidak "
        "dihitung dalam indeks."
    )


def _unreported_en(v, fmt):
    return (
        f"The realisation of {fmt.int(v['n_gap'])} of {fmt.int(v['n_targets'])} targets "
        f"({fmt.pct(v['n_gap'] / v['n_targets'])}) was not reported; they are left out of the "
        "index."
    )


# ---- reasons of the overall answer (stagnation_answer) --------------------------------------


def _reason_p(v, fmt) -> str:
    """The adjusted p as the reasons print it: '< 0,001' or '= 0,003'."""
    p = v["p_adjusted"]
    return f"< {fmt.num(0.001, 3)}" if p < 0.001 else f"= {fmt.num(p, 3)}"


def _region(v, default: str) -> str:
    region = v.get("region")
    return str(region) if region else default


_REASONS_ID = {
    "no_progress_data": "data capaian target tidak tersedia",
    "no_dimension_judged": lambda v, fmt: (
        "tidak ada dimensi dengan data yang cukup (sedikitnya "
        f"{fmt.int(v['min_programmes'])} program dengan dua tahun sebelum dan satu tahun di "
        "dalam periode yang dinilai)"
    ),
    "clear_break": lambda v, fmt: (
        f"penurunan laju paling jelas memiliki p terkoreksi {_reason_p(v, fmt)}"
    ),
    "significant_break": lambda v, fmt: (
        "penurunan laju berbeda nyata dari nol setelah koreksi Holm (p terkoreksi "
        f"{_reason_p(v, fmt)})"
    ),
    "marginal_break": lambda v, fmt: (
        f"penurunan laju hanya sedikit melewati batas uji (p terkoreksi {_reason_p(v, fmt)})"
    ),
    "many_programmes": "penurunan itu bertumpu pada {n_programmes:int} program",
    "few_programmes": "penurunan itu hanya bertumpu pada {n_programmes:int} program",
    "narrow_intervals": (
        "interval setiap dimensi menyingkirkan penurunan laju sebesar 2 poin persen per tahun"
    ),
    "moderate_intervals": (
        "interval setiap dimensi menyingkirkan penurunan laju sebesar 5 poin persen per tahun"
    ),
    "wide_intervals": (
        "interval kepercayaan lebar: penurunan laju yang berarti belum dapat disingkirkan"
    ),
    "thin_pre_period": (
        "tren sebelumnya lebih pendek dari {thin_pre_years:int} tahun, sehingga kekuatan bukti "
        "dibatasi"
    ),
    "dimensions_undetermined": "{n_undetermined:int} dimensi tidak dapat dinilai",
    "peers_behind": lambda v, fmt: (
        f"perbandingan dengan daerah lain menunjukkan {_region(v, 'daerah yang dievaluasi')} "
        "tertinggal dari daerah pembanding pada tahun-tahun yang sama"
    ),
    "peers_not_behind": lambda v, fmt: (
        f"perbandingan dengan daerah lain tidak menunjukkan "
        f"{_region(v, 'daerah yang dievaluasi')} tertinggal dari daerah pembanding"
    ),
    "no_peers": "tanpa pembanding dari daerah lain",
}

_REASONS_EN = {
    "no_progress_data": "no data on target achievement",
    "no_dimension_judged": lambda v, fmt: (
        "no dimension has enough data (at least "
        f"{fmt.int(v['min_programmes'])} programmes with two years before and one year inside "
        "the period judged)"
    ),
    "clear_break": lambda v, fmt: f"the clearest drop in pace has adjusted p {_reason_p(v, fmt)}",
    "significant_break": lambda v, fmt: (
        "the drop in pace differs significantly from zero after Holm's correction (adjusted p "
        f"{_reason_p(v, fmt)})"
    ),
    "marginal_break": lambda v, fmt: (
        f"the drop in pace only just passes the test (adjusted p {_reason_p(v, fmt)})"
    ),
    "many_programmes": "the drop rests on {n_programmes:int} programmes",
    "few_programmes": "the drop rests on only {n_programmes:int} programmes",
    "narrow_intervals": (
        "the interval of every dimension rules out a drop in pace of 2 percentage points per year"
    ),
    "moderate_intervals": (
        "the interval of every dimension rules out a drop in pace of 5 percentage points per year"
    ),
    "wide_intervals": "wide confidence intervals: a material drop in pace cannot yet be ruled out",
    "thin_pre_period": (
        "the earlier trend covers fewer than {thin_pre_years:int} years, so the strength of the "
        "evidence is capped"
    ),
    "dimensions_undetermined": "{n_undetermined:int} dimension(s) cannot be judged",
    "peers_behind": lambda v, fmt: (
        f"the comparison with other regions shows {_region(v, 'the region evaluated')} falling "
        "behind its comparison regions in the same years"
    ),
    "peers_not_behind": lambda v, fmt: (
        f"the comparison with other regions does not show {_region(v, 'the region evaluated')} "
        "falling behind its comparison regions"
    ),
    "no_peers": "no comparison with other regions",
}

#: The reason codes of :func:`evaltools.analysis.progress.stagnation_answer`.
REASON_CODES: tuple[str, ...] = tuple(_REASONS_ID)

TEMPLATES = {
    "id": {
        "progress.break": _break_id,
        "progress.break_numbers": _numbers_id,
        "progress.on_track": _on_track_id,
        "progress.no_drop": lambda v, fmt: (
            f"Tidak ada dimensi yang lajunya turun secara nyata pada {_window(v)}."
        ),
        "progress.interval_too_wide": _too_wide_id,
        "progress.too_few_data": _too_few_id,
        "progress.pre_period": _pre_period_id,
        "progress.method": lambda v, fmt: (
            "Perubahan laju setiap dimensi adalah rata-rata perubahan laju program-programnya; "
            f"interval kepercayaan {fmt.level(v['level'])} dan uji t memperlakukan program "
            "sebagai pengamatan yang saling bebas, dan nilai p dikoreksi dengan metode Holm "
            f"karena {fmt.int(v['n_judged'])} dimensi diuji sekaligus."
        ),
        "progress.unreported": _unreported_id,
        "progress.all_unreported": "Seluruh realisasi target kosong: capaian tidak dapat dinilai.",
        "progress.flagged_rows": lambda v, fmt: (
            f"{fmt.int(v['n_rows'])} baris target ditandai tidak wajar (nilai negatif, target "
            "nol, target kosong, atau realisasi lebih dari "
            f"{fmt.num(v['absurd_ratio'], 0)} kali target); capaian dibatasi paling tinggi "
            f"{fmt.pct(v['cap'], 0)} dan nilai negatif tidak dihitung. Periksa baris tersebut "
            "pada tabel capaian."
        ),
        **{f"progress.reason.{code}": t for code, t in _REASONS_ID.items()},
    },
    "en": {
        "progress.break": _break_en,
        "progress.break_numbers": _numbers_en,
        "progress.on_track": _on_track_en,
        "progress.no_drop": lambda v, fmt: (
            f"No dimension's pace dropped significantly in {_window(v)}."
        ),
        "progress.interval_too_wide": _too_wide_en,
        "progress.too_few_data": _too_few_en,
        "progress.pre_period": _pre_period_en,
        "progress.method": lambda v, fmt: (
            "The change of pace of each dimension is the mean change of pace of its programmes; "
            f"the {fmt.level(v['level'])} confidence interval and the t test treat programmes "
            "as independent observations, and the p-values are adjusted by Holm's method "
            f"because {fmt.int(v['n_judged'])} dimensions are tested at once."
        ),
        "progress.unreported": _unreported_en,
        "progress.all_unreported": (
            "No realisation of any target was reported: achievement cannot be judged."
        ),
        "progress.flagged_rows": lambda v, fmt: (
            f"{fmt.int(v['n_rows'])} target rows are flagged as implausible (negative values, a "
            "zero or blank target, or a realisation more than "
            f"{fmt.num(v['absurd_ratio'], 0)} times the target); achievement is capped at "
            f"{fmt.pct(v['cap'], 0)} and negative values are not counted. Check those rows in "
            "the achievement table."
        ),
        **{f"progress.reason.{code}": t for code, t in _REASONS_EN.items()},
    },
}


def reason_text(code: str, facts: Mapping[str, Any], language: str | None = None) -> str:
    """Words of one reason code of ``stagnation_answer``, numbers formatted for the language.

    ``facts`` is the answer's ``facts`` dict (plus ``region``, the region's name, when known).
    """
    from evaltools.prose import render_one
    from evaltools.results import finding

    return render_one(finding(f"progress.reason.{code}", **dict(facts)), language)


def answer_sentence(answer: Mapping[str, Any], language: str | None = None) -> str:
    """The answer of ``stagnation_answer`` in words: 'Ya, sebagian (kekuatan bukti: sedang)'.

    The short form for tables and logs; the diagnosis writes the full paragraph.
    """
    from evaltools.prose import label

    head = label("answer", answer["answer"], language)
    strength = label("strength_word", answer["strength"], language)
    word = "kekuatan bukti" if _lang(language) == "id" else "strength of evidence"
    return f"{head} ({word}: {strength})"


def _lang(language: str | None) -> str:
    from evaltools.prose import get_language

    return get_language(language)


def verdict_table(table: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """A copy of a verdict table of ``progress`` (``result.table`` or ``result.agency_table``)
    with ``verdict_label``: the verdict in words of the language, for display."""
    from evaltools.prose import labels

    words = labels("progress_verdict", language)
    out = table.copy()
    out["verdict_label"] = out["verdict"].map(lambda c: words.get(c, str(c)))
    return out


#: Words of the progress figure (axis titles, legend, title): kind ``progress_plot``.
LABELS = {
    "id": {
        "progress_plot": {
            "window": "Periode yang dinilai {start}–{end}",
            "xlabel": "Tahun",
            "ylabel": "Indeks capaian (% target)",
            "title": "Indeks capaian target per dimensi",
        }
    },
    "en": {
        "progress_plot": {
            "window": "Period judged {start}–{end}",
            "xlabel": "Year",
            "ylabel": "Achievement index (% of target)",
            "title": "Target achievement index by dimension",
        }
    },
}
