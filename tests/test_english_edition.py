"""The English edition (issue 11): ``evaltools run -p language en`` makes the same report in
English from the same run machinery, and the Indonesian edition stays as it was.

Fast tests check the plumbing: the language parameter (validated before any kernel starts),
the notebooks' English narrative kept in sync with the Indonesian cells (by cell id and the
SHA-256 of the Indonesian text), the stand-in text of a skipped chapter, the figures' number
style. The slow tests run the demo report in English (and reuse the session's Indonesian demo
run) and read the report back:

* no sentence of the English report.html is Indonesian prose (tests/indonesian_text.py). Text
  that comes from the data is data, not prose, and is exempt: every text value of the demo
  data (region, agency, programme, indicator, instrument and event names, survey items,
  interview excerpts and attributions, source titles, the context table) is removed before
  the sentences are judged, and so is text in quotation marks (quoted excerpts and terms);
* the findings (codes and numbers of findings.json) are the same in both languages;
* the Indonesian report keeps the notebooks' Indonesian titles and headings, the English one
  carries their translations.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import nbformat
import pytest
import yaml
from indonesian_text import indonesian_sentences, is_indonesian

from evaltools.errors import ParameterError
from evaltools.runner import run
from evaltools.runner.core import NotebookRun, _write_skipped_notebook
from evaltools.runner.translation import (
    load_translations,
    source_hash,
    translate_notebook,
    translations_path,
)

REPO = Path(__file__).resolve().parents[1]
NB_DIR = REPO / "notebooks"
NOTEBOOKS = sorted(NB_DIR.glob("[0-9][0-9]-*.ipynb"))
HIDDEN = {"researcher", "parameters", "remove", "hide"}


def _read(path: Path):
    return nbformat.read(str(path), as_version=4)


# ------------------------------------------------------------------------ the narrative, in sync


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_markdown_cell_has_a_current_english_translation(path):
    """A changed Indonesian cell (hash mismatch), a new cell without an entry, or an entry
    whose cell is gone fails here, naming the cell and the hash to record."""
    nb = _read(path)
    assert nb.nbformat == 4 and nb.nbformat_minor >= 5, "cell ids need nbformat 4.5"
    entries = load_translations(NB_DIR, "en").get(path.name, {})
    problems = []
    ids = []
    for i, cell in enumerate(nb.cells):
        cell_id = cell.get("id")
        assert cell_id, f"{path.name} cell {i} has no id"
        ids.append(cell_id)
        if cell.cell_type != "markdown":
            continue
        entry = entries.get(cell_id)
        digest = source_hash(cell.source)
        if entry is None:
            problems.append(f"{cell_id}: no English text (source_sha256: {digest})")
        elif entry["source_sha256"] != digest:
            problems.append(
                f"{cell_id}: the Indonesian text changed since it was translated; update the "
                f"English text and set source_sha256: {digest}"
            )
        elif is_indonesian(entry["text"]):
            problems.append(f"{cell_id}: the 'English' text reads as Indonesian")
    orphans = sorted(set(entries) - {c.get("id") for c in nb.cells if c.cell_type == "markdown"})
    problems += [f"{cid}: entry for a Markdown cell that no longer exists" for cid in orphans]
    assert len(ids) == len(set(ids)), f"{path.name}: duplicate cell ids"
    assert not problems, f"{translations_path(NB_DIR, 'en')} / {path.name}:\n" + "\n".join(problems)


def test_the_translations_do_not_name_the_demo_case():
    from test_no_demo_case import DEMO_NAMES

    for language in ("en",):
        text = translations_path(NB_DIR, language).read_text(encoding="utf-8")
        assert not DEMO_NAMES.search(text), DEMO_NAMES.search(text)


def test_translation_keeps_code_and_metadata_and_falls_back_on_a_stale_cell():
    nb = _read(NB_DIR / "03-regulasi-turunan.ipynb")
    entries = load_translations(NB_DIR, "en")["03-regulasi-turunan.ipynb"]
    nb.cells[0].source += " Kalimat baru."  # someone edits the Indonesian introduction
    out, report = translate_notebook(nb, entries, name="03")
    assert report.stale == ["03#intro"] and not report.missing
    assert out.cells[0].source == nb.cells[0].source  # current Indonesian, not outdated English
    assert out.cells[4].source == "## Follow-up of the regulation's mandates"
    for a, b in zip(nb.cells, out.cells, strict=True):
        assert a.id == b.id and a.metadata == b.metadata
        if a.cell_type == "code":
            assert a.source == b.source
    assert nb.cells[4].source.startswith("## Tindak lanjut")  # the input is not modified


def test_a_run_warns_about_and_records_untranslated_cells(tmp_path):
    """The runner's step before execution: every notebook gets its translated copy; stale and
    missing cells are printed once and go to the manifest entry."""
    import io
    import shutil

    from evaltools.runner.core import _translate

    (tmp_path / "i18n").mkdir()
    shutil.copy(translations_path(NB_DIR, "en"), tmp_path / "i18n" / "en.yaml")
    nb = _read(NB_DIR / "03-regulasi-turunan.ipynb")
    nb.cells[0].source += " Kalimat baru."
    nb.cells.append(nbformat.v4.new_markdown_cell("Sel baru tanpa terjemahan.", id="new-cell"))
    nbformat.write(nb, str(tmp_path / "03-regulasi-turunan.ipynb"))
    item = NotebookRun(
        name="03-regulasi-turunan.ipynb",
        source=tmp_path / "03-regulasi-turunan.ipynb",
        role="chapter",
    )
    stream = io.StringIO()
    entry = _translate([item], tmp_path, "en", stream)
    assert entry["stale"] == ["03-regulasi-turunan.ipynb#intro"]
    assert entry["missing"] == ["03-regulasi-turunan.ipynb#new-cell"]
    assert entry["cells_translated"] == 4
    assert "2 Markdown cell(s) have no current 'en' translation" in stream.getvalue()
    assert item.notebook.cells[6].source == "## List of instruments"
    assert _translate([item], tmp_path, "id", stream) is None


def test_nbstripout_keeps_the_cell_ids():
    """Without --keep-id nbstripout renumbers cell ids 0, 1, 2 … and every translation would
    lose its cell."""
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for r in config["repos"] for h in r["hooks"]}
    assert "--keep-id" in hooks["nbstripout"]["args"]


def test_every_notebook_passes_the_language_on():
    for path in NOTEBOOKS:
        code = "\n".join(c.source for c in _read(path).cells if c.cell_type == "code")
        assert 'language: str = "id"' in code, path.name
        assert "language=language" in code, path.name


# ------------------------------------------------------------------------ the language parameter


@pytest.mark.parametrize("value", ["fr", "EN", "indonesia"])
def test_an_unknown_language_is_refused_before_anything_runs(tmp_path, value):
    with pytest.raises(ParameterError, match="language .* is not supported; use one of id, en"):
        run(out=tmp_path / "out", parameters={"language": value})
    assert not (tmp_path / "out").exists()


def test_the_language_from_a_config_file_is_checked_too(tmp_path):
    config = tmp_path / "run.yaml"
    config.write_text(
        f"data: {REPO / 'data' / 'demo'}\nnotebooks_dir: {NB_DIR}\nout: {tmp_path / 'out'}\n"
        "parameters:\n  language: de\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterError, match="'de' is not supported"):
        run(config)


def test_a_skipped_chapter_says_why_in_the_report_language(tmp_path):
    path = NB_DIR / "05-perbandingan-daerah.ipynb"
    item = NotebookRun(name=path.name, source=path, role="chapter")
    item.notebook, _ = translate_notebook(
        _read(path), load_translations(NB_DIR, "en")[path.name], name=path.name
    )
    _write_skipped_notebook(item, ["peer_panel"], tmp_path, language="en")
    cells = _read(tmp_path / path.name).cells
    assert cells[0].source == "# Comparison with Other Regions"
    assert cells[1].source.startswith(
        "This chapter was not prepared because the data it needs are not available: table "
        "`peer_panel`."
    )
    item = NotebookRun(name=path.name, source=path, role="chapter")
    _write_skipped_notebook(item, ["peer_panel"], tmp_path, language="id")
    cells = _read(tmp_path / path.name).cells
    assert cells[0].source == "# Perbandingan dengan Daerah Lain"
    assert cells[1].source.startswith(
        "Bab ini tidak disusun karena data yang diperlukan tidak tersedia: tabel `peer_panel`."
    )


def test_figures_and_tables_follow_the_language():
    import evaltools.prose as prose
    from evaltools.plotting import FACTOR_LABELS, id_number_formatter, number_formatter
    from evaltools.report.notebook_html import _cut_note

    assert number_formatter(1, language="id")(12345.25, 0) == "12.345,2"
    assert id_number_formatter(1, language="en")(12345.25, 0) == "12,345.2"
    with prose.use_language("en"):
        assert FACTOR_LABELS["resources"] == "Resources"
        assert number_formatter(0)(1234, 0) == "1,234"
        assert prose.labels("column:mandates")["due_date"] == "Due"
        assert "output cut: the next 12,345 characters" in _cut_note(12345)
    with prose.use_language("id"):
        assert FACTOR_LABELS["resources"] == "Sumber daya"
        assert "keluaran dipotong: 12.345 karakter" in _cut_note(12345)


# ------------------------------------------------------------------------ the two editions


def _data_strings() -> set[str]:
    """Every text value of the demo data: names and texts that are data, not prose."""
    import pandas as pd

    import evaltools

    data = evaltools.load_data(REPO / "data" / "demo")
    out: set[str] = set()
    for df in data.tables().values():
        for col in df.columns:
            if df[col].dtype == object:
                out.update(str(v).strip() for v in df[col].dropna() if isinstance(v, str))
    out.update(str(v) for v in (data.context or {}).values() if isinstance(v, str))
    return {s for s in out if s and not pd.isna(s)}


@pytest.fixture(scope="module")
def english_report(tmp_path_factory):
    result = run(out=tmp_path_factory.mktemp("english-report"), parameters={"language": "en"})
    assert result.ok, result.message
    return result


def _html(result) -> str:
    return (result.run_dir / "report.html").read_text(encoding="utf-8")


def _headings(document: str) -> list[str]:
    found = re.findall(r"<h([1-3])[^>]*>(.*?)</h\1>", document, flags=re.DOTALL)
    return [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", text))).replace("¶", "").strip()
        for _, text in found
    ]


def _markdown_headings(text: str) -> list[str]:
    return [m.strip() for m in re.findall(r"^#{1,3}\s+(.+)$", text, flags=re.MULTILINE)]


@pytest.mark.slow
def test_the_english_report_has_no_indonesian_sentence(english_report):
    found = indonesian_sentences(_html(english_report), _data_strings())
    shown = "\n".join(f"  {s[:160]}" for s in found[:60])
    assert not found, f"{len(found)} Indonesian sentence(s) in the English report:\n{shown}"


@pytest.mark.slow
def test_the_english_run_records_its_language(english_report):
    manifest = english_report.manifest
    assert manifest["language"] == "en"
    assert manifest["parameters"]["language"] == "en"
    assert manifest["translation"]["stale"] == [] and manifest["translation"]["missing"] == []
    assert manifest["translation"]["cells_translated"] == sum(
        c.cell_type == "markdown" for p in NOTEBOOKS for c in _read(p).cells
    )


@pytest.mark.slow
def test_the_chapters_carry_their_titles_and_headings_in_each_language(english_report, demo_report):
    english, indonesian = _headings(_html(english_report)), _headings(_html(demo_report))
    table = load_translations(NB_DIR, "en")
    same_in_both = {
        h for cells in table.values() for e in cells.values() for h in _markdown_headings(e["text"])
    }
    problems = []
    for path in NOTEBOOKS:
        for cell in _read(path).cells:
            if cell.cell_type != "markdown" or set(cell.metadata.get("tags", [])) & HIDDEN:
                continue
            # (a chapter's title is printed with its number: "Bab 1 …")
            for heading in _markdown_headings(cell.source):
                if not any(heading in h for h in indonesian):
                    problems.append(f"{path.name}: {heading!r} missing from the id report")
                if heading not in same_in_both and any(heading in h for h in english):
                    problems.append(f"{path.name}: {heading!r} (Indonesian) in the en report")
            for heading in _markdown_headings(table[path.name][cell.id]["text"]):
                if not any(heading in h for h in english):
                    problems.append(f"{path.name}: {heading!r} missing from the en report")
    assert not problems, "\n".join(problems)
    assert demo_report.manifest.get("language", "id") == "id"
    assert not demo_report.manifest.get("translation")


@pytest.mark.slow
def test_the_findings_are_the_same_in_both_languages(english_report, demo_report):
    """The verdicts, estimates and ranked causes are language-independent data; only words
    may differ between the editions."""
    en = json.loads(english_report.findings.read_text(encoding="utf-8"))
    ind = json.loads(demo_report.findings.read_text(encoding="utf-8"))
    for key in ("schema", "region", "regulation", "stagnation_window", "confidence_level"):
        assert en[key] == ind[key], key
    for key in ("stagnant", "dimensions", "causes"):
        assert en[key] == ind[key], key
    strip = [{k: r[k] for k in ("factor", "rank", "priority")} for r in ind["recommendations"]]
    assert [{k: r[k] for k in ("factor", "rank", "priority")} for r in en["recommendations"]] == (
        strip
    )
