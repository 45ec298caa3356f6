"""Data audit: what the analyses stand on (coverage, validation, sources, gaps).

:func:`audit` describes the loaded :class:`~evaltools.data.EvalData` for the report's Appendix B
("Audit data") and for the first chapter of the workbook: which tables are present and how many
rows each has per year, whether the data passed validation (loading raises otherwise) and what
was ignored while reading, which sources the rows cite and how reliable those sources are,
whether any of it is synthetic, and where reporting is incomplete (unreported realisations,
missing months, missing budget stages, blank survey answers).

It is a pure description of the data: no parameter changes a number, only the window of years
that counts as "expected".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from evaltools.errors import ParameterError
from evaltools.formatting import fmt_int, fmt_pct
from evaltools.results import Result

#: Short Indonesian names of the tables (the data dictionary has the long descriptions).
TABLE_LABELS = {
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
    "agencies": "Perangkat daerah",
}

#: Indonesian names of the source qualities (``sources.quality``).
QUALITY_LABELS = {
    "official": "resmi",
    "press": "pers",
    "survey": "survei",
    "estimate": "perkiraan",
    "synthetic": "sintetis (ilustrasi)",
}

#: The column that dates a row, per table (first present one wins).
_YEAR_COLUMNS = {
    "program_targets": ("year",),
    "budget": ("year",),
    "peer_panel": ("year",),
    "service_monthly": ("month",),
    "events": ("date",),
    "mandates": ("due_date", "issued_date"),
}

#: Tables expected to have rows in every year of the window (the others record events).
_ANNUAL = ("program_targets", "budget", "service_monthly", "peer_panel")

#: Which analyses need which tables (to say what a missing table costs).
_NEEDED_BY = {
    "budget": "analisis anggaran",
    "mandates": "analisis regulasi turunan",
    "service_monthly": "analisis deret waktu layanan publik",
    "events": "analisis deret waktu layanan publik",
    "peer_panel": "perbandingan antardaerah",
    "survey_items": "analisis survei ASN pelaksana",
    "survey_responses": "analisis survei ASN pelaksana",
    "interview_codes": "analisis wawancara",
    "indicators": "penamaan indikator layanan",
}

GAP_SHARE_WARN = 0.10  # a year with more than 10 % unreported values gets a caveat

STAGE_LABELS = {"planned": "rencana (murni)", "revised": "perubahan", "realised": "realisasi"}


def _years_of(df: pd.DataFrame, table: str) -> pd.Series | None:
    for col in _YEAR_COLUMNS.get(table, ()):
        if col in df.columns:
            s = df[col]
            if pd.api.types.is_datetime64_any_dtype(s):
                return s.dt.year.astype("Int64")
            return pd.to_numeric(s, errors="coerce").astype("Int64")
    return None


def _source_ids(df: pd.DataFrame) -> list[str]:
    if "source_id" not in df.columns:
        return []
    return sorted({str(s) for s in df["source_id"].dropna() if str(s).strip()})


def _list_text(items: list[Any]) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]


@dataclass
class AuditResult(Result):
    """Result of :func:`audit`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per table of the data dictionary: ``table`` (name), ``label`` (Indonesian),
        ``required`` (bool), ``present`` (bool), ``n_rows`` (int, 0 when absent),
        ``first_year``, ``last_year`` (Int64, NA for undated tables), ``years_missing`` (str:
        years of the evaluation window without a row, "" when none or undated),
        ``source_ids`` (str: the sources its rows cite, comma-separated).
    coverage : pandas.DataFrame
        Rows per dated table and year: ``table, label, year, n_rows, in_window`` (every year
        from the earliest of the window and the data to the latest, zero-filled).
    sources : pandas.DataFrame
        One row per source: ``source_id, title, publisher, date, quality, quality_label,
        n_rows`` (rows of all tables citing it), ``tables`` (their names).
    gaps : pandas.DataFrame
        Reporting gaps: ``table, item, year`` (Int64, NA when not by year), ``expected``,
        ``reported``, ``missing`` (ints), ``share_missing`` (float, 0–1).
    validation : dict
        ``status`` ("passed": the data were loaded, so every rule held), ``notes`` (what was
        ignored while reading), ``n_files``, ``window`` (start, end), ``window_origin``.
    synthetic : bool
        True when any source has quality ``synthetic``.
    """

    coverage: pd.DataFrame = field(default_factory=pd.DataFrame)
    sources: pd.DataFrame = field(default_factory=pd.DataFrame)
    gaps: pd.DataFrame = field(default_factory=pd.DataFrame)
    validation: dict[str, Any] = field(default_factory=dict)
    synthetic: bool = False

    @property
    def gap_summary(self) -> pd.DataFrame:
        """Reporting gaps summed per table and item, only where something is missing.

        Columns ``table, label`` (Indonesian table name), ``item, expected, reported, missing,
        share_missing`` and ``years`` (the years with a gap, comma-separated; "" when the gap
        is not by year).
        """
        cols = [
            "table",
            "label",
            "item",
            "expected",
            "reported",
            "missing",
            "share_missing",
            "years",
        ]
        g = self.gaps
        if g.empty:
            return pd.DataFrame(columns=cols)
        rows = []
        for (tab, item), sub in g.groupby(["table", "item"], sort=False):
            missing = int(sub["missing"].sum())
            if not missing:
                continue
            expected = int(sub["expected"].sum())
            years = sub.loc[(sub["missing"] > 0) & sub["year"].notna(), "year"]
            rows.append(
                {
                    "table": tab,
                    "label": TABLE_LABELS.get(tab, tab),
                    "item": item,
                    "expected": expected,
                    "reported": int(sub["reported"].sum()),
                    "missing": missing,
                    "share_missing": missing / expected if expected else np.nan,
                    "years": ", ".join(str(int(y)) for y in years),
                }
            )
        return pd.DataFrame(rows, columns=cols)

    def plot(self, ax=None):
        """Coverage heatmap: rows per dated table (rows) and year (columns), counts in cells.

        Years outside the evaluation window are drawn lighter. Returns the Figure.
        """
        from matplotlib.colors import ListedColormap

        from evaltools.plotting import new_figure

        cov = self.coverage
        if cov.empty:
            raise ParameterError("audit: no dated table to plot (program_targets, budget, …)")
        labels = list(dict.fromkeys(cov["label"]))
        years = sorted(cov["year"].unique())
        grid = cov.pivot_table(index="label", columns="year", values="n_rows", aggfunc="sum")
        grid = grid.reindex(index=labels, columns=years).fillna(0)
        fig, ax = new_figure(ax, height=max(2.0, 0.42 * len(labels) + 1.1))
        window = self.validation.get("window")
        state = np.where(grid.to_numpy() > 0, 2, 0).astype(float)
        if window:
            outside = np.array([y < window[0] or y > window[1] for y in years])
            state[:, outside] = np.where(state[:, outside] > 0, 1, 0)
        cmap = ListedColormap(["#F2F2F2", "#A6CEE3", "#1F78B4"])
        ax.imshow(state, aspect="auto", cmap=cmap, vmin=0, vmax=2)
        for i in range(len(labels)):
            for j in range(len(years)):
                n = grid.iat[i, j]
                dark = state[i, j] == 2
                ax.text(
                    j,
                    i,
                    fmt_int(n) if n else "–",
                    ha="center",
                    va="center",
                    fontsize=7,
                    color="white" if dark else "#333333",
                )
        ax.set_yticks(range(len(labels)), labels)
        step = 1 if len(years) <= 14 else 2
        ax.set_xticks(range(0, len(years), step), [str(y) for y in years[::step]])
        ax.grid(False)
        ax.set_xlabel("Tahun (biru tua: dalam periode evaluasi; angka: jumlah baris)")
        ax.set_title("Cakupan data per tabel dan tahun")
        return fig


def audit(
    data: Any, *, evaluation_start: int | None = None, evaluation_end: int | None = None
) -> AuditResult:
    """Describe the loaded data for the data-audit chapter and Appendix B.

    Parameters
    ----------
    data : EvalData
        From :func:`evaltools.load_data` (any object with the table attributes, ``context``,
        ``evaluation_window``, ``window_origin``, ``notes`` and ``file_hashes`` works).
    evaluation_start, evaluation_end : int, optional
        The years that count as expected; default ``data.evaluation_window``.

    Returns
    -------
    AuditResult
        ``.table`` one row per table (columns listed in :class:`AuditResult`), ``.coverage``,
        ``.sources``, ``.gaps``, ``.validation``, ``.synthetic``; Indonesian ``.sentences`` and
        ``.caveats``; ``.plot()`` draws the coverage heatmap.

    Raises
    ------
    ParameterError
        When ``data`` has no tables, or the window is not two years with start ≤ end.
    """
    from evaltools.data.schema import TABLES

    if data is None or not hasattr(data, "programs"):
        raise ParameterError("audit: data must be the result of evaltools.load_data(path)")
    window = getattr(data, "evaluation_window", None)
    lo = evaluation_start if evaluation_start not in (None, 0) else (window[0] if window else None)
    hi = evaluation_end if evaluation_end not in (None, 0) else (window[1] if window else None)
    if lo is None or hi is None:
        raise ParameterError(
            "audit: give evaluation_start and evaluation_end (years), "
            "or load data whose context table has them"
        )
    try:
        lo, hi = int(lo), int(hi)
    except (TypeError, ValueError):
        raise ParameterError(
            f"audit: evaluation_start/evaluation_end must be years, got {lo!r}, {hi!r}"
        ) from None
    if lo > hi:
        raise ParameterError(
            f"audit: evaluation_start ({lo}) is after evaluation_end ({hi}): swap them"
        )

    specs = [t for t in TABLES if t.name in TABLE_LABELS]
    rows, cov_rows = [], []
    cited: dict[str, list[str]] = {}
    cited_rows: dict[str, int] = {}
    for spec in specs:
        df = getattr(data, spec.name, None)
        present = isinstance(df, pd.DataFrame) and not df.empty
        years = _years_of(df, spec.name) if present else None
        first = last = pd.NA
        missing_years = ""
        if years is not None and years.notna().any():
            first, last = int(years.min()), int(years.max())
            seen = set(years.dropna().astype(int))
            if spec.name in _ANNUAL:
                missing_years = ", ".join(str(y) for y in range(lo, hi + 1) if y not in seen)
            counts = years.dropna().astype(int).value_counts()
            for y in range(min(lo, first), max(hi, last) + 1):
                cov_rows.append(
                    {
                        "table": spec.name,
                        "label": TABLE_LABELS[spec.name],
                        "year": y,
                        "n_rows": int(counts.get(y, 0)),
                        "in_window": lo <= y <= hi,
                    }
                )
        ids = _source_ids(df) if present else []
        if present and spec.name != "sources" and "source_id" in df.columns:
            for sid, n in df["source_id"].dropna().astype(str).value_counts().items():
                cited.setdefault(sid, []).append(spec.name)
                cited_rows[sid] = cited_rows.get(sid, 0) + int(n)
        rows.append(
            {
                "table": spec.name,
                "label": TABLE_LABELS[spec.name],
                "required": bool(spec.required),
                "present": bool(present),
                "n_rows": len(df) if present else 0,
                "first_year": first,
                "last_year": last,
                "years_missing": missing_years,
                "source_ids": ", ".join(ids),
            }
        )
    table = pd.DataFrame(rows)
    table["first_year"] = table["first_year"].astype("Int64")
    table["last_year"] = table["last_year"].astype("Int64")
    coverage = pd.DataFrame(cov_rows, columns=["table", "label", "year", "n_rows", "in_window"])

    sources = _sources_frame(getattr(data, "sources", None), cited, cited_rows)
    gaps = _gaps(data, lo, hi)
    synthetic = bool(len(sources) and (sources["quality"] == "synthetic").any())
    validation = {
        "status": "passed",
        "notes": list(getattr(data, "notes", []) or []),
        "n_files": len(getattr(data, "file_hashes", {}) or {}),
        "window": (lo, hi),
        "window_origin": "given"
        if (evaluation_start or evaluation_end)
        else str(getattr(data, "window_origin", "") or ""),
    }
    sentences, caveats = _sentences(table, sources, gaps, validation, synthetic, lo, hi)
    return AuditResult(
        table=table,
        sentences=sentences,
        caveats=caveats,
        params={"evaluation_start": lo, "evaluation_end": hi},
        coverage=coverage,
        sources=sources,
        gaps=gaps,
        validation=validation,
        synthetic=synthetic,
    )


def _sources_frame(
    src: Any, cited: dict[str, list[str]], cited_rows: dict[str, int]
) -> pd.DataFrame:
    cols = [
        "source_id",
        "title",
        "publisher",
        "date",
        "quality",
        "quality_label",
        "n_rows",
        "tables",
    ]
    if not isinstance(src, pd.DataFrame) or src.empty:
        return pd.DataFrame(columns=cols)
    out = pd.DataFrame(
        {
            "source_id": src["source_id"].astype(str).to_numpy(),
            "title": src["title"].astype(str).to_numpy() if "title" in src else "",
            "publisher": src["publisher"].fillna("").astype(str).to_numpy()
            if "publisher" in src
            else "",
            "date": src["date"].to_numpy() if "date" in src else pd.NaT,
            "quality": src["quality"].astype(str).to_numpy() if "quality" in src else "",
        }
    )
    out["quality_label"] = out["quality"].map(QUALITY_LABELS).fillna(out["quality"])
    out["n_rows"] = [int(cited_rows.get(s, 0)) for s in out["source_id"]]
    out["tables"] = [", ".join(cited.get(s, [])) for s in out["source_id"]]
    return out[cols]


def _gap_row(table: str, item: str, year: Any, expected: int, reported: int) -> dict[str, Any]:
    missing = max(int(expected) - int(reported), 0)
    return {
        "table": table,
        "item": item,
        "year": year,
        "expected": int(expected),
        "reported": int(reported),
        "missing": missing,
        "share_missing": missing / expected if expected else np.nan,
    }


def _gaps(data: Any, lo: int, hi: int) -> pd.DataFrame:
    rows: list[dict[str, Any]] = []
    pt = getattr(data, "program_targets", None)
    if isinstance(pt, pd.DataFrame) and not pt.empty and {"year", "realisation"} <= set(pt.columns):
        for year, g in pt.groupby("year", sort=True):
            if lo <= int(year) <= hi:
                rows.append(
                    _gap_row(
                        "program_targets",
                        "realisasi target",
                        int(year),
                        len(g),
                        int(g["realisation"].notna().sum()),
                    )
                )
    sm = getattr(data, "service_monthly", None)
    if (
        isinstance(sm, pd.DataFrame)
        and not sm.empty
        and {"indicator_id", "month", "value"} <= set(sm.columns)
    ):
        for iid, g in sm.groupby("indicator_id", sort=False):
            months = g["month"].dropna()
            span = pd.period_range(
                months.min().to_period("M"), months.max().to_period("M"), freq="M"
            )
            have = set(g.loc[g["value"].notna(), "month"].dt.to_period("M"))
            for year in sorted({p.year for p in span}):
                expected = [p for p in span if p.year == year]
                reported = sum(1 for p in expected if p in have)
                rows.append(
                    _gap_row("service_monthly", str(iid), int(year), len(expected), reported)
                )
    bd = getattr(data, "budget", None)
    if (
        isinstance(bd, pd.DataFrame)
        and not bd.empty
        and {"year", "stage", "agency"} <= set(bd.columns)
    ):
        key = [c for c in ("agency", "program_id") if c in bd.columns]
        for year, g in bd.groupby("year", sort=True):
            units = g[key].drop_duplicates()
            for stage in ("planned", "revised", "realised"):
                have = g.loc[g["stage"] == stage, key].drop_duplicates()
                rows.append(
                    _gap_row(
                        "budget", f"tahap {STAGE_LABELS[stage]}", int(year), len(units), len(have)
                    )
                )
    sr, si = getattr(data, "survey_responses", None), getattr(data, "survey_items", None)
    if isinstance(sr, pd.DataFrame) and isinstance(si, pd.DataFrame) and not sr.empty:
        items = [c for c in si["item_id"].astype(str) if c in sr.columns]
        if items:
            rows.append(
                _gap_row(
                    "survey_responses",
                    "jawaban butir survei",
                    pd.NA,
                    len(sr) * len(items),
                    int(sr[items].notna().sum().sum()),
                )
            )
    out = pd.DataFrame(
        rows, columns=["table", "item", "year", "expected", "reported", "missing", "share_missing"]
    )
    out["year"] = out["year"].astype("Int64")
    out["share_missing"] = out["share_missing"].astype(float)
    return out


_ORIGIN_TEXT = {
    "context": "dari tabel context",
    "given": "dari parameter",
}


def _sentences(
    table: pd.DataFrame,
    sources: pd.DataFrame,
    gaps: pd.DataFrame,
    validation: dict[str, Any],
    synthetic: bool,
    lo: int,
    hi: int,
) -> tuple[list[str], list[str]]:
    sentences: list[str] = []
    caveats: list[str] = []
    origin = _ORIGIN_TEXT.get(
        validation["window_origin"], "bawaan, karena tabel context tidak memuatnya"
    )
    n_files = validation["n_files"]
    files = f" dari {fmt_int(n_files)} berkas" if n_files else ""
    sentences.append(
        f"Data dibaca{files} dan lolos seluruh aturan validasi kamus data; periode evaluasi "
        f"{lo}–{hi} ({origin})."
    )
    present = table[table["present"]]
    absent = table[~table["present"]]
    if absent.empty:
        sentences.append(f"Seluruh {fmt_int(len(table))} tabel tersedia.")
    else:
        sentences.append(
            f"Tersedia {fmt_int(len(present))} dari {fmt_int(len(table))} tabel; yang tidak tersedia: "
            f"{_list_text(list(absent['label'].str.lower()))}."
        )
        lost = sorted({_NEEDED_BY[t] for t in absent["table"] if t in _NEEDED_BY})
        if lost:
            caveats.append(
                f"Tanpa tabel tersebut, bagian berikut tidak dapat dianalisis: {_list_text(lost)}."
            )
    if len(sources):
        if synthetic and (sources["quality"] == "synthetic").all():
            sentences.append(
                "Seluruh data bersumber dari data ilustrasi (sintetis), bukan data resmi."
            )
            caveats.append(
                "Data ini sintetis: angka-angkanya menggambarkan cara kerja analisis dan tidak "
                "boleh dikutip sebagai fakta tentang daerah yang dievaluasi."
            )
        else:
            counts = sources["quality_label"].value_counts()
            parts = [f"{fmt_int(n)} {q}" for q, n in counts.items()]
            sentences.append(
                f"Data merujuk pada {fmt_int(len(sources))} sumber: {_list_text(parts)}."
            )
            if synthetic:
                caveats.append(
                    "Sebagian sumber bersifat sintetis (ilustrasi); angka yang berasal darinya "
                    "bukan data resmi."
                )
        uncited = sources[sources["n_rows"] == 0]
        if len(uncited):
            caveats.append(
                f"Sumber yang tercatat tetapi tidak dirujuk baris data mana pun: "
                f"{_list_text(list(uncited['source_id']))}."
            )
    dated = present[present["first_year"].notna()]
    short = dated[dated["years_missing"] != ""]
    if len(dated):
        if short.empty:
            sentences.append(f"Semua tabel bertahun mencakup seluruh periode evaluasi {lo}–{hi}.")
        else:
            parts = [
                f"{r['label'].lower()} (tanpa data {r['years_missing']})"
                for _, r in short.iterrows()
            ]
            sentences.append(
                f"Tabel yang tidak mencakup seluruh jendela evaluasi {lo}–{hi}: {_list_text(parts)}."
            )
    tg = gaps[gaps["table"] == "program_targets"]
    if len(tg):
        exp, miss = int(tg["expected"].sum()), int(tg["missing"].sum())
        if miss == 0:
            sentences.append(f"Realisasi seluruh {fmt_int(exp)} target program dilaporkan.")
        else:
            worst = tg.loc[tg["missing"].idxmax()]
            sentences.append(
                f"Realisasi tidak dilaporkan untuk {fmt_int(miss)} dari {fmt_int(exp)} target program "
                f"({fmt_pct(miss / exp, proportion=True)}), terbanyak pada {int(worst['year'])} "
                f"({fmt_int(worst['missing'])} target)."
            )
        heavy = tg[tg["share_missing"] > GAP_SHARE_WARN]
        if len(heavy):
            parts = [
                f"{int(r['year'])} ({fmt_pct(r['share_missing'], proportion=True)})"
                for _, r in heavy.iterrows()
            ]
            caveats.append(
                f"Lebih dari {fmt_pct(GAP_SHARE_WARN, 0, proportion=True)} realisasi target tidak "
                f"dilaporkan pada {_list_text(parts)}; capaian tahun tersebut kurang pasti."
            )
    for tab, what in (
        ("service_monthly", "nilai bulanan layanan publik"),
        ("budget", "tahap anggaran per program dan tahun"),
        ("survey_responses", "jawaban butir survei"),
    ):
        g = gaps[gaps["table"] == tab]
        if len(g) and int(g["missing"].sum()):
            miss, exp = int(g["missing"].sum()), int(g["expected"].sum())
            sentences.append(
                f"Sebanyak {fmt_int(miss)} dari {fmt_int(exp)} {what} "
                f"({fmt_pct(miss / exp, proportion=True)}) tidak terisi."
            )
    if validation["notes"]:
        caveats.append(
            f"{fmt_int(len(validation['notes']))} catatan saat membaca data (lembar atau kolom "
            "yang diabaikan); lihat tabel catatan pembacaan."
        )
    return sentences, caveats


__all__ = ["QUALITY_LABELS", "TABLE_LABELS", "AuditResult", "audit"]
