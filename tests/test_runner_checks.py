"""Checks the runner makes against the data before any kernel starts (exit 2, nothing run)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from evaltools.cli import main
from evaltools.errors import ParameterError
from evaltools.runner.core import _check_peers

PANEL = pd.DataFrame({"region": ["Kota A", "Kota B", "Kota C"], "focal": [True, False, False]})


def test_a_misspelt_peer_is_refused_before_any_notebook_runs(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", "--out", str(out), "-p", "peers", "Kota_Jakarta"]) == 2
    err = capsys.readouterr().err
    assert "'Kota_Jakarta' not in the data's peer_panel" in err
    assert (
        "Valid peers: Kota Bandung, Kota Bogor, Kota Depok, Kota Tangerang, Kota Tangerang Selatan"
        in err
    )
    assert not out.exists()  # nothing was run, no run folder


@pytest.mark.parametrize("peers", [["Kota B"], "Kota B, Kota C", [], ""])
def test_known_or_empty_peers_pass(peers):
    data = SimpleNamespace(peer_panel=PANEL, context={"region": "Kota A"})
    _check_peers({"peers": peers, "region": ""}, {"peers": object()}, data)


def test_the_evaluated_region_is_not_its_own_peer():
    data = SimpleNamespace(peer_panel=PANEL, context={})
    with pytest.raises(
        ParameterError, match="'Kota A' not in the data's peer_panel. Valid peers: Kota B, Kota C"
    ):
        _check_peers({"peers": ["Kota A"], "region": "Kota A"}, {"peers": object()}, data)
    # without a peer_panel the peer chapter is skipped ("data tidak tersedia"): nothing to check
    _check_peers(
        {"peers": ["X"]}, {"peers": object()}, SimpleNamespace(peer_panel=None, context={})
    )


def test_run_help_lists_parameters_exit_codes_and_output_folder(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["run", "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    for name, kind in (
        ("region", "str"),
        ("stagnation_start", "int"),
        ("peers", "list"),
        ("confidence_level", "float = 0.95"),
    ):
        assert f"  {name} ({kind})" in out, name
    assert "exit codes: 0 success" in out and "2 bad input" in out and "143 terminated" in out
    assert "reports/<config name, or 'demo'>/" in out and "findings.json" in out


def test_precommit_hooks_are_local_and_installed_by_make_venv():
    import yaml

    from evaltools.runner.core import _REPO_ROOT

    config = yaml.safe_load((_REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for r in config["repos"] for h in r["hooks"]}
    assert {r["repo"] for r in config["repos"]} == {"local"}  # no download when installing
    assert set(hooks) == {"nbstripout", "ruff", "ruff-format"}
    # pre-commit passes file names: without --force-exclude the notebooks, which pyproject
    # excludes from formatting (one parameter per line), would be checked anyway.
    assert "--force-exclude" in hooks["ruff-format"]["entry"]
    assert "pre-commit install" in (_REPO_ROOT / "Makefile").read_text(encoding="utf-8")


@pytest.mark.slow
def test_papermill_in_a_terminal_prints_no_kernel_transport_warning(tmp_path):
    """The README's papermill commands: the venv's kernel spec (make venv) keeps ipykernel's
    "running over TCP without encryption" log line out of the user's terminal (without the
    flag this test fails: measured)."""
    import os
    import pty
    import subprocess
    import sys
    from pathlib import Path

    from evaltools.runner.kernelspec import QUIET_FLAG, kernel_json

    spec = kernel_json()
    assert QUIET_FLAG in spec.read_text(encoding="utf-8"), f"{spec}: run make venv"
    fixture = Path(__file__).parent / "fixtures" / "notebooks" / "01-capaian.ipynb"
    leader, follower = pty.openpty()  # ipykernel logs only when it believes a person watches
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("papermill")),
            str(fixture),
            str(tmp_path / "out.ipynb"),
        ],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
        close_fds=True,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 4096)
        except OSError:  # the pty closes when papermill exits
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=180) == 0
    os.close(leader)
    text = b"".join(chunks).decode("utf-8", "replace")
    assert "Output Notebook" in text and "without encryption" not in text, text


def test_the_runner_never_gives_a_kernel_its_log_level_twice(tmp_path, monkeypatch):
    """ipykernel dies on a log level given twice: `evaltools run` adds the quiet flag only when
    the kernel spec (make venv's) does not carry one already."""
    import json

    from evaltools.runner import kernelspec

    spec_dir = tmp_path / "share" / "jupyter" / "kernels" / "python3"
    spec_dir.mkdir(parents=True)
    path = spec_dir / "kernel.json"
    path.write_text(
        json.dumps(
            {
                "argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "X",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "share" / "jupyter"))
    assert kernelspec.extra_arguments("python3") == [kernelspec.QUIET_FLAG]
    kernelspec.quiet(path)
    kernelspec.quiet(path)  # idempotent
    assert json.loads(path.read_text(encoding="utf-8"))["argv"].count(kernelspec.QUIET_FLAG) == 1
    assert kernelspec.extra_arguments("python3") == []
