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
    evaluator: Tim Evaluasi Setwan DPRD   # cover of the report (neutral default when absent)
    institution: Sekretariat DPRD Kota Contoh
    parameters:                   # notebook parameters, typed as in the notebooks
      region: Kota Contoh
      evaluation_start: 2017
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from evaltools.errors import ParameterError

#: Nesting depth and node count (aliases expanded) a YAML text may have: a run config is a
#: handful of keys, so anything far beyond is an accident or an "anchor bomb".
YAML_MAX_DEPTH = 50
YAML_MAX_NODES = 10_000
#: Characters in one YAML text (a config file or one -p value).
YAML_MAX_CHARS = 1_000_000


def safe_yaml(text: str, what: str) -> Any:
    """``yaml.safe_load`` with caps on size, depth and expanded size, checked before building.

    Parameters
    ----------
    text : str
        The YAML text.
    what : str
        How to name it in messages (e.g. "config file x.yaml").

    Raises
    ------
    ParameterError
        Not YAML, longer than :data:`YAML_MAX_CHARS`, nested deeper than
        :data:`YAML_MAX_DEPTH`, or more than :data:`YAML_MAX_NODES` values once anchors
        (``&a`` / ``*a``) are expanded.
    """
    if len(text) > YAML_MAX_CHARS:
        raise ParameterError(
            f"{what} is {len(text):,} characters long, above the cap of {YAML_MAX_CHARS:,}"
        )
    try:
        depth = 0
        for event in yaml.parse(text, Loader=yaml.SafeLoader):  # iterative: no recursion
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > YAML_MAX_DEPTH:
                    raise ParameterError(
                        f"{what} is nested more than {YAML_MAX_DEPTH} levels "
                        "deep; write it as a flat list of keys"
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        sizes: dict[int, int] = {}

        def size(n) -> int:
            if id(n) in sizes:
                return sizes[id(n)]
            sizes[id(n)] = 1  # a recursive alias counts once (then refused below if large)
            total = 1
            if isinstance(n, yaml.SequenceNode):
                total += sum(size(c) for c in n.value)
            elif isinstance(n, yaml.MappingNode):
                total += sum(size(k) + size(v) for k, v in n.value)
            total = min(total, YAML_MAX_NODES + 1)
            sizes[id(n)] = total
            return total

        if node is not None and size(node) > YAML_MAX_NODES:
            raise ParameterError(
                f"{what} expands to more than {YAML_MAX_NODES:,} values once "
                "its anchors (&name / *name) are expanded; write the values "
                "out instead of repeating anchors"
            )
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParameterError(f"{what} is not valid YAML: {exc}") from None


CONFIG_KEYS = {
    "data": "path",
    "out": "path",
    "notebooks_dir": "path",
    "notebooks": "list",
    "jobs": "int",
    "timeout": "int",
    "synthetic": "bool",
    "author": "str",
    "version": "str",
    "evaluator": "str",
    "institution": "str",
    "parameters": "dict",
    "kernel_start": "str",  # "spawn" or "fork" (checked by evaltools.runner.kernels)
}


def load_config(path: str | Path) -> dict[str, Any]:
    """Read and check a YAML run config; paths come back absolute.

    Raises
    ------
    ParameterError
        When the file is missing or unreadable, is not a mapping, has unknown keys or values
        of the wrong type (all problems listed).
    """
    from evaltools.data.read import file_refusal

    path = Path(path)
    if not path.exists():
        raise ParameterError(f"config file {path} not found: give the path of a .yaml file")
    refusal = file_refusal(path, max_bytes=YAML_MAX_CHARS * 4)
    if refusal is not None:
        raise ParameterError(f"config file {path} is not read: {refusal}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ParameterError(
            f"config file {path} is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None
    raw = safe_yaml(text, f"config file {path}") or {}
    if not isinstance(raw, dict):
        raise ParameterError(
            f"config file {path} must be a mapping of keys (data, out, parameters …)"
        )
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
