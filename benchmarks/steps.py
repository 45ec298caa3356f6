"""The analyses timed at national scale (issue 7, part 3): one function per step.

Each step takes a dataset from :func:`national.generate` (only the table groups it needs, see
``GROUPS``) and runs the public API exactly as a chapter notebook would. The return value is
a small dict of headline numbers, printed by the runner so a reader can see the step did real
work (and so nothing is optimised away).
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

TREATMENT_YEAR = 2020

GROUPS: dict[str, tuple[str, ...]] = {
    "survey": ("survey",),
    "its": ("services",),
    "did": ("peers",),
    "synth": ("peers",),
    "evidence": ("programmes",),
}
LABELS: dict[str, str] = {
    "survey": "survey: reliability (alpha, omega) + factor scores + determinants",
    "its": "ITS over all indicators (fit_all_indicators + its_evidence)",
    "did": "DiD (TWFE) + event study, all regions",
    "synth": "synthetic control + placebo-in-space over the donors",
    "evidence": "evidence matrix: diagnose() on programmes, budget, mandates, interviews",
}
UNITS: dict[str, str] = {
    "survey": "respondents",
    "its": "indicators",
    "did": "regions",
    "synth": "donors",
    "evidence": "programmes",
}


def survey(data: SimpleNamespace) -> dict[str, Any]:
    from evaltools.analysis import survey as sv

    res = sv.analyze(data)
    ev = sv.evidence(res)
    t = res.table.set_index("factor")
    return {
        "n": int(res.n_respondents),
        "alpha_disposition": round(float(t.loc["disposition", "alpha"]), 4),
        "beta_disposition": round(float(t.loc["disposition", "estimate"]), 4),
        "evidence_rows": len(ev),
    }


def its(data: SimpleNamespace) -> dict[str, Any]:
    from evaltools.analysis import quasi

    res = quasi.fit_all_indicators(data)
    ev = quasi.its_evidence(res)
    return {
        "indicators": len(res.results),
        "errors": len(res.errors),
        "terms": len(res.table),
        "evidence_rows": len(ev),
    }


def _panel(data: SimpleNamespace):
    from evaltools.analysis import quasi

    panel = quasi.panel_frame(data, "smart_city_index")
    return panel.assign(post=(panel["year"] >= TREATMENT_YEAR).astype(int))


def did(data: SimpleNamespace) -> dict[str, Any]:
    from evaltools.analysis import did as did_mod

    panel = _panel(data)
    d = did_mod.fit(
        panel,
        outcome="value",
        treated="treated",
        post="post",
        unit="region",
        time="year",
        cov="nonrobust",
    )
    es = did_mod.event_study(
        panel,
        outcome="value",
        unit="region",
        time="year",
        treated="treated",
        treatment_time=TREATMENT_YEAR,
        cov="nonrobust",
    )
    return {
        "regions": int(panel["region"].nunique()),
        "did": round(float(d.estimate), 4),
        "event_terms": len(es.table),
    }


def synth(data: SimpleNamespace) -> dict[str, Any]:
    from evaltools.analysis import synth as synth_mod

    panel = _panel(data)
    focal = str(panel.loc[panel["focal"], "region"].iloc[0])
    donors = [r for r in dict.fromkeys(panel["region"]) if r != focal][: data.sizes["donors"]]
    sc = synth_mod.fit(
        panel,
        outcome="value",
        unit="region",
        time="year",
        treated_unit=focal,
        treatment_time=TREATMENT_YEAR,
        donors=donors,
    )
    return {
        "donors": len(donors),
        "att": round(sc.att, 4),
        "p_value": round(sc.p_value, 4),
        "placebos": len(sc.placebos) - 1,
    }


def evidence(data: SimpleNamespace) -> dict[str, Any]:
    from evaltools.analysis import diagnosis

    res = diagnosis.diagnose(data)
    m = res.matrix
    return {
        "programmes": int(data.programs.shape[0]),
        "matrix_rows": len(m),
        "available": int(m["available"].sum()),
        "top_cause": str(res.table.iloc[0]["factor"]),
    }


STEPS = {"survey": survey, "its": its, "did": did, "synth": synth, "evidence": evidence}
