"""A cache of analysis results for one run, keyed by what they are computed from.

The diagnosis notebook runs the same analyses the chapters already ran (progress, budget,
mandates, survey, interviews, the interrupted time series, the peer comparison). Inside
``evaltools run`` the runner gives every kernel of a run one cache folder
(:data:`CACHE_ENV`, ``EVALTOOLS_CACHE_DIR``, inside the run's build folder and removed when the
run ends), and each of those analyses stores its result there the first time it is computed;
the diagnosis then reads the chapters' results instead of recomputing them.

A result is found again only when everything it is computed from is the same:

* the function (module and name) and the evaltools version, plus a hash of the function's
  module source (a changed analysis never reads an old result);
* the data: the SHA-256 of every input file the data reader opens
  (:func:`evaltools.runner.manifest.hash_inputs`) and the arguments ``load_data`` got
  (the evaluation window) — registered by :func:`register_data` when
  :func:`evaltools.workbook.open_workbook` loads them;
* every other argument, bound to the function's signature with its defaults (so
  ``f(d, 0.9)`` and ``f(d, confidence_level=0.9)`` are one entry); an argument that is itself a
  cached result is identified by its own key. An argument that cannot be keyed (an object of
  unknown content, data not loaded through the workbook) means no caching for that call.

Results are pickled (written atomically; a file that cannot be read is a miss). Outside a run
(variable unset) nothing changes: the analyses run as always. ``EVALTOOLS_CACHE=0`` in the
runner's environment switches the cache off for a run.

The input data are read once per run too (:func:`load_data`: the validated tables, pickled).

Public API: :func:`cached` (the decorator or wrapper), :func:`load_data`, :func:`register_data`,
:func:`install` (wraps the analyses listed in :data:`CACHED_FUNCTIONS` in their modules, once
per process; called when data are registered inside a run), :func:`cache_dir`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib
import inspect
import json
import os
import pickle
import tempfile
import weakref
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

CACHE_ENV = "EVALTOOLS_CACHE_DIR"
SWITCH_ENV = "EVALTOOLS_CACHE"
KEY_ATTRIBUTE = "_evaltools_cache_key"

#: The analyses the chapters and the diagnosis both run: module -> function names (aliases
#: such as ``analyse`` are wrapped with the function they point to).
CACHED_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "evaltools.analysis.progress": ("analyze", "analyse"),
    "evaltools.analysis.budget": ("analyze", "analyse"),
    "evaltools.analysis.mandates": ("analyze", "analyse"),
    "evaltools.analysis.survey": ("analyze", "analyse"),
    "evaltools.analysis.interviews": ("analyze", "analyse"),
    "evaltools.analysis.quasi": ("fit_all_indicators", "peer_comparison"),
}

F = TypeVar("F", bound=Callable[..., Any])

# id(data) -> key of the data (weakly: a data object that goes away leaves no entry behind).
_data_keys: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
_data_keys_by_id: dict[int, str] = {}
_installed = False
stats = {"hits": 0, "misses": 0, "uncacheable": 0}
data_stats = {"hits": 0, "misses": 0}  # :func:`load_data`


class _Uncacheable(Exception):
    """An argument whose content cannot be put in a key."""


def cache_dir() -> Path | None:
    """The run's cache folder (``EVALTOOLS_CACHE_DIR``), or None outside a run."""
    value = os.environ.get(CACHE_ENV, "").strip()
    return Path(value) if value else None


def _inputs_key(path: str | os.PathLike[str], load_arguments: Mapping[str, Any]) -> str | None:
    """Key of the data read from ``path`` with ``load_arguments``; None when a file is unread."""
    from evaltools.runner.manifest import hash_inputs

    inputs = hash_inputs(Path(path))
    if not inputs or any(v.get("sha256") is None for v in inputs.values()):
        return None
    payload = {
        "inputs": {k: v["sha256"] for k, v in sorted(inputs.items())},
        "load": {k: _token(v) for k, v in sorted(load_arguments.items())},
    }
    return _digest(payload)


def _remember(data: Any, key: str) -> None:
    try:
        _data_keys[data] = key
    except TypeError:  # not weak-referenceable
        _data_keys_by_id[id(data)] = key
    install()


def register_data(data: Any, path: str | os.PathLike[str], **load_arguments: Any) -> str | None:
    """Remember what ``data`` was loaded from, so analyses of it can be cached.

    Parameters
    ----------
    data : EvalData
        The loaded data.
    path : path
        The workbook or CSV folder ``data`` was read from.
    **load_arguments
        The other arguments ``load_data`` got (e.g. ``evaluation_window``).

    Returns
    -------
    str or None
        The data's key; None outside a run (no cache folder), where nothing is recorded.
    """
    if cache_dir() is None:
        return None
    key = _inputs_key(path, load_arguments)
    if key is not None:
        _remember(data, key)
    return key


@functools.cache
def _data_layer_hash() -> str:
    """Hash of the data layer's source: a changed reader or validator never reads old data."""
    folder = Path(__file__).resolve().parent / "data"
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(_source_hash(str(path)).encode())
    return digest.hexdigest()


