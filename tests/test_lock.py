"""The locked dependency set (requirements.lock): written by `make lock`, checked by every run."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from evaltools.runner import lock

ROOT = Path(__file__).resolve().parents[1]


def test_write_then_read_round_trips_this_environment(tmp_path):
    path = lock.write(tmp_path / "requirements.lock")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Exact versions `make test` was last green with")
    versions = lock.read(path)
    assert versions == lock.installed_versions()
    assert "pandas" in versions and "pip" not in versions and "evaltools" not in versions
    assert lock.check(path) == {
        "file": "requirements.lock",
        "sha256": lock.check(path)["sha256"],
        "matches": True,
        "differences": [],
    }


def test_check_lists_every_difference(tmp_path):
    path = tmp_path / "requirements.lock"
    installed = lock.installed_versions()
    path.write_text(
        "# comment\n\n"
        f"Pandas=={installed['pandas']}\n"  # case and separators are normalised
        "numpy==0.0.1\n"  # another version installed
        "no_such_package==1.0\n",  # locked but not installed
        encoding="utf-8",
    )
    result = lock.check(path)
    assert result["matches"] is False
    assert result["differences"] == [
        {"package": "no-such-package", "locked": "1.0", "installed": None},
        {"package": "numpy", "locked": "0.0.1", "installed": installed["numpy"]},
    ]
    assert lock.main(["check", str(path)]) == 1


def test_no_lock_file_is_reported_as_unknown(tmp_path):
    assert lock.check(tmp_path / "absent.lock") == {
        "file": None,
        "sha256": None,
        "matches": None,
        "differences": [],
    }


def test_committed_lock_pins_every_dependency_exactly():
    """requirements.lock pins each runtime and dev dependency of pyproject.toml, within its
    range."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    locked = lock.read(ROOT / "requirements.lock")
    from packaging.requirements import Requirement

    for spec in wanted:
        req = Requirement(spec)
        name = lock.normalise(req.name)
        assert name in locked, f"{name} is a dependency but not in requirements.lock: run make lock"
        assert req.specifier.contains(locked[name], prereleases=True), (
            f"requirements.lock pins {name}=={locked[name]} outside pyproject's {req.specifier}"
        )
    assert lock.default_lock_path() == ROOT / "requirements.lock"
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        assert line.startswith("#") or re.fullmatch(r"[a-z0-9-]+==\S+", line), line


def test_makefile_installs_with_the_lock():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "-c $(LOCK)" in makefile and "$(STAMP): pyproject.toml $(LOCK)" in makefile
