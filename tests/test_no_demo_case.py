"""Nothing of the demo case is hard-wired: a report for another city must not print Kota Bekasi,
its agency or its bylaw. Names, years and agencies come from the data; only the demo generator,
the published facts about the demo city and the tests may name them."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_NAMES = re.compile(r"Bekasi|Diskominfostandi|Perda No\. 2/2020|Nomor 2 Tahun 2020")
ALLOWED = {ROOT / "src/evaltools/data/demo.py"}  # the demo generator itself


def test_package_and_notebooks_do_not_name_the_demo_case():
    hits = []
    for path in sorted((ROOT / "src" / "evaltools").rglob("*")):
        if (
            path.is_file()
            and path.suffix in {".py", ".csv", ".j2", ".css", ".html"}
            and path not in ALLOWED
        ):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if DEMO_NAMES.search(line):
                    hits.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for i, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
            for line in "".join(cell["source"]).splitlines():
                if DEMO_NAMES.search(line):
                    hits.append(f"{path.relative_to(ROOT)} cell {i}: {line.strip()}")
    assert not hits, "\n".join(hits)
