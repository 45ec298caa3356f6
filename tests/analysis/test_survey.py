"""Tests of evaltools.analysis.survey: reliability, factor scores, determinants, ordinal logit.

Codes and numbers only; the words are tested in tests/prose/test_prose_survey.py.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import matplotlib.figure
import numpy as np
import pandas as pd
import pytest

from evaltools.analysis import survey
from evaltools.analysis.evidence import EVIDENCE_COLUMNS
from evaltools.errors import ParameterError

FACTORS = ("communication", "resources", "disposition", "structure", "environment")


# --------------------------------------------------------------------------------------------
# Helpers: small hand-built survey tables
# --------------------------------------------------------------------------------------------


def make_items(
    spec: dict[str, int], *, reverse: set[str] = frozenset(), lo=1, hi=5
) -> pd.DataFrame:
    rows = []
    for factor, k in spec.items():
        for j in range(1, k + 1):
            item_id = f"{factor[:3]}{j}"
            rows.append(
                {
                    "item_id": item_id,
                    "factor": factor,
                    "sub_factor": f"s{j}",
                    "text": "butir",
                    "reverse": item_id in reverse,
                    "scale_min": lo,
                    "scale_max": hi,
                }
            )
    return pd.DataFrame(rows)


def simulate(
    *, n=400, seed=7, effects=None, means=None, k=3, loading=0.85, noise=0.6, reverse=("dis3",)
):
    """Latent-factor survey with planted standardised effects on the outcome scale."""
    rng = np.random.default_rng(seed)
    effects = effects or {
        "communication": 0.05,
        "resources": 0.30,
        "disposition": 0.45,
        "structure": 0.15,
        "environment": 0.0,
    }
    means = means or {
        "communication": 3.8,
        "resources": 2.6,
        "disposition": 2.4,
        "structure": 3.0,
        "environment": 3.1,
        "outcome": 2.7,
    }
    items = make_items({f: k for f in (*FACTORS, "outcome")}, reverse=set(reverse))
    latent = {f: rng.normal(size=n) for f in FACTORS}
    lin = sum(effects[f] * latent[f] for f in FACTORS)
    latent["outcome"] = lin + rng.normal(scale=math.sqrt(max(1 - np.var(lin), 0.2)), size=n)
    latent["outcome"] /= latent["outcome"].std()
    resp = pd.DataFrame(
        {
            "respondent_id": np.arange(1, n + 1),
            "agency": rng.choice(["Bappeda", "Diskominfostandi", "Dishub", "Disdukcapil"], n),
            "role": rng.choice(["pimpinan", "staf"], n),
            "tenure_years": rng.integers(1, 30, n),
            "wave": 1,
        }
    )
    for it in items.itertuples():
        x = means[it.factor] + loading * latent[it.factor] + rng.normal(scale=noise, size=n)
        x = np.clip(np.round(x), 1, 5)
        resp[it.item_id] = 6 - x if it.reverse else x
    return resp, items


# --------------------------------------------------------------------------------------------
# Cronbach's alpha
# --------------------------------------------------------------------------------------------


def test_alpha_bfi_agreeableness_matches_psych(reference_dir):
    """R psych::alpha on bfi agreeableness (A1 reversed, pairwise covariances):
    raw alpha 0.7030184, standardised alpha 0.7130286 (tests/reference/README.md)."""
    data = pd.read_csv(reference_dir / "bfi_agree.csv")
    assert data.isna().any().any()  # the pin exercises pairwise deletion
    res = survey.cronbach_alpha(data)
    assert res.alpha == pytest.approx(0.7030184, abs=1e-6)
    assert res.std_alpha == pytest.approx(0.7130286, abs=1e-6)
    assert res.ci_low < res.alpha < res.ci_high
    assert res.n_items == 5
    assert res.n_respondents == len(data.dropna(how="all"))
    assert set(res.table.columns) >= {"term", "estimate", "se", "ci_low", "ci_high", "p_value"}


def test_alpha_toy_matrix_by_hand():
    # respondents x items
    toy = pd.DataFrame({"a": [1, 2, 3], "b": [2, 2, 4], "c": [2, 3, 4]})
    # Item variances: a = 1, b = 4/3, c = 1; totals 5, 7, 11 -> variance 28/3.
    # alpha = 3/2 * (1 - (10/3) / (28/3)) = 27/28.
    res = survey.cronbach_alpha(toy)
    assert res.alpha == pytest.approx(27 / 28, abs=1e-12)
    # Standardised alpha by Spearman–Brown on the mean inter-item correlation:
    # r_ab = r_bc = sqrt(3)/2, r_ac = 1.
    rbar = (2 * math.sqrt(3) / 2 + 1) / 3
    assert res.std_alpha == pytest.approx(3 * rbar / (1 + 2 * rbar), abs=1e-12)
    assert res.average_r == pytest.approx(rbar, abs=1e-12)


def test_item_rest_and_alpha_if_deleted_by_hand():
    toy = pd.DataFrame({"a": [1, 2, 3], "b": [2, 2, 4], "c": [2, 3, 4]})
    stats_ = survey.item_statistics(toy).set_index("item")
    # rest of a = b + c = 4, 5, 8: var 13/3, cov(a, rest) = 2 -> r = 2 / sqrt(13/3).
    assert stats_.loc["a", "item_rest_r"] == pytest.approx(2 / math.sqrt(13 / 3), abs=1e-12)
    # Same as a plain Pearson correlation without missing values.
    assert stats_.loc["a", "item_rest_r"] == pytest.approx(
        np.corrcoef(toy["a"], toy["b"] + toy["c"])[0, 1]
    )
    # Without a: var(b) = 4/3, var(c) = 1, var(b + c) = 13/3
    # -> alpha = 2 (1 - (7/3)/(13/3)) = 12/13.
    assert stats_.loc["a", "alpha_if_deleted"] == pytest.approx(12 / 13, abs=1e-12)
    assert stats_.loc["b", "n"] == 3


def test_feldt_interval_formula():
    rng = np.random.default_rng(3)
    common = rng.normal(size=200)
    frame = pd.DataFrame({f"x{i}": common + rng.normal(size=200) for i in range(4)})
    res = survey.cronbach_alpha(frame, ci=0.90)
    from scipy import stats

    # Feldt: (1 - alpha) / (1 - A) ~ F(n - 1, (n - 1)(k - 1)).
    df1, df2 = 199, 199 * 3
    assert res.ci_low == pytest.approx(1 - (1 - res.alpha) * stats.f.ppf(0.95, df1, df2))
    assert res.ci_high == pytest.approx(1 - (1 - res.alpha) * stats.f.ppf(0.05, df1, df2))


def test_alpha_rejects_bad_input():
    with pytest.raises(ParameterError, match="at least 2 items"):
        survey.cronbach_alpha(pd.DataFrame({"a": [1, 2, 3]}))
    with pytest.raises(ParameterError, match="no answers"):
        survey.cronbach_alpha(pd.DataFrame({"a": [1, 2, 3], "b": [np.nan] * 3, "c": [1, 3, 2]}))
    with pytest.raises(ParameterError, match="2 respondents"):
        survey.cronbach_alpha(pd.DataFrame({"a": [1], "b": [2]}))
    with pytest.raises(ParameterError, match="ci"):
        survey.cronbach_alpha(pd.DataFrame({"a": [1, 2, 3], "b": [2, 2, 4]}), ci=95)


def test_reverse_code():
    items = make_items({"disposition": 2}, reverse={"dis2"})
    resp = pd.DataFrame({"respondent_id": [1, 2, 3], "dis1": [1, 2, 5], "dis2": [1, np.nan, 4]})
    out = survey.reverse_code(resp, items)
    assert out["dis1"].tolist() == [1, 2, 5]
    # 1..5 scale: x -> 6 - x, blanks stay blank
    assert (
        out["dis2"].tolist()[0] == 5
        and np.isnan(out["dis2"].tolist()[1])
        and out["dis2"].tolist()[2] == 2
    )
    # other scales: x -> min + max - x
    items7 = make_items({"disposition": 1}, reverse={"dis1"}, lo=0, hi=10)
    assert survey.reverse_code(pd.DataFrame({"dis1": [3.0]}), items7)["dis1"].iloc[0] == 7


# --------------------------------------------------------------------------------------------
# Omega
# --------------------------------------------------------------------------------------------


def _data_with_exact_correlation(corr: np.ndarray, n: int, seed: int) -> pd.DataFrame:
    """Data whose sample correlation matrix is exactly ``corr``."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, corr.shape[0]))
    z -= z.mean(axis=0)
    # whiten so the sample covariance is the identity, then colour with chol(corr)
    z = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z, rowvar=False))).T
    x = z @ np.linalg.cholesky(corr).T
    return pd.DataFrame(x, columns=[f"i{j}" for j in range(corr.shape[0])])


