"""Chapters 02, 04, 05: the written text carries no hard-wired level, year or shock (issue 12)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


@pytest.mark.parametrize(
    "name", ["02-anggaran-refocusing", "04-layanan-publik-its", "05-perbandingan-daerah"]
)
def test_chapter_text_has_no_fixed_level_or_demo_shock(name):
    nb = json.loads((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert not re.search(r"\b\d{2}\s?%", text), "a confidence level written in the text"
    for word in (
        "covid",
        "pandemi",
        "ppkm",
        "psbb",
        "refocusing nasional",
        "lima pembanding",
        "1/6",
        "2020",
    ):
        assert word not in text.lower(), word
