"""Words of :mod:`evaltools.analysis.mandates`: follow-through of the regulation's mandates,
their status and instrument types, the evidence rows and the timeline figure.

Mandate evidence is associational: late instruments *are associated with* a barrier
(*berkaitan dengan hambatan*); no sentence says the delay caused the stall.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd


def _mandates(n: Any, fmt: Any) -> str:
    """'1 mandate', '4 mandates'."""
    return f"{fmt.int(n)} mandate" + ("" if n == 1 else "s")


def _factor(v: Mapping[str, Any], fmt: Any) -> str:
    return fmt.label("factor", v["factor"]).lower()


def _counts_id(v, fmt):
    return (
        f"Per {fmt.date(v['as_of'])}, dari {fmt.int(v['due'])} regulasi turunan dan instrumen "
        f"yang sudah jatuh tempo, {fmt.int(v['on_time'])} terbit tepat waktu, "
        f"{fmt.int(v['late'])} terlambat, dan {fmt.int(v['missing'])} belum terbit "
        f"({fmt.pct((v['late'] + v['missing']) / v['due'])} terlambat atau belum terbit)."
    )


def _counts_en(v, fmt):
    return (
        f"As of {fmt.date(v['as_of'])}, of the {fmt.int(v['due'])} implementing regulations and "
        f"instruments already due, {fmt.int(v['on_time'])} were issued on time, "
        f"{fmt.int(v['late'])} late, and {fmt.int(v['missing'])} not yet "
        f"({fmt.pct((v['late'] + v['missing']) / v['due'])} late or not issued)."
    )


def _detail(v, fmt, lang: str) -> str:
    if lang == "id":
        text = (
            f"{fmt.int(v['due'])} mandat jatuh tempo: {fmt.int(v['on_time'])} tepat waktu, "
            f"{fmt.int(v['late'])} terlambat (median {fmt.int(v['median_delay'])} hari), "
            f"{fmt.int(v['missing'])} belum terbit; terlambat/belum terbit "
            f"{fmt.pct(v['share'])}; skor keparahan rata-rata {fmt.num(v['mean_severity'], 2)}"
        )
        if v.get("cap"):
            text += (
                f"; hanya {fmt.int(v['due'])} mandat jatuh tempo, bukti paling tinggi "
                f"{fmt.label('strength_word', v['cap'])}"
            )
        return text
    text = (
        f"{_mandates(v['due'], fmt)} due: {fmt.int(v['on_time'])} on time, "
        f"{fmt.int(v['late'])} late (median {fmt.int(v['median_delay'])} days), "
        f"{fmt.int(v['missing'])} not issued; late or not issued {fmt.pct(v['share'])}; "
        f"mean severity score {fmt.num(v['mean_severity'], 2)}"
    )
    if v.get("cap"):
        text += (
            f"; only {_mandates(v['due'], fmt)} due, evidence at most "
            f"{fmt.label('strength_word', v['cap'])}"
        )
    return text


TEMPLATES = {
    "id": {
        "mandates.status_counts": _counts_id,
        "mandates.delay": ("Keterlambatan median {median:int} hari (paling lama {max:int} hari)."),
        "mandates.overdue": lambda v, fmt: (
            f"Instrumen yang belum terbit ({', '.join(str(i) for i in v['ids'])}; lihat daftar "
            f"instrumen) telah melewati tenggat median {fmt.int(v['median'])} hari."
        ),
        "mandates.none_due": "Per {as_of:date}, belum ada mandat yang jatuh tempo.",
        "mandates.few_due": (
            "Hanya {due:int} mandat yang sudah jatuh tempo; bukti dari regulasi turunan paling "
            "tinggi dinilai lemah."
        ),
        "mandates.not_due": "{n:int} mandat belum jatuh tempo per {as_of:date} dan tidak dinilai.",
        "mandates.no_due_date": (
            "{n:int} mandat tidak memiliki tenggat sehingga ketepatan waktunya tidak dapat "
            "dinilai; lengkapi tanggal tenggatnya (kolom due_date pada tabel mandat)."
        ),
        "mandates.factor_none_due": lambda v, fmt: (
            f"Belum ada mandat terkait {_factor(v, fmt)} yang jatuh tempo per "
            f"{fmt.date(v['as_of'])}."
        ),
        "mandates.not_due_detail": "{n:int} mandat belum jatuh tempo",
        "mandates.detail": lambda v, fmt: _detail(v, fmt, "id"),
        "mandates.barrier": lambda v, fmt: (
            f"Sebanyak {fmt.int(v['late_or_missing'])} dari {fmt.int(v['due'])} regulasi "
            f"turunan dan instrumen terkait {_factor(v, fmt)} yang jatuh tempo terlambat atau "
            f"belum terbit per {fmt.date(v['as_of'])} ({fmt.pct(v['share'])}); keterlambatan "
            f"ini berkaitan dengan hambatan pada {_factor(v, fmt)}."
        ),
        "mandates.enabler": lambda v, fmt: (
            f"Regulasi turunan dan instrumen terkait {_factor(v, fmt)} umumnya terbit tepat "
            f"waktu per {fmt.date(v['as_of'])}: aspek ini tidak tercatat sebagai hambatan."
        ),
        "mandates.neutral": lambda v, fmt: (
            f"Ketepatan waktu regulasi turunan terkait {_factor(v, fmt)} tidak menunjukkan "
            "hambatan berarti."
        ),
    },
    "en": {
        "mandates.status_counts": _counts_en,
        "mandates.delay": "The median delay was {median:int} days (longest {max:int} days).",
        "mandates.overdue": lambda v, fmt: (
            f"The instruments not yet issued ({', '.join(str(i) for i in v['ids'])}; see the "
            f"list of instruments) are a median {fmt.int(v['median'])} days past their deadline."
        ),
        "mandates.none_due": "As of {as_of:date}, no mandate was due yet.",
        "mandates.few_due": (
            "Only {due:int} mandates are due; the evidence from implementing regulations is "
            "rated weak at most."
        ),
        "mandates.not_due": (
            "{n:int} mandates are not yet due as of {as_of:date} and are not judged."
        ),
        "mandates.no_due_date": (
            "{n:int} mandates have no deadline, so their timeliness cannot be judged; fill in "
            "their deadlines (column due_date of the mandates table)."
        ),
        "mandates.factor_none_due": lambda v, fmt: (
            f"No mandate related to {_factor(v, fmt)} was due as of {fmt.date(v['as_of'])}."
        ),
        "mandates.not_due_detail": lambda v, fmt: f"{_mandates(v['n'], fmt)} not yet due",
        "mandates.detail": lambda v, fmt: _detail(v, fmt, "en"),
        "mandates.barrier": lambda v, fmt: (
            f"{fmt.int(v['late_or_missing'])} of the {fmt.int(v['due'])} implementing "
            f"regulations and instruments related to {_factor(v, fmt)} that were due were late "
            f"or not issued as of {fmt.date(v['as_of'])} ({fmt.pct(v['share'])}); these delays "
            f"are associated with a barrier in {_factor(v, fmt)}."
        ),
        "mandates.enabler": lambda v, fmt: (
            f"Implementing regulations and instruments related to {_factor(v, fmt)} were mostly "
            f"issued on time as of {fmt.date(v['as_of'])}: this aspect is not recorded as a "
            "barrier."
        ),
        "mandates.neutral": lambda v, fmt: (
            f"The timeliness of implementing regulations related to {_factor(v, fmt)} shows no "
            "material barrier."
        ),
    },
}

LABELS = {
    "id": {
        "mandate_status": {
            "on_time": "tepat waktu",
            "late": "terlambat",
            "missing": "belum terbit (lewat tenggat)",
            "not_due": "belum jatuh tempo",
            "no_due_date": "tanpa tenggat",
        },
        "instrument_type": {
            "perwal": "Peraturan Wali Kota",
            "kepwal": "Keputusan Wali Kota",
            "sop": "SOP",
            "body": "Lembaga/badan",
            "masterplan": "Rencana induk",
            "other": "Lainnya",
        },
        "mandates_plot": {
            "due": "tenggat",
            "xlabel": "Tanggal (posisi per {as_of})",
            "title": "Penerbitan regulasi turunan: tenggat dan tanggal terbit",
        },
    },
    "en": {
        "mandate_status": {
            "on_time": "on time",
            "late": "late",
            "missing": "not issued (past deadline)",
            "not_due": "not yet due",
            "no_due_date": "no deadline",
        },
        "instrument_type": {
            "perwal": "Mayoral regulation",
            "kepwal": "Mayoral decree",
            "sop": "SOP",
            "body": "Institution/body",
            "masterplan": "Master plan",
            "other": "Other",
        },
        "mandates_plot": {
            "due": "deadline",
            "xlabel": "Date (status as of {as_of})",
            "title": "Issuance of implementing regulations: deadline and date issued",
        },
    },
}


def status_table(result: Any, language: str | None = None) -> pd.DataFrame:
    """The mandates table for display: ``result.table`` (or that table itself) plus
    ``status_label`` and ``type_label``, the status and instrument type in words of the
    language (an unknown instrument type prints as given)."""
    from evaltools.prose import labels

    table = result if isinstance(result, pd.DataFrame) else result.table
    status = labels("mandate_status", language)
    types = labels("instrument_type", language)
    out = table.copy()
    out["status_label"] = out["status"].map(lambda c: status.get(c, str(c)))
    out["type_label"] = out["instrument_type"].map(lambda c: types.get(c, str(c)))
    return out
