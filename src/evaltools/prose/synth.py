"""Words of the synthetic control (:mod:`evaltools.analysis.synth`)."""

from __future__ import annotations

from evaltools.analysis._timeseries import display_decimals


def _parts(v, fmt):
    return ", ".join(f"{k} ({fmt.pct(w, 0)})" for k, w in v["weights"].items())


def _att(v, fmt):
    return fmt.num(v["att"], display_decimals(v["att"]), signed=True)


def _rmspe(v, fmt):
    return fmt.num(v["pre_rmspe"], display_decimals(v["pre_rmspe"]))


def _range(v, fmt, conj):
    d = display_decimals(v["att"])
    return f"{fmt.num(v['low'], d)} {conj} {fmt.num(v['high'], d)}"


TEMPLATES = {
    "id": {
        "synth.composition": lambda v, fmt: (
            f"{v['treated_unit']} sintetis disusun dari {_parts(v, fmt)}."
        ),
        "synth.gap": lambda v, fmt: (
            f"Setelah {v['treatment_time']}, selisih rata-rata {v['outcome']} antara "
            f"{v['treated_unit']} dan pembanding sintetisnya adalah {_att(v, fmt)} (RMSPE "
            f"sebelum intervensi {_rmspe(v, fmt)})."
        ),
        "synth.placebo_rank": lambda v, fmt: (
            f"Uji plasebo antarwilayah: rasio RMSPE sesudah/sebelum {v['treated_unit']} berada "
            f"di peringkat {v['rank']} dari {v['n_units']} unit (p permutasi = "
            f"{fmt.num(v['p'], 3)})."
        ),
        "synth.loo_range": lambda v, fmt: (
            "Bila donor utama dikeluarkan satu per satu, selisih rata-rata berkisar antara "
            f"{_range(v, fmt, 'dan')}."
        ),
        "synth.fit_matters": (
            "Kontrol sintetis hanya meyakinkan bila lintasan sebelum intervensi tertiru dengan "
            "baik; ia tidak menyingkirkan guncangan lain yang hanya menimpa unit yang "
            "diintervensi."
        ),
        "synth.few_donors": (
            "Hanya ada {n_donors} unit donor, sehingga p permutasi terkecil yang mungkin adalah "
            "{floor:num3}."
        ),
        "synth.poor_pre_fit": (
            "Kecocokan sebelum intervensi lemah (RMSPE di atas 10% dari rata-rata unit yang "
            "diintervensi); selisih sesudahnya perlu dibaca dengan hati-hati."
        ),
        "synth.plot_synthetic": "Sintetis {unit}",
        "synth.plot_gap_axis": "Selisih {outcome} (aktual − sintetis)",
    },
    "en": {
        "synth.composition": lambda v, fmt: (
            f"The synthetic {v['treated_unit']} is made up of {_parts(v, fmt)}."
        ),
        "synth.gap": lambda v, fmt: (
            f"After {v['treatment_time']}, the mean gap in {v['outcome']} between "
            f"{v['treated_unit']} and its synthetic comparison is {_att(v, fmt)} "
            f"(pre-intervention RMSPE {_rmspe(v, fmt)})."
        ),
        "synth.placebo_rank": lambda v, fmt: (
            f"Placebo test across regions: the post/pre RMSPE ratio of {v['treated_unit']} "
            f"ranks {v['rank']} of {v['n_units']} units (permutation p = {fmt.num(v['p'], 3)})."
        ),
        "synth.loo_range": lambda v, fmt: (
            "Leaving out the main donors one at a time, the mean gap ranges from "
            f"{_range(v, fmt, 'to')}."
        ),
        "synth.fit_matters": (
            "A synthetic control is convincing only if it reproduces the pre-intervention path "
            "well; it does not rule out other shocks that hit only the treated unit."
        ),
        "synth.few_donors": (
            "There are only {n_donors} donor units, so the smallest possible permutation p is "
            "{floor:num3}."
        ),
        "synth.poor_pre_fit": (
            "The pre-intervention fit is poor (RMSPE above 10% of the treated unit's mean); the "
            "gap afterwards must be read with caution."
        ),
        "synth.plot_synthetic": "Synthetic {unit}",
        "synth.plot_gap_axis": "Gap in {outcome} (actual − synthetic)",
    },
}

LABELS = {
    "id": {"synth_plot": {"period": "Periode", "placebo_units": "Unit plasebo"}},
    "en": {"synth_plot": {"period": "Period", "placebo_units": "Placebo units"}},
}
