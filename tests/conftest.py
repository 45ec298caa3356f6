"""Shared fixtures: paths to the repository's data and to the published reference datasets."""

from __future__ import annotations

from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

REPO_ROOT = Path(__file__).resolve().parents[1]

# Notebooks that are inputs of the report/runner tests (one fails on purpose), not tests: keep
# nbval (--nbval-lax in pyproject.toml) from collecting them.
collect_ignore = ["fixtures"]
REFERENCE_DIR = Path(__file__).resolve().parent / "reference"
DEMO_DIR = REPO_ROOT / "data" / "demo"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """Copies of the published datasets of shared/reference (see tests/reference/README.md)."""
    return REFERENCE_DIR


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    return DEMO_DIR


@pytest.fixture(scope="session")
def demo_report(tmp_path_factory):
    """`evaltools run` on the demo data with the real chapter notebooks, once per test session
    (slow: every notebook in a kernel, then the PDF). Shared by the end-to-end report tests
    (tests/test_demo_report.py, tests/test_wording.py)."""
    from evaltools.runner import run

    result = run(out=tmp_path_factory.mktemp("demo-report"))
    assert result.ok, result.message
    return result


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.hookimpl(tryfirst=True)  # before -m deselects
def pytest_collection_modifyitems(config, items):
    # nbval runs every chapter notebook in a kernel (seconds each): slow, like the other
    # end-to-end tests, so `make test-fast` (-m "not slow") leaves them out. (This conftest is
    # loaded whenever tests/ is collected, as with the testpaths of `make test`/`test-fast`.)
    for item in items:
        if type(item).__name__ == "IPyNbCell" or type(item).__module__.startswith("nbval"):
            item.add_marker(pytest.mark.slow)
