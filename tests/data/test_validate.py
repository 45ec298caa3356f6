"""A corpus of broken inputs: each must give one specific, located problem and no traceback.

Every case is built in code from the small valid dataset in ``fixtures/minimal`` (all tables,
plus context with the evaluation window 2017–2023 and enactment date 2020-03-04).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from evaltools.data import load_data, write_workbook
from evaltools.errors import DataValidationError, Problem

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    out = tmp_path / "data"
    shutil.copytree(MINIMAL, out)
    return out


def edit(folder: Path, table: str, old: str, new: str) -> None:
    """Replace text in ``<table>.csv`` (the text must be there: a broken case must be real)."""
    path = folder / f"{table}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {table}.csv"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(path: Path, **kwargs) -> list[Problem]:
    with pytest.raises(DataValidationError) as info:
        load_data(path, **kwargs)
    return info.value.problems


def find(
    problems: list[Problem],
    *,
    table: str,
    rule: str,
    row: int | None = None,
    column: str | None = None,
) -> Problem:
    """The one problem matching table, rule text, row and column (fails with the full list)."""
    hits = [
        p
        for p in problems
        if p.table == table
        and rule in p.rule
        and (row is None or p.row == row)
        and (column is None or p.column == column)
    ]
    assert hits, "expected problem not found; got:\n" + "\n".join(p.describe() for p in problems)
    return hits[0]


def test_fixture_is_valid():
    data = load_data(MINIMAL)
    assert set(data.tables()) == {
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
    }
    assert data.evaluation_window == (2017, 2023)


# ------------------------------------------------------------------------------ tables/columns


def test_missing_required_csv_file(folder: Path):
    (folder / "program_targets.csv").unlink()
    p = find(problems_of(folder), table="program_targets", rule="required table is missing")
    assert "program_targets.csv" in p.fix


def test_missing_required_sheet(tmp_path: Path):
    path = write_workbook(load_data(MINIMAL), tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(path)
    del wb["programs"]
    wb.save(path)
    problems = problems_of(path)
    p = find(problems, table="programs", rule="required table is missing (no sheet)")
    assert "sheet named 'programs'" in p.fix
    # The cross-table rule cannot run without programs: no cascade of unknown program_id.
    assert not [q for q in problems if "unknown program_id" in q.rule]


def test_missing_column(folder: Path):
    edit(folder, "sources", "quality,notes", "notes")
    for old in (",official,", ",survey,", ",press,"):
        edit(folder, "sources", old, ",")
    p = find(
        problems_of(folder), table="sources", rule="required column is missing", column="quality"
    )
    assert p.row == 1 and "add a column named 'quality'" in p.fix


def test_misspelt_column_gets_a_rename_hint(folder: Path):
    edit(folder, "programs", "lead_agency", "lead_agncy")
    p = find(
        problems_of(folder),
        table="programs",
        rule="required column is missing",
        column="lead_agency",
    )
    assert "rename the column 'lead_agncy'" in p.fix


def test_survey_responses_without_items(folder: Path):
    (folder / "survey_items.csv").unlink()
    find(problems_of(folder), table="survey_items", rule="survey_items is missing")


# ------------------------------------------------------------------------------ cells


def test_wrong_type(folder: Path):
    edit(
        folder,
        "budget",
        "2021,Diskop UKM,ECO-01,planned,economy,300000000",
        "2021,Diskop UKM,ECO-01,planned,economy,tiga ratus juta",
    )
    p = find(problems_of(folder), table="budget", rule="not a number", row=5, column="amount_idr")
    assert p.value == "tiga ratus juta" and p.file == "budget.csv"


def test_bad_date_and_bad_bool(folder: Path):
    edit(folder, "events", "2020-04-09", "31/02/2020")
    edit(folder, "events", "budget,TRUE", "budget,mungkin")
    problems = problems_of(folder)
    find(problems, table="events", rule="not a valid calendar date", row=2, column="date")
    find(problems, table="events", rule="not TRUE or FALSE", row=2, column="is_break")


def test_value_not_allowed_with_suggestion(folder: Path):
    edit(folder, "sources", ",official,", ",oficial,")
    p = find(
        problems_of(folder), table="sources", rule="value not allowed", row=2, column="quality"
    )
    assert "did you mean 'official'" in p.rule and "synthetic" in p.fix


def test_enum_values_are_case_insensitive(folder: Path):
    edit(folder, "sources", ",official,", ",Official,")
    assert load_data(folder).sources["quality"].iloc[0] == "official"


def test_blank_in_required_value(folder: Path):
    edit(folder, "programs", "GOV-01,Aplikasi layanan terpadu", "GOV-01,")
    find(problems_of(folder), table="programs", rule="cell is blank", row=2, column="name")


def test_negative_amount(folder: Path):
    edit(folder, "budget", "410000000", "-410000000")
    p = find(problems_of(folder), table="budget", rule="out of bounds", row=4, column="amount_idr")
    assert ">= 0" in p.rule


def test_amount_with_decimals_is_not_whole_rupiah(folder: Path):
    edit(folder, "budget", "410000000", "410000000.5")
    find(problems_of(folder), table="budget", rule="whole number", row=4, column="amount_idr")


def test_month_must_be_first_day(folder: Path):
    edit(folder, "service_monthly", "2020-01-01", "2020-01-15")
    find(
        problems_of(folder),
        table="service_monthly",
        rule="first day of the month",
        row=4,
        column="month",
    )


def test_ambiguous_number_is_refused(folder: Path):
    edit(
        folder,
        "service_monthly",
        "2500000,S01\nlapor_resolved,2019-12-01",
        "2500000,S01\nlapor_resolved,2019-12-01",
    )  # keep the file's numbers convention-free
    edit(
        folder,
        "service_monthly",
        "lapor_resolved,2020-02-01,88,",
        'lapor_resolved,2020-02-01,"1,250",',
    )
    p = find(
        problems_of(folder), table="service_monthly", rule="ambiguous number", row=5, column="value"
    )
    assert "1250" in p.rule and "1.25" in p.rule


def test_mixed_decimal_conventions_are_refused(folder: Path):
    edit(folder, "peer_panel", "2.94", '"2,94"')
    p = find(problems_of(folder), table="peer_panel", rule="both decimal commas")
    assert "one convention" in p.fix


# ------------------------------------------------------------------------------ keys and FKs


def test_duplicate_key(folder: Path):
    edit(folder, "programs", "ENV-01,Bank", "GOV-01,Bank")
    p = find(problems_of(folder), table="programs", rule="duplicate key", row=4)
    assert "row 2" in p.rule and "program_id=GOV-01" in p.rule


def test_double_coding_uses_coder_in_the_key(folder: Path):
    data = load_data(folder)  # I01-01 is coded by AB and by CD: not a duplicate
    assert data.interview_codes["excerpt_id"].tolist().count("I01-01") == 2
    edit(folder, "interview_codes", 'tidak dipakai",CD', 'tidak dipakai",AB')
    find(problems_of(folder), table="interview_codes", rule="duplicate key", row=3)


def test_unknown_program_id(folder: Path):
    edit(folder, "program_targets", "ECO-01,UMKM", "ECO-99,UMKM")
    p = find(
        problems_of(folder),
        table="program_targets",
        rule="unknown program_id",
        row=5,
        column="program_id",
    )
    assert p.value == "ECO-99" and "add 'ECO-99' to programs.program_id" in p.fix


def test_unknown_source_id_and_indicator_id(folder: Path):
    edit(folder, "events", "socialisation,FALSE,S03", "socialisation,FALSE,S09")
    edit(folder, "service_monthly", "lapor_resolved,2020-02-01", "lapor_selesai,2020-02-01")
    problems = problems_of(folder)
    find(problems, table="events", rule="unknown source_id", row=3, column="source_id")
    find(problems, table="service_monthly", rule="unknown indicator_id", row=5)


def test_unknown_item_column_and_item_without_column(folder: Path):
    edit(folder, "survey_responses", "KOM1,DIS1,SUM1", "KOM1,DIS1,SUM9")
    problems = problems_of(folder)
    find(problems, table="survey_responses", rule="not an item_id of survey_items", column="SUM9")
    find(problems, table="survey_responses", rule="'SUM1' has no column", column="SUM1")


def test_likert_score_7_on_a_1_to_5_item(folder: Path):
    edit(folder, "survey_responses", "R003,DLH,staff,11,1,5,4,1", "R003,DLH,staff,11,1,7,4,1")
    p = find(
        problems_of(folder),
        table="survey_responses",
        rule="outside the item's scale 1–5",
        row=4,
        column="KOM1",
    )
    assert p.value == 7


def test_score_checked_against_its_own_items_scale(folder: Path):
    # SUM1 is a 1–4 item: 5 is out of its scale although it is fine for the 1–5 items.
    edit(folder, "survey_responses", "R003,DLH,staff,11,1,5,4,1", "R003,DLH,staff,11,1,5,4,5")
    find(problems_of(folder), table="survey_responses", rule="scale 1–4", row=4, column="SUM1")


def test_scale_min_not_below_scale_max(folder: Path):
    edit(folder, "survey_items", "FALSE,1,5,S02\nDIS1", "FALSE,5,5,S02\nDIS1")
    find(problems_of(folder), table="survey_items", rule="scale_min must be below", row=2)


# ------------------------------------------------------------------------------ domain rules


def test_realisation_for_2031_outside_the_window(folder: Path):
    edit(
        folder,
        "program_targets",
        "GOV-01,Layanan terintegrasi,2020",
        "GOV-01,Layanan terintegrasi,2031",
    )
    p = find(
        problems_of(folder),
        table="program_targets",
        rule="outside the evaluation window",
        row=3,
        column="year",
    )
    assert "2031" in p.rule and "2017–2023" in p.rule


def test_target_without_realisation_may_lie_beyond_the_window(folder: Path):
    edit(
        folder,
        "program_targets",
        "GOV-01,Layanan terintegrasi,2021",
        "GOV-01,Layanan terintegrasi,2026",
    )
    assert load_data(folder).program_targets["year"].max() == 2026


def test_realised_budget_outside_window_given_by_caller(folder: Path):
    problems = problems_of(folder, evaluation_window=(2021, 2023))
    p = find(problems, table="budget", rule="realised spending for 2020", row=4)
    assert "2021–2023 (evaluation_window)" in p.rule


def test_default_window_without_context(folder: Path):
    (folder / "context.csv").unlink()
    edit(folder, "budget", "2021,Diskop UKM,ECO-01,realised", "2031,Diskop UKM,ECO-01,realised")
    p = find(problems_of(folder), table="budget", rule="realised spending for 2031", row=6)
    assert "default" in p.rule


def test_realised_without_planned_or_revised(folder: Path):
    edit(folder, "budget", "2021,Diskop UKM,ECO-01,planned", "2019,Diskop UKM,ECO-01,planned")
    p = find(
        problems_of(folder),
        table="budget",
        rule="realised amount without a planned",
        row=6,
        column="stage",
    )
    assert "APBD murni" in p.fix


def test_budget_dimension_must_match_programme(folder: Path):
    edit(folder, "budget", "ECO-01,planned,economy", "ECO-01,planned,living")
    find(
        problems_of(folder),
        table="budget",
        rule="differs from the programme's dimension",
        row=5,
        column="dimension",
    )


def test_indicator_unit_consistent_over_years(folder: Path):
    edit(folder, "program_targets", "2020,layanan", "2020,aplikasi")
    find(problems_of(folder), table="program_targets", rule="unit differs from row 2", row=3)


def test_mandate_due_before_enactment_and_issued_in_future(folder: Path):
    edit(folder, "mandates", "perwal,2021-03-04,2022-06-15", "perwal,2019-01-01,2099-06-15")
    problems = problems_of(folder)
    find(
        problems,
        table="mandates",
        rule="before the regulation's enactment date",
        row=2,
        column="due_date",
    )
    find(
        problems,
        table="mandates",
        rule="issued date lies in the future",
        row=2,
        column="issued_date",
    )


def test_peer_value_above_scale_and_two_focal_regions(folder: Path):
    edit(folder, "peer_panel", "3.42,5,FALSE", "5.42,5,TRUE")
    problems = problems_of(folder)
    find(problems, table="peer_panel", rule="outside the measure's scale", row=5, column="value")
    find(problems, table="peer_panel", rule="focal differs from row 4", row=5)


def test_future_month(folder: Path):
    edit(folder, "service_monthly", "2020-02-01", "2099-02-01")
    find(problems_of(folder), table="service_monthly", rule="has not begun", row=5)


def test_context_start_after_end_and_bad_year(folder: Path):
    edit(folder, "context", "stagnation_start,2020", "stagnation_start,2022")
    edit(folder, "context", "evaluation_end,2023", "evaluation_end,duaribu")
    problems = problems_of(folder)
    find(problems, table="context", rule="stagnation_start (2022) is after stagnation_end")
    find(problems, table="context", rule="value of 'evaluation_end'", row=7)


# ------------------------------------------------------------------------------ files


def test_empty_file(folder: Path):
    (folder / "events.csv").write_bytes(b"")
    p = find(problems_of(folder), table="events", rule="the file is empty")
    assert p.file == "events.csv"


def test_csv_in_cp1252(folder: Path):
    text = (folder / "programs.csv").read_text(encoding="utf-8")
    (folder / "programs.csv").write_bytes(
        text.replace("Diskop UKM", "Diskop UKM – Koperasi")
        .replace("DLH", "Dinas Lingkungan Hidup é")
        .encode("cp1252")
    )
    problems = problems_of(folder)
    p = find(problems, table="programs", rule="not UTF-8")
    assert "CSV UTF-8" in p.fix and p.file == "programs.csv" and "line 3" in p.rule
    # No cascade: the table is unreadable, not "missing".
    assert not [q for q in problems if q.table == "programs" and "missing" in q.rule]


def test_csv_in_utf16(folder: Path):
    text = (folder / "events.csv").read_text(encoding="utf-8")
    (folder / "events.csv").write_bytes(text.encode("utf-16"))
    p = find(problems_of(folder), table="events", rule="UTF-16")
    assert "CSV UTF-8" in p.fix


def test_xlsx_that_is_a_zip_of_something_else(tmp_path: Path):
    path = tmp_path / "data.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("readme.txt", "bukan workbook")
    problems = problems_of(path)
    assert len(problems) == 1
    p = find(problems, table="(workbook)", rule="zip file that is not an Excel workbook")
    assert "save it as 'Excel Workbook (*.xlsx)'" in p.fix


def test_formula_cell_without_stored_value(tmp_path: Path):
    path = write_workbook(load_data(MINIMAL), tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["budget"]["F2"] = "=600000000*2"  # openpyxl stores no computed value
    wb.save(path)
    problems = problems_of(path)
    p = find(problems, table="budget", rule="cell F2 holds a formula", row=2)
    assert "paste them as values" in p.fix
    # Reported once, not again as a blank amount.
    assert not [q for q in problems if q.table == "budget" and "blank" in q.rule]


def test_excel_error_value(tmp_path: Path):
    path = write_workbook(load_data(MINIMAL), tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["program_targets"]["E3"] = "#DIV/0!"
    wb.save(path)
    find(
        problems_of(path),
        table="program_targets",
        rule="Excel error #DIV/0!",
        row=3,
        column="target",
    )


def test_every_problem_is_listed_at_once(folder: Path):
    edit(folder, "budget", "410000000", "-410000000")
    edit(
        folder,
        "programs",
        "ENV-01,Bank sampah digital,environment,DLH,FALSE,2020,\n",
        "ENV-01,Bank sampah digital,environment,DLH,FALSE,2020,\n"
        "ENV-01,Bank sampah digital,environment,DLH,FALSE,2020,\n",
    )
    edit(folder, "survey_responses", "R003,DLH,staff,11,1,5,4,1", "R003,DLH,staff,11,1,7,4,1")
    (folder / "events.csv").write_bytes(b"")
    with pytest.raises(DataValidationError) as info:
        load_data(folder)
    message = str(info.value)
    assert len(info.value.problems) == 4
    for needle in ("budget", "programs", "survey_responses", "events", "Fix:"):
        assert needle in message


def test_many_identical_problems_are_summarised(folder: Path):
    rows = "".join(f"R{i:03d},DLH,staff,1,1,9,4,1,S02\n" for i in range(10, 60))
    path = folder / "survey_responses.csv"
    path.write_text(path.read_text(encoding="utf-8") + rows, encoding="utf-8")
    problems = problems_of(folder)
    listed = [p for p in problems if p.column == "KOM1" and p.row is not None]
    assert len(listed) == 20
    find(problems, table="survey_responses", rule="30 more row(s) with the same problem")


# ------------------------------------------------------------------------------ shipped data


def test_demo_dataset_loads(demo_dir: Path):
    data = load_data(demo_dir)
    assert data.is_synthetic
    assert set(data.tables()) == {
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
    }
    assert {"region", "evaluation_start", "evaluation_end"} <= set(data.context)
    assert data.window_origin == "context"


def test_public_tables_follow_the_schema(repo_root: Path, tmp_path: Path):
    """data/public holds only published tables; completed with programme tables (without
    source_id, since the fixture's sources are not there) it must validate."""
    folder = tmp_path / "public"
    shutil.copytree(repo_root / "data" / "public", folder)
    for table in ("programs", "program_targets"):
        rows = (MINIMAL / f"{table}.csv").read_text(encoding="utf-8").splitlines()
        (folder / f"{table}.csv").write_text(
            "\n".join(r.rsplit(",", 1)[0] for r in rows) + "\n", encoding="utf-8"
        )
    data = load_data(folder)
    assert not data.is_synthetic
    assert set(data.sources["quality"]) <= {"official", "press"}
    assert data.peer_panel is not None and data.events is not None


def test_blank_context_value_means_not_set(folder: Path):
    edit(folder, "context", "stagnation_end,2021", "stagnation_end,")
    data = load_data(folder)
    assert "stagnation_end" not in data.context and data.context["stagnation_start"] == 2020


def test_whole_number_values_are_shown_as_typed():
    from evaltools.errors import Problem

    text = Problem(
        "survey_responses", "score outside the item's scale 1–5", row=3, column="kom2", value=7.0
    ).describe()
    assert "(found: 7)" in text and "7.0" not in text
    assert "(found: 2.5)" in Problem("t", "r", value=2.5).describe()
