"""Words of the quasi-experimental evidence (:mod:`evaltools.analysis.quasi`): the overview of
the service indicators' interrupted time series, the peer comparison and their evidence rows.
"""

from __future__ import annotations

from evaltools.analysis._timeseries import alpha_decimals


def _measure(v, fmt):
    """The measure's name: from the data when they give one, else the word for a known
    measure, else its humanised id."""
    if v.get("label"):
        return v["label"]
    from evaltools.analysis.quasi import humanise_id

    return (
        fmt.label("measure", v["measure"])
        if v["measure"] in _known(fmt)
        else humanise_id(v["measure"])
    )


def _known(fmt):
    return LABELS[fmt.language]["measure"]


def _alpha(v, fmt):
    return fmt.num(1 - v["level"], alpha_decimals(v["level"]))


def _s3(x, fmt):
    return fmt.num(x, 3, signed=True)


# --- Indonesian ------------------------------------------------------------------------------


def _id_adverse_count(v, fmt):
    n, k = v["n_indicators"], v["n_adverse"]
    how_many = (
        f"tidak satu pun dari {n} indikator layanan"
        if k == 0
        else f"seluruh {n} indikator layanan"
        if k == n
        else f"{k} dari {n} indikator layanan"
    )
    return (
        f"Pada titik patah \u201c{v['label']}\u201d, {how_many} mengalami perubahan tingkat yang "
        f"merugikan dan signifikan secara statistik (p < {_alpha(v, fmt)})."
    )


def _id_floor(v, fmt):
    n = v["n_units"]
    text = (
        f"dengan {n - 1} daerah pembanding, p permutasi terkecil yang mungkin adalah "
        f"1/{n} = {fmt.num(1 / n, 3)}"
    )
    if 1 / n >= v["alpha"]:
        text += (
            f", di atas batas {fmt.num(v['alpha'], 2)}, sehingga tidak ada hasil yang dapat "
            "berbeda nyata secara statistik"
        )
    return text


def _id_peer_did(v, fmt):
    est = v["estimate"]
    way = "lebih rendah" if est < 0 else "lebih tinggi"
    return (
        f"Setelah {v['treatment_year']}, {_measure(v, fmt)} {v['focal']} "
        f"{fmt.num(abs(est), 2)} poin {way} daripada bila {v['focal']} mengikuti perkembangan "
        f"{v['n_peers']} daerah pembanding (selisih-dalam-selisih {fmt.num(est, 2, signed=True)} "
        f"{fmt.ci(v['ci_low'], v['ci_high'], level=v['level'])})."
    )


def _id_peer_permutation(v, fmt):
    return (
        "Uji permutasi antardaerah (setiap daerah bergiliran dianggap sebagai daerah yang "
        f"dievaluasi): selisih {v['focal']} berada di peringkat {v['rank']} dari {v['n_units']} "
        f"menurut besarnya (p permutasi = {fmt.num(v['p'], 3)}); "
        f"{fmt.text('quasi.floor', n_units=v['n_units'], alpha=v['alpha'])}."
    )


def _id_peer_trends(v, fmt):
    return (
        f"Rata-rata kenaikan per tahun sebelum/sesudah {v['treatment_year']}: {v['focal']} "
        f"{_s3(v['focal_pre'], fmt)} / {_s3(v['focal_post'], fmt)}, daerah pembanding "
        f"{_s3(v['peers_pre'], fmt)} / {_s3(v['peers_post'], fmt)} poin per tahun."
    )


def _events(v):
    return "; ".join(f"\u201c{label}\u201d ({year})" for label, year in v["events"])


def _id_synth_floor(v, fmt):
    text = (
        f"Dengan {v['n_donors']} daerah pembanding, p permutasi terkecil yang mungkin adalah "
        f"{fmt.num(v['floor'], 3)}"
    )
    if v["reached"]:
        return text + (
            "; nilai itu tercapai, artinya tidak ada daerah pembanding yang, dibandingkan "
            f"dengan kecocokannya sebelum {v['treatment_year']}, menyimpang dari lintasan "
            f"sintetisnya sejauh {v['focal']}."
        )
    return text + "."


