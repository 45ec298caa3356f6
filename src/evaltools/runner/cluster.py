"""Reports in parallel: one task per config on Dask (embedded or an existing cluster) or a
local process pool (issue 16).

Each task is one :func:`evaltools.runner.run` in a worker process (:func:`run_task`); it
returns a plain record, so bad input and failing notebooks are *results*, never retries. Two
things are retried once, because running the same config again can succeed:

* a dead kernel (the notebook's kernel process died: out of memory, a segfault, killed) —
  :func:`run_task` raises :class:`KernelDied`, and the task is submitted with ``retries=1``
  (the task raises for nothing else, so Dask's retry only ever repeats a dead kernel);
* a lost worker (the worker process crashed or its machine went away) — on the embedded
  cluster the scheduler's ``allowed-failures`` is set to 1; on the process pool the broken
  pool is rebuilt and the lost tasks resubmitted once. An existing cluster keeps its own
  ``allowed-failures`` setting.

Ctrl-C cancels every task, kills the kernels the batch's runs started (found by the output
root their environment names) and closes the cluster: no process is left behind.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from evaltools.errors import DataValidationError, EvaltoolsError, ParameterError

#: Name of the environment variable through which a run tells its kernels where findings go;
#: the batch finds its own kernels by it (see :func:`stop_batch_kernels`).
_FINDINGS_ENV = "EVALTOOLS_FINDINGS_PATH"
_VERSIONED = ("evaltools", "python", "pandas")

OnDone = Callable[[int, dict[str, Any]], None]


class KernelDied(EvaltoolsError):
    """A run failed because a notebook's kernel died; the task is retried once.

    ``args[0]`` is the run's record (a dict), so the batch can still name its run folder when
    the retry dies too.
    """

    @property
    def record(self) -> dict[str, Any]:
        return dict(self.args[0]) if self.args and isinstance(self.args[0], dict) else {}


class ClusterError(EvaltoolsError):
    """The cluster cannot run this batch (unreachable, no workers, other versions)."""


def have_distributed() -> bool:
    """True when the optional ``distributed`` package (``evaltools[cluster]``) is importable."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        return False
    return True


# --------------------------------------------------------------------------- the task


