"""``evaltools.runner.run``: validate, execute the notebooks, build the report, record it all."""

from __future__ import annotations

import datetime as _dt
import fnmatch
import logging
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from evaltools import __version__
from evaltools._language import DEFAULT_LANGUAGE
from evaltools.cache import CACHE_ENV, SWITCH_ENV
from evaltools.errors import (
    NotebookFailure,
    ParameterError,
    ReportError,
)
from evaltools.runner import folders
from evaltools.runner.config import load_config
from evaltools.runner.manifest import (
    MANIFEST_NAME,
    fingerprint,
    git_commit,
    hash_inputs,
    package_versions,
    read_manifest,
    sha256_file,
    write_json_atomic,
)
from evaltools.runner.params import ParameterSpec, inspect_parameters, resolve_parameters
from evaltools.runner.progress import Progress

DEFAULT_JOBS = 2
#: The parameter naming the report's language (``id`` or ``en``); known to the runner even
#: when the notebooks do not declare it (their kernels then follow ``EVALTOOLS_LANGUAGE``).
LANGUAGE_PARAMETER = "language"
LANGUAGE_ENV = "EVALTOOLS_LANGUAGE"
DEMO_NAME = "demo"
_REPO_ROOT = Path(__file__).resolve().parents[3]


def _origin_words() -> dict[str, str]:
    """Where each parameter's value came from, as the manifest records it: the Indonesian
    words of label kind ``parameter_origin`` (evaltools.prose.runner, which also has them in
    English). Imported when a manifest is written: the if-changed fast path never loads the
    prose layer (and pandas with it)."""
    from evaltools.prose import labels

    return labels("parameter_origin", "id")


#: Report editions: the PDF (with report.html) always; DOCX on request.
REPORT_FORMATS = ("pdf", "docx")


@dataclass
class NotebookRun:
    """Outcome of one notebook in a run."""

    name: str
    source: Path
    role: str
    status: str = "pending"  # pending | ok | failed | skipped (its data are absent)
    seconds: float | None = None
    started_at: str | None = None
    finished_at: str | None = None
    executed: Path | None = None
    failure: NotebookFailure | None = None
    message: str = ""
    notebook: Any = None  # the notebook to execute when it differs from ``source`` (translated)


@dataclass
class RunResult:
    """What :func:`run` did.

    ``ok`` is True for a finished report and for a run skipped by ``if_changed``; ``status``
    is ``"ok"``, ``"skipped"``, ``"failed"`` or ``"interrupted"``; ``run_dir`` is the final
    run folder (``<date>``, ``<date>-2`` … or ``<date>-gagal`` on failure); ``report`` the
    PDF (None unless ok); ``findings`` the ``findings.json`` beside it (schema
    ``evaltools.findings/1``; None unless ok and the diagnosis notebook ran); ``message`` a
    one-paragraph explanation for failures and skips.
    """

    ok: bool
    status: str
    run_dir: Path | None = None
    report: Path | None = None
    findings: Path | None = None
    manifest: dict[str, Any] = field(default_factory=dict)
    notebooks: list[NotebookRun] = field(default_factory=list)
    message: str = ""

    @property
    def skipped(self) -> bool:
        return self.status == "skipped"


# --------------------------------------------------------------------------- resolution


def _default_root(name: str) -> Path:
    """``./name`` when it exists (the usual `cd repo && evaltools run`), else the repo's."""
    here = Path.cwd() / name
    if here.exists() or not (_REPO_ROOT / "pyproject.toml").is_file():
        return here.resolve()
    return _REPO_ROOT / name


def _select_notebooks(directory: Path, wanted: list[str] | None) -> list[Path]:
    if not directory.is_dir():
        raise ParameterError(
            f"notebooks folder {directory} not found: pass notebooks_dir (config key "
            f"'notebooks_dir') or run from the project folder"
        )
    available = sorted(p for p in directory.glob("*.ipynb") if not p.name.startswith((".", "_")))
    if not wanted:
        if not available:
            raise ParameterError(f"no notebooks (*.ipynb) in {directory}")
        return available
    chosen: list[Path] = []
    missing = []
    for item in wanted:
        pattern = item if item.endswith(".ipynb") or "*" in item else item + ".ipynb"
        hits = [p for p in available if fnmatch.fnmatch(p.name, pattern)]
        if not hits:
            missing.append(item)
        chosen += [p for p in hits if p not in chosen]
    if missing:
        raise ParameterError(
            f"notebook(s) {', '.join(missing)} not found in {directory}; available: "
            + ", ".join(p.name for p in available)
        )
    return sorted(chosen)


def _load_data(path: Path, log: logging.Logger):
    """Validate the input with the data layer (raises DataValidationError)."""
    try:
        from evaltools.data import load_data
    except ImportError as exc:
        if getattr(exc, "name", None) in {"evaltools.data", None} or "load_data" in str(exc):
            log.warning("data layer unavailable (%s): %s was not validated", exc, path)
            return None
        raise
    return load_data(path)


_WINDOW_PARAMETERS = ("evaluation_start", "evaluation_end", "stagnation_start", "stagnation_end")


def _check_windows(
    effective: dict[str, Any], specs: dict[str, Any], context: dict[str, Any]
) -> None:
    """Year windows left empty (0) must come from the data's context table, and make sense there.

    Checked here, before any kernel starts, so that a workbook without a ``context`` table fails
    with one clear message (exit 2) instead of every chapter failing on the same gap.
    """
    problems = []
    years: dict[str, int] = {}
    for name in _WINDOW_PARAMETERS:
        if name not in specs:
            continue
        value = effective.get(name)
        if value in (None, "", 0):
            if context.get(name) in (None, ""):
                problems.append(
                    f"'{name}' is left empty (0) and the data have no '{name}' in their context "
                    f"table: pass -p {name} YEAR, set it in the config's parameters, or add "
                    f"the key to the context sheet"
                )
                continue
            value = context[name]
        years[name] = int(value)
    for stem in ("evaluation", "stagnation"):
        start, end = years.get(f"{stem}_start"), years.get(f"{stem}_end")
        if start is not None and end is not None and end < start:
            problems.append(
                f"'{stem}_end' ({end}) is before '{stem}_start' ({start}) once the "
                f"data's context table fills the empty values"
            )
    if problems:
        raise ParameterError("; ".join(problems) + ". Nothing was run.")


