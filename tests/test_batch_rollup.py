"""The national roll-up (evaltools.runner.rollup) from hand-made findings: counts, CSV codes,
relative links, failed and skipped runs with why, both languages, and the folder scan used when
runs were scheduled one by one (no batch index.json)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from evaltools.cli import main
from evaltools.errors import ParameterError
from evaltools.runner.rollup import build_rollup, collect, summarise


def _findings(region: str, answer: str, strength: str, causes: dict[str, str]) -> dict:
    return {
        "schema": "evaltools.findings/1",
        "region": region,
        "regulation": "Perda Uji",
        "synthetic": False,
        "stagnant": {
            "answer": answer,
            "strength": strength,
            "dimensions_flagged": ["governance"] if answer in ("yes", "partly") else [],
        },
        "dimensions": [
            {"dimension": "governance", "verdict": "stalled" if answer == "yes" else "on_track"},
            {"dimension": "economy", "verdict": "slowed" if answer == "partly" else "on_track"},
        ],
        "causes": [
            {"factor": f, "rank": i + 1, "verdict": v, "score": 1.0, "sources": []}
            for i, (f, v) in enumerate(causes.items())
        ],
        "recommendations": [],
    }


def _run(root: Path, name: str, findings: dict | None, *, status: str = "ok") -> dict:
    day = "2026-01-05" if status == "ok" else "2026-01-05-gagal"
    run_dir = root / name / day
    run_dir.mkdir(parents=True)
    manifest = {
        "status": status,
        "config": f"/cfg/{name}.yaml",
        "parameters": {"region": f"Kab. {name}"},
        "error": None if status == "ok" else "notebook x failed at cell 3: ValueError: boom",
    }
    (run_dir / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    if status == "ok":
        (run_dir / "report.pdf").write_bytes(b"%PDF-1.7 test")
        (root / name / "latest").symlink_to(day)
    if findings is not None:
        (run_dir / "findings.json").write_text(json.dumps(findings), encoding="utf-8")
    return {
        "config": f"/cfg/{name}.yaml",
        "status": status,
        "run_dir": f"{name}/{day}",
        "report": f"{name}/{day}/report.pdf" if status == "ok" else None,
        "seconds": 1.0,
        "message": manifest["error"] or "",
    }


@pytest.fixture
def batch_root(tmp_path):
    root = tmp_path / "nasional"
    runs = [
        _run(
            root,
            "kab-a",
            _findings("Kab. A", "yes", "strong", {"resources": "strong", "structure": "weak"}),
        ),
        _run(
            root,
            "kab-b",
            _findings(
                "Kab. B",
                "partly",
                "moderate",
                {"resources": "moderate", "communication": "against"},
            ),
        ),
        _run(root, "kab-c", _findings("Kab. C", "no", "none", {"resources": "none"})),
        _run(root, "kab-d", None, status="failed"),
    ]
    runs.append(
        {
            "config": "/cfg/kab-e.yaml",
            "status": "invalid",
            "run_dir": None,
            "report": None,
            "seconds": 0.0,
            "message": "unknown parameter 'ambang'",
        }
    )
    (root / "index.json").write_text(
        json.dumps({"created_at": "2026-01-05T02:30:00+07:00", "ok": False, "runs": runs}),
        encoding="utf-8",
    )
    return root


def test_summary_counts_regions_per_verdict_and_supported_factor(batch_root):
    _, rows = collect(batch_root)
    assert [r["region"] for r in rows] == ["Kab. A", "Kab. B", "Kab. C", "Kab. kab-d", "kab-e"]
    s = summarise(rows)
    assert s["answers"] == {"yes": 1, "partly": 1, "no": 1, "undetermined": 0, "no_findings": 2}
    top = s["causes"][0]
    assert top == {
        "factor": "resources",
        "n": 2,
        "of": 3,
        "strong": 1,
        "moderate": 1,
        "weak": 0,
        "against": 0,
    }
    by_factor = {c["factor"]: c for c in s["causes"]}
    assert by_factor["structure"]["n"] == 1 and by_factor["communication"]["n"] == 0
    assert by_factor["communication"]["against"] == 1
    dims = {d["dimension"]: d for d in s["dimensions"]}
    assert dims["governance"]["stalled"] == 1 and dims["economy"]["slowed"] == 1


def test_rollup_files_in_indonesian_and_english(batch_root):
    result = build_rollup(batch_root)
    page = result.index_html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'lang="id"' in page
    assert "Ringkasan Nasional" in page and "3 dari 5 run berhasil" in page
    assert "Sumber daya: didukung bukti di 2 dari 3 daerah (1 kuat, 1 sedang, 0 lemah)" in page
    assert 'href="kab-a/2026-01-05/report.pdf"' in page  # relative to the batch root
    assert "ValueError: boom" in page and "unknown parameter &#x27;ambang&#x27;" in page
    assert "sebab-akibat" in page  # supported factors are associations, said once
    assert result.pdf.read_bytes().startswith(b"%PDF")
    rows = list(csv.DictReader(io.StringIO(result.csv.read_text(encoding="utf-8"))))
    assert rows[0]["answer"] == "yes" and rows[0]["causes"] == "resources:strong;structure:weak"
    assert rows[3]["status"] == "failed" and rows[3]["answer"] == ""
    assert rows[4]["status"] == "invalid"

    assert main(["rollup", str(batch_root), "--language", "en"]) == 0
    page = (batch_root / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in page and "National summary" in page and "3 of 5 runs succeeded" in page
    assert "Resources: supported by evidence in 2 of 3 regions" in page


def test_rollup_of_runs_scheduled_one_by_one(batch_root):
    (batch_root / "index.json").unlink()  # e.g. one Airflow task per config
    index, rows = collect(batch_root)
    assert index["created_at"] is None
    assert {r["region"]: r["status"] for r in rows} == {
        "Kab. A": "ok",
        "Kab. B": "ok",
        "Kab. C": "ok",
        "Kab. kab-d": "failed",
    }
    build_rollup(batch_root)
    assert "ValueError: boom" in (batch_root / "index.html").read_text(encoding="utf-8")


def test_rollup_of_a_folder_without_runs_is_bad_input(tmp_path, capsys):
    with pytest.raises(ParameterError, match="no readable index.json"):
        build_rollup(tmp_path)
    assert main(["rollup", str(tmp_path)]) == 2
    assert "no readable index.json" in capsys.readouterr().err
