"""Checks the runner makes against the data before any kernel starts (exit 2, nothing run)."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from evaltools.cli import main
from evaltools.errors import ParameterError
from evaltools.runner.core import _check_peers

PANEL = pd.DataFrame({"region": ["Kota A", "Kota B", "Kota C"], "focal": [True, False, False]})


def test_a_misspelt_peer_is_refused_before_any_notebook_runs(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", "--out", str(out), "-p", "peers", "Kota_Jakarta"]) == 2
    err = capsys.readouterr().err
    assert "'Kota_Jakarta' not in the data's peer_panel" in err
    assert "Valid peers: Kota Bandung, Kota Bogor, Kota Depok, Kota Tangerang, Kota Tangerang Selatan" in err
    assert not out.exists()  # nothing was run, no run folder


@pytest.mark.parametrize("peers", [["Kota B"], "Kota B, Kota C", [], ""])
def test_known_or_empty_peers_pass(peers):
    data = SimpleNamespace(peer_panel=PANEL, context={"region": "Kota A"})
    _check_peers({"peers": peers, "region": ""}, {"peers": object()}, data)


def test_the_evaluated_region_is_not_its_own_peer():
    data = SimpleNamespace(peer_panel=PANEL, context={})
    with pytest.raises(ParameterError, match="'Kota A' not in the data's peer_panel. Valid peers: Kota B, Kota C"):
        _check_peers({"peers": ["Kota A"], "region": "Kota A"}, {"peers": object()}, data)
    # without a peer_panel the peer chapter is skipped ("data tidak tersedia"): nothing to check
    _check_peers({"peers": ["X"]}, {"peers": object()}, SimpleNamespace(peer_panel=None, context={}))
