"""``evaltools batch``: many configs, each in its own run folder; one failure stops none."""

from __future__ import annotations

import datetime as _dt
import html
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from evaltools.errors import DataValidationError, EvaltoolsError, ParameterError
from evaltools.runner.manifest import write_json_atomic

_STATUS_ID = {
    "ok": "berhasil",
    "skipped": "dilewati (tidak berubah)",
    "failed": "gagal",
    "invalid": "masukan tidak sah",
    "interrupted": "terputus",
}


@dataclass
class BatchEntry:
    """One config of a batch and what became of it."""

    config: Path
    status: str
    run_dir: Path | None = None
    report: Path | None = None
    seconds: float = 0.0
    message: str = ""

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


def _write_index(root: Path, entries: list[BatchEntry], started: _dt.datetime) -> tuple[Path, Path]:
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
    rows = []
    for r in records:
        link = (
            f'<a href="{esc(r["report"])}">report.pdf</a>'
            if r["report"]
            else (f'<a href="{esc(r["run_dir"])}/">folder</a>' if r["run_dir"] else "–")
        )
        rows.append(
            f'<tr class="{esc(r["status"])}"><td>{esc(Path(r["config"]).name)}</td>'
            f"<td>{esc(_STATUS_ID.get(r['status'], r['status']))}</td>"
            f'<td style="text-align:right">{r["seconds"]:.1f}</td><td>{link}</td>'
            f"<td>{esc(r['message'])}</td></tr>"
        )
    doc = (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">'
        "<title>Indeks laporan evaltools</title><style>"
        "body{font-family:'DejaVu Sans',sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border-bottom:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}"
        "tr.failed td,tr.invalid td,tr.interrupted td{background:#fbeae8}</style></head><body>"
        f"<h1>Indeks laporan</h1><p>Batch dimulai {esc(started.strftime('%Y-%m-%d %H:%M:%S'))}; "
        f"{sum(e.ok for e in entries)} dari {len(entries)} run berhasil.</p>"
        "<table><thead><tr><th>Konfigurasi</th><th>Status</th><th>Detik</th><th>Laporan</th>"
        f"<th>Keterangan</th></tr></thead><tbody>{''.join(rows)}</tbody></table></body></html>\n"
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


def batch(
    configs: list[str | os.PathLike[str]],
    *,
    out: str | os.PathLike[str] | None = None,
    jobs: int | None = None,
    if_changed: bool = False,
    stream: TextIO | None = None,
) -> BatchResult:
    """Run several configs one after another; a failing run does not stop the others.

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
        Skip runs whose parameters, inputs and notebooks are unchanged since their last good run.
    stream : text stream, optional
        Where the summary table is printed (default ``sys.stdout``).

    Returns
    -------
    BatchResult
        ``entries`` (config, status ∈ ok/skipped/failed/invalid/interrupted, run_dir, report,
        seconds, message), ``root``, ``index_html``, ``index_json``; ``ok`` is False when any
        run failed.
    """
    from evaltools.cli import clean_text
    from evaltools.runner.core import _default_root, run

    stream = stream if stream is not None else sys.stdout
    started = _dt.datetime.now().astimezone()
    paths = expand_configs(list(configs))
    out_root = Path(out).expanduser().resolve() if out is not None else None
    roots = _out_roots(paths, out_root)
    result = BatchResult(root=out_root or _default_root("reports"))
    interrupted: BaseException | None = None
    for path in paths:
        t0 = time.monotonic()
        entry = BatchEntry(config=path, status="failed")
        print(clean_text(f"evaltools batch: {path.name}"), file=sys.stderr)
        try:
            res = run(path, out=roots[path], jobs=jobs, if_changed=if_changed)
            entry.status = res.status if res.ok else "failed"
            entry.run_dir, entry.report, entry.message = res.run_dir, res.report, res.message
        except (ParameterError, DataValidationError) as exc:
            entry.status, entry.message = "invalid", str(exc)
        except EvaltoolsError as exc:
            entry.status, entry.message = "failed", str(exc)
        except KeyboardInterrupt as exc:
            entry.status, entry.message = "interrupted", "interrupted"
            interrupted = exc
        except Exception as exc:  # noqa: BLE001 — one broken run must not stop the batch
            entry.status, entry.message = "failed", f"{type(exc).__name__}: {exc}"
        entry.seconds = round(time.monotonic() - t0, 2)
        if not entry.ok:
            print(
                clean_text(f"evaltools batch: {path.name}: {entry.status}: {entry.message}"),
                file=sys.stderr,
            )
        result.entries.append(entry)
        if interrupted is not None:
            break
    result.index_html, result.index_json = _write_index(result.root, result.entries, started)
    _print_table(result.entries, stream)
    if interrupted is not None:
        raise interrupted
    return result
