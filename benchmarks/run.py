"""evaltools benchmarks (issue 7): ``make bench`` or ``python benchmarks/run.py [--quick]``.

Prints one table of figures, each next to its target, and writes them to
``benchmarks/results/bench-<timestamp>.json`` (git-ignored). Every figure is measured in a
fresh subprocess: wall time from the parent, and two memory figures —

* ``peak MiB`` — peak of the summed resident memory of the whole process tree (runner, kernels,
  papermill/nbconvert/WeasyPrint processes), sampled every 20 ms with psutil;
* ``max proc MiB`` — ``ru_maxrss`` from ``os.wait4`` (the largest single process of the tree).

Parts (see benchmarks/README.md):

1. full report, cold: ``evaltools run`` vs the naive hand-scripted pipeline (papermill CLI and
   ``jupyter nbconvert --to html --no-input`` per notebook, then one WeasyPrint call), same
   notebooks, same data, alternating, best of ``--repeat``;
2. re-run with nothing changed (``--if-changed``);
3. national scale (``benchmarks/national.py``) at scale 1 and 2: time and memory per analysis;
4. batch of 20 region configs, ``--jobs 2`` vs ``--jobs 1``;
5. calibration of the stagnation verdict (``benchmarks/stagnation.py``): false-positive rate under
   no stagnation and power under the demo's planted stagnation, with Monte-Carlo standard errors;
7. CPU per report (user + sys of the runner and every kernel, from ``os.wait4``): spawned vs
   forked kernels (``EVALTOOLS_KERNEL_START``), with and without the analysis cache
   (``EVALTOOLS_CACHE``), and the cold report before/after against the naive pipeline.

Absolute times drift on shared machines: read the ratios, which are measured side by side.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
PY = sys.executable
MiB = 1024 * 1024

TARGETS = {
    "cold_ratio": 0.4,
    "cold_peak_mib": 1536,
    "rerun_ratio": 0.05,
    "national_seconds": 30.0,
    "national_peak_mib": 4096,
}


# --------------------------------------------------------------------------- measuring


def measure(
    cmd: list[str],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 900,
) -> dict[str, Any]:
    """Run ``cmd`` in a fresh process; wall seconds, peak tree RSS, max single RSS, output."""
    import psutil

    out = tempfile.TemporaryFile()  # noqa: SIM115 — closed below, after the child exits
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        try:
            root = psutil.Process(proc.pid)
        except psutil.Error:
            return
        while not done.is_set():
            total = 0
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                procs = []
            for p in procs:
                with contextlib.suppress(psutil.Error):  # a process may end while we look
                    total += p.memory_info().rss
            peak = max(peak, total)
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.005)
    wall = time.perf_counter() - t0
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    text = out.read().decode("utf-8", "replace")
    out.close()
    return {
        "seconds": round(wall, 3),
        "peak_mib": round(peak / MiB, 1),
        "max_proc_mib": round(usage.ru_maxrss / 1024, 1),
        # CPU of the child and of every descendant it reaped (kernels, workers …)
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 3),
        "returncode": proc.returncode,
        "output": text,
    }


def _check(res: dict[str, Any], what: str) -> dict[str, Any]:
    if res["returncode"] != 0:
        tail = "\n".join(res["output"].strip().splitlines()[-15:])
        raise SystemExit(f"benchmark step failed: {what} (exit {res['returncode']}):\n{tail}")
    return res


def _best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    best = min(runs, key=lambda r: r["seconds"])
    return {k: v for k, v in best.items() if k != "output"} | {
        "all_seconds": [r["seconds"] for r in runs],
        "peak_mib": max(r["peak_mib"] for r in runs),
        "max_proc_mib": max(r["max_proc_mib"] for r in runs),
    }


# --------------------------------------------------------------------------- notebooks


def choose_notebooks(arg: str | None) -> tuple[Path, str]:
    """The chapter notebooks when ``notebooks/`` has them, else the runner's test fixtures."""
    if arg:
        return Path(arg).resolve(), "given with --notebooks"
    real = ROOT / "notebooks"
    if any(p for p in real.glob("*.ipynb") if not p.name.startswith((".", "_"))):
        return real, "chapter notebooks (notebooks/)"
    return ROOT / "tests" / "fixtures" / "notebooks", (
        "runner fixture notebooks (tests/fixtures/notebooks): notebooks/ has no chapters yet"
    )


