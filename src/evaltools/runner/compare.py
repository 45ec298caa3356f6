"""What changed between two reports of the same evaluation: ``evaltools compare OLD NEW``.

Built on the two run folders' ``manifest.json`` (inputs by SHA-256, effective parameters) and
``findings.json`` (the verdicts as data). The result is a tidy table — one row per change, with
its section, the item, the old and the new value — that the CLI prints and the report can show
as "Perubahan sejak laporan sebelumnya".
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from evaltools.errors import ParameterError
from evaltools.runner.manifest import MANIFEST_NAME, read_manifest

FINDINGS_NAME = "findings.json"
SECTIONS = ("inputs", "parameters", "stagnant", "dimensions", "causes", "recommendations")
COLUMNS = ("section", "item", "old", "new")
# Numbers that differ by less than this are the same result (floating-point noise between
# machines), not a change worth a DPRD's attention.
REL_TOL = 1e-6


def _load(run_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    manifest = read_manifest(run_dir)
    if not isinstance(manifest, dict):
        raise ParameterError(
            f"{run_dir} is not a run folder: no readable {MANIFEST_NAME}. Give folders that "
            "`evaltools run` printed (e.g. reports/demo/2026-12-01)."
        )
    try:
        findings = json.loads((run_dir / FINDINGS_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ParameterError(
            f"{run_dir} has no readable {FINDINGS_NAME}: it was made by an evaltools older than "
            "the findings file, or its run failed; re-run it to compare."
        ) from None
    if not isinstance(findings, dict):
        raise ParameterError(f"{run_dir / FINDINGS_NAME} is not a findings object")
    return manifest, findings


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(float(a), float(b), rel_tol=REL_TOL, abs_tol=1e-12)
    return a == b


def _by_key(items: Any, key: str) -> dict[str, dict[str, Any]]:
    return {str(i.get(key)): i for i in (items or []) if isinstance(i, dict)}


def _diff_records(
    section: str, old: Any, new: Any, key: str, fields: tuple[str, ...]
) -> list[dict[str, Any]]:
    rows = []
    a, b = _by_key(old, key), _by_key(new, key)
    for name in list(a) + [k for k in b if k not in a]:
        if name not in b:
            rows.append({"section": section, "item": name, "old": "present", "new": None})
            continue
        if name not in a:
            rows.append({"section": section, "item": name, "old": None, "new": "present"})
            continue
        for f in fields:
            if not _same(a[name].get(f), b[name].get(f)):
                rows.append(
                    {
                        "section": section,
                        "item": f"{name}.{f}",
                        "old": a[name].get(f),
                        "new": b[name].get(f),
                    }
                )
    return rows


def compare(old_run: str | Path, new_run: str | Path) -> list[dict[str, Any]]:
    """List what changed between two run folders of the same evaluation.

    Parameters
    ----------
    old_run, new_run : path
        Run folders (each with ``manifest.json`` and ``findings.json``).

    Returns
    -------
    list of dict
        One row per change with keys ``section`` (one of ``inputs, parameters, stagnant,
        dimensions, causes, recommendations``), ``item``, ``old``, ``new`` (None where the item
        is absent on that side); empty when nothing changed. Numbers within a relative 1e-6 are
        the same.

    Raises
    ------
    ParameterError
        When a folder is not a run folder or has no readable ``findings.json``.
    """
    old_m, old_f = _load(Path(old_run))
    new_m, new_f = _load(Path(new_run))
    return compare_records(old_m, old_f, new_m, new_f)


def compare_records(
    old_m: dict[str, Any], old_f: dict[str, Any], new_m: dict[str, Any], new_f: dict[str, Any]
) -> list[dict[str, Any]]:
    """:func:`compare` on loaded manifests and findings (the runner uses it while building)."""
    rows: list[dict[str, Any]] = []

    old_in, new_in = old_m.get("inputs") or {}, new_m.get("inputs") or {}
    for name in sorted(set(old_in) | set(new_in)):
        a = (old_in.get(name) or {}).get("sha256")
        b = (new_in.get(name) or {}).get("sha256")
        if a != b:
            rows.append(
                {
                    "section": "inputs",
                    "item": name,
                    "old": a[:12] if a else None,
                    "new": b[:12] if b else None,
                }
            )

    old_p, new_p = old_m.get("parameters") or {}, new_m.get("parameters") or {}
    for name in sorted(set(old_p) | set(new_p)):
        if name == "data_path":  # where the data lie is not a change of the evaluation
            continue
        if not _same(old_p.get(name), new_p.get(name)):
            rows.append(
                {
                    "section": "parameters",
                    "item": name,
                    "old": old_p.get(name),
                    "new": new_p.get(name),
                }
            )

    a_st, b_st = old_f.get("stagnant") or {}, new_f.get("stagnant") or {}
    for f in ("answer", "strength", "dimensions_flagged"):
        if not _same(a_st.get(f), b_st.get(f)):
            rows.append({"section": "stagnant", "item": f, "old": a_st.get(f), "new": b_st.get(f)})

    rows += _diff_records(
        "dimensions",
        old_f.get("dimensions"),
        new_f.get("dimensions"),
        "dimension",
        ("verdict", "estimate", "ci_low", "ci_high", "p_adjusted"),
    )
    rows += _diff_records(
        "causes", old_f.get("causes"), new_f.get("causes"), "factor", ("rank", "verdict", "score")
    )
    old_r = [_rec_key(r) for r in old_f.get("recommendations") or []]
    new_r = [_rec_key(r) for r in new_f.get("recommendations") or []]
    for r in old_r:
        if r not in new_r:
            rows.append({"section": "recommendations", "item": r, "old": "present", "new": None})
    for r in new_r:
        if r not in old_r:
            rows.append({"section": "recommendations", "item": r, "old": None, "new": "present"})
    return rows


def previous_run(out_root: Path) -> Path | None:
    """The newest good run under ``out_root`` (its ``latest`` link) when it has findings."""
    latest = Path(out_root) / "latest"
    try:
        target = latest.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if (target / FINDINGS_NAME).is_file() and (target / MANIFEST_NAME).is_file():
        return target
    return None


def _rec_key(rec: Any) -> str:
    if isinstance(rec, dict):
        return " / ".join(str(rec.get(k)) for k in ("factor", "recommendation") if k in rec)
    return str(rec)


def format_table(rows: list[dict[str, Any]], *, width: int = 38) -> str:
    """Plain-text table of :func:`compare` rows for a terminal (long values shortened)."""
    if not rows:
        return "No changes: same inputs, parameters, verdicts, causes and recommendations."

    def cell(v: Any) -> str:
        text = "-" if v is None else (f"{v:.4g}" if isinstance(v, float) else str(v))
        text = "".join(ch if ch.isprintable() else " " for ch in text)
        return text if len(text) <= width else text[: width - 1] + "…"

    table = [("section", "item", "old", "new")] + [
        (r["section"], cell(r["item"]), cell(r["old"]), cell(r["new"])) for r in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(4)]
    lines = [
        "  ".join(v.ljust(w) for v, w in zip(line, widths, strict=True)).rstrip() for line in table
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


__all__ = ["COLUMNS", "SECTIONS", "compare", "compare_records", "format_table", "previous_run"]
