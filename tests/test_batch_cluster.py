"""`evaltools batch` in parallel (issue 16): an embedded Dask cluster (`--workers 2`), an
existing one started with the standard `dask scheduler` / `dask worker` commands
(`--cluster`), the process-pool fallback, retries of a dead kernel and of a lost worker, Ctrl-C,
and the national roll-up each batch ends with.

The runs use tests/fixtures/batch/01-diagnosis.ipynb: one notebook that diagnoses the demo
data under a region name given by the config and saves findings.json (plus knobs to sleep, or
to kill its kernel or its worker on a first attempt).
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evaltools.cli import main
from evaltools.runner import cluster as cluster_mod
from evaltools.runner.batch import BatchEntry, BatchProgress, batch

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "tests" / "fixtures" / "batch"
DEMO = ROOT / "data" / "demo"
distributed = pytest.importorskip("distributed")


def _config(folder: Path, name: str, region: str | None, **params: object) -> Path:
    lines = [f"notebooks_dir: {NOTEBOOKS}", f"data: {DEMO}", "parameters:"]
    if region is not None:
        lines.append(f"  region: {region}")
    lines += [f"  {k}: {v}" for k, v in params.items()]
    if len(lines) == 3:
        lines.append("  ambang: 1")  # an unknown parameter: invalid input, nothing runs
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _three_configs(folder: Path) -> Path:
    _config(folder, "kab-a", "Kabupaten Uji A")
    _config(folder, "kab-b", "Kabupaten Uji B")
    _config(folder, "kab-salah", None)
    return folder


def _check_rollup(out: Path) -> list[dict[str, str]]:
    """The roll-up exists, lists every region with its status, and links reports relatively."""
    for name in ("index.html", "index.json", "ringkasan-nasional.csv", "ringkasan-nasional.pdf"):
        assert (out / name).is_file(), name
    assert (out / "ringkasan-nasional.pdf").read_bytes().startswith(b"%PDF")
    rows = list(csv.DictReader(io.StringIO((out / "ringkasan-nasional.csv").read_text("utf-8"))))
    by_region = {r["region"]: r for r in rows}
    assert set(by_region) == {"Kabupaten Uji A", "Kabupaten Uji B", "kab-salah"}
    for region in ("Kabupaten Uji A", "Kabupaten Uji B"):
        row = by_region[region]
        assert row["status"] in ("ok", "skipped")
        assert row["answer"] in ("yes", "partly", "no", "undetermined")
        assert (out / row["report"]).is_file()  # relative to the batch root
    assert by_region["kab-salah"]["status"] == "invalid"
    assert "ambang" in by_region["kab-salah"]["message"]
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Ringkasan Nasional" in page and "Kabupaten Uji A" in page and "Kabupaten Uji B" in page
    assert 'href="kab-a/' in page and "2 dari 3 run berhasil" in page
    return rows


# ---------------------------------------------------------------- no cluster needed


def test_progress_counts_and_eta_in_plain_lines():
    stream = io.StringIO()  # not a TTY: one plain line per finished report
    with BatchProgress(3, stream=stream) as progress:
        progress.finished(BatchEntry(config=Path("a.yaml"), status="ok", seconds=2.0))
        progress.finished(BatchEntry(config=Path("b.yaml"), status="invalid", message="bad\nmore"))
        assert progress.remaining == 1
        eta = progress.eta_seconds()
        assert eta is not None and eta >= 0
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2 and "\r" not in stream.getvalue()
    assert "a.yaml ok (2.0 s)" in lines[0] and "1 done, 0 failed, 2 remaining of 3" in lines[0]
    assert "b.yaml invalid (0.0 s): bad" in lines[1] and "more" not in lines[1]
    assert "1 done, 1 failed, 1 remaining of 3" in lines[1] and "ETA" in lines[1]


def test_workers_and_cluster_are_checked():
    from evaltools.errors import ParameterError

    with pytest.raises(ParameterError, match="workers"):
        batch(["x.yaml"], workers=0)
    with pytest.raises(ParameterError, match="either"):
        batch(["x.yaml"], workers=2, cluster="tcp://127.0.0.1:1")


def test_a_worker_of_another_version_is_refused():
    mine = cluster_mod.worker_environment([])

    class FakeClient:
        def wait_for_workers(self, n, timeout):
            return None

        def run(self, fn, paths):
            return {
                "tcp://10.0.0.2:4000": {**mine, "evaltools": "0.0.1", "missing": []},
                "tcp://10.0.0.3:4000": {**mine, "missing": ["/shared/configs"]},
            }

    with pytest.raises(cluster_mod.ClusterError) as info:
        cluster_mod.check_workers(FakeClient(), paths=["/shared/configs"])
    text = str(info.value)
    assert "tcp://10.0.0.2:4000 runs evaltools 0.0.1" in text and mine["evaltools"] in text
    assert "tcp://10.0.0.3:4000 cannot see /shared/configs" in text


def test_without_dask_workers_fall_back_to_a_process_pool(tmp_path, monkeypatch, capsys):
    # Invalid configs only: the pool's processes start and report without any kernel.
    configs = tmp_path / "configs"
    _config(configs, "x", None)
    _config(configs, "y", None)
    monkeypatch.setattr(cluster_mod, "have_distributed", lambda: False)
    result = batch([configs], out=tmp_path / "out", workers=2, rollup=False)
    err = capsys.readouterr().err
    assert (
        "using a local process pool" in err
        and len([line for line in err.splitlines() if "process pool" in line]) == 1
    )
    assert [e.status for e in result.entries] == ["invalid", "invalid"]
    assert all("ambang" in e.message for e in result.entries)
    assert not result.ok


def test_batch_index_in_english_and_kernel_start_passed_to_every_run(tmp_path, monkeypatch):
    from evaltools.runner import core

    configs = tmp_path / "configs"
    _config(configs, "x", None)  # invalid: no kernel needed
    seen = []
    real_run = core.run

    def spy(*args, **kwargs):
        seen.append(kwargs.get("kernel_start"))
        return real_run(*args, **kwargs)

    monkeypatch.setattr(core, "run", spy)
    result = batch(
        [configs], out=tmp_path / "out", rollup=False, language="en", kernel_start="fork"
    )
    assert seen == ["fork"]
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Report index" in page and "invalid input" in page
    assert "0 of 1 runs succeeded" in page and "Indeks" not in page
    assert [e.status for e in result.entries] == ["invalid"]
    with pytest.raises(Exception, match="kernel start"):
        batch([configs], out=tmp_path / "out", rollup=False, kernel_start="vfork")


def test_cluster_address_that_does_not_answer_fails_clearly(tmp_path, capsys):
    configs = tmp_path / "configs"
    _config(configs, "x", "Kabupaten X")
    code = main(["batch", str(configs), "--cluster", f"tcp://127.0.0.1:{_free_port()}"])
    assert code == 1
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err


# ---------------------------------------------------------------- real runs


@pytest.mark.slow
def test_workers_2_runs_the_batch_and_the_rollup_then_if_changed_sends_nothing(
    tmp_path, capsys, monkeypatch
):
    configs = _three_configs(tmp_path / "configs")
    out = tmp_path / "out"
    code = main(["batch", str(configs), "--workers", "2", "--out", str(out)])
    assert code == 1  # the invalid config fails the batch, not the others
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    statuses = {Path(r["config"]).name: r["status"] for r in index["runs"]}
    assert statuses == {"kab-a.yaml": "ok", "kab-b.yaml": "ok", "kab-salah.yaml": "invalid"}
    rows = _check_rollup(out)
    err = capsys.readouterr().err
    assert "remaining of 3" in err and "ETA" in err

    # Unchanged: skipped before any task is sent (no cluster is started at all).
    sent = []
    monkeypatch.setattr(cluster_mod, "execute", lambda tasks, **kw: sent.append(tasks))
    code = main(
        ["batch", str(configs / "kab-a.yaml"), str(configs / "kab-b.yaml"), "--workers", "2"]
        + ["--out", str(out), "--if-changed"]
    )
    assert sent == []
    assert code == 0
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in index["runs"]] == ["skipped", "skipped"]
    assert len([p for p in (out / "kab-a").iterdir() if p.is_dir() and not p.is_symlink()]) == 1
    again = list(csv.DictReader(io.StringIO((out / "ringkasan-nasional.csv").read_text("utf-8"))))
    assert {r["region"] for r in again} == {"Kabupaten Uji A", "Kabupaten Uji B"}
    assert {r["answer"] for r in again} == {r["answer"] for r in rows if r["answer"]}


def test_if_changed_precheck_skips_exactly_what_the_run_would_skip(tmp_path, monkeypatch):
    """Notebooks with translations (as notebooks/ has): the batch's pre-check uses the run's
    own request, translations included, so an unchanged config is skipped before any task —
    and a changed translation is not."""
    import shutil

    batch_mod = importlib.import_module("evaltools.runner.batch")

    nb_dir = tmp_path / "nb"
    nb_dir.mkdir()
    shutil.copy(NOTEBOOKS / "01-diagnosis.ipynb", nb_dir)
    (nb_dir / "i18n").mkdir()
    (nb_dir / "i18n" / "en.yaml").write_text("cells: {}\n", encoding="utf-8")
    cfg = tmp_path / "kab-a.yaml"
    cfg.write_text(
        f"notebooks_dir: {nb_dir}\ndata: {DEMO}\nparameters:\n  region: Kabupaten Uji A\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert batch([cfg], out=out, rollup=False).ok
    assert batch_mod._unchanged(cfg, out / "kab-a") is not None

    def no_run(*args, **kwargs):
        raise AssertionError("an unchanged config was run")

    monkeypatch.setattr(batch_mod, "_run_serial", no_run)
    again = batch([cfg], out=out, if_changed=True, rollup=False)
    assert [e.status for e in again.entries] == ["skipped"]
    (nb_dir / "i18n" / "en.yaml").write_text("cells: {x: 1}\n", encoding="utf-8")
    assert batch_mod._unchanged(cfg, out / "kab-a") is None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _dask_command() -> list[str]:
    exe = Path(sys.executable).parent / "dask"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dask"]


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=10)


@pytest.mark.slow
def test_cluster_runs_the_batch_on_a_real_scheduler_and_two_workers(tmp_path):
    from distributed import Client

    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path / "logs"
    logs.mkdir()
    procs: list[subprocess.Popen] = []
    try:
        procs.append(
            subprocess.Popen(
                [*_dask_command(), "scheduler", "--host", "127.0.0.1", "--port", str(port)]
                + ["--no-dashboard"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=(logs / "scheduler.log").open("wb"),
            )
        )
        for i in range(2):
            procs.append(
                subprocess.Popen(
                    [*_dask_command(), "worker", address, "--nthreads", "1", "--nworkers", "1"]
                    + ["--no-dashboard", "--name", f"uji-{i}"],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=(logs / f"worker-{i}.log").open("wb"),
                    cwd=tmp_path,
                )
            )
        deadline = time.monotonic() + 120
        while True:
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=max(1, deadline - time.monotonic()))
                    workers = sorted(w["name"] for w in client.scheduler_info()["workers"].values())
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        assert workers == ["uji-0", "uji-1"]

        configs = _three_configs(tmp_path / "configs")
        out = tmp_path / "out"
        code = main(["batch", str(configs), "--cluster", address, "--out", str(out)])
        assert code == 1
        _check_rollup(out)
        # The reports were made by the `dask worker` processes (or the processes they started).
        import psutil

        worker_pids = {p.pid for p in procs[1:]} | {
            c.pid for p in procs[1:] for c in psutil.Process(p.pid).children(recursive=True)
        }
        index = json.loads((out / "index.json").read_text(encoding="utf-8"))
        ran = {int(r["worker"].rsplit(":", 1)[1]) for r in index["runs"] if r["worker"]}
        assert ran and ran <= worker_pids, (ran, worker_pids)
    finally:
        _stop(procs)
    assert all(p.poll() is not None for p in procs)


@pytest.mark.slow
def test_dead_kernel_and_lost_worker_are_retried_once(tmp_path):
    configs = tmp_path / "configs"
    _config(
        configs, "kab-kernel", "Kabupaten Kernel", die="kernel", marker=str(tmp_path / "m-kernel")
    )
    _config(
        configs, "kab-worker", "Kabupaten Worker", die="worker", marker=str(tmp_path / "m-worker")
    )
    out = tmp_path / "out"
    result = batch([configs], out=out, workers=2, progress_stream=io.StringIO())
    # The first attempt died (its marker is written), the retry made the report.
    assert (tmp_path / "m-kernel").is_file() and (tmp_path / "m-worker").is_file()
    assert [e.status for e in result.entries] == ["ok", "ok"], [e.message for e in result.entries]
    assert all(e.report is not None and e.report.is_file() for e in result.entries)


@pytest.mark.slow
def test_ctrl_c_stops_every_process_and_records_the_batch(tmp_path):
    import psutil

    configs = tmp_path / "configs"
    _config(configs, "kab-a", "Kabupaten Uji A", sleep=900)
    _config(configs, "kab-b", "Kabupaten Uji B", sleep=900)
    _config(configs, "kab-c", "Kabupaten Uji C", sleep=900)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path])}
    proc = subprocess.Popen(
        [sys.executable, "-m", "evaltools.cli", "batch", str(configs), "--workers", "2"]
        + ["--out", str(out)],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )
    try:
        deadline = time.monotonic() + 240
        tree: list[psutil.Process] = []
        while time.monotonic() < deadline:
            tree = psutil.Process(proc.pid).children(recursive=True)
            kernels = [p for p in tree if _is_kernel(p)]
            if len(kernels) >= 2:
                break
            assert proc.poll() is None, proc.communicate()
            time.sleep(1)
        else:
            pytest.fail("the two kernels did not start within 240 s")
        tree = psutil.Process(proc.pid).children(recursive=True)
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C reaches the whole foreground group
        _, err = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 130, err.decode(errors="replace")[-2000:]
    gone, alive = psutil.wait_procs(tree, timeout=20)
    assert not alive, [(p.pid, p.name()) for p in alive]
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert {r["status"] for r in index["runs"]} <= {"interrupted", "failed"}
    assert any(r["status"] == "interrupted" for r in index["runs"])


def _is_kernel(p) -> bool:
    import psutil

    try:
        return any("ipykernel" in part for part in p.cmdline())
    except psutil.Error:
        return False
