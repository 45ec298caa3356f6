"""Lampiran C ("Parameter dan Provenans"): the parameter table shows the values actually used —
a parameter left at its notebook placeholder (0, "" or []) is filled from the data's context
table — and where each value came from; everything is HTML-escaped."""

from __future__ import annotations

import datetime as dt
import html
import re

import nbformat
import pandas as pd
import pytest

from evaltools.report import ReportMeta, build_html
from evaltools.report.build import _provenance_html

FROM_CONTEXT = "tabel context pada data (parameter dibiarkan kosong)"
ROW = re.compile(
    r'<tr><td>(?P<label>[^<]*)<br><span class="param-name">(?P<name>[^<]*)</span></td>'
    r"<td>(?P<value>[^<]*)</td><td>(?P<origin>[^<]*)</td></tr>"
)

# The notebooks' placeholders (tests/test_notebooks.py EXPECTED_PARAMETERS), as the runner
# records them when nothing is given: every origin is "bawaan notebook" except data_path.
DEFAULTS = {
    "data_path": "/srv/data/demo",
    "region": "",
    "regulation": "",
    "enactment_date": "",
    "evaluation_start": 0,
    "evaluation_end": 0,
    "stagnation_start": 0,
    "stagnation_end": 0,
    "peers": [],
    "confidence_level": 0.95,
}
CONTEXT = {
    "region": "Kota Bekasi",
    "regulation": "Perda No. 2/2020",
    "enactment_date": pd.Timestamp("2020-02-24"),
    "evaluation_start": 2017,
    "evaluation_end": 2023,
    "stagnation_start": 2020,
    "stagnation_end": 2021,
}


def _manifest(params=None, origins=None, **extra):
    parameters = {**DEFAULTS, **(params or {})}
    sources = {name: "bawaan notebook" for name in parameters}
    sources["data_path"] = "berkas konfigurasi"
    sources.update(origins or {})
    return {
        "parameters": parameters,
        "parameter_sources": sources,
        "notebooks": {},
        "versions": {},
        "config": None,
        **extra,
    }


def _rows(markup: str) -> dict[str, tuple[str, str, str]]:
    """name -> (label, value, origin) of the parameter table, unescaped."""
    found = {
        m["name"]: (
            html.unescape(m["label"]),
            html.unescape(m["value"]),
            html.unescape(m["origin"]),
        )
        for m in ROW.finditer(markup)
    }
    assert found, "no parameter row found"
    return found


def test_parameters_left_empty_show_the_context_value_and_say_so():
    rows = _rows(_provenance_html(_manifest(), CONTEXT))
    assert rows["region"] == ("Daerah yang dievaluasi", "Kota Bekasi", FROM_CONTEXT)
    assert rows["regulation"][1:] == ("Perda No. 2/2020", FROM_CONTEXT)
    assert rows["enactment_date"][1:] == ("24 Februari 2020", FROM_CONTEXT)  # Indonesian date
    for name, year in (
        ("evaluation_start", "2017"),
        ("evaluation_end", "2023"),
        ("stagnation_start", "2020"),
        ("stagnation_end", "2021"),
    ):
        assert rows[name][1:] == (year, FROM_CONTEXT), name
    # peers = [] means every other region of the panel, not a context value
    assert rows["peers"][1:] == (
        "semua daerah pada panel selain daerah yang dievaluasi",
        "bawaan notebook",
    )
    # never the placeholder itself
    assert all(value not in ("0", "") for _label, value, _origin in rows.values())


def test_given_parameters_are_shown_as_given_with_their_origin():
    manifest = _manifest(
        params={
            "region": "Kota Depok",
            "evaluation_start": 2018,
            "peers": ["Kota Bogor", "Kota Bandung"],
            "confidence_level": 0.9,
        },
        origins={
            "region": "baris perintah",
            "evaluation_start": "berkas konfigurasi",
            "peers": "berkas konfigurasi",
            "confidence_level": "baris perintah",
        },
        config="configs/demo.yaml",
    )
    rows = _rows(_provenance_html(manifest, CONTEXT))
    # a given value wins over the context table, and the table says where it came from
    assert rows["region"][1:] == ("Kota Depok", "baris perintah")
    assert rows["evaluation_start"][1:] == ("2018", "berkas konfigurasi")
    assert rows["peers"][1:] == ("Kota Bogor, Kota Bandung", "berkas konfigurasi")
    assert rows["confidence_level"] == ("Tingkat kepercayaan", "90%", "baris perintah")
    # only the folder name: the report never prints a machine path (issue 14)
    assert rows["data_path"][1:] == ("demo", "berkas konfigurasi")
    # the ones left empty still come from the context table
    assert rows["evaluation_end"][1:] == ("2023", FROM_CONTEXT)


