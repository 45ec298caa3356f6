"""One house style for every figure in the workbook and the report.

Colours come from the Okabe–Ito palette, which stays distinguishable under the common forms
of colour blindness; the six smart-city dimensions always get the same colour, in every
chapter. Sizes are chosen so a figure printed at full A4 text width (16 cm) keeps 9 pt text.
"""

from __future__ import annotations

import os
import sys

import matplotlib

# Headless by default (CLI, tests), but never inside a Jupyter kernel: there the inline backend
# is what puts figures into the notebook and hence into the report.
if "ipykernel" not in sys.modules and "MPLBACKEND" not in os.environ:
    matplotlib.use("Agg", force=False)

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from evaltools.formatting import fmt_number
from evaltools.prose.vocabulary import LABELS as _VOCABULARY_LABELS
from evaltools.vocabulary import DIMENSIONS, FACTORS  # noqa: F401 - re-exported for old imports

_WORDS = _VOCABULARY_LABELS["id"]

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

# Plain Indonesian names; the report explains the framework's English terms (smart governance
# …) once, where the dimensions are introduced, instead of repeating them in every sentence.
# "Kualitas hidup" (smart living) and "Lingkungan hidup" (smart environment) keep the two
# apart, and apart from the cause "Lingkungan eksternal".
# Indonesian words, one copy in evaltools.prose.vocabulary. Deprecated here: new code calls
# evaltools.prose.label("dimension", code), which follows the report's language.
DIMENSION_LABELS = dict(_WORDS["dimension"])


FACTOR_LABELS = dict(_WORDS["factor"])

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

STRENGTH_LABELS = dict(_WORDS["strength"])

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


def id_number_formatter(decimals: int = 0) -> FuncFormatter:
    """Axis tick formatter with Indonesian decimal comma and thousands dot."""
    return FuncFormatter(lambda x, _pos: fmt_number(x, decimals))


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
