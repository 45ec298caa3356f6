"""Benchmark part 'nationalbatch' (issue 16): one report per region, serially, with
``--workers 2`` and on a real Dask cluster (``dask scheduler`` + 2 ``dask worker`` processes
started here on localhost), then an extrapolation to 514 regions.

Region data: every region gets a small dataset of its own — the demo generator's tables
(``evaltools.data.demo.write_demo``) drawn with a seed per region, the region's name put in
place of the demo city's, and the peer panel of :func:`national.generate` (the national
generator: every region of the batch as a peer, this one marked focal). So each report runs
the real chapter notebooks on different numbers, at the demo's size.

Measured per mode: wall seconds, CPU seconds of the whole process tree (``ru_utime +
ru_stime`` of the batch process and every descendant it reaped — runner, Dask workers,
kernels, WeasyPrint; on the external cluster plus the CPU the scheduler and worker processes
and their kernels used during the batch, read with psutil), reports per wall minute and per
CPU minute, and the speed-up over the serial batch.

The extrapolation assumes what it says: the per-report CPU of the serial batch stays the same,
one report per core, and the parallel efficiency measured with 2 workers on this machine.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
EXTRAPOLATE_REGIONS = 514
EXTRAPOLATE_CORES = (16, 64)
KERNEL_START = "fork"
#: The serial batches, one report after another: with one notebook at a time (the baseline of
#: the speed-up goal: the work done one core at a time) and with two (``--jobs 2``, the best
#: serial setting of part 4, which already keeps part of the second core busy).
SERIAL_MODES = {"serial": ("--jobs", "1"), "serial_jobs2": ("--jobs", "2")}
BASELINE = "serial"


def write_regions(work: Path, n: int, *, seed: int = 20261201) -> list[Path]:
    """Write ``n`` region datasets under ``work/data`` and return their folders.

    Parameters
    ----------
    work : Path
        Working folder (``data/wilayah-NNN/`` are made inside).
    n : int
        Number of regions (≥ 1).
    seed : int
        Base seed: region ``i`` uses ``seed + i`` for its tables; the peer panel uses the
        national generator's own seed.

    Returns
    -------
    list of Path
        One CSV folder per region, valid for :func:`evaltools.load_data`.
    """
    sys.path.insert(0, str(HERE))
    import national

    from evaltools.data import demo

    if n < 1:
        raise ValueError(f"n must be ≥ 1, got {n}")
    ns = national.generate(scale=(n + 1) / national.BASE_SIZES["regions"], groups=("peers",))
    panel = ns.peer_panel.copy()
    panel["region"] = panel["region"].replace({national.FOCAL: "Wilayah 0000"})
    names = [r for r in dict.fromkeys(panel["region"]) if r != "Wilayah 0000"][:n]
    if len(names) < n:
        raise ValueError(f"the national generator gave {len(names)} regions, {n} needed")
    folders = []
    for i, name in enumerate(names, start=1):
        folder = work / "data" / f"wilayah-{i:03d}"
        demo.write_demo(folder, seed=seed + i)
        for csv in folder.glob("*.csv"):
            text = csv.read_text(encoding="utf-8")
            if demo.REGION in text:
                csv.write_text(text.replace(demo.REGION, name), encoding="utf-8")
        mine = panel.assign(focal=panel["region"] == name, source_id="SYN-DEMO")
        mine["focal"] = mine["focal"].map({True: "true", False: "false"})
        mine.to_csv(folder / "peer_panel.csv", index=False, encoding="utf-8")
        folders.append(folder)
    return folders


def write_configs(work: Path, data: list[Path], nb_dir: Path) -> Path:
    """One config per region dataset (``configs/wilayah-NNN.yaml``); returns the folder."""
    import yaml

    cfg_dir = work / "configs"
    cfg_dir.mkdir(parents=True, exist_ok=True)
    for folder in data:
        cfg = {"data": str(folder), "notebooks_dir": str(nb_dir), "synthetic": True}
        (cfg_dir / f"{folder.name}.yaml").write_text(yaml.safe_dump(cfg, allow_unicode=True))
    return cfg_dir


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tree_cpu(pids: list[int]) -> float:
    """CPU seconds so far of these processes and all their descendants, live or reaped.

    Each process counts its own time plus what its reaped children used; the live descendants
    (a ``dask worker``'s nanny and worker process, the kernels of a running report) are walked
    too, each with its own reaped children (a worker's finished reports and their kernels).
    """
    import psutil

    def usage(proc: psutil.Process) -> float:
        t = proc.cpu_times()
        return t.user + t.system + t.children_user + t.children_system

    total = 0.0
    for pid in pids:
        try:
            top = psutil.Process(pid)
            total += usage(top)
            descendants = top.children(recursive=True)
        except psutil.Error:
            continue
        for child in descendants:
            try:
                total += usage(child)
            except psutil.Error:
                continue
    return total


def _dask() -> list[str]:
    exe = BIN / "dask"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "dask"]


def _start_cluster(env: dict[str, str], logs: Path) -> tuple[str, list[subprocess.Popen]]:
    from distributed import Client

    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs.mkdir(parents=True, exist_ok=True)
    procs = [
        subprocess.Popen(
            [*_dask(), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(logs / "scheduler.log").open("wb"),
        )
    ]
    for i in range(2):
        procs.append(
            subprocess.Popen(
                [*_dask(), "worker", address, "--nthreads", "1", "--nworkers", "1"]
                + ["--no-dashboard", "--name", f"bench-{i}"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=(logs / f"worker-{i}.log").open("wb"),
            )
        )
    deadline = time.monotonic() + 180
    while True:
        try:
            with Client(address, timeout="5s") as client:
                client.wait_for_workers(2, timeout=max(1.0, deadline - time.monotonic()))
            return address, procs
        except OSError:
            if time.monotonic() > deadline:
                _stop(procs)
                raise
            time.sleep(1)


def _stop(procs: list[subprocess.Popen]) -> None:
    for p in procs:
        if p.poll() is None:
            p.terminate()
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait(timeout=10)


def _mode(res: dict[str, Any], n: int, extra_cpu: float = 0.0) -> dict[str, Any]:
    cpu = res["cpu_seconds"] + extra_cpu
    return {
        "seconds": res["seconds"],
        "cpu_seconds": round(cpu, 2),
        "peak_mib": res["peak_mib"],
        "reports_per_minute": n / res["seconds"] * 60,
        "reports_per_cpu_minute": n / cpu * 60 if cpu else None,
        "cpu_per_report": cpu / n,
    }


def extrapolate(cpu_per_report: float, efficiency: float) -> dict[str, float]:
    """Hours for :data:`EXTRAPOLATE_REGIONS` reports on 16 and 64 cores (an extrapolation).

    ``wall = regions × CPU per report / (cores × efficiency)``: per-report CPU as measured,
    one report per core, parallel efficiency as measured with 2 workers (capped at 1).
    """
    eff = min(1.0, max(efficiency, 1e-6))
    return {
        f"hours_{cores}_cores": EXTRAPOLATE_REGIONS * cpu_per_report / (cores * eff) / 3600
        for cores in EXTRAPOLATE_CORES
    }


MODES = ("serial", "serial_jobs2", "workers2", "cluster")


def part_nationalbatch(
    nb_dir: Path,
    work: Path,
    n_configs: int,
    measure: Any,
    check: Any,
    *,
    modes: tuple[str, ...] = MODES,
) -> dict[str, Any]:
    """Run the ``modes`` on ``n_configs`` regions; ``measure``/``check`` from run.py."""
    unknown = set(modes) - set(MODES)
    if unknown:
        raise ValueError(f"unknown nationalbatch modes {sorted(unknown)}; known: {MODES}")
    data = write_regions(work, n_configs)
    cfg_dir = write_configs(work, data, nb_dir)
    # Every mode starts its chapters' kernels from a pre-imported zygote (item 3 of the issue;
    # the scheduler and workers of the external cluster get the same environment).
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), *sys.path]),
        "EVALTOOLS_KERNEL_START": KERNEL_START,
    }
    evaltools = [sys.executable, "-m", "evaltools.cli", "batch", str(cfg_dir)]
    out: dict[str, Any] = {
        "configs": n_configs,
        "notebooks": str(nb_dir),
        "kernel_start": KERNEL_START,
    }
    for key, options in SERIAL_MODES.items():
        if key not in modes:
            continue
        res = check(
            measure([*evaltools, "--out", str(work / key), *options], env=env, timeout=7200),
            f"nationalbatch {key}",
        )
        out[key] = _mode(res, n_configs)
    if "workers2" in modes:
        res = check(
            measure(
                [*evaltools, "--out", str(work / "workers2"), "--workers", "2", "--jobs", "1"],
                env=env,
                timeout=7200,
            ),
            "nationalbatch --workers 2",
        )
        out["workers2"] = _mode(res, n_configs)
    if "cluster" in modes:
        address, procs = _start_cluster(env, work / "cluster-logs")
        try:
            pids = [p.pid for p in procs]
            before = _tree_cpu(pids)
            res = check(
                measure(
                    [*evaltools, "--out", str(work / "cluster"), "--cluster", address]
                    + ["--jobs", "1"],
                    env=env,
                    timeout=7200,
                ),
                "nationalbatch --cluster",
            )
            during = _tree_cpu(pids) - before
        finally:
            _stop(procs)
        out["cluster"] = _mode(res, n_configs, extra_cpu=during)
        out["cluster"]["cluster_processes_cpu"] = round(during, 2)
    for key in ("workers2", "cluster"):
        for base in SERIAL_MODES:
            if key in out and base in out:
                out[key][f"speedup_over_{base}"] = out[base]["seconds"] / out[key]["seconds"]
    if "workers2" in out and BASELINE in out:
        efficiency = out["workers2"][f"speedup_over_{BASELINE}"] / 2
        out["extrapolation"] = {
            "assumption": (
                "per-report CPU of the one-at-a-time batch, one report per core, parallel "
                "efficiency of --workers 2 on this machine"
            ),
            "efficiency": efficiency,
            **extrapolate(out[BASELINE]["cpu_per_report"], efficiency),
        }
    for m in MODES:
        if m in out:
            index = work / m / "index.json"
            out[m]["rollup"] = (work / m / "ringkasan-nasional.pdf").is_file() and index.is_file()
    return out


def rows(res: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """Rows of the benchmark table."""
    n = res["configs"]
    out = []
    names = {
        "serial": "serial (one report, one notebook at a time)",
        "serial_jobs2": "serial (--jobs 2)",
        "workers2": "--workers 2 (--jobs 1)",
        "cluster": "dask scheduler + 2 workers",
    }
    for key, name in names.items():
        if key not in res:
            continue
        m = res[key]
        out.append(
            (
                f"6 {n} regions {name}",
                f"{m['reports_per_minute']:.2f} reports/min, "
                f"{m['reports_per_cpu_minute']:.2f} reports/CPU-min, "
                f"{m['cpu_per_report']:.1f} CPU-s/report",
                "",
                "",
            )
        )
    for key in ("workers2", "cluster"):
        for base in SERIAL_MODES:
            sp = res.get(key, {}).get(f"speedup_over_{base}")
            if sp is None:
                continue
            goal = key == "workers2" and base == BASELINE
            out.append(
                (
                    f"6 speed-up {names[key]} over {names[base]}",
                    f"{sp:.2f}×",
                    "≥ 1.70×" if goal else "report",
                    ("ok" if sp >= 1.7 else "MISS") if goal else "",
                )
            )
    ex = res.get("extrapolation")
    for cores in EXTRAPOLATE_CORES if ex else ():
        out.append(
            (
                f"6 {EXTRAPOLATE_REGIONS} regions on {cores} cores (extrapolated, not measured)",
                f"{ex[f'hours_{cores}_cores']:.2f} h",
                "",
                "",
            )
        )
    return out
