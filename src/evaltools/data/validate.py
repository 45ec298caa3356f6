"""Validation: type the raw tables and check every rule, lazily and completely.

:func:`validate` never stops at the first problem: it converts every cell it can, checks every
rule of :mod:`evaltools.data.schema` and every cross-table rule, and returns the full list of
:class:`~evaltools.errors.Problem` objects (the caller raises one
:class:`~evaltools.errors.DataValidationError`). A cell that cannot be converted is reported
once and then treated as blank, so one typo does not cascade into several messages.

Rules checked:

* tables: required tables present (``sources``, ``programs``, ``program_targets``), and
  ``survey_items`` whenever ``survey_responses`` is given;
* columns: required columns present (a near-miss such as ``Program ID `` is matched, a typo
  such as ``programid`` gets a "rename" hint); other columns are ignored and listed in the
  summary, except in ``survey_responses`` where they are items;
* cells: type, blank in a column that needs a value, allowed values (case-insensitive), bounds;
* keys: no duplicate key (``interview_codes`` adds ``coder`` to its key when present);
* foreign keys: ``program_id`` → programs, ``indicator_id`` → indicators (when given),
  ``source_id`` → sources, survey response columns ↔ ``survey_items.item_id``;
* survey: ``scale_min < scale_max``; every score within its item's scale;
* budget: one row per (year, agency, program_id, stage) — the key; a ``realised`` line needs a
  ``planned`` or ``revised`` line for the same year, agency and programme (money cannot be
  spent from a budget that was never set); ``dimension`` equals the programme's dimension;
* program_targets: one unit and one ``higher_is_better`` per (program_id, indicator);
* evaluation window: realisations (``program_targets`` rows with a realisation, ``realised``
  budget lines) must fall inside [evaluation_start, evaluation_end]; targets and plans may
  reach beyond it. The window comes from the ``evaluation_window`` argument, else the
  ``context`` table, else :func:`~evaltools.data.schema.default_evaluation_window`
  (2000 to next year: a typo catcher, not a scope);
* the future: no monthly value for a month not yet begun, no peer score for a year not yet
  begun, no mandate issued after today;
* mandates: ``due_date`` not before the regulation's ``enactment_date`` (context) — a deadline
  the regulation sets cannot precede it. An ``issued_date`` before enactment is accepted: an
  existing instrument can fulfil a mandate;
* peers: ``0 <= value <= scale_max``; ``focal`` identical on every row of a region; at most
  one focal region;
* context: known keys typed (dates, years), ``evaluation_start <= evaluation_end``,
  ``stagnation_start <= stagnation_end``.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from evaltools.data.read import (
    EXCEL_ERRORS,
    CellError,
    RawInput,
    RawTable,
    is_unreadable,
    parse_bool,
    parse_date,
    parse_month,
    parse_number,
)
from evaltools.data.schema import (
    CONTEXT_KEYS_BY_NAME,
    TABLES,
    YEAR_MAX,
    YEAR_MIN,
    Column,
    Table,
    default_evaluation_window,
    normalize_name,
)
from evaltools.errors import Problem

#: At most this many problems of one kind (table, column, rule) are listed one by one.
MAX_PER_KIND = 20


@dataclass
class Validated:
    """Typed tables, the typed context, every problem, and notes for the summary."""

    tables: dict[str, pd.DataFrame]
    context: dict[str, Any]
    problems: list[Problem]
    notes: list[str] = field(default_factory=list)
    window: tuple[int, int] = (2000, 2100)
    window_origin: str = "default"


class _Problems:
    """Collects problems; lists at most MAX_PER_KIND of one kind, then counts the rest."""

    def __init__(self) -> None:
        self.items: list[Problem] = []
        self.counts: Counter = Counter()
        self.first: dict[tuple, Problem] = {}

    def add(self, problem: Problem, kind: str | None = None) -> None:
        group = (problem.table, problem.column, kind or problem.rule)
        self.counts[group] += 1
        if self.counts[group] <= MAX_PER_KIND:
            self.items.append(problem)
            self.first.setdefault(group, problem)

    def finish(self) -> list[Problem]:
        out = list(self.items)
        for group, n in self.counts.items():
            if n > MAX_PER_KIND:
                p = self.first[group]
                out.append(
                    Problem(
                        p.table,
                        f"{n - MAX_PER_KIND} more row(s) with the same problem: {p.rule}",
                        p.fix,
                        column=p.column,
                        file=p.file,
                    )
                )
        return out


# --------------------------------------------------------------------------------------------
# typing


def _to_text(v: Any) -> str:
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    if isinstance(v, _dt.datetime):
        return v.date().isoformat() if v.time() == _dt.time() else v.isoformat(sep=" ")
    return str(v)


#: Characters a context value (region, regulation, title …) may have: it is printed on the
#: report's cover and in every page header.
MAX_CONTEXT_TEXT = 500


def _refuse_excel_error(v: Any) -> None:
    """An Excel error value (#N/A, #REF! …) is never data, in any column."""
    if isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS:
        raise CellError(
            f"the cell holds the Excel error {v.strip()}",
            "correct the formula in Excel (or type the value) and save again",
        )


def _convert(v: Any, col: Column, raw: RawTable) -> Any:
    t = col.type
    _refuse_excel_error(v)
    if t == "str":
        text = _to_text(v)
        if col.allowed is not None:
            low = " ".join(text.split()).lower()
            if low not in col.allowed:
                close = difflib.get_close_matches(low, col.allowed, n=1, cutoff=0.75)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise CellError(f"value not allowed{hint}", f"use one of: {', '.join(col.allowed)}")
            return low
        return text
    if t in ("int", "float"):
        return parse_number(v, decimal=raw.decimal, integer=(t == "int"))
    if t == "bool":
        return parse_bool(v)
    if t == "date":
        return parse_date(v, from_excel=raw.from_excel)
    if t == "month":
        return parse_month(v, from_excel=raw.from_excel)
    raise ValueError(f"unknown schema type {t!r}")  # a bug in schema.py, not user input


def _series(values: list[Any], col: Column) -> pd.Series:
    t = col.type
    if t == "str":
        return pd.Series(values, dtype=object)
    if t == "int":
        if col.name == "amount_idr" and all(v is not None for v in values):
            return pd.Series(values, dtype="int64")
        return pd.Series(pd.array(values, dtype="Int64"))
    if t == "float":
        return pd.Series([np.nan if v is None else v for v in values], dtype="float64")
    if t == "bool":
        if all(v is not None for v in values):
            return pd.Series(values, dtype=bool)
        return pd.Series(values, dtype="boolean")
    return pd.Series(pd.to_datetime(pd.Series(values, dtype=object)), dtype="datetime64[ns]")


def _check_bounds(x: Any, col: Column) -> bool:
    if col.min is not None and (x <= col.min if col.min_exclusive else x < col.min):
        return False
    return not (col.max is not None and x > col.max)


_ITEM_COLUMN = Column("item", "float", "survey item score", "skor butir", nullable=True)


def _type_table(
    raw: RawTable, spec: Table, P: _Problems, notes: list[str]
) -> tuple[pd.DataFrame, dict[str, Column]]:
    """Typed DataFrame of one table (bad cells become blank after being reported)."""
    present = set(raw.columns)
    unknown = [c for c in raw.columns if c not in spec.column_names]
    for col in spec.columns:
        if col.required and col.name not in present:
            close = difflib.get_close_matches(
                col.name, [normalize_name(u) for u in unknown], n=1, cutoff=0.75
            )
            if close:
                original = unknown[[normalize_name(u) for u in unknown].index(close[0])]
                fix = f"rename the column '{original}' to '{col.name}'"
            else:
                fix = f"add a column named '{col.name}' ({col.description.rstrip('.')})"
            P.add(
                Problem(
                    spec.name,
                    "required column is missing",
                    fix,
                    column=col.name,
                    file=raw.file,
                    row=raw.header_row,
                )
            )
    columns: dict[str, Column] = {c.name: c for c in spec.columns if c.name in present}
    if spec.wide:
        for u in unknown:
            columns[u] = _ITEM_COLUMN
    elif unknown:
        notes.append(
            f"{spec.name}: ignored column(s) not in the data dictionary: " + ", ".join(unknown)
        )
    data: dict[str, pd.Series] = {}
    for name, col in columns.items():
        j = raw.columns.index(name)
        values: list[Any] = []
        for line, cells in zip(raw.row_numbers, raw.rows, strict=False):
            v = cells[j]
            if v is None:
                if not col.nullable:
                    P.add(
                        Problem(
                            spec.name,
                            "a value is required but the cell is blank",
                            f"fill in {col.name} ({col.description.rstrip('.')})",
                            row=line,
                            column=name,
                            file=raw.file,
                        ),
                        kind="blank",
                    )
                values.append(None)
                continue
            if is_unreadable(v):  # a formula without a stored value: reported while reading
                values.append(None)
                continue
            try:
                x = _convert(v, col, raw)
            except CellError as exc:
                expected = {
                    "str": "text",
                    "int": "a whole number",
                    "float": "a number",
                    "bool": "TRUE or FALSE",
                    "date": "a date",
                    "month": "a month",
                }[col.type]
                rule = exc.rule if "allowed" in exc.rule else f"{exc.rule} ({expected} expected)"
                P.add(
                    Problem(
                        spec.name, rule, exc.fix, row=line, column=name, value=v, file=raw.file
                    ),
                    kind=f"type:{exc.rule}",
                )
                values.append(None)
                continue
            if col.type in ("int", "float") and not _check_bounds(x, col):
                P.add(
                    Problem(
                        spec.name,
                        f"value out of bounds (must be {col.bounds_text()})",
                        f"enter a value {col.bounds_text()} ({col.description.rstrip('.')})",
                        row=line,
                        column=name,
                        value=v,
                        file=raw.file,
                    ),
                    kind="bounds",
                )
                values.append(None)
                continue
            values.append(x)
        data[name] = _series(values, col)
    df = pd.DataFrame(data, index=pd.RangeIndex(len(raw.rows)))
    return df, columns


# --------------------------------------------------------------------------------------------
# table-level and cross-table rules


@dataclass
class _T:
    """A typed table with what is needed to point back at the user's rows."""

    spec: Table
    df: pd.DataFrame
    rows: list[int]
    file: str
    columns: dict[str, Column]


def _check_keys(t: _T, P: _Problems) -> None:
    key = list(t.spec.key) + [c for c in t.spec.extra_key if c in t.df.columns]
    if not all(k in t.df.columns for k in key):
        return
    first: dict[tuple, int] = {}
    sub = t.df[key]
    complete = sub.notna().all(axis=1).tolist()
    for i, (ok, vals) in enumerate(
        zip(complete, sub.itertuples(index=False, name=None), strict=False)
    ):
        if not ok:
            continue
        k = tuple(_keyval(x) for x in vals)
        if k in first:
            shown = ", ".join(f"{c}={_show(x)}" for c, x in zip(key, vals, strict=False))
            P.add(
                Problem(
                    t.spec.name,
                    f"duplicate key ({shown}) already used in row {first[k]}",
                    "keep one row per " + ", ".join(key) + " (delete or merge the duplicate)",
                    row=t.rows[i],
                    column=key[0],
                    file=t.file,
                ),
                kind="dupkey",
            )
        else:
            first[k] = t.rows[i]


def _keyval(x: Any) -> Any:
    return x.to_pydatetime() if isinstance(x, pd.Timestamp) else x


def _show(x: Any) -> str:
    if isinstance(x, pd.Timestamp):
        return x.date().isoformat()
    return str(x)


def _check_fk(t: _T, column: str, target: _T | None, target_col: str, P: _Problems) -> None:
    if target is None or column not in t.df.columns or target_col not in target.df.columns:
        return
    known = set(target.df[target_col].dropna())
    for i, v in enumerate(t.df[column]):
        if v is not None and not pd.isna(v) and v not in known:
            P.add(
                Problem(
                    t.spec.name,
                    f"unknown {column}: not listed in the {target.spec.name} table",
                    f"add '{v}' to {target.spec.name}.{target_col}, or correct the spelling",
                    row=t.rows[i],
                    column=column,
                    value=v,
                    file=t.file,
                ),
                kind="fk",
            )


def _window_rule(
    t: _T,
    mask: pd.Series,
    years: pd.Series,
    window: tuple[int, int],
    origin: str,
    what: str,
    P: _Problems,
    column: str,
) -> None:
    lo, hi = window
    for i in np.flatnonzero(mask.to_numpy(dtype=bool)):
        y = years.iloc[i]
        if pd.isna(y) or lo <= int(y) <= hi:
            continue
        P.add(
            Problem(
                t.spec.name,
                f"{what} for {int(y)}, outside the evaluation window {lo}–{hi} ({origin})",
                "correct the year, or widen the window (context keys evaluation_start / "
                "evaluation_end)",
                row=t.rows[i],
                column=column,
                value=int(y),
                file=t.file,
            ),
            kind="window",
        )


def _cross_rules(
    T: dict[str, _T], window: tuple[int, int], origin: str, context: dict[str, Any], P: _Problems
) -> None:
    today = pd.Timestamp(_dt.date.today())
    sources = T.get("sources")
    programs = T.get("programs")
    for name, t in T.items():
        if name != "sources" and "source_id" in t.df.columns:
            _check_fk(t, "source_id", sources, "source_id", P)
    for name in ("program_targets", "budget"):
        if name in T:
            _check_fk(T[name], "program_id", programs, "program_id", P)
    if "service_monthly" in T:
        _check_fk(T["service_monthly"], "indicator_id", T.get("indicators"), "indicator_id", P)

    if (t := T.get("program_targets")) is not None and {"year", "realisation"} <= set(t.df):
        _window_rule(
            t,
            t.df["realisation"].notna(),
            t.df["year"],
            window,
            origin,
            "a realisation reported",
            P,
            "year",
        )
        for col in ("unit", "higher_is_better"):
            if {"program_id", "indicator", col} <= set(t.df):
                _consistent(t, ["program_id", "indicator"], col, P)

    if (t := T.get("budget")) is not None and {"year", "stage"} <= set(t.df):
        _window_rule(
            t,
            t.df["stage"] == "realised",
            t.df["year"],
            window,
            origin,
            "realised spending",
            P,
            "year",
        )
        key = ["year", "agency", "program_id"]
        if set(key) <= set(t.df):
            stages: dict[tuple, set] = defaultdict(set)
            keys = list(t.df[key].itertuples(index=False, name=None))
            stage_list = t.df["stage"].tolist()
            for k, st in zip(keys, stage_list, strict=False):
                stages[k].add(st)
            for i, (k, st) in enumerate(zip(keys, stage_list, strict=False)):
                if st == "realised" and not ({"planned", "revised"} & stages[k]):
                    P.add(
                        Problem(
                            "budget",
                            "a realised amount without a planned or revised "
                            f"amount for the same year, agency and programme ({k[0]}, "
                            f"{k[1]}, {k[2]})",
                            "add the planned (APBD murni) or revised (APBD perubahan) line",
                            row=t.rows[i],
                            column="stage",
                            value="realised",
                            file=t.file,
                        ),
                        kind="stages",
                    )
        if (
            programs is not None
            and {"program_id", "dimension"} <= set(t.df)
            and {"program_id", "dimension"} <= set(programs.df)
        ):
            dims: dict[Any, Any] = {}
            for pid, dim in zip(programs.df["program_id"], programs.df["dimension"], strict=False):
                dims.setdefault(pid, dim)  # a duplicate programme is reported by the key rule
            for i, (pid, dim) in enumerate(
                zip(t.df["program_id"], t.df["dimension"], strict=False)
            ):
                if pid in dims and dim is not None and dims[pid] is not None and dim != dims[pid]:
                    P.add(
                        Problem(
                            "budget",
                            f"dimension differs from the programme's dimension "
                            f"in programs ('{dims[pid]}')",
                            f"use '{dims[pid]}' or correct programs.dimension",
                            row=t.rows[i],
                            column="dimension",
                            value=dim,
                            file=t.file,
                        ),
                        kind="dimension",
                    )

    if (t := T.get("service_monthly")) is not None and "month" in t.df:
        this_month = today.replace(day=1)
        for i, m in enumerate(t.df["month"]):
            if not pd.isna(m) and m > this_month:
                P.add(
                    Problem(
                        "service_monthly",
                        "a value for a month that has not begun yet",
                        "correct the month",
                        row=t.rows[i],
                        column="month",
                        value=m.date().isoformat(),
                        file=t.file,
                    ),
                    kind="future",
                )

    if (t := T.get("peer_panel")) is not None:
        _peer_rules(t, today, P)

    if (t := T.get("mandates")) is not None:
        enact = context.get("enactment_date")
        for i in range(len(t.df)):
            due = t.df["due_date"].iloc[i] if "due_date" in t.df else pd.NaT
            issued = t.df["issued_date"].iloc[i] if "issued_date" in t.df else pd.NaT
            if enact is not None and not pd.isna(due) and due < enact:
                P.add(
                    Problem(
                        "mandates",
                        f"due date before the regulation's enactment date "
                        f"({enact.date().isoformat()})",
                        "correct due_date (or context enactment_date)",
                        row=t.rows[i],
                        column="due_date",
                        value=due.date().isoformat(),
                        file=t.file,
                    ),
                    kind="due",
                )
            if not pd.isna(issued) and issued > today:
                P.add(
                    Problem(
                        "mandates",
                        "issued date lies in the future",
                        "leave issued_date blank until the instrument is issued",
                        row=t.rows[i],
                        column="issued_date",
                        value=issued.date().isoformat(),
                        file=t.file,
                    ),
                    kind="issued",
                )

    _survey_rules(T, P)


def _consistent(t: _T, by: list[str], col: str, P: _Problems) -> None:
    first: dict[tuple, tuple[Any, int]] = {}
    for i, (k, v) in enumerate(
        zip(t.df[by].itertuples(index=False, name=None), t.df[col].tolist(), strict=False)
    ):
        if any(pd.isna(x) for x in k) or pd.isna(v):
            continue
        if k not in first:
            first[k] = (v, t.rows[i])
        elif v != first[k][0]:
            P.add(
                Problem(
                    t.spec.name,
                    f"{col} differs from row {first[k][1]} of the same "
                    f"{' and '.join(by)} ('{_show(first[k][0])}')",
                    f"use one {col} for every year of an indicator",
                    row=t.rows[i],
                    column=col,
                    value=v,
                    file=t.file,
                ),
                kind="consistent",
            )


def _peer_rules(t: _T, today: pd.Timestamp, P: _Problems) -> None:
    df = t.df
    if {"value", "scale_max"} <= set(df):
        for i, (v, mx) in enumerate(zip(df["value"], df["scale_max"], strict=False)):
            if pd.isna(v) or pd.isna(mx):
                continue
            if not 0 <= v <= mx:
                P.add(
                    Problem(
                        "peer_panel",
                        f"value outside the measure's scale 0–{mx:g}",
                        "correct the value or scale_max",
                        row=t.rows[i],
                        column="value",
                        value=v,
                        file=t.file,
                    ),
                    kind="scale",
                )
    if "year" in df:
        for i, y in enumerate(df["year"]):
            if not pd.isna(y) and int(y) > today.year:
                P.add(
                    Problem(
                        "peer_panel",
                        "a score for a year that has not begun yet",
                        "correct the year",
                        row=t.rows[i],
                        column="year",
                        value=int(y),
                        file=t.file,
                    ),
                    kind="future",
                )
    if {"region", "focal"} <= set(df):
        seen: dict[str, tuple[bool, int]] = {}
        for i, (r, f) in enumerate(zip(df["region"], df["focal"], strict=False)):
            if r is None or pd.isna(f):
                continue
            if r not in seen:
                seen[r] = (bool(f), t.rows[i])
            elif bool(f) != seen[r][0]:
                P.add(
                    Problem(
                        "peer_panel",
                        f"focal differs from row {seen[r][1]} of the same region",
                        "mark a region focal on all its rows or on none",
                        row=t.rows[i],
                        column="focal",
                        value=f,
                        file=t.file,
                    ),
                    kind="focal",
                )
        focal = sorted(r for r, (f, _) in seen.items() if f)
        if len(focal) > 1:
            P.add(
                Problem(
                    "peer_panel",
                    f"more than one region is marked focal ({', '.join(focal)})",
                    "mark only the region under evaluation as focal (TRUE)",
                    column="focal",
                    file=t.file,
                )
            )


def _survey_rules(T: dict[str, _T], P: _Problems) -> None:
    items = T.get("survey_items")
    if items is not None and {"scale_min", "scale_max"} <= set(items.df):
        for i, (lo, hi) in enumerate(
            zip(items.df["scale_min"], items.df["scale_max"], strict=False)
        ):
            if not pd.isna(lo) and not pd.isna(hi) and lo >= hi:
                P.add(
                    Problem(
                        "survey_items",
                        "scale_min must be below scale_max",
                        "correct the scale (e.g. 1 and 5 for a five-point Likert item)",
                        row=items.rows[i],
                        column="scale_max",
                        value=hi,
                        file=items.file,
                    ),
                    kind="scale",
                )
    resp = T.get("survey_responses")
    if resp is None or items is None or "item_id" not in items.df:
        return
    item_cols = [c for c, col in resp.columns.items() if col is _ITEM_COLUMN]
    known = [x for x in items.df["item_id"] if x is not None]
    scales: dict[str, tuple[float, float]] = {}
    if {"scale_min", "scale_max"} <= set(items.df):
        for iid, lo, hi in zip(
            items.df["item_id"], items.df["scale_min"], items.df["scale_max"], strict=False
        ):
            if iid is not None and not pd.isna(lo) and not pd.isna(hi) and lo < hi:
                scales[iid] = (float(lo), float(hi))
    lower = {str(k).lower(): k for k in known}
    for c in item_cols:
        if c in known:
            continue
        hint = (
            f"rename it to '{lower[c.lower()]}'"
            if c.lower() in lower
            else "add the item to survey_items (item_id), or delete the column"
        )
        P.add(
            Problem(
                "survey_responses",
                "column is not an item_id of survey_items",
                hint,
                column=c,
                file=resp.file,
            )
        )
    for k in known:
        if k not in item_cols and str(k).lower() not in {c.lower() for c in item_cols}:
            P.add(
                Problem(
                    "survey_responses",
                    f"survey item '{k}' has no column of answers",
                    f"add a column named '{k}' (blank cells = no answer), or remove the "
                    "item from survey_items",
                    column=k,
                    file=resp.file,
                )
            )
    for c in item_cols:
        if c not in scales:
            continue
        lo, hi = scales[c]
        for i, v in enumerate(resp.df[c]):
            if not pd.isna(v) and not lo <= v <= hi:
                P.add(
                    Problem(
                        "survey_responses",
                        f"score outside the item's scale {lo:g}–{hi:g}",
                        "correct the score, or leave the cell blank for no answer",
                        row=resp.rows[i],
                        column=c,
                        value=v,
                        file=resp.file,
                    ),
                    kind="score",
                )


# --------------------------------------------------------------------------------------------
# context


def _type_context(raw: RawTable, P: _Problems, notes: list[str]) -> dict[str, Any]:
    if "key" not in raw.columns or "value" not in raw.columns:
        return {}
    jk, jv = raw.columns.index("key"), raw.columns.index("value")
    ctx: dict[str, Any] = {}
    rows: dict[str, int] = {}
    unknown: list[str] = []
    for line, cells in zip(raw.row_numbers, raw.rows, strict=False):
        k, v = cells[jk], cells[jv]
        if k is None:
            continue
        if isinstance(k, str) and k.strip().upper() in EXCEL_ERRORS:
            P.add(
                Problem(
                    "context",
                    f"the key cell holds the Excel error {k.strip()}",
                    "correct the formula in Excel (or type the key) and save again",
                    row=line,
                    column="key",
                    value=k,
                    file=raw.file,
                )
            )
            continue
        key = normalize_name(_to_text(k))
        if key in rows:
            continue  # reported by the duplicate-key rule
        rows[key] = line
        spec = CONTEXT_KEYS_BY_NAME.get(key)
        if spec is None:
            close = difflib.get_close_matches(key, list(CONTEXT_KEYS_BY_NAME), n=1, cutoff=0.8)
            if close:
                P.add(
                    Problem(
                        "context",
                        "unknown key",
                        f"did you mean '{close[0]}'?",
                        row=line,
                        column="key",
                        value=k,
                        file=raw.file,
                    )
                )
            else:
                unknown.append(key)
                if v is not None:
                    try:
                        _refuse_excel_error(v)
                    except CellError as exc:
                        P.add(
                            Problem(
                                "context",
                                f"value of '{key}': {exc.rule}",
                                exc.fix,
                                row=line,
                                column="value",
                                value=v,
                                file=raw.file,
                            )
                        )
                        continue
                    ctx[key] = _to_text(v)[:MAX_CONTEXT_TEXT]
            continue
        if v is None:
            continue  # a blank value means "not set"
        try:
            _refuse_excel_error(v)
            if isinstance(v, str) and len(v) > MAX_CONTEXT_TEXT:
                raise CellError(
                    f"the text is {len(v):,} characters long, above the cap of {MAX_CONTEXT_TEXT}",
                    "shorten it",
                )
            if spec.type == "date":
                ctx[key] = pd.Timestamp(parse_date(v, from_excel=raw.from_excel))
            elif spec.type == "int":
                year = parse_number(v, decimal=raw.decimal, integer=True)
                if not YEAR_MIN <= year <= YEAR_MAX:
                    raise CellError(
                        f"year out of bounds ({YEAR_MIN}–{YEAR_MAX})", "enter a four-digit year"
                    )
                ctx[key] = int(year)
            else:
                ctx[key] = _to_text(v)
        except CellError as exc:
            shown = v[:40] + "…" if isinstance(v, str) and len(v) > 80 else v
            P.add(
                Problem(
                    "context",
                    f"value of '{key}': {exc.rule}",
                    exc.fix,
                    row=line,
                    column="value",
                    value=shown,
                    file=raw.file,
                )
            )
    for a, b in (("evaluation_start", "evaluation_end"), ("stagnation_start", "stagnation_end")):
        if a in ctx and b in ctx and ctx[a] > ctx[b]:
            P.add(
                Problem(
                    "context",
                    f"{a} ({ctx[a]}) is after {b} ({ctx[b]})",
                    "swap or correct the two years",
                    row=rows[b],
                    column="value",
                    value=ctx[b],
                    file=raw.file,
                )
            )
    if unknown:
        notes.append("context: extra keys kept as text: " + ", ".join(unknown))
    return ctx


# --------------------------------------------------------------------------------------------
# entry point


def validate(raw: RawInput, *, evaluation_window: tuple[int, int] | None = None) -> Validated:
    """Type every table of ``raw`` and check every rule.

    Parameters
    ----------
    raw
        What :func:`evaltools.data.read.read_path` read (its reading problems are included).
    evaluation_window
        ``(start_year, end_year)`` overriding the context table's ``evaluation_start`` and
        ``evaluation_end``.

    Returns
    -------
    Validated
        ``tables`` (name → typed DataFrame, present tables only), ``context`` (typed dict),
        ``problems`` (empty when the data are valid), ``notes`` (ignored sheets, files and
        columns), ``window`` and ``window_origin``.
    """
    P = _Problems()
    for p in raw.problems:
        P.add(p, kind=f"read:{id(p)}")
    notes: list[str] = []
    if raw.ignored:
        notes.append("ignored (not a table of the data dictionary): " + ", ".join(raw.ignored))
    failed_to_read = {p.table for p in raw.problems if p.row is None and p.column is None}
    for spec in TABLES:
        if "(workbook)" in failed_to_read:
            break  # the workbook could not be opened: "missing sheet" would only add noise
        if spec.required and spec.name not in raw.tables and spec.name not in failed_to_read:
            kind = "sheet" if raw.path.suffix.lower() == ".xlsx" else f"file {spec.name}.csv"
            where = (
                f"a sheet named '{spec.name}'"
                if kind == "sheet"
                else f"a file named '{spec.name}.csv'"
            )
            P.add(
                Problem(
                    spec.name,
                    f"required table is missing (no {kind})",
                    f"add {where} with the columns "
                    f"{', '.join(c.name for c in spec.columns if c.required)}",
                    file=raw.path.name if kind == "sheet" else None,
                )
            )
    if (
        "survey_responses" in raw.tables
        and "survey_items" not in raw.tables
        and "survey_items" not in failed_to_read
    ):
        P.add(
            Problem(
                "survey_items",
                "survey_responses is given but survey_items is missing",
                "add the survey_items table (one row per item column of survey_responses)",
            )
        )

    context: dict[str, Any] = {}
    if "context" in raw.tables:
        context = _type_context(raw.tables["context"], P, notes)
    if evaluation_window is not None:
        window, origin = (int(evaluation_window[0]), int(evaluation_window[1])), "given"
    elif "evaluation_start" in context or "evaluation_end" in context:
        d = default_evaluation_window()
        window = (context.get("evaluation_start", d[0]), context.get("evaluation_end", d[1]))
        origin = "context"
    else:
        window, origin = (
            default_evaluation_window(),
            "default; set evaluation_start/_end in context",
        )

    typed: dict[str, _T] = {}
    for spec in TABLES:
        raw_t = raw.tables.get(spec.name)
        if raw_t is None:
            continue
        if not raw_t.rows:
            if spec.required:
                P.add(
                    Problem(
                        spec.name,
                        "the table has a header but no rows",
                        "fill in at least one row (see data/README.md or the 'Kamus "
                        "Data' sheet of the template)",
                        file=raw_t.file,
                    )
                )
            else:
                notes.append(f"{spec.name}: header only, no rows: table treated as absent")
                continue
        df, cols = _type_table(raw_t, spec, P, notes)
        typed[spec.name] = _T(spec, df, raw_t.row_numbers, raw_t.file, cols)
        _check_keys(typed[spec.name], P)
    _cross_rules(
        typed, window, f"{origin}" if origin != "given" else "evaluation_window", context, P
    )

    tables = {n: t.df for n, t in typed.items() if n != "context"}
    return Validated(tables, context, P.finish(), notes, window, origin)