def test_omega_recovers_exact_one_factor_model():
    lam = np.array([0.8, 0.7, 0.6, 0.5])
    corr = np.outer(lam, lam)
    np.fill_diagonal(corr, 1.0)
    data = _data_with_exact_correlation(corr, 300, seed=11)
    res = survey.mcdonald_omega(data)
    assert res.converged
    np.testing.assert_allclose(res.loadings.to_numpy(), lam, atol=1e-4)
    # omega = (sum lambda)^2 / ((sum lambda)^2 + sum(1 - lambda^2)) = 6.76 / (6.76 + 2.26)
    assert res.omega == pytest.approx(6.76 / 9.02, abs=1e-4)


def test_omega_needs_three_items():
    res = survey.mcdonald_omega(pd.DataFrame({"a": [1, 2, 3, 4], "b": [2, 1, 4, 4]}))
    assert np.isnan(res.omega)
    assert [(s.code, s.kind) for s in res.statements] == [
        ("reliability.omega_too_few_items", "caveat")
    ]


# --------------------------------------------------------------------------------------------
# Reliability table and edge cases
# --------------------------------------------------------------------------------------------


def test_reliability_table_and_edge_cases():
    resp, items = simulate(n=120, seed=1)
    # one-item factor, an item nobody answered, and an incoherent (unreliable) scale
    items = items[~items["item_id"].isin(["env2", "env3"])]
    resp["str2"] = np.nan
    rng = np.random.default_rng(5)
    for c in ("com1", "com2", "com3"):
        resp[c] = rng.integers(1, 6, len(resp)).astype(float)
    res = survey.reliability(resp, items=items)
    t = res.table.set_index("factor")
    assert list(t.index) == [*FACTORS, "outcome"]
    assert set(t.columns) >= {
        "n_items",
        "n_respondents",
        "alpha",
        "std_alpha",
        "ci_low",
        "ci_high",
        "omega",
        "flag",
        "reliable",
    }
    assert t.loc["environment", "flag"] == "single_item"
    assert np.isnan(t.loc["environment", "alpha"])
    assert t.loc["structure", "n_items"] == 2 and t.loc["structure", "n_items_excluded"] == 1
    assert np.isnan(t.loc["structure", "omega"])  # two usable items: omega not identified
    assert t.loc["communication", "flag"] == "low_alpha" and not t.loc["communication", "reliable"]
    assert t.loc["disposition", "flag"] == "ok" and t.loc["disposition", "alpha"] > 0.7
    # The reverse-coded item must be recoded before alpha: computing alpha on raw answers
    # gives a much lower value.
    raw = survey.cronbach_alpha(resp[["dis1", "dis2", "dis3"]]).alpha
    assert t.loc["disposition", "alpha"] > raw + 0.3
    notes = {s.code: s.values for s in res.statements if s.kind == "caveat"}
    assert notes["survey.items_excluded"] == {"items": ["str2"], "factor": "structure"}
    assert notes["survey.single_item"] == {"factor": "environment"}
    assert notes["survey.low_alpha"]["factor"] == "communication"
    assert notes["survey.low_alpha"]["alpha"] == pytest.approx(t.loc["communication", "alpha"])
    assert notes["survey.low_alpha"]["min_alpha"] == survey.MIN_ALPHA
    summary = next(s for s in res.statements if s.code == "survey.reliable_scales")
    assert summary.values["n_scales"] == 6
    assert summary.values["n_reliable"] == int((t["flag"] == "ok").sum())
    assert set(res.items["factor"]) >= {"disposition", "resources"}