def _id_peer_finding(v, fmt):
    what = f"Pada {_measure(v, fmt)}, "
    infer = f"uji permutasi: p = {fmt.num(v['did_p'], 3)}; " + fmt.text(
        "quasi.floor", n_units=v["n_peers"] + 1, alpha=v["alpha"]
    )
    focal, ty = v["focal"], v["treatment_year"]
    if v["direction"] == "enabler":
        text = what + (
            f"{focal} tertinggal dari {v['n_peers']} daerah pembanding yang melewati tahun-tahun "
            f"yang sama (sejak {ty}), sementara pembanding tetap maju. Bukti menunjuk sebaliknya: "
            "lingkungan eksternal yang dialami bersama bukan penjelasan utama kemandekan, yang "
            f"lebih mungkin bersumber dari faktor lokal ({infer})."
        )
    elif v["direction"] == "barrier":
        text = what + (
            f"daerah pembanding juga melambat setelah {ty} dan {focal} tidak tertinggal secara "
            "menonjol dari mereka; perlambatan bersama ini sejalan dengan guncangan eksternal "
            "sebagai hambatan."
        )
    elif v["behind"]:
        text = what + (
            f"{focal} cenderung tertinggal dari daerah pembanding, tetapi selisihnya tidak "
            f"menonjol dibandingkan selisih tiap daerah pembanding ({infer}); perbandingan ini "
            "belum menunjuk ke arah mana pun."
        )
    else:
        text = what + (
            f"{focal} tidak tertinggal dari daerah pembanding dan daerah pembanding tidak "
            "melambat; perbandingan ini tidak menunjuk lingkungan eksternal sebagai hambatan."
        )
    if v["pretrend_warning"] and v["direction"] != "neutral":
        text += (
            " Tren sebelum periode yang dinilai tidak sejajar, sehingga selisih ini perlu dibaca "
            "dengan hati-hati."
        )
    if v["caps"]:
        text += " Kekuatan bukti " + "; ".join(fmt.label("peer_code", c) for c in v["caps"]) + "."
    return text


def _id_peer_detail(v, fmt):
    text = (
        f"selisih-dalam-selisih {fmt.num(v['estimate'], 2, signed=True)} "
        f"{fmt.ci(v['ci_low'], v['ci_high'], level=v['level'])}, p permutasi "
        f"{fmt.num(v['did_p'], 3)} (terkecil yang mungkin {fmt.num(v['p_floor'], 3)}); "
        "perubahan tahunan pembanding sebelum/sesudah "
        f"{_s3(v['peers_pre'], fmt)}/{_s3(v['peers_post'], fmt)}"
    )
    if v.get("synth_att") is not None:
        text += (
            f"; kontrol sintetis {fmt.num(v['synth_att'], 2, signed=True)} (p permutasi "
            f"{fmt.num(v['synth_p'], 3)}, terkecil yang mungkin {fmt.num(v['synth_floor'], 3)})"
        )
    if v["pretrend_warning"]:
        text += "; tren sebelum tidak sejajar"
    return text + "."


def _id_its_detail(v, fmt):
    parts = [
        f"{it['name']}: perubahan tingkat {fmt.pct(it['change'], signed=True)} ({fmt.p(it['p'])})"
        for it in v["items"]
    ]
    return "; ".join(parts) + (
        ". Deret waktu satu daerah tanpa kelompok pembanding tidak dapat memisahkan pengaruh "
        "peristiwa ini dari kebijakan lain yang berlaku pada waktu yang sama."
    )


# --- English ---------------------------------------------------------------------------------


def _en_adverse_count(v, fmt):
    n, k = v["n_indicators"], v["n_adverse"]
    how_many = (
        f"none of the {n} service indicators shows"
        if k == 0
        else f"all {n} service indicators show"
        if k == n
        else f"{k} of the {n} service indicators show"
    )
    return (
        f"At the break \u201c{v['label']}\u201d, {how_many} an adverse, statistically significant "
        f"change in level (p < {_alpha(v, fmt)})."
    )


