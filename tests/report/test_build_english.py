"""The report's furniture outside the chapters in English (issue 11): Lampiran B (data audit),
Lampiran C (parameters and provenance), Lampiran D (changes), the PDF metadata, the page
footer, the cut mark and the traffic-light table take the report's language; the Indonesian
edition keeps its words (pinned below).

"No Indonesian" is checked twice: by the sentence detector of tests/indonesian_text.py, and
word by word against every Indonesian word of evaltools.prose.report (headers such as "Berkas"
or "Detik" hold no function word, so the detector alone would miss them).
"""

from __future__ import annotations

import datetime as dt
import html
import re

import nbformat
import pandas as pd
import pytest
from indonesian_text import html_blocks, indonesian_sentences
from test_build import CONTEXT, ROW, _manifest

from evaltools.prose import labels
from evaltools.prose.report import LABELS, TEMPLATES, WORDS
from evaltools.report import ReportMeta, build_html, traffic_light_table
from evaltools.report.build import (
    _audit_html,
    _changes_html,
    _provenance_html,
    bound_text,
    report_css,
)

DATA_STRINGS = ["Kota Bekasi", "Kota Depok", "Perda No. 2/2020", "Kota Bogor"]


def _rich_manifest():
    return _manifest(
        params={"region": "Kota Depok", "confidence_level": 0.995, "flag": True, "ratio": 1.5},
        origins={
            "region": "baris perintah",
            "flag": "baris perintah",
            "ratio": "tabel context pada data",
            "peers": "berkas konfigurasi",
        },
        run_name="2026-12-01_demo",
        started_at="2026-12-01T10:11:12",
        finished_at="2026-12-01T10:21:00",
        git_commit=None,
        inputs={"a.csv": {"bytes": 1234567, "sha256": "f" * 64}},
        notebooks={
            "01-a.ipynb": {"status": "ok", "seconds": 1234.5, "sha256": "e" * 64},
            "02-b.ipynb": {"status": "failed", "seconds": 1.0, "sha256": ""},
            "03-c.ipynb": {"status": "skipped", "seconds": None, "sha256": ""},
            "04-d.ipynb": {"status": "pending"},
        },
        versions={"python": "3.12"},
    )


AUDIT = {
    "summary": "",
    "sources": [{"source_id": "S1", "title": "T", "publisher": "P", "quality": "official"}],
    "synthetic": True,
    "context": CONTEXT,
}
CHANGES = {
    "previous": "r1",
    "rows": [
        {"section": "causes", "item": "resources.verdict", "old": "strong", "new": "moderate"},
        {"section": "recommendations", "item": "x", "old": None, "new": "present"},
        {"section": "dimensions", "item": "economy.estimate", "old": -0.0912, "new": -0.05},
        {"section": "stagnant", "item": "dimensions_flagged", "old": ["economy"], "new": []},
        {"section": "parameters", "item": "flag", "old": True, "new": False},
    ],
}


def _indonesian_words() -> set[str]:
    """Every Indonesian word of the report's furniture that is not also an English one."""
    english: set[str] = set()
    indonesian: set[str] = set()
    for lang, bucket in (("en", english), ("id", indonesian)):
        for value in WORDS[lang].values():
            bucket.update(value.values() if isinstance(value, dict) else [value])
        for kind in LABELS[lang].values():
            bucket.update(kind.values())
        bucket.update(labels("parameter_origin", lang).values())
    # format fields and the sentinels around them are not words
    pieces = set()
    for text in indonesian - english:
        pieces.update(p.strip(" .,:;()") for p in re.split(r"\{\w+\}|%\w", text))
    return {p for p in pieces if len(p) >= 2 and p not in english and not p.startswith("…")}


def _furniture_left(document: str) -> list[str]:
    """Indonesian furniture words found in the visible text (whole words) of ``document``."""
    text = "\n".join(html_blocks(document))
    return sorted(
        w for w in _indonesian_words() if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)
    )


def _english_free_of_indonesian(document: str) -> None:
    assert indonesian_sentences(document, DATA_STRINGS) == []
    assert _furniture_left(document) == []


def test_the_report_words_have_the_same_keys_in_both_languages():
    assert set(LABELS["id"]) == set(LABELS["en"])
    for kind in LABELS["id"]:
        assert set(LABELS["id"][kind]) == set(LABELS["en"][kind]), kind
    assert set(TEMPLATES["id"]) == set(TEMPLATES["en"])


def test_the_word_check_can_fail():
    # the Indonesian appendix is caught by both checks
    markup = _provenance_html(_rich_manifest(), CONTEXT)
    assert indonesian_sentences(markup, DATA_STRINGS)
    assert {"Berkas", "Detik", "berhasil", "baris perintah"} <= set(_furniture_left(markup))