def _check_peers(effective: dict[str, Any], specs: dict[str, Any], data: Any) -> None:
    """Named peers must be regions of the data's ``peer_panel`` (other than the evaluated one).

    Checked before any kernel starts: a misspelt name used to surface only when the peer
    chapter failed, after every notebook had run (exit 1, no report).
    """
    if "peers" not in specs:
        return
    from evaltools.workbook import peer_names

    names = peer_names(effective.get("peers")) or []
    panel = getattr(data, "peer_panel", None)
    if not names or panel is None or "region" not in getattr(panel, "columns", ()):
        return
    focal = str(
        effective.get("region") or (getattr(data, "context", None) or {}).get("region") or ""
    )
    if "focal" in panel.columns:
        focal_rows = panel.loc[panel["focal"].astype(bool), "region"].astype(str)
        focal = focal or (focal_rows.iloc[0] if len(focal_rows) else "")
    regions = sorted({str(r) for r in panel["region"].dropna()} - {focal})
    unknown = [n for n in names if n not in regions]
    if unknown:
        raise ParameterError(
            f"peers: {', '.join(repr(n) for n in unknown)} not in the data's peer_panel. "
            "Valid peers: "
            f"{', '.join(regions) if regions else '(none besides the evaluated region)'}. "
            "Leave peers empty to compare with all of them. Nothing was run."
        )


def _data_audit(data) -> dict[str, Any] | None:
    if data is None:
        return None
    audit: dict[str, Any] = {
        "synthetic": bool(getattr(data, "is_synthetic", False)),
        "context": dict(getattr(data, "context", None) or {}),
    }
    try:
        audit["summary"] = data.summary()
    except Exception:  # noqa: BLE001 — a summary is a courtesy; never let it sink the report
        audit["summary"] = ""
    sources = getattr(data, "sources", None)
    if sources is not None:
        audit["sources"] = sources.astype(object).where(sources.notna(), "").to_dict("records")
    return audit


def _role(path: Path) -> str:
    import nbformat

    from evaltools.report.notebook_html import notebook_role

    return notebook_role(nbformat.read(str(path), as_version=4), path.name)


def _missing_tables(path: Path, data) -> list[str]:
    """Tables a chapter declares it needs (metadata ``evaltools.requires``) that the data lack."""
    required = _notebook_flag(path, "requires") or []
    if data is None:
        return []
    missing = []
    for table in required:
        df = getattr(data, str(table), None)
        if df is None or len(df) == 0:
            missing.append(str(table))
    return missing


def _write_skipped_notebook(
    item: NotebookRun, missing: list[str], out_dir: Path, *, language: str = DEFAULT_LANGUAGE
) -> None:
    """Stand-in for a chapter whose data are absent: its title and a sentence saying why.

    The report then keeps the chapter in its place and tells the reader what is missing,
    instead of the whole run failing on a researcher's workbook without, say, a peer panel.
    The title comes from the (translated) notebook, the sentence from the prose layer.
    """
    import nbformat

    from evaltools.prose import render_one
    from evaltools.report.notebook_html import notebook_title
    from evaltools.results import finding

    source = (
        item.notebook
        if item.notebook is not None
        else nbformat.read(str(item.source), as_version=4)
    )
    title = notebook_title(source, item.source.stem)
    text = render_one(finding("runner.skipped_chapter", tables=list(missing)), language)
    nb = nbformat.v4.new_notebook(metadata=source.metadata)
    nb.cells = [nbformat.v4.new_markdown_cell(f"# {title}"), nbformat.v4.new_markdown_cell(text)]
    item.executed = out_dir / item.name
    nbformat.write(nb, str(item.executed))
    item.status = "skipped"
    item.message = f"{item.name}: skipped, the data have no {', '.join(missing)} table"


def _translation_hashes(nb_dir: Path, language: str) -> dict[str, dict[str, str]]:
    """The translation file of ``language`` as a fingerprint entry (empty for Indonesian)."""
    from evaltools.runner.translation import translations_path

    if language == DEFAULT_LANGUAGE:
        return {}
    path = translations_path(nb_dir, language)
    if not path.is_file():
        return {}
    return {f"i18n/{path.name}": {"sha256": sha256_file(path)}}


def _translate(
    items: list[NotebookRun], nb_dir: Path, language: str, stream: TextIO
) -> dict[str, Any] | None:
    """Give every item its notebook with the Markdown cells in ``language``.

    Cells without a current translation keep their Indonesian text; they are listed in the
    returned manifest entry and in one warning line (see :mod:`evaltools.runner.translation`).
    """
    if language == DEFAULT_LANGUAGE:
        return None
    import nbformat

    from evaltools.runner.translation import (
        load_translations,
        translate_notebook,
        translations_path,
    )

    table = load_translations(nb_dir, language)
    entry: dict[str, Any] = {
        "file": str(translations_path(nb_dir, language)),
        "cells_translated": 0,
        "stale": [],
        "missing": [],
    }
    for item in items:
        nb = nbformat.read(str(item.source), as_version=4)
        item.notebook, report = translate_notebook(nb, table.get(item.name, {}), name=item.name)
        entry["cells_translated"] += len(report.translated)
        entry["stale"] += report.stale
        entry["missing"] += report.missing
    behind = entry["stale"] + entry["missing"]
    if behind:
        shown = ", ".join(behind[:5]) + (" …" if len(behind) > 5 else "")
        print(
            f"evaltools run: warning: {len(behind)} Markdown cell(s) have no current "
            f"'{language}' translation and stay in Indonesian: {shown} (python -m "
            "evaltools.runner.translation lists them)",
            file=stream,
        )
    return entry


def _notebook_flag(path: Path, key: str) -> Any:
    import nbformat

    return nbformat.read(str(path), as_version=4).metadata.get("evaltools", {}).get(key)


# --------------------------------------------------------------------------- execution


def _first_line(source: str) -> str:
    for line in source.splitlines():
        if line.strip():
            return line.strip()[:120]
    return ""


def _source_cell_index(nb_path: Path, source: str, fallback: int | None) -> int | None:
    """Index of the failing cell in the notebook as the researcher sees it (no injected cell)."""
    import nbformat

    try:
        nb = nbformat.read(str(nb_path), as_version=4)
    except Exception:  # noqa: BLE001 — an unreadable copy only loses the index
        return fallback
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and cell.source == source:
            return i
    return fallback


def failure_message(f: NotebookFailure) -> str:
    """One line naming the notebook, the cell (index and first line) and the error."""
    where = f"at cell index {f.cell_index}" if f.cell_index is not None else "before any cell ran"
    first = f.extra.get("first_line")
    if first:
        where += f" ({first!r})"
    text = f"notebook {f.notebook} failed {where}: {f.error_name}: {f.error_value}"
    if f.executed_path:
        text += f" (executed copy kept at {f.executed_path})"
    return text


