"""Tests of evaltools.analysis.interviews: shares, quotes, Cohen's kappa, evidence rows.

Codes and numbers only; the words are tested in tests/prose/test_prose_interviews.py.
"""

from __future__ import annotations

from types import SimpleNamespace

import matplotlib.figure
import numpy as np
import pandas as pd
import pytest

from evaltools.analysis import interviews
from evaltools.analysis.evidence import EVIDENCE_COLUMNS
from evaltools.errors import ParameterError


def code(
    eid, factor, valence, *, stakeholder="Bappeda", interview="W1", sub="s1", quote=None, coder=None
):
    row = {
        "excerpt_id": eid,
        "interview_id": interview,
        "stakeholder": stakeholder,
        "factor": factor,
        "sub_factor": sub,
        "valence": valence,
        "dimension": "governance",
        "quote": quote if quote is not None else f"kutipan {eid}",
    }
    if coder is not None:
        row["coder"] = coder
    return row


def _caveat_values(result, code_):
    """Values of the caveats of one code, in order."""
    return [dict(s.values) for s in result.statements if s.kind == "caveat" and s.code == code_]


def pairs_from_table(table):
    a, b = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [i] * count
            b += [j] * count
    return a, b


# --------------------------------------------------------------------------------------------
# Cohen's kappa
# --------------------------------------------------------------------------------------------


def test_kappa_hand_computed_two_by_two():
    # 50 excerpts, yes/yes 20, yes/no 5, no/yes 10, no/no 15 (the worked example of the
    # Wikipedia "Cohen's kappa" article): p_o = 35/50 = 0.7; coder A says yes 25/50,
    # coder B 30/50, so p_e = 0.5 * 0.6 + 0.5 * 0.4 = 0.5 and kappa = (0.7 - 0.5) / 0.5 = 0.4.
    a, b = pairs_from_table([[20, 5], [10, 15]])
    res = interviews.cohen_kappa(a, b)
    assert res.p_observed == pytest.approx(0.7)
    assert res.p_expected == pytest.approx(0.5)
    assert res.kappa == pytest.approx(0.4)
    assert res.n == 50
    # Fleiss–Cohen–Everitt variance by hand: A = .4(1-1.1*.6)^2 + .3(1-.9*.6)^2 = .10972,
    # B = .36 * (.1 * 1.1^2 + .2 * .9^2) = .10188, C = (.4 - .5 * .6)^2 = .01;
    # var = (A + B - C) / (50 * .5^2) = .016128.
    assert res.se == pytest.approx(np.sqrt(0.016128), abs=1e-9)
    assert res.agreement == "fair"  # Landis–Koch 0.21–0.40
    assert res.confusion.to_numpy().tolist() == [[20, 5], [10, 15]]


def test_kappa_matches_sas_proc_freq_example():
    """SAS/STAT PROC FREQ simple kappa for the 3x3 table [[0,4,1],[0,8,0],[0,1,5]]:
    kappa 0.4842, ASE 0.1380, 95% CI 0.2137–0.7547, ASE under H0 0.1484, two-sided
    p 0.0011 (SAS printout reproduced in statsmodels' test_inter_rater.py)."""
    a, b = pairs_from_table([[0, 4, 1], [0, 8, 0], [0, 1, 5]])
    res = interviews.cohen_kappa(a, b)
    assert res.kappa == pytest.approx(0.4842, abs=5e-5)
    assert res.se == pytest.approx(0.1380, abs=5e-5)
    assert res.ci_low == pytest.approx(0.2137, abs=5e-5)
    assert res.ci_high == pytest.approx(0.7547, abs=5e-5)
    assert res.se0 == pytest.approx(0.1484, abs=5e-5)
    assert res.table["p_value"].iloc[0] == pytest.approx(0.0011, abs=5e-5)


