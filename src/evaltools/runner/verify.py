"""Check a report someone handed you: ``evaltools verify RUN_DIR``.

A run folder holds ``manifest.json`` (parameters, SHA-256 of every input, of the notebooks and
of the PDF) and ``findings.json`` (the verdicts as data). :func:`verify` re-hashes the inputs
the manifest names, re-runs the analyses with the recorded parameters and compares the
findings — codes exactly, numbers within a tolerance that absorbs floating-point differences
between machines and BLAS builds, but not a changed result.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaltools.errors import ParameterError
from evaltools.runner.manifest import MANIFEST_NAME, hash_inputs, read_manifest, sha256_file

FINDINGS_NAME = "findings.json"
REL_TOL = 1e-6
ABS_TOL = 1e-9
_MAX_LISTED = 50


@dataclass
class VerifyResult:
    """Outcome of :func:`verify`.

    Attributes
    ----------
    checks : list of dict
        One entry per check, in order: ``check`` (name), ``ok`` (bool, or None when the
        check could not be made), ``detail`` (one line).
    differences : list of str
        Every difference found, one line each (``inputs/budget.csv: changed``,
        ``causes[0].score: 0.61 (report) vs 0.58 (re-run)``).
    """

    run_dir: Path
    checks: list[dict[str, Any]] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every check that could be made passed and none was impossible."""
        return all(c["ok"] is True for c in self.checks)

    def _add(self, check: str, ok: bool | None, detail: str, diffs: list[str] = ()) -> None:
        self.checks.append({"check": check, "ok": ok, "detail": detail})
        self.differences.extend(diffs)


def compare_values(
    expected: Any, actual: Any, *, path: str = "", rel: float = REL_TOL, abs_tol: float = ABS_TOL
) -> list[str]:
    """Differences between two JSON-like values; floats within ``rel``/``abs_tol`` are equal.

    >>> compare_values({"a": 1.0, "b": ["x"]}, {"a": 1.0 + 1e-12, "b": ["y"]})
    ["b[0]: 'x' (report) vs 'y' (re-run)"]
    """
    where = path or "findings"
    if isinstance(expected, dict) and isinstance(actual, dict):
        out: list[str] = []
        for key in list(expected) + [k for k in actual if k not in expected]:
            sub = f"{path}.{key}" if path else str(key)
            if key not in actual:
                out.append(f"{sub}: in the report, missing from the re-run")
            elif key not in expected:
                out.append(f"{sub}: missing from the report, in the re-run")
            else:
                out.extend(
                    compare_values(expected[key], actual[key], path=sub, rel=rel, abs_tol=abs_tol)
                )
        return out
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{where}: {len(expected)} entries (report) vs {len(actual)} (re-run)"]
        out = []
        for i, (e, a) in enumerate(zip(expected, actual, strict=True)):
            out.extend(compare_values(e, a, path=f"{path}[{i}]", rel=rel, abs_tol=abs_tol))
        return out
    if isinstance(expected, bool) or isinstance(actual, bool):  # True is not 1 in a finding
        same = type(expected) is type(actual) and expected == actual
        return [] if same else [f"{where}: {expected!r} (report) vs {actual!r} (re-run)"]
    numeric = (int, float)
    if (
        isinstance(expected, numeric)
        and isinstance(actual, numeric)
        and not isinstance(expected, bool)
        and not isinstance(actual, bool)
    ):
        if math.isclose(float(expected), float(actual), rel_tol=rel, abs_tol=abs_tol):
            return []
        return [f"{where}: {expected!r} (report) vs {actual!r} (re-run)"]
    if expected != actual:
        return [f"{where}: {expected!r} (report) vs {actual!r} (re-run)"]
    return []


def _check_file(result: VerifyResult, name: str, recorded: str | None) -> None:
    path = result.run_dir / name
    if recorded is None:
        result._add(name, None, "no SHA-256 recorded in the manifest")
    elif not path.is_file():
        result._add(name, False, "missing from the run folder", [f"{name}: missing"])
    elif sha256_file(path) != recorded:
        result._add(
            name,
            False,
            "differs from the file the run wrote",
            [f"{name}: SHA-256 differs from the manifest"],
        )
    else:
        result._add(name, True, "same bytes as written by the run")