def _task_options(task: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of :func:`run_task` a batch task carries (both executors)."""
    return {key: task.get(key) for key in ("out", "jobs", "if_changed", "kernel_start")}


def run_task(
    config: str,
    *,
    out: str | None,
    jobs: int | None,
    if_changed: bool,
    kernel_start: str | None = None,
) -> dict[str, Any]:
    """One report, in a worker process: :func:`evaltools.runner.run` turned into a record.

    Parameters
    ----------
    config : str
        The config file (absolute path, on the shared file system).
    out : str, optional
        The output root of this config (``None``: the config's own).
    jobs : int, optional
        Notebooks in parallel within the run.
    if_changed : bool
        Skip the run when nothing changed since its last good run.
    kernel_start : {"spawn", "fork"}, optional
        How the run starts its notebooks' kernels (``None``: the config's, else the
        worker's ``EVALTOOLS_KERNEL_START``, else spawn).

    Returns
    -------
    dict
        ``config, status`` (ok, skipped, failed, invalid), ``run_dir, report, findings``
        (str or None), ``seconds``, ``message``, ``worker`` (``host:pid``).

    Raises
    ------
    KernelDied
        A notebook's kernel died (the only exception: everything else is a record).
    """
    import io
    import socket

    from evaltools.runner.core import run

    t0 = time.monotonic()
    record: dict[str, Any] = {
        "config": config,
        "status": "failed",
        "run_dir": None,
        "report": None,
        "findings": None,
        "seconds": 0.0,
        "message": "",
        "worker": f"{socket.gethostname()}:{os.getpid()}",
    }
    died = False
    try:
        # The per-notebook progress lines stay in the run's own run.log.
        res = run(
            config,
            out=out,
            jobs=jobs,
            if_changed=if_changed,
            kernel_start=kernel_start,
            stream=io.StringIO(),
        )
        record["status"] = res.status if res.ok else "failed"
        record["message"] = res.message
        for key in ("run_dir", "report", "findings"):
            value = getattr(res, key)
            record[key] = str(value) if value is not None else None
        died = not res.ok and any(
            nb.failure is not None and nb.failure.error_name == "DeadKernelError"
            for nb in res.notebooks
        )
    except (ParameterError, DataValidationError) as exc:
        record["status"], record["message"] = "invalid", str(exc)
    except EvaltoolsError as exc:
        record["message"] = str(exc)
    except Exception as exc:  # noqa: BLE001 — one broken run must not stop the batch
        record["message"] = f"{type(exc).__name__}: {exc}"
    record["seconds"] = round(time.monotonic() - t0, 2)
    if died:
        raise KernelDied(record)
    return record


def worker_environment(paths: list[str]) -> dict[str, Any]:
    """What the client compares with its own: versions, and whether ``paths`` are visible."""
    import platform

    import pandas

    from evaltools import __version__

    return {
        "evaltools": __version__,
        "python": platform.python_version(),
        "pandas": pandas.__version__,
        "missing": [p for p in paths if not os.path.exists(p)],
    }


def stop_batch_kernels(roots: list[str]) -> int:
    """Kill the Jupyter kernels of this process tree whose run writes under one of ``roots``.

    A run tells its kernels where ``findings.json`` goes (environment variable
    ``EVALTOOLS_FINDINGS_PATH``); only kernels of this batch match, so other users' runs on a
    shared worker are left alone. Returns how many were killed.
    """
    import psutil

    prefixes = [os.path.join(os.path.abspath(r), "") for r in roots]
    killed = 0
    for child in psutil.Process().children(recursive=True):
        try:
            if not any("ipykernel" in part for part in child.cmdline()):
                continue
            target = child.environ().get(_FINDINGS_ENV, "")
            if any(target.startswith(p) for p in prefixes):
                child.kill()
                killed += 1
        except psutil.Error:
            continue
    return killed


def _descendants() -> set[int]:
    import psutil

    return {p.pid for p in psutil.Process().children(recursive=True)}


def _kill_descendants(grace: float = 3.0, *, keep: set[int] | frozenset[int] = frozenset()) -> None:
    """Terminate, then kill, every process this one started except those in ``keep`` (the
    processes that existed before the embedded cluster or pool started)."""
    import psutil

    children = [p for p in psutil.Process().children(recursive=True) if p.pid not in keep]
    for child in children:
        with contextlib.suppress(psutil.Error):
            child.terminate()
    _, alive = psutil.wait_procs(children, timeout=grace)
    for child in alive:
        with contextlib.suppress(psutil.Error):
            child.kill()
    psutil.wait_procs(alive, timeout=grace)


def _failed(config: str, message: str) -> dict[str, Any]:
    return {
        "config": config,
        "status": "failed",
        "run_dir": None,
        "report": None,
        "findings": None,
        "seconds": 0.0,
        "message": message,
        "worker": None,
    }


def _after_kernel_death(exc: KernelDied, config: str) -> dict[str, Any]:
    record = exc.record or _failed(config, "")
    record["status"] = "failed"
    record["message"] = f"a kernel died twice (retried once): {record.get('message', '')}".strip()
    return record


# --------------------------------------------------------------------------- Dask


def check_workers(client: Any, *, paths: list[str], timeout: float = 30) -> int:
    """Check an existing cluster can run this batch; return its number of workers.

    Raises
    ------
    ClusterError
        No worker within ``timeout`` seconds, a worker that cannot import evaltools, a worker
        whose evaltools, Python or pandas version differs from this client's, or a worker that
        cannot see the configs or the output folder (a shared file system is needed).
    """
    try:
        client.wait_for_workers(1, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 — distributed raises TimeoutError or OSError
        raise ClusterError(f"no Dask worker joined within {timeout:.0f} s ({exc})") from None
    try:
        found = client.run(worker_environment, paths)
    except Exception as exc:  # noqa: BLE001 — e.g. ModuleNotFoundError on a worker
        raise ClusterError(
            f"the Dask workers cannot run evaltools ({type(exc).__name__}: {exc}); install "
            "the same evaltools in the workers' environment"
        ) from None
    mine = worker_environment([])
    problems = []
    for address, theirs in sorted(found.items()):
        for key in _VERSIONED:
            if theirs.get(key) != mine[key]:
                problems.append(
                    f"{address} runs {key} {theirs.get(key)} (this client: {mine[key]})"
                )
        if theirs.get("missing"):
            problems.append(
                f"{address} cannot see {theirs['missing'][0]} (the workers need the same shared "
                "file system as this client for configs, data and output)"
            )
    if problems:
        raise ClusterError("the Dask cluster cannot run this batch: " + "; ".join(problems))
    return len(found)


def _run_dask(
    tasks: list[dict[str, Any]],
    *,
    on_done: OnDone,
    workers: int | None,
    address: str | None,
    roots: list[str],
    check_paths: list[str],
) -> None:
    import dask
    from distributed import Client, LocalCluster, as_completed
    from distributed.client import FutureCancelledError

    try:
        from distributed import KilledWorker
    except ImportError:  # pragma: no cover — older distributed
        from distributed.scheduler import KilledWorker

    cluster = None
    client = None
    futures: list[Any] = []
    existing = _descendants()
    try:
        if address is not None:
            try:
                client = Client(address, timeout="20s")
            except Exception as exc:  # noqa: BLE001 — OSError / TimeoutError from the comm
                raise ClusterError(f"cannot reach the Dask scheduler {address}: {exc}") from None
            check_workers(client, paths=check_paths)
        else:
            with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
                cluster = LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            client = Client(cluster)
        index: dict[str, int] = {}
        for i, task in enumerate(tasks):
            fut = client.submit(
                run_task,
                task["config"],
                **_task_options(task),
                key=f"evaltools-report-{i}-{os.getpid()}-{time.time_ns()}",
                retries=1,
                pure=False,
            )
            index[fut.key] = i
            futures.append(fut)
        for fut in as_completed(futures):
            i = index[fut.key]
            config = tasks[i]["config"]
            try:
                record = fut.result()
            except KernelDied as exc:
                record = _after_kernel_death(exc, config)
            except KilledWorker as exc:
                record = _failed(config, f"the worker running it died, also on the retry ({exc})")
            except FutureCancelledError:
                record = _failed(config, "cancelled on the cluster")
            except Exception as exc:  # noqa: BLE001 — lost connection and the like
                record = _failed(config, f"{type(exc).__name__}: {exc}")
            on_done(i, record)
    except KeyboardInterrupt:
        if client is not None:
            with contextlib.suppress(Exception):
                client.cancel(futures, force=True)
            with contextlib.suppress(Exception):
                client.run(stop_batch_kernels, roots)
        raise
    finally:
        if client is not None:
            with contextlib.suppress(Exception):
                client.close(timeout=10)
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close(timeout=10)
            _kill_descendants(keep=existing)


# --------------------------------------------------------------------------- process pool


def _pool_worker_init() -> None:
    # A terminal's Ctrl-C reaches the whole process group: the parent decides what stops.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _run_pool(tasks: list[dict[str, Any]], *, on_done: OnDone, workers: int, roots: list[str]):
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    def new_pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_pool_worker_init,
        )

    attempts = [0] * len(tasks)
    existing = _descendants()
    pool = new_pool()
    pending: dict[Any, int] = {}

    def submit(i: int) -> None:
        attempts[i] += 1
        t = tasks[i]
        fut = pool.submit(run_task, t["config"], **_task_options(t))
        pending[fut] = i

    try:
        for i in range(len(tasks)):
            submit(i)
        while pending:
            done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
            broken: list[int] = []
            for fut in done:
                i = pending.pop(fut)
                config = tasks[i]["config"]
                try:
                    on_done(i, fut.result())
                except KernelDied as exc:
                    if attempts[i] < 2:
                        submit(i)
                    else:
                        on_done(i, _after_kernel_death(exc, config))
                except BrokenProcessPool:
                    broken.append(i)
            if broken:
                # A worker process died: the pool is unusable. Rebuild it and send the lost
                # tasks (and those still queued in the old pool) once more.
                lost = broken + list(pending.values())
                pending.clear()
                pool.shutdown(wait=False, cancel_futures=True)
                pool = new_pool()
                for i in lost:
                    if attempts[i] < 2:
                        submit(i)
                    else:
                        on_done(
                            i,
                            _failed(
                                tasks[i]["config"],
                                "the worker process running it died, also on the retry",
                            ),
                        )
    except KeyboardInterrupt:
        pool.shutdown(wait=False, cancel_futures=True)
        stop_batch_kernels(roots)
        _kill_descendants(keep=existing)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --------------------------------------------------------------------------- entry point


def execute(
    tasks: list[dict[str, Any]],
    *,
    on_done: OnDone,
    workers: int | None = None,
    cluster: str | None = None,
    roots: list[str],
    check_paths: list[str] | None = None,
) -> str:
    """Run ``tasks`` (each ``{config, out, jobs, if_changed}``) in parallel.

    Parameters
    ----------
    tasks : list of dict
        One per config.
    on_done : callable
        Called in this process as ``on_done(task_index, record)`` when a task ends (records
        as :func:`run_task` returns them).
    workers : int, optional
        Worker processes of the embedded cluster or the pool (ignored with ``cluster``).
    cluster : str, optional
        Address of an existing Dask scheduler (``tcp://host:port``).
    roots : list of str
        Output roots of the batch (to find its kernels on Ctrl-C).
    check_paths : list of str, optional
        Paths every worker of an existing cluster must see.

    Returns
    -------
    str
        The engine used: ``"dask-cluster"``, ``"dask-local"`` or ``"process-pool"``.

    Raises
    ------
    ClusterError
        ``cluster`` given but unusable (see :func:`check_workers`), or ``distributed`` missing.
    KeyboardInterrupt
        After every task was cancelled and the cluster or pool closed.
    """
    if cluster is not None:
        if not have_distributed():
            raise ClusterError(
                "--cluster needs Dask's 'distributed' package: pip install 'evaltools[cluster]'"
            )
        _run_dask(
            tasks,
            on_done=on_done,
            workers=None,
            address=cluster,
            roots=roots,
            check_paths=check_paths or [],
        )
        return "dask-cluster"
    n = max(1, int(workers or 1))
    if have_distributed():
        _run_dask(tasks, on_done=on_done, workers=n, address=None, roots=roots, check_paths=[])
        return "dask-local"
    print(
        "evaltools batch: Dask ('distributed') is not installed; using a local process pool "
        "(pip install 'evaltools[cluster]' for Dask)",
        file=sys.stderr,
    )
    _run_pool(tasks, on_done=on_done, workers=n, roots=roots)
    return "process-pool"


__all__ = [
    "ClusterError",
    "KernelDied",
    "check_workers",
    "execute",
    "have_distributed",
    "run_task",
    "stop_batch_kernels",
    "worker_environment",
]
