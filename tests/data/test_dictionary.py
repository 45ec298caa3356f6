"""The committed data dictionary (data/README.md) is the one the schema generates."""

from __future__ import annotations

from pathlib import Path

from evaltools.data.dictionary import REGENERATE, render_markdown
from evaltools.data.schema import CONTEXT_KEYS, TABLES

README = Path(__file__).resolve().parents[2] / "data" / "README.md"


def test_committed_data_dictionary_is_up_to_date():
    committed = README.read_text(encoding="utf-8")
    assert committed == render_markdown(), (
        f"data/README.md is out of date with src/evaltools/data/schema.py; regenerate it with: "
        f"{REGENERATE}"
    )


def test_dictionary_documents_every_table_column_and_context_key():
    text = render_markdown()
    for spec in TABLES:
        assert f"### {spec.name}" in text
        for col in spec.columns:
            assert f"| `{col.name}` | {col.type} |" in text
            assert col.description_id in text
    for key in CONTEXT_KEYS:
        assert f"| `{key.name}` |" in text


def test_dictionary_is_deterministic():
    assert render_markdown() == render_markdown()