def test_kappa_se_matches_sampling_distribution():
    # The large-sample SE should match the spread of kappa over repeated samples of the
    # same size from the same cell probabilities.
    p = np.array([[0.45, 0.05, 0.02], [0.06, 0.25, 0.02], [0.02, 0.03, 0.10]])
    rng = np.random.default_rng(42)
    n = 400
    draws = []
    for _ in range(800):
        counts = rng.multinomial(n, p.ravel()).reshape(3, 3)
        draws.append(interviews.cohen_kappa(*pairs_from_table(counts)).kappa)
    a, b = pairs_from_table((p * n).round().astype(int))
    analytic = interviews.cohen_kappa(a, b).se
    assert np.std(draws, ddof=1) == pytest.approx(analytic, rel=0.12)


def test_kappa_edge_cases():
    res = interviews.cohen_kappa(["a", "a"], ["a", "a"])
    assert np.isnan(res.kappa) and res.agreement == "undefined"
    perfect = interviews.cohen_kappa(["a", "b", "a"], ["a", "b", "a"])
    assert perfect.kappa == pytest.approx(1.0) and perfect.agreement == "almost_perfect"
    with pytest.raises(ParameterError, match="same length"):
        interviews.cohen_kappa(["a"], ["a", "b"])
    with pytest.raises(ParameterError, match="categories"):
        interviews.cohen_kappa(["a"], ["z"], categories=["a", "b"])


@pytest.mark.parametrize(
    ("kappa", "label"),
    [
        (-0.1, "poor"),
        (0.0, "slight"),
        (0.2, "slight"),
        (0.35, "fair"),
        (0.5, "moderate"),
        (0.7, "substantial"),
        (0.95, "almost_perfect"),
        (float("nan"), "undefined"),
    ],
)
def test_landis_koch_labels(kappa, label):
    assert interviews.landis_koch(kappa) == label


# --------------------------------------------------------------------------------------------
# Counts, shares, quotes
# --------------------------------------------------------------------------------------------


def small_codes():
    rows = [
        code("E1", "disposition", "barrier", stakeholder="Bappeda", interview="W1", sub="attitude"),
        code("E2", "disposition", "barrier", stakeholder="Bappeda", interview="W1", sub="attitude"),
        code("E3", "disposition", "enabler", stakeholder="DPRD", interview="W2", sub="incentives"),
        code("E4", "disposition", "barrier", stakeholder="DPRD", interview="W2", sub="commitment"),
        code("E5", "resources", "neutral", stakeholder="DPRD", interview="W2", sub="budget"),
        code(
            "E6",
            "resources",
            "barrier",
            stakeholder="warga",
            interview="W3",
            sub="budget",
            quote="",
        ),
        code("E7", "disposition", "barrier", stakeholder="warga", interview="W3", sub="attitude"),
    ]
    return pd.DataFrame(rows)


def test_valence_table_shares_by_hand():
    t = interviews.valence_table(small_codes(), by="stakeholder").set_index(["factor", "group"])
    # disposition x DPRD: E3 enabler, E4 barrier -> 1/2 each
    row = t.loc[("disposition", "DPRD")]
    assert (row["n"], row["barrier"], row["enabler"], row["neutral"]) == (2, 1, 1, 0)
    assert row["barrier_share"] == pytest.approx(0.5)
    totals = interviews.factor_summary(small_codes()).set_index("factor")
    # disposition: 5 excerpts, 4 barriers (E1, E2, E4, E7) -> 0.8; 3 stakeholder groups
    assert totals.loc["disposition", "n"] == 5
    assert totals.loc["disposition", "barrier_share"] == pytest.approx(0.8)
    assert totals.loc["disposition", "n_groups"] == 3
    assert totals.loc["disposition", "n_groups_barrier"] == 3
    assert totals.loc["disposition", "n_groups_enabler"] == 1
    assert totals.loc["resources", "neutral_share"] == pytest.approx(0.5)
    shares = t[["barrier_share", "enabler_share", "neutral_share"]].sum(axis=1)
    np.testing.assert_allclose(shares, 1.0)


