"""Data audit: coverage, validation status, sources, synthetic flag, reporting gaps.

The expected numbers are those planted by the demo generator (docs/demo-data.md: 174
programme-year targets with 16 realisations blank, 522 budget rows, 72 months × 6 indicators,
300 respondents × 22 items with ≈ 3 % blank) and, for the gap tests, counts made here by hand on
a modified copy of the data.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from evaltools.data import load_data
from evaltools.data.audit import AUDITED_TABLES, AuditResult, audit
from evaltools.errors import ParameterError
from evaltools.results import Result


@pytest.fixture(scope="module")
def demo(demo_dir):
    return load_data(demo_dir)


@pytest.fixture(scope="module")
def result(demo) -> AuditResult:
    return audit(demo)


def test_result_shape(result):
    assert isinstance(result, Result)
    assert list(result.table.columns) == [
        "table",
        "required",
        "present",
        "n_rows",
        "first_year",
        "last_year",
        "years_missing",
        "source_ids",
    ]
    assert list(result.table["table"]) == list(AUDITED_TABLES)
    assert list(result.coverage.columns) == ["table", "year", "n_rows", "in_window"]
    assert list(result.gaps.columns) == [
        "table",
        "item",
        "year",
        "expected",
        "reported",
        "missing",
        "share_missing",
    ]
    assert result.validation["status"] == "passed"
    assert result.validation["window"] == (2018, 2023)
    assert result.validation["window_origin"] == "context"


def test_rows_and_years_per_table(result, demo):
    t = result.table.set_index("table")
    for name, df in demo.tables().items():
        assert t.loc[name, "present"]
        assert t.loc[name, "n_rows"] == len(df)
    assert (t.loc["program_targets", "first_year"], t.loc["program_targets", "last_year"]) == (
        2018,
        2023,
    )
    assert (t.loc["peer_panel", "first_year"], t.loc["peer_panel", "last_year"]) == (2014, 2023)
    assert pd.isna(t.loc["survey_responses", "first_year"])
    # event-like tables are not expected every year
    assert t.loc["mandates", "years_missing"] == ""
    assert (t["years_missing"] == "").all()
    assert t.loc["budget", "source_ids"] == "SYN-DEMO"


def test_coverage_counts_rows_per_year(result, demo):
    cov = result.coverage
    pt = cov[cov["table"] == "program_targets"].set_index("year")["n_rows"]
    assert pt.to_dict() == demo.program_targets["year"].value_counts().sort_index().to_dict()
    sm = cov[cov["table"] == "service_monthly"]
    assert set(sm["n_rows"]) == {72}  # 6 indicators × 12 months
    pp = cov[cov["table"] == "peer_panel"]
    assert list(pp["year"]) == list(range(2014, 2024))
    assert list(pp["in_window"]) == [y >= 2018 for y in range(2014, 2024)]
    ev = cov[cov["table"] == "events"].set_index("year")["n_rows"]
    assert ev[2018] == 0 and ev.sum() == len(demo.events)  # zero-filled years


def test_sources_and_synthetic_flag(result):
    assert result.synthetic
    src = result.sources
    assert list(src["source_id"]) == ["SYN-DEMO"]
    assert src.loc[0, "quality"] == "synthetic"
    # every data row of every table except sources itself cites the synthetic source
    assert src.loc[0, "n_rows"] == int(
        result.table.loc[result.table["table"] != "sources", "n_rows"].sum()
    )
    codes = [(s.code, s.kind) for s in result.statements]
    assert ("audit.all_synthetic", "finding") in codes
    assert ("audit.synthetic_data", "caveat") in codes


def test_reporting_gaps_match_the_plant(result, demo):
    g = result.gaps
    pt = g[g["table"] == "program_targets"]
    assert int(pt["expected"].sum()) == 174
    assert int(pt["missing"].sum()) == 16 == int(demo.program_targets["realisation"].isna().sum())
    per_year = demo.program_targets.groupby("year")["realisation"].apply(
        lambda s: int(s.isna().sum())
    )
    assert pt.set_index("year")["missing"].to_dict() == per_year.to_dict()
    sv = g[g["table"] == "survey_responses"].iloc[0]
    assert sv["expected"] == 300 * 22
    items = list(demo.survey_items["item_id"])
    assert sv["missing"] == int(demo.survey_responses[items].isna().sum().sum())
    assert 0.02 < sv["share_missing"] < 0.04  # ≈ 3 % planted
    assert int(g.loc[g["table"].isin(["budget", "service_monthly"]), "missing"].sum()) == 0
    unrep = next(s.values for s in result.statements if s.code == "audit.targets_unreported")
    assert (unrep["missing"], unrep["expected"]) == (16, 174)
    assert unrep["worst_missing"] == per_year.max() and unrep["worst_year"] == per_year.idxmax()
    summary = result.gap_summary
    assert list(summary["table"]) == ["program_targets", "survey_responses"]
    assert summary.loc[0, "years"] == ", ".join(str(y) for y in per_year[per_year > 0].index)


def test_gaps_in_months_budget_stages_and_missing_tables(demo):
    sm = demo.service_monthly.copy()
    drop = sm[
        (sm["indicator_id"] == sm["indicator_id"].iloc[0]) & (sm["month"].dt.year == 2021)
    ].index[:3]
    sm.loc[drop[:2], "value"] = np.nan  # two blank values
    sm = sm.drop(index=drop[2:])  # and one month not reported at all
    bd = demo.budget[~((demo.budget["year"] == 2020) & (demo.budget["stage"] == "realised"))]
    data = dataclasses.replace(
        demo, service_monthly=sm, budget=bd, interview_codes=None, mandates=None
    )
    res = audit(data)
    g = res.gaps
    s21 = g[(g["table"] == "service_monthly") & (g["year"] == 2021)]
    assert s21["missing"].sum() == 3
    b20 = g[(g["table"] == "budget") & (g["year"] == 2020)].set_index("item")
    assert b20.loc["stage_realised", "reported"] == 0
    assert b20.loc["stage_realised", "missing"] == b20.loc["stage_planned", "reported"]
    t = res.table.set_index("table")
    assert not t.loc["interview_codes", "present"] and t.loc["interview_codes", "n_rows"] == 0
    st = {s.code: s for s in res.statements}
    present = st["audit.tables_present"].values
    assert (present["n_present"], present["n_total"]) == (10, 12)
    assert present["absent"] == ["mandates", "interview_codes"]
    assert st["audit.lost_analyses"].values["analyses"] == ["interviews", "mandates"]
    assert st["audit.lost_analyses"].kind == "caveat"


def test_window_parameters_and_errors(demo):
    res = audit(demo, evaluation_start=2016, evaluation_end=2023)
    t = res.table.set_index("table")
    assert t.loc["program_targets", "years_missing"] == "2016, 2017"
    assert t.loc["peer_panel", "years_missing"] == ""
    assert res.validation["window_origin"] == "given"
    short = next(s.values for s in res.statements if s.code == "audit.short_coverage")
    assert {"table": "program_targets", "years": [2016, 2017]} in short["tables"]
    with pytest.raises(ParameterError, match="evaluation_start"):
        audit(demo, evaluation_start=2023, evaluation_end=2018)
    with pytest.raises(ParameterError, match="load_data"):
        audit(pd.DataFrame())


def test_not_synthetic_sources_are_counted_by_quality(demo):
    src = pd.DataFrame(
        {
            "source_id": ["S1", "S2", "S3"],
            "title": ["BPS", "Kominfo", "Kompas"],
            "publisher": ["BPS", "Kominfo", "Kompas"],
            "url": [None] * 3,
            "date": pd.to_datetime(["2021-01-01"] * 3),
            "quality": ["official", "official", "press"],
            "notes": [""] * 3,
        }
    )
    tables = {}
    for name, df in demo.tables().items():
        if name != "sources" and "source_id" in df.columns:
            tables[name] = df.assign(source_id="S1")
    data = dataclasses.replace(demo, sources=src, **tables)
    res = audit(data)
    assert not res.synthetic
    st = {s.code: s.values for s in res.statements}
    assert st["audit.sources"]["n"] == 3
    assert st["audit.sources"]["counts"] == [
        {"quality": "official", "n": 2},
        {"quality": "press", "n": 1},
    ]
    assert st["audit.uncited"]["ids"] == ["S2", "S3"]  # listed but cited by no row


def test_plot(result):
    fig = result.plot()
    ax = fig.axes[0]
    assert len(ax.get_yticklabels()) == result.coverage["table"].nunique()
    texts = {t.get_text() for t in ax.texts}
    assert "30" in texts and "–" in texts