def _notebooks(nb_dir: Path) -> list[Path]:
    return sorted(p for p in nb_dir.glob("*.ipynb") if not p.name.startswith((".", "_")))


def naive_script(nb_dir: Path, data: Path, work: Path) -> Path:
    """The pipeline a researcher would script by hand, as a shell script."""
    import papermill

    lines = ["#!/bin/sh", "set -e", f"cd {sh(work)}"]
    htmls = []
    for nb in _notebooks(nb_dir):
        declared = papermill.inspect_notebook(str(nb))
        param = f" -p data_path {sh(data)}" if "data_path" in declared else ""
        out = work / nb.name
        lines.append(
            f"{sh(BIN / 'papermill')} --no-progress-bar --cwd {sh(nb_dir)} {sh(nb)} "
            f"{sh(out)}{param}"
        )
        lines.append(
            f"{sh(BIN / 'jupyter')} nbconvert --to html --no-input --log-level=ERROR {sh(out)}"
        )
        htmls.append(out.with_suffix(".html"))
    lines.append("cat " + " ".join(sh(h) for h in htmls) + " > all.html")
    lines.append(f"{sh(BIN / 'weasyprint')} all.html report.pdf")
    script = work / "naive.sh"
    script.write_text("\n".join(lines) + "\n")
    return script


def sh(p: Path | str) -> str:
    import shlex

    return shlex.quote(str(p))


def evaltools_cmd(
    nb_dir: Path, data: Path, out: Path, *, if_changed: bool = False, jobs: int = 2
) -> list[str]:
    code = (
        "import sys\nfrom evaltools.runner import run\n"
        f"r = run(data={str(data)!r}, notebooks_dir={str(nb_dir)!r}, out={str(out)!r}, "
        f"jobs={jobs}, "
        f"if_changed={if_changed})\n"
        "sys.exit(0 if r.ok else 1)\n"
    )
    return [PY, "-c", code]


def part_report(nb_dir: Path, data: Path, work: Path, repeat: int) -> dict[str, Any]:
    naive_runs, evt_runs, reruns = [], [], []
    for i in range(repeat):
        nwork = work / f"naive-{i}"
        nwork.mkdir(parents=True)
        script = naive_script(nb_dir, data, nwork)
        naive_runs.append(_check(measure(["sh", str(script)]), "naive pipeline"))
        out = work / f"evaltools-{i}"
        evt_runs.append(_check(measure(evaltools_cmd(nb_dir, data, out)), "evaltools run (cold)"))
        reruns.append(
            _check(
                measure(evaltools_cmd(nb_dir, data, out, if_changed=True)),
                "evaltools run --if-changed",
            )
        )
        if "skipped" not in reruns[-1]["output"]:
            raise SystemExit("evaltools run --if-changed did not skip an unchanged run")
    naive, evt, rerun = _best(naive_runs), _best(evt_runs), _best(reruns)
    manifest = json.loads(next((work / "evaltools-0").glob("20*/manifest.json")).read_text())
    return {
        "naive": naive,
        "evaltools": evt,
        "rerun": rerun,
        "cold_ratio": evt["seconds"] / naive["seconds"],
        "rerun_ratio": rerun["seconds"] / evt["seconds"],
        "profile": {
            "notebook_seconds": {k: v["seconds"] for k, v in manifest["notebooks"].items()},
            "report_seconds": manifest.get("report_seconds"),
            "run_seconds": manifest.get("duration_seconds"),
        },
    }