def test_representative_quotes_are_deterministic_and_cover_sub_factors():
    codes = small_codes()
    q = interviews.representative_quotes(codes, per_factor=3)
    d = q[q["factor"] == "disposition"]
    # sub-factors by frequency: attitude (3), then commitment and incentives (1 each, by name)
    assert d["sub_factor"].tolist() == ["attitude", "commitment", "incentives"]
    # attitude: modal valence barrier; first pick E1 (smallest id)
    assert d["excerpt_id"].tolist()[0] == "E1"
    # commitment: only E4
    assert d["excerpt_id"].tolist()[1] == "E4"
    assert (d["stakeholder"].iloc[0], d["interview_id"].iloc[0]) == ("Bappeda", "W1")
    assert d["attribution"].map(type).eq(str).all()  # words: tests/prose
    # empty quotes are skipped (E6)
    assert "E6" not in set(q["excerpt_id"])
    shuffled = codes.sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(interviews.representative_quotes(shuffled, per_factor=3), q)
    # second pass over sub-factors prefers a stakeholder group not yet quoted
    q2 = interviews.representative_quotes(codes, per_factor=4)
    d2 = q2[q2["factor"] == "disposition"]
    assert d2["excerpt_id"].tolist()[3] == "E7"  # warga, not Bappeda's E2
    with pytest.raises(ParameterError, match="per_factor"):
        interviews.representative_quotes(codes, per_factor=0)


def test_primary_coder_rule():
    rows = [
        code("E1", "disposition", "barrier", coder="K2"),
        code("E1", "structure", "neutral", coder="K1"),
        code("E2", "resources", "barrier", coder="K2"),
    ]
    codes = pd.DataFrame(rows)
    default = interviews.primary_codes(codes).set_index("excerpt_id")
    assert default.loc["E1", "coder"] == "K1"  # alphabetically first coder
    chosen = interviews.primary_codes(codes, coder="K2").set_index("excerpt_id")
    assert chosen.loc["E1", "factor"] == "disposition"
    assert chosen.loc["E2", "coder"] == "K2"
    with pytest.raises(ParameterError, match="K9"):
        interviews.primary_codes(codes, coder="K9")


def test_input_validation():
    bad = small_codes()
    bad.loc[0, "factor"] = "leadership"
    with pytest.raises(ParameterError, match="leadership"):
        interviews.analyse(bad)
    bad = small_codes()
    bad.loc[0, "valence"] = "positive"
    with pytest.raises(ParameterError, match="positive"):
        interviews.analyse(bad)
    with pytest.raises(ParameterError, match="quote"):
        interviews.analyse(small_codes().drop(columns="quote"))
    dup = pd.concat([small_codes(), small_codes().head(1)])
    with pytest.raises(ParameterError, match="unique"):
        interviews.analyse(dup)
    with pytest.raises(ParameterError, match="interview_codes"):
        interviews.analyse(SimpleNamespace(interview_codes=None))
    blank = small_codes()
    blank.loc[2, "factor"] = None
    with pytest.raises(ParameterError, match=r"factor in data row\(s\) \[3\]"):
        interviews.analyse(blank)


# --------------------------------------------------------------------------------------------
# Double coding
# --------------------------------------------------------------------------------------------


def double_coded():
    rows = []
    factors = ["disposition", "resources", "structure", "communication"]
    valences = ["barrier", "enabler", "neutral"]
    for i in range(12):
        f, v = factors[i % 4], valences[i % 3]
        rows.append(code(f"E{i:02d}", f, v, coder="K1"))
        # K2 disagrees on the factor for E00 and E05, on valence for E03
        f2 = "environment" if i in (0, 5) else f
        v2 = "neutral" if i == 3 else v
        rows.append(code(f"E{i:02d}", f2, v2, coder="K2"))
    rows.append(code("E99", "disposition", "barrier", coder="K1"))  # single-coded
    return pd.DataFrame(rows)


