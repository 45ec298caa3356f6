"""Notebook parameters: read the ``parameters`` cells, merge, coerce and validate.

Everything here runs before any kernel starts, so a typo on the command line costs a second
and a clear message instead of a half-executed set of notebooks.
"""

from __future__ import annotations

import ast
import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from evaltools._language import check_language
from evaltools.analysis._checks import check_confidence_level
from evaltools.errors import ParameterError

_TYPE_ALIASES = {
    "int": "int",
    "float": "float",
    "bool": "bool",
    "str": "str",
    "list": "list",
    "dict": "dict",
    "tuple": "list",
}


@dataclass(frozen=True)
class ParameterSpec:
    """One parameter declared in a notebook's ``parameters`` cell.

    ``type`` is one of ``int, float, bool, str, list, dict`` or ``any`` (no annotation and a
    default of ``None``); ``notebooks`` lists the notebooks that declare it.
    """

    name: str
    type: str
    default: Any
    help: str = ""
    notebooks: tuple[str, ...] = field(default_factory=tuple)


def _base_type(annotation: str) -> str | None:
    """Map an annotation such as ``int``, ``list[str]`` or ``Optional[int]`` to a base type."""
    text = annotation.strip().replace(" ", "")
    if not text or text == "None":
        return None
    optional = re.fullmatch(r"(?:typing\.)?Optional\[(.+)\]", text)
    if optional:
        text = optional.group(1)
    union = [t for t in text.split("|") if t != "None"]
    if len(union) == 1:
        text = union[0]
    head = re.split(r"[\[.]", text.lower().replace("typing.", ""), maxsplit=1)[0]
    return _TYPE_ALIASES.get(head)


def _type_of_value(value: Any) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, dict):
        return "dict"
    return "any"


def inspect_parameters(notebooks: list[Path]) -> dict[str, ParameterSpec]:
    """Read the declared parameters of every notebook (with ``papermill.inspect_notebook``).

    Parameters
    ----------
    notebooks : list of Path
        Notebook files; each may have a cell tagged ``parameters``.

    Returns
    -------
    dict
        Parameter name -> :class:`ParameterSpec`. The type comes from the annotation
        (``start: int = 2017``) or, without one, from the literal default. When two notebooks
        declare the same name, the first declaration gives the type (names mean the same
        thing everywhere, see docs/architecture.md).
    """
    import papermill

    specs: dict[str, ParameterSpec] = {}
    for nb in notebooks:
        try:
            declared_parameters = papermill.inspect_notebook(str(nb))
        except Exception as exc:  # noqa: BLE001 — any unreadable notebook is a bad input, said plainly
            reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ParameterError(
                f"notebook {nb.name} cannot be read: {reason}. Open and save it in JupyterLab "
                "(it must be a valid .ipynb with a kernel chosen), then run again"
            ) from None
        for name, info in declared_parameters.items():
            default_text = str(info.get("default", "None"))
            try:
                default = ast.literal_eval(default_text)
            except (ValueError, SyntaxError):
                # A default computed by an expression: keep its text, type from annotation.
                default = default_text
            declared = _base_type(str(info.get("inferred_type_name", "None")))
            ptype = declared or _type_of_value(default)
            if name in specs:
                prev = specs[name]
                specs[name] = ParameterSpec(
                    prev.name,
                    prev.type,
                    prev.default,
                    prev.help or info.get("help", ""),
                    (*prev.notebooks, nb.name),
                )
            else:
                specs[name] = ParameterSpec(name, ptype, default, info.get("help", ""), (nb.name,))
    return specs


