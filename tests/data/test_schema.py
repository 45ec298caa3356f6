"""The schema matches DESIGN.md §5 and docs/architecture.md, and is internally consistent."""

from __future__ import annotations

import pytest

from evaltools.data.schema import (
    CONTEXT_KEYS_BY_NAME,
    DATA_TABLE_NAMES,
    TABLES,
    TABLES_BY_NAME,
    TYPES,
    default_evaluation_window,
    normalize_name,
)

# Columns of DESIGN.md §5 (plus the documented additions of docs/architecture.md), copied
# verbatim: the demo generator and data/public are written against the same list.
DESIGN_COLUMNS = {
    "sources": "title publisher url date quality notes",
    "programs": "program_id name dimension lead_agency is_quick_win start_year",
    "program_targets": "program_id indicator year unit target realisation higher_is_better",
    "budget": "year agency program_id stage dimension amount_idr",
    "mandates": "mandate_id article instrument instrument_type due_date issued_date factor",
    "indicators": "indicator_id name dimension unit higher_is_better value_type",
    "service_monthly": "indicator_id month value exposure",
    "events": "date label kind is_break",
    "peer_panel": "region year measure value scale_max focal",
    "survey_items": "item_id factor sub_factor text reverse scale_min scale_max",
    "survey_responses": "respondent_id agency role tenure_years wave",
    "interview_codes": "excerpt_id interview_id stakeholder factor sub_factor valence dimension "
    "quote coder",
    # issue 14: optional, full names of the agencies for the report's glossary
    "agencies": "agency name",
    "context": "key value",
}
DESIGN_KEYS = {
    "sources": ("source_id",),
    "programs": ("program_id",),
    "program_targets": ("program_id", "indicator", "year"),
    "budget": ("year", "agency", "program_id", "stage"),
    "mandates": ("mandate_id",),
    "indicators": ("indicator_id",),
    "service_monthly": ("indicator_id", "month"),
    "events": ("date", "label"),
    "peer_panel": ("region", "year", "measure"),
    "survey_items": ("item_id",),
    "survey_responses": ("respondent_id",),
    "interview_codes": ("excerpt_id",),
    "agencies": ("agency",),
    "context": ("key",),
}


def test_tables_and_columns_are_exactly_the_design():
    assert set(TABLES_BY_NAME) == set(DESIGN_COLUMNS)
    assert DATA_TABLE_NAMES == (
        "sources",
        "programs",
        "program_targets",
        "budget",
        "mandates",
        "indicators",
        "service_monthly",
        "events",
        "peer_panel",
        "survey_items",
        "survey_responses",
        "interview_codes",
        "agencies",
    )
    for name, cols in DESIGN_COLUMNS.items():
        got = [c for c in TABLES_BY_NAME[name].column_names if c != "source_id"]
        assert got == cols.split(), name


@pytest.mark.parametrize("spec", TABLES, ids=lambda t: t.name)
def test_table_definition_is_consistent(spec):
    assert spec.key == DESIGN_KEYS[spec.name]
    assert "source_id" in spec.column_names, "every table accepts source_id"
    if spec.name != "sources":
        assert not spec.column("source_id").required
    assert spec.description and spec.description_id
    for col in spec.columns:
        assert col.type in TYPES
        assert col.description and col.description_id and col.example is not None
        assert normalize_name(col.name) == col.name
        if col.allowed:
            assert col.type == "str"
            assert all(v == v.lower() for v in col.allowed)
        if col.name in spec.key:
            assert col.required and not col.nullable, f"key column {col.name} must be filled"


def test_required_tables_and_bounds():
    assert [t.name for t in TABLES if t.required] == ["sources", "programs", "program_targets"]
    amount = TABLES_BY_NAME["budget"].column("amount_idr")
    assert amount.type == "int" and amount.min == 0
    assert TABLES_BY_NAME["sources"].column("quality").allowed == (
        "official",
        "press",
        "survey",
        "estimate",
        "synthetic",
    )
    assert TABLES_BY_NAME["service_monthly"].column("month").type == "month"
    assert TABLES_BY_NAME["program_targets"].column("realisation").nullable


def test_context_keys_follow_architecture():
    types = {k: v.type for k, v in CONTEXT_KEYS_BY_NAME.items()}
    assert types == {
        "region": "str",
        "regulation": "str",
        "regulation_title": "str",
        "enactment_date": "date",
        "evaluation_start": "int",
        "evaluation_end": "int",
        "stagnation_start": "int",
        "stagnation_end": "int",
        "lead_agency": "str",
    }


def test_default_window_is_generous():
    assert default_evaluation_window(2026) == (2000, 2027)


def test_normalize_name():
    assert normalize_name("  Program ID ") == "program_id"
    assert normalize_name("Survey-Items") == "survey_items"
    assert normalize_name("Kamus Data") == "kamus_data"