def test_reliability_single_respondent():
    items = make_items({"disposition": 3})
    resp = pd.DataFrame({"respondent_id": [1], "dis1": [2], "dis2": [3], "dis3": [2]})
    res = survey.reliability(resp, items=items)
    row = res.table.iloc[0]
    assert row["flag"] == "too_few_respondents" and np.isnan(row["alpha"])
    assert row["n_respondents"] == 1
    assert "survey.too_few_respondents" in [s.code for s in res.statements]


def test_unknown_factor_label_is_rejected():
    items = make_items({"disposition": 2})
    items.loc[0, "factor"] = "leadership"
    resp = pd.DataFrame({"dis1": [1, 2], "dis2": [2, 3]})
    with pytest.raises(ParameterError, match="leadership"):
        survey.reliability(resp, items=items)
    with pytest.raises(ParameterError, match="items is required"):
        survey.reliability(resp)
    with pytest.raises(ParameterError, match="dis9"):
        survey.reliability(resp, items=make_items({"disposition": 9}))


# --------------------------------------------------------------------------------------------
# Factor scores
# --------------------------------------------------------------------------------------------


def test_factor_scores_by_hand():
    items = make_items({"disposition": 4, "resources": 2}, reverse={"dis4"})
    resp = pd.DataFrame(
        {
            "respondent_id": [1, 2, 3, 4],
            "agency": ["A", "A", "B", "A"],
            "role": ["staf", "staf", "pimpinan", "pimpinan"],
            "dis1": [2, 4, 1, np.nan],
            "dis2": [3, 4, np.nan, np.nan],
            "dis3": [2, np.nan, np.nan, np.nan],
            "dis4": [4, 2, 5, 3],  # reversed: 2, 4, 1, 3
            "res1": [5, 4, 3, 2],
            "res2": [5, 2, 3, np.nan],
        }
    )
    scores = survey.respondent_scores(resp, items=items).set_index("respondent_id")
    # respondent 1: (2 + 3 + 2 + 2) / 4; respondent 2: (4 + 4 + 4) / 3;
    # respondent 3: answered 2 of 4 (half) -> (1 + 1) / 2; respondent 4: 1 of 4 -> no score.
    assert scores.loc[1, "disposition"] == pytest.approx(9 / 4)
    assert scores.loc[2, "disposition"] == pytest.approx(4.0)
    assert scores.loc[3, "disposition"] == pytest.approx(1.0)
    assert np.isnan(scores.loc[4, "disposition"])
    assert scores.loc[4, "resources"] == pytest.approx(2.0)  # 1 of 2 answered = half

    res = survey.factor_scores(resp, items=items, by="agency")
    t = res.table.set_index(["group", "factor"])
    # agency A, disposition: respondents 1 and 2 -> mean (2.25 + 4) / 2, sd = 1.75/sqrt(2)
    row = t.loc[("A", "disposition")]
    assert row["n"] == 2 and row["mean"] == pytest.approx(3.125)
    from scipy import stats

    half = stats.t.ppf(0.975, 1) * (1.75 / math.sqrt(2)) / math.sqrt(2)
    assert row["ci_low"] == pytest.approx(3.125 - half) and row["ci_high"] == pytest.approx(
        3.125 + half
    )
    # agency B has a single respondent: a mean but no interval
    single = t.loc[("B", "disposition")]
    assert single["n"] == 1 and single["mean"] == 1.0 and np.isnan(single["ci_low"])
    assert row["midpoint"] == 3.0
    # groups under five respondents are flagged
    assert [s.values for s in res.statements if s.kind == "caveat"] == [
        {"by": "agency", "min_n": 5}
    ]
    lowest = next(s for s in res.statements if s.code == "survey.lowest_group")
    assert (lowest.values["group"], lowest.values["factor"]) == ("B", "disposition")
    assert lowest.values["mean"] == 1.0

    overall = survey.factor_scores(resp, items=items, by=None).table.set_index("factor")
    assert overall.loc["resources", "mean"] == pytest.approx((5 + 3 + 3 + 2) / 4)
    assert set(overall["group"]) == {"all"}
    assert isinstance(res.plot(), matplotlib.figure.Figure)

    with pytest.raises(ParameterError, match="by='division'"):
        survey.factor_scores(resp, items=items, by="division")


