"""The prose layer: every word the reader sees, in Indonesian (default) and English.

Analyses return numbers and codes (:class:`evaltools.results.Statement`, verdict and strength
codes in tables). This package turns them into sentences and labels:

* :func:`render` — statements → sentences in the current language;
* :func:`label` — a code of the vocabulary (factor, dimension, strength, …) → its word;
* :func:`set_language` / :func:`use_language` / :func:`get_language` — the language, process
  wide (``EVALTOOLS_LANGUAGE`` in the environment sets the default of a kernel).

Templates live in one module per analysis (``prose/budget.py`` …). Each module defines
``TEMPLATES = {"id": {code: template}, "en": {code: template}}`` and, optionally,
``LABELS = {"id": {kind: {code: word}}, "en": {...}}``; every module of this package is
discovered and loaded on first use, so adding one needs no registration elsewhere. A template
is either

* a ``str.format`` string whose fields name values and whose format spec names a formatter
  of :class:`Formatter` (``"{cut:pct1}"``, ``"{amount:rupiah}"``, ``"{factor:label=factor}"``),
  or
* a callable ``f(values, fmt) -> str`` for sentences with conditions or plurals, where ``fmt``
  is a :class:`Formatter` bound to the language.

Every code has a template in both languages (a test checks it). Values from the data are
inserted as plain text: ``str.format`` never parses them.
"""

from __future__ import annotations

import importlib
import pkgutil
import string
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd

from evaltools import formatting as _f
from evaltools._language import LANGUAGES, check_language, get_language, set_language, use_language
from evaltools.errors import EvaltoolsError
from evaltools.results import Statement

Template = str | Callable[[Mapping[str, Any], "Formatter"], str]

_TEMPLATES: dict[str, dict[str, Template]] = {lang: {} for lang in LANGUAGES}
_LABELS: dict[str, dict[str, dict[str, str]]] = {lang: {} for lang in LANGUAGES}
_loaded = False


class ProseError(EvaltoolsError):
    """A statement or label has no words in the requested language (a bug, not bad input)."""


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for lang, table in getattr(module, "TEMPLATES", {}).items():
            clash = set(table) & set(_TEMPLATES[lang])
            if clash:
                raise ProseError(f"prose/{info.name}.py redefines templates {sorted(clash)}")
            _TEMPLATES[lang].update(table)
        for lang, kinds in getattr(module, "LABELS", {}).items():
            for kind, words in kinds.items():
                _LABELS[lang].setdefault(kind, {}).update(words)


def templates(language: str) -> dict[str, Template]:
    """All templates of ``language`` (code → template); for tests and tooling."""
    _load()
    return dict(_TEMPLATES[check_language(language)])


def labels(kind: str, language: str | None = None) -> dict[str, str]:
    """All words of one kind of code (e.g. ``labels("factor")``) in the language."""
    _load()
    lang = get_language(language)
    if kind not in _LABELS[lang]:
        raise ProseError(f"no labels of kind {kind!r} in language {lang!r}")
    return dict(_LABELS[lang][kind])


def label(kind: str, code: Any, language: str | None = None, *, default: str | None = None) -> str:
    """The word for ``code`` of ``kind``: ``label("factor", "resources") -> "Sumber daya"``.

    An unknown code returns ``default`` when given, else the code itself as text (codes from a
    researcher's data, e.g. a new programme type, still print).
    """
    words = labels(kind, language)
    if code in words:
        return words[code]
    return str(code) if default is None else default


