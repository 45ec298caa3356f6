"""Issue 14: the report's layout rules and its accessible, archival PDF, checked on the pages of
two reports from different data — the demo and a synthetic story with no planted effect
(``evaltools.data.stories``, 'null') — read back with pypdf.

* page 2 is the Pesan Kunci (key messages);
* no page ends in a heading (the last body line of every page is not heading-styled);
* no page is more than about half empty before a figure;
* tagged PDF: structure tree, marked content, document language, alt text on every figure,
  PDF/A-3a identification in the XMP metadata, findings.json/manifest.json attached;
* no absolute path of the machine anywhere (text, metadata, attachments).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from evaltools.runner import run

pytestmark = pytest.mark.slow

A4_HEIGHT = 841.89
TOP_MARGIN = 2.2 / 2.54 * 72  # report.css @page margins
BOTTOM_MARGIN = 2.3 / 2.54 * 72
BODY_TOP = A4_HEIGHT - TOP_MARGIN
BODY_HEIGHT = A4_HEIGHT - TOP_MARGIN - BOTTOM_MARGIN
#: A heading is set in DejaVu Sans Bold at 10–18 pt (report.css h1–h4); body text is serif,
#: table text 8.5 pt sans. Tables' header cells are bold sans too but at 8.5 pt.
HEADING_MIN_PT = 10.5
#: Most of a page's body height that may stay empty before a figure on the next page.
MAX_EMPTY_BEFORE_FIGURE = 0.55


@pytest.fixture(scope="module")
def null_report(tmp_path_factory):
    from evaltools.data import stories

    root = tmp_path_factory.mktemp("null-story")
    data = stories.write("null", root / "data", seed=7)
    result = run(data=data, out=root / "reports")
    assert result.ok, result.message
    return result


@pytest.fixture(params=["demo", "null"])
def report(request, demo_report, null_report):
    return demo_report if request.param == "demo" else null_report


def _page_items(page) -> list[dict]:
    """Text runs and images of a page: kind, y (bottom, PDF points), size and font."""
    items: list[dict] = []

    def text_visitor(text, cm, tm, font, size):
        if not text.strip():
            return
        scale = abs(tm[3] * cm[3]) or 1.0
        name = str((font or {}).get("/BaseFont", ""))
        items.append(
            {
                "kind": "text",
                "y": tm[5] * cm[3] + cm[5],
                "pt": size * scale,
                "font": name,
                "text": text.strip(),
            }
        )

    def op_visitor(op, args, cm, tm):
        if op == b"Do":
            items.append(
                {"kind": "image", "y": cm[5], "top": cm[5] + cm[3], "pt": 0, "font": "", "text": ""}
            )

    page.extract_text(visitor_text=text_visitor, visitor_operand_before=op_visitor)
    # The running header and footer are outside the body area.
    return [i for i in items if BOTTOM_MARGIN - 2 <= i["y"] <= BODY_TOP + 2]


def _is_heading(item: dict) -> bool:
    return (
        item["kind"] == "text"
        and "Sans" in item["font"]
        and "Bold" in item["font"]
        and item["pt"] >= HEADING_MIN_PT
    )


@pytest.fixture
def pages(report):
    reader = PdfReader(str(report.report))
    return reader, [_page_items(p) for p in reader.pages]


def test_page_two_is_the_key_messages(report):
    reader = PdfReader(str(report.report))
    text = reader.pages[1].extract_text()
    assert "Pesan Kunci" in text
    findings = json.loads((report.run_dir / "findings.json").read_text(encoding="utf-8"))
    # the stagnation answer of findings.json is the first key message, with its strength
    assert "Apakah implementasi stagnan" in text
    strength = {"strong": "kuat", "moderate": "sedang", "weak": "lemah"}.get(
        findings["stagnant"]["strength"], "tidak ada"
    )
    assert f"kekuatan bukti: {strength}" in re.sub(r"\s+", " ", text)


def test_no_page_ends_in_a_heading(pages):
    _, items = pages
    headings = 0
    for number, page in enumerate(items, 1):
        body = [i for i in page if i["kind"] in ("text", "image")]
        headings += sum(_is_heading(i) for i in body)
        if not body:
            continue
        last = min(body, key=lambda i: i["y"])
        assert not _is_heading(last), f"page {number} ends with the heading {last['text']!r}"
    assert headings >= 10, "no headings recognised: the check would be vacuous"


def _starts_section(page: list[dict]) -> bool:
    """The page opens a chapter or section (a page break the template forces)."""
    top = max(page, key=lambda i: i["y"], default=None)
    return any(
        _is_heading(i) and i["pt"] >= 16 for i in page if i["y"] >= (top or {"y": 0})["y"] - 40
    )


def _opens_with_figure(page: list[dict]) -> bool:
    """The page's first block is a figure (at most a heading or two lines above it)."""
    images = [i for i in page if i["kind"] == "image"]
    if not images:
        return False
    first_top = max(i.get("top", i["y"]) for i in page)
    return max(i["top"] for i in images) >= first_top - 45