def test_without_a_context_value_the_table_says_not_set():
    rows = _rows(_provenance_html(_manifest(), {"region": "Kota Bekasi"}))
    assert rows["region"][1:] == ("Kota Bekasi", FROM_CONTEXT)
    assert rows["stagnation_start"][1:] == ("tidak ditentukan", "bawaan notebook")
    rows = _rows(_provenance_html(_manifest()))  # no context at all
    assert rows["region"][1:] == ("tidak ditentukan", "bawaan notebook")
    # data_path "from the config" when no config file was used is evaltools run's demo default
    assert rows["data_path"][1:] == ("demo", "bawaan evaltools run (data demo)")


@pytest.mark.parametrize(("level", "shown"), [(0.95, "95%"), (0.9, "90%"), (0.995, "99,5%")])
def test_confidence_level_as_a_percentage(level, shown):
    rows = _rows(_provenance_html(_manifest(params={"confidence_level": level})))
    assert rows["confidence_level"][1] == shown


def test_rows_follow_the_shared_parameter_order_then_others():
    manifest = _manifest(params={"extra_switch": True}, origins={"extra_switch": "baris perintah"})
    rows = _rows(_provenance_html(manifest, CONTEXT))
    assert list(rows) == [*DEFAULTS, "extra_switch"]
    assert rows["extra_switch"] == ("extra_switch", "ya", "baris perintah")


def test_values_from_the_context_and_the_parameters_are_escaped():
    context = {**CONTEXT, "region": "Kota <script>alert(1)</script> & Sekitarnya"}
    manifest = _manifest(
        params={"regulation": "Perda <b>2</b>/2020"},
        origins={"regulation": "baris <i>perintah</i>"},
    )
    markup = _provenance_html(manifest, context)
    assert "<script" not in markup and "<b>" not in markup and "<i>" not in markup
    assert "Kota &lt;script&gt;alert(1)&lt;/script&gt; &amp; Sekitarnya" in markup
    assert (
        "Perda &lt;b&gt;2&lt;/b&gt;/2020" in markup
        and "baris &lt;i&gt;perintah&lt;/i&gt;" in markup
    )
    rows = _rows(markup)
    assert rows["region"][1:] == ("Kota <script>alert(1)</script> & Sekitarnya", FROM_CONTEXT)


def test_build_html_resolves_lampiran_c_against_the_data_context(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Bab Satu\n\nIsi.")]
    path = tmp_path / "01-uji.ipynb"
    nbformat.write(nb, path)
    meta = ReportMeta(
        regulation="Perda No. 2/2020",
        region="Kota Bekasi",
        period="2017–2023",
        created=dt.datetime(2022, 2, 22, 9, 30),
        version="1",
    )
    doc = build_html(
        [path],
        meta=meta,
        manifest=_manifest(),
        data_audit={"summary": "", "sources": [], "synthetic": False, "context": CONTEXT},
    )
    appendix = doc[doc.index("Parameter dan Provenans") :]
    rows = _rows(appendix)
    assert rows["region"][1:] == ("Kota Bekasi", FROM_CONTEXT)
    assert rows["stagnation_end"][1:] == ("2021", FROM_CONTEXT)
    assert "Nilai yang dipakai" in appendix and "Asal nilai" in appendix
    # without the data's context nothing can be filled in
    doc = build_html([path], meta=meta, manifest=_manifest())
    rows = _rows(doc[doc.index("Parameter dan Provenans") :])
    assert rows["region"][1:] == ("tidak ditentukan", "bawaan notebook")


def test_changes_appendix_lists_changes_or_says_none():
    from evaltools.report.build import _changes_html

    none = _changes_html({"previous": "2026-11-01", "rows": []})
    assert "2026-11-01" in none and "Tidak ada perubahan" in none
    rows = [
        {"section": "causes", "item": "resources.verdict", "old": "strong", "new": "moderate"},
        {"section": "recommendations", "item": "<b>x</b>", "old": None, "new": "present"},
        {"section": "dimensions", "item": "economy.estimate", "old": -0.0912, "new": -0.05},
        {
            "section": "dimensions",
            "item": "environment.verdict",
            "old": "stalled",
            "new": "undetermined",
        },
        {"section": "stagnant", "item": "dimensions_flagged", "old": ["economy"], "new": []},
    ]
    text = _changes_html({"previous": "r1", "rows": rows})
    # codes are written as the report's Indonesian words, a dimension as a dimension
    assert "5 perubahan" in text
    assert "<td>Penyebab</td><td>Sumber daya: penilaian</td><td>kuat</td><td>sedang</td>" in text
    assert (
        "<td>Lingkungan hidup: penilaian</td><td>terhenti</td><td>tidak dapat dinilai</td>" in text
    )
    assert "<td>dimensi yang tersendat</td><td>Ekonomi</td><td>–</td>" in text
    assert (
        "&lt;b&gt;x&lt;/b&gt;" in text and "<td>–</td><td>ada</td>" in text
    )  # escaped, Indonesian
    assert "<td>-0,091</td>" in text or "<td>−0,091</td>" in text
