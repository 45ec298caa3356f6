"""evaltools.cache: the diagnosis reuses the chapters' analysis results within a run."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from evaltools import cache
from evaltools.cache import CACHE_ENV

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def _findings(result) -> str:
    return json.dumps(result.findings(), sort_keys=True, default=str)


def _diagnosis(data_path):
    from evaltools.workbook import diagnose_workbook, open_workbook

    return diagnose_workbook(open_workbook(data_path))


@pytest.fixture()
def fresh_cache(monkeypatch, tmp_path):
    """A cache folder for this test, and the analyses wrapped (as in a run's kernel)."""
    monkeypatch.setattr(cache, "stats", {"hits": 0, "misses": 0, "uncacheable": 0})
    monkeypatch.setattr(cache, "data_stats", {"hits": 0, "misses": 0})
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_results_identical_with_and_without_the_cache(fresh_cache, monkeypatch):
    import evaltools

    first = _diagnosis(DEMO)  # fills the cache (every analysis a miss)
    misses = cache.stats["misses"]
    assert misses >= 5 and cache.stats["hits"] == 0
    assert len(list(fresh_cache.glob("*.pickle"))) == misses
    second = _diagnosis(DEMO)  # reads it
    assert cache.stats["hits"] == misses and cache.stats["misses"] == misses
    # A chapter's call (keywords spelt as the notebook spells them) finds the same entry.
    from evaltools.workbook import open_workbook

    wb = open_workbook(DEMO)
    hits = cache.stats["hits"]
    evaltools.mandates.analyze(wb.data)
    assert cache.stats["hits"] == hits + 1
    monkeypatch.delenv(CACHE_ENV)
    plain = _diagnosis(DEMO)  # no cache folder: computed as always
    assert _findings(first) == _findings(second) == _findings(plain)
    pd.testing.assert_frame_equal(second.table, plain.table)
    pd.testing.assert_frame_equal(second.matrix, plain.matrix)
    pd.testing.assert_frame_equal(second.recommendations, plain.recommendations)
    assert second.answers == plain.answers


def test_a_changed_data_file_is_a_miss(fresh_cache, tmp_path):
    from evaltools.workbook import open_workbook

    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    import evaltools

    wb = open_workbook(data)
    evaltools.mandates.analyze(wb.data)
    assert cache.stats == {"hits": 0, "misses": 1, "uncacheable": 0}
    evaltools.mandates.analyze(open_workbook(data).data)
    assert cache.stats["hits"] == 1
    mandates = data / "mandates.csv"
    table = pd.read_csv(mandates)
    table.to_csv(mandates, index=False, lineterminator="\r\n")  # same rows, other bytes
    evaltools.mandates.analyze(open_workbook(data).data)
    assert cache.stats["misses"] == 2 and cache.stats["hits"] == 1
    # Other arguments are part of the key too.
    evaltools.mandates.analyze(open_workbook(data).data, as_of="2021-06-30")
    assert cache.stats["misses"] == 3


def test_data_not_loaded_through_the_workbook_is_not_cached(fresh_cache):
    from evaltools.data import load_data

    cache.install()
    import evaltools

    evaltools.mandates.analyze(load_data(DEMO))
    assert cache.stats == {"hits": 0, "misses": 0, "uncacheable": 1}
    assert not fresh_cache.exists()


def test_outside_a_run_nothing_is_written(monkeypatch, tmp_path):
    monkeypatch.delenv(CACHE_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    from evaltools.workbook import open_workbook

    assert cache.register_data(object(), DEMO) is None
    wb = open_workbook(DEMO)
    import evaltools

    evaltools.mandates.analyze(wb.data)
    assert list(tmp_path.iterdir()) == []


def test_the_data_are_read_once_per_run_and_each_reader_gets_its_own_copy(fresh_cache, tmp_path):
    from evaltools.data import load_data
    from evaltools.workbook import open_workbook

    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    first = open_workbook(data).data  # read, validated, stored
    assert cache.data_stats == {"hits": 0, "misses": 1}
    assert len(list((fresh_cache / "data").glob("*.pickle"))) == 1
    first.budget.loc[:, "amount_idr"] = -1.0  # what one chapter does stays in its kernel
    second = open_workbook(data).data
    assert cache.data_stats == {"hits": 1, "misses": 1}
    plain = load_data(data)
    for name in ("programs", "budget", "mandates", "survey_responses", "peer_panel"):
        pd.testing.assert_frame_equal(getattr(second, name), getattr(plain, name))
    assert second.context == plain.context and second.path == plain.path
    assert second.file_hashes == plain.file_hashes
    # The analyses of the copy read from the cache are cached as before.
    import evaltools

    evaltools.mandates.analyze(second)
    assert cache.stats["misses"] == 1
    # Other bytes, another window or another language: read again.
    mandates = data / "mandates.csv"
    pd.read_csv(mandates).to_csv(mandates, index=False, lineterminator="\r\n")
    open_workbook(data)
    assert cache.data_stats == {"hits": 1, "misses": 2}
    open_workbook(data, evaluation_start=2016, evaluation_end=2023)
    open_workbook(data, language="en")
    assert cache.data_stats == {"hits": 1, "misses": 4}


def test_invalid_data_are_never_stored(fresh_cache, tmp_path):
    from evaltools.errors import DataValidationError
    from evaltools.workbook import open_workbook

    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    (data / "budget.csv").write_text("year,agency\n2020,X\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataValidationError, match="budget"):
            open_workbook(data)
    assert cache.data_stats == {"hits": 0, "misses": 2}
    assert not list(fresh_cache.rglob("*.pickle"))