def test_no_page_is_more_than_half_empty_before_a_figure(pages):
    _, items = pages
    for number in range(1, len(items)):
        nxt = [i for i in items[number] if i["kind"] in ("text", "image")]
        if not nxt or _starts_section(nxt) or not _opens_with_figure(nxt):
            continue
        here = [i for i in items[number - 1] if i["kind"] in ("text", "image")]
        lowest = min((i["y"] for i in here), default=BODY_TOP)
        empty = (lowest - BOTTOM_MARGIN) / BODY_HEIGHT
        assert empty <= MAX_EMPTY_BEFORE_FIGURE, (
            f"page {number} is {empty:.0%} empty before the figure on page {number + 1}"
        )


def _outline_pages(reader) -> dict[str, int]:
    return {
        str(item.title): reader.get_destination_page_number(item) + 1
        for item in reader.outline
        if not isinstance(item, list)
    }


def test_executive_summary_is_at_most_two_pages(report):
    reader = PdfReader(str(report.report))
    pages = _outline_pages(reader)
    assert pages["Pesan Kunci"] == 2
    assert pages["Ringkasan Eksekutif"] == 3
    assert pages["Daftar Isi"] - pages["Ringkasan Eksekutif"] <= 2


def test_back_matter_is_drawn_from_the_data(report):
    reader = PdfReader(str(report.report))
    pages = _outline_pages(reader)
    for title in ("Keterbatasan", "Daftar Istilah", "Daftar Pustaka"):
        assert title in pages, title
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    # pypdf splits some kerned pairs ("T erpadu"): names are compared without spaces
    packed = re.sub(r"\s+", "", text)
    from evaltools import load_data

    manifest = json.loads((report.run_dir / "manifest.json").read_text(encoding="utf-8"))
    data = load_data(manifest["data"])
    for sid in data.sources["source_id"]:
        assert f"[{sid}]" in text  # every source listed in the Daftar Pustaka
    assert "Landis, J. R. & Koch, G. G. (1977)" in text
    if data.agencies is not None:
        for name in data.agencies["name"]:
            assert re.sub(r"\s+", "", name) in packed  # full names in the Daftar Istilah


def _struct_elements(node, found):
    node = node.get_object()
    if isinstance(node, DictionaryObject):
        if node.get("/S") is not None:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            _struct_elements(kids, found)
    elif isinstance(node, ArrayObject):
        for kid in node:
            _struct_elements(kid, found)
    return found


def test_tagged_pdf_with_language_and_alt_text_on_every_figure(report):
    reader = PdfReader(str(report.report))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
    assert str(root["/Lang"]) == "id"
    elements = _struct_elements(root["/StructTreeRoot"], [])
    kinds = {str(e["/S"]) for e in elements}
    assert {"/H1", "/H2", "/Table", "/TH", "/Figure"} <= kinds, kinds
    figures = [e for e in elements if str(e["/S"]) == "/Figure"]
    assert figures
    for fig in figures:
        alt = str(fig.get("/Alt", "")).strip()
        assert alt and "No description" not in alt, "a figure without alt text"
    # every image drawn on a page is a tagged figure
    n_images = sum(1 for p in reader.pages for i in _page_items(p) if i["kind"] == "image")
    assert len(figures) >= n_images


def test_pdfa_identification_and_attachments(report):
    reader = PdfReader(str(report.report))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"pdfaid:part[^0-9]{1,3}3", xmp), xmp[:400]
    assert re.search(r"pdfaid:conformance[^A-Z]{1,3}A", xmp), xmp[:400]
    attached = reader.attachments
    assert {"findings.json", "manifest.json"} <= set(attached)
    findings = json.loads(attached["findings.json"][0])
    assert findings == json.loads((report.run_dir / "findings.json").read_text(encoding="utf-8"))


def test_no_absolute_path_of_the_machine_in_the_pdf(report):
    reader = PdfReader(str(report.report))
    texts = [p.extract_text() or "" for p in reader.pages]
    texts += [str(v) for v in (reader.metadata or {}).values()]
    texts += [b.decode("utf-8", "replace") for v in reader.attachments.values() for b in v]
    manifest = json.loads((report.run_dir / "manifest.json").read_text(encoding="utf-8"))
    machine = {
        str(Path(manifest["data"]).parent),
        str(report.run_dir.parent),
        str(Path(__file__).resolve().parents[2]),
        str(Path.home()),
    }
    for text in texts:
        flat = text.replace("\u200b", "").replace("\n", "")
        for path in machine:
            assert path not in flat, f"machine path {path} in the PDF"


def test_manifest_records_each_parameters_true_origin(demo_report, null_report):
    demo = json.loads((demo_report.run_dir / "manifest.json").read_text(encoding="utf-8"))
    origins = demo["parameter_sources"]
    # no --data and no config: the demo data are evaltools run's default, not a config file
    assert origins["data_path"] == "bawaan evaltools run (data demo)"
    # left empty (0 / ""): the notebooks take it from the data's context table
    assert origins["region"] == "tabel context pada data"
    assert origins["confidence_level"] == "bawaan notebook"
    null = json.loads((null_report.run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert null["parameter_sources"]["data_path"] == "baris perintah"  # --data