class Formatter(string.Formatter):
    """``str.format`` with the evaltools number formats as format specs, bound to a language.

    Specs: ``num`` / ``num0``…``num3`` (``+num1`` signed), ``int``, ``pct`` / ``pct0``…``pct2``
    (the value is a share: 0.394 → 39,4%; ``+pct1`` signed), ``pts1`` (a percentage already
    in points: 39.4 → 39,4%), ``rupiah``, ``date``, ``date_short``, ``month``, ``p`` (p-value
    with its ``p =``), ``level`` (confidence level), ``list`` (enumeration with *dan/and*),
    ``list_or``, ``label=<kind>`` (a vocabulary word), ``lower`` (text in lower case). An empty
    spec prints the value as text.
    """

    def __init__(self, language: str | None = None) -> None:
        super().__init__()
        self.language = get_language(language)

    # Methods usable from callable templates -------------------------------------------
    def num(self, x: Any, decimals: int = 1, *, signed: bool = False) -> str:
        return _f.fmt_number(x, decimals, signed=signed, language=self.language)

    def int(self, x: Any) -> str:
        return _f.fmt_int(x, language=self.language)

    def pct(self, share: Any, decimals: int = 1, *, signed: bool = False) -> str:
        return _f.fmt_pct(share, decimals, signed=signed, proportion=True, language=self.language)

    def pts(self, points: Any, decimals: int = 1, *, signed: bool = False) -> str:
        return _f.fmt_pct(points, decimals, signed=signed, language=self.language)

    def rupiah(self, x: Any, decimals: int = 1) -> str:
        return _f.fmt_rupiah(x, decimals, language=self.language)

    def date(self, d: Any, *, short: bool = False) -> str:
        return _f.fmt_date(d, short=short, language=self.language)

    def month(self, d: Any, *, short: bool = True) -> str:
        return _f.fmt_month(d, short=short, language=self.language)

    def p(self, p: Any) -> str:
        return _f.fmt_p(p, language=self.language)

    def level(self, level: float) -> str:
        return _f.fmt_level(level, language=self.language)

    def ci(self, low: Any, high: Any, decimals: int = 2, *, level: float = 0.95) -> str:
        return _f.fmt_ci(low, high, decimals, level=level, language=self.language)

    def list(self, items: Iterable[Any], *, conjunction: str = "and") -> str:
        return _f.fmt_list(list(items), language=self.language, conjunction=conjunction)

    def label(self, kind: str, code: Any) -> str:
        return label(kind, code, self.language)

    def text(self, code: str, **values: Any) -> str:
        """Render another template of the same language (sub-sentences, shared phrases)."""
        return _render_one(Statement(code, values), self.language)

    # string.Formatter hook -----------------------------------------------------------
    def format_field(self, value: Any, format_spec: str) -> str:
        spec = format_spec
        if not spec:
            return str(value)
        signed = spec.startswith("+")
        if signed:
            spec = spec[1:]
        if spec.startswith("label="):
            return self.label(spec.split("=", 1)[1], value)
        if spec == "lower":
            return str(value).lower()
        for name in ("num", "pct", "pts"):
            if spec.startswith(name):
                rest = spec[len(name) :]
                decimals = int(rest) if rest else 1
                return getattr(self, name)(value, decimals, signed=signed)
        simple: dict[str, Callable[[Any], str]] = {
            "int": self.int,
            "rupiah": self.rupiah,
            "date": self.date,
            "date_short": lambda d: self.date(d, short=True),
            "month": self.month,
            "p": self.p,
            "level": self.level,
            "list": self.list,
            "list_or": lambda items: self.list(items, conjunction="or"),
        }
        if spec in simple:
            return simple[spec](value)
        raise ProseError(f"unknown format spec {format_spec!r} in a prose template")


def _render_one(statement: Statement, language: str) -> str:
    _load()
    table = _TEMPLATES[language]
    if statement.code not in table:
        raise ProseError(
            f"statement code {statement.code!r} has no {language!r} template "
            "(add it to the prose module of its analysis)"
        )
    template = table[statement.code]
    fmt = Formatter(language)
    if callable(template):
        return template(statement.values, fmt)
    return fmt.vformat(template, (), dict(statement.values))


def render(statements: Iterable[Statement], language: str | None = None) -> list[str]:
    """Sentences of ``statements`` in ``language`` (default: the current language).

    Examples
    --------
    >>> from evaltools.results import finding
    >>> render([finding("common.text", text="Satu kalimat.")])
    ['Satu kalimat.']
    """
    lang = get_language(language)
    return [_render_one(s, lang) for s in statements]


def render_one(statement: Statement, language: str | None = None) -> str:
    """One statement as a sentence (see :func:`render`)."""
    return _render_one(statement, get_language(language))


def render_frame(df: Any, columns: Iterable[str] | None = None, language: str | None = None) -> Any:
    """A copy of ``df`` whose :class:`Statement` cells (in ``columns``, default all object
    columns) are rendered as text in ``language``."""
    lang = get_language(language)
    out = df.copy()
    cols = (
        list(columns) if columns is not None else [c for c in out.columns if out[c].dtype == object]
    )
    for c in cols:
        if c in out:
            values = [_render_one(v, lang) if isinstance(v, Statement) else v for v in out[c]]
            # An object Series keeps an empty frame's text columns text (a bare list would not).
            out[c] = pd.Series(values, index=out.index, dtype=object)
    return out


__all__ = [
    "LANGUAGES",
    "Formatter",
    "ProseError",
    "check_language",
    "get_language",
    "label",
    "labels",
    "render",
    "render_frame",
    "render_one",
    "set_language",
    "templates",
    "use_language",
]