def test_provenance_in_english():
    markup = _provenance_html(_rich_manifest(), CONTEXT, language="en")
    _english_free_of_indonesian(markup)
    rows = {m["name"]: tuple(html.unescape(m[k]) for k in ("label", "value", "origin"))
            for m in ROW.finditer(markup)}  # fmt: skip
    from_context = "context table of the data (parameter left empty)"
    assert rows["region"] == ("Evaluated region", "Kota Depok", "command line")
    assert rows["regulation"][1:] == ("Perda No. 2/2020", from_context)
    assert rows["enactment_date"][1:] == ("24 February 2020", from_context)
    assert rows["peers"] == (
        "Comparison regions",
        "every region of the panel other than the evaluated region",
        "notebook default",
    )
    assert rows["confidence_level"] == ("Confidence level", "99.5%", "notebook default")
    # the manifest's Indonesian origin words, printed in English
    assert rows["data_path"][1:] == ("demo", "evaltools run default (demo data)")
    assert rows["flag"][1:] == ("yes", "command line")
    assert rows["ratio"][1:] == ("1.5", "context table of the data")
    for text in (
        "<th>Started</th><td>1 December 2026, 10:11:12</td>",
        "<th>Git commit</th><td>not available</td>",
        "<th>Config file</th><td>none (defaults)</td>",
        '<td class="num">1,234,567</td>',
        '<td>01-a.ipynb</td><td>succeeded</td><td class="num">1,234.5</td>',
        "<td>04-d.ipynb</td><td>not run</td>",
        "<h2>Software versions</h2>",
        "filled from the <em>context</em> table",
    ):
        assert text in markup, text


def test_an_origin_of_no_known_kind_is_printed_as_recorded():
    manifest = _manifest(origins={"region": "hand <edited>"})
    rows = {m["name"]: html.unescape(m["origin"]) for m in ROW.finditer(
        _provenance_html(manifest, {}, language="en"))}  # fmt: skip
    assert rows["region"] == "hand <edited>"
    assert rows["evaluation_start"] == "notebook default"


def test_audit_and_changes_in_english():
    audit = _audit_html(AUDIT, [], language="en")
    _english_free_of_indonesian(audit)
    assert "<strong>ILLUSTRATIVE DATA — not official data.</strong>" in audit
    assert "<th>Code</th><th>Title</th><th>Publisher</th><th>Quality</th>" in audit
    assert "<td>official</td>" in audit
    assert "nothing to audit" in _audit_html(None, [], language="en")

    changes = _changes_html(CHANGES, language="en")
    _english_free_of_indonesian(changes)
    assert "(run folder <code>r1</code>)" in changes and "<p>5 changes.</p>" in changes
    assert "<td>Causes</td><td>Resources: judgement</td><td>strong</td><td>moderate</td>" in (
        changes
    )
    assert "<td>dimensions that stalled</td><td>Economy</td><td>–</td>" in changes
    assert "<td>–</td><td>present</td>" in changes and "<td>yes</td><td>no</td>" in changes
    assert "<td>-0.091</td>" in changes or "<td>−0.091</td>" in changes
    one = _changes_html({**CHANGES, "rows": CHANGES["rows"][:1]}, language="en")
    assert "<p>1 change.</p>" in one
    none = _changes_html({"previous": "r0", "rows": []}, language="en")
    _english_free_of_indonesian(none)
    assert "No changes" in none


def _meta(language: str) -> ReportMeta:
    return ReportMeta(
        regulation="Perda No. 2/2020",
        region="Kota Bekasi",
        period="2017–2023",
        created=dt.datetime(2022, 2, 22, 9, 30),
        version="1",
        synthetic=True,
        language=language,
    )


def test_pdf_metadata_footer_and_cut_mark_follow_the_language():
    meta = _meta("en")
    assert meta.description == (
        "Implementation evaluation report of Perda No. 2/2020, Kota Bekasi, period 2017–2023. "
        "ILLUSTRATIVE DATA — not official data."
    )
    assert meta.keywords == "policy evaluation, Perda No. 2/2020, Kota Bekasi"
    assert 'content: "Page " counter(page) " of " counter(pages);' in report_css("en")
    cell = "<table><tr><td>" + "ab " * 1500 + "</td></tr></table>"
    assert " … [cut]" in bound_text(cell, language="en")
    assert "dipotong" not in bound_text(cell, language="en")