def _coerce_string(text: str, ptype: str) -> Any:
    """Turn a command-line string into the declared type; raise ValueError when it is not one."""
    if ptype == "str":
        return text
    if ptype == "int":
        return int(text.strip().replace("_", ""))
    if ptype == "float":
        return float(text.strip().replace(",", "."))
    if ptype == "bool":
        low = text.strip().lower()
        if low in {"true", "yes", "ya", "1", "on"}:
            return True
        if low in {"false", "no", "tidak", "0", "off"}:
            return False
        raise ValueError("not a boolean")
    from evaltools.runner.config import safe_yaml

    try:
        value = safe_yaml(text, "the value")
    except ParameterError as exc:
        raise ValueError(str(exc)) from None
    if ptype == "list":
        if isinstance(value, str):
            # "Kota Depok, Kota Bogor" reads naturally on a command line.
            return [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list):
            raise ValueError("not a list")
        return value
    if ptype == "dict" and not isinstance(value, dict):
        raise ValueError("not a mapping")
    return value


def _check_value(value: Any, ptype: str) -> Any:
    """Check an already-typed value (from YAML or Python); return it normalised."""
    if isinstance(value, _dt.date | _dt.datetime):
        # YAML reads 2020-02-22 as a date; notebooks take dates as ISO strings.
        value = value.isoformat()
    if ptype == "any":
        return value
    if ptype == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError
        return value
    if ptype == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError
        return float(value)
    if ptype == "bool":
        if not isinstance(value, bool):
            raise ValueError
        return value
    if ptype == "str":
        if not isinstance(value, str):
            raise ValueError
        return value
    if ptype == "list":
        if not isinstance(value, list | tuple):
            raise ValueError
        return list(value)
    if ptype == "dict":
        if not isinstance(value, dict):
            raise ValueError
        return value
    return value


#: Characters a text parameter may have (a region or regulation name); paths are exempt.
MAX_TEXT_PARAMETER = 500
#: Items a list parameter may have.
MAX_LIST_ITEMS = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _is_year_name(name: str) -> bool:
    return name.endswith(("_start", "_end", "_year")) or name == "year"


def _plausibility(name: str, value: Any, spec: ParameterSpec) -> tuple[Any, str | None]:
    """Checks that need no kernel: plausible years, real dates, text lists, short text.

    Returns the (possibly normalised) value and a problem text or ``None``. The conventions
    are the notebooks' (docs/architecture.md): ``*_start``/``*_end``/``*year`` whole numbers
    are years (0 = "from the data's context table"); ``*_date`` text is a calendar date
    (ISO after normalising; empty = from the context table); list items are names (text)
    unless the notebook's default says otherwise; text is one short line.
    """
    from evaltools.data.read import CellError, parse_date
    from evaltools.data.schema import YEAR_MAX, YEAR_MIN

    if (
        spec.type == "int"
        and _is_year_name(name)
        and value != 0
        and not YEAR_MIN <= value <= YEAR_MAX
    ):
        return value, (
            f"parameter '{name}' must be a year between {YEAR_MIN} and "
            f"{YEAR_MAX} (or 0: from the data's context table), got {value!r}"
        )
    if isinstance(value, str) and not name.endswith(("_path", "_dir")):
        if len(value) > MAX_TEXT_PARAMETER:
            return value, (
                f"parameter '{name}' is {len(value):,} characters long, above the "
                f"cap of {MAX_TEXT_PARAMETER}"
            )
        if _CONTROL.search(value):
            return value, (
                f"parameter '{name}' holds control characters (a line break, tab, "
                "NUL or escape); give it as one line of text"
            )
        if name.endswith("_date") and value.strip():
            try:
                value = parse_date(value.strip()).date().isoformat()
            except CellError as exc:
                return value, (
                    f"parameter '{name}' must be a calendar date (YYYY-MM-DD), got "
                    f"{value!r}: {exc.rule}"
                )
    if spec.type == "list" and isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS:
            return value, (
                f"parameter '{name}' has {len(value):,} items, above the cap of {MAX_LIST_ITEMS}"
            )
        texts_expected = not spec.default or all(isinstance(v, str) for v in spec.default)
        if texts_expected:
            bad = [v for v in value if not isinstance(v, str)]
            if bad:
                return value, (
                    f"parameter '{name}' must be a list of names (text), e.g. "
                    f"'[Kota Depok, Kota Bogor]'; {bad[0]!r} is not text (put it "
                    "in quotes if it is a name)"
                )
            for item in value:
                if len(item) > MAX_TEXT_PARAMETER or _CONTROL.search(item):
                    return value, (
                        f"parameter '{name}': item {item[:40]!r}… is longer than "
                        f"{MAX_TEXT_PARAMETER} characters or holds control "
                        "characters"
                    )
    return value, None


