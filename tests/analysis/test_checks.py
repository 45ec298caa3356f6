"""Shared boundary checks (evaltools.analysis._checks) and the analyze/analyse naming contract."""

import importlib

import numpy as np
import pandas as pd
import pytest

from evaltools.analysis._checks import (
    check_confidence_level,
    require_columns,
    require_frame,
    require_table,
)
from evaltools.errors import ParameterError


@pytest.mark.parametrize("level", [0.95, 0.9, 0.5, 0.999, np.float64(0.8), np.float32(0.75)])
def test_level_accepted(level):
    out = check_confidence_level(level)
    assert isinstance(out, float) and out == pytest.approx(float(level))


@pytest.mark.parametrize(
    "level",
    [
        0,
        1,
        1.0,
        -0.1,
        95,
        1.5,
        float("nan"),
        float("inf"),
        True,
        False,
        None,
        "0.95",
        "tinggi",
        [0.95],
    ],
)
def test_level_refused_with_the_parameter_named(level):
    with pytest.raises(ParameterError, match="confidence_level") as err:
        check_confidence_level(level)
    assert "e.g. 0.95" in str(err.value)


def test_level_message_uses_the_callers_name_and_reads_a_percentage():
    with pytest.raises(ParameterError, match=r"^ci=95: .*for 95% write 0.95") as err:
        check_confidence_level(95, "ci")
    assert "confidence_level" not in str(err.value)


def test_table_checks_name_table_and_missing_columns():
    frame = pd.DataFrame({"a": [1], "b": [2]})
    assert require_table(frame, "budget", ["a", "b"]) is frame
    with pytest.raises(
        ParameterError, match=r"table 'budget' lacks column\(s\) \['c'\]; it needs \['a', 'c'\]"
    ):
        require_table(frame, "budget", ["a", "c"])
    with pytest.raises(
        ParameterError,
        match=r"budget must be the 'budget' table .*got list \(or pass data=EvalData\)",
    ):
        require_table([1, 2], "budget", ["a"], instead="or pass data=EvalData")
    with pytest.raises(
        ParameterError, match=r"outcome='y': no such column; available columns: \['a', 'b'\]"
    ):
        require_columns(frame, outcome="y", unit=None)
    with pytest.raises(ParameterError, match="data is empty"):
        require_frame(frame.iloc[:0])
    with pytest.raises(ParameterError, match="got dict; pass a panel"):
        require_frame({"a": [1]}, hint="pass a panel")


@pytest.mark.parametrize("module", ["progress", "budget", "mandates", "survey", "interviews"])
def test_analyze_is_canonical_and_analyse_its_alias(module):
    mod = importlib.import_module(f"evaltools.analysis.{module}")
    assert mod.analyze.__name__ == "analyze"
    assert mod.analyse is mod.analyze
