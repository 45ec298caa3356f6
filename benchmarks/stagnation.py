"""Calibration of the stagnation verdict (issue 12): false-positive rate and power.

``python benchmarks/stagnation.py [--quick] [--reps N] [--demo-reps N] [--level L] [--json PATH]``
(also part 5 of ``benchmarks/run.py``, so of ``make bench``).

For each size (programmes per dimension × years, with the pre-period that leaves a two-year
window and the rest after it) it draws seeded datasets from a generator written for this
purpose (independent of ``data/demo``: another region, other years, its own programme
catalogue) and reports, with Monte-Carlo standard errors ``sqrt(r (1 - r) / reps)``:

* **FPR** — share of draws under *no stagnation* (every programme's achievement follows its own
  straight trend; targets met on trend) in which ``progress.stagnation_answer`` says ``yes`` or
  ``partly``. Target: at most ``1 - confidence_level`` (plus Monte-Carlo margin).
* **power (plant)** — the same generator with the demo's planted slope changes (three
  dimensions stalled by −8 to −9,5 pp/yr, two slowed by −5,5 to −6 pp/yr, one on trend):
  share of draws answered ``yes``/``partly``.

and, at the demo's own size, the **power on the demo** — redraws of
``evaltools.data.demo.generate(seed=...)`` for the stories ``default`` and
``structure_communication``. Target: at least 80 %.

The null generator (``null_dataset``): six dimensions; four have ``programmes`` programmes,
two only three (small dimensions); one programme per dimension starts a year late; each
programme has one or two indicators of a kind drawn from a catalogue (small counts of 10–30
units, medium and large counts, percentages, lower-is-better durations) with a 2018-style
base target growing 5–20 % a year, rounded like real plans (whole units, or one decimal);
achievement = programme level (0,6–0,85) + programme slope (N(4, 2) pp/yr) × year + noise
(N(0, 1,5 pp) per programme-year, as the demo) — realisation is target × achievement, rounded
the same way — and 6 % of realisations after the first year blank.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))

from evaltools.data.demo import target_realisation  # noqa: E402 - after the path fix above

DIMENSIONS = ("governance", "branding", "economy", "living", "society", "environment")
SMALL_DIMENSIONS = ("branding", "environment")  # always three programmes
FIRST_YEAR = 2012
WINDOW = 2
NOISE_SD = 0.015  # programme-year noise, share of target (the demo's)
NOT_REPORTED = 0.06
#: the demo's planted slope changes (share of target per year), applied to the first dimensions
PLANT = {
    "governance": -0.09,
    "economy": -0.08,
    "society": -0.095,
    "living": -0.055,
    "environment": -0.06,
    "branding": 0.0,
}
#: the demo's planted slopes before the window for the same dimensions
PLANT_PRE = {
    "governance": 0.08,
    "economy": 0.07,
    "society": 0.08,
    "living": 0.09,
    "environment": 0.09,
    "branding": 0.04,
}

# indicator kinds: (unit, base target low, high, integer?, higher_is_better)
KINDS = (
    ("unit", 10, 30, True, True),
    ("unit", 60, 400, True, True),
    ("orang", 1000, 100000, True, True),
    ("persen", 30, 70, False, True),
    ("hari", 5, 20, False, False),
)

SIZES = (
    (3, 6, 2),
    (5, 6, 2),
    (10, 6, 2),
    (3, 8, 4),
    (5, 8, 4),
    (10, 8, 4),
    (3, 10, 6),
    (5, 10, 6),
    (10, 10, 6),
)
QUICK_SIZES = ((3, 6, 2), (5, 6, 2), (5, 8, 4))


def null_dataset(
    rng: np.random.Generator,
    *,
    programmes: int = 5,
    years: int = 6,
    pre_years: int = 2,
    plant: dict[str, float] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, int, int]:
    """One dataset: ``(programs, program_targets, stagnation_start, stagnation_end)``.

    ``plant`` (dimension → slope change, share of target per year) bends every programme of the
    dimension at the window start (the slope before is then the demo's ``PLANT_PRE``); ``None``
    is the null: straight programme trends, no stagnation anywhere.
    """
    if years < pre_years + WINDOW:
        raise ValueError("years must hold the pre-period and the two-year window")
    start = FIRST_YEAR + pre_years
    end = start + WINDOW - 1
    year_list = np.arange(FIRST_YEAR, FIRST_YEAR + years)
    prog_rows, target_rows = [], []
    for dim in DIMENSIONS:
        n = 3 if dim in SMALL_DIMENSIONS else programmes
        for i in range(n):
            pid = f"{dim[:3].upper()}-{i + 1:02d}"
            late = i == n - 1 and n > 3  # one late starter in the larger dimensions
            first = FIRST_YEAR + (1 if late else 0)
            prog_rows.append(
                {"program_id": pid, "dimension": dim, "lead_agency": f"OPD {dim[:3]} {i % 2 + 1}"}
            )
            level = rng.uniform(0.6, 0.85)
            if plant is None:
                slope, change = rng.normal(0.04, 0.02), 0.0
            else:
                slope, change = PLANT_PRE[dim] + rng.normal(0.0, 0.01), plant.get(dim, 0.0)
            for j in range(rng.integers(1, 3)):
                unit, lo, hi, integer, hib = KINDS[rng.integers(len(KINDS))]
                base = rng.uniform(lo, hi)
                growth = rng.uniform(0.05, 0.20) * (1 if hib else -0.5)
                for y in year_list:
                    if y < first:
                        continue
                    t = y - FIRST_YEAR
                    ach = (
                        level
                        + slope * t
                        + change * max(0, y - (start - 1))
                        + rng.normal(0.0, NOISE_SD)
                    )
                    target, real = target_realisation(
                        base * (1 + growth) ** t,
                        max(ach, 0.2),
                        unit=unit,
                        higher_is_better=hib,
                        integer=integer,
                    )
                    if y > FIRST_YEAR and rng.random() < NOT_REPORTED:
                        real = np.nan
                    target_rows.append(
                        {
                            "program_id": pid,
                            "indicator": f"ind{j}",
                            "year": int(y),
                            "target": target,
                            "realisation": real,
                            "higher_is_better": hib,
                        }
                    )
    return pd.DataFrame(prog_rows), pd.DataFrame(target_rows), start, end


def _answer(
    programs: pd.DataFrame, targets: pd.DataFrame, start: int, end: int, level: float
) -> tuple[dict[str, Any], pd.DataFrame]:
    """The overall answer and the verdict table, by the same functions ``progress.analyze``
    calls for them (achievement → per-programme slopes → per-dimension test with Holm →
    answer), without the indices and the agency table that do not enter them."""
    from evaltools.analysis import progress

    verdicts, _ = progress.stagnation_test(
        progress.achievement(targets),
        programs,
        stagnation_start=start,
        stagnation_end=end,
        confidence_level=level,
    )
    return progress.stagnation_answer(verdicts, confidence_level=level), verdicts


def rate(hits: int, reps: int) -> tuple[float, float]:
    """Share and its Monte-Carlo standard error."""
    r = hits / reps
    return r, math.sqrt(r * (1 - r) / reps)


def simulate_generator(
    *,
    programmes: int,
    years: int,
    pre_years: int,
    reps: int,
    seed: int,
    plant: dict[str, float] | None,
    level: float = 0.95,
) -> dict[str, Any]:
    """Share of ``reps`` draws answered yes/partly (``rate``), share with any dimension whose
    change (either direction, any size) is significant after Holm (``any_significant``: the
    family-wise error rate of the test itself under the null), and the strengths seen."""
    rng = np.random.default_rng(seed)
    hits = any_sig = 0
    strengths: dict[str, int] = {}
    for _ in range(reps):
        ans, verdicts = _answer(
            *null_dataset(
                rng, programmes=programmes, years=years, pre_years=pre_years, plant=plant
            ),
            level,
        )
        hits += ans["answer"] in ("yes", "partly")
        any_sig += bool(verdicts["significant"].map(lambda v: v is True).any())
        strengths[ans["strength"]] = strengths.get(ans["strength"], 0) + 1
    r, se = rate(hits, reps)
    fw, fw_se = rate(any_sig, reps)
    return {
        "rate": r,
        "mcse": se,
        "any_significant": fw,
        "any_significant_mcse": fw_se,
        "reps": reps,
        "strengths": strengths,
    }


def simulate_demo(
    *, story: str, reps: int, first_seed: int = 1000, level: float = 0.95
) -> dict[str, Any]:
    """Power on redraws of the demo dataset (seeds ``first_seed …``)."""
    from evaltools.data.demo import generate

    hits, strengths = 0, {}
    for seed in range(first_seed, first_seed + reps):
        ds = generate(seed=seed, story=story)
        ctx = ds.planted["context"]
        ans, _ = _answer(
            ds.tables["programs"],
            ds.tables["program_targets"],
            ctx["stagnation_start"],
            ctx["stagnation_end"],
            level,
        )
        hits += ans["answer"] in ("yes", "partly")
        strengths[ans["strength"]] = strengths.get(ans["strength"], 0) + 1
    r, se = rate(hits, reps)
    return {"rate": r, "mcse": se, "reps": reps, "strengths": strengths}


def run(
    *,
    reps: int = 200,
    demo_reps: int = 200,
    quick: bool = False,
    level: float = 0.95,
    seed: int = 20261201,
) -> dict[str, Any]:
    """All figures; the dict is what ``benchmarks/run.py`` stores in its JSON."""
    out: dict[str, Any] = {
        "confidence_level": level,
        "reps": reps,
        "demo_reps": demo_reps,
        "sizes": [],
    }
    for k, (n, years, pre) in enumerate(QUICK_SIZES if quick else SIZES):
        fpr = simulate_generator(
            programmes=n,
            years=years,
            pre_years=pre,
            reps=reps,
            seed=seed + 2 * k,
            plant=None,
            level=level,
        )
        power = simulate_generator(
            programmes=n,
            years=years,
            pre_years=pre,
            reps=reps,
            seed=seed + 2 * k + 1,
            plant=PLANT,
            level=level,
        )
        out["sizes"].append(
            {"programmes": n, "years": years, "pre_years": pre, "fpr": fpr, "power": power}
        )
    out["demo"] = {
        story: simulate_demo(story=story, reps=demo_reps, level=level)
        for story in ("default", "structure_communication")
    }
    return out


def table(res: dict[str, Any]) -> str:
    """The printed table (one line per size, then the demo)."""
    alpha = 1 - res["confidence_level"]
    lines = [
        (
            f"stagnation verdict calibration — confidence_level {res['confidence_level']:g}, "
            f"{res['reps']} draws per cell (generator), {res['demo_reps']} per demo story"
        ),
        (
            f"{'programmes/dim':>14} {'years':>5} {'pre':>3} | {'FPR (yes/partly, null)':>24} | "
            f"{'any Holm-sig., null':>19} | {'power (demo plant)':>20} | strengths of the answer "
            "(null; plant)"
        ),
    ]
    for s in res["sizes"]:
        f, p = s["fpr"], s["power"]
        ok = "ok" if f["rate"] <= alpha + 2 * f["mcse"] else "MISS"
        lines.append(
            f"{s['programmes']:>14} {s['years']:>5} {s['pre_years']:>3} | "
            f"{100 * f['rate']:6.1f}% ± {100 * f['mcse']:4.1f} {ok:>4} {'':6} | "
            f"{100 * f['any_significant']:6.1f}% ± {100 * f['any_significant_mcse']:4.1f} {'':3} | "
            f"{100 * p['rate']:6.1f}% ± {100 * p['mcse']:4.1f} {'':5} | {f['strengths']}; "
            f"{p['strengths']}"
        )
    for story, d in res["demo"].items():
        ok = "ok" if d["rate"] >= 0.80 - 2 * d["mcse"] else "MISS"
        lines.append(
            f"power on demo redraws ({story}): {100 * d['rate']:.1f}% ± {100 * d['mcse']:.1f} "
            f"(target ≥ 80%) {ok}; strengths {d['strengths']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="three sizes, 100 draws")
    ap.add_argument("--reps", type=int, default=None, help="draws per generator cell (default 200)")
    ap.add_argument(
        "--demo-reps", type=int, default=None, help="demo redraws per story (default 200)"
    )
    ap.add_argument("--level", type=float, default=0.95, help="confidence_level")
    ap.add_argument("--json", default=None, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    reps = args.reps or (100 if args.quick else 200)
    demo_reps = args.demo_reps or (50 if args.quick else 200)
    t0 = time.perf_counter()
    res = run(reps=reps, demo_reps=demo_reps, quick=args.quick, level=args.level)
    res["seconds"] = round(time.perf_counter() - t0, 1)
    print(table(res))
    print(f"({res['seconds']:.0f} s)")
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
