"""Seeded national-scale data for the benchmarks (issue 7, part 3).

The demo case (``evaltools.data.demo``) is one city with a few hundred rows per table. Users
who run evaltools for a province or the whole country bring far more: every regency and city
(514) as peers, a national implementer survey, hundreds of monthly service indicators and
thousands of programmes. :func:`generate` draws such a dataset, with the same columns, dtypes
and planted stories as the demo (so the analyses run their real code paths), at a size set by
``scale``:

========================  ==================  =====================================
table                     scale = 1           grows with ``scale``
========================  ==================  =====================================
``peer_panel``            514 regions × 10 y  regions
``survey_responses``      100,000 × 40 items  respondents
``service_monthly``       200 × 120 months    indicators
``programs`` (+ targets,  2,000 programmes    programmes (6 years of targets and
``budget``)                                   3 budget stages per year)
========================  ==================  =====================================

Doubling ``scale`` doubles the number of units and keeps the number of periods and items, which
is how a dataset grows when a user widens the scope (more regions, respondents, indicators or
programmes) rather than the time span.

The result is a :class:`types.SimpleNamespace` with the attributes of
:class:`evaltools.data.EvalData` that the analyses read (tables, ``context``,
``is_synthetic``), built in memory: the benchmarks time the analyses, not CSV parsing.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from evaltools.data import demo as _demo
from evaltools.errors import ParameterError

SEED = 20240607
BASE_SIZES: dict[str, int] = {
    "regions": 514,
    "years": 10,
    "respondents": 100_000,
    "items": 40,
    "indicators": 200,
    "months": 120,
    "programmes": 2_000,
    "donors": 500,
}
TABLE_GROUPS: dict[str, tuple[str, ...]] = {
    "peers": ("peer_panel",),
    "survey": ("survey_items", "survey_responses"),
    "services": ("indicators", "service_monthly", "events"),
    "programmes": ("programs", "program_targets", "budget", "mandates", "interview_codes"),
}
FOCAL = _demo.REGION
_ITEM_PREFIX = {
    "communication": "kom",
    "resources": "sdy",
    "disposition": "dis",
    "structure": "stk",
    "environment": "lkg",
    "outcome": "hsl",
}
_AGENCIES = tuple(f"OPD-{i:02d}" for i in range(1, 41))


def sizes(scale: float = 1.0) -> dict[str, int]:
    """Table sizes at ``scale`` (units grow, periods and items stay).

    Returns
    -------
    dict
        ``regions, years, respondents, items, indicators, months, programmes, donors``.
    """
    if not (isinstance(scale, (int, float)) and not isinstance(scale, bool) and scale > 0):
        raise ParameterError(f"scale must be a positive number, got {scale!r}")
    s = dict(BASE_SIZES)
    for key in ("regions", "respondents", "indicators", "programmes", "donors"):
        s[key] = max(2, round(BASE_SIZES[key] * scale))
    s["donors"] = min(s["donors"], s["regions"] - 1)
    return s


def generate(
    *, scale: float = 1.0, seed: int = SEED, groups: tuple[str, ...] | None = None
) -> SimpleNamespace:
    """Draw the national-scale dataset.

    Parameters
    ----------
    scale : float
        Size multiplier (1 = the sizes of issue 7; see :func:`sizes`).
    seed : int
        Seed; the same seed and scale give identical tables.
    groups : tuple of str, optional
        Only draw these table groups (``peers``, ``survey``, ``services``, ``programmes``;
        default all). A benchmark step draws only what it times.

    Returns
    -------
    types.SimpleNamespace
        Attributes ``sources, context, programs, program_targets, budget, mandates,
        indicators, service_monthly, events, peer_panel, survey_items, survey_responses,
        interview_codes`` (absent groups are None), ``is_synthetic`` (True), ``sizes``.
    """
    size = sizes(scale)
    wanted = tuple(TABLE_GROUPS) if groups is None else tuple(groups)
    unknown = [g for g in wanted if g not in TABLE_GROUPS]
    if unknown:
        raise ParameterError(f"groups: unknown {unknown}; choose from {list(TABLE_GROUPS)}")
    base = _demo.generate()
    streams = dict(
        zip(TABLE_GROUPS, np.random.default_rng(seed).spawn(len(TABLE_GROUPS)), strict=True)
    )
    params = _demo._STORY_PARAMS["default"]
    ns = SimpleNamespace(**{t: None for group in TABLE_GROUPS.values() for t in group})
    ns.sources = base.tables["sources"]
    ns.context = _context(base.tables["context"])
    ns.is_synthetic = True
    ns.sizes = size
    if "peers" in wanted:
        ns.peer_panel = _peer_panel(streams["peers"], size, params)
    if "survey" in wanted:
        ns.survey_items, ns.survey_responses = _survey(streams["survey"], size, params)
    if "services" in wanted:
        ns.indicators, ns.service_monthly = _services(streams["services"], size)
        ns.events = base.tables["events"].drop(columns="source_id")
    if "programmes" in wanted:
        ns.programs, ns.program_targets, ns.budget = _programmes(
            streams["programmes"], size, params
        )
        ns.mandates = base.tables["mandates"].drop(columns="source_id")
        ns.interview_codes = base.tables["interview_codes"].drop(columns="source_id")
    return ns


def tables(ns: SimpleNamespace) -> dict[str, pd.DataFrame]:
    """The present tables of a generated dataset (name → DataFrame)."""
    return {k: v for k, v in vars(ns).items() if isinstance(v, pd.DataFrame)}


# --------------------------------------------------------------------------------------------


def _context(ctx: pd.DataFrame) -> dict[str, Any]:
    raw = dict(zip(ctx["key"], ctx["value"], strict=True))
    out: dict[str, Any] = {k: raw[k] for k in ("region", "regulation", "regulation_title")}
    out["enactment_date"] = pd.Timestamp(raw["enactment_date"])
    for k in ("evaluation_start", "evaluation_end", "stagnation_start", "stagnation_end"):
        out[k] = int(raw[k])
    return out


def _peer_panel(rng: np.random.Generator, size: dict[str, int], params: dict) -> pd.DataFrame:
    n, years = size["regions"], np.arange(2014, 2014 + size["years"])
    regions = np.array([FOCAL] + [f"Wilayah {i:04d}" for i in range(1, n)], dtype=object)
    base = rng.uniform(1.2, 2.4, n)
    trend = 0.15 + rng.normal(0.0, 0.02, n)
    shocks = rng.normal(0.0, 0.03, len(years))
    value = (
        base[:, None]
        + trend[:, None] * (years - 2014)[None, :]
        + shocks[None, :]
        + rng.normal(0.0, 0.03, (n, len(years)))
    )
    effect = params["peers"]["smart_city_index"]
    value[0] += np.array([effect.get(int(y), 0.0) for y in years])
    value = np.clip(np.round(value, 2), 0.0, 4.0)
    return pd.DataFrame(
        {
            "region": np.repeat(regions, len(years)),
            "year": pd.array(np.tile(years, n), dtype="Int64"),
            "measure": "smart_city_index",
            "value": value.ravel(),
            "scale_max": 4.0,
            "focal": np.repeat(np.arange(n) == 0, len(years)),
        }
    )


def _survey(
    rng: np.random.Generator, size: dict[str, int], params: dict
) -> tuple[pd.DataFrame, pd.DataFrame]:
    factors = [*_demo.FACTORS, "outcome"]
    k_items = size["items"]
    per = [k_items // len(factors)] * len(factors)
    for i in range(k_items - sum(per)):
        per[i] += 1
    rows = []
    for f, m in zip(factors, per, strict=True):
        for j in range(1, m + 1):
            rows.append(
                {
                    "item_id": f"{_ITEM_PREFIX[f]}{j}",
                    "factor": f,
                    "sub_factor": "umum",
                    "text": f"Pernyataan {j} tentang faktor {f}.",
                    "reverse": j == m and f != "outcome",
                    "scale_min": 1,
                    "scale_max": 5,
                }
            )
    items = pd.DataFrame(rows)
    items["scale_min"] = items["scale_min"].astype("Int64")
    items["scale_max"] = items["scale_max"].astype("Int64")

    n = size["respondents"]
    effects, means = params["survey"]["effects"], params["survey"]["means"]
    k, rho = len(_demo.FACTORS), 0.25
    beta = [float(effects[f]) for f in _demo.FACTORS]
    # Equicorrelated factor scores by a one-factor construction (element-wise arithmetic, no
    # Cholesky/BLAS): the data are the same on every CPU and BLAS build, as the demo's are.
    common, own = rng.standard_normal(n), rng.standard_normal((n, k))
    scores = math.sqrt(rho) * common[:, None] + math.sqrt(1 - rho) * own
    explained = (1 - rho) * sum(b * b for b in beta) + rho * sum(beta) ** 2
    outcome = rng.normal(0.0, math.sqrt(1 - explained), n)
    for i, b in enumerate(beta):
        outcome = outcome + b * scores[:, i]
    latent = {f: scores[:, i] for i, f in enumerate(_demo.FACTORS)} | {"outcome": outcome}
    role_p = np.array([0.05, 0.15, 0.25, 0.35, 0.20])
    cols: dict[str, Any] = {
        "respondent_id": np.char.add("R", np.char.zfill(np.arange(1, n + 1).astype(str), 6)).astype(
            object
        ),
        "agency": np.array(_AGENCIES, dtype=object)[rng.integers(0, len(_AGENCIES), n)],
        "role": np.array(_demo._ROLES, dtype=object)[rng.choice(len(role_p), n, p=role_p)],
        "tenure_years": rng.integers(1, 31, n).astype(float),
        "wave": "W1",
    }
    lam = 0.85
    for r in items.itertuples():
        raw = means[r.factor] + 0.85 * (
            lam * latent[r.factor] + math.sqrt(1 - lam**2) * rng.standard_normal(n)
        )
        answer = np.clip(np.round(raw), 1, 5)
        if r.reverse:
            answer = 6 - answer
        answer[rng.random(n) < 0.03] = np.nan
        cols[r.item_id] = answer
    return items, pd.DataFrame(cols)


def _services(rng: np.random.Generator, size: dict[str, int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    n_ind, n_m = size["indicators"], size["months"]
    months = pd.date_range("2014-01-01", periods=n_m, freq="MS")
    t = np.arange(n_m, dtype=float)
    kinds = np.array(["count", "proportion", "continuous"], dtype=object)[np.arange(n_ind) % 3]
    ids = np.array([f"ind{i:04d}" for i in range(1, n_ind + 1)], dtype=object)
    dims = np.array(_demo.DIMENSIONS, dtype=object)[np.arange(n_ind) % len(_demo.DIMENSIONS)]
    hib = (np.arange(n_ind) % 5) != 4
    indicators = pd.DataFrame(
        {
            "indicator_id": ids,
            "name": [f"Indikator layanan {i}" for i in range(1, n_ind + 1)],
            "dimension": dims,
            "unit": np.where(
                kinds == "count", "permohonan", np.where(kinds == "proportion", "proporsi", "menit")
            ),
            "higher_is_better": hib,
            "value_type": kinds,
        }
    )
    b1 = int(months.get_indexer([pd.Timestamp(_demo.BREAKS["refocusing"])])[0])
    b2 = int(months.get_indexer([pd.Timestamp(_demo.BREAKS["socialisation"])])[0])
    step1, step2 = (t >= b1).astype(float), (t >= b2).astype(float)
    season = np.sin(2 * np.pi * t / 12)
    values = np.empty((n_ind, n_m))
    exposure = np.full((n_ind, n_m), np.nan)
    for i in range(n_ind):
        slope = rng.uniform(0.002, 0.01)
        shape = (
            slope * t
            + rng.uniform(0.02, 0.08) * season
            + step1 * (rng.normal(-0.15, 0.05) - slope * (t - b1))
            + step2 * (rng.normal(0.05, 0.03) + 0.6 * slope * (t - b2))
        )
        if kinds[i] == "count":
            exp_i = np.round(rng.uniform(5e4, 3e6) * 1.015 ** (t / 12))
            mu = exp_i * np.exp(np.log(rng.uniform(0.002, 0.02)) + shape + rng.normal(0, 0.03, n_m))
            values[i] = rng.poisson(mu)
            exposure[i] = exp_i
        elif kinds[i] == "proportion":
            exp_i = rng.poisson(900, n_m).astype(float)
            p = np.clip(0.6 + 0.5 * shape, 0.01, 0.99)
            values[i] = np.round(rng.binomial(exp_i.astype(np.int64), p) / exp_i, 4)
            exposure[i] = exp_i
        else:
            level = rng.uniform(20, 200)
            values[i] = np.round(level * (1 + shape) + rng.normal(0, 0.02 * level, n_m), 2)
    monthly = pd.DataFrame(
        {
            "indicator_id": np.repeat(ids, n_m),
            "month": np.tile(months.values, n_ind),
            "value": values.ravel(),
            "exposure": exposure.ravel(),
        }
    )
    return indicators, monthly


def _programmes(
    rng: np.random.Generator, size: dict[str, int], params: dict
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    n = size["programmes"]
    years = np.array(_demo.YEARS)
    dims = np.array(_demo.DIMENSIONS, dtype=object)[rng.integers(0, len(_demo.DIMENSIONS), n)]
    ids = np.array([f"P{i:05d}" for i in range(1, n + 1)], dtype=object)
    agencies = np.array(_AGENCIES, dtype=object)[rng.integers(0, len(_AGENCIES), n)]
    programs = pd.DataFrame(
        {
            "program_id": ids,
            "name": [f"Program kota cerdas {i}" for i in range(1, n + 1)],
            "dimension": dims,
            "lead_agency": agencies,
            "is_quick_win": rng.random(n) < 0.2,
            "start_year": pd.array(np.full(n, years[0]), dtype="Int64"),
        }
    )
    # achievement paths as in the demo: the planted dimension path plus programme/noise terms
    path = {d: _demo._achievement_path(*params["progress"][d][1:]) for d in _demo.DIMENSIONS}
    ach = np.array([[path[d][int(y)] for y in years] for d in dims])
    ach = np.maximum(ach + rng.normal(0, 0.04, (n, 1)) + rng.normal(0, 0.03, (n, len(years))), 0.2)
    base = rng.uniform(10, 500, n)
    target = np.round(base[:, None] * 1.05 ** (years - years[0])[None, :], 1)
    real = np.round(target * ach, 1)
    real[:, 1:][rng.random((n, len(years) - 1)) < 0.04] = np.nan
    targets = pd.DataFrame(
        {
            "program_id": np.repeat(ids, len(years)),
            "indicator": "Capaian keluaran program",
            "year": pd.array(np.tile(years, n), dtype="Int64"),
            "unit": "keluaran",
            "target": target.ravel(),
            "realisation": real.ravel(),
            "higher_is_better": True,
        }
    )
    status = {d: params["progress"][d][0] for d in _demo.DIMENSIONS}
    cut_p = params["cut"]
    cut = np.array(
        [[cut_p[status[d]].get(int(y), cut_p["other_years"]) for y in years] for d in dims]
    )
    cut = np.clip(cut + rng.normal(0, 0.02, cut.shape), 0, 0.9)
    absorb = np.clip(
        np.array([params["absorption"][int(y)] for y in years])[None, :]
        + rng.normal(0, 0.03, cut.shape),
        0.3,
        1.0,
    )
    planned = np.round(
        np.exp(rng.normal(np.log(2.5e9), 0.6, n))[:, None] * 1.06 ** (years - years[0])[None, :], -6
    )
    revised = np.round(planned * (1 - cut), -6)
    realised = np.round(revised * absorb, -3)
    stages = ("planned", "revised", "realised")
    amounts = np.stack([planned, revised, realised], axis=-1)  # n × years × 3
    budget = pd.DataFrame(
        {
            "year": pd.array(np.tile(np.repeat(years, 3), n), dtype="Int64"),
            "agency": np.repeat(agencies, len(years) * 3),
            "program_id": np.repeat(ids, len(years) * 3),
            "stage": np.tile(np.array(stages, dtype=object), n * len(years)),
            "dimension": np.repeat(dims, len(years) * 3),
            "amount_idr": amounts.ravel().astype("int64"),
        }
    )
    return programs, targets, budget


__all__ = ["BASE_SIZES", "FOCAL", "SEED", "TABLE_GROUPS", "generate", "sizes", "tables"]