FINDINGS_NAME = "findings.json"
CACHE_FOLDER = ".cache"


def _kernel_manager_with_env(env: dict[str, str], zygote=None):
    """A kernel manager class whose kernels get ``env`` on top of this process' environment
    (and, with a zygote, start as its forks).

    See :func:`evaltools.runner.kernels.kernel_manager_class`.
    """
    from evaltools.runner.kernels import kernel_manager_class

    return kernel_manager_class(env, zygote)


def _execute_one(
    item: NotebookRun,
    params: dict[str, Any],
    out_dir: Path,
    *,
    timeout: int | None,
    progress: Progress,
    log: logging.Logger,
    env: dict[str, str] | None = None,
    zygote=None,
) -> NotebookRun:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    item.executed = out_dir / item.name
    progress.started(item.name)
    item.started_at = _dt.datetime.now().astimezone().isoformat(timespec="milliseconds")
    t0 = time.monotonic()
    try:
        papermill.execute_notebook(
            item.notebook if item.notebook is not None else str(item.source),
            str(item.executed),
            parameters=params,
            cwd=str(item.source.parent),
            progress_bar=False,
            log_output=False,
            execution_timeout=timeout,
            # Kernels would otherwise print transport warnings into our progress display.
            extra_arguments=_kernel_arguments(item.source),
            **(
                {"kernel_manager_class": _kernel_manager_with_env(env or {}, zygote)}
                if env or zygote is not None
                else {}
            ),
        )
        item.status = "ok"
    except PapermillExecutionError as exc:
        index = _source_cell_index(item.source, exc.source, exc.cell_index)
        item.failure = NotebookFailure(
            notebook=item.name,
            cell_index=index,
            error_name=exc.ename,
            error_value=str(exc.evalue),
            executed_path=str(item.executed),
            extra={"first_line": _first_line(exc.source)},
        )
        item.status = "failed"
    except Exception as exc:  # noqa: BLE001 — kernel died, timeout, unreadable notebook …
        item.failure = NotebookFailure(
            notebook=item.name,
            error_name=type(exc).__name__,
            error_value=str(exc).strip().splitlines()[0] if str(exc).strip() else "",
            executed_path=str(item.executed) if item.executed.exists() else None,
        )
        item.status = "failed"
    item.seconds = round(time.monotonic() - t0, 2)
    item.finished_at = _dt.datetime.now().astimezone().isoformat(timespec="milliseconds")
    if item.failure is not None:
        item.message = failure_message(item.failure)
        log.error(item.message)
    progress.finished(item.name, item.seconds, item.status == "ok")
    return item


def _execute_all(
    items: list[NotebookRun],
    params_for: dict[str, dict[str, Any]],
    out_dir: Path,
    *,
    jobs: int,
    timeout: int | None,
    progress: Progress,
    log: logging.Logger,
    env: dict[str, str] | None = None,
    zygote=None,
    language: str = DEFAULT_LANGUAGE,
) -> None:
    """Chapters in parallel (each its own kernel), then the summary notebook(s) last.

    ``env``: environment variables for every kernel of the run (see
    :func:`_kernel_manager_with_env`), e.g. where the diagnosis saves ``findings.json``.
    ``zygote``: a started :class:`evaltools.runner.kernels.Zygote` to fork the kernels from.

    While the summary notebook runs (one kernel, so a core is free), the finished chapters are
    already rendered to HTML fragments; the report build reuses them (see
    :func:`evaltools.report.notebook_html.split_notebook`).
    """
    runnable = [i for i in items if i.status == "pending"]
    chapters = [i for i in runnable if i.role != "summary"]
    last = [i for i in runnable if i.role == "summary"]
    prerender = None
    with ThreadPoolExecutor(max_workers=1) as background:
        for group in (chapters, last):
            if not group:
                continue
            if group is last and chapters and all(i.status == "ok" for i in chapters):
                prerender = background.submit(
                    _prerender, [i.executed for i in chapters], log, language
                )
            with ThreadPoolExecutor(max_workers=max(1, min(jobs, len(group)))) as pool:
                futures = [
                    pool.submit(
                        _execute_one,
                        item,
                        params_for[item.name],
                        out_dir,
                        timeout=timeout,
                        progress=progress,
                        log=log,
                        env=env,
                        zygote=zygote,
                    )
                    for item in group
                ]
                try:
                    for fut in futures:
                        fut.result()
                except KeyboardInterrupt:
                    # Without this the pool would wait for every running notebook to finish
                    # (minutes, for a long chapter) before the run is recorded as interrupted.
                    pool.shutdown(wait=False, cancel_futures=True)
                    log.error("interrupted: stopped %d kernel(s)", _stop_kernels())
                    raise
        if prerender is not None:
            prerender.result()


def _stop_kernels() -> int:
    """Kill the Jupyter kernels this process started; returns how many.

    Used only when a run is interrupted: the notebooks' threads then fail fast on a dead
    kernel instead of running to the end.
    """
    import psutil

    stopped = 0
    for child in psutil.Process().children(recursive=True):
        try:
            if any("ipykernel" in part for part in child.cmdline()):
                child.kill()
                stopped += 1
        except psutil.Error:
            continue
    return stopped


def _prerender(paths: list[Path], log: logging.Logger, language: str = DEFAULT_LANGUAGE) -> None:
    """Render executed chapters ahead of the report build; a failure here only costs time."""
    try:
        from evaltools.report.notebook_html import split_notebook

        for path in paths:
            split_notebook(path, language=language)
        # Importing WeasyPrint and laying out a first page (fontconfig/Pango start-up) costs
        # ~1 s that would otherwise sit on the critical path after the last notebook.
        from weasyprint import HTML

        HTML(string='<p style="font-family: DejaVu Sans">Laporan</p>').render()
    except Exception as exc:  # noqa: BLE001 — the report build renders again and reports errors
        log.info("ahead-of-time rendering skipped: %s", exc)


# --------------------------------------------------------------------------- the run


