"""Tests of the published facts in data/public/ (sources: shared/domain/NOTES.md)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from evaltools.errors import DataValidationError


@pytest.fixture(scope="module")
def public_dir(repo_root):
    return repo_root / "data" / "public"


def _read(public_dir, name):
    return pd.read_csv(public_dir / f"{name}.csv", dtype=str, keep_default_na=False)


def test_every_row_has_an_official_or_press_source(public_dir):
    sources = _read(public_dir, "sources")
    assert sources["source_id"].is_unique
    assert set(sources["quality"]) <= {"official", "press"}
    assert (sources["url"] != "").all() and (sources["publisher"] != "").all()
    known = set(sources["source_id"])
    used = set()
    for path in sorted(public_dir.glob("*.csv")):
        if path.stem == "sources":
            continue
        df = _read(public_dir, path.stem)
        assert len(df) > 0, path.name
        assert (df["source_id"] != "").all(), path.name
        assert set(df["source_id"]) <= known, path.name
        used |= set(df["source_id"])
    assert used == known  # no dangling source rows either


def test_nothing_marked_verify_or_synthetic(public_dir):
    for path in sorted(public_dir.glob("*.csv")):
        text = path.read_text(encoding="utf-8").lower()
        assert "[verify]" not in text and "synthetic" not in text and "sintetis" not in text


def test_spbe_values_as_published(public_dir):
    panel = _read(public_dir, "peer_panel").astype({"year": int, "value": float})
    assert set(panel["measure"]) == {"spbe_index"} and set(panel["scale_max"]) == {"5"}
    got = {(r.region, r.year): r.value for r in panel.itertuples()}
    # Values as printed in the sources (NOTES.md §2): S21, S22, S45, S23, S24, S25.
    expected = {
        ("Kota Bekasi", 2022): 2.78,
        ("Kota Depok", 2021): 2.99,
        ("Kota Depok", 2022): 3.42,
        ("Kota Depok", 2024): 4.32,
        ("Kota Bogor", 2021): 3.11,
        ("Kota Bogor", 2022): 2.75,
        ("Kota Bandung", 2022): 3.61,
        ("Kota Bandung", 2023): 3.98,
        ("Kota Bandung", 2024): 4.59,
        ("Kota Tangerang", 2023): 2.97,
        ("Kota Tangerang", 2024): 3.85,
    }
    assert got == expected
    assert panel.loc[panel["focal"] == "true", "region"].tolist() == ["Kota Bekasi"]
    # Ambiguous years are left out: no 2020 round and no garbled Bekasi 2.94.
    assert 2020 not in set(panel["year"]) and 2.94 not in set(panel["value"])


def test_events_dates(public_dir):
    events = _read(public_dir, "events")
    dates = dict(zip(events["date"], events["is_break"], strict=False))
    for day in ("2019-11-01", "2021-06-09", "2022-10-03", "2021-01-01", "2022-06-01"):
        assert dates[day] == "false"
    assert dates["2020-04-09"] == "true" and dates["2022-02-22"] == "true"
    label = dict(zip(events["date"], events["label"], strict=False))
    assert "PMK 17/PMK.07/2021" in label["2021-01-01"]
    assert "SPBE" in label["2022-06-01"] and "SKB" in label["2020-04-09"]


def test_public_tables_pass_the_data_layer(public_dir, demo_dir, tmp_path):
    from evaltools.data import load_data

    # On its own the folder lacks the two required programme tables (no published source);
    # those must be the only problems reported.
    try:
        load_data(public_dir)
    except DataValidationError as exc:
        assert {p.table for p in exc.problems} == {"programs", "program_targets"}
        assert all("required table is missing" in p.rule for p in exc.problems)
    # With programme tables added, every public table passes every rule of the data layer.
    for path in public_dir.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    for name in ("programs", "program_targets"):
        df = pd.read_csv(demo_dir / f"{name}.csv", dtype=str, keep_default_na=False)
        df.drop(columns="source_id").to_csv(tmp_path / f"{name}.csv", index=False)
    data = load_data(tmp_path)
    assert not data.is_synthetic
    assert len(data.peer_panel) == 11 and len(data.events) == 7
    assert data.events["is_break"].sum() == 2