def test_factor_with_mixed_scales_rejected():
    items = make_items({"disposition": 2})
    items.loc[1, "scale_max"] = 7
    resp = pd.DataFrame({"dis1": [1, 2], "dis2": [2, 3]})
    with pytest.raises(ParameterError, match="different scales"):
        survey.respondent_scores(resp, items=items)


# --------------------------------------------------------------------------------------------
# Determinants
# --------------------------------------------------------------------------------------------


def test_determinants_recover_planted_order_and_match_manual_hc3():
    resp, items = simulate(n=600, seed=2)
    res = survey.determinants(resp, items=items)
    t = res.table
    assert list(t.columns[:7]) == [
        "term",
        "label",
        "estimate",
        "se",
        "ci_low",
        "ci_high",
        "p_value",
    ]
    # planted: disposition 0.45 > resources 0.30 > structure 0.15
    assert t["term"].tolist()[:3] == ["disposition", "resources", "structure"]
    assert t["rank"].tolist() == [1, 2, 3, 4, 5]
    assert t.set_index("term").loc["disposition", "p_value"] < 0.001

    # Independent computation: z-score, OLS by least squares, HC3 sandwich by hand.
    scores = survey.respondent_scores(resp, items=items)[["outcome", *FACTORS]].dropna()
    z = (scores - scores.mean()) / scores.std(ddof=1)
    X = np.column_stack([np.ones(len(z)), z[list(FACTORS)].to_numpy()])
    y = z["outcome"].to_numpy()
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    e = y - X @ beta
    xtx_inv = np.linalg.inv(X.T @ X)
    h = np.einsum("ij,jk,ik->i", X, xtx_inv, X)
    meat = (X * (e**2 / (1 - h) ** 2)[:, None]).T @ X
    se = np.sqrt(np.diag(xtx_inv @ meat @ xtx_inv))
    by_term = t.set_index("term")
    for j, f in enumerate(FACTORS, start=1):
        assert by_term.loc[f, "estimate"] == pytest.approx(beta[j], abs=1e-10)
        assert by_term.loc[f, "se"] == pytest.approx(se[j], rel=1e-8)
    assert res.n == len(z)
    assert isinstance(res.plot(), matplotlib.figure.Figure)


