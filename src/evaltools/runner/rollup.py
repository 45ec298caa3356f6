"""The national roll-up of a batch: one view across the regions' reports (issue 16).

Built from the batch's ``index.json`` and each run's ``findings.json`` (schema
``evaltools.findings/1``: codes, no words), written into the batch output root:

* ``ringkasan-nasional.csv`` — one row per config, codes only (``answer``, ``strength``,
  ``dimensions_flagged``, ``causes`` as ``factor:verdict``), for further analysis;
* ``index.html`` — the roll-up in words (:mod:`evaltools.prose.rollup`; Indonesian by
  default): verdict shares, the most frequent supported barrier factors and their strength,
  the dimensions held back, a factors × regions heat-map, a row per region linking to its
  report (relative link), and the runs that failed or were skipped, with why;
* ``ringkasan-nasional.pdf`` — the same document through WeasyPrint
  (:func:`evaltools.report.write_pdf`, which loads only ``data:`` URIs and package files).

Command line: ``evaltools rollup BATCH_DIR`` rebuilds it.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaltools.errors import ParameterError

CSV_NAME = "ringkasan-nasional.csv"
PDF_NAME = "ringkasan-nasional.pdf"
INDEX_NAME = "index.html"
SUPPORTED = ("strong", "moderate", "weak")
_ANSWER_ORDER = ("yes", "partly", "no", "undetermined")
_CSV_COLUMNS = (
    "region",
    "config",
    "status",
    "answer",
    "strength",
    "dimensions_flagged",
    "causes",
    "synthetic",
    "report",
    "message",
)


@dataclass
class RollupResult:
    """Paths written and the table behind them (one dict per config, codes)."""

    index_html: Path
    pdf: Path
    csv: Path
    rows: list[dict[str, Any]] = field(default_factory=list)


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    return payload if isinstance(payload, dict) else None


def collect(root: str | os.PathLike[str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The batch index and one row per run (codes), read from ``root``.

    Parameters
    ----------
    root : path
        A batch output root holding ``index.json`` (written by ``evaltools batch``).

    Returns
    -------
    tuple
        ``(index, rows)``; each row has ``region, config, status, answer, strength,
        dimensions_flagged`` (list of codes), ``dimensions`` ({code: verdict}), ``causes``
        ({factor: verdict}), ``synthetic``, ``report`` / ``run_dir`` (relative to ``root``)
        and ``message``. ``answer`` is None when the run has no findings.

    Raises
    ------
    ParameterError
        ``root`` holds no readable ``index.json``.
    """
    base = Path(root).expanduser().resolve()
    index = _read_json(base / "index.json")
    if index is None and base.is_dir():
        index = scan_runs(base)
    if index is None or not isinstance(index.get("runs"), list) or not index["runs"]:
        raise ParameterError(
            f"{base} holds no readable index.json and no run folders: give the output root of "
            "`evaltools batch`, or a folder of `evaltools run --out` roots"
        )
    rows = []
    for run in index["runs"]:
        if not isinstance(run, dict):
            continue
        config = Path(str(run.get("config") or "?"))
        run_dir = base / run["run_dir"] if run.get("run_dir") else None
        findings = _read_json(run_dir / "findings.json") if run_dir is not None else None
        if run.get("status") not in ("ok", "skipped"):
            findings = None  # a failed run's folder holds no findings (the runner removes them)
        manifest = _read_json(run_dir / "manifest.json") if run_dir is not None else None
        region = (findings or {}).get("region") or (
            ((manifest or {}).get("parameters") or {}).get("region") if manifest else None
        )
        stagnant = (findings or {}).get("stagnant") or {}
        rows.append(
            {
                "region": str(region or config.stem),
                "config": config.name,
                "status": str(run.get("status") or "failed"),
                "answer": stagnant.get("answer") if findings else None,
                "strength": stagnant.get("strength") if findings else None,
                "dimensions_flagged": list(stagnant.get("dimensions_flagged") or []),
                "dimensions": {
                    d.get("dimension"): d.get("verdict")
                    for d in (findings or {}).get("dimensions") or []
                    if isinstance(d, dict)
                },
                "causes": {
                    c.get("factor"): c.get("verdict")
                    for c in (findings or {}).get("causes") or []
                    if isinstance(c, dict)
                },
                "synthetic": bool((findings or {}).get("synthetic")),
                "has_findings": findings is not None,
                "report": run.get("report"),
                "run_dir": run.get("run_dir"),
                "message": str(run.get("message") or ""),
            }
        )
    return index, rows


