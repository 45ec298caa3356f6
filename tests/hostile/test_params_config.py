"""Parameters and configs: every check that needs no kernel is done before one starts (exit 2,
no run folder), and YAML cannot be used to exhaust memory or the stack."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from evaltools.runner.params import MAX_TEXT_PARAMETER

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def _config(tmp_path: Path, text: str = "") -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(f"notebooks_dir: {NOTEBOOKS}\n" + text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("evaluation_start", "20201", "must be a year between 1990 and 2100"),
        ("peers", "[1, 2]", "must be a list of names (text)"),
        ("peers", "[2020-01-01]", "must be a list of names (text)"),
        ("enactment_date", "31/02/2020", "must be a calendar date"),
        ("region", "K" * 13_000, f"13,000 characters long, above the cap of {MAX_TEXT_PARAMETER}"),
        ("region", "Kota\x1b[31m Merah", "control characters"),
        ("peers", "[" * 3000 + "]" * 3000, "must be a list"),
    ],
)
def test_implausible_parameters_exit_2_before_any_kernel(
    tmp_path, cli, demo_copy, name, value, expected
):
    out = tmp_path / "out"
    t0 = time.monotonic()
    code, _, err = cli(
        "run", _config(tmp_path), "--data", demo_copy, "--out", out, "-p", name, value
    )
    assert code == 2, err
    assert expected in err and "nothing was run" in err
    assert "\x1b" not in err
    assert len(err) < 2000
    assert not out.exists()
    assert time.monotonic() - t0 < 60


def test_anchor_bomb_config_is_refused(tmp_path, cli):
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        ref = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{ref}]")
    path = _config(tmp_path, "\n".join(lines) + "\nparameters:\n  peers: *a9\n")
    t0 = time.monotonic()
    code, _, err = cli("run", path, "--out", tmp_path / "out")
    assert code == 2 and "anchors" in err and "10,000" in err
    assert time.monotonic() - t0 < 30


def test_deeply_nested_config_is_refused(tmp_path, cli):
    path = _config(tmp_path, "parameters:\n  peers: " + "[" * 3000 + "]" * 3000 + "\n")
    code, _, err = cli("run", path, "--out", tmp_path / "out")
    assert code == 2 and "nested more than 50 levels" in err
    assert not (tmp_path / "out").exists()


def test_config_that_is_a_fifo_or_not_utf8(tmp_path, cli):
    import os

    os.mkfifo(tmp_path / "pipe.yaml")
    code, _, err = cli("run", tmp_path / "pipe.yaml")
    assert code == 2 and "not a regular file" in err
    (tmp_path / "latin.yaml").write_bytes(b"author: Tim \xe9valuasi\n")
    code, _, err = cli("run", tmp_path / "latin.yaml")
    assert code == 2 and "not UTF-8" in err


def test_non_utf8_bytes_in_a_parameter(tmp_path, cli, demo_copy):
    region = b"Kota \xff\xfe".decode("utf-8", "surrogateescape")  # as argv delivers them
    code, _, err = cli(
        "run",
        _config(tmp_path),
        "--data",
        demo_copy,
        "--out",
        tmp_path / "o",
        "-p",
        "region",
        region,
    )
    assert code == 2 and "not UTF-8" in err


def test_dates_in_other_formats_are_normalised(tmp_path):
    from evaltools.runner.params import inspect_parameters, resolve_parameters

    specs = inspect_parameters([NOTEBOOKS / "00-audit-data.ipynb"])
    got = resolve_parameters(
        specs, [("arguments", {"enactment_date": "22/02/2020", "peers": "Kota Depok, Kota Bogor"})]
    )
    assert got == {"enactment_date": "2020-02-22", "peers": ["Kota Depok", "Kota Bogor"]}
