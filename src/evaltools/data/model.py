"""The loaded data (:class:`EvalData`), :func:`load_data`, and writers back to Excel or CSV."""

from __future__ import annotations

import datetime as _dt
import math
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from evaltools._io import atomic_path
from evaltools.data.schema import DATA_TABLE_NAMES, TABLES, TABLES_BY_NAME
from evaltools.errors import DataValidationError, ParameterError


@dataclass
class EvalData:
    """Typed input tables of one evaluation (see ``docs/architecture.md``).

    Each table attribute is a :class:`pandas.DataFrame` with the columns of the data dictionary
    (``data/README.md``; optional columns only when given), or ``None`` when the optional
    table is absent. Dtypes: dates ``datetime64[ns]``, booleans ``bool``, integers ``Int64``
    (``amount_idr``: ``int64``), floats ``float64``, text ``object``.

    Attributes
    ----------
    context
        Typed facts from the ``context`` table: ``region``, ``regulation``,
        ``regulation_title`` (str), ``enactment_date`` (Timestamp), ``evaluation_start``,
        ``evaluation_end``, ``stagnation_start``, ``stagnation_end`` (int). Absent keys are
        absent.
    path
        The workbook or folder the data were read from.
    file_hashes
        File name → SHA-256 (hex) of every input file read.
    notes
        What the reader ignored (unknown sheets, files and columns), for the summary.
    evaluation_window
        ``(start, end)`` years the validator used, and ``window_origin`` where it came from.
    """

    sources: pd.DataFrame | None = None
    programs: pd.DataFrame | None = None
    program_targets: pd.DataFrame | None = None
    budget: pd.DataFrame | None = None
    mandates: pd.DataFrame | None = None
    indicators: pd.DataFrame | None = None
    service_monthly: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    peer_panel: pd.DataFrame | None = None
    survey_items: pd.DataFrame | None = None
    survey_responses: pd.DataFrame | None = None
    interview_codes: pd.DataFrame | None = None
    agencies: pd.DataFrame | None = None
    context: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    file_hashes: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    evaluation_window: tuple[int, int] | None = None
    window_origin: str = ""

    @property
    def is_synthetic(self) -> bool:
        """True when any source has quality ``synthetic`` (the data are illustrative)."""
        s = self.sources
        return bool(s is not None and "quality" in s and (s["quality"] == "synthetic").any())

    def tables(self) -> dict[str, pd.DataFrame]:
        """Present tables, name → DataFrame, in data-dictionary order (``context`` excluded)."""
        return {n: getattr(self, n) for n in DATA_TABLE_NAMES if getattr(self, n) is not None}

    def coverage(self, table: str) -> tuple[int, int] | None:
        """First and last calendar year a table covers (from its year/date/month column)."""
        df = getattr(self, table, None)
        if df is None or df.empty:
            return None
        for col in ("year", "month", "date", "issued_date", "due_date"):
            if col in df.columns:
                s = df[col].dropna()
                if s.empty:
                    continue
                years = s.dt.year if pd.api.types.is_datetime64_any_dtype(s) else s.astype(int)
                return int(years.min()), int(years.max())
        return None

    def summary(self) -> str:
        """Plain-text summary: what was loaded, rows and years per table, what is missing."""
        lines = [f"Data: {self.path}" if self.path else "Data: (in memory)"]
        lines.append(
            "SYNTHETIC (illustrative) data — not official figures"
            if self.is_synthetic
            else "Not synthetic (no source of quality 'synthetic')"
        )
        if self.context:
            shown = ", ".join(f"{k}={_fmt(v)}" for k, v in self.context.items())
            lines.append(f"Context: {shown}")
        if self.evaluation_window:
            lo, hi = self.evaluation_window
            lines.append(f"Evaluation window: {lo}–{hi} ({self.window_origin})")
        lines.append("Tables:")
        width = max(len(n) for n in DATA_TABLE_NAMES)
        for name in DATA_TABLE_NAMES:
            df = getattr(self, name)
            if df is None:
                lines.append(f"  {name:<{width}}  absent (optional)")
                continue
            cov = self.coverage(name)
            years = f", years {cov[0]}–{cov[1]}" if cov else ""
            extra = ""
            if name == "survey_responses":
                n_items = sum(1 for c in df.columns if c not in TABLES_BY_NAME[name].column_names)
                extra = f", {n_items} item column(s)"
            lines.append(f"  {name:<{width}}  {len(df):>6} row(s){years}{extra}")
        if self.notes:
            lines.append("Notes:")
            lines += [f"  - {n}" for n in self.notes]
        if self.file_hashes:
            lines.append(f"Files read: {len(self.file_hashes)}")
        return "\n".join(lines)


