"""``evaltools batch``: many configs, each in its own run folder; one failure stops none.

Serially by default; with ``workers`` > 1 one report per worker process on an embedded Dask
cluster (or a process pool without Dask), with ``cluster`` on an existing Dask cluster
(:mod:`evaltools.runner.cluster`). ``if_changed`` skips unchanged configs here, before any
task is sent. The batch ends with the national roll-up (:mod:`evaltools.runner.rollup`).
"""

from __future__ import annotations

import datetime as _dt
import html
import os
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from evaltools.errors import DataValidationError, EvaltoolsError, ParameterError
from evaltools.runner.manifest import write_json_atomic


@dataclass
class BatchEntry:
    """One config of a batch and what became of it."""

    config: Path
    status: str
    run_dir: Path | None = None
    report: Path | None = None
    seconds: float = 0.0
    message: str = ""
    worker: str | None = None  # ``host:pid`` of the process that ran it (parallel batches)

    @property
    def ok(self) -> bool:
        return self.status in {"ok", "skipped"}


@dataclass
class BatchResult:
    """``ok`` is True only when every run succeeded or was skipped as unchanged."""

    entries: list[BatchEntry] = field(default_factory=list)
    root: Path | None = None
    index_html: Path | None = None
    index_json: Path | None = None

    @property
    def ok(self) -> bool:
        return bool(self.entries) and all(e.ok for e in self.entries)


def expand_configs(items: list[str | os.PathLike[str]]) -> list[Path]:
    """Config files as given, folders expanded to their ``*.yaml``/``*.yml`` files (sorted)."""
    paths: list[Path] = []
    for item in items:
        p = Path(item).expanduser()
        if p.is_dir():
            found = sorted([*p.glob("*.yaml"), *p.glob("*.yml")])
            if not found:
                raise ParameterError(f"folder {p} holds no .yaml config files")
            paths += found
        else:
            paths.append(p)  # a missing file becomes an 'invalid' entry, not a batch abort
    if not paths:
        raise ParameterError("batch needs at least one config file or folder")
    return [p.resolve() for p in paths]


def _out_roots(configs: list[Path], out: Path | None) -> dict[Path, Path | None]:
    if out is None:
        return {c: None for c in configs}
    roots: dict[Path, Path | None] = {}
    used: set[str] = set()
    for c in configs:
        name, n = c.stem, 2
        while name in used:
            name, n = f"{c.stem}-{n}", n + 1
        used.add(name)
        roots[c] = out / name
    return roots


def _write_index(
    root: Path, entries: list[BatchEntry], started: _dt.datetime, *, language: str = "id"
) -> tuple[Path, Path]:
    from evaltools.prose import label, render_one
    from evaltools.results import Statement

    root.mkdir(parents=True, exist_ok=True)

    def rel(p: Path | None) -> str | None:
        if p is None:
            return None
        try:
            return os.path.relpath(p, root)
        except ValueError:
            return str(p)

    records: list[dict[str, Any]] = [
        {
            "config": str(e.config),
            "status": e.status,
            "run_dir": rel(e.run_dir),
            "report": rel(e.report) if e.report and e.report.exists() else None,
            "seconds": e.seconds,
            "message": e.message,
            "worker": e.worker,
        }
        for e in entries
    ]
    payload = {
        "created_at": started.isoformat(timespec="seconds"),
        "ok": all(e.ok for e in entries),
        "runs": records,
    }
    json_path = root / "index.json"
    write_json_atomic(json_path, payload)
    esc = html.escape

    def word(key: str) -> str:
        return esc(label("rollup", key, language))

    rows = []
    for r in records:
        link = (
            f'<a href="{esc(r["report"])}">report.pdf</a>'
            if r["report"]
            else (
                f'<a href="{esc(r["run_dir"])}/">{word("open_folder")}</a>' if r["run_dir"] else "–"
            )
        )
        status = label("run_status", r["status"], language, default=r["status"])
        rows.append(
            f'<tr class="{esc(r["status"])}"><td>{esc(Path(r["config"]).name)}</td>'
            f"<td>{esc(status)}</td>"
            f'<td style="text-align:right">{r["seconds"]:.1f}</td><td>{link}</td>'
            f"<td>{esc(r['message'])}</td></tr>"
        )
    started_text = render_one(
        Statement("rollup.index_started", {"created": started.strftime("%Y-%m-%d %H:%M:%S")}),
        language,
    )
    runs_ok = render_one(
        Statement("rollup.runs_ok", {"ok": sum(e.ok for e in entries), "total": len(entries)}),
        language,
    )
    head = "".join(
        f"<th>{word(k)}</th>" for k in ("config", "status", "seconds", "report", "reason")
    )
    doc = (
        f'<!DOCTYPE html><html lang="{esc(language)}"><head><meta charset="utf-8">'
        f"<title>{word('index_title')}</title><style>"
        "body{font-family:'DejaVu Sans',sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border-bottom:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
        "tr.failed td,tr.invalid td,tr.interrupted td{background:#fbeae8}</style></head><body>"
        f"<h1>{word('index_heading')}</h1><p>{esc(started_text)} {esc(runs_ok)}</p>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
        "</body></html>\n"
    )
    html_path = root / "index.html"
    tmp = root / ".index.html.tmp"
    tmp.write_text(doc, encoding="utf-8")
    os.replace(tmp, html_path)
    return html_path, json_path


