"""Provenance of a run: file hashes, package versions, git commit, and the run fingerprint."""

from __future__ import annotations

import hashlib
import json
import os
import platform
import subprocess
import tempfile
from importlib import metadata
from pathlib import Path
from typing import Any

from evaltools import __version__

MANIFEST_NAME = "manifest.json"
VERSIONED_PACKAGES = (
    "pandas", "numpy", "scipy", "statsmodels", "matplotlib", "papermill", "nbconvert",
    "nbformat", "weasyprint", "openpyxl",
)


def sha256_file(path: Path) -> str:
    """SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def hash_inputs(path: Path | None) -> dict[str, dict[str, Any]]:
    """Hash every input file: the file itself, or every file under a folder (hidden ones skipped).

    Returns
    -------
    dict
        Relative file name -> ``{"sha256": str, "bytes": int}``, sorted by name.
    """
    if path is None:
        return {}
    path = Path(path)
    if path.is_file():
        files = [(path.name, path)]
    else:
        files = sorted(
            (str(p.relative_to(path)), p)
            for p in path.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
        )
    return {name: {"sha256": sha256_file(p), "bytes": p.stat().st_size} for name, p in files}


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
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, timeout=10, check=False,
            stdin=subprocess.DEVNULL,
        )
        if head.returncode != 0:
            return None
        commit = head.stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"], cwd=cwd,
            capture_output=True, text=True, timeout=10, check=False, stdin=subprocess.DEVNULL,
        )
        return commit + ("+dirty" if dirty.returncode == 0 and dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return None


def fingerprint(parameters: dict[str, Any], inputs: dict[str, Any], notebooks: dict[str, Any]) -> str:
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
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix="." + path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=2, ensure_ascii=False, default=str)
            fh.write("\n")
        mask = os.umask(0o022)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_manifest(run_dir: Path) -> dict[str, Any] | None:
    """The manifest of a run folder, or None when absent or unreadable."""
    try:
        return json.loads((Path(run_dir) / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