def part_batch(nb_dir: Path, data: Path, work: Path, n_configs: int) -> dict[str, Any]:
    import yaml

    cfg_dir = work / "configs"
    cfg_dir.mkdir(parents=True)
    for i in range(1, n_configs + 1):
        cfg = {
            "data": str(data),
            "notebooks_dir": str(nb_dir),
            "parameters": {"region": f"Kabupaten Contoh {i:02d}"},
        }
        (cfg_dir / f"wilayah-{i:02d}.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True))
    out = {}
    for jobs in (2, 1):
        res = _check(
            measure(
                [
                    str(BIN / "evaltools"),
                    "batch",
                    str(cfg_dir),
                    "--out",
                    str(work / f"batch-j{jobs}"),
                    "--jobs",
                    str(jobs),
                ]
            ),
            f"batch --jobs {jobs}",
        )
        res.pop("output")
        res["runs_per_minute"] = n_configs / res["seconds"] * 60
        out[f"jobs{jobs}"] = res
    out["speedup"] = out["jobs1"]["seconds"] / out["jobs2"]["seconds"]
    out["configs"] = n_configs
    return out


# --------------------------------------------------------------------------- national scale


def worker(step: str, scale: float) -> None:
    """Child process: import, generate, run one step; print one JSON line."""
    t0 = time.perf_counter()
    sys.path.insert(0, str(HERE))
    import national
    import steps

    import evaltools.analysis.diagnosis
    import evaltools.analysis.quasi
    import evaltools.analysis.survey  # noqa: F401

    t1 = time.perf_counter()
    data = national.generate(scale=scale, groups=steps.GROUPS[step])
    t2 = time.perf_counter()
    headline = steps.STEPS[step](data)
    t3 = time.perf_counter()
    import resource

    print(
        "RESULT "
        + json.dumps(
            {
                "import_seconds": round(t1 - t0, 3),
                "generate_seconds": round(t2 - t1, 3),
                "analysis_seconds": round(t3 - t2, 3),
                "self_max_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "units": data.sizes[steps.UNITS[step]],
                "headline": headline,
            }
        )
    )


def part_national(scales: tuple[float, float]) -> dict[str, Any]:
    sys.path.insert(0, str(HERE))
    import steps

    out: dict[str, Any] = {}
    for step in steps.STEPS:
        rows = []
        for scale in scales:
            res = _check(
                measure([PY, str(HERE / "run.py"), "--worker", step, str(scale)]),
                f"national {step} scale {scale}",
            )
            line = next(ln for ln in res["output"].splitlines() if ln.startswith("RESULT "))
            rows.append(
                {
                    "scale": scale,
                    **json.loads(line[7:]),
                    **{k: res[k] for k in ("seconds", "peak_mib", "max_proc_mib")},
                }
            )
        a, b = rows
        growth = (
            b["analysis_seconds"] / a["analysis_seconds"] if a["analysis_seconds"] > 0 else math.nan
        )
        out[step] = {
            "label": steps.LABELS[step],
            "runs": rows,
            "time_growth": growth,
            "exponent": math.log(growth) / math.log(b["units"] / a["units"])
            if growth > 0
            else math.nan,
            "memory_growth": b["peak_mib"] / a["peak_mib"],
        }
    return out


# --------------------------------------------------------------------------- stagnation calibration


# --------------------------------------------------------------------------- part 7: CPU


# Kernel start × analysis cache: "before" is the default run, "after" both savings of issue 16.
CPU_VARIANTS = {
    "before (spawned kernels, no cache)": {
        "EVALTOOLS_KERNEL_START": "spawn",
        "EVALTOOLS_CACHE": "0",
    },
    "cache only": {"EVALTOOLS_KERNEL_START": "spawn", "EVALTOOLS_CACHE": "1"},
    "fork only": {"EVALTOOLS_KERNEL_START": "fork", "EVALTOOLS_CACHE": "0"},
    "after (forked kernels + cache)": {"EVALTOOLS_KERNEL_START": "fork", "EVALTOOLS_CACHE": "1"},
}
CPU_QUICK = ("before (spawned kernels, no cache)", "after (forked kernels + cache)")


def measure_cpu(
    cmd: list[str], *, env: dict[str, str] | None = None, timeout: float = 1800
) -> dict[str, Any]:
    """Run ``cmd``; wall seconds and the CPU seconds (user + sys) of its whole process tree.

    ``os.wait4`` gives the child's usage including every descendant it (or a descendant) waited
    for: the runner reaps its kernels, the kernel zygote reaps the kernels forked from it and
    the runner reaps the zygote, so both ways of starting kernels are counted in full.
    """
    out = tempfile.TemporaryFile()  # noqa: SIM115 — closed below, after the child exits
    load = os.getloadavg()[0]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
    )
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            proc.kill()
            pid, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.01)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    text = out.read().decode("utf-8", "replace")
    out.close()
    return {
        "seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "user_seconds": round(usage.ru_utime, 2),
        "sys_seconds": round(usage.ru_stime, 2),
        "load_before": round(load, 2),
        "load_after": round(os.getloadavg()[0], 2),
        "returncode": proc.returncode,
        "output": text,
    }