def test_intercoder_agreement_on_factor_and_valence():
    codes = double_coded()
    kap = interviews.intercoder_agreement(codes).set_index("variable")
    assert kap.loc["factor", "n"] == 12
    # factor: 10 of 12 agree
    assert kap.loc["factor", "p_observed"] == pytest.approx(10 / 12)
    k1 = codes[codes["coder"] == "K1"].set_index("excerpt_id").loc[[f"E{i:02d}" for i in range(12)]]
    k2 = codes[codes["coder"] == "K2"].set_index("excerpt_id").loc[k1.index]
    direct = interviews.cohen_kappa(k1["valence"], k2["valence"])
    assert kap.loc["valence", "kappa"] == pytest.approx(direct.kappa)
    assert kap.loc["valence", "p_observed"] == pytest.approx(11 / 12)
    assert kap.loc["factor", "coder_a"] == "K1" and kap.loc["factor", "coder_b"] == "K2"
    assert kap.loc["valence", "agreement"] == interviews.landis_koch(direct.kappa)
    assert isinstance(kap.loc["factor", "label"], str)

    res = interviews.analyse(codes)
    assert res.n_excerpts == 13  # one row per excerpt for counts
    said = next(s for s in res.statements if s.code == "interviews.agreement")
    assert said.values["n"] == 12
    assert said.values["valence"]["kappa"] == pytest.approx(direct.kappa)
    assert said.values["factor"]["agreement"] == kap.loc["factor", "agreement"]


def test_no_double_coding_kappa_absent_and_said_so():
    """Valid input without double coding: kappa absent, a code says why, nothing fails."""
    res = interviews.analyse(small_codes())
    assert res.kappa is None
    assert res.agreement == "no_coder_column" and not res.agreement_computable
    assert interviews.intercoder_agreement(small_codes()) is None
    assert _caveat_values(res, "interviews.agreement_not_computable") == [
        {"reason": "no_coder_column", "cap": "moderate"}
    ]
    assert res.agreement_note  # words: tests/prose/test_prose_interviews.py
    single_coder = small_codes().assign(coder="K1")
    assert interviews.intercoder_agreement(single_coder) is None
    res1 = interviews.analyse(single_coder)
    assert res1.agreement == "single_coder" and not res1.agreement_computable
    assert _caveat_values(res1, "interviews.agreement_not_computable")[0]["reason"] == (
        "single_coder"
    )
    # two coders, each excerpt coded once
    split = small_codes().assign(coder=["K1", "K2"] * 3 + ["K1"])
    res2 = interviews.analyse(split)
    assert res2.kappa is None and res2.agreement == "no_double_coding"
    assert _caveat_values(res2, "interviews.agreement_not_computable")[0]["reason"] == (
        "no_double_coding"
    )
    for r in (res, res1, res2):
        ev = interviews.evidence(r)
        assert len(ev) and "strong" not in set(ev["strength"])
        assert all("no_agreement" in d.values["cap_reasons"] for d in ev["detail"])
        assert isinstance(r.plot(), matplotlib.figure.Figure)
    # with double coding the status codes are ok / low
    assert interviews.analyse(double_coded()).agreement_computable


def test_kappa_undefined_when_both_coders_use_one_code():
    rows = []
    for i in range(4):
        rows.append(code(f"E{i}", "disposition", "barrier", coder="K1"))
        rows.append(code(f"E{i}", "disposition", "barrier", coder="K2"))
    res = interviews.analyse(pd.DataFrame(rows))
    assert res.agreement == "undefined" and not res.agreement_computable
    assert _caveat_values(res, "interviews.agreement_not_computable")[0]["reason"] == "undefined"
    assert res.agreement_note


# --------------------------------------------------------------------------------------------
# Codes the schema allows but the analysis cannot use as a cause
# --------------------------------------------------------------------------------------------


def test_schema_and_analysis_share_one_factor_list():
    from evaltools.analysis import survey
    from evaltools.data import schema

    column = next(c for c in schema.TABLES_BY_NAME["interview_codes"].columns if c.name == "factor")
    assert tuple(column.allowed) == schema.CODED_FACTORS
    assert interviews.CODED_FACTORS is schema.CODED_FACTORS
    assert survey.SURVEY_FACTORS is schema.CODED_FACTORS
    # every code the schema allows is accepted by the analysis
    for factor in schema.CODED_FACTORS:
        frame = small_codes()
        frame.loc[0, "factor"] = factor
        interviews.analyse(frame)


