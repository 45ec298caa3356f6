"""Shared helpers of the hostile-input corpus: a copy of the demo data and a CLI runner."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from evaltools.cli import main

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
MINIMAL = Path(__file__).resolve().parents[1] / "data" / "fixtures" / "minimal"


def _tree_hash(path: Path) -> dict[str, str]:
    """SHA-256 of every file under ``path`` (or of the file): proof nothing was changed."""
    path = Path(path)
    if path.is_file():
        return {path.name: hashlib.sha256(path.read_bytes()).hexdigest()}
    return {
        str(p.relative_to(path)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def tree_hash():
    """``tree_hash(path)``: SHA-256 of every file under a path (proof nothing changed)."""
    return _tree_hash


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A private copy of the committed demo CSV folder."""
    out = tmp_path / "data"
    shutil.copytree(DEMO, out)
    return out


@pytest.fixture
def minimal_copy(tmp_path: Path) -> Path:
    out = tmp_path / "minimal"
    shutil.copytree(MINIMAL, out)
    return out


@pytest.fixture
def cli(capsys):
    """Run ``evaltools ARGS`` in-process; returns (exit code, stdout, stderr)."""

    def _run(*args: str) -> tuple[int, str, str]:
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        return code, out, err

    return _run