def _en_floor(v, fmt):
    n = v["n_units"]
    text = (
        f"with {n - 1} comparison regions, the smallest possible permutation p is "
        f"1/{n} = {fmt.num(1 / n, 3)}"
    )
    if 1 / n >= v["alpha"]:
        text += (
            f", above the threshold of {fmt.num(v['alpha'], 2)}, so no result can be "
            "statistically significant"
        )
    return text


def _en_peer_did(v, fmt):
    est = v["estimate"]
    way = "lower" if est < 0 else "higher"
    return (
        f"After {v['treatment_year']}, the {_measure(v, fmt)} of {v['focal']} is "
        f"{fmt.num(abs(est), 2)} points {way} than if {v['focal']} had followed the "
        f"{v['n_peers']} comparison regions (difference-in-differences "
        f"{fmt.num(est, 2, signed=True)} {fmt.ci(v['ci_low'], v['ci_high'], level=v['level'])})."
    )


def _en_peer_permutation(v, fmt):
    return (
        "Permutation test across regions (each region in turn treated as the evaluated one): "
        f"the gap of {v['focal']} ranks {v['rank']} of {v['n_units']} by size (permutation "
        f"p = {fmt.num(v['p'], 3)}); "
        f"{fmt.text('quasi.floor', n_units=v['n_units'], alpha=v['alpha'])}."
    )


def _en_peer_trends(v, fmt):
    return (
        f"Mean annual change before/after {v['treatment_year']}: {v['focal']} "
        f"{_s3(v['focal_pre'], fmt)} / {_s3(v['focal_post'], fmt)}, comparison regions "
        f"{_s3(v['peers_pre'], fmt)} / {_s3(v['peers_post'], fmt)} points per year."
    )


def _en_synth_floor(v, fmt):
    text = (
        f"With {v['n_donors']} comparison regions, the smallest possible permutation p is "
        f"{fmt.num(v['floor'], 3)}"
    )
    if v["reached"]:
        return text + (
            "; it is reached: no comparison region, given its fit before "
            f"{v['treatment_year']}, departs from its synthetic path as far as {v['focal']}."
        )
    return text + "."


def _en_peer_finding(v, fmt):
    what = f"For the {_measure(v, fmt)}, "
    infer = f"permutation test: p = {fmt.num(v['did_p'], 3)}; " + fmt.text(
        "quasi.floor", n_units=v["n_peers"] + 1, alpha=v["alpha"]
    )
    focal, ty = v["focal"], v["treatment_year"]
    if v["direction"] == "enabler":
        text = what + (
            f"{focal} fell behind {v['n_peers']} comparison regions that went through the same "
            f"years (since {ty}), while the comparison regions kept progressing. The evidence "
            "points the other way: the shared external environment is not the main explanation "
            f"of the stagnation, which more likely has local causes ({infer})."
        )
    elif v["direction"] == "barrier":
        text = what + (
            f"the comparison regions also slowed down after {ty} and {focal} did not fall "
            "markedly behind them; this shared slowdown is consistent with an external shock "
            "as a barrier."
        )
    elif v["behind"]:
        text = what + (
            f"{focal} tends to lag behind the comparison regions, but its gap does not stand out "
            f"among the gaps of the comparison regions ({infer}); this comparison does not yet "
            "point either way."
        )
    else:
        text = what + (
            f"{focal} did not fall behind the comparison regions and they did not slow down; "
            "this comparison does not point to the external environment as a barrier."
        )
    if v["pretrend_warning"] and v["direction"] != "neutral":
        text += (
            " The trends before the assessed period are not parallel, so this gap must be read "
            "with caution."
        )
    if v["caps"]:
        text += (
            " The strength of the evidence is "
            + "; ".join(fmt.label("peer_code", c) for c in v["caps"])
            + "."
        )
    return text


def _en_peer_detail(v, fmt):
    text = (
        f"difference-in-differences {fmt.num(v['estimate'], 2, signed=True)} "
        f"{fmt.ci(v['ci_low'], v['ci_high'], level=v['level'])}, permutation p "
        f"{fmt.num(v['did_p'], 3)} (smallest possible {fmt.num(v['p_floor'], 3)}); annual "
        f"change of the comparison regions before/after "
        f"{_s3(v['peers_pre'], fmt)}/{_s3(v['peers_post'], fmt)}"
    )
    if v.get("synth_att") is not None:
        text += (
            f"; synthetic control {fmt.num(v['synth_att'], 2, signed=True)} (permutation p "
            f"{fmt.num(v['synth_p'], 3)}, smallest possible {fmt.num(v['synth_floor'], 3)})"
        )
    if v["pretrend_warning"]:
        text += "; pre-period trends not parallel"
    return text + "."