def test_outcome_code_is_counted_and_reported_not_dropped():
    frame = pd.concat(
        [
            small_codes(),
            pd.DataFrame(
                [
                    code("O1", "outcome", "barrier", stakeholder="Bappeda", interview="W1"),
                    code("O2", "outcome", "enabler", stakeholder="DPRD", interview="W2"),
                ]
            ),
        ],
        ignore_index=True,
    )
    res = interviews.analyse(frame)
    assert res.unused_codes == {"outcome": 2} and res.n_unused == 2
    assert res.n_excerpts == 7  # the usable (factor) excerpts
    assert "outcome" not in set(res.table["factor"]) and "outcome" not in set(
        res.by_factor["factor"]
    )
    assert _caveat_values(res, "interviews.unused_code") == [{"unused": "outcome", "count": 2}]
    ev = interviews.evidence(res)
    assert set(ev["factor"]) == {"disposition", "resources"}  # the rest of the source stays
    # nothing but outcome codes: no failure, no evidence row, said so
    only = interviews.analyse(pd.DataFrame([code(f"O{i}", "outcome", "barrier") for i in range(3)]))
    assert only.n_excerpts == 0 and only.unused_codes == {"outcome": 3}
    assert interviews.evidence(only).empty
    assert _caveat_values(only, "interviews.no_factor_excerpts") == [{}]
    assert isinstance(only.plot(), matplotlib.figure.Figure)
    # coders who disagree between a factor and "outcome" count as a disagreement in kappa
    rows = []
    for i in range(8):
        f = ["disposition", "resources"][i % 2]
        rows.append(code(f"E{i}", f, "barrier", coder="K1"))
        rows.append(code(f"E{i}", "outcome" if i == 0 else f, "barrier", coder="K2"))
    kap = interviews.intercoder_agreement(pd.DataFrame(rows)).set_index("variable")
    assert kap.loc["factor", "p_observed"] == pytest.approx(7 / 8)


def test_diagnosis_keeps_interview_evidence_with_outcome_codes(demo_dir):
    import evaltools
    from evaltools.analysis import diagnosis

    data = evaltools.load_data(demo_dir)
    codes = data.interview_codes
    extra = codes.head(3).assign(excerpt_id=[f"OUT-{i}" for i in range(3)], factor="outcome")
    data.interview_codes = pd.concat([codes, extra], ignore_index=True)
    res = diagnosis.diagnose(data)
    rows = res.matrix[(res.matrix["source"] == "interviews") & res.matrix["available"]]
    assert len(rows) == 5
    assert not any("wawancara" in c.lower() and "gagal" in c.lower() for c in res.caveats)
    assert res.parts["interviews"].unused_codes == {"outcome": 3}


# --------------------------------------------------------------------------------------------
# analyse() and evidence()
# --------------------------------------------------------------------------------------------


def evidence_codes(*, flip_valence_for_k2=False, double=False):
    rows = []
    groups = ["Kepala OPD", "Bappeda", "DPRD", "warga"]
    # disposition: 12 excerpts, 10 barrier, 1 enabler, 1 neutral, 4 groups -> strong barrier
    for i in range(12):
        v = "barrier" if i < 10 else ("enabler" if i == 10 else "neutral")
        rows.append(
            code(f"D{i}", "disposition", v, stakeholder=groups[i % 4], interview=f"W{i % 6}")
        )
    # structure: 4 excerpts, 3 barrier 1 enabler, 2 groups -> weak (n < 5)
    for i in range(4):
        rows.append(
            code(
                f"S{i}",
                "structure",
                "barrier" if i < 3 else "enabler",
                stakeholder=groups[i % 2],
                interview=f"W{i}",
            )
        )
    # communication: 6 excerpts, 4 enabler 2 barrier, 2 groups -> moderate enabler
    for i in range(6):
        rows.append(
            code(
                f"C{i}",
                "communication",
                "enabler" if i < 4 else "barrier",
                stakeholder=groups[i % 2],
                interview=f"W{i}",
            )
        )
    # environment: balanced -> neutral
    for i, v in enumerate(["barrier", "enabler", "neutral", "neutral"] * 2):
        rows.append(code(f"L{i}", "environment", v, stakeholder=groups[i % 4], interview=f"W{i}"))
    codes = pd.DataFrame(rows)  # 30 excerpts
    if double:  # a second coder who agrees on every excerpt
        codes = pd.concat([codes.assign(coder="K1"), codes.assign(coder="K2")], ignore_index=True)
    if flip_valence_for_k2:
        k1 = codes.assign(coder="K1")
        k2 = codes.assign(coder="K2")
        # K2's valences unrelated to K1's: poor agreement
        k2["valence"] = np.resize(["enabler", "neutral", "barrier"], len(k2))
        codes = pd.concat([k1, k2], ignore_index=True)
    return codes


