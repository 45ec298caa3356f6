"""Words the runner and the report's notebook conversion put into the report.

``runner.skipped_chapter`` — the stand-in text of a chapter whose data are absent (the runner
writes it instead of executing the notebook); ``runner.output_cut`` and
``runner.html_too_large`` — notes left where an output was too long to print. Labels of kind
``parameter_origin`` name where a parameter's value came from (``default``: the notebook's
default, ``config``: the run config, ``arguments``: the command line or API call); the
manifest records the Indonesian word (``manifest["parameter_sources"]``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _tables(values: Mapping[str, Any]) -> str:
    return ", ".join(f"`{t}`" for t in values["tables"])


TEMPLATES = {
    "id": {
        "runner.skipped_chapter": lambda v, fmt: (
            f"Bab ini tidak disusun karena data yang diperlukan tidak tersedia: tabel "
            f"{_tables(v)}. Lengkapi tabel tersebut pada buku kerja data (lihat lembar "
            "*Kamus Data* pada templat masukan) lalu jalankan ulang laporan."
        ),
        "runner.output_cut": (
            "[… keluaran dipotong: {n:int} karakter berikutnya tidak ditampilkan di laporan; "
            "lihat notebook yang dijalankan pada folder run]"
        ),
        "runner.html_too_large": (
            "[keluaran HTML sebesar {n:int} karakter tidak ditampilkan di laporan; lihat "
            "notebook yang dijalankan pada folder run]"
        ),
    },
    "en": {
        "runner.skipped_chapter": lambda v, fmt: (
            f"This chapter was not prepared because the data it needs are not available: "
            f"table {_tables(v)}. Add the table to the data workbook (see the *Kamus Data* "
            "sheet of the input template) and run the report again."
        ),
        "runner.output_cut": (
            "[… output cut: the next {n:int} characters are not shown in the report; see the "
            "executed notebook in the run folder]"
        ),
        "runner.html_too_large": (
            "[an HTML output of {n:int} characters is not shown in the report; see the "
            "executed notebook in the run folder]"
        ),
    },
}

LABELS = {
    "id": {
        "parameter_origin": {
            "default": "bawaan notebook",
            "config": "berkas konfigurasi",
            "arguments": "baris perintah",
        }
    },
    "en": {
        "parameter_origin": {
            "default": "notebook default",
            "config": "config file",
            "arguments": "command line",
        }
    },
}
