"""Words of the report's furniture (cover, key messages, summary facts, glossary, bibliography,
limitations, headings and captions), in Indonesian and English.

``WORDS`` holds plain labels (headings, column names, captions) looked up with :func:`word`;
``TEMPLATES`` holds the sentences built from findings and facts (codes ``report.*``), rendered
with :func:`evaltools.prose.render_one`; ``LABELS`` holds the words of codes in the
appendices (parameter names, workbook status, sections and fields of Lampiran D). All three
have the same keys in both languages (tested).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

WORDS: dict[str, dict[str, str]] = {
    "id": {
        "kicker": "Laporan Evaluasi Kebijakan",
        "title": "Evaluasi Implementasi {regulation}",
        "region": "Daerah",
        "period": "Periode evaluasi",
        "date": "Tanggal laporan",
        "version": "Versi",
        "evaluator": "Evaluator",
        "institution": "Lembaga",
        "default_evaluator": "Tim evaluasi (belum ditentukan)",
        "default_institution": "–",
        "cover_note": (
            "Disusun dengan evaltools {version} dari buku kerja analisis yang dapat diperiksa "
            "ulang; rincian sumber data, parameter dan jejak perhitungan ada di Lampiran."
        ),
        "synthetic_note": (
            "Laporan ini dibuat dari data sintetis (rekaan) untuk menunjukkan cara kerja alat "
            "evaluasi. Angka, grafik dan kesimpulannya tidak menggambarkan keadaan sebenarnya "
            "dan tidak boleh dikutip sebagai temuan resmi."
        ),
        "key_messages": "Pesan Kunci",
        "key_intro": (
            "Pesan berikut diturunkan dari temuan analisis (findings.json). Dalam kurung: "
            "kekuatan bukti dan sumber bukti yang mendukungnya."
        ),
        "key_none": (
            "Pesan kunci tidak tersedia: run ini tidak menghasilkan temuan diagnosis "
            "(findings.json)."
        ),
        "strength": "kekuatan bukti",
        "evidence": "sumber bukti",
        "summary": "Ringkasan Eksekutif",
        "summary_missing": (
            "Ringkasan eksekutif tidak tersedia: run ini tidak memuat buku kerja diagnosis yang "
            "menandai sel ringkasan. Lihat bab-bab berikut untuk temuan rinci."
        ),
        "facts": "Fakta utama dari data",
        "toc": "Daftar Isi",
        "chapter": "Bab",
        "appendix": "Lampiran",
        "limitations": "Keterbatasan",
        "glossary": "Daftar Istilah",
        "bibliography": "Daftar Pustaka",
        "lim_data": "Keterbatasan data",
        "lim_design": "Keterbatasan desain",
        "lim_inference": "Keterbatasan inferensi",
        "terms": "Istilah",
        "abbreviations": "Singkatan perangkat daerah dan lembaga",
        "term": "Istilah",
        "meaning": "Arti",
        "abbreviation": "Singkatan",
        "full_name": "Nama lengkap",
        "no_full_name": "nama lengkap tidak tercantum dalam data",
        "methods_literature": "Literatur metode",
        "data_sources": "Sumber data",
        "quality": "mutu",
        "source_quality": {
            "official": "resmi",
            "secondary": "sekunder",
            "primary": "primer",
            "estimated": "perkiraan",
            "synthetic": "sintetis",
        },
        "chart_caption": (
            "Rata-rata capaian target program per dimensi: sebelum, selama dan sesudah periode "
            "yang dinilai stagnan ({start}–{end})"
        ),
        "chart_ylabel": "Capaian rata-rata terhadap target (%)",
        "before": "Sebelum",
        "during": "Selama",
        "after": "Sesudah",
        "comparisons": "Daerah pembanding",
        "comparisons_intro": (
            "Perbandingan dengan daerah lain memakai data panel berikut. Bobot kontrol sintetis "
            "menunjukkan seberapa besar setiap daerah membentuk 'kembaran' {region} yang "
            "dibandingkan."
        ),
        "measure": "Ukuran",
        "scale": "Skala",
        "publisher": "Penerbit",
        "peer": "Daerah pembanding",
        "weight": "Bobot kontrol sintetis",
        "scale_range": "0–{max}",
        "scale_unknown": "tidak tercantum",
        "accessible_html": (
            "Edisi HTML (report.html) berisi isi yang sama dengan teks alternatif pada setiap "
            "gambar dan tautan yang berfungsi; edisi itu dapat dibaca dengan pembaca layar."
        ),
        "attachments": (
            "Berkas findings.json dan manifest.json dilampirkan di dalam PDF ini sebagai "
            "lampiran berkas."
        ),
        # Appendices (build.py): methods, data audit, provenance, changes since the last report.
        "appendix_methods": "Metode dan Asumsi",
        "appendix_audit": "Audit Data",
        "appendix_provenance": "Parameter dan Provenans",
        "appendix_changes": "Perubahan sejak Laporan Sebelumnya",
        "no_methods": "Tidak ada catatan metode dari buku kerja.",
        "synthetic_mark": "DATA ILUSTRASI — bukan data resmi",
        "description": "Laporan evaluasi implementasi {regulation}, {region}, periode {period}.",
        "keyword": "evaluasi kebijakan",
        "page": "Halaman",
        "page_of": "dari",
        "cut_mark": " … [dipotong]",
        "yes": "ya",
        "no": "tidak",
        "decimal_mark": ",",
        "timestamp": "{date}, pukul {time}",
        "time_format": "%H.%M.%S",
        "prov_intro": (
            "Bagian ini memungkinkan siapa pun memeriksa bahwa laporan dibuat dari data, buku "
            "kerja dan parameter yang disebutkan: sidik SHA-256 setiap berkas berubah bila isi "
            "berkas berubah sedikit pun."
        ),
        "prov_run": "Pelaksanaan",
        "run_name": "Nama folder hasil",
        "started": "Mulai",
        "finished": "Selesai",
        "git_commit": "Commit git",
        "config_file": "Berkas konfigurasi",
        "input_data": "Data masukan",
        "not_available": "tidak tersedia",
        "no_config": "tidak ada (nilai bawaan)",
        "no_data": "tidak ada",
        "prov_parameters": "Parameter",
        "prov_params_intro": (
            "Nilai yang benar-benar dipakai dalam analisis. Parameter yang dibiarkan kosong "
            "(atau 0) diisi dari tabel {context} pada data masukan."
        ),
        "parameter": "Parameter",
        "value_used": "Nilai yang dipakai",
        "value_origin": "Asal nilai",
        "no_parameters": "Tidak ada parameter.",
        "not_set": "tidak ditentukan",
        "all_peers": "semua daerah pada panel selain daerah yang dievaluasi",
        "from_context": "{origin} (parameter dibiarkan kosong)",
        "input_files": "Berkas masukan",
        "file": "Berkas",
        "bytes": "Bita",
        "no_input_files": "Tidak ada berkas data masukan.",
        "workbooks": "Buku kerja (notebook)",
        "workbook": "Buku kerja",
        "status": "Status",
        "seconds": "Detik",
        "software_versions": "Versi perangkat lunak",
        "audit_synthetic": "Sekurang-kurangnya satu sumber data bermutu sintetis: temuan hanya "
        "ilustrasi.",
        "audit_summary": "Ringkasan data yang dimuat",
        "audit_sources": "Sumber data dan mutunya",
        "source_code": "Kode",
        "source_title": "Judul",
        "source_quality_header": "Mutu",
        "audit_none": "Run ini tidak memakai berkas data masukan; tidak ada yang diaudit.",
        "changes_intro": (
            "Dibandingkan dengan laporan sebelumnya dari evaluasi yang sama (folder run "
            "{previous}), berdasarkan {manifest} dan {findings} kedua laporan."
        ),
        "changes_none": (
            "Tidak ada perubahan: berkas data, parameter, jawaban, penilaian per "
            "dimensi, penyebab dan rekomendasi sama dengan laporan sebelumnya."
        ),
        "change_section": "Bagian",
        "change_item": "Butir",
        "change_old": "Sebelumnya",
        "change_new": "Sekarang",
        "present": "ada",
        # The traffic-light table of ranked causes (evaltools.report.traffic_light_table).
        "tl_caption": "Penyebab yang didukung bukti, diurutkan menurut kekuatan bukti",
        "tl_number": "No.",
        "tl_factor": "Faktor",
        "tl_strength": "Kekuatan bukti",
        "tl_finding": "Temuan",
    },
    "en": {
        "kicker": "Policy Evaluation Report",
        "title": "Implementation Evaluation of {regulation}",
        "region": "Region",
        "period": "Evaluation period",
        "date": "Report date",
        "version": "Version",
        "evaluator": "Evaluator",
        "institution": "Institution",
        "default_evaluator": "Evaluation team (not specified)",
        "default_institution": "–",
        "cover_note": (
            "Prepared with evaltools {version} from analysis workbooks that can be re-run; "
            "data sources, parameters and the audit trail are in the appendices."
        ),
        "synthetic_note": (
            "This report was made from synthetic (invented) data to show how the evaluation "
            "tool works. Its numbers, charts and conclusions do not describe any real situation "
            "and must not be quoted as official findings."
        ),
        "key_messages": "Key Messages",
        "key_intro": (
            "These messages are derived from the analysis findings (findings.json). In "
            "brackets: the strength of the evidence and the evidence sources behind it."
        ),
        "key_none": "No key messages: this run produced no diagnosis findings (findings.json).",
        "strength": "strength of evidence",
        "evidence": "evidence sources",
        "summary": "Executive Summary",
        "summary_missing": (
            "No executive summary: this run has no diagnosis workbook with summary cells. See "
            "the chapters for the detailed findings."
        ),
        "facts": "Key facts from the data",
        "toc": "Contents",
        "chapter": "Chapter",
        "appendix": "Appendix",
        "limitations": "Limitations",
        "glossary": "Glossary",
        "bibliography": "References",
        "lim_data": "Data limitations",
        "lim_design": "Design limitations",
        "lim_inference": "Limits of inference",
        "terms": "Terms",
        "abbreviations": "Abbreviations of agencies and bodies",
        "term": "Term",
        "meaning": "Meaning",
        "abbreviation": "Abbreviation",
        "full_name": "Full name",
        "no_full_name": "full name not given in the data",
        "methods_literature": "Methods literature",
        "data_sources": "Data sources",
        "quality": "quality",
        "source_quality": {
            "official": "official",
            "secondary": "secondary",
            "primary": "primary",
            "estimated": "estimated",
            "synthetic": "synthetic",
        },
        "chart_caption": (
            "Mean achievement of programme targets by dimension: before, during and after the "
            "period judged stagnant ({start}–{end})"
        ),
        "chart_ylabel": "Mean achievement against target (%)",
        "before": "Before",
        "during": "During",
        "after": "After",
        "comparisons": "Comparison regions",
        "comparisons_intro": (
            "The comparison with other regions uses the panel data below. The synthetic-control "
            "weight shows how much each region contributes to the 'twin' of {region} it is "
            "compared with."
        ),
        "measure": "Measure",
        "scale": "Scale",
        "publisher": "Publisher",
        "peer": "Comparison region",
        "weight": "Synthetic-control weight",
        "scale_range": "0–{max}",
        "scale_unknown": "not given",
        "accessible_html": (
            "The HTML edition (report.html) has the same content, with alternative text on "
            "every figure and working links; it can be read with a screen reader."
        ),
        "attachments": "findings.json and manifest.json are embedded in this PDF as attachments.",
        "appendix_methods": "Methods and Assumptions",
        "appendix_audit": "Data Audit",
        "appendix_provenance": "Parameters and Provenance",
        "appendix_changes": "Changes since the Previous Report",
        "no_methods": "The workbooks have no notes on methods.",
        "synthetic_mark": "ILLUSTRATIVE DATA — not official data",
        "description": "Implementation evaluation report of {regulation}, {region}, "
        "period {period}.",
        "keyword": "policy evaluation",
        "page": "Page",
        "page_of": "of",
        "cut_mark": " … [cut]",
        "yes": "yes",
        "no": "no",
        "decimal_mark": ".",
        "timestamp": "{date}, {time}",
        "time_format": "%H:%M:%S",
        "prov_intro": (
            "This appendix lets anyone check that the report was made from the data, workbooks "
            "and parameters named here: the SHA-256 fingerprint of a file changes if its "
            "content changes at all."
        ),
        "prov_run": "Run",
        "run_name": "Results folder",
        "started": "Started",
        "finished": "Finished",
        "git_commit": "Git commit",
        "config_file": "Config file",
        "input_data": "Input data",
        "not_available": "not available",
        "no_config": "none (defaults)",
        "no_data": "none",
        "prov_parameters": "Parameters",
        "prov_params_intro": (
            "The values actually used in the analysis. Parameters left empty (or 0) are "
            "filled from the {context} table of the input data."
        ),
        "parameter": "Parameter",
        "value_used": "Value used",
        "value_origin": "Origin of the value",
        "no_parameters": "No parameters.",
        "not_set": "not set",
        "all_peers": "every region of the panel other than the evaluated region",
        "from_context": "{origin} (parameter left empty)",
        "input_files": "Input files",
        "file": "File",
        "bytes": "Bytes",
        "no_input_files": "No input data files.",
        "workbooks": "Workbooks (notebooks)",
        "workbook": "Workbook",
        "status": "Status",
        "seconds": "Seconds",
        "software_versions": "Software versions",
        "audit_synthetic": "At least one data source is synthetic: the findings are illustrative.",
        "audit_summary": "Summary of the loaded data",
        "audit_sources": "Data sources and their quality",
        "source_code": "Code",
        "source_title": "Title",
        "source_quality_header": "Quality",
        "audit_none": "This run used no input data files; there is nothing to audit.",
        "changes_intro": (
            "Compared with the previous report of the same evaluation (run folder "
            "{previous}), from {manifest} and {findings} of both reports."
        ),
        "changes_none": (
            "No changes: the data files, parameters, answer, judgement by dimension, causes "
            "and recommendations are the same as in the previous report."
        ),
        "change_section": "Section",
        "change_item": "Item",
        "change_old": "Before",
        "change_new": "Now",
        "present": "present",
        "tl_caption": "Causes supported by the evidence, ranked by strength of evidence",
        "tl_number": "No.",
        "tl_factor": "Factor",
        "tl_strength": "Strength of evidence",
        "tl_finding": "Finding",
    },
}

#: Terms of the methods the chapters use (term, meaning), in report order.
GLOSSARY: dict[str, list[tuple[str, str]]] = {
    "id": [
        ("APBD", "Anggaran Pendapatan dan Belanja Daerah."),
        (
            "Berbeda nyata dari nol",
            "Perubahan yang terlalu besar untuk dianggap kebetulan pada tingkat kepercayaan "
            "yang dipakai (nilai p di bawah ambang).",
        ),
        (
            "Deret waktu terinterupsi (ITS)",
            "Analisis yang membandingkan tingkat dan laju suatu deret bulanan sebelum dan "
            "sesudah suatu peristiwa; sumbu waktunya dalam bulan dan kemiringannya per bulan.",
        ),
        (
            "Difference-in-differences (DiD)",
            "Membandingkan perubahan di daerah yang dievaluasi dengan perubahan di daerah "
            "pembanding pada tahun-tahun yang sama.",
        ),
        (
            "IK (interval kepercayaan)",
            "Rentang nilai yang masuk akal bagi suatu perkiraan pada tingkat kepercayaan yang "
            "dipakai (misalnya 95%).",
        ),
        (
            "Kappa (κ) Cohen",
            "Ukuran kesepakatan dua pengode wawancara di luar kebetulan; dibaca dengan patokan "
            "Landis dan Koch (≥ 0,61 substansial).",
        ),
        (
            "Koefisien terstandar",
            "Besarnya hubungan dalam satuan simpangan baku, sehingga faktor dengan skala "
            "berbeda dapat dibandingkan.",
        ),
        (
            "Kontrol sintetis",
            "Gabungan berbobot daerah pembanding yang meniru lintasan daerah yang dievaluasi "
            "sebelum periode stagnan.",
        ),
        (
            "Kekuatan bukti",
            "Kuat, sedang, lemah atau tidak ada: mengikuti banyaknya informasi dan kesesuaian "
            "antarsumber, bukan besarnya masalah.",
        ),
        (
            "Nilai p permutasi",
            "Peluang memperoleh selisih sebesar yang teramati bila daerah yang dievaluasi "
            "ditukar dengan daerah pembanding; tidak dapat lebih kecil dari 1/(J+1) untuk J "
            "pembanding.",
        ),
        (
            "p terkoreksi (Holm)",
            "Nilai p yang disesuaikan karena beberapa dimensi diuji sekaligus.",
        ),
        (
            "Perda / Perwal / Kepwal",
            "Peraturan Daerah / Peraturan Wali Kota (atau Bupati) / Keputusan Wali Kota.",
        ),
        (
            "Provenans",
            "Jejak asal laporan: data, buku kerja, parameter dan versi perangkat lunak beserta "
            "sidik SHA-256-nya (Lampiran C).",
        ),
        (
            "Regulasi turunan",
            "Peraturan pelaksana, badan atau dokumen yang diamanatkan oleh regulasi yang "
            "dievaluasi; 'terlambat' berarti terbit sesudah tenggat, angka negatif berarti "
            "terbit lebih awal.",
        ),
        ("SOP", "Standar Operasional Prosedur."),
        (
            "Valensi",
            "Arah sebuah kutipan wawancara terhadap implementasi: hambatan, pendukung atau netral.",
        ),
        (
            "α Cronbach",
            "Konsistensi internal butir survei yang mengukur satu faktor (0–1; makin tinggi "
            "makin konsisten).",
        ),
    ],
    "en": [
        ("APBD", "Regional revenue and expenditure budget."),
        (
            "Different from zero",
            "A change too large to be chance at the confidence level used (p-value below the "
            "threshold).",
        ),
        (
            "Interrupted time series (ITS)",
            "Compares the level and slope of a monthly series before and after an event; its "
            "time axis is in months and slopes are per month.",
        ),
        (
            "Difference-in-differences (DiD)",
            "Compares the change in the evaluated region with the change in comparison "
            "regions over the same years.",
        ),
        (
            "CI (confidence interval)",
            "The range of plausible values of an estimate at the confidence level used (e.g. 95%).",
        ),
        (
            "Cohen's kappa (κ)",
            "Agreement of two interview coders beyond chance; read with the Landis and Koch "
            "benchmarks (≥ 0.61 substantial).",
        ),
        (
            "Standardised coefficient",
            "Size of an association in standard deviations, so factors on different scales "
            "compare.",
        ),
        (
            "Synthetic control",
            "A weighted mix of comparison regions that tracks the evaluated region before the "
            "stagnant period.",
        ),
        (
            "Strength of evidence",
            "Strong, moderate, weak or none: follows the amount of information and agreement "
            "between sources, not the size of the problem.",
        ),
        (
            "Permutation p-value",
            "The chance of a gap as large as observed if the evaluated region were swapped "
            "with a comparison region; never below 1/(J+1) with J comparison regions.",
        ),
        ("Adjusted p (Holm)", "A p-value adjusted because several dimensions are tested."),
        (
            "Perda / Perwal / Kepwal",
            "Regional regulation / mayor's (or regent's) regulation / mayor's decree.",
        ),
        (
            "Provenance",
            "The report's audit trail: data, workbooks, parameters and software versions with "
            "their SHA-256 fingerprints (Appendix C).",
        ),
        (
            "Implementing instruments",
            "Regulations, bodies or documents the evaluated regulation requires; 'late' means "
            "issued after the due date, a negative number means issued early.",
        ),
        ("SOP", "Standard operating procedure."),
        ("Valence", "Direction of an interview quote: barrier, enabler or neutral."),
        (
            "Cronbach's α",
            "Internal consistency of the survey items of one factor (0–1; higher is more "
            "consistent).",
        ),
    ],
}

#: Methods literature the chapters cite (same in both languages: references are not
#: translated).
METHODS_LITERATURE: tuple[str, ...] = (
    "Abadie, A., Diamond, A. & Hainmueller, J. (2010). Synthetic control methods for "
    "comparative case studies. Journal of the American Statistical Association, 105(490), "
    "493–505.",
    "Bernal, J. L., Cummins, S. & Gasparrini, A. (2017). Interrupted time series regression for "
    "the evaluation of public health interventions: a tutorial. International Journal of "
    "Epidemiology, 46(1), 348–355.",
    "Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and "
    "Psychological Measurement, 20(1), 37–46.",
    "Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. "
    "Psychometrika, 16(3), 297–334.",
    "Edwards III, G. C. (1980). Implementing Public Policy. Washington, DC: Congressional "
    "Quarterly Press.",
    "Fleiss, J. L., Cohen, J. & Everitt, B. S. (1969). Large sample standard errors of kappa "
    "and weighted kappa. Psychological Bulletin, 72(5), 323–327.",
    "Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian "
    "Journal of Statistics, 6(2), 65–70.",
    "Landis, J. R. & Koch, G. G. (1977). The measurement of observer agreement for categorical "
    "data. Biometrics, 33(1), 159–174.",
    "Newey, W. K. & West, K. D. (1994). Automatic lag selection in covariance matrix "
    "estimation. Review of Economic Studies, 61(4), 631–653.",
)


def _key_stagnant(v: Mapping[str, Any], fmt: Any) -> str:
    answer = fmt.label("answer", v["answer"])
    if v["answer"] == "undetermined":
        return (
            f"Apakah implementasi stagnan pada {v['start']}–{v['end']}: {answer.lower()} "
            "dengan data yang ada."
        )
    return (
        f"Apakah implementasi stagnan pada {v['start']}–{v['end']}? {answer}: "
        f"{fmt.int(v['n_flagged'])} dari {fmt.int(v['n_judged'])} dimensi yang dapat dinilai "
        "terhenti atau melambat."
    )


def _key_stagnant_en(v: Mapping[str, Any], fmt: Any) -> str:
    answer = fmt.label("answer", v["answer"])
    if v["answer"] == "undetermined":
        return (
            f"Did implementation stall in {v['start']}–{v['end']}: {answer.lower()} from the data."
        )
    return (
        f"Did implementation stall in {v['start']}–{v['end']}? {answer}: "
        f"{fmt.int(v['n_flagged'])} of {fmt.int(v['n_judged'])} dimensions that could be judged "
        "stalled or slowed."
    )


def _key_budget(v: Mapping[str, Any], fmt: Any) -> str:
    return (
        f"Anggaran program dipotong {fmt.pct(v['cut'])} saat perubahan APBD "
        f"{v['start']}–{v['end']}: dari {fmt.rupiah(v['planned'])} menjadi "
        f"{fmt.rupiah(v['revised'])}."
    )


def _key_budget_en(v: Mapping[str, Any], fmt: Any) -> str:
    return (
        f"Programme budgets were cut by {fmt.pct(v['cut'])} at budget revision in "
        f"{v['start']}–{v['end']}: from {fmt.rupiah(v['planned'])} to {fmt.rupiah(v['revised'])}."
    )


def _key_mandates(v: Mapping[str, Any], fmt: Any) -> str:
    return (
        f"{fmt.int(v['late_or_missing'])} dari {fmt.int(v['due'])} regulasi turunan yang jatuh "
        f"tempo terlambat ({fmt.int(v['late'])}) atau belum terbit ({fmt.int(v['missing'])}) "
        f"per {v['as_of']}."
    )


def _key_mandates_en(v: Mapping[str, Any], fmt: Any) -> str:
    return (
        f"{fmt.int(v['late_or_missing'])} of {fmt.int(v['due'])} implementing instruments due "
        f"were late ({fmt.int(v['late'])}) or not issued ({fmt.int(v['missing'])}) as of "
        f"{v['as_of']}."
    )


def _lim_data(v: Mapping[str, Any], fmt: Any) -> str:
    parts = []
    if v.get("synthetic"):
        parts.append(
            "Sekurang-kurangnya satu sumber data bermutu sintetis: temuan hanya ilustrasi."
        )
    if v.get("missing_tables"):
        parts.append(
            "Data berikut tidak tersedia sehingga bukti dari sumber itu tidak ada: "
            + fmt.list(v["missing_tables"])
            + "."
        )
    if v.get("survey_n"):
        parts.append(
            f"Survei implementor memuat {fmt.int(v['survey_n'])} responden dari "
            f"{fmt.int(v['survey_agencies'])} perangkat daerah; jawaban bersifat persepsi diri "
            "dan tingkat respons tidak tercatat dalam data."
        )
    if v.get("interviews_n"):
        parts.append(
            f"Wawancara: {fmt.int(v['interviews_n'])} kutipan terkode dari "
            f"{fmt.int(v['interviews_k'])} wawancara oleh {fmt.int(v['coders'])} pengode; "
            "pemilihan narasumber tidak acak."
        )
    if v.get("weak_sources"):
        parts.append(
            "Mutu sumber yang bukan resmi atau primer: " + fmt.list(v["weak_sources"]) + "."
        )
    return " ".join(parts) or "Tidak ada keterbatasan data khusus yang tercatat."


def _lim_data_en(v: Mapping[str, Any], fmt: Any) -> str:
    parts = []
    if v.get("synthetic"):
        parts.append("At least one data source is synthetic: the findings are illustrative.")
    if v.get("missing_tables"):
        parts.append(
            "These data are missing, so there is no evidence from them: "
            + fmt.list(v["missing_tables"])
            + "."
        )
    if v.get("survey_n"):
        parts.append(
            f"The implementer survey has {fmt.int(v['survey_n'])} respondents from "
            f"{fmt.int(v['survey_agencies'])} agencies; answers are self-reported and the "
            "response rate is not recorded in the data."
        )
    if v.get("interviews_n"):
        parts.append(
            f"Interviews: {fmt.int(v['interviews_n'])} coded excerpts from "
            f"{fmt.int(v['interviews_k'])} interviews by {fmt.int(v['coders'])} coders; "
            "interviewees were not chosen at random."
        )
    if v.get("weak_sources"):
        parts.append(
            "Sources that are not official or primary: " + fmt.list(v["weak_sources"]) + "."
        )
    return " ".join(parts) or "No particular data limitation is recorded."


def _lim_design(v: Mapping[str, Any], fmt: Any) -> str:
    text = (
        f"Evaluasi ini mengamati satu daerah tanpa kelompok kontrol acak. Periode stagnan "
        f"({v['start']}–{v['end']}) ditetapkan sebelum analisis; "
    )
    if v.get("n_peers"):
        text += (
            f"perbandingan dengan {fmt.int(v['n_peers'])} daerah lain hanya mendekati apa yang "
            "terjadi tanpa perubahan kebijakan, dan nilai p permutasinya tidak dapat lebih "
            f"kecil dari {fmt.num(1 / (v['n_peers'] + 1), 3)}."
        )
    else:
        text += "tidak ada data daerah pembanding, sehingga tidak ada pembanding luar."
    return text


def _lim_design_en(v: Mapping[str, Any], fmt: Any) -> str:
    text = (
        f"This evaluation observes one region without a randomised control group. The stagnant "
        f"period ({v['start']}–{v['end']}) was set before the analysis; "
    )
    if v.get("n_peers"):
        text += (
            f"the comparison with {fmt.int(v['n_peers'])} other regions only approximates what "
            "would have happened without the policy change, and its permutation p-value cannot "
            f"be below {fmt.num(1 / (v['n_peers'] + 1), 3)}."
        )
    else:
        text += "there are no comparison-region data, so there is no outside benchmark."
    return text


def _lim_inference(v: Mapping[str, Any], fmt: Any) -> str:
    text = (
        "Bukti survei, wawancara, anggaran dan regulasi turunan bersifat asosiatif: faktor yang "
        "didukung bukti berjalan bersama stagnasi, bukan terbukti sebagai penyebabnya. "
    )
    if v.get("weak"):
        text += (
            "Temuan berikut hanya didukung bukti lemah dan perlu dikonfirmasi: "
            + fmt.list(v["weak"])
            + ". "
        )
    if v.get("undetermined"):
        text += "Dimensi yang tidak dapat dinilai karena datanya kurang: " + fmt.list(
            v["undetermined"]
        )
        text += ". "
    text += (
        f"Semua interval memakai tingkat kepercayaan {fmt.pct(v['level'])}; sekitar "
        f"{fmt.pct(1 - v['level'])} uji yang sesungguhnya tanpa efek tetap tampak "
        "berbeda nyata."
    )
    return text


def _lim_inference_en(v: Mapping[str, Any], fmt: Any) -> str:
    text = (
        "Survey, interview, budget and mandate evidence is associational: a supported factor "
        "goes together with the stall; it is not shown to have caused it. "
    )
    if v.get("weak"):
        text += "Findings with weak evidence only, to be confirmed: " + fmt.list(v["weak"]) + ". "
    if v.get("undetermined"):
        text += "Dimensions that could not be judged for lack of data: " + fmt.list(
            v["undetermined"]
        )
        text += ". "
    text += (
        f"All intervals use a {fmt.pct(v['level'])} confidence level; about "
        f"{fmt.pct(1 - v['level'])} of tests without any real effect still look "
        "significant."
    )
    return text


TEMPLATES = {
    "id": {
        "report.key_stagnant": _key_stagnant,
        "report.key_cause": "Faktor penghambat ke-{rank} menurut bukti: {factor:label=factor}.",
        "report.key_against": (
            "Bukti tidak mendukung {factor:label=factor} sebagai hambatan: data "
            "menunjuk sebaliknya."
        ),
        "report.key_budget": _key_budget,
        "report.key_mandates": _key_mandates,
        "report.key_no_cause": (
            "Tidak ada faktor penghambat yang didukung bukti di antara {n:int} faktor yang "
            "diperiksa."
        ),
        "report.key_mandates_ok": (
            "Seluruh {due:int} regulasi turunan yang jatuh tempo terbit tepat waktu per {as_of}."
        ),
        "report.key_recommendation": "Rekomendasi prioritas: {text}",
        "report.fact_budget": _key_budget,
        "report.fact_mandates": _key_mandates,
        "report.lim_data": _lim_data,
        "report.lim_design": _lim_design,
        "report.lim_inference": _lim_inference,
        "report.chart_alt": (
            "Diagram batang capaian rata-rata per dimensi sebelum, selama dan sesudah "
            "{start}–{end}. {detail}"
        ),
        "report.chart_alt_dim": "{dimension}: {before} → {during} → {after}",
        "report.figure_alt": lambda v, fmt: (
            f"Gambar pada bab '{v['chapter']}'"
            + (f", bagian '{v['section']}'" if v.get("section") else "")
            + (f". {v['finding']}" if v.get("finding") else ".")
        ),
        "report.changes_count": "{n} perubahan.",
    },
    "en": {
        "report.key_stagnant": _key_stagnant_en,
        "report.key_cause": "Barrier no. {rank} according to the evidence: {factor:label=factor}.",
        "report.key_against": (
            "The evidence does not support {factor:label=factor} as a barrier: it points the "
            "other way."
        ),
        "report.key_budget": _key_budget_en,
        "report.key_mandates": _key_mandates_en,
        "report.key_no_cause": "No barrier is supported by the evidence among the {n:int} factors "
        "examined.",
        "report.key_mandates_ok": "All {due:int} implementing instruments due were issued on time "
        "as of {as_of}.",
        "report.key_recommendation": "Priority recommendation: {text}",
        "report.fact_budget": _key_budget_en,
        "report.fact_mandates": _key_mandates_en,
        "report.lim_data": _lim_data_en,
        "report.lim_design": _lim_design_en,
        "report.lim_inference": _lim_inference_en,
        "report.chart_alt": (
            "Bar chart of mean achievement by dimension before, during and after "
            "{start}–{end}. {detail}"
        ),
        "report.chart_alt_dim": "{dimension}: {before} → {during} → {after}",
        "report.figure_alt": lambda v, fmt: (
            f"Figure in the chapter '{v['chapter']}'"
            + (f", section '{v['section']}'" if v.get("section") else "")
            + (f". {v['finding']}" if v.get("finding") else ".")
        ),
        "report.changes_count": lambda v, fmt: f"{v['n']} change{'' if v['n'] == 1 else 's'}.",
    },
}


#: Words of codes in the appendices (label kinds ``report_parameter``: the shared notebook
#: parameters, ``notebook_status``: a workbook's run status in the manifest,
#: ``report_change_section`` / ``report_change_field``: sections and fields of findings.json
#: in Lampiran D, as a DPRD reader says them).
LABELS = {
    "id": {
        "report_parameter": {
            "data_path": "Data masukan",
            "region": "Daerah yang dievaluasi",
            "regulation": "Regulasi (nama singkat)",
            "enactment_date": "Tanggal penetapan regulasi",
            "evaluation_start": "Tahun awal periode evaluasi",
            "evaluation_end": "Tahun akhir periode evaluasi",
            "stagnation_start": "Tahun awal periode yang dinilai stagnan",
            "stagnation_end": "Tahun akhir periode yang dinilai stagnan",
            "peers": "Daerah pembanding",
            "confidence_level": "Tingkat kepercayaan",
        },
        "notebook_status": {
            "ok": "berhasil",
            "failed": "gagal",
            "skipped": "dilewati",
            "pending": "belum dijalankan",
        },
        "report_change_section": {
            "inputs": "Berkas data",
            "parameters": "Parameter",
            "stagnant": "Jawaban: apakah stagnan",
            "dimensions": "Penilaian per dimensi",
            "causes": "Penyebab",
            "recommendations": "Rekomendasi",
        },
        "report_change_field": {
            "answer": "jawaban",
            "strength": "kekuatan bukti",
            "dimensions_flagged": "dimensi yang tersendat",
            "verdict": "penilaian",
            "estimate": "perubahan laju",
            "ci_low": "IK bawah",
            "ci_high": "IK atas",
            "p_adjusted": "p terkoreksi",
            "rank": "peringkat",
            "score": "skor",
        },
    },
    "en": {
        "report_parameter": {
            "data_path": "Input data",
            "region": "Evaluated region",
            "regulation": "Regulation (short name)",
            "enactment_date": "Enactment date of the regulation",
            "evaluation_start": "First year of the evaluation period",
            "evaluation_end": "Last year of the evaluation period",
            "stagnation_start": "First year of the period judged stagnant",
            "stagnation_end": "Last year of the period judged stagnant",
            "peers": "Comparison regions",
            "confidence_level": "Confidence level",
        },
        "notebook_status": {
            "ok": "succeeded",
            "failed": "failed",
            "skipped": "skipped",
            "pending": "not run",
        },
        "report_change_section": {
            "inputs": "Data files",
            "parameters": "Parameters",
            "stagnant": "Answer: is it stagnant",
            "dimensions": "Judgement by dimension",
            "causes": "Causes",
            "recommendations": "Recommendations",
        },
        "report_change_field": {
            "answer": "answer",
            "strength": "strength of evidence",
            "dimensions_flagged": "dimensions that stalled",
            "verdict": "judgement",
            "estimate": "change in slope",
            "ci_low": "CI lower bound",
            "ci_high": "CI upper bound",
            "p_adjusted": "adjusted p",
            "rank": "rank",
            "score": "score",
        },
    },
}


def word(key: str, language: str = "id", **values: Any) -> Any:
    """The report word ``key`` in ``language`` (``str.format``-ed with ``values`` if given)."""
    from evaltools._language import check_language

    text = WORDS[check_language(language)][key]
    return text.format(**values) if values and isinstance(text, str) else text


__all__ = ["GLOSSARY", "LABELS", "METHODS_LITERATURE", "TEMPLATES", "WORDS", "word"]