def test_evidence_rules():
    res = interviews.analyse(SimpleNamespace(interview_codes=evidence_codes(double=True)))
    assert res.agreement == "ok" and res.strength_cap == "strong" and res.n_excerpts == 30
    frame = interviews.evidence(res)
    assert list(frame.columns) == list(EVIDENCE_COLUMNS)
    ev = frame.set_index("factor")
    assert set(ev.index) == {"disposition", "structure", "communication", "environment"}
    assert (ev["source"] == "interviews").all()
    assert (
        ev.loc["disposition", "direction"] == "barrier"
        and ev.loc["disposition", "strength"] == "strong"
    )
    assert (
        ev.loc["structure", "direction"] == "barrier" and ev.loc["structure", "strength"] == "weak"
    )
    assert ev.loc["communication", "direction"] == "enabler"
    assert ev.loc["communication", "strength"] == "moderate"
    assert (
        ev.loc["environment", "direction"] == "neutral"
        and ev.loc["environment", "strength"] == "none"
    )
    assert ev.loc["environment", "score"] == 0
    assert (
        ev.loc["disposition", "score"]
        < ev.loc["structure", "score"]
        < 0
        < ev.loc["communication", "score"]
    )
    # barrier share 10/12, from the four stakeholder groups
    said = ev.loc["disposition", "finding"]
    assert said.code == "interviews.evidence"
    assert said.values["direction"] == "barrier" and said.values["n_groups"] == 4
    assert said.values["share"] == pytest.approx(10 / 12)
    assert ev.loc["disposition", "detail"].values["barrier"] == 10
    assert ev.loc["disposition", "n"] == 12
    # score: sign × (base + 0.25 × margin) × min(1, n / 10)
    assert ev.loc["disposition", "score"] == pytest.approx(-(0.7 + 0.25 * 9 / 12))
    assert ev.loc["structure", "score"] == pytest.approx(-(0.2 + 0.25 * 0.5) * 4 / 10)
    # resources have no excerpts: no row, and the caveat says so
    assert _caveat_values(res, "interviews.absent_factors") == [{"factors": ["resources"]}]
    assert isinstance(res.plot(), matplotlib.figure.Figure)
    assert not res.quotes.empty


def test_evidence_caps_without_agreement_and_with_few_excerpts():
    codes = evidence_codes()
    single = interviews.analyse(codes)  # 30 excerpts, no coder column
    assert single.strength_cap == "moderate" and single.cap_reasons == ("no_agreement",)
    ev = interviews.evidence(single).set_index("factor")
    assert ev.loc["disposition", "strength"] == "moderate"
    # 29 excerpts with double coding: below STRONG_MIN_EXCERPTS -> at most moderate
    fewer = interviews.analyse(evidence_codes(double=True).query("excerpt_id != 'L7'"))
    assert fewer.cap_reasons == ("few_excerpts",)
    assert (
        interviews.evidence(fewer).set_index("factor").loc["disposition", "strength"] == "moderate"
    )
    assert _caveat_values(fewer, "interviews.few_excerpts") == [
        {"n": 29, "min_excerpts": 30, "cap": "moderate"}
    ]
    # 14 excerpts: at most weak
    tiny = interviews.analyse(codes[codes["excerpt_id"].str[0].isin(["D", "S"])].head(14))
    assert tiny.strength_cap == "weak"
    assert set(interviews.evidence(tiny)["strength"]) <= {"weak", "none"}


