"""Run folders: built in a hidden temporary sibling, renamed into place when finished.

Naming (inside the output root):

* a successful run is ``<YYYY-MM-DD>``; a second good run on the same day gets
  ``<YYYY-MM-DD>-2``, then ``-3`` … — an earlier report is never overwritten;
* a failed or interrupted run is ``<YYYY-MM-DD>-gagal`` (then ``-gagal-2`` …): it keeps the
  executed notebooks and ``run.log`` for debugging but never a ``report.pdf``;
* ``.<YYYY-MM-DD>.tmp-XXXX`` is a run still in progress (or killed with SIGKILL);
* ``latest`` is a symlink to the newest successful run (``latest.txt`` with its name where
  symlinks are unavailable). Failed runs never move it.

Concurrent runs into one root never share a name: the name a good run prints in its PDF is
reserved with an atomic ``mkdir`` (:func:`reserve`) while the PDF is built, and the finished
folder is renamed onto that empty reservation.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import tempfile
from pathlib import Path

LATEST_LINK = "latest"
LATEST_FILE = "latest.txt"
FAILED_SUFFIX = "gagal"


def check_root(root: Path) -> None:
    """Refuse, before anything runs, an output root that cannot hold run folders.

    Raises
    ------
    ParameterError
        ``root`` (or one of its parents) is a file, or the nearest existing folder is not
        writable.
    """
    from evaltools.errors import ParameterError

    root = Path(root)
    for path in (root, *root.parents):
        try:
            os.stat(path)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError as exc:
            raise ParameterError(
                f"output folder {str(root)!r}: {str(path)!r} cannot be used "
                f"({exc.strerror}); choose another --out"
            ) from None
        if not os.path.isdir(path):
            what = "is a file" if path == root else f"lies under the file {str(path)!r}"
            raise ParameterError(
                f"output folder {str(root)!r} {what}, not a folder; choose another --out"
            ) from None
        if not os.access(path, os.W_OK | os.X_OK):
            raise ParameterError(
                f"output folder {str(root)!r}: {str(path)!r} is not writable "
                "(permissions or a read-only file system); choose another "
                "--out"
            ) from None
        return


def reserve(root: Path, day: _dt.date) -> Path:
    """Create (atomically) and return the empty folder a good run finishing today will take."""
    for _ in range(1000):
        target = _free_name(root, day.isoformat())
        try:
            os.mkdir(target)
        except FileExistsError:
            continue
        return target
    raise OSError(f"could not reserve a free run folder name in {root}")


def make_build_dir(root: Path, day: _dt.date) -> Path:
    """Create the hidden temporary folder a run is built in."""
    root.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=f".{day.isoformat()}.tmp-", dir=root))
    # mkdtemp makes 0700; a report folder should be as readable as any other folder.
    os.chmod(path, 0o777 & ~_umask())
    return path


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _free_name(root: Path, base: str) -> Path:
    candidate = root / base
    n = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = root / f"{base}-{n}"
        n += 1
    return candidate


def next_name(root: Path, day: _dt.date) -> str:
    """The name a successful run finishing now would get."""
    return _free_name(root, day.isoformat()).name


def finalize(build_dir: Path, day: _dt.date, *, ok: bool, reserved: Path | None = None) -> Path:
    """Rename the build folder to its final name (see module doc) and return it.

    ``reserved`` is the empty folder :func:`reserve` made: a good run takes it, a failed one
    removes it.
    """
    root = build_dir.parent
    if reserved is not None:
        if ok:
            try:
                os.rename(build_dir, reserved)  # replaces the empty reservation atomically
            except OSError:
                pass
            else:
                set_latest(root, reserved)
                return reserved
        with contextlib.suppress(OSError):
            os.rmdir(reserved)
    base = day.isoformat() if ok else f"{day.isoformat()}-{FAILED_SUFFIX}"
    # Another process may take the same name between the check and the rename; retry.
    for _ in range(20):
        target = _free_name(root, base)
        try:
            os.rename(build_dir, target)
        except OSError:
            if target.exists():
                continue
            raise
        if ok:
            set_latest(root, target)
        return target
    raise OSError(f"could not find a free run folder name in {root}")


def set_latest(root: Path, run_dir: Path) -> None:
    """Point ``latest`` at ``run_dir`` atomically (symlink; text file as a fallback)."""
    tmp = root / f".{LATEST_LINK}.tmp-{os.getpid()}"
    try:
        tmp.unlink(missing_ok=True)
        os.symlink(run_dir.name, tmp, target_is_directory=True)
        os.replace(tmp, root / LATEST_LINK)
    except OSError:
        tmp.unlink(missing_ok=True)
    text_tmp = root / f".{LATEST_FILE}.tmp-{os.getpid()}"
    text_tmp.write_text(run_dir.name + "\n", encoding="utf-8")
    os.replace(text_tmp, root / LATEST_FILE)


def latest_run(root: Path) -> Path | None:
    """The newest successful run folder under ``root``, or None."""
    root = Path(root)
    link = root / LATEST_LINK
    try:  # a looping or dangling `latest`, or a garbled latest.txt, means "no previous run"
        if link.is_symlink() and link.resolve().is_dir():
            return link.resolve()
        text = root / LATEST_FILE
        if text.is_file() and text.stat().st_size < 4096:
            candidate = root / text.read_text(encoding="utf-8").strip()
            if candidate.is_dir():
                return candidate
    except (OSError, RuntimeError, ValueError):
        return None
    return None
