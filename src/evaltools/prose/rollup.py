"""Words of the national roll-up of a batch (``evaltools.runner.rollup``, issue 16).

The roll-up counts regions per verdict code; the supported causes are barrier factors with
supporting evidence in a region's diagnosis (survey, interview, budget and mandate evidence is
associational), so the words say "didukung bukti" / "supported by evidence", never "caused".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _lead_id(v: Mapping[str, Any], fmt: Any) -> str:
    if not v["n_findings"]:
        return "Belum ada daerah dengan temuan diagnosis dalam batch ini."
    text = (
        f"Dari {fmt.int(v['n_findings'])} daerah dengan temuan diagnosis, "
        f"{fmt.int(v['n_yes'])} dinilai stagnan, {fmt.int(v['n_partly'])} stagnan sebagian, "
        f"{fmt.int(v['n_no'])} tidak stagnan, dan {fmt.int(v['n_undetermined'])} tidak dapat "
        "dinilai."
    )
    if v["n_without"]:
        text += (
            f" {fmt.int(v['n_without'])} daerah lain tidak memiliki temuan (lihat bagian akhir)."
        )
    return text


def _lead_en(v: Mapping[str, Any], fmt: Any) -> str:
    if not v["n_findings"]:
        return "No region of this batch has diagnosis findings yet."
    text = (
        f"Of {fmt.int(v['n_findings'])} regions with diagnosis findings, "
        f"{fmt.int(v['n_yes'])} were judged stagnant, {fmt.int(v['n_partly'])} partly "
        f"stagnant, {fmt.int(v['n_no'])} not stagnant and {fmt.int(v['n_undetermined'])} could "
        "not be judged."
    )
    if v["n_without"]:
        text += f" {fmt.int(v['n_without'])} other regions have no findings (see the last part)."
    return text


def _cause_id(v: Mapping[str, Any], fmt: Any) -> str:
    return (
        f"{fmt.label('factor', v['factor'])}: didukung bukti di {fmt.int(v['n'])} dari "
        f"{fmt.int(v['of'])} daerah ({fmt.int(v['strong'])} kuat, {fmt.int(v['moderate'])} "
        f"sedang, {fmt.int(v['weak'])} lemah)"
    )


def _cause_en(v: Mapping[str, Any], fmt: Any) -> str:
    return (
        f"{fmt.label('factor', v['factor'])}: supported by evidence in {fmt.int(v['n'])} of "
        f"{fmt.int(v['of'])} regions ({fmt.int(v['strong'])} strong, "
        f"{fmt.int(v['moderate'])} moderate, {fmt.int(v['weak'])} weak)"
    )


TEMPLATES = {
    "id": {
        "rollup.title": "Ringkasan Nasional Evaluasi Implementasi",
        "rollup.created": "Batch dimulai {created}; dibuat oleh evaltools {version}.",
        "rollup.runs_ok": lambda v, fmt: (
            f"{fmt.int(v['ok'])} dari {fmt.int(v['total'])} run berhasil."
        ),
        "rollup.lead": _lead_id,
        "rollup.cause": _cause_id,
        "rollup.no_causes": "Tidak ada faktor penghambat yang didukung bukti di daerah mana pun.",
        "rollup.synthetic": (
            "DATA ILUSTRASI: sebagian laporan dibuat dari data sintetis; angkanya bukan "
            "keadaan sebenarnya."
        ),
        "rollup.associational": (
            "Faktor penghambat yang didukung bukti menunjukkan keterkaitan (survei, wawancara, "
            "anggaran, regulasi turunan), bukan hubungan sebab-akibat yang terbukti."
        ),
        "rollup.no_problems": "Semua run berhasil dan memiliki temuan.",
        "rollup.index_started": "Batch dimulai {created}.",
    },
    "en": {
        "rollup.title": "National summary of the implementation evaluations",
        "rollup.created": "Batch started {created}; made by evaltools {version}.",
        "rollup.runs_ok": lambda v, fmt: (
            f"{fmt.int(v['ok'])} of {fmt.int(v['total'])} runs succeeded."
        ),
        "rollup.lead": _lead_en,
        "rollup.cause": _cause_en,
        "rollup.no_causes": "No barrier factor is supported by evidence in any region.",
        "rollup.synthetic": (
            "ILLUSTRATIVE DATA: some reports were made from synthetic data; their numbers are "
            "not the real situation."
        ),
        "rollup.associational": (
            "Barrier factors supported by evidence show an association (survey, interviews, "
            "budget, implementing regulations), not a proven cause."
        ),
        "rollup.no_problems": "Every run succeeded and has findings.",
        "rollup.index_started": "Batch started {created}.",
    },
}

LABELS = {
    "id": {
        "rollup": {
            "region": "Daerah",
            "config": "Konfigurasi",
            "status": "Status run",
            "answer": "Stagnan?",
            "strength": "Kekuatan bukti",
            "dimension": "Dimensi",
            "dimensions": "Dimensi terhambat",
            "causes": "Faktor penghambat yang didukung bukti",
            "report": "Laporan",
            "reason": "Keterangan",
            "verdicts": "Sebaran putusan stagnasi antardaerah",
            "verdicts_axis": "Jumlah daerah",
            "heatmap": "Faktor penghambat × daerah",
            "top_causes": "Faktor penghambat yang paling sering didukung bukti",
            "by_dimension": "Dimensi yang terhenti atau melambat",
            "dimension_count": "Daerah (terhenti / melambat)",
            "regions": "Daerah",
            "problems": "Run yang gagal, dilewati, atau tanpa temuan",
            "no_findings": "Tanpa temuan",
            "share": "Porsi daerah",
            "count": "Jumlah",
            "open_report": "laporan",
            "open_folder": "folder",
            "no_diagnosis": "run berhasil tetapi tidak menghasilkan findings.json",
            "index_title": "Indeks laporan evaltools",
            "index_heading": "Indeks laporan",
            "seconds": "Detik",
        },
        "run_status": {
            "ok": "berhasil",
            "skipped": "dilewati (tidak berubah)",
            "failed": "gagal",
            "invalid": "masukan tidak sah",
            "interrupted": "terputus",
        },
    },
    "en": {
        "rollup": {
            "region": "Region",
            "config": "Config",
            "status": "Run status",
            "answer": "Stagnant?",
            "strength": "Strength of evidence",
            "dimension": "Dimension",
            "dimensions": "Dimensions held back",
            "causes": "Barrier factors supported by evidence",
            "report": "Report",
            "reason": "Reason",
            "verdicts": "Stagnation verdicts across regions",
            "verdicts_axis": "Number of regions",
            "heatmap": "Barrier factors × regions",
            "top_causes": "Barrier factors most often supported by evidence",
            "by_dimension": "Dimensions stalled or slowed",
            "dimension_count": "Regions (stalled / slowed)",
            "regions": "Regions",
            "problems": "Runs that failed, were skipped or have no findings",
            "no_findings": "No findings",
            "share": "Share of regions",
            "count": "Count",
            "open_report": "report",
            "open_folder": "folder",
            "no_diagnosis": "the run succeeded but wrote no findings.json",
            "index_title": "evaltools report index",
            "index_heading": "Report index",
            "seconds": "Seconds",
        },
        "run_status": {
            "ok": "succeeded",
            "skipped": "skipped (unchanged)",
            "failed": "failed",
            "invalid": "invalid input",
            "interrupted": "interrupted",
        },
    },
}