def test_determinants_errors():
    resp, items = simulate(n=50, seed=3)
    with pytest.raises(ParameterError, match="outcome"):
        survey.determinants(resp, items=items[items["factor"] != "outcome"])
    with pytest.raises(ParameterError, match="unknown"):
        survey.determinants(resp, items=items, factors=["mindset"])
    with pytest.raises(ParameterError, match="at least"):
        survey.determinants(resp.head(5), items=items)


# --------------------------------------------------------------------------------------------
# Ordinal logit
# --------------------------------------------------------------------------------------------


def test_ordinal_logit_ucla(reference_dir):
    """UCLA IDRE ologit example (Stata): pared 1.047664 (SE 0.265789), public -0.058683
    (0.297858), gpa 0.615746 (0.260631); cut-points 2.203323, 4.298767; log-likelihood
    -358.512436 (tests/reference/README.md)."""
    data = pd.read_csv(reference_dir / "ologit_ucla.csv")
    res = survey.ordinal_logit(
        data,
        outcome="apply",
        predictors=["pared", "public", "gpa"],
        levels=["unlikely", "somewhat likely", "very likely"],
    )
    t = res.table.set_index("term")
    for term, est, se in (
        ("pared", 1.047664, 0.265789),
        ("public", -0.058683, 0.297858),
        ("gpa", 0.615746, 0.260631),
    ):
        assert t.loc[term, "estimate"] == pytest.approx(est, abs=1e-3)
        assert t.loc[term, "se"] == pytest.approx(se, abs=1e-3)
    np.testing.assert_allclose(res.cutpoints.to_numpy(), [2.203323, 4.298767], atol=1e-3)
    assert res.loglik == pytest.approx(-358.512436, abs=1e-3)
    assert res.converged and res.n == 400
    assert res.cutpoints.index.tolist() == [
        "unlikely|somewhat likely",
        "somewhat likely|very likely",
    ]
    # Delta-method SE of the second cut-point must exceed zero and be finite.
    assert 0 < t.loc["somewhat likely|very likely", "se"] < 2
    assert t.loc["pared", "odds_ratio"] == pytest.approx(math.exp(1.047664), rel=1e-3)


