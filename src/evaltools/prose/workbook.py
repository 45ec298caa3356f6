"""Words the notebooks' shared display helpers write (:mod:`evaltools.workbook`): the context
line of a chapter, the lead of a caveat paragraph and the words for true/false in a table."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _context(words: Mapping[str, str]):
    def render(v: Mapping[str, Any], fmt: Any) -> str:
        parts = []
        if v.get("region"):
            parts.append(f"{words['region']}: {v['region']}")
        if v.get("regulation"):
            reg = str(v["regulation"])
            if v.get("enacted") is not None:
                reg += f" ({words['enacted']} {fmt.date(v['enacted'])})"
            parts.append(f"{words['regulation']}: {reg}")
        if v.get("evaluation"):
            a, b = v["evaluation"]
            parts.append(f"{words['evaluation']}: {a}–{b}")
        if v.get("stagnation"):
            a, b = v["stagnation"]
            parts.append(f"{words['stagnation']}: {a}–{b}")
        text = "; ".join(parts) + "."
        if v.get("synthetic"):
            text += " " + words["synthetic"]
        return text

    return render


TEMPLATES = {
    "id": {
        "workbook.context": _context(
            {
                "region": "Daerah",
                "regulation": "regulasi",
                "enacted": "ditetapkan",
                "evaluation": "periode evaluasi",
                "stagnation": "periode yang dinilai stagnan",
                "synthetic": (
                    "Data yang dipakai adalah data ilustrasi (sintetis), bukan data resmi."
                ),
            }
        ),
        "workbook.note_lead": "Catatan:",
    },
    "en": {
        "workbook.context": _context(
            {
                "region": "Region",
                "regulation": "regulation",
                "enacted": "enacted",
                "evaluation": "evaluation period",
                "stagnation": "period assessed for a stall",
                "synthetic": "The data used are illustrative (synthetic), not official data.",
            }
        ),
        "workbook.note_lead": "Note:",
    },
}

LABELS = {
    "id": {"boolean": {"true": "ya", "false": "tidak"}},
    "en": {"boolean": {"true": "yes", "false": "no"}},
}
