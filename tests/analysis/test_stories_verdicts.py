"""The verdicts an honest tool must give on independently generated stories.

The stories (:mod:`evaltools.data.stories`, ``docs/stories.md``) share nothing with the demo:
other regions, regulations, years, windows, agencies, events and peer measures. Each plants a
known truth; these tests run the whole diagnosis on each and read the verdicts through the
machine-readable findings contract (DESIGN.md §6: ``diagnose(...).findings()``):

- ``null`` (nothing stalls, no cause): the stagnation answer is "no" (or undetermined), no
  dimension is stalled, and no cause is rated above weak;
- ``communication_structure``: those two causes rank first, the environment is not supported
  (the peers kept improving), and only planted dimensions are flagged;
- ``environment``: a shock of the story's own ``events`` table hit the region and its peers
  alike: the environment is the supported cause, the local factors are not;
- ``thin`` (the same effects on thin data): no cause is "strong", and the total strength is
  below that of the full story with the same effects;
- ``no_optional`` (targets only): stagnation is judged, no cause gets a verdict.
"""

from __future__ import annotations

import json
import math
import warnings
from functools import cache
from pathlib import Path

import pytest

import evaltools
from evaltools.analysis import diagnosis
from evaltools.data.stories import STORIES, write

SEED = 7
FACTORS = {"communication", "resources", "disposition", "structure", "environment"}
ANSWERS = {"yes", "partly", "no", "undetermined"}
STRENGTHS = {"strong", "moderate", "weak", "none"}
DIMENSION_VERDICTS = {"stalled", "slowed", "on_track", "improved", "undetermined"}
CAUSE_VERDICTS = {"strong", "moderate", "weak", "none", "against"}
NOT_SUPPORTED = {"none", "against"}
AT_MOST_WEAK = {"weak", "none", "against"}


@pytest.fixture(scope="module")
def story_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("story-verdicts")


@cache
def _diagnose(root: str, story: str):
    folder = write(story, Path(root) / story, seed=SEED)
    planted = json.loads((folder / "planted.json").read_text(encoding="utf-8"))
    data = evaltools.load_data(folder)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = diagnosis.diagnose(data)
    return result, planted


@pytest.fixture(scope="module")
def run(story_dir):
    """``run(story) -> (findings, planted)``; each story is diagnosed once per module."""

    def _run(story: str) -> tuple[dict, dict]:
        result, planted = _diagnose(str(story_dir), story)
        return result.findings(), planted

    return _run


def _causes(findings: dict) -> dict[str, dict]:
    return {c["factor"]: c for c in findings["causes"]}


def _dimensions(findings: dict) -> dict[str, dict]:
    return {d["dimension"]: d for d in findings["dimensions"]}


def _score(cause: dict) -> float:
    s = cause.get("score")
    return 0.0 if s is None or (isinstance(s, float) and math.isnan(s)) else float(s)


# ------------------------------------------------------------------ the contract on every story


@pytest.mark.parametrize("story", list(STORIES))
def test_findings_follow_the_contract_and_the_data(run, story):
    f, planted = run(story)
    json.dumps(f)  # JSON-ready, as findings.json
    assert f["schema"] == "evaltools.findings/1"
    ctx = planted["context"]
    # names and years come from the data, not from the demo
    assert f["region"] == ctx["region"]
    assert f["regulation"] == ctx["regulation"]
    assert list(f["stagnation_window"]) == [ctx["stagnation_start"], ctx["stagnation_end"]]
    assert f["synthetic"] is True
    assert f["stagnant"]["answer"] in ANSWERS
    assert f["stagnant"]["strength"] in STRENGTHS
    assert set(f["stagnant"]["dimensions_flagged"]) <= set(_dimensions(f))
    assert {d["verdict"] for d in f["dimensions"]} <= DIMENSION_VERDICTS
    causes = _causes(f)
    assert set(causes) == FACTORS
    assert {c["verdict"] for c in causes.values()} <= CAUSE_VERDICTS
    assert sorted(c["rank"] for c in causes.values()) == list(range(1, 6))


# ------------------------------------------------------------------ the planted truths