def _fmt(v: Any) -> str:
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat()
    return str(v)


def load_data(
    path: str | os.PathLike, *, evaluation_window: tuple[int, int] | None = None
) -> EvalData:
    """Read and validate an input workbook (``.xlsx``) or a folder of CSV files.

    Parameters
    ----------
    path
        An ``.xlsx`` workbook with one sheet per table, or a folder of ``<table>.csv`` files.
    evaluation_window
        ``(start_year, end_year)``; overrides ``evaluation_start``/``evaluation_end`` of the
        context table. Without either, 2000 to next year is used.

    Returns
    -------
    EvalData
        The typed tables (see :class:`EvalData`).

    Raises
    ------
    ParameterError
        ``path`` does not exist or is not an ``.xlsx`` file or a folder.
    DataValidationError
        The data break one or more rules; ``.problems`` lists every one of them.
    """
    from evaltools.data.read import read_path
    from evaltools.data.validate import validate

    p = Path(path)
    _check_input_path(p)
    if not p.exists():
        raise ParameterError(
            f"path: '{p}' does not exist. Give an .xlsx workbook or a folder "
            "of CSV files (e.g. data/demo)."
        )
    if p.is_file() and p.suffix.lower() != ".xlsx":
        hint = {
            ".xls": "open it in Excel and save it as .xlsx",
            ".ods": "save it as .xlsx",
            ".csv": "give the folder that holds the CSV files, not one file",
        }.get(p.suffix.lower(), "give an .xlsx workbook or a folder of CSV files")
        raise ParameterError(f"path: '{p}' is not an .xlsx workbook or a folder: {hint}.")
    if evaluation_window is not None:
        try:
            lo, hi = (int(evaluation_window[0]), int(evaluation_window[1]))
        except (TypeError, ValueError, IndexError):
            raise ParameterError(
                "evaluation_window: give two years (start, end), e.g. (2017, 2023)"
            ) from None
        if lo > hi:
            raise ParameterError(f"evaluation_window: start {lo} is after end {hi}")
        evaluation_window = (lo, hi)
    raw = read_path(p)
    checked = validate(raw, evaluation_window=evaluation_window)
    if checked.problems:
        raise DataValidationError(checked.problems, source=str(p))
    return EvalData(
        **{name: checked.tables.get(name) for name in DATA_TABLE_NAMES},
        context=checked.context,
        path=p,
        file_hashes=dict(raw.file_hashes),
        notes=checked.notes,
        evaluation_window=checked.window,
        window_origin=checked.window_origin,
    )


def _check_input_path(p: Path) -> None:
    """Refuse, with the cause, a data path that cannot be read (before anything is read)."""
    import errno

    try:
        st = os.stat(p)
    except FileNotFoundError:
        return  # "does not exist", said by the caller
    except OSError as exc:
        cause = (
            "a symbolic link that points (directly or not) to itself"
            if exc.errno == errno.ELOOP
            else exc.strerror or type(exc).__name__
        )
        raise ParameterError(f"path: '{p}' cannot be opened: {cause}") from None
    if stat.S_ISDIR(st.st_mode):
        try:
            with os.scandir(p) as it:
                next(it, None)
        except OSError as exc:
            raise ParameterError(
                f"path: folder '{p}' cannot be read: {exc.strerror or type(exc).__name__}"
            ) from None
        return
    if not stat.S_ISREG(st.st_mode):
        raise ParameterError(
            f"path: '{p}' is not a regular file or a folder (a pipe, device "
            "or socket); give an .xlsx workbook or a folder of CSV files"
        )


# --------------------------------------------------------------------------------------------
# writers


