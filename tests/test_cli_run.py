"""`evaltools run` and `evaltools batch` through `evaltools.cli.main`: exit codes, run folders,
manifest, failure paths, --if-changed and interrupted runs. Uses the fixture notebooks in
tests/fixtures/notebooks (the real chapter notebooks plug in the same way)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import time
from pathlib import Path

import nbformat
import pytest

from evaltools.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "notebooks"
REGION = "Kota <script>alert('x')</script> & Sekitarnya"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_config(path: Path, **extra: str) -> Path:
    lines = [f"notebooks_dir: {FIXTURES}", "synthetic: true", "author: Tim Uji Evaltools"]
    lines += [f"{k}: {v}" for k, v in extra.items()]
    lines += ["parameters:", "  regulation: Perda No. 2/2020", "  evaluation_end: 2022"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _runs(root: Path) -> list[str]:
    return (
        sorted(p.name for p in root.iterdir() if p.is_dir() and not p.is_symlink())
        if root.exists()
        else []
    )


# ---------------------------------------------------------------- bad input: exit 2, nothing run


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-p", "evaluation_strat", "2018"], "unknown parameter 'evaluation_strat'"),
        (
            ["-p", "evaluation_start", "tahun lalu"],
            "'evaluation_start' (arguments) must be a whole number",
        ),
        (
            ["-p", "evaluation_start", "2021", "-p", "evaluation_end", "2019"],
            "is before 'evaluation_start'",
        ),
        (["-p", "peers", "{a: 1}"], "'peers' (arguments) must be a list"),
    ],
)
def test_bad_parameters_exit_2_before_any_kernel(tmp_path, capsys, args, expected):
    out = tmp_path / "out"
    t0 = time.monotonic()
    code = main(["run", str(_write_config(tmp_path / "c.yaml")), "--out", str(out), *args])
    elapsed = time.monotonic() - t0
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err and "nothing was run" in err
    # No run folder, no executed notebook: no kernel was started (a kernel alone takes > 1 s).
    assert not out.exists()
    assert elapsed < 15


def test_bad_data_exit_2_lists_the_problems(tmp_path, capsys):
    bad = tmp_path / "data"
    bad.mkdir()
    (bad / "programs.csv").write_text(
        "program_id,name\nP1,<script>x</script> & co\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    code = main(
        ["run", str(_write_config(tmp_path / "c.yaml")), "--data", str(bad), "--out", str(out)]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "problem(s) found in the input data" in err and "sources" in err
    assert not out.exists()


def test_missing_data_path_and_bad_config_exit_2(tmp_path, capsys):
    cfg = _write_config(tmp_path / "c.yaml")
    assert (
        main(["run", str(cfg), "--data", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    )
    assert "does not exist" in capsys.readouterr().err
    bad_cfg = tmp_path / "bad.yaml"
    bad_cfg.write_text("notebook_dir: x\n")
    assert main(["run", str(bad_cfg)]) == 2
    assert "unknown key 'notebook_dir'" in capsys.readouterr().err
    assert main(["run", str(cfg), "--jobs", "0", "--out", str(tmp_path / "o")]) == 2
    assert not (tmp_path / "o").exists()


# ---------------------------------------------------------------- a good run (module scoped)


@pytest.fixture(scope="module")
def good_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("cli_run")
    cfg = _write_config(base / "kota.yaml", out="reports", jobs="2")
    t0 = time.monotonic()
    code = main(["run", str(cfg), "-p", "region", REGION])
    return {"code": code, "cfg": cfg, "root": base / "reports", "seconds": time.monotonic() - t0}


@pytest.mark.slow
def test_good_run_layout_and_manifest(good_run):
    assert good_run["code"] == 0
    root = good_run["root"]
    today = dt.date.today().isoformat()
    assert _runs(root) == [today]
    run_dir = root / today
    assert (root / "latest").resolve() == run_dir.resolve()
    for name in ("report.pdf", "report.html", "manifest.json", "run.log"):
        assert (run_dir / name).is_file(), name
    assert (run_dir / "report.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in (run_dir / "notebooks").iterdir()) == [
        "01-capaian.ipynb",
        "02-anggaran.ipynb",
        "03-diagnosis.ipynb",
    ]
    # No temporary files are left behind.
    assert not [p for p in run_dir.rglob(".*")]
    assert not [p for p in root.iterdir() if p.name.startswith(".")]

    m = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert m["status"] == "ok" and m["run_name"] == today and m["synthetic"] is True
    assert m["parameters"]["region"] == REGION
    assert m["parameters"]["evaluation_end"] == 2022 and m["parameters"]["evaluation_start"] == 2017
    assert m["parameter_sources"]["region"] == "baris perintah"
    assert m["parameter_sources"]["evaluation_end"] == "berkas konfigurasi"
    assert m["parameter_sources"]["threshold"] == "bawaan notebook"
    assert m["config_sha256"] == _sha(good_run["cfg"])
    for name, info in m["notebooks"].items():
        assert info["sha256"] == _sha(FIXTURES / name)
        assert info["status"] == "ok" and info["seconds"] > 0
    for pkg in (
        "python",
        "evaltools",
        "pandas",
        "numpy",
        "statsmodels",
        "matplotlib",
        "papermill",
        "nbconvert",
        "weasyprint",
    ):
        assert m["versions"][pkg]
    # the run says whether it ran on the locked dependency set (make venv installs it)
    lock = m["dependency_lock"]
    assert lock["file"] == "requirements.lock" and len(lock["sha256"]) == 64
    assert lock["matches"] is (not lock["differences"])
    assert m["fingerprint"] and len(m["fingerprint"]) == 64
    assert m["report"]["pdf_sha256"] == _sha(run_dir / "report.pdf")
    assert dt.datetime.fromisoformat(m["started_at"]) <= dt.datetime.fromisoformat(m["finished_at"])

    # The summary notebook runs last: it starts after both chapters finished.
    nbs = m["notebooks"]
    assert nbs["03-diagnosis.ipynb"]["role"] == "summary"
    summary_start = dt.datetime.fromisoformat(nbs["03-diagnosis.ipynb"]["started_at"])
    for name in ("01-capaian.ipynb", "02-anggaran.ipynb"):
        assert dt.datetime.fromisoformat(nbs[name]["finished_at"]) <= summary_start
    # The two chapters ran in parallel (--jobs 2): their time windows overlap.
    a, b = nbs["01-capaian.ipynb"], nbs["02-anggaran.ipynb"]
    assert dt.datetime.fromisoformat(a["started_at"]) < dt.datetime.fromisoformat(b["finished_at"])
    assert dt.datetime.fromisoformat(b["started_at"]) < dt.datetime.fromisoformat(a["finished_at"])

    log = (run_dir / "run.log").read_text(encoding="utf-8")
    assert "done   03-diagnosis.ipynb" in log and "run ok" in log


@pytest.mark.slow
def test_parameters_reach_the_notebooks(good_run):
    run_dir = good_run["root"] / dt.date.today().isoformat()
    nb = nbformat.read(run_dir / "notebooks" / "01-capaian.ipynb", as_version=4)
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1
    assert "evaluation_end = 2022" in injected[0].source
    # 02-anggaran does not declare `region`, so it is not injected there.
    nb2 = nbformat.read(run_dir / "notebooks" / "02-anggaran.ipynb", as_version=4)
    inj2 = next(c for c in nb2.cells if "injected-parameters" in c.metadata.get("tags", []))
    assert "region" not in inj2.source and "evaluation_end = 2022" in inj2.source


@pytest.mark.slow
def test_if_changed_skips_an_unchanged_run(good_run, capsys):
    assert good_run["code"] == 0
    root = good_run["root"]
    before = _runs(root)
    t0 = time.monotonic()
    code = main(["run", str(good_run["cfg"]), "-p", "region", REGION, "--if-changed"])
    assert code == 0
    assert time.monotonic() - t0 < 15
    assert "unchanged since the last good run" in capsys.readouterr().err
    assert _runs(root) == before


@pytest.mark.slow
def test_interrupted_pdf_step_keeps_the_previous_report(good_run, tmp_path, monkeypatch, capsys):
    """A changed parameter defeats --if-changed; the run is then interrupted while WeasyPrint
    writes the PDF. The earlier report must stay byte-identical and `latest` must not move."""
    import weasyprint

    root = tmp_path / "reports"
    shutil.copytree(good_run["root"], root, symlinks=True)
    today = dt.date.today().isoformat()
    good_pdf = root / today / "report.pdf"
    good_hash = _sha(good_pdf)

    def interrupted_write_pdf(self, target=None, *args, **kwargs):
        Path(target).write_bytes(b"%PDF-1.7 half written")
        raise KeyboardInterrupt

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", interrupted_write_pdf)
    code = main(
        [
            "run",
            str(good_run["cfg"]),
            "--out",
            str(root),
            "--if-changed",
            "-p",
            "evaluation_end",
            "2021",
            "-p",
            "region",
            REGION,
        ]
    )
    assert code == 130
    assert _sha(good_pdf) == good_hash
    assert folders_latest(root) == today
    failed = root / f"{today}-gagal"
    assert failed.is_dir()
    assert not list(failed.rglob("*.pdf")) and not list(failed.rglob("*.tmp"))
    assert not (failed / "report.html").exists()
    m = json.loads((failed / "manifest.json").read_text(encoding="utf-8"))
    assert m["status"] == "interrupted"
    assert (failed / "notebooks" / "03-diagnosis.ipynb").is_file()
    assert not [p for p in root.iterdir() if p.name.startswith(".") and p.is_dir()]


def folders_latest(root: Path) -> str:
    return (root / "latest").resolve().name


# ---------------------------------------------------------------- a failing notebook: exit 1


@pytest.mark.slow
def test_failing_notebook_exit_1_names_notebook_and_cell(tmp_path, capsys):
    nb_dir = tmp_path / "nb"
    nb_dir.mkdir()
    shutil.copy(FIXTURES / "02-anggaran.ipynb", nb_dir)
    shutil.copy(FIXTURES / "failing" / "02-gagal.ipynb", nb_dir)
    cfg = tmp_path / "gagal.yaml"
    cfg.write_text(f"notebooks_dir: {nb_dir}\nout: out\n", encoding="utf-8")
    code = main(["run", str(cfg)])
    err = capsys.readouterr().err
    assert code == 1
    assert "notebook 02-gagal.ipynb failed at cell index 3" in err
    assert 'nilai = tabel["tidak_ada"]' in err
    assert "KeyError" in err and "tidak_ada" in err
    out = tmp_path / "out"
    failed = out / f"{dt.date.today().isoformat()}-gagal"
    assert _runs(out) == [failed.name]
    assert not list(out.rglob("report.pdf")) and not (out / "latest").exists()
    executed = nbformat.read(failed / "notebooks" / "02-gagal.ipynb", as_version=4)
    errors = [
        o
        for c in executed.cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert errors and errors[0]["ename"] == "KeyError"
    assert str(failed / "notebooks" / "02-gagal.ipynb") in err
    # The other notebook ran to the end and its output is kept.
    assert (failed / "notebooks" / "02-anggaran.ipynb").is_file()
    m = json.loads((failed / "manifest.json").read_text(encoding="utf-8"))
    assert m["status"] == "failed"
    assert m["notebooks"]["02-anggaran.ipynb"]["status"] == "ok"
    assert m["notebooks"]["02-gagal.ipynb"]["status"] == "failed"


# ---------------------------------------------------------------- batch


@pytest.mark.slow
def test_batch_one_bad_config_does_not_stop_the_others(tmp_path, capsys):
    configs = tmp_path / "configs"
    configs.mkdir()
    (configs / "a-baik.yaml").write_text(
        f"notebooks_dir: {FIXTURES}\nnotebooks: [02-anggaran]\nparameters:\n  threshold: 0.75\n",
        encoding="utf-8",
    )
    (configs / "b-salah.yaml").write_text(
        f"notebooks_dir: {FIXTURES}\nnotebooks: [02-anggaran]\nparameters:\n  ambang: 0.75\n",
        encoding="utf-8",
    )
    out = tmp_path / "batch"
    code = main(["batch", str(configs), str(tmp_path / "hilang.yaml"), "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 1
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    statuses = {Path(r["config"]).name: r["status"] for r in index["runs"]}
    assert statuses == {"a-baik.yaml": "ok", "b-salah.yaml": "invalid", "hilang.yaml": "invalid"}
    assert index["ok"] is False
    good = next(r for r in index["runs"] if r["status"] == "ok")
    assert (out / good["report"]).is_file()
    assert good["report"] == f"a-baik/{dt.date.today().isoformat()}/report.pdf"
    bad = next(r for r in index["runs"] if Path(r["config"]).name == "b-salah.yaml")
    assert "unknown parameter 'ambang'" in bad["message"]
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "a-baik.yaml" in html and "b-salah.yaml" in html and "1 dari 3 run berhasil" in html
    # The summary table on stdout lists every config.
    assert "a-baik.yaml" in captured.out and "b-salah.yaml" in captured.out
    assert "1 of 3 runs ok" in captured.out

    # --if-changed: the good one is skipped, the batch still fails on the bad one.
    code = main(["batch", str(configs / "a-baik.yaml"), "--out", str(out), "--if-changed"])
    assert code == 0
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in index["runs"]] == ["skipped"]
    assert _runs(out / "a-baik") == [dt.date.today().isoformat()]


@pytest.mark.slow
def test_runs_without_tty_or_stdin_as_cron_would(tmp_path):
    """`evaltools run` as a scheduler calls it: a child process, stdin closed, stderr a pipe."""
    import subprocess
    import sys

    cfg = tmp_path / "cron.yaml"
    cfg.write_text(
        f"notebooks_dir: {FIXTURES}\nnotebooks: [02-anggaran]\nout: out\n", encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "evaltools.cli", "run", str(cfg)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "\r" not in proc.stderr  # plain lines, no redrawn status line
    assert "done   02-anggaran.ipynb" in proc.stderr
    assert "Report written to" in proc.stdout
    assert (tmp_path / "out" / "latest" / "report.pdf").is_file()


def test_ctrl_c_while_notebooks_run_stops_the_kernels(tmp_path):
    """SIGINT during notebook execution: the run stops within seconds (it does not wait for the
    running notebooks), exits 130, and leaves a -gagal folder without report.pdf."""
    import signal
    import subprocess
    import sys

    nb_dir = tmp_path / "nb"
    nb_dir.mkdir()
    nb = nbformat.v4.new_notebook(
        metadata={
            "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}
        }
    )
    params = nbformat.v4.new_code_cell('region: str = "Kota Bekasi"  # daerah')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Bab Lambat"),
        params,
        nbformat.v4.new_code_cell("import time\ntime.sleep(120)"),
    ]
    nbformat.write(nb, str(nb_dir / "01-lambat.ipynb"))
    cfg = tmp_path / "c.yaml"
    cfg.write_text(f"notebooks_dir: {nb_dir}\nout: out\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "evaltools.cli", "run", str(cfg)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    executed = tmp_path / "out"
    deadline = time.monotonic() + 60
    # Wait until the kernel runs the sleeping cell (papermill has written the executed copy).
    while time.monotonic() < deadline and not list(executed.glob(".*/notebooks/01-lambat.ipynb")):
        time.sleep(0.2)
    time.sleep(3)
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        _, err = proc.communicate(timeout=40)
    finally:
        proc.kill()
    elapsed = time.monotonic() - t0
    assert proc.returncode == 130, err
    assert elapsed < 30, f"took {elapsed:.1f} s after Ctrl-C"
    failed = [p for p in executed.iterdir() if p.name.endswith("-gagal")]
    assert len(failed) == 1 and not (failed[0] / "report.pdf").exists()
    assert json.loads((failed[0] / "manifest.json").read_text())["status"] == "interrupted"


def test_unreadable_notebook_is_bad_input_not_a_traceback(tmp_path, capsys):
    nb_dir = tmp_path / "nb"
    nb_dir.mkdir()
    params = nbformat.v4.new_code_cell("x: int = 1")
    params.metadata["tags"] = ["parameters"]
    nbformat.write(
        nbformat.v4.new_notebook(cells=[params]), str(nb_dir / "01-tanpa-kernel.ipynb")
    )  # no kernelspec: papermill refuses it
    (nb_dir / "02-rusak.ipynb").write_text("{ bukan json", encoding="utf-8")
    for name in ("01-tanpa-kernel", "02-rusak"):
        code = main(
            ["run", str(_write_nb_config(tmp_path, nb_dir, name)), "--out", str(tmp_path / "out")]
        )
        err = capsys.readouterr().err
        assert code == 2, err
        assert f"notebook {name}.ipynb cannot be read" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def _write_nb_config(tmp_path: Path, nb_dir: Path, name: str) -> Path:
    cfg = tmp_path / f"{name}.yaml"
    cfg.write_text(f"notebooks_dir: {nb_dir}\nnotebooks: [{name}]\n", encoding="utf-8")
    return cfg


def test_demo_config_is_valid(repo_root):
    from evaltools.runner.config import load_config

    cfg = load_config(repo_root / "configs" / "demo.yaml")
    assert cfg["data"] == repo_root / "data" / "demo"
    assert cfg["notebooks_dir"] == repo_root / "notebooks"
    assert cfg["out"] == repo_root / "reports" / "demo"
    # Its parameters are ones the real chapter notebooks declare, of the declared types.
    from evaltools.runner import inspect_parameters, resolve_parameters

    specs = inspect_parameters(sorted((repo_root / "notebooks").glob("*.ipynb")))
    resolved = resolve_parameters(specs, [("config demo.yaml", cfg["parameters"])])
    assert resolved["evaluation_start"] == 2018 and resolved["stagnation_end"] == 2021


def test_empty_windows_without_a_context_table_exit_2_before_any_kernel(
    tmp_path, capsys, repo_root
):
    """The chapter notebooks leave the year windows at 0 = "from the data's context table"; data
    without that table must be refused up front, naming the parameters and the fix."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("sources", "programs", "program_targets"):
        shutil.copy(repo_root / "data" / "demo" / f"{name}.csv", data)
    out = tmp_path / "out"
    code = main(["run", "--data", str(data), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    for name in ("evaluation_start", "evaluation_end", "stagnation_start", "stagnation_end"):
        assert f"'{name}' is left empty (0)" in err
    assert "-p stagnation_start YEAR" in err and "Nothing was run" in err
    assert not out.exists()
    # Given on the command line, the same data run (checked up to the parameter stage only).
    code = main(
        [
            "run",
            "--data",
            str(data),
            "--out",
            str(out),
            "-p",
            "evaluation_start",
            "2018",
            "-p",
            "evaluation_end",
            "2017",
            "-p",
            "stagnation_start",
            "2020",
            "-p",
            "stagnation_end",
            "2021",
        ]
    )
    assert code == 2 and "is before" in capsys.readouterr().err