def part_cpu(
    nb_dir: Path, data: Path, work: Path, repeat: int, *, quick: bool = False
) -> dict[str, Any]:
    """Per-report CPU with and without forked kernels and the analysis cache, and the cold
    report (before and after) against the naive pipeline, side by side, best of ``repeat``.

    ``quick``: only "before", "after" and the naive pipeline.
    """
    names = CPU_QUICK if quick else tuple(CPU_VARIANTS)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in (*names, "naive")}
    for i in range(repeat):
        nwork = work / f"naive-{i}"
        nwork.mkdir(parents=True)
        runs["naive"].append(
            _check(measure_cpu(["sh", str(naive_script(nb_dir, data, nwork))]), "naive pipeline")
        )
        for j, name in enumerate(names):
            env = {**os.environ, **CPU_VARIANTS[name]}
            out = work / f"v{j}-{i}"
            runs[name].append(
                _check(measure_cpu(evaltools_cmd(nb_dir, data, out), env=env), f"run: {name}")
            )
            manifest = json.loads(next(out.glob("20*/manifest.json")).read_text())
            runs[name][-1]["kernel_start"] = manifest.get("kernel_start", "spawn")
    best = {
        name: {k: v for k, v in min(r, key=lambda x: x["cpu_seconds"]).items() if k != "output"}
        | {
            "all_cpu_seconds": [x["cpu_seconds"] for x in r],
            "all_seconds": [x["seconds"] for x in r],
        }
        for name, r in runs.items()
    }
    before, after = best[names[0]], best[names[-1]]
    naive = best["naive"]
    return {
        "variants": best,
        "cpu_ratio_after_before": after["cpu_seconds"] / before["cpu_seconds"],
        "cold_ratio_before": min(before["all_seconds"]) / min(naive["all_seconds"]),
        "cold_ratio_after": min(after["all_seconds"]) / min(naive["all_seconds"]),
        "repeat": repeat,
    }