def _print_table(entries: list[BatchEntry], stream: TextIO) -> None:
    from evaltools.cli import clean_text

    width = max([len("config")] + [len(e.config.name) for e in entries])
    stream.write(f"{'config'.ljust(width)}  {'status':<11}  {'seconds':>7}  folder / message\n")
    for e in entries:
        detail = (
            str(e.run_dir)
            if e.ok and e.run_dir
            else (e.message.splitlines()[0] if e.message else "")
        )
        stream.write(
            clean_text(f"{e.config.name.ljust(width)}  {e.status:<11}  {e.seconds:>7.1f}  {detail}")
            + "\n"
        )
    n_ok = sum(e.ok for e in entries)
    stream.write(f"{n_ok} of {len(entries)} runs ok\n")
    stream.flush()


def _unchanged(path: Path, out: Path | None) -> BatchEntry | None:
    """``path`` as a skipped entry when its request equals its last good run's, else None.

    The same request fingerprint as :func:`evaltools.runner.run`'s fast path (config bytes,
    arguments, input and notebook bytes, evaltools version), computed here so an unchanged
    config costs no task. Conservative: anything it cannot resolve means "run it" (the run
    then checks again, with the full fingerprint).
    """
    from evaltools.runner import folders
    from evaltools.runner.core import _report_intact, _resolve_request
    from evaltools.runner.manifest import read_manifest

    try:
        # The very request `run(path, out=out)` would make — one place decides the data path,
        # notebooks, translations and output root — so a skip here is exactly a skip there.
        request = _resolve_request(
            path,
            data=None,
            out=out,
            parameters=None,
            jobs=None,
            notebooks_dir=None,
            notebooks=None,
            synthetic=None,
            timeout=None,
        )
        if request.data_missing:
            return None
        last = folders.latest_run(request.out_root)
        manifest = read_manifest(last) if last is not None else None
        if not manifest or manifest.get("status") != "ok":
            return None
        if manifest.get("request_fingerprint") != request.request_fp or not _report_intact(
            last, manifest
        ):
            return None
    except Exception:  # noqa: BLE001 — bad configs are reported by the run itself
        return None
    return BatchEntry(
        config=path,
        status="skipped",
        run_dir=last,
        report=last / "report.pdf",
        message=f"unchanged since the last good run {last}; skipped",
    )


