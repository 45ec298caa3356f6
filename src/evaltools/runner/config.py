"""Run configuration files (YAML) and how they resolve against defaults.

A config file has these keys, all optional (relative paths are relative to the config file's
folder, so a cron job works from any working directory)::

    data: ../data/demo            # .xlsx workbook or CSV folder
    out: ../reports/demo          # output root; a dated run folder is made inside
    notebooks_dir: ../notebooks   # where the NN-*.ipynb notebooks are
    notebooks: [01-progress, 05-diagnosis]   # a subset, by name (default: all)
    jobs: 2                       # notebooks run in parallel
    timeout: 1800                 # seconds one cell may take (default: no limit)
    synthetic: false              # force the "DATA ILUSTRASI" mark (data can only add it)
    author: Tim Evaluasi Setwan DPRD
    version: "1.0"
    parameters:                   # notebook parameters, typed as in the notebooks
      region: Kota Bekasi
      evaluation_start: 2017
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from evaltools.errors import ParameterError

CONFIG_KEYS = {
    "data": "path", "out": "path", "notebooks_dir": "path", "notebooks": "list",
    "jobs": "int", "timeout": "int", "synthetic": "bool", "author": "str", "version": "str",
    "parameters": "dict",
}


def load_config(path: str | Path) -> dict[str, Any]:
    """Read and check a YAML run config; paths come back absolute.

    Raises
    ------
    ParameterError
        When the file is missing or unreadable, is not a mapping, has unknown keys or values
        of the wrong type (all problems listed).
    """
    path = Path(path)
    if not path.is_file():
        raise ParameterError(f"config file {path} not found: give the path of a .yaml file")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ParameterError(f"config file {path} is not valid YAML: {exc}") from exc
    if not isinstance(raw, dict):
        raise ParameterError(f"config file {path} must be a mapping of keys (data, out, parameters …)")
    problems = []
    cfg: dict[str, Any] = {}
    base = path.resolve().parent
    for key, value in raw.items():
        kind = CONFIG_KEYS.get(key)
        if kind is None:
            problems.append(f"unknown key '{key}'; allowed keys: {', '.join(sorted(CONFIG_KEYS))}")
            continue
        if value is None:
            continue
        if kind == "path":
            if not isinstance(value, str):
                problems.append(f"key '{key}' must be a path (text), got {value!r}")
                continue
            cfg[key] = (base / Path(value).expanduser()).resolve()
        elif kind == "int":
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                problems.append(f"key '{key}' must be a whole number ≥ 1, got {value!r}")
                continue
            cfg[key] = value
        elif kind == "bool":
            if not isinstance(value, bool):
                problems.append(f"key '{key}' must be true or false, got {value!r}")
                continue
            cfg[key] = value
        elif kind == "str":
            cfg[key] = str(value)
        elif kind == "list":
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(f"key '{key}' must be a list of notebook names, got {value!r}")
                continue
            cfg[key] = value
        elif kind == "dict":
            if not isinstance(value, dict):
                problems.append(f"key '{key}' must be a mapping name: value, got {value!r}")
                continue
            cfg[key] = dict(value)
    if problems:
        raise ParameterError(
            f"{len(problems)} problem(s) in config file {path}; nothing was run:\n"
            + "\n".join(f"  {i}. {p}" for i, p in enumerate(problems, 1))
        )
    cfg["_path"] = path.resolve()
    return cfg