def test_ordinal_logit_ordered_categorical_and_errors(reference_dir):
    data = pd.read_csv(reference_dir / "ologit_ucla.csv")
    data["apply"] = pd.Categorical(
        data["apply"], categories=["unlikely", "somewhat likely", "very likely"], ordered=True
    )
    res = survey.ordinal_logit(data, outcome="apply", predictors=["pared", "gpa"])
    assert res.levels == ["unlikely", "somewhat likely", "very likely"]
    with pytest.raises(ParameterError, match="not in levels"):
        survey.ordinal_logit(
            data.astype({"apply": str}),
            outcome="apply",
            predictors=["gpa"],
            levels=["unlikely", "very likely"],
        )
    with pytest.raises(ParameterError, match="not in data"):
        survey.ordinal_logit(data, outcome="apply", predictors=["income"])


# --------------------------------------------------------------------------------------------
# analyse() and evidence()
# --------------------------------------------------------------------------------------------


def test_analyse_with_evaldata_namespace_and_evidence_rules():
    resp, items = simulate(n=400, seed=4)
    data = SimpleNamespace(survey_items=items, survey_responses=resp)
    res = survey.analyse(data, by="agency")
    t = res.table.set_index("factor")
    assert t.loc["disposition", "rank"] == 1
    assert bool(t.loc["disposition", "below_midpoint"]) and not bool(
        t.loc["communication", "below_midpoint"]
    )
    said = {s.code: s.values for s in res.statements}
    assert said["survey.respondents"] == {"n": 400, "n_agencies": 4}
    assert said["survey.top_determinant"]["factor"] == "disposition"
    assert said["survey.top_determinant"]["estimate"] == pytest.approx(
        t.loc["disposition", "estimate"]
    )
    assert said["survey.lowest_factor"]["factor"] == t["mean"].idxmin()
    assert said["survey.variance_explained"]["r2"] == pytest.approx(res.determinants.r2)
    assert res.sentences and all(isinstance(s, str) for s in res.sentences)
    assert isinstance(res.plot(), matplotlib.figure.Figure)

    ev = survey.evidence(res).set_index("factor")
    assert list(survey.evidence(res).columns) == list(EVIDENCE_COLUMNS)
    assert (ev["source"] == "survey").all()
    # disposition: clearly low and the strongest significant determinant -> strong barrier
    assert (
        ev.loc["disposition", "direction"] == "barrier"
        and ev.loc["disposition", "strength"] == "strong"
    )
    assert ev.loc["resources", "direction"] == "barrier"
    # communication: mean 3.8, clearly above the midpoint, tiny effect -> enabler, weak
    assert (
        ev.loc["communication", "direction"] == "enabler"
        and ev.loc["communication", "strength"] == "weak"
    )
    assert ev.loc["disposition", "score"] < ev.loc["resources", "score"] < 0
    assert ev.loc["communication", "score"] > 0
    assert (ev["n"] == 400).all()
    detail = ev.loc["disposition", "detail"]
    assert detail.code == "survey.evidence_detail"
    assert detail.values["alpha"] == pytest.approx(t.loc["disposition", "alpha"])
    assert detail.values["rank"] == 1 and detail.values["cap_reasons"] == []
    summary = ev.loc["disposition", "finding"]
    assert summary.code == "survey.evidence" and summary.values["relation"] == "significant"
    assert summary.values["below_midpoint"] is True


def test_evidence_unreliable_scale_capped_at_weak():
    resp, items = simulate(n=400, seed=6)
    rng = np.random.default_rng(9)
    # destroy the disposition scale's internal consistency: answers unrelated to each other
    for c in ("dis1", "dis2"):
        resp[c] = rng.integers(1, 4, len(resp)).astype(float)
    res = survey.analyse(resp, items=items, by=None)
    assert res.by_group is None
    row = res.table.set_index("factor").loc["disposition"]
    assert row["flag"] == "low_alpha"
    ev = survey.evidence(res).set_index("factor")
    assert ev.loc["disposition", "direction"] == "barrier"
    assert ev.loc["disposition", "strength"] == "weak"
    assert ev.loc["disposition", "detail"].values["reliable"] is False


def test_analyse_without_outcome_items_says_so():
    resp, items = simulate(n=60, seed=8)
    res = survey.analyse(resp, items=items[items["factor"] != "outcome"])
    assert res.determinants is None
    assert "survey.no_outcome_items" in [s.code for s in res.statements if s.kind == "caveat"]
    assert res.determinants_note  # words: tests/prose/test_prose_survey.py
    ev = survey.evidence(res).set_index("factor")
    # without a determinant model only the level rule applies
    assert ev.loc["disposition", "direction"] == "barrier"
    assert ev.loc["disposition", "strength"] == "moderate"


