"""Building blocks a summary (diagnosis) notebook displays in the executive summary."""

from __future__ import annotations

import html
from typing import Any

import pandas as pd

from evaltools._language import get_language
from evaltools.errors import ParameterError
from evaltools.plotting.style import STRENGTH_COLORS


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
    caption: str | None = "",
    language: str | None = None,
) -> HTMLBlock:
    """Ranked causes as a traffic-light table (colour plus the word, for colour-blind readers).

    Parameters
    ----------
    table : pandas.DataFrame
        One row per cause, already ranked (e.g. the diagnosis' ranked-causes table).
    factor : str
        Column with the factor id (``resources`` …) or a label; ids are written as the words
        of label kind ``factor`` (:mod:`evaltools.prose`).
    strength : str
        Column with ``strong, moderate, weak, none``.
    verdict : str or None
        Column with the one-sentence verdict (already in the report's language); ``None`` or
        absent: no such column.
    rank : str or None
        Column with the rank; absent: rows are numbered in order.
    caption : str or None
        Table caption; ``""`` (default): "Causes supported by the evidence, ranked by strength
        of evidence" in ``language``; ``None``: no caption.
    language : {"id", "en"}, optional
        Language of the headers, factor and strength words (default: the current language,
        :func:`evaltools.prose.get_language`, which a run's kernels take from
        ``EVALTOOLS_LANGUAGE``).

    Returns
    -------
    HTMLBlock
        Object with ``_repr_html_``: a ``<table class="traffic-light">`` with the columns
        No., Factor, Strength of evidence and (if given) Finding, in ``language`` (Faktor,
        Kekuatan bukti, Temuan in Indonesian). All text is HTML-escaped.
    """
    for col in (factor, strength):
        if col not in table.columns:
            raise ParameterError(
                f"traffic_light_table: column '{col}' not found; columns are {list(table.columns)}"
            )
    from evaltools.prose import labels
    from evaltools.prose.report import word

    lang = get_language(language)
    factor_words, strength_words = labels("factor", lang), labels("strength", lang)
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
        label = factor_words.get(str(row[factor]), str(row[factor]))
        cells = [
            f'<td class="num">{esc(str(number))}</td>',
            f"<td>{esc(label)}</td>",
            (
                f'<td><span class="light" style="background:{STRENGTH_COLORS[level]}"></span>'
                f"{esc(strength_words[level])}</td>"
            ),
        ]
        if has_verdict:
            cells.append(f"<td>{esc(str(row[verdict]))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    keys = ["tl_number", "tl_factor", "tl_strength"] + (["tl_finding"] if has_verdict else [])
    head = [esc(word(key, lang)) for key in keys]
    if caption == "":
        caption = word("tl_caption", lang)
    cap = f"<caption>{esc(caption)}</caption>" if caption else ""
    markup = (
        f'<table class="traffic-light">{cap}<thead><tr>'
        + "".join(f"<th>{h}</th>" for h in head)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )
    return HTMLBlock(markup)
