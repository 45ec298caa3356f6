"""The data dictionary as Markdown (``data/README.md``), generated from the schema.

Regenerate after changing :mod:`evaltools.data.schema`::

    python -m evaltools.data.dictionary > data/README.md
"""

from __future__ import annotations

import sys

from evaltools.data.schema import (
    CONTEXT_KEYS,
    TABLES,
    TYPE_LABELS_ID,
    Column,
    default_evaluation_window,
)

REGENERATE = "python -m evaltools.data.dictionary > data/README.md"


def _allowed(col: Column) -> str:
    if col.allowed:
        return ", ".join(f"`{v}`" for v in col.allowed)
    if col.type == "bool":
        return "TRUE / FALSE"
    return col.bounds_text()


def _required(col: Column) -> str:
    if not col.required:
        return "optional column"
    return "required, blank allowed" if col.nullable else "required"


def _example(col: Column) -> str:
    from evaltools.data.template import example_text  # the template's sheet shows the same text

    text = example_text(col)
    if not text or isinstance(col.example, bool):
        return text
    return f"`{text}`"


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def render_markdown() -> str:
    """The data dictionary as Markdown: every table, column, type, rule and description.

    Returns
    -------
    str
        The text of ``data/README.md`` (English, with the Indonesian descriptions used in the
        "Kamus Data" sheet of the template).
    """
    lo, _ = default_evaluation_window(2000)
    out: list[str] = [
        "# Data dictionary",
        "",
        (
            f"<!-- Generated from src/evaltools/data/schema.py; do not edit. Regenerate with: "
            f"{REGENERATE} -->"
        ),
        "",
        (
            "Input data for evaltools: **one Excel workbook** (`.xlsx`, one sheet per table, the "
            "sheet named like the table) **or a folder of CSV files** (`<table>.csv`). Get a blank "
            "workbook with `evaltools template my_data.xlsx` (it has a *Kamus Data* sheet with "
            "this "
            "dictionary in Indonesian) and check your data with `evaltools validate PATH`."
        ),
        "",
        (
            "Folders here: `demo/` — the synthetic demo dataset (labelled `synthetic`); `public/` "
            "— "
            "published facts with their sources (`official` / `press`)."
        ),
        "",
        "## Reading rules",
        "",
        (
            "- Table and column names are case-, space- and dash-insensitive (`Program ID` = "
            "`program_id`). Columns not in this dictionary are ignored (and listed by `evaltools "
            "validate`); in `survey_responses` they are survey items. Sheets or files that are not "
            "tables (e.g. *Kamus Data*) are ignored."
        ),
        (
            "- Title rows above the header are skipped: the header is the row that names the "
            "table's columns. Blank rows and blank trailing columns are ignored."
        ),
        "- CSV files must be UTF-8 (a BOM is fine); the separator may be `;`, `,` or tab.",
        (
            "- Numbers may use the Indonesian convention (`1.250.000`, `12,5`) or the English one "
            "(`1250000`, `12.5`), one convention per file. A number such as `1.250` is ambiguous "
            "unless other numbers in the file reveal the convention; then write it without a "
            "thousands separator. `Rp` in front of an amount is allowed; `%` is not."
        ),
        (
            "- Dates: Excel dates, `2022-02-22`, `22/02/2022` (day first), `22 Februari 2022`. "
            "Months: the first day of the month, `2021-03`, `Maret 2021`."
        ),
        "- TRUE/FALSE columns accept TRUE/FALSE, ya/tidak, yes/no, 1/0.",
        (
            "- Text values with a fixed list of allowed values are case-insensitive and stored in "
            "lower case."
        ),
        (
            "- Excel formulas are read through their stored values; a formula with no stored value "
            "(a file written by a script and never opened in Excel) is refused: open and save it "
            "in Excel, or paste values."
        ),
        (
            "- Every table may carry a `source_id` column pointing to `sources`. A source of "
            "quality `synthetic` marks the whole dataset as illustrative."
        ),
        "",
        "## Cross-table rules",
        "",
        (
            "- `program_id` (program_targets, budget) must be listed in `programs`; `indicator_id` "
            "(service_monthly) in `indicators` when that table is given; `source_id` in `sources`."
        ),
        (
            "- `survey_responses`: every column other than respondent_id, agency, role, "
            "tenure_years, wave and source_id is an item named by `survey_items.item_id`; every "
            "item needs a column; each score must lie within its item's `scale_min`–`scale_max`. "
            "`survey_items` is required whenever `survey_responses` is given."
        ),
        (
            "- Evaluation window: a realisation (`program_targets` rows with a realisation, "
            "`budget` lines with stage `realised`) must fall within `evaluation_start`–"
            "`evaluation_end` of the `context` table (or the window given to `load_data`). Without "
            f"either, the window is {lo} to next year — a typo catcher, not a scope. Targets and "
            "plans may lie beyond the window."
        ),
        (
            "- Budget: one row per year, agency, programme and stage; a `realised` line needs a "
            "`planned` or `revised` line for the same year, agency and programme; `dimension` must "
            "equal the programme's dimension."
        ),
        "- program_targets: one `unit` and one `higher_is_better` per programme and indicator.",
        (
            "- No monthly value for a month that has not begun, no peer score for a future year, "
            "no "
            "mandate issued in the future. A mandate's `due_date` may not precede the "
            "regulation's `enactment_date` (an `issued_date` before it is accepted: an existing "
            "instrument can fulfil a mandate)."
        ),
        (
            "- peer_panel: `0 ≤ value ≤ scale_max`; `focal` is the same on every row of a region; "
            "at "
            "most one focal region."
        ),
        "",
        "## Tables",
        "",
        "| table | required | key | description |",
        "|---|---|---|---|",
    ]
    for spec in TABLES:
        key = ", ".join(spec.key) + (
            f" (+ {', '.join(spec.extra_key)} when present)" if spec.extra_key else ""
        )
        out.append(
            f"| [`{spec.name}`](#{spec.name}) | {'yes' if spec.required else 'no'} | "
            f"{key} | {_cell(spec.description)} |"
        )
    for spec in TABLES:
        out += [
            "",
            f"### {spec.name}",
            "",
            spec.description,
            "",
            f"*{spec.description_id}*",
            "",
            f"Key: {', '.join(spec.key)}"
            + (
                f" (+ {', '.join(spec.extra_key)} when that column is present)"
                if spec.extra_key
                else ""
            )
            + f". {'Required table' if spec.required else 'Optional table'}.",
            "",
        ]
        out += [
            (
                "| column | type | required | allowed / bounds | description | keterangan | "
                "example |"
            ),
            "|---|---|---|---|---|---|---|",
        ]
        for col in spec.columns:
            out.append(
                f"| `{col.name}` | {col.type} | {_required(col)} | {_cell(_allowed(col))} | "
                f"{_cell(col.description)} | {_cell(col.description_id)} | {_example(col)} |"
            )
        if spec.wide:
            out.append(
                "| *`<item_id>`* | float | one per survey item, blank allowed | the item's "
                "scale_min–scale_max | Score of the item (blank = no answer). | Skor butir "
                "(kosong = tidak menjawab). | `4` |"
            )
        for note in spec.notes:
            out += ["", f"Rule: {note}"]
        if spec.name == "context":
            out += [
                "",
                "Known keys (other keys are kept as text):",
                "",
                "| key | type | description | keterangan | example |",
                "|---|---|---|---|---|",
            ]
            for k in CONTEXT_KEYS:
                out.append(
                    f"| `{k.name}` | {k.type} | {_cell(k.description)} | "
                    f"{_cell(k.description_id)} | `{k.example}` |"
                )
    out += ["", "## Types", "", "| type | meaning | tipe (Kamus Data) |", "|---|---|---|"]
    meaning = {
        "str": "text",
        "int": "whole number (after loading: Int64; `amount_idr`: int64)",
        "float": "number (float64; blank = NaN)",
        "bool": "TRUE/FALSE (bool)",
        "date": "date (datetime64[ns])",
        "month": "first day of a month (datetime64[ns])",
    }
    for t, m in meaning.items():
        out.append(f"| {t} | {m} | {TYPE_LABELS_ID[t]} |")
    return "\n".join(out) + "\n"


def main() -> int:
    sys.stdout.write(render_markdown())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