def scan_runs(root: Path) -> dict[str, Any] | None:
    """An index like ``evaltools batch`` writes, made from the output roots under ``root``.

    For runs scheduled one config at a time (e.g. one Airflow task per config, each
    ``evaltools run CONFIG --out ROOT/<name>``): per subfolder, the newest run — its latest
    good run, unless a failed one (``-gagal``) is newer. None when no subfolder holds a run.
    """
    from evaltools.runner import folders

    runs = []
    for sub in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        candidates = [
            p
            for p in sub.iterdir()
            if p.is_dir() and not p.is_symlink() and (p / "manifest.json").is_file()
        ]
        if not candidates:
            continue
        newest = max(candidates, key=lambda p: (p.stat().st_mtime, p.name))
        good = folders.latest_run(sub)
        failed_last = newest.name.endswith(f"-{folders.FAILED_SUFFIX}")
        chosen = newest if failed_last or good is None else good
        manifest = _read_json(chosen / "manifest.json") or {}
        status = "ok" if manifest.get("status") == "ok" else "failed"
        report = chosen / "report.pdf"
        runs.append(
            {
                "config": manifest.get("config") or f"{sub.name}.yaml",
                "status": status,
                "run_dir": os.path.relpath(chosen, root),
                "report": os.path.relpath(report, root)
                if status == "ok" and report.is_file()
                else None,
                "seconds": manifest.get("duration_seconds") or 0.0,
                "message": str(manifest.get("error") or ""),
            }
        )
    if not runs:
        return None
    return {"created_at": None, "ok": all(r["status"] == "ok" for r in runs), "runs": runs}


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts across regions (codes): verdict shares, supported factors, dimensions held back.

    Returns
    -------
    dict
        ``answers`` {answer code or ``no_findings``: n}, ``causes`` [{factor, n, of, strong,
        moderate, weak, against}] sorted by ``n`` then ``strong`` (descending), ``dimensions``
        [{dimension, stalled, slowed}], ``n_findings``, ``n_without``.
    """
    from evaltools.vocabulary import DIMENSIONS, FACTORS

    with_f = [r for r in rows if r["has_findings"]]
    answers = {a: sum(r["answer"] == a for r in with_f) for a in _ANSWER_ORDER}
    answers["no_findings"] = len(rows) - len(with_f)
    causes = []
    for factor in FACTORS:
        verdicts = [r["causes"].get(factor) for r in with_f]
        counts = {v: verdicts.count(v) for v in (*SUPPORTED, "against")}
        causes.append(
            {
                "factor": factor,
                "n": sum(counts[v] for v in SUPPORTED),
                "of": len(with_f),
                **counts,
            }
        )
    causes.sort(key=lambda c: (-c["n"], -c["strong"], -c["moderate"], FACTORS.index(c["factor"])))
    dims = [
        {
            "dimension": d,
            "stalled": sum(r["dimensions"].get(d) == "stalled" for r in with_f),
            "slowed": sum(r["dimensions"].get(d) == "slowed" for r in with_f),
        }
        for d in DIMENSIONS
    ]
    return {
        "answers": answers,
        "causes": causes,
        "dimensions": dims,
        "n_findings": len(with_f),
        "n_without": len(rows) - len(with_f),
    }


# --------------------------------------------------------------------------- charts


def _png(fig: Any) -> str:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _verdict_chart(summary: dict[str, Any], language: str) -> str:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from evaltools.prose import label

    codes = [*_ANSWER_ORDER, "no_findings"]
    names = [
        label("rollup", "no_findings", language)
        if c == "no_findings"
        else label("answer", c, language)
        for c in codes
    ]
    counts = [summary["answers"][c] for c in codes]
    total = max(1, sum(counts))
    colors = ["#C0392B", "#E67E22", "#1A9850", "#BBBBBB", "#FFFFFF"]
    fig, ax = plt.subplots(figsize=(6.3, 2.6))
    bars = ax.barh(names[::-1], counts[::-1], color=colors[::-1], edgecolor="#666666")
    for bar, n in zip(bars, counts[::-1], strict=True):
        ax.text(
            bar.get_width() + total * 0.01,
            bar.get_y() + bar.get_height() / 2,
            f"{n} ({100 * n / total:.0f}%)".replace(".", ","),
            va="center",
            fontsize=8,
        )
    ax.set_xlabel(label("rollup", "verdicts_axis", language))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlim(0, max(counts + [1]) * 1.25)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def _heatmap(rows: list[dict[str, Any]], language: str) -> str | None:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    from evaltools.plotting.style import STRENGTH_COLORS
    from evaltools.prose import label
    from evaltools.vocabulary import FACTORS

    with_f = [r for r in rows if r["has_findings"]]
    if not with_f:
        return None
    colors = {**STRENGTH_COLORS, "against": "#4575B4", None: "#FFFFFF"}
    # Up to 60 regions each row is named; beyond, the rows follow the region table's order
    # (the figure must fit a page: 514 names cannot be read in it anyway).
    named = len(with_f) <= 60
    height = min(12.0, 1.2 + 0.22 * len(with_f))
    fig, ax = plt.subplots(figsize=(6.3, height))
    for i, r in enumerate(with_f):
        for j, factor in enumerate(FACTORS):
            verdict = r["causes"].get(factor)
            ax.add_patch(
                Rectangle(
                    (j, i),
                    1,
                    1,
                    facecolor=colors.get(verdict, "#FFFFFF"),
                    edgecolor="#666666",
                    lw=0.4 if named else 0.0,
                )
            )
    ax.set_xlim(0, len(FACTORS))
    ax.set_ylim(len(with_f), 0)
    ax.set_xticks([j + 0.5 for j in range(len(FACTORS))])
    ax.set_xticklabels(
        [label("factor", f, language) for f in FACTORS], rotation=30, ha="right", fontsize=7
    )
    if named:
        ax.set_yticks([i + 0.5 for i in range(len(with_f))])
        ax.set_yticklabels([r["region"] for r in with_f], fontsize=6 if len(with_f) > 40 else 7)
    else:
        ax.set_yticks([])
        ax.set_ylabel(f"{label('rollup', 'regions', language)} (n = {len(with_f)})")
    ax.xaxis.tick_top()
    plt.setp(ax.get_xticklabels(), ha="left", rotation=30)
    handles = [
        Patch(facecolor=colors[c], edgecolor="#666666", label=label("strength", c, language))
        for c in (*SUPPORTED, "none", "against")
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        ncol=3,
        fontsize=7,
        frameon=False,
    )
    return _png(fig)


# --------------------------------------------------------------------------- documents


def _rel_href(path: str | None) -> str | None:
    if not path:
        return None
    return "/".join(html.escape(part, quote=True) for part in Path(path).as_posix().split("/"))


def _document(
    index: dict[str, Any], rows: list[dict[str, Any]], summary: dict[str, Any], language: str
) -> str:
    from evaltools import __version__
    from evaltools.prose import label, render_one
    from evaltools.results import Statement

    def word(key: str) -> str:
        return html.escape(label("rollup", key, language))

    def say(code: str, **values: Any) -> str:
        return html.escape(render_one(Statement(code, values), language))

    esc = html.escape
    ok = sum(r["status"] in ("ok", "skipped") for r in rows)
    parts = [f"<h1>{say('rollup.title')}</h1>"]
    if any(r["synthetic"] for r in rows):
        parts.append(f'<p class="synthetic">{say("rollup.synthetic")}</p>')
    created = str(index.get("created_at") or "")
    parts.append(
        f"<p>{say('rollup.created', created=created.replace('T', ' '), version=__version__)} "
        f"{say('rollup.runs_ok', ok=ok, total=len(rows))}</p>"
    )
    counts = summary["answers"]
    parts.append(
        "<p>"
        + say(
            "rollup.lead",
            n_findings=summary["n_findings"],
            n_without=summary["n_without"],
            n_yes=counts["yes"],
            n_partly=counts["partly"],
            n_no=counts["no"],
            n_undetermined=counts["undetermined"],
        )
        + "</p>"
    )
    parts.append(f"<h2>{word('verdicts')}</h2>")
    chart = _verdict_chart(summary, language)
    parts.append(f'<img class="chart small" alt="{word("verdicts")}" src="{chart}">')

    parts.append(f"<h2>{word('top_causes')}</h2>")
    supported = [c for c in summary["causes"] if c["n"]]
    if supported:
        parts.append(
            "<ol>" + "".join(f"<li>{say('rollup.cause', **c)}</li>" for c in supported) + "</ol>"
        )
    else:
        parts.append(f"<p>{say('rollup.no_causes')}</p>")
    parts.append(f'<p class="note">{say("rollup.associational")}</p>')

    parts.append(f"<h2>{word('by_dimension')}</h2><table><thead><tr>")
    parts.append(
        f"<th>{esc(label('rollup', 'dimension', language))}</th>"
        f"<th>{esc(label('progress_verdict', 'stalled', language))}</th>"
        f"<th>{esc(label('progress_verdict', 'slowed', language))}</th></tr></thead><tbody>"
    )
    for d in summary["dimensions"]:
        parts.append(
            f"<tr><td>{esc(label('dimension', d['dimension'], language))}</td>"
            f'<td class="num">{d["stalled"]}</td><td class="num">{d["slowed"]}</td></tr>'
        )
    parts.append("</tbody></table>")

    heat = _heatmap(rows, language)
    if heat is not None:
        parts.append(f"<h2>{word('heatmap')}</h2>")
        parts.append(f'<img class="chart" alt="{word("heatmap")}" src="{heat}">')

    parts.append(f"<h2>{word('regions')}</h2><table><thead><tr>")
    for key in (
        "region",
        "config",
        "status",
        "answer",
        "strength",
        "dimensions",
        "causes",
        "report",
    ):
        parts.append(f"<th>{word(key)}</th>")
    parts.append("</tr></thead><tbody>")
    for r in rows:
        href = _rel_href(r["report"])
        folder = _rel_href(r["run_dir"])
        link = (
            f'<a href="{href}">{word("open_report")}</a>'
            if href
            else (f'<a href="{folder}/">{word("open_folder")}</a>' if folder else "–")
        )
        causes = [
            f"{label('factor', f, language)} ({label('strength_word', v, language)})"
            for f, v in r["causes"].items()
            if v in SUPPORTED
        ]
        dims = [label("dimension", d, language) for d in r["dimensions_flagged"]]
        parts.append(
            f'<tr class="{esc(r["status"])}"><td>{esc(r["region"])}</td><td>{esc(r["config"])}</td>'
            f"<td>{esc(label('run_status', r['status'], language, default=r['status']))}</td>"
            f"<td>{esc(label('answer', r['answer'], language)) if r['answer'] else '–'}</td>"
            f"<td>{esc(label('strength', r['strength'], language)) if r['strength'] else '–'}</td>"
            f"<td>{esc('; '.join(dims)) or '–'}</td><td>{esc('; '.join(causes)) or '–'}</td>"
            f"<td>{link}</td></tr>"
        )
    parts.append("</tbody></table>")

    parts.append(f"<h2>{word('problems')}</h2>")
    problems = [r for r in rows if r["status"] != "ok" or not r["has_findings"]]
    if problems:
        parts.append(
            f"<table><thead><tr><th>{word('region')}</th><th>{word('config')}</th>"
            f"<th>{word('status')}</th><th>{word('reason')}</th></tr></thead><tbody>"
        )
        for r in problems:
            reason = r["message"] or (
                label("rollup", "no_diagnosis", language) if r["status"] == "ok" else ""
            )
            parts.append(
                f'<tr class="{esc(r["status"])}"><td>{esc(r["region"])}</td>'
                f"<td>{esc(r['config'])}</td>"
                f"<td>{esc(label('run_status', r['status'], language, default=r['status']))}</td>"
                f"<td>{esc(reason)}</td></tr>"
            )
        parts.append("</tbody></table>")
    else:
        parts.append(f"<p>{say('rollup.no_problems')}</p>")

    css = (
        "@page{size:A4 landscape;margin:1.5cm}"
        "body{font-family:'DejaVu Sans',sans-serif;font-size:10pt;margin:2em;color:#222}"
        "@media print{body{margin:0}}"
        "table{border-collapse:collapse;margin:.5em 0 1.5em}"
        "td,th{border-bottom:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}"
        "td.num{text-align:right}th{background:#f2f2f2}h2{break-after:avoid}"
        "tr.failed td,tr.invalid td,tr.interrupted td{background:#fbeae8}"
        "img.chart{max-width:100%;max-height:17cm;width:auto;height:auto}img.small{width:60%}.note{font-size:9pt;color:#555}"
        ".synthetic{font-weight:bold;color:#a00;border:1px solid #a00;padding:.4em}"
    )
    return (
        f'<!DOCTYPE html><html lang="{esc(language)}"><head><meta charset="utf-8">'
        f"<title>{say('rollup.title')}</title><style>{css}</style></head><body>"
        + "\n".join(parts)
        + "</body></html>\n"
    )


def _write_csv(path: Path, rows: list[dict[str, Any]]) -> None:
    from evaltools._io import atomic_write

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(_CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow(
            {
                **{k: r.get(k) for k in _CSV_COLUMNS},
                "answer": r["answer"] or "",
                "strength": r["strength"] or "",
                "dimensions_flagged": ";".join(r["dimensions_flagged"]),
                "causes": ";".join(f"{f}:{v}" for f, v in r["causes"].items()),
                "report": r["report"] or "",
            }
        )
    atomic_write(path, buf.getvalue())


def build_rollup(root: str | os.PathLike[str], *, language: str | None = None) -> RollupResult:
    """Write ``index.html``, ``ringkasan-nasional.pdf`` and ``.csv`` into a batch's root.

    Parameters
    ----------
    root : path
        The batch output root (``evaltools batch --out``), holding ``index.json``.
    language : {"id", "en"}, optional
        Language of the HTML and PDF (default: the current one, Indonesian unless set). The
        CSV holds codes in any language.

    Returns
    -------
    RollupResult
        The three paths and the rows (codes).

    Raises
    ------
    ParameterError
        No readable ``index.json`` in ``root``.
    ReportError
        The PDF could not be written.
    """
    from evaltools._io import atomic_write
    from evaltools._language import get_language
    from evaltools.report import write_pdf

    lang = get_language(language)
    base = Path(root).expanduser().resolve()
    index, rows = collect(base)
    summary = summarise(rows)
    document = _document(index, rows, summary, lang)
    csv_path = base / CSV_NAME
    _write_csv(csv_path, rows)
    html_path = atomic_write(base / INDEX_NAME, document)
    pdf_path = write_pdf(document, base / PDF_NAME, base_url=str(base))
    return RollupResult(index_html=Path(html_path), pdf=pdf_path, csv=csv_path, rows=rows)


__all__ = ["RollupResult", "build_rollup", "collect", "summarise"]
