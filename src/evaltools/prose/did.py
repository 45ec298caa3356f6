"""Words of difference-in-differences, the event study and the permutation test
(:mod:`evaltools.analysis.did`)."""

from __future__ import annotations

from evaltools.analysis._timeseries import display_decimals


def _est(v, fmt):
    d = display_decimals(v["estimate"])
    return f"{fmt.num(v['estimate'], d, signed=True)} " + fmt.ci(
        v["ci_low"], v["ci_high"], d, level=v["level"]
    )


def _id_estimate(v, fmt):
    wild = (
        f" (p bootstrap wild-cluster = {fmt.num(v['wild_p'], 3)})"
        if v.get("wild_p") is not None
        else ""
    )
    verdict = "signifikan" if v["significant"] else "tidak signifikan"
    return (
        f"Estimasi selisih-dalam-selisih (DiD) untuk {v['outcome']} adalah {_est(v, fmt)}, "
        f"{fmt.p(v['p'])}{wild}; perbedaan ini {verdict} secara statistik."
    )


def _en_estimate(v, fmt):
    wild = (
        f" (wild cluster bootstrap p = {fmt.num(v['wild_p'], 3)})"
        if v.get("wild_p") is not None
        else ""
    )
    verdict = "statistically significant" if v["significant"] else "not statistically significant"
    return (
        f"The difference-in-differences (DiD) estimate for {v['outcome']} is {_est(v, fmt)}, "
        f"{fmt.p(v['p'])}{wild}; this difference is {verdict}."
    )


def _average(v, fmt):
    return fmt.num(v["average"], display_decimals(v["average"]), signed=True)


def _why(v, fmt, *, below: str, interval: str) -> str:
    parts = []
    if v["below_warn"]:
        parts.append(f"{below} {fmt.num(v['warn_p'], 2)}")
    if v["off_times"]:
        times = ", ".join(fmt.num(k, 0) for k in v["off_times"])
        parts.append(interval.format(level=fmt.level(v["level"]), times=times))
    return "; ".join(parts)


def _id_pretrend(v, fmt):
    head = f"Uji bersama tren sebelum intervensi: F = {fmt.num(v['stat'], 2)}, {fmt.p(v['p'])}; "
    if v["flag"] == "pretrend_not_parallel":
        why = _why(
            v,
            fmt,
            below="p di bawah",
            interval="interval (IK {level}) periode {times} tidak mencakup nol",
        )
        return head + (
            f"tren sebelum tidak sejajar ({why}): kedua kelompok sudah bergerak berbeda sebelum "
            "intervensi, sehingga asumsi tren paralel diragukan."
        )
    return head + (
        "uji ini tidak mendeteksi perbedaan arah sebelum intervensi, tetapi hal itu tidak "
        "membuktikan bahwa tren keduanya sejajar."
    )


def _en_pretrend(v, fmt):
    head = (
        f"Joint test of the pre-intervention trends: F = {fmt.num(v['stat'], 2)}, {fmt.p(v['p'])}; "
    )
    if v["flag"] == "pretrend_not_parallel":
        why = _why(
            v,
            fmt,
            below="p below",
            interval="the {level} CI of period(s) {times} excludes zero",
        )
        return head + (
            f"the pre-intervention trends are not parallel ({why}): the two groups already moved "
            "differently before the intervention, so the parallel-trends assumption is in doubt."
        )
    return head + (
        "the test detects no difference before the intervention, but that does not prove that "
        "the two trends are parallel."
    )


def _id_permutation(v, fmt):
    d = display_decimals(v["estimate"])
    return (
        "Uji permutasi antarunit (setiap unit bergiliran dianggap diintervensi): estimasi "
        f"{fmt.num(v['estimate'], d, signed=True)} berada di peringkat {v['rank']} dari "
        f"{v['n_units']} (p permutasi = {fmt.num(v['p'], 3)}; p terkecil yang mungkin "
        f"1/{v['n_units']} = {fmt.num(v['floor'], 3)})."
    )


def _en_permutation(v, fmt):
    d = display_decimals(v["estimate"])
    return (
        "Permutation test across units (each unit in turn treated as the intervened one): the "
        f"estimate {fmt.num(v['estimate'], d, signed=True)} ranks {v['rank']} of "
        f"{v['n_units']} (permutation p = {fmt.num(v['p'], 3)}; smallest possible p "
        f"1/{v['n_units']} = {fmt.num(v['floor'], 3)})."
    )


