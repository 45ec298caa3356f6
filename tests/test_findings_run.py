"""findings.json (issue 12, item 5): every run that executes the diagnosis notebook writes it
beside report.pdf, and it equals ``diagnose(...).findings()`` for the same data and parameters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import evaltools
from evaltools.runner.manifest import sha256_file
from evaltools.workbook import FINDINGS_ENV, save_findings

REPO = Path(__file__).resolve().parents[1]


def test_save_findings_writes_only_when_a_run_asks(tmp_path, monkeypatch, demo_dir):
    res = evaltools.diagnosis.diagnose(evaltools.load_data(demo_dir))
    monkeypatch.delenv(FINDINGS_ENV, raising=False)
    assert save_findings(res) is None  # interactive: nothing written
    target = tmp_path / "findings.json"
    monkeypatch.setenv(FINDINGS_ENV, str(target))
    assert save_findings(res) == target
    assert json.loads(target.read_text(encoding="utf-8")) == res.findings()
    assert [p.name for p in tmp_path.iterdir()] == ["findings.json"]


@pytest.mark.slow
def test_a_run_writes_findings_equal_to_diagnose(demo_rerun, demo_dir):
    # the session's run of the diagnosis notebook (with 04 and 05) with region "Kota Contoh"
    # and confidence level "0,9" (tests/conftest.py)
    result = demo_rerun
    assert result.ok, result.message
    path = result.run_dir / "findings.json"
    assert result.findings == path and path.is_file()
    assert (result.run_dir / "report.pdf").is_file()
    got = json.loads(path.read_text(encoding="utf-8"))
    expected = evaltools.diagnosis.diagnose(
        evaltools.load_data(demo_dir), confidence_level=0.9, region="Kota Contoh"
    ).findings()
    assert got == expected
    assert list(got) == list(expected)  # stable key order
    assert got["region"] == "Kota Contoh" and got["confidence_level"] == 0.9
    m = json.loads((result.run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert m["findings"] == {"json": "findings.json", "sha256": sha256_file(path)}
    assert "findings_path" not in m["parameters"]
    assert not [p for p in result.run_dir.rglob(".*")]  # no temporary file left
