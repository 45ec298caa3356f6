"""One place in the CLI turns OS, encoding, recursion and memory errors into a one-line message
naming the path and the cause: exit 2 for input, 1 for the environment — never a traceback."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import evaltools.cli as cli_mod
from evaltools.cli import clean_text

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"


def _config(tmp_path: Path) -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(f"notebooks_dir: {NOTEBOOKS}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("kind", ["file", "under_file"])
def test_out_that_is_a_file_or_under_one_exits_2_before_anything(
    tmp_path, cli, demo_copy, tree_hash, kind
):
    f = tmp_path / "f"
    f.write_text("precious\n")
    out = f if kind == "file" else f / "reports"
    before = tree_hash(f)
    code, _, err = cli("run", _config(tmp_path), "--data", demo_copy, "--out", out)
    assert code == 2
    assert str(out) in err and "not a folder" in err
    assert tree_hash(f) == before


def test_out_in_proc_is_a_one_line_environment_error(tmp_path, cli, demo_copy):
    code, _, err = cli("run", _config(tmp_path), "--data", demo_copy, "--out", "/proc/x/y")
    assert code in (1, 2)
    assert "/proc/x" in err and len(err.strip().splitlines()) == 1


def _raiser(exc):
    def f(*args, **kwargs):
        raise exc

    return f


def test_os_error_on_an_output_is_exit_1_naming_path_and_cause(tmp_path, cli, monkeypatch):
    target = tmp_path / "t.xlsx"
    monkeypatch.setattr(
        "evaltools.data.template.save_atomically",
        _raiser(OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))),
    )
    code, _, err = cli("template", target)
    assert code == 1
    assert str(target) in err and "No space left on device" in err and "ENOSPC" in err


def test_os_error_on_an_input_is_exit_2(tmp_path, cli, monkeypatch, demo_copy):
    monkeypatch.setattr(
        "evaltools.data.load_data",
        _raiser(PermissionError(errno.EACCES, "Permission denied", str(demo_copy / "budget.csv"))),
    )
    code, _, err = cli("validate", demo_copy)
    assert code == 2
    assert "budget.csv" in err and "Permission denied" in err and "Nothing was run" in err


@pytest.mark.parametrize(
    ("exc", "code", "words"),
    [
        (RecursionError("maximum recursion depth exceeded"), 2, "nested too deeply"),
        (MemoryError(), 1, "out of memory"),
        (UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte"), 2, "not valid UTF-8"),
    ],
)
def test_recursion_memory_and_encoding_errors(cli, monkeypatch, exc, code, words, demo_copy):
    monkeypatch.setattr("evaltools.data.load_data", _raiser(exc))
    got, _, err = cli("validate", demo_copy)
    assert got == code and words in err
    assert len(err.strip().splitlines()) == 1


def test_control_characters_never_reach_the_terminal(demo_copy, cli):
    path = demo_copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = lines[0].rstrip("\n") + ",\x1b[2J\x1b]0;pwned\x07col\n"
    path.write_text("".join(lines), encoding="utf-8")
    (demo_copy / "\x1b[31mred.xlsx").write_text("x")
    (demo_copy / "budget.csv").write_text(
        (demo_copy / "budget.csv")
        .read_text(encoding="utf-8")
        .replace("\n", "\n\x1b[31m#N/A\x1b[0m,", 1),
        encoding="utf-8",
    )
    code, out, err = cli("validate", demo_copy)
    assert "\x1b" not in out + err and "\x07" not in out + err
    assert "\\x1b" in out + err  # shown escaped, so the user still sees something is there
    assert code == 2


def test_clean_text_escapes_controls_and_lone_surrogates():
    assert clean_text("a\x1b[0mb\tc\nd\x9b\u202e") == "a\\x1b[0mb\tc\nd\\x9b\\u202e"
    assert clean_text("Kota \udcff") == "Kota \\udcff"


def test_sigterm_handler_is_installed_and_restored(monkeypatch):
    import signal

    seen = []
    monkeypatch.setattr(
        cli_mod, "_dispatch", lambda args: seen.append(signal.getsignal(signal.SIGTERM)) or 0
    )
    before = signal.getsignal(signal.SIGTERM)
    assert cli_mod.main(["validate", "x"]) == 0
    assert seen == [cli_mod._on_sigterm]
    assert signal.getsignal(signal.SIGTERM) == before


@pytest.mark.parametrize("which", ["out", "data"])
def test_symlink_loop_in_out_or_data_is_one_line_exit_2(tmp_path, cli, demo_copy, which):
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    args = (
        ["--out", loop, "--data", demo_copy]
        if which == "out"
        else ["--data", loop, "--out", tmp_path / "o"]
    )
    code, _, err = cli("run", _config(tmp_path), *args)
    assert code == 2 and str(loop) in err and "to itself" in err
    assert len(err.strip().splitlines()) == 1


def test_looping_latest_link_means_no_previous_run(tmp_path):
    from evaltools.runner import folders

    (tmp_path / "latest").symlink_to("latest")
    (tmp_path / "latest.txt").write_text("../../../\x00\n")
    assert folders.latest_run(tmp_path) is None


def test_unexpected_error_is_one_line_unless_debugging(cli, monkeypatch, demo_copy):
    monkeypatch.setattr("evaltools.data.load_data", _raiser(KeyError("boom")))
    code, _, err = cli("validate", demo_copy)
    assert code == 1 and "internal error KeyError" in err and "EVALTOOLS_DEBUG" in err
    monkeypatch.setenv("EVALTOOLS_DEBUG", "1")
    with pytest.raises(KeyError):
        cli_mod.main(["validate", str(demo_copy)])
