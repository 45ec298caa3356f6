"""The editable DOCX edition (issue 14): headings, tables and figures survive the conversion,
and pandoc reads nothing but the document (no file, no URL)."""

from __future__ import annotations

import base64
import io
import re
import zipfile

import pytest

from evaltools.cli import build_parser
from evaltools.errors import ParameterError
from evaltools.report.docx import docx_html, write_docx


def _png() -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.plot([0, 1], [0, 1])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _document(extra: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="id"><head><title>T</title><style>h1{color:red}</style>'
        '</head><body><span class="doc-title">Judul berjalan</span>'
        '<nav class="front-matter toc"><h1>Daftar Isi</h1></nav>'
        "<h1>Pesan Kunci</h1><p>Satu pesan.</p><h2>Fakta</h2>"
        "<table><thead><tr><th>Kode</th><th>Nilai</th></tr></thead>"
        "<tbody><tr><td>M01</td><td>39,4%</td></tr></tbody></table>"
        f'<img src="{_png()}" alt="Diagram batang capaian">' + extra + "</body></html>"
    )


def _parts(path):
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    return xml, media


def test_docx_has_the_headings_tables_and_figures(tmp_path):
    out = write_docx(_document(), tmp_path / "report.docx")
    xml, media = _parts(out)
    styles = set(re.findall(r'w:pStyle w:val="([^"]+)"', xml))
    assert {"Heading1", "Heading2"} <= styles
    assert xml.count("<w:tbl>") == 1 and "39,4%" in xml
    assert len(media) == 1
    assert 'descr="Diagram batang capaian"' in xml  # the alt text goes along
    # the page-numbered table of contents and the hidden running title are left to Word
    assert "Daftar Isi" not in xml and "Judul berjalan" not in xml


def test_pandoc_fetches_no_file_and_no_url(tmp_path):
    secret = tmp_path / "secret.png"
    secret.write_bytes(base64.b64decode(_png().split(",", 1)[1]))
    extra = f'<img src="file://{secret}" alt="x"><img src="{secret}" alt="y">'
    out = write_docx(_document(extra), tmp_path / "report.docx")
    _, media = _parts(out)
    assert len(media) == 1  # only the data: URI figure


def test_docx_html_removes_css_and_toc():
    html = docx_html(_document())
    assert "<style" not in html and "Daftar Isi" not in html and "Pesan Kunci" in html


def test_cli_accepts_format_docx_and_run_refuses_unknown_formats(tmp_path):
    args = build_parser(["run"]).parse_args(["run", "--format", "docx"])
    assert args.format == ["docx"]
    from evaltools.runner import run

    with pytest.raises(ParameterError, match="format must be one of"):
        run(out=tmp_path, formats=["odt"])


@pytest.mark.slow
def test_the_demo_report_converts_with_its_tables_and_figures(demo_report, tmp_path):
    """End to end on the demo: the report.html a run writes (the same document as the PDF)
    becomes a DOCX that keeps every figure and at least as many tables as the chapters show."""
    document = (demo_report.run_dir / "report.html").read_text(encoding="utf-8")
    out = write_docx(document, tmp_path / "report.docx")
    xml, media = _parts(out)
    n_img = len(re.findall(r"<img\b", document))
    assert n_img > 0 and len(media) >= 1
    # every figure of the HTML has its picture (pictures repeated in the HTML share one file)
    assert xml.count("<pic:pic") == n_img
    assert xml.count("<w:tbl>") >= 10
    assert "Pesan Kunci" in xml and "Daftar Pustaka" in xml
