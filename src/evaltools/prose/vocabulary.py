"""Words for the codes of :mod:`evaltools.vocabulary`, in Indonesian and English.

Kinds: ``factor``, ``dimension``, ``strength`` (capitalised, for tables and legends),
``strength_word`` (lower case, inside a sentence), ``direction``, ``answer``,
``progress_verdict``, ``source``. Analyses' own codes (e.g. a mandate's status) have their
kinds in their prose module.
"""

from __future__ import annotations

# Plain Indonesian names; the report explains the framework's English terms (smart governance
# …) once, where the dimensions are introduced. "Kualitas hidup" (smart living) and "Lingkungan
# hidup" (smart environment) keep the two apart, and apart from the cause "Lingkungan eksternal".
LABELS = {
    "id": {
        "factor": {
            "communication": "Komunikasi",
            "resources": "Sumber daya",
            "disposition": "Disposisi (sikap dan komitmen)",
            "structure": "Struktur birokrasi",
            "environment": "Lingkungan eksternal",
            "outcome": "Capaian implementasi",
        },
        "dimension": {
            "governance": "Tata kelola",
            "branding": "Pencitraan kota",
            "economy": "Ekonomi",
            "living": "Kualitas hidup",
            "society": "Masyarakat",
            "environment": "Lingkungan hidup",
        },
        "strength": {
            "strong": "Kuat",
            "moderate": "Sedang",
            "weak": "Lemah",
            "none": "Tidak ada bukti",
            "against": "Bukti menunjuk sebaliknya",
        },
        "strength_word": {
            "strong": "kuat",
            "moderate": "sedang",
            "weak": "lemah",
            "none": "tidak ada",
            "against": "menunjuk sebaliknya",
        },
        "direction": {"barrier": "hambatan", "enabler": "bukti sebaliknya", "neutral": "netral"},
        "answer": {
            "yes": "Ya",
            "partly": "Ya, sebagian",
            "no": "Tidak",
            "undetermined": "Tidak dapat dinilai",
        },
        "progress_verdict": {
            "stalled": "terhenti",
            "slowed": "melambat",
            "on_track": "sesuai tren sebelumnya",
            "improved": "membaik",
            "undetermined": "tidak dapat dinilai",
        },
        "source": {
            "survey": "survei",
            "interviews": "wawancara",
            "budget": "anggaran",
            "mandates": "regulasi turunan",
            "progress": "capaian",
            "its": "deret waktu terinterupsi",
            "peers": "perbandingan daerah lain",
        },
    },
    "en": {
        "factor": {
            "communication": "Communication",
            "resources": "Resources",
            "disposition": "Disposition (attitudes and commitment)",
            "structure": "Bureaucratic structure",
            "environment": "External environment",
            "outcome": "Implementation outcome",
        },
        "dimension": {
            "governance": "Governance",
            "branding": "City branding",
            "economy": "Economy",
            "living": "Quality of living",
            "society": "Society",
            "environment": "Natural environment",
        },
        "strength": {
            "strong": "Strong",
            "moderate": "Moderate",
            "weak": "Weak",
            "none": "No evidence",
            "against": "Evidence points the other way",
        },
        "strength_word": {
            "strong": "strong",
            "moderate": "moderate",
            "weak": "weak",
            "none": "none",
            "against": "pointing the other way",
        },
        "direction": {"barrier": "barrier", "enabler": "counter-evidence", "neutral": "neutral"},
        "answer": {
            "yes": "Yes",
            "partly": "Yes, partly",
            "no": "No",
            "undetermined": "Cannot be determined",
        },
        "progress_verdict": {
            "stalled": "stalled",
            "slowed": "slowed",
            "on_track": "on its earlier trend",
            "improved": "improved",
            "undetermined": "cannot be judged",
        },
        "source": {
            "survey": "survey",
            "interviews": "interviews",
            "budget": "budget",
            "mandates": "implementing regulations",
            "progress": "achievement",
            "its": "interrupted time series",
            "peers": "comparison with other regions",
        },
    },
}
