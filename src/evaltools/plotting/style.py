"""One house style for every figure in the workbook and the report.

Colours come from the Okabe–Ito palette, which stays distinguishable under the common forms
of colour blindness; the six smart-city dimensions always get the same colour, in every
chapter. Sizes are chosen so a figure printed at full A4 text width (16 cm) keeps 9 pt text.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping

import matplotlib

# Headless by default (CLI, tests), but never inside a Jupyter kernel: there the inline backend
# is what puts figures into the notebook and hence into the report.
if "ipykernel" not in sys.modules and "MPLBACKEND" not in os.environ:
    matplotlib.use("Agg", force=False)

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from evaltools.formatting import fmt_number
from evaltools.vocabulary import DIMENSIONS, FACTORS  # noqa: F401 - re-exported for old imports


class LabelView(Mapping[str, str]):
    """The words of one kind of code (``"factor"``, ``"dimension"`` …) in the *current*
    language, looked up on every access in :mod:`evaltools.prose`.

    A read-only mapping: ``FACTOR_LABELS["resources"]`` is "Sumber daya" in the Indonesian
    edition and "Resources" in the English one, so code written against the old Indonesian
    dictionaries follows the report's language. ``{**view}``, ``dict(view)`` and
    ``Series.map(view)`` take a snapshot in the language of that moment.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def _words(self) -> dict[str, str]:
        from evaltools.prose import labels

        return labels(self.kind)

    def __getitem__(self, code: str) -> str:
        return self._words()[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._words())

    def __len__(self) -> int:
        return len(self._words())

    def __repr__(self) -> str:
        return f"LabelView({self.kind!r}: {self._words()!r})"


OKABE_ITO = {
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    "black": "#000000",
    "grey": "#999999",
}


DIMENSION_COLORS = {
    "governance": OKABE_ITO["blue"],
    "branding": OKABE_ITO["purple"],
    "economy": OKABE_ITO["orange"],
    "living": OKABE_ITO["vermillion"],
    "society": OKABE_ITO["sky"],
    "environment": OKABE_ITO["green"],
}

# The words live in evaltools.prose.vocabulary (Indonesian and English). These views follow the
# current language; new code may call evaltools.prose.label("dimension", code) directly.
DIMENSION_LABELS = LabelView("dimension")
FACTOR_LABELS = LabelView("factor")

FACTOR_COLORS = {
    "communication": OKABE_ITO["sky"],
    "resources": OKABE_ITO["orange"],
    "disposition": OKABE_ITO["vermillion"],
    "structure": OKABE_ITO["blue"],
    "environment": OKABE_ITO["green"],
    "outcome": OKABE_ITO["grey"],
}

# Traffic light for verdict strength. Colour is never the only carrier: tables print the
# word too, so a reader who cannot tell red from green still reads the verdict.
STRENGTH_COLORS = {
    "strong": "#C0392B",
    "moderate": "#E69F00",
    "weak": "#F0E442",
    "none": "#BBBBBB",
    "against": "#4575B4",  # a cause verdict only: the evidence points the other way
}

STRENGTH_LABELS = LabelView("strength")

FIG_WIDTH_IN = 6.3  # 16 cm: A4 text width with 2.5 cm margins
FIG_HEIGHT_IN = 3.6

_RC = {
    "figure.figsize": (FIG_WIDTH_IN, FIG_HEIGHT_IN),
    "figure.dpi": 110,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": 8.5,
    "ytick.labelsize": 8.5,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": matplotlib.cycler(
        color=[
            OKABE_ITO[k]
            for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black")
        ]
    ),
    "axes.formatter.use_locale": False,
    # Labels come from data (region, agency and event names): "Kota $Depok$" must print as
    # typed, and "$\\undefinedcmd{x}$" must not kill the figure. No evaltools figure uses
    # mathtext; a notebook that wants it passes parse_math=True to that one text.
    "text.parse_math": False,
    "text.usetex": False,
}


def apply_style() -> None:
    """Set the house style for matplotlib (idempotent)."""
    plt.rcParams.update(_RC)


def plain_text(text: object) -> str:
    """``text`` escaped for matplotlib's mathtext (``$`` → ``\\$``), for a Text object that has
    ``parse_math=True`` (the house style turns math parsing off for every text it creates)."""
    return str(text).replace("$", "\\$")


def number_formatter(decimals: int = 0, *, language: str | None = None) -> FuncFormatter:
    """Axis tick formatter in the report's number style.

    Indonesian: decimal comma and thousands dot (``1.234,5``); English: ``1,234.5``. The
    language is fixed when the formatter is made (``language=None``: the current setting,
    see :func:`evaltools.prose.set_language`), so a figure drawn in one edition keeps its
    style when it is saved later.

    Examples
    --------
    >>> number_formatter(1, language="id")(1234.5, 0)
    '1.234,5'
    >>> number_formatter(1, language="en")(1234.5, 0)
    '1,234.5'
    """
    from evaltools._language import get_language

    lang = get_language(language)
    return FuncFormatter(lambda x, _pos: fmt_number(x, decimals, language=lang))


#: Old name (from when the figures were Indonesian only); follows the language now.
id_number_formatter = number_formatter


def new_figure(ax=None, *, height: float | None = None, ncols: int = 1, nrows: int = 1):
    """Return ``(fig, ax)``: the given axes' figure, or a new house-style figure.

    Plot functions in evaltools call this so that they can take ``ax=None`` and always
    return the figure.
    """
    apply_style()
    if ax is not None:
        # Axes made before the house style was applied keep math parsing on their title and
        # axis labels; those texts are set from data by the plot functions.
        for text in (
            ax.title,
            getattr(ax, "_left_title", None),
            getattr(ax, "_right_title", None),
            ax.xaxis.label,
            ax.yaxis.label,
        ):
            if text is not None:
                text.set_parse_math(False)
        return ax.figure, ax
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(FIG_WIDTH_IN, height or FIG_HEIGHT_IN * nrows),
        constrained_layout=True,
    )
    return fig, axes
