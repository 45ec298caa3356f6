"""evaltools.workbook: parameter resolution, paths from any working directory, Indonesian
table formatting and the display helpers the chapter notebooks call."""

from __future__ import annotations

import html

import pandas as pd
import pytest

import evaltools
from evaltools.errors import DataValidationError, ParameterError
from evaltools.workbook import (
    causes_frame,
    escape_markdown,
    format_table,
    open_workbook,
    peer_comparisons,
    resolve_path,
    show,
    show_answers,
    show_context,
    show_each,
    stack_tables,
    table_html,
    top_recommendations,
)

EMPTY = {
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


@pytest.fixture(scope="module")
def wb():
    return open_workbook("data/demo", **EMPTY)


@pytest.fixture
def shown(monkeypatch):
    """Collect what the helpers display (the objects passed to IPython's display)."""
    out: list = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: out.extend(objs))
    return out


def _text(objs) -> str:
    parts = []
    for o in objs:
        for attr in ("data", "markup"):
            if isinstance(getattr(o, attr, None), str):
                parts.append(getattr(o, attr))
    return "\n".join(parts)


# -------------------------------------------------------------------------------------------
# parameters and paths


def test_empty_parameters_come_from_the_context_table(wb):
    p = wb.params
    assert p["region"] == "Kota Bekasi"
    assert p["regulation"] == "Perda No. 2/2020"
    assert p["enactment_date"] == pd.Timestamp("2020-02-27")
    assert (p["evaluation_start"], p["evaluation_end"]) == (2018, 2023)
    assert (p["stagnation_start"], p["stagnation_end"]) == (2020, 2021)
    assert p["peers"] is None
    assert p["confidence_level"] == 0.95
    assert wb.period_text == "2018–2023"


def test_given_parameters_win():
    wb = open_workbook(
        "data/demo",
        **{
            **EMPTY,
            "region": "Kota Contoh",
            "stagnation_start": 2019,
            "evaluation_start": 2017,
            "evaluation_end": 2023,
            "peers": "Kota Depok, Kota Bogor",
        },
    )
    assert wb["region"] == "Kota Contoh"
    assert wb["stagnation_start"] == 2019 and wb["stagnation_end"] == 2021
    assert wb.data.evaluation_window == (2017, 2023) and wb.data.window_origin == "given"
    assert wb["peers"] == ["Kota Depok", "Kota Bogor"]
    assert open_workbook("data/demo", peers=["Kota Depok", " "])["peers"] == ["Kota Depok"]


def test_bad_parameters_are_refused():
    with pytest.raises(ParameterError, match="evaluation_start"):
        open_workbook("data/demo", evaluation_start=2023, evaluation_end=2018)
    with pytest.raises(ParameterError, match="stagnation_start"):
        open_workbook("data/demo", stagnation_start=2022, stagnation_end=2020)
    with pytest.raises(ParameterError, match="confidence_level"):
        open_workbook("data/demo", confidence_level=95)
    with pytest.raises(ParameterError, match="enactment_date"):
        open_workbook("data/demo", enactment_date="kemarin")
    with pytest.raises(ParameterError, match="data_path"):
        open_workbook("data/tidak-ada")
    # a window narrower than the data is checked by the data layer (realisations outside it)
    with pytest.raises(DataValidationError, match="outside the evaluation window"):
        open_workbook("data/demo", evaluation_start=2020, evaluation_end=2023)


@pytest.mark.parametrize("where", ["root", "notebooks", "elsewhere"])
def test_relative_data_path_from_any_working_directory(where, repo_root, tmp_path, monkeypatch):
    cwd = {"root": repo_root, "notebooks": repo_root / "notebooks", "elsewhere": tmp_path}[where]
    monkeypatch.chdir(cwd)
    assert resolve_path("data/demo") == (repo_root / "data" / "demo").resolve()


def test_resolve_path_errors(tmp_path):
    with pytest.raises(ParameterError, match="empty"):
        resolve_path("")
    with pytest.raises(ParameterError, match="does not exist"):
        resolve_path(tmp_path / "nope")


# -------------------------------------------------------------------------------------------
# tables


