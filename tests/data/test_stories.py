"""Tests of the independent evaluation stories (evaltools.data.stories).

Each story must be a valid dataset (``evaltools.load_data`` finds no problem), deterministic
(same seed → same bytes, other seed → other data), free of the demo's constants, and its
tables must show the truth it claims to plant — checked here with simple estimators computed
from the tables, not with the package's own analyses.
"""

from __future__ import annotations

import ast
import inspect
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import evaltools
from evaltools.data import stories
from evaltools.data.stories import REQUIRED_ONLY_TABLES, STORIES, generate, write
from evaltools.errors import ParameterError

SEED = 7
FACTORS = ["communication", "resources", "disposition", "structure", "environment"]
DIMENSIONS = ["governance", "branding", "economy", "living", "society", "environment"]
FULL = [s for s in STORIES if s != "no_optional"]


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("stories")
    return {s: write(s, root / s, seed=SEED) for s in STORIES}


@pytest.fixture(scope="module")
def generated() -> dict[str, stories.GeneratedStory]:
    return {s: generate(s, seed=SEED) for s in STORIES}


def _bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# ------------------------------------------------------------------ validity and determinism


@pytest.mark.parametrize("story", list(STORIES))
def test_story_loads_without_problems(written, story):
    data = evaltools.load_data(written[story])  # raises DataValidationError on any problem
    planted = json.loads((written[story] / "planted.json").read_text(encoding="utf-8"))
    assert data.is_synthetic
    assert data.notes == []
    ctx = planted["context"]
    assert data.context["region"] == ctx["region"]
    assert data.context["regulation"] == ctx["regulation"]
    assert (data.context["stagnation_start"], data.context["stagnation_end"]) == (
        ctx["stagnation_start"],
        ctx["stagnation_end"],
    )
    present = {name for name, df in data.tables().items() if df is not None}
    assert present | {"context"} == set(planted["tables"])


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    for story in STORIES:
        a = _bytes(write(story, tmp_path / f"{story}-a", seed=11))
        b = _bytes(write(story, tmp_path / f"{story}-b", seed=11))
        c = _bytes(write(story, tmp_path / f"{story}-c", seed=12))
        assert a == b, story
        assert a["program_targets.csv"] != c["program_targets.csv"], story
        if "survey_responses.csv" in a:
            assert a["survey_responses.csv"] != c["survey_responses.csv"], story


def test_unknown_story_and_bad_seed_are_refused():
    with pytest.raises(ParameterError) as err:
        generate("covid", seed=1)
    for name in STORIES:
        assert repr(name) in str(err.value)
    with pytest.raises(ParameterError):
        write("nope", "unused", seed=1)
    for bad in (-1, 1.5, "1", True, None):
        with pytest.raises(ParameterError, match="seed"):
            generate("null", seed=bad)


def test_sampling_path_uses_no_matrix_algebra():
    # Byte-identical data on any CPU/BLAS: no LAPACK/BLAS-backed calls in the generator.
    source = inspect.getsource(stories)
    for banned in ("multivariate_normal", "linalg", "cholesky", "svd", ".dot(", "matmul"):
        assert banned not in source, banned
    tree = ast.parse(source)
    assert not any(
        isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult) for n in ast.walk(tree)
    )


# ------------------------------------------------------------------ nothing of the demo


DEMO_WORDS = (
    "Bekasi",
    "Diskominfostandi",
    "Perda No. 2/2020",
    "COVID",
    "Depok",
    "Bogor",
    "Bandung",
    "Tangerang",
    "SYN-DEMO",
    "smart_city_index",
    "spbe_index",
    "refocusing",
)


@pytest.mark.parametrize("story", list(STORIES))
def test_no_demo_constants(written, story):
    for name, raw in _bytes(written[story]).items():
        text = raw.decode("utf-8").lower()
        for word in DEMO_WORDS:
            assert word.lower() not in text, (story, name, word)
    planted = generate(story, seed=SEED).planted
    assert (planted["context"]["stagnation_start"], planted["context"]["stagnation_end"]) != (
        2020,
        2021,
    )
    assert (planted["context"]["evaluation_start"], planted["context"]["evaluation_end"]) != (
        2018,
        2023,
    )


