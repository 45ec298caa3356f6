"""Tests of the synthetic demo dataset (evaltools.data.demo) and the committed data/demo/.

The planted mechanisms are documented in docs/demo-data.md; these tests check that the data
carry them (sanity checks with simple estimators), that every row is labelled synthetic, and
that the generator is deterministic.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evaltools.data.demo import (
    DEFAULT_SEED,
    SOURCE_ID,
    SOURCE_TITLE,
    STORIES,
    generate,
    write_demo,
)
from evaltools.errors import ParameterError

FACTORS = ["communication", "resources", "disposition", "structure", "environment"]
DIMENSIONS = ["governance", "branding", "economy", "living", "society", "environment"]


@pytest.fixture(scope="module")
def default_ds():
    return generate()


@pytest.fixture(scope="module")
def story2_ds():
    return generate(story="structure_communication")


@pytest.fixture(scope="module", params=STORIES)
def any_ds(request):
    return generate(story=request.param)


def _factor_scores(ds) -> pd.DataFrame:
    items = ds.tables["survey_items"].set_index("item_id")
    resp = ds.tables["survey_responses"]
    scores = {}
    for factor in [*FACTORS, "outcome"]:
        cols = list(items.index[items["factor"] == factor])
        x = resp[cols].astype(float)
        for c in cols:
            if items.loc[c, "reverse"]:
                x[c] = 6 - x[c]
        scores[factor] = x.mean(axis=1)
    return pd.DataFrame(scores)


# ------------------------------------------------------------------ committed files, determinism


def test_committed_demo_is_regenerated_byte_identically(tmp_path, demo_dir):
    out = write_demo(tmp_path / "demo")
    expected = sorted(p.name for p in out.iterdir())
    committed = sorted(p.name for p in demo_dir.iterdir() if not p.name.startswith("."))
    assert committed == expected, "data/demo/ is stale: run `evaltools demo data/demo --force`"
    for name in expected:
        assert (demo_dir / name).read_bytes() == (out / name).read_bytes(), (
            f"data/demo/{name} differs from the generator's output: run `evaltools demo data/demo "
            "--force`"
        )


# Environments that change the linear-algebra and SIMD code paths numpy takes on one machine:
# OpenBLAS's kernel (what differs between CPUs and BLAS builds) and numpy's AVX-512 dispatch.
# The demo generator must not depend on either (no LAPACK in its sampling path).
_BACKENDS = {
    "openblas-skylakex": {"OPENBLAS_CORETYPE": "SkylakeX"},
    "openblas-haswell": {"OPENBLAS_CORETYPE": "Haswell"},
    "openblas-prescott": {"OPENBLAS_CORETYPE": "Prescott"},
    "numpy-no-avx512": {
        "OPENBLAS_CORETYPE": "Prescott",
        "NPY_DISABLE_CPU_FEATURES": "AVX512F AVX512_SKX",
    },
}


@pytest.mark.parametrize("backend", sorted(_BACKENDS))
def test_demo_bytes_do_not_depend_on_blas_or_cpu(tmp_path, demo_dir, backend):
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES")
    }
    env.update(_BACKENDS[backend])
    out = tmp_path / "demo"
    code = "import sys; from evaltools.data.demo import write_demo; write_demo(sys.argv[1])"
    proc = subprocess.run(
        [sys.executable, "-c", code, str(out)],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    for path in sorted(demo_dir.iterdir()):
        if path.name.startswith("."):
            continue
        assert (out / path.name).read_bytes() == path.read_bytes(), (
            f"{path.name} differs under {backend}: the generator depends on the BLAS/CPU"
        )


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    a = write_demo(tmp_path / "a", seed=7, story="structure_communication")
    b = write_demo(tmp_path / "b", seed=7, story="structure_communication")
    c = write_demo(tmp_path / "c", seed=8, story="structure_communication")
    for f in sorted(a.iterdir()):
        assert f.read_bytes() == (b / f.name).read_bytes(), f.name
    assert (a / "survey_responses.csv").read_bytes() != (c / "survey_responses.csv").read_bytes()
    assert (a / "service_monthly.csv").read_bytes() != (c / "service_monthly.csv").read_bytes()
    assert json.loads((c / "planted.json").read_text(encoding="utf-8"))["seed"] == 8


def test_write_demo_default_seed_and_return_value(tmp_path):
    out = write_demo(tmp_path / "x" / "y")
    assert out == tmp_path / "x" / "y"
    planted = json.loads((out / "planted.json").read_text(encoding="utf-8"))
    assert planted["seed"] == DEFAULT_SEED
    assert planted["story"] == "default"


def test_cli_demo_command(tmp_path):
    from evaltools.cli import main

    assert main(["demo", str(tmp_path / "cli"), "--seed", "3"]) == 0
    planted = json.loads((tmp_path / "cli" / "planted.json").read_text(encoding="utf-8"))
    assert planted["seed"] == 3


@pytest.mark.parametrize(
    "kwargs, word",
    [
        ({"story": "nope"}, "story"),
        ({"seed": -1}, "seed"),
        ({"seed": 1.5}, "seed"),
        ({"seed": True}, "seed"),
    ],
)
def test_bad_parameters_raise_parameter_error(kwargs, word):
    with pytest.raises(ParameterError, match=word):
        generate(**kwargs)


def test_write_demo_refuses_a_file_as_folder(tmp_path):
    f = tmp_path / "file.csv"
    f.write_text("x")
    with pytest.raises(ParameterError, match="out_dir"):
        write_demo(f)


def test_csv_format_conventions(demo_dir):
    events = (demo_dir / "events.csv").read_text(encoding="utf-8")
    assert not events.startswith("\ufeff") and "\r" not in events
    assert ",true," in events and ",false," in events and "True" not in events
    assert "2020-04-09" in events
    mandates = pd.read_csv(demo_dir / "mandates.csv", dtype=str, keep_default_na=False)
    assert mandates["due_date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert (mandates["issued_date"] == "").any()  # missing = blank


# ------------------------------------------------------------------------ sizes and coverage


def test_sizes_and_coverage(any_ds):
    t = any_ds.tables
    programs = t["programs"]
    assert len(programs) >= 25 and set(programs["dimension"]) == set(DIMENSIONS)

    targets = t["program_targets"]
    assert set(targets["year"]) == set(range(2018, 2024))
    assert targets["realisation"].isna().sum() >= 3  # some not reported
    assert set(targets["program_id"]) == set(programs["program_id"])

    budget = t["budget"]
    assert set(budget["stage"]) == {"planned", "revised", "realised"}
    assert set(budget["year"]) == set(range(2018, 2024))
    assert not budget.duplicated(["year", "agency", "program_id", "stage"]).any()
    assert (budget["amount_idr"] >= 0).all() and budget["amount_idr"].dtype == np.int64

    mandates = t["mandates"]
    assert len(mandates) >= 8
    assert {"perwal", "kepwal", "sop", "body", "masterplan"} <= set(mandates["instrument_type"])
    assert mandates["issued_date"].isna().any()
    assert (mandates["issued_date"] > mandates["due_date"]).any()

    sm = t["service_monthly"]
    ind = t["indicators"]
    assert len(ind) >= 5 and set(ind["value_type"]) == {"count", "proportion", "continuous"}
    counts = sm.groupby("indicator_id")["month"].agg(["count", "min", "max"])
    assert (counts["count"] == 72).all()
    assert (counts["min"] == pd.Timestamp("2018-01-01")).all()
    assert (counts["max"] == pd.Timestamp("2023-12-01")).all()
    count_ids = ind.loc[ind["value_type"] == "count", "indicator_id"]
    assert sm.loc[sm["indicator_id"].isin(count_ids), "exposure"].gt(0).all()

    events = t["events"]
    breaks = events.loc[events["is_break"], "date"].sort_values()
    assert len(breaks) == 2 and (breaks.diff().dropna() >= pd.Timedelta(days=18 * 30)).all()
    assert pd.Timestamp("2020-04-09") in set(breaks) and pd.Timestamp("2022-02-22") in set(breaks)
    assert (events["label"].str.contains("Kominfo")).sum() >= 2

    peers = t["peer_panel"]
    assert peers["region"].nunique() == 6 and peers["year"].nunique() >= 10
    assert peers.loc[peers["focal"], "region"].unique().tolist() == ["Kota Bekasi"]
    assert dict(peers.groupby("measure")["scale_max"].first()) == {
        "smart_city_index": 4.0,
        "spbe_index": 5.0,
    }
    assert (peers["value"] <= peers["scale_max"]).all() and (peers["value"] >= 0).all()

    items = t["survey_items"]
    per_factor = items.groupby("factor").size()
    assert set(per_factor.index) == {*FACTORS, "outcome"}
    assert per_factor.between(3, 4).all() and items["reverse"].sum() >= 3
    resp = t["survey_responses"]
    assert len(resp) >= 180 and resp["agency"].nunique() >= 7
    assert set(resp["role"]) == {"eselon2", "eselon3", "eselon4", "staf", "fungsional"}
    answers = resp[items["item_id"]]
    assert answers.isna().any().any()
    assert answers.stack().between(1, 5).all()

    codes = t["interview_codes"]
    primary = codes[codes["coder"] == "K1"]
    assert primary["excerpt_id"].nunique() >= 48 and len(primary) == primary["excerpt_id"].nunique()
    assert {
        "Kepala OPD",
        "Bappeda",
        "Diskominfostandi",
        "Dewan Kota Cerdas",
        "DPRD Komisi I",
        "warga",
    } <= set(codes["stakeholder"])
    second = codes[codes["coder"] == "K2"]
    assert 10 <= len(second) < len(primary)
    assert set(second["excerpt_id"]) <= set(primary["excerpt_id"])


def test_context_table(default_ds):
    ctx = dict(
        zip(
            default_ds.tables["context"]["key"], default_ds.tables["context"]["value"], strict=False
        )
    )
    assert ctx["region"] == "Kota Bekasi"
    assert ctx["regulation"] == "Perda No. 2/2020"
    assert ctx["regulation_title"] == (
        "Peraturan Daerah Kota Bekasi Nomor 2 Tahun 2020 tentang Penyelenggaraan Kota Cerdas"
    )
    assert (ctx["evaluation_start"], ctx["evaluation_end"]) == ("2018", "2023")
    assert (ctx["stagnation_start"], ctx["stagnation_end"]) == ("2020", "2021")
    # The enactment date is made up: the planted file, the source and the event say so.
    assert default_ds.planted["context"]["enactment_date_is_synthetic"] is True
    assert "sintetis" in default_ds.tables["sources"]["notes"].iloc[0]
    events = default_ds.tables["events"]
    enact = events[events["date"] == pd.Timestamp(ctx["enactment_date"])]
    assert enact["label"].str.contains("sintetis").all() and len(enact) == 1


# --------------------------------------------------------------------------- synthetic labels


def test_every_row_is_labelled_synthetic(any_ds):
    sources = any_ds.tables["sources"]
    assert len(sources) == 1
    assert sources["quality"].iloc[0] == "synthetic"
    assert sources["title"].iloc[0] == SOURCE_TITLE
    assert sources["source_id"].iloc[0] == SOURCE_ID
    for name, df in any_ds.tables.items():
        assert "source_id" in df.columns, name
        assert (df["source_id"] == SOURCE_ID).all(), name


def test_committed_csvs_every_row_synthetic(demo_dir):
    for path in sorted(demo_dir.glob("*.csv")):
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        assert len(df) > 0, path.name
        assert (df["source_id"] == SOURCE_ID).all(), path.name


# ----------------------------------------------------------------------------- planted.json


REQUIRED_PLANTED_KEYS = {
    "causes_ranked",
    "not_supported",
    "cause_roles",
    "context",
    "progress",
    "budget",
    "mandates",
    "survey",
    "interviews",
    "its",
    "peers",
    "seed",
    "story",
    "synthetic",
}


def test_planted_structure_same_for_both_stories(default_ds, story2_ds):
    a, b = default_ds.planted, story2_ds.planted
    assert set(a) >= REQUIRED_PLANTED_KEYS

    def keys(d, depth=0):
        if not isinstance(d, dict) or depth > 1:
            return set()
        return {k for k in d} | {f"{k}.{kk}" for k, v in d.items() for kk in keys(v, depth + 1)}

    # Same keys down to the second level (the dict of stalled dimensions differs by design,
    # but its parent keys do not).
    assert keys(a) == keys(b)
    for planted in (a, b):
        assert set(planted["causes_ranked"]).isdisjoint(planted["not_supported"])
        assert set(planted["causes_ranked"]) | set(planted["not_supported"]) == set(FACTORS)
        assert planted["survey"]["determinant_order"][0] == planted["causes_ranked"][0]
        for measure in ("smart_city_index", "spbe_index"):
            es = planted["peers"]["measures"][measure]["event_study"]
            assert all(es[str(y)] == 0 for y in range(2014, 2020))
            post = [es[str(y)] for y in range(2020, 2024)]
            assert planted["peers"]["measures"][measure]["did"] == pytest.approx(np.mean(post))
        for spec in planted["its"]["indicators"].values():
            assert set(spec["level_change"]) == {"refocusing", "socialisation"}
            assert spec["family"] in {"poisson", "gaussian"}
        assert set(planted["progress"]["dimensions"]) == set(DIMENSIONS)


def test_committed_planted_json_is_sorted_and_matches_generator(demo_dir, default_ds):
    text = (demo_dir / "planted.json").read_text(encoding="utf-8")
    planted = json.loads(text)
    assert planted == default_ds.planted
    assert text == json.dumps(planted, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_default_story_as_documented(default_ds):
    p = default_ds.planted
    assert p["causes_ranked"][:3] == ["disposition", "resources", "structure"]
    assert "environment" in p["causes_ranked"] and p["not_supported"] == ["communication"]
    assert set(p["progress"]["stalled"]) == {"governance", "economy", "society"}
    assert p["progress"]["on_track"] == ["branding"]
    assert p["budget"]["cut_concentrated_on"] == ["governance", "economy", "society"]
    assert p["its"]["breaks"] == {"refocusing": "2020-04-01", "socialisation": "2022-02-01"}
    eff = p["survey"]["effects"]
    assert eff["disposition"] > eff["resources"] > eff["structure"] > eff["communication"]


def test_stories_differ_as_documented(default_ds, story2_ds):
    a, b = default_ds.planted, story2_ds.planted
    assert a["causes_ranked"][0] == "disposition"
    assert b["causes_ranked"][:2] == ["structure", "communication"]
    assert {"disposition", "resources"} == set(b["not_supported"])
    # Refocusing: large and concentrated (default) vs only the uniform 2020 national cut.
    assert a["budget"]["observed_cut_by_year"]["2020"] > 0.40
    assert a["budget"]["observed_cut_by_year"]["2021"] > 0.25
    assert b["budget"]["observed_cut_by_year"]["2020"] < 0.30
    assert b["budget"]["observed_cut_by_year"]["2021"] < 0.10
    assert b["budget"]["cut_concentrated_on"] == []
    # Mandates: more missing and fewer on time when structure is the problem.
    assert len(b["mandates"]["missing"]) > len(a["mandates"]["missing"])
    assert b["mandates"]["share_on_time"] < a["mandates"]["share_on_time"]
    # Survey means: the weak factors swap.
    ma, mb = a["survey"]["factor_means"], b["survey"]["factor_means"]
    assert ma["disposition"] < 3 < ma["communication"]
    assert mb["communication"] < 3 < mb["disposition"]
    # Interviews: communication mostly enabler in the default, mostly barrier in story 2.
    assert a["interviews"]["barrier_share"]["communication"] < 0.3
    assert b["interviews"]["barrier_share"]["communication"] > 0.6
    assert default_ds.tables["survey_responses"].shape == story2_ds.tables["survey_responses"].shape


# -------------------------------------------------------------- the plant is in the data


def test_budget_cut_and_absorption_match_plant(any_ds):
    p = any_ds.planted["budget"]
    wide = any_ds.tables["budget"].pivot_table(
        index=["year", "dimension"], columns="stage", values="amount_idr", aggfunc="sum"
    )
    for (year, dim), row in wide.iterrows():
        cut = 1 - row["revised"] / row["planned"]
        planted = p["planted_cut_by_dimension"][dim][str(year)]
        # per-programme cut noise has sd 0.02; a dimension pools 4-7 programmes
        assert cut == pytest.approx(planted, abs=0.035), (year, dim)
    by_year = wide.groupby(level="year").sum()
    for year, row in by_year.iterrows():
        absorption = row["realised"] / row["revised"]
        assert absorption == pytest.approx(p["planted_absorption_by_year"][str(year)], abs=0.03)
        assert 1 - row["revised"] / row["planned"] == pytest.approx(
            p["observed_cut_by_year"][str(year)], abs=1e-6
        )


def test_default_refocusing_cut_size(default_ds):
    # DESIGN story: about 45% in 2020, 30% in 2021, about 5% otherwise.
    cut = default_ds.planted["budget"]["observed_cut_by_year"]
    assert cut["2020"] == pytest.approx(0.45, abs=0.04)
    assert cut["2021"] == pytest.approx(0.30, abs=0.04)
    for y in ("2018", "2019", "2022", "2023"):
        assert cut[y] == pytest.approx(0.05, abs=0.02)


def test_progress_stall_is_in_the_data(any_ds):
    p = any_ds.planted["progress"]
    t = any_ds.tables["program_targets"].merge(
        any_ds.tables["programs"][["program_id", "dimension"]]
    )
    ratio = np.where(
        t["higher_is_better"], t["realisation"] / t["target"], t["target"] / t["realisation"]
    )
    t = t.assign(ach=100 * ratio)
    mean = t.groupby(["dimension", "year"])["ach"].mean()
    for dim, spec in p["dimensions"].items():
        window = (mean[(dim, 2021)] - mean[(dim, 2019)]) / 2
        assert window == pytest.approx(spec["slope_window_pp_per_year"], abs=3.0), dim
    stalled_window = np.mean([(mean[(d, 2021)] - mean[(d, 2019)]) / 2 for d in p["stalled"]])
    on_track_window = np.mean([(mean[(d, 2021)] - mean[(d, 2019)]) / 2 for d in p["on_track"]])
    assert stalled_window < 1.0
    assert on_track_window > 3.0


def test_mandates_match_plant(any_ds):
    p = any_ds.planted["mandates"]
    m = any_ds.tables["mandates"].set_index("mandate_id")
    assert sorted(m.index[m["issued_date"].isna()]) == sorted(p["missing"])
    delays = (m["issued_date"] - m["due_date"]).dt.days
    for mid, days in p["late_days"].items():
        assert delays[mid] == days > 0
    assert all(delays[mid] <= 0 for mid in p["on_time"])
    assert (m["issued_date"].dropna() <= pd.Timestamp(p["as_of"])).all()


def test_interview_shares_and_kappa_match_plant(any_ds):
    p = any_ds.planted["interviews"]
    codes = any_ds.tables["interview_codes"]
    primary = codes[codes["coder"] == p["primary_coder"]]
    share = primary.groupby("factor")["valence"].apply(lambda v: (v == "barrier").mean())
    for factor in FACTORS:
        assert share[factor] == pytest.approx(p["barrier_share"][factor])
    pair = primary.merge(codes[codes["coder"] == p["second_coder"]], on="excerpt_id")
    assert len(pair) == p["n_double_coded"]
    a, b = pair["factor_x"], pair["factor_y"]
    observed = float((a == b).mean())
    expected = sum((a == c).mean() * (b == c).mean() for c in set(a) | set(b))
    kappa = (observed - expected) / (1 - expected)
    assert observed == pytest.approx(p["agreement"]["factor"]["observed_agreement"])
    assert kappa == pytest.approx(p["agreement"]["factor"]["cohen_kappa"], abs=1e-6)
    assert 0.4 < kappa < 0.95  # realistic but imperfect agreement


def test_survey_means_and_determinants_recovered(any_ds):
    p = any_ds.planted["survey"]
    scores = _factor_scores(any_ds)
    for factor, mean in p["factor_means"].items():
        # latent means are exact (orthonormalised scores); item noise and rounding to the
        # 1-5 scale move the mean by less than 0.15
        assert scores[factor].mean() == pytest.approx(mean, abs=0.15), factor
    z = scores.dropna()
    z = (z - z.mean()) / z.std()
    x = np.column_stack([np.ones(len(z)), z[FACTORS].to_numpy()])
    beta = np.linalg.lstsq(x, z["outcome"].to_numpy(), rcond=None)[0][1:]
    est = pd.Series(beta, index=FACTORS).sort_values(ascending=False)
    # One draw: the planted top determinant comes first. Item noise and rounding can swap
    # the next ones in a given sample; how often they are recovered is a rate, checked below.
    assert est.index[0] == p["determinant_order"][0]


@pytest.mark.slow
@pytest.mark.parametrize("story", STORIES)
def test_survey_determinant_order_recovered_across_seeds(story):
    """The survey analysis recovers the planted top-two determinants in order in >= 90 % of
    draws (seeds 0-29; measured 97 % for default and 100 % for structure_communication)."""
    from types import SimpleNamespace

    from evaltools.analysis import survey

    hits = 0
    for seed in range(30):
        ds = generate(seed=seed, story=story)
        ranked = survey.analyze(SimpleNamespace(**ds.tables)).determinants.table["term"].tolist()
        hits += ranked[:2] == ds.planted["survey"]["determinant_order"][:2]
    assert hits / 30 >= 0.9


def test_its_level_change_recovered(default_ds):
    import statsmodels.api as sm

    p = default_ds.planted["its"]
    sm_df = default_ds.tables["service_monthly"]
    for ind, spec in p["indicators"].items():
        g = sm_df[sm_df["indicator_id"] == ind].sort_values("month").reset_index(drop=True)
        t = np.arange(len(g), dtype=float)
        x = pd.DataFrame({"t": t, "s": np.sin(2 * np.pi * t / 12), "c": np.cos(2 * np.pi * t / 12)})
        for label, month in p["breaks"].items():
            k = int(g.index[g["month"] == pd.Timestamp(month)][0])
            x[f"lev_{label}"] = (t >= k).astype(float)
            x[f"sl_{label}"] = np.where(t >= k, t - k, 0.0)
        x = sm.add_constant(x)
        if spec["family"] == "poisson":
            fit = sm.GLM(
                g["value"], x, family=sm.families.Poisson(), offset=np.log(g["exposure"])
            ).fit(scale="X2")
        else:
            fit = sm.OLS(g["value"], x).fit(cov_type="HAC", cov_kwds={"maxlags": 3})
        true = spec["level_change"]["refocusing"]
        est, se = fit.params["lev_refocusing"], fit.bse["lev_refocusing"]
        assert abs(est - true) < 3 * se, (ind, est, true, se)
        assert np.sign(est) == np.sign(true) and abs(est) > 2 * se, ind


def test_peer_did_recovered(any_ds):
    p = any_ds.planted["peers"]
    panel = any_ds.tables["peer_panel"]
    for measure, spec in p["measures"].items():
        g = panel[panel["measure"] == measure]
        post = g["year"] >= 2020
        focal = g["focal"]
        did = (g[post & focal]["value"].mean() - g[~post & focal]["value"].mean()) - (
            g[post & ~focal]["value"].mean() - g[~post & ~focal]["value"].mean()
        )
        assert did == pytest.approx(spec["did"], abs=0.06), measure
        # Parallel pre-trends: focal and peer slopes over 2014-2019 agree.
        pre = g[g["year"] <= 2019]
        slope = pre.groupby("focal").apply(
            lambda d: np.polyfit(d["year"], d["value"], 1)[0], include_groups=False
        )
        assert slope[True] == pytest.approx(slope[False], abs=0.03)


# ------------------------------------------------------------------------ the data layer


def test_committed_demo_loads_without_problems(demo_dir):
    from evaltools.data import load_data

    data = load_data(demo_dir)
    assert data.is_synthetic
    assert data.context["region"] == "Kota Bekasi"
    assert data.context["enactment_date"] == pd.Timestamp("2020-02-27")
    assert (data.context["evaluation_start"], data.context["evaluation_end"]) == (2018, 2023)
    assert len(data.survey_responses) >= 180


def test_second_story_loads_without_problems(tmp_path):
    from evaltools.data import load_data

    out = write_demo(tmp_path / "s2", story="structure_communication", seed=11)
    data = load_data(out)
    assert data.is_synthetic and len(data.interview_codes) > 48


def test_planted_json_documented(repo_root):
    doc = (Path(repo_root) / "docs" / "demo-data.md").read_text(encoding="utf-8")
    planted = generate().planted
    for key in (
        "causes_ranked",
        "not_supported",
        "determinant_order",
        "cut_concentrated_on",
        "event_study",
        "level_change",
        "barrier_share",
        "late_days",
    ):
        assert key in doc, key
    for key in planted:
        assert f"`{key}`" in doc, key
