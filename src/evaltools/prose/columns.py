"""Column headers and other short texts the notebooks print around result tables.

Kinds ``column:<table>`` map a result table's column names to their headers, in the order the
table is shown; a notebook passes them to ``show_table(df, columns=...)``::

    show_table(mandat.table, columns=evaltools.prose.labels("column:mandates"))

Kinds ``notebook:<what>`` hold the few other words a notebook's code prints (a caption, the
name of a method, the value of a coded column). Everything here exists in Indonesian and
English, so a chapter's tables follow the report's language.
"""

from __future__ import annotations

# (column, Indonesian header, English header), in display order.
_COLUMNS: dict[str, list[tuple[str, str, str]]] = {
    # 00 — data audit
    "audit_coverage": [
        ("label", "Tabel", "Table"),
        ("present", "Tersedia", "Available"),
        ("n_rows", "Jumlah baris", "Rows"),
        ("first_year", "Tahun awal", "First year"),
        ("last_year", "Tahun akhir", "Last year"),
        ("years_missing", "Tahun tanpa data", "Years without data"),
        ("source_ids", "Sumber", "Sources"),
    ],
    "audit_sources": [
        ("source_id", "Kode", "Code"),
        ("title", "Judul", "Title"),
        ("publisher", "Penerbit", "Publisher"),
        ("quality_label", "Mutu", "Quality"),
        ("n_rows", "Baris yang merujuk", "Rows citing it"),
    ],
    "audit_gap_summary": [
        ("label", "Tabel", "Table"),
        ("item_label", "Butir", "Item"),
        ("expected", "Seharusnya", "Expected"),
        ("reported", "Dilaporkan", "Reported"),
        ("missing", "Tidak dilaporkan", "Not reported"),
        ("share_missing", "Porsi kosong", "Share missing"),
        ("years", "Tahun bercelah", "Years with gaps"),
    ],
    "audit_gaps": [
        ("label", "Tabel", "Table"),
        ("item_label", "Butir", "Item"),
        ("year", "Tahun", "Year"),
        ("expected", "Seharusnya", "Expected"),
        ("reported", "Dilaporkan", "Reported"),
        ("missing", "Tidak dilaporkan", "Not reported"),
        ("share_missing", "Porsi kosong", "Share missing"),
    ],
    # 01 — implementation progress
    "progress_dimensions": [
        ("dimension", "Dimensi", "Dimension"),
        ("n_programmes", "Program", "Programmes"),
        ("pre_years", "Tahun sebelum", "Years before"),
        ("slope_pre", "Laju sebelum", "Rate before"),
        ("slope_window", "Laju selama periode dinilai", "Rate in the period assessed"),
        ("slope_change", "Perubahan laju", "Change in rate"),
        ("slope_change_ci_low", "IK bawah", "CI lower"),
        ("slope_change_ci_high", "IK atas", "CI upper"),
        ("p_adjusted", "p terkoreksi", "Adjusted p"),
        ("verdict_label", "Penilaian", "Assessment"),
    ],
    "progress_agencies": [
        ("lead_agency", "Perangkat daerah", "Agency"),
        ("n_programmes", "Program", "Programmes"),
        ("slope_pre", "Laju sebelum", "Rate before"),
        ("slope_window", "Laju selama periode dinilai", "Rate in the period assessed"),
        ("slope_change", "Perubahan laju", "Change in rate"),
        ("slope_change_ci_low", "IK bawah", "CI lower"),
        ("slope_change_ci_high", "IK atas", "CI upper"),
        ("p_adjusted", "p terkoreksi", "Adjusted p"),
        ("verdict_label", "Penilaian", "Assessment"),
    ],
    # 02 — budget
    "budget_dimensions": [
        ("dimension", "Dimensi", "Dimension"),
        ("cut_window", "Pemotongan, periode dinilai", "Cut, period assessed"),
        ("cut_other", "Pemotongan, tahun lain", "Cut, other years"),
        ("absorption_window", "Penyerapan, periode dinilai", "Absorption, period assessed"),
        ("absorption_other", "Penyerapan, tahun lain", "Absorption, other years"),
        ("progress_verdict", "Penilaian capaian", "Progress assessment"),
    ],
    "budget_years": [
        ("year", "Tahun", "Year"),
        ("planned", "Rencana", "Planned"),
        ("revised", "Perubahan", "Revised"),
        ("realised", "Realisasi", "Realised"),
        ("cut", "Pemotongan", "Cut"),
        ("absorption", "Penyerapan", "Absorption"),
    ],
    # 03 — implementing regulations
    "mandates": [
        ("mandate_id", "Kode", "Code"),
        ("instrument", "Instrumen", "Instrument"),
        ("due_date", "Tenggat", "Due"),
        ("issued_date", "Terbit", "Issued"),
        ("status_label", "Status", "Status"),
        # negative = issued before its due date (the glossary says so)
        ("delay_days", "Selisih dari tenggat (hari)", "Days after the due date"),
    ],
    # 04 — interrupted time series
    "its_indicators": [
        ("name", "Indikator", "Indicator"),
        ("break_label", "Titik patah", "Break point"),
        ("level_change", "Perubahan tingkat (sekali)", "Level change (one-off)"),
        ("level_p_value", "Nilai p", "p-value"),
        ("slope_change", "Perubahan laju (per bulan)", "Trend change (per month)"),
        ("slope_p_value", "Nilai p", "p-value"),
    ],
    # 05 — comparison with other regions
    "peer_estimates": [
        ("measure", "Ukuran", "Measure"),
        ("analysis", "Metode", "Method"),
        ("estimate", "Estimasi", "Estimate"),
        ("ci_low", "IK bawah", "CI lower"),
        ("ci_high", "IK atas", "CI upper"),
        ("p_value", "Nilai p (permutasi)", "p-value (permutation)"),
        ("p_floor", "p terkecil yang mungkin", "Smallest possible p"),
    ],
    # 06 — survey
    "survey_factors": [
        ("label", "Faktor", "Factor"),
        ("n_items", "Butir", "Items"),
        ("alpha", "Alfa Cronbach", "Cronbach's alpha"),
        ("omega", "Omega McDonald", "McDonald's omega"),
        ("mean", "Rata-rata", "Mean"),
        ("ci_low", "IK bawah", "CI lower"),
        ("ci_high", "IK atas", "CI upper"),
        ("estimate", "Koefisien terstandar", "Standardised coefficient"),
        ("p_value", "Nilai p", "p-value"),
    ],
    # 07 — interviews
    "interview_factors": [
        ("label", "Faktor", "Factor"),
        ("n", "Kutipan", "Excerpts"),
        ("barrier_share", "Penghambat", "Barrier"),
        ("enabler_share", "Pendukung", "Enabler"),
        ("neutral_share", "Netral", "Neutral"),
        ("n_interviews", "Wawancara", "Interviews"),
        ("n_groups", "Kelompok narasumber", "Informant groups"),
    ],
    "interview_quotes": [
        ("label", "Faktor", "Factor"),
        ("valence", "Arah", "Direction"),
        ("quote", "Kutipan", "Quote"),
        ("attribution", "Narasumber", "Informant"),
    ],
    "interview_kappa": [
        ("variable", "Yang dikodekan", "Coded"),
        ("n", "Kutipan ganda", "Double-coded excerpts"),
        ("p_observed", "Kesepakatan", "Agreement"),
        ("kappa", "Kappa Cohen", "Cohen's kappa"),
        ("ci_low", "IK bawah", "CI lower"),
        ("ci_high", "IK atas", "CI upper"),
        ("label", "Tafsiran", "Interpretation"),
    ],
    # 08 — diagnosis and recommendations
    "top_recommendations": [
        ("no", "No.", "No."),
        ("factor", "Penyebab", "Cause"),
        ("recommendation", "Rekomendasi", "Recommendation"),
        ("who", "Pelaksana", "Responsible"),
        ("horizon", "Jangka waktu", "Time frame"),
    ],
    "evidence_matrix": [
        ("evidence_id", "Kode", "Code"),
        ("factor", "Faktor", "Factor"),
        ("source", "Sumber", "Source"),
        ("finding", "Temuan", "Finding"),
        ("direction", "Arah", "Direction"),
        ("strength", "Kekuatan", "Strength"),
    ],
    "cause_ranking": [
        ("rank", "Peringkat", "Rank"),
        ("factor", "Faktor", "Factor"),
        ("verdict_label", "Kekuatan bukti", "Strength of evidence"),
        ("score", "Skor", "Score"),
        ("sources_label", "Sumber", "Sources"),
        ("rule_notes", "Catatan aturan", "Rule notes"),
    ],
    "recommendations": [
        ("factor", "Penyebab", "Cause"),
        ("priority", "Prioritas", "Priority"),
        ("recommendation", "Rekomendasi", "Recommendation"),
        ("who", "Pelaksana", "Responsible"),
        ("horizon", "Jangka waktu", "Time frame"),
        ("indicator", "Indikator keberhasilan", "Success indicator"),
    ],
}