class BatchProgress:
    """Reports done / failed / remaining with an ETA on stderr.

    On a terminal a status line is redrawn every second; otherwise (cron, CI, a pipe) one
    plain, timestamped line per finished report.
    """

    def __init__(self, total: int, *, stream: TextIO | None = None, workers: int = 1):
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.workers = workers
        self.done = 0
        self.failed = 0
        self._t0 = time.monotonic()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self._ticker: threading.Thread | None = None
        self._width = 0

    def __enter__(self) -> BatchProgress:
        if self._tty:
            self._ticker = threading.Thread(target=self._tick, daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join(timeout=2)
        with self._lock:
            self._clear()

    @property
    def remaining(self) -> int:
        return self.total - self.done - self.failed

    def eta_seconds(self) -> float | None:
        """Elapsed time per finished report times the reports left (None before the first)."""
        finished = self.done + self.failed
        if not finished or not self.remaining:
            return None if self.remaining else 0.0
        return (time.monotonic() - self._t0) / finished * self.remaining

    def status(self) -> str:
        eta = self.eta_seconds()
        when = "ETA –" if eta is None else f"ETA {_duration(eta)}"
        return (
            f"[{self.done} done, {self.failed} failed, {self.remaining} remaining of "
            f"{self.total}; {_duration(time.monotonic() - self._t0)} elapsed, {when}]"
        )

    def _clear(self) -> None:
        if self._tty and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def _draw(self) -> None:
        if self._tty and self.remaining:
            text = self.status()[:120]
            self.stream.write("\r" + text.ljust(self._width))
            self.stream.flush()
            self._width = len(text)

    def _tick(self) -> None:
        while not self._stop.wait(1.0):
            with self._lock:
                self._draw()

    def finished(self, entry: BatchEntry) -> None:
        from evaltools.cli import clean_text

        with self._lock:
            if entry.ok:
                self.done += 1
            else:
                self.failed += 1
            self._clear()
            detail = (
                "" if entry.ok else f": {entry.message.splitlines()[0] if entry.message else ''}"
            )
            line = f"{entry.config.name} {entry.status} ({entry.seconds:.1f} s){detail}"
            self.stream.write(
                clean_text(f"{time.strftime('%H:%M:%S')} {line} {self.status()}")[:2000] + "\n"
            )
            self.stream.flush()
            self._draw()


def _duration(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    if seconds < 120:
        return f"{seconds} s"
    if seconds < 7200:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def _entry(path: Path, record: dict[str, Any]) -> BatchEntry:
    def path_or_none(key: str) -> Path | None:
        return Path(record[key]) if record.get(key) else None

    return BatchEntry(
        config=path,
        status=str(record.get("status") or "failed"),
        run_dir=path_or_none("run_dir"),
        report=path_or_none("report"),
        seconds=float(record.get("seconds") or 0.0),
        message=str(record.get("message") or ""),
        worker=record.get("worker"),
    )


def batch(
    configs: list[str | os.PathLike[str]],
    *,
    out: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    if_changed: bool = False,
    workers: int | None = None,
    cluster: str | None = None,
    rollup: bool = True,
    kernel_start: str | None = None,
    language: str | None = None,
    stream: TextIO | None = None,
    progress_stream: TextIO | None = None,
) -> BatchResult:
    """Run several configs, one report each; a failing run does not stop the others.

    Parameters
    ----------
    configs : list of path
        Config files, or folders whose ``*.yaml``/``*.yml`` files are all run (sorted).
    out : path, optional
        Output root for all runs: run ``X.yaml`` goes to ``<out>/X/<date>``. Without it each
        config's own ``out`` (or ``reports/<config name>``) is used, and the index goes to
        ``reports/``.
    jobs : int, optional
        Notebooks run in parallel within a run.
    if_changed : bool
        Skip runs whose parameters, inputs and notebooks are unchanged since their last good
        run; the unchanged ones are found here, before any task is sent.
    workers : int, optional
        Reports in parallel on this machine: more than 1 starts an embedded Dask cluster of
        that many worker processes (one report each; a process pool when Dask is missing).
        Default 1: one report after another in this process.
    cluster : str, optional
        Address of an existing Dask scheduler (``tcp://host:port``) whose workers share the
        file system with this machine and run the same evaltools version.
    rollup : bool
        Build the national roll-up (``index.html``, ``ringkasan-nasional.pdf``/``.csv``) in
        the output root after the runs (default True).
    kernel_start : {"spawn", "fork"}, optional
        How every run starts its notebooks' kernels (``fork``: from one process per run that
        imported the scientific stack once; ``None``: each config's ``kernel_start``, else
        ``EVALTOOLS_KERNEL_START``, else spawn).
    language : {"id", "en"}, optional
        Language of the batch's index and roll-up (default Indonesian). Each report keeps the
        language its config asks for.
    stream : text stream, optional
        Where the summary table is printed (default ``sys.stdout``).
    progress_stream : text stream, optional
        Where progress goes when reports run in parallel (default ``sys.stderr``).

    Returns
    -------
    BatchResult
        ``entries`` (config, status ∈ ok/skipped/failed/invalid/interrupted, run_dir, report,
        seconds, message), ``root``, ``index_html``, ``index_json``; ``ok`` is False when any
        run failed.

    Raises
    ------
    ParameterError
        ``workers`` not a whole number ≥ 1, or both ``workers`` and ``cluster`` given.
    ClusterError
        ``cluster`` unreachable or its workers unfit (other versions, no shared files).
    KeyboardInterrupt
        After the runs were stopped and the index written.
    """
    from evaltools.cli import clean_text
    from evaltools.runner.core import _default_root

    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int)):
        raise ParameterError(f"workers must be a whole number ≥ 1, got {workers!r}")
    if workers is not None and workers < 1:
        raise ParameterError(f"workers must be a whole number ≥ 1, got {workers!r}")
    if cluster is not None and workers not in (None, 1):
        raise ParameterError("give either workers (a local cluster) or cluster (an existing one)")
    if cluster is not None and not str(cluster).strip():
        raise ParameterError("cluster needs a scheduler address such as tcp://host:8786")
    from evaltools.prose import check_language
    from evaltools.runner.kernels import kernel_start_mode

    if kernel_start is not None:
        kernel_start = kernel_start_mode(kernel_start)
    language = check_language(language or "id")
    stream = stream if stream is not None else sys.stdout
    started = _dt.datetime.now().astimezone()
    paths = expand_configs(list(configs))
    out_root = Path(out).expanduser().resolve() if out is not None else None
    roots = _out_roots(paths, out_root)
    result = BatchResult(root=out_root or _default_root("reports"))
    parallel = cluster is not None or (workers or 1) > 1
    entries: dict[int, BatchEntry] = {}
    interrupted: BaseException | None = None
    if parallel:
        todo: list[int] = []
        for i, path in enumerate(paths):
            skipped = _unchanged(path, roots[path]) if if_changed else None
            if skipped is not None:
                entries[i] = skipped
            else:
                todo.append(i)
        progress = BatchProgress(len(paths), stream=progress_stream, workers=workers or 1)
        for entry in entries.values():
            progress.finished(entry)
        interrupted = _run_parallel(
            paths,
            todo,
            roots,
            entries,
            progress,
            jobs=jobs,
            if_changed=if_changed,
            kernel_start=kernel_start,
            workers=workers,
            cluster=cluster,
            root=result.root,
        )
    else:
        for i, path in enumerate(paths):
            entry = (_unchanged(path, roots[path]) if if_changed else None) or _run_serial(
                path, roots[path], jobs=jobs, if_changed=if_changed, kernel_start=kernel_start
            )
            entries[i] = entry
            if entry.status == "interrupted":
                interrupted = KeyboardInterrupt()
                break
    for i, path in enumerate(paths):
        if i not in entries and interrupted is not None:
            entries[i] = BatchEntry(config=path, status="interrupted", message="not run")
    result.entries = [entries[i] for i in sorted(entries)]
    result.index_html, result.index_json = _write_index(
        result.root, result.entries, started, language=language
    )
    if rollup:
        try:
            from evaltools.runner.rollup import build_rollup

            result.index_html = build_rollup(result.root, language=language).index_html
        except Exception as exc:  # noqa: BLE001 — the runs are done; the plain index stays
            print(
                clean_text(
                    f"evaltools batch: the national roll-up failed: {type(exc).__name__}: {exc}"
                ),
                file=sys.stderr,
            )
    _print_table(result.entries, stream)
    if interrupted is not None:
        raise interrupted
    return result