def _setup_log(
    build_dir: Path,
) -> tuple[logging.Logger, list[tuple[logging.Logger, logging.Handler]]]:
    handler = logging.FileHandler(build_dir / "run.log", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    attached = []
    log = logging.getLogger("evaltools.runner.run")
    log.propagate = False
    log.setLevel(logging.INFO)
    for lg in (log, logging.getLogger("papermill")):
        if lg is not log:
            lg.setLevel(min(lg.level or logging.INFO, logging.INFO))
        lg.addHandler(handler)
        attached.append((lg, handler))
    return log, attached


def _teardown_log(attached) -> None:
    for lg, handler in attached:
        lg.removeHandler(handler)
        handler.close()


def _kernel_arguments(notebook: Path) -> list[str]:
    import nbformat

    from evaltools.runner.kernelspec import extra_arguments

    try:
        name = nbformat.read(str(notebook), as_version=4).metadata.get("kernelspec", {}).get("name")
    except Exception:  # noqa: BLE001 — papermill reports an unreadable notebook itself
        name = None
    return extra_arguments(name or "python3")


def _lock_status() -> dict[str, Any]:
    # Imported here: `python -m evaltools.runner.lock` (make lock) must not find the module
    # already imported by the package's __init__.
    from evaltools.runner.lock import check

    return check()


@dataclass
class _Request:
    """Step 1's answer: where things are, as asked for (config, arguments, defaults)."""

    cfg: dict[str, Any]
    cfg_name: str
    params_in: dict[str, Any]
    cfg_params: dict[str, Any]
    data_path: Path | None
    data_given: bool
    nb_dir: Path
    nb_paths: list[Path]
    out_root: Path
    jobs: int
    timeout: int | None
    synthetic: bool | None
    kernel_start: str
    formats: tuple[str, ...]
    inputs: dict[str, Any]
    nb_hashes: dict[str, Any]
    request_fp: str
    data_missing: bool


@dataclass
class _Plan:
    """Steps 2–3's answer: typed parameters, validated data and the notebooks to run."""

    specs: dict[str, Any]
    overrides: dict[str, Any]
    origins: dict[str, str]
    effective: dict[str, Any]
    loaded: Any
    language: str = DEFAULT_LANGUAGE
    translations: dict[str, Any] = field(default_factory=dict)  # translation file hashes
    translation: dict[str, Any] | None = None  # the manifest's entry (None for Indonesian)
    fp: str = ""
    synthetic: bool = False
    items: list[NotebookRun] = field(default_factory=list)
    params_for: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class _Build:
    """The state of a run between making its build folder and putting it in place."""

    build_dir: Path
    day: _dt.date
    started: _dt.datetime
    result: RunResult
    log: logging.Logger
    attached: list[tuple[logging.Logger, logging.Handler]] = field(default_factory=list)
    reserved: list[Path] = field(default_factory=list)  # the final name, while building
    interrupted: BaseException | None = None
    zygote: Any = None  # evaltools.runner.kernels.Zygote with kernel_start "fork"


def run(
    config: str | os.PathLike[str] | None = None,
    *,
    data: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    parameters: dict[str, Any] | None = None,
    jobs: int | None = None,
    if_changed: bool = False,
    notebooks_dir: str | os.PathLike[str] | None = None,
    notebooks: list[str] | None = None,
    synthetic: bool | None = None,
    timeout: int | None = None,
    stream: TextIO | None = None,
    kernel_start: str | None = None,
    formats: list[str] | tuple[str, ...] | None = None,
) -> RunResult:
    """Run the notebooks with validated parameters and build the report.

    The run is a sequence of named steps: :func:`_resolve_request` (where things are),
    :func:`_check_inputs` (typed parameters, validated data), :func:`_plan_chapters`,
    :func:`_new_manifest`, then in a hidden build folder :func:`_execute_chapters` and
    :func:`_build_and_record` (the report), and :func:`_finalise` (manifest, folder names).

    Parameters
    ----------
    config : path, optional
        YAML run config (see :mod:`evaltools.runner.config`). Arguments given here win over it.
    data : path, optional
        Input data (``.xlsx`` or CSV folder). Validated with ``evaltools.load_data`` before any
        kernel starts, then passed to the notebooks as an absolute ``data_path``. With no
        config and no data the demo case runs (``data/demo``).
    out : path, optional
        Output root; the run folder ``<YYYY-MM-DD>`` is made inside (default
        ``reports/<config name>`` or ``reports/demo``).
    parameters : dict, optional
        Notebook parameters; strings (e.g. from ``-p NAME VALUE``) are coerced to the type the
        notebooks declare.
    jobs : int, optional
        Notebooks run in parallel (default 2). The summary notebook always runs last.
    if_changed : bool
        Skip the run when parameters, inputs and notebooks hash the same as the last
        successful run in the output root.
    notebooks_dir : path, optional
        Folder of the notebooks (default ``notebooks/``).
    notebooks : list of str, optional
        Subset of notebooks by name or glob (default: all ``*.ipynb`` in the folder).
    synthetic : bool, optional
        Force the "DATA ILUSTRASI" mark. It is also set when the data are synthetic
        (``EvalData.is_synthetic``) or a notebook's metadata says ``evaltools.synthetic``.
    timeout : int, optional
        Seconds one cell may take (default: no limit).
    stream : text stream, optional
        Where progress goes (default ``sys.stderr``).
    kernel_start : {"spawn", "fork"}, optional
        ``"fork"`` starts each notebook's kernel as a fork of one process that imported the
        scientific stack once (see :mod:`evaltools.runner.kernels`; falls back to ``"spawn"``
        when that process cannot start). Default: config key ``kernel_start``, else the
        environment variable ``EVALTOOLS_KERNEL_START``, else ``"spawn"``.
    formats : list of str, optional
        Report editions besides ``report.pdf`` and ``report.html`` (always made): ``"docx"``
        adds the editable ``report.docx`` (pandoc, :mod:`evaltools.report.docx`).

    Returns
    -------
    RunResult
        ``ok``, ``status``, ``run_dir``, ``report``, ``manifest``, ``notebooks``, ``message``.

    Raises
    ------
    ParameterError, DataValidationError
        Bad configuration, parameters or data; raised before any kernel starts and before any
        folder is made.
    KeyboardInterrupt
        Re-raised after the partial run was moved to a ``-gagal`` folder.
    """
    started = _dt.datetime.now().astimezone()
    stream = stream if stream is not None else sys.stderr
    req = _resolve_request(
        config,
        data=data,
        out=out,
        parameters=parameters,
        jobs=jobs,
        notebooks_dir=notebooks_dir,
        notebooks=notebooks,
        synthetic=synthetic,
        timeout=timeout,
        kernel_start=kernel_start,
        formats=formats,
    )
    # The if-changed fast path: the request itself (config bytes, arguments, input and
    # notebook bytes, evaltools version) equals the last good run's, so its effective
    # parameters and its validation verdict are too; skip before importing papermill/pandas.
    if if_changed and not req.data_missing:
        skipped = _unchanged_since_last(req.out_root, "request_fingerprint", req.request_fp, stream)
        if skipped is not None:
            return skipped
    plan = _check_inputs(req)
    # Provenance and the if-changed check on the effective parameters.
    fp_params = {k: v for k, v in plan.effective.items() if k != "data_path"}
    plan.fp = fingerprint(fp_params, req.inputs, {**req.nb_hashes, **plan.translations})
    if if_changed:
        skipped = _unchanged_since_last(req.out_root, "fingerprint", plan.fp, stream)
        if skipped is not None:
            return skipped
    _plan_chapters(req, plan, stream)
    manifest = _new_manifest(req, plan, started)

    # Build in a hidden sibling folder; rename into place at the end.
    day = started.date()
    state = _Build(
        build_dir=folders.make_build_dir(req.out_root, day),
        day=day,
        started=started,
        result=RunResult(ok=False, status="failed", notebooks=plan.items, manifest=manifest),
        log=logging.getLogger("evaltools.runner"),
    )
    try:
        state.zygote = _start_zygote(req)
        _open_build(req, plan, state)
        with Progress(
            sum(i.status == "pending" for i in plan.items), stream=stream, logger=state.log
        ) as progress:
            if _execute_chapters(req, plan, state, manifest, progress):
                _build_and_record(
                    plan, state, manifest, progress, req.cfg, req.out_root, req.formats
                )
    except ReportError as exc:
        state.result.message = f"the report could not be built: {exc}"
        manifest["error"] = state.result.message
        state.log.error(state.result.message)
    except BaseException as exc:  # noqa: BLE001 — KeyboardInterrupt / SystemExit / bugs: record, then re-raise
        state.interrupted = exc
        state.result.status = "interrupted" if isinstance(exc, KeyboardInterrupt) else "failed"
        state.result.message = f"run {state.result.status}: {type(exc).__name__}: {exc}"
        manifest["error"] = state.result.message
        state.log.error(state.result.message)
    finally:
        _stop_zygote(state, manifest)
        _finalise(state, plan.items, manifest)
    if state.interrupted is not None:
        raise state.interrupted
    return state.result


# --------------------------------------------------------------------------- the steps


def _resolve_request(
    config: str | os.PathLike[str] | None,
    *,
    data: str | os.PathLike[str] | None,
    out: str | os.PathLike[str] | None,
    parameters: dict[str, Any] | None,
    jobs: int | None,
    notebooks_dir: str | os.PathLike[str] | None,
    notebooks: list[str] | None,
    synthetic: bool | None,
    timeout: int | None,
    kernel_start: str | None = None,
    formats: list[str] | tuple[str, ...] | None = None,
) -> _Request:
    """Step 1: config, data path, notebooks, output root, jobs; hashes of the request."""
    cfg = load_config(config) if config is not None else {}
    cfg_name = f"config {cfg['_path'].name}" if cfg else "config"
    params_in = dict(parameters or {})
    data_path: Path | None = None
    if data is not None:
        data_path = Path(data).expanduser().resolve()
    elif "data_path" in params_in:
        data_path = Path(str(params_in["data_path"])).expanduser().resolve()
    elif "data" in cfg:
        data_path = cfg["data"]
    elif "data_path" in cfg.get("parameters", {}):
        data_path = (cfg["_path"].parent / str(cfg["parameters"]["data_path"])).resolve()
    elif not cfg and notebooks_dir is None:
        # The demo case: `evaltools run` with nothing else.
        data_path = _default_root("data") / DEMO_NAME
    params_in.pop("data_path", None)
    cfg_params = {k: v for k, v in cfg.get("parameters", {}).items() if k != "data_path"}

    nb_dir = (
        Path(notebooks_dir).expanduser().resolve()
        if notebooks_dir is not None
        else cfg.get("notebooks_dir") or _default_root("notebooks")
    )
    nb_paths = _select_notebooks(
        nb_dir, notebooks if notebooks is not None else cfg.get("notebooks")
    )
    run_label = cfg["_path"].stem if cfg else DEMO_NAME
    out_root = (
        Path(out).expanduser().resolve()
        if out is not None
        else cfg.get("out") or (_default_root("reports") / run_label)
    )
    jobs = jobs if jobs is not None else cfg.get("jobs", DEFAULT_JOBS)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1:
        raise ParameterError(f"jobs must be a whole number ≥ 1, got {jobs!r}")
    timeout = timeout if timeout is not None else cfg.get("timeout")
    from evaltools.runner.kernels import kernel_start_mode

    kernel_start = kernel_start_mode(kernel_start, config=cfg)
    formats = tuple(dict.fromkeys(formats or ()))
    unknown_formats = [f for f in formats if f not in REPORT_FORMATS]
    if unknown_formats:
        raise ParameterError(
            f"format must be one of {', '.join(REPORT_FORMATS)}; got {unknown_formats[0]!r}"
        )

    data_missing = data_path is not None and not data_path.exists()
    inputs = {} if data_missing else hash_inputs(data_path)
    nb_hashes = {p.name: {"sha256": sha256_file(p)} for p in nb_paths}
    i18n_hashes = {
        f"i18n/{p.name}": {"sha256": sha256_file(p)}
        for p in sorted((nb_dir / "i18n").glob("*.yaml"))
    }
    return _Request(
        cfg=cfg,
        cfg_name=cfg_name,
        params_in=params_in,
        cfg_params=cfg_params,
        data_path=data_path,
        # --data or -p data_path (the command line / API call), as opposed to the config file
        data_given=data is not None or "data_path" in (parameters or {}),
        nb_dir=nb_dir,
        nb_paths=nb_paths,
        out_root=out_root,
        jobs=jobs,
        timeout=timeout,
        synthetic=synthetic,
        kernel_start=kernel_start,
        formats=formats,
        inputs=inputs,
        nb_hashes=nb_hashes,
        # The translations of the notebooks' narrative count as notebook bytes (any language:
        # the request's language is not typed yet here).
        request_fp=_request_fingerprint(
            cfg, data_path, params_in, inputs, {**nb_hashes, **i18n_hashes}
        ),
        data_missing=data_missing,
    )


def _unchanged_since_last(out_root: Path, key: str, value: str, stream: TextIO) -> RunResult | None:
    """A skipped result when the last good run in ``out_root`` has ``manifest[key] == value``
    and its report is intact; else None (the run goes ahead)."""
    last = folders.latest_run(out_root)
    last_manifest = read_manifest(last) if last is not None else None
    if (
        last_manifest
        and last_manifest.get("status") == "ok"
        and last_manifest.get(key) == value
        and _report_intact(last, last_manifest)
    ):
        return _skipped(last, last_manifest, stream)
    return None


def _check_inputs(req: _Request) -> _Plan:
    """Step 2: parameters typed and checked, output root and data validated — all before any
    kernel starts and before any folder is made."""
    # First, so that papermill and nbconvert reuse the quickly imported nbformat.
    import evaltools.report.notebook_html  # noqa: F401

    specs = inspect_parameters(req.nb_paths)
    if LANGUAGE_PARAMETER not in specs:
        specs[LANGUAGE_PARAMETER] = ParameterSpec(
            LANGUAGE_PARAMETER, "str", DEFAULT_LANGUAGE, "report language: id or en", ()
        )
    overrides = resolve_parameters(
        specs, [(req.cfg_name, req.cfg_params), ("arguments", req.params_in)]
    )
    origins = {name: "default" for name in specs}
    origins.update({k: "config" for k in req.cfg_params if k in overrides})
    origins.update({k: "arguments" for k in req.params_in if k in overrides})
    data_path = req.data_path
    if data_path is not None:
        if not data_path.exists():
            raise ParameterError(
                f"data path {data_path} does not exist: give an .xlsx workbook or a folder of "
                f"CSV files (--data or config key 'data')"
            )
        if "data_path" in specs:
            overrides["data_path"] = str(data_path)
            # The true origin: --data or -p data_path, the config file, or the demo default.
            if req.data_given:
                origins["data_path"] = "arguments"
            elif req.cfg and ("data" in req.cfg or "data_path" in req.cfg.get("parameters", {})):
                origins["data_path"] = "config"
            else:
                origins["data_path"] = "demo"
    effective = {name: spec.default for name, spec in specs.items()}
    effective.update(overrides)

    folders.check_root(req.out_root)

    prelog = logging.getLogger("evaltools.runner")
    loaded = _load_data(data_path, prelog) if data_path is not None else None
    if loaded is not None:
        _check_windows(effective, specs, getattr(loaded, "context", None) or {})
        _check_peers(effective, specs, loaded)
        # A parameter left at its "take it from the data" default (0, "") is resolved by the
        # notebooks from the data's context table: that is where its value comes from.
        context = getattr(loaded, "context", None) or {}
        for name, origin in list(origins.items()):
            value = effective.get(name)
            if (
                origin == "default"
                and context.get(name) not in (None, "")
                and (value is None or (not isinstance(value, bool) and value in (0, "")))
            ):
                origins[name] = "context"
    # The language of the report: Markdown cells are translated before any kernel starts.
    language = str(effective.get(LANGUAGE_PARAMETER) or DEFAULT_LANGUAGE)
    return _Plan(
        specs=specs,
        overrides=overrides,
        origins=origins,
        effective=effective,
        loaded=loaded,
        language=language,
        translations=_translation_hashes(req.nb_dir, language),
    )


def _plan_chapters(req: _Request, plan: _Plan, stream: TextIO) -> None:
    """Step 3: the notebooks to run (translated into the report's language), each with the
    parameters it declares; the synthetic mark."""
    loaded = plan.loaded
    plan.synthetic = bool(
        req.synthetic
        or req.cfg.get("synthetic")
        or (loaded is not None and getattr(loaded, "is_synthetic", False))
        or any(_notebook_flag(p, "synthetic") for p in req.nb_paths)
    )
    plan.items = [NotebookRun(name=p.name, source=p, role=_role(p)) for p in req.nb_paths]
    plan.translation = _translate(plan.items, req.nb_dir, plan.language, stream)
    plan.params_for = {
        item.name: {k: v for k, v in plan.overrides.items() if item.name in plan.specs[k].notebooks}
        for item in plan.items
    }


def _new_manifest(req: _Request, plan: _Plan, started: _dt.datetime) -> dict[str, Any]:
    """Step 4: the manifest as it stands before anything runs (status ``running``)."""
    cfg = req.cfg
    return {
        "schema_version": 1,
        "evaltools_version": __version__,
        "run_name": None,
        "status": "running",
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": None,
        "config": str(cfg["_path"]) if cfg else None,
        "config_sha256": sha256_file(cfg["_path"]) if cfg else None,
        "data": str(req.data_path) if req.data_path is not None else None,
        "notebooks_dir": str(req.nb_dir),
        "jobs": req.jobs,
        "synthetic": plan.synthetic,
        "language": plan.language,
        "translation": plan.translation,
        "parameters": plan.effective,
        "parameter_sources": {k: _origin_words()[v] for k, v in plan.origins.items()},
        "inputs": req.inputs,
        "notebooks": {
            i.name: {
                "sha256": req.nb_hashes[i.name]["sha256"],
                "role": i.role,
                "status": "pending",
                "seconds": None,
            }
            for i in plan.items
        },
        "versions": package_versions(),
        "dependency_lock": _lock_status(),
        "git_commit": git_commit(req.nb_dir),
        "fingerprint": plan.fp,
        "request_fingerprint": req.request_fp,
        "report": None,
        "findings": None,
        "error": None,
    }


def _kernel_env(req: _Request, plan: _Plan, build_dir: Path) -> dict[str, str]:
    """Environment variables for every kernel of the run (on top of the runner's own)."""
    # The diagnosis notebook saves its findings here (evaltools.workbook.save_findings);
    # the file moves with the build folder when it is renamed into place.
    from evaltools.workbook import FINDINGS_ENV

    env = {FINDINGS_ENV: str(build_dir / FINDINGS_NAME), LANGUAGE_ENV: plan.language}
    # The chapters' analysis results, reused by the diagnosis (evaltools.cache); removed
    # when the run ends. EVALTOOLS_CACHE=0 switches it off.
    if os.environ.get(SWITCH_ENV, "").strip() != "0":
        env[CACHE_ENV] = str(build_dir / CACHE_FOLDER)
    return env


def _start_zygote(req: _Request):
    """With ``kernel_start: fork``, the process the run's kernels fork from (it imports the
    scientific stack while the build folder is prepared); None otherwise or on failure."""
    if req.kernel_start != "fork":
        return None
    from evaltools.runner.kernels import Zygote

    try:
        return Zygote().start()
    except OSError as exc:  # no fork, no python … : normal kernels
        logging.getLogger("evaltools.runner").warning("fast kernel start unavailable: %s", exc)
        return None


def _stop_zygote(state: _Build, manifest: dict[str, Any]) -> None:
    """Stop the zygote (never raises); the manifest says how the kernels were started."""
    zygote, state.zygote = state.zygote, None
    if zygote is None:
        return
    manifest["kernel_start"] = "fork" if zygote.error is None else "spawn"
    if zygote.error is not None:
        state.log.warning("fast kernel start unavailable, normal kernels ran: %s", zygote.error)
    try:
        zygote.stop()
    except Exception as exc:  # noqa: BLE001 — a helper that will not stop is no reason to fail
        state.log.warning("stopping the kernel zygote: %s", exc)


def _open_build(req: _Request, plan: _Plan, state: _Build) -> None:
    """Step 5: the build folder's run log, and stand-ins for chapters without their data."""
    build_dir = state.build_dir
    (build_dir / "notebooks").mkdir()
    state.log, state.attached = _setup_log(build_dir)
    state.log.info(
        "evaltools %s run started; notebooks: %s",
        __version__,
        ", ".join(p.name for p in req.nb_paths),
    )
    state.log.info("parameters: %s", plan.effective)
    for item in plan.items:
        missing = _missing_tables(item.source, plan.loaded)
        if missing:
            _write_skipped_notebook(item, missing, build_dir / "notebooks", language=plan.language)
            state.log.info(item.message)


def _execute_chapters(
    req: _Request, plan: _Plan, state: _Build, manifest: dict[str, Any], progress: Progress
) -> bool:
    """Step 6: run the notebooks and record each outcome in the manifest.

    Returns True when every notebook ran (or was skipped for want of data); else sets
    ``state.result.message`` and the manifest's error and returns False.
    """
    items = plan.items
    _execute_all(
        items,
        plan.params_for,
        state.build_dir / "notebooks",
        jobs=req.jobs,
        timeout=req.timeout,
        progress=progress,
        log=state.log,
        env=_kernel_env(req, plan, state.build_dir),
        language=plan.language,
        zygote=state.zygote,
    )
    for item in items:
        manifest["notebooks"][item.name].update(
            status=item.status,
            seconds=item.seconds,
            started_at=item.started_at,
            finished_at=item.finished_at,
            executed=f"notebooks/{item.name}" if item.executed and item.executed.exists() else None,
            error=item.message or None,
        )
    failed = [i for i in items if i.status not in ("ok", "skipped")]
    if failed:
        state.result.message = "; ".join(i.message for i in failed) + ". No report was built."
        manifest["error"] = state.result.message
        return False
    return True


def _build_and_record(
    plan: _Plan,
    state: _Build,
    manifest: dict[str, Any],
    progress: Progress,
    cfg: dict[str, Any],
    out_root: Path,
    req_formats: tuple[str, ...] = (),
) -> None:
    """Step 7: reserve the final folder name, build the HTML/PDF report, record findings."""
    progress.message("building the report (HTML → PDF)")
    t0 = time.monotonic()
    state.reserved.append(folders.reserve(out_root, state.day))
    _build_report(
        state.build_dir,
        plan.items,
        manifest,
        plan.effective,
        plan.loaded,
        plan.synthetic,
        cfg,
        state.started,
        run_name=state.reserved[0].name,
        language=plan.language,
        formats=req_formats,
    )
    findings = state.build_dir / FINDINGS_NAME
    manifest["findings"] = (
        {"json": FINDINGS_NAME, "sha256": sha256_file(findings)} if findings.is_file() else None
    )
    manifest["report_seconds"] = round(time.monotonic() - t0, 2)
    progress.message(f"report done ({manifest['report_seconds']:.1f} s)")
    state.result.ok, state.result.status = True, "ok"


def _finalise(state: _Build, items: list[NotebookRun], manifest: dict[str, Any]) -> None:
    """Step 8: winding up — status and times, run.log closed, the folder renamed into place,
    manifest.json written, paths in the result pointed at the final folder.

    Never raises (disk full, a vanished folder …): each step that fails is recorded, the
    others still happen, and the run never stays a hidden .tmp folder.
    """
    result, build_dir = state.result, state.build_dir
    cleanup: list[str] = []

    def attempt(step: str, fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 — recorded below, never raised from here
            cleanup.append(f"{step}: {type(exc).__name__}: {exc}")
            return None

    if (build_dir / CACHE_FOLDER).exists():
        import shutil

        attempt("removing the analysis cache", shutil.rmtree, build_dir / CACHE_FOLDER)
    if not result.ok:
        # Never leave something that looks like a finished report in a failed run.
        for name in ("report.pdf", "report.html", "report.docx", FINDINGS_NAME):
            attempt(f"removing {name}", (build_dir / name).unlink, missing_ok=True)
    finished = _dt.datetime.now().astimezone()
    manifest["status"] = result.status
    manifest["finished_at"] = finished.isoformat(timespec="seconds")
    manifest["duration_seconds"] = round((finished - state.started).total_seconds(), 2)
    attempt(
        "logging", state.log.info, "run %s in %.1f s", result.status, manifest["duration_seconds"]
    )
    attempt("closing run.log", _teardown_log, state.attached)
    final = (
        attempt(
            "renaming the run folder",
            folders.finalize,
            build_dir,
            state.day,
            ok=result.ok,
            reserved=state.reserved[0] if state.reserved else None,
        )
        or build_dir
    )
    manifest["run_name"] = final.name
    if cleanup:
        manifest["cleanup_errors"] = list(cleanup)
    attempt("writing manifest.json", write_json_atomic, final / MANIFEST_NAME, manifest)
    result.run_dir = final
    result.report = final / "report.pdf" if result.ok else None
    result.findings = final / FINDINGS_NAME if result.ok and manifest.get("findings") else None
    for item in items:
        if item.executed is not None:
            item.executed = final / "notebooks" / item.name
        if item.failure is not None:
            if item.failure.executed_path:
                item.failure.executed_path = str(final / "notebooks" / item.name)
            item.message = failure_message(item.failure)
    if not result.ok and state.interrupted is None:
        failed_msgs = [i.message for i in items if i.status == "failed"]
        if failed_msgs:
            result.message = "; ".join(failed_msgs) + f". No report was built; run folder: {final}"
        else:
            result.message += f" (run folder: {final})"
    if cleanup:
        result.message += (" " if result.message else "") + (
            "Recording the run was incomplete: " + "; ".join(cleanup)
        )


def _request_fingerprint(
    cfg: dict[str, Any],
    data_path: Path | None,
    params_in: dict[str, Any],
    inputs: dict[str, Any],
    nb_hashes: dict[str, Any],
) -> str:
    """Hash of the request as given (before parameters are typed): the if-changed fast path."""
    import hashlib
    import json

    payload = {
        "evaltools": __version__,
        "config": sha256_file(cfg["_path"]) if cfg else None,
        "data": str(data_path) if data_path is not None else None,
        "arguments": {k: repr(v) for k, v in sorted(params_in.items())},
        "inputs": {k: v["sha256"] for k, v in sorted(inputs.items())},
        "notebooks": {k: v["sha256"] for k, v in sorted(nb_hashes.items())},
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _report_intact(run_dir: Path, manifest: dict[str, Any]) -> bool:
    """The last good run still has its report.pdf, unchanged (else --if-changed must run)."""
    pdf = run_dir / "report.pdf"
    if not pdf.is_file():
        return False
    expected = (
        (manifest.get("report") or {}).get("pdf_sha256")
        if isinstance(manifest.get("report"), dict)
        else None
    )
    try:
        return expected is None or sha256_file(pdf) == expected
    except OSError:
        return False


def _skipped(last: Path, last_manifest: dict[str, Any], stream: TextIO) -> RunResult:
    msg = (
        f"unchanged since the last good run {last}: parameters, inputs and notebooks "
        f"hash the same; skipped"
    )
    print(f"evaltools run: {msg}", file=stream)
    return RunResult(
        ok=True,
        status="skipped",
        run_dir=last,
        report=last / "report.pdf",
        findings=last / FINDINGS_NAME if (last / FINDINGS_NAME).is_file() else None,
        manifest=last_manifest,
        message=msg,
    )


def _changes_since_previous(build_dir: Path, manifest: dict[str, Any]) -> dict[str, Any] | None:
    """What changed since the newest good run in the same output folder (None without one)."""
    import json

    from evaltools.runner.compare import compare_records, previous_run

    previous = previous_run(build_dir.parent)
    findings = build_dir / FINDINGS_NAME
    if previous is None or not findings.is_file():
        return None
    try:
        old_m = json.loads((previous / MANIFEST_NAME).read_text(encoding="utf-8"))
        old_f = json.loads((previous / FINDINGS_NAME).read_text(encoding="utf-8"))
        new_f = json.loads(findings.read_text(encoding="utf-8"))
        rows = compare_records(old_m, old_f, manifest, new_f)
    except (OSError, ValueError, TypeError, AttributeError):
        return None  # an unreadable previous run is no reason to fail this one
    return {"previous": previous.name, "rows": rows}


def _build_report(
    build_dir: Path,
    items: list[NotebookRun],
    manifest: dict[str, Any],
    effective: dict[str, Any],
    data,
    synthetic: bool,
    cfg: dict[str, Any],
    started: _dt.datetime,
    *,
    run_name: str | None = None,
    language: str = DEFAULT_LANGUAGE,
    formats: tuple[str, ...] = (),
) -> None:
    from evaltools.prose import use_language

    # Everything the runner's process writes into the report (chapter conversion notes, the
    # report's own furniture) follows the run's language.
    with use_language(language):
        _build_report_in_language(
            build_dir,
            items,
            manifest,
            effective,
            data,
            synthetic,
            cfg,
            started,
            run_name=run_name,
            language=language,
            formats=formats,
        )


def _build_report_in_language(
    build_dir: Path,
    items: list[NotebookRun],
    manifest: dict[str, Any],
    effective: dict[str, Any],
    data,
    synthetic: bool,
    cfg: dict[str, Any],
    started: _dt.datetime,
    *,
    run_name: str | None,
    language: str,
    formats: tuple[str, ...],
) -> None:
    from evaltools.report import ReportMeta, build_html, write_pdf

    context = dict(getattr(data, "context", None) or {})
    # The notebooks declare 0 (or "") for "take it from the data's context table".
    start = effective.get("evaluation_start") or context.get("evaluation_start")
    end = effective.get("evaluation_end") or context.get("evaluation_end")
    period = f"{start}–{end}" if start is not None and end is not None else "–"
    commit = manifest.get("git_commit") or ""
    version = cfg.get("version") or (
        f"{started:%Y-%m-%d}"
        + (f" · commit {commit[:10]}" if commit else "")
        + f" · evaltools {__version__}"
    )
    meta = ReportMeta(
        regulation=str(
            effective.get("regulation") or context.get("regulation") or "Peraturan Daerah"
        ),
        region=str(effective.get("region") or context.get("region") or "–"),
        period=period,
        created=started,
        version=version,
        synthetic=synthetic,
        regulation_title=str(
            effective.get("regulation_title") or context.get("regulation_title") or ""
        ),
        author=cfg.get("author", "evaltools"),
        evaluator=str(cfg.get("evaluator") or ""),
        institution=str(cfg.get("institution") or ""),
        language=language,
    )
    snapshot = dict(
        manifest,
        run_name=run_name or folders.next_name(build_dir.parent, started.date()),
        finished_at=_dt.datetime.now().astimezone().isoformat(timespec="seconds"),
    )
    import json

    from evaltools.report.build import public_manifest

    findings_path = build_dir / FINDINGS_NAME
    try:
        findings = json.loads(findings_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        findings = None
    from evaltools.workbook import peer_names

    document = build_html(
        [i.executed for i in items],
        meta=meta,
        manifest=snapshot,
        data_audit=_data_audit(data),
        changes=_changes_since_previous(build_dir, manifest),
        language=language,
        findings=findings if isinstance(findings, dict) else None,
        data=data,
        peers=peer_names(effective.get("peers")) or None,
    )
    html_tmp = build_dir / ".report.html.tmp"
    html_tmp.write_text(document, encoding="utf-8")
    os.replace(html_tmp, build_dir / "report.html")
    attachments = {
        MANIFEST_NAME: json.dumps(
            public_manifest(snapshot), indent=2, ensure_ascii=False, default=str
        )
    }
    if findings_path.is_file():
        attachments[FINDINGS_NAME] = findings_path.read_bytes()
    write_pdf(document, build_dir / "report.pdf", base_url=str(build_dir), attachments=attachments)
    manifest["report"] = {
        "pdf": "report.pdf",
        "html": "report.html",
        "pdf_sha256": sha256_file(build_dir / "report.pdf"),
    }
    if "docx" in formats:
        from evaltools.report.docx import write_docx

        write_docx(document, build_dir / "report.docx")
        manifest["report"]["docx"] = "report.docx"
        manifest["report"]["docx_sha256"] = sha256_file(build_dir / "report.docx")


__all__ = ["NotebookRun", "RunResult", "run"]