def test_stories_differ_from_each_other():
    regions = {s: STORIES[s].region for s in STORIES}
    windows = {s: STORIES[s].window for s in STORIES}
    assert (
        len({regions[s] for s in ("null", "communication_structure", "environment", "no_optional")})
        == 4
    )
    assert (
        len({windows[s] for s in ("null", "communication_structure", "environment", "no_optional")})
        == 4
    )


# ----------------------------------------------------------- the planted truth is in the tables


def _achievement(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    t = tables["program_targets"].merge(
        tables["programs"][["program_id", "dimension"]], on="program_id"
    )
    t = t[t["realisation"].notna()].copy()
    t["ach"] = np.where(
        t["higher_is_better"], t["realisation"] / t["target"], t["target"] / t["realisation"]
    )
    return t


def _period(year: int, ctx: dict) -> str:
    return (
        "pre"
        if year < ctx["stagnation_start"]
        else "window"
        if year <= ctx["stagnation_end"]
        else "post"
    )


@pytest.mark.parametrize("story", list(STORIES))
def test_mean_achievement_by_period_is_planted(generated, story):
    tables, planted = generated[story]
    prog = planted["progress"]
    n_prog = prog["programmes_per_dimension"]
    sd = prog["noise_sd_pp"]["programme_year"]
    ach = _achievement(tables)
    ach["period"] = [_period(y, planted["context"]) for y in ach["year"]]
    observed = ach.groupby(["dimension", "period"])["ach"].mean() * 100
    n_years = {k: v[1] - v[0] + 1 for k, v in prog["periods"].items()}
    by_year = ach.groupby(["dimension", "year"])["ach"].mean() * 100
    s, e = planted["context"]["stagnation_start"], planted["context"]["stagnation_end"]
    for dim in DIMENSIONS:
        # noise of one programme-year: the planted noise plus the rounding of whole-number
        # targets and realisations (uniform, sd 0.29 units: large for a target of 8)
        rounding = (
            100 * 0.29 * np.sqrt(np.mean(1 / ach.loc[ach["dimension"] == dim, "target"] ** 2))
        )
        one = np.hypot(sd, np.hypot(rounding, rounding))
        want = prog["dimensions"][dim]["mean_achievement_pct_by_period"]
        for period, value in want.items():
            tol = 4 * one / np.sqrt(n_prog * n_years[period]) + 0.5  # 4 standard errors
            assert observed[(dim, period)] == pytest.approx(value, abs=tol), (dim, period)
        # The change from the year before the window to its last year is the planted one:
        # down (or flat) for a stalled dimension, up for an on-track one.
        path = prog["dimensions"][dim]["achievement_pct_by_year"]
        want = path[str(e)] - path[str(s - 1)]
        tol = 4 * np.sqrt(2) * one / np.sqrt(n_prog) + 0.5
        assert by_year[(dim, e)] - by_year[(dim, s - 1)] == pytest.approx(want, abs=tol), dim
        if dim in prog["stalled"]:
            assert want <= 0
        if dim in prog["on_track"]:
            assert want > 0


@pytest.mark.parametrize("story", [s for s in STORIES if "budget" in STORIES[s].tables])
def test_budget_cut_share_is_planted(generated, story):
    tables, planted = generated[story]
    b = tables["budget"].pivot_table(
        index=["year", "dimension"], columns="stage", values="amount_idr", aggfunc="sum"
    )
    tol = 4 * planted["budget"]["noise_sd"]["cut"]  # a weighted mean of programme cuts
    for (year, dim), row in b.iterrows():
        want = planted["budget"]["planted_cut_by_dimension_year"][dim][str(year)]
        assert 1 - row["revised"] / row["planned"] == pytest.approx(want, abs=tol), (year, dim)
    s, e = planted["context"]["stagnation_start"], planted["context"]["stagnation_end"]
    window = b[[s <= y <= e for y in b.index.get_level_values("year")]]
    other = b[[not (s <= y <= e) for y in b.index.get_level_values("year")]]
    absorption = planted["budget"]["planted_absorption"]
    assert window["realised"].sum() / window["revised"].sum() == pytest.approx(
        absorption["window"], abs=0.02
    )
    assert other["realised"].sum() / other["revised"].sum() == pytest.approx(
        absorption["other"], abs=0.02
    )


@pytest.mark.parametrize("story", [s for s in STORIES if "survey_responses" in STORIES[s].tables])
def test_survey_is_planted(generated, story):
    tables, planted = generated[story]
    items = tables["survey_items"].set_index("item_id")
    resp = tables["survey_responses"]
    assert len(resp) == planted["survey"]["n_respondents"] == STORIES[story].survey_n
    scores = {}
    for factor in [*FACTORS, "outcome"]:
        cols = list(items.index[items["factor"] == factor])
        x = resp[cols].astype(float)
        for c in cols:
            if items.loc[c, "reverse"]:
                x[c] = 6 - x[c]
        scores[factor] = x.mean(axis=1)
        n = len(resp)
        tol = 0.12 + 3 * 0.85 / np.sqrt(n)  # rounding/clipping bias + sampling error
        assert scores[factor].mean() == pytest.approx(
            planted["survey"]["factor_means"][factor], abs=tol
        ), factor
    # The planted determinants carry the outcome: a clearly largest planted effect has the
    # largest correlation with the outcome score (full stories only; 35 respondents are too few).
    effects = planted["survey"]["effects"]
    ranked = sorted(effects.values(), reverse=True)
    if len(resp) >= 200 and ranked[0] - ranked[1] >= 0.1:
        corr = pd.DataFrame(scores).corr()["outcome"].drop("outcome")
        assert corr.idxmax() == max(effects, key=effects.get)


@pytest.mark.parametrize("story", [s for s in STORIES if "interview_codes" in STORIES[s].tables])
def test_interview_counts_are_planted(generated, story):
    tables, planted = generated[story]
    iv = tables["interview_codes"]
    if "coder" in iv:
        iv = iv[iv["coder"] == planted["interviews"]["primary_coder"]]
    assert len(iv) == planted["interviews"]["n_excerpts"]
    counts = iv.groupby(["factor", "valence"]).size()
    for factor, by_valence in planted["interviews"]["counts"].items():
        for valence, n in by_valence.items():
            assert counts.get((factor, valence), 0) == n, (factor, valence)


@pytest.mark.parametrize("story", [s for s in STORIES if "mandates" in STORIES[s].tables])
def test_mandate_status_is_planted(generated, story):
    tables, planted = generated[story]
    m = tables["mandates"].set_index("mandate_id")
    for mid, status in planted["mandates"]["status"].items():
        issued, due = m.loc[mid, "issued_date"], m.loc[mid, "due_date"]
        seen = "missing" if pd.isna(issued) else "on_time" if issued <= due else "late"
        assert seen == status, mid


@pytest.mark.parametrize("story", [s for s in STORIES if "peer_panel" in STORIES[s].tables])
def test_peer_effects_are_planted(generated, story):
    tables, planted = generated[story]
    p = tables["peer_panel"]
    s = planted["peers"]["treatment_year"]
    last = planted["context"]["evaluation_end"]
    for measure, info in planted["peers"]["measures"].items():
        sub = p[p["measure"] == measure]
        w = sub.pivot(index="year", columns="region", values="value")
        focal = w[planted["peers"]["focal"]]
        peers = w[planted["peers"]["peers"]].mean(axis=1)
        gap = focal - peers
        did = gap.loc[s:last].mean() - gap.loc[: s - 1].mean()
        want = np.mean([info["focal_effect_by_year"].get(str(y), 0.0) for y in range(s, last + 1)])
        sd, j = info["noise_sd"], len(planted["peers"]["peers"])
        n_pre, n_post = s - w.index.min(), last - s + 1
        se = sd * np.sqrt(1 + 1 / j) * np.sqrt(1 / n_pre + 1 / n_post)
        assert did == pytest.approx(want, abs=4 * se + 0.01), measure
        # common shock: the peers' change into the window against their own trend
        drop = (peers.loc[s + 1] - peers.loc[s - 1]) / 2 - info["trend_per_year"]
        want_drop = info["common_effect_by_year"].get(str(s + 1), 0.0) / 2
        se = np.sqrt(sd**2 + sd**2 / j) / np.sqrt(2)  # common year shock + mean of own noise
        assert drop == pytest.approx(want_drop, abs=4 * se + 0.01), measure


def test_environment_shock_is_an_event_of_the_story_and_hits_services(generated):
    tables, planted = generated["environment"]
    ev = tables["events"]
    shock = ev[ev["kind"] == "shock"]
    assert len(shock) == 1 and bool(shock["is_break"].iloc[0])
    assert shock["label"].iloc[0] == planted["shock"]["label"]
    assert str(shock["date"].iloc[0].date()) == planted["shock"]["date"]
    sm = tables["service_monthly"]
    month = pd.Timestamp(planted["services"]["shock_month"])
    for iid, info in planted["services"]["indicators"].items():
        x = sm[sm["indicator_id"] == iid].set_index("month")["value"]
        if info["value_type"] == "count":
            x = np.log(x / sm[sm["indicator_id"] == iid].set_index("month")["exposure"])
        before = x[(x.index < month) & (x.index >= month - pd.DateOffset(months=12))].mean()
        after = x[(x.index >= month) & (x.index < month + pd.DateOffset(months=12))].mean()
        slope_12 = (
            12 * {"count": 0.006, "proportion": 0.002, "continuous": -0.04}[info["value_type"]]
        )
        jump = after - before - slope_12
        assert jump == pytest.approx(
            info["level_change_at_shock"], abs=0.5 * abs(info["level_change_at_shock"])
        ), iid
    # The other stories have no shock at all.
    for story in ("null", "communication_structure", "thin"):
        t, p = generated[story]
        assert not (t["events"]["kind"] == "shock").any() and p["shock"] is None


def test_null_plants_nothing(generated):
    _tables, planted = generated["null"]
    assert planted["progress"]["stalled"] == [] and planted["progress"]["slowed"] == []
    assert planted["expected"]["causes"] == []
    assert planted["budget"]["uniform_window_cut"]
    assert not planted["peers"]["local_stall"] and not planted["peers"]["shared_shock"]
    assert set(planted["mandates"]["status"].values()) == {"on_time"}
    shares = {f: c["barrier"] / sum(c.values()) for f, c in planted["interviews"]["counts"].items()}
    assert max(shares.values()) < 0.4  # no dominant barrier


def test_thin_mirrors_communication_structure_on_less_data(generated):
    thin_t, thin = generated["thin"]
    full_t, full = generated["communication_structure"]
    assert thin["mirrors"] == "communication_structure"
    for key in ("region", "regulation", "stagnation_start", "stagnation_end"):
        assert thin["context"][key] == full["context"][key]
    assert thin["context"]["pre_years"] == 2 < full["context"]["pre_years"]
    assert len(thin_t["survey_responses"]) == 35
    assert len(thin_t["interview_codes"]) == 12
    assert thin_t["programs"].groupby("dimension").size().eq(3).all()
    assert full_t["programs"].groupby("dimension").size().eq(5).all()
    for dim in DIMENSIONS:
        a, b = thin["progress"]["dimensions"][dim], full["progress"]["dimensions"][dim]
        for k in (
            "status",
            "slope_pre_pp_per_year",
            "slope_window_pp_per_year",
            "slope_change_pp_per_year",
        ):
            assert a[k] == b[k]
    assert thin["survey"]["effects"] == full["survey"]["effects"]
    assert thin["survey"]["factor_means"] == full["survey"]["factor_means"]
    assert thin["mandates"]["status"] == full["mandates"]["status"]

    # the interviews point the same way: the same factors carry a majority of barriers
    def barrier_major(p):
        return {
            f for f, c in p["interviews"]["counts"].items() if c["barrier"] > sum(c.values()) / 2
        }

    assert barrier_major(thin) == barrier_major(full) == {"communication", "structure"}


def test_no_optional_has_only_required_tables(written):
    folder = written["no_optional"]
    assert {p.stem for p in folder.glob("*.csv")} == set(REQUIRED_ONLY_TABLES)
    data = evaltools.load_data(folder)
    for name in (
        "budget",
        "mandates",
        "indicators",
        "service_monthly",
        "events",
        "peer_panel",
        "survey_items",
        "survey_responses",
        "interview_codes",
    ):
        assert getattr(data, name) is None, name