def test_format_table_indonesian_formats():
    df = pd.DataFrame(
        {
            "dimension": ["governance", None],
            "slope": [0.0772, -0.0151],
            "share": [0.25, 0.0333],
            "money": [1.25e9, 2.5e6],
            "when": pd.to_datetime(["2022-02-22", "2021-12-01"]),
            "kind": ["level", "slope"],
            "n": [1234, 5],
            "flag": [True, False],
        }
    )
    out = format_table(
        df,
        columns={
            "dimension": "Dimensi",
            "slope": "Laju",
            "share": "Porsi",
            "money": "Anggaran",
            "when": "Tanggal",
            "kind": "Jenis",
            "n": "Jumlah",
            "flag": "Ya?",
        },
        formats={
            "dimension": {**evaltools.prose.labels("dimension"), None: "Semua dimensi"},
            "slope": ("pp", 1),
            "share": "share",
            "money": "rupiah",
            "when": "date_short",
            "kind": {"level": "tingkat"},
            "n": "int",
        },
    )
    assert list(out.columns) == [
        "Dimensi",
        "Laju",
        "Porsi",
        "Anggaran",
        "Tanggal",
        "Jenis",
        "Jumlah",
        "Ya?",
    ]
    assert out.iloc[0].tolist() == [
        "Tata kelola",
        "+7,7",
        "25,0%",
        "Rp 1,2 miliar",
        "22 Feb 2022",
        "tingkat",
        "1.234",
        "ya",
    ]
    assert out.iloc[1].tolist() == [
        "Semua dimensi",
        "−1,5",
        "3,3%",
        "Rp 2,5 juta",
        "1 Des 2021",
        "slope",
        "5",
        "tidak",
    ]
    with pytest.raises(ParameterError, match="not in the table"):
        format_table(df, columns={"nope": "x"})
    with pytest.raises(ParameterError, match="unknown format"):
        format_table(df, formats={"n": "roman"})


def test_table_html_escapes_and_marks_numbers():
    df = pd.DataFrame({"name": ["<script>alert(1)</script> & co"], "value": [1234.5]})
    markup = table_html(df, columns={"name": "Nama", "value": "Nilai"})
    assert "<script>" not in markup and html.escape("<script>alert(1)</script> & co") in markup
    assert '<th class="num">Nilai</th>' in markup and '<td class="num">1.234,50</td>' in markup
    assert "<th>Nama</th>" in markup
    assert "<th>" in markup and "index" not in markup.lower()


# -------------------------------------------------------------------------------------------
# display helpers


def test_show_prints_sentences_and_caveats(shown, wb):
    res = evaltools.mandates.analyze(wb.data)
    show(res, figure=False)
    text = _text(shown)
    for s in res.sentences:
        assert escape_markdown(s) in text


def test_escape_markdown():
    assert escape_markdown("a_b *c* [d] <e> & #") == "a\\_b \\*c\\* \\[d\\] &lt;e&gt; &amp; \\#"


def test_show_context(shown, wb):
    show_context(wb)
    text = _text(shown)
    assert "Daerah: Kota Bekasi" in text and "ditetapkan 27 Februari 2020" in text
    assert "2018–2023" in text and "2020–2021" in text and "sintetis" in text


@pytest.fixture(scope="module")
def diagnosis(wb):
    return evaltools.diagnosis.diagnose(wb.data)


def test_answers_causes_and_recommendations(shown, diagnosis):
    show_answers(diagnosis, questions=("stagnant", "why"))
    text = _text(shown)
    assert "**Apakah pelaksanaan stagnan?**" in text and "**Mengapa?**" in text
    assert "Di mana" not in text and escape_markdown(diagnosis.answers["why"]) in text
    with pytest.raises(ParameterError, match="unknown questions"):
        show_answers(diagnosis, questions=("who",))
    causes = causes_frame(diagnosis)
    assert list(causes.columns) == ["rank", "factor", "strength", "finding"]
    assert set(causes["strength"]) <= {"strong", "moderate", "weak", "none", "against"}
    # the demo's communication evidence points the other way: its own light and words
    assert causes["strength"].iloc[-1] == "against"
    html = evaltools.report.traffic_light_table(causes, verdict="finding")._repr_html_()
    assert "Bukti menunjuk sebaliknya" in html
    top = top_recommendations(diagnosis)
    supported = diagnosis.table[diagnosis.table["verdict"].isin(["strong", "moderate", "weak"])][
        "factor"
    ]
    assert list(top["factor"]) == list(supported)
    assert list(top["no"]) == list(range(1, len(top) + 1))