def _check_inputs(result: VerifyResult, manifest: dict[str, Any], data: Path | None) -> Path | None:
    recorded = manifest.get("inputs") or {}
    source = (
        data if data is not None else (Path(manifest["data"]) if manifest.get("data") else None)
    )
    if source is None or not source.exists():
        where = str(source) if source is not None else "(none recorded)"
        result._add(
            "inputs",
            False,
            f"data not found at {where}; pass --data PATH",
            [f"inputs: data not found at {where}"],
        )
        return None
    current = hash_inputs(source)
    diffs = []
    for name in sorted(set(recorded) | set(current)):
        if name not in current:
            diffs.append(f"inputs/{name}: missing")
        elif name not in recorded:
            diffs.append(f"inputs/{name}: not in the report's inputs")
        elif current[name]["sha256"] != recorded[name]["sha256"]:
            diffs.append(f"inputs/{name}: changed")
    if diffs:
        result._add("inputs", False, f"{len(diffs)} of {len(recorded)} input files differ", diffs)
    else:
        result._add("inputs", True, f"{len(recorded)} input files, same SHA-256 as the report's")
    return source


def recompute_findings(data_path: Path, parameters: dict[str, Any]) -> dict[str, Any]:
    """Re-run the diagnosis as the summary notebook does, from the recorded parameters."""
    from evaltools.workbook import findings_for_run

    return findings_for_run(data_path, parameters)


def verify(run_dir: str | Path, *, data: str | Path | None = None) -> VerifyResult:
    """Re-check a run folder: file hashes, inputs, and the findings re-computed from the inputs.

    Parameters
    ----------
    run_dir : path
        A run folder (holding ``manifest.json`` and ``findings.json``).
    data : path, optional
        Where the inputs are now, when not at the path the manifest records (e.g. on another
        machine).

    Returns
    -------
    VerifyResult
        ``.ok`` is True when the report, its findings and its inputs are reproduced.

    Raises
    ------
    ParameterError
        When ``run_dir`` is not a run folder (no readable ``manifest.json``).
    """
    run = Path(run_dir)
    manifest = read_manifest(run)
    if not isinstance(manifest, dict) or "parameters" not in manifest:
        raise ParameterError(
            f"{run} is not a run folder: no readable {MANIFEST_NAME}. Give the folder that "
            "`evaltools run` printed (e.g. reports/demo/2026-12-01)."
        )
    result = VerifyResult(run_dir=run)
    report = manifest.get("report") or {}
    _check_file(result, "report.pdf", report.get("pdf_sha256"))
    _check_file(result, FINDINGS_NAME, (manifest.get("findings") or {}).get("sha256"))
    source = _check_inputs(result, manifest, Path(data).expanduser().resolve() if data else None)

    findings_path = run / FINDINGS_NAME
    try:
        written = json.loads(findings_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        result._add(
            "findings",
            False,
            f"{FINDINGS_NAME} missing or unreadable",
            [f"{FINDINGS_NAME}: missing or unreadable"],
        )
        return result
    if source is None:
        result._add("findings", None, "not re-computed: the inputs were not found")
        return result
    params = {k: v for k, v in manifest["parameters"].items() if k != "data_path"}
    again = recompute_findings(source, params)
    diffs = compare_values(written, again)
    if diffs:
        shown = diffs[:_MAX_LISTED]
        if len(diffs) > _MAX_LISTED:
            shown.append(f"... and {len(diffs) - _MAX_LISTED} more")
        result._add("findings", False, f"{len(diffs)} values differ after re-running", shown)
    else:
        result._add("findings", True, "re-running the analyses reproduces every verdict and number")
    return result


__all__ = ["FINDINGS_NAME", "VerifyResult", "compare_values", "recompute_findings", "verify"]
