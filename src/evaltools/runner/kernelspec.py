"""The venv's Jupyter kernel "Python 3 (evaltools)": quiet about its loopback transport.

ipykernel logs "Kernel is running over TCP without encryption …" at WARNING every time a kernel
starts over TCP. Kernels here listen on the loopback interface only, started by JupyterLab,
papermill or `evaltools run` on the same machine, so the message is noise in a researcher's
terminal (papermill prints the kernel's log). ``make venv`` runs :func:`quiet` after
``ipykernel install``: the kernel spec then starts kernels with ``--IPKernelApp.log_level=ERROR``
(errors are still shown) — the same level `evaltools run` already uses.

Command line: ``python -m evaltools.runner.kernelspec`` (prints the kernel spec it changed).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

QUIET_FLAG = "--IPKernelApp.log_level=ERROR"


def kernel_json(prefix: str | Path | None = None, name: str = "python3") -> Path:
    """The kernel spec file ``ipykernel install --sys-prefix --name NAME`` writes."""
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "kernels" / name / "kernel.json"


def quiet(path: str | Path | None = None) -> Path:
    """Add :data:`QUIET_FLAG` to the kernel spec's argv (idempotent); returns the file."""
    path = Path(path) if path is not None else kernel_json()
    spec = json.loads(path.read_text(encoding="utf-8"))
    argv = spec.get("argv") or []
    if QUIET_FLAG not in argv:
        spec["argv"] = [*argv, QUIET_FLAG]
        path.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    return path


def extra_arguments(kernel_name: str = "python3") -> list[str]:
    """Arguments `evaltools run` adds to its kernels: the quiet flag, unless the kernel spec
    already sets a log level (ipykernel refuses a log level given twice and dies)."""
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        argv = KernelSpecManager().get_kernel_spec(kernel_name).argv
    except Exception:  # noqa: BLE001 — no such spec: papermill will say so with its own message
        return [QUIET_FLAG]
    if any(str(a).startswith("--IPKernelApp.log_level") for a in argv):
        return []
    return [QUIET_FLAG]


if __name__ == "__main__":
    print(quiet())