def _id_event_axis(v, fmt):
    anchor = f" (0 = {v['anchor']})" if v.get("anchor") is not None else ""
    return f"Periode relatif terhadap awal intervensi{anchor}"


def _en_event_axis(v, fmt):
    anchor = f" (0 = {v['anchor']})" if v.get("anchor") is not None else ""
    return f"Period relative to the start of the intervention{anchor}"


TEMPLATES = {
    "id": {
        "did.estimate": _id_estimate,
        "did.meaning": (
            "Angka ini adalah perubahan pada kelompok perlakuan dikurangi perubahan pada "
            "kelompok pembanding pada periode yang sama."
        ),
        "did.parallel_trends": (
            "Selisih-dalam-selisih hanya sahih bila tanpa intervensi kedua kelompok akan "
            "bergerak sejajar (asumsi tren paralel); analisis ini tidak membuktikan asumsi "
            "tersebut."
        ),
        "did.dropped_rows": "{n_rows:int} baris dengan nilai kosong tidak diikutkan.",
        "did.few_clusters": (
            "Jumlah klaster hanya {n_clusters}; galat baku klaster dapat terlalu kecil sehingga "
            "p bootstrap wild-cluster lebih dapat dipercaya."
        ),
        "did.event_average": lambda v, fmt: (
            f"Rata-rata selisih {v['outcome']} kelompok perlakuan terhadap pembanding setelah "
            f"intervensi (relatif terhadap periode acuan {fmt.num(v['reference'], 0)}) adalah "
            f"{_average(v, fmt)}."
        ),
        "did.pretrend": _id_pretrend,
        "did.pretrend_not_proof": (
            "Tidak signifikannya uji tren awal tidak membuktikan tren paralel, terutama bila "
            "jumlah unit dan periode sedikit."
        ),
        "did.permutation": _id_permutation,
        "did.plot_mean_axis": "Rata-rata {outcome}",
        "did.plot_gap_axis": "Selisih {outcome}",
        "did.plot_estimate": "Taksiran (IK {level:level})",
        "did.plot_event_axis": _id_event_axis,
        "did.plot_event_title": "Studi peristiwa (uji tren awal {p:p})",
    },
    "en": {
        "did.estimate": _en_estimate,
        "did.meaning": (
            "This is the change in the treated group minus the change in the comparison group "
            "over the same periods."
        ),
        "did.parallel_trends": (
            "Difference-in-differences is valid only if, without the intervention, the two "
            "groups would have moved in parallel (the parallel-trends assumption); this analysis "
            "does not prove that assumption."
        ),
        "did.dropped_rows": "{n_rows:int} row(s) with missing values were left out.",
        "did.few_clusters": (
            "There are only {n_clusters} clusters; cluster standard errors may be too small, so "
            "the wild cluster bootstrap p is more reliable."
        ),
        "did.event_average": lambda v, fmt: (
            f"The average difference in {v['outcome']} between the treated and the comparison "
            f"group after the intervention (relative to reference period "
            f"{fmt.num(v['reference'], 0)}) is {_average(v, fmt)}."
        ),
        "did.pretrend": _en_pretrend,
        "did.pretrend_not_proof": (
            "A non-significant pre-trend test does not prove parallel trends, especially with "
            "few units and periods."
        ),
        "did.permutation": _en_permutation,
        "did.plot_mean_axis": "Mean {outcome}",
        "did.plot_gap_axis": "Difference in {outcome}",
        "did.plot_estimate": "Estimate ({level:level} CI)",
        "did.plot_event_axis": _en_event_axis,
        "did.plot_event_title": "Event study (pre-trend test {p:p})",
    },
}

LABELS = {
    "id": {
        "did_plot": {
            "treated_group": "Kelompok perlakuan",
            "comparison_group": "Kelompok pembanding",
            "before": "Sebelum",
            "after": "Sesudah",
        }
    },
    "en": {
        "did_plot": {
            "treated_group": "Treated group",
            "comparison_group": "Comparison group",
            "before": "Before",
            "after": "After",
        }
    },
}