def _en_its_detail(v, fmt):
    parts = [
        f"{it['name']}: level change {fmt.pct(it['change'], signed=True)} ({fmt.p(it['p'])})"
        for it in v["items"]
    ]
    return "; ".join(parts) + (
        ". A single region's time series without a comparison group cannot separate the "
        "influence of this event from other policies in force at the same time."
    )


TEMPLATES = {
    "id": {
        "quasi.its_adverse_count": _id_adverse_count,
        "quasi.its_single_series": (
            "Setiap indikator dianalisis sebagai deret waktu terinterupsi pada satu daerah; "
            "perubahan pada tanggal titik patah tidak dengan sendirinya menunjukkan penyebabnya."
        ),
        "quasi.indicator_failed": "Indikator {indicator} tidak dapat dianalisis: {message}",
        "quasi.its_evidence_barrier": (
            "Pada titik patah \u201c{label}\u201d, {n_hit} dari {n_indicators} indikator layanan "
            "turun tingkat atau melambat trennya secara signifikan; penurunan layanan ini "
            "bertepatan dengan peristiwa eksternal tersebut (berkaitan, belum tentu disebabkan "
            "olehnya)."
        ),
        "quasi.its_evidence_neutral": (
            "Pada titik patah \u201c{label}\u201d, indikator layanan tidak menunjukkan penurunan "
            "tingkat atau perlambatan tren yang signifikan; deret waktu tidak menunjukkan "
            "peristiwa eksternal tersebut sebagai hambatan layanan."
        ),
        "quasi.its_evidence_detail": _id_its_detail,
        "quasi.floor": _id_floor,
        "quasi.peer_did": _id_peer_did,
        "quasi.peer_permutation": _id_peer_permutation,
        "quasi.peer_trends": _id_peer_trends,
        "quasi.peer_shocks": lambda v, fmt: (
            "Guncangan atau keputusan dari luar yang dicatat pada tabel peristiwa untuk "
            f"tahun-tahun itu: {_events(v)}; daerah pembanding melewati tahun-tahun yang sama."
        ),
        "quasi.peer_synth": lambda v, fmt: (
            "Kontrol sintetis (gabungan tertimbang daerah pembanding yang paling menyerupai "
            f"{v['focal']} sebelum {v['treatment_year']}): sesudahnya {v['focal']} rata-rata "
            f"berselisih {fmt.num(v['att'], 2, signed=True)} poin dari gabungan itu (p permutasi "
            f"= {fmt.num(v['p'], 3)}; p terkecil yang mungkin {fmt.num(v['floor'], 3)})."
        ),
        "quasi.synth_failed": "Kontrol sintetis tidak dapat disusun: {message}",
        "quasi.synth_floor": _id_synth_floor,
        "quasi.one_treated_region": (
            "Hanya ada satu daerah yang dievaluasi, sehingga galat baku klasik tidak cukup untuk "
            "menilai kepastian selisih; kesimpulan memakai uji permutasi antardaerah, yang nilai "
            "p-nya tidak dapat lebih kecil dari 1 dibagi jumlah daerah. Interval kepercayaan "
            "selisih-dalam-selisih ditampilkan untuk menggambarkan besarnya selisih."
        ),
        "quasi.peer_finding": _id_peer_finding,
        "quasi.peer_detail": _id_peer_detail,
        "quasi.plot_level_axis": (
            "Perubahan tingkat pada titik patah (% dari tingkat sebelumnya, IK {level:level});\n"
            "merah: merugikan, biru: tidak merugikan"
        ),
        "quasi.plot_synthetic": "{focal} sintetis (gabungan tertimbang pembanding)",
    },
    "en": {
        "quasi.its_adverse_count": _en_adverse_count,
        "quasi.its_single_series": (
            "Each indicator is analysed as an interrupted time series of a single region; a "
            "change at the date of a break does not by itself show its cause."
        ),
        "quasi.indicator_failed": "Indicator {indicator} could not be analysed: {message}",
        "quasi.its_evidence_barrier": (
            "At the break \u201c{label}\u201d, {n_hit} of {n_indicators} service indicators fell "
            "in level or slowed in trend significantly; this decline in services coincides with "
            "the external event (associated with it, not necessarily caused by it)."
        ),
        "quasi.its_evidence_neutral": (
            "At the break \u201c{label}\u201d, the service indicators show no significant drop in "
            "level or slowdown in trend; the time series do not show the external event as a "
            "barrier to the services."
        ),
        "quasi.its_evidence_detail": _en_its_detail,
        "quasi.floor": _en_floor,
        "quasi.peer_did": _en_peer_did,
        "quasi.peer_permutation": _en_peer_permutation,
        "quasi.peer_trends": _en_peer_trends,
        "quasi.peer_shocks": lambda v, fmt: (
            "External shocks or decisions recorded in the events table for those years: "
            f"{_events(v)}; the comparison regions went through the same years."
        ),
        "quasi.peer_synth": lambda v, fmt: (
            "Synthetic control (weighted combination of the comparison regions that best "
            f"resembles {v['focal']} before {v['treatment_year']}): afterwards {v['focal']} "
            f"differs from that combination by {fmt.num(v['att'], 2, signed=True)} points on "
            f"average (permutation p = {fmt.num(v['p'], 3)}; smallest possible p "
            f"{fmt.num(v['floor'], 3)})."
        ),
        "quasi.synth_failed": "The synthetic control could not be built: {message}",
        "quasi.synth_floor": _en_synth_floor,
        "quasi.one_treated_region": (
            "Only one region is evaluated, so classical standard errors are not enough to judge "
            "the certainty of the gap; the conclusion uses a permutation test across regions, "
            "whose p-value cannot be smaller than 1 divided by the number of regions. The "
            "difference-in-differences confidence interval is shown to convey the size of the "
            "gap."
        ),
        "quasi.peer_finding": _en_peer_finding,
        "quasi.peer_detail": _en_peer_detail,
        "quasi.plot_level_axis": (
            "Change in level at the break (% of the previous level, {level:level} CI);\n"
            "red: adverse, blue: not adverse"
        ),
        "quasi.plot_synthetic": "Synthetic {focal} (weighted combination of comparison regions)",
    },
}