def test_the_whole_english_document_outside_the_chapters(tmp_path):
    nb = nbformat.v4.new_notebook()
    audit_cell = nbformat.v4.new_markdown_cell("## Checks\n\nAll tables were read.")
    audit_cell.metadata["tags"] = ["data-audit"]
    nb.cells = [nbformat.v4.new_markdown_cell("# Chapter One\n\nText."), audit_cell]
    path = tmp_path / "01-one.ipynb"
    nbformat.write(nb, path)
    doc = build_html(
        [path], meta=_meta("en"), manifest=_rich_manifest(), data_audit=AUDIT, changes=CHANGES
    )
    body = doc[doc.index("<body>") :]
    _english_free_of_indonesian(body)
    for title in (
        "Methods and Assumptions",
        "Data Audit",
        "Parameters and Provenance",
        "Changes since the Previous Report",
        "The workbooks have no notes on methods.",
    ):
        assert title in body, title
    head = doc[: doc.index("<body>")]
    assert 'content="Implementation evaluation report of' in head
    assert 'content: "Page " counter(page) " of " counter(pages)' in head
    assert 'content: "ILLUSTRATIVE DATA — not official data"' in head


def test_traffic_light_table_in_english():
    table = pd.DataFrame(
        {"factor": ["resources"], "strength": ["against"], "finding": ["Budget was cut."]}
    )
    markup = traffic_light_table(table, verdict="finding", language="en").markup
    _english_free_of_indonesian(markup)
    assert "<th>Factor</th><th>Strength of evidence</th><th>Finding</th>" in markup
    assert "<caption>Causes supported by the evidence, ranked by strength of evidence" in markup
    assert ">Resources</td>" in markup
    assert "<caption>" not in traffic_light_table(table, caption=None, language="en").markup


# ------------------------------------------------------------ the Indonesian edition, pinned


def test_the_indonesian_edition_keeps_its_words(tmp_path):
    markup = _provenance_html(_rich_manifest(), CONTEXT)
    for text in (
        "<p>Bagian ini memungkinkan siapa pun memeriksa bahwa laporan dibuat dari data, buku "
        "kerja dan parameter yang disebutkan: sidik SHA-256 setiap berkas berubah bila isi "
        "berkas berubah sedikit pun.</p>",
        "<th>Mulai</th><td>1 Desember 2026, pukul 10.11.12</td>",
        "<th>Commit git</th><td>tidak tersedia</td>",
        "<th>Berkas konfigurasi</th><td>tidak ada (nilai bawaan)</td>",
        "<p>Nilai yang benar-benar dipakai dalam analisis. Parameter yang dibiarkan kosong "
        "(atau 0) diisi dari tabel <em>context</em> pada data masukan.</p>",
        "<td>Daerah yang dievaluasi<br>",
        "<td>semua daerah pada panel selain daerah yang dievaluasi</td><td>bawaan notebook</td>",
        "<td>99,5%</td>",
        "<td>ya</td><td>baris perintah</td>",
        "<td>1,5</td><td>tabel context pada data</td>",
        "<td>tabel context pada data (parameter dibiarkan kosong)</td>",
        '<th>Berkas</th><th class="num">Bita</th>',
        '<td class="num">1.234.567</td>',
        "<td>01-a.ipynb</td><td>berhasil</td>",
        "<td>04-d.ipynb</td><td>belum dijalankan</td>",
        "<h2>Buku kerja (notebook)</h2>",
        "<h2>Versi perangkat lunak</h2>",
    ):
        assert text in markup, text
    changes = _changes_html(CHANGES)
    assert (
        "<p>Dibandingkan dengan laporan sebelumnya dari evaluasi yang sama (folder run "
        "<code>r1</code>), berdasarkan <code>manifest.json</code> dan "
        "<code>findings.json</code> kedua laporan.</p><p>5 perubahan.</p>"
    ) in changes
    assert "<th>Bagian</th><th>Butir</th><th>Sebelumnya</th><th>Sekarang</th>" in changes
    assert "<td>ya</td><td>tidak</td>" in changes
    audit = _audit_html(AUDIT, [])
    assert (
        "<p><strong>DATA ILUSTRASI — bukan data resmi.</strong> Sekurang-kurangnya satu sumber "
        "data bermutu sintetis: temuan hanya ilustrasi.</p>"
    ) in audit
    # the quality code is written as its word (it printed the code "official" before)
    assert "<td>resmi</td>" in audit
    meta = _meta("id")
    assert meta.description == (
        "Laporan evaluasi implementasi Perda No. 2/2020, Kota Bekasi, periode 2017–2023. "
        "DATA ILUSTRASI — bukan data resmi."
    )
    assert meta.keywords == "evaluasi kebijakan, Perda No. 2/2020, Kota Bekasi"
    assert 'content: "Halaman " counter(page) " dari " counter(pages);' in report_css()
    cell = "<table><tr><td>" + "ab " * 1500 + "</td></tr></table>"
    assert bound_text(cell).endswith(" … [dipotong]</td></tr></table>")


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_style_sheet_renders_whole(language):
    # a Jinja template now: its first and last characters are those of the CSS
    css = report_css(language)
    assert css.startswith("/* A4 report") and css.endswith("}\n") and "{{" not in css
