"""`evaltools template` and `evaltools demo` never replace a user's files without --force."""

from __future__ import annotations

import pytest


def test_template_refuses_an_existing_workbook(tmp_path, cli, tree_hash):
    path = tmp_path / "my_data.xlsx"
    path.write_bytes(b"a filled workbook the user cares about")
    before = tree_hash(tmp_path)
    code, _, err = cli("template", path)
    assert code == 2
    assert "already exists" in err and "--force" in err and "my_data.xlsx" in err
    assert tree_hash(tmp_path) == before


def test_template_force_replaces(tmp_path, cli):
    path = tmp_path / "my_data.xlsx"
    path.write_bytes(b"old")
    code, out, _ = cli("template", path, "--force")
    assert code == 0 and "written" in out
    assert path.read_bytes()[:2] == b"PK"  # a real .xlsx now


def test_template_on_a_folder_says_it_is_a_folder(tmp_path, cli, tree_hash):
    folder = tmp_path / "x.xlsx"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep")
    before = tree_hash(tmp_path)
    code, _, err = cli("template", folder)
    assert code == 2 and "is a folder" in err
    code, _, err = cli("template", folder, "--force")
    assert code == 2 and "is a folder" in err
    assert tree_hash(tmp_path) == before


def test_template_under_a_file_says_so(tmp_path, cli):
    (tmp_path / "f").write_text("a file")
    code, _, err = cli("template", tmp_path / "f" / "x.xlsx")
    assert code == 2 and "is a file, not a folder" in err


def test_demo_refuses_a_folder_with_files(tmp_path, cli, tree_hash):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "budget.csv").write_text("my real budget\n")
    before = tree_hash(folder)
    code, _, err = cli("demo", folder)
    assert code == 2
    assert "not empty" in err and "--force" in err
    assert tree_hash(folder) == before


@pytest.mark.parametrize("existing", [False, True])
def test_demo_writes_into_a_new_or_empty_folder(tmp_path, cli, existing):
    folder = tmp_path / "demo"
    if existing:
        folder.mkdir()
    code, _, _ = cli("demo", folder)
    assert code == 0 and (folder / "budget.csv").is_file()


def test_demo_force_replaces_only_its_own_files(tmp_path, cli):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "budget.csv").write_text("old\n")
    (folder / "notes.txt").write_text("keep\n")
    code, _, _ = cli("demo", folder, "--force")
    assert code == 0
    assert (folder / "budget.csv").read_text() != "old\n"
    assert (folder / "notes.txt").read_text() == "keep\n"
