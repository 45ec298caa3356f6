"""The registry of evidence sources: the built-in sources, and a new one registered without
touching the diagnosis (issue 11: adding an analysis touches about four files)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from evaltools import prose
from evaltools.analysis import diagnosis as dg
from evaltools.analysis import evidence, registry
from evaltools.analysis.evidence import make_evidence_frame
from evaltools.errors import ParameterError
from evaltools.results import finding

BUILT_IN = ("survey", "interviews", "budget", "mandates", "progress", "its", "peers")


def test_built_in_sources_and_the_lists_derived_from_them():
    assert registry.names() == BUILT_IN
    assert evidence.SOURCES == BUILT_IN and dg.SOURCES == BUILT_IN
    # run order: progress before the budget, which reads its verdicts
    run = [s.name for s in registry.sources()]
    assert run.index("progress") < run.index("budget")
    assert dg.EXPECTED_SOURCES == {
        "communication": ("survey", "interviews"),
        "resources": ("survey", "interviews", "budget"),
        "disposition": ("survey", "interviews"),
        "structure": ("survey", "interviews", "mandates"),
        "environment": ("survey", "interviews", "budget", "its", "peers"),
    }
    assert set(dg.SOURCE_LABELS) == set(BUILT_IN)
    for name in BUILT_IN:
        for lang in prose.LANGUAGES:
            assert registry.source_label(name, lang) == prose.label("source", name, lang)


class _RddResult:
    """What a toy regression discontinuity returns: one jump at the cut-off."""

    def __init__(self, jump: float, n: int) -> None:
        self.jump, self.n = jump, n


def _run_rdd(data, ctx):
    t = data.rdd_scores
    if len(t) < 4:
        raise ParameterError("rdd: too few observations")
    above = t.loc[t["score"] >= 0, "outcome"].mean()
    below = t.loc[t["score"] < 0, "outcome"].mean()
    return _RddResult(float(above - below), len(t))


def _rdd_evidence(result, *, confidence_level):
    return make_evidence_frame(
        [
            {
                "factor": "structure",
                "source": "rdd",
                "finding": finding("common.text", text=f"jump {result.jump:.2f}"),
                "direction": "barrier" if result.jump < 0 else "enabler",
                "strength": "strong",
                "score": max(-1.0, min(1.0, result.jump)),
                "n": result.n,
                "detail": "",
            }
        ]
    )


RDD = registry.EvidenceSource(
    "rdd",
    ("rdd_scores",),
    _run_rdd,
    _rdd_evidence,
    factors=("structure", "resources"),
    order=65,
    labels={"id": "regresi diskontinuitas", "en": "regression discontinuity"},
)


def _data(n: int = 8):
    scores = pd.DataFrame(
        {"score": [-2, -1, -0.5, -0.1, 0.1, 0.5, 1, 2][:n], "outcome": [1, 1, 1, 1, 0, 0, 0, 0][:n]}
    )
    return SimpleNamespace(
        context={"stagnation_start": 2020, "stagnation_end": 2021}, rdd_scores=scores
    )


def test_a_new_source_reaches_the_matrix_without_touching_the_diagnosis():
    with registry.registered(RDD):
        assert "rdd" in evidence.SOURCES and "rdd" in dg.EXPECTED_SOURCES["resources"]
        res = dg.diagnose(_data())
        m = res.matrix
        row = m[(m["source"] == "rdd") & m["available"]]
        assert len(row) == 1 and row["factor"].iloc[0] == "structure"
        assert row["score"].iloc[0] == pytest.approx(-1.0)
        assert res.parts["rdd"].jump == pytest.approx(-1.0)
        # the factor it does not speak to is an explicit "no data" cell
        gap = m[(m["source"] == "rdd") & (m["factor"] == "resources")]
        assert not gap["available"].iloc[0] and gap["finding"].iloc[0] == dg.NOT_AVAILABLE
        # one strong source alone: capped at moderate by the ranking rules
        assert res.table.set_index("factor").loc["structure", "verdict"] == "moderate"
        assert res.table.set_index("factor").loc["structure", "sources"] == "rdd"
        # its words come from its own labels when the prose layer has none
        assert dg.SOURCE_LABELS["rdd"] == "regresi diskontinuitas"
        with prose.use_language("en"):
            assert dg.SOURCE_LABELS["rdd"] == "regression discontinuity"
            # labels are words of the language current when the table is made
            ranked_en = dg.rank_causes(m).set_index("factor")
            assert ranked_en.loc["structure", "sources_label"] == "regression discontinuity"
            fig = res.plot_matrix()
            ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
            assert "regression discontinuity" in ticks
    assert "rdd" not in registry.names()
    with pytest.raises(ParameterError, match="rdd"):
        make_evidence_frame(
            _rdd_evidence(_RddResult(-0.5, 8), confidence_level=0.95).to_dict("records")
        )


def test_a_failing_source_becomes_a_caveat_and_a_missing_one_is_skipped():
    with registry.registered(RDD):
        res = dg.diagnose(_data(n=3))
        failed = [s for s in res.statements if s.code == "diagnosis.source_failed"]
        assert [s.values["source"] for s in failed] == ["rdd"]
        assert "too few" in failed[0].values["error"]
        assert not res.matrix.loc[res.matrix["source"] == "rdd", "available"].any()
        res = dg.diagnose(
            SimpleNamespace(context={"stagnation_start": 2020, "stagnation_end": 2021})
        )
        assert "rdd" not in res.parts


def test_programming_errors_in_a_source_propagate():
    def broken(data, ctx):
        raise ZeroDivisionError("bug")

    bad = registry.EvidenceSource("broken", ("rdd_scores",), broken, _rdd_evidence)
    with registry.registered(bad), pytest.raises(ZeroDivisionError):
        dg.diagnose(_data())


def test_registration_is_checked():
    with pytest.raises(ParameterError, match="already registered"):
        registry.register(registry.get("survey"))
    with pytest.raises(ParameterError, match="unknown factor"):
        registry.EvidenceSource("x", (), _run_rdd, _rdd_evidence, factors=("mindset",))
    with pytest.raises(ParameterError, match="identifier"):
        registry.EvidenceSource("not a name", (), _run_rdd, _rdd_evidence)
    with pytest.raises(ParameterError, match="no evidence source"):
        registry.unregister("rdd")
    # replace keeps the place in the run order
    survey = registry.get("survey")
    order = [s.name for s in registry.sources()]
    try:
        registry.register(survey, replace=True)
        assert [s.name for s in registry.sources()] == order
    finally:
        registry.register(survey, replace=True)


def test_evidence_receives_the_context_when_it_asks_for_it():
    seen = {}

    def rows(result, *, confidence_level, context):
        seen["level"], seen["parts"] = confidence_level, dict(context.parts)
        return None

    src = registry.EvidenceSource("ctxsrc", ("rdd_scores",), _run_rdd, rows, ("structure",))
    with registry.registered(src):
        dg.diagnose(_data(), confidence_level=0.9)
    assert seen["level"] == pytest.approx(0.9) and "ctxsrc" not in seen["parts"]
