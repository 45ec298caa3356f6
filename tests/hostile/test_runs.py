"""Whole runs under hostile conditions: SIGTERM, a full disk, deleted or garbled earlier runs,
concurrent runs into one output root. Real kernels: marked slow."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import pytest

from evaltools.runner import folders

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "notebooks"


def _config(tmp_path: Path, out: str = "out") -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(
        f"notebooks_dir: {FIXTURES}\nnotebooks: [02-anggaran]\nout: {out}\nsynthetic: true\n",
        encoding="utf-8",
    )
    return path


def _hidden(root: Path) -> list[str]:
    return [p.name for p in root.iterdir() if p.name.startswith(".")]


def test_reserved_names_are_distinct_under_concurrency(tmp_path):
    import datetime as dt

    day = dt.date(2026, 1, 2)
    got: list[Path] = []
    lock = threading.Lock()

    def take():
        p = folders.reserve(tmp_path, day)
        with lock:
            got.append(p)

    threads = [threading.Thread(target=take) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({p.name for p in got}) == 12
    # a build folder takes its reservation; a failed one gives it back
    build = folders.make_build_dir(tmp_path, day)
    (build / "x").write_text("1")
    final = folders.finalize(build, day, ok=True, reserved=got[0])
    assert final == got[0] and (final / "x").read_text() == "1"
    build = folders.make_build_dir(tmp_path, day)
    final = folders.finalize(build, day, ok=False, reserved=got[1])
    assert final.name.endswith("-gagal") and not got[1].exists()


def test_manifest_holding_a_list_is_no_previous_run(tmp_path):
    from evaltools.runner.manifest import read_manifest

    (tmp_path / "manifest.json").write_text("[1]")
    assert read_manifest(tmp_path) is None
    (tmp_path / "manifest.json").write_text("[" * 100_000 + "]" * 100_000)
    assert read_manifest(tmp_path) is None


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    from evaltools.cli import main

    base = tmp_path_factory.mktemp("good")
    cfg = _config(base)
    assert main(["run", str(cfg)]) == 0
    return base, cfg


@pytest.mark.slow
def test_if_changed_reruns_when_the_report_was_deleted(good, cli):
    base, cfg = good
    root = base / "out"
    code, _, err = cli("run", cfg, "--if-changed")
    assert code == 0 and "skipped" in err
    latest = folders.latest_run(root)
    (latest / "report.pdf").unlink()
    code, out, _ = cli("run", cfg, "--if-changed")
    assert code == 0 and "Report written to" in out
    new = folders.latest_run(root)
    assert new != latest and (new / "report.pdf").is_file()
    # the PDF names the folder it ended up in
    manifest = json.loads((new / "manifest.json").read_text())
    assert manifest["run_name"] == new.name
    assert new.name in (new / "report.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_if_changed_with_a_garbled_manifest_runs(good, cli):
    base, cfg = good
    root = base / "out"
    last = folders.latest_run(root)
    (last / "manifest.json").write_text("[1]")
    code, out, err = cli("run", cfg, "--if-changed")
    assert code == 0 and "Report written to" in out and "skipped" not in err


@pytest.mark.slow
def test_disk_full_while_writing_the_pdf_and_the_manifest(tmp_path, cli, monkeypatch):
    from evaltools.runner import core

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "out" / "x"))

    monkeypatch.setattr("evaltools.report.write_pdf", full)
    monkeypatch.setattr(core, "write_json_atomic", full)
    code, _, err = cli("run", _config(tmp_path))
    assert code == 1
    ours = [line for line in err.splitlines() if line.startswith("evaltools run:")]
    assert len(ours) == 1 and "No space left on device" in ours[0]
    root = tmp_path / "out"
    failed = [p for p in root.iterdir() if p.name.endswith("-gagal")]
    assert len(failed) == 1 and not (failed[0] / "report.pdf").exists()
    assert not [n for n in _hidden(root) if ".tmp" in n]  # never left as a hidden .tmp
    assert (failed[0] / "run.log").is_file()


@pytest.mark.slow
def test_disk_full_in_the_pdf_step_records_a_failed_run(tmp_path, cli, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "out" / "x"))

    monkeypatch.setattr("evaltools.report.write_pdf", full)
    code, _, err = cli("run", _config(tmp_path))
    assert code == 1 and "No space left on device" in err
    root = tmp_path / "out"
    failed = [p for p in root.iterdir() if p.name.endswith("-gagal")]
    manifest = json.loads((failed[0] / "manifest.json").read_text())
    assert manifest["status"] == "failed" and "ENOSPC" not in manifest.get("cleanup_errors", "")


@pytest.mark.slow
def test_sigterm_is_handled_like_ctrl_c(tmp_path):
    nb_dir = tmp_path / "nb"
    nb_dir.mkdir()
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    params = nbformat.v4.new_code_cell('region: str = "Kota Contoh"  # daerah')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Bab Lambat"),
        params,
        nbformat.v4.new_code_cell("import time\ntime.sleep(120)"),
    ]
    nbformat.write(nb, str(nb_dir / "01-lambat.ipynb"))
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"notebooks_dir: {nb_dir}\nout: out\n", encoding="utf-8")
    import evaltools

    env = dict(os.environ, PYTHONPATH=str(Path(evaltools.__file__).resolve().parents[1]))
    proc = subprocess.Popen(
        [sys.executable, "-m", "evaltools.cli", "run", str(cfg)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        env=env,
    )
    root = tmp_path / "out"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not list(root.glob(".*/notebooks/01-lambat.ipynb")):
        time.sleep(0.2)
    time.sleep(3)
    t0 = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    try:
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 143, err
    assert "terminated (SIGTERM)" in err and "Traceback" not in err
    assert time.monotonic() - t0 < 40
    failed = [p for p in root.iterdir() if p.name.endswith("-gagal")]
    assert len(failed) == 1 and not (failed[0] / "report.pdf").exists()
    assert json.loads((failed[0] / "manifest.json").read_text())["status"] == "interrupted"
    assert not [n for n in _hidden(root) if ".tmp" in n]