def _as_tables(data: EvalData | Mapping[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Name → DataFrame, context included as a key/value table when there is one."""
    if isinstance(data, EvalData):
        tables = dict(data.tables())
        if data.context:
            tables["context"] = pd.DataFrame(
                {
                    "key": list(data.context),
                    "value": [_context_text(v) for v in data.context.values()],
                }
            )
        return tables
    if not isinstance(data, Mapping):
        raise ParameterError("data_or_tables: give an EvalData or a dict of table name → DataFrame")
    unknown = [n for n in data if n not in TABLES_BY_NAME]
    if unknown:
        raise ParameterError(
            f"data_or_tables: unknown table(s) {unknown}; known tables: {', '.join(TABLES_BY_NAME)}"
        )
    return {n: df for n, df in data.items() if df is not None}


def _context_text(v: Any) -> str:
    if isinstance(v, (pd.Timestamp, _dt.datetime)):
        return v.date().isoformat() if isinstance(v, _dt.datetime) else str(v)
    return str(v)


def _ordered_columns(name: str, df: pd.DataFrame) -> list[str]:
    spec = TABLES_BY_NAME[name]
    cols = [c for c in spec.column_names if c in df.columns]
    return cols + [c for c in df.columns if c not in cols]


def write_workbook(
    data_or_tables: EvalData | Mapping[str, pd.DataFrame], out_path: str | os.PathLike
) -> Path:
    """Write tables into an ``.xlsx`` in the template's layout (with a "Kamus Data" sheet).

    Every table of the data dictionary gets its sheet (empty, header only, when not given),
    so the result is the template filled with the data. Written atomically. Text cells are
    stored as text (never as formulas, even when they start with "=").

    Parameters
    ----------
    data_or_tables
        An :class:`EvalData` (its context becomes the ``context`` sheet) or a dict of table
        name → DataFrame.
    out_path
        Where to write the workbook.

    Returns
    -------
    pathlib.Path
        ``out_path``.
    """
    from evaltools.data.template import build_workbook, save_atomically

    tables = _as_tables(data_or_tables)
    wb = build_workbook({n: df[_ordered_columns(n, df)] for n, df in tables.items()})
    return save_atomically(wb, Path(out_path))


#: First characters that make a spreadsheet read a CSV cell as a formula (OWASP "CSV
#: injection"): text starting with one of them is written with a leading apostrophe.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Text a spreadsheet will not evaluate: ``"=SUM(A1)"`` becomes ``"'=SUM(A1)"``.

    OWASP's recommendation for CSV exports: prefix cells that begin with ``= + - @``, tab or
    carriage return with a single quote (Excel shows the text, without the quote, and never
    runs it). Numbers are written as numbers and are not touched.
    """
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def _csv_cell(v: Any) -> str:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, (bool,)) or type(v).__name__ == "bool_":
        return "TRUE" if v else "FALSE"
    if isinstance(v, pd.Timestamp):
        return v.date().isoformat() if v == v.normalize() else v.isoformat()
    if isinstance(v, float):
        return repr(v) if not v.is_integer() else str(int(v)) if abs(v) < 1e15 else repr(v)
    if isinstance(v, str):
        return neutralise_formula(v)
    return str(v)


def write_csv_folder(
    data_or_tables: EvalData | Mapping[str, pd.DataFrame], out_dir: str | os.PathLike
) -> Path:
    """Write one ``<table>.csv`` per table (UTF-8, comma-separated, ISO dates, TRUE/FALSE).

    Text that a spreadsheet would run as a formula (starting with ``= + - @``, tab or CR) is
    written with a leading apostrophe, as OWASP recommends (:func:`neutralise_formula`).

    Each file is written to a temporary file first and then renamed, so a reader never sees
    a half-written file.

    Parameters
    ----------
    data_or_tables
        An :class:`EvalData` or a dict of table name → DataFrame.
    out_dir
        The folder (created when missing).

    Returns
    -------
    pathlib.Path
        ``out_dir``.
    """
    import csv

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in _as_tables(data_or_tables).items():
        cols = _ordered_columns(name, df)
        with (
            atomic_path(out / f"{name}.csv", suffix=".csv.tmp") as tmp,
            open(tmp, "w", encoding="utf-8", newline="") as fh,
        ):
            w = csv.writer(fh)
            w.writerow([neutralise_formula(str(c)) for c in cols])
            for row in df[cols].itertuples(index=False, name=None):
                w.writerow([_csv_cell(v) for v in row])
    return out


__all__ = ["TABLES", "EvalData", "load_data", "write_csv_folder", "write_workbook"]