def test_evidence_capped_when_coders_disagree():
    res = interviews.analyse(evidence_codes(flip_valence_for_k2=True))
    assert res.kappa.set_index("variable").loc["valence", "kappa"] < interviews.MIN_KAPPA
    ev = interviews.evidence(res).set_index("factor")
    assert ev.loc["disposition", "strength"] == "weak"
    assert ev.loc["disposition", "detail"].values["cap_reasons"] == ["low_agreement"]
    assert _caveat_values(res, "interviews.low_agreement") == [
        {"variables": ["valence"], "min_kappa": 0.41}
    ]


def test_evidence_rejects_other_results():
    with pytest.raises(ParameterError):
        interviews.evidence(object())


# --------------------------------------------------------------------------------------------
# Demo data: barrier shares and agreement as planted (evaltools.data.demo, planted.json)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=["default", "structure_communication"])
def demo_story(request):
    from evaltools.data.demo import generate

    ds = generate(story=request.param)
    return ds.planted, interviews.analyse(SimpleNamespace(**ds.tables))


def test_demo_barrier_shares_match_plant(demo_story):
    planted, res = demo_story
    plant = planted["interviews"]
    assert res.n_excerpts == plant["n_excerpts"]
    got = res.by_factor.set_index("factor")
    for factor, share in plant["barrier_share"].items():
        n = got.loc[factor, "n"]
        tolerance = 2 * np.sqrt(share * (1 - share) / n)  # two binomial standard errors
        assert got.loc[factor, "barrier_share"] == pytest.approx(share, abs=tolerance), factor
    # the factor with the largest planted barrier share leads the observed ranking too
    top_planted = max(plant["barrier_share"], key=plant["barrier_share"].get)
    assert got["barrier_share"].idxmax() == top_planted


def test_demo_kappa_matches_plant(demo_story):
    planted, res = demo_story
    agreement = planted["interviews"]["agreement"]
    kap = res.kappa.set_index("variable")
    assert kap.loc["factor", "n"] == planted["interviews"]["n_double_coded"]
    for variable in ("factor", "valence"):
        assert kap.loc[variable, "p_observed"] == pytest.approx(
            agreement[variable]["observed_agreement"], abs=1e-5
        )
        assert kap.loc[variable, "kappa"] == pytest.approx(
            agreement[variable]["cohen_kappa"], abs=1e-5
        )


def test_demo_interview_evidence_matches_story(demo_story):
    planted, res = demo_story
    ev = interviews.evidence(res).set_index("factor")
    for factor, role in planted["cause_roles"].items():
        if role in ("primary", "major"):
            assert ev.loc[factor, "direction"] == "barrier", factor
        if role == "not_a_barrier":
            assert ev.loc[factor, "direction"] == "enabler", factor


def _strength_rank(strength):
    return ("none", "weak", "moderate", "strong").index(strength)


def test_thin_interviews_weaker_than_full_data():
    """12 excerpts drawn from the demo's 60 come out weaker (strength and |score|) than all 60."""
    from evaltools.data.demo import generate

    codes = generate(story="default").tables["interview_codes"]
    full = interviews.evidence(interviews.analyse(codes)).set_index("factor")
    ids = np.array(sorted(codes["excerpt_id"].unique()))
    thin_scores = {f: [] for f in full.index}
    for seed in range(5):
        keep = np.random.default_rng(seed).choice(ids, size=12, replace=False)
        res = interviews.analyse(codes[codes["excerpt_id"].isin(keep)])
        assert res.n_excerpts == 12 and res.strength_cap == "weak"
        ev = interviews.evidence(res).set_index("factor")
        for f in full.index:
            if f in ev.index:
                assert (
                    _strength_rank(ev.loc[f, "strength"]) <= _strength_rank(full.loc[f, "strength"])
                    or full.loc[f, "strength"] == "none"
                ), (seed, f)
                assert ev.loc[f, "n"] < full.loc[f, "n"]
            thin_scores[f].append(abs(ev.loc[f, "score"]) if f in ev.index else 0.0)
    for f in full.index:
        if full.loc[f, "strength"] != "none":
            assert np.mean(thin_scores[f]) < abs(full.loc[f, "score"]), f
    # the full demo has strong interview evidence, the thin subsamples never do
    assert "strong" in set(full["strength"])
