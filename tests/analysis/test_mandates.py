"""Mandate follow-through: status as of a date, counts, delays, evidence rules (hand-computed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evaltools.analysis import mandates as ma
from evaltools.analysis.evidence import EVIDENCE_COLUMNS
from evaltools.errors import ParameterError


def _mandates():
    return pd.DataFrame(
        {
            "mandate_id": ["M1", "M2", "M3", "M4", "M5", "M6"],
            "article": ["Pasal 5"] * 6,
            "instrument": [
                "Perwal A",
                "Perwal B",
                "SOP C",
                "Dewan Kota Cerdas",
                "Rencana induk",
                "Perwal D",
            ],
            "instrument_type": ["perwal", "perwal", "sop", "body", "masterplan", "perwal"],
            "due_date": pd.to_datetime(
                ["2020-06-30", "2020-06-30", "2021-01-01", "2020-12-31", "2023-06-30", "2020-12-31"]
            ),
            "issued_date": pd.to_datetime(
                ["2020-06-01", "2021-06-30", None, "2022-06-01", None, "2021-03-31"]
            ),
            "factor": ["structure", "structure", "structure", "communication", None, "structure"],
        }
    )


def test_status_as_of_a_date():
    res = ma.analyze(mandates=_mandates(), as_of="2021-12-31")
    t = res.table.set_index("mandate_id")
    assert t.loc["M1", "status"] == "on_time" and t.loc["M1", "delay_days"] == -29
    assert t.loc["M2", "status"] == "late" and t.loc["M2", "delay_days"] == 365
    assert t.loc["M3", "status"] == "missing" and t.loc["M3", "overdue_days"] == 364
    # issued in 2022, after as_of: on 31 Dec 2021 it was still missing
    assert t.loc["M4", "status"] == "missing" and t.loc["M4", "overdue_days"] == 365
    assert t.loc["M5", "status"] == "not_due" and t.loc["M5", "factor"] == "structure"
    assert t.loc["M6", "status"] == "late" and t.loc["M6", "delay_days"] == 90
    assert "status_label" not in t  # codes only; words: prose.mandates.status_table
    assert res.ids("late") == ["M2", "M6"]
    # a later date sees M4 issued late (2020-12-31 -> 2022-06-01 = 517 days)
    later = ma.analyze(mandates=_mandates(), as_of="2022-12-31").table.set_index("mandate_id")
    assert later.loc["M4", "status"] == "late" and later.loc["M4", "delay_days"] == 517


def test_counts_and_delay_distribution():
    res = ma.analyze(mandates=_mandates(), as_of="2021-12-31")
    by_type = res.by_type.set_index("instrument_type")
    assert by_type.loc["perwal", ["on_time", "late", "missing"]].tolist() == [1, 2, 0]
    assert by_type.loc["perwal", "share_late_or_missing"] == pytest.approx(2 / 3)
    assert np.isnan(by_type.loc["masterplan", "share_late_or_missing"])  # nothing due yet
    by_factor = res.by_factor.set_index("factor")
    assert by_factor.loc["structure", "due"] == 4 and by_factor.loc["structure", "not_due"] == 1
    d = res.delays.set_index("measure")
    # late delays 365 and 90: median 227.5, max 365
    assert d.loc["delay_days", "median"] == pytest.approx(227.5)
    assert d.loc["delay_days", "max"] == 365
    assert d.loc["overdue_days", "n"] == 2
    codes = {st.code: st for st in res.statements}
    counts = codes["mandates.status_counts"].values
    assert (counts["due"], counts["on_time"], counts["late"], counts["missing"]) == (5, 1, 2, 2)
    assert counts["as_of"] == "2021-12-31"  # ISO text: statements stay JSON-ready
    assert dict(codes["mandates.delay"].values) == {"median": 227.5, "max": 365.0}
    assert codes["mandates.not_due"].kind == "caveat" and codes["mandates.not_due"].values["n"] == 1


def test_grace_days():
    res = ma.analyze(mandates=_mandates(), as_of="2021-12-31", grace_days=90)
    assert res.table.set_index("mandate_id").loc["M6", "status"] == "on_time"
    with pytest.raises(ParameterError, match="grace_days"):
        ma.analyze(mandates=_mandates(), as_of="2021-12-31", grace_days=-1)


def test_evidence_severity_rule():
    res = ma.analyze(mandates=_mandates(), as_of="2021-12-31")
    ev = ma.evidence(res)
    assert list(ev.columns) == list(EVIDENCE_COLUMNS)
    ev = ev.set_index("factor")
    # structure, due: M1 on time 0; M2 late 365 d -> 0.25 + 0.75 = 1; M3 missing 1;
    # M6 late 90 d -> 0.25 + 0.75 * 90/365 = 0.434932; mean = 2.434932 / 4 = 0.608733 -> strong
    # by severity, but 4 due mandates (< STRONG_MIN_DUE = 5) -> moderate; score × 4/5
    assert ev.loc["structure", "score"] == pytest.approx(-(2.25 + 0.75 * 90 / 365) / 4 * 4 / 5)
    assert ev.loc["structure", "strength"] == "moderate"
    assert ev.loc["structure", "n"] == 4
    detail = ev.loc["structure", "detail"]
    assert detail.code == "mandates.detail" and detail.values["cap"] == "moderate"
    assert detail.values["due"] == 4 and detail.values["median_delay"] == pytest.approx(227.5)
    # the mandate's own factor column is honoured: M4 (missing) speaks for communication
    assert ev.loc["communication", "direction"] == "barrier"
    # ... but one due mandate is not a full source: strength capped at weak, score 1 × 1/5
    assert ev.loc["communication", "strength"] == "weak"
    assert ev.loc["communication", "score"] == pytest.approx(-0.2)
    assert ev.loc["communication", "n"] == 1


def test_evidence_all_on_time_is_enabler():
    m = _mandates().iloc[[0, 1, 5]].copy()
    m["issued_date"] = m["due_date"] - pd.Timedelta(days=10)
    m["factor"] = "structure"
    res = ma.analyze(mandates=m, as_of="2021-12-31")
    assert set(res.table["status"]) == {"on_time"}
    ev = ma.evidence(res).set_index("factor")
    assert ev.loc["structure", "direction"] == "enabler"
    assert ev.loc["structure", "strength"] == "moderate"
    assert ev.loc["structure", "score"] == pytest.approx(0.4 * 3 / 5)
    # two mandates only -> weak
    ev2 = ma.evidence(ma.analyze(mandates=m.iloc[:2], as_of="2021-12-31")).set_index("factor")
    assert ev2.loc["structure", "score"] == pytest.approx(0.4 * 2 / 5)
    assert ev2.loc["structure", "strength"] == "weak"


def test_evidence_slightly_late_strength_grades():
    m = _mandates().iloc[[0, 1, 5]].copy()
    m["factor"] = "structure"
    m["issued_date"] = m["due_date"] + pd.Timedelta(days=30)
    res = ma.analyze(mandates=m, as_of="2021-12-31")
    ev = ma.evidence(res).set_index("factor")
    # each 0.25 + 0.75 * 30/365 = 0.311644 -> moderate; 3 due mandates -> score × 3/5
    assert ev.loc["structure", "score"] == pytest.approx(-(0.25 + 0.75 * 30 / 365) * 3 / 5)
    assert ev.loc["structure", "strength"] == "moderate"


def test_nothing_due_yet():
    res = ma.analyze(mandates=_mandates(), as_of="2019-01-01")
    assert set(res.table["status"]) == {"not_due"}
    ev = ma.evidence(res)
    assert set(ev["strength"]) == {"none"} and set(ev["direction"]) == {"neutral"}
    assert [st.code for st in res.statements if st.kind == "finding"] == ["mandates.none_due"]


def test_as_of_default_from_context_and_validation():
    from types import SimpleNamespace

    res = ma.analyze(SimpleNamespace(mandates=_mandates(), context={"evaluation_end": 2021}))
    assert res.params["as_of"] == pd.Timestamp("2021-12-31")
    with pytest.raises(ParameterError, match="as_of"):
        ma.analyze(mandates=_mandates(), as_of="not a date")
    with pytest.raises(ParameterError, match="factor"):
        ma.analyze(mandates=_mandates().assign(factor="mindset"), as_of="2021-12-31")
    no_due = _mandates()
    no_due.loc[0, "due_date"] = pd.NaT
    res2 = ma.analyze(mandates=no_due, as_of="2021-12-31")
    assert res2.table.loc[0, "status"] == "no_due_date"
    assert any(st.code == "mandates.no_due_date" for st in res2.statements)


def test_timeline_plot():
    import matplotlib.figure

    res = ma.analyze(mandates=_mandates(), as_of="2021-12-31")
    fig = res.plot()
    assert isinstance(fig, matplotlib.figure.Figure)
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == len(res.table)  # one row per mandate
    assert len(ax.get_legend().get_texts()) == 5  # four statuses present and the deadline mark
    # words of the figure: tests/prose/test_prose_mandates.py


@pytest.mark.parametrize("story", ["default", "structure_communication"])
def test_demo_mandates_match_planted_late_and_missing(story, tmp_path):
    import json

    import evaltools
    from evaltools.data.demo import write_demo

    out = write_demo(tmp_path / story, story=story)
    planted = json.loads((out / "planted.json").read_text())["mandates"]
    res = ma.analyze(evaltools.load_data(out), as_of=planted["as_of"])
    assert res.ids("missing") == sorted(planted["missing"])
    assert sorted(res.ids("late")) == sorted(planted["late_days"])
    assert sorted(res.ids("on_time")) == sorted(planted["on_time"])
    t = res.table.set_index("mandate_id")
    for mid, days in planted["late_days"].items():
        assert t.loc[mid, "delay_days"] == days
    structure = ma.evidence(res).set_index("factor").loc["structure"]
    assert structure["direction"] == "barrier" and structure["strength"] == "strong"
    assert (
        structure["n"]
        == planted["by_factor"]["structure"]["late"]
        + planted["by_factor"]["structure"]["missing"]
        + planted["by_factor"]["structure"]["on_time"]
    )


_ORDER = ("none", "weak", "moderate", "strong")


def test_single_late_regulation_is_not_a_full_source():
    one = _mandates().iloc[[1]]  # M2, 365 days late: severity 1
    res = ma.analyze(mandates=one, as_of="2021-12-31")
    ev = ma.evidence(res).set_index("factor").loc["structure"]
    assert ev["strength"] == "weak" and ev["score"] == pytest.approx(-1 / ma.FULL_INFORMATION_DUE)
    assert any(st.code == "mandates.few_due" and st.values["due"] == 1 for st in res.statements)


def test_thin_mandates_weaker_than_full_data(tmp_path):
    """Two mandates drawn from the demo's structure mandates come out weaker than all of them."""
    import evaltools
    from evaltools.data.demo import write_demo

    out = write_demo(tmp_path / "demo")
    data = evaltools.load_data(out)
    as_of = "2023-12-31"
    full = ma.evidence(ma.analyze(data, as_of=as_of)).set_index("factor").loc["structure"]
    assert full["strength"] == "strong"
    structure = data.mandates[data.mandates["factor"].fillna("structure") == "structure"]
    scores = []
    for seed in range(5):
        sub = structure.sample(n=2, random_state=seed)
        ev = ma.evidence(ma.analyze(mandates=sub, as_of=as_of)).set_index("factor").loc["structure"]
        assert _ORDER.index(ev["strength"]) <= _ORDER.index("weak"), seed
        scores.append(abs(ev["score"]))
    assert np.mean(scores) < abs(full["score"])


def test_evidence_findings_are_statements():
    res = ma.analyze(mandates=_mandates(), as_of="2021-12-31")
    ev = ma.evidence(res).set_index("factor")
    assert ev.loc["structure", "finding"].code == "mandates.barrier"
    assert ev.loc["structure", "finding"].values["late_or_missing"] == 3
    # associational wording in both languages: tests/prose/test_prose_mandates.py
