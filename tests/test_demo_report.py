"""End to end: `evaltools run` on the demo data with the real chapter notebooks, read back from
the PDF (issue: one command from parameters to a DPRD-ready PDF). Also the path where a
researcher's data lack optional tables: those chapters say so instead of failing the run."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

import evaltools
from evaltools.report.notebook_html import notebook_title
from evaltools.runner import run

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def demo_run(demo_report):
    result = demo_report  # one demo run per session (tests/conftest.py)
    reader = PdfReader(str(result.report))
    pages = [page.extract_text() or "" for page in reader.pages]
    return result, reader, pages


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_cover(demo_run):
    _, _, pages = demo_run
    cover = _flat(pages[0])
    assert "Evaluasi Implementasi Perda No. 2/2020" in cover
    assert "Kota Bekasi" in cover and "2018–2023" in cover
    assert "DATA ILUSTRASI — bukan data resmi" in cover


def test_executive_summary_lists_the_ranked_causes_of_the_diagnosis(demo_run):
    _, _, pages = demo_run
    data = evaltools.load_data(REPO / "data" / "demo")
    ranked = evaltools.diagnosis.diagnose(data).table
    supported = ranked[ranked["verdict"].isin(["strong", "moderate", "weak"])].sort_values("rank")
    start = next(i for i, p in enumerate(pages) if "Ringkasan Eksekutif" in p)
    summary = _flat(" ".join(pages[start:start + 2]))
    table_part = summary.split("Faktor yang diperiksa sebagai penyebab stagnasi, diurutkan")[1]
    positions = [table_part.find(label.split(" (")[0]) for label in supported["factor_label"]]
    assert all(p >= 0 for p in positions), (list(supported["factor_label"]), table_part[:400])
    assert positions == sorted(positions), "ranked causes out of the diagnosis' order"
    # The planted story of the demo: disposition first (data/demo/planted.json).
    planted = json.loads((REPO / "data" / "demo" / "planted.json").read_text())
    assert supported["factor"].iloc[0] == planted["causes_ranked"][0]


def test_every_chapter_title_and_page_numbers(demo_run):
    _, reader, pages = demo_run
    text = _flat(" ".join(pages))
    for path in NOTEBOOKS:
        title = notebook_title(nbformat.read(str(path), as_version=4), path.stem)
        assert _flat(title) in text, f"chapter title missing from the PDF: {title}"
    n = len(reader.pages)
    for i, page in enumerate(pages, 1):
        assert f"Halaman {i} dari {n}" in page
        assert "DATA ILUSTRASI — bukan data resmi" in page


def test_no_code_or_traceback_in_the_pdf(demo_run):
    _, _, pages = demo_run
    text = " ".join(pages)
    for needle in ("Traceback", "import evaltools", "open_workbook(", "show_table(", "def ",
                   "Warning:", "<matplotlib", "DataFrame", "NaN"):
        assert needle not in text, needle


def test_skipped_chapters_when_optional_tables_are_absent(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data" / "demo", data)
    (data / "peer_panel.csv").unlink()
    (data / "interview_codes.csv").unlink()
    result = run(data=data, out=tmp_path / "out",
                 notebooks=["05-perbandingan-daerah", "07-wawancara", "08-diagnosis-rekomendasi"])
    assert result.ok, result.message
    status = {name: nb["status"] for name, nb in result.manifest["notebooks"].items()}
    assert status == {"05-perbandingan-daerah.ipynb": "skipped", "07-wawancara.ipynb": "skipped",
                      "08-diagnosis-rekomendasi.ipynb": "ok"}
    text = _flat(" ".join(p.extract_text() or "" for p in PdfReader(str(result.report)).pages))
    assert "Bab ini tidak disusun karena data yang diperlukan tidak tersedia: tabel peer_panel" in text
    assert "tabel interview_codes" in text
    assert "Perbandingan dengan Daerah Lain" in text
