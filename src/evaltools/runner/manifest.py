"""Provenance of a run: file hashes, package versions, git commit, and the run fingerprint."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

from evaltools import __version__
from evaltools._io import atomic_write

MANIFEST_NAME = "manifest.json"
VERSIONED_PACKAGES = (
    "pandas",
    "numpy",
    "scipy",
    "statsmodels",
    "matplotlib",
    "papermill",
    "nbconvert",
    "nbformat",
    "weasyprint",
    "openpyxl",
)


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def hash_inputs(path: Path | None) -> dict[str, dict[str, Any]]:
    """Hash the input files the data reader opens: the workbook, or the folder's table CSVs.

    Only what :func:`evaltools.data.read.input_files` lists is hashed (so ``--data /`` or a
    report folder inside the data folder costs nothing), and only regular files within the
    size cap (a FIFO or a link to ``/dev/zero`` would never end; validation reports them).

    Returns
    -------
    dict
        File name -> ``{"sha256": str, "bytes": int}``, sorted by name; a file that is not
        read gets ``{"sha256": None, "refused": reason}``.
    """
    if path is None:
        return {}
    from evaltools.data.read import file_refusal, input_files

    out: dict[str, dict[str, Any]] = {}
    try:
        files = input_files(Path(path))
    except OSError:
        return {}  # an unreadable folder: validation says so, plainly
    for name, p in files:
        refusal = file_refusal(p)
        if refusal is not None:
            out[name] = {"sha256": None, "refused": refusal}
            continue
        out[name] = {"sha256": sha256_file(p), "bytes": p.stat().st_size}
    return out


def package_versions() -> dict[str, str]:
    """Versions of Python, evaltools and the packages that shape the numbers and the PDF."""
    versions = {"python": platform.python_version(), "evaltools": __version__}
    for name in VERSIONED_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "tidak terpasang"
    return versions


def git_commit(path: Path) -> str | None:
    """The commit of the repository holding ``path`` (``+dirty`` when it has local changes)."""
    try:
        cwd = path if path.is_dir() else path.parent
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        if head.returncode != 0:
            return None
        commit = head.stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        return commit + ("+dirty" if dirty.returncode == 0 and dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return None


def fingerprint(
    parameters: dict[str, Any], inputs: dict[str, Any], notebooks: dict[str, Any]
) -> str:
    """One SHA-256 over what determines a report: parameters, input and notebook hashes."""
    payload = {
        "parameters": parameters,
        "inputs": {k: v["sha256"] for k, v in sorted(inputs.items())},
        "notebooks": {k: v["sha256"] for k, v in sorted(notebooks.items())},
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_json_atomic(path: Path, payload: dict[str, Any]) -> None:
    """Write JSON via a temporary file and rename, so a reader never sees half a file."""
    atomic_write(path, json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n")


def read_manifest(run_dir: Path) -> dict[str, Any] | None:
    """The manifest of a run folder, or None when absent or unreadable."""
    try:
        payload = json.loads((Path(run_dir) / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return payload if isinstance(payload, dict) else None
