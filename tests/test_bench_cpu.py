"""Part 6 of the benchmarks (CPU per report): the measurement counts grandchildren too."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import run as bench_run

BURN = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.4: pass\n"


def test_measure_cpu_counts_the_whole_tree():
    # A child that starts a grandchild burning ~0.4 s of CPU and waits for it.
    code = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {BURN!r}], check=True)"
    res = bench_run.measure_cpu([sys.executable, "-c", code])
    assert res["returncode"] == 0
    assert res["cpu_seconds"] >= 0.4
    assert abs(res["cpu_seconds"] - res["user_seconds"] - res["sys_seconds"]) < 0.02


def test_cpu_rows_name_every_variant_and_the_targets():
    cpu = {
        "variants": {
            "before (spawned kernels, no cache)": {"cpu_seconds": 30.0, "all_seconds": [20.0]},
            "after (forked kernels + cache)": {"cpu_seconds": 12.0, "all_seconds": [12.0]},
            "naive": {"cpu_seconds": 60.0, "all_seconds": [50.0]},
        },
        "cpu_ratio_after_before": 0.4,
        "cold_ratio_before": 0.4,
        "cold_ratio_after": 0.24,
    }
    rows = bench_run.cpu_rows(cpu)
    text = "\n".join(" | ".join(r) for r in rows)
    assert "30.0 s CPU" in text and "naive pipeline" in text
    assert ("7 CPU per report after/before", "0.40×", "≤ 0.50×", bench_run.verdict(True)) in rows
    assert rows[-1][1] == "0.24×" and rows[-1][3] == bench_run.verdict(True)
