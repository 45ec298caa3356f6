"""Smoke test of the benchmark code (benchmarks/): the generator and every step at a tiny size.

Keeps `make bench` from rotting without running it (the full benchmark takes ~12 minutes).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

# benchmarks/ is put on the path just above
import national  # noqa: E402
import run as bench_run  # noqa: E402
import steps  # noqa: E402

from evaltools.errors import ParameterError  # noqa: E402

SCALE = 0.02


def test_sizes_double_units_not_periods():
    one, two = national.sizes(1), national.sizes(2)
    assert one["regions"] == 514 and one["respondents"] == 100_000 and one["items"] == 40
    assert one["indicators"] == 200 and one["months"] == 120 and one["programmes"] == 2_000
    assert one["donors"] == 500 and one["years"] == 10
    assert two["respondents"] == 200_000 and two["regions"] == 1028 and two["months"] == 120
    with pytest.raises(ParameterError, match="scale"):
        national.sizes(0)


def test_generator_is_seeded_and_shaped():
    a = national.generate(scale=SCALE)
    b = national.generate(scale=SCALE)
    s = a.sizes
    for name, df in national.tables(a).items():
        pd.testing.assert_frame_equal(df, getattr(b, name), obj=name)
    assert a.peer_panel.shape[0] == s["regions"] * s["years"]
    assert a.peer_panel["focal"].sum() == s["years"]
    assert a.survey_responses.shape[0] == s["respondents"]
    assert len(a.survey_items) == s["items"]
    assert set(a.survey_items["item_id"]) <= set(a.survey_responses.columns)
    assert a.service_monthly.shape[0] == s["indicators"] * s["months"]
    assert a.budget.shape[0] == s["programmes"] * 6 * 3
    c = national.generate(scale=SCALE, seed=national.SEED + 1)
    assert not c.survey_responses.equals(a.survey_responses)


def test_generator_matches_the_data_layer_dtypes():
    from evaltools import load_data

    demo = load_data(Path(__file__).resolve().parents[1] / "data" / "demo")
    gen = national.generate(scale=SCALE)
    for name, df in national.tables(gen).items():
        ref = getattr(demo, name)
        for col in df.columns:
            if col in ref.columns:
                assert str(df[col].dtype) == str(ref[col].dtype), (name, col)


@pytest.mark.parametrize("step", list(steps.STEPS))
def test_every_step_runs_at_tiny_size(step):
    data = national.generate(scale=0.05, groups=steps.GROUPS[step])
    headline = steps.STEPS[step](data)
    assert headline and all(v is not None for v in headline.values())
    if step == "synth":
        assert headline["placebos"] == data.sizes["donors"]
    if step == "its":
        assert headline["indicators"] + headline["errors"] == data.sizes["indicators"]


def test_measure_reports_time_and_memory_of_a_child():
    res = bench_run.measure([sys.executable, "-c", "x = bytearray(64 * 1024 * 1024); print('ok')"])
    assert res["returncode"] == 0 and "ok" in res["output"]
    assert res["max_proc_mib"] >= 64
    assert res["seconds"] > 0


def test_table_marks_missed_targets():
    fake = {
        "report": {
            "naive": {"seconds": 10.0, "peak_mib": 100},
            "evaltools": {"seconds": 5.0, "peak_mib": 200},
            "rerun": {"seconds": 0.1},
            "cold_ratio": 0.5,
            "rerun_ratio": 0.02,
        }
    }
    text = bench_run.table(fake)
    assert "0.50×" in text and "MISS" in text and "0.020×" in text


# ---------------------------------------------------------------- part 6: national batch


def test_nationalbatch_regions_are_valid_datasets_of_their_own(tmp_path):
    import nationalbatch

    from evaltools import load_data

    folders = nationalbatch.write_regions(tmp_path, 2)
    assert [f.name for f in folders] == ["wilayah-001", "wilayah-002"]
    a, b = (load_data(f) for f in folders)
    assert a.context["region"] == "Wilayah 0001" and b.context["region"] == "Wilayah 0002"
    assert list(a.peer_panel.loc[a.peer_panel["focal"], "region"].unique()) == ["Wilayah 0001"]
    assert set(a.peer_panel["region"]) == set(b.peer_panel["region"])  # one national panel
    assert not a.budget.equals(b.budget)  # each region its own numbers
    cfg_dir = nationalbatch.write_configs(tmp_path, folders, tmp_path / "nb")
    assert sorted(p.name for p in cfg_dir.iterdir()) == ["wilayah-001.yaml", "wilayah-002.yaml"]


def test_nationalbatch_extrapolation_and_rows():
    import nationalbatch

    # 514 reports × 36 CPU-s on 16 cores at 90 % efficiency: 514*36/(16*0.9)/3600 h
    ex = nationalbatch.extrapolate(36.0, 0.9)
    assert ex["hours_16_cores"] == pytest.approx(514 * 36 / (16 * 0.9) / 3600)
    assert ex["hours_64_cores"] == pytest.approx(ex["hours_16_cores"] / 4)
    assert nationalbatch.extrapolate(36.0, 1.2)["hours_16_cores"] == pytest.approx(
        514 * 36 / 16 / 3600
    )
    mode = {"reports_per_minute": 2.0, "reports_per_cpu_minute": 1.5, "cpu_per_report": 40.0}
    fake = {
        "configs": 20,
        "serial": mode,
        "serial_jobs2": mode,
        "workers2": {**mode, "speedup_over_serial": 1.5, "speedup_over_serial_jobs2": 1.2},
        "cluster": {**mode, "speedup_over_serial": 1.8, "speedup_over_serial_jobs2": 1.4},
        "extrapolation": ex,
    }
    text = bench_run.table({"nationalbatch": fake})
    assert "extrapolated, not measured" in text
    # The goal is judged on --workers 2 over the one-at-a-time serial batch only.
    goal = [line for line in text.splitlines() if "≥ 1.70×" in line]
    assert len(goal) == 1 and "1.50×" in goal[0] and "MISS" in goal[0]
    assert "1.20×" in text and "1.40×" in text


def test_nationalbatch_rows_of_a_partial_run():
    """`--nationalbatch-modes cluster`: only the modes that ran are shown, no speed-up or
    extrapolation without their baseline."""
    import nationalbatch

    mode = {"reports_per_minute": 2.0, "reports_per_cpu_minute": 1.0, "cpu_per_report": 60.0}
    text = bench_run.table({"nationalbatch": {"configs": 20, "cluster": mode}})
    assert "dask scheduler + 2 workers" in text and "60.0 CPU-s/report" in text
    assert "speed-up" not in text and "extrapolated" not in text
    with pytest.raises(ValueError, match="unknown nationalbatch modes"):
        nationalbatch.part_nationalbatch(Path("."), Path("."), 1, None, None, modes=("fast",))