def test_null_story_no_stagnation_no_cause(run):
    f, planted = run("null")
    assert planted["progress"]["stalled"] == []
    assert f["stagnant"]["answer"] in {"no", "undetermined"}, f["stagnant"]
    assert f["stagnant"]["dimensions_flagged"] == []
    stalled = [d["dimension"] for d in f["dimensions"] if d["verdict"] == "stalled"]
    assert stalled == []
    too_strong = {
        k: c["verdict"] for k, c in _causes(f).items() if c["verdict"] not in AT_MOST_WEAK
    }
    assert too_strong == {}


def test_communication_structure_story(run):
    f, planted = run("communication_structure")
    assert f["stagnant"]["answer"] in {"yes", "partly"}, f["stagnant"]
    flagged = set(f["stagnant"]["dimensions_flagged"])
    planted_dims = set(planted["progress"]["stalled"]) | set(planted["progress"]["slowed"])
    assert flagged and flagged <= planted_dims
    causes = _causes(f)
    top = {k for k, c in causes.items() if c["rank"] <= 2}
    assert top == {"communication", "structure"}
    assert {causes[k]["verdict"] for k in top} <= {"strong", "moderate"}
    # peers kept improving: the environment is not a cause (evidence against, or none)
    assert causes["environment"]["verdict"] in NOT_SUPPORTED, causes["environment"]
    for factor in ("resources", "disposition"):
        assert causes[factor]["verdict"] in AT_MOST_WEAK, causes[factor]


def test_environment_story_shared_shock_is_the_cause(run):
    f, planted = run("environment")
    assert planted["shock"]["kind"] == "shock"
    assert f["stagnant"]["answer"] in {"yes", "partly"}, f["stagnant"]
    causes = _causes(f)
    assert causes["environment"]["verdict"] in {"strong", "moderate"}, causes["environment"]
    assert causes["environment"]["rank"] == 1
    # the shock is known only from the story's events table (kind "shock" / "budget"): the
    # time series, the budget and the peers must all be read as environment evidence
    assert {"its", "budget", "peers"} <= set(causes["environment"]["sources"]), causes[
        "environment"
    ]
    for factor in ("communication", "disposition", "structure"):
        assert causes[factor]["verdict"] in AT_MOST_WEAK, causes[factor]


def test_thin_story_is_weaker_than_the_same_effects_on_full_data(run):
    thin, planted = run("thin")
    full, _ = run(planted["mirrors"])
    # with 3 programmes and 2 years before the window, no on-track dimension may be flagged
    planted_dims = set(planted["progress"]["stalled"]) | set(planted["progress"]["slowed"])
    assert set(thin["stagnant"]["dimensions_flagged"]) <= planted_dims
    thin_causes, full_causes = _causes(thin), _causes(full)
    assert not [k for k, c in thin_causes.items() if c["verdict"] == "strong"], thin_causes
    total_thin = sum(max(_score(c), 0.0) for c in thin_causes.values())
    total_full = sum(max(_score(c), 0.0) for c in full_causes.values())
    assert total_thin < total_full, (total_thin, total_full)


def test_no_optional_story_judges_stagnation_but_no_cause(run):
    f, planted = run("no_optional")
    assert f["stagnant"]["answer"] in {"yes", "partly"}, f["stagnant"]
    planted_dims = set(planted["progress"]["stalled"]) | set(planted["progress"]["slowed"])
    assert set(f["stagnant"]["dimensions_flagged"]) <= planted_dims
    assert {c["verdict"] for c in f["causes"]} == {"none"}
    assert f["recommendations"] == []


@pytest.mark.parametrize("story", ["communication_structure", "environment", "thin", "no_optional"])
def test_a_planted_stall_is_never_called_on_track(run, story):
    # A dimension whose achievement stopped rising may be undetermined when the data are too
    # thin to tell, but calling it on track (or improved) is a wrong verdict; and an answer
    # "no" to "was it stagnant?" would deny a stall the data cannot rule out.
    f, planted = run(story)
    dims = _dimensions(f)
    wrong = {
        d: dims[d]["verdict"]
        for d in planted["progress"]["stalled"]
        if dims[d]["verdict"] in {"on_track", "improved"}
    }
    assert wrong == {}, {d: dims[d] for d in wrong}
    assert f["stagnant"]["answer"] != "no", f["stagnant"]