_TYPE_WORDS = {
    "int": "a whole number (e.g. 2021)",
    "float": "a number (e.g. 0.95)",
    "bool": "true or false",
    "str": "text",
    "list": "a list (e.g. '[Kota Depok, Kota Bogor]')",
    "dict": "a mapping (e.g. '{a: 1}')",
}


def resolve_parameters(
    specs: dict[str, ParameterSpec],
    layers: list[tuple[str, dict[str, Any]]],
) -> dict[str, Any]:
    """Merge parameter layers (later wins), coerce to declared types and validate.

    Parameters
    ----------
    specs : dict
        Declared parameters, from :func:`inspect_parameters`.
    layers : list of (origin, mapping)
        E.g. ``[("config demo.yaml", {...}), ("command line", {...})]``. Values from the
        command line (or anywhere) are strings and are coerced to the declared type; other
        values must already have it (a YAML ``2021`` is an int).

    Returns
    -------
    dict
        Only the parameters that were set (notebook defaults are not repeated), typed.

    Raises
    ------
    ParameterError
        Listing every problem: unknown names (with the declared ones), wrong types, and an
        end year before its start year (``<x>_end < <x>_start``), a ``confidence_level``
        outside (0, 1), a ``language`` other than ``id`` or ``en``.
    """
    problems: list[str] = []
    merged: dict[str, Any] = {}
    for origin, mapping in layers:
        for name, value in (mapping or {}).items():
            spec = specs.get(name)
            if spec is None:
                known = ", ".join(sorted(specs)) or "(none: the notebooks declare no parameters)"
                problems.append(
                    f"unknown parameter '{name}' ({origin}). Declared parameters: {known}"
                )
                continue
            try:
                if isinstance(value, str):
                    typed = _coerce_string(value, spec.type)
                    typed = _check_value(typed, spec.type)
                else:
                    typed = _check_value(value, spec.type)
            except (ValueError, TypeError, yaml.YAMLError):
                shown = (
                    value if not isinstance(value, str) or len(value) <= 80 else (value[:80] + "…")
                )
                wanted = _TYPE_WORDS.get(spec.type, spec.type)
                problems.append(f"parameter '{name}' ({origin}) must be {wanted}, got {shown!r}")
                continue
            typed, problem = _plausibility(name, typed, spec)
            if problem is not None:
                problems.append(f"{problem} ({origin})")
                continue
            merged[name] = typed

    effective = {name: spec.default for name, spec in specs.items()}
    effective.update(merged)
    for name in sorted(effective):
        if not name.endswith("_start"):
            continue
        stem = name[: -len("_start")]
        start, end = effective.get(name), effective.get(stem + "_end")
        if isinstance(start, int | float) and isinstance(end, int | float) and end < start:
            problems.append(
                f"parameter '{stem}_end' ({end}) is before '{name}' ({start}): "
                f"give an end year on or after the start year"
            )
    level = effective.get("confidence_level")
    if isinstance(level, int | float) and not isinstance(
        level, bool
    ):  # a wrong type is reported above
        try:
            check_confidence_level(level)
        except ParameterError as exc:
            problems.append(f"parameter {exc}")
    language = effective.get("language")
    if isinstance(language, str):  # a wrong type is reported above
        try:
            check_language(language)
        except ParameterError as exc:
            problems.append(f"parameter {exc}")
    if problems:
        raise ParameterError(
            f"{len(problems)} problem(s) with the parameters; nothing was run:\n"
            + "\n".join(f"  {i}. {p}" for i, p in enumerate(problems, 1))
        )
    return merged