def test_evidence_rejects_other_results():
    with pytest.raises(ParameterError):
        survey.evidence(object())


# --------------------------------------------------------------------------------------------
# Demo data: the planted mechanisms must come out (data/demo/planted.json, evaltools.data.demo)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["default", "structure_communication"])
def demo_story(request):
    from evaltools.data.demo import generate

    ds = generate(story=request.param)
    data = SimpleNamespace(**ds.tables)
    return ds.planted, survey.analyse(data)


def test_demo_determinants_in_planted_order(demo_story):
    planted, res = demo_story
    order = planted["survey"]["determinant_order"]
    ranked = res.determinants.table["term"].tolist()
    # the planted top factor first (the order of the next ones is a rate over draws:
    # tests/data/test_demo.py::test_survey_determinant_order_recovered_across_seeds)
    assert ranked[0] == order[0]
    # the planted effects and the estimated standardised coefficients agree in rank
    from scipy import stats

    est = res.determinants.table.set_index("term")["estimate"]
    eff = pd.Series(planted["survey"]["effects"])
    rho = stats.spearmanr(est[eff.index], eff).statistic
    assert rho >= 0.8 - 1e-12  # 0.8 = one adjacent swap among five factors
    # every factor with a planted effect of at least 0.15 is a significant determinant
    p = res.determinants.table.set_index("term")["p_value"]
    assert all(p[f] < 0.05 for f, e in eff.items() if e >= 0.15)


def test_demo_factor_means_match_plant(demo_story):
    planted, res = demo_story
    t = res.table.set_index("factor")
    for factor, mean in planted["survey"]["factor_means"].items():
        # rounding answers to the 1–5 scale shifts means a little; 0.15 is ~4 standard errors
        assert t.loc[factor, "mean"] == pytest.approx(mean, abs=0.15), factor
    assert (t["flag"] == "ok").all()
    assert res.n_respondents == planted["survey"]["n_respondents"]


def test_demo_survey_evidence_matches_story(demo_story):
    planted, res = demo_story
    ev = survey.evidence(res).set_index("factor")
    roles = planted["cause_roles"]
    primary = next(f for f, r in roles.items() if r == "primary")
    assert ev.loc[primary, "direction"] == "barrier" and ev.loc[primary, "strength"] == "strong"
    for factor, role in roles.items():
        if role == "not_a_barrier":
            assert ev.loc[factor, "direction"] != "barrier", factor
    # the strongest survey barrier is the planted primary cause
    assert ev["score"].idxmin() == primary


def test_demo_loaded_through_data_layer(demo_dir):
    import evaltools

    data = evaltools.load_data(demo_dir)
    res = survey.analyse(data)
    assert res.determinants.table["term"].iloc[0] == "disposition"
    assert res.n_respondents == len(data.survey_responses)


# --------------------------------------------------------------------------------------------
# Strength follows the information; significance follows confidence_level; associational words
# --------------------------------------------------------------------------------------------

_ORDER = ("none", "weak", "moderate", "strong")


def test_strength_caps_follow_respondents_and_items():
    resp, items = simulate(n=400, seed=4)
    full = survey.evidence(survey.analyse(resp, items=items, by=None)).set_index("factor")
    assert full.loc["disposition", "strength"] == "strong"
    # 60 respondents: below STRONG_MIN_RESPONDENTS -> at most moderate, score shrinks with n
    mid = survey.analyse(resp.head(60), items=items, by=None)
    t = mid.table.set_index("factor")
    assert t.loc["disposition", "strength_cap"] == "moderate"
    assert t.loc["disposition", "cap_reason"] == "few_respondents"
    ev = survey.evidence(mid).set_index("factor")
    assert ev.loc["disposition", "strength"] in ("moderate", "weak")
    assert ev.loc["disposition", "n"] == 60
    assert ev.loc["disposition", "detail"].values["cap_reasons"] == ["few_respondents"]
    # 25 respondents: at most weak (a regression on a handful of respondents cannot be strong)
    few = survey.evidence(survey.analyse(resp.head(25), items=items, by=None))
    assert set(few["strength"]) <= {"weak", "none"}
    assert (few["score"].abs() <= 0.45 * 25 / survey.FULL_INFORMATION_RESPONDENTS + 1e-12).all()
    # a two-item scale cannot give strong evidence, whatever the sample size
    two = items[items["item_id"] != "dis3"]
    t2 = survey.analyse(resp.drop(columns="dis3"), items=two, by=None)
    assert t2.table.set_index("factor").loc["disposition", "cap_reason"] == "few_items"
    assert survey.evidence(t2).set_index("factor").loc["disposition", "strength"] == "moderate"


