"""Building blocks a summary (diagnosis) notebook displays in the executive summary."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from evaltools.errors import ParameterError
from evaltools.plotting.style import FACTOR_LABELS, STRENGTH_COLORS, STRENGTH_LABELS


class HTMLBlock:
    """Pre-escaped HTML that Jupyter and the report render as is (``_repr_html_``)."""

    def __init__(self, markup: str) -> None:
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __str__(self) -> str:
        return self.markup


def traffic_light_table(
    table: pd.DataFrame,
    *,
    factor: str = "factor",
    strength: str = "strength",
    verdict: str | None = "verdict",
    rank: str | None = "rank",
    caption: str | None = "Penyebab yang didukung bukti, diurutkan menurut kekuatan bukti",
) -> HTMLBlock:
    """Ranked causes as a traffic-light table (colour plus the word, for colour-blind readers).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per cause, already ranked (e.g. the diagnosis' ranked-causes table).
    factor : str
        Column with the factor id (``resources`` …) or a label; ids are translated with
        ``FACTOR_LABELS``.
    strength : str
        Column with ``strong, moderate, weak, none``.
    verdict : str or None
        Column with the one-sentence Indonesian verdict; ``None`` or absent: no such column.
    rank : str or None
        Column with the rank; absent: rows are numbered in order.
    caption : str or None
        Table caption (Indonesian).

    Returns
    -------
    HTMLBlock
        Object with ``_repr_html_``: a ``<table class="traffic-light">`` with the columns
        No., Faktor, Kekuatan bukti and (if given) Temuan. All text is HTML-escaped.
    """
    for col in (factor, strength):
        if col not in table.columns:
            raise ParameterError(
                f"traffic_light_table: column '{col}' not found; columns are {list(table.columns)}"
            )
    has_verdict = verdict is not None and verdict in table.columns
    esc = html.escape
    rows = []
    for i, (_, row) in enumerate(table.iterrows(), 1):
        level = str(row[strength])
        if level not in STRENGTH_COLORS:
            raise ParameterError(
                f"traffic_light_table: strength {level!r} in column '{strength}' is not one of "
                f"{sorted(STRENGTH_COLORS)}"
            )
        number: Any = row[rank] if rank is not None and rank in table.columns else i
        label = FACTOR_LABELS.get(str(row[factor]), str(row[factor]))
        cells = [
            f'<td class="num">{esc(str(number))}</td>',
            f"<td>{esc(label)}</td>",
            (
                f'<td><span class="light" style="background:{STRENGTH_COLORS[level]}"></span>'
                f"{esc(STRENGTH_LABELS[level])}</td>"
            ),
        ]
        if has_verdict:
            cells.append(f"<td>{esc(str(row[verdict]))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = ["No.", "Faktor", "Kekuatan bukti"] + (["Temuan"] if has_verdict else [])
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    markup = (
        f'<table class="traffic-light">{cap}<thead><tr>'
        + "".join(f"<th>{h}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    return HTMLBlock(markup)
