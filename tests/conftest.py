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
    (slow: every notebook in a kernel, then the PDF). The one execution of the Indonesian demo
    notebooks with their default parameters: the end-to-end report tests
    (tests/test_demo_report.py, tests/test_wording.py, ...) read its report, and
    tests/test_notebooks.py reads its executed notebooks (``run_dir / "notebooks"``)."""
    from evaltools.runner import run

    result = run(out=tmp_path_factory.mktemp("demo-report"))
    assert result.ok, result.message
    return result


# The chapters whose numbers depend on the confidence level (and the summary, which writes
# findings.json): re-run with non-default parameters in `demo_rerun`.
RERUN_CHAPTERS = ["04-layanan-publik-its", "05-perbandingan-daerah", "08-diagnosis-rekomendasi"]
RERUN_PARAMETERS = {"region": "Kota Contoh", "confidence_level": "0,9"}


@pytest.fixture(scope="session")
def demo_rerun(demo_report, tmp_path_factory):
    """A second run after ``demo_report``, in a copy of its output folder, of
    ``RERUN_CHAPTERS`` with ``RERUN_PARAMETERS`` (a region that is not in the demo data, so it
    can only reach the output through the parameter, and a confidence level written with a
    decimal comma, as typed after ``-p``). Shared by the tests of Lampiran D (what changed
    since the previous report), of findings.json and of the confidence-level parameter, so
    these chapters run once more per session instead of once per test."""
    import shutil

    from evaltools.runner import run

    root = tmp_path_factory.mktemp("demo-rerun") / "reports"
    shutil.copytree(demo_report.run_dir.parent, root, symlinks=True)
    result = run(out=root, notebooks=RERUN_CHAPTERS, parameters=dict(RERUN_PARAMETERS))
    assert result.ok, result.message
    return result


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.hookimpl(tryfirst=True)  # before -m deselects
def pytest_collection_modifyitems(config, items):
    # nbval runs a chapter notebook in a kernel (seconds each): slow, like the other
    # end-to-end tests, so `make test-fast` (-m "not slow") leaves them out. (This conftest is
    # loaded whenever tests/ is collected, as with the testpaths of `make test`/`test-fast`.)
    for item in items:
        if type(item).__name__ == "IPyNbCell" or type(item).__module__.startswith("nbval"):
            item.add_marker(pytest.mark.slow)
