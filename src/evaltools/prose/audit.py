"""Words of the data audit (:mod:`evaltools.data.audit`): what was read, which tables and
sources the analyses stand on, and where reporting is incomplete.

Label kinds: ``data_table`` (short names of the tables), ``source_quality``
(``sources.quality``), ``audit_analysis`` (what a missing table costs), ``audit_gap_item``
(the items of ``AuditResult.gaps``; a service indicator's id prints as given) and
``audit_plot``. Display tables in the current language: :func:`table_view`,
:func:`sources_view`, :func:`gap_view`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd


def _tables(names: list[str], fmt: Any) -> str:
    return fmt.list(fmt.label("data_table", t).lower() for t in names)


def _read_id(v, fmt):
    origin = {
        "context": "dari tabel context",
        "given": "dari parameter",
    }.get(v["origin"], "bawaan, karena tabel context tidak memuatnya")
    files = f" dari {fmt.int(v['n_files'])} berkas" if v["n_files"] else ""
    return (
        f"Data dibaca{files} dan lolos seluruh aturan validasi kamus data; periode evaluasi "
        f"{v['start']}–{v['end']} ({origin})."
    )


def _read_en(v, fmt):
    origin = {
        "context": "from the context table",
        "given": "from the parameters",
    }.get(v["origin"], "the default, because the context table does not give it")
    files = f" from {fmt.int(v['n_files'])} files" if v["n_files"] else ""
    return (
        f"The data were read{files} and passed every validation rule of the data dictionary; "
        f"evaluation period {v['start']}–{v['end']} ({origin})."
    )


def _quality_counts(v, fmt) -> str:
    return fmt.list(
        f"{fmt.int(c['n'])} {fmt.label('source_quality', c['quality'])}" for c in v["counts"]
    )


def _short_id(v, fmt):
    parts = [
        f"{fmt.label('data_table', t['table']).lower()} (tanpa data "
        f"{', '.join(str(y) for y in t['years'])})"
        for t in v["tables"]
    ]
    return (
        f"Tabel yang tidak mencakup seluruh jendela evaluasi {v['start']}–{v['end']}: "
        f"{fmt.list(parts)}."
    )


def _short_en(v, fmt):
    parts = [
        f"{fmt.label('data_table', t['table']).lower()} (no data for "
        f"{', '.join(str(y) for y in t['years'])})"
        for t in v["tables"]
    ]
    return (
        f"Tables that do not cover the whole evaluation window {v['start']}–{v['end']}: "
        f"{fmt.list(parts)}."
    )


def _heavy(v, fmt) -> str:
    return fmt.list(f"{y['year']} ({fmt.pct(y['share'])})" for y in v["years"])


TEMPLATES = {
    "id": {
        "audit.read": _read_id,
        "audit.all_tables": "Seluruh {n:int} tabel tersedia.",
        "audit.tables_present": lambda v, fmt: (
            f"Tersedia {fmt.int(v['n_present'])} dari {fmt.int(v['n_total'])} tabel; yang "
            f"tidak tersedia: {_tables(v['absent'], fmt)}."
        ),
        "audit.lost_analyses": lambda v, fmt: (
            "Tanpa tabel tersebut, bagian berikut tidak dapat dianalisis: "
            f"{fmt.list(fmt.label('audit_analysis', a) for a in v['analyses'])}."
        ),
        "audit.all_synthetic": (
            "Seluruh data bersumber dari data ilustrasi (sintetis), bukan data resmi."
        ),
        "audit.synthetic_data": (
            "Data ini sintetis: angka-angkanya menggambarkan cara kerja analisis dan tidak boleh "
            "dikutip sebagai fakta tentang daerah yang dievaluasi."
        ),
        "audit.sources": lambda v, fmt: (
            f"Data merujuk pada {fmt.int(v['n'])} sumber: {_quality_counts(v, fmt)}."
        ),
        "audit.some_synthetic": (
            "Sebagian sumber bersifat sintetis (ilustrasi); angka yang berasal darinya bukan "
            "data resmi."
        ),
        "audit.uncited": lambda v, fmt: (
            f"Sumber yang tercatat tetapi tidak dirujuk baris data mana pun: {fmt.list(v['ids'])}."
        ),
        "audit.full_coverage": lambda v, fmt: (
            f"Semua tabel bertahun mencakup seluruh periode evaluasi {v['start']}–{v['end']}."
        ),
        "audit.short_coverage": _short_id,
        "audit.targets_reported": "Realisasi seluruh {n:int} target program dilaporkan.",
        "audit.targets_unreported": lambda v, fmt: (
            f"Realisasi tidak dilaporkan untuk {fmt.int(v['missing'])} dari "
            f"{fmt.int(v['expected'])} target program ({fmt.pct(v['missing'] / v['expected'])}), "
            f"terbanyak pada {v['worst_year']} ({fmt.int(v['worst_missing'])} target)."
        ),
        "audit.heavy_gaps": lambda v, fmt: (
            f"Lebih dari {fmt.pct(v['threshold'], 0)} realisasi target tidak dilaporkan pada "
            f"{_heavy(v, fmt)}; capaian tahun tersebut kurang pasti."
        ),
        "audit.missing_values": lambda v, fmt: (
            f"Sebanyak {fmt.int(v['missing'])} dari {fmt.int(v['expected'])} "
            f"{fmt.label('audit_missing', v['table'])} ({fmt.pct(v['missing'] / v['expected'])}) "
            "tidak terisi."
        ),
        "audit.read_notes": (
            "{n:int} catatan saat membaca data (lembar atau kolom yang diabaikan); lihat tabel "
            "catatan pembacaan."
        ),
    },
    "en": {
        "audit.read": _read_en,
        "audit.all_tables": "All {n:int} tables are present.",
        "audit.tables_present": lambda v, fmt: (
            f"{fmt.int(v['n_present'])} of {fmt.int(v['n_total'])} tables are present; "
            f"missing: {_tables(v['absent'], fmt)}."
        ),
        "audit.lost_analyses": lambda v, fmt: (
            "Without those tables the following cannot be analysed: "
            f"{fmt.list(fmt.label('audit_analysis', a) for a in v['analyses'])}."
        ),
        "audit.all_synthetic": (
            "All data come from illustrative (synthetic) data, not official data."
        ),
        "audit.synthetic_data": (
            "These data are synthetic: their numbers show how the analyses work and must not be "
            "quoted as facts about the region evaluated."
        ),
        "audit.sources": lambda v, fmt: (
            f"The data cite {fmt.int(v['n'])} sources: {_quality_counts(v, fmt)}."
        ),
        "audit.some_synthetic": (
            "Some sources are synthetic (illustrative); numbers taken from them are not official "
            "data."
        ),
        "audit.uncited": lambda v, fmt: (
            f"Sources listed but cited by no data row: {fmt.list(v['ids'])}."
        ),
        "audit.full_coverage": lambda v, fmt: (
            f"Every dated table covers the whole evaluation period {v['start']}–{v['end']}."
        ),
        "audit.short_coverage": _short_en,
        "audit.targets_reported": "The realisation of all {n:int} programme targets was reported.",
        "audit.targets_unreported": lambda v, fmt: (
            f"The realisation was not reported for {fmt.int(v['missing'])} of "
            f"{fmt.int(v['expected'])} programme targets "
            f"({fmt.pct(v['missing'] / v['expected'])}), most in {v['worst_year']} "
            f"({fmt.int(v['worst_missing'])} targets)."
        ),
        "audit.heavy_gaps": lambda v, fmt: (
            f"More than {fmt.pct(v['threshold'], 0)} of target realisations were not reported "
            f"in {_heavy(v, fmt)}; achievement in those years is less certain."
        ),
        "audit.missing_values": lambda v, fmt: (
            f"{fmt.int(v['missing'])} of {fmt.int(v['expected'])} "
            f"{fmt.label('audit_missing', v['table'])} ({fmt.pct(v['missing'] / v['expected'])}) "
            "are blank."
        ),
        "audit.read_notes": (
            "{n:int} notes while reading the data (sheets or columns ignored); see the table of "
            "reading notes."
        ),
    },
}

LABELS = {
    "id": {
        "data_table": {
            "sources": "Sumber data",
            "programs": "Program",
            "program_targets": "Target dan realisasi program",
            "budget": "Anggaran",
            "mandates": "Regulasi turunan (mandat)",
            "indicators": "Indikator layanan",
            "service_monthly": "Layanan publik bulanan",
            "events": "Peristiwa",
            "peer_panel": "Panel daerah pembanding",
            "survey_items": "Butir survei",
            "survey_responses": "Jawaban survei",
            "interview_codes": "Kode wawancara",
        },
        "source_quality": {
            "official": "resmi",
            "press": "pers",
            "survey": "survei",
            "estimate": "perkiraan",
            "synthetic": "sintetis (ilustrasi)",
        },
        "audit_analysis": {
            "budget": "analisis anggaran",
            "mandates": "analisis regulasi turunan",
            "its": "analisis deret waktu layanan publik",
            "peers": "perbandingan antardaerah",
            "survey": "analisis survei ASN pelaksana",
            "interviews": "analisis wawancara",
            "indicator_names": "penamaan indikator layanan",
        },
        "audit_gap_item": {
            "realisation": "realisasi target",
            "stage_planned": "tahap rencana (murni)",
            "stage_revised": "tahap perubahan",
            "stage_realised": "tahap realisasi",
            "item_answers": "jawaban butir survei",
        },
        "audit_missing": {
            "service_monthly": "nilai bulanan layanan publik",
            "budget": "tahap anggaran per program dan tahun",
            "survey_responses": "jawaban butir survei",
        },
        "audit_plot": {
            "xlabel": "Tahun (biru tua: dalam periode evaluasi; angka: jumlah baris)",
            "title": "Cakupan data per tabel dan tahun",
        },
    },
    "en": {
        "data_table": {
            "sources": "Data sources",
            "programs": "Programmes",
            "program_targets": "Programme targets and realisation",
            "budget": "Budget",
            "mandates": "Implementing regulations (mandates)",
            "indicators": "Service indicators",
            "service_monthly": "Monthly public services",
            "events": "Events",
            "peer_panel": "Comparison regions panel",
            "survey_items": "Survey items",
            "survey_responses": "Survey responses",
            "interview_codes": "Interview codes",
        },
        "source_quality": {
            "official": "official",
            "press": "press",
            "survey": "survey",
            "estimate": "estimate",
            "synthetic": "synthetic (illustrative)",
        },
        "audit_analysis": {
            "budget": "budget analysis",
            "mandates": "analysis of implementing regulations",
            "its": "time-series analysis of public services",
            "peers": "comparison between regions",
            "survey": "survey of implementing civil servants",
            "interviews": "interview analysis",
            "indicator_names": "names of the service indicators",
        },
        "audit_gap_item": {
            "realisation": "target realisation",
            "stage_planned": "planned (original) stage",
            "stage_revised": "revised stage",
            "stage_realised": "realised stage",
            "item_answers": "answers to survey items",
        },
        "audit_missing": {
            "service_monthly": "monthly values of public services",
            "budget": "budget stages per programme and year",
            "survey_responses": "answers to survey items",
        },
        "audit_plot": {
            "xlabel": "Year (dark blue: inside the evaluation period; numbers: rows)",
            "title": "Data coverage by table and year",
        },
    },
}


def _with_label(df: pd.DataFrame, column: str, kind: str, new: str, language: str | None):
    from evaltools.prose import labels

    words: Mapping[str, str] = labels(kind, language)
    out = df.copy()
    out.insert(
        list(out.columns).index(column) + 1,
        new,
        [words.get(str(c), str(c)) for c in out[column]],
    )
    return out


def table_view(frame: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """A copy of an audit frame with a ``table`` column (``result.table``, ``.coverage``,
    ``.gap_summary``, ``.gaps``) plus ``label``: the table's name in the language; and, for
    frames with ``item``, ``item_label`` (the gap item in words; indicator ids as given)."""
    out = _with_label(frame, "table", "data_table", "label", language)
    if "item" in out.columns:
        out = _with_label(out, "item", "audit_gap_item", "item_label", language)
    return out


def sources_view(sources: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """``AuditResult.sources`` plus ``quality_label``: the source quality in the language."""
    return _with_label(sources, "quality", "source_quality", "quality_label", language)


def gap_view(gaps: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """``AuditResult.gaps`` or ``.gap_summary`` with ``label`` and ``item_label`` (see
    :func:`table_view`)."""
    return table_view(gaps, language)