# Other short texts of the notebooks' code cells: (code, Indonesian, English).
_NOTEBOOK: dict[str, list[tuple[str, str, str]]] = {
    "text": [
        ("all_dimensions", "Semua dimensi", "All dimensions"),
        ("caution", "Catatan kehati-hatian:", "A note of caution:"),
        (
            "causes_caption",
            "Faktor yang diperiksa sebagai penyebab stagnasi, diurutkan menurut kekuatan bukti",
            "Factors examined as causes of the stagnation, ordered by strength of evidence",
        ),
    ],
    "peer_method": [
        ("did", "Selisih-dalam-selisih", "Difference-in-differences"),
        ("event_study", "Studi peristiwa", "Event study"),
        ("synth", "Kontrol sintetis", "Synthetic control"),
    ],
    "valence": [
        ("barrier", "Penghambat", "Barrier"),
        ("enabler", "Pendukung", "Enabler"),
        ("neutral", "Netral", "Neutral"),
    ],
    "coded_variable": [
        ("factor", "Faktor", "Factor"),
        ("valence", "Arah", "Direction"),
    ],
}


def _labels(lang_index: int) -> dict[str, dict[str, str]]:
    out = {
        f"column:{table}": {row[0]: row[lang_index] for row in rows}
        for table, rows in _COLUMNS.items()
    }
    out.update(
        {
            f"notebook:{kind}": {row[0]: row[lang_index] for row in rows}
            for kind, rows in _NOTEBOOK.items()
        }
    )
    return out


LABELS = {"id": _labels(1), "en": _labels(2)}