LABELS = {
    "id": {
        "measure": {"smart_city_index": "indeks kota cerdas", "spbe_index": "indeks SPBE"},
        "peer_code": {
            "floor_blocks_significance": (
                "p permutasi terkecil yang mungkin di atas batas signifikansi"
            ),
            "capped_floor": (
                "dibatasi karena jumlah daerah pembanding terlalu sedikit untuk uji permutasi"
            ),
            "capped_pre_years": (
                "dibatasi karena tahun sebelum periode yang dinilai terlalu sedikit"
            ),
            "capped_pretrend": "dibatasi karena tren sebelum tidak sejajar",
            "capped_no_synth": "dibatasi karena kontrol sintetis tidak tersedia",
        },
        "quasi_plot": {
            "peers_mean": "Rata-rata daerah pembanding",
            "peers": "Daerah pembanding",
            "year": "Tahun",
        },
    },
    "en": {
        "measure": {
            "smart_city_index": "smart city index",
            "spbe_index": "e-government (SPBE) index",
        },
        "peer_code": {
            "floor_blocks_significance": (
                "the smallest possible permutation p is above the significance threshold"
            ),
            "capped_floor": "capped because there are too few comparison regions for the "
            "permutation test",
            "capped_pre_years": "capped because there are too few years before the assessed period",
            "capped_pretrend": "capped because the pre-period trends are not parallel",
            "capped_no_synth": "capped because no synthetic control is available",
        },
        "quasi_plot": {
            "peers_mean": "Mean of the comparison regions",
            "peers": "Comparison regions",
            "year": "Year",
        },
    },
}
