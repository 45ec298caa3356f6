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
    summary = _flat(" ".join(pages[start : start + 2]))
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
    for needle in (
        "Traceback",
        "import evaltools",
        "open_workbook(",
        "show_table(",
        "def ",
        "Warning:",
        "<matplotlib",
        "DataFrame",
        "NaN",
    ):
        assert needle not in text, needle


def test_skipped_chapters_when_optional_tables_are_absent(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(REPO / "data" / "demo", data)
    (data / "peer_panel.csv").unlink()
    (data / "interview_codes.csv").unlink()
    result = run(
        data=data,
        out=tmp_path / "out",
        notebooks=["05-perbandingan-daerah", "07-wawancara", "08-diagnosis-rekomendasi"],
    )
    assert result.ok, result.message
    status = {name: nb["status"] for name, nb in result.manifest["notebooks"].items()}
    assert status == {
        "05-perbandingan-daerah.ipynb": "skipped",
        "07-wawancara.ipynb": "skipped",
        "08-diagnosis-rekomendasi.ipynb": "ok",
    }
    text = _flat(" ".join(p.extract_text() or "" for p in PdfReader(str(result.report)).pages))
    assert (
        "Bab ini tidak disusun karena data yang diperlukan tidak tersedia: tabel peer_panel" in text
    )
    assert "tabel interview_codes" in text
    assert "Perbandingan dengan Daerah Lain" in text


# --------------------------------------------------------------------------------------------
# evaltools verify / compare on the real demo run (issue 10: a received report can be checked)


@pytest.mark.slow
def test_verify_reproduces_the_demo_run_and_lists_what_differs(demo_report, tmp_path, capsys):
    from evaltools.cli import main
    from evaltools.runner.verify import verify

    run_dir = demo_report.run_dir
    result = verify(run_dir)
    assert result.ok, result.differences
    assert [c["check"] for c in result.checks] == [
        "report.pdf",
        "findings.json",
        "inputs",
        "findings",
    ]
    assert main(["verify", str(run_dir)]) == 0
    assert "Reproduced." in capsys.readouterr().out

    # A copy whose findings were edited: the file no longer matches the manifest, and the
    # re-run disagrees with the edited verdict.
    copy = tmp_path / "run"
    shutil.copytree(run_dir, copy, symlinks=True)
    findings = json.loads((copy / "findings.json").read_text(encoding="utf-8"))
    findings["stagnant"]["strength"] = (
        "strong" if findings["stagnant"]["strength"] != "strong" else "weak"
    )
    (copy / "findings.json").write_text(json.dumps(findings), encoding="utf-8")
    edited = verify(copy)
    assert not edited.ok
    assert "findings.json: SHA-256 differs from the manifest" in edited.differences
    assert any(d.startswith("stagnant.strength:") for d in edited.differences)
    assert main(["verify", str(copy)]) == 1
    assert "NOT reproduced" in capsys.readouterr().out

    # Inputs moved and one changed: --data points to them, the changed file is named.
    data = tmp_path / "data"
    shutil.copytree(demo_report.manifest["data"], data)
    with open(data / "mandates.csv", "a", encoding="utf-8") as fh:
        fh.write("\n")
    moved = verify(run_dir, data=data)
    assert "inputs/mandates.csv: changed" in moved.differences


@pytest.mark.slow
def test_compare_the_demo_run_with_itself_finds_no_change(demo_report, capsys):
    from evaltools.cli import main
    from evaltools.runner.compare import compare

    assert compare(demo_report.run_dir, demo_report.run_dir) == []
    assert main(["compare", str(demo_report.run_dir), str(demo_report.run_dir)]) == 0
    assert "No changes" in capsys.readouterr().out


@pytest.mark.slow
def test_a_rerun_reports_what_changed_since_the_previous_report(demo_report, demo_rerun):
    """A second run into the same output folder gets Lampiran D, built from the previous run's
    manifest.json and findings.json (here: a different confidence level and region; the rerun
    is the session's ``demo_rerun``, in a copy of the demo run's output folder)."""
    again = demo_rerun
    html_text = (again.run_dir / "report.html").read_text(encoding="utf-8")
    assert "Lampiran D" in html_text and "Perubahan sejak Laporan Sebelumnya" in html_text
    assert demo_report.run_dir.name in html_text  # names the previous run
    assert "<td>confidence_level</td><td>0,950</td><td>0,900</td>" in html_text
    text = "\n".join(p.extract_text() for p in PdfReader(again.run_dir / "report.pdf").pages)
    assert "Perubahan sejak Laporan Sebelumnya" in text
    # the first run had no previous report: no such appendix
    first = (demo_report.run_dir / "report.html").read_text(encoding="utf-8")
    assert "Perubahan sejak Laporan Sebelumnya" not in first