def test_determinant_significance_uses_confidence_level():
    import dataclasses

    resp, items = simulate(n=400, seed=4)
    res = survey.analyse(resp, items=items, by=None)
    t = res.table.copy()
    i = t.index[t["factor"] == "structure"][0]
    # mean just below the midpoint but not clearly low; a positive coefficient with p = 0.03
    t.loc[i, ["mean", "ci_low", "ci_high", "estimate", "p_value"]] = [2.95, 2.85, 3.05, 0.25, 0.03]
    at95 = dataclasses.replace(res, table=t, params={**res.params, "confidence_level": 0.95})
    at99 = dataclasses.replace(res, table=t, params={**res.params, "confidence_level": 0.99})
    ev95 = survey.evidence(at95).set_index("factor").loc["structure"]
    ev99 = survey.evidence(at99).set_index("factor").loc["structure"]
    assert ev95["strength"] == "moderate" and ev95["finding"].values["relation"] == "significant"
    assert ev99["strength"] == "weak" and ev99["finding"].values["relation"] == "not_significant"
    # the regression tables carry the significance code at the parameter's level
    det = res.determinants.table
    assert (det["significant"] == (det["p_value"] < 0.05)).all()
    det90 = survey.analyse(resp, items=items, by=None, confidence_level=0.9).determinants.table
    assert (det90["significant"] == (det90["p_value"] < 0.1)).all()
    z = survey.respondent_scores(resp, items=items).dropna()
    z["y"] = pd.cut(z["outcome"], 3, labels=False)
    for level in (0.9, 0.99):
        ol = survey.ordinal_logit(
            z, outcome="y", predictors=["structure", "communication"], confidence_level=level
        ).table
        coef = ol[ol["kind"] == "coef"]
        assert (coef["significant"] == (coef["p_value"] < 1 - level)).all()
        assert ol.loc[ol["kind"] == "cutpoint", "significant"].isna().all()
    # the determinants statement carries the level of the parameter (its significance level)
    r90 = survey.analyse(resp, items=items, by=None, confidence_level=0.9)
    for r, level in ((r90, 0.9), (res, 0.95)):
        said = next(s for s in r.statements if s.code == "survey.variance_explained")
        assert said.values["level"] == level
        det_table = r.determinants.table
        positive = det_table["significant"] & (det_table["estimate"] > 0)
        assert said.values["n_significant"] == int(positive.sum())


def test_thin_survey_weaker_than_full_data():
    """35 respondents drawn from the demo's survey come out weaker than the whole survey."""
    from evaltools.data.demo import generate

    tables = generate(story="default").tables
    items, resp = tables["survey_items"], tables["survey_responses"]
    full = survey.evidence(survey.analyse(resp, items=items, by=None)).set_index("factor")
    assert "strong" in set(full["strength"])
    thin_scores = {f: [] for f in full.index}
    for seed in range(5):
        sub = resp.sample(n=35, random_state=seed)
        ev = survey.evidence(survey.analyse(sub, items=items, by=None)).set_index("factor")
        assert "strong" not in set(ev["strength"]), seed
        assert (ev["n"] <= 35).all()
        for f in full.index:
            if full.loc[f, "strength"] != "none" and f in ev.index:
                assert _ORDER.index(ev.loc[f, "strength"]) <= _ORDER.index(
                    full.loc[f, "strength"]
                ), (seed, f)
            thin_scores[f].append(abs(ev.loc[f, "score"]) if f in ev.index else 0.0)
    for f in full.index:
        if full.loc[f, "strength"] != "none":
            assert np.mean(thin_scores[f]) < abs(full.loc[f, "score"]), f
