"""Words of the interrupted time series (:mod:`evaltools.analysis.its`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from evaltools.analysis._timeseries import display_decimals


def _when(v: Mapping[str, Any], fmt: Any, period: str) -> str:
    return fmt.month(v["when"], short=False) if v["dated"] else f"{period} {fmt.num(v['when'], 0)}"


def _est(v: Mapping[str, Any], fmt: Any) -> str:
    d = display_decimals(v["estimate"])
    return f"{fmt.num(v['estimate'], d, signed=True)} " + fmt.ci(
        v["ci_low"], v["ci_high"], d, level=v["level"]
    )


def _ratio(v: Mapping[str, Any], fmt: Any) -> str:
    return f"{fmt.num(v['ratio'], 3)} " + fmt.ci(
        v["ratio_ci_low"], v["ratio_ci_high"], 3, level=v["level"]
    )


def _pct_change(v: Mapping[str, Any], fmt: Any) -> str:
    return fmt.pts(abs((v["ratio"] - 1) * 100))


# --- Indonesian ------------------------------------------------------------------------------


def _id_level_change(v, fmt):
    verdict = (
        "signifikan secara statistik" if v["significant"] else "tidak signifikan secara statistik"
    )
    return (
        f"Pada titik patah '{v['label']}' ({_when(v, fmt, 'periode')}), tingkat {v['outcome']} "
        f"berubah sebesar {_est(v, fmt)}, {fmt.p(v['p'])}; perubahan ini {verdict}."
    )


def _id_level_ratio(v, fmt):
    verdict = (
        "signifikan secara statistik" if v["significant"] else "tidak signifikan secara statistik"
    )
    arah = "turun" if v["ratio"] < 1 else "naik"
    return (
        f"Pada titik patah '{v['label']}' ({_when(v, fmt, 'periode')}), tingkat {v['outcome']} "
        f"{arah} {_pct_change(v, fmt)} (rasio {_ratio(v, fmt)}, {fmt.p(v['p'])}); "
        f"perubahan ini {verdict}."
    )


def _id_slope_change(v, fmt):
    unit = "bulan" if v["dated"] else "periode"
    verdict = "signifikan" if v["significant"] else "tidak signifikan"
    return (
        f"Tren per {unit} setelah '{v['label']}' berubah sebesar {_est(v, fmt)}, "
        f"{fmt.p(v['p'])} ({verdict})."
    )


def _id_slope_ratio(v, fmt):
    unit = "bulan" if v["dated"] else "periode"
    verdict = "signifikan" if v["significant"] else "tidak signifikan"
    return (
        f"Laju perubahan per {unit} setelah '{v['label']}' dikalikan {_ratio(v, fmt)}, "
        f"{fmt.p(v['p'])} ({verdict})."
    )


def _id_thin_segment(v, fmt):
    where = (
        "sebelum titik patah pertama"
        if v["after"] is None
        else f"setelah titik patah '{v['after']}'"
    )
    return (
        f"Segmen {where} hanya berisi {fmt.int(v['size'])} titik data (kurang dari "
        f"{fmt.int(v['minimum'])}); taksiran tingkat dan tren pada segmen ini rapuh."
    )


def _id_no_comparison(v, fmt):
    names = fmt.list([f"'{b}'" for b in v["breaks"]])
    reg = v.get("regulation") or "regulasi"
    return (
        f"Analisis deret waktu terinterupsi pada satu wilayah hanya menunjukkan perubahan tingkat "
        f"atau tren pada tanggal titik patah ({names}), bukan penyebabnya: peristiwa lain pada "
        "waktu yang sama (misalnya sebuah guncangan eksternal yang bersamaan dengan berlakunya "
        f"{reg}) tidak dapat dipisahkan tanpa pembanding."
    )


# --- English ---------------------------------------------------------------------------------


def _en_level_change(v, fmt):
    verdict = "statistically significant" if v["significant"] else "not statistically significant"
    return (
        f"At the break '{v['label']}' ({_when(v, fmt, 'period')}), the level of {v['outcome']} "
        f"changed by {_est(v, fmt)}, {fmt.p(v['p'])}; this change is {verdict}."
    )


def _en_level_ratio(v, fmt):
    verdict = "statistically significant" if v["significant"] else "not statistically significant"
    way = "fell" if v["ratio"] < 1 else "rose"
    return (
        f"At the break '{v['label']}' ({_when(v, fmt, 'period')}), the level of {v['outcome']} "
        f"{way} by {_pct_change(v, fmt)} (ratio {_ratio(v, fmt)}, {fmt.p(v['p'])}); "
        f"this change is {verdict}."
    )


def _en_slope_change(v, fmt):
    unit = "month" if v["dated"] else "period"
    verdict = "significant" if v["significant"] else "not significant"
    return (
        f"The trend per {unit} after '{v['label']}' changed by {_est(v, fmt)}, "
        f"{fmt.p(v['p'])} ({verdict})."
    )


def _en_slope_ratio(v, fmt):
    unit = "month" if v["dated"] else "period"
    verdict = "significant" if v["significant"] else "not significant"
    return (
        f"The rate of change per {unit} after '{v['label']}' was multiplied by {_ratio(v, fmt)}, "
        f"{fmt.p(v['p'])} ({verdict})."
    )


def _en_thin_segment(v, fmt):
    where = (
        "The pre-period segment (before the first break)"
        if v["after"] is None
        else f"The segment after break '{v['after']}'"
    )
    return (
        f"{where} has only {fmt.int(v['size'])} points (fewer than {fmt.int(v['minimum'])}); "
        "its level and trend estimates are fragile."
    )


def _en_no_comparison(v, fmt):
    names = fmt.list([f"'{b}'" for b in v["breaks"]])
    reg = v.get("regulation") or "the regulation"
    return (
        "An interrupted time series of a single region shows only a change in level or trend "
        f"at the date of the break ({names}), not its cause: other events at the same time "
        f"(for example an external shock coinciding with the entry into force of {reg}) cannot "
        "be separated without a comparison group."
    )


TEMPLATES = {
    "id": {
        "its.level_change": _id_level_change,
        "its.level_ratio": _id_level_ratio,
        "its.slope_change": _id_slope_change,
        "its.slope_ratio": _id_slope_ratio,
        "its.counterfactual": (
            "Kontrafaktual adalah kelanjutan tren sebelum titik patah pertama; selisih antara "
            "data dan kontrafaktual menunjukkan besarnya perubahan, bukan penyebabnya."
        ),
        "its.thin_segment": _id_thin_segment,
        "its.breaks_close": (
            "Titik patah '{first}' dan '{second}' hanya berjarak {periods:int} periode, sehingga "
            "pengaruh keduanya tidak dapat dipisahkan dengan andal."
        ),
        "its.overdispersion": (
            "Data menunjukkan overdispersi (χ²/df Pearson = {dispersion:num2}); galat baku model "
            "Poisson biasa terlalu kecil, gunakan cov='quasi' atau 'hac'."
        ),
        "its.autocorrelation": (
            "Residual model masih berautokorelasi (uji Ljung–Box {p:p}); galat baku non-robust "
            "dapat terlalu kecil."
        ),
        "its.no_comparison": _id_no_comparison,
        "its.placebo_significant": (
            "Uji plasebo waktu: pada titik patah palsu di periode sebelum intervensi terdapat "
            "{n_significant:int} perubahan yang signifikan secara statistik, padahal tidak ada "
            "kejadian; perubahan pada titik patah sebenarnya perlu dibaca dengan hati-hati."
        ),
        "its.placebo_clean": (
            "Uji plasebo waktu: pada titik patah palsu di periode sebelum intervensi tidak ada "
            "perubahan yang signifikan secara statistik, sesuai harapan bila model memadai."
        ),
        "its.plot_band": "IK {level:level} kontrafaktual",
        "its.plot_break": "Titik patah {number}: {label}",
    },
    "en": {
        "its.level_change": _en_level_change,
        "its.level_ratio": _en_level_ratio,
        "its.slope_change": _en_slope_change,
        "its.slope_ratio": _en_slope_ratio,
        "its.counterfactual": (
            "The counterfactual continues the trend before the first break; the gap between the "
            "data and the counterfactual shows the size of the change, not its cause."
        ),
        "its.thin_segment": _en_thin_segment,
        "its.breaks_close": (
            "Breaks '{first}' and '{second}' are only {periods:int} periods apart, so their "
            "effects cannot be separated reliably."
        ),
        "its.overdispersion": (
            "The data are overdispersed (Pearson χ²/df = {dispersion:num2}); plain Poisson "
            "standard errors are too small: use cov='quasi' or 'hac'."
        ),
        "its.autocorrelation": (
            "The model's residuals are still autocorrelated (Ljung–Box test {p:p}); non-robust "
            "standard errors may be too small: use cov='hac'."
        ),
        "its.no_comparison": _en_no_comparison,
        "its.placebo_significant": (
            "Placebo-in-time test: at fake breaks in the pre-intervention period "
            "{n_significant:int} change(s) are statistically significant although nothing "
            "happened; the changes at the real breaks must be read with caution."
        ),
        "its.placebo_clean": (
            "Placebo-in-time test: at fake breaks in the pre-intervention period no change is "
            "statistically significant, as expected when the model is adequate."
        ),
        "its.plot_band": "{level:level} CI of the counterfactual",
        "its.plot_break": "Break {number}: {label}",
    },
}

LABELS = {
    "id": {
        "its_plot": {
            "observed": "Data teramati",
            "fitted": "Nilai model",
            "counterfactual": "Kontrafaktual (tren tanpa titik patah)",
            "month": "Bulan",
            "period": "Periode",
            "value": "Nilai",
            "unit_per_month": "{name} ({unit} per bulan)",
            "unit": "{name} ({unit})",
        }
    },
    "en": {
        "its_plot": {
            "observed": "Observed data",
            "fitted": "Model fit",
            "counterfactual": "Counterfactual (trend without the breaks)",
            "month": "Month",
            "period": "Period",
            "value": "Value",
            "unit_per_month": "{name} ({unit} per month)",
            "unit": "{name} ({unit})",
        }
    },
}
