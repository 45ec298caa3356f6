"""The language words are written in: one process-wide setting read by the prose layer and by
:mod:`evaltools.formatting`.

Order of precedence: :func:`set_language` (or :func:`use_language`) > the environment variable
``EVALTOOLS_LANGUAGE`` > Indonesian. Kept apart from :mod:`evaltools.prose` so that formatting
can read it without importing the templates.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from evaltools.errors import ParameterError

LANGUAGES: tuple[str, ...] = ("id", "en")
DEFAULT_LANGUAGE = "id"

_current: str | None = None


def check_language(language: str) -> str:
    """Return ``language`` if it is one of :data:`LANGUAGES`, else raise ParameterError."""
    if language not in LANGUAGES:
        raise ParameterError(
            f"language {language!r} is not supported; use one of {', '.join(LANGUAGES)} "
            "(id = Bahasa Indonesia, en = English)"
        )
    return language


def get_language(language: str | None = None) -> str:
    """The language to write in: ``language`` if given, else the process setting."""
    if language is not None:
        return check_language(language)
    if _current is not None:
        return _current
    env = os.environ.get("EVALTOOLS_LANGUAGE", "").strip()
    return check_language(env) if env else DEFAULT_LANGUAGE


def set_language(language: str) -> None:
    """Set the process-wide language (``"id"`` or ``"en"``)."""
    global _current
    _current = check_language(language)


@contextlib.contextmanager
def use_language(language: str) -> Iterator[str]:
    """Write in ``language`` inside the ``with`` block, then restore the previous setting."""
    global _current
    previous = _current
    _current = check_language(language)
    try:
        yield _current
    finally:
        _current = previous
