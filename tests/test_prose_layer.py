"""The prose layer's contract (docs/architecture.md, "Prose layer and language"):

* every statement code has a template in Indonesian AND English, every label kind and code
  has a word in both languages;
* no module under ``src/evaltools/analysis/`` holds Indonesian prose: analyses return numbers
  and codes, the words live in ``src/evaltools/prose/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from indonesian_text import indonesian_words, is_indonesian

import evaltools.prose as prose

ANALYSIS = Path(__file__).resolve().parents[1] / "src" / "evaltools" / "analysis"


def test_every_template_code_exists_in_both_languages():
    ind, eng = prose.templates("id"), prose.templates("en")
    assert ind, "no templates loaded"
    only_id = sorted(set(ind) - set(eng))
    only_en = sorted(set(eng) - set(ind))
    assert not only_id, f"codes without an English template: {only_id}"
    assert not only_en, f"codes without an Indonesian template: {only_en}"


def test_every_label_kind_and_code_exists_in_both_languages():
    prose.labels("factor")  # loads every prose module
    kinds_id, kinds_en = set(prose._LABELS["id"]), set(prose._LABELS["en"])
    assert kinds_id == kinds_en, {"only id": kinds_id - kinds_en, "only en": kinds_en - kinds_id}
    for kind in sorted(kinds_id):
        codes_id = set(prose.labels(kind, "id"))
        codes_en = set(prose.labels(kind, "en"))
        assert codes_id == codes_en, (kind, codes_id ^ codes_en)


def test_the_detector_tells_indonesian_from_english():
    assert is_indonesian("Capaian tidak naik pada periode yang dinilai.")
    assert not is_indonesian("Achievement did not rise in the period assessed.")
    # one function word alone (a name) is not a sentence in Indonesian
    assert not is_indonesian("The agency Dinas Komunikasi dan Informatika reported late.")
    assert indonesian_words("Yang dan yang") == ["yang", "dan", "yang"]


def test_text_from_the_data_and_quotes_are_exempt():
    from indonesian_text import indonesian_sentences

    document = (
        "<p>The agency Badan Perencanaan dan Pembangunan yang Baru was late. "
        "One informant said “anggaran tidak cukup untuk program ini”.</p>"
        "<p>Capaian tidak naik pada periode yang dinilai.</p>"
    )
    data = ["Badan Perencanaan dan Pembangunan yang Baru", "tidak"]
    assert indonesian_sentences(document, data) == ["Capaian tidak naik pada periode yang dinilai."]


def _docstring_nodes(tree: ast.AST) -> set[int]:
    """ids of the string constants that are docstrings (module, class, function)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = getattr(node, "body", [])
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                out.add(id(body[0].value))
    return out


def indonesian_literals(path: Path) -> list[tuple[int, str]]:
    """(line, text) of the string literals of ``path`` that read as Indonesian prose.

    Docstrings and comments are ignored (they are English by the code standard, and a comment
    never reaches a reader). f-strings are judged on their literal parts joined together, so
    a sentence split by ``{placeholders}`` is still one sentence.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    docstrings = _docstring_nodes(tree)
    in_fstring: set[int] = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts = [v for v in node.values if isinstance(v, ast.Constant)]
            in_fstring.update(id(v) for v in parts)
            text = " ".join(str(v.value) for v in parts)
            if is_indonesian(text):
                found.append((node.lineno, text))
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and id(node) not in in_fstring
            and is_indonesian(node.value)
        ):
            found.append((node.lineno, node.value))
    return sorted(found)


ANALYSIS_MODULES = sorted(ANALYSIS.rglob("*.py"))


@pytest.mark.parametrize(
    "path", ANALYSIS_MODULES, ids=[str(p.relative_to(ANALYSIS)) for p in ANALYSIS_MODULES]
)
def test_no_indonesian_prose_in_analysis_modules(path):
    found = indonesian_literals(path)
    shown = "\n".join(f"  line {line}: {text[:90]!r}" for line, text in found[:15])
    assert not found, (
        f"{path.name} holds {len(found)} Indonesian string literal(s); move the words to "
        f"src/evaltools/prose/<module>.py (Statements and labels):\n{shown}"
    )


def test_the_literal_check_finds_a_planted_sentence(tmp_path):
    module = tmp_path / "planted.py"
    module.write_text(
        '"""Dokumentasi dalam bahasa yang lain tidak dihitung."""\n'
        "x = 1\n"
        'TEXT = f"Capaian {x} tidak naik pada periode ini."\n'
        'OK = "Achievement did not rise."\n',
        encoding="utf-8",
    )
    found = indonesian_literals(module)
    assert [line for line, _ in found] == [3]
