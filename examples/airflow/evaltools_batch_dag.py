"""Airflow DAG: one ``evaltools run CONFIG --if-changed`` task per region config (issue 16).

Why ``evaltools run`` in a BashOperator and not PapermillOperator: the runner validates the
data and parameters before any kernel starts, writes the manifest, builds the PDF and keeps
failed runs apart (``-gagal``); running the notebooks one by one with papermill would skip all
of that. Each task's exit code is the scheduler's signal: 0 report built or unchanged, 1 a
notebook or the report failed, 2 bad input (nothing ran: the retry costs under a second and
fails again; the task log names the problem).

* one task per ``*.yaml`` in ``$EVALTOOLS_PROJECT/configs`` (read when the DAG file is parsed);
* ``retries=1``: a crashed worker or a killed kernel gets one more chance;
* bounded concurrency: ``max_active_tasks`` per DAG run and the ``evaltools`` pool (create it
  with ``airflow pools set evaltools 4 "evaltools reports"``; one slot per core is a good
  start, a report uses about one core and 600 MiB);
* a last task rebuilds the national roll-up (``evaltools rollup``) whatever the runs did.

Copy this file into Airflow's ``dags/`` folder; set ``EVALTOOLS_PROJECT`` for the scheduler.
The tests parse it (no Airflow needed) and check every option it passes exists.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
from pathlib import Path

from airflow import DAG

try:  # Airflow 3
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:  # Airflow 2
    from airflow.operators.bash import BashOperator

PROJECT = Path(os.environ.get("EVALTOOLS_PROJECT", "/srv/evaltools"))
EVALTOOLS = PROJECT / ".venv" / "bin" / "evaltools"
CONFIGS = sorted((PROJECT / "configs").glob("*.yaml"))
OUT = PROJECT / "reports" / "national"
MAX_PARALLEL = int(os.environ.get("EVALTOOLS_MAX_PARALLEL", "4"))


def _task_id(config: Path) -> str:
    return "run_" + re.sub(r"[^A-Za-z0-9_]+", "_", config.stem)


with DAG(
    dag_id="evaltools_national_batch",
    description="One evaltools report per region, then the national roll-up",
    schedule="30 2 * * 1",
    start_date=dt.datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    max_active_tasks=MAX_PARALLEL,
    default_args={
        "retries": 1,
        "retry_delay": dt.timedelta(minutes=5),
        "execution_timeout": dt.timedelta(hours=2),
        "pool": "evaltools",
    },
    tags=["evaltools"],
) as dag:
    runs = [
        BashOperator(
            task_id=_task_id(config),
            bash_command=(
                f"cd {shlex.quote(str(PROJECT))} && "
                f"{shlex.quote(str(EVALTOOLS))} run {shlex.quote(str(config))} "
                f"--out {shlex.quote(str(OUT / config.stem))} --jobs 1 --fast-kernels --if-changed"
            ),
        )
        for config in CONFIGS
    ]
    rollup = BashOperator(
        task_id="national_rollup",
        bash_command=f"{shlex.quote(str(EVALTOOLS))} rollup {shlex.quote(str(OUT))}",
        trigger_rule="all_done",  # also after failed runs: the roll-up lists them, with why
        retries=0,
    )
    runs >> rollup
