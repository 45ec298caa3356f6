"""Words of :mod:`evaltools.analysis.budget`: the cut at revision, absorption, the link to the
stalled dimensions, the evidence rows and the figures.

Budget evidence is associational: the sentences say the cut *coincides with* / *is associated
with* the stall (*bertepatan dengan* / *berkaitan dengan*), never that it caused it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any


def _window(v: Mapping[str, Any]) -> str:
    start, end = int(v["start"]), int(v["end"])
    return f"{start}–{end}" if end > start else str(start)


def _ok(x: Any) -> bool:
    return x is not None and not (isinstance(x, float) and math.isnan(x))


def _floor(v: Mapping[str, Any], fmt: Any, lang: str) -> str:
    """'; p eksak terkecil yang mungkin 0,3333' when the p is an exact permutation p."""
    floor = v.get("p_floor")
    if not _ok(floor):
        return ""
    if lang == "id":
        return f"; p eksak terkecil yang mungkin {fmt.num(floor, 4)}"
    return f"; smallest possible exact p {fmt.num(floor, 4)}"


def _quoted(names: list[str]) -> str:
    return "; ".join(f"\u201c{n}\u201d" for n in names)


def _events(v: Mapping[str, Any]) -> str:
    """Names of the external events (quoted), else their years."""
    return _quoted(v.get("events") or []) or ", ".join(str(y) for y in v.get("years", []))


# ---- findings of analyze ---------------------------------------------------------------------


def _window_cut_id(v, fmt):
    text = (
        f"Pada {_window(v)}, anggaran rencana dipotong {fmt.pct(v['cut'])} saat perubahan "
        f"(dari {fmt.rupiah(v['planned'])} menjadi {fmt.rupiah(v['revised'])})"
    )
    if _ok(v.get("cut_other")):
        text += f", dibandingkan {fmt.pct(v['cut_other'])} pada tahun-tahun lain"
    return text + "."


def _window_cut_en(v, fmt):
    text = (
        f"In {_window(v)}, the planned budget was cut by {fmt.pct(v['cut'])} at revision "
        f"(from {fmt.rupiah(v['planned'])} to {fmt.rupiah(v['revised'])})"
    )
    if _ok(v.get("cut_other")):
        text += f", against {fmt.pct(v['cut_other'])} in the other years"
    return text + "."


def _absorption_id(v, fmt):
    text = f"Penyerapan anggaran perubahan pada {_window(v)} sebesar {fmt.pct(v['absorption'])}"
    if _ok(v.get("absorption_other")):
        text += f" (tahun-tahun lain {fmt.pct(v['absorption_other'])})"
    return text + "."


def _absorption_en(v, fmt):
    text = f"Absorption of the revised budget in {_window(v)} was {fmt.pct(v['absorption'])}"
    if _ok(v.get("absorption_other")):
        text += f" (other years {fmt.pct(v['absorption_other'])})"
    return text + "."


def _link_id(v, fmt):
    direction = (
        "dimensi yang lebih banyak dipotong cenderung lebih melambat"
        if v["rho"] < 0
        else "dimensi yang lebih banyak dipotong tidak cenderung lebih melambat"
    )
    return (
        "Korelasi peringkat Spearman antara pemotongan dan perubahan laju capaian "
        f"ρ = {fmt.num(v['rho'], 2)} ({fmt.p(v['p_value'])}{_floor(v, fmt, 'id')}, "
        f"n = {fmt.int(v['n'])} dimensi): {direction}."
    )


def _link_en(v, fmt):
    direction = (
        "the dimensions cut more tend to have slowed more"
        if v["rho"] < 0
        else "the dimensions cut more do not tend to have slowed more"
    )
    return (
        "The Spearman rank correlation between the cut and the change in the pace of "
        f"achievement is ρ = {fmt.num(v['rho'], 2)} ({fmt.p(v['p_value'])}{_floor(v, fmt, 'en')}, "
        f"n = {fmt.int(v['n'])} dimensions): {direction}."
    )


# ---- evidence rows ---------------------------------------------------------------------------


def _caps(v, fmt, lang: str) -> str:
    """The sentence on strength caps: ' Kekuatan bukti dibatasi …; dibatasi ….'"""
    notes = []
    for cap in v.get("caps", []):
        if cap["cap"] == "years":
            notes.append(
                f"dibatasi karena hanya {cap['n_other']} tahun di luar periode yang dinilai "
                "sebagai pembanding"
                if lang == "id"
                else f"capped because only {cap['n_other']} year(s) outside the period judged "
                "can be compared"
            )
        else:  # "link"
            notes.append(
                "dibatasi pada sedang karena keterkaitan pemotongan dengan dimensi yang mandek "
                f"belum ditunjukkan oleh korelasi atas sedikitnya {cap['min_n']} dimensi"
                if lang == "id"
                else "capped at moderate because no correlation over at least "
                f"{cap['min_n']} dimensions has yet tied the cut to the stalled dimensions"
            )
    if not notes:
        return ""
    head = " Kekuatan bukti " if lang == "id" else " Strength of evidence "
    return head + "; ".join(notes) + "."


_LINK_NOTE = {
    "id": {
        "stalled_most": " Dimensi yang paling banyak dipotong juga yang paling melambat.",
        "not_stalled_most": (
            " Namun dimensi yang paling banyak dipotong bukan yang paling melambat."
        ),
    },
    "en": {
        "stalled_most": " The dimensions cut most are also those that slowed most.",
        "not_stalled_most": " But the dimensions cut most are not those that slowed most.",
    },
}


def _barrier_id(v, fmt):
    return (
        f"Anggaran dipotong {fmt.pct(v['cut'])} pada {_window(v)} dan penyerapannya "
        f"{fmt.pct(v['absorption'])}; berkurangnya sumber daya anggaran ini berkaitan dengan "
        "kemandekan pada periode yang sama."
        + _LINK_NOTE["id"].get(v.get("link") or "", "")
        + _caps(v, fmt, "id")
    )


def _barrier_en(v, fmt):
    return (
        f"The budget was cut by {fmt.pct(v['cut'])} in {_window(v)} and its absorption was "
        f"{fmt.pct(v['absorption'])}; this loss of budget resources is associated with the "
        "stall in the same period."
        + _LINK_NOTE["en"].get(v.get("link") or "", "")
        + _caps(v, fmt, "en")
    )


def _detail(v, fmt, lang: str) -> str:
    if lang == "id":
        text = (
            f"pemotongan pada periode yang dinilai {fmt.pct(v['cut'])}; tahun lain "
            f"{fmt.pct(v['cut_other'])}; selisih {fmt.num(v['excess'] * 100, 1, signed=True)} "
            f"poin persen; penyerapan pada periode yang dinilai {fmt.pct(v['absorption'])}; "
            f"tahun lain {fmt.pct(v['absorption_other'])}"
        )
        if _ok(v.get("rho")):
            text += (
                f"; ρ Spearman (pemotongan vs perubahan laju) = {fmt.num(v['rho'], 2)}, "
                f"{fmt.p(v['p_value'])}{_floor(v, fmt, 'id')}, n = {fmt.int(v['n_link'])} dimensi"
            )
        return text
    text = (
        f"cut in the period judged {fmt.pct(v['cut'])}; other years "
        f"{fmt.pct(v['cut_other'])}; difference {fmt.num(v['excess'] * 100, 1, signed=True)} "
        f"percentage points; absorption in the period judged {fmt.pct(v['absorption'])}; "
        f"other years {fmt.pct(v['absorption_other'])}"
    )
    if _ok(v.get("rho")):
        text += (
            f"; Spearman's ρ (cut vs change of pace) = {fmt.num(v['rho'], 2)}, "
            f"{fmt.p(v['p_value'])}{_floor(v, fmt, 'en')}, n = {fmt.int(v['n_link'])} dimensions"
        )
    return text


def _env_detail(v, fmt, lang: str) -> str:
    uniform = fmt.num(v["uniform"] * 100, 1, signed=True)
    if lang == "id":
        return (
            f"{_detail(v, fmt, 'id')}; pemotongan yang sama di semua dimensi {uniform} poin "
            f"persen; peristiwa eksternal pada periode yang dinilai: {_events(v)}"
        )
    return (
        f"{_detail(v, fmt, 'en')}; cut common to every dimension {uniform} percentage points; "
        f"external events in the period judged: {_events(v)}"
    )


def _env_barrier_id(v, fmt):
    return (
        f"Semua dimensi dipotong sedikitnya {fmt.num(v['uniform'] * 100, 1)} poin persen lebih "
        f"dalam daripada tahun-tahun lain pada {_window(v)}, bertepatan dengan peristiwa "
        f"eksternal {_events(v)}; pemotongan merata ini berkaitan dengan guncangan dari luar "
        "daerah."
        + (" Kekuatan bukti dibatasi karena tahun pembanding sedikit." if v["capped"] else "")
    )


def _env_barrier_en(v, fmt):
    return (
        f"Every dimension was cut at least {fmt.num(v['uniform'] * 100, 1)} percentage points "
        f"deeper than in the other years in {_window(v)}, coinciding with the external event(s) "
        f"{_events(v)}; this even cut is associated with a shock from outside the region."
        + (
            " The strength of evidence is capped because few years can be compared."
            if v["capped"]
            else ""
        )
    )


TEMPLATES = {
    "id": {
        "budget.window_cut": _window_cut_id,
        "budget.absorption": _absorption_id,
        "budget.largest_cut": lambda v, fmt: (
            f"Pemotongan terbesar pada {_window(v)} terjadi di dimensi "
            f"{fmt.label('dimension', v['dimension'])} ({fmt.pct(v['cut'])})."
        ),
        "budget.cut_years": lambda v, fmt: (
            "Tahun dengan pemotongan jauh di atas tahun-tahun lain (sedikitnya "
            f"{fmt.num(v['excess'] * 100, 0)} poin persen di atas median): "
            f"{', '.join(str(y) for y in v['years'])}."
        ),
        "budget.shock_events": lambda v, fmt: (
            "Data peristiwa mencatat guncangan atau keputusan anggaran dari luar pada periode "
            "yang dinilai: "
            + "; ".join(f"\u201c{e['label']}\u201d ({e['year']})" for e in v["events"])
            + ". Pemotongan yang merata di semua dimensi bertepatan dengan peristiwa itu."
        ),
        "budget.link": _link_id,
        "budget.link_indicative": lambda v, fmt: (
            f"Dengan hanya {fmt.int(v['n'])} dimensi, korelasi ini bersifat indikatif dan tidak "
            f"dapat menjadi bukti kuat (perlu sedikitnya {v['min_strong']} titik); nilai p "
            "dihitung secara eksak dari seluruh permutasi. Korelasi menunjukkan keterkaitan, "
            "bukan sebab-akibat."
        ),
        "budget.link_too_few": (
            "Kurang dari tiga dimensi memiliki data anggaran dan capaian sekaligus, sehingga "
            "kaitan pemotongan dengan stagnasi tidak dapat dinilai."
        ),
        "budget.no_other_years": lambda v, fmt: (
            f"Tidak ada tahun di luar periode yang dinilai ({_window(v)}) dalam data anggaran: "
            "pemotongan tidak dapat dibandingkan dengan tahun normal."
        ),
        "budget.undefined_cells": (
            "Sebanyak {n_cut:int} sel pemotongan dan {n_absorption:int} sel penyerapan tidak "
            "dapat dihitung karena anggaran pembaginya nol atau tahapnya tidak tersedia; sel "
            "tersebut dibiarkan kosong, bukan dianggap nol."
        ),
        "budget.resources_barrier": _barrier_id,
        "budget.resources_enabler": lambda v, fmt: (
            f"Anggaran pada {_window(v)} tidak dipotong melebihi tahun-tahun lain; kekurangan "
            "dana tidak tampak sebagai hambatan." + _caps(v, fmt, "id")
        ),
        "budget.resources_neutral": lambda v, fmt: (
            f"Pemotongan dan penyerapan anggaran pada {_window(v)} tidak berbeda berarti dari "
            "tahun-tahun lain." + _caps(v, fmt, "id")
        ),
        "budget.resources_detail": lambda v, fmt: _detail(v, fmt, "id"),
        "budget.environment_none": lambda v, fmt: (
            f"Peristiwa eksternal pada {_window(v)} ({_events(v)}) tidak tampak sebagai "
            "pemotongan anggaran yang merata di semua dimensi."
        ),
        "budget.environment_barrier": _env_barrier_id,
        "budget.environment_detail": lambda v, fmt: _env_detail(v, fmt, "id"),
    },
    "en": {
        "budget.window_cut": _window_cut_en,
        "budget.absorption": _absorption_en,
        "budget.largest_cut": lambda v, fmt: (
            f"The largest cut in {_window(v)} was in the "
            f"{fmt.label('dimension', v['dimension'])} dimension ({fmt.pct(v['cut'])})."
        ),
        "budget.cut_years": lambda v, fmt: (
            "Years with a cut far above the other years (at least "
            f"{fmt.num(v['excess'] * 100, 0)} percentage points above the median): "
            f"{', '.join(str(y) for y in v['years'])}."
        ),
        "budget.shock_events": lambda v, fmt: (
            "The events data record external shocks or budget decisions in the period judged: "
            + "; ".join(f"\u201c{e['label']}\u201d ({e['year']})" for e in v["events"])
            + ". A cut spread evenly over every dimension coincides with them."
        ),
        "budget.link": _link_en,
        "budget.link_indicative": lambda v, fmt: (
            f"With only {fmt.int(v['n'])} dimensions this correlation is indicative and cannot "
            f"be strong evidence (at least {v['min_strong']} points are needed); the p-value is "
            "exact, computed over all permutations. A correlation shows an association, not "
            "cause and effect."
        ),
        "budget.link_too_few": (
            "Fewer than three dimensions have both budget and achievement data, so the link "
            "between the cut and the stall cannot be judged."
        ),
        "budget.no_other_years": lambda v, fmt: (
            f"The budget data have no year outside the period judged ({_window(v)}): the cut "
            "cannot be compared with normal years."
        ),
        "budget.undefined_cells": (
            "{n_cut:int} cut cells and {n_absorption:int} absorption cells cannot be computed "
            "because their denominator budget is zero or the stage is missing; they are left "
            "blank, not taken as zero."
        ),
        "budget.resources_barrier": _barrier_en,
        "budget.resources_enabler": lambda v, fmt: (
            f"The budget in {_window(v)} was not cut more than in the other years; a lack of "
            "funds does not appear as a barrier." + _caps(v, fmt, "en")
        ),
        "budget.resources_neutral": lambda v, fmt: (
            f"The cut and absorption of the budget in {_window(v)} do not differ materially "
            "from the other years." + _caps(v, fmt, "en")
        ),
        "budget.resources_detail": lambda v, fmt: _detail(v, fmt, "en"),
        "budget.environment_none": lambda v, fmt: (
            f"The external event(s) in {_window(v)} ({_events(v)}) do not show as a budget cut "
            "spread evenly over every dimension."
        ),
        "budget.environment_barrier": _env_barrier_en,
        "budget.environment_detail": lambda v, fmt: _env_detail(v, fmt, "en"),
    },
}

LABELS = {
    "id": {
        "budget_stage": {
            "planned": "Rencana (murni)",
            "revised": "Perubahan",
            "realised": "Realisasi",
        },
        "budget_crosstab": {
            "large_cut": "pemotongan besar",
            "small_cut": "pemotongan kecil",
            "stalled_or_slowed": "terhenti/melambat",
            "not_down": "tidak turun nyata",
            "cut": "pemotongan",
            "progress": "capaian",
        },
        "budget_plot": {
            "window": "Periode yang dinilai",
            "window_years": "Periode dinilai {start}–{end}",
            "other_years": "Tahun lain",
            "year": "Tahun",
            "amount": "Anggaran (Rp)",
            "amount_scaled": "Anggaran (Rp {scale})",
            "trillion": "triliun",
            "billion": "miliar",
            "million": "juta",
            "title": "Anggaran kota cerdas: rencana, perubahan, realisasi",
            "cut_axis": "Pemotongan anggaran (1 − perubahan/rencana)",
            "cut_title": "Pemotongan anggaran saat perubahan, per dimensi",
        },
    },
    "en": {
        "budget_stage": {
            "planned": "Planned (original)",
            "revised": "Revised",
            "realised": "Realised",
        },
        "budget_crosstab": {
            "large_cut": "large cut",
            "small_cut": "small cut",
            "stalled_or_slowed": "stalled/slowed",
            "not_down": "no significant drop",
            "cut": "cut",
            "progress": "achievement",
        },
        "budget_plot": {
            "window": "Period judged",
            "window_years": "Period judged {start}–{end}",
            "other_years": "Other years",
            "year": "Year",
            "amount": "Budget (Rp)",
            "amount_scaled": "Budget (Rp {scale})",
            "trillion": "trillion",
            "billion": "billion",
            "million": "million",
            "title": "Smart-city budget: planned, revised, realised",
            "cut_axis": "Budget cut (1 − revised/planned)",
            "cut_title": "Budget cut at revision, by dimension",
        },
    },
}


def crosstab_table(crosstab: Any, language: str | None = None) -> Any:
    """The link's cross-tab (``result.link["crosstab"]``, codes) with words of the language."""
    from evaltools.prose import labels

    words = labels("budget_crosstab", language)
    out = crosstab.rename(index=words, columns=words)
    out.index.name = words.get(str(crosstab.index.name), crosstab.index.name)
    out.columns.name = words.get(str(crosstab.columns.name), crosstab.columns.name)
    return out
