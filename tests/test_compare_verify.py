"""`evaltools compare` and `evaltools verify` on hand-made run folders (the end-to-end checks on
real demo runs are in tests/test_demo_report.py)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from evaltools.cli import main
from evaltools.errors import ParameterError
from evaltools.runner.compare import compare, format_table
from evaltools.runner.verify import compare_values

FINDINGS = {
    "schema": "evaltools.findings/1",
    "region": "Kota Contoh",
    "stagnant": {"answer": "partly", "strength": "moderate", "dimensions_flagged": ["economy"]},
    "dimensions": [
        {
            "dimension": "economy",
            "verdict": "stalled",
            "estimate": -0.1,
            "ci_low": -0.15,
            "ci_high": -0.05,
            "p_adjusted": 0.01,
        },
        {
            "dimension": "living",
            "verdict": "on_track",
            "estimate": 0.0,
            "ci_low": -0.04,
            "ci_high": 0.04,
            "p_adjusted": 1.0,
        },
    ],
    "causes": [
        {
            "factor": "resources",
            "rank": 1,
            "verdict": "moderate",
            "score": -0.5,
            "sources": ["budget"],
        },
        {"factor": "communication", "rank": 2, "verdict": "none", "score": 0.0, "sources": []},
    ],
    "recommendations": [{"factor": "resources", "recommendation": "Lindungi pagu."}],
}
MANIFEST = {
    "parameters": {"region": "Kota Contoh", "confidence_level": 0.95, "data_path": "/a/data"},
    "inputs": {
        "programs.csv": {"sha256": "a" * 64, "bytes": 10},
        "budget.csv": {"sha256": "b" * 64, "bytes": 10},
    },
}


def _run(path: Path, manifest: dict, findings: dict) -> Path:
    path.mkdir(parents=True)
    (path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (path / "findings.json").write_text(json.dumps(findings), encoding="utf-8")
    return path


def test_compare_a_run_with_itself_finds_nothing(tmp_path, capsys):
    run = _run(tmp_path / "r", MANIFEST, FINDINGS)
    assert compare(run, run) == []
    assert main(["compare", str(run), str(run)]) == 0
    assert "No changes" in capsys.readouterr().out


def test_compare_lists_inputs_parameters_verdicts_causes_and_recommendations(tmp_path, capsys):
    old = _run(tmp_path / "old", MANIFEST, FINDINGS)
    m2, f2 = copy.deepcopy(MANIFEST), copy.deepcopy(FINDINGS)
    m2["inputs"]["budget.csv"]["sha256"] = "c" * 64
    m2["inputs"]["survey_items.csv"] = {"sha256": "d" * 64, "bytes": 3}
    m2["parameters"]["confidence_level"] = 0.9
    m2["parameters"]["data_path"] = "/elsewhere"  # where the data lie is not a change
    f2["stagnant"]["answer"] = "no"
    f2["dimensions"][0]["verdict"] = "slowed"
    f2["dimensions"][1]["estimate"] = 1e-13  # floating-point noise, not a change
    f2["causes"][0]["score"] = -0.3
    f2["recommendations"] = [{"factor": "structure", "recommendation": "Terbitkan perwal."}]
    new = _run(tmp_path / "new", m2, f2)
    rows = compare(old, new)
    got = {(r["section"], r["item"]): (r["old"], r["new"]) for r in rows}
    assert got == {
        ("inputs", "budget.csv"): ("b" * 12, "c" * 12),
        ("inputs", "survey_items.csv"): (None, "d" * 12),
        ("parameters", "confidence_level"): (0.95, 0.9),
        ("stagnant", "answer"): ("partly", "no"),
        ("dimensions", "economy.verdict"): ("stalled", "slowed"),
        ("causes", "resources.score"): (-0.5, -0.3),
        ("recommendations", "resources / Lindungi pagu."): ("present", None),
        ("recommendations", "structure / Terbitkan perwal."): (None, "present"),
    }
    text = format_table(rows)
    assert text.splitlines()[0].split() == ["section", "item", "old", "new"]
    assert main(["compare", str(old), str(new)]) == 0
    assert "confidence_level" in capsys.readouterr().out


def test_compare_refuses_folders_that_are_not_runs(tmp_path, capsys):
    run = _run(tmp_path / "r", MANIFEST, FINDINGS)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ParameterError, match="not a run folder"):
        compare(tmp_path / "empty", run)
    (tmp_path / "r2").mkdir()
    (tmp_path / "r2" / "manifest.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ParameterError, match="findings.json"):
        compare(run, tmp_path / "r2")
    assert main(["compare", str(tmp_path / "empty"), str(run)]) == 2
    assert "not a run folder" in capsys.readouterr().err


def test_compare_values_tolerates_float_noise_not_changes():
    a = {"x": 0.123456789, "codes": ["yes", "strong"], "n": None}
    assert (
        compare_values(a, {"x": 0.123456789 * (1 + 1e-9), "codes": ["yes", "strong"], "n": None})
        == []
    )
    diffs = compare_values(a, {"x": 0.2, "codes": ["yes", "weak"], "extra": 1, "n": None})
    assert diffs == [
        "x: 0.123456789 (report) vs 0.2 (re-run)",
        "codes[1]: 'strong' (report) vs 'weak' (re-run)",
        "extra: missing from the report, in the re-run",
    ]
    assert compare_values([1, 2], [1]) == ["findings: 2 entries (report) vs 1 (re-run)"]
    assert compare_values(True, 1) == ["findings: True (report) vs 1 (re-run)"]


def test_verify_refuses_a_folder_without_manifest(tmp_path, capsys):
    assert main(["verify", str(tmp_path)]) == 2
    assert "not a run folder" in capsys.readouterr().err