def _run_serial(
    path: Path,
    out: Path | None,
    *,
    jobs: int | None,
    if_changed: bool,
    kernel_start: str | None = None,
) -> BatchEntry:
    from evaltools.cli import clean_text
    from evaltools.runner.core import run

    t0 = time.monotonic()
    entry = BatchEntry(config=path, status="failed")
    print(clean_text(f"evaltools batch: {path.name}"), file=sys.stderr)
    try:
        res = run(path, out=out, jobs=jobs, if_changed=if_changed, kernel_start=kernel_start)
        entry.status = res.status if res.ok else "failed"
        entry.run_dir, entry.report, entry.message = res.run_dir, res.report, res.message
    except (ParameterError, DataValidationError) as exc:
        entry.status, entry.message = "invalid", str(exc)
    except EvaltoolsError as exc:
        entry.status, entry.message = "failed", str(exc)
    except KeyboardInterrupt:
        entry.status, entry.message = "interrupted", "interrupted"
    except Exception as exc:  # noqa: BLE001 — one broken run must not stop the batch
        entry.status, entry.message = "failed", f"{type(exc).__name__}: {exc}"
    entry.seconds = round(time.monotonic() - t0, 2)
    if not entry.ok:
        print(
            clean_text(f"evaltools batch: {path.name}: {entry.status}: {entry.message}"),
            file=sys.stderr,
        )
    return entry


def _run_parallel(
    paths: list[Path],
    todo: list[int],
    roots: dict[Path, Path | None],
    entries: dict[int, BatchEntry],
    progress: BatchProgress,
    *,
    jobs: int | None,
    if_changed: bool,
    kernel_start: str | None = None,
    workers: int | None,
    cluster: str | None,
    root: Path,
) -> BaseException | None:
    """Send the configs ``todo`` to the cluster; fill ``entries``; return a caught interrupt."""
    from evaltools.runner.cluster import execute

    tasks = [
        {
            "config": str(paths[i]),
            "out": str(roots[paths[i]]) if roots[paths[i]] is not None else None,
            "jobs": jobs,
            "if_changed": if_changed,
            "kernel_start": kernel_start,
        }
        for i in todo
    ]
    out_roots = sorted({str(root)} | {t["out"] for t in tasks if t["out"]})

    def on_done(k: int, record: dict[str, Any]) -> None:
        entry = _entry(paths[todo[k]], record)
        entries[todo[k]] = entry
        progress.finished(entry)

    if not tasks:
        return None
    check = sorted({str(paths[i].parent) for i in todo} | {str(root.parent)})
    with progress:
        try:
            execute(
                tasks,
                on_done=on_done,
                workers=workers,
                cluster=cluster,
                roots=out_roots,
                check_paths=check,
            )
        except KeyboardInterrupt as exc:
            return exc
    return None