def load_data(path: str | os.PathLike[str], **load_arguments: Any) -> Any:
    """:func:`evaltools.data.load_data`, read once per run and registered for the cache.

    Every chapter of a run reads the same input; reading and validating it costs ≈ 0.7 s of
    CPU per kernel. Inside a run the first kernel stores the validated data (pickled) under
    a key of the input files' SHA-256, the load arguments, the data layer's source and the
    language (validation messages are worded in it); the other kernels read that copy —
    each its own copy, so nothing one chapter does to its data reaches another. Input that
    fails validation is never stored: every chapter raises the same error. Outside a run
    (no cache folder) this is ``load_data`` itself.

    Returns
    -------
    EvalData
    """
    from evaltools.data import load_data as read_and_validate

    folder = cache_dir()
    if folder is None:
        return read_and_validate(path, **load_arguments)
    key = _inputs_key(path, load_arguments)
    if key is None:
        return read_and_validate(path, **load_arguments)
    from evaltools.prose import get_language

    # The path too: the data record where they were read from.
    entry = _digest(
        {
            "data": key,
            "path": str(Path(path).resolve()),
            "code": _data_layer_hash(),
            "language": get_language(),
        }
    )
    target = folder / "data" / f"{entry}.pickle"
    data = _read(target)
    if data is None:
        data_stats["misses"] += 1
        data = read_and_validate(path, **load_arguments)
        _write(target, data)
    else:
        data_stats["hits"] += 1
    _remember(data, key)
    return data


def install() -> None:
    """Wrap the functions of :data:`CACHED_FUNCTIONS` in their modules with :func:`cached`.

    Once per process (a kernel); callers that look the function up on its module at call time
    (``evaltools.progress.analyze(...)``, ``_progress.analyze(...)`` in the diagnosis) then
    go through the cache. A module that cannot be imported is left alone.
    """
    global _installed
    if _installed:
        return
    _installed = True
    for module_name, names in CACHED_FUNCTIONS.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        wrapped: dict[int, Callable[..., Any]] = {}
        for name in names:
            fn = getattr(module, name, None)
            if fn is None or getattr(fn, "__wrapped_by_cache__", False):
                continue
            if id(fn) not in wrapped:
                wrapped[id(fn)] = cached(fn)
            setattr(module, name, wrapped[id(fn)])


def cached(fn: F) -> F:
    """``fn`` with its results kept in the run's cache folder (see the module docstring).

    Use as a decorator or as ``cached(fn)(*args, **kwargs)``. Without a cache folder, or when
    an argument cannot be keyed, ``fn`` simply runs.
    """
    if getattr(fn, "__wrapped_by_cache__", False):
        return fn
    signature = inspect.signature(fn)
    identity = {
        "function": f"{fn.__module__}.{fn.__qualname__}",
        "code": _module_hash(fn),
    }

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        folder = cache_dir()
        if folder is None:
            return fn(*args, **kwargs)
        try:
            key = _call_key(identity, signature, args, kwargs)
        except (_Uncacheable, TypeError):
            stats["uncacheable"] += 1
            return fn(*args, **kwargs)
        target = folder / f"{key}.pickle"
        found = _read(target)
        if found is not None:
            stats["hits"] += 1
            return found
        stats["misses"] += 1
        result = fn(*args, **kwargs)
        _tag(result, key)
        _write(target, result)
        return result

    wrapper.__wrapped_by_cache__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


# --------------------------------------------------------------------------- keys


def _digest(payload: Any) -> str:
    from evaltools import __version__

    text = json.dumps({"evaltools": __version__, **payload}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@functools.cache
def _source_hash(path: str) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


def _module_hash(fn: Callable[..., Any]) -> str:
    try:
        path = inspect.getsourcefile(fn)
    except TypeError:
        path = None
    return _source_hash(path) if path else ""


def _data_key(value: Any) -> str | None:
    try:
        key = _data_keys.get(value)
    except TypeError:
        key = None
    return key if key is not None else _data_keys_by_id.get(id(value))


def _token(value: Any) -> Any:
    """A JSON-able stand-in for an argument; raises :class:`_Uncacheable`."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return repr(value)
    key = _data_key(value)
    if key is not None:
        return {"data": key}
    key = getattr(value, KEY_ATTRIBUTE, None)
    if isinstance(key, str):
        return {"result": key}
    if isinstance(value, list | tuple):
        return [type(value).__name__, [_token(v) for v in value]]
    if isinstance(value, set | frozenset):
        return ["set", sorted(repr(_token(v)) for v in value)]
    if isinstance(value, Mapping):
        return ["map", sorted((repr(_token(k)), _token(v)) for k, v in value.items())]
    import datetime as _dt

    if isinstance(value, _dt.date | _dt.datetime):
        return ["date", value.isoformat()]
    try:
        import numpy as np
        import pandas as pd
    except ImportError:  # pragma: no cover — both are dependencies
        raise _Uncacheable(type(value).__name__) from None
    if isinstance(value, pd.Timestamp):
        return ["timestamp", value.isoformat()]
    if isinstance(value, np.generic):
        return _token(value.item())
    raise _Uncacheable(type(value).__name__)


def _call_key(
    identity: dict[str, str], signature: inspect.Signature, args: tuple, kwargs: dict
) -> str:
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    arguments = {}
    for name, value in bound.arguments.items():
        kind = signature.parameters[name].kind
        if kind is inspect.Parameter.VAR_KEYWORD:
            arguments[name] = {k: _token(v) for k, v in sorted(value.items())}
        else:
            arguments[name] = _token(value)
    if not any(isinstance(v, dict) and "data" in v for v in arguments.values()):
        raise _Uncacheable("no registered data among the arguments")
    return _digest({**identity, "arguments": arguments})


# --------------------------------------------------------------------------- storage


def _tag(result: Any, key: str) -> None:
    with contextlib.suppress(AttributeError, TypeError):
        setattr(result, KEY_ATTRIBUTE, key)


def _read(path: Path) -> Any:
    try:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 — a damaged or half-readable entry is a miss, not an error
        return None


def _write(path: Path, value: Any) -> None:
    """Store ``value`` atomically; a value that cannot be pickled is simply not stored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 — unpicklable (e.g. a live figure) or no folder: no cache
        return
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


__all__ = [
    "CACHE_ENV",
    "CACHED_FUNCTIONS",
    "cache_dir",
    "cached",
    "install",
    "load_data",
    "register_data",
]
