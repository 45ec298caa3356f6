"""Kernels forked from a pre-warmed zygote (evaltools.runner.kernels): same notebooks, same
outputs, nothing shared between chapters, and a normal kernel when the zygote cannot start."""

from __future__ import annotations

import asyncio
import io
import os
import re
from pathlib import Path

import nbformat
import pytest

from evaltools.errors import ParameterError
from evaltools.runner import kernels
from evaltools.runner.kernels import KERNEL_START_ENV, Zygote, kernel_start_mode

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"


def test_kernel_start_mode_precedence_and_validation(monkeypatch):
    monkeypatch.delenv(KERNEL_START_ENV, raising=False)
    assert kernel_start_mode() == "spawn"
    monkeypatch.setenv(KERNEL_START_ENV, "fork")
    assert kernel_start_mode() == "fork"
    assert kernel_start_mode(config={"kernel_start": "spawn"}) == "spawn"
    assert kernel_start_mode("fork", config={"kernel_start": "spawn"}) == "fork"
    with pytest.raises(ParameterError, match="kernel start must be one of"):
        kernel_start_mode("clone")
    monkeypatch.setenv(KERNEL_START_ENV, "zygote")
    with pytest.raises(ParameterError, match=KERNEL_START_ENV):
        kernel_start_mode()


async def _run_code(manager_class, code: str) -> tuple[str, int]:
    """Start a kernel with ``manager_class``, run ``code``, return its stdout and the pid."""
    from evaltools.runner.kernelspec import extra_arguments

    km = manager_class(kernel_name="python3")
    await km.start_kernel(extra_arguments=extra_arguments("python3"), cwd=str(ROOT))
    kc = km.client()
    kc.start_channels()
    out: list[str] = []
    try:
        await kc.wait_for_ready(timeout=120)

        def hook(msg):
            if msg["header"]["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["header"]["msg_type"] == "error":
                out.append("ERROR " + msg["content"]["ename"] + ": " + msg["content"]["evalue"])

        await kc.execute_interactive(code, output_hook=hook, timeout=120)
    finally:
        kc.stop_channels()
        pid = km.provisioner.pid
        await km.shutdown_kernel(now=True)
    return "".join(out), pid


PROBE = """
import os, sys
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
print("leak", "x_from_other" in globals(), plt.rcParams["lines.linewidth"],
      os.environ.get("EVALTOOLS_PROBE"), os.environ.get("LEAK_FROM_OTHER"))
print("pid", os.getpid(), os.getppid(), os.getsid(0) == os.getpid())
print("backend", matplotlib.get_backend(), "ipykernel" in sys.modules)
print("random", np.random.random())
x_from_other = 1
plt.rcParams["lines.linewidth"] = 7
os.environ["LEAK_FROM_OTHER"] = "1"
"""


def _lines(text: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split()[1:] for line in text.splitlines() if line.strip()}


def test_forked_kernels_share_nothing_and_get_their_own_environment():
    with Zygote() as zygote:
        zygote.wait_ready()
        cls = kernels.kernel_manager_class({"EVALTOOLS_PROBE": "run-1"}, zygote)
        first, pid1 = asyncio.run(_run_code(cls, PROBE))
        second, pid2 = asyncio.run(_run_code(cls, PROBE))
        zygote_pid = zygote.process.pid
    spawned, _ = asyncio.run(
        _run_code(kernels.kernel_manager_class({"EVALTOOLS_PROBE": "run-1"}), PROBE)
    )
    a, b, s = _lines(first), _lines(second), _lines(spawned)
    assert "ERROR" not in first + second + spawned
    # forked from the zygote, each its own process and session
    assert int(a["pid"][0]) == pid1 and int(b["pid"][0]) == pid2 and pid1 != pid2
    assert int(a["pid"][1]) == int(b["pid"][1]) == zygote_pid
    assert a["pid"][2] == b["pid"][2] == "True"
    # nothing from the first kernel reaches the second; the same state as a spawned kernel
    assert a["leak"] == b["leak"] == s["leak"] == ["False", "1.5", "run-1", "None"]
    assert a["backend"] == b["backend"] == s["backend"]
    assert a["backend"][1] == "True"
    # numpy's global generator is reseeded in each fork
    assert a["random"] != b["random"]


def test_a_zygote_that_cannot_start_falls_back_to_a_normal_kernel(monkeypatch):
    monkeypatch.setattr(kernels, "ZYGOTE_CODE", "import sys; sys.exit('no stack here')")
    with Zygote() as zygote:
        cls = kernels.kernel_manager_class({"EVALTOOLS_PROBE": "x"}, zygote)
        out, pid = asyncio.run(_run_code(cls, PROBE))
        assert zygote.error is not None and "no stack here" in zygote.error
    lines = _lines(out)
    assert int(lines["pid"][1]) == os.getpid()  # spawned by this process
    assert lines["leak"][2] == "x"


# --------------------------------------------------------------------------- same notebooks

_VOLATILE = [
    (re.compile(r"ipykernel_\d+"), "ipykernel_PID"),
    (re.compile(r" at 0x[0-9a-f]+"), " at 0xADDR"),
]


def _outputs(path: Path) -> list:
    """The code cells' outputs without execution metadata (timestamps, counts)."""
    nb = nbformat.read(str(path), as_version=4)
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for out in cell.get("outputs", []):
            out = {k: v for k, v in out.items() if k not in ("metadata", "execution_count")}
            text = repr(out)
            for pattern, repl in _VOLATILE:
                text = pattern.sub(repl, text)
            outputs.append(text)
        cells.append(outputs)
    return cells


def _run(tmp_path: Path, mode: str, **kw):
    from evaltools.runner import run

    result = run(out=tmp_path / mode, kernel_start=mode, stream=io.StringIO(), **kw)
    assert result.ok, result.message
    return result


@pytest.mark.slow
@pytest.mark.parametrize(
    "kw",
    [
        {"notebooks_dir": str(FIXTURES), "data": str(ROOT / "data" / "demo")},
        {"notebooks": ["01-kemajuan-implementasi"]},
    ],
    ids=["fixtures", "real-chapter"],
)
def test_executed_notebooks_are_the_same_with_and_without_forked_kernels(tmp_path, kw):
    spawned = _run(tmp_path, "spawn", **kw)
    forked = _run(tmp_path, "fork", **kw)
    assert forked.manifest.get("kernel_start") == "fork"
    assert "kernel_start" not in spawned.manifest
    names = sorted(p.name for p in (spawned.run_dir / "notebooks").glob("*.ipynb"))
    assert names == sorted(p.name for p in (forked.run_dir / "notebooks").glob("*.ipynb"))
    assert names
    for name in names:
        a = _outputs(spawned.run_dir / "notebooks" / name)
        b = _outputs(forked.run_dir / "notebooks" / name)
        assert a == b, name
        assert any(a), name  # the comparison saw outputs
    assert not (forked.run_dir / ".cache").exists()
