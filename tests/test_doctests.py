"""The runnable examples in the docstrings of the main entry points (issue 11): every module of
the package whose docstrings hold ``>>>`` examples is run through :mod:`doctest` from the
repository root, so the examples on the demo data (``load_data("data/demo")``) keep working.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from pathlib import Path

import pytest

import evaltools

REPO = Path(__file__).resolve().parents[1]


def _modules_with_examples() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(evaltools.__path__, "evaltools."):
        spec = importlib.util.find_spec(info.name)
        origin = Path(spec.origin) if spec and spec.origin else None
        if origin and origin.suffix == ".py" and ">>> " in origin.read_text(encoding="utf-8"):
            names.append(info.name)
    return sorted(names)


MODULES = _modules_with_examples()


def test_the_main_entry_points_have_examples():
    for name in (
        "evaltools.analysis.diagnosis",
        "evaltools.analysis.its",
        "evaltools.analysis.did",
        "evaltools.analysis.survey.chapter",
        "evaltools.analysis.interviews",
        "evaltools.analysis.reliability",
    ):
        assert any(m == name or m.startswith(name + ".") for m in MODULES), name


@pytest.mark.slow
@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name, monkeypatch):
    monkeypatch.chdir(REPO)  # the examples read data/demo relative to the repository root
    module = importlib.import_module(name)
    result = doctest.testmod(
        module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    assert result.attempted > 0, f"{name}: no example ran"
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"