def cpu_rows(cpu: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """Rows of the results table for part 7."""
    rows = []
    for name, v in cpu["variants"].items():
        label = "naive pipeline" if name == "naive" else name
        rows.append(
            (
                f"7 CPU per report, {label}",
                f"{v['cpu_seconds']:.1f} s CPU ({min(v['all_seconds']):.1f} s wall)",
                "",
                "",
            )
        )
    ratio = cpu["cpu_ratio_after_before"]
    rows.append(
        ("7 CPU per report after/before", f"{ratio:.2f}×", "≤ 0.50×", verdict(ratio <= 0.5))
    )
    rows.append(
        ("7 cold ratio evaltools/naive, before", f"{cpu['cold_ratio_before']:.2f}×", "", "")
    )
    after = cpu["cold_ratio_after"]
    rows.append(
        ("7 cold ratio evaltools/naive, after", f"{after:.2f}×", "≤ 0.25×", verdict(after <= 0.25))
    )
    return rows


def part_stagnation(work: Path, quick: bool) -> dict[str, Any]:
    """``benchmarks/stagnation.py`` in a fresh process; its JSON figures."""
    out = work / "stagnation.json"
    work.mkdir(parents=True, exist_ok=True)
    cmd = [PY, str(HERE / "stagnation.py"), "--json", str(out)] + (["--quick"] if quick else [])
    res = _check(measure(cmd, timeout=3600), "stagnation calibration")
    figures = json.loads(out.read_text())
    figures["wall_seconds"] = res["seconds"]
    return figures


# --------------------------------------------------------------------------- report


def machine() -> dict[str, Any]:
    import psutil

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISS"


#: The keys of ``results`` that hold a part's figures (the rest describe the run).
PART_KEYS = ("report", "national", "batch", "stagnation", "nationalbatch", "cpu")


def table(results: dict[str, Any]) -> str:
    rows: list[tuple[str, str, str, str]] = []
    rep = results.get("report")
    if rep:
        n, e, r = rep["naive"], rep["evaltools"], rep["rerun"]
        rows += [
            ("1 naive pipeline, wall (baseline)", f"{n['seconds']:.2f} s", "", ""),
            ("1 evaltools run cold, wall", f"{e['seconds']:.2f} s", "", ""),
            (
                "1 cold ratio evaltools/naive",
                f"{rep['cold_ratio']:.2f}×",
                "≤ 0.40×",
                verdict(rep["cold_ratio"] <= 0.4),
            ),
            (
                "1 evaltools peak memory (tree)",
                f"{e['peak_mib']:.0f} MiB",
                "≤ 1536 MiB",
                verdict(e["peak_mib"] <= 1536),
            ),
            ("1 naive peak memory (tree)", f"{n['peak_mib']:.0f} MiB", "", ""),
            ("2 --if-changed re-run, wall", f"{r['seconds']:.3f} s", "", ""),
            (
                "2 re-run ratio re-run/cold",
                f"{rep['rerun_ratio']:.3f}×",
                "≤ 0.05×",
                verdict(rep["rerun_ratio"] <= 0.05),
            ),
        ]
    nat = results.get("national")
    if nat:
        for step, d in nat.items():
            a, b = d["runs"]
            rows.append(
                (
                    f"3 {step} ({a['units']:,} {_unit(step)}) time",
                    f"{a['analysis_seconds']:.2f} s",
                    "≤ 30 s",
                    verdict(a["analysis_seconds"] <= 30),
                )
            )
            rows.append(
                (
                    f"3 {step} peak memory",
                    f"{a['peak_mib']:.0f} MiB",
                    "≤ 4096 MiB",
                    verdict(a["peak_mib"] <= 4096),
                )
            )
            grown = (
                f"{b['analysis_seconds']:.2f} s; {d['time_growth']:.2f}× (n^{d['exponent']:.2f})"
            )
            rows.append((f"3 {step} ×2 ({b['units']:,}) time; growth", grown, "report", ""))
            rows.append((f"3 {step} ×2 peak memory", f"{b['peak_mib']:.0f} MiB", "report", ""))
    bat = results.get("batch")
    if bat:
        rows += [
            (
                f"4 batch {bat['configs']} configs --jobs 2",
                f"{bat['jobs2']['runs_per_minute']:.1f} runs/min",
                "",
                "",
            ),
            (
                f"4 batch {bat['configs']} configs --jobs 1",
                f"{bat['jobs1']['runs_per_minute']:.1f} runs/min",
                "",
                "",
            ),
            ("4 speed-up --jobs 2 over --jobs 1", f"{bat['speedup']:.2f}×", "report", ""),
            ("4 batch peak memory (jobs 2)", f"{bat['jobs2']['peak_mib']:.0f} MiB", "", ""),
        ]
    stag = results.get("stagnation")
    if stag:
        alpha = 1 - stag["confidence_level"]
        for c in stag["sizes"]:
            f, p = c["fpr"], c["power"]
            size = f"{c['programmes']} prog/dim, {c['years']} yrs, pre {c['pre_years']}"
            rows.append(
                (
                    f"5 stagnation FPR ({size})",
                    f"{100 * f['rate']:.1f}% ± {100 * f['mcse']:.1f}",
                    f"≤ {100 * alpha:.0f}%",
                    verdict(f["rate"] <= alpha + 2 * f["mcse"]),
                )
            )
            if "any_significant" in f:
                rows.append(
                    (
                        f"5 stagnation any Holm-significant change, null ({size})",
                        f"{100 * f['any_significant']:.1f}% ± "
                        f"{100 * f['any_significant_mcse']:.1f}",
                        f"≤ {100 * alpha:.0f}%",
                        verdict(f["any_significant"] <= alpha + 2 * f["any_significant_mcse"]),
                    )
                )
            rows.append(
                (
                    f"5 stagnation power, plant ({size})",
                    f"{100 * p['rate']:.1f}% ± {100 * p['mcse']:.1f}",
                    "report",
                    "",
                )
            )
        for story, d in stag["demo"].items():
            rows.append(
                (
                    f"5 stagnation power, demo redraws ({story})",
                    f"{100 * d['rate']:.1f}% ± {100 * d['mcse']:.1f}",
                    "≥ 80%",
                    verdict(d["rate"] >= 0.80 - 2 * d["mcse"]),
                )
            )
    if results.get("nationalbatch"):
        sys.path.insert(0, str(HERE))
        import nationalbatch

        rows += nationalbatch.rows(results["nationalbatch"])
    if results.get("cpu"):
        rows += cpu_rows(results["cpu"])
    w = [max(len(r[i]) for r in rows + [("figure", "value", "target", "")]) for i in range(4)]
    head = ("figure", "value", "target", "")
    lines = [
        " | ".join(h.ljust(w[i]) for i, h in enumerate(head)).rstrip(),
        "-+-".join("-" * x for x in w),
    ]
    lines += [" | ".join(c.ljust(w[i]) for i, c in enumerate(r)).rstrip() for r in rows]
    return "\n".join(lines)


def _unit(step: str) -> str:
    sys.path.insert(0, str(HERE))
    import steps

    return steps.UNITS[step]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--quick", action="store_true", help="smoke run: small sizes, 2 batch configs, 1 repeat"
    )
    ap.add_argument(
        "--parts",
        default="report,national,batch,stagnation,nationalbatch,cpu",
        help="comma list of report,national,batch,stagnation,nationalbatch,cpu",
    )
    ap.add_argument(
        "--notebooks", default=None, help="notebook folder (default: notebooks/ or the fixtures)"
    )
    ap.add_argument(
        "--batch-notebooks",
        default=None,
        help="notebook folder for part 4 (default: tests/fixtures/notebooks)",
    )
    ap.add_argument(
        "--data", default=str(ROOT / "data" / "demo"), help="input data (default: data/demo)"
    )
    ap.add_argument("--repeat", type=int, default=None, help="repeats of part 1/2 (best is kept)")
    ap.add_argument(
        "--nationalbatch-modes",
        default="serial,serial_jobs2,workers2,cluster",
        help="part 6: which batches to run (comma list of serial, serial_jobs2, workers2, "
        "cluster; default all)",
    )
    ap.add_argument("--json", default=None, help="where to write the results JSON")
    ap.add_argument("--worker", nargs=2, metavar=("STEP", "SCALE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        worker(args.worker[0], float(args.worker[1]))
        return 0
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    repeat = args.repeat or (1 if args.quick else 2)
    fixtures = ROOT / "tests" / "fixtures" / "notebooks"
    nb_dir, nb_note = choose_notebooks(
        str(fixtures) if args.quick and not args.notebooks else args.notebooks
    )
    if args.quick and not args.notebooks:
        nb_note = "runner fixture notebooks (tests/fixtures/notebooks; --quick)"
    # 20 runs of the nine chapter notebooks take ~9 + ~12 min on 2 cores, beyond the 15-minute
    # budget of `make bench`: the batch runs the small fixture notebooks unless told otherwise,
    # so it measures the batch machinery (per-run start-up, parallel notebooks, index).
    batch_dir = Path(args.batch_notebooks).resolve() if args.batch_notebooks else fixtures
    data = Path(args.data).resolve()
    # Part 6 (issue 16): the real chapter notebooks; --quick: the one-notebook diagnosis
    # fixture (tests/fixtures/batch) on 2 regions.
    national_nb = (
        Path(args.batch_notebooks).resolve()
        if args.batch_notebooks
        else (ROOT / "tests" / "fixtures" / "batch" if args.quick else ROOT / "notebooks")
    )
    started = _dt.datetime.now().astimezone()
    results: dict[str, Any] = {
        "date": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "quick": args.quick,
        "notebooks": str(nb_dir),
        "notebooks_note": nb_note,
        "data": str(data),
        "targets": TARGETS,
    }
    print(
        f"evaltools benchmarks — {started:%Y-%m-%d %H:%M} — {results['machine']['cpu']}, "
        f"{results['machine']['cores']} cores; notebooks: {nb_note}",
        flush=True,
    )
    out = Path(args.json) if args.json else HERE / "results" / f"bench-{started:%Y%m%d-%H%M%S}.json"
    out.parent.mkdir(parents=True, exist_ok=True)

    def done(part: str) -> None:
        # Each part's rows and the JSON so far, as soon as the part ends: a long bench that is
        # stopped still leaves the figures of the parts it finished.
        print(table({k: v for k, v in results.items() if k == part or k not in PART_KEYS}))
        out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
        print(f"(part {part} done; results so far in {out})", flush=True)

    work = Path(tempfile.mkdtemp(prefix="evaltools-bench-"))
    try:
        if "report" in parts:
            print("part 1–2: full report cold vs naive, and --if-changed …", flush=True)
            results["report"] = part_report(nb_dir, data, work / "report", repeat)
            done("report")
        if "national" in parts:
            print("part 3: national scale …", flush=True)
            results["national"] = part_national((0.05, 0.1) if args.quick else (1.0, 2.0))
            done("national")
        if "batch" in parts:
            print("part 4: batch …", flush=True)
            results["batch"] = part_batch(batch_dir, data, work / "batch", 2 if args.quick else 20)
            results["batch"]["notebooks"] = str(batch_dir)
            done("batch")
        if "stagnation" in parts:
            print("part 5: stagnation verdict calibration …", flush=True)
            results["stagnation"] = part_stagnation(work / "stagnation", args.quick)
            done("stagnation")
        if "nationalbatch" in parts:
            print("part 6: national batch: serial, --workers 2, dask cluster …", flush=True)
            sys.path.insert(0, str(HERE))
            import nationalbatch

            results["nationalbatch"] = nationalbatch.part_nationalbatch(
                national_nb,
                work / "nationalbatch",
                2 if args.quick else 20,
                measure,
                _check,
                modes=tuple(m.strip() for m in args.nationalbatch_modes.split(",") if m.strip()),
            )
            done("nationalbatch")
        if "cpu" in parts:
            print("part 7: CPU per report, forked kernels and analysis cache …", flush=True)
            results["cpu"] = part_cpu(nb_dir, data, work / "cpu", repeat, quick=args.quick)
            done("cpu")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["bench_seconds"] = round((_dt.datetime.now().astimezone() - started).total_seconds(), 1)
    print()
    print(table(results))
    print(
        f"\n(bench took {results['bench_seconds']:.0f} s; profile of the cold run: "
        f"{json.dumps(results.get('report', {}).get('profile', {}))})"
    )
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")
    print(f"results written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
