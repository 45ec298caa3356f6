"""Runner internals that need no kernel: parameters, config files, run folders, provenance."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import time
from pathlib import Path

import pytest

from evaltools.errors import ParameterError
from evaltools.runner import folders
from evaltools.runner.config import load_config
from evaltools.runner.manifest import fingerprint, hash_inputs, sha256_file
from evaltools.runner.params import ParameterSpec, inspect_parameters, resolve_parameters
from evaltools.runner.progress import Progress

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"


@pytest.fixture(scope="module")
def specs():
    return inspect_parameters(sorted(FIXTURES.glob("*.ipynb")))


def test_inspect_reads_types_defaults_and_help(specs):
    assert specs["evaluation_start"].type == "int"
    assert specs["evaluation_start"].default == 2017
    assert specs["evaluation_start"].help == "tahun awal evaluasi"
    assert specs["evaluation_start"].notebooks == (
        "01-capaian.ipynb",
        "02-anggaran.ipynb",
        "03-diagnosis.ipynb",
    )
    # No annotation: the type comes from the literal default.
    assert specs["peers"].type == "list"
    assert specs["peers"].default == ["Kota Depok", "Kota Bogor"]
    assert specs["confidence_level"].type == "float"
    assert specs["threshold"].notebooks == ("02-anggaran.ipynb",)
    assert specs["region"].type == "str"


def test_command_line_strings_are_coerced_to_declared_types(specs):
    got = resolve_parameters(
        specs,
        [
            (
                "arguments",
                {
                    "evaluation_start": "2018",
                    "peers": "[Kota Depok, Kota Tangerang]",
                    "confidence_level": "0,9",
                    "region": "Kota Depok",
                    "threshold": "1",
                },
            )
        ],
    )
    assert got == {
        "evaluation_start": 2018,
        "peers": ["Kota Depok", "Kota Tangerang"],
        "confidence_level": 0.9,
        "region": "Kota Depok",
        "threshold": 1.0,
    }
    assert isinstance(got["threshold"], float)
    # A plain comma list reads as a list too.
    got = resolve_parameters(specs, [("arguments", {"peers": "Kota Depok, Kota Bogor"})])
    assert got["peers"] == ["Kota Depok", "Kota Bogor"]


def test_later_layers_win(specs):
    got = resolve_parameters(
        specs,
        [
            ("config a.yaml", {"evaluation_start": 2015, "region": "Kota Bogor"}),
            ("arguments", {"evaluation_start": "2016"}),
        ],
    )
    assert got == {"evaluation_start": 2016, "region": "Kota Bogor"}


def test_every_problem_is_reported_at_once(specs):
    with pytest.raises(ParameterError) as info:
        resolve_parameters(
            specs,
            [
                (
                    "arguments",
                    {
                        "evaluation_strat": "2018",
                        "evaluation_end": "dua ribu",
                        "confidence_level": "95",
                    },
                )
            ],
        )
    msg = str(info.value)
    assert "3 problem(s)" in msg
    assert "unknown parameter 'evaluation_strat'" in msg and "evaluation_start" in msg
    assert "'evaluation_end'" in msg and "whole number" in msg
    assert "confidence_level" in msg and "between 0 and 1" in msg


def test_end_before_start_is_rejected(specs):
    with pytest.raises(
        ParameterError, match="'evaluation_end' \\(2016\\) is before 'evaluation_start' \\(2018\\)"
    ):
        resolve_parameters(
            specs, [("arguments", {"evaluation_start": "2018", "evaluation_end": "2016"})]
        )
    # Against the notebook default (start 2017) as well.
    with pytest.raises(ParameterError, match="before"):
        resolve_parameters(specs, [("config c.yaml", {"evaluation_end": 2010})])


def test_config_values_must_already_have_the_type(specs):
    with pytest.raises(ParameterError, match="'region' .*must be text"):
        resolve_parameters(specs, [("config c.yaml", {"region": 3175})])
    with pytest.raises(ParameterError, match="'evaluation_start'"):
        resolve_parameters(specs, [("config c.yaml", {"evaluation_start": True})])
    # YAML dates become ISO strings for str parameters.
    spec = {"enactment_date": ParameterSpec("enactment_date", "str", "2020-01-01")}
    got = resolve_parameters(spec, [("config c.yaml", {"enactment_date": dt.date(2020, 3, 2)})])
    assert got == {"enactment_date": "2020-03-02"}


@pytest.mark.parametrize(
    ("text", "expected"), [("true", True), ("ya", True), ("0", False), ("no", False)]
)
def test_bool_coercion(text, expected):
    spec = {"flag": ParameterSpec("flag", "bool", False)}
    assert resolve_parameters(spec, [("arguments", {"flag": text})]) == {"flag": expected}


def test_bool_rejects_other_words():
    spec = {"flag": ParameterSpec("flag", "bool", False)}
    with pytest.raises(ParameterError, match="true or false"):
        resolve_parameters(spec, [("arguments", {"flag": "mungkin"})])


def test_load_config_resolves_paths_and_rejects_unknown_keys(tmp_path):
    cfg = tmp_path / "c.yaml"
    cfg.write_text("data: ../data\nout: out\njobs: 3\nparameters:\n  region: Kota Depok\n")
    got = load_config(cfg)
    assert got["data"] == (tmp_path.parent / "data").resolve()
    assert got["out"] == (tmp_path / "out").resolve()
    assert got["jobs"] == 3 and got["parameters"] == {"region": "Kota Depok"}

    cfg.write_text("dta: x\njobs: 0\nparameters: [1]\n")
    with pytest.raises(ParameterError) as info:
        load_config(cfg)
    msg = str(info.value)
    assert (
        "3 problem(s)" in msg
        and "unknown key 'dta'" in msg
        and "'jobs'" in msg
        and "'parameters'" in msg
    )

    with pytest.raises(ParameterError, match="not found"):
        load_config(tmp_path / "missing.yaml")
    cfg.write_text("data: [unclosed\n")
    with pytest.raises(ParameterError, match="not valid YAML"):
        load_config(cfg)


def test_run_folder_names_never_overwrite_and_latest_follows_good_runs(tmp_path):
    day = dt.date(2024, 5, 1)
    first = folders.finalize(folders.make_build_dir(tmp_path, day), day, ok=True)
    second = folders.finalize(folders.make_build_dir(tmp_path, day), day, ok=True)
    failed = folders.finalize(folders.make_build_dir(tmp_path, day), day, ok=False)
    failed2 = folders.finalize(folders.make_build_dir(tmp_path, day), day, ok=False)
    assert [p.name for p in (first, second, failed, failed2)] == [
        "2024-05-01",
        "2024-05-01-2",
        "2024-05-01-gagal",
        "2024-05-01-gagal-2",
    ]
    assert folders.latest_run(tmp_path) == second.resolve()
    assert (tmp_path / "latest").is_symlink()
    assert (tmp_path / "latest.txt").read_text().strip() == "2024-05-01-2"
    # No temporary build folders are left behind.
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_latest_falls_back_to_text_file(tmp_path):
    run_dir = tmp_path / "2024-05-01"
    run_dir.mkdir()
    (tmp_path / "latest.txt").write_text("2024-05-01\n")
    assert folders.latest_run(tmp_path) == run_dir
    assert folders.latest_run(tmp_path / "nothing") is None


def test_hashes_and_fingerprint(tmp_path):
    # Only the files the data reader opens are inputs: the folder's <table>.csv files.
    (tmp_path / "a.csv").write_text("x\n1\n")
    (tmp_path / "budget.csv").write_text("y\n2\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "events.csv").write_text("y\n2\n")
    (tmp_path / ".hidden").write_text("ignored")
    inputs = hash_inputs(tmp_path)
    assert list(inputs) == ["budget.csv"]
    assert inputs["budget.csv"]["sha256"] == hashlib.sha256(b"y\n2\n").hexdigest()
    assert inputs["budget.csv"]["bytes"] == 4
    nbs = {"01.ipynb": {"sha256": sha256_file(tmp_path / "a.csv")}}
    base = fingerprint({"region": "Kota Bekasi"}, inputs, nbs)
    assert base == fingerprint({"region": "Kota Bekasi"}, dict(reversed(inputs.items())), nbs)
    assert base != fingerprint({"region": "Kota Depok"}, inputs, nbs)
    (tmp_path / "budget.csv").write_text("x\n2\n")
    assert base != fingerprint({"region": "Kota Bekasi"}, hash_inputs(tmp_path), nbs)


def test_progress_prints_plain_lines_when_not_a_tty():
    out = io.StringIO()
    with Progress(2, stream=out) as progress:
        progress.started("01-a.ipynb")
        progress.finished("01-a.ipynb", 1.5, ok=True)
        progress.finished("02-b.ipynb", 0.5, ok=False)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3 and "\r" not in out.getvalue()
    assert lines[0].endswith("[0/2] start  01-a.ipynb")
    assert lines[1].endswith("[1/2] done   01-a.ipynb (1.5 s)")
    assert "FAILED" in lines[2] and "02-b.ipynb" in lines[2]


def test_manifest_json_roundtrip(tmp_path):
    from evaltools.runner.manifest import read_manifest, write_json_atomic

    write_json_atomic(tmp_path / "manifest.json", {"status": "ok", "when": dt.date(2024, 1, 2)})
    assert read_manifest(tmp_path) == {"status": "ok", "when": "2024-01-02"}
    assert json.loads((tmp_path / "manifest.json").read_text())["status"] == "ok"
    assert read_manifest(tmp_path / "none") is None


def test_progress_redraws_a_status_line_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    out = Terminal()
    with Progress(3, stream=out) as progress:
        progress.started("01-a.ipynb")
        time.sleep(1.3)  # the ticker redraws once a second
        progress.finished("01-a.ipynb", 1.3, ok=True)
    text = out.getvalue()
    # done / running / waiting, the run's elapsed time, and each running chapter's
    assert re.search(r"\r\[0/3 done, 1 running, 2 waiting, \d+s\] 01-a\.ipynb \d+s", text), text
    assert "[1/3] done   01-a.ipynb (1.3 s)" in text


def test_kernels_of_a_run_get_the_run_environment(monkeypatch):
    """The runner hands per-run variables (e.g. where findings.json goes) to its kernels through
    a kernel-manager class, without touching os.environ of the runner process."""
    import asyncio
    import os

    from jupyter_client import AsyncKernelManager

    from evaltools.runner.core import _kernel_manager_with_env

    seen = {}

    async def fake_start(self, **kw):
        seen.update(kw)

    monkeypatch.setattr(AsyncKernelManager, "start_kernel", fake_start)
    monkeypatch.setenv("EVALTOOLS_TEST_OUTER", "1")
    cls = _kernel_manager_with_env({"EVALTOOLS_FINDINGS_PATH": "/tmp/run/findings.json"})
    assert issubclass(cls, AsyncKernelManager)
    asyncio.run(cls().start_kernel(extra_arguments=["--x"]))
    assert seen["extra_arguments"] == ["--x"]
    assert seen["env"]["EVALTOOLS_FINDINGS_PATH"] == "/tmp/run/findings.json"
    assert seen["env"]["EVALTOOLS_TEST_OUTER"] == "1"  # the rest of the environment is kept
    assert "EVALTOOLS_FINDINGS_PATH" not in os.environ
    # an env given by the caller is extended, not replaced
    asyncio.run(cls().start_kernel(env={"A": "b"}))
    assert seen["env"] == {"A": "b", "EVALTOOLS_FINDINGS_PATH": "/tmp/run/findings.json"}
