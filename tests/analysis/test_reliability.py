"""Tests of evaltools.analysis.reliability: one copy of alpha, omega and kappa, pinned to
published values (tests/reference/README.md)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evaltools.analysis import interviews, reliability, survey
from evaltools.errors import ParameterError


def test_survey_and_interviews_use_the_one_implementation():
    assert survey.cronbach_alpha is reliability.cronbach_alpha
    assert survey.mcdonald_omega is reliability.mcdonald_omega
    assert survey.item_statistics is reliability.item_statistics
    assert interviews.cohen_kappa is reliability.cohen_kappa
    assert interviews.landis_koch is reliability.landis_koch
    assert interviews.KappaResult is reliability.KappaResult


def test_alpha_bfi_agreeableness_matches_psych(reference_dir):
    """R psych::alpha on bfi agreeableness (A1 reversed, pairwise covariances): raw alpha
    0.7030184, standardised alpha 0.7130286."""
    res = reliability.cronbach_alpha(pd.read_csv(reference_dir / "bfi_agree.csv"))
    assert res.alpha == pytest.approx(0.7030184, abs=1e-6)
    assert res.std_alpha == pytest.approx(0.7130286, abs=1e-6)
    said = res.statements[0]
    assert said.code == "reliability.alpha" and said.kind == "finding"
    assert said.values["alpha"] == res.alpha and said.values["n_items"] == 5
    assert (said.values["ci_low"], said.values["ci_high"]) == (res.ci_low, res.ci_high)


def test_kappa_matches_sas_proc_freq():
    """SAS/STAT PROC FREQ simple kappa for [[0,4,1],[0,8,0],[0,1,5]]: kappa 0.4842, ASE 0.1380,
    95% CI 0.2137–0.7547, ASE under H0 0.1484, p 0.0011."""
    table = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]
    a = [i for i, row in enumerate(table) for j, c in enumerate(row) for _ in range(c)]
    b = [j for i, row in enumerate(table) for j, c in enumerate(row) for _ in range(c)]
    res = reliability.cohen_kappa(a, b)
    assert res.kappa == pytest.approx(0.4842, abs=5e-5)
    assert res.se == pytest.approx(0.1380, abs=5e-5)
    assert (res.ci_low, res.ci_high) == (
        pytest.approx(0.2137, abs=5e-5),
        pytest.approx(0.7547, abs=5e-5),
    )
    assert res.se0 == pytest.approx(0.1484, abs=5e-5)
    assert res.table["p_value"].iloc[0] == pytest.approx(0.0011, abs=5e-5)
    assert res.agreement == "moderate" and res.table["agreement"].iloc[0] == "moderate"
    said = res.statements[0]
    assert said.code == "reliability.kappa"
    assert said.values["agreement"] == "moderate" and said.values["n"] == 19


def test_kappa_agrees_with_the_demo_generator(demo_dir):
    """The demo generator still has its own short kappa (evaltools.data.demo._cohen_kappa: the
    data layer does not import the analyses); on the demo's double-coded excerpts the two
    agree, so the planted agreement in planted.json is the statistic the analysis reports."""
    import evaltools
    from evaltools.data.demo import _cohen_kappa

    codes = evaltools.load_data(demo_dir).interview_codes
    coders = sorted(codes["coder"].unique())
    left = codes[codes["coder"] == coders[0]].set_index("excerpt_id")
    right = codes[codes["coder"] == coders[1]].set_index("excerpt_id")
    common = sorted(set(left.index) & set(right.index))
    for variable in ("factor", "valence"):
        a, b = left.loc[common, variable].tolist(), right.loc[common, variable].tolist()
        res = reliability.cohen_kappa(a, b)
        observed, kappa = _cohen_kappa(a, b)
        assert res.p_observed == pytest.approx(observed, abs=1e-12)
        assert res.kappa == pytest.approx(kappa, abs=1e-12)


@pytest.mark.parametrize(
    ("kappa", "code"),
    [
        (-0.01, "poor"),
        (0.0, "slight"),
        (0.20, "slight"),
        (0.2001, "fair"),
        (0.40, "fair"),
        (0.60, "moderate"),
        (0.80, "substantial"),
        (0.81, "almost_perfect"),
        (1.0, "almost_perfect"),
        (None, "undefined"),
        (float("nan"), "undefined"),
    ],
)
def test_landis_koch_codes(kappa, code):
    assert reliability.landis_koch(kappa) == code
    assert code in reliability.LANDIS_KOCH_CODES


def test_omega_statements_and_errors():
    lam = np.array([0.8, 0.7, 0.6])
    rng = np.random.default_rng(4)
    latent = rng.normal(size=500)
    frame = pd.DataFrame(
        {f"i{j}": w * latent + np.sqrt(1 - w**2) * rng.normal(size=500) for j, w in enumerate(lam)}
    )
    res = reliability.mcdonald_omega(frame)
    assert res.converged and 0.6 < res.omega < 0.85
    assert [s.code for s in res.statements] == ["reliability.omega"]
    assert res.statements[0].values == {"omega": res.omega}
    with pytest.raises(ParameterError, match="at least 2 items"):
        reliability.mcdonald_omega(frame[["i0"]])
