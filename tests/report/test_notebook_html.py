"""Turning an executed notebook into report HTML: what is kept, moved, hidden and escaped."""

from __future__ import annotations

import base64
import datetime as dt

import nbformat
import pandas as pd
import pytest

from evaltools.errors import ParameterError
from evaltools.report import ReportMeta, build_html, split_notebook, traffic_light_table
from evaltools.report.notebook_html import sanitize_html

PNG = base64.b64encode(b"\x89PNG fake image bytes").decode()


def _nb(tmp_path, cells, meta=None, name="01-uji.ipynb"):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    if meta:
        nb.metadata["evaltools"] = meta
    nb.cells = cells
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


def _code(source, outputs, tags=()):
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = outputs
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def _md(source, tags=()):
    cell = nbformat.v4.new_markdown_cell(source)
    if tags:
        cell.metadata["tags"] = list(tags)
    return cell


def test_split_notebook_keeps_outputs_and_drops_everything_else(tmp_path):
    out = nbformat.v4.new_output
    path = _nb(
        tmp_path,
        [
            _md("# Judul Bab\n\nPengantar bab."),
            _code("region = 'x'", [], tags=["parameters"]),
            _code(
                "SECRET_SOURCE = 1",
                [
                    out("stream", name="stdout", text="Kalimat untuk pembaca.\n"),
                    out("stream", name="stderr", text="UserWarning: noise\n"),
                ],
            ),
            _code(
                "1/0",
                [
                    out(
                        "error",
                        ename="ZeroDivisionError",
                        evalue="division by zero",
                        traceback=["Traceback (most recent call last)"],
                    )
                ],
            ),
            _code(
                "fig",
                [
                    out("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
                    out(
                        "execute_result",
                        data={"image/png": PNG, "text/plain": "<Figure size 1x1>"},
                        execution_count=1,
                    ),
                ],
            ),
            _code(
                "obj",
                [
                    out(
                        "execute_result",
                        data={"text/plain": "<Figure size 640x480 with 1 Axes>"},
                        execution_count=2,
                    )
                ],
            ),
            _code(
                "tbl",
                [
                    out(
                        "execute_result",
                        execution_count=3,
                        data={
                            "text/html": '<table onclick="evil()"><tr><td>&lt;script&gt; A &amp; B'
                            "</td></tr></table>"
                            "<script>alert(1)</script>",
                            "text/plain": "tbl",
                        },
                    )
                ],
            ),
            _code(
                "print('peneliti')",
                [out("stream", name="stdout", text="HANYA-PENELITI\n")],
                tags=["researcher"],
            ),
            _md("Ringkasan untuk DPRD.", tags=["executive-summary"]),
            _md("### Metode\n\nRumus capaian.", tags=["appendix-methods"]),
            _md("Audit: 3 baris dibuang.", tags=["data-audit"]),
        ],
        meta={"role": "summary"},
    )
    parts = split_notebook(path)
    assert parts.title == "Judul Bab" and parts.role == "summary"
    body = parts.chapter_html
    assert "Pengantar bab." in body and "Kalimat untuk pembaca." in body
    assert "Judul Bab" not in body  # the H1 becomes the chapter heading in the report
    for gone in (
        "SECRET_SOURCE",
        "UserWarning",
        "Traceback",
        "ZeroDivisionError",
        "HANYA-PENELITI",
        "region = ",
        "<Figure",
        "onclick",
        "<script",
        "Ringkasan untuk DPRD",
        "Rumus capaian",
        "Audit: 3 baris",
    ):
        assert gone not in body, gone
    assert body.count("<img") == 1  # the figure, once
    assert "&lt;script&gt; A &amp; B" in body
    assert "Ringkasan untuk DPRD." in parts.summary_html
    assert "Rumus capaian." in parts.methods_html
    assert "Audit: 3 baris dibuang." in parts.audit_html


def test_role_and_title_fallbacks(tmp_path):
    path = _nb(tmp_path, [_md("Tanpa judul.")], name="05-diagnosis.ipynb")
    parts = split_notebook(path)
    assert parts.role == "summary" and parts.title == "05-diagnosis"
    path = _nb(tmp_path, [_md("# Bab")], meta={"title": "Judul dari metadata"}, name="02-x.ipynb")
    assert split_notebook(path).title == "Judul dari metadata"
    assert split_notebook(path).role == "chapter"


def test_sanitize_html_removes_active_markup():
    dirty = (
        '<a href="javascript:go()">x</a><img src=x onerror=alert(1)>'
        "<iframe src='y'></iframe><SCRIPT>bad()</SCRIPT><b>tetap</b>"
    )
    clean = sanitize_html(dirty)
    for gone in ("javascript:", "onerror", "iframe", "SCRIPT", "bad()"):
        assert gone not in clean
    assert "<b>tetap</b>" in clean


def test_traffic_light_table_escapes_and_labels():
    table = pd.DataFrame(
        {
            "factor": ["resources", "Faktor <b>lain</b> & dst"],
            "strength": ["strong", "none"],
            "verdict": ["Anggaran <script>dipotong</script>.", "Tidak ada bukti."],
        }
    )
    markup = traffic_light_table(table)._repr_html_()
    assert "Sumber daya" in markup and "Kuat" in markup and "Tidak ada bukti" in markup
    assert "#C0392B" in markup  # STRENGTH_COLORS["strong"]
    assert "&lt;script&gt;dipotong&lt;/script&gt;" in markup and "<script" not in markup
    assert "Faktor &lt;b&gt;lain&lt;/b&gt; &amp; dst" in markup
    with pytest.raises(ParameterError, match="strength 'very'"):
        traffic_light_table(table.assign(strength=["very", "none"]))
    with pytest.raises(ParameterError, match="column 'level' not found"):
        traffic_light_table(table, strength="level")


def test_build_html_escapes_meta_and_handles_missing_summary(tmp_path):
    path = _nb(tmp_path, [_md("# Bab Satu\n\nIsi.")])
    meta = ReportMeta(
        regulation="Perda <i>1</i> & 2",
        region="Kota <script>x</script>",
        period="2017–2023",
        created=dt.datetime(2022, 2, 22, 9, 30),
        version="1",
    )
    doc = build_html(
        [path],
        meta=meta,
        manifest={"parameters": {"region": "<b>x</b>"}, "notebooks": {}, "versions": {}},
    )
    assert "<script>x" not in doc and "Kota &lt;script&gt;x&lt;/script&gt;" in doc
    assert "<title>Evaluasi Implementasi Perda &lt;i&gt;1&lt;/i&gt; &amp; 2</title>" in doc
    assert "22 Februari 2022" in doc
    assert "&lt;b&gt;x&lt;/b&gt;" in doc
    assert "Ringkasan eksekutif tidak tersedia" in doc
    assert "DATA ILUSTRASI" not in doc  # not synthetic: no mark
    assert 'content="2022-02-22T09:30:00"' in doc