def test_the_language_parameter_reaches_every_word(shown, diagnosis):
    from evaltools import prose
    from evaltools.workbook import findings_for_run

    try:
        wb_en = open_workbook("data/demo", language="en", **EMPTY)
        assert prose.get_language() == "en" and wb_en["language"] == "en"
        show_context(wb_en)
        show_answers(diagnosis, questions=("stagnant", "why"))
        text = _text(shown)
        assert "Region: Kota Bekasi" in text and "enacted 27 February 2020" in text
        assert "**Did implementation stall?**" in text and "**Why?**" in text
        assert escape_markdown(diagnosis.answers["why"]) in text and "not cause and effect" in text
        causes = causes_frame(diagnosis)
        assert causes["finding"].iloc[0].startswith("Disposition (attitudes and commitment) is")
        matrix = format_table(
            diagnosis.matrix,
            columns={"factor": "Factor", "source": "Source", "finding": "Finding"},
            formats={"factor": "factor", "source": "source"},
        )
        assert "no data available" in set(matrix["Finding"]) or diagnosis.matrix["available"].all()
        assert set(matrix["Source"]) <= {
            prose.label("source", s, "en") for s in evaltools.analysis.evidence.SOURCES
        }
        assert not any(isinstance(x, evaltools.results.Statement) for x in matrix["Finding"])
        with pytest.raises(ParameterError, match="language"):
            open_workbook("data/demo", language="fr")
    finally:
        prose.set_language("id")
    # re-computing a run's findings leaves the language of this process alone
    f = findings_for_run("data/demo", {**EMPTY, "language": "en", "notebook_own": 1})
    assert prose.get_language() == "id"
    assert f["recommendations"][0]["horizon"] in {
        "short term (≤ 1 year)",
        "medium term (1–3 years)",
        "long term (> 3 years)",
    }
    assert f["causes"] == diagnosis.findings()["causes"]


def test_peer_comparisons_each_measure(shown, wb):
    got = peer_comparisons(wb.data, treatment_year=2020)
    assert list(got) == ["smart_city_index", "spbe_index"]
    direct = evaltools.quasi.peer_comparison(wb.data, measure="spbe_index", treatment_year=2020)
    assert got["spbe_index"].sentences == direct.sentences
    stacked = stack_tables(got, key="measure", keep={"analysis": ["did"]})
    assert list(stacked["measure"]) == ["Indeks kota cerdas", "Indeks SPBE"]
    assert stacked["estimate"].tolist() == [r.did.estimate for r in got.values()]
    with pytest.raises(ParameterError, match="keep"):
        stack_tables(got, keep={"nope": [1]})
    show_each(got, part="event_study", sentences=False)
    assert "#### Indeks SPBE" in _text(shown)


def test_show_figure_displays_one_png_and_closes(shown, monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setenv("MPLBACKEND", "Agg")  # the PNG must not depend on the backend
    fig, ax = evaltools.plotting.new_figure()
    ax.plot([1, 2], [3, 4])
    from evaltools.workbook import show_figure

    show_figure(fig)
    assert len(shown) == 1
    img = shown[0]
    assert img.format == "png" and img.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert img.width == round(fig.get_figwidth() * 96)
    assert not plt.fignum_exists(fig.number)


def test_peer_comparisons_pass_the_confidence_level(wb):
    got = peer_comparisons(wb.data, treatment_year=2020, confidence_level=0.90)
    direct = evaltools.quasi.peer_comparison(
        wb.data, measure="spbe_index", treatment_year=2020, confidence_level=0.90
    )
    assert got["spbe_index"].sentences == direct.sentences
    assert "(IK 90%:" in got["spbe_index"].sentences[0]
    for pc in got.values():
        assert pc.params["confidence_level"] == 0.90
        assert (
            pc.did.params["confidence_level"] == pc.event_study.params["confidence_level"] == 0.90
        )
    with pytest.raises(ParameterError, match="confidence_level"):
        peer_comparisons(wb.data, treatment_year=2020, confidence_level=90)
