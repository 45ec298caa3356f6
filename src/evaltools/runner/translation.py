"""Notebook narrative in other languages: Markdown cells translated by cell id, kept in sync.

The notebooks are written in Indonesian. Their Markdown cells (chapter titles, introductions,
headings, method notes) have English counterparts in ``<notebooks>/i18n/en.yaml``::

    01-kemajuan-implementasi.ipynb:
      intro:                       # the nbformat cell id of the Indonesian cell
        source_sha256: 5b1f…       # SHA-256 of the Indonesian text this entry translates
        text: |-
          # Implementation Progress: Is It Stagnant, and Where?
          …

When the report is made in English (``evaltools run -p language en``), the runner replaces
each Markdown cell by its translation before papermill executes the notebook; code cells are
never touched (their output follows the language through :mod:`evaltools.prose`).

Staying in sync: each entry records the SHA-256 of the Indonesian text it was translated
from. When someone edits an Indonesian cell, its hash no longer matches: the test
``tests/test_english_edition.py`` fails (naming the notebook and cell), and at run time that
cell keeps its current Indonesian text rather than an outdated translation — the run logs a
warning and records the cell in the manifest (``translation.stale``). The same holds for a new
Markdown cell without an entry (``translation.missing``). ``python -m
evaltools.runner.translation [NOTEBOOKS_DIR]`` lists the cells to (re)translate with the hash
to record.

Cell ids are the standard nbformat 4.5 ``id`` field; nbstripout must keep them
(``--keep-id`` in ``.pre-commit-config.yaml``), JupyterLab keeps them when a cell is edited.
"""

from __future__ import annotations

import copy
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaltools._language import DEFAULT_LANGUAGE, check_language
from evaltools.errors import ParameterError

TRANSLATIONS_DIR = "i18n"


def source_hash(source: str) -> str:
    """SHA-256 (hex) of a cell's source text, UTF-8."""
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def translations_path(notebooks_dir: Path, language: str) -> Path:
    """Where the translations of ``notebooks_dir`` into ``language`` live."""
    return Path(notebooks_dir) / TRANSLATIONS_DIR / f"{check_language(language)}.yaml"


def load_translations(notebooks_dir: Path, language: str) -> dict[str, dict[str, dict[str, str]]]:
    """Translations of the notebooks of ``notebooks_dir`` into ``language``.

    Returns ``{notebook file name: {cell id: {"source_sha256": …, "text": …}}}``; empty for
    the notebooks' own language (Indonesian) and when the file does not exist.

    Raises
    ------
    ParameterError
        The file exists but is not a mapping of that shape.
    """
    if check_language(language) == DEFAULT_LANGUAGE:
        return {}
    path = translations_path(notebooks_dir, language)
    if not path.is_file():
        return {}
    from evaltools.runner.config import safe_yaml

    raw = safe_yaml(path.read_text(encoding="utf-8"), f"translation file {path}") or {}
    problems = []
    if not isinstance(raw, dict):
        raise ParameterError(f"translation file {path} must map notebook names to cells")
    out: dict[str, dict[str, dict[str, str]]] = {}
    for name, cells in raw.items():
        if not isinstance(cells, dict):
            problems.append(f"{name}: must map cell ids to entries")
            continue
        out[str(name)] = {}
        for cell_id, entry in cells.items():
            if (
                not isinstance(entry, dict)
                or not isinstance(entry.get("text"), str)
                or not isinstance(entry.get("source_sha256"), str)
            ):
                problems.append(f"{name} cell {cell_id}: needs 'source_sha256' and 'text' (text)")
                continue
            out[str(name)][str(cell_id)] = {
                "source_sha256": entry["source_sha256"],
                "text": entry["text"],
            }
    if problems:
        raise ParameterError(f"translation file {path}: " + "; ".join(problems))
    return out


@dataclass
class TranslationReport:
    """What :func:`translate_notebook` did: cells translated, kept in Indonesian and why."""

    translated: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)  # the Indonesian text changed since
    missing: list[str] = field(default_factory=list)  # no entry (or no cell id)
    orphans: list[str] = field(default_factory=list)  # entries whose cell is gone

    @property
    def complete(self) -> bool:
        return not (self.stale or self.missing)


def translate_notebook(
    nb: Any, entries: dict[str, dict[str, str]], *, name: str = ""
) -> tuple[Any, TranslationReport]:
    """A copy of ``nb`` whose Markdown cells carry their translation, and a report.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook as committed (Indonesian).
    entries : dict
        Cell id → ``{"source_sha256", "text"}`` (one notebook's part of
        :func:`load_translations`).
    name : str
        The notebook's file name, used in the report's cell references (``name#cell-id``).

    Returns
    -------
    (NotebookNode, TranslationReport)
        A cell whose entry is missing or whose Indonesian text no longer has the recorded hash
        keeps its Indonesian text (a current Indonesian sentence beats an outdated English
        one); it is listed in the report's ``missing`` or ``stale``.
    """
    out = copy.deepcopy(nb)
    report = TranslationReport()
    seen = set()
    for i, cell in enumerate(out.cells):
        if cell.get("cell_type") != "markdown":
            continue
        cell_id = cell.get("id")
        ref = f"{name}#{cell_id if cell_id else f'cell {i} (no id)'}"
        entry = entries.get(cell_id) if cell_id else None
        if entry is None:
            report.missing.append(ref)
            continue
        seen.add(cell_id)
        if entry["source_sha256"] != source_hash(cell.source):
            report.stale.append(ref)
            continue
        cell.source = entry["text"]
        report.translated.append(ref)
    report.orphans = [f"{name}#{cid}" for cid in entries if cid not in seen]
    return out, report


def check_notebooks(notebooks_dir: Path, language: str) -> dict[str, TranslationReport]:
    """Translation status of every notebook (``*.ipynb``) of ``notebooks_dir``."""
    import nbformat

    table = load_translations(notebooks_dir, language)
    out = {}
    for path in sorted(Path(notebooks_dir).glob("*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        out[path.name] = translate_notebook(nb, table.get(path.name, {}), name=path.name)[1]
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m evaltools.runner.translation [NOTEBOOKS_DIR] [LANGUAGE]``: list the
    Markdown cells whose translation is missing or stale, with the hash to record."""
    import nbformat

    args = list(sys.argv[1:] if argv is None else argv)
    nb_dir = Path(args[0]) if args else Path("notebooks")
    language = args[1] if len(args) > 1 else "en"
    todo = 0
    for name, report in check_notebooks(nb_dir, language).items():
        if report.complete and not report.orphans:
            continue
        nb = nbformat.read(str(nb_dir / name), as_version=4)
        by_id = {c.get("id"): c for c in nb.cells}
        for ref in report.missing + report.stale:
            cell_id = ref.split("#", 1)[1]
            cell = by_id.get(cell_id)
            kind = "missing" if ref in report.missing else "stale"
            digest = source_hash(cell.source) if cell is not None else "(give the cell an id)"
            print(f"{kind:8} {ref}  source_sha256: {digest}")
            todo += 1
        for ref in report.orphans:
            print(f"orphan   {ref}  (the cell is gone: delete the entry)")
            todo += 1
    print(f"{todo} cell(s) to look at in {translations_path(nb_dir, language)}")
    return 1 if todo else 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
