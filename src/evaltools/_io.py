"""Atomic file writes: a reader never sees half a file, a failure never leaves a stray one.

Every file evaltools writes for a user (data exports, the template, the demo, manifests,
findings, the PDF, the lock) goes through here: the bytes go to a hidden temporary file in the
target's folder, which is renamed over the target only when complete. ``mkstemp`` creates
files readable by the owner only; the file is given the permissions the user's umask gives a
new file, like any file a program writes.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np


def _umask_mode() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def atomic_path(target: str | os.PathLike, *, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary path beside ``target``; renamed over ``target`` when the block succeeds.

    The block writes the temporary file itself (e.g. ``workbook.save(tmp)``); on any exception,
    KeyboardInterrupt included, the temporary file is removed and the target is untouched.
    """
    target = Path(target)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, _umask_mode())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(target: str | os.PathLike, data: bytes | str, *, encoding: str = "utf-8") -> Path:
    """Write ``data`` (bytes, or text encoded with ``encoding`` and ``\\n`` line ends) to
    ``target`` atomically; returns the target path."""
    payload = data.encode(encoding) if isinstance(data, str) else data
    with atomic_path(target) as tmp:
        tmp.write_bytes(payload)
    return Path(target)


def json_ready(obj: Any, *, digits: int = 6) -> Any:
    """A JSON-ready copy: numpy scalars to Python, floats rounded to ``digits`` decimals (so a
    generator's JSON does not carry last-bit noise), -0.0 written as 0.0. A
    :class:`~evaltools.results.Statement` becomes ``{"code", "kind", "values"}``."""
    from evaltools.results import Statement

    if isinstance(obj, Statement):
        return json_ready(obj.to_dict(), digits=digits)
    if isinstance(obj, Mapping):
        return {str(k): json_ready(v, digits=digits) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [json_ready(v, digits=digits) for v in obj]
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        value = round(float(obj), digits)
        return 0.0 if value == 0 else value
    return obj


__all__ = ["atomic_path", "atomic_write", "json_ready"]
