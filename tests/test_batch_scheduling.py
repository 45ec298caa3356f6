"""The scheduling recipes of docs/scheduling.md (issue 16): the cron/systemd batch script run
as cron runs it, and the Airflow example parsed (no Airflow needed) against the real CLI."""

from __future__ import annotations

import argparse
import ast
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from evaltools.cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
DAG = ROOT / "examples" / "airflow" / "evaltools_batch_dag.py"
SCRIPT = ROOT / "examples" / "cron" / "evaltools-batch.sh"
DOC = ROOT / "docs" / "scheduling.md"


def _options(command: str) -> set[str]:
    parser = build_parser([])
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices[command]._option_string_actions)


def _strings(node: ast.AST) -> list[str]:
    """The literal text of a string or f-string expression (formatted values left out)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return ["".join(v.value for v in node.values if isinstance(v, ast.Constant))]
    if isinstance(node, ast.BinOp):
        return _strings(node.left) + _strings(node.right)
    return []


def _bash_commands(tree: ast.AST) -> list[str]:
    commands = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "BashOperator":
            for kw in node.keywords:
                if kw.arg == "bash_command":
                    commands.append(" ".join(_strings(kw.value)))
    return commands


def test_airflow_example_parses_and_uses_real_cli_options():
    source = DAG.read_text(encoding="utf-8")
    tree = ast.parse(source)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert "PapermillOperator" not in names | imported and "BashOperator" in imported
    commands = _bash_commands(tree)
    assert len(commands) == 2, commands  # the per-config run and the roll-up
    run_cmd = next(c for c in commands if " run " in c)
    rollup_cmd = next(c for c in commands if " rollup " in c)
    used = set(re.findall(r"(?<!\S)(--?[a-z][a-z-]*)", run_cmd))
    assert "--if-changed" in used
    assert used <= _options("run"), used - _options("run")
    assert set(re.findall(r"(?<!\S)(--?[a-z][a-z-]*)", rollup_cmd)) <= _options("rollup")
    # Retries and bounded concurrency are set on the DAG.
    dag_call = next(
        n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "DAG"
    )
    keywords = {kw.arg: kw.value for kw in dag_call.keywords}
    assert "max_active_tasks" in keywords
    defaults = {
        k.value: v
        for k, v in zip(keywords["default_args"].keys, keywords["default_args"].values, strict=True)
    }
    assert ast.literal_eval(defaults["retries"]) >= 1
    assert ast.literal_eval(defaults["pool"]) == "evaltools"


def test_documented_batch_commands_use_real_options():
    text = DOC.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if re.search(r"evaltools (batch|rollup) ", line)]
    assert lines
    for line in lines:
        for command in ("batch", "rollup"):
            for tail in re.findall(rf"evaltools {command} ([^`\n]*)", line):
                used = set(re.findall(r"(?<!\S)(--?[a-z][a-z-]*)", tail))
                assert used <= _options(command), (line, used - _options(command))
    script = SCRIPT.read_text(encoding="utf-8")
    used = set(re.findall(r"(?<!\S)(--[a-z][a-z-]*)", script.split('"$EVALTOOLS" batch', 1)[1]))
    assert used and used <= _options("batch")


@pytest.mark.skipif(shutil.which("flock") is None, reason="needs flock (util-linux)")
def test_cron_batch_script_runs_as_cron_would(tmp_path):
    project = tmp_path / "project"
    (project / "configs").mkdir(parents=True)
    for name in ("kab-a", "kab-b"):  # bad input: the batch records it without any kernel
        (project / "configs" / f"{name}.yaml").write_text(
            f"notebooks_dir: {ROOT / 'tests' / 'fixtures' / 'batch'}\n"
            f"data: {ROOT / 'data' / 'demo'}\nparameters:\n  ambang: 1\n",
            encoding="utf-8",
        )
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    evaltools = bin_dir / "evaltools"
    evaltools.write_text(
        f'#!/bin/sh\nexec {sys.executable} -m evaltools.cli "$@"\n', encoding="utf-8"
    )
    evaltools.chmod(0o755)
    env = {  # what cron gives a job: almost nothing
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(ROOT / "src"),
        "EVALTOOLS_PROJECT": str(project),
        "EVALTOOLS_WORKERS": "1",
        "EVALTOOLS_BIN": str(evaltools),
    }
    proc = subprocess.run(
        ["/bin/sh", str(SCRIPT)],
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr  # two invalid configs: the batch failed
    assert "evaltools batch: start (configs -> reports/batch, 1 workers)" in proc.stderr
    assert "evaltools batch: exit 1" in proc.stderr
    assert "\r" not in proc.stderr
    out = project / "reports" / "batch"
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    assert [r["status"] for r in index["runs"]] == ["invalid", "invalid"]
    for name in ("index.html", "ringkasan-nasional.csv", "ringkasan-nasional.pdf"):
        assert (out / name).is_file()

    # A second start while the first still holds the lock: skipped, exit 0.
    lock = out / ".batch.lock"
    holder = subprocess.Popen(["flock", "-x", str(lock), "sleep", "60"])
    try:
        for _ in range(100):  # wait until the holder has the lock
            if subprocess.run(["flock", "-n", str(lock), "true"], check=False).returncode:
                break
            time.sleep(0.1)
        proc = subprocess.run(
            ["/bin/sh", str(SCRIPT)],
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        holder.kill()
        holder.wait()
    assert proc.returncode == 0, proc.stderr
    assert "still running; skipped" in proc.stderr
