"""Front and back matter of the report drawn from the data and the findings (issue 14): the
numbers are re-computed here independently from the raw tables, never copied from the demo."""

from __future__ import annotations

import copy
from pathlib import Path

import pandas as pd
import pytest

import evaltools
from evaltools.report import front
from evaltools.report.build import ReportMeta

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo():
    return evaltools.load_data(REPO / "data" / "demo")


def _findings(data) -> dict:
    """A findings.json as the diagnosis writes it (schema evaltools.findings/1), small."""
    ctx = data.context
    return {
        "schema": "evaltools.findings/1",
        "region": ctx["region"],
        "regulation": ctx["regulation"],
        "stagnation_window": [ctx["stagnation_start"], ctx["stagnation_end"]],
        "confidence_level": 0.95,
        "synthetic": True,
        "stagnant": {"answer": "yes", "strength": "moderate", "dimensions_flagged": ["economy"]},
        "dimensions": [
            {"dimension": "economy", "verdict": "stalled"},
            {"dimension": "branding", "verdict": "undetermined"},
            {"dimension": "living", "verdict": "on_track"},
        ],
        "causes": [
            {"factor": "structure", "rank": 1, "verdict": "strong", "sources": ["mandates"]},
            {"factor": "resources", "rank": 2, "verdict": "weak", "sources": ["budget"]},
            {"factor": "communication", "rank": 3, "verdict": "against", "sources": ["survey"]},
        ],
        "recommendations": [
            {"factor": "structure", "rank": 1, "priority": 1, "recommendation": "Terbitkan X."}
        ],
    }


def test_budget_fact_is_the_window_sum_of_planned_and_revised(demo):
    start, end = demo.context["stagnation_start"], demo.context["stagnation_end"]
    b = demo.budget[demo.budget["year"].between(start, end)]
    planned = b.loc[b["stage"] == "planned", "amount_idr"].sum()
    revised = b.loc[b["stage"] == "revised", "amount_idr"].sum()
    fact = front.budget_fact(demo, (start, end))
    assert fact["planned"] == pytest.approx(planned)
    assert fact["revised"] == pytest.approx(revised)
    assert fact["cut"] == pytest.approx(1 - revised / planned)


def test_mandates_fact_counts_late_and_missing_instruments_due(demo):
    m = demo.mandates
    as_of = pd.Timestamp(year=int(demo.context["evaluation_end"]), month=12, day=31)
    due = m[m["due_date"] <= as_of]
    issued_by = due["issued_date"].notna() & (due["issued_date"] <= as_of)
    late = int((issued_by & (due["issued_date"] > due["due_date"])).sum())
    missing = int((~issued_by).sum())
    fact = front.mandates_fact(demo)
    assert (fact["due"], fact["late"], fact["missing"]) == (len(due), late, missing)
    assert fact["late_or_missing"] == late + missing


def test_key_messages_follow_the_findings_with_strength_and_evidence(demo):
    findings = _findings(demo)
    msgs = front.key_messages(findings, demo)
    assert 3 <= len(msgs) <= front.MAX_KEY_MESSAGES
    assert msgs[0]["strength"] == "moderate" and "Ya" in msgs[0]["text"]
    assert "1 dari 2 dimensi" in msgs[0]["text"]  # the undetermined dimension is not judged
    causes = [m for m in msgs if m["codes"] and m["codes"][0].startswith("causes.")]
    assert causes[0]["strength"] == "strong" and causes[0]["evidence"] == ["mandates"]
    assert not any("Komunikasi" in m["text"] for m in msgs)  # 'against' is not a cause
    html = front.key_messages_html(msgs)
    assert "kekuatan bukti: sedang" in html and "sumber bukti: regulasi turunan" in html
    assert all(len(m["text"]) < 200 for m in msgs)  # one line each, roughly


def test_without_findings_or_tables_the_messages_and_facts_say_so(demo):
    assert front.key_messages(None, demo) == []
    assert "tidak tersedia" in front.key_messages_html([])
    bare = copy.copy(demo)
    bare.budget = None
    bare.mandates = None
    assert front.facts_html(bare, _findings(demo)) == ""
    msgs = front.key_messages(_findings(demo), bare)
    assert not any("Anggaran" in m["text"] or "regulasi turunan" in m["text"] for m in msgs)


def test_glossary_gives_agency_full_names_from_the_data(demo):
    html = front.glossary_html(demo)
    for abbr, name in demo.agencies[["agency", "name"]].itertuples(index=False):
        assert abbr in html and name in html
    without = copy.copy(demo)
    without.agencies = None
    assert "nama lengkap tidak tercantum dalam data" in front.glossary_html(without)


def test_bibliography_lists_every_source_with_its_quality(demo):
    html = front.bibliography_html(demo)
    for sid in demo.sources["source_id"]:
        assert f"[{sid}]" in html
    assert "mutu: sintetis" in html and "Edwards III" in html


def test_limitations_are_written_from_findings_and_data(demo):
    html = front.limitations_html(demo, _findings(demo))
    assert f"{len(demo.survey_responses)} responden" in html.replace(".", "")
    assert "Sumber daya" in html  # the weak cause is named
    assert "Pencitraan kota" in html  # the undetermined dimension is named
    assert "asosiatif" in html


def test_comparisons_name_every_peer_with_a_weight(demo):
    html = front.comparisons_html(demo, _findings(demo))
    peers = set(demo.peer_panel.loc[~demo.peer_panel["focal"], "region"])
    for peer in peers:
        assert peer in html
    assert html.count("<h3>") == demo.peer_panel["measure"].nunique()


def test_headline_chart_alt_text_states_the_numbers(demo):
    chart = front.headline_chart(demo, _findings(demo))
    assert chart["src"].startswith("data:image/png;base64,")
    assert "Tata kelola" in chart["alt"] and "%" in chart["alt"]


def test_english_furniture(demo):
    msgs = front.key_messages(_findings(demo), demo, language="en")
    assert msgs[0]["text"].startswith("Did implementation stall")
    assert "Full name" in front.glossary_html(demo, language="en")
    meta = ReportMeta(
        regulation="Perda 1/2024",
        region="X",
        period="2020–2023",
        created=pd.Timestamp("2024-01-02").to_pydatetime(),
        version="1",
        language="en",
    )
    assert meta.title == "Implementation Evaluation of Perda 1/2024"
    assert meta.evaluator_text == "Evaluation team (not specified)"


def test_every_report_word_exists_in_both_languages():
    from evaltools.prose.report import GLOSSARY, WORDS

    assert set(WORDS["id"]) == set(WORDS["en"])
    assert len(GLOSSARY["id"]) == len(GLOSSARY["en"])


def test_a_dataset_without_problems_still_gets_three_key_messages(tmp_path):
    from evaltools.data import stories

    data = evaltools.load_data(stories.write("null", tmp_path / "null", seed=7))
    findings = _findings(data)
    findings["stagnant"] = {"answer": "no", "strength": "moderate", "dimensions_flagged": []}
    for cause in findings["causes"]:
        cause["verdict"] = "against"
    findings["recommendations"] = []
    msgs = front.key_messages(findings, data)
    assert len(msgs) >= 3
    assert any("Tidak ada faktor penghambat" in m["text"] for m in msgs)
